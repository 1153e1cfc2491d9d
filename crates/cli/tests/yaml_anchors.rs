//! YAML anchors for `--query` results that hold one object twice (docs/compat.md#output-formats,
//! object identity), and `--output yaml-stream` page by page
//! (`StreamedYAMLFormatter`: every page as is, `--query` applied to each, each its own
//! document), run in-process against the loopback capture server.

use awslice_test_support::cli as support;

use std::ffi::OsString;

use awslice_cli::schema::*;
use support::{Reply, base_env, capture, run};

const DESCRIBE: &str =
    r#"{"ImageId":"wsi-1","ImagePermissions":[{"SharedAccountId":"123456789012"}]}"#;

/// `workspaces describe-workspace-image-permissions --image-id wsi-123456789abc ARGS`.
fn describe(args: &[&str]) -> support::Outcome {
    let server = capture(vec![Reply::json(200, DESCRIBE)]);
    let url = server.url();
    let mut full = vec![
        "workspaces",
        "describe-workspace-image-permissions",
        "--image-id",
        "wsi-123456789abc",
    ];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--endpoint-url", &url]);
    let out = run(&full);
    assert_eq!(server.requests().len(), 1, "one request: {out:?}");
    out
}

fn stdout_of(args: &[&str]) -> String {
    let out = describe(args);
    assert_eq!((out.rc, out.stderr.as_str()), (0, ""), "{out:?}");
    out.stdout
}

#[test]
fn the_recorded_aws_cli_outputs() {
    assert_eq!(
        stdout_of(&[
            "--query",
            "[ImagePermissions, ImagePermissions]",
            "--output",
            "yaml"
        ]),
        "- &id001\n  - SharedAccountId: '123456789012'\n- *id001\n"
    );
    assert_eq!(
        stdout_of(&[
            "--query",
            "{b: ImagePermissions[0], a: ImagePermissions[0], c: ImageId}",
            "--output",
            "yaml"
        ]),
        "a: &id001\n  SharedAccountId: '123456789012'\nb: *id001\nc: wsi-1\n"
    );
}

#[test]
fn yaml_stream_anchors_inside_the_one_item_list() {
    assert_eq!(
        stdout_of(&[
            "--query",
            "[ImagePermissions, ImagePermissions]",
            "--output",
            "yaml-stream"
        ]),
        "- - &id001\n    - SharedAccountId: '123456789012'\n  - *id001\n"
    );
}

#[test]
fn the_whole_response_twice_and_nested_sharing() {
    assert_eq!(
        stdout_of(&["--query", "[@, @]", "--output", "yaml"]),
        "- &id001\n  ImageId: wsi-1\n  ImagePermissions:\n  - SharedAccountId: '123456789012'\n- *id001\n"
    );
    // Ids count second encounters: under `k` the element is met again before the list, so
    // the element is id001 although the list's anchor is written first.
    assert_eq!(
        stdout_of(&[
            "--query",
            "{j: ImagePermissions, k: [ImagePermissions[0], ImagePermissions]}",
            "--output",
            "yaml"
        ]),
        "j: &id002\n- &id001\n  SharedAccountId: '123456789012'\nk:\n- *id001\n- *id002\n"
    );
}

#[test]
fn other_formats_repeat_the_object() {
    assert_eq!(
        stdout_of(&[
            "--query",
            "[ImagePermissions, ImagePermissions]",
            "--output",
            "json"
        ]),
        "[\n    [\n        {\n            \"SharedAccountId\": \"123456789012\"\n        }\n    ],\n    [\n        {\n            \"SharedAccountId\": \"123456789012\"\n        }\n    ]\n]\n"
    );
    assert_eq!(
        stdout_of(&[
            "--query",
            "[ImagePermissions, ImagePermissions]",
            "--output",
            "text"
        ]),
        "123456789012\n123456789012\n"
    );
}

#[test]
fn no_query_and_distinct_objects_have_no_anchors() {
    assert_eq!(
        stdout_of(&["--output", "yaml"]),
        "ImageId: wsi-1\nImagePermissions:\n- SharedAccountId: '123456789012'\n"
    );
    // A projection builds new lists (never anchored) holding the same element objects.
    assert_eq!(
        stdout_of(&[
            "--query",
            "[ImagePermissions[*], ImagePermissions[*]]",
            "--output",
            "yaml"
        ]),
        "- - &id001\n    SharedAccountId: '123456789012'\n- - *id001\n"
    );
}

// ---- A paginated operation (the same shape as `tests/pagination.rs`'s ListThings). ----

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

const fn structure(name: &'static str, members: &'static [MemberDef]) -> ShapeDef {
    ShapeDef {
        name,
        kind: ShapeKind::Structure {
            members,
            error: None,
            error_code: None,
        },
        doc: "",
        sensitive: false,
        xml_name: None,
        xml_namespace: None,
    }
}

