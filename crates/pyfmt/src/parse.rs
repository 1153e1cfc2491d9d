//! Python's `int()` and `float()` of strings, with Python's error texts.

use crate::string::str_repr;

/// The `ValueError` text of `int(text)`: `invalid literal for int() with base 10: 'abc'`.
pub fn int_error(text: &str) -> String {
    format!("invalid literal for int() with base 10: {}", str_repr(text))
}

/// Python's `int(text)` in base 10: optional surrounding whitespace, an optional sign,
/// decimal digits with single `_` between digits. Returns the normalised digits (no `+`,
/// no leading zeros, no `-0`), or the [`int_error`] text.
pub fn parse_int(text: &str) -> Result<String, String> {
    let t = text.trim();
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if body.is_empty()
        || body.starts_with('_')
        || body.ends_with('_')
        || body.contains("__")
        || !body.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return Err(int_error(text));
    }
    let digits: String = body.chars().filter(|c| *c != '_').collect();
    let digits = digits.trim_start_matches('0');
    Ok(match (digits.is_empty(), negative) {
        (true, _) => "0".to_owned(),
        (false, true) => format!("-{digits}"),
        (false, false) => digits.to_owned(),
    })
}

/// Python's `float(text)`, or the `ValueError` text
/// `could not convert string to float: 'x'`.
pub fn parse_float(text: &str) -> Result<f64, String> {
    let err = || format!("could not convert string to float: {}", str_repr(text));
    let trimmed = text.trim();
    // Python allows `_` only between two digits (`1_000.5`, not `1_.5` or `_1`).
    let bytes = trimmed.as_bytes();
    let misplaced = bytes.iter().enumerate().any(|(i, b)| {
        *b == b'_'
            && !(i > 0
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
    });
    if misplaced {
        return Err(err());
    }
    let t = trimmed.replace('_', "");
    let lower = t.to_ascii_lowercase();
    let unsigned = lower.strip_prefix(['+', '-']).unwrap_or(lower.as_str());
    let special = match unsigned {
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
        _ => Err(err()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_int_parsing() {
        assert_eq!(parse_int(" 1_000 ").as_deref(), Ok("1000"));
        assert_eq!(parse_int(" 5 ").as_deref(), Ok("5"));
        assert_eq!(parse_int("+1_0").as_deref(), Ok("10"));
        assert_eq!(parse_int("-007").as_deref(), Ok("-7"));
        assert_eq!(parse_int("-0").as_deref(), Ok("0"));
        assert_eq!(
            parse_int("abc"),
            Err("invalid literal for int() with base 10: 'abc'".to_owned())
        );
        for bad in [
            "", " ", "1.5", "1__0", "_1", "1_", "+", "--1", "0x10", "it's",
        ] {
            assert_eq!(parse_int(bad), Err(int_error(bad)), "int({bad:?})");
        }
        assert_eq!(
            int_error("it's"),
            "invalid literal for int() with base 10: \"it's\""
        );
    }

    #[test]
    fn python_float_parsing() {
        assert_eq!(parse_float("2.5"), Ok(2.5));
        assert_eq!(parse_float(" -1e3 "), Ok(-1000.0));
        assert_eq!(parse_float("-Infinity"), Ok(f64::NEG_INFINITY));
        assert!(parse_float("nan").is_ok_and(f64::is_nan));
        assert_eq!(
            parse_float("x"),
            Err("could not convert string to float: 'x'".to_owned())
        );
        assert!(parse_float("").is_err());
        assert_eq!(parse_float("1_000.2_5"), Ok(1000.25));
        for bad in [
            "_1", "1_", "1__0", "1_.5", "1._5", "1e_5", "inf_", "+-inf", "--1",
        ] {
            assert!(parse_float(bad).is_err(), "float({bad:?})");
        }
    }
}
