//! Event streams (`application/vnd.amazon.eventstream`): the binary messages a streaming
//! output arrives in, and an event-stream output of the awsJson protocols read into the
//! codecs' value form.
//!
//! A message is: its total length and its headers' length (two big-endian `u32`), the CRC-32
//! of those eight bytes, the headers, the payload, and the CRC-32 of everything before it.
//! A header is a name (one length byte, then UTF-8), a type byte and a value ([`HeaderValue`]).
//! The `:message-type` header says what the message is: an `event` (its `:event-type` names
//! the member of the event-stream union), an `exception` (a modeled error, `:exception-type`)
//! or an `error` (`:error-code`, `:error-message`).
//!
//! In the value form an event stream is the list of its events in arrival order, each a
//! one-member object `{"<EventName>": {…}}` (what botocore's event stream yields), the event
//! structure's members read from the message: `eventHeader` members from the headers of the
//! same name, the `eventPayload` member from the payload (a blob as base64 text, a string as
//! UTF-8 text, anything else as the JSON the payload holds), and without an `eventPayload`
//! member the other members from the payload's JSON object.

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::error::ResponseError;
use crate::json::{Timestamp, TimestampFormat};
use crate::schema::{Location, MemberDef, OperationSchema, ShapeIdx, ShapeKind};

/// A header value of an event-stream message.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderValue {
    /// Types 0 and 1.
    Bool(bool),
    /// Types 2 to 5: byte, short, integer, long.
    Int(i64),
    /// Type 6.
    Bytes(Vec<u8>),
    /// Type 7.
    String(String),
    /// Type 8: milliseconds since the epoch.
    Timestamp(i64),
    /// Type 9.
    Uuid([u8; 16]),
}

/// One event-stream message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The headers, in order.
    pub headers: Vec<(String, HeaderValue)>,
    /// The payload.
    pub payload: Vec<u8>,
}

impl Message {
    /// The value of the header `name`, if any.
    pub fn header(&self, name: &str) -> Option<&HeaderValue> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The string value of the header `name`, if it has one.
    pub fn header_str(&self, name: &str) -> Option<&str> {
        match self.header(name) {
            Some(HeaderValue::String(s)) => Some(s),
            _ => None,
        }
    }
}

/// The CRC-32 (IEEE 802.3, as zlib's `crc32`) of `bytes`.
fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    let mut crc = !0u32;
    for &b in bytes {
        crc = TABLE[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
    }
    !crc
}

fn malformed(what: &str) -> ResponseError {
    crate::json::error("", &format!("invalid event stream: {what}"))
}

/// Reads `n` bytes at `*at`, advancing it.
fn take<'b>(bytes: &'b [u8], at: &mut usize, n: usize) -> Result<&'b [u8], ResponseError> {
    let end = at
        .checked_add(n)
        .filter(|&e| e <= bytes.len())
        .ok_or_else(|| malformed("a message is cut short"))?;
    let out = &bytes[*at..end];
    *at = end;
    Ok(out)
}

fn be_u32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// Splits `body` into its messages, checking both CRCs of each.
///
/// # Errors
/// A message is cut short, has a wrong CRC or a malformed header.
pub fn decode(body: &[u8]) -> Result<Vec<Message>, ResponseError> {
    let mut messages = Vec::new();
    let mut at = 0usize;
    while at < body.len() {
        let start = at;
        let prelude = take(body, &mut at, 12)?;
        let total = be_u32(&prelude[0..4]) as usize;
        let headers_len = be_u32(&prelude[4..8]) as usize;
        if crc32(&prelude[..8]) != be_u32(&prelude[8..12]) {
            return Err(malformed("wrong prelude CRC"));
        }
        let payload_len = total
            .checked_sub(16)
            .and_then(|n| n.checked_sub(headers_len))
            .ok_or_else(|| malformed("a message's lengths do not add up"))?;
        let headers = take(body, &mut at, headers_len)?;
        let payload = take(body, &mut at, payload_len)?;
        let crc = take(body, &mut at, 4)?;
        if crc32(&body[start..at - 4]) != be_u32(crc) {
            return Err(malformed("wrong message CRC"));
        }
        messages.push(Message {
            headers: decode_headers(headers)?,
            payload: payload.to_vec(),
        });
    }
    Ok(messages)
}

