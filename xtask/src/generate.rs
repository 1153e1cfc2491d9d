//! `cargo xtask generate [--check] [--model PATH] [--operations A,B] [--out DIR] [--runtime SPEC]`.
//!
//! Without `--out`: regenerates every generated file of the workspace from
//! `models/workspaces.json` (`--check`: writes nothing, names each stale file with a unified
//! diff and the fix command, fails). With `--out DIR`: writes buildable standalone crates
//! (SDK + CLI binary + a workspace `Cargo.toml`) for the model and operations given, named
//! after the model's service, finding our runtime crates as `--runtime` says.

use std::path::{Component, Path, PathBuf};

use awslice_codegen::{GeneratedFile, Options, RuntimeDeps, SdkTests, generate, generate_model};

/// The model of the workspace's WorkSpaces crates (the SDK and the `awslice` binary),
/// relative to the workspace root.
pub const MODEL: &str = "models/workspaces.json";

/// The operations the workspace's WorkSpaces crates are generated for.
pub const OPERATIONS: &[&str] = &[
    "UpdateWorkspaceImagePermission",
    "DescribeWorkspaceImagePermissions",
];

/// The dev-dependencies of the WorkSpaces SDK crate's hand-written tests
/// (`crates/workspaces/tests`), written into its generated `Cargo.toml`.
pub const WORKSPACES_TEST_DEPENDENCIES: &[&str] = &[
    "awslice-test-support = { workspace = true, features = [\"runtime\"] }",
    "tokio.workspace = true",
    "bytes.workspace = true",
];

/// One SDK crate of the workspace generated without a CLI: the clients the credential
/// providers call.
pub struct SdkTarget {
    /// The official model, relative to the workspace root.
    pub model: &'static str,
    /// The operations generated.
    pub operations: &'static [&'static str],
    /// The package name.
    pub krate: &'static str,
    /// The crate folder.
    pub dir: &'static str,
}

/// The workspace's SDK-only crates.
pub const SDK_TARGETS: &[SdkTarget] = &[
    SdkTarget {
        model: "models/official/sts-2011-06-15.json",
        operations: &[
            "AssumeRole",
            "AssumeRoleWithWebIdentity",
            "GetCallerIdentity",
        ],
        krate: "awslice-sts",
        dir: "crates/sts",
    },
    SdkTarget {
        model: "models/official/sso-2019-06-10.json",
        operations: &["GetRoleCredentials", "Logout"],
        krate: "awslice-sso",
        dir: "crates/sso",
    },
    SdkTarget {
        model: "models/official/sso-oidc-2019-06-10.json",
        operations: &["RegisterClient", "StartDeviceAuthorization", "CreateToken"],
        krate: "awslice-sso-oidc",
        dir: "crates/sso-oidc",
    },
];

/// The command that fixes stale files.
pub const FIX: &str = "cargo xtask generate";

