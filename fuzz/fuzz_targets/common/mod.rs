//! Shared by the protocol targets (`xml_response`, `rest_response`, `rest_xml_response`,
//! `xml_writer`): builders for their hand-written static schemas, the REST targets' reading of
//! a fuzz input as a response (`split_response`, `header_text`), and a checker that a value a codec returned has the form its
//! shape promises (see `awslice_runtime::protocol`: the value an awsJson body would hold).
//!
//! Not a target itself: `cargo xtask fuzz` and cargo-fuzz only know the `*.rs` files directly
//! in `fuzz_targets/` (and the `[[bin]]`s of `fuzz/Cargo.toml`).
#![allow(dead_code)]

use awslice_runtime::schema::{
    Location, MemberDef, MemberWire, ShapeDef, ShapeIdx, ShapeKind, TimestampFormat,
};
use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

pub const fn shape(name: &'static str, kind: ShapeKind) -> ShapeDef {
    ShapeDef {
        name,
        kind,
        doc: "",
        sensitive: false,
        xml_name: None,
        xml_namespace: None,
    }
}

pub const fn string() -> ShapeKind {
    ShapeKind::String {
        enum_values: &[],
        min_len: None,
        max_len: None,
        pattern: None,
    }
}

pub const fn enumeration(values: &'static [&'static str]) -> ShapeKind {
    ShapeKind::String {
        enum_values: values,
        min_len: None,
        max_len: None,
        pattern: None,
    }
}

pub const fn integer() -> ShapeKind {
    ShapeKind::Integer {
        min: None,
        max: None,
    }
}

pub const fn float() -> ShapeKind {
    ShapeKind::Float {
        min: None,
        max: None,
    }
}

pub const fn list(member: ShapeIdx, member_xml_name: Option<&'static str>) -> ShapeKind {
    ShapeKind::List {
        member,
        min_len: None,
        max_len: None,
        member_xml_name,
        member_xml_namespace: None,
    }
}

pub const fn map(key: ShapeIdx, value: ShapeIdx) -> ShapeKind {
    ShapeKind::Map {
        key,
        value,
        key_xml_name: None,
        value_xml_name: None,
        key_xml_namespace: None,
        value_xml_namespace: None,
    }
}

pub const fn structure(members: &'static [MemberDef]) -> ShapeKind {
    ShapeKind::Structure {
        members,
        error: None,
        error_code: None,
    }
}

pub const fn member(name: &'static str, target: ShapeIdx) -> MemberDef {
    MemberDef {
        name,
        json_name: None,
        target,
        required: false,
        doc: "",
        idempotency_token: false,
        deprecated: false,
        wire: MemberWire::BODY,
    }
}

/// `smithy.api#xmlName`.
pub const fn xml_name(mut m: MemberDef, name: &'static str) -> MemberDef {
    m.wire.xml_name = Some(name);
    m
}

/// `smithy.api#xmlFlattened`.
pub const fn flattened(mut m: MemberDef) -> MemberDef {
    m.wire.xml_flattened = true;
    m
}

/// `smithy.api#xmlAttribute`.
pub const fn attribute(mut m: MemberDef) -> MemberDef {
    m.wire.xml_attribute = true;
    m
}

/// `smithy.api#timestampFormat` on the member.
pub const fn timestamp_format(mut m: MemberDef, format: TimestampFormat) -> MemberDef {
    m.wire.timestamp_format = Some(format);
    m
}

/// `smithy.api#jsonName`.
pub const fn json_name(mut m: MemberDef, name: &'static str) -> MemberDef {
    m.json_name = Some(name);
    m
}

/// An HTTP binding (`httpHeader`, `httpPrefixHeaders`, `httpPayload`, `httpResponseCode`).
pub const fn bound(mut m: MemberDef, location: Location) -> MemberDef {
    m.wire.location = location;
    m
}

