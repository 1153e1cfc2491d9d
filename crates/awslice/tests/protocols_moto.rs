//! The restJson1 and awsQuery routes end to end: CLIs generated from the official STS and SNS
//! (awsQuery), Lambda (restJson1) and SQS (awsJson1_0 with awsQueryCompatible) models, built by
//! the test, call moto and must print what
//! the AWS CLI (`awscli` in the test venv) prints for the same commands, byte for byte, with the
//! AWS CLI v2's exit codes (v1 exits 255 where v2 exits 254 for a service error).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use awslice_test_support::{http, moto::Moto, paths, peers, temp::TempDir};

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
    let sqs = crate::standalone::build_cli(&root, &model("sqs-2012-11-05.json"), "sqs");
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

    // awsJson1_0 with awsQueryCompatible: SQS. moto answers the JSON protocol and names the
    // awsQuery error code in `x-amzn-query-error`, which is the code both CLIs print.
    let r = both(
        &sqs,
        &aws,
        &["sqs", "create-queue", "--queue-name", "awslice-queue"],
        &url,
        &env,
    );
    let created: serde_json::Value = serde_json::from_slice(&r.ours.stdout).expect("JSON output");
    let queue = created["QueueUrl"]
        .as_str()
        .expect("a queue URL")
        .to_owned();
    assert!(queue.ends_with("/awslice-queue"), "{queue}");
    both(&sqs, &aws, &["sqs", "list-queues"], &url, &env);
    both(
        &sqs,
        &aws,
        &[
            "sqs",
            "get-queue-attributes",
            "--queue-url",
            &queue,
            "--attribute-names",
            "QueueArn",
            "VisibilityTimeout",
        ],
        &url,
        &env,
    );
    let r = both(
        &sqs,
        &aws,
        &["sqs", "get-queue-url", "--queue-name", "no-such-queue"],
        &url,
        &env,
    );
    let stderr = String::from_utf8_lossy(&r.ours.stderr);
    assert!(
        stderr.contains(
            "An error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl operation:"
        ),
        "{stderr}"
    );
    assert_eq!(
        message(&stderr),
        message(&String::from_utf8_lossy(&r.theirs.stderr)),
        "the error message"
    );
}

/// A raw HTTP response with a binary body (`Content-Length` added).
fn binary_reply(status: u16, headers: &[(&str, &str)], body: &[u8]) -> http::Reply {
    let mut bytes = format!("HTTP/1.1 {status} {}\r\n", http::reason(status));
    for (k, v) in headers {
        bytes.push_str(&format!("{k}: {v}\r\n"));
    }
    bytes.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = bytes.into_bytes();
    bytes.extend_from_slice(body);
    http::Reply::Raw(bytes)
}

