//! The CLI suite: the AWS CLI v2's behaviour for our two commands (docs/compat.md), each case
//! checking the request sent (or that none was), stdout, stderr and the exit code against a
//! loopback capture server. `awslice-cli`'s tests run it in-process with the hand-written
//! table; `awslice`'s tests run it against the real generated binary ([`crate::cli_suite!`]).

use super::*;

const UPDATE: &str = "update-workspace-image-permission";
const DESCRIBE: &str = "describe-workspace-image-permissions";

fn err_line(msg: &str) -> String {
    format!("\nawslice: [ERROR]: {msg}\n")
}

fn param_err(msg: &str) -> String {
    err_line(&format!("An error occurred (ParamValidation): {msg}"))
}

fn with_usage(msg: &str) -> String {
    format!("{}\n{USAGE}", param_err(msg))
}

/// Runs `workspaces <op> ARGS --endpoint-url <server>` and returns the outcome and requests.
fn call(replies: Vec<Reply>, op: &str, args: &[&str]) -> (Outcome, Vec<Request>) {
    call_env(replies, op, args, base_env())
}

fn call_env(
    replies: Vec<Reply>,
    op: &str,
    args: &[&str],
    env: std::collections::HashMap<String, String>,
) -> (Outcome, Vec<Request>) {
    let server = capture(replies);
    let url = server.url();
    let mut full = vec!["workspaces", op];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--endpoint-url", &url]);
    let out = run_env(&full, env);
    (out, server.requests())
}

fn ok_update(args: &[&str]) -> Request {
    let (out, reqs) = call(vec![], UPDATE, args);
    assert_eq!(
        (out.rc, out.stdout.as_str(), out.stderr.as_str()),
        (0, "", ""),
        "{out:?}"
    );
    assert_eq!(reqs.len(), 1);
    reqs.into_iter().next().unwrap()
}

fn no_request(replies: Vec<Reply>, op: &str, args: &[&str], rc: i32, stderr: &str) {
    let (out, reqs) = call(replies, op, args);
    assert_eq!(out.stderr, stderr);
    assert_eq!(out.rc, rc, "{out:?}");
    assert_eq!(out.stdout, "");
    assert!(reqs.is_empty(), "nothing must be sent: {reqs:?}");
}

const FULL: [&str; 5] = [
    "--image-id",
    "wsi-123456789abc",
    "--allow-copy-image",
    "--shared-account-id",
    "123456789012",
];

// ---------------------------------------------------------------- skeletons

pub fn input_skeleton_is_exact_and_sends_nothing() {
    for args in [
        &["--generate-cli-skeleton"][..],
        &["--generate-cli-skeleton", "input"],
        &[
            "--generate-cli-skeleton",
            "--image-id",
            "wsi-x",
            "--output",
            "yaml",
            "--query",
            "@",
        ],
    ] {
        let (out, reqs) = call(vec![], UPDATE, args);
        assert_eq!(
            (out.rc, out.stdout.as_str(), out.stderr.as_str()),
            (0, UPDATE_SKELETON_INPUT, "")
        );
        assert!(reqs.is_empty());
    }
    let (out, reqs) = call(vec![], UPDATE, &["--generate-cli-skeleton", "yaml-input"]);
    assert_eq!(
        (out.rc, out.stdout.as_str(), out.stderr.as_str()),
        (0, UPDATE_SKELETON_YAML, "")
    );
    assert!(reqs.is_empty());
    let (out, _) = call(vec![], DESCRIBE, &["--generate-cli-skeleton"]);
    assert_eq!(out.stdout, DESCRIBE_SKELETON_INPUT);
}

pub fn skeleton_needs_no_credentials_or_region() {
    let out = run_env(
        &["workspaces", UPDATE, "--generate-cli-skeleton"],
        Default::default(),
    );
    assert_eq!(
        (out.rc, out.stdout.as_str(), out.stderr.as_str()),
        (0, UPDATE_SKELETON_INPUT, "")
    );
    let out = run_env(
        &[
            "workspaces",
            UPDATE,
            "--generate-cli-skeleton",
            "output",
            "--image-id",
            "a",
            "--no-allow-copy-image",
            "--shared-account-id",
            "b",
        ],
        Default::default(),
    );
    assert_eq!(
        (out.rc, out.stdout.as_str(), out.stderr.as_str()),
        (0, "", "")
    );
}

pub fn output_skeleton_validates_first() {
    no_request(
        vec![],
        UPDATE,
        &["--generate-cli-skeleton", "output"],
        252,
        &with_usage("the following arguments are required: --image-id, --shared-account-id"),
    );
    no_request(
        vec![],
        UPDATE,
        &[
            "--generate-cli-skeleton",
            "output",
            "--image-id",
            "wsi-1",
            "--shared-account-id",
            "1",
        ],
        252,
        &param_err(
            "Parameter validation failed:\nMissing required parameter in input: \"AllowCopyImage\"",
        ),
    );
    let mut args = vec!["--generate-cli-skeleton", "output"];
    args.extend_from_slice(&FULL);
    no_request(vec![], UPDATE, &args, 0, "");
    let (out, reqs) = call(
        vec![],
        DESCRIBE,
        &["--generate-cli-skeleton", "output", "--image-id", "wsi-1"],
    );
    assert_eq!(out.rc, 0);
    assert_eq!(
        out.stdout,
        "{\n    \"ImageId\": \"ImageId\",\n    \"ImagePermissions\": [\n        {\n            \"SharedAccountId\": \"SharedAccountId\"\n        }\n    ],\n    \"NextToken\": \"NextToken\"\n}\n"
    );
    assert!(reqs.is_empty());
}

pub fn skeleton_errors() {
    no_request(
        vec![],
        UPDATE,
        &["--generate-cli-skeleton", "--bogus"],
        252,
        &format!("\n{USAGE}\n{}", err_line("Unknown options: --bogus")),
    );
    no_request(
        vec![],
        UPDATE,
        &["--generate-cli-skeleton", "bogus"],
        252,
        &with_usage("argument --generate-cli-skeleton: Found invalid choice 'bogus'\n"),
    );
    no_request(
        vec![],
        UPDATE,
        &[
            "--generate-cli-skeleton",
            "input",
            "--cli-input-json",
            "{bad",
        ],
        252,
        &param_err("Error parsing parameter 'cli-input-json': Invalid JSON received."),
    );
}

// ---------------------------------------------------------------- the request on the wire

