//! The AWS CLI's auto-pagination (docs/compat.md#pagination, and botocore's `PageIterator`),
//! on a hand-written paginated
//! operation run in-process against the loopback capture server.

use awslice_test_support::cli as support;

use std::ffi::OsString;

use awslice_cli::schema::*;
use support::{Reply, Request, base_env, capture, run};

const fn string(name: &'static str) -> ShapeDef {
    ShapeDef {
        name,
        kind: ShapeKind::String {
            enum_values: &[],
            min_len: Some(1),
            max_len: None,
            pattern: None,
        },
        doc: "",
        sensitive: false,
        xml_name: None,
        xml_namespace: None,
    }
}

const fn member(name: &'static str, target: ShapeIdx) -> MemberDef {
    MemberDef {
        name,
        json_name: None,
        target,
        required: false,
        doc: "",
        idempotency_token: false,
        deprecated: false,
        wire: MemberWire::BODY,
    }
}

static SHAPES: [ShapeDef; 6] = [
    ShapeDef {
        name: "ListThingsRequest",
        kind: ShapeKind::Structure {
            members: &[
                member("Filter", 1),
                member("NextToken", 1),
                member("MaxResults", 2),
            ],
            error: None,
            error_code: None,
        },
        doc: "",
        sensitive: false,
        xml_name: None,
        xml_namespace: None,
    },
    string("Text"),
    ShapeDef {
        name: "Limit",
        kind: ShapeKind::Integer {
            min: Some(1),
            max: Some(25),
        },
        doc: "",
        sensitive: false,
        xml_name: None,
        xml_namespace: None,
    },
    ShapeDef {
        name: "ListThingsResult",
        kind: ShapeKind::Structure {
            members: &[
                member("Owner", 1),
                member("Things", 4),
                member("NextToken", 1),
            ],
            error: None,
            error_code: None,
        },
        doc: "",
        sensitive: false,
        xml_name: None,
        xml_namespace: None,
    },
    ShapeDef {
        name: "ThingList",
        kind: ShapeKind::List {
            member: 5,
            min_len: None,
            max_len: None,
            member_xml_name: None,
            member_xml_namespace: None,
        },
        doc: "",
        sensitive: false,
        xml_name: None,
        xml_namespace: None,
    },
    ShapeDef {
        name: "Thing",
        kind: ShapeKind::Structure {
            members: &[member("Name", 1)],
            error: None,
            error_code: None,
        },
        doc: "",
        sensitive: false,
        xml_name: None,
        xml_namespace: None,
    },
];

const fn param(cli_name: &'static str, member: &'static str, shape: ShapeIdx) -> ParamDef {
    ParamDef {
        cli_name,
        member,
        shape,
        required: false,
        doc: "",
    }
}

static PARAMS: [ParamDef; 3] = [
    param("filter", "Filter", 1),
    param("next-token", "NextToken", 1),
    param("max-results", "MaxResults", 2),
];

static OPERATIONS: [OperationDef; 1] = [OperationDef {
    wire: Operation {
        name: "ListThings",
        input: Some(0),
        output: Some(3),
        errors: &[],
        http: Http::RPC,
        host_prefix: None,
        auth: Auth::SigV4,
        rules: &awslice_runtime::schema::OperationRules::NONE,
    },
    cli_name: "list-things",
    doc: "Lists things.",
    params: &PARAMS,
    paginator: Some(PaginatorDef {
        input_tokens: &["NextToken"],
        output_tokens: &["NextToken"],
        limit_key: Some("MaxResults"),
        result_keys: &["Things"],
        more_results: None,
        non_aggregate_keys: &[],
    }),
    deprecated: false,
    skeleton_input: "{\n    \"Filter\": \"\",\n    \"NextToken\": \"\",\n    \"MaxResults\": 0\n}\n",
    skeleton_yaml_input: "Filter: ''\nNextToken: ''\nMaxResults: 0\n",
    skeleton_output: "{}",
}];

