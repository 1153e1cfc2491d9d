//! [`Timestamp`] and its wire formats ([`TimestampFormat`], `smithy.api#timestampFormat`).
//!
//! Calendar arithmetic and RFC 3339 parsing come from the `time` crate, `http-date` parsing
//! from `httpdate` (which also accepts the obsolete RFC 850 and asctime forms, as RFC 9110
//! asks of recipients). The strings written are botocore's: `date-time` is
//! `2014-04-29T18:30:38Z`, with `.ffffff` microseconds only when they are not zero, and
//! `http-date` is the IMF-fixdate `Tue, 29 Apr 2014 18:30:38 GMT` (whole seconds).

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Number, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A point in time: seconds since the Unix epoch (fractions allowed).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Timestamp(pub f64);

/// How a timestamp is written on the wire (`smithy.api#timestampFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TimestampFormat {
    /// Seconds since the Unix epoch as a JSON number, fractions allowed (`epoch-seconds`,
    /// the awsJson protocols' default).
    #[default]
    EpochSeconds,
    /// An RFC 3339 date-time string in UTC (`date-time`): `2014-04-29T18:30:38Z`.
    DateTime,
    /// An HTTP date string, IMF-fixdate (`http-date`): `Tue, 29 Apr 2014 18:30:38 GMT`.
    HttpDate,
}

impl TimestampFormat {
    /// The format named by a `smithy.api#timestampFormat` value (`epoch-seconds`,
    /// `date-time`, `http-date`), or `None` for any other text.
    pub fn from_trait_value(value: &str) -> Option<Self> {
        match value {
            "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
            "date-time" => Some(TimestampFormat::DateTime),
            "http-date" => Some(TimestampFormat::HttpDate),
            _ => None,
        }
    }

