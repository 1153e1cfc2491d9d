//! The restXml protocol: the HTTP bindings of restJson1 (shared, `protocol/rest.rs`) around
//! XML bodies.
//!
//! Requests ([`serialize`]): method, path, query, headers, prefix headers, host prefix and
//! idempotency tokens exactly as restJson1. The body:
//! - an `httpPayload` member targeting a blob or string is the raw body (no `Content-Type`);
//! - one targeting a structure or union is an XML document whose root is named by the
//!   member's `xmlName`, else the target's `xmlName`, else the target's shape name; unset, no
//!   body;
//! - without a payload member, the unbound members given are the children of a root named
//!   by the input structure's `xmlName`, else its shape name; none given, no body.
//!
//! The root carries the namespace of the member (or input structure), else of the service's
//! `xmlNamespace`, else of the target shape, as `xmlns` (`xmlns:<prefix>` with a prefix); a
//! nested element carries its member's or its target's. Structure members are written in
//! input order, renamed by `xmlName`; `xmlAttribute` members become attributes of their
//! structure's element; lists are wrapped (`<Name><member>…</member></Name>`, the list
//! member's `xmlName` renaming `member`) or, flattened, repeated `<Name>` elements; maps are
//! `<Name><entry><key>…</key><value>…</value></entry></Name>` (or flattened, repeated
//! `<Name><key/><value/></Name>`). Scalars as text (booleans `true`/`false`, numbers as
//! Python's `str()`, blobs as base64, timestamps as `date-time` unless a format says
//! otherwise). The bytes are ElementTree's ([`super::xml_writer`]).
//!
//! Responses ([`deserialize`]): status code and header members as restJson1; a blob or string
//! payload is the whole body; a structure payload is the document's root element (an empty
//! body is `{}`); without a payload member the members are the root's children (the root's
//! name is not checked). XML is read as botocore reads it ([`super::xml`]).
//!
//! Errors ([`parse_error`]): an `<ErrorResponse><Error>…</Error><RequestId>…</RequestId>`
//! document (Route 53, CloudFront, S3 Control) or a bare `<Error>` root (S3), whatever the
//! service's `noErrorWrapping` says, as botocore accepts both. A wrapped error's missing
//! `Code` or `Message` is empty (botocore's defaults); a bare one's is `Unknown` (what the
//! AWS CLI prints for a missing key). An empty `<Code/>` or `<Message/>` is `None` (Python's
//! text of the missing value). An empty or malformed body gives the status as the code and its
//! reason phrase as the message. The request id comes from the wrapped document's
//! `RequestId`, else the `x-amzn-RequestId` header, else `x-amz-request-id`.
//!
//! Where botocore departs from the Smithy specification this module follows botocore, as
//! [`super::rest_json`] does for the bindings; besides, no `Content-Type` is sent with an XML
//! body (botocore's serializer sets none), and a flattened list whose list member has an
//! `xmlName` is read from elements of that name.
//!
//! One error case differs from botocore on purpose: a bare `<Error>` root in a namespace
//! (`<Error xmlns="…">`) is read as the error, where botocore compares the raw tag, misses it
//! and reports an empty code and message.
//!
//! An event stream bound to the output's payload is read as its list of events, each event's
//! structure payload an XML document. Not handled here (S3's own rules): request checksums, `Content-MD5`, the S3 handlers
//! (virtual-host addressing, `x-amz-content-sha256`, errors in 200 responses, …).

use serde_json::{Map, Value};

use super::encode::{self, Place};
use super::xml_writer::Element;
use super::{Request, Response, SerializeError, reason_phrase, rest, xml};
use crate::error::{ResponseError, ServiceError};
use crate::json::TimestampFormat;
use crate::schema::{
    Auth, Http, Location, MemberDef, Operation, OperationSchema, ShapeDef, ShapeIdx, ShapeKind,
    XmlNamespace,
};
use crate::service::ServiceMeta;

use super::aws_query::{EMPTY, MISSING};

