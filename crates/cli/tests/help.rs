//! `help` pages of a hand-written table exercising what the two WorkSpaces operations do not
//! have (enums, lists, nested structures, maps, unions, recursion, pagination, deprecated
//! operations, `NOTE:`/`WARNING:` markers), in-process. The generated tables' pages are tested
//! with the `awslice` crate. Layout: the AWS CLI v2's, left-aligned (docs/compat.md#help-pages).

use awslice_cli::schema::*;
use awslice_runtime::service::{Protocol, ServiceMeta};
use awslice_test_support::cli::{assert_wrapped, service};

/// Runs `awslice ARGS` in-process against `services`: (rc, stdout, stderr).
fn run_on(services: &[&'static ServiceDef], args: &[&str]) -> (i32, String, String) {
    let out = awslice_test_support::cli::run_on(services, args);
    (out.rc, out.stdout, out.stderr)
}

const fn shape(name: &'static str, kind: ShapeKind, doc: &'static str) -> ShapeDef {
    ShapeDef {
        name,
        kind,
        doc,
        sensitive: false,
        xml_name: None,
        xml_namespace: None,
    }
}

const fn member(
    name: &'static str,
    target: ShapeIdx,
    required: bool,
    doc: &'static str,
) -> MemberDef {
    MemberDef {
        required,
        doc,
        ..MemberDef::new(name, target)
    }
}

const fn string(
    name: &'static str,
    min_len: Option<u64>,
    pattern: Option<&'static str>,
) -> ShapeDef {
    shape(
        name,
        ShapeKind::String {
            enum_values: &[],
            min_len,
            max_len: Some(64),
            pattern,
        },
        "",
    )
}

static DEMO_SHAPES: [ShapeDef; 13] = [
    shape(
        "DoThingRequest",
        ShapeKind::Structure {
            members: &[
                member(
                    "Mode",
                    1,
                    true,
                    "The mode.\n>\n> **Important**\n>\n> Pick carefully.\n>\n> **Note**\n>\n> Slow is safe.",
                ),
                member("Names", 2, false, "The names."),
                member("Config", 4, true, ""),
                member("Labels", 6, false, "Labels."),
                member("Choice", 7, false, "One choice."),
                member("Tree", 8, false, "A tree."),
                member("Token", 3, false, "The token."),
                member("Limit", 9, false, "The limit."),
                member("Flag", 10, false, "A flag."),
            ],
            error: None,
            error_code: None,
        },
        "",
    ),
    shape(
        "Mode",
        ShapeKind::String {
            enum_values: &["FAST", "SLOW"],
            min_len: None,
            max_len: None,
            pattern: None,
        },
        "",
    ),
    shape(
        "Names",
        ShapeKind::List {
            member: 3,
            min_len: Some(1),
            max_len: Some(5),
            member_xml_name: None,
            member_xml_namespace: None,
        },
        "",
    ),
    string("Name", Some(1), Some("^[a-z]+$")),
    shape(
        "Config",
        ShapeKind::Structure {
            members: &[
                member("Size", 9, true, "The size."),
                member("Name", 3, false, ""),
            ],
            error: None,
            error_code: None,
        },
        "A configuration.",
    ),
    shape(
        "DoThingResult",
        ShapeKind::Structure {
            members: &[
                member("Items", 11, false, "The items."),
                member("NextToken", 3, false, "The next token."),
            ],
            error: None,
            error_code: None,
        },
        "",
    ),
    shape(
        "Labels",
        ShapeKind::Map {
            key: 3,
            value: 3,
            key_xml_name: None,
            value_xml_name: None,
            key_xml_namespace: None,
            value_xml_namespace: None,
        },
        "",
    ),
    shape(
        "Choice",
        ShapeKind::Union {
            members: &[member("A", 3, false, "A."), member("B", 9, false, "B.")],
        },
        "",
    ),
    shape(
        "Tree",
        ShapeKind::Structure {
            members: &[
                member("Child", 8, false, "A child."),
                member("Value", 3, false, ""),
            ],
            error: None,
            error_code: None,
        },
        "",
    ),
    shape(
        "Limit",
        ShapeKind::Integer {
            min: Some(1),
            max: Some(50),
        },
        "",
    ),
    shape("Flag", ShapeKind::Boolean, ""),
    shape(
        "Items",
        ShapeKind::List {
            member: 12,
            min_len: None,
            max_len: None,
            member_xml_name: None,
            member_xml_namespace: None,
        },
        "",
    ),
    shape(
        "Item",
        ShapeKind::Structure {
            members: &[member("Id", 3, true, "The id.")],
            error: None,
            error_code: None,
        },
        "One item.",
    ),
];

const fn param(
    cli_name: &'static str,
    member: &'static str,
    shape: ShapeIdx,
    required: bool,
) -> ParamDef {
    ParamDef {
        cli_name,
        member,
        shape,
        required,
        doc: "",
    }
}

static DEMO_PARAMS: [ParamDef; 9] = [
    ParamDef {
        doc: "The mode.\n>\n> **Important**\n>\n> Pick carefully.\n>\n> **Note**\n>\n> Slow is safe.",
        ..param("mode", "Mode", 1, true)
    },
    ParamDef {
        doc: "The names.",
        ..param("names", "Names", 2, false)
    },
    param("config", "Config", 4, true),
    ParamDef {
        doc: "Labels.",
        ..param("labels", "Labels", 6, false)
    },
    ParamDef {
        doc: "One choice.",
        ..param("choice", "Choice", 7, false)
    },
    ParamDef {
        doc: "A tree.",
        ..param("tree", "Tree", 8, false)
    },
    param("token", "Token", 3, false),
    param("limit", "Limit", 9, false),
    ParamDef {
        doc: "A flag.",
        ..param("flag", "Flag", 10, false)
    },
];

static DEMO_OPERATIONS: [OperationDef; 2] = [
    OperationDef {
        wire: Operation {
            name: "DoThing",
            input: Some(0),
            output: Some(5),
            errors: &[],
            http: Http::RPC,
            host_prefix: None,
            auth: Auth::SigV4,
            rules: &awslice_runtime::schema::OperationRules::NONE,
        },
        cli_name: "do-thing",
        doc: "Does a thing:\n\n- first\n\n  - nested `code`\n\n  more of the first\n\n1. numbered",
        params: &DEMO_PARAMS,
        paginator: Some(PaginatorDef {
            input_tokens: &["Token"],
            output_tokens: &["NextToken"],
            limit_key: Some("Limit"),
            result_keys: &["Items"],
            more_results: None,
            non_aggregate_keys: &[],
        }),
        deprecated: false,
        skeleton_input: "{}\n",
        skeleton_yaml_input: "{}\n",
        skeleton_output: "{}",
    },
    OperationDef {
        wire: Operation {
            name: "OldThing",
            input: None,
            output: None,
            errors: &[],
            http: Http::RPC,
            host_prefix: None,
            auth: Auth::SigV4,
            rules: &awslice_runtime::schema::OperationRules::NONE,
        },
        cli_name: "old-thing",
        doc: "Deprecated.",
        params: &[],
        paginator: None,
        deprecated: true,
        skeleton_input: "{}\n",
        skeleton_yaml_input: "{}\n",
        skeleton_output: "{}",
    },
];

static DEMO_META: ServiceMeta = ServiceMeta {
    shape_name: "Demo",
    sdk_id: "Demo",
    endpoint_prefix: "demo",
    signing_name: "demo",
    protocol: Protocol::AwsJson1_1,
    api_version: "2020-01-01",
    endpoint_rule_set: "{}",
    query_compatible: false,
    xml_namespace: None,
    signer: awslice_runtime::service::Signer::SigV4,
};

static DEMO: ServiceDef = ServiceDef {
    cli_name: "demo",
    meta: &DEMO_META,
    doc: "A demo service.",
    operations: &DEMO_OPERATIONS,
    shapes: &DEMO_SHAPES,
};

fn demo_page(op: &str) -> String {
    let (rc, out, err) = run_on(&[&DEMO, service()], &["demo", op, "help"]);
    assert_eq!((rc, err.as_str()), (0, ""));
    assert_wrapped(&out);
    out
}

#[test]
fn description_lists_and_pagination() {
    let text = demo_page("do-thing");
    let expected = "DESCRIPTION
       Does a thing:

       o first

         o nested code

         more of the first

       o numbered

       See also: AWS API Documentation

       do-thing is a paginated operation. Multiple API calls may be issued in
       order to retrieve the entire data set of results. You can disable
       pagination by providing the --no-paginate argument.  When using
       --output text and the --query argument on a paginated response, the
       --query argument must extract data from the results of the following
       query expressions: Items

SYNOPSIS
            do-thing
          --mode <value>
          [--names <value>]
          --config <value>
          [--labels <value>]
          [--choice <value>]
          [--tree <value>]
          [--flag | --no-flag]
          [--cli-input-json | --cli-input-yaml]
          [--starting-token <value>]
          [--page-size <value>]
          [--max-items <value>]
          [--generate-cli-skeleton <value>]
";
    assert!(text.contains(expected), "{text}");
    // The input token and the page-size member are replaced by the paging options.
    assert!(!text.contains("--token") && !text.contains("--limit"));
    assert!(text.contains(
        "       --page-size (integer)\n          The size of each page to get in the AWS service call."
    ));
    assert!(text.contains(
        "          User Guide .\n\n          Constraints:\n\n          o min: 1\n\n          o max: 50\n\n       --max-items (integer)\n"
    ), "{text}");
}

#[test]
fn enums_admonitions_and_samples() {
    let text = demo_page("do-thing");
    let mode = "OPTIONS
       --mode (string) [required]
          The mode.

          WARNING:
              Pick carefully.

          NOTE:
              Slow is safe.

          Possible values:

          o FAST

          o SLOW

       --names (list)
          The names.

          Constraints:

          o min: 1

          o max: 5

          (string)
              Constraints:

              o min: 1

              o max: 64

              o pattern: ^[a-z]+$

       Syntax:

          \"string\" \"string\" ...

       --config (structure) [required]
          A configuration.

          Size -> (integer) [required]
              The size.

              Constraints:

              o min: 1

              o max: 50

          Name -> (string)
              Constraints:
";
    assert!(text.contains(mode), "{text}");
    assert!(text.contains(
        "       Shorthand Syntax:\n\n          Size=integer,Name=string\n\n       JSON Syntax:\n\n          {\n            \"Size\": integer,\n            \"Name\": \"string\"\n          }\n\n       --labels (map)\n"
    ), "{text}");
    assert!(text.contains(
        "          key -> (string)\n"
    ) && text.contains("       Shorthand Syntax:\n\n          KeyName1=string,KeyName2=string\n\n       JSON Syntax:\n\n          {\"string\": \"string\"\n            ...}\n"), "{text}");
    assert!(text.contains(
        "       --choice (tagged union structure)\n          One choice.\n\n          NOTE:\n              This is a Tagged Union structure. Only one of the following top\n              level keys can be set: A, B.\n\n          A -> (string)\n"
    ), "{text}");
    // A recursive structure is documented once more, then elided.
    assert!(text.contains("( ... recursive ... )"), "{text}");
    assert!(text.contains("{ ... recursive ... }"), "{text}");
    assert!(text.contains("       --flag | --no-flag (boolean)\n          A flag.\n\n"));
    // The output nests a list of structures.
    assert!(text.contains(
        "\nOUTPUT\n       Items -> (list)\n          The items.\n\n          (structure)\n              One item.\n\n              Id -> (string) [required]\n"
    ), "{text}");
}

#[test]
fn deprecated_operations_are_not_listed() {
    let (rc, text, _) = run_on(&[&DEMO, service()], &["demo", "help"]);
    assert_eq!(rc, 0);
    assert!(
        text.contains("\nAVAILABLE COMMANDS\n       o do-thing\n\n       o help\n\n\n\n"),
        "{text}"
    );
    // Still documented on its own page, with no options and no output.
    let text = demo_page("old-thing");
    assert!(
        text.contains("\nOPTIONS\n       None\n\n       --cli-input-json"),
        "{text}"
    );
    assert!(text.contains("\nOUTPUT\n       None\n"));
    let (_, text, _) = run_on(&[&DEMO, service()], &["help"]);
    assert!(text.contains("\nAVAILABLE SERVICES\n       o completion\n\n       o configure\n\n       o demo\n\n       o help\n\n       o sso\n\n       o workspaces\n"), "{text}");
}
