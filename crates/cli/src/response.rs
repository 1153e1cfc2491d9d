//! Reading responses as botocore does: the output re-ordered and filtered by the output
//! shape, and the modelled members of error responses. Timestamps are printed in the local
//! time zone of the command's environment, as the AWS CLI does (see [`localtime`]).

use std::collections::HashMap;

use awslice_pyfmt::PyNumber;
use serde_json::{Map, Value};

#[path = "localtime.rs"]
mod localtime;
use localtime::LocalZone;

use crate::schema::{ServiceDef, ShapeIdx, ShapeKind};

/// The printable output of an operation from its output value as the protocol codec read it
/// (what an awsJson body would hold; an empty or non-JSON awsJson body counts as `{}`): only
/// what the output shape models, in model order. `env` is the command's environment (its `TZ`
/// gives the zone of timestamps). Errs with botocore's message when a timestamp is no Python
/// datetime (the AWS CLI then prints it and exits with 255).
pub fn output_value(
    svc: &ServiceDef,
    output: Option<ShapeIdx>,
    parsed: &Value,
    env: &HashMap<String, String>,
) -> Result<Value, String> {
    Ok(match output {
        Some(shape) => {
            let zone = LocalZone::from_env(env);
            shape_filter(svc, shape, parsed, &zone)?.unwrap_or_else(|| Value::Object(Map::new()))
        }
        None => Value::Object(Map::new()),
    })
}

/// Keeps what `shape` models; `None` when the value does not fit the shape. Timestamps become
/// ISO 8601 text in `zone` (an error when one is out of Python's range).
fn shape_filter(
    svc: &ServiceDef,
    shape: ShapeIdx,
    value: &Value,
    zone: &LocalZone,
) -> Result<Option<Value>, String> {
    let Some(def) = svc.shapes.get(shape) else {
        return Ok(None);
    };
    Ok(match (&def.kind, value) {
        (
            ShapeKind::Structure { members, .. } | ShapeKind::Union { members },
            Value::Object(map),
        ) => {
            let mut out = Map::new();
            for m in members.iter() {
                let key = m.json_name.unwrap_or(m.name);
                if let Some(v) = map.get(key)
                    && !v.is_null()
                    && let Some(f) = shape_filter(svc, m.target, v, zone)?
                {
                    out.insert(m.name.to_owned(), f);
                }
            }
            Some(Value::Object(out))
        }
        (ShapeKind::List { member, .. }, Value::Array(items)) => Some(Value::Array(
            items
                .iter()
                .map(|v| Ok(shape_filter(svc, *member, v, zone)?.unwrap_or(Value::Null)))
                .collect::<Result<_, String>>()?,
        )),
        (ShapeKind::Map { value: vs, .. }, Value::Object(map)) => Some(Value::Object(
            map.iter()
                .map(|(k, v)| {
                    Ok((
                        k.clone(),
                        shape_filter(svc, *vs, v, zone)?.unwrap_or(Value::Null),
                    ))
                })
                .collect::<Result<_, String>>()?,
        )),
        (ShapeKind::Timestamp { .. }, Value::Number(n)) => {
            let epoch = match awslice_pyfmt::classify(n) {
                PyNumber::Int(digits) => Epoch::Int(digits.parse().ok()),
                PyNumber::Float(f) => Epoch::Float(f),
            };
            let text = epoch_text(&epoch, zone)
                .or_else(|e| fallback_text(e, &epoch, &awslice_pyfmt::str_number(n), zone))?;
            Some(Value::String(text))
        }
        (ShapeKind::Timestamp { .. }, Value::String(text)) => Some(
            timestamp_text(text, zone)?
                .map(Value::String)
                .unwrap_or_else(|| value.clone()),
        ),
        (_, v) => Some(v.clone()),
    })
}

/// An epoch-seconds value as Python holds it.
enum Epoch {
    /// An `int` (`None`: outside `time_t`).
    Int(Option<i64>),
    /// A `float`.
    Float(f64),
}

impl Epoch {
    /// `float(value)`.
    fn as_f64(&self, digits: &str) -> f64 {
        match self {
            Epoch::Int(Some(i)) => *i as f64,
            Epoch::Int(None) => digits.parse().unwrap_or(f64::INFINITY),
            Epoch::Float(f) => *f,
        }
    }
}

