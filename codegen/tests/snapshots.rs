//! Snapshot tests of the generated SDK code: one small model per feature in
//! `tests/fixtures/<feature>.json`, its generated SDK crate committed under
//! `tests/snapshots/<feature>/` (`Cargo.toml`, `src/*.rs`) and compared byte for byte.
//!
//! After an intended change to the generator, rewrite the snapshots and review the diff:
//!
//! ```text
//! AWSLICE_BLESS=1 cargo test -p awslice-codegen --test tests snapshots
//! ```
//!
//! The fixture crates, with a crate that `use`s every path of the runtime contract
//! (`awslice_codegen::contract`), are also built together: one generated workspace, one
//! `cargo check`.

use std::path::{Path, PathBuf};

use awslice_codegen::{GeneratedFile, Options, RuntimeDeps, generate};

/// The fixtures, one per feature.
const FIXTURES: &[&str] = &[
    "blobs",
    "defaults",
    "enums",
    "name_collisions",
    "recursion",
    "sparse",
    "timestamps",
    "unions",
];

fn codegen_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The SDK crate of fixture `name`, paths relative to the crate folder.
fn generate_fixture(name: &str, root: &Path) -> Vec<GeneratedFile> {
    let path = codegen_dir().join(format!("tests/fixtures/{name}.json"));
    let json = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let opts = Options {
        operations: None,
        sdk_crate: format!("fixture-{}", name.replace('_', "-")),
        sdk_dir: PathBuf::from(name),
        cli_dir: None,
        sdk_tests: None,
        runtime_deps: Some(RuntimeDeps::Checkout(root.to_path_buf())),
    };
    generate(&json, &opts)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .into_iter()
        .filter_map(|f| {
            let rel = f.path.strip_prefix(name).ok()?.to_path_buf();
            Some(GeneratedFile {
                path: rel,
                contents: f.contents,
            })
        })
        .collect()
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).expect("under").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn generated_code_matches_the_snapshots() {
    // The snapshots hold no path of this checkout: the SDK crates name the runtime through
    // the workspace, whose generated `Cargo.toml` is not part of a snapshot.
    let root = PathBuf::from("../awslice");
    let bless = std::env::var_os("AWSLICE_BLESS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for name in FIXTURES {
        let dir = codegen_dir().join("tests/snapshots").join(name);
        let files = generate_fixture(name, &root);
        if bless {
            let _ = std::fs::remove_dir_all(&dir);
        }
        for f in &files {
            let path = dir.join(&f.path);
            if bless {
                std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
                std::fs::write(&path, &f.contents).expect("write the snapshot");
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(old) if old == f.contents => {}
                Ok(old) => {
                    let diff = first_difference(&old, &f.contents);
                    failures.push(format!("{}: differs ({diff})", path.display()));
                }
                Err(_) => failures.push(format!("{}: missing", path.display())),
            }
        }
        let generated: Vec<&PathBuf> = files.iter().map(|f| &f.path).collect();
        for extra in files_under(&dir) {
            if !generated.contains(&&extra) {
                failures.push(format!(
                    "{}: no longer generated",
                    dir.join(extra).display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "snapshots out of date (AWSLICE_BLESS=1 cargo test -p awslice-codegen --test tests snapshots rewrites them):\n{}",
        failures.join("\n")
    );
}

/// Where two texts first differ: the line number and both lines.
fn first_difference(old: &str, new: &str) -> String {
    let mut old_lines = old.lines();
    let mut new_lines = new.lines();
    for n in 1.. {
        match (old_lines.next(), new_lines.next()) {
            (Some(a), Some(b)) if a == b => {}
            (None, None) => return "line endings".into(),
            (a, b) => {
                return format!("line {n}: committed {a:?}, generated {b:?}");
            }
        }
    }
    unreachable!()
}

/// Every fixture's SDK crate and the runtime contract compile, without warnings in the
/// generated code: one workspace, one `cargo check`.
#[test]
fn fixtures_and_the_runtime_contract_compile() {
    let root = std::fs::canonicalize(codegen_dir().join("..")).expect("workspace root");
    let mut files = Vec::new();
    let mut members = Vec::new();
    for name in FIXTURES {
        for f in generate_fixture(name, &root) {
            files.push(GeneratedFile {
                path: Path::new(name).join(&f.path),
                contents: f.contents,
            });
        }
        members.push(format!("{name:?}"));
    }
    members.push("\"contract-check\"".into());
    files.push(GeneratedFile {
        path: "contract-check/Cargo.toml".into(),
        contents: "[package]\nname = \"contract-check\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
                   [dependencies]\nawslice-runtime.workspace = true\nawslice-cli.workspace = true\n\
                   awslice-credentials.workspace = true\nawslice-endpoints.workspace = true\n"
            .into(),
    });
    files.push(GeneratedFile {
        path: "contract-check/src/lib.rs".into(),
        contents: awslice_codegen::contract::contract_check_rs(),
    });
    let dep = |krate: &str, dir: &str| {
        format!(
            "{krate} = {{ path = {:?} }}\n",
            root.join(dir).to_string_lossy()
        )
    };
    files.push(GeneratedFile {
        path: "Cargo.toml".into(),
        contents: format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n[workspace.dependencies]\n{}{}{}{}",
            members.join(", "),
            dep("awslice-runtime", "crates/runtime"),
            dep("awslice-cli", "crates/cli"),
            dep("awslice-credentials", "crates/credentials"),
            dep("awslice-endpoints", "crates/endpoints"),
        ),
    });
    // The target folder the other compile tests use: dependencies are built once.
    let out = root.join("target/codegen-full-model");
    crate::generate::write_and_check(&root, &out, "fixtures", &files, &["--workspace"]);
}
