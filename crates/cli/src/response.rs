//! Reading responses as botocore does: the output re-ordered and filtered by the output
//! shape, and the modelled members of error responses.

use serde_json::{Map, Value};

use crate::schema::{ServiceDef, ShapeIdx, ShapeKind};

/// Parses a 2xx body (empty or non-JSON bodies count as `{}`) and keeps what the output
/// shape models, in model order.
pub fn parse_output(svc: &ServiceDef, output: Option<ShapeIdx>, body: &[u8]) -> Value {
    let parsed: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Map::new())
    } else {
        serde_json::from_slice(body).unwrap_or_else(|_| Value::Object(Map::new()))
    };
    match output {
        Some(shape) => {
            shape_filter(svc, shape, &parsed).unwrap_or_else(|| Value::Object(Map::new()))
        }
        None => Value::Object(Map::new()),
    }
}

/// Keeps what `shape` models; `None` when the value does not fit the shape.
pub fn shape_filter(svc: &ServiceDef, shape: ShapeIdx, value: &Value) -> Option<Value> {
    let def = svc.shapes.get(shape)?;
    match (&def.kind, value) {
        (
            ShapeKind::Structure { members, .. } | ShapeKind::Union { members },
            Value::Object(map),
        ) => {
            let mut out = Map::new();
            for m in members.iter() {
                let key = m.json_name.unwrap_or(m.name);
                if let Some(v) = map.get(key)
                    && !v.is_null()
                    && let Some(f) = shape_filter(svc, m.target, v)
                {
                    out.insert(m.name.to_owned(), f);
                }
            }
            Some(Value::Object(out))
        }
        (ShapeKind::List { member, .. }, Value::Array(items)) => Some(Value::Array(
            items
                .iter()
                .map(|v| shape_filter(svc, *member, v).unwrap_or(Value::Null))
                .collect(),
        )),
        (ShapeKind::Map { value: vs, .. }, Value::Object(map)) => Some(Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), shape_filter(svc, *vs, v).unwrap_or(Value::Null)))
                .collect(),
        )),
        (ShapeKind::Timestamp { .. }, Value::Number(n)) => Some(
            n.as_f64()
                .map(iso8601)
                .map(Value::String)
                .unwrap_or_else(|| value.clone()),
        ),
        (ShapeKind::Timestamp { .. }, Value::String(text)) => Some(
            timestamp_text(text)
                .map(Value::String)
                .unwrap_or_else(|| value.clone()),
        ),
        (_, v) => Some(v.clone()),
    }
}

/// Python's `datetime.isoformat()` of an epoch-seconds timestamp in UTC
/// (`2026-11-25T11:46:39+00:00`, with `.ffffff` when there are microseconds).
pub fn iso8601(epoch: f64) -> String {
    // As CPython's `datetime.fromtimestamp` (`_PyTime_DoubleToDenominator`): split off the
    // integer seconds (exact for any float), then round the fraction's microseconds half to
    // even. Scaling the whole value first would round twice: 1700000000.0000005 is really
    // 1700000000.00000047…, which has 0 microseconds, not 1.
    let whole = epoch.trunc();
    let mut micros = ((epoch - whole) * 1e6).round_ties_even();
    let mut secs = whole;
    if micros >= 1e6 {
        micros -= 1e6;
        secs += 1.0;
    } else if micros < 0.0 {
        micros += 1e6;
        secs -= 1.0;
    }
    // Saturating casts: out-of-range years are not datetimes in Python either.
    let (secs, micros) = (secs as i64, micros as i64);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    isoformat(
        (year, month, day),
        (rem / 3600, rem % 3600 / 60, rem % 60),
        micros,
        "+00:00",
    )
}

/// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's
/// `civil_from_days` algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// `datetime.isoformat()`: `.ffffff` only when there are microseconds, then the offset.
fn isoformat(
    (year, month, day): (i64, i64, i64),
    (hour, minute, second): (i64, i64, i64),
    micros: i64,
    offset: &str,
) -> String {
    let frac = if micros > 0 {
        format!(".{micros:06}")
    } else {
        String::new()
    };
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{frac}{offset}")
}