    /// The `smithy.api#timestampFormat` value naming this format.
    pub fn trait_value(self) -> &'static str {
        match self {
            TimestampFormat::EpochSeconds => "epoch-seconds",
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
        }
    }

    /// What a value in this format looks like, for error messages.
    pub fn description(self) -> &'static str {
        match self {
            TimestampFormat::EpochSeconds => "epoch seconds",
            TimestampFormat::DateTime => "RFC 3339 date-time",
            TimestampFormat::HttpDate => "HTTP date",
        }
    }
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Timestamp {
    /// From seconds since the Unix epoch.
    pub fn from_secs_f64(secs: f64) -> Self {
        Timestamp(secs)
    }

    /// Seconds since the Unix epoch.
    pub fn as_secs_f64(&self) -> f64 {
        self.0
    }

    /// The UTC date and time, to the nearest microsecond; `None` when not finite or
    /// outside the years 0 to 9999.
    fn to_utc(self) -> Option<OffsetDateTime> {
        if !self.0.is_finite() {
            return None;
        }
        // Finite, so the cast only saturates for magnitudes far outside the supported
        // years, which the checked conversion below then rejects.
        #[allow(clippy::cast_possible_truncation)]
        let micros = (self.0 * 1e6).round() as i128;
        let dt = OffsetDateTime::from_unix_timestamp_nanos(micros.checked_mul(1000)?).ok()?;
        (0..=9999).contains(&dt.year()).then_some(dt)
    }

    fn from_utc(dt: OffsetDateTime) -> Self {
        #[allow(clippy::cast_precision_loss)]
        let secs = dt.unix_timestamp() as f64;
        Timestamp(secs + f64::from(dt.nanosecond()) / 1e9)
    }

    /// The RFC 3339 `date-time` form in UTC, as botocore writes it:
    /// `2014-04-29T18:30:38Z`, or `2014-04-29T18:30:38.500000Z` when there are
    /// microseconds; `None` when not finite or outside the years 0 to 9999.
    pub fn to_date_time(&self) -> Option<String> {
        let dt = self.to_utc()?;
        let mut s = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            dt.year(),
            u8::from(dt.month()),
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second()
        );
        if dt.microsecond() != 0 {
            s.push_str(&format!(".{:06}", dt.microsecond()));
        }
        s.push('Z');
        Some(s)
    }

    /// The `http-date` (IMF-fixdate) form, whole seconds (fractions are dropped, as
    /// botocore does): `Tue, 29 Apr 2014 18:30:38 GMT`; `None` when not finite or outside
    /// the years 0 to 9999.
    pub fn to_http_date(&self) -> Option<String> {
        let dt = self.to_utc()?;
        let weekday = WEEKDAYS[usize::from(dt.weekday().number_days_from_monday())];
        let month = MONTHS[usize::from(u8::from(dt.month()) - 1)];
        Some(format!(
            "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} GMT",
            dt.day(),
            dt.year(),
            dt.hour(),
            dt.minute(),
            dt.second()
        ))
    }

    /// Parses an RFC 3339 date-time (any offset, any fraction): `2014-04-29T18:30:38Z`,
    /// `2014-04-29T20:30:38.25+02:00`.
    pub fn parse_date_time(s: &str) -> Option<Self> {
        OffsetDateTime::parse(s, &Rfc3339).ok().map(Self::from_utc)
    }

    /// Parses an HTTP date: IMF-fixdate (`Tue, 29 Apr 2014 18:30:38 GMT`), or the obsolete
    /// RFC 850 and asctime forms. Years 1970 to 9999.
    pub fn parse_http_date(s: &str) -> Option<Self> {
        let t = httpdate::parse_http_date(s).ok()?;
        let since = t.duration_since(UNIX_EPOCH).ok()?;
        #[allow(clippy::cast_precision_loss)]
        let secs = since.as_secs() as f64;
        Some(Timestamp(secs))
    }

    /// The JSON form in `format`. A value that cannot be written in it (not finite, or a
    /// year outside 0 to 9999 for the string forms) is `null`.
    pub fn to_value(&self, format: TimestampFormat) -> Value {
        match format {
            TimestampFormat::EpochSeconds => {
                if self.0.fract() == 0.0 && self.0.abs() < 9.0e15 {
                    // Whole and well inside i64: written as an integer, as botocore does.
                    #[allow(clippy::cast_possible_truncation)]
                    let secs = self.0 as i64;
                    Value::from(secs)
                } else {
                    Number::from_f64(self.0).map_or(Value::Null, Value::Number)
                }
            }
            TimestampFormat::DateTime => self.to_date_time().map_or(Value::Null, Value::String),
            TimestampFormat::HttpDate => self.to_http_date().map_or(Value::Null, Value::String),
        }
    }

    /// Reads the JSON form in `format`: a number for epoch seconds, a string for the
    /// others; `None` when `v` is not one.
    pub fn from_value(v: &Value, format: TimestampFormat) -> Option<Self> {
        match format {
            TimestampFormat::EpochSeconds => v.as_f64().map(Timestamp),
            TimestampFormat::DateTime => v.as_str().and_then(Self::parse_date_time),
            TimestampFormat::HttpDate => v.as_str().and_then(Self::parse_http_date),
        }
    }
}

