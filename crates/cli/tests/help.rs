//! `help` pages, in-process: the generated WorkSpaces tables (the ones the `awslice` binary
//! is built from) and a hand-written table exercising what those two operations do not
//! have (enums, lists, nested structures, maps, unions, recursion, pagination,
//! deprecated operations, `NOTE:`/`WARNING:` markers).
//!
//! The layout and texts follow `aws … help | col -bx` of the AWS CLI v2 (2.36.7), rendered
//! left-aligned and unhyphenated (`shared/reference/awscli-v2.md` §7).

mod support;

use std::ffi::OsString;

use awslice_cli::schema::*;
use awslice_runtime::service::{Protocol, ServiceMeta};

/// The generated command tables of the `awslice` binary.
#[rustfmt::skip]
#[allow(dead_code, clippy::all)]
#[path = "../../awslice/src/tables.rs"]
mod tables;

/// Runs `awslice ARGS` in-process against `services`: (rc, stdout, stderr).
fn run_on(services: &[&'static ServiceDef], args: &[&str]) -> (i32, String, String) {
    let (mut io, out, err) = awslice_cli::Io::captured(support::base_env());
    let args: Vec<OsString> = args.iter().map(OsString::from).collect();
    let rc = awslice_cli::run_with(services, args, &mut io);
    (rc, out.text(), err.text())
}

/// The help page of `args` on the generated tables (exit 0, nothing on stderr).
fn page(args: &[&str]) -> String {
    let (rc, out, err) = run_on(&[&tables::SERVICE], args);
    assert_eq!((rc, err.as_str()), (0, ""), "awslice {args:?}");
    out
}

/// Every line fits in 80 columns, unless it is one word that cannot be broken.
fn assert_wrapped(text: &str) {
    for line in text.lines() {
        if line.chars().count() > 80 {
            assert_eq!(
                line.split_whitespace().count(),
                1,
                "a breakable line is over 80 columns: {line:?}"
            );
        }
    }
}

/// The line numbers (1-based) of the section headings.
fn sections(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.is_empty() && !l.starts_with(' '))
        .map(|(i, l)| (i + 1, l))
        .collect()
}

const UPDATE: &[&str] = &["workspaces", "update-workspace-image-permission", "help"];

#[test]
fn operation_page_has_the_aws_cli_sections_at_its_line_numbers() {
    let text = page(UPDATE);
    let title = "UPDATE-WORKSPACE-IMAGE-PERMISSION()";
    assert_eq!(
        text.lines().next(),
        Some(format!("{title}        {title}").as_str())
    );
    // §7: NAME 5, DESCRIPTION 8, SYNOPSIS 40, OPTIONS 67, GLOBAL OPTIONS 109, OUTPUT 238;
    // 243 lines in total, ending with the title at the right margin.
    assert_eq!(
        sections(&text)[..6],
        [
            (5, "NAME"),
            (8, "DESCRIPTION"),
            (40, "SYNOPSIS"),
            (67, "OPTIONS"),
            (109, "GLOBAL OPTIONS"),
            (238, "OUTPUT"),
        ]
    );
    assert_eq!(text.lines().count(), 243);
    assert!(
        text.ends_with(&format!(
            "OUTPUT\n       None\n\n\n\n{}{title}\n",
            " ".repeat(78 - title.len())
        )),
        "{text}"
    );
    assert!(!text.contains("EXAMPLES"));
    assert_wrapped(&text);
}

#[test]
fn operation_page_description_and_synopsis() {
    let text = page(UPDATE);
    let expected = "\nNAME
       update-workspace-image-permission -

DESCRIPTION
       Shares or unshares an image with one account in the same Amazon Web
       Services Region by specifying whether that account has permission to
       copy the image. If the copy image permission is granted, the image is
       shared with that account. If the copy image permission is revoked, the
       image is unshared with the account.

       After an image has been shared, the recipient account can copy the
       image to other Regions as needed.

       In the China (Ningxia) Region, you can copy images only within the same
       Region.

       In Amazon Web Services GovCloud (US), to copy images to and from other
       Regions, contact Amazon Web Services Support.

       For more information about sharing images, see Share or Unshare a
       Custom WorkSpaces Image .

       NOTE:

          o To delete an image that has been shared, you must unshare the
            image before you delete it.

          o Sharing Bring Your Own License (BYOL) images across Amazon Web
            Services accounts isn't supported at this time in Amazon Web
            Services GovCloud (US). To share BYOL images across accounts in
            Amazon Web Services GovCloud (US), contact Amazon Web Services
            Support.

       See also: AWS API Documentation

SYNOPSIS
            update-workspace-image-permission
          --image-id <value>
          --allow-copy-image | --no-allow-copy-image
          --shared-account-id <value>
          [--cli-input-json | --cli-input-yaml]
          [--generate-cli-skeleton <value>]
          [--debug]
          [--endpoint-url <value>]
          [--no-verify-ssl]
          [--no-paginate]
          [--output <value>]
          [--query <value>]
          [--profile <value>]
          [--region <value>]
          [--version <value>]
          [--color <value>]
          [--no-sign-request]
          [--ca-bundle <value>]
          [--cli-read-timeout <value>]
          [--cli-connect-timeout <value>]
          [--cli-binary-format <value>]
          [--no-cli-pager]
          [--cli-auto-prompt]
          [--no-cli-auto-prompt]
          [--cli-error-format <value>]

OPTIONS
";
    assert!(text.contains(expected), "{text}");
}

