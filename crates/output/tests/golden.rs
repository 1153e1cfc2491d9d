//! Golden outputs recorded from the real AWS CLI v2 (docs/compat.md#output-formats).

use awslice_output::{Format, Options, format, py_float_repr, try_format};
use serde_json::{Value, json};

const DESCRIBE: &str = "DescribeWorkspaceImagePermissions";
const UPDATE: &str = "UpdateWorkspaceImagePermission";

fn plain(title: &str) -> Options<'_> {
    Options {
        title,
        color: false,
        terminal_width: None,
    }
}

fn describe_response() -> Value {
    json!({"ImageId": "wsi-123456789abc", "ImagePermissions": [
        {"SharedAccountId": "123456789012"}, {"SharedAccountId": "210987654321"}]})
}

#[test]
fn describe_in_every_format() {
    let v = describe_response();
    let o = plain(DESCRIBE);
    assert_eq!(
        format(&v, Format::Json, &o),
        "{\n    \"ImageId\": \"wsi-123456789abc\",\n    \"ImagePermissions\": [\n        {\n            \"SharedAccountId\": \"123456789012\"\n        },\n        {\n            \"SharedAccountId\": \"210987654321\"\n        }\n    ]\n}\n"
    );
    assert_eq!(
        format(&v, Format::Text, &o),
        "wsi-123456789abc\nIMAGEPERMISSIONS\t123456789012\nIMAGEPERMISSIONS\t210987654321\n"
    );
    assert_eq!(
        format(&v, Format::Table, &o),
        concat!(
            "-----------------------------------\n",
            "|DescribeWorkspaceImagePermissions|\n",
            "+----------+----------------------+\n",
            "|  ImageId |  wsi-123456789abc    |\n",
            "+----------+----------------------+\n",
            "||       ImagePermissions        ||\n",
            "|+-------------------------------+|\n",
            "||        SharedAccountId        ||\n",
            "|+-------------------------------+|\n",
            "||  123456789012                 ||\n",
            "||  210987654321                 ||\n",
            "|+-------------------------------+|\n",
        )
    );
    assert_eq!(
        format(&v, Format::Yaml, &o),
        "ImageId: wsi-123456789abc\nImagePermissions:\n- SharedAccountId: '123456789012'\n- SharedAccountId: '210987654321'\n"
    );
    assert_eq!(
        format(&v, Format::YamlStream, &o),
        "- ImageId: wsi-123456789abc\n  ImagePermissions:\n  - SharedAccountId: '123456789012'\n  - SharedAccountId: '210987654321'\n"
    );
    assert_eq!(format(&v, Format::Off, &o), "");
}

#[test]
fn describe_with_query_for_the_ids() {
    let v = json!(["123456789012", "210987654321"]);
    let o = plain(DESCRIBE);
    assert_eq!(
        format(&v, Format::Json, &o),
        "[\n    \"123456789012\",\n    \"210987654321\"\n]\n"
    );
    assert_eq!(format(&v, Format::Text, &o), "123456789012\t210987654321\n");
    assert_eq!(
        format(&v, Format::Yaml, &o),
        "- '123456789012'\n- '210987654321'\n"
    );
    assert_eq!(
        format(&v, Format::YamlStream, &o),
        "- - '123456789012'\n  - '210987654321'\n"
    );
    assert_eq!(
        format(&v, Format::Table, &o),
        concat!(
            "-----------------------------------\n",
            "|DescribeWorkspaceImagePermissions|\n",
            "+---------------------------------+\n",
            "|  123456789012                   |\n",
            "|  210987654321                   |\n",
            "+---------------------------------+\n",
        )
    );
}