/// A string with a JSON `mediaType` (a JSON-value header).
pub const fn json_value(mut m: MemberDef) -> MemberDef {
    m.wire.json_value = true;
    m
}

/// How scalars reach the output value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalars {
    /// Read from text (XML elements and attributes, headers): each of its shape's type.
    Typed,
    /// Copied from a JSON body as it was sent (restJson1 does not check them, as botocore):
    /// any JSON value. Containers are still checked.
    AsSent,
}

/// Whether `text` is an integer as the codecs write one: `-?[0-9]+`.
fn is_integer_text(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Panics unless `value` has the form of a value of shape `idx` (`format`: the member's
/// `timestampFormat`, which reaches the items of its lists and maps). `path` names where the
/// value is, for the panic message.
pub fn check_value(
    shapes: &[ShapeDef],
    value: &Value,
    idx: ShapeIdx,
    format: Option<TimestampFormat>,
    scalars: Scalars,
    path: &str,
) {
    let def = &shapes[idx];
    let fail =
        |what: &str| -> ! { panic!("{path}: expected {what} for {}, got {value}", def.name) };
    match (&def.kind, scalars) {
        (ShapeKind::Structure { members, .. }, _) => {
            let Value::Object(o) = value else {
                fail("an object")
            };
            let mut last = None;
            for (k, v) in o {
                let Some(pos) = members.iter().position(|m| m.name == k.as_str()) else {
                    fail(&format!("member names only (found {k:?})"))
                };
                let m = &members[pos];
                if scalars == Scalars::Typed {
                    // Read from a body in model order; never a member bound elsewhere.
                    assert!(
                        last.is_none_or(|l| l < pos),
                        "{path}: {k} is out of model order"
                    );
                    last = Some(pos);
                    assert!(
                        !matches!(
                            m.wire.location,
                            Location::Header(_) | Location::PrefixHeaders(_) | Location::StatusCode
                        ),
                        "{path}: {k} is bound to a header or the status, not the body"
                    );
                } else {
                    assert!(!v.is_null(), "{path}: null member {k} kept");
                }
                let inner = format!("{path}.{k}");
                check_value(
                    shapes,
                    v,
                    m.target,
                    m.wire.timestamp_format,
                    scalars,
                    &inner,
                );
            }
        }
        (ShapeKind::Union { members }, _) => {
            let Value::Object(o) = value else {
                fail("an object")
            };
            assert_eq!(
                o.len(),
                1,
                "{path}: a union has exactly one member set: {value}"
            );
            let (k, v) = o.iter().next().expect("one member");
            if k == "SDK_UNKNOWN_MEMBER" {
                let name = v.get("name").and_then(Value::as_str);
                assert!(
                    name.is_some() && v.as_object().is_some_and(|u| u.len() == 1),
                    "{path}: SDK_UNKNOWN_MEMBER is {{\"name\": tag}}, got {v}"
                );
                return;
            }
            let Some(m) = members.iter().find(|m| m.name == k.as_str()) else {
                fail(&format!("a member name (found {k:?})"))
            };
            assert!(!v.is_null(), "{path}: the union's member {k} is null");
            check_value(
                shapes,
                v,
                m.target,
                m.wire.timestamp_format,
                scalars,
                &format!("{path}.{k}"),
            );
        }
        (ShapeKind::List { member, .. }, _) => {
            let Value::Array(items) = value else {
                fail("an array")
            };
            for (i, item) in items.iter().enumerate() {
                if !(scalars == Scalars::AsSent && item.is_null()) {
                    check_value(
                        shapes,
                        item,
                        *member,
                        format,
                        scalars,
                        &format!("{path}[{i}]"),
                    );
                }
            }
        }
        (ShapeKind::Map { value: item, .. }, _) => {
            let Value::Object(o) = value else {
                fail("an object")
            };
            for (k, v) in o {
                if !(scalars == Scalars::AsSent && v.is_null()) {
                    check_value(shapes, v, *item, format, scalars, &format!("{path}.{k}"));
                }
            }
        }
        (_, Scalars::AsSent) => {}
        (ShapeKind::String { .. }, Scalars::Typed) => {
            if !value.is_string() {
                fail("a string")
            }
        }
        (ShapeKind::Blob { .. }, Scalars::Typed) => {
            if !value.is_string() {
                fail("a string (base64 text)")
            }
        }
        (ShapeKind::Boolean, Scalars::Typed) => {
            if !value.is_boolean() {
                fail("a boolean")
            }
        }
        (
            ShapeKind::Integer { .. } | ShapeKind::IntEnum { .. } | ShapeKind::BigInteger,
            Scalars::Typed,
        ) => match value {
            Value::Number(n) if is_integer_text(&n.to_string()) => {}
            _ => fail("an integer"),
        },
        (ShapeKind::Float { .. }, Scalars::Typed) => match value {
            Value::Number(_) => {}
            Value::String(s) if ["NaN", "Infinity", "-Infinity"].contains(&s.as_str()) => {}
            _ => fail("a number, NaN or ±Infinity"),
        },
        (ShapeKind::BigDecimal, Scalars::Typed) => {
            if !value.is_number() {
                fail("a number")
            }
        }
        (ShapeKind::Timestamp { format: own }, Scalars::Typed) => {
            // `Timestamp::to_value`: an instant the format cannot write (not finite, a year
            // outside 0–9999 for the string forms) is null, by design.
            if value.is_null() {
                return;
            }
            match format.or(*own).unwrap_or(TimestampFormat::EpochSeconds) {
                TimestampFormat::EpochSeconds => {
                    if !value.is_number() {
                        fail("epoch seconds")
                    }
                }
                TimestampFormat::DateTime => match value {
                    Value::String(s)
                        if s.ends_with('Z')
                            && awslice_runtime::json::Timestamp::parse_date_time(s).is_some() => {}
                    _ => fail("a date-time"),
                },
                TimestampFormat::HttpDate => match value {
                    Value::String(s) if s.len() == 29 && s.ends_with(" GMT") => {}
                    _ => fail("an http-date"),
                },
            }
        }
        (ShapeKind::Document, Scalars::Typed) => fail("no document (not readable from text)"),
    }
}

/// Status, headers and body from a REST target's input: a status line, header lines, an
/// empty line, the body (see the targets' module documentation).
pub fn split_response(data: &[u8]) -> (u16, HeaderMap, &[u8]) {
    let mut lines = data;
    let mut next_line = || -> Option<&[u8]> {
        if lines.is_empty() {
            return None;
        }
        let (line, rest) = match lines.iter().position(|&b| b == b'\n') {
            Some(i) => (&lines[..i], &lines[i + 1..]),
            None => (lines, &[][..]),
        };
        lines = rest;
        Some(line.strip_suffix(b"\r").unwrap_or(line))
    };
    let status = next_line()
        .and_then(|l| std::str::from_utf8(l.trim_ascii()).ok())
        .and_then(|s| s.parse::<u16>().ok())
        .filter(|s| (100..=999).contains(s))
        .unwrap_or(200);
    let mut headers = HeaderMap::new();
    while let Some(line) = next_line() {
        if line.is_empty() {
            break;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let name = HeaderName::from_bytes(line[..colon].trim_ascii());
        let value = HeaderValue::from_bytes(line[colon + 1..].trim_ascii());
        if let (Ok(name), Ok(value)) = (name, value) {
            headers.append(name, value);
        }
    }
    (status, headers, lines)
}

/// A header's text as the REST binders read it: the values of a repeated header joined with
/// `, `, each byte as Latin-1.
pub fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    let name = name.to_ascii_lowercase();
    let values: Vec<String> = headers
        .get_all(name.as_str())
        .iter()
        .map(|v| v.as_bytes().iter().map(|&b| char::from(b)).collect())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}