pub fn successful_call_sends_the_aws_cli_request() {
    let req = ok_update(&FULL);
    assert!(req.head.starts_with("POST / HTTP/1.1\r\n"), "{}", req.head);
    assert_eq!(
        req.header("X-Amz-Target").as_deref(),
        Some("WorkspacesService.UpdateWorkspaceImagePermission")
    );
    assert_eq!(
        req.header("Content-Type").as_deref(),
        Some("application/x-amz-json-1.1")
    );
    assert_eq!(req.header("Content-Length").as_deref(), Some("90"));
    assert!(
        req.header("Authorization")
            .unwrap()
            .contains("Credential=AKIDEXAMPLE/")
    );
    // botocore's feature ids: standard retries, the endpoint override, the default checksum
    // settings, credentials from the environment.
    let ua = req.header("User-Agent").unwrap();
    assert!(
        ua.contains(" m/E,N,Z,b,g cfg/retry-mode#standard md/prompt#off md/command#workspaces.update-workspace-image-permission"),
        "{ua}"
    );
    assert_eq!(
        req.text(),
        r#"{"ImageId": "wsi-123456789abc", "AllowCopyImage": true, "SharedAccountId": "123456789012"}"#
    );

    let req = ok_update(&[
        "--image-id",
        "wsi-123456789abc",
        "--no-allow-copy-image",
        "--shared-account-id",
        "123456789012",
    ]);
    assert_eq!(req.header("Content-Length").as_deref(), Some("91"));
    assert_eq!(
        req.text(),
        r#"{"ImageId": "wsi-123456789abc", "AllowCopyImage": false, "SharedAccountId": "123456789012"}"#
    );
}

pub fn body_is_ascii_escaped_and_in_model_order() {
    let req = ok_update(&[
        "--shared-account-id",
        "1",
        "--allow-copy-image",
        "--image-id",
        "wsi-ünï",
    ]);
    assert_eq!(
        req.text(),
        r#"{"ImageId": "wsi-\u00fcn\u00ef", "AllowCopyImage": true, "SharedAccountId": "1"}"#
    );
}

pub fn argument_parsing_rules() {
    // Last boolean wins, both ways.
    let req = ok_update(&[
        "--image-id",
        "a",
        "--allow-copy-image",
        "--no-allow-copy-image",
        "--shared-account-id",
        "1",
    ]);
    assert!(req.text().contains("\"AllowCopyImage\": false"));
    let req = ok_update(&[
        "--image-id",
        "a",
        "--no-allow-copy-image",
        "--allow-copy-image",
        "--shared-account-id",
        "1",
    ]);
    assert!(req.text().contains("\"AllowCopyImage\": true"));
    // Repeated option: last wins; --opt=value; empty and pattern-breaking values are sent.
    let req = ok_update(&[
        "--image-id",
        "first",
        "--image-id=",
        "--allow-copy-image",
        "--shared-account-id=abc",
    ]);
    assert_eq!(
        req.text(),
        r#"{"ImageId": "", "AllowCopyImage": true, "SharedAccountId": "abc"}"#
    );
    // A flag takes no value.
    no_request(
        vec![],
        UPDATE,
        &[
            "--image-id",
            "a",
            "--allow-copy-image",
            "false",
            "--shared-account-id",
            "1",
        ],
        252,
        &format!("\n{USAGE}\n{}", err_line("Unknown options: false")),
    );
    no_request(
        vec![],
        UPDATE,
        &[
            "--shared-account-id",
            "1",
            "--allow-copy-image",
            "--image-id",
        ],
        252,
        &with_usage("argument --image-id: expected one argument"),
    );
}

