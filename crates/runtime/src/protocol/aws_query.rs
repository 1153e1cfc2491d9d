//! The awsQuery protocol: form-encoded requests, XML responses and XML error documents.
//!
//! A request is `POST /` with `Content-Type: application/x-www-form-urlencoded;
//! charset=utf-8` and a body of `Action=<operation>&Version=<API version>` followed by the
//! input members flattened to dotted keys: `Outer.Inner`, lists as `Key.member.N`, maps as
//! `Key.entry.N.key` / `Key.entry.N.value` ([`serialize`]). A success response holds the
//! output in the `<Operation>Result` child of its root element ([`deserialize`]); an error
//! response is an `<ErrorResponse>` document ([`parse_error`]).
//!
//! Where botocore (and so the AWS CLI) departs from the Smithy specification, this module
//! follows botocore:
//! - the form body is encoded like Python's `urlencode` (a space is `+`, not `%20`);
//! - members are written in the order of the input object's keys, not in model order, and
//!   idempotency tokens the caller left out are generated and written after everything else
//!   (top-level members only);
//! - a flattened list whose list member has an `xmlName` is written under that name in place
//!   of the last segment of its key (`Outer.item.1`, where Smithy writes `Outer.Flat.1`), and
//!   read back from elements of that name;
//! - `date-time` timestamps carry microseconds when there is a fraction (Smithy: milliseconds);
//! - responses: the root element's name is not checked, `ResponseMetadata` is not part of
//!   the output, and timestamps are read in any of the usual formats whatever the model says;
//! - errors: a missing `<Code>` or `<Message>` is the text `Unknown` (what the AWS CLI prints
//!   for a missing key), and an empty one is `None` (Python's text of the missing value the
//!   CLI prints then). Smithy leaves both absent.
//!
//! Two error cases differ from botocore on purpose, because a [`ServiceError`] has to be
//! produced: a body that is not XML (botocore raises a parse error, which the CLI reports as
//! such) gives the status as the code and the body text as the message; and a bare `<Error>`
//! root (which botocore would not find, printing `Unknown` twice) is read as the error.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::{Request, Response, SerializeError, encode, reason_phrase, request_id_header, xml};
use crate::error::{ResponseError, ServiceError};
use crate::json::TimestampFormat;
use crate::schema::{
    Auth, Http, MemberDef, Operation, OperationSchema, ShapeDef, ShapeIdx, ShapeKind,
};
use crate::service::ServiceMeta;

/// The `Content-Type` of every awsQuery request.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// What a missing error code or message reads as in the XML protocols' error documents (the
/// AWS CLI's text for a missing key).
pub(super) const MISSING: &str = "Unknown";

/// What an empty `<Code/>` or `<Message/>` reads as (botocore keeps Python's `None`).
pub(super) const EMPTY: &str = "None";

/// The request of `schema`'s operation with `input` (an object of input members, or `{}`)
/// as its form body. Idempotency-token members missing from `input` get a random UUID.
///
/// # Errors
/// A value is not of its member's type, or names no member: the error names its form key.
pub fn serialize(
    service: &ServiceMeta,
    schema: OperationSchema<'_>,
    input: &Value,
) -> Result<Request, SerializeError> {
    serialize_with(service, schema, input, &mut uuid4)
}

/// [`serialize`] with the idempotency tokens taken from `token` (tests use a fixed one).
///
/// # Errors
/// As [`serialize`].
pub fn serialize_with(
    service: &ServiceMeta,
    schema: OperationSchema<'_>,
    input: &Value,
    token: &mut dyn FnMut() -> String,
) -> Result<Request, SerializeError> {
    serialize_form(service, schema, input, token, &QUERY_RULES)
}

/// What the form-encoded protocols name differently: awsQuery's rules are [`QUERY_RULES`],
/// ec2Query's are in the `ec2_query` module; everything else about the form body is shared.
pub(super) struct FormRules {
    /// The key segment of a structure member.
    pub(super) member_key: fn(&MemberDef) -> Cow<'static, str>,
    /// The key segment of a map entry's key or value, from its `xmlName` and the default
    /// (`key`, `value`).
    pub(super) map_part: fn(Option<&'static str>, &'static str) -> Cow<'static, str>,
    /// How lists are written.
    pub(super) lists: Lists,
}

/// How a form-encoded protocol writes lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lists {
    /// awsQuery: `Key.member.N` (the list member's `xmlName` in place of `member`); `Key.N`
    /// when flattened (botocore's naming, see the module documentation); an empty list is
    /// `Key=`.
    Query,
    /// ec2Query: `Key.N` whatever the list member's name or the flattening; an empty list
    /// sends nothing.
    Numbered,
}

/// awsQuery's names: the member's `xmlName`, else its name; a map's `key` / `value` or their
/// `xmlName`s.
const QUERY_RULES: FormRules = FormRules {
    member_key: |m| Cow::Borrowed(m.wire.xml_name.unwrap_or(m.name)),
    map_part: |xml_name, default| Cow::Borrowed(xml_name.unwrap_or(default)),
    lists: Lists::Query,
};

/// [`serialize_with`] under `rules`: the form body of every form-encoded protocol.
///
/// # Errors
/// As [`serialize`].
pub(super) fn serialize_form(
    service: &ServiceMeta,
    schema: OperationSchema<'_>,
    input: &Value,
    token: &mut dyn FnMut() -> String,
    rules: &FormRules,
) -> Result<Request, SerializeError> {
    let operation = schema.operation;
    let mut form = Form::default();
    form.push("Action", operation.name);
    form.push("Version", service.api_version);
    let empty = Map::new();
    let object = match input {
        Value::Object(o) => o,
        Value::Null => &empty,
        _ => return Err(SerializeError::new("the input is not a JSON object")),
    };
    if let Some(idx) = operation.input {
        let writer = Writer { schema, rules };
        writer.members(&mut form, object, idx, "")?;
        for m in schema.members(idx) {
            if m.idempotency_token && object.get(m.name).is_none_or(Value::is_null) {
                let key = (rules.member_key)(m);
                let ctx = Ctx {
                    flattened: false,
                    format: m.wire.timestamp_format,
                };
                writer.value(&mut form, &Value::String(token()), m.target, ctx, &key)?;
            }
        }
    }
    let host_prefix = match operation.host_prefix {
        Some(template) => Some(expand_host_prefix(template, object)?),
        None => None,
    };
    Ok(Request {
        method: "POST",
        path: "/".to_owned(),
        query: String::new(),
        headers: vec![("content-type".to_owned(), CONTENT_TYPE.to_owned())],
        body: form.0.into(),
        host_prefix,
        auth: operation.auth,
        ..Request::default()
    })
}

