//! JSON numbers seen the way Python's `json.loads` sees them.

use crate::float::{float_repr, json_float};
use serde_json::{Number, Value};

/// A JSON number as Python holds it after `json.loads`.
#[derive(Debug, Clone, PartialEq)]
pub enum PyNumber {
    /// A Python `int`: its exact decimal text (no leading `+` or zeros, no `-0`).
    Int(String),
    /// A Python `float`.
    Float(f64),
}

/// Classifies a JSON number as Python would after `json.loads`: text `-?\d+` is an `int`,
/// anything else a `float`.
pub fn classify(n: &Number) -> PyNumber {
    let text = n.to_string();
    let digits = text.strip_prefix('-').unwrap_or(&text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        // Python ints have no negative zero and no leading zeros.
        let trimmed = digits.trim_start_matches('0');
        if trimmed.is_empty() {
            return PyNumber::Int("0".to_owned());
        }
        let sign = if text.starts_with('-') { "-" } else { "" };
        return PyNumber::Int(format!("{sign}{trimmed}"));
    }
    // `as_f64` parses the kept text correctly rounded (`float_roundtrip`); a text such as
    // `1e999` overflows to infinity exactly as Python's `float()` does.
    let value = n
        .as_f64()
        .or_else(|| text.parse::<f64>().ok())
        .unwrap_or(f64::NAN);
    PyNumber::Float(value)
}

/// Python's `json.dumps` text of a number (ints digit for digit, floats as [`json_float`]).
pub fn json_number(n: &Number) -> String {
    match classify(n) {
        PyNumber::Int(digits) => digits,
        PyNumber::Float(f) => json_float(f),
    }
}

/// Python's `str()` (and `repr()`) of a number: ints digit for digit, floats as
/// [`float_repr`].
pub fn str_number(n: &Number) -> String {
    match classify(n) {
        PyNumber::Int(digits) => digits,
        PyNumber::Float(f) => float_repr(f),
    }
}

/// Whether `value` is a Python `int` (a JSON number without fraction or exponent).
pub fn is_int(value: &Value) -> bool {
    matches!(value, Value::Number(n) if matches!(classify(n), PyNumber::Int(_)))
}

/// The value as `f64` when it is a number or a bool (Python's `bool` is an `int`), for range
/// checks.
pub fn as_f64(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => match classify(n) {
            PyNumber::Int(s) => s.parse::<f64>().ok(),
            PyNumber::Float(f) => Some(f),
        },
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// A JSON value holding the Python float `f`, printed back as Python's `json.dumps` prints
/// it. A non-finite float has no JSON number form, so it becomes the string of its
/// `json.dumps` spelling (`NaN`, `Infinity`, `-Infinity`).
pub fn float_number(f: f64) -> Value {
    let text = json_float(f);
    match serde_json::from_str::<Number>(&text) {
        Ok(n) => Value::Number(n),
        Err(_) => Value::String(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn n(text: &str) -> Number {
        serde_json::from_str::<Number>(text).expect("valid number")
    }

    #[test]
    fn numbers_keep_python_types() {
        assert_eq!(
            json_number(&n("123456789012345678901234567890")),
            "123456789012345678901234567890"
        );
        assert_eq!(json_number(&n("-0")), "0");
        assert_eq!(json_number(&n("1.0")), "1.0");
        assert_eq!(json_number(&n("1.50")), "1.5");
        assert_eq!(json_number(&n("1E2")), "100.0");
        assert_eq!(json_number(&n("1e999")), "Infinity");
        assert_eq!(str_number(&n("1e999")), "inf");
        assert_eq!(json_number(&n("395236.41774627124")), "395236.41774627124");
        assert_eq!(classify(&n("7")), PyNumber::Int("7".to_owned()));
        assert_eq!(classify(&n("7.0")), PyNumber::Float(7.0));
    }

    #[test]
    fn int_and_float_checks() {
        assert!(is_int(&json!(3)));
        assert!(!is_int(
            &serde_json::from_str::<Value>("3.0").expect("json")
        ));
        assert!(!is_int(&json!("3")));
        assert_eq!(as_f64(&json!(true)), Some(1.0));
        assert_eq!(as_f64(&json!(-12)), Some(-12.0));
        assert_eq!(as_f64(&json!("1")), None);
    }

    #[test]
    fn float_numbers_print_as_python() {
        assert_eq!(float_number(2.5).to_string(), "2.5");
        assert_eq!(float_number(1e16).to_string(), "1e+16");
        assert_eq!(float_number(f64::NAN), json!("NaN"));
        assert_eq!(float_number(f64::NEG_INFINITY), json!("-Infinity"));
    }
}
