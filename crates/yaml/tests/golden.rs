//! Golden documents of the AWS CLI v2 (its exact bytes, `tests/data/golden.json`, see
//! `tests/data/README.md`), plus top-level scalar cases and the describe output.

use awslice_yaml::{emit, emit_stream_item};
use serde_json::{Value, json};

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    input: String,
    format: String,
    expected: String,
}

#[test]
fn reference_golden_documents() {
    let data = include_str!("data/golden.json");
    let cases: Vec<Case> = serde_json::from_str(data).expect("golden.json is valid");
    assert!(
        cases.len() >= 11,
        "expected the recorded golden documents, found {}",
        cases.len()
    );
    for case in cases {
        let value: Value = serde_json::from_str(&case.input).expect("input is JSON");
        let got = match case.format.as_str() {
            "yaml" => emit(&value),
            "yaml-stream" => emit_stream_item(&value),
            other => panic!("unknown format {other}"),
        };
        assert_eq!(got, case.expected, "golden document {}", case.name);
    }
}

#[test]
fn top_level_scalars_and_empties() {
    let cases: &[(Value, &str, &str)] = &[
        (json!("abc"), "\"abc\"\n", "- abc\n"),
        (
            json!("123456789012"),
            "\"123456789012\"\n",
            "- '123456789012'\n",
        ),
        (json!(5), "5\n", "- 5\n"),
        (json!(1.0), "1.0\n", "- 1.0\n"),
        (json!(null), "null\n", "- null\n"),
        (json!(true), "true\n", "- true\n"),
        (json!("héllo"), "\"héllo\"\n", "- héllo\n"),
        (json!({}), "", ""),
        (json!([]), "[]\n", "- []\n"),
        (json!([null]), "- null\n", "- - null\n"),
        (json!({"a": null}), "a: null\n", "- a: null\n"),
    ];
    for (value, yaml, stream) in cases {
        assert_eq!(emit(value), *yaml, "yaml of {value}");
        assert_eq!(emit_stream_item(value), *stream, "yaml-stream of {value}");
    }
}

#[test]
fn describe_workspace_image_permissions() {
    let value = json!({"ImageId": "wsi-123456789abc", "ImagePermissions": [
        {"SharedAccountId": "123456789012"}, {"SharedAccountId": "210987654321"}]});
    assert_eq!(
        emit(&value),
        "ImageId: wsi-123456789abc\nImagePermissions:\n- SharedAccountId: '123456789012'\n- SharedAccountId: '210987654321'\n"
    );
    assert_eq!(
        emit_stream_item(&value),
        "- ImageId: wsi-123456789abc\n  ImagePermissions:\n  - SharedAccountId: '123456789012'\n  - SharedAccountId: '210987654321'\n"
    );
    let ids = json!(["123456789012", "210987654321"]);
    assert_eq!(emit(&ids), "- '123456789012'\n- '210987654321'\n");
    assert_eq!(
        emit_stream_item(&ids),
        "- - '123456789012'\n  - '210987654321'\n"
    );
}

#[test]
fn error_document_keys_are_sorted() {
    let value = json!({"Message": "The image wsi-123456789abc could not be found.",
        "Code": "ResourceNotFoundException",
        "message": "The image wsi-123456789abc could not be found.",
        "ResourceId": "wsi-123456789abc"});
    assert_eq!(
        emit(&value),
        "Code: ResourceNotFoundException\nMessage: The image wsi-123456789abc could not be found.\nResourceId: wsi-123456789abc\nmessage: The image wsi-123456789abc could not be found.\n"
    );
}

#[test]
fn folding_and_quoting_rules() {
    // Rule 8: a fold only at a single space once the column is past 80, indent + 2.
    let long = "word ".repeat(30);
    let got = emit(&json!({"k": long.trim_end()}));
    let lines: Vec<&str> = got.lines().collect();
    assert!(lines.len() > 1, "long text folds: {got}");
    assert!(lines[1..].iter().all(|l| l.starts_with("  word")), "{got}");
    assert!(
        lines[0].chars().count() > 80 && lines[0].chars().count() <= 86,
        "{got}"
    );
    // Simple keys never fold; a key over 128 bytes is complex.
    let key = "k".repeat(129);
    assert_eq!(emit(&json!({ key.clone(): 1 })), format!("? {key}\n: 1\n"));
    // Emoji force double quotes with an upper-case \U escape.
    assert_eq!(emit(&json!(["😀"])), "- \"\\U0001F600\"\n");
    // Rule 6: a single quote inside single quotes is doubled.
    assert_eq!(emit(&json!(["'x"])), "- '''x'\n");
}
