//! Python's `json.dumps` layouts.

use crate::number::json_number;
use serde_json::Value;
use std::fmt::Write as _;

/// The `json.dumps` keyword arguments that shape its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dumps {
    /// `indent=`: `None` for one line, else the spaces per nesting level.
    pub indent: Option<usize>,
    /// The first of `separators=`, written between items (`", "` by default, `","` when
    /// indenting).
    pub item_separator: &'static str,
    /// The second of `separators=`, written between a key and its value (`": "`).
    pub key_separator: &'static str,
    /// `ensure_ascii=`: escape everything outside `' '..='~'` as `\uXXXX`.
    pub ensure_ascii: bool,
}

impl Dumps {
    /// `json.dumps(value)`: one line, `", "` and `": "`, `ensure_ascii=True` (the AWS CLI's
    /// request body layout).
    pub const COMPACT: Dumps = Dumps {
        indent: None,
        item_separator: ", ",
        key_separator: ": ",
        ensure_ascii: true,
    };

    /// `json.dumps(value, indent=4, ensure_ascii=False)` (the AWS CLI's `--output json`).
    pub const INDENTED: Dumps = Dumps {
        indent: Some(4),
        item_separator: ",",
        key_separator: ": ",
        ensure_ascii: false,
    };
}

/// Appends a JSON string literal as Python's `json.dumps` writes it: `"` and `\` escaped,
/// `\n \r \t \b \f` named, other C0 controls as `\u00xx` (lower-case hex); with
/// `ensure_ascii` also everything above `~` (DEL included) as `\uXXXX` UTF-16 units,
/// otherwise those raw.
pub fn push_json_string(out: &mut String, s: &str, ensure_ascii: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' || (ensure_ascii && c > '~') => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Python's `json.dumps(value, ...)` with the given layout.
pub fn dumps(value: &Value, layout: &Dumps) -> String {
    let mut out = String::new();
    write_value(&mut out, value, layout, 0);
    out
}

/// `json.dumps(value)`: see [`Dumps::COMPACT`].
pub fn dumps_compact(value: &Value) -> String {
    dumps(value, &Dumps::COMPACT)
}

/// `json.dumps(value, indent=4, ensure_ascii=False)` followed by `\n`: the AWS CLI's
/// `--output json` layout.
pub fn dumps_indented(value: &Value) -> String {
    let mut out = dumps(value, &Dumps::INDENTED);
    out.push('\n');
    out
}

/// Python's `json.dumps(scalar, ensure_ascii=False)` for a non-container JSON value; `None`
/// for arrays and objects.
pub fn json_scalar(value: &Value) -> Option<String> {
    match value {
        Value::Array(_) | Value::Object(_) => None,
        scalar => Some(dumps(scalar, &Dumps::INDENTED)),
    }
}

fn newline(out: &mut String, layout: &Dumps, level: usize) {
    if let Some(width) = layout.indent {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', width * level));
    }
}

fn write_value(out: &mut String, value: &Value, layout: &Dumps, level: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&json_number(n)),
        Value::String(s) => push_json_string(out, s, layout.ensure_ascii),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(layout.item_separator);
                }
                newline(out, layout, level + 1);
                write_value(out, item, layout, level + 1);
            }
            newline(out, layout, level);
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(layout.item_separator);
                }
                newline(out, layout, level + 1);
                push_json_string(out, key, layout.ensure_ascii);
                out.push_str(layout.key_separator);
                write_value(out, item, layout, level + 1);
            }
            newline(out, layout, level);
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn compact_dump_is_python_layout() {
        let v: Value = serde_json::from_str(
            r#"{"ImageId":"wsi-ünï😀","AllowCopyImage":true,"N":1.50,"M":-0,"L":[1,"a\n"],"E":{}}"#,
        )
        .expect("json");
        assert_eq!(
            dumps_compact(&v),
            r#"{"ImageId": "wsi-\u00fcn\u00ef\ud83d\ude00", "AllowCopyImage": true, "N": 1.5, "M": 0, "L": [1, "a\n"], "E": {}}"#
        );
    }

    #[test]
    fn indented_dump_is_python_layout() {
        let v = json!({"a": [], "b": {}, "c": [{"d": "é"}]});
        assert_eq!(
            dumps_indented(&v),
            "{\n    \"a\": [],\n    \"b\": {},\n    \"c\": [\n        {\n            \"d\": \"é\"\n        }\n    ]\n}\n"
        );
    }

    #[test]
    fn tight_separators() {
        let layout = Dumps {
            item_separator: ",",
            key_separator: ":",
            ..Dumps::COMPACT
        };
        assert_eq!(
            dumps(&json!({"a": [1, null]}), &layout),
            r#"{"a":[1,null]}"#
        );
    }

    #[test]
    fn json_strings_escape_like_python() {
        let mut out = String::new();
        push_json_string(&mut out, "a\"b\\c\n\u{1b}\u{7f}é😀\u{8}\u{c}", false);
        assert_eq!(out, "\"a\\\"b\\\\c\\n\\u001b\u{7f}é😀\\b\\f\"");
        out.clear();
        push_json_string(&mut out, "a\u{7f}é😀\u{1}", true);
        assert_eq!(out, "\"a\\u007f\\u00e9\\ud83d\\ude00\\u0001\"");
    }

    #[test]
    fn scalars_only() {
        assert_eq!(json_scalar(&json!("é")).as_deref(), Some("\"é\""));
        assert_eq!(json_scalar(&json!(null)).as_deref(), Some("null"));
        assert_eq!(json_scalar(&json!([])), None);
    }
}