#[test]
fn coloured_table_matches_the_recorded_escape_sequences() {
    let o = Options {
        title: DESCRIBE,
        color: true,
        terminal_width: None,
    };
    let got = format(&describe_response(), Format::Table, &o);
    let lines: Vec<&str> = got.split('\n').collect();
    assert_eq!(lines[0], "-----------------------------------");
    assert_eq!(
        lines[1],
        "\x1b[0m\x1b[0m|DescribeWorkspaceImagePermissions|\x1b[0m\x1b[0m"
    );
    assert_eq!(
        lines[2],
        "\x1b[0m\x1b[0m+----------+----------------------+\x1b[0m\x1b[0m"
    );
    assert_eq!(
        lines[3],
        "\x1b[0m\x1b[0m|  \x1b[1m\x1b[34mImageId\x1b[0m |  \x1b[1m\x1b[34mwsi-123456789abc\x1b[0m    |\x1b[0m\x1b[0m"
    );
    assert_eq!(
        lines[5],
        "\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m|       ImagePermissions        |\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m"
    );
    assert_eq!(*lines.last().expect("lines"), "\x1b[0m");
    // Colour never applies to the other formats.
    for f in [Format::Json, Format::Text, Format::Yaml, Format::YamlStream] {
        assert!(!format(&describe_response(), f, &o).contains('\x1b'));
    }
}

#[test]
fn empty_update_result_prints_nothing_in_every_format() {
    let o = plain(UPDATE);
    for f in [
        Format::Json,
        Format::Text,
        Format::Table,
        Format::Yaml,
        Format::YamlStream,
        Format::Off,
    ] {
        assert_eq!(format(&json!({}), f, &o), "", "{f:?}");
    }
}

#[test]
fn queries_on_the_empty_update_result() {
    let o = plain(UPDATE);
    let null = Value::Null;
    assert_eq!(format(&null, Format::Json, &o), "null\n");
    assert_eq!(format(&null, Format::Text, &o), "None\n");
    assert_eq!(format(&null, Format::Table, &o), "");
    assert_eq!(format(&null, Format::Yaml, &o), "null\n");
    assert_eq!(format(&null, Format::YamlStream, &o), "- null\n");

    let list = json!([null]);
    assert_eq!(format(&list, Format::Json, &o), "[\n    null\n]\n");
    assert_eq!(format(&list, Format::Text, &o), "None\n");
    assert_eq!(format(&list, Format::Yaml, &o), "- null\n");
    assert_eq!(format(&list, Format::YamlStream, &o), "- - null\n");
    assert_eq!(
        format(&list, Format::Table, &o),
        concat!(
            "--------------------------------\n",
            "|UpdateWorkspaceImagePermission|\n",
            "+------------------------------+\n",
            "|  None                        |\n",
            "+------------------------------+\n",
        )
    );

    let map = json!({"a": null});
    assert_eq!(format(&map, Format::Json, &o), "{\n    \"a\": null\n}\n");
    assert_eq!(format(&map, Format::Text, &o), "None\n");
    assert_eq!(format(&map, Format::Yaml, &o), "a: null\n");
    assert_eq!(format(&map, Format::YamlStream, &o), "- a: null\n");
    assert_eq!(
        format(&map, Format::Table, &o),
        concat!(
            "--------------------------------\n",
            "|UpdateWorkspaceImagePermission|\n",
            "+----------+-------------------+\n",
            "|  a       |  None             |\n",
            "+----------+-------------------+\n",
        )
    );
}

#[test]
fn cli_error_formats() {
    let err = json!({"Message": "The image wsi-123456789abc could not be found.",
        "Code": "ResourceNotFoundException",
        "message": "The image wsi-123456789abc could not be found.",
        "ResourceId": "wsi-123456789abc"});
    let o = plain("error");
    assert_eq!(
        format(&err, Format::Json, &o),
        "{\n    \"Message\": \"The image wsi-123456789abc could not be found.\",\n    \"Code\": \"ResourceNotFoundException\",\n    \"message\": \"The image wsi-123456789abc could not be found.\",\n    \"ResourceId\": \"wsi-123456789abc\"\n}\n"
    );
    assert_eq!(
        format(&err, Format::Yaml, &o),
        "Code: ResourceNotFoundException\nMessage: The image wsi-123456789abc could not be found.\nResourceId: wsi-123456789abc\nmessage: The image wsi-123456789abc could not be found.\n"
    );
    assert_eq!(
        format(&err, Format::Text, &o),
        "ResourceNotFoundException\tThe image wsi-123456789abc could not be found.\twsi-123456789abc\tThe image wsi-123456789abc could not be found.\n"
    );
    let table = format(&err, Format::Table, &o);
    let title_line = table.lines().nth(1).expect("a title line");
    assert!(
        title_line.starts_with('|') && title_line.trim_matches(['|', ' ']) == "error",
        "{table}"
    );
    let param = json!({"Code": "ParamValidation", "Message": "Parameter validation failed:\nMissing required parameter in input: \"AllowCopyImage\""});
    assert_eq!(
        format(&param, Format::Json, &o),
        "{\n    \"Code\": \"ParamValidation\",\n    \"Message\": \"Parameter validation failed:\\nMissing required parameter in input: \\\"AllowCopyImage\\\"\"\n}\n"
    );
}