/// The workspace root (the parent of the xtask crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The generated files of the workspace, freshly generated in memory.
///
/// # Errors
/// The model cannot be read or generated from.
pub fn expected_files(root: &Path) -> Result<Vec<GeneratedFile>, String> {
    let read = |rel: &str| {
        let path = root.join(rel);
        std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let opts = Options {
        operations: Some(OPERATIONS.iter().map(|s| (*s).to_string()).collect()),
        sdk_tests: Some(SdkTests {
            dev_dependencies: WORKSPACES_TEST_DEPENDENCIES
                .iter()
                .map(|s| (*s).to_string())
                .collect(),
        }),
        ..Options::default()
    };
    let mut files = generate(&read(MODEL)?, &opts).map_err(|e| format!("{MODEL}: {e}"))?;
    for t in SDK_TARGETS {
        let opts = Options {
            operations: Some(t.operations.iter().map(|s| (*s).to_string()).collect()),
            sdk_crate: t.krate.into(),
            sdk_dir: t.dir.into(),
            cli_dir: None,
            sdk_tests: None,
            runtime_deps: None,
        };
        files.extend(generate(&read(t.model)?, &opts).map_err(|e| format!("{}: {e}", t.model))?);
    }
    Ok(files)
}

/// A generated file whose committed copy differs from a fresh generation.
#[derive(Debug, Clone)]
pub struct Stale {
    /// Path relative to the root.
    pub path: PathBuf,
    /// Unified diff from the committed copy to the fresh one (`missing` when absent).
    pub diff: String,
}

/// THE freshness check (used by `--check` and by the freshness test): every generated file
/// compared with a fresh in-memory generation.
///
/// # Errors
/// The model cannot be read or generated from.
pub fn stale_files(root: &Path) -> Result<Vec<Stale>, String> {
    let mut stale = Vec::new();
    for f in expected_files(root)? {
        let on_disk = std::fs::read_to_string(root.join(&f.path)).ok();
        if on_disk.as_deref() == Some(f.contents.as_str()) {
            continue;
        }
        let name = f.path.display().to_string();
        let diff = match &on_disk {
            None => "(file is missing)\n".to_string(),
            Some(old) => similar::TextDiff::from_lines(old.as_str(), f.contents.as_str())
                .unified_diff()
                .context_radius(3)
                .header(
                    &format!("a/{name} (committed)"),
                    &format!("b/{name} (generated)"),
                )
                .to_string(),
        };
        stale.push(Stale { path: f.path, diff });
    }
    Ok(stale)
}

/// A report of stale files: each with its diff, then the fix command.
pub fn report(stale: &[Stale]) -> String {
    let mut s = String::new();
    for f in stale {
        s.push_str(&format!(
            "stale generated file: {}\n{}\n",
            f.path.display(),
            f.diff
        ));
    }
    s.push_str(&format!(
        "{} generated file(s) out of date; run `{FIX}` and commit the result.\n",
        stale.len()
    ));
    s
}

/// Writes `files` under `root`, leaving unchanged files untouched. Returns how many changed.
///
/// # Errors
/// A file cannot be written.
pub fn write_files(root: &Path, files: &[GeneratedFile]) -> Result<usize, String> {
    let mut changed = 0;
    for f in files {
        let path = root.join(&f.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(f.contents.as_str()) {
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, &f.contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        changed += 1;
    }
    Ok(changed)
}

/// The `--help` text of the task.
pub const USAGE: &str = "\
usage: cargo xtask generate [--check]
       cargo xtask generate --model PATH [--operations A,B] --out DIR [--runtime SPEC]

Without --out: regenerates the workspace's crates from models/workspaces.json
(--check: writes nothing, reports stale files with a diff, fails).

With --out DIR: writes standalone crates for the model's service into DIR: the SDK crate
awslice-NAME in crates/NAME, NAME being the AWS CLI's command name of the service
(DynamoDB -> awslice-dynamodb in crates/dynamodb), the CLI binary crate awslice in
crates/awslice, and a workspace Cargo.toml.

  --model PATH      Smithy 2.0 JSON AST model (default: models/workspaces.json)
  --operations A,B  operations to generate (default: all of the service's)
  --out DIR         output folder
  --runtime SPEC    how the crates find awslice-runtime, awslice-cli and awslice-endpoints,
                    written once, in the [workspace.dependencies] of DIR/Cargo.toml:
                      path:DIR     an awslice checkout, written relative to the output folder
                      version:REQ  a version requirement, from a registry (version:0.1)
                    default: path: of this checkout
";

/// A `--runtime SPEC`, as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeSpec {
    /// `path:DIR`: an awslice checkout.
    Path(PathBuf),
    /// `version:REQ`: a version requirement.
    Version(String),
}

/// Parses a `--runtime` value (`path:DIR` or `version:REQ`).
///
/// # Errors
/// Neither form, an empty `DIR`, or a `REQ` that is not a Cargo version requirement; the
/// message names what is wrong.
pub fn parse_runtime(spec: &str) -> Result<RuntimeSpec, String> {
    if let Some(dir) = spec.strip_prefix("path:") {
        if dir.is_empty() {
            return Err(format!(
                "--runtime {spec}: no folder after `path:` (path:DIR, DIR an awslice checkout)"
            ));
        }
        return Ok(RuntimeSpec::Path(PathBuf::from(dir)));
    }
    if let Some(req) = spec.strip_prefix("version:") {
        let req = req.trim();
        check_version_req(req)
            .map_err(|why| format!("--runtime {spec}: `{req}` is not a version requirement: {why} (e.g. version:0.1, version:^0.1.2, version:>=0.1, <0.3)"))?;
        return Ok(RuntimeSpec::Version(req.to_string()));
    }
    Err(format!(
        "--runtime `{spec}`: expected path:DIR (an awslice checkout) or version:REQ (a version requirement, e.g. version:0.1)"
    ))
}

/// Checks a Cargo version requirement (the `semver` crate is what Cargo parses them with).
fn check_version_req(req: &str) -> Result<(), String> {
    semver::VersionReq::parse(req)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// `path` made absolute, with symbolic links, `.` and `..` resolved as far as it exists (the
/// output folder may not exist yet).
fn resolved(path: &Path) -> Result<PathBuf, String> {
    let abs = std::path::absolute(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => {
                out.push(c);
                if let Ok(real) = std::fs::canonicalize(&out) {
                    out = real;
                }
            }
        }
    }
    Ok(out)
}

/// The path of `to` relative to the folder `from` (both absolute and resolved); `None` when
/// there is none (different Windows drives).
fn relative_path(from: &Path, to: &Path) -> Option<PathBuf> {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    if from.first() != to.first() {
        return None;
    }
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut rel = PathBuf::new();
    for _ in common..from.len() {
        rel.push("..");
    }
    for c in &to[common..] {
        rel.push(c);
    }
    if rel.as_os_str().is_empty() {
        rel.push(".");
    }
    Some(rel)
}

/// What to write for `spec` into the crates generated in `out`: a `path:` checkout relative
/// to `out` (absolute only when there is no relative path), or the version requirement.
///
/// # Errors
/// The `path:` folder does not exist or is not an awslice checkout.
pub fn runtime_deps(spec: &RuntimeSpec, out: &Path) -> Result<RuntimeDeps, String> {
    match spec {
        RuntimeSpec::Version(req) => Ok(RuntimeDeps::Version(req.clone())),
        RuntimeSpec::Path(dir) => {
            let shown = dir.display();
            let checkout = std::fs::canonicalize(dir)
                .map_err(|e| format!("--runtime path:{shown}: cannot open the folder: {e}"))?;
            for krate in ["runtime", "cli", "endpoints"] {
                if !checkout
                    .join("crates")
                    .join(krate)
                    .join("Cargo.toml")
                    .is_file()
                {
                    return Err(format!(
                        "--runtime path:{shown}: not an awslice checkout (no crates/{krate}/Cargo.toml in {})",
                        checkout.display()
                    ));
                }
            }
            let out = resolved(out)?;
            Ok(RuntimeDeps::Checkout(
                relative_path(&out, &checkout).unwrap_or(checkout),
            ))
        }
    }
}

/// Generates standalone crates for `model` (`operations`: `None` = all) into `out`, named
/// after the model's service and depending on our crates as `deps` says (see
/// [`runtime_deps`]).
///
/// # Errors
/// The model cannot be read or generated from, or a file cannot be written.
pub fn generate_out(
    root: &Path,
    model: &Path,
    operations: Option<Vec<String>>,
    out: &Path,
    deps: RuntimeDeps,
) -> Result<Vec<GeneratedFile>, String> {
    let json = std::fs::read_to_string(model)
        .map_err(|e| format!("cannot read {}: {e}", model.display()))?;
    let files = awslice_codegen::model::parse(&json)
        .and_then(|parsed| {
            let opts = Options {
                operations,
                ..Options::standalone_for(&parsed, deps)?
            };
            generate_model(&parsed, &opts)
        })
        .map_err(|e| format!("{}: {e}", model.display()))?;
    write_files(out, &files)?;
    // Start from our lock file so the new workspace builds with the versions we test with.
    let lock = out.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(root.join("Cargo.lock"), &lock)
            .map_err(|e| format!("cannot write {}: {e}", lock.display()))?;
    }
    Ok(files)
}

/// Runs the task with its arguments; returns the process exit code.
pub fn run(args: &[String]) -> i32 {
    let mut check = false;
    let mut model: Option<PathBuf> = None;
    let mut operations: Option<Vec<String>> = None;
    let mut out: Option<PathBuf> = None;
    let mut runtime: Option<RuntimeSpec> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => check = true,
            "--model" | "--operations" | "--out" | "--runtime" => {
                let Some(v) = it.next() else {
                    eprintln!("error: {a} needs a value");
                    return 2;
                };
                match a.as_str() {
                    "--model" => model = Some(PathBuf::from(v)),
                    "--out" => out = Some(PathBuf::from(v)),
                    "--runtime" => match parse_runtime(v) {
                        Ok(spec) => runtime = Some(spec),
                        Err(e) => {
                            eprintln!("error: {e}");
                            return 2;
                        }
                    },
                    _ => {
                        operations = Some(
                            v.split(',')
                                .map(str::trim)
                                .filter(|s| !s.is_empty())
                                .map(str::to_string)
                                .collect(),
                        );
                    }
                }
            }
            "-h" | "--help" => {
                print!("{USAGE}");
                return 0;
            }
            other => {
                eprintln!("error: unknown argument `{other}` (see cargo xtask generate --help)");
                return 2;
            }
        }
    }
    let root = workspace_root();
    if let Some(out) = out {
        if check {
            eprintln!("error: --check cannot be combined with --out");
            return 2;
        }
        let model = model.unwrap_or_else(|| root.join(MODEL));
        let spec = runtime.unwrap_or_else(|| RuntimeSpec::Path(root.clone()));
        let deps = match runtime_deps(&spec, &out) {
            Ok(deps) => deps,
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        };
        return match generate_out(&root, &model, operations, &out, deps) {
            Ok(files) => {
                println!(
                    "wrote {} files to {} (runtime crates: see [workspace.dependencies] in its Cargo.toml)",
                    files.len(),
                    out.display()
                );
                0
            }
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        };
    }
    if model.is_some() || operations.is_some() || runtime.is_some() {
        eprintln!(
            "error: --model, --operations and --runtime need --out DIR (the workspace crates always use {MODEL} and the workspace's own dependencies)"
        );
        return 2;
    }
    if check {
        return match stale_files(&root) {
            Ok(stale) if stale.is_empty() => {
                println!("generated files are up to date");
                0
            }
            Ok(stale) => {
                eprint!("{}", report(&stale));
                1
            }
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        };
    }
    match expected_files(&root)
        .and_then(|files| write_files(&root, &files).map(|n| (n, files.len())))
    {
        Ok((changed, total)) => {
            println!("generated {total} files ({changed} changed)");
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny awsJson1_0 model of another service than WorkSpaces.
    const LAMBDA: &str = r#"{"smithy": "2.0", "shapes": {
      "l#AWSGirApiService": {"type": "service", "version": "2015-03-31",
        "operations": [{"target": "l#GetAccountSettings"}],
        "traits": {"aws.api#service": {"sdkId": "Lambda", "endpointPrefix": "lambda"},
                   "aws.protocols#awsJson1_0": {}}},
      "l#GetAccountSettings": {"type": "operation",
        "input": {"target": "l#GetAccountSettingsRequest"},
        "output": {"target": "l#GetAccountSettingsResponse"}},
      "l#GetAccountSettingsRequest": {"type": "structure", "members": {}},
      "l#GetAccountSettingsResponse": {"type": "structure", "members": {
        "FunctionCount": {"target": "smithy.api#Long"}}}
    }}"#;

    /// A fresh scratch folder for one test.
    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("xtask-generate-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::canonicalize(&dir).expect("canonical")
    }

    /// A folder that looks like an awslice checkout.
    fn fake_checkout(dir: &Path) {
        for krate in ["runtime", "cli", "endpoints"] {
            let d = dir.join("crates").join(krate);
            std::fs::create_dir_all(&d).expect("mkdir");
            std::fs::write(d.join("Cargo.toml"), "").expect("write");
        }
    }

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn runtime_specs_parse() {
        assert_eq!(
            parse_runtime("path:../awslice"),
            Ok(RuntimeSpec::Path("../awslice".into()))
        );
        for req in [
            "0.1",
            "^0.1.2",
            "~1",
            ">=0.1",
            ">= 0.1, <0.3",
            "=0.1.0",
            "0.*",
            "*",
            "1.x",
            "1.2.3-alpha.1",
            "1.2.3+build.5",
        ] {
            assert_eq!(
                parse_runtime(&format!("version:{req}")),
                Ok(RuntimeSpec::Version(req.into())),
                "{req}"
            );
        }
    }

    #[test]
    fn bad_runtime_specs_say_what_is_wrong() {
        for (spec, says) in [
            ("", "expected path:DIR"),
            ("../awslice", "expected path:DIR"),
            ("paths:../awslice", "expected path:DIR"),
            ("path:", "no folder after `path:`"),
            ("version:", "`` is not a version requirement"),
            ("version:abc", "`abc` is not a version requirement"),
            ("version:1.y", "`1.y` is not a version requirement"),
            ("version:0.1,", "`0.1,` is not a version requirement"),
            ("version:>=", "`>=` is not a version requirement"),
            ("version:01.2", "`01.2` is not a version requirement"),
            ("version:1.2.3.4", "`1.2.3.4` is not a version requirement"),
            ("version:\"0.1\"", "`\"0.1\"` is not a version requirement"),
        ] {
            let e = parse_runtime(spec).expect_err(spec);
            assert!(e.starts_with("--runtime "), "{spec}: {e}");
            assert!(e.contains(says), "{spec}: {e}");
        }
    }

    #[test]
    fn runtime_path_is_written_relative_to_the_output_folder() {
        let tmp = scratch("relative");
        fake_checkout(&tmp.join("co"));
        // The output folder need not exist; `..` and `.` are resolved.
        let out = tmp.join("x/../a/./b/out");
        let deps = runtime_deps(&RuntimeSpec::Path(tmp.join("co")), &out).expect("resolves");
        assert_eq!(deps, RuntimeDeps::Checkout("../../../co".into()));
        // Inside the checkout, and the checkout itself.
        let deps = runtime_deps(&RuntimeSpec::Path(tmp.join("co")), &tmp.join("co/gen"));
        assert_eq!(deps, Ok(RuntimeDeps::Checkout("..".into())));
        let deps = runtime_deps(&RuntimeSpec::Path(tmp.join("co")), &tmp.join("co"));
        assert_eq!(deps, Ok(RuntimeDeps::Checkout(".".into())));
        let _ = std::fs::remove_dir_all(&tmp);
    }

    #[test]
    fn runtime_version_is_written_as_given() {
        assert_eq!(
            runtime_deps(&RuntimeSpec::Version("0.1".into()), Path::new("/nowhere")),
            Ok(RuntimeDeps::Version("0.1".into()))
        );
    }

    #[test]
    fn runtime_path_must_be_an_awslice_checkout() {
        let tmp = scratch("not-checkout");
        let e = runtime_deps(&RuntimeSpec::Path(tmp.join("missing")), &tmp).expect_err("missing");
        assert!(e.starts_with("--runtime path:"), "{e}");
        assert!(e.contains("missing: cannot open the folder"), "{e}");
        let e = runtime_deps(&RuntimeSpec::Path(tmp.clone()), &tmp).expect_err("empty folder");
        assert!(
            e.contains("not an awslice checkout (no crates/runtime/Cargo.toml"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&tmp);
    }

    #[test]
    fn bad_runtime_values_exit_with_2_and_write_nothing() {
        let tmp = scratch("exit-2");
        let out = tmp.join("out");
        let out_s = out.to_string_lossy().to_string();
        let missing = format!("path:{}", tmp.join("missing").display());
        for args in [
            vec!["--out", &out_s, "--runtime", "bogus"],
            vec!["--out", &out_s, "--runtime", "version:x.y"],
            vec!["--out", &out_s, "--runtime", &missing],
            vec!["--out", &out_s, "--runtime"],
            vec!["--runtime", "version:0.1"],
        ] {
            assert_eq!(run(&strings(&args)), 2, "{args:?}");
        }
        assert!(!out.exists(), "nothing written");
        let _ = std::fs::remove_dir_all(&tmp);
    }

    /// End to end: `generate --model lambda.json --out DIR` with each kind of `--runtime`
    /// (the output is not built here).
    #[test]
    fn generate_out_names_the_crates_after_the_service() {
        let tmp = scratch("e2e");
        let root = workspace_root();
        let model = tmp.join("lambda.json");
        std::fs::write(&model, LAMBDA).expect("write the model");

        // Default: this checkout, by a relative path.
        let out = tmp.join("gen");
        let deps = runtime_deps(&RuntimeSpec::Path(root.clone()), &out).expect("resolves");
        let RuntimeDeps::Checkout(rel) = deps.clone() else {
            panic!("{deps:?}")
        };
        assert!(rel.is_relative(), "{rel:?}");
        let files = generate_out(&root, &model, None, &out, deps).expect("generates");
        assert_eq!(
            std::fs::canonicalize(out.join(&rel)).ok(),
            std::fs::canonicalize(&root).ok(),
            "{rel:?} leads from {} to this checkout",
            out.display()
        );
        let read =
            |p: &str| std::fs::read_to_string(out.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
        let rel = rel.to_string_lossy().replace('\\', "/");
        let ws = read("Cargo.toml");
        assert!(
            ws.contains("members = [\"crates/lambda\", \"crates/awslice\"]\n"),
            "{ws}"
        );
        assert!(
            ws.contains(&format!(
                "\n[workspace.dependencies]\n# The awslice runtime crates: from the awslice checkout at {rel} (--runtime path:{rel}; a relative path is from this folder).\n# To change: "
            )),
            "{ws}"
        );
        assert!(
            ws.ends_with(&format!(
                "awslice-runtime = {{ path = \"{rel}/crates/runtime\" }}\n\
                 awslice-cli = {{ path = \"{rel}/crates/cli\" }}\n\
                 awslice-endpoints = {{ path = \"{rel}/crates/endpoints\" }}\n\
                 awslice-credentials = {{ path = \"{rel}/crates/credentials\" }}\n\
                 awslice-sts = {{ path = \"{rel}/crates/sts\" }}\n\
                 awslice-sso = {{ path = \"{rel}/crates/sso\" }}\n\
                 awslice-sso-oidc = {{ path = \"{rel}/crates/sso-oidc\" }}\n"
            )),
            "{ws}"
        );
        let sdk = read("crates/lambda/Cargo.toml");
        assert!(sdk.contains("name = \"awslice-lambda\"\n"), "{sdk}");
        assert!(sdk.contains("awslice-runtime.workspace = true\n"), "{sdk}");
        let cli = read("crates/awslice/Cargo.toml");
        assert!(cli.contains("awslice-cli.workspace = true\n"), "{cli}");
        assert!(out.join("crates/lambda/src/lib.rs").is_file());
        assert!(out.join("Cargo.lock").is_file());
        assert!(!out.join("crates/workspaces").exists());
        assert!(
            files
                .iter()
                .all(|f| !f.contents.contains(&format!("\"{}", root.display()))),
            "no absolute path of the checkout"
        );

        // By version: only the workspace Cargo.toml changes.
        let deps = runtime_deps(&RuntimeSpec::Version("0.1".into()), &out).expect("resolves");
        generate_out(&root, &model, None, &out, deps).expect("generates");
        let ws = read("Cargo.toml");
        assert!(
            ws.ends_with(
                "awslice-runtime = \"0.1\"\nawslice-cli = \"0.1\"\nawslice-endpoints = \"0.1\"\n\
                 awslice-credentials = \"0.1\"\nawslice-sts = \"0.1\"\nawslice-sso = \"0.1\"\n\
                 awslice-sso-oidc = \"0.1\"\n"
            ),
            "{ws}"
        );
        assert_eq!(read("crates/lambda/Cargo.toml"), sdk);
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
