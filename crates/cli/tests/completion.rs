//! Shell completion, in-process: `awslice completion SHELL`, the hidden `awslice __complete`
//! protocol (run through `awslice_cli::run_with` with the test command table), and the
//! engine's API on a table with enums, lists and a paginator.

use awslice_test_support::cli as support;

use std::collections::HashMap;

use awslice_cli::complete::{self, CandidateKind};
use awslice_cli::completion_scripts;
use awslice_cli::schema::*;
use awslice_runtime::service::{Protocol, ServiceMeta};
use support::{Outcome, USAGE, base_env, run, run_env, service};

fn lines(o: &Outcome) -> Vec<&str> {
    assert_eq!(o.rc, 0, "stderr: {}", o.stderr);
    assert_eq!(o.stderr, "");
    o.stdout.lines().collect()
}

fn plain(words: &[&str]) -> Outcome {
    let mut args = vec!["__complete", "plain", "--"];
    args.extend_from_slice(words);
    run(&args)
}

const UPDATE: &str = "update-workspace-image-permission";
const DESCRIBE: &str = "describe-workspace-image-permissions";

const GLOBALS: &[&str] = &[
    "--debug",
    "--endpoint-url",
    "--no-verify-ssl",
    "--no-paginate",
    "--output",
    "--query",
    "--profile",
    "--region",
    "--version",
    "--color",
    "--no-sign-request",
    "--ca-bundle",
    "--cli-read-timeout",
    "--cli-connect-timeout",
    "--cli-binary-format",
    "--no-cli-pager",
    "--cli-auto-prompt",
    "--no-cli-auto-prompt",
    "--cli-error-format",
];

#[test]
fn top_level_completes_services_then_help_and_completion() {
    assert_eq!(
        lines(&plain(&[""])),
        ["workspaces", "help", "completion", "configure", "sso"]
    );
    assert_eq!(lines(&plain(&["wo"])), ["workspaces"]);
    assert_eq!(lines(&plain(&["c"])), ["completion", "configure"]);
    assert_eq!(lines(&plain(&["sso", ""])), ["login", "logout"]);
    assert!(lines(&plain(&["x"])).is_empty());
    // Only global options at the top level, in `aws help` order.
    assert_eq!(lines(&plain(&["--"])), GLOBALS);
    assert_eq!(
        lines(&plain(&["--no-"])),
        [
            "--no-verify-ssl",
            "--no-paginate",
            "--no-sign-request",
            "--no-cli-pager",
            "--no-cli-auto-prompt"
        ]
    );
    // Global options before the service are skipped, with their values.
    assert_eq!(
        lines(&plain(&["--output", "json", "--debug", "w"])),
        ["workspaces"]
    );
}

#[test]
fn service_level_completes_operations_in_model_order() {
    assert_eq!(
        lines(&plain(&["workspaces", ""])),
        [UPDATE, DESCRIBE, "help"]
    );
    assert_eq!(lines(&plain(&["workspaces", "d"])), [DESCRIBE]);
    assert_eq!(lines(&plain(&["workspaces", "--q"])), ["--query"]);
    // Nothing follows an unknown service or `help`.
    assert!(lines(&plain(&["nope", ""])).is_empty());
    assert!(lines(&plain(&["help", ""])).is_empty());
    assert!(lines(&plain(&["workspaces", "help", ""])).is_empty());
}