#[test]
fn operation_page_options_required_constraints_and_admonitions() {
    let text = page(UPDATE);
    let image_id = "OPTIONS
       --image-id (string) [required]
          The identifier of the image.

          Constraints:

          o pattern: ^wsi-[0-9a-z]{9,63}$

       --allow-copy-image | --no-allow-copy-image (boolean) [required]
          The permission to copy the image. This permission can be revoked
          only after an image has been shared.

       --shared-account-id (string) [required]
          The identifier of the Amazon Web Services account to share or
          unshare the image with.

";
    assert!(text.contains(image_id), "{text}");
    // The model's `<important>` is a WARNING in the AWS CLI (codegen marks it `**Important**`).
    let warning = "
              Before sharing the image, confirm that you are sharing to the
              correct Amazon Web Services account ID.

          Constraints:

          o pattern: ^\\d{12}$

       --cli-input-json | --cli-input-yaml (string) Reads arguments from the
       JSON string provided. The JSON string follows the format provided by
       --generate-cli-skeleton. If other arguments are provided on the command
       line, those values will override the JSON-provided values. It is not
       possible to pass arbitrary binary values using a JSON-provided value as
       the string will be taken literally. This may not be specified along
       with --cli-input-yaml.

       --generate-cli-skeleton (string) Prints a JSON skeleton to standard
       output without sending an API request. If provided with no value or the
       value input, prints a sample input JSON that can be used as an argument
       for --cli-input-json. Similarly, if provided yaml-input it will print a
       sample input YAML that can be used with --cli-input-yaml. If provided
       with the value output, it validates the command inputs and returns a
       sample output JSON for that command. The generated JSON skeleton is not
       stable between versions of the AWS CLI and there are no backwards
       compatibility guarantees in the JSON skeleton generated.

GLOBAL OPTIONS
";
    assert!(
        text.contains(&format!("          WARNING:{warning}")),
        "{text}"
    );
}

/// Every global option with its type, its help and its choices, as the AWS CLI v2 lists
/// them.
#[test]
fn every_global_option_with_its_choices() {
    let text = page(UPDATE);
    let start = text.find("\nGLOBAL OPTIONS\n").expect("GLOBAL OPTIONS");
    let end = text.find("\nOUTPUT\n").expect("OUTPUT");
    let globals = &text[start..end];
    let options = [
        ("debug", "boolean", &[][..]),
        ("endpoint-url", "string", &[]),
        ("no-verify-ssl", "boolean", &[]),
        ("no-paginate", "boolean", &[]),
        (
            "output",
            "string",
            &["json", "text", "table", "yaml", "yaml-stream", "off"],
        ),
        ("query", "string", &[]),
        ("profile", "string", &[]),
        ("region", "string", &[]),
        ("version", "string", &[]),
        ("color", "string", &["on", "off", "auto"]),
        ("no-sign-request", "boolean", &[]),
        ("ca-bundle", "string", &[]),
        ("cli-read-timeout", "int", &[]),
        ("cli-connect-timeout", "int", &[]),
        (
            "cli-binary-format",
            "string",
            &["base64", "raw-in-base64-out"],
        ),
        ("no-cli-pager", "boolean", &[]),
        ("cli-auto-prompt", "boolean", &[]),
        ("no-cli-auto-prompt", "boolean", &[]),
        (
            "cli-error-format",
            "string",
            &["legacy", "json", "yaml", "text", "table", "enhanced"],
        ),
    ];
    let mut at = 0;
    for (name, ty, choices) in options {
        let header = format!("\n       --{name} ({ty})\n\n       ");
        let found = globals[at..]
            .find(&header)
            .unwrap_or_else(|| panic!("--{name} missing or out of order in {globals}"));
        at += found + header.len();
        let block_end = globals[at..]
            .find("\n       --")
            .map_or(globals.len(), |e| at + e);
        let block = &globals[at..block_end];
        let listed: Vec<&str> = block
            .lines()
            .filter_map(|l| l.strip_prefix("       o "))
            .collect();
        assert_eq!(listed, choices, "choices of --{name}");
    }
    assert!(globals.contains(
        "\n       --region (string)\n\n       The region to use. Overrides config/env settings.\n"
    ));
    assert!(globals.contains(
        "       --cli-read-timeout (int)\n\n       The maximum socket read time in seconds. If the value is set to 0, the\n       socket read will be blocking and not timeout. The default value is 60\n       seconds.\n"
    ));
}