/// Reads a 2xx response: the output shape from the root's `<Operation>Result` child. An
/// operation without output members gives `{}` whatever the body holds.
///
/// # Errors
/// The body is not XML, has no `<Operation>Result` element, or holds a value not of its
/// member's type.
pub fn deserialize(
    schema: OperationSchema<'_>,
    response: Response<'_>,
) -> Result<Value, ResponseError> {
    let operation = schema.operation;
    let Some(output) = output_with_members(schema) else {
        return Ok(Value::Object(Map::new()));
    };
    let doc = xml::parse(response.body)?;
    let wrapper = [operation.name, "Result"].concat();
    let node = xml::child(doc.root_element(), &wrapper).ok_or_else(|| {
        crate::json::error(
            "",
            &format!(
                "the response has no <{wrapper}> element in its <{}> root",
                xml::local_name(doc.root_element())
            ),
        )
    })?;
    xml::read_shape(node, schema, output)
}

/// The operation's output structure when it has members: an operation without any reads as
/// `{}` whatever the body holds.
pub(super) fn output_with_members(schema: OperationSchema<'_>) -> Option<ShapeIdx> {
    schema
        .operation
        .output
        .filter(|&output| !schema.members(output).is_empty())
}

/// Parses an error response (any status ≥ 300) into a [`ServiceError`]. Never panics.
///
/// - A status ≥ 500 with an empty body or one starting with `<html>`: the status as the code,
///   its reason phrase as the message.
/// - An XML document: the `Error` element (under `Errors` when there is one, else a child of
///   the root, else the root itself when it is `<Error>`) gives `Code` and `Message`
///   (`Unknown` when absent, `None` when empty, the text kept as is); the request
///   id is the root's `RequestId`, else the `x-amzn-RequestId` header.
/// - Anything else: the status as the code, the body text (trimmed) as the message.
pub fn parse_error(response: Response<'_>) -> ServiceError {
    parse_error_with(response, &["RequestId"])
}

/// [`parse_error`] with the request id read from the first of the root's children named in
/// `request_id` that holds text (awsQuery: `RequestId`).
pub(super) fn parse_error_with(response: Response<'_>, request_id: &[&str]) -> ServiceError {
    let status = response.status;
    let (code, message, body_id) = code_message_id(status, response.body, request_id);
    ServiceError {
        status,
        code,
        message,
        request_id: body_id.or_else(|| request_id_header(response.headers)),
        body: bytes::Bytes::copy_from_slice(response.body),
        retries_exhausted: None,
    }
}

fn code_message_id(
    status: u16,
    body: &[u8],
    request_id: &[&str],
) -> (String, String, Option<String>) {
    let trimmed = body.trim_ascii();
    if status >= 500 && (trimmed.is_empty() || trimmed.starts_with(b"<html>")) {
        return (status.to_string(), reason_phrase(status).to_owned(), None);
    }
    let Ok(doc) = xml::parse(body) else {
        let text = String::from_utf8_lossy(body);
        return (status.to_string(), text.trim().to_owned(), None);
    };
    let root = doc.root_element();
    let error = error_element(root);
    let field = |name: &str| match error.and_then(|e| xml::child(e, name)) {
        None => MISSING.to_owned(),
        Some(node) => xml::element_text(node).map_or_else(|| EMPTY.to_owned(), |t| t.into_owned()),
    };
    let request_id = request_id.iter().find_map(|name| {
        xml::child(root, name)
            .and_then(xml::element_text)
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
    });
    (field("Code"), field("Message"), request_id)
}

/// The `Error` element of an error document: under `Errors` when there is one, else a child
/// of the root, else the root itself.
fn error_element<'a, 'i>(root: roxmltree::Node<'a, 'i>) -> Option<roxmltree::Node<'a, 'i>> {
    xml::child(root, "Errors")
        .and_then(|errors| xml::child(errors, "Error"))
        .or_else(|| xml::child(root, "Error"))
        .or_else(|| (xml::local_name(root) == "Error").then_some(root))
}

/// The modelled members of the error structure `shape` in an error document's `Error`
/// element, as the output codec reads them; `None` when the body holds no such element.
pub fn error_fields(shapes: &[ShapeDef], shape: ShapeIdx, body: &[u8]) -> Option<Value> {
    let doc = xml::parse(body).ok()?;
    read_error_shape(shapes, shape, error_element(doc.root_element())?)
}

/// The error structure `shape` read from the element `error`, as the output codec reads a
/// shape; `None` when a value is not of its member's type.
pub(super) fn read_error_shape(
    shapes: &[ShapeDef],
    shape: ShapeIdx,
    error: roxmltree::Node<'_, '_>,
) -> Option<Value> {
    /// A stand-in operation: reading a shape needs the table, not an operation.
    static NO_OPERATION: Operation = Operation {
        name: "",
        input: None,
        output: None,
        errors: &[],
        http: Http::RPC,
        host_prefix: None,
        auth: Auth::SigV4,
        rules: &crate::schema::OperationRules::NONE,
    };
    let schema = OperationSchema {
        shapes,
        operation: &NO_OPERATION,
    };
    xml::read_shape(error, schema, shape).ok()
}

/// The form body being written.
#[derive(Debug, Default)]
struct Form(String);

impl Form {
    fn push(&mut self, key: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.push_str(&encode::form(key));
        self.0.push('=');
        self.0.push_str(&encode::form(value));
    }
}

/// Context handed from a member to its value: whether a list or map is flattened, and the
/// member's `timestampFormat` (which also reaches the items of a list or map).
#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    flattened: bool,
    format: Option<TimestampFormat>,
}

