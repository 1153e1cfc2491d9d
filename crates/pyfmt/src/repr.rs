//! Python's `repr()` and `str()` of JSON values.

use crate::number::{PyNumber, classify, str_number};
use crate::string::{push_str_repr, str_repr};
use serde_json::Value;

/// Python's `repr()` of the value `json.loads` makes of `value` (`'text'`, `None`, `True`,
/// `[1, 'a']`, `{'k': 1.5}`).
pub fn py_repr(value: &Value) -> String {
    let mut out = String::new();
    push_repr(&mut out, value);
    out
}

/// Python's `str()` of the value: strings as they are, everything else as [`py_repr`].
pub fn py_str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => py_repr(other),
    }
}

fn push_repr(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        Value::Number(n) => out.push_str(&str_number(n)),
        Value::String(s) => push_str_repr(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_repr(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_str_repr(out, key);
                out.push_str(": ");
                push_repr(out, item);
            }
            out.push('}');
        }
    }
}

/// Python's type name of the value `json.loads` makes of `value` (`str`, `int`, `float`,
/// `bool`, `NoneType`, `list`, `dict`).
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) => match classify(n) {
            PyNumber::Int(_) => "int",
            PyNumber::Float(_) => "float",
        },
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// Python's `repr()` of a list of strings (`['a', 'b']`).
pub fn str_list_repr(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| str_repr(s)).collect();
    format!("[{}]", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reprs_match_python() {
        let v: Value =
            serde_json::from_str(r#"{"a": [1, 2.0, null, true, "it's"]}"#).expect("json");
        assert_eq!(py_repr(&v), r#"{'a': [1, 2.0, None, True, "it's"]}"#);
        assert_eq!(py_str(&json!("yes")), "yes");
        assert_eq!(py_repr(&json!("yes")), "'yes'");
        assert_eq!(type_name(&json!(1)), "int");
        assert_eq!(
            type_name(&serde_json::from_str::<Value>("1.0").expect("json")),
            "float"
        );
        assert_eq!(type_name(&json!(null)), "NoneType");
        assert_eq!(type_name(&json!({})), "dict");
    }

    #[test]
    fn str_of_values_matches_python() {
        assert_eq!(py_str(&json!(null)), "None");
        assert_eq!(py_str(&json!(true)), "True");
        assert_eq!(py_str(&json!("it's")), "it's");
        assert_eq!(
            py_str(&json!({"a": [1, "x", null, false]})),
            "{'a': [1, 'x', None, False]}"
        );
        assert_eq!(
            py_str(&json!(["it's", "say \"hi\"", "both '\""])),
            r#"["it's", 'say "hi"', 'both \'"']"#
        );
        assert_eq!(
            py_str(&json!(["a\tb\u{1}\u{7f}é\u{200b}"])),
            r"['a\tb\x01\x7fé\u200b']"
        );
        assert_eq!(
            py_str(&serde_json::from_str::<Value>("[1e999, 1E2]").expect("json")),
            "[inf, 100.0]"
        );
    }

    #[test]
    fn list_of_strings() {
        assert_eq!(
            str_list_repr(&["a".to_owned(), "it's".to_owned()]),
            r#"['a', "it's"]"#
        );
        assert_eq!(str_list_repr(&[]), "[]");
    }
}