/// Blob payloads through the generated Lambda CLI, on a loopback server (moto runs Lambda
/// functions in Docker, which the tests do not have): the `outfile` positional of an operation
/// whose output is a blob payload, and `--payload` read as the AWS CLI v2 reads blobs
/// (`fileb://` bytes as they are; text as base64 unless `cli_binary_format` says
/// `raw-in-base64-out`). Where v1 and v2 agree (outfile, `fileb://`), the AWS CLI runs the
/// same commands and must send the same bytes and print the same output.
#[test]
fn lambda_blob_payloads_in_and_out() {
    let Some(aws) = aws_cli() else {
        return;
    };
    let root = paths::workspace_root();
    let lambda = crate::standalone::build_cli(
        &root,
        &root.join("models/official/lambda-2015-03-31.json"),
        "lambda",
    );
    // Bytes that are not UTF-8 and hold a NUL, both ways.
    let returned: &[u8] = b"\x00\x01 not utf-8 \xff\xfe {\"ok\": true}";
    let server = http::Server::respond(move |req, _| {
        if req.path().contains("invoke-async") {
            return binary_reply(
                202,
                &[
                    ("Content-Type", "application/json"),
                    ("x-amzn-RequestId", "req-2"),
                ],
                br#"{"Status": 202}"#,
            );
        }
        if req.path().contains("missing") {
            return binary_reply(
                404,
                &[
                    ("x-amzn-ErrorType", "ResourceNotFoundException"),
                    ("x-amzn-RequestId", "req-404"),
                    ("Content-Type", "application/json"),
                ],
                br#"{"Type": "User", "Message": "Function not found: missing"}"#,
            );
        }
        binary_reply(
            200,
            &[
                ("X-Amz-Executed-Version", "$LATEST"),
                ("x-amzn-RequestId", "req-1"),
                ("Content-Type", "application/octet-stream"),
            ],
            returned,
        )
    });
    let home = TempDir::new("lambda-blobs");
    let env = environment(home.path());
    let url = server.url();
    let file = |name: &str| home.path().join(name).display().to_string();
    let sent = || server.requests().last().expect("a request").body.clone();

    // outfile: the payload goes to the file, the rest to stdout.
    let (ours, theirs) = (file("ours.bin"), file("theirs.bin"));
    let r = run(
        &lambda,
        &["lambda", "invoke", "--function-name", "f", &ours],
        &url,
        &env,
    );
    let t = run(
        &aws,
        &["lambda", "invoke", "--function-name", "f", &theirs],
        &url,
        &env,
    );
    assert_eq!(
        (
            r.status.code(),
            String::from_utf8_lossy(&r.stdout).into_owned()
        ),
        (
            Some(0),
            "{\n    \"StatusCode\": 200,\n    \"ExecutedVersion\": \"$LATEST\"\n}\n".to_owned()
        ),
        "stderr: {}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert_eq!(r.stdout, t.stdout);
    assert_eq!(std::fs::read(&ours).expect("outfile written"), returned);
    assert_eq!(
        std::fs::read(&theirs).expect("the AWS CLI's outfile"),
        returned
    );

    // fileb:// sends the file's bytes as they are; so does the AWS CLI.
    let input: &[u8] = b"\xff\x00{\"raw\": \"\xc3\x28\"}";
    std::fs::write(home.path().join("in.bin"), input).expect("write the payload file");
    let payload = format!("fileb://{}", file("in.bin"));
    let args = [
        "lambda",
        "invoke",
        "--function-name",
        "f",
        "--payload",
        &payload,
    ];
    let r = run(&lambda, &[&args[..], &[&ours]].concat(), &url, &env);
    assert_eq!(r.status.code(), Some(0));
    assert_eq!(sent(), input);
    let t = run(&aws, &[&args[..], &[&theirs]].concat(), &url, &env);
    assert_eq!((t.status.code(), sent()), (Some(0), input.to_vec()));

    // Text is base64 (v2's default binary format), decoded as Python decodes it.
    let args = ["lambda", "invoke", "--function-name", "f", "--payload"];
    let r = run(
        &lambda,
        &[&args[..], &["eyJhIjog\n MX0=", &ours]].concat(),
        &url,
        &env,
    );
    assert_eq!(
        (r.status.code(), sent()),
        (Some(0), br#"{"a": 1}"#.to_vec())
    );
    let before = server.requests().len();
    let r = run(
        &lambda,
        &[&args[..], &[r#"{"a": 1}"#, &ours]].concat(),
        &url,
        &env,
    );
    assert_eq!(
        (
            r.status.code(),
            String::from_utf8_lossy(&r.stderr).into_owned()
        ),
        (
            Some(255),
            "\nawslice: [ERROR]: Invalid base64: \"{\"a\": 1}\"\n".to_owned()
        )
    );
    assert_eq!(server.requests().len(), before, "nothing is sent");
    // raw-in-base64-out: the option, then the profile's setting.
    let raw = [&args[..], &[r#"{"a": 2}"#, &ours]].concat();
    let r = run(
        &lambda,
        &[&raw[..], &["--cli-binary-format", "raw-in-base64-out"]].concat(),
        &url,
        &env,
    );
    assert_eq!(
        (r.status.code(), sent()),
        (Some(0), br#"{"a": 2}"#.to_vec())
    );
    std::fs::write(
        home.path().join(".aws/config"),
        "[default]\ncli_timestamp_format = iso8601\ncli_binary_format = raw-in-base64-out\n",
    )
    .expect("config");
    let r = run(&lambda, &raw, &url, &env);
    assert_eq!(
        (r.status.code(), sent()),
        (Some(0), br#"{"a": 2}"#.to_vec())
    );

    // A service error writes no file; the error is the AWS CLI's.
    let missing = file("missing.bin");
    let r = both(
        &lambda,
        &aws,
        &["lambda", "invoke", "--function-name", "missing", &missing],
        &url,
        &env,
    );
    assert!(
        String::from_utf8_lossy(&r.ours.stderr).contains(
            "An error occurred (ResourceNotFoundException) when calling the Invoke operation: Function not found: missing"
        ),
        "{}",
        String::from_utf8_lossy(&r.ours.stderr)
    );
    assert!(!Path::new(&missing).exists());

    // The positional is required; the input documents and skeletons are not offered.
    let r = run(
        &lambda,
        &["lambda", "invoke", "--function-name", "f"],
        &url,
        &env,
    );
    assert_eq!(r.status.code(), Some(252));
    assert!(
        String::from_utf8_lossy(&r.stderr)
            .contains("the following arguments are required: outfile"),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let r = run(
        &lambda,
        &[
            "lambda",
            "invoke",
            "--function-name",
            "f",
            "--generate-cli-skeleton",
            &ours,
        ],
        &url,
        &env,
    );
    assert_eq!(r.status.code(), Some(252));
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("Unknown options: --generate-cli-skeleton")
    );
    // A file that cannot be written: Python's error, after the call.
    let r = run(
        &lambda,
        &[
            "lambda",
            "invoke",
            "--function-name",
            "f",
            &file("no/such/dir/out.bin"),
        ],
        &url,
        &env,
    );
    assert_eq!(
        (
            r.status.code(),
            String::from_utf8_lossy(&r.stderr).into_owned()
        ),
        (
            Some(255),
            format!(
                "\nawslice: [ERROR]: [Errno 2] No such file or directory: '{}'\n",
                file("no/such/dir/out.bin")
            )
        )
    );

    // A streaming blob input (`@streaming`: InvokeAsync's InvokeArgs) is the path of a file
    // whose bytes are sent as they are, as the AWS CLI sends them.
    let args = [
        "lambda",
        "invoke-async",
        "--function-name",
        "f",
        "--invoke-args",
    ];
    let path = file("in.bin");
    let r = run(&lambda, &[&args[..], &[&path]].concat(), &url, &env);
    assert_eq!(
        (
            r.status.code(),
            sent(),
            String::from_utf8_lossy(&r.stdout).into_owned()
        ),
        (
            Some(0),
            input.to_vec(),
            "{\n    \"Status\": 202\n}\n".to_owned()
        )
    );
    let t = run(&aws, &[&args[..], &[&path]].concat(), &url, &env);
    assert_eq!(
        (t.status.code(), sent(), &t.stdout),
        (Some(0), input.to_vec(), &r.stdout)
    );
    let before = server.requests().len();
    let r = run(
        &lambda,
        &[&args[..], &[&file("no-such-file")]].concat(),
        &url,
        &env,
    );
    assert_eq!(r.status.code(), Some(252));
    assert!(
        String::from_utf8_lossy(&r.stderr).contains(
            "Error parsing parameter '--invoke-args': Blob values must be a path to a file."
        ),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert_eq!(server.requests().len(), before, "nothing is sent");
    let r = run(&lambda, &["lambda", "invoke-async", "help"], &url, &env);
    let help = String::from_utf8_lossy(&r.stdout);
    assert!(
        help.contains("--invoke-args (streaming blob) [required]"),
        "{help}"
    );
    assert!(
        help.split_whitespace().collect::<Vec<_>>().join(" ").contains(
            "NOTE: This argument is of type: streaming blob. Its value must be the path to a file (e.g. path/to/file) and must not be prefixed with file:// or fileb://"
        ),
        "{help}"
    );

    // The help page documents the positional where the AWS CLI does.
    let r = run(&lambda, &["lambda", "invoke", "help"], &url, &env);
    let help = String::from_utf8_lossy(&r.stdout);
    assert!(
        help.contains("[--tenant-id <value>]\n          <outfile>\n"),
        "{help}"
    );
    assert!(
        help.contains(
            "outfile (string) [required]\n          Filename where the content will be saved"
        ),
        "{help}"
    );
    assert!(!help.contains("--cli-input-json"), "{help}");
}

/// restXml: the CLI generated from the official S3 model (`s3api`) against moto, command by
/// command beside the AWS CLI: a bucket; objects whose keys have spaces and slashes, with a
/// binary body, an empty one and none, saved back byte for byte; listings (botocore's
/// paginator merges them); a missing bucket's and a missing key's errors; and a bucket name
/// botocore refuses before sending.
#[test]
fn generated_s3_cli_prints_what_the_aws_cli_prints_against_moto() {
    let (Some(moto), Some(aws)) = (Moto::start_or_skip(&[]), aws_cli()) else {
        return;
    };
    let root = paths::workspace_root();
    let s3 = crate::standalone::build_cli(
        &root,
        &root.join("models/official/s3-2006-03-01.json"),
        "s3api",
    );
    let home = TempDir::new("protocols-moto-s3");
    let env = environment(home.path());
    let url = moto.url();
    let bucket = "awslice-cli-bucket";
    let s3api = |args: &[&str]| -> Vec<String> {
        std::iter::once("s3api")
            .chain(args.iter().copied())
            .map(str::to_owned)
            .collect()
    };
    let both_s3 = |args: &[&str]| {
        let args = s3api(args);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        both(&s3, &aws, &args, &url, &env)
    };

    let r = both_s3(&["create-bucket", "--bucket", bucket]);
    assert!(
        String::from_utf8_lossy(&r.ours.stdout).contains("\"Location\": \"/awslice-cli-bucket\"")
    );
    let binary: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
    let binary_file = home.path().join("binary.bin");
    std::fs::write(&binary_file, &binary).expect("write");
    let empty_file = home.path().join("empty.bin");
    std::fs::write(&empty_file, b"").expect("write");
    let keys = [
        ("dir/sub dir/binary file.bin", Some(&binary_file)),
        ("empty body", Some(&empty_file)),
        ("no body/at all", None),
        ("ünïcødé + 100% & more?#", Some(&binary_file)),
    ];
    for (key, body) in &keys {
        let mut args = vec!["put-object", "--bucket", bucket, "--key", key];
        let body = body.map(|b| b.display().to_string());
        if let Some(b) = &body {
            args.extend(["--body", b]);
        }
        let r = both_s3(&args);
        assert!(String::from_utf8_lossy(&r.ours.stdout).contains("\"ETag\""));
        both_s3(&["head-object", "--bucket", bucket, "--key", key]);
        // get-object into a file of each CLI's own: the same output, the same bytes.
        let (mine, theirs) = (home.path().join("ours.out"), home.path().join("theirs.out"));
        let get = |out: &std::path::Path| {
            s3api(&[
                "get-object",
                "--bucket",
                bucket,
                "--key",
                key,
                &out.display().to_string(),
            ])
        };
        let (a, b) = (get(&mine), get(&theirs));
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let b: Vec<&str> = b.iter().map(String::as_str).collect();
        let ours = run(&s3, &a, &url, &env);
        let theirs_out = run(&aws, &b, &url, &env);
        assert_eq!(
            String::from_utf8_lossy(&ours.stdout),
            String::from_utf8_lossy(&theirs_out.stdout),
            "get-object {key}; stderr: {}",
            String::from_utf8_lossy(&ours.stderr)
        );
        assert_eq!(ours.status.code(), Some(0));
        let expected: &[u8] = match body {
            Some(_) if key.starts_with("empty") => b"",
            Some(_) => &binary,
            None => b"",
        };
        assert_eq!(std::fs::read(&mine).expect("ours"), expected, "{key}");
        assert_eq!(std::fs::read(&theirs).expect("theirs"), expected, "{key}");
    }
    let r = both_s3(&["list-objects-v2", "--bucket", bucket]);
    let listed: serde_json::Value = serde_json::from_slice(&r.ours.stdout).expect("JSON");
    let names: Vec<&str> = listed["Contents"]
        .as_array()
        .expect("contents")
        .iter()
        .map(|o| o["Key"].as_str().expect("key"))
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names.contains(&"ünïcødé + 100% & more?#"), "{names:?}");
    both_s3(&[
        "list-objects-v2",
        "--bucket",
        bucket,
        "--prefix",
        "dir/",
        "--delimiter",
        "/",
    ]);
    both_s3(&["list-objects-v2", "--bucket", bucket, "--max-items", "1"]);
    both_s3(&["list-objects", "--bucket", bucket]);
    both_s3(&["list-objects-v2", "--bucket", bucket, "--output", "text"]);
    both_s3(&["list-buckets"]);
    both_s3(&["get-bucket-location", "--bucket", bucket]);
    both_s3(&[
        "put-object-tagging",
        "--bucket",
        bucket,
        "--key",
        "empty body",
        "--tagging",
        r#"{"TagSet": [{"Key": "team", "Value": "blue"}]}"#,
    ]);
    both_s3(&[
        "get-object-tagging",
        "--bucket",
        bucket,
        "--key",
        "empty body",
    ]);
    // SSE-C: the key is sent base64-encoded with its MD5 (botocore's `sse_md5`).
    let sse = [
        "--sse-customer-algorithm",
        "AES256",
        "--sse-customer-key",
        "0123456789abcdef0123456789abcdef",
    ];
    let mut args = vec!["put-object", "--bucket", bucket, "--key", "sse-c", "--body"];
    let body = binary_file.display().to_string();
    args.push(&body);
    args.extend(sse);
    both_s3(&args);
    // What was sent, from our `--debug`: the MD5 signed and sent, the key's value redacted.
    let mut debug_args = s3api(&args);
    debug_args.push("--debug".to_owned());
    let debug_args: Vec<&str> = debug_args.iter().map(String::as_str).collect();
    let debug = run(&s3, &debug_args, &url, &env);
    let log = String::from_utf8_lossy(&debug.stderr);
    assert!(
        log.contains("x-amz-server-side-encryption-customer-key-md5:hRasmdxgYDKV3nvbahU1MA==")
            && log.contains("'X-Amz-Server-Side-Encryption-Customer-Key': '<redacted>'")
            && log.contains("x-amz-server-side-encryption-customer-key:<redacted>")
            && !log.contains("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="),
        "{log}"
    );
    let mut args = vec!["head-object", "--bucket", bucket, "--key", "sse-c"];
    args.extend(sse);
    both_s3(&args);
    both_s3(&["delete-object", "--bucket", bucket, "--key", "sse-c"]);
    // `Expires`: printed as a timestamp and, as botocore adds it, as `ExpiresString`.
    both_s3(&[
        "put-object",
        "--bucket",
        bucket,
        "--key",
        "expires",
        "--expires",
        "2030-01-02T03:04:05Z",
    ]);
    let r = both_s3(&["head-object", "--bucket", bucket, "--key", "expires"]);
    assert!(
        String::from_utf8_lossy(&r.ours.stdout).contains("\"ExpiresString\""),
        "{}",
        String::from_utf8_lossy(&r.ours.stdout)
    );
    both_s3(&["delete-object", "--bucket", bucket, "--key", "expires"]);
    for (key, _) in &keys {
        both_s3(&["delete-object", "--bucket", bucket, "--key", key]);
    }

    // Errors: a missing key (with and without a body to read the code from), a missing bucket.
    let missing = home.path().join("missing.out");
    let missing = missing.display().to_string();
    let r = both_s3(&[
        "get-object",
        "--bucket",
        bucket,
        "--key",
        "no such key",
        &missing,
    ]);
    assert_eq!(r.ours.status.code(), Some(254));
    assert!(
        String::from_utf8_lossy(&r.ours.stderr).contains(
            "An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist."
        ),
        "{}",
        String::from_utf8_lossy(&r.ours.stderr)
    );
    let r = both_s3(&["head-object", "--bucket", bucket, "--key", "no such key"]);
    assert!(
        String::from_utf8_lossy(&r.ours.stderr)
            .contains("An error occurred (404) when calling the HeadObject operation: Not Found"),
        "{}",
        String::from_utf8_lossy(&r.ours.stderr)
    );
    let r = both_s3(&["list-objects-v2", "--bucket", "awslice-no-such-bucket"]);
    assert!(
        String::from_utf8_lossy(&r.ours.stderr).contains("(NoSuchBucket)"),
        "{}",
        String::from_utf8_lossy(&r.ours.stderr)
    );
    // Deleting the bucket: ours deletes it (no output), then both are told it is gone.
    let args = s3api(&["delete-bucket", "--bucket", bucket]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let ours = run(&s3, &args, &url, &env);
    assert_eq!(
        (ours.status.code(), ours.stdout.as_slice()),
        (Some(0), &b""[..])
    );
    let r = both_s3(&["delete-bucket", "--bucket", bucket]);
    assert_eq!(r.ours.status.code(), Some(254));

    // A bucket name botocore refuses: nothing sent, the same text, exit 252 (v1: 255).
    let args = s3api(&["create-bucket", "--bucket", "Not A Bucket!"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let ours = run(&s3, &args, &url, &env);
    let theirs = run(&aws, &args, &url, &env);
    assert_eq!(ours.status.code(), Some(252));
    assert_eq!(theirs.status.code(), Some(255));
    assert!(ours.stdout.is_empty() && theirs.stdout.is_empty());
    let text = |o: &Output| {
        String::from_utf8_lossy(&o.stderr)
            .lines()
            .find(|l| l.starts_with("Invalid bucket name"))
            .map(str::to_owned)
    };
    assert!(
        text(&ours).is_some(),
        "{}",
        String::from_utf8_lossy(&ours.stderr)
    );
    assert_eq!(text(&ours), text(&theirs));
}

/// restXml without S3: the CLI generated from the official Route 53 model against moto, beside
/// the AWS CLI: `ErrorResponse`-wrapped errors, a request document (`ChangeResourceRecordSets`),
/// botocore's id clean-up (`/hostedzone/Z…` sent as `Z…`) and its paginators (`IsTruncated`,
/// `ListResourceRecordSets`'s three tokens, which the model does not mark as paginated).
#[test]
fn generated_route53_cli_prints_what_the_aws_cli_prints_against_moto() {
    let (Some(moto), Some(aws)) = (Moto::start_or_skip(&[]), aws_cli()) else {
        return;
    };
    let root = paths::workspace_root();
    let r53 = crate::standalone::build_cli(
        &root,
        &root.join("models/official/route-53-2013-04-01.json"),
        "route53",
    );
    let home = TempDir::new("protocols-moto-route53");
    let env = environment(home.path());
    let url = moto.url();
    let both_r53 = |args: &[&str]| {
        let args: Vec<&str> = std::iter::once("route53")
            .chain(args.iter().copied())
            .collect();
        both(&r53, &aws, &args, &url, &env)
    };

    // One zone, created by ours; its id as printed (`/hostedzone/…`) is what users pass on.
    let created = run(
        &r53,
        &[
            "route53",
            "create-hosted-zone",
            "--name",
            "awslice.example.com",
            "--caller-reference",
            "awslice-1",
        ],
        &url,
        &env,
    );
    assert_eq!(
        created.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let created: serde_json::Value = serde_json::from_slice(&created.stdout).expect("JSON");
    let zone = created["HostedZone"]["Id"]
        .as_str()
        .expect("an id")
        .to_owned();
    assert!(zone.starts_with("/hostedzone/"), "{zone}");

    both_r53(&["get-hosted-zone", "--id", &zone]);
    both_r53(&["list-hosted-zones"]);
    both_r53(&["list-hosted-zones", "--output", "text"]);
    let batch = r#"{"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {"Name": "www.awslice.example.com", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}, {"Value": "192.0.2.2"}]}}]}"#;
    let r = both_r53(&[
        "change-resource-record-sets",
        "--hosted-zone-id",
        &zone,
        "--change-batch",
        batch,
        "--query",
        "ChangeInfo.Status",
    ]);
    assert_eq!(String::from_utf8_lossy(&r.ours.stdout).trim(), "\"INSYNC\"");
    let r = both_r53(&["list-resource-record-sets", "--hosted-zone-id", &zone]);
    assert!(String::from_utf8_lossy(&r.ours.stdout).contains("192.0.2.2"));
    let r = both_r53(&[
        "list-resource-record-sets",
        "--hosted-zone-id",
        &zone,
        "--max-items",
        "1",
    ]);
    assert!(String::from_utf8_lossy(&r.ours.stdout).contains("\"NextToken\""));
    // Without paging, `--max-items` is the operation's own `MaxItems` again (one raw page).
    // (The query leaves out the reply's `MaxItems`, an integer in the Smithy model and a
    // string in botocore's.)
    let r = both_r53(&[
        "list-resource-record-sets",
        "--hosted-zone-id",
        &zone,
        "--max-items",
        "1",
        "--no-paginate",
        "--query",
        "[IsTruncated, NextRecordType, length(ResourceRecordSets)]",
    ]);
    let page: serde_json::Value = serde_json::from_slice(&r.ours.stdout).expect("JSON");
    assert_eq!(page, serde_json::json!([true, "SOA", 1]));
    both_r53(&[
        "list-resource-record-sets",
        "--hosted-zone-id",
        &zone,
        "--query",
        "ResourceRecordSets[].Type",
        "--output",
        "text",
    ]);

    // An `<ErrorResponse>` error, with the id cleaned up in the message.
    let r = both_r53(&["get-hosted-zone", "--id", "/hostedzone/NOSUCHZONE"]);
    assert_eq!(r.ours.status.code(), Some(254));
    let stderr = String::from_utf8_lossy(&r.ours.stderr);
    assert!(
        stderr.contains(
            "An error occurred (NoSuchHostedZone) when calling the GetHostedZone operation"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("NOSUCHZONE") && !stderr.contains("/hostedzone/NOSUCHZONE"),
        "{stderr}"
    );
}
