//! Python's way of printing numbers and JSON strings, shared by the YAML emitter and the
//! output formatters.
//!
//! Numbers arrive as `serde_json::Number` built with `arbitrary_precision`: the text is kept as
//! received. A number whose text is `-?\d+` is a Python `int` (unbounded, printed digit for
//! digit); anything else is a Python `float`, printed with `repr`.

use serde_json::Number;

/// A JSON number seen the way Python's `json.loads` sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum PyNumber {
    /// A Python `int`: its exact decimal text (no leading `+`, no `-0`).
    Int(String),
    /// A Python `float`.
    Float(f64),
}

/// Classifies a JSON number as Python would after `json.loads`.
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

/// Python's `repr(float)`: the shortest digits that round-trip (ryu's digits, round-half-even
/// on ties), laid out the Python way: fixed notation when the decimal exponent is in
/// `-4..16`, otherwise `d.ddde±XX`; fixed notation always shows a fractional part (`1.0`).
/// Non-finite values print as `nan`, `inf` and `-inf`.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let mut buffer = ryu::Buffer::new();
    let shortest = buffer.format_finite(f);
    let (negative, digits, decpt) = decompose(shortest);
    let sign = if negative { "-" } else { "" };
    if digits.is_empty() {
        return format!("{sign}0.0");
    }
    // `decpt` places the decimal point: value = 0.DIGITS × 10^decpt.
    if decpt <= -4 || decpt > 16 {
        let exponent = decpt - 1;
        let (first, rest) = digits.split_at(1);
        let mantissa = if rest.is_empty() {
            first.to_owned()
        } else {
            format!("{first}.{rest}")
        };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        return format!("{sign}{mantissa}e{exp_sign}{:02}", exponent.abs());
    }
    if decpt <= 0 {
        let zeros = "0".repeat(decpt.unsigned_abs() as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let point = decpt as usize;
    if point >= digits.len() {
        let zeros = "0".repeat(point - digits.len());
        return format!("{sign}{digits}{zeros}.0");
    }
    let (int_part, frac_part) = digits.split_at(point);
    format!("{sign}{int_part}.{frac_part}")
}

/// Splits ryu's output (`1.5e-7`, `0.0001`, `123.0`, `-1e16`) into its sign, its significant
/// digits without leading or trailing zeros, and the decimal-point position.
fn decompose(text: &str) -> (bool, String, i32) {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (body, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: String = format!("{int_part}{frac_part}");
    let mut decpt = int_part.len() as i32 + exponent;
    let leading = digits.len() - digits.trim_start_matches('0').len();
    digits.drain(..leading);
    decpt -= leading as i32;
    let kept = digits.trim_end_matches('0').len();
    digits.truncate(kept);
    (negative, digits, decpt)
}

/// Python's `json.dumps` text of a float: `repr`, except `NaN`, `Infinity`, `-Infinity`.
pub fn json_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        float_repr(f)
    }
}

/// Python's `json.dumps` text of a number (ints digit for digit, floats as [`json_float`]).
pub fn json_number(n: &Number) -> String {
    match classify(n) {
        PyNumber::Int(digits) => digits,
        PyNumber::Float(f) => json_float(f),
    }
}

/// Python's `str()` of a number (what the text and table formatters print).
pub fn str_number(n: &Number) -> String {
    match classify(n) {
        PyNumber::Int(digits) => digits,
        PyNumber::Float(f) => float_repr(f),
    }
}

/// Appends a JSON string literal the way Python's `json.dumps(..., ensure_ascii=False)` writes
/// it: `"` and `\` escaped, `\n \r \t \b \f` named, other C0 controls as `\u00xx` (lower-case
/// hex), everything else (DEL and non-ASCII included) raw.
pub fn push_json_string(out: &mut String, s: &str) {
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
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Python's `json.dumps(scalar, ensure_ascii=False)` for a non-container JSON value; `None` for
/// arrays and objects.
pub fn json_scalar(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    Some(match value {
        Value::Null => "null".to_owned(),
        Value::Bool(true) => "true".to_owned(),
        Value::Bool(false) => "false".to_owned(),
        Value::Number(n) => json_number(n),
        Value::String(s) => {
            let mut out = String::with_capacity(s.len() + 2);
            push_json_string(&mut out, s);
            out
        }
        Value::Array(_) | Value::Object(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_matches_python() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (0.1, "0.1"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (1e16, "1e+16"),
            (1.5e-7, "1.5e-07"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1e15, "1000000000000000.0"),
            (1234567890123456.0, "1234567890123456.0"),
            (12345678901234567.0, "1.2345678901234568e+16"),
            (123456789.125, "123456789.125"),
            (1e100, "1e+100"),
            (2.5e-7, "2.5e-07"),
            (100.0, "100.0"),
            (-867950477125925.2, "-867950477125925.2"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (0.5, "0.5"),
            (123.456, "123.456"),
            (f64::NAN, "nan"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for (f, want) in cases {
            assert_eq!(float_repr(*f), *want, "repr({f:e})");
        }
        assert_eq!(json_float(f64::NAN), "NaN");
        assert_eq!(json_float(f64::NEG_INFINITY), "-Infinity");
    }

    #[test]
    fn numbers_keep_python_types() {
        let n = |t: &str| serde_json::from_str::<Number>(t).expect("valid number");
        assert_eq!(
            json_number(&n("123456789012345678901234567890")),
            "123456789012345678901234567890"
        );
        assert_eq!(json_number(&n("-0")), "0");
        assert_eq!(json_number(&n("1.0")), "1.0");
        assert_eq!(json_number(&n("1E2")), "100.0");
        assert_eq!(json_number(&n("1e999")), "Infinity");
        assert_eq!(str_number(&n("1e999")), "inf");
        assert_eq!(json_number(&n("395236.41774627124")), "395236.41774627124");
    }

    #[test]
    fn json_strings_escape_like_python() {
        let mut out = String::new();
        push_json_string(&mut out, "a\"b\\c\n\u{1b}\u{7f}é😀\u{8}\u{c}");
        assert_eq!(out, "\"a\\\"b\\\\c\\n\\u001b\u{7f}é😀\\b\\f\"");
    }
}
