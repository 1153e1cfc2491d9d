//! Smithy code generator: reads a Smithy 2.0 JSON AST model and emits Rust.
//!
//! [`generate`] is the entry point: model JSON in, the generated files of the SDK crate and
//! the CLI binary crate out (no file I/O here; `cargo xtask generate` writes them).

pub mod botocore_names;
pub mod botocore_paginators;
pub mod cli_tables;
pub mod closure;
pub mod contract;
pub mod customizations;
pub mod docs;
pub mod error;
pub mod model;
pub mod names;
pub mod rust_sdk;
pub mod schema_tables;
pub mod service_meta;
pub mod skeleton;
pub mod wire;

use crate::contract::{CLI_RUN, CLI_RUN_WITH_PROVIDERS, PROVIDERS, SERVICE_DEF};
use std::path::{Path, PathBuf};

pub use error::CodegenError;

/// Where generated crates live and what they depend on.
#[derive(Debug, Clone)]
pub struct Options {
    /// Operation names (`UpdateWorkspaceImagePermission`) to generate; `None` = all of the
    /// service's operations, in model order.
    pub operations: Option<Vec<String>>,
    /// Package name of the SDK crate (`awslice-workspaces`).
    pub sdk_crate: String,
    /// SDK crate folder, relative to the output root (`crates/workspaces`).
    pub sdk_dir: PathBuf,
    /// CLI binary crate folder, relative to the output root (`crates/awslice`); `None`: no
    /// CLI crate (an SDK crate only, as for the clients the credential providers call).
    pub cli_dir: Option<PathBuf>,
    /// `Some` when the SDK crate has hand-written integration tests that its manifest
    /// declares (the workspace's WorkSpaces crate): one test binary, `tests/tests.rs`
    /// (`autotests = false`), with these dev-dependencies.
    pub sdk_tests: Option<SdkTests>,
    /// `Some` to write self-contained crates (their own `Cargo.toml`s, `lib.rs`, and a
    /// workspace `Cargo.toml` at the root) depending on our library crates as this says.
    pub runtime_deps: Option<RuntimeDeps>,
}

/// The hand-written integration tests of an SDK crate, as its generated manifest declares
/// them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SdkTests {
    /// `[dev-dependencies]` lines beside `awslice-endpoints` (which the generated endpoint
    /// tests use), e.g. `tokio.workspace = true`.
    pub dev_dependencies: Vec<String>,
}

/// How standalone crates find our library crates (`awslice-runtime`, `awslice-cli`,
/// `awslice-endpoints`, and the credential providers `awslice-credentials` with the clients
/// they call, `awslice-sts`, `awslice-sso`, `awslice-sso-oidc`): written in one place, the
/// `[workspace.dependencies]` of the generated workspace `Cargo.toml`
/// (`cargo xtask generate --runtime SPEC`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDeps {
    /// By path: the folder of an awslice checkout as it is to be written (relative to the
    /// output root, e.g. `../awslice`, or absolute); the crates are its `crates/runtime`,
    /// `crates/cli` and `crates/endpoints`.
    Checkout(PathBuf),
    /// By version requirement (`0.1`), from a registry.
    Version(String),
}

impl RuntimeDeps {
    /// What the choice is, for the comment above the lines.
    fn describe(&self) -> String {
        match self {
            RuntimeDeps::Checkout(dir) => format!(
                "from the awslice checkout at {0} (--runtime path:{0}; a relative path is from this folder)",
                slash(dir)
            ),
            RuntimeDeps::Version(req) => {
                format!("version {req} from the registry (--runtime version:{req})")
            }
        }
    }

    /// The `[workspace.dependencies]` lines of our crates: the runtime, the CLI engine and
    /// the endpoint rules, then (when the CLI gets them) the credential providers and the
    /// clients they call.
    fn dependency_lines(&self, with_credentials: bool) -> String {
        let mut crates = vec![
            ("awslice-runtime", "crates/runtime"),
            ("awslice-cli", "crates/cli"),
            ("awslice-endpoints", "crates/endpoints"),
        ];
        if with_credentials {
            crates.extend(CREDENTIALS_CRATES);
        }
        let mut s = String::new();
        for (name, dir) in crates {
            let value = match self {
                RuntimeDeps::Checkout(root) => {
                    format!("{{ path = {} }}", toml_string(&slash(&root.join(dir))))
                }
                RuntimeDeps::Version(req) => toml_string(req),
            };
            s.push_str(&format!("{name} = {value}\n"));
        }
        s
    }
}