/// Puts `input` (an object of the operation's input members, keyed by member name, in the
/// codecs' value form) on the wire. A missing idempotency token is filled with a fresh
/// random UUID.
///
/// # Errors
/// As [`super::rest_json::serialize`]: a binding cannot be applied, a value has the wrong
/// type for where it goes, or the input names a member the operation does not have.
pub fn serialize(
    service: &ServiceMeta,
    schema: OperationSchema<'_>,
    input: &Value,
) -> Result<Request, SerializeError> {
    serialize_with(service, schema, input, &rest::uuid4)
}

/// [`serialize`] with the idempotency tokens made by `token` (tests use a fixed one).
///
/// # Errors
/// As [`serialize`].
pub fn serialize_with(
    service: &ServiceMeta,
    schema: OperationSchema<'_>,
    input: &Value,
    token: &dyn Fn() -> String,
) -> Result<Request, SerializeError> {
    let tokens = rest::Tokens::fill(schema, input, token);
    let bound = rest::bind(schema, input, &tokens)?;
    let writer = Writer { schema };
    let body = match bound.payload {
        Some((member, value)) => {
            let target = schema.shape(member.target);
            match &target.kind {
                ShapeKind::Blob { .. } => rest::blob_payload(member, value)?,
                ShapeKind::String { .. } => rest::string_payload(member, value)?,
                _ => match value {
                    None => bytes::Bytes::new(),
                    Some(value) => {
                        let name = member
                            .wire
                            .xml_name
                            .or(target.xml_name)
                            .unwrap_or(target.name);
                        let namespace = member
                            .wire
                            .xml_namespace
                            .or(service.xml_namespace)
                            .or(target.xml_namespace);
                        let ctx = Ctx {
                            flattened: false,
                            format: member.wire.timestamp_format,
                            namespace,
                        };
                        let mut root = Element::new("");
                        writer.value(&mut root, name, value, member.target, ctx)?;
                        root.children
                            .pop()
                            .map(|e| bytes::Bytes::from(e.to_bytes()))
                            .unwrap_or_default()
                    }
                },
            }
        }
        None if bound.body.is_empty() => bytes::Bytes::new(),
        None => {
            // Checked by `bind`: body members exist only when the operation has an input.
            let input_idx = schema.operation.input.unwrap_or_default();
            let shape = schema.shape(input_idx);
            let mut root = Element::new(shape.xml_name.unwrap_or(shape.name));
            if let Some(ns) = shape.xml_namespace.or(service.xml_namespace) {
                add_namespace(&mut root, ns);
            }
            for (member, value) in &bound.body {
                writer.member(&mut root, member, value)?;
            }
            bytes::Bytes::from(root.to_bytes())
        }
    };
    let mut request = bound.request;
    request.body = body;
    Ok(request)
}

/// Adds the `xmlns` (or `xmlns:<prefix>`) attribute of `ns` to `element`.
fn add_namespace(element: &mut Element, ns: XmlNamespace) {
    match ns.prefix {
        Some(prefix) => element.set_attribute(&["xmlns:", prefix].concat(), ns.uri),
        None => element.set_attribute("xmlns", ns.uri),
    }
}

/// Context handed from a member to its value: whether a list or map is flattened, the
/// member's `timestampFormat` (which also reaches the items of a list or map) and the
/// member's namespace.
#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    flattened: bool,
    format: Option<TimestampFormat>,
    namespace: Option<XmlNamespace>,
}

struct Writer<'s> {
    schema: OperationSchema<'s>,
}