fn decode_headers(bytes: &[u8]) -> Result<Vec<(String, HeaderValue)>, ResponseError> {
    let mut out = Vec::new();
    let mut at = 0usize;
    let int = |b: &[u8]| -> i64 {
        let mut buf = if b[0] & 0x80 != 0 { [0xff; 8] } else { [0; 8] };
        buf[8 - b.len()..].copy_from_slice(b);
        i64::from_be_bytes(buf)
    };
    while at < bytes.len() {
        let name_len = usize::from(take(bytes, &mut at, 1)?[0]);
        let name = String::from_utf8(take(bytes, &mut at, name_len)?.to_vec())
            .map_err(|_| malformed("a header name is not UTF-8"))?;
        let value = match take(bytes, &mut at, 1)?[0] {
            0 => HeaderValue::Bool(true),
            1 => HeaderValue::Bool(false),
            2 => HeaderValue::Int(int(take(bytes, &mut at, 1)?)),
            3 => HeaderValue::Int(int(take(bytes, &mut at, 2)?)),
            4 => HeaderValue::Int(int(take(bytes, &mut at, 4)?)),
            5 => HeaderValue::Int(int(take(bytes, &mut at, 8)?)),
            t @ (6 | 7) => {
                let len = take(bytes, &mut at, 2)?;
                let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
                let data = take(bytes, &mut at, len)?.to_vec();
                if t == 6 {
                    HeaderValue::Bytes(data)
                } else {
                    HeaderValue::String(
                        String::from_utf8(data)
                            .map_err(|_| malformed("a string header is not UTF-8"))?,
                    )
                }
            }
            8 => HeaderValue::Timestamp(int(take(bytes, &mut at, 8)?)),
            9 => {
                let mut uuid = [0u8; 16];
                uuid.copy_from_slice(take(bytes, &mut at, 16)?);
                HeaderValue::Uuid(uuid)
            }
            other => return Err(malformed(&format!("unknown header type {other}"))),
        };
        out.push((name, value));
    }
    Ok(out)
}

/// The output of an awsJson operation whose output member `stream` is an event stream: the
/// `initial-response` event's JSON holds the other members, every later event is an item of
/// the stream.
///
/// # Errors
/// The body is not an event stream, does not start with an `initial-response` event, holds an
/// `exception` or `error` message, or an event that cannot be read.
pub fn read_rpc_output(
    schema: OperationSchema<'_>,
    stream: &MemberDef,
    body: &[u8],
) -> Result<Value, ResponseError> {
    let mut messages = decode(body)?.into_iter();
    let initial = messages
        .next()
        .filter(|m| m.header_str(":event-type") == Some("initial-response"))
        .ok_or_else(|| malformed("the first event is not of type initial-response"))?;
    let mut out = match crate::json::parse_body(&initial.payload)? {
        Value::Object(o) => o,
        _ => return Err(malformed("the initial response is not a JSON object")),
    };
    let events = events(schema, stream.target, messages, Format::Json)?;
    out.insert(stream.name.to_owned(), events);
    Ok(Value::Object(out))
}

/// The event stream of union `union` that is a whole response body (the REST protocols bind
/// it to the output's payload member): its events as a list.
///
/// # Errors
/// The body is not an event stream, holds an `exception` or `error` message, or an event that
/// cannot be read.
pub fn read_payload(
    schema: OperationSchema<'_>,
    union: ShapeIdx,
    body: &[u8],
) -> Result<Value, ResponseError> {
    events(schema, union, decode(body)?.into_iter(), Format::Json)
}