#[test]
fn operation_level_completes_parameters_then_globals() {
    let mut expected = vec![
        "--image-id",
        "--allow-copy-image",
        "--no-allow-copy-image",
        "--shared-account-id",
        "--cli-input-json",
        "--cli-input-yaml",
        "--generate-cli-skeleton",
    ];
    expected.extend_from_slice(GLOBALS);
    assert_eq!(lines(&plain(&["workspaces", UPDATE, ""])), expected);
    assert_eq!(lines(&plain(&["workspaces", UPDATE, "--"])), expected);
    // A plain word completes to nothing (every option starts with `--`).
    assert!(lines(&plain(&["workspaces", UPDATE, "x"])).is_empty());
    // Options given are not offered again; `--x` and `--no-x` are one option; an
    // abbreviation and `--opt=value` count.
    let out = plain(&[
        "workspaces",
        UPDATE,
        "--image",
        "wsi-1",
        "--no-allow-copy-image",
        "--output=json",
        "--",
    ]);
    let got = lines(&out);
    for gone in [
        "--image-id",
        "--allow-copy-image",
        "--no-allow-copy-image",
        "--output",
    ] {
        assert!(!got.contains(&gone), "{gone} offered again: {got:?}");
    }
    assert_eq!(got[0], "--shared-account-id");
    assert!(got.contains(&"--query"));
}

#[test]
fn values_of_options() {
    assert_eq!(
        lines(&plain(&["--output", ""])),
        ["json", "text", "table", "yaml", "yaml-stream", "off"]
    );
    assert_eq!(
        lines(&plain(&["workspaces", "--color", "o"])),
        ["on", "off"]
    );
    assert_eq!(
        lines(&plain(&["--cli-binary-format", ""])),
        ["base64", "raw-in-base64-out"]
    );
    assert_eq!(lines(&plain(&["--cli-error-format", "j"])), ["json"]);
    assert_eq!(
        lines(&plain(&[
            "workspaces",
            UPDATE,
            "--generate-cli-skeleton",
            ""
        ])),
        ["input", "output", "yaml-input"]
    );
    // `--generate-cli-skeleton`'s value is optional: an option may follow.
    assert_eq!(
        lines(&plain(&[
            "workspaces",
            UPDATE,
            "--generate-cli-skeleton",
            "--ima"
        ])),
        ["--image-id"]
    );
    // A free value: nothing (not even options).
    assert!(lines(&plain(&["workspaces", UPDATE, "--image-id", ""])).is_empty());
    assert!(lines(&plain(&["workspaces", UPDATE, "--image-id", "--"])).is_empty());
    // `--opt=partial`.
    assert_eq!(
        lines(&plain(&["workspaces", UPDATE, "--output=t"])),
        ["--output=text", "--output=table"]
    );
    // A boolean takes no value: options continue.
    assert_eq!(
        lines(&plain(&[
            "workspaces",
            UPDATE,
            "--allow-copy-image",
            "--sh"
        ])),
        ["--shared-account-id"]
    );
    // After a value, options again.
    assert_eq!(
        lines(&plain(&[
            "workspaces",
            UPDATE,
            "--image-id",
            "wsi-1",
            "--sh"
        ])),
        ["--shared-account-id"]
    );
}

#[test]
fn completion_keeps_working_after_version_and_completion() {
    assert!(lines(&plain(&["--version", ""])).is_empty());
    assert_eq!(lines(&plain(&["completion", ""])), ["bash", "zsh", "fish"]);
    assert_eq!(lines(&plain(&["completion", "f"])), ["fish"]);
    assert!(lines(&plain(&["completion", "bash", ""])).is_empty());
}

