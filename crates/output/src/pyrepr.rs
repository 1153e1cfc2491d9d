//! Python's `str()` of a JSON value, which the text and table formatters print: scalars as
//! Python shows them (`None`, `True`, `1.5e-07`), lists and dicts as their `repr`.

use crate::py_unprintable::UNPRINTABLE;
use awslice_yaml::python::str_number;
use serde_json::Value;

/// Python `str(value)`.
pub(crate) fn py_str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => {
            let mut out = String::new();
            push_repr(&mut out, other);
            out
        }
    }
}

fn push_repr(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
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

/// Python's `repr(str)`: single quotes unless the text has `'` and no `"`; `\\`, the quote,
/// `\t \n \r` escaped; other non-printable characters as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
fn push_str_repr(out: &mut String, s: &str) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let code = c as u32;
                if code <= 0xFF {
                    out.push_str(&format!("\\x{code:02x}"));
                } else if code <= 0xFFFF {
                    out.push_str(&format!("\\u{code:04x}"));
                } else {
                    out.push_str(&format!("\\U{code:08x}"));
                }
            }
        }
    }
    out.push(quote);
}

/// Python 3.11's `str.isprintable` for one character (table generated from `unicodedata`).
fn is_printable(c: char) -> bool {
    let code = c as u32;
    UNPRINTABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < code {
                std::cmp::Ordering::Less
            } else if lo > code {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_err()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
    }
}