/// The credential providers' crate and the generated clients it calls (as in this
/// checkout): the `awslice` binary registers the providers.
const CREDENTIALS_CRATES: [(&str, &str); 4] = [
    ("awslice-credentials", "crates/credentials"),
    ("awslice-sts", "crates/sts"),
    ("awslice-sso", "crates/sso"),
    ("awslice-sso-oidc", "crates/sso-oidc"),
];

/// Whether the CLI of `opts` registers the credential providers of `awslice-credentials`
/// (assume-role, web identity). Not for standalone crates of STS or SSO themselves: the
/// providers' own copy of that client would be a second package of the same name.
fn cli_with_credentials(opts: &Options) -> bool {
    !CREDENTIALS_CRATES[1..]
        .iter()
        .any(|(name, _)| *name == opts.sdk_crate)
}

impl Default for Options {
    /// The awslice workspace layout, all operations.
    fn default() -> Self {
        Options {
            operations: None,
            sdk_crate: "awslice-workspaces".into(),
            sdk_dir: "crates/workspaces".into(),
            cli_dir: Some("crates/awslice".into()),
            sdk_tests: None,
            runtime_deps: None,
        }
    }
}

impl Options {
    /// Standalone crates for the service of `model`, named after it as the AWS CLI names its
    /// command ([`service_meta::cli_service_name`]): the SDK `awslice-<name>` in
    /// `crates/<name>` (`awslice-dynamodb` in `crates/dynamodb`), the generic CLI binary
    /// crate `awslice` in `crates/awslice`, depending on our crates as `deps` says; all
    /// operations.
    ///
    /// # Errors
    /// The model has no single service with an `sdkId`, or the name it gives is not a valid
    /// crate name or is one of our own crates'.
    pub fn standalone_for(model: &model::Model, deps: RuntimeDeps) -> Result<Self, CodegenError> {
        let service = closure::the_service(model)?;
        let name = service_meta::cli_service_name(model, &service)?;
        let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            return Err(CodegenError::at(
                &service.0,
                format!(
                    "cannot name crates after the service: its CLI name `{name}` is not of the form [a-z][a-z0-9-]*"
                ),
            ));
        }
        let sdk_crate = format!("awslice-{name}");
        if [
            "awslice-runtime",
            "awslice-cli",
            "awslice-endpoints",
            "awslice-credentials",
        ]
        .contains(&sdk_crate.as_str())
            || name == "awslice"
        {
            return Err(CodegenError::at(
                &service.0,
                format!(
                    "cannot name crates after the service: `{sdk_crate}` in crates/{name} would clash with awslice's own crates"
                ),
            ));
        }
        Ok(Options {
            operations: None,
            sdk_crate,
            sdk_dir: PathBuf::from("crates").join(&name),
            cli_dir: Some("crates/awslice".into()),
            sdk_tests: None,
            runtime_deps: Some(deps),
        })
    }
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the output root (`crates/workspaces/src/types.rs`).
    pub path: PathBuf,
    /// Contents.
    pub contents: String,
}

/// Generates the SDK crate and the CLI binary crate for `model_json`.
///
/// Deterministic: the same input gives the same files, byte for byte, in the same order.
///
/// # Errors
/// An invalid model, an unknown operation name, or an unsupported construct.
pub fn generate(model_json: &str, opts: &Options) -> Result<Vec<GeneratedFile>, CodegenError> {
    generate_model(&model::parse(model_json)?, opts)
}