#[test]
fn profile_names_come_from_the_config_file_only() {
    let dir =
        std::env::temp_dir().join(format!("awslice-complete-profiles-{}", std::process::id()));
    std::fs::create_dir_all(dir.join(".aws")).expect("temp dir");
    std::fs::write(
        dir.join(".aws/config"),
        "[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n[profile \"my team\"]\n[sso-session s]\n",
    )
    .expect("config");
    std::fs::write(
        dir.join(".aws/credentials"),
        "[from-credentials]\naws_access_key_id = AKID\n",
    )
    .expect("credentials");
    let mut env = base_env();
    env.insert("HOME".into(), dir.to_string_lossy().into_owned());
    let out = run_env(&["__complete", "plain", "--", "--profile", ""], env.clone());
    assert_eq!(lines(&out), ["default", "dev", "my team"]);
    let out = run_env(
        &["__complete", "plain", "--", "--profile", "d"],
        env.clone(),
    );
    assert_eq!(lines(&out), ["default", "dev"]);
    // AWS_CONFIG_FILE wins.
    std::fs::write(dir.join("other"), "[profile other]\n").expect("other");
    env.insert(
        "AWS_CONFIG_FILE".into(),
        dir.join("other").to_string_lossy().into_owned(),
    );
    let out = run_env(&["__complete", "plain", "--", "--profile", ""], env.clone());
    assert_eq!(lines(&out), ["other"]);
    // A broken config file gives no profiles, not an error.
    std::fs::write(dir.join("other"), "[profile other\n").expect("other");
    let out = run_env(&["__complete", "plain", "--", "--profile", ""], env);
    assert!(lines(&out).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn shell_formats() {
    let out = run(&["__complete", "zsh", "--", "workspaces", UPDATE, "--image"]);
    assert_eq!(lines(&out), ["--image-id:The identifier of the image."]);
    let out = run(&["__complete", "zsh", "--", "--output", "y"]);
    assert_eq!(lines(&out), ["yaml", "yaml-stream"]);
    let out = run(&["__complete", "fish", "--", "workspaces", ""]);
    assert_eq!(
        lines(&out),
        [
            "update-workspace-image-permission\tShares or unshares an image with one account.",
            "describe-workspace-image-permissions\tDescribes the permissions that the owner of an image has granted to other accounts.",
            "help\tShow the help page.",
        ]
    );
    // No words at all: the current word is empty.
    let out = run(&["__complete", "fish", "--"]);
    assert_eq!(lines(&out).len(), 5);
}

#[test]
fn bash_line_mode_splits_and_trims_like_bash() {
    let bash = |line: &str| {
        run(&[
            "__complete",
            "bash",
            "--line",
            line,
            &line.len().to_string(),
            " \t\n\"'><=;|&(:",
        ])
    };
    assert_eq!(lines(&bash("awslice wor")), ["workspaces"]);
    assert_eq!(
        lines(&bash("awslice ")),
        ["workspaces", "help", "completion", "configure", "sso"]
    );
    // Quoted words with spaces are one word.
    assert_eq!(
        lines(&bash(&format!(
            "awslice workspaces {UPDATE} --query 'a b' --image-id \"x y\" --sh"
        ))),
        ["--shared-account-id"]
    );
    // Variable assignments before the program are skipped.
    assert_eq!(
        lines(&bash("AWS_PROFILE=dev X=1 awslice wor")),
        ["workspaces"]
    );
    // bash replaces only the text after `=`.
    assert_eq!(lines(&bash("awslice --output=ya")), ["yaml", "yaml-stream"]);
    // The cursor in the middle: only the text before it counts.
    let line = "awslice wor --debug";
    let out = run(&["__complete", "bash", "--line", line, "11"]);
    assert_eq!(lines(&out), ["workspaces"]);
    // A cursor past the end or inside a multi-byte character is clamped.
    let out = run(&["__complete", "bash", "--line", "awslice wé", "10"]);
    assert_eq!(lines(&out), ["workspaces"]);
    let out = run(&["__complete", "bash", "--line", "awslice wé", "11"]);
    assert!(lines(&out).is_empty());
    let out = run(&["__complete", "bash", "--line", "awslice w", "999"]);
    assert_eq!(lines(&out), ["workspaces"]);
}

#[test]
fn complete_protocol_errors_are_usage_errors() {
    let out = run(&["__complete"]);
    assert_eq!(out.rc, 252);
    assert_eq!(out.stdout, "");
    let out = run(&["__complete", "tcsh", "--", ""]);
    assert_eq!(out.rc, 252);
    let out = run(&["__complete", "bash", "--line"]);
    assert_eq!(out.rc, 252);
}

#[test]
fn completion_ignores_auto_prompt_and_needs_no_credentials() {
    let env: HashMap<String, String> = [
        ("AWS_CLI_AUTO_PROMPT", "on"),
        ("HOME", "/nonexistent-awslice-home"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let out = run_env(&["__complete", "plain", "--", "wo"], env.clone());
    assert_eq!(lines(&out), ["workspaces"]);
    let out = run_env(&["completion", "bash"], env);
    assert_eq!(out.rc, 0);
    assert_eq!(out.stdout, completion_scripts::BASH);
}

#[test]
fn completion_command_prints_scripts() {
    for (shell, script) in [
        ("bash", completion_scripts::BASH),
        ("zsh", completion_scripts::ZSH),
        ("fish", completion_scripts::FISH),
    ] {
        let out = run(&["completion", shell]);
        assert_eq!((out.rc, out.stderr.as_str()), (0, ""), "{shell}");
        assert_eq!(out.stdout, script);
    }
    // Global options may come first.
    let out = run(&["--no-cli-pager", "--output", "json", "completion", "fish"]);
    assert_eq!(out.rc, 0);
    assert_eq!(out.stdout, completion_scripts::FISH);
    let out = run(&["completion", "help"]);
    assert_eq!(out.rc, 0);
    assert!(out.stdout.contains("completion <shell>"), "{}", out.stdout);
}

#[test]
fn completion_command_errors() {
    let out = run(&["completion"]);
    assert_eq!(out.rc, 252);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        format!(
            "\nawslice: [ERROR]: An error occurred (ParamValidation): the following arguments are required: shell\n\n{USAGE}"
        )
    );
    let out = run(&["completion", "tcsh"]);
    assert_eq!(out.rc, 252);
    assert_eq!(
        out.stderr,
        format!(
            "\nawslice: [ERROR]: An error occurred (ParamValidation): argument shell: Found invalid choice 'tcsh'\n\nValid choices are:\n\n  * bash\n  * zsh\n  * fish\n\n\n{USAGE}"
        )
    );
    let out = run(&["completion", "bsh"]);
    assert_eq!(out.rc, 252);
    assert!(
        out.stderr.contains("Maybe you meant:\n\n  * bash\n"),
        "{}",
        out.stderr
    );
    let out = run(&["completion", "bash", "extra"]);
    assert_eq!(out.rc, 252);
    assert!(
        out.stderr
            .ends_with("awslice: [ERROR]: Unknown options: extra\n"),
        "{}",
        out.stderr
    );
}

// ---- The engine API on a table with enums, lists and a paginator. ----

const fn shape(name: &'static str, kind: ShapeKind) -> ShapeDef {
    ShapeDef::new(name, kind)
}

const fn param(cli_name: &'static str, shape: ShapeIdx, doc: &'static str) -> ParamDef {
    ParamDef {
        cli_name,
        member: "M",
        shape,
        required: false,
        doc,
    }
}

static TOY_SHAPES: [ShapeDef; 5] = [
    shape(
        "In",
        ShapeKind::Structure {
            members: &[],
            error: None,
            error_code: None,
        },
    ),
    shape(
        "State",
        ShapeKind::String {
            enum_values: &["AVAILABLE", "PENDING", "ERROR"],
            min_len: None,
            max_len: None,
            pattern: None,
        },
    ),
    shape(
        "States",
        ShapeKind::List {
            member: 1,
            min_len: None,
            max_len: None,
            member_xml_name: None,
            member_xml_namespace: None,
        },
    ),
    shape(
        "Level",
        ShapeKind::IntEnum {
            values: &[("LOW", 1), ("HIGH", 10)],
        },
    ),
    shape("Flag", ShapeKind::Boolean),
];

static TOY_PARAMS: [ParamDef; 4] = [
    param(
        "state",
        1,
        "The **state** of the [image](https://example.com). More.",
    ),
    param("states", 2, "States to keep."),
    param("level", 3, "Level."),
    param("dry-run", 4, "Checks permissions only."),
];

static TOY_OPS: [OperationDef; 1] = [OperationDef {
    wire: Operation {
        name: "ListThings",
        input: Some(0),
        output: None,
        errors: &[],
        http: Http::RPC,
        host_prefix: None,
        auth: Auth::SigV4,
        rules: &awslice_runtime::schema::OperationRules::NONE,
    },
    cli_name: "list-things",
    doc: "Lists things.\n\nMore.",
    params: &TOY_PARAMS,
    paginator: Some(PaginatorDef {
        input_tokens: &["NextToken"],
        output_tokens: &["NextToken"],
        limit_key: Some("MaxResults"),
        result_keys: &[],
        more_results: None,
        non_aggregate_keys: &[],
    }),
    deprecated: false,
    skeleton_input: "{}\n",
    skeleton_yaml_input: "\n",
    skeleton_output: "{}",
}];

static TOY_META: ServiceMeta = ServiceMeta {
    shape_name: "Toy",
    sdk_id: "Toy",
    endpoint_prefix: "toy",
    signing_name: "toy",
    protocol: Protocol::AwsJson1_1,
    api_version: "2020-01-01",
    endpoint_rule_set: "{}",
    query_compatible: false,
    xml_namespace: None,
    signer: awslice_runtime::service::Signer::SigV4,
};

static TOY: ServiceDef = ServiceDef {
    cli_name: "toy",
    meta: &TOY_META,
    doc: "Toy service. For tests.",
    operations: &TOY_OPS,
    shapes: &TOY_SHAPES,
};

fn values(words: &[&str], current: &str) -> Vec<String> {
    let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    complete::complete(&[service(), &TOY], &words, current)
        .into_iter()
        .map(|c| c.value)
        .collect()
}

#[test]
fn engine_enums_lists_and_paging_options() {
    assert_eq!(values(&[], "t"), ["toy"]);
    let opts = values(&["toy", "list-things"], "");
    assert_eq!(
        &opts[..11],
        [
            "--state",
            "--states",
            "--level",
            "--dry-run",
            "--no-dry-run",
            "--cli-input-json",
            "--cli-input-yaml",
            "--starting-token",
            "--page-size",
            "--max-items",
            "--generate-cli-skeleton",
        ]
    );
    assert_eq!(opts[11], "--debug");
    assert_eq!(
        values(&["toy", "list-things", "--state"], ""),
        ["AVAILABLE", "PENDING", "ERROR"]
    );
    assert_eq!(values(&["toy", "list-things", "--state"], "P"), ["PENDING"]);
    assert_eq!(values(&["toy", "list-things", "--level"], ""), ["1", "10"]);
    // `--state=E` as a complete word: `--state` is given.
    assert_eq!(
        values(&["toy", "list-things", "--state=E"], "--stat"),
        ["--states"]
    );
    assert_eq!(
        values(&["toy", "list-things"], "--state=E"),
        ["--state=ERROR"]
    );
    // A list takes several values, then options may follow.
    assert_eq!(
        values(&["toy", "list-things", "--states", "ERROR"], "A"),
        ["AVAILABLE"]
    );
    assert_eq!(
        values(
            &["toy", "list-things", "--states", "ERROR", "PENDING"],
            "--st"
        ),
        ["--state", "--starting-token"]
    );
    // `--states=ERROR` takes one value only: a plain word after it is no list value.
    assert!(values(&["toy", "list-things", "--states=ERROR"], "A").is_empty());
    assert_eq!(
        values(&["toy", "list-things", "--states=ERROR"], "")[..2],
        ["--state", "--level"]
    );
    assert!(values(&["toy", "list-things", "--page-size"], "").is_empty());
}

#[test]
fn engine_descriptions_and_docs() {
    let words: Vec<String> = ["toy", "list-things"].map(str::to_owned).to_vec();
    let c = complete::complete(&[&TOY], &words, "--st");
    assert_eq!(c[0].value, "--state");
    assert_eq!(c[0].description, "The state of the image.");
    assert_eq!(c[0].kind, CandidateKind::Parameter);
    assert_eq!(c[2].value, "--starting-token");
    assert_eq!(c[2].kind, CandidateKind::Parameter);
    let c = complete::complete(&[&TOY], &words, "--regi");
    assert_eq!(c[0].kind, CandidateKind::GlobalOption);
    assert_eq!(c[0].description, "The region to use.");
    let c = complete::complete(&[&TOY], &["toy".to_owned()], "");
    assert_eq!(c[0].description, "Lists things.");
    assert_eq!(c[0].kind, CandidateKind::Operation);
    assert_eq!(c[1].kind, CandidateKind::Command);
    let c = complete::complete(&[&TOY], &[], "");
    assert_eq!(
        (c[0].kind, c[0].description.as_str()),
        (CandidateKind::Service, "Toy service.")
    );

    assert_eq!(
        complete::param_doc(&[&TOY], &words, "--state"),
        Some("The **state** of the [image](https://example.com). More.")
    );
    assert_eq!(
        complete::param_doc(&[&TOY], &words, "--no-dry-run"),
        Some("Checks permissions only.")
    );
    assert_eq!(
        complete::param_doc(&[&TOY], &words, "--output"),
        Some("The formatting style for command output.")
    );
    assert_eq!(complete::param_doc(&[&TOY], &words, "--bogus"), None);
    let p = complete::param_def(&[&TOY], &words, "--no-dry-run").map(|p| p.cli_name);
    assert_eq!(p, Some("dry-run"));
    assert!(complete::param_def(&[&TOY], &words, "--output").is_none());
    assert!(complete::param_def(&[&TOY], &["toy".to_owned()], "--state").is_none());
}

#[test]
fn file_urls_complete_to_paths() {
    let dir = std::env::temp_dir().join(format!("awslice-complete-files-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub dir")).expect("temp dir");
    std::fs::write(dir.join("input.json"), "{}").expect("file");
    std::fs::write(dir.join("input.yaml"), "").expect("file");
    std::fs::write(dir.join(".hidden.json"), "").expect("file");
    let d = dir.to_string_lossy().into_owned();
    let values = |word: &str| {
        let out = plain(&["workspaces", UPDATE, "--cli-input-json", word]);
        lines(&out)
            .iter()
            .map(|l| (*l).to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        values(&format!("file://{d}/")),
        [
            format!("file://{d}/input.json"),
            format!("file://{d}/input.yaml"),
            format!("file://{d}/sub dir/"),
        ]
    );
    assert_eq!(
        values(&format!("fileb://{d}/input.j")),
        [format!("fileb://{d}/input.json")]
    );
    assert_eq!(
        values(&format!("file://{d}/.")),
        [format!("file://{d}/.hidden.json")]
    );
    // `--opt=file://…` and `~/`.
    let out = plain(&[
        "workspaces",
        UPDATE,
        &format!("--cli-input-yaml=file://{d}/input.y"),
    ]);
    assert_eq!(
        lines(&out),
        [format!("--cli-input-yaml=file://{d}/input.yaml")]
    );
    let mut env = base_env();
    env.insert("HOME".into(), d.clone());
    let out = run_env(
        &["__complete", "plain", "--", "--ca-bundle", "file://~/sub"],
        env,
    );
    assert_eq!(lines(&out), ["file://~/sub dir/"]);
    // Not a file URL, a folder that does not exist, or an option with choices: no paths.
    assert!(values(&format!("{d}/")).is_empty());
    assert!(values("file:///nonexistent-awslice/x").is_empty());
    assert!(lines(&plain(&["--output", "file://"])).is_empty());
    // The pure engine never reads the file system.
    let words: Vec<String> = ["--ca-bundle"].map(str::to_owned).to_vec();
    assert!(complete::complete(&[service()], &words, &format!("file://{d}/")).is_empty());
    // zsh gets folders unescaped (added with `compadd -S ''`), files escaped for _describe.
    let out = run(&[
        "__complete",
        "zsh",
        "--",
        "--ca-bundle",
        &format!("file://{d}/"),
    ]);
    assert_eq!(
        lines(&out),
        [
            format!("file\\://{d}/input.json"),
            format!("file\\://{d}/input.yaml"),
            format!("file://{d}/sub dir/"),
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