/// Why `datetime.fromtimestamp(value, tzlocal())` failed.
#[derive(Debug)]
enum EpochError {
    /// `OverflowError` or `OSError` (outside `time_t`, `gmtime` or the datetime range after
    /// the offset): botocore retries without `fromtimestamp`.
    Overflow,
    /// `ValueError: year N is out of range` (the UTC date is no Python datetime).
    Year(i64),
    /// An error botocore does not catch (raised when the datetime is printed).
    Raised(String),
}

/// Python's `OverflowError` message for datetime arithmetic out of range.
const DATE_OVERFLOW: &str = "date value out of range";

/// The years Python's datetimes hold.
const PY_YEARS: std::ops::RangeInclusive<i64> = 1..=9999;

/// Python's `datetime.fromtimestamp(value, tzlocal()).isoformat()` (`2026-11-25T11:46:39+00:00`
/// in UTC, `2026-11-25T20:46:39+09:00` in Asia/Tokyo, with `.ffffff` when there are
/// microseconds).
fn epoch_text(epoch: &Epoch, zone: &LocalZone) -> Result<String, EpochError> {
    let (secs, micros) = match *epoch {
        Epoch::Int(Some(i)) => (i, 0),
        Epoch::Int(None) => return Err(EpochError::Overflow),
        Epoch::Float(f) => split_float(f).ok_or(EpochError::Overflow)?,
    };
    // `gmtime` fails (EOVERFLOW) when `tm_year` does not fit a C int.
    let year = civil_from_days(secs.div_euclid(86_400)).0;
    if i32::try_from(year - 1900).is_err() {
        return Err(EpochError::Overflow);
    }
    if !PY_YEARS.contains(&year) {
        return Err(EpochError::Year(year));
    }
    let (wall, fold) = zone.local(secs).map_err(|_| EpochError::Overflow)?;
    let offset = zone
        .utc_offset(wall, fold)
        .map_err(|_| EpochError::Raised(DATE_OVERFLOW.to_owned()))?;
    wall_text(wall, micros, offset).ok_or(EpochError::Overflow)
}

/// `(seconds, microseconds)` of a float as CPython's `fromtimestamp` splits it
/// (`_PyTime_DoubleToDenominator`); `None` outside `time_t`.
fn split_float(epoch: f64) -> Option<(i64, i64)> {
    // Split off the integer seconds (exact for any float), then round the fraction's
    // microseconds half to even. Scaling the whole value first would round twice:
    // 1700000000.0000005 is really 1700000000.00000047…, which has 0 microseconds, not 1.
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
    // i64::MAX as f64 is 2^63, itself outside time_t; NaN and infinities are outside too.
    if secs.is_nan() || secs < i64::MIN as f64 || secs >= i64::MAX as f64 {
        return None;
    }
    Some((secs as i64, micros as i64))
}

/// `isoformat()` of a local wall-clock time; `None` outside Python's years.
fn wall_text(wall: i64, micros: i64, offset: i64) -> Option<String> {
    let (year, month, day) = civil_from_days(wall.div_euclid(86_400));
    if !PY_YEARS.contains(&year) {
        return None;
    }
    let rem = wall.rem_euclid(86_400);
    Some(isoformat(
        (year, month, day),
        (rem / 3600, rem % 3600 / 60, rem % 60),
        micros,
        &localtime::offset_text(offset),
    ))
}

/// What botocore's `parse_timestamp` does when `fromtimestamp` failed with `error`: a
/// `ValueError` is raised as is; after an overflow, the epoch in local time plus
/// `timedelta(seconds=float(value))` (`_epoch_seconds_to_datetime`), and when that overflows
/// too, `RuntimeError: Unable to calculate correct timezone offset for "<value>"`.
fn fallback_text(
    error: EpochError,
    epoch: &Epoch,
    value: &str,
    zone: &LocalZone,
) -> Result<String, String> {
    match error {
        EpochError::Year(year) => return Err(format!("year {year} is out of range")),
        EpochError::Raised(message) => return Err(message),
        EpochError::Overflow => {}
    }
    let overflow = || format!("Unable to calculate correct timezone offset for \"{value}\"");
    // timedelta holds at most 999999999 days.
    let seconds = epoch.as_f64(value);
    if seconds.is_nan() || seconds.abs() >= 1e9 * 86_400.0 {
        return Err(overflow());
    }
    let (secs, micros) = split_float(seconds).ok_or_else(overflow)?;
    let (epoch_zero, _) = zone.local(0).map_err(|_| overflow())?;
    // `datetime + timedelta`, then `isoformat()` asks for the offset.
    let wall = epoch_zero
        .checked_add(secs)
        .filter(|w| localtime::PY_DATETIMES.contains(w))
        .ok_or_else(overflow)?;
    let offset = zone
        .utc_offset(wall, false)
        .map_err(|_| DATE_OVERFLOW.to_owned())?;
    wall_text(wall, micros, offset).ok_or_else(overflow)
}