/// A paginated service, sharing the WorkSpaces test table's runtime metadata.
fn paged_service() -> &'static ServiceDef {
    static SVC: std::sync::OnceLock<&'static ServiceDef> = std::sync::OnceLock::new();
    SVC.get_or_init(|| {
        Box::leak(Box::new(ServiceDef {
            cli_name: "things",
            meta: support::service().meta,
            doc: "A paginated test service.",
            operations: &OPERATIONS,
            shapes: &SHAPES,
        }))
    })
}

struct Out {
    rc: i32,
    stdout: String,
    stderr: String,
    bodies: Vec<String>,
}

/// Runs `things list-things ARGS --endpoint-url <server>` in-process.
fn list(replies: Vec<Reply>, args: &[&str]) -> Out {
    let server = capture(replies);
    let url = server.url();
    let mut full: Vec<OsString> = ["things", "list-things"]
        .iter()
        .chain(args)
        .map(OsString::from)
        .collect();
    full.extend([OsString::from("--endpoint-url"), OsString::from(url)]);
    let (mut io, out, err) = awslice_cli::Io::captured(base_env());
    let rc = awslice_cli::run_with(&[support::service(), paged_service()], full, &mut io);
    let reqs: Vec<Request> = server.requests();
    for r in &reqs {
        assert_eq!(
            r.header("X-Amz-Target").as_deref(),
            Some("WorkspacesService.ListThings")
        );
    }
    Out {
        rc,
        stdout: out.text(),
        stderr: err.text(),
        bodies: reqs.into_iter().map(|r| r.text().to_owned()).collect(),
    }
}

const PAGE1: &str = r#"{"Owner":"me","Things":[{"Name":"a"},{"Name":"b"}],"NextToken":"tok2"}"#;
const PAGE2: &str = r#"{"Owner":"me","Things":[{"Name":"c"}]}"#;

fn two_pages() -> Vec<Reply> {
    vec![Reply::json(200, PAGE1), Reply::json(200, PAGE2)]
}

fn ok(out: &Out) {
    assert_eq!((out.rc, out.stderr.as_str()), (0, ""), "{}", out.stdout);
}

const MERGED_ABC: &str = "{\n    \"Things\": [\n        {\n            \"Name\": \"a\"\n        },\n        {\n            \"Name\": \"b\"\n        },\n        {\n            \"Name\": \"c\"\n        }\n    ]\n}\n";