impl Writer<'_> {
    /// Writes structure member `member` with `value` into `parent`: an attribute of
    /// `parent` for an `xmlAttribute` member, else a child element.
    fn member(
        &self,
        parent: &mut Element,
        member: &MemberDef,
        value: &Value,
    ) -> Result<(), SerializeError> {
        let name = member.wire.xml_name.unwrap_or(member.name);
        let target = self.schema.shape(member.target);
        if member.wire.xml_attribute {
            let format = encode::timestamp_format(member, target, Place::Text);
            let text = encode::scalar_text(value, target, format)
                .ok_or_else(|| mismatch(name, scalar_kind(target)))?;
            parent.set_attribute(name, text);
            return Ok(());
        }
        let ctx = Ctx {
            flattened: member.wire.xml_flattened,
            format: member.wire.timestamp_format,
            namespace: member.wire.xml_namespace.or(target.xml_namespace),
        };
        self.value(parent, name, value, member.target, ctx)
    }

    /// Writes `value`, a value of shape `idx`, as element(s) named `name` into `parent`.
    fn value(
        &self,
        parent: &mut Element,
        name: &str,
        value: &Value,
        idx: ShapeIdx,
        ctx: Ctx,
    ) -> Result<(), SerializeError> {
        let def = self.schema.shape(idx);
        let new = |name: &str| {
            let mut e = Element::new(name);
            if let Some(ns) = ctx.namespace {
                add_namespace(&mut e, ns);
            }
            e
        };
        match &def.kind {
            ShapeKind::Structure { members, .. } | ShapeKind::Union { members } => {
                let object = value
                    .as_object()
                    .ok_or_else(|| mismatch(name, "a structure (JSON object)"))?;
                let mut element = new(name);
                for (key, item) in object {
                    if item.is_null() {
                        continue;
                    }
                    let Some(m) = members.iter().find(|m| m.name == key) else {
                        return Err(SerializeError::new(format!(
                            "{name}: {key} is not a member of {}",
                            def.name
                        )));
                    };
                    self.member(&mut element, m, item)?;
                }
                parent.children.push(element);
                Ok(())
            }
            ShapeKind::List {
                member,
                member_xml_name,
                member_xml_namespace,
                ..
            } => {
                let items = value
                    .as_array()
                    .ok_or_else(|| mismatch(name, "a list (JSON array)"))?;
                let item_def = self.schema.shape(*member);
                let inner = Ctx {
                    flattened: false,
                    format: ctx.format,
                    namespace: member_xml_namespace.or(item_def.xml_namespace),
                };
                if ctx.flattened {
                    // botocore puts a flattened list's namespace on the parent element.
                    if let Some(ns) = ctx.namespace {
                        add_namespace(parent, ns);
                    }
                    for item in items.iter().filter(|i| !i.is_null()) {
                        self.value(parent, name, item, *member, inner)?;
                    }
                } else {
                    let mut list = new(name);
                    let item_name = member_xml_name.unwrap_or("member");
                    for item in items.iter().filter(|i| !i.is_null()) {
                        self.value(&mut list, item_name, item, *member, inner)?;
                    }
                    parent.children.push(list);
                }
                Ok(())
            }
            ShapeKind::Map {
                key,
                value: value_idx,
                key_xml_name,
                value_xml_name,
                key_xml_namespace,
                value_xml_namespace,
            } => {
                let entries = value
                    .as_object()
                    .ok_or_else(|| mismatch(name, "a map (JSON object)"))?;
                let (key_name, value_name) = (
                    key_xml_name.unwrap_or("key"),
                    value_xml_name.unwrap_or("value"),
                );
                let key_ctx = Ctx {
                    namespace: key_xml_namespace.or(self.schema.shape(*key).xml_namespace),
                    ..Ctx::default()
                };
                let value_ctx = Ctx {
                    flattened: false,
                    format: ctx.format,
                    namespace: value_xml_namespace.or(self.schema.shape(*value_idx).xml_namespace),
                };
                let write_entry =
                    |entry: &mut Element, k: &str, v: &Value| -> Result<(), SerializeError> {
                        let k = Value::String(k.to_owned());
                        self.value(entry, key_name, &k, *key, key_ctx)?;
                        self.value(entry, value_name, v, *value_idx, value_ctx)
                    };
                if ctx.flattened {
                    for (k, v) in entries.iter().filter(|(_, v)| !v.is_null()) {
                        let mut entry = Element::new(name);
                        write_entry(&mut entry, k, v)?;
                        parent.children.push(entry);
                    }
                } else {
                    let mut map = new(name);
                    for (k, v) in entries.iter().filter(|(_, v)| !v.is_null()) {
                        let mut entry = Element::new("entry");
                        write_entry(&mut entry, k, v)?;
                        map.children.push(entry);
                    }
                    parent.children.push(map);
                }
                Ok(())
            }
            ShapeKind::Document => Err(SerializeError::new(format!(
                "{name}: a document cannot be sent in an XML body"
            ))),
            _ => {
                let format = ctx.format.unwrap_or(match def.kind {
                    ShapeKind::Timestamp {
                        format: Some(format),
                    } => format,
                    _ => TimestampFormat::DateTime,
                });
                let text = encode::scalar_text(value, def, format)
                    .ok_or_else(|| mismatch(name, scalar_kind(def)))?;
                let mut element = new(name);
                element.text = Some(text);
                parent.children.push(element);
                Ok(())
            }
        }
    }
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