/// The text of a float epoch in `zone`, or botocore's error ([`epoch_text`] and
/// [`fallback_text`]); the error's value is printed as Python prints the float.
#[cfg(test)]
fn iso8601(epoch: f64, zone: &LocalZone) -> Result<String, String> {
    let value = Epoch::Float(epoch);
    epoch_text(&value, zone)
        .or_else(|e| fallback_text(e, &value, &awslice_pyfmt::float_repr(epoch), zone))
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
/// prints it: a number is epoch seconds (`float(value)`, printed in `zone`); otherwise dateutil
/// reads it (a text's own offset is kept; without one it stays without). Only
/// the ISO 8601 forms dateutil reads are handled here (`2026-11-25`, `2026-11-25T12:00:00`,
/// a space for the `T`, `.fraction` (cut to microseconds), `Z`, `±HH:MM`, `±HHMM`); `None`
/// for anything else, which is then printed as received.
fn timestamp_text(text: &str, zone: &LocalZone) -> Result<Option<String>, String> {
    let trimmed = text.trim();
    let unsigned = trimmed.trim_start_matches(['+', '-']).to_ascii_lowercase();
    let numeric = trimmed
        .bytes()
        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
        || matches!(unsigned.as_str(), "inf" | "infinity");
    if !trimmed.is_empty()
        && numeric
        && let Ok(seconds) = trimmed.parse::<f64>()
    {
        let epoch = Epoch::Float(seconds);
        return match epoch_text(&epoch, zone) {
            Ok(printed) => Ok(Some(printed)),
            // `fromtimestamp`'s ValueError is caught and dateutil reads the text: it knows no
            // exponents; it reads other numbers as dates in ways not followed here, except
            // that a fraction or a minus sign ends in its OverflowError.
            Err(EpochError::Year(_)) if trimmed.contains(['e', 'E']) => Err(format!(
                "Invalid timestamp \"{text}\": Unknown string format: {text}"
            )),
            Err(EpochError::Year(_)) if trimmed.contains('.') || trimmed.starts_with('-') => {
                fallback_text(EpochError::Overflow, &epoch, text, zone).map(Some)
            }
            Err(EpochError::Year(_)) => Ok(None),
            Err(e) => fallback_text(e, &epoch, text, zone).map(Some),
        };
    }
    Ok(iso_text(trimmed))
}

/// An ISO 8601 text as dateutil reads it and `isoformat()` prints it; `None` for other texts.
fn iso_text(trimmed: &str) -> Option<String> {
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
/// order (what botocore adds to the error dict). `env` as for [`output_value`].
pub fn modeled_error_fields(
    svc: &ServiceDef,
    errors: &[ShapeIdx],
    code: &str,
    body: &[u8],
    env: &HashMap<String, String>,
) -> Option<Map<String, Value>> {
    // The code an error arrives with: its shape name, or its `awsQueryError` code.
    let shape = errors.iter().copied().find(|i| {
        svc.shapes.get(*i).is_some_and(|s| {
            s.name == code
                || matches!(s.kind, ShapeKind::Structure { error_code: Some(c), .. } if c == code)
        })
    })?;
    let parsed =
        awslice_runtime::protocol::error_fields(svc.meta.protocol, svc.shapes, shape, body)?;
    // botocore would raise on a timestamp out of Python's range here too; its details are
    // dropped instead (the service's error is still reported).
    match shape_filter(svc, shape, &parsed, &LocalZone::from_env(env)).ok()?? {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isoformat_like_python() {
        assert_eq!(
            iso8601(1_795_953_999.0, &LocalZone::utc()).as_deref(),
            Ok("2026-11-29T12:06:39+00:00")
        );
        assert_eq!(
            iso8601(1_795_953_999.25, &LocalZone::utc()).as_deref(),
            Ok("2026-11-29T12:06:39.250000+00:00")
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
            assert_eq!(
                iso8601(epoch, &LocalZone::utc()).as_deref(),
                Ok(want),
                "{epoch}"
            );
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
            assert_eq!(
                timestamp_text(text, &LocalZone::utc())
                    .as_ref()
                    .map(Option::as_deref),
                Ok(want),
                "{text:?}"
            );
        }
    }

    fn tz(name: &str) -> LocalZone {
        LocalZone::from_env(&HashMap::from([("TZ".to_owned(), name.to_owned())]))
    }

    /// What `awscli.customizations.scalarparse.iso_format(value)` raised (Python 3.11,
    /// botocore 1.44): the AWS CLI prints the message and exits with 255.
    #[test]
    fn out_of_range_epochs_fail_like_botocore() {
        let unable = |v: &str| {
            Err(format!(
                "Unable to calculate correct timezone offset for \"{v}\""
            ))
        };
        let utc = LocalZone::utc();
        assert_eq!(
            iso8601(1e12, &utc),
            Err("year 33658 is out of range".to_owned())
        );
        assert_eq!(
            iso8601(-1e12, &utc),
            Err("year -29719 is out of range".to_owned())
        );
        assert_eq!(
            iso8601(253_402_300_800.0, &utc),
            Err("year 10000 is out of range".to_owned())
        );
        assert_eq!(
            iso8601(-62_135_596_801.0, &utc),
            Err("year 0 is out of range".to_owned())
        );
        assert_eq!(iso8601(1e20, &utc), unable("1e+20"));
        assert_eq!(iso8601(f64::INFINITY, &utc), unable("inf"));
        // In range in UTC, not after the offset (and the fallback overflows too).
        assert_eq!(
            iso8601(253_402_300_799.0, &tz("Asia/Tokyo")),
            unable("253402300799.0")
        );
        assert_eq!(
            iso8601(-62_135_596_800.0, &tz("America/New_York")),
            unable("-62135596800.0")
        );
        assert_eq!(
            iso8601(-62_135_596_800.0, &tz("Asia/Tokyo")).as_deref(),
            Ok("0001-01-01T09:00:00+09:00")
        );
    }

    #[test]
    fn out_of_range_epoch_texts_fail_like_botocore() {
        let utc = LocalZone::utc();
        let text = |t: &str, zone: &LocalZone| timestamp_text(t, zone);
        let unable = |v: &str| {
            Err(format!(
                "Unable to calculate correct timezone offset for \"{v}\""
            ))
        };
        assert_eq!(
            text("1e12", &utc),
            Err("Invalid timestamp \"1e12\": Unknown string format: 1e12".to_owned())
        );
        assert_eq!(text("1700000000000.5", &utc), unable("1700000000000.5"));
        assert_eq!(text("-99999999999", &utc), unable("-99999999999"));
        assert_eq!(text("inf", &utc), unable("inf"));
        assert_eq!(text("1e999", &utc), unable("1e999"));
        assert_eq!(
            text("99999999999.5", &utc),
            Ok(Some("5138-11-16T09:46:39.500000+00:00".to_owned()))
        );
        // The fallback (the epoch in local time plus the value) can succeed.
        assert_eq!(
            text("-62135596801", &tz("Asia/Tokyo")),
            Ok(Some("0001-01-01T08:59:59+09:00".to_owned()))
        );
        assert_eq!(text("-62135596801", &utc), unable("-62135596801"));
    }

    #[test]
    fn epoch_texts_are_local_and_iso_texts_keep_their_offset() {
        let tokyo = tz("Asia/Tokyo");
        let cases = [
            ("1700000000.25", Some("2023-11-15T07:13:20.250000+09:00")),
            ("2026-11-25T12:00:00Z", Some("2026-11-25T12:00:00+00:00")),
            (
                "2026-11-25T12:00:00-0130",
                Some("2026-11-25T12:00:00-01:30"),
            ),
            ("2026-11-25 12:00:00", Some("2026-11-25T12:00:00")),
        ];
        for (t, want) in cases {
            assert_eq!(
                timestamp_text(t, &tokyo).as_ref().map(Option::as_deref),
                Ok(want),
                "{t:?}"
            );
        }
    }
}
