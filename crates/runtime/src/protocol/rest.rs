//! The HTTP bindings the REST protocols share (restJson1 and restXml): how an operation's
//! input members become the method, path, query string, headers and host prefix of a
//! request ([`bind`]), and how a response's status code and headers become output members
//! ([`read_bindings`]). Each protocol writes and reads its own body around them.
//!
//! - `httpLabel` members fill the `{Name}` / `{Name+}` segments of the URI template (as text,
//!   percent-encoded; a greedy label keeps its `/`);
//! - `httpQuery` / `httpQueryParams` members become query pairs, appended after any literal
//!   query the template carries;
//! - `httpHeader` / `httpPrefixHeaders` members become headers (timestamps as HTTP dates,
//!   lists joined with commas);
//! - idempotency tokens the caller left out are filled with a fresh UUID, after every value
//!   given (botocore fills them before serializing).
//!
//! Where botocore departs from the Smithy specification, this follows botocore: values come
//! in the order of the input object; a later `httpQueryParams` key replaces an earlier
//! `httpQuery` pair of the same name (keeping its position); an empty list header is not sent;
//! list items are joined with `,`; a timestamp header is cut to whole seconds; response list
//! headers are split on every `,`. A label that makes a `.` or `..` path segment is refused
//! (a URL would resolve it to another resource).

use base64::Engine as _;
use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::encode::{self, Place};
use super::{Request, Response, SerializeError};
use crate::error::ResponseError;
use crate::json::{Timestamp, TimestampFormat};
use crate::schema::{Location, MemberDef, OperationSchema, ShapeDef, ShapeKind};

