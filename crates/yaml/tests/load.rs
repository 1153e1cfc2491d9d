//! `--cli-input-yaml` loading: the ruamel.yaml (YAML 1.2, safe loader) cases of
//! docs/compat.md#output-formats, errors, limits, and a round trip over the golden documents.

use awslice_yaml::python::{PyNumber, classify};
use awslice_yaml::{MAX_DEPTH, emit, load};
use serde_json::{Value, json};

fn a(text: &str) -> Value {
    let doc = load(text).unwrap_or_else(|e| panic!("{text:?} should load: {e}"));
    doc.get("a")
        .cloned()
        .unwrap_or_else(|| panic!("{text:?} has no key a: {doc}"))
}

fn number_text(v: &Value) -> String {
    match v {
        Value::Number(n) => n.to_string(),
        other => panic!("not a number: {other}"),
    }
}

#[test]
fn plain_scalars_resolve_like_ruamel_yaml_1_2() {
    for word in ["yes", "no", "on", "y", "tRUE", "0O12", "1:20", "NaN", "inf"] {
        assert_eq!(a(&format!("a: {word}")), json!(word), "{word}");
    }
    assert_eq!(number_text(&a("a: 012")), "12");
    assert_eq!(number_text(&a("a: 0b101")), "5");
    assert_eq!(number_text(&a("a: 0o17")), "15");
    assert_eq!(number_text(&a("a: 0x1F")), "31");
    assert_eq!(number_text(&a("a: -0x10")), "-16");
    assert_eq!(number_text(&a("a: 1_000")), "1000");
    assert_eq!(number_text(&a("a: 1__0")), "10");
    assert_eq!(
        number_text(&a("a: 123456789012345678901234567890")),
        "123456789012345678901234567890"
    );
    assert_eq!(
        number_text(&a("a: 0xFFFFFFFFFFFFFFFFFFFFFFFF")),
        "79228162514264337593543950335"
    );
    assert_eq!(number_text(&a("a: 1_000.5")), "1000.5");
    assert_eq!(number_text(&a("a: 1e3")), "1000.0");
    assert_eq!(number_text(&a("a: .5")), "0.5");
    assert!(
        matches!(classify(&serde_json::from_str(&number_text(&a("a: .inf"))).expect("number")),
        PyNumber::Float(f) if f == f64::INFINITY)
    );
    assert!(
        matches!(classify(&serde_json::from_str(&number_text(&a("a: -.inf"))).expect("number")),
        PyNumber::Float(f) if f == f64::NEG_INFINITY)
    );
    assert_eq!(a("a:"), Value::Null);
    assert_eq!(a("a: Null"), Value::Null);
    assert_eq!(a("a: ~"), Value::Null);
    assert_eq!(a("a: true"), json!(true));
    assert_eq!(a("a: FALSE"), json!(false));
    assert_eq!(a("a: '123'"), json!("123"));
    assert_eq!(a("a: \"true\""), json!("true"));
    assert_eq!(a("a: |\n  x\n  y\n"), json!("x\ny\n"));
    assert_eq!(a("a: 2024-01-02"), json!("2024-01-02"));
    assert_eq!(a("a: 2024-01-02T03:04:05Z"), json!("2024-01-02T03:04:05Z"));
    assert_eq!(a("a: !!int \"7\""), json!(7));
    assert_eq!(a("a: !!str 7"), json!("7"));
    assert_eq!(a("a: !!binary aGVsbG8="), json!("aGVsbG8="));
    assert_eq!(a("\u{feff}a: 1"), json!(1));
}

#[test]
fn skeleton_shaped_input_keeps_document_order() {
    let doc = load("SharedAccountId: '123456789012'\nAllowCopyImage: true\nImageId: wsi-1\n")
        .expect("loads");
    let keys: Vec<&String> = doc.as_object().expect("a map").keys().collect();
    assert_eq!(keys, ["SharedAccountId", "AllowCopyImage", "ImageId"]);
    assert_eq!(doc["SharedAccountId"], json!("123456789012"));
    assert_eq!(doc["AllowCopyImage"], json!(true));
}