fn mismatch(name: &str, expected: &str) -> SerializeError {
    SerializeError::new(format!(
        "Invalid type for parameter {name}: expected {expected}"
    ))
}

/// Reads a 2xx response into the operation's output value: the status-code and header
/// members, then the payload member or the members in the root element.
///
/// # Errors
/// The body is not well-formed XML, a header or element does not hold a value of its
/// member's type, or a union holds other than one member.
pub fn deserialize(
    schema: OperationSchema<'_>,
    response: Response<'_>,
) -> Result<Value, ResponseError> {
    let Some(output) = schema.operation.output else {
        return Ok(Value::Object(Map::new()));
    };
    let members = schema.members(output);
    let mut out = Map::new();
    rest::read_bindings(schema, members, response, &mut out)?;
    match members
        .iter()
        .find(|m| m.wire.location == Location::Payload)
    {
        Some(member) => {
            let target = schema.shape(member.target);
            let value = match &target.kind {
                ShapeKind::Union { .. } if member.wire.event_stream => {
                    super::event_stream::read_xml_payload(schema, member.target, response.body)?
                }
                kind if rest::is_raw_payload(kind) => rest::raw_payload(response.body, kind),
                // An empty body: `{}` for a structure (botocore parses an empty element), an
                // unset union.
                _ if response.body.trim_ascii().is_empty() => match target.kind {
                    ShapeKind::Union { .. } => Value::Null,
                    _ => Value::Object(Map::new()),
                },
                _ => {
                    let doc = xml::parse(response.body)?;
                    xml::read_shape(doc.root_element(), schema, member.target)?
                }
            };
            if !value.is_null() {
                out.insert(member.name.to_owned(), value);
            }
        }
        None if response.body.trim_ascii().is_empty() => {}
        None => {
            let doc = xml::parse(response.body)?;
            if let Value::Object(body) = xml::read_shape(doc.root_element(), schema, output)? {
                // A member found in the body replaces what a header gave (as botocore).
                out.extend(body);
            }
        }
    }
    Ok(Value::Object(out))
}

/// Parses an error response (any status ≥ 300) into a [`ServiceError`] as botocore reads
/// restXml errors (see the module documentation). Never panics.
pub fn parse_error(response: Response<'_>) -> ServiceError {
    let status = response.status;
    let (code, message, body_id) = code_message_id(response);
    ServiceError {
        status,
        code,
        message,
        request_id: body_id.or_else(|| request_id(response.headers)),
        body: bytes::Bytes::copy_from_slice(response.body),
        retries_exhausted: None,
    }
}