/// The idempotency tokens of a request: one fresh value for each token member the input
/// leaves out, made before the request is bound (the bound values borrow them).
pub(crate) struct Tokens(Vec<(&'static str, Value)>);

impl Tokens {
    /// A token from `token` for each idempotency-token member of the operation's input that
    /// `input` does not give.
    pub(crate) fn fill(
        schema: OperationSchema<'_>,
        input: &Value,
        token: &dyn Fn() -> String,
    ) -> Tokens {
        let Some(idx) = schema.operation.input else {
            return Tokens(Vec::new());
        };
        let given = input.as_object();
        Tokens(
            schema
                .members(idx)
                .iter()
                .filter(|m| m.idempotency_token && !given.is_some_and(|g| g.contains_key(m.name)))
                .map(|m| (m.name, Value::String(token())))
                .collect(),
        )
    }
}

/// A request with its HTTP bindings applied and its body still to write.
pub(crate) struct Bound<'a> {
    /// Method, path, query, bound headers, host prefix and auth; the body is empty.
    pub(crate) request: Request,
    /// The `httpPayload` member of the input, with its value when one is given.
    pub(crate) payload: Option<(&'a MemberDef, Option<&'a Value>)>,
    /// The unbound members given (and tokens filled), in input order.
    pub(crate) body: Vec<(&'a MemberDef, &'a Value)>,
    /// Whether the input has unbound members at all (given or not).
    pub(crate) has_body_members: bool,
}

/// Applies the HTTP bindings of `schema`'s operation to `input` (an object of input members
/// keyed by member name, or `null`), with `tokens` for the idempotency tokens left out.
///
/// # Errors
/// A label is missing or empty or makes a `.` or `..` path segment, a host label is not a
/// valid host name part, a header value holds a line break or a non-ASCII character, a value
/// has the wrong type for where it goes, or the input names a member the operation does not
/// have.
pub(crate) fn bind<'a>(
    schema: OperationSchema<'a>,
    input: &'a Value,
    tokens: &'a Tokens,
) -> Result<Bound<'a>, SerializeError> {
    let operation = schema.operation;
    let http = operation.http;
    let (template_path, template_query) = match http.uri.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (http.uri, None),
    };
    let Some(input_idx) = operation.input else {
        return Ok(Bound {
            request: Request {
                method: http.method,
                path: template_path.to_owned(),
                query: template_query.unwrap_or_default().to_owned(),
                headers: Vec::new(),
                body: bytes::Bytes::new(),
                host_prefix: operation.host_prefix.map(str::to_owned),
                auth: operation.auth,
                ..Request::default()
            },
            payload: None,
            body: Vec::new(),
            has_body_members: false,
        });
    };
    let members = schema.members(input_idx);
    let given = match input {
        Value::Object(map) => Some(map),
        Value::Null => None,
        _ => return Err(SerializeError::new("the input must be a JSON object")),
    };

    // The values to send, in input order, then the idempotency tokens filled in (as botocore
    // fills them before serializing: after every value given).
    let mut params: Vec<(&MemberDef, &Value)> = Vec::new();
    for (name, value) in given.into_iter().flatten() {
        let Some(member) = members.iter().find(|m| m.name == name.as_str()) else {
            return Err(unknown_parameter(name, members));
        };
        if !value.is_null() {
            params.push((member, value));
        }
    }
    for (name, value) in &tokens.0 {
        if let Some(member) = members.iter().find(|m| m.name == *name) {
            params.push((member, value));
        }
    }

    let host_prefix = match operation.host_prefix {
        Some(template) => Some(super::host_prefix(template, members, given)?),
        None => None,
    };
    let path = render_path(schema, template_path, &params)?;

    let mut query: IndexMap<String, Vec<String>> = IndexMap::new();
    let mut headers = Headers::default();
    let mut sensitive_headers = Vec::new();
    let mut body = Vec::new();
    for &(member, value) in &params {
        let target = schema.shape(member.target);
        match member.wire.location {
            Location::Query(name) => {
                query.insert(name.to_owned(), query_values(schema, member, value)?);
            }
            Location::QueryParams => {
                let Value::Object(map) = value else {
                    return Err(wrong_type(member, "a map"));
                };
                for (key, item) in map {
                    let texts = match item {
                        Value::Null => continue,
                        Value::Array(items) => items
                            .iter()
                            .filter(|i| !i.is_null())
                            .map(|i| plain_text(i).ok_or_else(|| wrong_type(member, "strings")))
                            .collect::<Result<_, _>>()?,
                        other => {
                            vec![plain_text(other).ok_or_else(|| wrong_type(member, "strings"))?]
                        }
                    };
                    query.insert(key.clone(), texts);
                }
            }
            Location::Header(name) => {
                if let Some(text) = header_text(schema, member, target, value)? {
                    headers.set(member, name, text)?;
                    if target.sensitive {
                        sensitive_headers.push(name.to_ascii_lowercase());
                    }
                }
            }
            Location::PrefixHeaders(prefix) => {
                let Value::Object(map) = value else {
                    return Err(wrong_type(member, "a map"));
                };
                for (key, item) in map {
                    if item.is_null() {
                        continue;
                    }
                    let text = plain_text(item).ok_or_else(|| wrong_type(member, "strings"))?;
                    headers.set(member, &[prefix, key.as_str()].concat(), text)?;
                }
            }
            Location::Body => body.push((member, value)),
            // Labels went into the path; the payload is the protocol's to write; a status
            // code is only ever an output; event bindings are for members of events.
            Location::Label
            | Location::Payload
            | Location::StatusCode
            | Location::EventHeader
            | Location::EventPayload => {}
        }
    }

    let payload = members
        .iter()
        .find(|m| m.wire.location == Location::Payload)
        .map(|m| {
            let value = params
                .iter()
                .find(|(p, _)| std::ptr::eq(*p, m))
                .map(|(_, v)| *v);
            (m, value)
        });
    let pairs = encode_query(&query);
    let query = match (template_query, pairs.is_empty()) {
        (Some(literal), true) => literal.to_owned(),
        (Some(literal), false) => [literal, "&", pairs.as_str()].concat(),
        (None, _) => pairs,
    };
    Ok(Bound {
        request: Request {
            method: http.method,
            path,
            query,
            headers: headers.0,
            body: bytes::Bytes::new(),
            host_prefix,
            auth: operation.auth,
            sensitive_headers,
            ..Request::default()
        },
        payload,
        body,
        has_body_members: members.iter().any(|m| m.wire.location == Location::Body),
    })
}