/// [`generate`] for a parsed model.
///
/// # Errors
/// As [`generate`].
pub fn generate_model(
    model: &model::Model,
    opts: &Options,
) -> Result<Vec<GeneratedFile>, CodegenError> {
    let service = closure::the_service(model)?;
    let all = closure::service_operations(model, &service)?;
    let operations = match &opts.operations {
        None => all,
        Some(names) => {
            let wanted = names
                .iter()
                .map(|n| closure::find_operation(model, n))
                .collect::<Result<Vec<_>, _>>()?;
            // Model order, whatever order they were asked in.
            all.into_iter().filter(|o| wanted.contains(o)).collect()
        }
    };
    if operations.is_empty() {
        return Err(CodegenError::new("no operations to generate"));
    }
    let crate_ident = opts.sdk_crate.replace('-', "_");
    // The CLI tables (when a CLI crate is wanted) are emitted and formatted on their own
    // thread, alongside the SDK.
    let (sdk_files, tables_rs) = std::thread::scope(|scope| {
        let tables_job = opts.cli_dir.is_some().then(|| {
            scope.spawn(|| {
                let tables = cli_tables::emit_cli_tables(model, &service, &operations)?;
                rust_sdk::render(
                    quote::quote! {
                        //! Command tables of the service, generated from its model.
                        #![allow(clippy::all)]
                        #tables
                    },
                    "tables.rs",
                )
            })
        });
        let sdk = rust_sdk::emit_sdk(model, &service, &operations, &crate_ident);
        let tables = tables_job.map(|job| {
            job.join().unwrap_or_else(|_| {
                Err(CodegenError::new(
                    "tables.rs: the generator thread panicked",
                ))
            })
        });
        (sdk, tables)
    });
    let mut files = Vec::new();
    let sdk = &opts.sdk_dir;
    for f in sdk_files? {
        files.push(GeneratedFile {
            path: sdk.join(&f.path),
            contents: f.contents,
        });
    }
    if let Some(cli) = &opts.cli_dir {
        // The tables are a library target, so the crate's tests drive the engine in-process with
        // exactly the tables the binary is built from.
        files.push(GeneratedFile {
            path: cli.join("src/lib.rs"),
            contents: rust_sdk::render(
                quote::quote! {
                    //! The command tables of this command line, generated from the model.
                    #[rustfmt::skip]
                    pub mod tables;
                    /// The services this command line serves.
                    pub static SERVICES: &[&#SERVICE_DEF] = &[&tables::SERVICE];
                },
                "lib.rs",
            )?,
        });
        let main = if cli_with_credentials(opts) {
            quote::quote! {
                //! The command line, generated from the model.
                fn main() -> ::std::process::ExitCode {
                    #CLI_RUN_WITH_PROVIDERS(
                        ::awslice::SERVICES,
                        #PROVIDERS::new().shared(),
                    )
                }
            }
        } else {
            quote::quote! {
                //! The command line, generated from the model.
                fn main() -> ::std::process::ExitCode {
                    #CLI_RUN(::awslice::SERVICES)
                }
            }
        };
        files.push(GeneratedFile {
            path: cli.join("src/main.rs"),
            contents: rust_sdk::render(main, "main.rs")?,
        });
        files.push(GeneratedFile {
            path: cli.join("src/tables.rs"),
            contents: tables_rs
                .ok_or_else(|| CodegenError::new("tables.rs was not generated"))??,
        });
        files.push(GeneratedFile {
            path: cli.join("src/rustfmt.toml"),
            contents: "# @generated by cargo xtask generate — do not edit\n# Generated code: cargo fmt must not reformat it.\ndisable_all_formatting = true\n".into(),
        });
        files.push(GeneratedFile {
            path: cli.join("Cargo.toml"),
            contents: cli_cargo_toml(opts),
        });
    }
    files.push(GeneratedFile {
        path: sdk.join("src/lib.rs"),
        contents: rust_sdk::lib_rs(model, &service, &operations, &crate_ident)?,
    });
    files.push(GeneratedFile {
        path: sdk.join("Cargo.toml"),
        contents: sdk_cargo_toml(opts, &rust_sdk::service_title(model, &service)),
    });
    if let Some(deps) = opts.runtime_deps.clone() {
        files.push(GeneratedFile {
            path: "Cargo.toml".into(),
            contents: workspace_cargo_toml(opts, &deps),
        });
    }
    Ok(files)
}

