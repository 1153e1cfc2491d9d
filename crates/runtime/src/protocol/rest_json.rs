//! The restJson1 protocol: HTTP bindings (method and URI template, labels, query string,
//! headers, payloads) around a JSON body.
//!
//! A request is built from the operation's `smithy.api#http` trait and its input members'
//! binding traits:
//! - `httpLabel` members fill the `{Name}` / `{Name+}` segments of the URI template (as text,
//!   percent-encoded; a greedy label keeps its `/`);
//! - `httpQuery` / `httpQueryParams` members become query pairs, appended after any literal
//!   query the template carries;
//! - `httpHeader` / `httpPrefixHeaders` members become headers (timestamps as HTTP dates,
//!   lists joined with commas);
//! - an `httpPayload` member is the whole body (raw bytes for a blob, UTF-8 for a string,
//!   JSON otherwise); without one, the unbound members form a JSON object keyed by their
//!   `jsonName` (else their member name).
//!
//! Responses are read the other way round (status code, headers, payload or JSON body; JSON
//! names mapped back to member names at every depth, unknown keys dropped), and error
//! responses give their code from the `X-Amzn-ErrorType` header, else the body's `code` /
//! `Code`, else its `__type`.
//!
//! Where the AWS CLI (botocore) departs from the Smithy specification, this module follows
//! botocore:
//! - request keys, query pairs and headers come in the order of the input object, not in
//!   model order; a filled-in idempotency token comes after every value the caller gave;
//! - when an `httpQueryParams` key collides with an `httpQuery` name, whichever of the two
//!   members comes later in the input wins (Smithy: the `httpQuery` member always wins); the
//!   pair keeps the position where the name first appeared;
//! - a list header with no items is not sent at all (Smithy: sent with an empty value), and
//!   list items are joined with `,` without a space;
//! - blob and string payloads are sent without a `Content-Type` (Smithy:
//!   `application/octet-stream` / `text/plain`); a structure, union or document payload that
//!   is not set is sent as `{}` (Smithy: no body);
//! - a timestamp header is cut to whole seconds whatever its format;
//! - a label that makes a path segment `.` or `..` (`{Name}` = `..`, `{Key+}` = `a/../b`) is
//!   refused: botocore sends it as is, but a URL (so our HTTP client) resolves such a segment
//!   and would send the request to another resource;
//! - list headers in responses are split on every `,` (quoted items and HTTP-date lists are
//!   not re-joined, as Smithy asks);
//! - a blob payload in a response is the (possibly empty) body, never absent;
//! - an error response with a status of 500 or more whose body is empty or an HTML page
//!   gets the status as its code and the reason phrase as its message, even when an
//!   `X-Amzn-ErrorType` header names an error;
//! - error codes are taken after the *last* `#` (Smithy: the first; the same for real codes).
//!
//! - a JSON-value header (a string with a JSON `mediaType`) carries the base64 of the
//!   value's compact JSON text, and is read back into the JSON value (Smithy: the base64 of
//!   the string as given).
//!
//! Not handled here: request checksums and event streams.

use serde_json::{Map, Value};

use super::rest;
use super::{JsonStyle, Request, Response, SerializeError, reason_phrase, request_id_header};
use crate::error::{ResponseError, ServiceError};
use crate::schema::{Location, MemberDef, OperationSchema, ShapeIdx, ShapeKind};

/// `application/json`: the `Content-Type` of a JSON body.
const JSON_CONTENT_TYPE: &str = "application/json";

/// Puts `input` (an object of the operation's input members, keyed by member name, in the
/// codecs' value form) on the wire. A missing idempotency token is filled with a fresh
/// random UUID.
///
/// # Errors
/// A label is missing or empty or makes a `.` or `..` path segment, a host label is not a
/// valid host name part, a header value holds a line break or a non-ASCII character, a value
/// has the wrong type for where it goes, or the input names a member the operation does not
/// have.
pub fn serialize(
    schema: OperationSchema<'_>,
    input: &Value,
    style: JsonStyle,
) -> Result<Request, SerializeError> {
    serialize_with(schema, input, style, &rest::uuid4)
}

/// [`serialize`] with the idempotency tokens made by `token` (tests use a fixed one).
///
/// # Errors
/// As [`serialize`].
pub fn serialize_with(
    schema: OperationSchema<'_>,
    input: &Value,
    style: JsonStyle,
    token: &dyn Fn() -> String,
) -> Result<Request, SerializeError> {
    let tokens = rest::Tokens::fill(schema, input, token);
    let bound = rest::bind(schema, input, &tokens)?;
    let dump = |v: &Value| match style {
        JsonStyle::Compact => v.to_string(),
        JsonStyle::Python => awslice_pyfmt::dumps_compact(v),
    };
    let (body, json_body) = match bound.payload {
        Some((member, value)) => match &schema.shape(member.target).kind {
            ShapeKind::Blob { .. } => (rest::blob_payload(member, value)?, false),
            ShapeKind::String { .. } => (rest::string_payload(member, value)?, false),
            _ => {
                let text = match value {
                    Some(v) => dump(&to_wire(schema, v, member.target)),
                    None => "{}".to_owned(),
                };
                (bytes::Bytes::from(text.into_bytes()), true)
            }
        },
        None if !bound.body.is_empty() => {
            let object: Map<String, Value> = bound
                .body
                .iter()
                .map(|(m, v)| {
                    (
                        m.json_name.unwrap_or(m.name).to_owned(),
                        to_wire(schema, v, m.target),
                    )
                })
                .collect();
            (
                bytes::Bytes::from(dump(&Value::Object(object)).into_bytes()),
                true,
            )
        }
        None if bound.has_body_members => (bytes::Bytes::from_static(b"{}"), true),
        None => (bytes::Bytes::new(), false),
    };
    let mut request = bound.request;
    if json_body && !body.is_empty() && !request.headers.iter().any(|(n, _)| n == "content-type") {
        request
            .headers
            .push(("content-type".to_owned(), JSON_CONTENT_TYPE.to_owned()));
    }
    request.body = body;
    Ok(request)
}

/// `value` (of shape `idx`, in the codecs' value form) as the JSON body holds it: the same
/// values, with the keys of structure and union members renamed to their `jsonName`.
fn to_wire(schema: OperationSchema<'_>, value: &Value, idx: ShapeIdx) -> Value {
    match (&schema.shape(idx).kind, value) {
        (ShapeKind::Structure { members, .. } | ShapeKind::Union { members }, Value::Object(o)) => {
            Value::Object(
                o.iter()
                    .map(
                        |(k, v)| match members.iter().find(|m| m.name == k.as_str()) {
                            Some(m) => (
                                m.json_name.unwrap_or(m.name).to_owned(),
                                to_wire(schema, v, m.target),
                            ),
                            None => (k.clone(), v.clone()),
                        },
                    )
                    .collect(),
            )
        }
        (ShapeKind::List { member, .. }, Value::Array(items)) => {
            Value::Array(items.iter().map(|i| to_wire(schema, i, *member)).collect())
        }
        (ShapeKind::Map { value: item, .. }, Value::Object(o)) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), to_wire(schema, v, *item)))
                .collect(),
        ),
        _ => value.clone(),
    }
}

