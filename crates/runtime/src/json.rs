//! awsJson values for generated service crates: the [`ToJson`] / [`FromJson`] traits, the
//! [`Timestamp`] and [`Blob`] member types, and the helpers generated code calls.
//!
//! Generated types are converted by generated code over these two small traits rather
//! than serde derives: required members are plain values (not `Option`), responses are
//! read tolerantly (unknown members ignored, `null` read as absent), awsJson's encodings
//! apply (timestamps in their [`TimestampFormat`], blobs as base64, `NaN` and the
//! infinities as strings), error messages name the member path (`Items[0].Name`), and no
//! proc-macro runs when a generated crate builds.
//!
//! Nothing here names a service: every generated SDK crate shares this one copy.

mod timestamp;

pub use timestamp::{Timestamp, TimestampFormat};

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::{Map, Number, Value};

use crate::error::ResponseError;

/// A value that can be written as awsJson.
pub trait ToJson {
    /// The JSON form of `self`.
    fn to_json(&self) -> Value;

    /// The JSON form of `self`, with the timestamps it holds (itself, or the items of a
    /// list or map of timestamps) written in `format`. Values without timestamps ignore
    /// `format`; the default is [`ToJson::to_json`].
    fn to_json_with(&self, format: TimestampFormat) -> Value {
        let _ = format;
        self.to_json()
    }
}

/// A value that can be read from awsJson.
pub trait FromJson: Sized {
    /// Reads `v`; `path` names the member for error messages.
    ///
    /// # Errors
    /// `v` is not a value of this type: the error names `path`.
    fn from_json(v: &Value, path: &str) -> Result<Self, ResponseError>;

    /// Reads `v`, expecting the timestamps it holds (itself, or the items of a list or map
    /// of timestamps) in `format`. Values without timestamps ignore `format`; the default
    /// is [`FromJson::from_json`].
    ///
    /// # Errors
    /// As [`FromJson::from_json`].
    fn from_json_with(
        v: &Value,
        path: &str,
        format: TimestampFormat,
    ) -> Result<Self, ResponseError> {
        let _ = format;
        Self::from_json(v, path)
    }
}

/// Binary data (base64 on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Blob(pub Vec<u8>);

impl Blob {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// An error naming `path` (or just `what` when `path` is empty).
pub fn error(path: &str, what: &str) -> ResponseError {
    ResponseError {
        message: if path.is_empty() {
            what.to_string()
        } else {
            format!("{path}: {what}")
        },
    }
}

/// `path.member` (or `member` at the top).
pub fn join(path: &str, member: &str) -> String {
    if path.is_empty() {
        member.to_string()
    } else {
        format!("{path}.{member}")
    }
}

/// Reads optional member `name` of `obj`: absent and `null` are `None`.
///
/// # Errors
/// The member is present but not a `T`.
pub fn optional<T: FromJson>(
    obj: &Map<String, Value>,
    name: &str,
    path: &str,
) -> Result<Option<T>, ResponseError> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => T::from_json(v, &join(path, name)).map(Some),
    }
}

/// [`optional`] for a member whose timestamps are in `format`.
///
/// # Errors
/// The member is present but not a `T`.
pub fn optional_with<T: FromJson>(
    obj: &Map<String, Value>,
    name: &str,
    path: &str,
    format: TimestampFormat,
) -> Result<Option<T>, ResponseError> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => T::from_json_with(v, &join(path, name), format).map(Some),
    }
}

/// The object `v`.
///
/// # Errors
/// `v` is not a JSON object.
pub fn object<'v>(v: &'v Value, path: &str) -> Result<&'v Map<String, Value>, ResponseError> {
    v.as_object()
        .ok_or_else(|| error(path, "expected a JSON object"))
}

/// Parses a response body (an empty or all-whitespace body is an empty object).
///
/// # Errors
/// The body is not JSON.
pub fn parse_body(body: &[u8]) -> Result<Value, ResponseError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(body).map_err(|e| error("", &format!("invalid JSON: {e}")))
}