/// The root `Cargo.toml` of standalone output: the two crates, and how they find ours.
fn workspace_cargo_toml(opts: &Options, deps: &RuntimeDeps) -> String {
    let members: Vec<String> = std::iter::once(&opts.sdk_dir)
        .chain(&opts.cli_dir)
        .map(|dir| toml_string(&slash(dir)))
        .collect();
    format!(
        "# @generated by cargo xtask generate — do not edit\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n\
         [workspace.dependencies]\n\
         # The awslice runtime crates: {}.\n\
         # To change: cargo xtask generate --model … --out … --runtime path:DIR (an awslice checkout) or --runtime version:REQ (e.g. version:0.1); or edit these lines.\n\
         {}",
        members.join(", "),
        deps.describe(),
        deps.dependency_lines(cli_with_credentials(opts) && opts.cli_dir.is_some()),
    )
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// `s` as a TOML basic string, quoted.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const SERDE_JSON: &str = "serde_json = { version = \"1\", features = [\"preserve_order\", \"arbitrary_precision\", \"float_roundtrip\"] }\n";

fn cli_cargo_toml(opts: &Options) -> String {
    let mut s = String::from(
        "# @generated by cargo xtask generate — do not edit\n[package]\nname = \"awslice\"\n",
    );
    let credentials = if cli_with_credentials(opts) {
        "awslice-credentials.workspace = true\n"
    } else {
        ""
    };
    match opts.runtime_deps.clone() {
        None => {
            s.push_str(
                "description = \"The awslice command line: a fast, drop-in replacement for the AWS CLI's WorkSpaces commands.\"\n\
                 version.workspace = true\nedition.workspace = true\nlicense.workspace = true\n\
                 rust-version.workspace = true\npublish.workspace = true\n\
                 # One integration-test binary: tests/tests.rs declares the suites.\n\
                 autotests = false\n\n[dependencies]\n\
                 awslice-cli.workspace = true\nawslice-runtime.workspace = true\n",
            );
            s.push_str(credentials);
            s.push_str(
                "\n[dev-dependencies]\n\
                 awslice-test-support = { workspace = true, features = [\"cli\"] }\n\
                 serde_json.workspace = true\n\n\
                 [[test]]\nname = \"tests\"\npath = \"tests/tests.rs\"\n",
            );
        }
        Some(_) => {
            s.push_str("description = \"Generated command line.\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n\
                        awslice-cli.workspace = true\nawslice-runtime.workspace = true\n");
            s.push_str(credentials);
        }
    }
    s.push_str("\n[[bin]]\nname = \"awslice\"\npath = \"src/main.rs\"\n");
    s
}

/// The SDK crate's manifest: standalone (its own package fields), or a member of this
/// workspace (the workspace's package fields and dependency versions).
fn sdk_cargo_toml(opts: &Options, title: &str) -> String {
    let package = if opts.runtime_deps.is_some() {
        "version = \"0.1.0\"\nedition = \"2024\"\npublish = false\n"
    } else {
        "version.workspace = true\nedition.workspace = true\nlicense.workspace = true\n\
         rust-version.workspace = true\npublish.workspace = true\n"
    };
    let serde_json = if opts.runtime_deps.is_some() {
        SERDE_JSON
    } else {
        "serde_json.workspace = true\n"
    };
    let (autotests, dev_dependencies, test_target) = match &opts.sdk_tests {
        None => (String::new(), String::new(), String::new()),
        Some(tests) => (
            "# One integration-test binary: tests/tests.rs declares the suites.\nautotests = false\n"
                .to_string(),
            tests
                .dev_dependencies
                .iter()
                .map(|l| format!("{l}\n"))
                .collect(),
            "\n[[test]]\nname = \"tests\"\npath = \"tests/tests.rs\"\n".to_string(),
        ),
    };
    format!(
        "# @generated by cargo xtask generate — do not edit\n[package]\nname = \"{}\"\n\
         description = {}\n{package}{autotests}\n[dependencies]\nawslice-runtime.workspace = true\n{serde_json}\n\
         [dev-dependencies]\nawslice-endpoints.workspace = true\n{dev_dependencies}{test_target}",
        opts.sdk_crate,
        toml_string(&format!(
            "{title} client for Rust, generated from its Smithy model."
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny awsJson1_0 model of another service than WorkSpaces.
    const DYNAMODB: &str = r#"{"smithy": "2.0", "shapes": {
      "d#DynamoDB_20120810": {"type": "service", "version": "2012-08-10",
        "operations": [{"target": "d#DescribeLimits"}],
        "traits": {"aws.api#service": {"sdkId": "DynamoDB", "endpointPrefix": "dynamodb"},
                   "aws.protocols#awsJson1_0": {}}},
      "d#DescribeLimits": {"type": "operation", "input": {"target": "d#DescribeLimitsInput"},
        "output": {"target": "d#DescribeLimitsOutput"}},
      "d#DescribeLimitsInput": {"type": "structure", "members": {}},
      "d#DescribeLimitsOutput": {"type": "structure", "members": {
        "AccountMaxReadCapacityUnits": {"target": "smithy.api#Long"}}}
    }}"#;

    fn standalone(json: &str, deps: RuntimeDeps) -> Result<Vec<GeneratedFile>, CodegenError> {
        let model = model::parse(json)?;
        generate_model(&model, &Options::standalone_for(&model, deps)?)
    }

    fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
        files
            .iter()
            .find(|f| f.path == Path::new(path))
            .map(|f| f.contents.as_str())
            .unwrap_or_else(|| {
                let paths: Vec<_> = files.iter().map(|f| f.path.display().to_string()).collect();
                panic!("no {path} in {paths:?}")
            })
    }

    #[test]
    fn standalone_crates_are_named_after_the_service() {
        let files =
            standalone(DYNAMODB, RuntimeDeps::Checkout("../awslice".into())).expect("generates");
        let sdk = file(&files, "crates/dynamodb/Cargo.toml");
        assert!(sdk.contains("name = \"awslice-dynamodb\"\n"), "{sdk}");
        assert!(sdk.contains("awslice-runtime.workspace = true\n"), "{sdk}");
        assert!(
            sdk.contains("awslice-endpoints.workspace = true\n"),
            "{sdk}"
        );
        assert!(!sdk.contains("path ="), "one place for the paths: {sdk}");
        file(&files, "crates/dynamodb/src/client.rs");
        file(&files, "crates/dynamodb/src/lib.rs");
        // The CLI crate is the generic `awslice`; its tables name the service's command.
        let cli = file(&files, "crates/awslice/Cargo.toml");
        assert!(cli.contains("name = \"awslice\"\n"), "{cli}");
        assert!(cli.contains("awslice-cli.workspace = true\n"), "{cli}");
        assert!(!cli.contains("path = \"/"), "{cli}");
        let tables = file(&files, "crates/awslice/src/tables.rs");
        assert!(tables.contains("cli_name: \"dynamodb\""), "{tables}");
        assert!(
            !files
                .iter()
                .any(|f| f.path.to_string_lossy().contains("workspaces")),
            "nothing named after WorkSpaces"
        );
        let ws = file(&files, "Cargo.toml");
        assert!(
            ws.contains("members = [\"crates/dynamodb\", \"crates/awslice\"]\n"),
            "{ws}"
        );
    }

    #[test]
    fn runtime_by_checkout_path_is_written_once_as_given() {
        let files =
            standalone(DYNAMODB, RuntimeDeps::Checkout("../../awslice".into())).expect("generates");
        let ws = file(&files, "Cargo.toml");
        let tail = "[workspace.dependencies]\n\
            # The awslice runtime crates: from the awslice checkout at ../../awslice (--runtime path:../../awslice; a relative path is from this folder).\n\
            # To change: cargo xtask generate --model … --out … --runtime path:DIR (an awslice checkout) or --runtime version:REQ (e.g. version:0.1); or edit these lines.\n\
            awslice-runtime = { path = \"../../awslice/crates/runtime\" }\n\
            awslice-cli = { path = \"../../awslice/crates/cli\" }\n\
            awslice-endpoints = { path = \"../../awslice/crates/endpoints\" }\n\
            awslice-credentials = { path = \"../../awslice/crates/credentials\" }\n\
            awslice-sts = { path = \"../../awslice/crates/sts\" }\n\
            awslice-sso = { path = \"../../awslice/crates/sso\" }\n\
            awslice-sso-oidc = { path = \"../../awslice/crates/sso-oidc\" }\n";
        assert!(ws.ends_with(tail), "{ws}");
        let paths = files
            .iter()
            .filter(|f| f.contents.contains("awslice/crates/"))
            .count();
        assert_eq!(paths, 1, "the paths are in the workspace Cargo.toml only");
    }

    #[test]
    fn runtime_by_version_requirement() {
        let files = standalone(DYNAMODB, RuntimeDeps::Version("0.1".into())).expect("generates");
        let ws = file(&files, "Cargo.toml");
        assert!(
            ws.contains("# The awslice runtime crates: version 0.1 from the registry (--runtime version:0.1).\n"),
            "{ws}"
        );
        assert!(
            ws.ends_with(
                "awslice-runtime = \"0.1\"\nawslice-cli = \"0.1\"\nawslice-endpoints = \"0.1\"\n\
                 awslice-credentials = \"0.1\"\nawslice-sts = \"0.1\"\nawslice-sso = \"0.1\"\n\
                 awslice-sso-oidc = \"0.1\"\n"
            ),
            "{ws}"
        );
        assert!(!ws.contains("path ="), "{ws}");
    }

    #[test]
    fn paths_are_toml_strings() {
        let deps = RuntimeDeps::Checkout(r#"/odd "dir"\x"#.into());
        let files = standalone(DYNAMODB, deps).expect("generates");
        let ws = file(&files, "Cargo.toml");
        assert!(
            ws.contains(r#"awslice-runtime = { path = "/odd \"dir\"/x/crates/runtime" }"#),
            "{ws}"
        );
    }

    #[test]
    fn service_names_that_cannot_name_crates_are_errors() {
        for (sdk_id, why) in [
            ("Dynamo.DB", "is not of the form"),
            ("Runtime", "clash"),
            ("Credentials", "clash"),
        ] {
            let json = DYNAMODB.replace("\"DynamoDB\"", &format!("{sdk_id:?}"));
            let model = model::parse(&json).expect("parses");
            let e = Options::standalone_for(&model, RuntimeDeps::Version("0.1".into()))
                .expect_err(sdk_id);
            assert!(e.to_string().contains(why), "{sdk_id}: {e}");
        }
    }

    /// The CLI registers the credential providers, except in standalone crates of a client
    /// the providers use themselves (the providers' copy would be a second package).
    #[test]
    fn the_cli_registers_the_credential_providers() {
        let files = standalone(DYNAMODB, RuntimeDeps::Version("0.1".into())).expect("generates");
        let main = file(&files, "crates/awslice/src/main.rs");
        assert!(
            main.contains(&format!("{CLI_RUN_WITH_PROVIDERS}(")),
            "{main}"
        );
        assert!(
            main.contains(&format!("{PROVIDERS}::new().shared()")),
            "{main}"
        );
        let cli = file(&files, "crates/awslice/Cargo.toml");
        assert!(
            cli.contains("awslice-credentials.workspace = true\n"),
            "{cli}"
        );
        let sts = DYNAMODB.replace("\"DynamoDB\"", "\"STS\"");
        let files = standalone(&sts, RuntimeDeps::Version("0.1".into())).expect("generates");
        let main = file(&files, "crates/awslice/src/main.rs");
        assert!(
            main.contains(&format!("{CLI_RUN}(::awslice::SERVICES)")),
            "{main}"
        );
        assert!(!file(&files, "crates/awslice/Cargo.toml").contains("credentials"));
        let ws = file(&files, "Cargo.toml");
        assert!(ws.ends_with("awslice-endpoints = \"0.1\"\n"), "{ws}");
        let in_repo = generate(DYNAMODB, &Options::default()).expect("generates");
        let cli = file(&in_repo, "crates/awslice/Cargo.toml");
        assert!(
            cli.contains("awslice-credentials.workspace = true\n"),
            "{cli}"
        );
    }

    /// The in-repo layout (no standalone output) is unchanged by the runtime choice.
    #[test]
    fn default_options_keep_the_workspace_layout() {
        let files = generate(DYNAMODB, &Options::default()).expect("generates");
        assert!(files.iter().all(|f| f.path != Path::new("Cargo.toml")));
        let cli = file(&files, "crates/awslice/Cargo.toml");
        assert!(cli.contains("awslice-cli.workspace = true\n"), "{cli}");
        file(&files, "crates/workspaces/src/client.rs");
    }
}
