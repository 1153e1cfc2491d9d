//! What the non-JSON parts of a request are made of, as botocore writes them: scalars as text
//! (query strings, labels, headers, form bodies, XML) and the four percent-encodings, which
//! must not be mixed.
//!
//! | where | kept as is | space |
//! |---|---|---|
//! | URI label ([`label`]) | `A-Z a-z 0-9 - . _ ~` | `%20` |
//! | greedy label ([`greedy_label`]) | the same and `/` | `%20` |
//! | REST query string key or value ([`query`]) | `A-Z a-z 0-9 - . _ ~` | `%20` |
//! | form body key or value ([`form`], Python's `quote_plus`) | `A-Z a-z 0-9 - . _ ~` | `+` |
//!
//! Every other byte of the UTF-8 text becomes `%XX` with upper-case hex digits.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use crate::json::{Timestamp, TimestampFormat};
use crate::schema::{MemberDef, ShapeDef, ShapeKind};

/// Every byte but the unreserved characters of RFC 3986.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// [`UNRESERVED`] minus `/`.
const UNRESERVED_AND_SLASH: &AsciiSet = &UNRESERVED.remove(b'/');

/// A URI label value.
pub fn label(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}

/// A greedy URI label value (`{Key+}`): `/` is kept.
pub fn greedy_label(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED_AND_SLASH).to_string()
}

/// A REST query-string key or value.
pub fn query(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}

/// A form-body key or value (`application/x-www-form-urlencoded`, Python's `quote_plus`).
pub fn form(text: &str) -> String {
    // Spaces are encoded as `%20` first and turned into `+` after: a literal `+` in the text
    // has become `%2B` by then, so the replacement cannot touch it.
    query(text).replace("%20", "+")
}

/// Where a scalar goes, for the timestamp format it takes by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A URI label, a query string, a form body or an XML element: `date-time`.
    Text,
    /// A header: `http-date`.
    Header,
}

/// The timestamp format of a member in `place`: the member's `timestampFormat`, else its
/// target's, else the place's default.
pub fn timestamp_format(member: &MemberDef, target: &ShapeDef, place: Place) -> TimestampFormat {
    if let Some(format) = member.wire.timestamp_format {
        return format;
    }
    match (&target.kind, place) {
        (
            ShapeKind::Timestamp {
                format: Some(format),
            },
            _,
        ) => *format,
        (_, Place::Text) => TimestampFormat::DateTime,
        (_, Place::Header) => TimestampFormat::HttpDate,
    }
}

/// Reads a timestamp value as the codecs' input holds it: epoch seconds as a number, or text
/// in any of the three formats (botocore accepts each anywhere). `nan` and the infinities,
/// which Rust's float parsing takes, are no timestamps (botocore: `Invalid timestamp`).
pub fn parse_timestamp(value: &Value) -> Option<Timestamp> {
    let t = match value {
        Value::Number(n) => n.as_f64().map(Timestamp),
        Value::String(s) => Timestamp::parse_date_time(s)
            .or_else(|| Timestamp::parse_http_date(s))
            .or_else(|| s.trim().parse::<f64>().ok().map(Timestamp)),
        _ => None,
    }?;
    t.as_secs_f64().is_finite().then_some(t)
}

/// A timestamp as text in `format`. Epoch seconds are whole seconds (botocore truncates the
/// fraction); an http-date is whole seconds too.
pub fn timestamp_text(t: Timestamp, format: TimestampFormat) -> Option<String> {
    match format {
        TimestampFormat::EpochSeconds => {
            let secs = t.as_secs_f64();
            secs.is_finite().then(|| format!("{}", secs.trunc() as i64))
        }
        TimestampFormat::DateTime => t.to_date_time(),
        TimestampFormat::HttpDate => Timestamp(t.as_secs_f64().floor()).to_http_date(),
    }
}

/// A scalar value as text (§ "scalars as text"): booleans `true`/`false`, numbers as Python's
/// `str()` prints them (an integer as written, a float as its `repr`), strings, enums and
/// blobs (already base64 in the input value) as they are, timestamps in `format`.
/// `None` for a value that is not a scalar of `target`'s kind.
pub fn scalar_text(value: &Value, target: &ShapeDef, format: TimestampFormat) -> Option<String> {
    if let ShapeKind::Timestamp { .. } = target.kind {
        return timestamp_text(parse_timestamp(value)?, format);
    }
    match value {
        Value::Bool(b) => Some(if *b { "true" } else { "false" }.to_owned()),
        Value::Number(n) => Some(awslice_pyfmt::str_number(n)),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_encoders() {
        let s = "a b*~/+é";
        assert_eq!(label(s), "a%20b%2A~%2F%2B%C3%A9");
        assert_eq!(greedy_label(s), "a%20b%2A~/%2B%C3%A9");
        assert_eq!(query(s), "a%20b%2A~%2F%2B%C3%A9");
        assert_eq!(form(s), "a+b%2A~%2F%2B%C3%A9");
        assert_eq!(form("%20"), "%2520");
        assert_eq!(label("-._~AZaz09"), "-._~AZaz09");
    }

    #[test]
    fn timestamps_as_text() {
        let t = Timestamp(1_576_540_098.5);
        assert_eq!(
            timestamp_text(t, TimestampFormat::DateTime).as_deref(),
            Some("2019-12-16T23:48:18.500000Z")
        );
        assert_eq!(
            timestamp_text(t, TimestampFormat::HttpDate).as_deref(),
            Some("Mon, 16 Dec 2019 23:48:18 GMT")
        );
        assert_eq!(
            timestamp_text(t, TimestampFormat::EpochSeconds).as_deref(),
            Some("1576540098")
        );
        for v in [
            serde_json::json!(1_576_540_098),
            serde_json::json!("2019-12-16T23:48:18Z"),
            serde_json::json!("Mon, 16 Dec 2019 23:48:18 GMT"),
            serde_json::json!("1576540098"),
        ] {
            assert_eq!(parse_timestamp(&v), Some(Timestamp(1_576_540_098.0)), "{v}");
        }
        assert_eq!(parse_timestamp(&serde_json::json!("yesterday")), None);
        for word in ["nan", "inf", "-infinity", "NaN"] {
            assert_eq!(parse_timestamp(&serde_json::json!(word)), None, "{word}");
        }
    }

    #[test]
    fn scalars_as_text() {
        let string = ShapeDef {
            name: "S",
            kind: ShapeKind::String {
                enum_values: &[],
                min_len: None,
                max_len: None,
                pattern: None,
            },
            doc: "",
            sensitive: false,
            xml_name: None,
            xml_namespace: None,
        };
        let float = ShapeDef {
            name: "F",
            kind: ShapeKind::Float {
                min: None,
                max: None,
            },
            doc: "",
            sensitive: false,
            xml_name: None,
            xml_namespace: None,
        };
        let f = TimestampFormat::DateTime;
        let v: Value = serde_json::from_str(r#"[true, 5, 5.0, 1e16, "x"]"#).unwrap();
        let texts: Vec<_> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|v| scalar_text(v, &float, f).unwrap())
            .collect();
        assert_eq!(texts, ["true", "5", "5.0", "1e+16", "x"]);
        assert_eq!(scalar_text(&serde_json::json!([1]), &string, f), None);
    }
}
