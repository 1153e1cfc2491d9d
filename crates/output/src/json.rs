//! `--output json`: Python's `json.dump(value, indent=4, ensure_ascii=False)` plus `\n`.

use awslice_yaml::python::{json_number, push_json_string};
use serde_json::Value;

/// The JSON formatter's output; an empty dict prints nothing (the CLI skips `{}`), every other
/// value (`null`, `[]`, `0` …) prints.
pub(crate) fn format(value: &Value) -> String {
    if matches!(value, Value::Object(map) if map.is_empty()) {
        return String::new();
    }
    let mut out = String::new();
    write_value(&mut out, value, 0);
    out.push('\n');
    out
}

fn newline_indent(out: &mut String, level: usize) {
    out.push('\n');
    for _ in 0..level * 4 {
        out.push(' ');
    }
}

fn write_value(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => out.push_str(&json_number(n)),
        Value::String(s) => push_json_string(out, s),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline_indent(out, level + 1);
                write_value(out, item, level + 1);
            }
            newline_indent(out, level);
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline_indent(out, level + 1);
                push_json_string(out, key);
                out.push_str(": ");
                write_value(out, item, level + 1);
            }
            newline_indent(out, level);
            out.push('}');
        }
    }
}