#[test]
fn merge_keys_anchors_and_aliases() {
    let doc = load("base: &b {x: 1, y: 1}\nc:\n  <<: *b\n  y:\n").expect("loads");
    assert_eq!(
        doc,
        json!({"base": {"x": 1, "y": 1}, "c": {"x": 1, "y": null}})
    );
    let doc =
        load("p: &p {a: 1}\nq: &q {a: 2, b: 2}\nr:\n  <<: [*p, *q]\n  c: 3\n").expect("loads");
    assert_eq!(doc["r"], json!({"a": 1, "b": 2, "c": 3}));
    let doc = load("x: &v [1, 2]\ny: *v\n").expect("loads");
    assert_eq!(doc["y"], json!([1, 2]));
    // An `=` key is a string; merged keys may repeat without a duplicate-key error.
    assert_eq!(load("=: 1\n").expect("loads"), json!({"=": 1}));
}

#[test]
fn invalid_documents_are_errors() {
    let cases = [
        "a: 1\na: 2\n",
        "a: 1\n---\nb: 2\n",
        "a: !custom x\n",
        "a: =\n",
        "1: a\n",
        "? [a]\n: b\n",
        "a: [1, 2\n",
        "a: ''|\n 0",
        "[!,",
        "a: *nowhere\n",
        "a: !!binary '***'\n",
        "a: !!int abc\n",
        "a: .nan\n",
        "a: <<\n",
    ];
    for text in cases {
        assert!(
            load(text).is_err(),
            "{text:?} should be rejected, got {:?}",
            load(text)
        );
    }
    let err = load("a: 1\na: 2\n").expect_err("duplicate key");
    assert!(err.message().contains("duplicate key \"a\""), "{err}");
    assert_eq!(err.line(), Some(2));
}

#[test]
fn empty_input_is_null() {
    assert_eq!(load("").expect("loads"), Value::Null);
    assert_eq!(load("# only a comment\n").expect("loads"), Value::Null);
}

#[test]
fn deep_nesting_and_alias_bombs_are_bounded() {
    let deep = format!(
        "{}{}",
        "[".repeat(MAX_DEPTH + 10),
        "]".repeat(MAX_DEPTH + 10)
    );
    let err = load(&deep).expect_err("too deep");
    assert!(err.message().contains("deeper than"), "{err}");
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
    assert!(load(&ok).is_ok());
    let very_deep = format!("{}{}", "{a: ".repeat(100_000), "}".repeat(100_000));
    assert!(load(&very_deep).is_err());
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..8 {
        let prev = if i == 0 {
            "a".to_owned()
        } else {
            format!("l{}", i - 1)
        };
        bomb.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    let err = load(&bomb).expect_err("alias bomb");
    assert!(err.message().contains("expands"), "{err}");
}

/// Numbers compared as Python would (int digits, float value), keys in any order. A string
/// with U+2028 is masked: YAML 1.2 (saphyr) does not fold at that character while ruamel's
/// scanner does (a known deviation, docs/compat.md#known-differences).
fn normalize(v: &Value) -> Value {
    match v {
        Value::String(s) if s.contains('\u{2028}') => json!("<U+2028 deviation>"),
        Value::Number(n) => match classify(n) {
            PyNumber::Int(d) => json!({"int": d}),
            PyNumber::Float(f) => json!({"float": f.to_bits().to_string()}),
        },
        Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> =
                map.iter().map(|(k, v)| (k.clone(), normalize(v))).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect())
        }
        other => other.clone(),
    }
}

#[test]
fn emitted_golden_documents_load_back() {
    #[derive(serde::Deserialize)]
    struct Case {
        name: String,
        input: String,
    }
    let cases: Vec<Case> =
        serde_json::from_str(include_str!("data/golden.json")).expect("golden.json is valid");
    for case in cases {
        let value: Value = serde_json::from_str(&case.input).expect("JSON");
        let yaml = emit(&value);
        let back = load(&yaml).unwrap_or_else(|e| panic!("{}: {e}\n{yaml}", case.name));
        assert_eq!(normalize(&back), normalize(&value), "{}", case.name);
    }
}