/// Reads a 2xx response into the operation's output value: the status-code member, the
/// header members, then the payload member or the JSON body's members (keyed by member
/// name, at every depth; unknown keys dropped).
///
/// # Errors
/// The body is not JSON (or not an object where one is expected), a header does not hold a
/// value of its member's type, or a union holds other than one member.
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
                    super::event_stream::read_payload(schema, member.target, response.body)?
                }
                kind if rest::is_raw_payload(kind) => rest::raw_payload(response.body, kind),
                // An empty body is an unset union (the only value it could be otherwise,
                // `{}`, is not a valid union).
                ShapeKind::Union { .. } if response.body.trim_ascii().is_empty() => Value::Null,
                _ => {
                    let body = crate::json::parse_body(response.body)?;
                    from_wire(
                        schema,
                        &body,
                        member.target,
                        &Path::Member(member.name, None),
                    )?
                }
            };
            if !value.is_null() {
                out.insert(member.name.to_owned(), value);
            }
        }
        None => {
            // A body that is not JSON reads as `{"message": <its text>}` (botocore's
            // `_parse_body_as_json`): the members bound to it are then simply absent.
            let body = crate::json::parse_body(response.body).unwrap_or_else(|_| {
                let mut m = Map::new();
                m.insert(
                    "message".to_owned(),
                    Value::String(String::from_utf8_lossy(response.body).into_owned()),
                );
                Value::Object(m)
            });
            let Value::Object(body) = body else {
                return Err(crate::json::error("", "expected a JSON object"));
            };
            // As botocore: every member is looked for in the body, and one found there
            // replaces what its header gave.
            for member in members {
                let key = member.json_name.unwrap_or(member.name);
                if let Some(v) = body.get(key).filter(|v| !v.is_null()) {
                    let path = Path::Member(member.name, None);
                    out.insert(
                        member.name.to_owned(),
                        from_wire(schema, v, member.target, &path)?,
                    );
                }
            }
        }
    }
    Ok(Value::Object(out))
}

/// Where a value is in the output, for error messages (built only when one is needed).
enum Path<'a> {
    /// A member of a structure (or the top).
    Member(&'a str, Option<&'a Path<'a>>),
    /// An item of a list.
    Index(usize, &'a Path<'a>),
    /// A value of a map.
    Key(&'a str, &'a Path<'a>),
}

impl Path<'_> {
    fn render(&self) -> String {
        match self {
            Path::Member(name, None) => (*name).to_owned(),
            Path::Member(name, Some(parent)) => crate::json::join(&parent.render(), name),
            Path::Index(i, parent) => format!("{}[{i}]", parent.render()),
            Path::Key(key, parent) => crate::json::join(&parent.render(), key),
        }
    }

    fn error(&self, what: &str) -> ResponseError {
        crate::json::error(&self.render(), what)
    }
}

/// `value` (of shape `idx`, as the JSON body holds it) in the codecs' value form: structure
/// and union members keyed by member name, in model order, `null` and unknown keys dropped;
/// list items and map values kept even when `null`; everything else as it is.
fn from_wire(
    schema: OperationSchema<'_>,
    value: &Value,
    idx: ShapeIdx,
    path: &Path<'_>,
) -> Result<Value, ResponseError> {
    let shape = schema.shape(idx);
    match (&shape.kind, value) {
        (_, Value::Null) => Ok(Value::Null),
        (ShapeKind::Structure { members, .. }, Value::Object(o)) => {
            structure_from_wire(schema, members, o, path)
        }
        (ShapeKind::Union { members }, Value::Object(o)) => {
            let mut set = o
                .iter()
                .filter(|(k, v)| k.as_str() != "__type" && !v.is_null());
            let (Some((tag, _)), None) = (set.next(), set.next()) else {
                return Err(path.error(&format!(
                    "Invalid service response: {} must have one and only one member set.",
                    shape.name
                )));
            };
            if !members
                .iter()
                .any(|m| m.json_name.unwrap_or(m.name) == tag.as_str())
            {
                let mut unknown = Map::new();
                unknown.insert("name".to_owned(), Value::String(tag.clone()));
                let mut out = Map::new();
                out.insert("SDK_UNKNOWN_MEMBER".to_owned(), Value::Object(unknown));
                return Ok(Value::Object(out));
            }
            structure_from_wire(schema, members, o, path)
        }
        (ShapeKind::List { member, .. }, Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| from_wire(schema, item, *member, &Path::Index(i, path)))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        (ShapeKind::List { .. }, _) => Err(path.error("expected a JSON array")),
        (ShapeKind::Map { value: item, .. }, Value::Object(o)) => o
            .iter()
            .map(|(k, v)| Ok((k.clone(), from_wire(schema, v, *item, &Path::Key(k, path))?)))
            .collect::<Result<Map<_, _>, _>>()
            .map(Value::Object),
        (ShapeKind::Structure { .. } | ShapeKind::Union { .. } | ShapeKind::Map { .. }, _) => {
            Err(path.error("expected a JSON object"))
        }
        _ => Ok(value.clone()),
    }
}

fn structure_from_wire(
    schema: OperationSchema<'_>,
    members: &[MemberDef],
    object: &Map<String, Value>,
    path: &Path<'_>,
) -> Result<Value, ResponseError> {
    let mut out = Map::new();
    for m in members {
        if let Some(v) = object
            .get(m.json_name.unwrap_or(m.name))
            .filter(|v| !v.is_null())
        {
            let inner = Path::Member(m.name, Some(path));
            out.insert(m.name.to_owned(), from_wire(schema, v, m.target, &inner)?);
        }
    }
    Ok(Value::Object(out))
}

/// Parses an error response (any status ≥ 300) into a [`ServiceError`] as botocore reads
/// restJson1 errors. Never panics, whatever the response holds.
pub fn parse_error(response: Response<'_>) -> ServiceError {
    let (code, message) = code_and_message(response);
    ServiceError {
        status: response.status,
        code,
        message,
        request_id: request_id_header(response.headers),
        body: bytes::Bytes::copy_from_slice(response.body),
        retries_exhausted: None,
    }
}

