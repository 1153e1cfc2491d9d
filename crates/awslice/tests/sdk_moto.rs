//! The generated Rust SDK, as a library: a program of an SDK user (`tests/sdk_moto/main.rs`)
//! built against the crates generated from the official SNS (awsQuery) and Lambda
//! (restJson1) models calls moto with the SDK's fluent builders and prints one JSON line per
//! call: created, listed and read back a topic; a missing topic's and a missing function's
//! errors parsed into the operations' modelled error variants.

use std::process::Command;

use awslice_test_support::{moto::Moto, paths, temp::TempDir};

#[test]
fn generated_sdk_crates_call_sns_and_lambda_in_moto() {
    let Some(moto) = Moto::start_or_skip(&[]) else {
        return;
    };
    let root = paths::workspace_root();
    let sdk_crate = |model: &str, tag: &str, service: &str| {
        let model = root.join("models/official").join(model);
        crate::standalone::generate(&root, &model, tag)
            .join("crates")
            .join(service)
    };
    let sns = sdk_crate("sns-2010-03-31.json", "sns", "sns");
    let lambda = sdk_crate("lambda-2015-03-31.json", "lambda", "lambda");
    let s3 = sdk_crate("s3-2006-03-01.json", "s3api", "s3api");
    let program = crate::standalone::build_sdk_program(
        &root,
        "sdk-moto",
        &[
            ("awslice-sns", &sns),
            ("awslice-lambda", &lambda),
            ("awslice-s3api", &s3),
        ],
        &root.join("crates/awslice/tests/sdk_moto/main.rs"),
    );
    let home = TempDir::new("sdk-moto");
    let out = Command::new(&program)
        .arg(moto.url())
        .env_clear()
        .envs([
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_DEFAULT_REGION", "us-east-1"),
            ("HOME", &home.path().display().to_string()),
        ])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}");
    assert!(
        out.status.success(),
        "{} failed ({}):\n{stdout}\n{stderr}",
        program.display(),
        out.status
    );
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let arn = "arn:aws:sns:us-east-1:123456789012:awslice-sdk-topic";
    let function = "arn:aws:lambda:us-east-1:123456789012:function:no-such-function";
    let expected = serde_json::json!([
        {"op": "CreateTopic", "topic_arn": arn},
        {"op": "ListTopics", "topic_arns": [arn], "next_token": null},
        {"op": "GetTopicAttributes", "TopicArn": arn, "Owner": "123456789012"},
        // moto answers `<Code>NotFound</Code>`, the awsQuery code that selects the modelled
        // variant; a modelled error's `code()` is that code as sent (as in the official
        // SDK), and it keeps the request id moto sends.
        {
            "op": "GetTopicAttributes",
            "error": "NotFoundException",
            "code": "NotFound",
            "message": "Topic does not exist",
            "has_request_id": true,
        },
        {"op": "ListFunctions", "function_names": [], "next_marker": null},
        // moto's body has `message` where the model names `Message`: the message the runtime
        // parsed fills it in.
        {
            "op": "GetFunction",
            "error": "ResourceNotFoundException",
            "code": "ResourceNotFoundException",
            "message": format!("Function not found: {function}"),
            "has_request_id": true,
        },
        {"op": "CreateBucket", "bucket": "awslice-sdk-bucket"},
        // CRC32 of bytes 255 down to 0, and of nothing (botocore's default checksum, echoed
        // by moto): Python `base64.b64encode(zlib.crc32(bytes(range(255, -1, -1))).to_bytes(4, 'big'))`.
        {"op": "PutObject", "key": "dir/a b/binary.bin", "has_etag": true, "checksum_crc32": "2juhCg=="},
        {"op": "HeadObject", "key": "dir/a b/binary.bin", "content_length": 256},
        {"op": "GetObject", "key": "dir/a b/binary.bin", "same_bytes": true, "length": 256},
        {"op": "PutObject", "key": "empty object", "has_etag": true, "checksum_crc32": "AAAAAA=="},
        {"op": "HeadObject", "key": "empty object", "content_length": 0},
        {"op": "GetObject", "key": "empty object", "same_bytes": true, "length": 0},
        {"op": "ListObjectsV2", "keys": ["dir/a b/binary.bin", "empty object"]},
        {"op": "DeleteObject", "deleted": 2},
        {
            "op": "GetObject",
            "error": "NoSuchKey",
            "code": "NoSuchKey",
            "message": "The specified key does not exist.",
            "has_request_id": true,
        },
        {"op": "HeadObject", "error": "NotFound", "code": "404", "message": "Not Found"},
        {
            "op": "ListObjectsV2",
            "error": "NoSuchBucket",
            "code": "NoSuchBucket",
            "message": "The specified bucket does not exist",
            "has_request_id": true,
        },
    ]);
    assert_eq!(serde_json::Value::Array(lines), expected, "{stderr}");
}