/// [`read_payload`] for restXml: the events' structure payloads are XML documents.
///
/// # Errors
/// As [`read_payload`].
pub fn read_xml_payload(
    schema: OperationSchema<'_>,
    union: ShapeIdx,
    body: &[u8],
) -> Result<Value, ResponseError> {
    events(schema, union, decode(body)?.into_iter(), Format::Xml)
}

/// How an event's structure payload is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

/// An event's structure payload as a value of `shape`: JSON as it is, XML read against the
/// shape.
fn structure_payload(
    schema: OperationSchema<'_>,
    shape: ShapeIdx,
    payload: &[u8],
    format: Format,
) -> Result<Value, ResponseError> {
    match format {
        Format::Json => crate::json::parse_body(payload),
        Format::Xml if payload.trim_ascii().is_empty() => Ok(Value::Object(Map::new())),
        Format::Xml => {
            let doc = super::xml::parse(payload)?;
            super::xml::read_shape(doc.root_element(), schema, shape)
        }
    }
}

fn events(
    schema: OperationSchema<'_>,
    union: ShapeIdx,
    messages: impl Iterator<Item = Message>,
    format: Format,
) -> Result<Value, ResponseError> {
    messages
        .map(|m| event(schema, union, &m, format))
        .filter_map(Result::transpose)
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// One message of the stream of union `union` as `{"<EventName>": {…}}`; `None` for an event
/// the union does not know (skipped, as botocore does).
fn event(
    schema: OperationSchema<'_>,
    union: ShapeIdx,
    message: &Message,
    format: Format,
) -> Result<Option<Value>, ResponseError> {
    match message.header_str(":message-type") {
        Some("event") => {}
        Some("exception") => {
            let kind = message.header_str(":exception-type").unwrap_or("");
            let text = String::from_utf8_lossy(&message.payload);
            return Err(malformed(&format!(
                "the stream ended with a {kind} exception: {text}"
            )));
        }
        _ => {
            let code = message.header_str(":error-code").unwrap_or("");
            let text = message.header_str(":error-message").unwrap_or("");
            return Err(malformed(&format!(
                "the stream ended with an error: {code}: {text}"
            )));
        }
    }
    let name = message.header_str(":event-type").unwrap_or("");
    let Some(member) = schema.members(union).iter().find(|m| m.name == name) else {
        return Ok(None);
    };
    let members = schema.members(member.target);
    let mut fields = Map::new();
    for m in members
        .iter()
        .filter(|m| m.wire.location == Location::EventHeader)
    {
        if let Some(v) = message.header(m.name) {
            fields.insert(m.name.to_owned(), header_value(schema, m, v));
        }
    }
    match members
        .iter()
        .find(|m| m.wire.location == Location::EventPayload)
    {
        Some(m) => {
            let value = match schema.shape(m.target).kind {
                ShapeKind::Blob { .. } => Value::String(
                    base64::engine::general_purpose::STANDARD.encode(&message.payload),
                ),
                ShapeKind::String { .. } => {
                    Value::String(String::from_utf8_lossy(&message.payload).into_owned())
                }
                _ => structure_payload(schema, m.target, &message.payload, format)?,
            };
            fields.insert(m.name.to_owned(), value);
        }
        None => {
            if let Value::Object(body) =
                structure_payload(schema, member.target, &message.payload, format)?
            {
                for m in members.iter().filter(|m| m.wire.location == Location::Body) {
                    if let Some(v) = body.get(m.name).filter(|v| !v.is_null()) {
                        fields.insert(m.name.to_owned(), v.clone());
                    }
                }
            }
        }
    }
    let mut out = Map::new();
    out.insert(name.to_owned(), Value::Object(fields));
    Ok(Some(Value::Object(out)))
}

/// An event header's value in the value form of member `m`.
fn header_value(schema: OperationSchema<'_>, m: &MemberDef, v: &HeaderValue) -> Value {
    match v {
        HeaderValue::Bool(b) => Value::Bool(*b),
        HeaderValue::Int(n) => Value::from(*n),
        HeaderValue::Bytes(b) => Value::String(base64::engine::general_purpose::STANDARD.encode(b)),
        HeaderValue::String(s) => Value::String(s.clone()),
        #[allow(clippy::cast_precision_loss)]
        HeaderValue::Timestamp(ms) => {
            let format = m
                .wire
                .timestamp_format
                .unwrap_or(match schema.shape(m.target).kind {
                    ShapeKind::Timestamp {
                        format: Some(format),
                    } => format,
                    _ => TimestampFormat::EpochSeconds,
                });
            Timestamp(*ms as f64 / 1000.0).to_value(format)
        }
        HeaderValue::Uuid(u) => {
            let hex: String = u.iter().map(|b| format!("{b:02x}")).collect();
            Value::String(format!(
                "{}-{}-{}-{}-{}",
                &hex[..8],
                &hex[8..12],
                &hex[12..16],
                &hex[16..20],
                &hex[20..]
            ))
        }
    }
}

/// A message as `decode` reads it, built by hand (for the codecs' tests).
#[cfg(test)]
pub(crate) fn encode(headers: &[(&str, u8, &[u8])], payload: &[u8]) -> Vec<u8> {
    let mut h = Vec::new();
    for (name, ty, value) in headers {
        h.push(u8::try_from(name.len()).unwrap());
        h.extend_from_slice(name.as_bytes());
        h.push(*ty);
        if matches!(ty, 6 | 7) {
            h.extend_from_slice(&u16::try_from(value.len()).unwrap().to_be_bytes());
        }
        h.extend_from_slice(value);
    }
    let total = u32::try_from(16 + h.len() + payload.len()).unwrap();
    let mut m = Vec::new();
    m.extend_from_slice(&total.to_be_bytes());
    m.extend_from_slice(&u32::try_from(h.len()).unwrap().to_be_bytes());
    m.extend_from_slice(&crc32(&m.clone()).to_be_bytes());
    m.extend_from_slice(&h);
    m.extend_from_slice(payload);
    m.extend_from_slice(&crc32(&m.clone()).to_be_bytes());
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_is_zlibs() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn messages_and_headers() {
        let mut body = encode(
            &[
                (":message-type", 7, b"event"),
                ("flag", 1, b""),
                ("small", 2, &[0xff]),
                ("n", 4, &7i32.to_be_bytes()),
                ("at", 8, &1_500i64.to_be_bytes()),
                ("raw", 6, b"\x00\x01"),
            ],
            b"payload",
        );
        body.extend(encode(&[], b""));
        let messages = decode(&body).unwrap();
        assert_eq!(messages.len(), 2);
        let m = &messages[0];
        assert_eq!(m.header_str(":message-type"), Some("event"));
        assert_eq!(m.header("flag"), Some(&HeaderValue::Bool(false)));
        assert_eq!(m.header("small"), Some(&HeaderValue::Int(-1)));
        assert_eq!(m.header("n"), Some(&HeaderValue::Int(7)));
        assert_eq!(m.header("at"), Some(&HeaderValue::Timestamp(1_500)));
        assert_eq!(m.header("raw"), Some(&HeaderValue::Bytes(vec![0, 1])));
        assert_eq!(m.payload, b"payload");
        assert!(messages[1].headers.is_empty() && messages[1].payload.is_empty());
    }

    #[test]
    fn damaged_streams_are_errors() {
        let good = encode(&[(":message-type", 7, b"event")], b"x");
        let mut bad_crc = good.clone();
        let last = bad_crc.len() - 1;
        bad_crc[last] ^= 1;
        assert!(decode(&bad_crc).unwrap_err().message.contains("CRC"));
        assert!(decode(&good[..good.len() - 1]).is_err());
        let mut bad_prelude = good;
        bad_prelude[3] ^= 1;
        assert!(
            decode(&bad_prelude)
                .unwrap_err()
                .message
                .contains("prelude")
        );
    }
}