/// botocore's wording for an input key that is not a member.
fn unknown_parameter(name: &str, members: &[MemberDef]) -> SerializeError {
    let names: Vec<&str> = members.iter().map(|m| m.name).collect();
    SerializeError::new(format!(
        "Unknown parameter in input: \"{name}\", must be one of: {}",
        names.join(", ")
    ))
}

/// A value of `member` that is not what its place takes.
pub(crate) fn wrong_type(member: &MemberDef, expected: &str) -> SerializeError {
    SerializeError::new(format!(
        "Invalid type for parameter {}: expected {expected}",
        member.name
    ))
}

/// A random (version 4) UUID, hyphenated, lower-case: what botocore fills idempotency tokens
/// with.
pub(crate) fn uuid4() -> String {
    use ring::rand::SecureRandom;
    let mut b = [0u8; 16];
    if ring::rand::SystemRandom::new().fill(&mut b).is_err() {
        // The OS generator failing is extraordinary: fall back to the clock, the process id
        // and a counter, which still never repeat within a process.
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let n = u128::from(COUNTER.fetch_add(1, Ordering::Relaxed));
        b = (nanos ^ (u128::from(std::process::id()) << 64) ^ (n << 96)).to_le_bytes();
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The URI template's path with its labels filled in.
fn render_path(
    schema: OperationSchema<'_>,
    template: &str,
    params: &[(&MemberDef, &Value)],
) -> Result<String, SerializeError> {
    let mut path = String::with_capacity(template.len() + 32);
    // Where each label's text went: (member name, start, end).
    let mut spans: Vec<(&str, usize, usize)> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        path.push_str(&rest[..open]);
        let label = &rest[open + 1..open + len];
        rest = &rest[open + len + 1..];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        let Some(&(member, value)) = params
            .iter()
            .find(|(m, _)| m.name == name && m.wire.location == Location::Label)
        else {
            return Err(SerializeError::new(format!(
                "Missing required parameter in input: \"{name}\""
            )));
        };
        let target = schema.shape(member.target);
        let format = encode::timestamp_format(member, target, Place::Text);
        let text = encode::scalar_text(value, target, format)
            .ok_or_else(|| wrong_type(member, "a string, number, boolean or timestamp"))?;
        if text.is_empty() {
            return Err(SerializeError::new(format!(
                "Invalid length for parameter {name}, value: 0, valid min length: 1"
            )));
        }
        let start = path.len();
        path.push_str(&if greedy {
            encode::greedy_label(&text)
        } else {
            encode::label(&text)
        });
        spans.push((member.name, start, path.len()));
    }
    path.push_str(rest);
    // A `.` or `..` segment made by a label would be resolved away by the URL (WHATWG and
    // RFC 3986 alike), sending the request to another resource: refused.
    let mut start = 0;
    for segment in path.split('/') {
        let end = start + segment.len();
        if matches!(segment, "." | "..")
            && let Some((name, _, _)) = spans.iter().find(|(_, s, e)| *s < end && start < *e)
        {
            return Err(SerializeError::new(format!(
                "Invalid value for parameter {name}: a URI label cannot make the path segment \
                 \"{segment}\", which URLs resolve to another path"
            )));
        }
        start = end + 1;
    }
    Ok(path)
}

/// The query values of an `httpQuery` member: one for a scalar, one per item for a list.
fn query_values(
    schema: OperationSchema<'_>,
    member: &MemberDef,
    value: &Value,
) -> Result<Vec<String>, SerializeError> {
    let target = schema.shape(member.target);
    match (&target.kind, value) {
        (ShapeKind::List { member: item, .. }, Value::Array(items)) => {
            let item_shape = schema.shape(*item);
            let format = item_format(item_shape, Place::Text);
            items
                .iter()
                .filter(|i| !i.is_null())
                .map(|i| {
                    encode::scalar_text(i, item_shape, format)
                        .ok_or_else(|| wrong_type(member, "a list of scalars"))
                })
                .collect()
        }
        (ShapeKind::List { .. }, _) => Err(wrong_type(member, "a list")),
        _ => {
            let format = encode::timestamp_format(member, target, Place::Text);
            let text = encode::scalar_text(value, target, format)
                .ok_or_else(|| wrong_type(member, "a string, number, boolean or timestamp"))?;
            Ok(vec![text])
        }
    }
}

/// The timestamp format of a list item of shape `item` in `place`: the shape's own format
/// when it sets one, else the place's default.
fn item_format(item: &ShapeDef, place: Place) -> TimestampFormat {
    match (&item.kind, place) {
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

/// The query string of the serialized pairs (a list repeats its name, an empty list gives
/// nothing).
fn encode_query(query: &IndexMap<String, Vec<String>>) -> String {
    let mut out = String::new();
    for (name, values) in query {
        let name = encode::query(name);
        for value in values {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(&name);
            out.push('=');
            out.push_str(&encode::query(value));
        }
    }
    out
}

/// A map entry's text (query parameter maps, prefix headers): strings as they are, numbers
/// and booleans as text.
pub(crate) fn plain_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(awslice_pyfmt::str_number(n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A header value as text: scalars as text (timestamps cut to whole seconds, in the header
/// format), lists joined with `,`, a JSON-value string as the base64 of its compact JSON;
/// `None` for an empty list, which sends no header.
fn header_text(
    schema: OperationSchema<'_>,
    member: &MemberDef,
    target: &ShapeDef,
    value: &Value,
) -> Result<Option<String>, SerializeError> {
    if member.wire.json_value {
        return Ok(Some(json_value_header(value)));
    }
    match (&target.kind, value) {
        (ShapeKind::List { member: item, .. }, Value::Array(items)) => {
            let item_shape = schema.shape(*item);
            let format = item_format(item_shape, Place::Header);
            let mut texts = Vec::with_capacity(items.len());
            for i in items.iter().filter(|i| !i.is_null()) {
                let text = header_scalar(i, item_shape, format)
                    .ok_or_else(|| wrong_type(member, "a list of scalars"))?;
                texts.push(match item_shape.kind {
                    ShapeKind::String { .. } if text.contains(['"', ',']) => {
                        format!("\"{}\"", text.replace('"', "\\\""))
                    }
                    _ => text,
                });
            }
            Ok((!items.is_empty()).then(|| texts.join(",")))
        }
        (ShapeKind::List { .. }, _) => Err(wrong_type(member, "a list")),
        _ => {
            let format = encode::timestamp_format(member, target, Place::Header);
            header_scalar(value, target, format)
                .map(Some)
                .ok_or_else(|| wrong_type(member, "a string, number, boolean or timestamp"))
        }
    }
}

/// A JSON-value header (`mediaType: application/json`) as botocore sends it: the value's
/// compact JSON text (`separators=(',', ':')`, non-ASCII escaped), base64-encoded.
fn json_value_header(value: &Value) -> String {
    let layout = awslice_pyfmt::Dumps {
        indent: None,
        item_separator: ",",
        key_separator: ":",
        ensure_ascii: true,
    };
    base64::engine::general_purpose::STANDARD.encode(awslice_pyfmt::dumps(value, &layout))
}

/// A scalar header value: as [`encode::scalar_text`], but a timestamp is cut to whole
/// seconds first, whatever the format (botocore does so for every header).
fn header_scalar(value: &Value, target: &ShapeDef, format: TimestampFormat) -> Option<String> {
    if let ShapeKind::Timestamp { .. } = target.kind {
        let t = encode::parse_timestamp(value)?;
        return encode::timestamp_text(Timestamp(t.as_secs_f64().floor()), format);
    }
    encode::scalar_text(value, target, format)
}

/// The request's bound headers: names lower-cased, a name set twice keeps its first
/// position and its last value.
#[derive(Default)]
struct Headers(Vec<(String, String)>);

impl Headers {
    fn set(&mut self, member: &MemberDef, name: &str, value: String) -> Result<(), SerializeError> {
        if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
            return Err(SerializeError::new(format!(
                "Invalid header name for parameter {}: {name:?}",
                member.name
            )));
        }
        if value.contains(['\r', '\n']) {
            return Err(SerializeError::new(format!(
                "Invalid value for parameter {}: header {name} cannot contain a line break",
                member.name
            )));
        }
        if !value.chars().all(|c| c == '\t' || (' '..='~').contains(&c)) {
            return Err(SerializeError::new(format!(
                "Invalid value for parameter {}: header {name} can only hold printable ASCII \
                 characters",
                member.name
            )));
        }
        let name = name.to_ascii_lowercase();
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = value,
            None => self.0.push((name, value)),
        }
        Ok(())
    }
}

/// The body of a blob payload: the bytes the input's base64 text holds (none when unset).
pub(crate) fn blob_payload(
    member: &MemberDef,
    value: Option<&Value>,
) -> Result<bytes::Bytes, SerializeError> {
    match value {
        None => Ok(bytes::Bytes::new()),
        Some(Value::String(text)) => base64::engine::general_purpose::STANDARD
            .decode(text)
            .map(bytes::Bytes::from)
            .map_err(|_| {
                SerializeError::new(format!(
                    "Invalid value for parameter {}: expected base64 text",
                    member.name
                ))
            }),
        Some(_) => Err(wrong_type(member, "base64 text")),
    }
}

/// The body of a string payload: its UTF-8 text (none when unset).
pub(crate) fn string_payload(
    member: &MemberDef,
    value: Option<&Value>,
) -> Result<bytes::Bytes, SerializeError> {
    match value {
        None => Ok(bytes::Bytes::new()),
        Some(Value::String(s)) => Ok(bytes::Bytes::from(s.clone().into_bytes())),
        Some(_) => Err(wrong_type(member, "a string")),
    }
}

/// Reads the members of `members` bound to the status code, headers and prefix headers of
/// `response` into `out` (keyed by member name).
///
/// # Errors
/// A header does not hold a value of its member's type.
pub(crate) fn read_bindings(
    schema: OperationSchema<'_>,
    members: &[MemberDef],
    response: Response<'_>,
    out: &mut Map<String, Value>,
) -> Result<(), ResponseError> {
    for member in members {
        match member.wire.location {
            Location::StatusCode => {
                out.insert(member.name.to_owned(), Value::from(response.status));
            }
            Location::Header(name) => {
                if let Some(text) = response_header(response.headers, name) {
                    let value = header_member(schema, member, &text)
                        .map_err(|what| crate::json::error(member.name, &what))?;
                    out.insert(member.name.to_owned(), value);
                }
            }
            Location::PrefixHeaders(prefix) => {
                let prefix = prefix.to_ascii_lowercase();
                let mut map = Map::new();
                for name in response.headers.keys() {
                    if let Some(key) = name.as_str().strip_prefix(prefix.as_str())
                        && let Some(text) = response_header(response.headers, name.as_str())
                    {
                        map.insert(key.to_owned(), Value::String(text));
                    }
                }
                out.insert(member.name.to_owned(), Value::Object(map));
            }
            _ => {}
        }
    }
    Ok(())
}

/// A response header's value as botocore sees it: the values of a repeated header joined
/// with `, `, each byte read as Latin-1 (what Python's HTTP client does).
pub(crate) fn response_header(headers: &http::HeaderMap, name: &str) -> Option<String> {
    let mut values = headers.get_all(name).iter().peekable();
    values.peek()?;
    let mut text = String::new();
    for (i, v) in values.enumerate() {
        if i > 0 {
            text.push_str(", ");
        }
        text.extend(v.as_bytes().iter().map(|&b| char::from(b)));
    }
    Some(text)
}

/// The output value of header member `member` from its text; the error says what is wrong.
fn header_member(
    schema: OperationSchema<'_>,
    member: &MemberDef,
    text: &str,
) -> Result<Value, String> {
    let target = schema.shape(member.target);
    if member.wire.json_value {
        // The base64 of a JSON text: the value is the JSON value it holds.
        let text = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|e| format!("invalid base64 in a JSON-value header: {e}"))?;
        return serde_json::from_slice(&text)
            .map_err(|e| format!("invalid JSON in a JSON-value header: {e}"));
    }
    match &target.kind {
        ShapeKind::List { member: item, .. } => {
            let item_shape = schema.shape(*item);
            let format = json_format(item_shape, None);
            text.split(',')
                .map(|part| header_scalar_value(item_shape, part.trim(), format))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        _ => header_scalar_value(
            target,
            text,
            json_format(target, member.wire.timestamp_format),
        ),
    }
}

/// The JSON-body timestamp format of a value of shape `target`: the member's override, else
/// the shape's (epoch seconds by default).
fn json_format(target: &ShapeDef, member_format: Option<TimestampFormat>) -> TimestampFormat {
    member_format.unwrap_or(match target.kind {
        ShapeKind::Timestamp {
            format: Some(format),
        } => format,
        _ => TimestampFormat::EpochSeconds,
    })
}

/// A scalar read from header text as botocore reads it (`int()`, `float()`, `true` in any
/// case, a timestamp in any of the three forms), in the codecs' value form.
fn header_scalar_value(
    shape: &ShapeDef,
    text: &str,
    format: TimestampFormat,
) -> Result<Value, String> {
    let number = |digits: &str| {
        serde_json::from_str::<serde_json::Number>(digits)
            .map(Value::Number)
            .map_err(|e| e.to_string())
    };
    match shape.kind {
        ShapeKind::Boolean => Ok(Value::Bool(text.eq_ignore_ascii_case("true"))),
        ShapeKind::Integer { .. } | ShapeKind::IntEnum { .. } | ShapeKind::BigInteger => {
            number(&awslice_pyfmt::parse_int(text)?)
        }
        ShapeKind::Float { .. } => Ok(awslice_pyfmt::float_number(awslice_pyfmt::parse_float(
            text,
        )?)),
        ShapeKind::BigDecimal => number(text.trim()),
        ShapeKind::Timestamp { .. } => {
            encode::parse_timestamp(&Value::String(text.trim().to_owned()))
                .map(|t| t.to_value(format))
                .ok_or_else(|| format!("invalid timestamp: {text:?}"))
        }
        _ => Ok(Value::String(text.to_owned())),
    }
}

/// Whether a payload member of this kind is the whole body as it is (a blob or a string).
pub(super) fn is_raw_payload(kind: &ShapeKind) -> bool {
    matches!(kind, ShapeKind::Blob { .. } | ShapeKind::String { .. })
}

/// A raw payload ([`is_raw_payload`]) in the codecs' value form: a blob as base64 text, a
/// string as (lossy) UTF-8.
pub(super) fn raw_payload(body: &[u8], kind: &ShapeKind) -> Value {
    match kind {
        ShapeKind::Blob { .. } => {
            Value::String(base64::engine::general_purpose::STANDARD.encode(body))
        }
        _ => Value::String(String::from_utf8_lossy(body).into_owned()),
    }
}