static SHAPES: [ShapeDef; 5] = [
    structure(
        "ListThingsRequest",
        &[member("NextToken", 1), member("MaxResults", 2)],
    ),
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
    structure(
        "ListThingsResult",
        &[
            member("Owner", 1),
            member("Things", 4),
            member("NextToken", 1),
        ],
    ),
    ShapeDef {
        name: "ThingList",
        kind: ShapeKind::List {
            member: 1,
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
];

static PARAMS: [ParamDef; 2] = [
    ParamDef {
        cli_name: "next-token",
        member: "NextToken",
        shape: 1,
        required: false,
        doc: "",
    },
    ParamDef {
        cli_name: "max-results",
        member: "MaxResults",
        shape: 2,
        required: false,
        doc: "",
    },
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
    skeleton_input: "{\n    \"NextToken\": \"\",\n    \"MaxResults\": 0\n}\n",
    skeleton_yaml_input: "NextToken: ''\nMaxResults: 0\n",
    skeleton_output: "{}",
}];

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

/// Runs `things list-things ARGS` against `pages`; returns (rc, stdout, stderr, requests).
fn list(pages: &[&str], args: &[&str]) -> (i32, String, String, usize) {
    let server = capture(pages.iter().map(|p| Reply::json(200, p)).collect());
    let mut full: Vec<OsString> = ["things", "list-things"]
        .iter()
        .chain(args)
        .map(OsString::from)
        .collect();
    full.extend([
        OsString::from("--endpoint-url"),
        OsString::from(server.url()),
    ]);
    let (mut io, out, err) = awslice_cli::Io::captured(base_env());
    let rc = awslice_cli::run_with(&[support::service(), paged_service()], full, &mut io);
    (rc, out.text(), err.text(), server.requests().len())
}

const PAGE1: &str = r#"{"Owner":"me","Things":["a","b"],"NextToken":"tok2"}"#;
const PAGE2: &str = r#"{"Owner":"me","Things":["c"],"NextToken":"tok3"}"#;

#[test]
fn yaml_stream_prints_every_page_as_is() {
    let (rc, out, err, n) = list(&[PAGE1, PAGE2, "{}"], &["--output", "yaml-stream"]);
    assert_eq!((rc, err.as_str(), n), (0, "", 3));
    // Each page with its own token and other members; the empty last page is `- {}`.
    assert_eq!(
        out,
        "- NextToken: tok2\n  Owner: me\n  Things:\n  - a\n  - b\n- NextToken: tok3\n  Owner: me\n  Things:\n  - c\n- {}\n"
    );
}

#[test]
fn yaml_stream_applies_the_query_per_page_and_restarts_anchor_ids() {
    let (rc, out, err, _) = list(
        &[PAGE1, PAGE2, "{}"],
        &[
            "--output",
            "yaml-stream",
            "--query",
            "{z: Things, y: Things, x: @.Owner}",
        ],
    );
    assert_eq!((rc, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "- x: me\n  y: &id001\n  - a\n  - b\n  z: *id001\n- x: me\n  y: &id001\n  - c\n  z: *id001\n- x: null\n  y: null\n  z: null\n"
    );
}

#[test]
fn yaml_merges_the_pages_then_anchors() {
    let (rc, out, err, _) = list(
        &[PAGE1, PAGE2, "{}"],
        &["--output", "yaml", "--query", "[Things, Things]"],
    );
    assert_eq!((rc, err.as_str()), (0, ""));
    assert_eq!(out, "- &id001\n  - a\n  - b\n  - c\n- *id001\n");
}

#[test]
fn yaml_stream_prints_the_pages_before_a_query_error() {
    // `length(Owner)` works on the first page and fails on the second (a number there).
    let page2 = r#"{"Owner":5,"Things":["c"]}"#;
    let (rc, out, err, n) = list(
        &[PAGE1, page2],
        &["--output", "yaml-stream", "--query", "length(Owner)"],
    );
    assert_eq!((rc, out.as_str(), n), (255, "- 2\n", 2));
    assert!(
        err.contains("In function length(), invalid type for value: 5"),
        "{err}"
    );
}

#[test]
fn no_paginate_yaml_stream_is_one_page_and_skips_an_empty_result() {
    let (rc, out, _, n) = list(&[PAGE1], &["--output", "yaml-stream", "--no-paginate"]);
    assert_eq!((rc, n), (0, 1));
    assert_eq!(
        out,
        "- NextToken: tok2\n  Owner: me\n  Things:\n  - a\n  - b\n"
    );
    let (rc, out, _, _) = list(&["{}"], &["--output", "yaml-stream", "--no-paginate"]);
    assert_eq!((rc, out.as_str()), (0, ""));
}

#[test]
fn yaml_stream_with_max_items_prints_the_cut_page_without_a_resume_token() {
    // botocore's page iterator yields the last page cut at --max-items, with the service's
    // own token; only the merged result (yaml, json) carries the resume token.
    let (rc, out, err, n) = list(&[PAGE1], &["--output", "yaml-stream", "--max-items", "1"]);
    assert_eq!((rc, err.as_str(), n), (0, "", 1));
    assert_eq!(out, "- NextToken: tok2\n  Owner: me\n  Things:\n  - a\n");
    let (_, out, _, _) = list(&[PAGE1], &["--output", "yaml", "--max-items", "1"]);
    assert!(
        out.starts_with("NextToken: eyJ") && out.ends_with("\nThings:\n- a\n"),
        "{out}"
    );
}
