//! The `protocol.rs` support module of every generated SDK crate: awsJson value conversions.
//!
//! Serialization is generated code over two small traits instead of serde derives: the
//! generated types need non-`Option` required members, tolerant decoding (unknown fields
//! ignored, `null` read as absent), awsJson's encodings (timestamps as epoch seconds, blobs
//! as base64, `NaN`/`Infinity` as strings) and error messages naming the member path; and
//! no proc-macro runs at build time.

/// Source of `protocol.rs` (parsed with syn and printed with prettyplease like the rest).
pub const PROTOCOL_RS: &str = r###"
//! awsJson conversions used by the generated types.
#![allow(dead_code)]

use ::awslice_runtime::error::ResponseError;
use ::serde_json::Value;

/// A value that can be written as awsJson.
pub trait ToJson {
    /// The JSON form of `self`.
    fn to_json(&self) -> Value;
}

/// A value that can be read from awsJson.
pub trait FromJson: Sized {
    /// Reads `v`; `path` names the member for error messages.
    fn from_json(v: &Value, path: &str) -> ::std::result::Result<Self, ResponseError>;
}

/// A point in time, as awsJson sends it: seconds since the Unix epoch (fractions allowed).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Timestamp(pub f64);

impl Timestamp {
    /// From seconds since the Unix epoch.
    pub fn from_secs_f64(secs: f64) -> Self {
        Timestamp(secs)
    }
    /// Seconds since the Unix epoch.
    pub fn as_secs_f64(&self) -> f64 {
        self.0
    }
}

/// Binary data (base64 on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Blob(pub ::std::vec::Vec<u8>);

impl Blob {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// An error naming `path`.
pub fn error(path: &str, what: &str) -> ResponseError {
    ResponseError {
        message: if path.is_empty() {
            what.to_string()
        } else {
            ::std::format!("{path}: {what}")
        },
    }
}

/// `path.member` (or `member` at the top).
pub fn join(path: &str, member: &str) -> ::std::string::String {
    if path.is_empty() {
        member.to_string()
    } else {
        ::std::format!("{path}.{member}")
    }
}

/// Reads an optional member: absent and `null` are `None`.
pub fn optional<T: FromJson>(
    obj: &::serde_json::Map<::std::string::String, Value>,
    name: &str,
    path: &str,
) -> ::std::result::Result<::std::option::Option<T>, ResponseError> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => T::from_json(v, &join(path, name)).map(Some),
    }
}

/// The object `v`, or an error.
pub fn object<'v>(
    v: &'v Value,
    path: &str,
) -> ::std::result::Result<&'v ::serde_json::Map<::std::string::String, Value>, ResponseError> {
    v.as_object().ok_or_else(|| error(path, "expected a JSON object"))
}

/// Parses a response body (an empty body is an empty object).
pub fn parse_body(body: &[u8]) -> ::std::result::Result<Value, ResponseError> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(Value::Object(::serde_json::Map::new()));
    }
    ::serde_json::from_slice(body).map_err(|e| error("", &::std::format!("invalid JSON: {e}")))
}

impl ToJson for ::std::string::String {
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}
impl FromJson for ::std::string::String {
    fn from_json(v: &Value, path: &str) -> ::std::result::Result<Self, ResponseError> {
        v.as_str().map(str::to_string).ok_or_else(|| error(path, "expected a string"))
    }
}
impl ToJson for bool {
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}
impl FromJson for bool {
    fn from_json(v: &Value, path: &str) -> ::std::result::Result<Self, ResponseError> {
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
            fn from_json(v: &Value, path: &str) -> ::std::result::Result<Self, ResponseError> {
                v.as_i64()
                    .and_then(|n| <$t>::try_from(n).ok())
                    .ok_or_else(|| error(path, ::std::concat!("expected an integer (", ::std::stringify!($t), ")")))
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
                    ::serde_json::Number::from_f64(f64::from(*self)).map_or(Value::Null, Value::Number)
                }
            }
        }
        impl FromJson for $t {
            #[allow(clippy::cast_possible_truncation)]
            fn from_json(v: &Value, path: &str) -> ::std::result::Result<Self, ResponseError> {
                match v {
                    Value::Number(n) => n.as_f64().map(|f| f as $t).ok_or_else(|| error(path, "expected a number")),
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
impl ToJson for ::serde_json::Number {
    fn to_json(&self) -> Value {
        Value::Number(self.clone())
    }
}
impl FromJson for ::serde_json::Number {
    fn from_json(v: &Value, path: &str) -> ::std::result::Result<Self, ResponseError> {
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
    fn from_json(v: &Value, _path: &str) -> ::std::result::Result<Self, ResponseError> {
        Ok(v.clone())
    }
}
impl ToJson for Timestamp {
    fn to_json(&self) -> Value {
        if self.0.fract() == 0.0 && self.0.abs() < 9.0e15 {
            #[allow(clippy::cast_possible_truncation)]
            let secs = self.0 as i64;
            Value::from(secs)
        } else {
            ::serde_json::Number::from_f64(self.0).map_or(Value::Null, Value::Number)
        }
    }
}
impl FromJson for Timestamp {
    fn from_json(v: &Value, path: &str) -> ::std::result::Result<Self, ResponseError> {
        v.as_f64().map(Timestamp).ok_or_else(|| error(path, "expected a timestamp (epoch seconds)"))
    }
}
impl ToJson for Blob {
    fn to_json(&self) -> Value {
        use ::base64::Engine as _;
        Value::String(::base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}
impl FromJson for Blob {
    fn from_json(v: &Value, path: &str) -> ::std::result::Result<Self, ResponseError> {
        use ::base64::Engine as _;
        let s = v.as_str().ok_or_else(|| error(path, "expected a base64 string"))?;
        ::base64::engine::general_purpose::STANDARD
            .decode(s)
            .map(Blob)
            .map_err(|_| error(path, "invalid base64"))
    }
}
impl<T: ToJson> ToJson for ::std::boxed::Box<T> {
    fn to_json(&self) -> Value {
        (**self).to_json()
    }
}
impl<T: FromJson> FromJson for ::std::boxed::Box<T> {
    fn from_json(v: &Value, path: &str) -> ::std::result::Result<Self, ResponseError> {
        T::from_json(v, path).map(::std::boxed::Box::new)
    }
}
impl<T: ToJson> ToJson for ::std::vec::Vec<T> {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(ToJson::to_json).collect())
    }
}
impl<T: FromJson> FromJson for ::std::vec::Vec<T> {
    /// `null` entries are skipped (sparse lists are not modelled here).
    fn from_json(v: &Value, path: &str) -> ::std::result::Result<Self, ResponseError> {
        let a = v.as_array().ok_or_else(|| error(path, "expected a JSON array"))?;
        a.iter()
            .enumerate()
            .filter(|(_, e)| !e.is_null())
            .map(|(i, e)| T::from_json(e, &::std::format!("{path}[{i}]")))
            .collect()
    }
}
impl<T: ToJson> ToJson for ::std::collections::BTreeMap<::std::string::String, T> {
    fn to_json(&self) -> Value {
        Value::Object(self.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
    }
}
impl<T: FromJson> FromJson for ::std::collections::BTreeMap<::std::string::String, T> {
    fn from_json(v: &Value, path: &str) -> ::std::result::Result<Self, ResponseError> {
        object(v, path)?
            .iter()
            .filter(|(_, e)| !e.is_null())
            .map(|(k, e)| Ok((k.clone(), T::from_json(e, &join(path, k))?)))
            .collect()
    }
}
"###;