#[test]
fn default_follows_tokens_and_merges_the_items() {
    let out = list(two_pages(), &[]);
    ok(&out);
    assert_eq!(out.bodies, ["{}", r#"{"NextToken": "tok2"}"#]);
    // Only the result list: the output token and the other members are dropped.
    assert_eq!(out.stdout, MERGED_ABC);
}

#[test]
fn other_parameters_keep_their_place_before_the_token() {
    let out = list(two_pages(), &["--filter", "x"]);
    ok(&out);
    assert_eq!(
        out.bodies,
        [
            r#"{"Filter": "x"}"#,
            r#"{"Filter": "x", "NextToken": "tok2"}"#
        ]
    );
}

#[test]
fn no_paginate_sends_one_request_and_prints_the_raw_page() {
    let out = list(two_pages(), &["--no-paginate"]);
    ok(&out);
    assert_eq!(out.bodies, ["{}"]);
    assert_eq!(
        out.stdout,
        "{\n    \"Owner\": \"me\",\n    \"Things\": [\n        {\n            \"Name\": \"a\"\n        },\n        {\n            \"Name\": \"b\"\n        }\n    ],\n    \"NextToken\": \"tok2\"\n}\n"
    );
}

#[test]
fn a_manual_token_or_limit_turns_paging_off() {
    let out = list(two_pages(), &["--max-results", "5"]);
    ok(&out);
    assert_eq!(out.bodies, [r#"{"MaxResults": 5}"#]);
    assert!(
        out.stdout.contains("\"NextToken\": \"tok2\""),
        "{}",
        out.stdout
    );
}

#[test]
fn page_size_sets_the_limit_in_every_request() {
    let out = list(two_pages(), &["--page-size", "1"]);
    ok(&out);
    assert_eq!(
        out.bodies,
        [
            r#"{"MaxResults": 1}"#,
            r#"{"MaxResults": 1, "NextToken": "tok2"}"#
        ]
    );
    assert_eq!(out.stdout, MERGED_ABC);
}

#[test]
fn max_items_on_a_page_boundary_gives_the_plain_resume_token() {
    let replies = vec![
        Reply::json(200, r#"{"Things":[{"Name":"a"}],"NextToken":"tok2"}"#),
        Reply::json(200, PAGE2),
    ];
    let out = list(replies, &["--max-items", "1"]);
    ok(&out);
    assert_eq!(out.bodies, ["{}"]);
    // The reference's token: base64 of `{"NextToken": "tok2"}`.
    assert_eq!(
        out.stdout,
        "{\n    \"Things\": [\n        {\n            \"Name\": \"a\"\n        }\n    ],\n    \"NextToken\": \"eyJOZXh0VG9rZW4iOiAidG9rMiJ9\"\n}\n"
    );
}

#[test]
fn max_items_inside_a_page_adds_the_truncate_amount() {
    let out = list(two_pages(), &["--max-items", "1"]);
    ok(&out);
    assert_eq!(out.bodies, ["{}"]);
    // base64 of `{"NextToken": null, "boto_truncate_amount": 1}` (as botocore encodes it).
    assert_eq!(
        out.stdout,
        "{\n    \"Things\": [\n        {\n            \"Name\": \"a\"\n        }\n    ],\n    \"NextToken\": \"eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==\"\n}\n"
    );
}

#[test]
fn max_items_across_pages() {
    let out = list(two_pages(), &["--max-items", "3", "--output", "text"]);
    ok(&out);
    assert_eq!(out.bodies, ["{}", r#"{"NextToken": "tok2"}"#]);
    // The text formatter prints page by page.
    assert_eq!(out.stdout, "THINGS\ta\nTHINGS\tb\nTHINGS\tc\n");
}

#[test]
fn starting_token_resumes() {
    let out = list(
        vec![Reply::json(200, PAGE2)],
        &["--starting-token", "eyJOZXh0VG9rZW4iOiAidG9rMiJ9"],
    );
    ok(&out);
    assert_eq!(out.bodies, [r#"{"NextToken": "tok2"}"#]);
    assert_eq!(
        out.stdout,
        "{\n    \"Things\": [\n        {\n            \"Name\": \"c\"\n        }\n    ]\n}\n"
    );
}

#[test]
fn starting_token_with_truncate_amount_skips_the_items_already_seen() {
    let out = list(
        two_pages(),
        &[
            "--starting-token",
            "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==",
            "--page-size",
            "2",
        ],
    );
    ok(&out);
    assert_eq!(
        out.bodies,
        [
            r#"{"MaxResults": 2}"#,
            r#"{"MaxResults": 2, "NextToken": "tok2"}"#
        ]
    );
    assert_eq!(
        out.stdout,
        "{\n    \"Things\": [\n        {\n            \"Name\": \"b\"\n        },\n        {\n            \"Name\": \"c\"\n        }\n    ]\n}\n"
    );
}

#[test]
fn a_plain_starting_token_is_the_deprecated_form() {
    let out = list(vec![Reply::json(200, PAGE2)], &["--starting-token", "tok2"]);
    ok(&out);
    assert_eq!(out.bodies, [r#"{"NextToken": "tok2"}"#]);
}

#[test]
fn a_repeated_token_stops_with_botocores_error() {
    let replies = vec![
        Reply::json(200, PAGE1),
        Reply::json(200, r#"{"Things":[{"Name":"c"}],"NextToken":"tok2"}"#),
        Reply::json(200, PAGE2),
    ];
    let out = list(replies, &[]);
    assert_eq!(out.rc, 255);
    assert_eq!(out.bodies.len(), 2);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "\nawslice: [ERROR]: Error during pagination: The same next token was received twice: {'NextToken': 'tok2'}\n"
    );
}

#[test]
fn paging_options_conflict_with_no_paginate() {
    let out = list(two_pages(), &["--no-paginate", "--max-items", "1"]);
    assert_eq!(out.rc, 255);
    assert!(out.bodies.is_empty());
    assert_eq!(
        out.stderr,
        "\nawslice: [ERROR]: Error during pagination: Cannot specify --no-paginate along with pagination arguments: --max-items\n"
    );
    // A zero count is falsy in Python: no conflict, one raw request.
    let out = list(two_pages(), &["--no-paginate", "--page-size", "0"]);
    assert_eq!(out.bodies, ["{}"]);
}

#[test]
fn non_positive_max_items_warns() {
    let out = list(two_pages(), &["--max-items", "0"]);
    assert_eq!(out.rc, 0);
    assert_eq!(out.bodies, ["{}"]);
    assert_eq!(
        out.stderr,
        "warning: Non-positive values for --max-items may result in undefined behavior.\n"
    );
    // base64 of `{"NextToken": null, "boto_truncate_amount": 0}`.
    assert_eq!(
        out.stdout,
        "{\n    \"Things\": [],\n    \"NextToken\": \"eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAwfQ==\"\n}\n"
    );
}

#[test]
fn counts_are_argparse_ints() {
    // argparse's `type=int`: a usage error.
    let out = list(two_pages(), &["--max-items", "abc"]);
    assert_eq!(out.rc, 252);
    assert!(out.bodies.is_empty());
    assert_eq!(
        out.stderr,
        format!(
            "\nawslice: [ERROR]: An error occurred (ParamValidation): argument --max-items: invalid int value: 'abc'\n\n{}",
            support::USAGE
        )
    );
    // Python's `int()` accepts blanks and underscores.
    let out = list(two_pages(), &["--page-size", " 1_0 "]);
    assert_eq!(out.rc, 0, "{}", out.stderr);
    assert_eq!(out.bodies[0], r#"{"MaxResults": 10}"#);
}

#[test]
fn page_size_is_validated_as_the_limit_member() {
    let out = list(two_pages(), &["--page-size", "0"]);
    assert_eq!(out.rc, 252);
    assert!(out.bodies.is_empty());
    assert!(
        out.stderr
            .contains("Invalid value for parameter MaxResults, value: 0, valid min value: 1"),
        "{}",
        out.stderr
    );
}

#[test]
fn non_paginated_operations_have_no_paging_options() {
    for opt in ["--max-items", "--page-size", "--starting-token"] {
        let out = run(&[
            "workspaces",
            "describe-workspace-image-permissions",
            "--image-id",
            "wsi-123456789abc",
            opt,
            "1",
        ]);
        assert_eq!(out.rc, 252);
        assert_eq!(out.stdout, "");
        assert_eq!(
            out.stderr,
            format!(
                "\n{}\n\nawslice: [ERROR]: Unknown options: {opt}, 1\n",
                support::USAGE
            )
        );
    }
}

#[test]
fn help_lists_the_paging_options_only_for_paginated_operations() {
    let out = list(vec![], &["help"]);
    assert_eq!(out.rc, 0, "{}", out.stderr);
    assert!(out.bodies.is_empty(), "help sends nothing");
    let synopsis = "          [--cli-input-json | --cli-input-yaml]\n          [--starting-token <value>]\n          [--page-size <value>]\n          [--max-items <value>]\n          [--generate-cli-skeleton <value>]\n";
    assert!(out.stdout.contains(synopsis), "{}", out.stdout);
    assert!(
        out.stdout.contains("       --max-items (integer)\n"),
        "{}",
        out.stdout
    );

    let (mut io, stdout, _) = awslice_cli::Io::captured(base_env());
    let args = ["workspaces", "describe-workspace-image-permissions", "help"];
    let rc = awslice_cli::run_with(
        &[support::service()],
        args.iter().map(OsString::from).collect(),
        &mut io,
    );
    assert_eq!(rc, 0);
    let text = stdout.text();
    assert!(text.contains("[--generate-cli-skeleton <value>]"), "{text}");
    assert!(
        !text.contains("--max-items") && !text.contains("--starting-token"),
        "{text}"
    );
}
