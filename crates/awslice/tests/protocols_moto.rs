//! The restJson1 and awsQuery routes end to end: CLIs generated from the official STS and SNS
//! (awsQuery) and Lambda (restJson1) models, built by the test, call moto and must print what
//! the AWS CLI (`awscli` in the test venv) prints for the same commands, byte for byte, with the
//! AWS CLI v2's exit codes (v1 exits 255 where v2 exits 254 for a service error).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use awslice_test_support::{moto::Moto, paths, peers, temp::TempDir};

/// One command run by both CLIs.
struct Run {
    ours: Output,
    theirs: Output,
}

/// The environment of both CLIs: example keys, a region, a home whose config asks the AWS CLI
/// v1 for v2's ISO 8601 timestamps.
fn environment(home: &Path) -> HashMap<String, String> {
    let config = home.join(".aws/config");
    std::fs::create_dir_all(config.parent().expect("parent")).expect("mkdir .aws");
    std::fs::write(&config, "[default]\ncli_timestamp_format = iso8601\n").expect("config");
    HashMap::from([
        ("AWS_ACCESS_KEY_ID".into(), "AKIDEXAMPLE".into()),
        ("AWS_SECRET_ACCESS_KEY".into(), "secret".into()),
        ("AWS_DEFAULT_REGION".into(), "us-east-1".into()),
        ("HOME".into(), home.display().to_string()),
        ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
        ("TZ".into(), "UTC".into()),
    ])
}

fn run(bin: &Path, args: &[&str], endpoint: &str, env: &HashMap<String, String>) -> Output {
    Command::new(bin)
        .args(args)
        .args(["--endpoint-url", endpoint])
        .env_clear()
        .envs(env)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()))
}

/// Runs `args` with our CLI and the AWS CLI; both must print the same stdout and agree on the
/// exit code.
fn both(
    ours: &Path,
    aws: &Path,
    args: &[&str],
    endpoint: &str,
    env: &HashMap<String, String>,
) -> Run {
    let r = Run {
        ours: run(ours, args, endpoint, env),
        theirs: run(aws, args, endpoint, env),
    };
    let text = |o: &Output| String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(
        text(&r.ours),
        text(&r.theirs),
        "stdout of {args:?} (ours, then the AWS CLI's); stderr: {}",
        String::from_utf8_lossy(&r.ours.stderr)
    );
    let (ours_rc, theirs_rc) = (r.ours.status.code(), r.theirs.status.code());
    // v1 exits 255 for a service error where v2 exits 254.
    let expected = match theirs_rc {
        Some(255) if String::from_utf8_lossy(&r.theirs.stderr).contains("An error occurred (") => {
            Some(254)
        }
        rc => rc,
    };
    assert_eq!(ours_rc, expected, "exit code of {args:?}");
    r
}

/// The AWS CLI of the test venv.
fn aws_cli() -> Option<PathBuf> {
    let aws = peers::venv_dir().join("bin/aws");
    if aws.exists() {
        Some(aws)
    } else {
        peers::skip(format!("the AWS CLI is not installed at {}", aws.display()))
    }
}

#[test]
fn generated_clis_print_what_the_aws_cli_prints_against_moto() {
    let (Some(moto), Some(aws)) = (Moto::start_or_skip(&[]), aws_cli()) else {
        return;
    };
    let root = paths::workspace_root();
    let model = |name: &str| root.join("models/official").join(name);
    let sts = crate::standalone::build_cli(&root, &model("sts-2011-06-15.json"), "sts");
    let sns = crate::standalone::build_cli(&root, &model("sns-2010-03-31.json"), "sns");
    let lambda = crate::standalone::build_cli(&root, &model("lambda-2015-03-31.json"), "lambda");
    let home = TempDir::new("protocols-moto");
    let env = environment(home.path());
    let url = moto.url();

    // awsQuery: STS.
    let r = both(&sts, &aws, &["sts", "get-caller-identity"], &url, &env);
    assert!(String::from_utf8_lossy(&r.ours.stdout).contains("\"Account\": \"123456789012\""));
    for output in ["text", "table"] {
        both(
            &sts,
            &aws,
            &["sts", "get-caller-identity", "--output", output],
            &url,
            &env,
        );
    }

    // awsQuery: SNS, with a map and a list in the request and the response.
    let r = both(
        &sns,
        &aws,
        &[
            "sns",
            "create-topic",
            "--name",
            "awslice-topic",
            "--tags",
            r#"[{"Key": "team", "Value": "blue"}]"#,
        ],
        &url,
        &env,
    );
    let created: serde_json::Value = serde_json::from_slice(&r.ours.stdout).expect("JSON output");
    let arn = created["TopicArn"]
        .as_str()
        .expect("a topic ARN")
        .to_owned();
    assert!(arn.ends_with(":awslice-topic"), "{arn}");
    both(&sns, &aws, &["sns", "list-topics"], &url, &env);
    both(
        &sns,
        &aws,
        &[
            "sns",
            "list-topics",
            "--query",
            "Topics[].TopicArn",
            "--output",
            "text",
        ],
        &url,
        &env,
    );
    let r = both(
        &sns,
        &aws,
        &["sns", "get-topic-attributes", "--topic-arn", &arn],
        &url,
        &env,
    );
    assert!(String::from_utf8_lossy(&r.ours.stdout).contains("\"TopicArn\""));
    both(
        &sns,
        &aws,
        &["sns", "list-tags-for-resource", "--resource-arn", &arn],
        &url,
        &env,
    );
    let missing = arn.replace("awslice-topic", "no-such-topic");
    let r = both(
        &sns,
        &aws,
        &["sns", "get-topic-attributes", "--topic-arn", &missing],
        &url,
        &env,
    );
    assert_eq!(r.ours.status.code(), Some(254));

    // restJson1: Lambda, a GET with a label and a query string, and a missing function's error.
    let r = both(&lambda, &aws, &["lambda", "list-functions"], &url, &env);
    assert!(String::from_utf8_lossy(&r.ours.stdout).contains("\"Functions\""));
    both(
        &lambda,
        &aws,
        &["lambda", "list-functions", "--max-items", "5"],
        &url,
        &env,
    );
    let r = both(
        &lambda,
        &aws,
        &[
            "lambda",
            "get-function",
            "--function-name",
            "no-such-function",
            "--qualifier",
            "$LATEST",
        ],
        &url,
        &env,
    );
    let stderr = String::from_utf8_lossy(&r.ours.stderr);
    assert!(
        stderr.contains(
            "An error occurred (ResourceNotFoundException) when calling the GetFunction operation:"
        ),
        "{stderr}"
    );
    let theirs = String::from_utf8_lossy(&r.theirs.stderr);
    let message = |s: &str| {
        s.split("An error occurred")
            .nth(1)
            .map(|m| m.trim().to_owned())
    };
    assert_eq!(message(&stderr), message(&theirs), "the error message");
}
