//! Python-compatible text renderings of JSON values.
//!
//! The AWS CLI is a Python program: its request bodies are `json.dumps` output, its JSON
//! output is `json.dumps(indent=4, ensure_ascii=False)`, and its validation messages embed
//! `str()`/`repr()` of Python values. serde_json's own writers differ in separators, escapes
//! and float spelling, so the few rules needed are written here by hand.

use serde_json::{Number, Value};
use std::fmt::Write as _;

/// A JSON number as Python's `json.loads` would hold it.
enum PyNum {
    /// A Python `int` (arbitrary precision), normalised decimal digits.
    Int(String),
    /// A Python `float`.
    Float(f64),
}

fn py_number(n: &Number) -> PyNum {
    let text = n.to_string();
    if text.contains(['.', 'e', 'E']) {
        PyNum::Float(text.parse::<f64>().unwrap_or(f64::NAN))
    } else {
        let (neg, digits) = match text.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, text.as_str()),
        };
        let digits = digits.trim_start_matches('0');
        if digits.is_empty() {
            PyNum::Int("0".to_owned())
        } else if neg {
            PyNum::Int(format!("-{digits}"))
        } else {
            PyNum::Int(digits.to_owned())
        }
    }
}

/// Python's `repr(float)`: the shortest round-tripping digits, fixed notation for decimal
/// exponents in `-4 < e <= 16`, scientific (`1e+16`, `1.5e-05`) otherwise.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.to_owned();
    }
    // Rust's `{:e}` prints the shortest round-tripping digits: `d[.ddd]e[-]N`.
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let decpt = exp + 1; // value = 0.DIGITS * 10^decpt
    let mut out = String::new();
    if x < 0.0 {
        out.push('-');
    }
    if -4 < decpt && decpt <= 16 {
        if decpt <= 0 {
            out.push_str("0.");
            for _ in 0..(-decpt) {
                out.push('0');
            }
            out.push_str(&digits);
        } else {
            let d = decpt as usize;
            if digits.len() <= d {
                out.push_str(&digits);
                for _ in digits.len()..d {
                    out.push('0');
                }
                out.push_str(".0");
            } else {
                out.push_str(&digits[..d]);
                out.push('.');
                out.push_str(&digits[d..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = decpt - 1;
        let _ = write!(out, "e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    }
    out
}

fn number_text(n: &Number) -> String {
    match py_number(n) {
        PyNum::Int(s) => s,
        PyNum::Float(f) => float_repr(f),
    }
}

fn write_json_string(out: &mut String, s: &str, ensure_ascii: bool) {
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
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if ensure_ascii && (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    let _ = write!(out, "\\u{:04x}", unit);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Python `json.dumps(value)` with the default separators (`", "`, `": "`) and
/// `ensure_ascii=True`: the AWS CLI's request body layout.
pub fn dumps_compact(value: &Value) -> String {
    let mut out = String::new();
    compact(&mut out, value);
    out
}

fn compact(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number_text(n)),
        Value::String(s) => write_json_string(out, s, true),
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                compact(out, v);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_json_string(out, k, true);
                out.push_str(": ");
                compact(out, v);
            }
            out.push('}');
        }
    }
}

/// Python `json.dumps(value, indent=4, ensure_ascii=False)` followed by `\n`: the AWS
/// CLI's `--output json` layout.
pub fn dumps_indented(value: &Value) -> String {
    let mut out = String::new();
    indented(&mut out, value, 0);
    out.push('\n');
    out
}

fn indented(out: &mut String, value: &Value, level: usize) {
    let pad = |out: &mut String, n: usize| {
        for _ in 0..n * 4 {
            out.push(' ');
        }
    };
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                pad(out, level + 1);
                indented(out, v, level + 1);
            }
            out.push('\n');
            pad(out, level);
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            out.push_str("{\n");
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                pad(out, level + 1);
                write_json_string(out, k, false);
                out.push_str(": ");
                indented(out, v, level + 1);
            }
            out.push('\n');
            pad(out, level);
            out.push('}');
        }
        Value::String(s) => write_json_string(out, s, false),
        other => compact(out, other),
    }
}

/// Python's type name of the value `json.loads` makes of `value` (`str`, `int`, `float`,
/// `bool`, `NoneType`, `list`, `dict`).
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) => match py_number(n) {
            PyNum::Int(_) => "int",
            PyNum::Float(_) => "float",
        },
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// Whether `value` is a Python `int` (a JSON number without fraction or exponent).
pub fn is_int(value: &Value) -> bool {
    matches!(value, Value::Number(n) if matches!(py_number(n), PyNum::Int(_)))
}

/// The value as `f64` when it is a number (for range checks).
pub fn as_f64(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => match py_number(n) {
            PyNum::Int(s) => s.parse::<f64>().ok(),
            PyNum::Float(f) => Some(f),
        },
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// Python's `str()` of the value (strings unquoted, containers as `repr`).
pub fn py_str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => py_repr(other),
    }
}