struct Writer<'s> {
    schema: OperationSchema<'s>,
    rules: &'s FormRules,
}

impl Writer<'_> {
    /// Writes the members of the structure or union `idx` present in `object`, in the
    /// object's order, under `prefix`. `null` members are left out.
    fn members(
        &self,
        form: &mut Form,
        object: &Map<String, Value>,
        idx: ShapeIdx,
        prefix: &str,
    ) -> Result<(), SerializeError> {
        let members = self.schema.members(idx);
        for (name, value) in object {
            if value.is_null() {
                continue;
            }
            let Some(m) = members.iter().find(|m| m.name == name) else {
                return Err(SerializeError::new(format!(
                    "{}: not a member of {}",
                    join(prefix, name),
                    self.schema.shape(idx).name
                )));
            };
            let key = join(prefix, &(self.rules.member_key)(m));
            let ctx = Ctx {
                flattened: m.wire.xml_flattened,
                format: m.wire.timestamp_format,
            };
            self.value(form, value, m.target, ctx, &key)?;
        }
        Ok(())
    }

    /// Writes `value`, a value of shape `idx`, under the form key `key`.
    fn value(
        &self,
        form: &mut Form,
        value: &Value,
        idx: ShapeIdx,
        ctx: Ctx,
        key: &str,
    ) -> Result<(), SerializeError> {
        let def = self.schema.shape(idx);
        let inner = Ctx {
            flattened: false,
            format: ctx.format,
        };
        match &def.kind {
            ShapeKind::Structure { .. } | ShapeKind::Union { .. } => {
                let object = value
                    .as_object()
                    .ok_or_else(|| mismatch(key, "a structure (JSON object)"))?;
                self.members(form, object, idx, key)
            }
            ShapeKind::List {
                member,
                member_xml_name,
                ..
            } => {
                let items = value
                    .as_array()
                    .ok_or_else(|| mismatch(key, "a list (JSON array)"))?;
                if items.is_empty() {
                    if self.rules.lists == Lists::Query {
                        form.push(key, "");
                    }
                    return Ok(());
                }
                let list_key = match (self.rules.lists, ctx.flattened, member_xml_name) {
                    (Lists::Numbered, ..) | (Lists::Query, true, None) => key.to_owned(),
                    (Lists::Query, true, Some(name)) => match key.rsplit_once('.') {
                        Some((parent, _)) => [parent, ".", name].concat(),
                        None => (*name).to_owned(),
                    },
                    (Lists::Query, false, name) => [key, ".", name.unwrap_or("member")].concat(),
                };
                for (i, item) in items.iter().enumerate() {
                    let item_key = format!("{list_key}.{}", i + 1);
                    self.value(form, item, *member, inner, &item_key)?;
                }
                Ok(())
            }
            ShapeKind::Map {
                key: key_shape,
                value: value_shape,
                key_xml_name,
                value_xml_name,
                ..
            } => {
                let entries = value
                    .as_object()
                    .ok_or_else(|| mismatch(key, "a map (JSON object)"))?;
                let base = if ctx.flattened {
                    key.to_owned()
                } else {
                    [key, ".entry"].concat()
                };
                let key_name = (self.rules.map_part)(*key_xml_name, "key");
                let value_name = (self.rules.map_part)(*value_xml_name, "value");
                for (i, (k, v)) in entries.iter().enumerate() {
                    let n = i + 1;
                    let k = Value::String(k.clone());
                    self.value(
                        form,
                        &k,
                        *key_shape,
                        inner,
                        &format!("{base}.{n}.{key_name}"),
                    )?;
                    let value_key = format!("{base}.{n}.{value_name}");
                    self.value(form, v, *value_shape, inner, &value_key)?;
                }
                Ok(())
            }
            ShapeKind::Document => Err(SerializeError::new(format!(
                "{key}: a document cannot be sent in a form body"
            ))),
            _ => {
                let text = encode::scalar_text(value, def, text_format(ctx.format, def))
                    .ok_or_else(|| mismatch(key, scalar_kind(def)))?;
                form.push(key, &text);
                Ok(())
            }
        }
    }
}

/// The format of a timestamp written as text: the member's `timestampFormat`, else the
/// target's, else `date-time` (the rule of [`encode::timestamp_format`] for text).
fn text_format(member: Option<TimestampFormat>, target: &ShapeDef) -> TimestampFormat {
    member.unwrap_or(match target.kind {
        ShapeKind::Timestamp {
            format: Some(format),
        } => format,
        _ => TimestampFormat::DateTime,
    })
}

fn scalar_kind(def: &ShapeDef) -> &'static str {
    match def.kind {
        ShapeKind::Boolean => "a boolean",
        ShapeKind::Integer { .. }
        | ShapeKind::IntEnum { .. }
        | ShapeKind::Float { .. }
        | ShapeKind::BigInteger
        | ShapeKind::BigDecimal => "a number",
        ShapeKind::Timestamp { .. } => "a timestamp",
        ShapeKind::Blob { .. } => "base64 text",
        _ => "a string",
    }
}

fn mismatch(key: &str, expected: &str) -> SerializeError {
    SerializeError::new(format!("{key}: expected {expected}"))
}

/// `prefix.name`, or `name` at the top.
fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        [prefix, ".", name].concat()
    }
}

/// The `hostPrefix` template with each `{Name}` replaced by the raw text of the top-level
/// input member `Name`.
fn expand_host_prefix(
    template: &str,
    input: &Map<String, Value>,
) -> Result<String, SerializeError> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or_else(|| {
            SerializeError::new(format!(
                "the host prefix {template:?} has an unclosed label"
            ))
        })?;
        let name = &after[..close];
        let value = input.get(name).and_then(Value::as_str).ok_or_else(|| {
            SerializeError::new(format!("{name}: a string is required for the host prefix"))
        })?;
        out.push_str(value);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A random (version 4) UUID, hyphenated and lower-case, from the OS generator.