#[test]
fn output_section_nests_members() {
    let text = page(&["workspaces", "describe-workspace-image-permissions", "help"]);
    assert_wrapped(&text);
    let names: Vec<&str> = sections(&text).iter().map(|(_, s)| *s).collect();
    assert_eq!(
        names[..6],
        [
            "NAME",
            "DESCRIPTION",
            "SYNOPSIS",
            "OPTIONS",
            "GLOBAL OPTIONS",
            "OUTPUT"
        ]
    );
    assert!(text.contains(
        "       --max-results (integer)\n          The maximum number of items to return.\n\n          Constraints:\n\n          o min: 1\n\n          o max: 25\n"
    ), "{text}");
    let output = &text[text.find("\nOUTPUT\n").expect("OUTPUT")..];
    let expected = "
OUTPUT
       ImageId -> (string)
          The identifier of the image.

          Constraints:

          o pattern: ^wsi-[0-9a-z]{9,63}$

       ImagePermissions -> (list)
          The identifiers of the Amazon Web Services accounts that the image
          has been shared with.

          (structure)
";
    assert!(output.starts_with(expected), "{output}");
    assert!(
        output.contains(
            "\n              SharedAccountId -> (string)\n                 The identifier of the Amazon Web Services account that an\n                 image has been shared with.\n\n                 Constraints:\n\n                 o pattern: ^\\d{12}$\n\n       NextToken -> (string)\n"
        ),
        "{output}"
    );
}

#[test]
fn help_only_as_the_last_word() {
    // `help` followed by more words is an ordinary call: its required options are missing.
    let (rc, out, err) = run_on(
        &[&tables::SERVICE],
        &[
            "workspaces",
            "update-workspace-image-permission",
            "help",
            "--image-id",
            "wsi-123456789",
        ],
    );
    assert_eq!(rc, 252, "{out}{err}");
    assert_eq!(out, "");
    assert!(
        err.contains("the following arguments are required: --shared-account-id"),
        "{err}"
    );
    // Options before a final `help` do not stop it once the required ones are there (argparse
    // checks them first, as in the AWS CLI).
    let (rc, _, err) = run_on(
        &[&tables::SERVICE],
        &[
            "workspaces",
            "update-workspace-image-permission",
            "--image-id",
            "x",
            "help",
        ],
    );
    assert_eq!(rc, 252, "{err}");
    let text = page(&[
        "--region",
        "eu-west-1",
        "workspaces",
        "update-workspace-image-permission",
        "--image-id",
        "x",
        "--shared-account-id",
        "1",
        "help",
    ]);
    assert!(text.starts_with("UPDATE-WORKSPACE-IMAGE-PERMISSION()"));
    // The hand-written test table goes through the same pages.
    let out = support::run(UPDATE);
    assert_eq!(out.rc, 0);
    assert!(
        out.stdout
            .contains("       --image-id (string) [required]\n")
    );
}

#[test]
fn service_and_main_listings() {
    let text = page(&["workspaces", "help"]);
    assert!(
        text.starts_with(&format!(
            "WORKSPACES(){}WORKSPACES()\n\n\n\nNAME\n       workspaces -\n\nDESCRIPTION\n",
            " ".repeat(54)
        )),
        "{text}"
    );
    assert!(text.contains(
        "\nAVAILABLE COMMANDS\n       o describe-workspace-image-permissions\n\n       o help\n\n       o update-workspace-image-permission\n\n\n\n"
    ), "{text}");
    assert_wrapped(&text);

    let text = page(&["help"]);
    let names: Vec<&str> = sections(&text).iter().map(|(_, s)| *s).collect();
    assert_eq!(
        names[..5],
        [
            "NAME",
            "DESCRIPTION",
            "SYNOPSIS",
            "GLOBAL OPTIONS",
            "AVAILABLE SERVICES"
        ]
    );
    assert!(text.contains(
        "SYNOPSIS\n          awslice [options] <command> <subcommand> [parameters]\n\n       Use awslice command help"
    ));
    assert!(text.contains(
        "\nAVAILABLE SERVICES\n       o completion\n\n       o help\n\n       o workspaces\n\n\n\n"
    ), "{text}");
    assert!(text.contains("\n       --cli-error-format (string)\n"));
    assert_wrapped(&text);
}