/// The request id of a restXml response's headers: `x-amzn-RequestId`, else
/// `x-amz-request-id` (S3).
pub fn request_id(headers: &http::HeaderMap) -> Option<String> {
    super::request_id_header(headers).or_else(|| {
        headers
            .get("x-amz-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    })
}

fn code_message_id(response: Response<'_>) -> (String, String, Option<String>) {
    let status = response.status;
    let generic = || (status.to_string(), reason_phrase(status).to_owned(), None);
    let body = response.body.trim_ascii();
    if body.is_empty() || (status >= 500 && body.starts_with(b"<html>")) {
        return generic();
    }
    let Ok(doc) = xml::parse(response.body) else {
        return generic();
    };
    let root = doc.root_element();
    let field = |error: Option<roxmltree::Node<'_, '_>>, name: &str, missing: &str| match error
        .and_then(|e| xml::child(e, name))
    {
        None => missing.to_owned(),
        Some(node) => xml::element_text(node).map_or_else(|| EMPTY.to_owned(), |t| t.into_owned()),
    };
    if xml::local_name(root) == "Error" {
        return (
            field(Some(root), "Code", MISSING),
            field(Some(root), "Message", MISSING),
            None,
        );
    }
    let error = xml::child(root, "Error");
    let request_id = xml::child(root, "RequestId")
        .and_then(xml::element_text)
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    (
        field(error, "Code", ""),
        field(error, "Message", ""),
        request_id,
    )
}

/// The element holding an error's members: the root when it is `<Error>`, else its
/// `<Error>` child.
fn error_element<'a, 'i>(root: roxmltree::Node<'a, 'i>) -> Option<roxmltree::Node<'a, 'i>> {
    if xml::local_name(root) == "Error" {
        Some(root)
    } else {
        xml::child(root, "Error")
    }
}

/// The modelled members of the error structure `shape` in an error response: those bound to
/// the status code and headers, and those in the `Error` element of the body.
///
/// # Errors
/// A header or element does not hold a value of its member's type.
pub fn error_value(
    shapes: &[ShapeDef],
    shape: ShapeIdx,
    response: Response<'_>,
) -> Result<Value, ResponseError> {
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
    let mut out = Map::new();
    rest::read_bindings(schema, schema.members(shape), response, &mut out)?;
    if let Ok(doc) = xml::parse(response.body)
        && let Some(error) = error_element(doc.root_element())
        && let Value::Object(body) = xml::read_shape(error, schema, shape)?
    {
        out.extend(body);
    }
    Ok(Value::Object(out))
}

/// The modelled members of the error structure `shape` in an error document's `Error`
/// element; `None` when the body holds no such element.
pub fn error_fields(shapes: &[ShapeDef], shape: ShapeIdx, body: &[u8]) -> Option<Value> {
    let headers = http::HeaderMap::new();
    let doc = xml::parse(body).ok()?;
    error_element(doc.root_element())?;
    let response = Response {
        status: 0,
        headers: &headers,
        body,
    };
    let mut value = error_value(shapes, shape, response).ok()?;
    // The status code is not the body's: leave it to whoever has the response.
    if let Value::Object(map) = &mut value {
        for m in shapes
            .get(shape)
            .map(|s| match &s.kind {
                ShapeKind::Structure { members, .. } => *members,
                _ => &[],
            })
            .unwrap_or_default()
        {
            if m.wire.location == Location::StatusCode {
                map.shift_remove(m.name);
            }
        }
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{MemberWire, ShapeDef};
    use serde_json::json;

    const fn string() -> ShapeKind {
        ShapeKind::String {
            enum_values: &[],
            min_len: None,
            max_len: None,
            pattern: None,
        }
    }

    const fn member(name: &'static str, target: ShapeIdx, location: Location) -> MemberDef {
        MemberDef {
            wire: MemberWire {
                location,
                ..MemberWire::BODY
            },
            ..MemberDef::new(name, target)
        }
    }

    const fn attribute(mut m: MemberDef, name: &'static str) -> MemberDef {
        m.wire.xml_attribute = true;
        m.wire.xml_name = Some(name);
        m
    }

    const XSI: XmlNamespace = XmlNamespace {
        uri: "http://www.w3.org/2001/XMLSchema-instance",
        prefix: Some("xsi"),
    };

    const STRING: ShapeIdx = 0;
    const TAG: ShapeIdx = 1;
    const TAG_SET: ShapeIdx = 2;
    const TAGGING: ShapeIdx = 3;
    const PUT_INPUT: ShapeIdx = 4;
    const GRANTEE: ShapeIdx = 5;
    const CHANGE_INPUT: ShapeIdx = 6;
    const ERROR: ShapeIdx = 7;

    static SHAPES: &[ShapeDef] = &[
        ShapeDef::new("String", string()),
        ShapeDef::new(
            "Tag",
            ShapeKind::Structure {
                members: &[
                    member("Key", STRING, Location::Body),
                    member("Value", STRING, Location::Body),
                ],
                error: None,
                error_code: None,
            },
        ),
        ShapeDef::new(
            "TagSet",
            ShapeKind::List {
                member: TAG,
                min_len: None,
                max_len: None,
                member_xml_name: Some("Tag"),
                member_xml_namespace: None,
            },
        ),
        ShapeDef::new(
            "Tagging",
            ShapeKind::Structure {
                members: &[member("TagSet", TAG_SET, Location::Body)],
                error: None,
                error_code: None,
            },
        ),
        ShapeDef::new(
            "PutBucketTaggingRequest",
            ShapeKind::Structure {
                members: &[
                    member("Bucket", STRING, Location::Label),
                    member("Tagging", TAGGING, Location::Payload),
                ],
                error: None,
                error_code: None,
            },
        ),
        ShapeDef {
            xml_namespace: Some(XSI),
            ..ShapeDef::new(
                "Grantee",
                ShapeKind::Structure {
                    members: &[
                        attribute(member("Type", STRING, Location::Body), "xsi:type"),
                        member("ID", STRING, Location::Body),
                    ],
                    error: None,
                    error_code: None,
                },
            )
        },
        ShapeDef {
            xml_name: Some("ChangeRequest"),
            ..ShapeDef::new(
                "ChangeInput",
                ShapeKind::Structure {
                    members: &[
                        member("Id", STRING, Location::Label),
                        member("Comment", STRING, Location::Body),
                        member("Grantee", GRANTEE, Location::Body),
                        member("Empty", STRING, Location::Body),
                    ],
                    error: None,
                    error_code: None,
                },
            )
        },
        ShapeDef::new(
            "NoSuchHostedZone",
            ShapeKind::Structure {
                members: &[
                    member("Message", STRING, Location::Body),
                    member("Header", STRING, Location::Header("x-header")),
                ],
                error: Some("client"),
                error_code: None,
            },
        ),
    ];

    static SERVICE: ServiceMeta = ServiceMeta {
        shape_name: "S",
        sdk_id: "S",
        endpoint_prefix: "s",
        signing_name: "s",
        protocol: crate::service::Protocol::RestXml,
        api_version: "2006-03-01",
        endpoint_rule_set: "{}",
        query_compatible: false,
        xml_namespace: Some(XmlNamespace {
            uri: "http://s3.amazonaws.com/doc/2006-03-01/",
            prefix: None,
        }),
        signer: crate::service::Signer::SigV4,
    };

    fn operation(input: ShapeIdx, uri: &'static str) -> Operation {
        Operation {
            name: "Op",
            input: Some(input),
            output: None,
            errors: &[],
            http: Http {
                method: "PUT",
                uri,
                code: 200,
            },
            host_prefix: None,
            auth: Auth::SigV4,
            rules: &crate::schema::OperationRules::NONE,
        }
    }

    fn body(input: ShapeIdx, uri: &'static str, value: Value) -> String {
        let op = operation(input, uri);
        let schema = OperationSchema {
            shapes: SHAPES,
            operation: &op,
        };
        let request = serialize(&SERVICE, schema, &value).expect("serializes");
        assert!(request.headers.iter().all(|(n, _)| n != "content-type"));
        String::from_utf8(request.body.to_vec()).expect("UTF-8")
    }

    #[test]
    fn structure_payload_bytes_as_botocore() {
        let got = body(
            PUT_INPUT,
            "/{Bucket}?tagging",
            json!({"Bucket": "b", "Tagging": {"TagSet": [{"Key": "k", "Value": "v"}]}}),
        );
        assert_eq!(
            got,
            "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet><Tag><Key>k</Key>\
             <Value>v</Value></Tag></TagSet></Tagging>"
        );
        // Unset: no body at all.
        assert_eq!(
            body(PUT_INPUT, "/{Bucket}?tagging", json!({"Bucket": "b"})),
            ""
        );
    }

    #[test]
    fn input_root_attributes_prefixed_namespace_and_escapes() {
        let got = body(
            CHANGE_INPUT,
            "/change/{Id}",
            json!({
                "Id": "Z1",
                "Comment": "a & <b> \"c\"",
                "Grantee": {"Type": "Canonical\"User\n", "ID": "i"},
                "Empty": ""
            }),
        );
        assert_eq!(
            got,
            "<ChangeRequest xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Comment>a &amp; \
             &lt;b&gt; \"c\"</Comment><Grantee \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
             xsi:type=\"Canonical&quot;User&#10;\"><ID>i</ID></Grantee><Empty /></ChangeRequest>"
        );
        // Only bound members: no body.
        assert_eq!(body(CHANGE_INPUT, "/change/{Id}", json!({"Id": "Z1"})), "");
    }

    fn error(status: u16, headers: &[(&'static str, &'static str)], body: &str) -> ServiceError {
        let mut map = http::HeaderMap::new();
        for (n, v) in headers {
            map.insert(*n, http::HeaderValue::from_static(v));
        }
        parse_error(Response {
            status,
            headers: &map,
            body: body.as_bytes(),
        })
    }

    #[test]
    fn errors_wrapped_bare_empty_and_malformed() {
        let e = error(
            400,
            &[("x-amzn-requestid", "hdr")],
            "<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Error>\
             <Type>Sender</Type><Code>NoSuchHostedZone</Code><Message>No zone</Message></Error>\
             <RequestId>body-id</RequestId></ErrorResponse>",
        );
        assert_eq!(
            (e.code.as_str(), e.message.as_str(), e.request_id.as_deref()),
            ("NoSuchHostedZone", "No zone", Some("body-id"))
        );
        let e = error(
            400,
            &[],
            "<ErrorResponse><Error><Code>X</Code></Error></ErrorResponse>",
        );
        assert_eq!((e.code.as_str(), e.message.as_str()), ("X", ""));
        let e = error(
            404,
            &[("x-amz-request-id", "s3-id")],
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>\
             <RequestId>r</RequestId></Error>",
        );
        assert_eq!(
            (e.code.as_str(), e.message.as_str(), e.request_id.as_deref()),
            ("NoSuchKey", "Unknown", Some("s3-id"))
        );
        let e = error(404, &[], "");
        assert_eq!((e.code.as_str(), e.message.as_str()), ("404", "Not Found"));
        let e = error(403, &[], "<Error><Code>");
        assert_eq!((e.code.as_str(), e.message.as_str()), ("403", "Forbidden"));
        let e = error(503, &[], "<html><body>busy</body></html>");
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            ("503", "Service Unavailable")
        );
    }

    #[test]
    fn modelled_error_members_from_headers_and_the_error_element() {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-header", http::HeaderValue::from_static("h"));
        let body = b"<ErrorResponse><Error><Code>NoSuchHostedZone</Code><Message>m</Message>\
                     </Error></ErrorResponse>";
        let value = error_value(
            SHAPES,
            ERROR,
            Response {
                status: 404,
                headers: &headers,
                body,
            },
        )
        .expect("reads");
        assert_eq!(value, json!({"Header": "h", "Message": "m"}));
        assert_eq!(
            error_fields(SHAPES, ERROR, body),
            Some(json!({"Message": "m"}))
        );
        assert_eq!(error_fields(SHAPES, ERROR, b"not xml"), None);
    }
}