/// Python's `repr()` of the value (`'text'`, `None`, `True`, `[1, 'a']`, `{'k': 1.5}`).
pub fn py_repr(value: &Value) -> String {
    let mut out = String::new();
    repr(&mut out, value);
    out
}

/// Python's `repr()` of a string.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn repr(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        Value::Number(n) => out.push_str(&number_text(n)),
        Value::String(s) => out.push_str(&str_repr(s)),
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                repr(out, v);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&str_repr(k));
                out.push_str(": ");
                repr(out, v);
            }
            out.push('}');
        }
    }
}

/// Python's repr of a list of strings (`['a', 'b']`), as in the `--debug` argument line.
pub fn str_list_repr(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| str_repr(s)).collect();
    format!("[{}]", parts.join(", "))
}

/// Python's `int(text)`: optional surrounding whitespace, an optional sign, decimal digits
/// with single `_` between digits. Returns the normalised digits, or the Python error text
/// `invalid literal for int() with base 10: 'abc'`.
pub fn parse_py_int(text: &str) -> Result<String, String> {
    let err = || format!("invalid literal for int() with base 10: {}", str_repr(text));
    let t = text.trim();
    let (neg, body) = if let Some(r) = t.strip_prefix('-') {
        (true, r)
    } else {
        (false, t.strip_prefix('+').unwrap_or(t))
    };
    if body.is_empty() || body.starts_with('_') || body.ends_with('_') || body.contains("__") {
        return Err(err());
    }
    if !body.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return Err(err());
    }
    let digits: String = body.chars().filter(|c| *c != '_').collect();
    let digits = digits.trim_start_matches('0');
    Ok(match (digits.is_empty(), neg) {
        (true, _) => "0".to_owned(),
        (false, true) => format!("-{digits}"),
        (false, false) => digits.to_owned(),
    })
}

/// Python's `float(text)`, or the Python error text `could not convert string to float: 'x'`.
pub fn parse_py_float(text: &str) -> Result<f64, String> {
    let t = text.trim().replace('_', "");
    let lower = t.to_ascii_lowercase();
    let special = match lower.trim_start_matches(['+', '-']) {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(v) = special {
        return Ok(if lower.starts_with('-') { -v } else { v });
    }
    let ok_chars = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    match t.parse::<f64>() {
        Ok(v) if ok_chars && !t.is_empty() => Ok(v),
        _ => Err(format!(
            "could not convert string to float: {}",
            str_repr(text)
        )),
    }
}

/// Converts a Python float to a JSON number that prints back as Python would.
pub fn float_value(f: f64) -> Value {
    let text = float_repr(f);
    match serde_json::from_str::<Number>(&text) {
        Ok(n) => Value::Number(n),
        Err(_) => Value::String(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn float_repr_matches_python() {
        assert_eq!(float_repr(1.0), "1.0");
        assert_eq!(float_repr(1.5), "1.5");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1e15), "1000000000000000.0");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(0.00001), "1e-05");
        assert_eq!(float_repr(-2.5e-7), "-2.5e-07");
        assert_eq!(float_repr(123.456), "123.456");
        assert_eq!(
            float_repr(1.7976931348623157e308),
            "1.7976931348623157e+308"
        );
    }

    #[test]
    fn compact_dump_is_python_layout() {
        let v: Value = serde_json::from_str(
            r#"{"ImageId":"wsi-ünï😀","AllowCopyImage":true,"N":1.50,"M":-0,"L":[1,"a\n"],"E":{}}"#,
        )
        .unwrap();
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
    fn reprs_match_python() {
        let v: Value = serde_json::from_str(r#"{"a": [1, 2.0, null, true, "it's"]}"#).unwrap();
        assert_eq!(py_repr(&v), r#"{'a': [1, 2.0, None, True, "it's"]}"#);
        assert_eq!(py_str(&json!("yes")), "yes");
        assert_eq!(type_name(&json!(1)), "int");
        assert_eq!(
            type_name(&serde_json::from_str::<Value>("1.0").unwrap()),
            "float"
        );
    }

    #[test]
    fn python_int_parsing() {
        assert_eq!(parse_py_int(" 1_000 ").unwrap(), "1000");
        assert_eq!(parse_py_int("-007").unwrap(), "-7");
        assert_eq!(
            parse_py_int("abc").unwrap_err(),
            "invalid literal for int() with base 10: 'abc'"
        );
        assert!(parse_py_int("1.5").is_err());
        assert!(parse_py_int("1__0").is_err());
        assert_eq!(parse_py_float("2.5").unwrap(), 2.5);
        assert!(parse_py_float("x").is_err());
    }
}
