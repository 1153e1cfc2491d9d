//! Python's text forms of values: `repr(float)`, `repr(str)`, `str(obj)` and
//! `json.dumps(obj, separators=(',', ':'))` (ASCII escapes). jmespath.py's error messages
//! and `to_string()` are built from these, so they must match CPython's bytes. Written by
//! hand: no crate formats values the way CPython does.

use crate::value::{Num, V};
use serde_json::Value;
use std::fmt::Write;

/// Python's `repr(f)` / `str(f)` for a float: the shortest round-trip digits (from ryu),
/// fixed notation when the decimal exponent is in [-4, 16), scientific otherwise.
pub(crate) fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let mut buf = ryu::Buffer::new();
    let s = buf.format_finite(f);
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    // Split ryu's output into significant digits and the exponent of the first digit.
    let (mantissa, exp) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (s, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: String = format!("{int_part}{frac_part}");
    // Position of the decimal point relative to the start of `digits`.
    let mut decpt = int_part.len() as i32 + exp;
    let lead = digits.len() - digits.trim_start_matches('0').len();
    if lead == digits.len() {
        // Zero.
        return if neg { "-0.0" } else { "0.0" }.to_owned();
    }
    digits.drain(..lead);
    decpt -= lead as i32;
    let trimmed = digits.trim_end_matches('0').len();
    digits.truncate(trimmed);
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if (-4 < decpt) && (decpt <= 16) {
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

/// Python's `str.isprintable()` for one character (close approximation: controls, format
/// characters, separators other than the ASCII space, surrogates and private use are not
/// printable).
fn is_printable(c: char) -> bool {
    let u = c as u32;
    if c == ' ' {
        return true;
    }
    if u < 0x20 || (0x7f..=0xa0).contains(&u) || u == 0xad {
        return false;
    }
    !matches!(u,
        0x1680 | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x2064 | 0x2066..=0x206f
        | 0x3000 | 0xfeff | 0xfff9..=0xfffb | 0xe000..=0xf8ff | 0x600..=0x605 | 0x61c
        | 0x6dd | 0x70f | 0x180e | 0xf0000..=0x10ffff | 0xe0001 | 0xe0020..=0xe007f
        | 0x110bd | 0x1bca0..=0x1bca3 | 0x1d173..=0x1d17a)
}

/// Python's `repr(s)` for a string.
pub(crate) fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
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
                let u = c as u32;
                if u < 0x100 {
                    let _ = write!(out, "\\x{u:02x}");
                } else if u < 0x10000 {
                    let _ = write!(out, "\\u{u:04x}");
                } else {
                    let _ = write!(out, "\\U{u:08x}");
                }
            }
        }
    }
    out.push(quote);
    out
}

/// Python's `str(x)`: strings as they are, everything else as `repr`.
pub(crate) fn py_str(v: &V<'_>) -> String {
    match v.as_str() {
        Some(s) => s.to_owned(),
        None => {
            let mut out = String::new();
            py_repr(v, &mut out);
            out
        }
    }
}

/// `py_str` for a literal JSON value.
pub(crate) fn py_str_json(v: &Value) -> String {
    py_str(&V::Ref(v))
}

/// Python's `repr(x)` for a JSON-like value (`{'a': [1, 2.0, True, None]}`).
pub(crate) fn py_repr(v: &V<'_>, out: &mut String) {
    if let Some(s) = v.as_str() {
        out.push_str(&str_repr(s));
    } else if let Some(b) = v.as_bool() {
        out.push_str(if b { "True" } else { "False" });
    } else if let Some(n) = v.as_num() {
        match (v, n) {
            (V::Ref(Value::Number(num)), Num::BigInt(_)) => out.push_str(num.as_str()),
            (V::BigInt(s), _) => out.push_str(s),
            _ => out.push_str(&n.py_repr()),
        }
    } else if let Some(items) = v.items() {
        out.push('[');
        for (i, item) in items.enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            py_repr(&item, out);
        }
        out.push(']');
    } else if let Some(entries) = v.entries() {
        out.push('{');
        for (i, (k, item)) in entries.enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&str_repr(k));
            out.push_str(": ");
            py_repr(&item, out);
        }
        out.push('}');
    } else if matches!(v, V::Expref(_)) {
        out.push_str("<jmespath.visitor._Expression object>");
    } else {
        out.push_str("None");
    }
}

/// `json.dumps` string escaping with `ensure_ascii=True`.
fn json_str(s: &str, out: &mut String) {
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
            ' '..='~' => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{u:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// Python's `json.dumps(v, separators=(',', ':'))`.
pub(crate) fn json_dumps(v: &V<'_>, out: &mut String) {
    if let Some(s) = v.as_str() {
        json_str(s, out);
    } else if let Some(b) = v.as_bool() {
        out.push_str(if b { "true" } else { "false" });
    } else if let Some(n) = v.as_num() {
        match (v, n) {
            (V::Ref(Value::Number(num)), Num::BigInt(_)) => out.push_str(num.as_str()),
            (V::BigInt(s), _) => out.push_str(s),
            (_, Num::Float(f)) if f.is_nan() => out.push_str("NaN"),
            (_, Num::Float(f)) if f.is_infinite() => {
                out.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" })
            }
            _ => out.push_str(&n.py_repr()),
        }
    } else if let Some(items) = v.items() {
        out.push('[');
        for (i, item) in items.enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_dumps(&item, out);
        }
        out.push(']');
    } else if let Some(entries) = v.entries() {
        out.push('{');
        for (i, (k, item)) in entries.enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_str(k, out);
            out.push(':');
            json_dumps(&item, out);
        }
        out.push('}');
    } else if matches!(v, V::Expref(_)) {
        // `default=str` turns the expression object into its str().
        json_str("<jmespath.visitor._Expression object>", out);
    } else {
        out.push_str("null");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_matches_python() {
        let cases = [
            (1.0, "1.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1.5e-7, "1.5e-07"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (12345678901234567.0, "1.2345678901234568e+16"),
            (-2.5, "-2.5"),
            (0.1, "0.1"),
            (123.456, "123.456"),
            (-0.0, "-0.0"),
            (1e300, "1e+300"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (1234567890123456.0, "1234567890123456.0"),
        ];
        for (f, want) in cases {
            assert_eq!(float_repr(f), want, "repr({f:e})");
        }
    }

    #[test]
    fn str_repr_matches_python() {
        assert_eq!(str_repr("abc"), "'abc'");
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(str_repr("tab\there\n"), "'tab\\there\\n'");
        assert_eq!(str_repr("é\u{7f}\u{1}"), "'é\\x7f\\x01'");
        assert_eq!(str_repr("\u{2028}"), "'\\u2028'");
    }
}