// A hand-written table with what the two generated operations do not have.

const fn shape(name: &'static str, kind: ShapeKind, doc: &'static str) -> ShapeDef {
    ShapeDef {
        name,
        kind,
        doc,
        sensitive: false,
    }
}

const fn member(
    name: &'static str,
    target: ShapeIdx,
    required: bool,
    doc: &'static str,
) -> MemberDef {
    MemberDef {
        name,
        json_name: None,
        target,
        required,
        doc,
        idempotency_token: false,
        deprecated: false,
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
        },
        "",
    ),
    shape("Labels", ShapeKind::Map { key: 3, value: 3 }, ""),
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
        },
        "",
    ),
    shape(
        "Item",
        ShapeKind::Structure {
            members: &[member("Id", 3, true, "The id.")],
            error: None,
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
        name: "DoThing",
        cli_name: "do-thing",
        doc: "Does a thing:\n\n- first\n\n  - nested `code`\n\n  more of the first\n\n1. numbered",
        input: Some(0),
        output: Some(5),
        errors: &[],
        params: &DEMO_PARAMS,
        paginator: Some(PaginatorDef {
            input_token: "Token",
            output_token: "NextToken",
            page_size: Some("Limit"),
            items: Some("Items"),
        }),
        deprecated: false,
        skeleton_input: "{}\n",
        skeleton_yaml_input: "{}\n",
        skeleton_output: "{}",
    },
    OperationDef {
        name: "OldThing",
        cli_name: "old-thing",
        doc: "Deprecated.",
        input: None,
        output: None,
        errors: &[],
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
};

static DEMO: ServiceDef = ServiceDef {
    cli_name: "demo",
    meta: &DEMO_META,
    doc: "A demo service.",
    operations: &DEMO_OPERATIONS,
    shapes: &DEMO_SHAPES,
};

fn demo_page(op: &str) -> String {
    let (rc, out, err) = run_on(&[&DEMO, &tables::SERVICE], &["demo", op, "help"]);
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
    let (rc, text, _) = run_on(&[&DEMO, &tables::SERVICE], &["demo", "help"]);
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
    let (_, text, _) = run_on(&[&DEMO, &tables::SERVICE], &["help"]);
    assert!(text.contains("\nAVAILABLE SERVICES\n       o completion\n\n       o demo\n\n       o help\n\n       o workspaces\n"), "{text}");
}

/// On a terminal, help goes through `MANPAGER`, else `PAGER`, else `less -R` (not
/// `AWS_PAGER`); a pager that is not on `PATH` means the page is printed directly, followed
/// by one more newline, as the AWS CLI does.
#[cfg(unix)]
#[test]
fn help_goes_through_the_man_pager_on_a_terminal() {
    use std::os::unix::fs::PermissionsExt;

    let dir = std::env::temp_dir().join(format!("awslice-help-pager-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let log = dir.join("log");
    let script = dir.join("mypager");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"args:$*\" > '{0}'\ncat >> '{0}'\n",
            log.display()
        ),
    )
    .expect("write the pager script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");

    let run_tty = |env: Vec<(&str, String)>| {
        let mut base = support::base_env();
        base.insert("PATH".into(), format!("{}:/usr/bin:/bin", dir.display()));
        base.extend(env.into_iter().map(|(k, v)| (k.to_owned(), v)));
        let (mut io, out, err) = awslice_cli::Io::captured(base);
        io.stdout_is_tty = true;
        let args: Vec<OsString> = ["workspaces", "help"].iter().map(OsString::from).collect();
        let rc = awslice_cli::run_with(&[&tables::SERVICE], args, &mut io);
        (rc, out.text(), err.text())
    };
    let expected = page(&["workspaces", "help"]);

    let (rc, out, err) = run_tty(vec![
        ("MANPAGER", "mypager -x".to_owned()),
        ("PAGER", "nonexistent-pager-xyz".to_owned()),
        ("AWS_PAGER", "nonexistent-pager-xyz".to_owned()),
    ]);
    assert_eq!((rc, out.as_str(), err.as_str()), (0, "", ""));
    let logged = std::fs::read_to_string(&log).expect("the pager ran");
    assert_eq!(logged, format!("args:-x\n{expected}"));

    let (rc, out, err) = run_tty(vec![("PAGER", "nonexistent-pager-xyz".to_owned())]);
    assert_eq!((rc, err.as_str()), (0, ""));
    assert_eq!(out, format!("{expected}\n"));

    let (rc, out, err) = run_tty(vec![("MANPAGER", "'unclosed".to_owned())]);
    assert_eq!((rc, out.as_str()), (255, ""));
    assert!(err.contains("No closing quotation"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