/// A timestamp the service sent as a string, as botocore's `parse_timestamp(…).isoformat()`
/// prints it: a number is epoch seconds (`float(value)`); otherwise dateutil reads it. Only
/// the ISO 8601 forms dateutil reads are handled here (`2026-11-25`, `2026-11-25T12:00:00`,
/// a space for the `T`, `.fraction` (cut to microseconds), `Z`, `±HH:MM`, `±HHMM`); `None`
/// for anything else, which is then printed as received.
pub fn timestamp_text(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if !trimmed.is_empty()
        && trimmed
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
        && let Ok(epoch) = trimmed.parse::<f64>()
        && epoch.is_finite()
    {
        return Some(iso8601(epoch));
    }
    let b = trimmed.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let digits = b.get(r)?;
        if digits.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(digits).ok()?.parse().ok()
        } else {
            None
        }
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let valid_day = time::Month::try_from(u8::try_from(month).ok()?)
        .ok()
        .zip(i32::try_from(year).ok())
        .map(|(m, y)| time::util::days_in_month(m, y));
    if year < 1 || !(1..=i64::from(valid_day?)).contains(&day) {
        return None;
    }
    if b.len() == 10 {
        return Some(isoformat((year, month, day), (0, 0, 0), 0, ""));
    }
    if !matches!(b.get(10), Some(b'T' | b' '))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut at = 19;
    let mut micros = 0;
    if b.get(at) == Some(&b'.') {
        let end = b[at + 1..]
            .iter()
            .position(|c| !c.is_ascii_digit())
            .map_or(b.len(), |p| at + 1 + p);
        if end == at + 1 {
            return None;
        }
        let mut digits = trimmed[at + 1..end.min(at + 7)].to_owned();
        while digits.len() < 6 {
            digits.push('0');
        }
        micros = digits.parse().ok()?;
        at = end;
    }
    let offset = match &trimmed[at..] {
        "" => String::new(),
        "Z" | "z" => "+00:00".to_owned(),
        tz => {
            let (sign, rest) = tz.split_at(1);
            let hhmm = rest.replace(':', "");
            if !matches!(sign, "+" | "-")
                || hhmm.len() != 4
                || !hhmm.bytes().all(|c| c.is_ascii_digit())
                || (rest.len() == 5 && rest.as_bytes()[2] != b':')
                || !matches!(rest.len(), 4 | 5)
            {
                return None;
            }
            let (h, m) = (&hhmm[..2], &hhmm[2..]);
            if h == "00" && m == "00" {
                "+00:00".to_owned()
            } else if h.parse::<u8>().ok()? > 23 || m.parse::<u8>().ok()? > 59 {
                return None;
            } else {
                format!("{sign}{h}:{m}")
            }
        }
    };
    Some(isoformat(
        (year, month, day),
        (hour, minute, second),
        micros,
        &offset,
    ))
}

/// The modelled members of an error response whose code names one of `errors`, in model
/// order (what botocore adds to the error dict).
pub fn modeled_error_fields(
    svc: &ServiceDef,
    errors: &[ShapeIdx],
    code: &str,
    body: &[u8],
) -> Option<Map<String, Value>> {
    let shape = errors
        .iter()
        .copied()
        .find(|i| svc.shapes.get(*i).is_some_and(|s| s.name == code))?;
    let parsed: Value = serde_json::from_slice(body).ok()?;
    match shape_filter(svc, shape, &parsed)? {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isoformat_like_python() {
        assert_eq!(iso8601(1_795_953_999.0), "2026-11-29T12:06:39+00:00");
        assert_eq!(
            iso8601(1_795_953_999.25),
            "2026-11-29T12:06:39.250000+00:00"
        );
    }

    /// Values checked against Python 3.11 (`datetime.fromtimestamp(v, timezone.utc)`).
    #[test]
    fn microseconds_round_like_python() {
        let cases = [
            (1_700_000_000.000_000_5, "2023-11-14T22:13:20+00:00"),
            (1_700_000_000.123_456_7, "2023-11-14T22:13:20.123457+00:00"),
            (1_700_000_000.999_999_5, "2023-11-14T22:13:21+00:00"),
            (0.000_000_5, "1970-01-01T00:00:00+00:00"),
            (0.000_001_5, "1970-01-01T00:00:00.000002+00:00"),
            (-1.5, "1969-12-31T23:59:58.500000+00:00"),
            (-0.000_000_1, "1970-01-01T00:00:00+00:00"),
            (1_234_567_890.999_999_9, "2009-02-13T23:31:31+00:00"),
            (253_402_300_799.0, "9999-12-31T23:59:59+00:00"),
        ];
        for (epoch, want) in cases {
            assert_eq!(iso8601(epoch), want, "{epoch}");
        }
    }

    /// What botocore's `parse_timestamp(text).isoformat()` prints (checked with dateutil).
    #[test]
    fn timestamp_strings_like_botocore() {
        let cases = [
            ("1700000000", Some("2023-11-14T22:13:20+00:00")),
            (" 1700000000.5 ", Some("2023-11-14T22:13:20.500000+00:00")),
            ("1.7e9", Some("2023-11-14T22:13:20+00:00")),
            ("2026-11-25T12:00:00Z", Some("2026-11-25T12:00:00+00:00")),
            ("2026-11-25T12:00:00", Some("2026-11-25T12:00:00")),
            (
                "2026-11-25 12:00:00+00:00",
                Some("2026-11-25T12:00:00+00:00"),
            ),
            (
                "2026-11-25T12:00:00.5+02:00",
                Some("2026-11-25T12:00:00.500000+02:00"),
            ),
            (
                "2026-11-25T12:00:00.1234567-0130",
                Some("2026-11-25T12:00:00.123456-01:30"),
            ),
            ("2026-11-25", Some("2026-11-25T00:00:00")),
            ("2026-02-30", None),
            ("2026-11-25T25:00:00", None),
            ("yesterday", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(timestamp_text(text).as_deref(), want, "{text:?}");
        }
    }
}