impl ToJson for String {
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

impl FromJson for String {
    fn from_json(v: &Value, path: &str) -> Result<Self, ResponseError> {
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| error(path, "expected a string"))
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl FromJson for bool {
    fn from_json(v: &Value, path: &str) -> Result<Self, ResponseError> {
        v.as_bool().ok_or_else(|| error(path, "expected a boolean"))
    }
}

macro_rules! integer {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> Value {
                Value::from(*self)
            }
        }
        impl FromJson for $t {
            fn from_json(v: &Value, path: &str) -> Result<Self, ResponseError> {
                v.as_i64()
                    .and_then(|n| <$t>::try_from(n).ok())
                    .ok_or_else(|| error(path, concat!("expected an integer (", stringify!($t), ")")))
            }
        }
    )*};
}
integer!(i8, i16, i32, i64);

macro_rules! float {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> Value {
                if self.is_nan() {
                    Value::from("NaN")
                } else if self.is_infinite() {
                    Value::from(if *self > 0.0 { "Infinity" } else { "-Infinity" })
                } else {
                    Number::from_f64(f64::from(*self)).map_or(Value::Null, Value::Number)
                }
            }
        }
        impl FromJson for $t {
            #[allow(clippy::cast_possible_truncation)]
            fn from_json(v: &Value, path: &str) -> Result<Self, ResponseError> {
                match v {
                    Value::Number(n) => n
                        .as_f64()
                        .map(|f| f as $t)
                        .ok_or_else(|| error(path, "expected a number")),
                    Value::String(s) if s == "NaN" => Ok(<$t>::NAN),
                    Value::String(s) if s == "Infinity" => Ok(<$t>::INFINITY),
                    Value::String(s) if s == "-Infinity" => Ok(<$t>::NEG_INFINITY),
                    _ => Err(error(path, "expected a number")),
                }
            }
        }
    )*};
}
float!(f32, f64);

impl ToJson for Number {
    fn to_json(&self) -> Value {
        Value::Number(self.clone())
    }
}

impl FromJson for Number {
    fn from_json(v: &Value, path: &str) -> Result<Self, ResponseError> {
        match v {
            Value::Number(n) => Ok(n.clone()),
            _ => Err(error(path, "expected a number")),
        }
    }
}

impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}

impl FromJson for Value {
    fn from_json(v: &Value, _path: &str) -> Result<Self, ResponseError> {
        Ok(v.clone())
    }
}

impl ToJson for Timestamp {
    /// Epoch seconds, awsJson's default.
    fn to_json(&self) -> Value {
        self.to_json_with(TimestampFormat::EpochSeconds)
    }
    fn to_json_with(&self, format: TimestampFormat) -> Value {
        self.to_value(format)
    }
}

impl FromJson for Timestamp {
    /// Epoch seconds, awsJson's default.
    fn from_json(v: &Value, path: &str) -> Result<Self, ResponseError> {
        Self::from_json_with(v, path, TimestampFormat::EpochSeconds)
    }
    fn from_json_with(
        v: &Value,
        path: &str,
        format: TimestampFormat,
    ) -> Result<Self, ResponseError> {
        Timestamp::from_value(v, format).ok_or_else(|| {
            error(
                path,
                &format!("expected a timestamp ({})", format.description()),
            )
        })
    }
}