fn code_and_message(response: Response<'_>) -> (String, String) {
    let status = response.status;
    let body = response.body.trim_ascii();
    // A bare 5xx (a proxy's page, an empty body): nothing to read, whatever the headers say.
    if status >= 500 && (body.is_empty() || body.starts_with(b"<html>")) {
        return (status.to_string(), reason_phrase(status).to_owned());
    }
    let header_code = rest::response_header(response.headers, "x-amzn-errortype")
        .map(|raw| super::aws_json::error_code_from_type(&raw));
    let object = if body.is_empty() {
        Map::new()
    } else {
        match serde_json::from_slice::<Value>(response.body) {
            Ok(Value::Object(map)) => map,
            // Not a JSON object: its text is the message.
            _ => {
                let text = String::from_utf8_lossy(response.body).trim().to_owned();
                return (header_code.unwrap_or_else(|| status.to_string()), text);
            }
        }
    };
    let type_code = || match object.get("__type") {
        Some(Value::String(raw)) => super::aws_json::error_code_from_type(raw),
        _ => status.to_string(),
    };
    let body_code = object.get("code").or_else(|| object.get("Code"));
    let code = match (header_code, body_code) {
        (Some(code), _) => code,
        (None, Some(Value::String(raw))) => super::aws_json::error_code_from_type(raw),
        (None, None | Some(Value::Null)) => type_code(),
        (None, Some(other)) => other.to_string(),
    };
    let message = match object.get("message").or_else(|| object.get("Message")) {
        Some(Value::String(s)) => s.trim().to_owned(),
        None | Some(Value::Null) => String::new(),
        Some(other) => other.to_string(),
    };
    (code, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::TimestampFormat;
    use crate::schema::{Auth, Http, MemberWire, Operation, ShapeDef};
    use serde_json::json;

    const TOKEN: &str = "00000000-0000-4000-8000-000000000000";

    const fn shape(name: &'static str, kind: ShapeKind) -> ShapeDef {
        ShapeDef::new(name, kind)
    }

    const fn string_kind() -> ShapeKind {
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

    const fn json_named(mut m: MemberDef, json_name: &'static str) -> MemberDef {
        m.json_name = Some(json_name);
        m
    }

    const fn token(mut m: MemberDef) -> MemberDef {
        m.idempotency_token = true;
        m
    }

    const fn host_label(mut m: MemberDef) -> MemberDef {
        m.wire.host_label = true;
        m
    }

    const fn with_format(mut m: MemberDef, format: TimestampFormat) -> MemberDef {
        m.wire.timestamp_format = Some(format);
        m
    }

    // The scalar and container shapes every test schema shares.
    const STRING: ShapeIdx = 0;
    const INTEGER: ShapeIdx = 1;
    const BOOLEAN: ShapeIdx = 2;
    const TIMESTAMP: ShapeIdx = 3;
    const BLOB: ShapeIdx = 4;
    const STRING_LIST: ShapeIdx = 5;
    const STRING_MAP: ShapeIdx = 6;
    const FLOAT: ShapeIdx = 7;
    const INTEGER_LIST: ShapeIdx = 8;
    const TIMESTAMP_LIST: ShapeIdx = 9;
    const STRING_LIST_MAP: ShapeIdx = 10;
    const DOCUMENT: ShapeIdx = 11;
    const DATE_TIME: ShapeIdx = 12;
    const BOOLEAN_LIST: ShapeIdx = 13;
    // Operation-specific shapes follow.
    const INPUT: ShapeIdx = 14;
    const OUTPUT: ShapeIdx = 15;
    const NESTED: ShapeIdx = 16;
    const CHOICE: ShapeIdx = 17;
    const NESTED_LIST: ShapeIdx = 18;

    const fn base_shapes() -> [ShapeDef; 14] {
        [
            shape("String", string_kind()),
            shape(
                "Integer",
                ShapeKind::Integer {
                    min: None,
                    max: None,
                },
            ),
            shape("Boolean", ShapeKind::Boolean),
            shape("Timestamp", ShapeKind::Timestamp { format: None }),
            shape("Blob", ShapeKind::Blob { streaming: false }),
            shape(
                "StringList",
                ShapeKind::List {
                    member: STRING,
                    min_len: None,
                    max_len: None,
                    member_xml_name: None,
                    member_xml_namespace: None,
                },
            ),
            shape(
                "StringMap",
                ShapeKind::Map {
                    key: STRING,
                    value: STRING,
                    key_xml_name: None,
                    value_xml_name: None,
                    key_xml_namespace: None,
                    value_xml_namespace: None,
                },
            ),
            shape(
                "Double",
                ShapeKind::Float {
                    min: None,
                    max: None,
                },
            ),
            shape(
                "IntegerList",
                ShapeKind::List {
                    member: INTEGER,
                    min_len: None,
                    max_len: None,
                    member_xml_name: None,
                    member_xml_namespace: None,
                },
            ),
            shape(
                "TimestampList",
                ShapeKind::List {
                    member: TIMESTAMP,
                    min_len: None,
                    max_len: None,
                    member_xml_name: None,
                    member_xml_namespace: None,
                },
            ),
            shape(
                "StringListMap",
                ShapeKind::Map {
                    key: STRING,
                    value: STRING_LIST,
                    key_xml_name: None,
                    value_xml_name: None,
                    key_xml_namespace: None,
                    value_xml_namespace: None,
                },
            ),
            shape("Document", ShapeKind::Document),
            shape(
                "DateTime",
                ShapeKind::Timestamp {
                    format: Some(TimestampFormat::DateTime),
                },
            ),
            shape(
                "BooleanList",
                ShapeKind::List {
                    member: BOOLEAN,
                    min_len: None,
                    max_len: None,
                    member_xml_name: None,
                    member_xml_namespace: None,
                },
            ),
        ]
    }

    /// The operation's shape table: the base shapes, then the input, output and two nested
    /// shapes (a structure and a union, each with a `jsonName` member), then a list of the
    /// nested structure.
    const fn table(input: &'static [MemberDef], output: &'static [MemberDef]) -> [ShapeDef; 19] {
        let [s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13] = base_shapes();
        [
            s0,
            s1,
            s2,
            s3,
            s4,
            s5,
            s6,
            s7,
            s8,
            s9,
            s10,
            s11,
            s12,
            s13,
            shape(
                "Input",
                ShapeKind::Structure {
                    members: input,
                    error: None,
                    error_code: None,
                },
            ),
            shape(
                "Output",
                ShapeKind::Structure {
                    members: output,
                    error: None,
                    error_code: None,
                },
            ),
            shape(
                "Nested",
                ShapeKind::Structure {
                    members: const {
                        &[
                            json_named(member("Name", STRING, Location::Body), "name"),
                            member("Count", INTEGER, Location::Body),
                            member("Tags", STRING_MAP, Location::Body),
                        ]
                    },
                    error: None,
                    error_code: None,
                },
            ),
            shape(
                "Choice",
                ShapeKind::Union {
                    members: const {
                        &[
                            json_named(member("Foo", STRING, Location::Body), "FOO"),
                            member("Bar", STRING, Location::Body),
                        ]
                    },
                },
            ),
            shape(
                "NestedList",
                ShapeKind::List {
                    member: NESTED,
                    min_len: None,
                    max_len: None,
                    member_xml_name: None,
                    member_xml_namespace: None,
                },
            ),
        ]
    }

    fn operation(method: &'static str, uri: &'static str) -> Operation {
        Operation {
            name: "Op",
            input: Some(INPUT),
            output: Some(OUTPUT),
            errors: &[],
            http: Http {
                method,
                uri,
                code: 200,
            },
            host_prefix: None,
            auth: Auth::SigV4,
            rules: &crate::schema::OperationRules::NONE,
        }
    }

    fn run(
        shapes: &[ShapeDef],
        op: &Operation,
        input: Value,
        style: JsonStyle,
    ) -> Result<Request, SerializeError> {
        let schema = OperationSchema {
            shapes,
            operation: op,
        };
        serialize_with(schema, &input, style, &|| TOKEN.to_owned())
    }

    fn ok(shapes: &[ShapeDef], op: &Operation, input: Value) -> Request {
        run(shapes, op, input, JsonStyle::Python).expect("serializes")
    }

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn body(r: &Request) -> &str {
        std::str::from_utf8(&r.body).expect("UTF-8 body")
    }

    // Lambda AddPermission: a label, a query member, body members in input order.
    static ADD_PERMISSION: [ShapeDef; 19] = table(
        const {
            &[
                member("FunctionName", STRING, Location::Label),
                member("StatementId", STRING, Location::Body),
                member("Action", STRING, Location::Body),
                member("Principal", STRING, Location::Body),
                member("Qualifier", STRING, Location::Query("Qualifier")),
                member("RevisionId", STRING, Location::Body),
            ]
        },
        const { &[member("Statement", STRING, Location::Body)] },
    );

    #[test]
    fn lambda_add_permission() {
        let op = operation("POST", "/2015-03-31/functions/{FunctionName}/policy");
        let r = ok(
            &ADD_PERMISSION,
            &op,
            json!({
                "FunctionName": "my-fn",
                "StatementId": "s1",
                "Action": "lambda:InvokeFunction",
                "Principal": "s3.amazonaws.com",
                "Qualifier": "prod"
            }),
        );
        assert_eq!(r.method, "POST");
        assert_eq!(r.path, "/2015-03-31/functions/my-fn/policy");
        assert_eq!(r.query, "Qualifier=prod");
        assert_eq!(r.headers, headers(&[("content-type", "application/json")]));
        assert_eq!(
            body(&r),
            r#"{"StatementId": "s1", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"}"#
        );
        assert_eq!(r.host_prefix, None);
        assert_eq!(r.auth, Auth::SigV4);

        // Compact style, and the body keys follow the input's order, not the model's.
        let r = run(
            &ADD_PERMISSION,
            &op,
            json!({"Principal": "é", "FunctionName": "my-fn", "StatementId": "s1"}),
            JsonStyle::Compact,
        )
        .unwrap();
        assert_eq!(body(&r), r#"{"Principal":"é","StatementId":"s1"}"#);
        let r = ok(
            &ADD_PERMISSION,
            &op,
            json!({"Principal": "é", "FunctionName": "my-fn"}),
        );
        assert_eq!(body(&r), r#"{"Principal": "\u00e9"}"#);
    }

    #[test]
    fn labels_are_encoded_and_required() {
        let op = operation("GET", "/2015-03-31/functions/{FunctionName}/policy");
        let r = ok(&ADD_PERMISSION, &op, json!({"FunctionName": "a b/c:1"}));
        assert_eq!(r.path, "/2015-03-31/functions/a%20b%2Fc%3A1/policy");
        // Only unbound members that were given go in the body: none here, but the input
        // has body members, so the body is `{}`.
        assert_eq!(body(&r), "{}");
        assert_eq!(r.headers, headers(&[("content-type", "application/json")]));

        let e = run(&ADD_PERMISSION, &op, json!({}), JsonStyle::Compact).unwrap_err();
        assert_eq!(
            e.message,
            "Missing required parameter in input: \"FunctionName\""
        );
        let e = run(
            &ADD_PERMISSION,
            &op,
            json!({"FunctionName": ""}),
            JsonStyle::Compact,
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "Invalid length for parameter FunctionName, value: 0, valid min length: 1"
        );
        let e = run(
            &ADD_PERMISSION,
            &op,
            json!({"FunctionName": null}),
            JsonStyle::Compact,
        )
        .unwrap_err();
        assert!(e.message.contains("\"FunctionName\""), "{e}");
        let e = run(
            &ADD_PERMISSION,
            &op,
            json!({"FunctionName": "f", "Bogus": 1}),
            JsonStyle::Compact,
        )
        .unwrap_err();
        assert!(
            e.message.starts_with(
                "Unknown parameter in input: \"Bogus\", must be one of: FunctionName,"
            ),
            "{e}"
        );
    }

    static S3_LIKE: [ShapeDef; 19] = table(
        const {
            &[
                member("Bucket", STRING, Location::Label),
                member("Key", STRING, Location::Label),
                member("Since", TIMESTAMP, Location::Label),
                member("Version", INTEGER, Location::Label),
                member("Body", BLOB, Location::Payload),
                member("ContentType", STRING, Location::Header("Content-Type")),
            ]
        },
        &[],
    );

    #[test]
    fn greedy_labels_keep_slashes_and_typed_labels_are_text() {
        let op = operation("PUT", "/{Bucket}/{Key+}?x-id=PutObject");
        let r = ok(
            &S3_LIKE,
            &op,
            json!({"Bucket": "my bucket", "Key": "photos/2024/a b+c.jpg", "Body": "aGVsbG8="}),
        );
        assert_eq!(r.method, "PUT");
        assert_eq!(r.path, "/my%20bucket/photos/2024/a%20b%2Bc.jpg");
        assert_eq!(
            r.query, "x-id=PutObject",
            "the template's literal query is kept"
        );
        assert_eq!(&r.body[..], b"hello");
        assert!(r.headers.is_empty(), "no Content-Type for a blob payload");

        let op = operation("GET", "/v/{Version}/since/{Since}");
        let r = ok(&S3_LIKE, &op, json!({"Version": 3, "Since": 1_576_540_098}));
        assert_eq!(r.path, "/v/3/since/2019-12-16T23%3A48%3A18Z");
        assert_eq!(r.query, "");
        assert!(r.body.is_empty(), "a payload blob that is not set: no body");
    }

    #[test]
    fn labels_making_dot_segments_are_refused() {
        let op = operation("PUT", "/{Bucket}/{Key+}");
        for (bucket, key, blamed) in [
            ("..", "k", "Bucket"),
            (".", "k", "Bucket"),
            ("b", "a/../c", "Key"),
            ("b", "./c", "Key"),
            ("b", "a/..", "Key"),
        ] {
            let e = run(
                &S3_LIKE,
                &op,
                json!({"Bucket": bucket, "Key": key}),
                JsonStyle::Compact,
            )
            .expect_err(key);
            assert!(
                e.message
                    .starts_with(&format!("Invalid value for parameter {blamed}: ")),
                "{e}"
            );
        }
        // Dots inside a segment, or a segment of the template's own, are fine.
        let r = ok(
            &S3_LIKE,
            &op,
            json!({"Bucket": "...", "Key": "a/..b/.c/x."}),
        );
        assert_eq!(r.path, "/.../a/..b/.c/x.");
        let op = operation("GET", "/v/{Version}..");
        assert_eq!(ok(&S3_LIKE, &op, json!({"Version": "."})).path, "/v/...");
    }

    #[test]
    fn blob_payload_with_bound_content_type_and_bad_base64() {
        let op = operation("PUT", "/{Bucket}");
        let r = ok(
            &S3_LIKE,
            &op,
            json!({"Bucket": "b", "ContentType": "text/plain", "Body": "AAEC/w=="}),
        );
        assert_eq!(&r.body[..], &[0u8, 1, 2, 255]);
        assert_eq!(r.headers, headers(&[("content-type", "text/plain")]));
        let e = run(
            &S3_LIKE,
            &op,
            json!({"Bucket": "b", "Body": "not base64!"}),
            JsonStyle::Compact,
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "Invalid value for parameter Body: expected base64 text"
        );
    }

    static QUERIES: [ShapeDef; 19] = table(
        const {
            &[
                member("Named", STRING, Location::Query("bar")),
                member("Params", STRING_MAP, Location::QueryParams),
                member("Ids", INTEGER_LIST, Location::Query("id")),
                member("Empty", STRING, Location::Query("empty")),
                member("Flag", BOOLEAN, Location::Query("flag")),
                member("Ratio", FLOAT, Location::Query("ratio")),
                member("After", TIMESTAMP, Location::Query("after")),
                member("Names", STRING_LIST, Location::Query("name")),
                member("ListParams", STRING_LIST_MAP, Location::QueryParams),
                with_format(
                    member("Epoch", TIMESTAMP, Location::Query("epoch")),
                    TimestampFormat::EpochSeconds,
                ),
                member("Flags", BOOLEAN_LIST, Location::Query("flags")),
            ]
        },
        &[],
    );

    #[test]
    fn query_pairs_in_input_order() {
        let op = operation("GET", "/things");
        let r = ok(
            &QUERIES,
            &op,
            json!({
                "Ids": [1, 2, 3],
                "Empty": "",
                "Flag": false,
                "Ratio": 1.5,
                "After": 1_576_540_098.25,
                "Names": [],
                "Named": "a&b=c d",
                "Epoch": 1_576_540_098.9,
                "Flags": [true, false]
            }),
        );
        assert_eq!(
            r.query,
            "id=1&id=2&id=3&empty=&flag=false&ratio=1.5\
             &after=2019-12-16T23%3A48%3A18.250000Z&bar=a%26b%3Dc%20d&epoch=1576540098\
             &flags=true&flags=false"
        );
        assert_eq!(r.path, "/things");
        assert!(r.body.is_empty(), "no body members: no body");
        assert!(r.headers.is_empty(), "no body: no Content-Type");

        // Appended to a literal query with `&`.
        let op = operation("GET", "/things?list-type=2&versions");
        let r = ok(&QUERIES, &op, json!({"Named": "x"}));
        assert_eq!(r.query, "list-type=2&versions&bar=x");
    }

    #[test]
    fn query_params_map_merges_with_later_input_winning() {
        let op = operation("POST", "/Precedence");
        // The map comes later: its `bar` replaces the named member's value, in place.
        let r = ok(
            &QUERIES,
            &op,
            json!({"Named": "named", "Params": {"bar": "fromMap", "qux": "alsoFromMap"}}),
        );
        assert_eq!(r.query, "bar=fromMap&qux=alsoFromMap");
        // The named member comes later: it wins, and `bar` keeps the map's position.
        let r = ok(
            &QUERIES,
            &op,
            json!({"Params": {"qux": "q", "bar": "fromMap"}, "Named": "named"}),
        );
        assert_eq!(r.query, "qux=q&bar=named");
        // A map of lists repeats the key; an empty list sends nothing.
        let r = ok(
            &QUERIES,
            &op,
            json!({"Named": "named", "ListParams": {"baz": ["bar", "q ux"], "none": []}}),
        );
        assert_eq!(r.query, "bar=named&baz=bar&baz=q%20ux");
    }

    static HEADERS: [ShapeDef; 19] = table(
        const {
            &[
                member("Tags", STRING_LIST, Location::Header("X-Tags")),
                member("Since", TIMESTAMP, Location::Header("If-Modified-Since")),
                member("Count", INTEGER, Location::Header("X-Count")),
                member("Meta", STRING_MAP, Location::PrefixHeaders("x-amz-meta-")),
                member("Empty", STRING, Location::Header("X-Empty")),
                member("Enabled", BOOLEAN, Location::Header("X-Enabled")),
                member("Times", TIMESTAMP_LIST, Location::Header("X-Times")),
                member("At", DATE_TIME, Location::Header("X-At")),
                member("Name", STRING, Location::Body),
                with_format(
                    member("Epoch", TIMESTAMP, Location::Header("X-Epoch")),
                    TimestampFormat::EpochSeconds,
                ),
            ]
        },
        &[],
    );

    #[test]
    fn headers_in_input_order_then_content_type() {
        let op = operation("POST", "/h");
        let r = ok(
            &HEADERS,
            &op,
            json!({
                "Name": "n",
                "Count": 7,
                "Tags": ["a", "b,c", "say \"hi\"", null],
                "Since": 1_576_540_098.9,
                "Meta": {"Color": "blue", "size": "L"},
                "Empty": "",
                "Enabled": true,
                "Times": [1_576_540_098, "2019-12-16T23:48:18Z"],
                "At": 1_576_540_098.5,
                "Epoch": 1_576_540_098.7
            }),
        );
        assert_eq!(
            r.headers,
            headers(&[
                ("x-count", "7"),
                ("x-tags", r#"a,"b,c","say \"hi\"""#),
                ("if-modified-since", "Mon, 16 Dec 2019 23:48:18 GMT"),
                ("x-amz-meta-color", "blue"),
                ("x-amz-meta-size", "L"),
                ("x-empty", ""),
                ("x-enabled", "true"),
                (
                    "x-times",
                    "Mon, 16 Dec 2019 23:48:18 GMT,Mon, 16 Dec 2019 23:48:18 GMT"
                ),
                ("x-at", "2019-12-16T23:48:18Z"),
                ("x-epoch", "1576540098"),
                ("content-type", "application/json"),
            ])
        );
        assert_eq!(body(&r), r#"{"Name": "n"}"#);
    }

    #[test]
    fn empty_list_header_is_not_sent() {
        let op = operation("GET", "/h");
        let r = ok(
            &HEADERS,
            &op,
            json!({"Tags": [], "Empty": null, "Count": 0}),
        );
        assert_eq!(
            r.headers,
            headers(&[("x-count", "0"), ("content-type", "application/json")])
        );
        assert_eq!(body(&r), "{}");
    }

    #[test]
    fn header_values_with_line_breaks_are_refused() {
        let op = operation("GET", "/h");
        for (input, what) in [
            (json!({"Empty": "a\r\nX-Injected: 1"}), "Empty"),
            (json!({"Tags": ["ok", "bad\n"]}), "Tags"),
            (json!({"Meta": {"k": "v\rw"}}), "Meta"),
        ] {
            let e = run(&HEADERS, &op, input, JsonStyle::Compact).unwrap_err();
            assert!(
                e.message
                    .starts_with(&format!("Invalid value for parameter {what}: header ")),
                "{e}"
            );
            assert!(e.message.ends_with("cannot contain a line break"), "{e}");
        }
        let e = run(&HEADERS, &op, json!({"Empty": "café"}), JsonStyle::Compact).unwrap_err();
        assert_eq!(
            e.message,
            "Invalid value for parameter Empty: header X-Empty can only hold printable ASCII \
             characters"
        );
        let e = run(
            &HEADERS,
            &op,
            json!({"Meta": {"bad key": "v"}}),
            JsonStyle::Compact,
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "Invalid header name for parameter Meta: \"x-amz-meta-bad key\""
        );
    }

    static PAYLOADS: [ShapeDef; 19] = table(
        const {
            &[
                member("Id", STRING, Location::Label),
                member("Nested", NESTED, Location::Payload),
            ]
        },
        &[],
    );
    static TEXT_PAYLOAD: [ShapeDef; 19] = table(
        const {
            &[
                member("Text", STRING, Location::Payload),
                member("Mode", STRING, Location::Header("X-Mode")),
            ]
        },
        &[],
    );
    static DOCUMENT_PAYLOAD: [ShapeDef; 19] =
        table(const { &[member("Doc", DOCUMENT, Location::Payload)] }, &[]);

    #[test]
    fn structure_string_and_document_payloads() {
        let op = operation("PUT", "/items/{Id}");
        let r = ok(
            &PAYLOADS,
            &op,
            json!({"Id": "i-1", "Nested": {"Count": 2, "Name": "x", "Tags": {"Name": "kept"}}}),
        );
        assert_eq!(
            body(&r),
            r#"{"Count": 2, "name": "x", "Tags": {"Name": "kept"}}"#,
            "jsonName applies to structure members, not to map keys"
        );
        assert_eq!(r.headers, headers(&[("content-type", "application/json")]));
        let r = ok(&PAYLOADS, &op, json!({"Id": "i-1"}));
        assert_eq!(
            body(&r),
            "{}",
            "an unset structure payload is an empty object"
        );
        assert_eq!(r.headers, headers(&[("content-type", "application/json")]));

        let op = operation("POST", "/text");
        let r = ok(
            &TEXT_PAYLOAD,
            &op,
            json!({"Text": "héllo\nworld", "Mode": "raw"}),
        );
        assert_eq!(body(&r), "héllo\nworld");
        assert_eq!(r.headers, headers(&[("x-mode", "raw")]), "no Content-Type");
        let r = ok(&TEXT_PAYLOAD, &op, json!({}));
        assert!(r.body.is_empty() && r.headers.is_empty());

        let op = operation("POST", "/doc");
        let r = ok(
            &DOCUMENT_PAYLOAD,
            &op,
            json!({"Doc": {"Name": [1, {"b": null}]}}),
        );
        assert_eq!(body(&r), r#"{"Name": [1, {"b": null}]}"#);
        assert_eq!(r.headers, headers(&[("content-type", "application/json")]));
    }

    static NESTED_BODY: [ShapeDef; 19] = table(
        const {
            &[
                json_named(member("Items", NESTED_LIST, Location::Body), "items"),
                member("Pick", CHOICE, Location::Body),
                member("Extra", DOCUMENT, Location::Body),
            ]
        },
        const {
            &[
                json_named(member("Items", NESTED_LIST, Location::Body), "items"),
                member("Pick", CHOICE, Location::Body),
                member("Extra", DOCUMENT, Location::Body),
            ]
        },
    );

    #[test]
    fn json_names_apply_at_every_depth() {
        let op = operation("POST", "/nested");
        let r = run(
            &NESTED_BODY,
            &op,
            json!({
                "Pick": {"Foo": "hi"},
                "Items": [{"Name": "a", "Count": 1}, {"Count": 2}],
                "Extra": {"Name": "document keys are not renamed"}
            }),
            JsonStyle::Compact,
        )
        .unwrap();
        assert_eq!(
            body(&r),
            r#"{"Pick":{"FOO":"hi"},"items":[{"name":"a","Count":1},{"Count":2}],"Extra":{"Name":"document keys are not renamed"}}"#
        );
    }

    static TOKENS: [ShapeDef; 19] = table(
        const {
            &[
                member("Name", STRING, Location::Body),
                token(member("ClientToken", STRING, Location::Body)),
                token(member("QueryToken", STRING, Location::Query("token"))),
            ]
        },
        &[],
    );

    #[test]
    fn idempotency_tokens_are_filled_after_user_values() {
        let op = operation("POST", "/tokens");
        let r = ok(&TOKENS, &op, json!({"Name": "n"}));
        assert_eq!(
            body(&r),
            format!(r#"{{"Name": "n", "ClientToken": "{TOKEN}"}}"#)
        );
        assert_eq!(r.query, format!("token={TOKEN}"));
        // A token the caller gave is kept, where the caller put it.
        let r = ok(
            &TOKENS,
            &op,
            json!({"ClientToken": "mine", "Name": "n", "QueryToken": "q"}),
        );
        assert_eq!(body(&r), r#"{"ClientToken": "mine", "Name": "n"}"#);
        assert_eq!(r.query, "token=q");

        // The real generator makes distinct version-4 UUIDs.
        let schema = OperationSchema {
            shapes: &TOKENS,
            operation: &op,
        };
        let a = serialize(schema, &json!({}), JsonStyle::Compact).unwrap();
        let b = serialize(schema, &json!({}), JsonStyle::Compact).unwrap();
        assert_ne!(a.query, b.query);
        let t = a.query.strip_prefix("token=").unwrap();
        assert_eq!(t.len(), 36);
        assert_eq!(&t[14..15], "4");
        assert!(matches!(&t[19..20], "8" | "9" | "a" | "b"), "{t}");
        assert_eq!(
            t.char_indices()
                .filter(|(_, c)| *c == '-')
                .map(|(i, _)| i)
                .collect::<Vec<_>>(),
            [8, 13, 18, 23]
        );
    }

    static HOST_LABELS: [ShapeDef; 19] = table(
        const {
            &[
                host_label(member(
                    "AccountId",
                    STRING,
                    Location::Header("x-amz-account-id"),
                )),
                host_label(member("Region", STRING, Location::Body)),
            ]
        },
        &[],
    );

    #[test]
    fn host_prefix_is_filled_and_checked() {
        let mut op = operation("POST", "/jobs");
        op.host_prefix = Some("{AccountId}.{Region}.data.");
        let r = ok(
            &HOST_LABELS,
            &op,
            json!({"AccountId": "123456789012", "Region": "us-east-1"}),
        );
        assert_eq!(
            r.host_prefix.as_deref(),
            Some("123456789012.us-east-1.data.")
        );
        // Host labels are still serialized where they are bound.
        assert_eq!(
            r.headers,
            headers(&[
                ("x-amz-account-id", "123456789012"),
                ("content-type", "application/json")
            ])
        );
        assert_eq!(body(&r), r#"{"Region": "us-east-1"}"#);

        let e = run(
            &HOST_LABELS,
            &op,
            json!({"AccountId": "evil.com/", "Region": ""}),
            JsonStyle::Compact,
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "Invalid value for parameter(s): AccountId, Region. Must contain only alphanumeric \
             characters, hyphen, or period."
        );
    }

    #[test]
    fn operation_without_input() {
        let mut op = operation("GET", "/2015-03-31/account-settings?x=1");
        op.input = None;
        op.auth = Auth::None;
        let r = ok(&ADD_PERMISSION, &op, json!({}));
        assert_eq!(
            (r.method, r.path.as_str(), r.query.as_str()),
            ("GET", "/2015-03-31/account-settings", "x=1")
        );
        assert!(r.body.is_empty() && r.headers.is_empty());
        assert_eq!(r.auth, Auth::None);
    }

    // Responses.

    fn header_map(pairs: &[(&str, &str)]) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for (n, v) in pairs {
            map.append(
                http::HeaderName::from_bytes(n.as_bytes()).unwrap(),
                http::HeaderValue::from_str(v).unwrap(),
            );
        }
        map
    }

    fn read(
        shapes: &[ShapeDef],
        status: u16,
        head: &[(&str, &str)],
        body: &str,
    ) -> Result<Value, ResponseError> {
        let op = operation("GET", "/");
        let schema = OperationSchema {
            shapes,
            operation: &op,
        };
        let h = header_map(head);
        deserialize(
            schema,
            Response {
                status,
                headers: &h,
                body: body.as_bytes(),
            },
        )
    }

    static INVOKE: [ShapeDef; 19] = table(
        &[],
        const {
            &[
                member("StatusCode", INTEGER, Location::StatusCode),
                member(
                    "FunctionError",
                    STRING,
                    Location::Header("X-Amz-Function-Error"),
                ),
                member("LogResult", STRING, Location::Header("X-Amz-Log-Result")),
                member("Payload", BLOB, Location::Payload),
                member(
                    "ExecutedVersion",
                    STRING,
                    Location::Header("X-Amz-Executed-Version"),
                ),
            ]
        },
    );

    #[test]
    fn lambda_invoke_status_headers_and_blob_payload() {
        let out = read(
            &INVOKE,
            200,
            &[
                ("X-Amz-Executed-Version", "$LATEST"),
                ("x-amz-function-error", "Unhandled"),
                ("x-amzn-requestid", "r-1"),
            ],
            r#"{"ok": true}"#,
        )
        .unwrap();
        assert_eq!(
            out.to_string(),
            r#"{"StatusCode":200,"FunctionError":"Unhandled","ExecutedVersion":"$LATEST","Payload":"eyJvayI6IHRydWV9"}"#
        );
        let out = read(&INVOKE, 202, &[], "").unwrap();
        assert_eq!(out, json!({"StatusCode": 202, "Payload": ""}));
    }

    static TYPED_HEADERS: [ShapeDef; 19] = table(
        &[],
        const {
            &[
                member("Count", INTEGER, Location::Header("X-Count")),
                member("Ratio", FLOAT, Location::Header("X-Ratio")),
                member("Enabled", BOOLEAN, Location::Header("X-Enabled")),
                member("Modified", TIMESTAMP, Location::Header("Last-Modified")),
                member("At", DATE_TIME, Location::Header("X-At")),
                member("Tags", STRING_LIST, Location::Header("X-Tags")),
                member("Ids", INTEGER_LIST, Location::Header("X-Ids")),
                member("Meta", STRING_MAP, Location::PrefixHeaders("X-Amz-Meta-")),
                with_format(
                    member("Expires", TIMESTAMP, Location::Header("Expires")),
                    TimestampFormat::HttpDate,
                ),
                member("Name", STRING, Location::Body),
            ]
        },
    );

    #[test]
    fn typed_response_headers() {
        let out = read(
            &TYPED_HEADERS,
            200,
            &[
                ("x-count", " 42 "),
                ("x-ratio", "NaN"),
                ("x-enabled", "TRUE"),
                ("last-modified", "Mon, 16 Dec 2019 23:48:18 GMT"),
                ("x-at", "1576540098"),
                ("x-tags", "a, b ,c"),
                ("x-tags", "d"),
                ("x-ids", "1, 2,3"),
                ("x-amz-meta-color", "blue"),
                ("x-amz-meta-size", "L"),
                ("expires", "2019-12-16T23:48:18Z"),
            ],
            r#"{"Name": "n", "Unknown": 1}"#,
        )
        .unwrap();
        assert_eq!(
            out.to_string(),
            r#"{"Count":42,"Ratio":"NaN","Enabled":true,"Modified":1576540098,"At":"2019-12-16T23:48:18Z","Tags":["a","b","c","d"],"Ids":[1,2,3],"Meta":{"color":"blue","size":"L"},"Expires":"Mon, 16 Dec 2019 23:48:18 GMT","Name":"n"}"#
        );

        // Absent headers are absent; the prefix map is always there; `false` for anything
        // but `true`.
        let out = read(&TYPED_HEADERS, 200, &[("x-enabled", "yes")], "").unwrap();
        assert_eq!(out, json!({"Enabled": false, "Meta": {}}));

        let e = read(&TYPED_HEADERS, 200, &[("x-count", "4.5")], "").unwrap_err();
        assert_eq!(
            e.message,
            "Count: invalid literal for int() with base 10: '4.5'"
        );
        let e = read(&TYPED_HEADERS, 200, &[("last-modified", "soon")], "").unwrap_err();
        assert_eq!(e.message, "Modified: invalid timestamp: \"soon\"");
    }

    #[test]
    fn json_body_members_by_json_name_at_every_depth() {
        let out = read(
            &NESTED_BODY,
            200,
            &[],
            r#"{"Extra": {"name": 1}, "items": [{"name": "a", "Count": 1, "Tags": {"k": null}, "x": 0}, null],
                "Pick": {"FOO": "hi", "Bar": null, "__type": "Choice"}, "Items": "ignored"}"#,
        )
        .unwrap();
        assert_eq!(
            out.to_string(),
            r#"{"Items":[{"Name":"a","Count":1,"Tags":{"k":null}},null],"Pick":{"Foo":"hi"},"Extra":{"name":1}}"#
        );
        assert_eq!(read(&NESTED_BODY, 200, &[], "").unwrap(), json!({}));
        assert_eq!(read(&NESTED_BODY, 200, &[], " \n").unwrap(), json!({}));
        assert_eq!(
            read(&NESTED_BODY, 200, &[], r#"{"Pick": {"Baz": "new"}}"#).unwrap(),
            json!({"Pick": {"SDK_UNKNOWN_MEMBER": {"name": "Baz"}}})
        );
    }

    #[test]
    fn malformed_bodies_are_errors() {
        // A body that is not JSON is botocore's `{"message": <text>}`: no member is read from
        // it (as the AWS CLI, which prints the other members and exits 0).
        assert_eq!(
            read(&NESTED_BODY, 200, &[], "{not json").unwrap(),
            json!({})
        );
        let e = read(&NESTED_BODY, 200, &[], "[1]").unwrap_err();
        assert_eq!(e.message, "expected a JSON object");
        let e = read(&NESTED_BODY, 200, &[], r#"{"items": [{"Tags": []}]}"#).unwrap_err();
        assert_eq!(e.message, "Items[0].Tags: expected a JSON object");
        let e = read(
            &NESTED_BODY,
            200,
            &[],
            r#"{"Pick": {"FOO": "a", "Bar": "b"}}"#,
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "Pick: Invalid service response: Choice must have one and only one member set."
        );
    }

    static STRUCT_PAYLOAD_OUT: [ShapeDef; 19] = table(
        &[],
        const {
            &[
                member("Nested", NESTED, Location::Payload),
                member("ETag", STRING, Location::Header("ETag")),
            ]
        },
    );
    static UNION_PAYLOAD_OUT: [ShapeDef; 19] =
        table(&[], const { &[member("Pick", CHOICE, Location::Payload)] });
    static TEXT_PAYLOAD_OUT: [ShapeDef; 19] =
        table(&[], const { &[member("Text", STRING, Location::Payload)] });
    static DOCUMENT_PAYLOAD_OUT: [ShapeDef; 19] =
        table(&[], const { &[member("Doc", DOCUMENT, Location::Payload)] });

    const fn event_stream(mut m: MemberDef) -> MemberDef {
        m.wire.event_stream = true;
        m
    }

    static EVENTS_OUT: [ShapeDef; 19] = table(
        const { &[event_stream(member("Events", CHOICE, Location::Body))] },
        const {
            &[
                member("Status", INTEGER, Location::Header("x-status")),
                event_stream(member("Events", CHOICE, Location::Payload)),
            ]
        },
    );

    #[test]
    fn event_stream_payloads() {
        use super::super::event_stream::encode;
        let event = |name: &str| {
            encode(
                &[
                    (":message-type", 7, b"event"),
                    (":event-type", 7, name.as_bytes()),
                ],
                b"{}",
            )
        };
        // The body is the stream; an event the union does not know is skipped.
        let body = [event("Bar"), event("Unknown"), event("Foo")].concat();
        let op = operation("GET", "/");
        let schema = OperationSchema {
            shapes: &EVENTS_OUT,
            operation: &op,
        };
        let h = header_map(&[("x-status", "7")]);
        let out = deserialize(
            schema,
            Response {
                status: 200,
                headers: &h,
                body: &body,
            },
        )
        .unwrap();
        assert_eq!(
            out,
            json!({"Status": 7, "Events": [{"Bar": {}}, {"Foo": {}}]})
        );
        // A request that would send an event stream is refused before anything is sent.
        let meta = crate::service::ServiceMeta {
            shape_name: "Service",
            sdk_id: "Service",
            endpoint_prefix: "service",
            signing_name: "service",
            protocol: crate::service::Protocol::RestJson1,
            api_version: "2020-01-01",
            endpoint_rule_set: "{}",
            query_compatible: false,
            xml_namespace: None,
            signer: crate::service::Signer::SigV4,
        };
        let e = super::super::serialize(&meta, schema, &json!({"Events": []}), JsonStyle::Compact)
            .unwrap_err();
        assert_eq!(
            e.message,
            "Op sends an event stream (Events), which awslice does not support yet"
        );
    }

    #[test]
    fn response_payloads() {
        let out = read(
            &STRUCT_PAYLOAD_OUT,
            200,
            &[("etag", "\"abc\"")],
            r#"{"name": "x", "Count": 3}"#,
        )
        .unwrap();
        assert_eq!(
            out.to_string(),
            r#"{"ETag":"\"abc\"","Nested":{"Name":"x","Count":3}}"#
        );
        assert_eq!(
            read(&STRUCT_PAYLOAD_OUT, 200, &[], "").unwrap(),
            json!({"Nested": {}}),
            "an empty body is an empty structure"
        );
        assert_eq!(
            read(&UNION_PAYLOAD_OUT, 200, &[], r#"{"FOO": "hi"}"#).unwrap(),
            json!({"Pick": {"Foo": "hi"}})
        );
        assert_eq!(read(&UNION_PAYLOAD_OUT, 200, &[], "").unwrap(), json!({}));
        assert_eq!(
            read(&TEXT_PAYLOAD_OUT, 200, &[], "raw {text}").unwrap(),
            json!({"Text": "raw {text}"})
        );
        assert_eq!(
            read(&DOCUMENT_PAYLOAD_OUT, 200, &[], r#""hello""#).unwrap(),
            json!({"Doc": "hello"})
        );
    }

    #[test]
    fn output_less_operation_reads_nothing() {
        let mut op = operation("DELETE", "/x");
        op.output = None;
        let schema = OperationSchema {
            shapes: &INVOKE,
            operation: &op,
        };
        let h = http::HeaderMap::new();
        let out = deserialize(
            schema,
            Response {
                status: 204,
                headers: &h,
                body: b"not even json",
            },
        )
        .unwrap();
        assert_eq!(out, json!({}));
    }

    // Errors.

    fn error(status: u16, head: &[(&str, &str)], body: &str) -> ServiceError {
        let h = header_map(head);
        parse_error(Response {
            status,
            headers: &h,
            body: body.as_bytes(),
        })
    }

    fn code_message(status: u16, head: &[(&str, &str)], body: &str) -> (String, String) {
        let e = error(status, head, body);
        (e.code, e.message)
    }

    fn pair(code: &str, message: &str) -> (String, String) {
        (code.to_owned(), message.to_owned())
    }

    #[test]
    fn error_code_sources_in_order() {
        // The header wins over the body.
        let e = error(
            404,
            &[
                (
                    "X-Amzn-ErrorType",
                    "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/",
                ),
                ("x-amzn-RequestId", "0b1c-req"),
            ],
            r#"{"Type":"User","message":"Function not found: arn:aws:lambda:us-east-1:1:function:f","code":"Other"}"#,
        );
        assert_eq!(e.status, 404);
        assert_eq!(e.code, "ResourceNotFoundException");
        assert_eq!(
            e.message,
            "Function not found: arn:aws:lambda:us-east-1:1:function:f"
        );
        assert_eq!(e.request_id.as_deref(), Some("0b1c-req"));
        assert_eq!(&e.body[..], br#"{"Type":"User","message":"Function not found: arn:aws:lambda:us-east-1:1:function:f","code":"Other"}"#);
        assert_eq!(
            code_message(
                403,
                &[(
                    "X-Amzn-Errortype",
                    "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"
                )],
                "{}"
            ),
            pair("FooError", "")
        );
        // Then the body's `code`, then `Code`, then `__type`, then the status.
        assert_eq!(
            code_message(
                400,
                &[],
                r#"{"code": "aws.protocoltests.restjson#FooError", "Code": "No", "__type": "No"}"#
            ),
            pair("FooError", "")
        );
        assert_eq!(
            code_message(
                400,
                &[],
                r#"{"Code": "BadRequest", "__type": "No", "Message": "M"}"#
            ),
            pair("BadRequest", "M")
        );
        assert_eq!(
            code_message(
                400,
                &[],
                r#"{"__type": "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"}"#
            ),
            pair("FooError", "")
        );
        assert_eq!(
            code_message(400, &[], r#"{"code": null, "__type": "FromType"}"#),
            pair("FromType", "")
        );
        assert_eq!(
            code_message(409, &[], r#"{"message": " busy "}"#),
            pair("409", "busy")
        );
        assert_eq!(
            code_message(
                400,
                &[("X-Amzn-ErrorType", "InvalidGreeting")],
                r#"{"Message": "Hi"}"#
            ),
            pair("InvalidGreeting", "Hi")
        );
        assert_eq!(
            code_message(
                400,
                &[],
                r#"{"code": "X", "message": "", "Message": "ignored"}"#
            ),
            pair("X", "")
        );
        assert_eq!(error(400, &[], "{}").request_id, None);
    }

    #[test]
    fn non_json_error_bodies_are_the_message() {
        assert_eq!(
            code_message(403, &[], "<html>Forbidden</html>\n"),
            pair("403", "<html>Forbidden</html>")
        );
        assert_eq!(
            code_message(
                400,
                &[("x-amzn-errortype", "ValidationException")],
                "bad input"
            ),
            pair("ValidationException", "bad input")
        );
        assert_eq!(code_message(400, &[], "[1, 2]"), pair("400", "[1, 2]"));
        assert_eq!(code_message(400, &[], ""), pair("400", ""));
        assert_eq!(
            code_message(429, &[("x-amzn-errortype", "TooManyRequestsException")], ""),
            pair("TooManyRequestsException", "")
        );
    }

    #[test]
    fn bare_server_errors_get_the_status_and_reason() {
        // The generic rule wins over the header.
        assert_eq!(
            code_message(500, &[("X-Amzn-Errortype", "FooError")], ""),
            pair("500", "Internal Server Error")
        );
        assert_eq!(
            code_message(
                503,
                &[],
                "  <html><body><b>Http/1.1 Service Unavailable</b></body></html>"
            ),
            pair("503", "Service Unavailable")
        );
        assert_eq!(code_message(502, &[], "\r\n"), pair("502", "Bad Gateway"));
        // A 5xx with a JSON body is read as usual.
        assert_eq!(
            code_message(500, &[], r#"{"code": "FooError"}"#),
            pair("FooError", "")
        );
        assert_eq!(
            code_message(
                500,
                &[("X-Amzn-Errortype", "ServiceException")],
                r#"{"message": "down"}"#
            ),
            pair("ServiceException", "down")
        );
        // Below 500 an HTML page is only a message.
        assert_eq!(
            code_message(404, &[], "<html>Not Found</html>"),
            pair("404", "<html>Not Found</html>")
        );
    }
}
