//! Python's `repr(float)` and the `json.dumps` spelling of floats.

/// Python's `repr(float)` (also its `str()`): the shortest digits that round-trip (ryu's
/// digits), laid out the Python way: fixed notation when the decimal exponent is in `-4..16`
/// (always with a fractional part: `1.0`), otherwise `d.ddde±XX` (`1e+16`, `1.5e-07`).
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
    let point = decpt.unsigned_abs() as usize;
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
    // ryu's output is at most a few dozen characters, so these casts cannot truncate.
    let mut decpt = int_part.len() as i32 + exponent;
    let leading = digits.len() - digits.trim_start_matches('0').len();
    digits.drain(..leading);
    decpt -= leading as i32;
    let kept = digits.trim_end_matches('0').len();
    digits.truncate(kept);
    (negative, digits, decpt)
}

/// Python's `json.dumps` text of a float: [`float_repr`], except `NaN`, `Infinity` and
/// `-Infinity` for the non-finite values.
pub fn json_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        float_repr(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_matches_python() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (1.5, "1.5"),
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
            (1e300, "1e+300"),
            (2.5e-7, "2.5e-07"),
            (-2.5e-7, "-2.5e-07"),
            (-2.5, "-2.5"),
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
    }

    #[test]
    fn json_spelling_of_non_finite() {
        assert_eq!(json_float(f64::NAN), "NaN");
        assert_eq!(json_float(f64::INFINITY), "Infinity");
        assert_eq!(json_float(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(json_float(2.5), "2.5");
    }
}