pub fn paramfile_values() {
    let dir = std::env::temp_dir().join(format!("awslice-cli-pf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("id.txt");
    std::fs::write(&f, "wsi-fromfile").unwrap();
    let arg = format!("file://{}", f.display());
    let req = ok_update(&[
        "--image-id",
        &arg,
        "--allow-copy-image",
        "--shared-account-id",
        "1",
    ]);
    assert_eq!(
        req.text(),
        r#"{"ImageId": "wsi-fromfile", "AllowCopyImage": true, "SharedAccountId": "1"}"#
    );
    let missing = format!("file://{}/nope.txt", dir.display());
    no_request(
        vec![],
        UPDATE,
        &[
            "--image-id",
            &missing,
            "--allow-copy-image",
            "--shared-account-id",
            "1",
        ],
        252,
        &param_err(&format!(
            "Error parsing parameter '--image-id': Unable to load paramfile {missing}: [Errno 2] No such file or directory: '{}/nope.txt'",
            dir.display()
        )),
    );
}

pub fn global_options_anywhere() {
    let server = capture(vec![]);
    let url = server.url();
    let out = run(&[
        "--region",
        "ap-south-1",
        "--endpoint-url",
        &url,
        "workspaces",
        "--debug",
        UPDATE,
        "--image-id",
        "a",
        "--output",
        "json",
        "--allow-copy-image",
        "--shared-account-id",
        "1",
    ]);
    assert_eq!((out.rc, out.stdout.as_str()), (0, ""), "{out:?}");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    assert!(
        reqs[0]
            .header("Authorization")
            .unwrap()
            .contains("/ap-south-1/workspaces/aws4_request")
    );
}

pub fn response_body_is_ignored_for_empty_output() {
    for body in [
        "not json",
        "",
        "{\"Unexpected\":\"field\"}",
        "{\"__type\":\"ResourceNotFoundException\",\"message\":\"x\"}",
    ] {
        let (out, reqs) = call(vec![Reply::json(200, body)], UPDATE, &FULL);
        assert_eq!(
            (out.rc, out.stdout.as_str(), out.stderr.as_str()),
            (0, "", ""),
            "{body}"
        );
        assert_eq!(reqs.len(), 1);
    }
}

// ---------------------------------------------------------------- input documents

pub fn cli_input_json_merge_order() {
    let cases = [
        (
            vec![
                "--cli-input-json",
                r#"{"ImageId":"wsi-fromstring01","AllowCopyImage":true,"SharedAccountId":"123456789012"}"#,
            ],
            r#"{"ImageId": "wsi-fromstring01", "AllowCopyImage": true, "SharedAccountId": "123456789012"}"#,
        ),
        (
            vec![
                "--cli-input-json",
                r#"{"SharedAccountId":"123456789012","AllowCopyImage":true,"ImageId":"wsi-reordered01"}"#,
            ],
            r#"{"SharedAccountId": "123456789012", "AllowCopyImage": true, "ImageId": "wsi-reordered01"}"#,
        ),
        (
            vec![
                "--cli-input-json",
                r#"{"AllowCopyImage":true,"ImageId":"wsi-jsonfirst01"}"#,
                "--shared-account-id",
                "123456789012",
            ],
            r#"{"SharedAccountId": "123456789012", "AllowCopyImage": true, "ImageId": "wsi-jsonfirst01"}"#,
        ),
        (
            vec![
                "--cli-input-json",
                r#"{"SharedAccountId":"111122223333","AllowCopyImage":false,"ImageId":"wsi-reordered01"}"#,
                "--image-id",
                "wsi-override0002",
                "--allow-copy-image",
            ],
            r#"{"ImageId": "wsi-override0002", "AllowCopyImage": true, "SharedAccountId": "111122223333"}"#,
        ),
        (
            vec![
                "--cli-input-json",
                "{}",
                "--image-id",
                "a",
                "--allow-copy-image",
                "--shared-account-id",
                "1",
            ],
            r#"{"ImageId": "a", "AllowCopyImage": true, "SharedAccountId": "1"}"#,
        ),
        (
            vec![
                "--cli-input-yaml",
                r#"{"ImageId":"wsi-y","AllowCopyImage":true,"SharedAccountId":"444455556666"}"#,
            ],
            r#"{"ImageId": "wsi-y", "AllowCopyImage": true, "SharedAccountId": "444455556666"}"#,
        ),
    ];
    for (args, body) in cases {
        let req = ok_update(&args);
        assert_eq!(req.text(), body, "{args:?}");
    }
}

pub fn cli_input_json_files() {
    let dir = std::env::temp_dir().join(format!("awslice-cli-in-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("in.json");
    std::fs::write(
        &f,
        r#"{"ImageId":"wsi-fromfile0001","AllowCopyImage":false,"SharedAccountId":"111122223333"}"#,
    )
    .unwrap();
    for scheme in ["file://", "fileb://"] {
        let arg = format!("{scheme}{}", f.display());
        let req = ok_update(&["--cli-input-json", &arg]);
        assert_eq!(
            req.text(),
            r#"{"ImageId": "wsi-fromfile0001", "AllowCopyImage": false, "SharedAccountId": "111122223333"}"#
        );
    }
    let arg = format!("file://{}", f.display());
    let req = ok_update(&[
        "--cli-input-json",
        &arg,
        "--image-id",
        "wsi-override0001",
        "--allow-copy-image",
    ]);
    assert_eq!(
        req.text(),
        r#"{"ImageId": "wsi-override0001", "AllowCopyImage": true, "SharedAccountId": "111122223333"}"#
    );
}

pub fn cli_input_errors() {
    let pv = "Parameter validation failed:\n";
    let cases: Vec<(Vec<&str>, String)> = vec![
        (vec!["--cli-input-json", r#"{"ImageId":"a","AllowCopyImage":true,"SharedAccountId":"1","Bogus":1}"#], format!("{pv}Unknown parameter in input: \"Bogus\", must be one of: ImageId, AllowCopyImage, SharedAccountId")),
        (vec!["--cli-input-json", r#"{"ImageId":"a","AllowCopyImage":"yes","SharedAccountId":111122223333}"#], format!("{pv}Invalid type for parameter AllowCopyImage, value: yes, type: <class 'str'>, valid types: <class 'bool'>\nInvalid type for parameter SharedAccountId, value: 111122223333, type: <class 'int'>, valid types: <class 'str'>")),
        (vec!["--cli-input-json", r#"{"ImageId":null,"AllowCopyImage":true,"SharedAccountId":"1"}"#], format!("{pv}Invalid type for parameter ImageId, value: None, type: <class 'NoneType'>, valid types: <class 'str'>")),
        (vec!["--cli-input-json", r#"{"ImageId":"a"}"#], format!("{pv}Missing required parameter in input: \"AllowCopyImage\"\nMissing required parameter in input: \"SharedAccountId\"")),
        (vec!["--cli-input-json", r#"{"ImageId":"wsi-1","#], "Error parsing parameter 'cli-input-json': Invalid JSON received.".to_owned()),
        (vec!["--cli-input-json", "[1,2]"], "Error parsing parameter '--cli-input-json': Invalid type: expecting map, received <class 'list'>".to_owned()),
        (vec!["--cli-input-json", "file://nope.json"], "Error parsing parameter '--cli-input-json': Unable to load paramfile file://nope.json: [Errno 2] No such file or directory: 'nope.json'".to_owned()),
        (vec!["--cli-input-json", "{}", "--cli-input-yaml", "{}"], "Only one --cli-input- parameter may be specified.".to_owned()),
        (vec!["--cli-input-yaml", "ImageId: [unclosed"], "Error parsing parameter 'cli-input-yaml': Invalid YAML received.".to_owned()),
        (vec!["--cli-input-yaml", "[1]"], "Error parsing parameter '--cli-input-yaml': Invalid type: expecting map, received <class 'list'>".to_owned()),
        (vec!["--cli-input-json", "ImageId: wsi-1"], "Error parsing parameter 'cli-input-json': Invalid JSON received.".to_owned()),
    ];
    for (args, msg) in cases {
        no_request(vec![], UPDATE, &args, 252, &param_err(&msg));
    }
}

// ---------------------------------------------------------------- usage and parameter errors

pub fn usage_errors() {
    no_request(
        vec![],
        UPDATE,
        &[],
        252,
        &with_usage("the following arguments are required: --image-id, --shared-account-id"),
    );
    no_request(
        vec![],
        UPDATE,
        &["--image-id", "a"],
        252,
        &with_usage("the following arguments are required: --shared-account-id"),
    );
    no_request(
        vec![],
        UPDATE,
        &["--image-id", "a", "--shared-account-id", "1"],
        252,
        &param_err(
            "Parameter validation failed:\nMissing required parameter in input: \"AllowCopyImage\"",
        ),
    );
    let mut args = FULL.to_vec();
    args.push("--bogus");
    no_request(
        vec![],
        UPDATE,
        &args,
        252,
        &format!("\n{USAGE}\n{}", err_line("Unknown options: --bogus")),
    );
    let mut args = FULL.to_vec();
    args.extend_from_slice(&["--bogus-flag", "x"]);
    no_request(
        vec![],
        UPDATE,
        &args,
        252,
        &format!(
            "\n{USAGE}\n{}",
            err_line("Unknown options: --bogus-flag, x")
        ),
    );
    let mut args = FULL.to_vec();
    args.extend_from_slice(&["--output", "xml"]);
    no_request(
        vec![],
        UPDATE,
        &args,
        252,
        &with_usage("argument --output: Found invalid choice 'xml'\n"),
    );
    // `help` is only help as the last word.
    no_request(
        vec![],
        UPDATE,
        &["help", "--image-id", "x"],
        252,
        &with_usage("the following arguments are required: --shared-account-id"),
    );
}

pub fn invalid_choices_suggest() {
    let out = run(&["workspaces", "update-workspace-image-permissions"]);
    assert_eq!(out.rc, 252);
    assert_eq!(
        out.stderr,
        with_usage(
            "argument operation: Found invalid choice 'update-workspace-image-permissions'\n\nMaybe you meant:\n\n  * update-workspace-image-permission\n  * describe-workspace-image-permissions"
        )
    );
    let out = run(&["workspacez", UPDATE]);
    assert_eq!(
        (out.rc, out.stderr),
        (
            252,
            with_usage(
                "argument command: Found invalid choice 'workspacez'\n\nMaybe you meant:\n\n  * workspaces"
            )
        )
    );
    let out = run(&["workspaces"]);
    assert_eq!(
        (out.rc, out.stderr),
        (
            252,
            with_usage("the following arguments are required: operation")
        )
    );
    let out = run(&[]);
    assert_eq!(
        (out.rc, out.stderr, out.stdout),
        (
            252,
            with_usage("the following arguments are required: command"),
            String::new()
        )
    );
}

// ---------------------------------------------------------------- service errors and retries

fn service_error(reply: Reply, stderr: &str) {
    let (out, reqs) = call(vec![reply], UPDATE, &FULL);
    assert_eq!(out.stderr, stderr);
    assert_eq!((out.rc, out.stdout.as_str()), (254, ""));
    assert_eq!(reqs.len(), 1);
}

fn op_err(code: &str, msg: &str) -> String {
    let text = format!(
        "An error occurred ({code}) when calling the UpdateWorkspaceImagePermission operation: {msg}"
    );
    err_line(text.trim())
}

pub fn service_errors() {
    service_error(
        Reply::json(
            400,
            r#"{"__type":"ResourceNotFoundException","message":"The image wsi-123456789abc could not be found.","ResourceId":"wsi-123456789abc"}"#,
        ),
        &format!(
            "{}\nAdditional error details:\nResourceId: wsi-123456789abc\n",
            op_err(
                "ResourceNotFoundException",
                "The image wsi-123456789abc could not be found."
            )
        ),
    );
    service_error(
        Reply::json(
            400,
            r#"{"__type":"com.amazonaws.workspaces#InvalidParameterValuesException","message":"The specified account ID is not valid."}"#,
        ),
        &op_err(
            "InvalidParameterValuesException",
            "The specified account ID is not valid.",
        ),
    );
    service_error(
        Reply::json(
            400,
            r#"{"__type":"ResourceNotFoundException:http://internal.amazon.com/coral/x","message":"m"}"#,
        ),
        &op_err("ResourceNotFoundException", "m"),
    );
    service_error(
        Reply::json(400, "{}").header(
            "X-Amzn-ErrorType",
            "AccessDeniedException:http://internal.amazon.com/coral/",
        ),
        &op_err("400", ""),
    );
    service_error(
        Reply::json(400, "").header("X-Amzn-ErrorType", "OperationNotSupportedException"),
        &op_err("400", ""),
    );
    service_error(
        Reply::json(
            400,
            r#"{"__type":"ResourceUnavailableException","Message":"capital M message"}"#,
        ),
        &op_err("ResourceUnavailableException", "capital M message"),
    );
    service_error(
        Reply::json(
            400,
            r#"{"__type":"OperationNotSupportedException","message":"not supported","reason":"SOME_REASON"}"#,
        ),
        &format!(
            "{}\nAdditional error details:\nreason: SOME_REASON\n",
            op_err("OperationNotSupportedException", "not supported")
        ),
    );
    service_error(
        Reply::json(
            400,
            r#"{"__type":"SomethingWeirdException","message":"weird"}"#,
        ),
        &op_err("SomethingWeirdException", "weird"),
    );
    service_error(
        Reply::json(400, r#"{"message":"no type here"}"#),
        &op_err("400", "no type here"),
    );
    service_error(
        Reply::json(
            400,
            r#"{"__type":"AccessDeniedException","errorMessage":"x"}"#,
        ),
        &op_err("AccessDeniedException", ""),
    );
    service_error(
        Reply::json(400, "<html>bad</html>"),
        &op_err("400", "<html>bad</html>"),
    );
    service_error(
        Reply::json(404, "<html>Not Found</html>"),
        &op_err("404", "<html>Not Found</html>"),
    );
    service_error(
        Reply::json(307, "").header("Location", "http://127.0.0.1:1/"),
        &op_err("307", ""),
    );
}

pub fn retried_errors_say_so() {
    let mut env = base_env();
    env.insert("AWS_MAX_ATTEMPTS".into(), "1".into());
    let (out, reqs) = call_env(
        vec![Reply::json(
            400,
            r#"{"__type":"AccessDeniedException","message":"no"}"#,
        )],
        UPDATE,
        &FULL,
        env,
    );
    assert_eq!((out.rc, out.stdout.as_str()), (254, ""));
    assert_eq!(
        out.stderr,
        err_line(
            "An error occurred (AccessDeniedException) when calling the UpdateWorkspaceImagePermission operation (reached max retries: 0): no"
        )
    );
    assert_eq!(reqs.len(), 1);
}

pub fn error_formats() {
    let rnf = r#"{"__type":"ResourceNotFoundException","message":"The image wsi-123456789abc could not be found.","ResourceId":"wsi-123456789abc"}"#;
    let mut args = FULL.to_vec();
    args.extend_from_slice(&["--cli-error-format", "legacy"]);
    let (out, _) = call(vec![Reply::json(400, rnf)], UPDATE, &args);
    assert_eq!(
        (out.rc, out.stderr),
        (
            254,
            op_err(
                "ResourceNotFoundException",
                "The image wsi-123456789abc could not be found."
            )
        )
    );
    let mut args = FULL.to_vec();
    args.extend_from_slice(&["--cli-error-format", "json"]);
    let (out, _) = call(vec![Reply::json(400, rnf)], UPDATE, &args);
    assert_eq!(out.rc, 254);
    assert_eq!(
        out.stderr,
        "{\n    \"Message\": \"The image wsi-123456789abc could not be found.\",\n    \"Code\": \"ResourceNotFoundException\",\n    \"message\": \"The image wsi-123456789abc could not be found.\",\n    \"ResourceId\": \"wsi-123456789abc\"\n}\n"
    );
    let (out, reqs) = call(
        vec![],
        UPDATE,
        &[
            "--image-id",
            "a",
            "--shared-account-id",
            "1",
            "--cli-error-format",
            "json",
        ],
    );
    assert_eq!(out.rc, 252);
    assert_eq!(
        out.stderr,
        "{\n    \"Code\": \"ParamValidation\",\n    \"Message\": \"Parameter validation failed:\\nMissing required parameter in input: \\\"AllowCopyImage\\\"\"\n}\n"
    );
    assert!(reqs.is_empty());
    let (out, _) = call(
        vec![],
        UPDATE,
        &[
            "--image-id",
            "a",
            "--shared-account-id",
            "1",
            "--cli-error-format",
            "legacy",
        ],
    );
    assert_eq!(
        (out.rc, out.stderr),
        (
            252,
            err_line(
                "Parameter validation failed:\nMissing required parameter in input: \"AllowCopyImage\""
            )
        )
    );
}

// ---------------------------------------------------------------- credentials, region, TLS and proxies

pub fn configuration_errors() {
    let mut env = base_env();
    env.remove("AWS_ACCESS_KEY_ID");
    env.remove("AWS_SECRET_ACCESS_KEY");
    let (out, reqs) = call_env(vec![], UPDATE, &FULL, env);
    assert_eq!(
        out.stderr,
        err_line(
            "An error occurred (NoCredentials): Unable to locate credentials. You can configure credentials by running \"aws login\"."
        )
    );
    assert_eq!((out.rc, reqs.len()), (253, 0));

    let mut env = base_env();
    env.remove("AWS_DEFAULT_REGION");
    let (out, reqs) = call_env(vec![], UPDATE, &FULL, env);
    assert_eq!(
        out.stderr,
        err_line(
            "An error occurred (NoRegion): You must specify a region. You can also configure your region by running \"aws configure\"."
        )
    );
    assert_eq!((out.rc, reqs.len()), (253, 0));

    let mut args = FULL.to_vec();
    args.extend_from_slice(&["--region", "bad region!"]);
    no_request(
        vec![],
        UPDATE,
        &args,
        255,
        &err_line("Provided region_name 'bad region!' doesn't match a supported format."),
    );
    let mut args = FULL.to_vec();
    args.extend_from_slice(&["--profile", "nosuch"]);
    no_request(
        vec![],
        UPDATE,
        &args,
        255,
        &err_line("The config profile (nosuch) could not be found"),
    );

    let out = run(&[
        "workspaces",
        UPDATE,
        "--image-id",
        "a",
        "--allow-copy-image",
        "--shared-account-id",
        "1",
        "--endpoint-url",
        "127.0.0.1:46299",
    ]);
    assert_eq!(
        (out.rc, out.stderr),
        (
            252,
            param_err(
                "Bad value for --endpoint-url \"127.0.0.1:46299\": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/"
            )
        )
    );

    // botocore's `is_valid_endpoint_url`: host names of ASCII letters, digits and hyphens
    // only; refused before any request, with the URL as given.
    for url in [
        "http://exämple.invalid:1",
        "http://under_score.invalid:1",
        "http://-dash.invalid:1",
        "http://dash-.invalid:1",
    ] {
        let out = run(&[
            "workspaces",
            UPDATE,
            "--image-id",
            "a",
            "--allow-copy-image",
            "--shared-account-id",
            "1",
            "--endpoint-url",
            url,
        ]);
        assert_eq!(
            (out.rc, out.stderr),
            (255, err_line(&format!("Invalid endpoint: {url}"))),
            "{url}"
        );
    }

    for (k, v, msg) in [
        (
            "AWS_RETRY_MODE",
            "legacy",
            "Invalid value provided to \"mode\": \"legacy\" must be one of: \"standard\" or \"adaptive\"",
        ),
        (
            "AWS_MAX_ATTEMPTS",
            "0",
            "Value provided to \"max_attempts\": 0 must be an integer greater than or equal to one.",
        ),
        (
            "AWS_MAX_ATTEMPTS",
            "abc",
            "invalid literal for int() with base 10: 'abc'",
        ),
    ] {
        let mut env = base_env();
        env.insert(k.into(), v.into());
        let (out, reqs) = call_env(vec![], UPDATE, &FULL, env);
        assert_eq!((out.rc, out.stderr, reqs.len()), (255, err_line(msg), 0));
    }
}

pub fn connection_refused() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut env = base_env();
    env.insert("AWS_MAX_ATTEMPTS".into(), "1".into());
    let url = format!("http://127.0.0.1:{port}");
    let mut args = vec!["workspaces", UPDATE];
    args.extend_from_slice(&FULL);
    args.extend_from_slice(&["--endpoint-url", &url]);
    let out = run_env(&args, env);
    assert_eq!((out.rc, out.stdout.as_str()), (255, ""));
    assert_eq!(
        out.stderr,
        err_line(&format!(
            "Could not connect to the endpoint URL: \"http://127.0.0.1:{port}/\""
        ))
    );
}

// ---------------------------------------------------------------- global options

pub fn no_sign_request_needs_no_credentials() {
    let mut env = base_env();
    env.remove("AWS_ACCESS_KEY_ID");
    env.remove("AWS_SECRET_ACCESS_KEY");
    let mut args = FULL.to_vec();
    args.push("--no-sign-request");
    let (out, reqs) = call_env(vec![], UPDATE, &args, env);
    assert_eq!(
        (out.rc, out.stdout.as_str(), out.stderr.as_str()),
        (0, "", "")
    );
    assert_eq!(reqs.len(), 1);
    assert!(reqs[0].header("Authorization").is_none());
    assert!(reqs[0].header("X-Amz-Date").is_none());
}

pub fn debug_logs_without_secrets() {
    let mut env = base_env();
    env.insert("AWS_SESSION_TOKEN".into(), "SeSsIoNtOkEn123".into());
    let mut args = FULL.to_vec();
    args.push("--debug");
    let (out, reqs) = call_env(vec![], UPDATE, &args, env);
    assert_eq!((out.rc, out.stdout.as_str()), (0, ""));
    assert_eq!(reqs.len(), 1);
    let first = out.stderr.lines().next().unwrap_or_default();
    assert!(
        first.contains(" - MainThread - awslice.clidriver - DEBUG - CLI version: awslice/"),
        "{first}"
    );
    assert!(out.stderr.contains("Arguments entered to CLI: ['workspaces', 'update-workspace-image-permission', '--image-id',"));
    assert!(out.stderr.lines().count() > 3, "{}", out.stderr);
    assert!(!out.stderr.contains("wJalrXUtnFEMI"), "secret printed");
    assert!(
        !out.stderr.contains("SeSsIoNtOkEn123"),
        "session token printed"
    );
    // The signing trace is there (the canonical request with the signed headers, the string to
    // sign), with the token redacted, as the AWS CLI's botocore.auth lines. Checked against the
    // real binary: in-process, tests on other threads race with tracing's per-callsite interest
    // cache (a scoped subscriber can miss an event whose callsite another thread registered
    // first), which a process with one subscriber never sees.
    if binary().is_some() {
        assert!(out.stderr.contains("CanonicalRequest:"), "{}", out.stderr);
        assert!(
            out.stderr
                .contains("content-type;host;x-amz-date;x-amz-security-token;x-amz-target"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("StringToSign:"), "{}", out.stderr);
    }
}

pub fn output_and_query_on_empty_result() {
    for fmt in ["json", "off"] {
        let mut args = FULL.to_vec();
        args.extend_from_slice(&["--output", fmt, "--query", "@"]);
        let (out, reqs) = call(vec![], UPDATE, &args);
        assert_eq!(
            (out.rc, out.stdout.as_str(), out.stderr.as_str(), reqs.len()),
            (0, "", "", 1),
            "{fmt}"
        );
    }
    let mut args = FULL.to_vec();
    args.extend_from_slice(&["--query", "foo["]);
    let (out, reqs) = call(vec![], UPDATE, &args);
    assert_eq!(out.rc, 252);
    assert!(
        out.stderr.starts_with(
            &param_err("Bad value for --query foo[: ")
                .trim_end()
                .to_owned()
        ),
        "{}",
        out.stderr
    );
    assert!(reqs.is_empty());
}

pub fn version() {
    for args in [&["--version"][..], &["workspaces", UPDATE, "--version"]] {
        let out = run_env(args, Default::default());
        assert_eq!((out.rc, out.stderr.as_str()), (0, ""));
        let line = out.stdout.strip_suffix('\n').unwrap();
        let parts: Vec<&str> = line.split(' ').collect();
        assert_eq!(parts[0], format!("awslice/{}", env!("CARGO_PKG_VERSION")));
        assert!(parts[1].starts_with("Rust/1."), "{line}");
        assert!(parts.last().unwrap().starts_with("source/"), "{line}");
    }
}

pub fn global_option_values() {
    let bad = |extra: &[&str], rc: i32, stderr: String| {
        let mut args = FULL.to_vec();
        args.extend_from_slice(extra);
        no_request(vec![], UPDATE, &args, rc, &stderr);
    };
    bad(
        &["--color", "bogus"],
        252,
        with_usage("argument --color: Found invalid choice 'bogus'\n"),
    );
    bad(
        &["--cli-binary-format", "hex"],
        252,
        with_usage("argument --cli-binary-format: Found invalid choice 'hex'\n"),
    );
    bad(
        &["--cli-read-timeout", "-5"],
        255,
        err_line(
            "Attempted to set read timeout to -5, but the timeout cannot be set to a value less than or equal to 0.",
        ),
    );
    bad(
        &["--cli-read-timeout", "abc"],
        255,
        err_line("invalid literal for int() with base 10: 'abc'"),
    );
    bad(
        &["--cli-connect-timeout", "1.5"],
        255,
        err_line("invalid literal for int() with base 10: '1.5'"),
    );
    bad(
        &["--cli-auto-prompt"],
        255,
        "Warning: Input is not a terminal (fd=0).\n\nawslice: [ERROR]:\n".to_owned(),
    );
    bad(
        &["--cli-auto-prompt", "--no-cli-auto-prompt"],
        252,
        param_err(
            "Both --cli-auto-prompt and --no-cli-auto-prompt cannot be specified at the same time.",
        ),
    );
    for extra in [
        &["--cli-read-timeout", "0"][..],
        &["--no-cli-auto-prompt"],
        &["--no-paginate"],
        &["--cli-binary-format", "base64"],
        &["--color", "on"],
        &["--no-cli-pager"],
    ] {
        let mut args = FULL.to_vec();
        args.extend_from_slice(extra);
        ok_update(&args);
    }
}

// ---------------------------------------------------------------- pagination (describe)

pub fn describe_parameters_and_output() {
    let body = r#"{"ImageId":"wsi-123456789abc","ImagePermissions":[{"SharedAccountId":"123456789012"},{"SharedAccountId":"210987654321"}],"NextToken":"tok-page-2","Extra":1}"#;
    let (out, reqs) = call(
        vec![Reply::json(200, body)],
        DESCRIBE,
        &["--image-id", "wsi-123456789abc"],
    );
    assert_eq!((out.rc, out.stderr.as_str()), (0, ""));
    assert_eq!(
        out.stdout,
        "{\n    \"ImageId\": \"wsi-123456789abc\",\n    \"ImagePermissions\": [\n        {\n            \"SharedAccountId\": \"123456789012\"\n        },\n        {\n            \"SharedAccountId\": \"210987654321\"\n        }\n    ],\n    \"NextToken\": \"tok-page-2\"\n}\n"
    );
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].text(), r#"{"ImageId": "wsi-123456789abc"}"#);
    assert_eq!(
        reqs[0].header("X-Amz-Target").as_deref(),
        Some("WorkspacesService.DescribeWorkspaceImagePermissions")
    );

    let (out, reqs) = call(
        vec![],
        DESCRIBE,
        &[
            "--max-results",
            "1",
            "--image-id",
            "wsi-1",
            "--next-token",
            "X",
        ],
    );
    assert_eq!(out.rc, 0);
    assert_eq!(
        reqs[0].text(),
        r#"{"ImageId": "wsi-1", "NextToken": "X", "MaxResults": 1}"#
    );
    let (_, reqs) = call(
        vec![],
        DESCRIBE,
        &["--image-id", "wsi-1", "--max-results", "26"],
    );
    assert_eq!(reqs[0].text(), r#"{"ImageId": "wsi-1", "MaxResults": 26}"#);
    no_request(
        vec![],
        DESCRIBE,
        &["--image-id", "wsi-1", "--max-results", "0"],
        252,
        &param_err(
            "Parameter validation failed:\nInvalid value for parameter MaxResults, value: 0, valid min value: 1",
        ),
    );
    no_request(
        vec![],
        DESCRIBE,
        &["--image-id", "wsi-1", "--max-results", "-1"],
        252,
        &param_err(
            "Parameter validation failed:\nInvalid value for parameter MaxResults, value: -1, valid min value: 1",
        ),
    );
    no_request(
        vec![],
        DESCRIBE,
        &["--image-id", "wsi-1", "--max-results", "abc"],
        255,
        &err_line("invalid literal for int() with base 10: 'abc'"),
    );
    no_request(
        vec![],
        DESCRIBE,
        &["--image-id", "wsi-1", "--max-items", "1"],
        252,
        &format!("\n{USAGE}\n{}", err_line("Unknown options: --max-items, 1")),
    );
    no_request(
        vec![],
        DESCRIBE,
        &["--image-id", "wsi-1", "--next-token", ""],
        252,
        &param_err(
            "Parameter validation failed:\nInvalid length for parameter NextToken, value: 0, valid min length: 1",
        ),
    );
}

// ---------------------------------------------------------------- formatters, query, YAML, profiles, pager

pub fn query_results_on_empty_output() {
    let cases = [
        ("json", "ImageId", "null\n"),
        ("json", "[ImageId]", "[\n    null\n]\n"),
        ("json", "{a:ImageId}", "{\n    \"a\": null\n}\n"),
        ("text", "ImageId", "None\n"),
        ("yaml", "ImageId", "null\n"),
        ("yaml", "{a:ImageId}", "a: null\n"),
        ("yaml-stream", "ImageId", "- null\n"),
        ("table", "ImageId", ""),
        ("off", "ImageId", ""),
    ];
    for (fmt, q, want) in cases {
        let mut args = FULL.to_vec();
        args.extend_from_slice(&["--output", fmt, "--query", q]);
        let (out, reqs) = call(vec![], UPDATE, &args);
        assert_eq!(
            (out.rc, out.stdout.as_str(), out.stderr.as_str(), reqs.len()),
            (0, want, "", 1),
            "{fmt} {q}"
        );
    }
    let mut args = FULL.to_vec();
    args.extend_from_slice(&["--output", "table", "--query", "{a:ImageId}"]);
    let (out, _) = call(vec![], UPDATE, &args);
    assert_eq!(
        out.stdout,
        "--------------------------------\n|UpdateWorkspaceImagePermission|\n+----------+-------------------+\n|  a       |  None             |\n+----------+-------------------+\n"
    );
}

pub fn bad_query_is_refused_before_sending() {
    let mut args = FULL.to_vec();
    args.extend_from_slice(&["--query", "foo["]);
    no_request(
        vec![],
        UPDATE,
        &args,
        252,
        &param_err(
            "Bad value for --query foo[: Invalid jmespath expression: Incomplete expression:\n\"foo[\"\n     ^",
        ),
    );
}

pub fn describe_in_every_format() {
    let body = r#"{"ImageId":"wsi-123456789abc","ImagePermissions":[{"SharedAccountId":"123456789012"},{"SharedAccountId":"210987654321"}]}"#;
    let cases = [
        (
            vec!["--output", "text"],
            "wsi-123456789abc\nIMAGEPERMISSIONS\t123456789012\nIMAGEPERMISSIONS\t210987654321\n",
        ),
        (
            vec!["--output", "yaml"],
            "ImageId: wsi-123456789abc\nImagePermissions:\n- SharedAccountId: '123456789012'\n- SharedAccountId: '210987654321'\n",
        ),
        (
            vec!["--output", "yaml-stream"],
            "- ImageId: wsi-123456789abc\n  ImagePermissions:\n  - SharedAccountId: '123456789012'\n  - SharedAccountId: '210987654321'\n",
        ),
        (
            vec!["--query", "ImagePermissions[].SharedAccountId"],
            "[\n    \"123456789012\",\n    \"210987654321\"\n]\n",
        ),
        (
            vec![
                "--output",
                "text",
                "--query",
                "ImagePermissions[].SharedAccountId",
            ],
            "123456789012\t210987654321\n",
        ),
        (
            vec!["--output", "table"],
            "-----------------------------------\n|DescribeWorkspaceImagePermissions|\n+----------+----------------------+\n|  ImageId |  wsi-123456789abc    |\n+----------+----------------------+\n||       ImagePermissions        ||\n|+-------------------------------+|\n||        SharedAccountId        ||\n|+-------------------------------+|\n||  123456789012                 ||\n||  210987654321                 ||\n|+-------------------------------+|\n",
        ),
    ];
    for (extra, want) in cases {
        let mut args = vec!["--image-id", "wsi-123456789abc"];
        args.extend_from_slice(&extra);
        let (out, reqs) = call(vec![Reply::json(200, body)], DESCRIBE, &args);
        assert_eq!(
            (out.rc, out.stdout.as_str(), out.stderr.as_str()),
            (0, want, ""),
            "{extra:?}"
        );
        assert_eq!(reqs.len(), 1);
    }
    // AWS_DEFAULT_OUTPUT picks the format when --output is absent.
    let mut env = base_env();
    env.insert("AWS_DEFAULT_OUTPUT".into(), "text".into());
    let (out, _) = call_env(
        vec![Reply::json(200, body)],
        DESCRIBE,
        &["--image-id", "wsi-1"],
        env,
    );
    assert_eq!(
        out.stdout,
        "wsi-123456789abc\nIMAGEPERMISSIONS\t123456789012\nIMAGEPERMISSIONS\t210987654321\n"
    );
}

pub fn cli_input_yaml_documents() {
    let dir = std::env::temp_dir().join(format!("awslice-cli-yaml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("in.yaml");
    std::fs::write(&f, "ImageId: wsi-fromyaml0001  # a comment\nAllowCopyImage: true\nSharedAccountId: \"444455556666\"\n").unwrap();
    let arg = format!("file://{}", f.display());
    let req = ok_update(&["--cli-input-yaml", &arg]);
    assert_eq!(
        req.text(),
        r#"{"ImageId": "wsi-fromyaml0001", "AllowCopyImage": true, "SharedAccountId": "444455556666"}"#
    );
    let pv = "Parameter validation failed:\n";
    no_request(
        vec![],
        UPDATE,
        &[
            "--cli-input-yaml",
            "ImageId: a\nAllowCopyImage: yes\nSharedAccountId: 123456789012\n",
        ],
        252,
        &param_err(&format!(
            "{pv}Invalid type for parameter AllowCopyImage, value: yes, type: <class 'str'>, valid types: <class 'bool'>\nInvalid type for parameter SharedAccountId, value: 123456789012, type: <class 'int'>, valid types: <class 'str'>"
        )),
    );
    no_request(
        vec![],
        UPDATE,
        &[
            "--cli-input-yaml",
            "ImageId: a\nAllowCopyImage: true\nSharedAccountId: '1'\nExtra: 1\n",
        ],
        252,
        &param_err(&format!(
            "{pv}Unknown parameter in input: \"Extra\", must be one of: ImageId, AllowCopyImage, SharedAccountId"
        )),
    );
}

pub fn profiles_from_shared_files() {
    let home = std::env::temp_dir().join(format!("awslice-cli-prof-{}", std::process::id()));
    std::fs::create_dir_all(home.join(".aws")).unwrap();
    std::fs::write(home.join(".aws/credentials"), "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\naws_session_token = devSessionToken123\n").unwrap();
    std::fs::write(
        home.join(".aws/config"),
        "[profile dev]\nregion = eu-west-2\noutput = text\n",
    )
    .unwrap();
    let mut env = base_env();
    env.insert("HOME".into(), home.to_string_lossy().into_owned());
    env.remove("AWS_DEFAULT_REGION");
    let mut args = FULL.to_vec();
    args.extend_from_slice(&["--profile", "dev", "--query", "{x:ImageId}"]);
    let (out, reqs) = call_env(vec![], UPDATE, &args, env);
    assert_eq!(
        (out.rc, out.stdout.as_str(), out.stderr.as_str()),
        (0, "None\n", "")
    );
    assert_eq!(reqs.len(), 1);
    let auth = reqs[0].header("Authorization").unwrap();
    assert!(
        auth.contains("Credential=AKIDDEV/") && auth.contains("/eu-west-2/workspaces/"),
        "{auth}"
    );
    assert_eq!(
        reqs[0].header("X-Amz-Security-Token").as_deref(),
        Some("devSessionToken123")
    );
}

pub fn pager_only_on_a_terminal() {
    let dir = std::env::temp_dir().join(format!("awslice-cli-pager-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("paged.txt");
    let body = r#"{"ImageId":"wsi-123456789abc"}"#;
    let server = capture(vec![Reply::json(200, body), Reply::json(200, body)]);
    let url = server.url();
    let mut env = base_env();
    env.insert("AWS_PAGER".into(), format!("tee {}", log.display()));
    env.insert("PATH".into(), std::env::var("PATH").unwrap_or_default());
    let args: Vec<std::ffi::OsString> = [
        "workspaces",
        DESCRIBE,
        "--image-id",
        "wsi-1",
        "--endpoint-url",
        &url,
    ]
    .iter()
    .map(Into::into)
    .collect();
    let (mut io, out, err) = awslice_cli::Io::captured(env.clone());
    io.stdout_is_tty = true;
    let rc = awslice_cli::run_with(&[service()], args.clone(), &mut io);
    assert_eq!(
        (rc, err.text(), out.text()),
        (0, String::new(), String::new())
    );
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "{\n    \"ImageId\": \"wsi-123456789abc\"\n}\n"
    );

    env.insert("AWS_PAGER".into(), "nonexistent-pager-xyz".into());
    let (mut io, out, err) = awslice_cli::Io::captured(env);
    io.stdout_is_tty = true;
    let rc = awslice_cli::run_with(&[service()], args, &mut io);
    assert_eq!(rc, 253);
    assert_eq!(out.text(), "");
    assert_eq!(
        err.text(),
        err_line(
            "An error occurred (Pager): Unable to redirect output to pager. Received the following error when opening pager:\n[Errno 2] No such file or directory: 'nonexistent-pager-xyz'\n\nLearn more about configuring the output pager by running \"awslice help config-vars\"."
        )
    );
}

pub fn help_pages() {
    let out = run_env(&["workspaces", UPDATE, "help"], Default::default());
    assert_eq!((out.rc, out.stderr.as_str()), (0, ""));
    assert!(
        out.stdout
            .contains("\nNAME\n       update-workspace-image-permission -\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("          --allow-copy-image | --no-allow-copy-image\n")
    );
    assert!(out.stdout.contains("\nOUTPUT\n       None\n\n\n\n"));
    let out = run_env(&["workspaces", "help"], Default::default());
    assert!(
        out.stdout
            .contains("o describe-workspace-image-permissions")
    );
    let out = run_env(&["help"], Default::default());
    assert!(out.stdout.contains("o workspaces"));
}

pub fn ctrl_c_while_waiting_exits_130() {
    let server = capture(vec![Reply::hang()]);
    let url = server.url();
    let args: Vec<std::ffi::OsString> = [
        "workspaces",
        UPDATE,
        "--image-id",
        "a",
        "--allow-copy-image",
        "--shared-account-id",
        "1",
        "--endpoint-url",
        &url,
    ]
    .iter()
    .map(Into::into)
    .collect();
    let (mut io, out, err) = awslice_cli::Io::captured(base_env());
    io.handle_sigint = true;
    let waiter = std::thread::spawn(move || {
        // Once the request has arrived the command is waiting: interrupt it.
        for _ in 0..500 {
            if !server.requests().is_empty() {
                let status = std::process::Command::new("kill")
                    .args(["-INT", &std::process::id().to_string()])
                    .status();
                assert!(status.is_ok_and(|s| s.success()), "could not send SIGINT");
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        false
    });
    let rc = awslice_cli::run_with(&[service()], args, &mut io);
    assert!(waiter.join().unwrap(), "the request never arrived");
    assert_eq!(
        (rc, out.text(), err.text()),
        (130, "\n".to_owned(), String::new())
    );
}

pub fn error_formats_yaml_and_text() {
    let rnf = r#"{"__type":"ResourceNotFoundException","message":"The image wsi-123456789abc could not be found.","ResourceId":"wsi-123456789abc"}"#;
    let m = "The image wsi-123456789abc could not be found.";
    for (fmt, want) in [
        (
            "yaml",
            format!(
                "Code: ResourceNotFoundException\nMessage: {m}\nResourceId: wsi-123456789abc\nmessage: {m}\n"
            ),
        ),
        (
            "text",
            format!("ResourceNotFoundException\t{m}\twsi-123456789abc\t{m}\n"),
        ),
    ] {
        let mut args = FULL.to_vec();
        args.extend_from_slice(&["--cli-error-format", fmt]);
        let (out, _) = call(vec![Reply::json(400, rnf)], UPDATE, &args);
        assert_eq!(
            (out.rc, out.stdout.as_str(), out.stderr),
            (254, "", want),
            "{fmt}"
        );
    }
}

pub fn auto_prompt_on_partial() {
    let mut env = base_env();
    env.insert("AWS_CLI_AUTO_PROMPT".into(), "on-partial".into());
    // A complete command runs normally.
    let (out, reqs) = call_env(vec![], UPDATE, &FULL, env.clone());
    assert_eq!(
        (out.rc, out.stdout.as_str(), out.stderr.as_str(), reqs.len()),
        (0, "", "", 1)
    );
    // An incomplete one goes to the prompt, which needs a terminal.
    let (out, reqs) = call_env(vec![], UPDATE, &["--image-id", "a"], env.clone());
    assert_eq!(
        (out.rc, out.stdout.as_str(), out.stderr.as_str(), reqs.len()),
        (
            255,
            "",
            "Warning: Input is not a terminal (fd=0).\n\nawslice: [ERROR]:\n",
            0
        )
    );
    env.insert("AWS_CLI_AUTO_PROMPT".into(), "on".into());
    let (out, reqs) = call_env(vec![], UPDATE, &FULL, env);
    assert_eq!((out.rc, reqs.len()), (255, 0));
}

/// Expands to one `#[test]` per case of the CLI suite. `cli_suite!()` runs the engine
/// in-process; `cli_suite!(binary = env!("CARGO_BIN_EXE_awslice"))` runs the real binary.
#[macro_export]
macro_rules! cli_suite {
    () => {
        $crate::cli_suite!(@list None::<&'static str>);
    };
    (binary = $path:expr) => {
        $crate::cli_suite!(@list Some($path));
    };
    (@list $binary:expr) => {
        $crate::cli_suite!(@cases $binary; input_skeleton_is_exact_and_sends_nothing, skeleton_needs_no_credentials_or_region, output_skeleton_validates_first, skeleton_errors, successful_call_sends_the_aws_cli_request, body_is_ascii_escaped_and_in_model_order, argument_parsing_rules, paramfile_values, global_options_anywhere, response_body_is_ignored_for_empty_output, cli_input_json_merge_order, cli_input_json_files, cli_input_errors, usage_errors, invalid_choices_suggest, service_errors, retried_errors_say_so, error_formats, configuration_errors, connection_refused, no_sign_request_needs_no_credentials, debug_logs_without_secrets, output_and_query_on_empty_result, version, global_option_values, describe_parameters_and_output, query_results_on_empty_output, bad_query_is_refused_before_sending, describe_in_every_format, cli_input_yaml_documents, profiles_from_shared_files, pager_only_on_a_terminal, help_pages, ctrl_c_while_waiting_exits_130, error_formats_yaml_and_text, auto_prompt_on_partial);
    };
    (@cases $binary:expr; $($case:ident),*) => {
        $(
            #[test]
            fn $case() {
                if let Some(path) = $binary {
                    $crate::cli::use_binary(path);
                }
                $crate::cli::cases::$case();
            }
        )*
    };
}