impl From<SystemTime> for Timestamp {
    /// The same instant (to the precision of an `f64`).
    fn from(t: SystemTime) -> Self {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => Timestamp(d.as_secs_f64()),
            Err(e) => Timestamp(-e.duration().as_secs_f64()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Timestamp = Timestamp(1_398_796_238.0);

    #[test]
    fn trait_values() {
        for f in [
            TimestampFormat::EpochSeconds,
            TimestampFormat::DateTime,
            TimestampFormat::HttpDate,
        ] {
            assert_eq!(TimestampFormat::from_trait_value(f.trait_value()), Some(f));
        }
        assert_eq!(TimestampFormat::from_trait_value("iso8601"), None);
        assert_eq!(TimestampFormat::default(), TimestampFormat::EpochSeconds);
    }

    #[test]
    fn epoch_seconds() {
        let f = TimestampFormat::EpochSeconds;
        assert_eq!(T.to_value(f).to_string(), "1398796238");
        assert_eq!(Timestamp(1.25).to_value(f).to_string(), "1.25");
        assert_eq!(Timestamp(-3.0).to_value(f).to_string(), "-3");
        assert_eq!(Timestamp(f64::NAN).to_value(f), Value::Null);
        assert_eq!(
            Timestamp::from_value(&serde_json::json!(1398796238), f),
            Some(T)
        );
        assert_eq!(
            Timestamp::from_value(&serde_json::json!(0.5), f),
            Some(Timestamp(0.5))
        );
        assert_eq!(
            Timestamp::from_value(&serde_json::json!("1398796238"), f),
            None
        );
    }

    #[test]
    fn date_time() {
        let f = TimestampFormat::DateTime;
        assert_eq!(T.to_value(f), Value::from("2014-04-29T18:30:38Z"));
        assert_eq!(
            Timestamp(1_398_796_238.25).to_date_time().as_deref(),
            Some("2014-04-29T18:30:38.250000Z")
        );
        assert_eq!(
            Timestamp(0.000_001).to_date_time().as_deref(),
            Some("1970-01-01T00:00:00.000001Z")
        );
        // Before the epoch: the seconds field still counts up within the minute.
        assert_eq!(
            Timestamp(-0.5).to_date_time().as_deref(),
            Some("1969-12-31T23:59:59.500000Z")
        );
        assert_eq!(
            Timestamp(951_782_400.0).to_date_time().as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
        assert_eq!(Timestamp(f64::INFINITY).to_date_time(), None);
        assert_eq!(Timestamp(1e12).to_date_time(), None, "year 33658");
        assert_eq!(Timestamp(1e12).to_value(f), Value::Null);
        assert_eq!(Timestamp::parse_date_time("2014-04-29T18:30:38Z"), Some(T));
        assert_eq!(
            Timestamp::parse_date_time("2014-04-29T20:30:38.25+02:00"),
            Some(Timestamp(1_398_796_238.25))
        );
        assert_eq!(
            Timestamp::parse_date_time("1969-12-31T23:59:59.5Z"),
            Some(Timestamp(-0.5))
        );
        assert_eq!(Timestamp::parse_date_time("2014-04-29 18:30:38"), None);
        assert_eq!(
            Timestamp::parse_date_time("Tue, 29 Apr 2014 18:30:38 GMT"),
            None
        );
        assert_eq!(
            Timestamp::from_value(&Value::from("2014-04-29T18:30:38Z"), f),
            Some(T)
        );
        assert_eq!(
            Timestamp::from_value(&serde_json::json!(1398796238), f),
            None
        );
        // Round trip through the string form.
        let t = Timestamp(1_700_000_000.123_456);
        let back = Timestamp::parse_date_time(&t.to_date_time().unwrap()).unwrap();
        assert!((back.0 - t.0).abs() < 1e-6, "{back:?}");
    }

    #[test]
    fn http_date() {
        let f = TimestampFormat::HttpDate;
        assert_eq!(T.to_value(f), Value::from("Tue, 29 Apr 2014 18:30:38 GMT"));
        assert_eq!(
            Timestamp(1_398_796_238.9).to_http_date().as_deref(),
            Some("Tue, 29 Apr 2014 18:30:38 GMT"),
            "fractions are dropped"
        );
        assert_eq!(
            Timestamp(0.0).to_http_date().as_deref(),
            Some("Thu, 01 Jan 1970 00:00:00 GMT")
        );
        assert_eq!(
            Timestamp(-1.0).to_http_date().as_deref(),
            Some("Wed, 31 Dec 1969 23:59:59 GMT")
        );
        assert_eq!(
            Timestamp(1_735_689_599.0).to_http_date().as_deref(),
            Some("Tue, 31 Dec 2024 23:59:59 GMT")
        );
        assert_eq!(Timestamp(f64::NAN).to_value(f), Value::Null);
        assert_eq!(
            Timestamp::parse_http_date("Tue, 29 Apr 2014 18:30:38 GMT"),
            Some(T)
        );
        assert_eq!(
            Timestamp::parse_http_date("Tuesday, 29-Apr-14 18:30:38 GMT"),
            Some(T),
            "RFC 850"
        );
        assert_eq!(
            Timestamp::parse_http_date("Tue Apr 29 18:30:38 2014"),
            Some(T),
            "asctime"
        );
        assert_eq!(Timestamp::parse_http_date("2014-04-29T18:30:38Z"), None);
        assert_eq!(
            Timestamp::from_value(&Value::from("Tue, 29 Apr 2014 18:30:38 GMT"), f),
            Some(T)
        );
        assert_eq!(Timestamp::from_value(&Value::Null, f), None);
    }

    #[test]
    fn from_system_time() {
        let t = UNIX_EPOCH + std::time::Duration::from_millis(1500);
        assert_eq!(Timestamp::from(t), Timestamp(1.5));
        let t = UNIX_EPOCH - std::time::Duration::from_secs(2);
        assert_eq!(Timestamp::from(t), Timestamp(-2.0));
    }
}