impl ToJson for Blob {
    fn to_json(&self) -> Value {
        Value::String(base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl FromJson for Blob {
    fn from_json(v: &Value, path: &str) -> Result<Self, ResponseError> {
        let s = v
            .as_str()
            .ok_or_else(|| error(path, "expected a base64 string"))?;
        base64::engine::general_purpose::STANDARD
            .decode(s)
            .map(Blob)
            .map_err(|_| error(path, "invalid base64"))
    }
}

impl<T: ToJson> ToJson for Box<T> {
    fn to_json(&self) -> Value {
        (**self).to_json()
    }
    fn to_json_with(&self, format: TimestampFormat) -> Value {
        (**self).to_json_with(format)
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(v: &Value, path: &str) -> Result<Self, ResponseError> {
        T::from_json(v, path).map(Box::new)
    }
    fn from_json_with(
        v: &Value,
        path: &str,
        format: TimestampFormat,
    ) -> Result<Self, ResponseError> {
        T::from_json_with(v, path, format).map(Box::new)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(ToJson::to_json).collect())
    }
    fn to_json_with(&self, format: TimestampFormat) -> Value {
        Value::Array(self.iter().map(|e| e.to_json_with(format)).collect())
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    /// `null` entries are skipped (sparse lists are not modelled).
    fn from_json(v: &Value, path: &str) -> Result<Self, ResponseError> {
        read_list(v, path, T::from_json)
    }
    fn from_json_with(
        v: &Value,
        path: &str,
        format: TimestampFormat,
    ) -> Result<Self, ResponseError> {
        read_list(v, path, |e, p| T::from_json_with(e, p, format))
    }
}

fn read_list<T>(
    v: &Value,
    path: &str,
    read: impl Fn(&Value, &str) -> Result<T, ResponseError>,
) -> Result<Vec<T>, ResponseError> {
    let a = v
        .as_array()
        .ok_or_else(|| error(path, "expected a JSON array"))?;
    a.iter()
        .enumerate()
        .filter(|(_, e)| !e.is_null())
        .map(|(i, e)| read(e, &format!("{path}[{i}]")))
        .collect()
}

impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn to_json(&self) -> Value {
        Value::Object(self.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
    }
    fn to_json_with(&self, format: TimestampFormat) -> Value {
        Value::Object(
            self.iter()
                .map(|(k, v)| (k.clone(), v.to_json_with(format)))
                .collect(),
        )
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    /// `null` values are skipped (sparse maps are not modelled).
    fn from_json(v: &Value, path: &str) -> Result<Self, ResponseError> {
        read_map(v, path, T::from_json)
    }
    fn from_json_with(
        v: &Value,
        path: &str,
        format: TimestampFormat,
    ) -> Result<Self, ResponseError> {
        read_map(v, path, |e, p| T::from_json_with(e, p, format))
    }
}

fn read_map<T>(
    v: &Value,
    path: &str,
    read: impl Fn(&Value, &str) -> Result<T, ResponseError>,
) -> Result<BTreeMap<String, T>, ResponseError> {
    object(v, path)?
        .iter()
        .filter(|(_, e)| !e.is_null())
        .map(|(k, e)| Ok((k.clone(), read(e, &join(path, k))?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(s: &str) -> Value {
        serde_json::from_str(s).expect("test JSON")
    }

    #[test]
    fn scalars_round_trip() {
        assert_eq!("a\"b".to_string().to_json().to_string(), r#""a\"b""#);
        assert_eq!(String::from_json(&json(r#""x""#), "").unwrap(), "x");
        assert!(bool::from_json(&json("true"), "").unwrap());
        assert_eq!(i32::from_json(&json("-7"), "").unwrap(), -7);
        assert_eq!(
            i8::from_json(&json("300"), "A.B").unwrap_err().message,
            "A.B: expected an integer (i8)"
        );
        assert_eq!(
            i64::from_json(&json("1.5"), "N").unwrap_err().message,
            "N: expected an integer (i64)"
        );
        assert_eq!(2.5f64.to_json().to_string(), "2.5");
        assert_eq!(f32::from_json(&json("0.5"), "").unwrap(), 0.5);
        let n = Number::from_json(&json("123456789012345678901234567890"), "").unwrap();
        assert_eq!(n.to_json().to_string(), "123456789012345678901234567890");
        assert_eq!(
            Number::from_json(&json(r#""1""#), "N").unwrap_err().message,
            "N: expected a number"
        );
        let doc = json(r#"{"b":1,"a":[null]}"#);
        assert_eq!(Value::from_json(&doc, "").unwrap().to_json(), doc);
    }

    #[test]
    fn non_finite_floats_are_strings() {
        assert_eq!(f64::NAN.to_json(), json(r#""NaN""#));
        assert_eq!(f32::INFINITY.to_json(), json(r#""Infinity""#));
        assert_eq!(f64::NEG_INFINITY.to_json(), json(r#""-Infinity""#));
        assert!(f64::from_json(&json(r#""NaN""#), "").unwrap().is_nan());
        assert_eq!(
            f32::from_json(&json(r#""-Infinity""#), "").unwrap(),
            f32::NEG_INFINITY
        );
        assert_eq!(
            f64::from_json(&json(r#""nan""#), "F").unwrap_err().message,
            "F: expected a number"
        );
    }

    #[test]
    fn blobs_are_base64() {
        let b = Blob(b"hi there".to_vec());
        assert_eq!(b.to_json(), json(r#""aGkgdGhlcmU=""#));
        assert_eq!(Blob::from_json(&b.to_json(), "").unwrap(), b);
        assert_eq!(b.as_bytes(), b"hi there");
        assert_eq!(
            Blob::from_json(&json(r#""!!""#), "B").unwrap_err().message,
            "B: invalid base64"
        );
        assert_eq!(
            Blob::from_json(&json("1"), "B").unwrap_err().message,
            "B: expected a base64 string"
        );
    }

    #[test]
    fn lists_and_maps_skip_nulls_and_name_paths() {
        let v = json(r#"["a", null, "b"]"#);
        assert_eq!(Vec::<String>::from_json(&v, "L").unwrap(), ["a", "b"]);
        let e = Vec::<String>::from_json(&json(r#"["a", 1]"#), "L").unwrap_err();
        assert_eq!(e.message, "L[1]: expected a string");
        let m =
            BTreeMap::<String, i32>::from_json(&json(r#"{"z":1,"a":null,"b":2}"#), "M").unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m.to_json().to_string(), r#"{"b":2,"z":1}"#);
        let e = BTreeMap::<String, i32>::from_json(&json(r#"{"k":"x"}"#), "M").unwrap_err();
        assert_eq!(e.message, "M.k: expected an integer (i32)");
        assert_eq!(
            Vec::<i32>::from_json(&json("{}"), "").unwrap_err().message,
            "expected a JSON array"
        );
        let boxed = Box::new(3i16);
        assert_eq!(Box::<i16>::from_json(&boxed.to_json(), "").unwrap(), boxed);
    }

    #[test]
    fn helpers() {
        assert_eq!(join("", "A"), "A");
        assert_eq!(join("A", "B"), "A.B");
        assert_eq!(error("", "bad").message, "bad");
        assert_eq!(parse_body(b" \n").unwrap(), json("{}"));
        assert_eq!(parse_body(br#"{"a":1}"#).unwrap(), json(r#"{"a":1}"#));
        assert!(
            parse_body(b"{x")
                .unwrap_err()
                .message
                .starts_with("invalid JSON: ")
        );
        let v = json(r#"{"A":null,"B":"x","C":5}"#);
        let obj = object(&v, "").unwrap();
        assert_eq!(optional::<String>(obj, "A", "").unwrap(), None);
        assert_eq!(optional::<String>(obj, "Z", "").unwrap(), None);
        assert_eq!(
            optional::<String>(obj, "B", "").unwrap().as_deref(),
            Some("x")
        );
        assert_eq!(
            optional::<String>(obj, "C", "P").unwrap_err().message,
            "P.C: expected a string"
        );
        assert_eq!(
            object(&json("[]"), "P").unwrap_err().message,
            "P: expected a JSON object"
        );
    }

    #[test]
    fn timestamp_formats_reach_list_and_map_items() {
        let t = Timestamp::from_secs_f64(1_398_796_238.0);
        assert_eq!(t.to_json(), json("1398796238"));
        let list = vec![t, Timestamp::from_secs_f64(0.5)];
        assert_eq!(
            list.to_json_with(TimestampFormat::DateTime).to_string(),
            r#"["2014-04-29T18:30:38Z","1970-01-01T00:00:00.500000Z"]"#
        );
        let map: BTreeMap<String, Box<Timestamp>> = [("k".to_string(), Box::new(t))].into();
        assert_eq!(
            map.to_json_with(TimestampFormat::HttpDate).to_string(),
            r#"{"k":"Tue, 29 Apr 2014 18:30:38 GMT"}"#
        );
        let back = BTreeMap::<String, Box<Timestamp>>::from_json_with(
            &map.to_json_with(TimestampFormat::HttpDate),
            "M",
            TimestampFormat::HttpDate,
        )
        .unwrap();
        assert_eq!(back, map);
        // Strings and other non-timestamps ignore the format.
        assert_eq!(
            vec!["x".to_string()].to_json_with(TimestampFormat::DateTime),
            json(r#"["x"]"#)
        );
        let v = json(r#"{"T":"2014-04-29T18:30:38Z","E":1398796238}"#);
        let obj = object(&v, "").unwrap();
        assert_eq!(
            optional_with::<Timestamp>(obj, "T", "", TimestampFormat::DateTime).unwrap(),
            Some(t)
        );
        assert_eq!(optional::<Timestamp>(obj, "E", "").unwrap(), Some(t));
        assert_eq!(
            Vec::<Timestamp>::from_json_with(&json("[true]"), "L", TimestampFormat::DateTime)
                .unwrap_err()
                .message,
            "L[0]: expected a timestamp (RFC 3339 date-time)"
        );
        assert_eq!(
            Timestamp::from_json(&json(r#"{}"#), "T")
                .unwrap_err()
                .message,
            "T: expected a timestamp (epoch seconds)"
        );
    }
}