pub(super) fn uuid4() -> String {
    use ring::rand::SecureRandom;
    let mut b = [0u8; 16];
    if ring::rand::SystemRandom::new().fill(&mut b).is_err() {
        // The OS generator failing is extraordinary: fall back to the clock and process id.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        b = (nanos ^ (u128::from(std::process::id()) << 64)).to_le_bytes();
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push_str(&format!("{byte:02x}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Auth, Http, MemberDef, MemberWire, Operation};
    use crate::service::Protocol;
    use serde_json::json;

    const fn shape(name: &'static str, kind: ShapeKind) -> ShapeDef {
        ShapeDef::new(name, kind)
    }

    const fn member(name: &'static str, target: ShapeIdx) -> MemberDef {
        MemberDef::new(name, target)
    }

    const fn structure(name: &'static str, members: &'static [MemberDef]) -> ShapeDef {
        shape(
            name,
            ShapeKind::Structure {
                members,
                error: None,
                error_code: None,
            },
        )
    }

    const fn list(name: &'static str, member: ShapeIdx, xml: Option<&'static str>) -> ShapeDef {
        shape(
            name,
            ShapeKind::List {
                member,
                min_len: None,
                max_len: None,
                member_xml_name: xml,
                member_xml_namespace: None,
            },
        )
    }

    const STRING_KIND: ShapeKind = ShapeKind::String {
        enum_values: &[],
        min_len: None,
        max_len: None,
        pattern: None,
    };

    // STS (a slice of the real model).
    const S_STRING: ShapeIdx = 0;
    const S_INT: ShapeIdx = 1;
    const S_TS: ShapeIdx = 2;
    const S_INPUT: ShapeIdx = 3;
    const S_OUTPUT: ShapeIdx = 4;
    const S_CREDENTIALS: ShapeIdx = 5;
    const S_USER: ShapeIdx = 6;
    const S_TAGS: ShapeIdx = 7;
    const S_TAG: ShapeIdx = 8;
    const S_KEYS: ShapeIdx = 9;
    const S_EMPTY: ShapeIdx = 10;

    static STS_SHAPES: &[ShapeDef] = &[
        shape("arnType", STRING_KIND),
        shape(
            "roleDurationSecondsType",
            ShapeKind::Integer {
                min: Some(900),
                max: Some(43200),
            },
        ),
        shape("dateType", ShapeKind::Timestamp { format: None }),
        structure(
            "AssumeRoleRequest",
            &[
                member("RoleArn", S_STRING),
                member("RoleSessionName", S_STRING),
                member("Policy", S_STRING),
                member("DurationSeconds", S_INT),
                member("Tags", S_TAGS),
                member("TransitiveTagKeys", S_KEYS),
                member("ExternalId", S_STRING),
            ],
        ),
        structure(
            "AssumeRoleResponse",
            &[
                member("Credentials", S_CREDENTIALS),
                member("AssumedRoleUser", S_USER),
                member("PackedPolicySize", S_INT),
                member("SourceIdentity", S_STRING),
            ],
        ),
        structure(
            "Credentials",
            &[
                member("AccessKeyId", S_STRING),
                member("SecretAccessKey", S_STRING),
                member("SessionToken", S_STRING),
                member("Expiration", S_TS),
            ],
        ),
        structure(
            "AssumedRoleUser",
            &[member("AssumedRoleId", S_STRING), member("Arn", S_STRING)],
        ),
        list("tagListType", S_TAG, None),
        structure("Tag", &[member("Key", S_STRING), member("Value", S_STRING)]),
        list("tagKeyListType", S_STRING, None),
        structure("Empty", &[]),
    ];

    static ASSUME_ROLE: Operation = Operation {
        name: "AssumeRole",
        input: Some(S_INPUT),
        output: Some(S_OUTPUT),
        errors: &[],
        http: Http::RPC,
        host_prefix: None,
        auth: Auth::SigV4,
        rules: &crate::schema::OperationRules::NONE,
    };

    static STS: ServiceMeta = ServiceMeta {
        shape_name: "AWSSecurityTokenServiceV20110615",
        sdk_id: "STS",
        endpoint_prefix: "sts",
        signing_name: "sts",
        protocol: Protocol::AwsQuery,
        api_version: "2011-06-15",
        endpoint_rule_set: "{}",
        query_compatible: false,
        xml_namespace: None,
        signer: crate::service::Signer::SigV4,
    };

    fn sts(operation: &'static Operation) -> OperationSchema<'static> {
        OperationSchema {
            shapes: STS_SHAPES,
            operation,
        }
    }

    fn fixed_token() -> String {
        "00000000-0000-4000-8000-000000000000".to_owned()
    }

    fn body_of(service: &ServiceMeta, schema: OperationSchema<'_>, input: Value) -> String {
        let request = serialize_with(service, schema, &input, &mut fixed_token).unwrap();
        String::from_utf8(request.body.to_vec()).unwrap()
    }

    fn response(status: u16, body: &str) -> (u16, http::HeaderMap, Vec<u8>) {
        (status, http::HeaderMap::new(), body.as_bytes().to_vec())
    }

    fn read(schema: OperationSchema<'_>, body: &str) -> Result<Value, ResponseError> {
        let (status, headers, body) = response(200, body);
        deserialize(
            schema,
            Response {
                status,
                headers: &headers,
                body: &body,
            },
        )
    }

    fn error_of(status: u16, headers: &http::HeaderMap, body: &str) -> ServiceError {
        parse_error(Response {
            status,
            headers,
            body: body.as_bytes(),
        })
    }

    #[test]
    fn sts_assume_role_request() {
        let input = json!({
            "RoleArn": "arn:aws:iam::123456789012:role/demo",
            "RoleSessionName": "s",
            "DurationSeconds": 3600,
        });
        let request = serialize_with(&STS, sts(&ASSUME_ROLE), &input, &mut fixed_token).unwrap();
        assert_eq!(
            request,
            Request {
                method: "POST",
                path: "/".to_owned(),
                query: String::new(),
                headers: vec![(
                    "content-type".to_owned(),
                    "application/x-www-form-urlencoded; charset=utf-8".to_owned()
                )],
                body: bytes::Bytes::from_static(
                    b"Action=AssumeRole&Version=2011-06-15\
                      &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo\
                      &RoleSessionName=s&DurationSeconds=3600"
                ),
                host_prefix: None,
                auth: Auth::SigV4,
                ..Request::default()
            }
        );
    }

    #[test]
    fn members_follow_the_input_order_with_lists_of_structures_and_empty_values() {
        let body = body_of(
            &STS,
            sts(&ASSUME_ROLE),
            json!({
                "RoleSessionName": "a b+c",
                "Tags": [{"Key": "k1", "Value": "v1"}, {"Value": "", "Key": "k2"}],
                "TransitiveTagKeys": [],
                "Policy": "",
                "ExternalId": null,
                "RoleArn": "r",
            }),
        );
        assert_eq!(
            body,
            "Action=AssumeRole&Version=2011-06-15&RoleSessionName=a+b%2Bc\
             &Tags.member.1.Key=k1&Tags.member.1.Value=v1\
             &Tags.member.2.Value=&Tags.member.2.Key=k2\
             &TransitiveTagKeys=&Policy=&RoleArn=r"
        );
    }

    #[test]
    fn sts_assume_role_response() {
        let xml = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>DevUser123</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/John</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:John</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>"#;
        let value = read(sts(&ASSUME_ROLE), xml).unwrap();
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            json!({
                "Credentials": {
                    "AccessKeyId": "ASIAIOSFODNN7EXAMPLE",
                    "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
                    "SessionToken": "AQoDYXdzEPT//////////wEXAMPLEtc764",
                    "Expiration": 1_573_306_481,
                },
                "AssumedRoleUser": {
                    "AssumedRoleId": "ARO123EXAMPLE123:John",
                    "Arn": "arn:aws:sts::123456789012:assumed-role/demo/John",
                },
                "PackedPolicySize": 6,
                "SourceIdentity": "DevUser123",
            })
            .to_string()
        );
    }

    #[test]
    fn responses_with_fractional_timestamps_and_missing_wrappers() {
        let xml = "<R><AssumeRoleResult><Credentials>\
                   <Expiration>2011-07-15T23:28:33.359Z</Expiration>\
                   </Credentials></AssumeRoleResult></R>";
        assert_eq!(
            read(sts(&ASSUME_ROLE), xml).unwrap().to_string(),
            r#"{"Credentials":{"Expiration":1310772513.359}}"#
        );
        assert_eq!(
            read(
                sts(&ASSUME_ROLE),
                "<AssumeRoleResponse><ResponseMetadata/></AssumeRoleResponse>"
            )
            .unwrap_err()
            .message,
            "the response has no <AssumeRoleResult> element in its <AssumeRoleResponse> root"
        );
        assert_eq!(
            read(sts(&ASSUME_ROLE), "<AssumeRoleResponse>")
                .unwrap_err()
                .to_string(),
            "malformed response: invalid XML: the root node was opened but never closed; \
             the body starts with \"<AssumeRoleResponse>\""
        );
        assert_eq!(
            read(
                sts(&ASSUME_ROLE),
                "<R><AssumeRoleResult><PackedPolicySize>big</PackedPolicySize></AssumeRoleResult></R>"
            )
            .unwrap_err()
            .message,
            r#"PackedPolicySize: expected an integer, got "big""#
        );
    }

    #[test]
    fn outputs_without_members_are_not_parsed() {
        static NO_OUTPUT: Operation = Operation {
            name: "Nothing",
            input: None,
            output: None,
            ..ASSUME_ROLE
        };
        static EMPTY_OUTPUT: Operation = Operation {
            name: "Nothing",
            input: Some(S_EMPTY),
            output: Some(S_EMPTY),
            ..ASSUME_ROLE
        };
        assert_eq!(read(sts(&NO_OUTPUT), "not xml").unwrap(), json!({}));
        assert_eq!(read(sts(&EMPTY_OUTPUT), "").unwrap(), json!({}));
        assert_eq!(
            body_of(&STS, sts(&NO_OUTPUT), json!({})),
            "Action=Nothing&Version=2011-06-15"
        );
        assert_eq!(
            body_of(&STS, sts(&EMPTY_OUTPUT), Value::Null),
            "Action=Nothing&Version=2011-06-15"
        );
    }

    #[test]
    fn input_errors_name_the_form_key() {
        let err = |input: Value| {
            serialize_with(&STS, sts(&ASSUME_ROLE), &input, &mut fixed_token)
                .unwrap_err()
                .message
        };
        assert_eq!(
            err(json!({"Bogus": 1})),
            "Bogus: not a member of AssumeRoleRequest"
        );
        assert_eq!(
            err(json!({"Tags": [{"Key": ["x"]}]})),
            "Tags.member.1.Key: expected a string"
        );
        assert_eq!(
            err(json!({"Tags": {}})),
            "Tags: expected a list (JSON array)"
        );
        assert_eq!(
            err(json!({"Tags": ["x"]})),
            "Tags.member.1: expected a structure (JSON object)"
        );
        assert_eq!(err(json!([1])), "the input is not a JSON object");
    }

    // SNS Publish: a map with renamed key and value, of structures.
    const N_STRING: ShapeIdx = 0;
    const N_INPUT: ShapeIdx = 1;
    const N_MAP: ShapeIdx = 2;
    const N_VALUE: ShapeIdx = 3;
    const N_BLOB: ShapeIdx = 4;
    const N_OUTPUT: ShapeIdx = 5;

    static SNS_SHAPES: &[ShapeDef] = &[
        shape("String", STRING_KIND),
        structure(
            "PublishInput",
            &[
                member("TopicArn", N_STRING),
                member("Message", N_STRING),
                member("MessageAttributes", N_MAP),
            ],
        ),
        shape(
            "MessageAttributeMap",
            ShapeKind::Map {
                key: N_STRING,
                value: N_VALUE,
                key_xml_name: Some("Name"),
                value_xml_name: Some("Value"),
                key_xml_namespace: None,
                value_xml_namespace: None,
            },
        ),
        structure(
            "MessageAttributeValue",
            &[
                member("DataType", N_STRING),
                member("StringValue", N_STRING),
                member("BinaryValue", N_BLOB),
            ],
        ),
        shape("Binary", ShapeKind::Blob { streaming: false }),
        structure("PublishResponse", &[member("MessageId", N_STRING)]),
    ];

    static PUBLISH: Operation = Operation {
        name: "Publish",
        input: Some(N_INPUT),
        output: Some(N_OUTPUT),
        errors: &[],
        http: Http::RPC,
        host_prefix: None,
        auth: Auth::SigV4,
        rules: &crate::schema::OperationRules::NONE,
    };

    static SNS: ServiceMeta = ServiceMeta {
        shape_name: "AmazonSimpleNotificationService",
        sdk_id: "SNS",
        endpoint_prefix: "sns",
        signing_name: "sns",
        protocol: Protocol::AwsQuery,
        api_version: "2010-03-31",
        endpoint_rule_set: "{}",
        query_compatible: false,
        xml_namespace: None,
        signer: crate::service::Signer::SigV4,
    };

    #[test]
    fn sns_publish_with_message_attributes() {
        let schema = OperationSchema {
            shapes: SNS_SHAPES,
            operation: &PUBLISH,
        };
        let body = body_of(
            &SNS,
            schema,
            json!({
                "TopicArn": "arn:aws:sns:us-east-1:123456789012:t",
                "Message": "hello world",
                "MessageAttributes": {
                    "color": {"DataType": "String", "StringValue": "red"},
                    "raw": {"DataType": "Binary", "BinaryValue": "aGk="},
                },
            }),
        );
        assert_eq!(
            body,
            "Action=Publish&Version=2010-03-31\
             &TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3At&Message=hello+world\
             &MessageAttributes.entry.1.Name=color\
             &MessageAttributes.entry.1.Value.DataType=String\
             &MessageAttributes.entry.1.Value.StringValue=red\
             &MessageAttributes.entry.2.Name=raw\
             &MessageAttributes.entry.2.Value.DataType=Binary\
             &MessageAttributes.entry.2.Value.BinaryValue=aGk%3D"
        );
        assert_eq!(
            body_of(&SNS, schema, json!({"MessageAttributes": {}})),
            "Action=Publish&Version=2010-03-31"
        );
        assert_eq!(
            read(
                schema,
                "<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult>\
                 </PublishResponse>"
            )
            .unwrap(),
            json!({"MessageId": "m-1"})
        );
    }

    // Every other form: renamed members, list member names, flattening, nested structures,
    // maps flattened or not, scalars, timestamps, idempotency tokens.
    const Q_STRING: ShapeIdx = 0;
    const Q_INPUT: ShapeIdx = 1;
    const Q_LIST: ShapeIdx = 2;
    const Q_ITEMS: ShapeIdx = 3;
    const Q_NESTED: ShapeIdx = 4;
    const Q_MAP: ShapeIdx = 5;
    const Q_TS: ShapeIdx = 6;
    const Q_TS_EPOCH_MEMBER: ShapeIdx = 7;
    const Q_BOOL: ShapeIdx = 8;
    const Q_FLOAT: ShapeIdx = 9;
    const Q_LIST_MAP: ShapeIdx = 10;
    const Q_UNION: ShapeIdx = 11;
    const Q_TS_HTTP: ShapeIdx = 12;

    const fn wired(name: &'static str, target: ShapeIdx, wire: MemberWire) -> MemberDef {
        let mut m = member(name, target);
        m.wire = wire;
        m
    }

    const fn token(mut m: MemberDef) -> MemberDef {
        m.idempotency_token = true;
        m
    }

    const FLAT: MemberWire = MemberWire {
        xml_flattened: true,
        ..MemberWire::BODY
    };

    static Q_SHAPES: &[ShapeDef] = &[
        shape("String", STRING_KIND),
        structure(
            "QueryInput",
            &[
                wired(
                    "Renamed",
                    Q_STRING,
                    MemberWire {
                        xml_name: Some("Other"),
                        ..MemberWire::BODY
                    },
                ),
                member("Plain", Q_LIST),
                member("Items", Q_ITEMS),
                wired("Flat", Q_LIST, FLAT),
                wired("FlatItems", Q_ITEMS, FLAT),
                member("Nested", Q_NESTED),
                member("Map", Q_MAP),
                wired("FlatMap", Q_MAP, FLAT),
                member("MapOfLists", Q_LIST_MAP),
                member("When", Q_TS),
                wired(
                    "WhenEpoch",
                    Q_TS_EPOCH_MEMBER,
                    MemberWire {
                        timestamp_format: Some(TimestampFormat::EpochSeconds),
                        ..MemberWire::BODY
                    },
                ),
                member("WhenHttp", Q_TS_HTTP),
                member("Flag", Q_BOOL),
                member("Ratio", Q_FLOAT),
                member("Choice", Q_UNION),
                token(member("Token", Q_STRING)),
            ],
        ),
        list("StringList", Q_STRING, None),
        list("ItemList", Q_STRING, Some("item")),
        structure(
            "Nested",
            &[
                member("StringArg", Q_STRING),
                member("RecursiveArg", Q_NESTED),
                wired("FlatInside", Q_ITEMS, FLAT),
            ],
        ),
        shape(
            "StringMap",
            ShapeKind::Map {
                key: Q_STRING,
                value: Q_STRING,
                key_xml_name: None,
                value_xml_name: None,
                key_xml_namespace: None,
                value_xml_namespace: None,
            },
        ),
        shape("Timestamp", ShapeKind::Timestamp { format: None }),
        shape(
            "TimestampForEpochMember",
            ShapeKind::Timestamp { format: None },
        ),
        shape("Boolean", ShapeKind::Boolean),
        shape(
            "Double",
            ShapeKind::Float {
                min: None,
                max: None,
            },
        ),
        shape(
            "MapOfLists",
            ShapeKind::Map {
                key: Q_STRING,
                value: Q_LIST,
                key_xml_name: None,
                value_xml_name: None,
                key_xml_namespace: None,
                value_xml_namespace: None,
            },
        ),
        shape(
            "Choice",
            ShapeKind::Union {
                members: &[member("A", Q_STRING), member("B", Q_BOOL)],
            },
        ),
        shape(
            "HttpDate",
            ShapeKind::Timestamp {
                format: Some(TimestampFormat::HttpDate),
            },
        ),
    ];

    static QUERY: Operation = Operation {
        name: "QueryOp",
        input: Some(Q_INPUT),
        output: Some(Q_INPUT),
        errors: &[],
        http: Http::RPC,
        host_prefix: None,
        auth: Auth::None,
        rules: &crate::schema::OperationRules::NONE,
    };

    static SERVICE: ServiceMeta = ServiceMeta {
        shape_name: "QueryService",
        sdk_id: "Query",
        endpoint_prefix: "query",
        signing_name: "query",
        protocol: Protocol::AwsQuery,
        api_version: "2020-01-08",
        endpoint_rule_set: "{}",
        query_compatible: false,
        xml_namespace: None,
        signer: crate::service::Signer::SigV4,
    };

    fn query() -> OperationSchema<'static> {
        OperationSchema {
            shapes: Q_SHAPES,
            operation: &QUERY,
        }
    }

    fn query_body(input: Value) -> String {
        body_of(&SERVICE, query(), input)
            .strip_prefix("Action=QueryOp&Version=2020-01-08&")
            .unwrap()
            .strip_suffix("&Token=00000000-0000-4000-8000-000000000000")
            .unwrap()
            .to_owned()
    }

    #[test]
    fn lists_with_member_names_flattened_and_empty() {
        assert_eq!(
            query_body(json!({
                "Plain": ["a", "b"],
                "Items": ["c"],
                "Flat": ["d", "e"],
                "FlatItems": ["f"],
            })),
            "Plain.member.1=a&Plain.member.2=b&Items.item.1=c&Flat.1=d&Flat.2=e&item.1=f"
        );
        assert_eq!(
            query_body(json!({"Plain": [], "Items": [], "Flat": [], "FlatItems": []})),
            "Plain=&Items=&Flat=&FlatItems="
        );
    }

    #[test]
    fn nested_structures_maps_and_scalars() {
        assert_eq!(
            query_body(json!({
                "Nested": {
                    "StringArg": "foo",
                    "RecursiveArg": {"StringArg": "baz", "FlatInside": ["x"]},
                },
                "Renamed": "r",
                "Map": {"k1": "v1", "k 2": "v 2"},
                "FlatMap": {"a": "1"},
                "MapOfLists": {"m": ["x", "y"], "n": []},
                "Flag": false,
                "Ratio": "NaN",
                "Choice": {"B": true},
            })),
            "Nested.StringArg=foo&Nested.RecursiveArg.StringArg=baz\
             &Nested.RecursiveArg.item.1=x&Other=r\
             &Map.entry.1.key=k1&Map.entry.1.value=v1\
             &Map.entry.2.key=k+2&Map.entry.2.value=v+2\
             &FlatMap.1.key=a&FlatMap.1.value=1\
             &MapOfLists.entry.1.key=m&MapOfLists.entry.1.value.member.1=x\
             &MapOfLists.entry.1.value.member.2=y\
             &MapOfLists.entry.2.key=n&MapOfLists.entry.2.value=\
             &Flag=false&Ratio=NaN&Choice.B=true"
        );
        assert_eq!(
            query_body(json!({"Ratio": 5.0, "Flag": true})),
            "Ratio=5.0&Flag=true"
        );
    }

    #[test]
    fn timestamps_in_requests() {
        assert_eq!(
            query_body(json!({
                "When": 1_422_172_800,
                "WhenEpoch": "2015-01-25T08:00:00.5Z",
                "WhenHttp": 1_422_172_800.25,
            })),
            "When=2015-01-25T08%3A00%3A00Z&WhenEpoch=1422172800\
             &WhenHttp=Sun%2C+25+Jan+2015+08%3A00%3A00+GMT"
        );
        assert_eq!(
            query_body(json!({"When": 1_422_172_800.123_456})),
            "When=2015-01-25T08%3A00%3A00.123456Z"
        );
        assert_eq!(
            query_body(json!({"When": "Sun, 25 Jan 2015 08:00:00 GMT"})),
            "When=2015-01-25T08%3A00%3A00Z"
        );
    }

    #[test]
    fn idempotency_tokens_come_last_unless_given() {
        assert_eq!(
            body_of(&SERVICE, query(), json!({"Renamed": "r"})),
            "Action=QueryOp&Version=2020-01-08&Other=r\
             &Token=00000000-0000-4000-8000-000000000000"
        );
        assert_eq!(
            body_of(&SERVICE, query(), json!({"Token": "mine", "Renamed": "r"})),
            "Action=QueryOp&Version=2020-01-08&Token=mine&Other=r"
        );
        let request = serialize(&SERVICE, query(), &json!({})).unwrap();
        assert_eq!(request.auth, Auth::None);
        let body = String::from_utf8(request.body.to_vec()).unwrap();
        let token = body
            .strip_prefix("Action=QueryOp&Version=2020-01-08&Token=")
            .unwrap();
        assert_eq!(token.len(), 36, "{token}");
        assert_eq!(&token[14..15], "4", "{token}");
        assert!(matches!(&token[19..20], "8" | "9" | "a" | "b"), "{token}");
        assert_eq!(token.chars().filter(|c| *c == '-').count(), 4, "{token}");
        assert_ne!(uuid4(), uuid4());
    }

    #[test]
    fn host_prefixes_are_filled() {
        static PREFIXED: Operation = Operation {
            host_prefix: Some("{Renamed}.data."),
            ..QUERY
        };
        let schema = OperationSchema {
            shapes: Q_SHAPES,
            operation: &PREFIXED,
        };
        let request = serialize_with(
            &SERVICE,
            schema,
            &json!({"Renamed": "abc"}),
            &mut fixed_token,
        )
        .unwrap();
        assert_eq!(request.host_prefix.as_deref(), Some("abc.data."));
        assert_eq!(
            serialize_with(&SERVICE, schema, &json!({}), &mut fixed_token)
                .unwrap_err()
                .message,
            "Renamed: a string is required for the host prefix"
        );
    }

    #[test]
    fn responses_read_every_form() {
        let xml = r#"<QueryOpResponse><QueryOpResult>
            <Other>r</Other>
            <Plain><member>a</member><member>b</member></Plain>
            <Items><item>c</item></Items>
            <Flat>d</Flat><Flat>e</Flat>
            <item>f</item>
            <Nested><StringArg>foo</StringArg><RecursiveArg><StringArg>baz</StringArg></RecursiveArg></Nested>
            <Map><entry><key>k</key><value>v</value></entry></Map>
            <FlatMap><key>a</key><value>1</value></FlatMap>
            <MapOfLists><entry><key>m</key><value><member>x</member></value></entry></MapOfLists>
            <When>2015-01-25T08:00:00Z</When>
            <WhenEpoch>1422172800.5</WhenEpoch>
            <WhenHttp>Sun, 25 Jan 2015 08:00:00 GMT</WhenHttp>
            <Flag>true</Flag>
            <Ratio>Infinity</Ratio>
            <Choice><A>x</A></Choice>
        </QueryOpResult></QueryOpResponse>"#;
        assert_eq!(
            read(query(), xml).unwrap(),
            json!({
                "Renamed": "r",
                "Plain": ["a", "b"],
                "Items": ["c"],
                "Flat": ["d", "e"],
                "FlatItems": ["f"],
                "Nested": {"StringArg": "foo", "RecursiveArg": {"StringArg": "baz"}},
                "Map": {"k": "v"},
                "FlatMap": {"a": "1"},
                "MapOfLists": {"m": ["x"]},
                "When": 1_422_172_800,
                "WhenEpoch": 1_422_172_800.5,
                "WhenHttp": "Sun, 25 Jan 2015 08:00:00 GMT",
                "Flag": true,
                "Ratio": "Infinity",
                "Choice": {"A": "x"},
            })
        );
    }

    fn summary(e: &ServiceError) -> (u16, &str, &str, Option<&str>) {
        (e.status, &e.code, &e.message, e.request_id.as_deref())
    }

    #[test]
    fn sts_error_document() {
        let body = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>MalformedPolicyDocument</Code>
    <Message>The policy is not valid.</Message>
  </Error>
  <RequestId>0f1b9e3a-1111-2222-3333-444455556666</RequestId>
</ErrorResponse>
"#;
        let e = error_of(400, &http::HeaderMap::new(), body);
        assert_eq!(
            summary(&e),
            (
                400,
                "MalformedPolicyDocument",
                "The policy is not valid.",
                Some("0f1b9e3a-1111-2222-3333-444455556666")
            )
        );
        assert_eq!(e.body, body.as_bytes());
        assert_eq!(e.retries_exhausted, None);
    }

    #[test]
    fn missing_or_empty_codes_and_messages() {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amzn-requestid", "from-header".parse().unwrap());
        let e = error_of(
            400,
            &headers,
            "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidGreeting</Code>\
             <Extra>x</Extra></Error><RequestId>foo-id</RequestId></ErrorResponse>",
        );
        assert_eq!(
            summary(&e),
            (400, "InvalidGreeting", "Unknown", Some("foo-id"))
        );
        let e = error_of(
            403,
            &headers,
            "<ErrorResponse><Error><Message>no code</Message></Error></ErrorResponse>",
        );
        assert_eq!(
            summary(&e),
            (403, "Unknown", "no code", Some("from-header"))
        );
        let e = error_of(400, &headers, "<Foo/>");
        assert_eq!(
            summary(&e),
            (400, "Unknown", "Unknown", Some("from-header"))
        );
        let e = error_of(
            400,
            &headers,
            "<ErrorResponse><Error><Code/><Message></Message></Error><RequestId/></ErrorResponse>",
        );
        assert_eq!(summary(&e), (400, "None", "None", Some("from-header")));
        let e = error_of(
            400,
            &headers,
            "<ErrorResponse><Error><Code>C</Code><Message>  spaced  </Message></Error>\
             </ErrorResponse>",
        );
        assert_eq!(summary(&e), (400, "C", "  spaced  ", Some("from-header")));
    }

    #[test]
    fn other_error_nestings() {
        let none = http::HeaderMap::new();
        let e = error_of(
            400,
            &none,
            "<Response><Errors><Error><Code>A</Code><Message>first</Message></Error>\
             <Error><Code>B</Code></Error></Errors><RequestID>ignored</RequestID></Response>",
        );
        assert_eq!(summary(&e), (400, "A", "first", None));
        let e = error_of(
            404,
            &none,
            "<Error><Code>NoSuch</Code><Message>gone</Message><RequestId>r</RequestId></Error>",
        );
        assert_eq!(summary(&e), (404, "NoSuch", "gone", Some("r")));
    }

    #[test]
    fn generic_and_unparsable_errors() {
        let none = http::HeaderMap::new();
        let e = error_of(500, &none, "");
        assert_eq!(summary(&e), (500, "500", "Internal Server Error", None));
        let e = error_of(
            503,
            &none,
            "  \n<html><body>Service Unavailable</body></html>",
        );
        assert_eq!(summary(&e), (503, "503", "Service Unavailable", None));
        let e = error_of(
            502,
            &none,
            "<ErrorResponse><Error><Code>Busy</Code></Error></ErrorResponse>",
        );
        assert_eq!(summary(&e), (502, "Busy", "Unknown", None));
        let e = error_of(400, &none, "");
        assert_eq!(summary(&e), (400, "400", "", None));
        let e = error_of(400, &none, "<ErrorResponse><Error><Code>Trunc");
        assert_eq!(
            summary(&e),
            (400, "400", "<ErrorResponse><Error><Code>Trunc", None)
        );
        let e = error_of(403, &none, " Forbidden by proxy \n");
        assert_eq!(summary(&e), (403, "403", "Forbidden by proxy", None));
        let e = error_of(500, &none, "not xml");
        assert_eq!(summary(&e), (500, "500", "not xml", None));
    }
}