#[test]
fn numbers_print_as_python_does() {
    let v: Value = serde_json::from_str(
        r#"{"i": 123456789012345678901234567890, "f": [1.0, 1e16, 1.5e-7, 1e-5, 0.0001, 1e15, 12345678901234567.0, -0.0]}"#,
    )
    .expect("JSON");
    let o = plain(DESCRIBE);
    assert_eq!(
        format(&v, Format::Json, &o),
        "{\n    \"i\": 123456789012345678901234567890,\n    \"f\": [\n        1.0,\n        1e+16,\n        1.5e-07,\n        1e-05,\n        0.0001,\n        1000000000000000.0,\n        1.2345678901234568e+16,\n        -0.0\n    ]\n}\n"
    );
    assert_eq!(
        format(&v, Format::Text, &o),
        "123456789012345678901234567890\nF\t1.0\nF\t1e+16\nF\t1.5e-07\nF\t1e-05\nF\t0.0001\nF\t1000000000000000.0\nF\t1.2345678901234568e+16\nF\t-0.0\n"
    );
    assert_eq!(py_float_repr(2.5e-7), "2.5e-07");
    assert_eq!(py_float_repr(-867950477125925.2), "-867950477125925.2");
}

#[test]
fn unicode_and_control_characters() {
    let v = json!({"k": "héllo 中文 😀\u{1b}\u{7f}\t\""});
    let o = plain(DESCRIBE);
    assert_eq!(
        format(&v, Format::Json, &o),
        "{\n    \"k\": \"héllo 中文 😀\\u001b\u{7f}\\t\\\"\"\n}\n"
    );
    assert_eq!(
        format(&v, Format::Text, &o),
        "héllo 中文 😀\u{1b}\u{7f}\t\"\n"
    );
    // Wide characters count twice in table widths.
    let wide = format(&json!({"名前": "値"}), Format::Table, &plain("T"));
    assert_eq!(
        wide,
        "----------------\n|       T      |\n+-------+------+\n|  名前 |  値  |\n+-------+------+\n"
    );
}

#[test]
fn a_narrow_terminal_turns_single_row_sections_vertical() {
    // Expected bytes produced by the AWS CLI's table formatter (tests/peer/formatters.py).
    let v = json!({"Alpha": "a".repeat(15), "Beta": "b".repeat(15), "Gamma": "c".repeat(15)});
    assert_eq!(
        format(&v, Format::Table, &plain("T")),
        concat!(
            "-----------------------------------------------------------\n",
            "|                            T                            |\n",
            "+-----------------+-------------------+-------------------+\n",
            "|      Alpha      |       Beta        |       Gamma       |\n",
            "+-----------------+-------------------+-------------------+\n",
            "|  aaaaaaaaaaaaaaa|  bbbbbbbbbbbbbbb  |  ccccccccccccccc  |\n",
            "+-----------------+-------------------+-------------------+\n",
        )
    );
    let narrow = Options {
        title: "T",
        color: false,
        terminal_width: Some(40),
    };
    assert_eq!(
        format(&v, Format::Table, &narrow),
        concat!(
            "------------------------------\n",
            "|              T             |\n",
            "+--------+-------------------+\n",
            "|  Alpha |  aaaaaaaaaaaaaaa  |\n",
            "|  Beta  |  bbbbbbbbbbbbbbb  |\n",
            "|  Gamma |  ccccccccccccccc  |\n",
            "+--------+-------------------+\n",
        )
    );
}

#[test]
fn shapes_the_aws_cli_formatter_fails_on() {
    let o = plain(DESCRIBE);
    let err = try_format(&json!([{"a": 1}, "x"]), Format::Text, &o).expect_err("text fails");
    assert_eq!(err.message(), "'str' object has no attribute 'items'");
    assert!(try_format(&json!([{"a": 1}, 5]), Format::Table, &o).is_err());
    assert_eq!(format(&json!([{"a": 1}, 5]), Format::Table, &o), "");
}
