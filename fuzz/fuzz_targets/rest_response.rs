//! The restJson1 response binder (`awslice_runtime::protocol::rest_json`): a response is read
//! as the output of each operation below, and as an error response.
//!
//! The input is a small HTTP response, as text up to its body:
//!
//! ```text
//! 200                        status (digits; anything else, or outside 100–999, is 200)
//! X-Amz-Count: 7             header lines `name: value` (repeatable; a line that is not a
//! X-Amz-Meta-owner: me       valid header is skipped) up to an empty line
//!
//! {"Configuration": {…}}     the body: every byte after the empty line
//! ```
//!
//! The operations (Lambda-like, hand-written below) bind output members to every place a
//! response has: headers of every scalar kind (lists and timestamps in each format, a
//! JSON-value header), prefix headers, the status code, a blob payload, a string payload, a
//! structure, union and document payload, and a JSON body with `jsonName` members, nested
//! structures, lists, maps, unions and a recursive structure.
//!
//! It must never panic, and what comes back must be consistent: a parsed output is an object
//! holding exactly what the response carried in each member's place; a body that is not JSON
//! (or not an object) is a clear error; an error response's code comes from where botocore
//! takes it.
#![no_main]

mod common;

use awslice_runtime::json::parse_body;
use awslice_runtime::protocol::{self, Response, aws_json, rest_json};
use awslice_runtime::schema::{
    Auth, Http, Location, MemberDef, Operation, OperationSchema, ShapeDef, ShapeIdx, ShapeKind,
    TimestampFormat,
};
use awslice_runtime::service::Protocol;
use base64::Engine as _;
use common::{
    Scalars, bound, check_value, enumeration, float, header_text, integer, json_name, json_value,
    list, map, member, shape, split_response, string, structure, timestamp_format,
};
use http::HeaderMap;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

const STRING: ShapeIdx = 0;
const BOOLEAN: ShapeIdx = 1;
const INTEGER: ShapeIdx = 2;
const LONG: ShapeIdx = 3;
const DOUBLE: ShapeIdx = 4;
const BIG_INTEGER: ShapeIdx = 5;
const BIG_DECIMAL: ShapeIdx = 6;
const BLOB: ShapeIdx = 7;
const TIMESTAMP: ShapeIdx = 8;
const HTTP_DATE: ShapeIdx = 9;
const DATE_TIME: ShapeIdx = 10;
const STATE: ShapeIdx = 11;
const LEVEL: ShapeIdx = 12;
const DOCUMENT: ShapeIdx = 13;
const STRING_LIST: ShapeIdx = 14;
const INTEGER_LIST: ShapeIdx = 15;
const TIMESTAMP_LIST: ShapeIdx = 16;
const HTTP_DATE_LIST: ShapeIdx = 17;
const BOOLEAN_LIST: ShapeIdx = 18;
const STRING_MAP: ShapeIdx = 19;
const LIST_MAP: ShapeIdx = 20;
const LIST_OF_MAPS: ShapeIdx = 21;
const LIST_OF_LISTS: ShapeIdx = 22;
const FUNCTION_CONFIGURATION: ShapeIdx = 23;
const FUNCTION_CODE_LOCATION: ShapeIdx = 24;
const ENVIRONMENT: ShapeIdx = 25;
const ENVIRONMENT_ERROR: ShapeIdx = 26;
const LAYER: ShapeIdx = 27;
const LAYER_LIST: ShapeIdx = 28;
const LAYER_MAP: ShapeIdx = 29;
const CHOICE: ShapeIdx = 30;
const TREE: ShapeIdx = 31;
const TREE_LIST: ShapeIdx = 32;
const EPHEMERAL_STORAGE: ShapeIdx = 33;
const ARCHITECTURES: ShapeIdx = 34;
const GET_FUNCTION_OUTPUT: ShapeIdx = 35;
const INVOKE_OUTPUT: ShapeIdx = 36;
const GET_POLICY_OUTPUT: ShapeIdx = 37;
const GET_CONFIGURATION_OUTPUT: ShapeIdx = 38;
const GET_CHOICE_OUTPUT: ShapeIdx = 39;
const GET_DOCUMENT_OUTPUT: ShapeIdx = 40;

const fn header(m: MemberDef, name: &'static str) -> MemberDef {
    bound(m, Location::Header(name))
}

const fn payload(m: MemberDef) -> MemberDef {
    bound(m, Location::Payload)
}

static SHAPES: &[ShapeDef] = &[
    shape("String", string()),
    shape("Boolean", ShapeKind::Boolean),
    shape("Integer", integer()),
    shape("Long", integer()),
    shape("Double", float()),
    shape("BigInteger", ShapeKind::BigInteger),
    shape("BigDecimal", ShapeKind::BigDecimal),
    shape("Blob", ShapeKind::Blob { streaming: false }),
    shape("Timestamp", ShapeKind::Timestamp { format: None }),
    shape(
        "HttpDate",
        ShapeKind::Timestamp {
            format: Some(TimestampFormat::HttpDate),
        },
    ),
    shape(
        "DateTime",
        ShapeKind::Timestamp {
            format: Some(TimestampFormat::DateTime),
        },
    ),
    shape(
        "State",
        enumeration(&["Pending", "Active", "Inactive", "Failed"]),
    ),
    shape(
        "Level",
        ShapeKind::IntEnum {
            values: &[("LOW", 1), ("HIGH", 2)],
        },
    ),
    shape("Document", ShapeKind::Document),
    shape("StringList", list(STRING, None)),
    shape("IntegerList", list(INTEGER, None)),
    shape("TimestampList", list(TIMESTAMP, None)),
    shape("HttpDateList", list(HTTP_DATE, None)),
    shape("BooleanList", list(BOOLEAN, None)),
    shape("StringMap", map(STRING, STRING)),
    shape("ListMap", map(STRING, STRING_LIST)),
    shape("ListOfMaps", list(STRING_MAP, None)),
    shape("ListOfLists", list(INTEGER_LIST, None)),
    shape(
        "FunctionConfiguration",
        structure(&[
            member("FunctionName", STRING),
            member("FunctionArn", STRING),
            member("Runtime", STATE),
            member("Role", STRING),
            member("Handler", STRING),
            member("CodeSize", LONG),
            member("Description", STRING),
            member("Timeout", INTEGER),
            member("MemorySize", INTEGER),
            member("LastModified", STRING),
            member("CodeSha256", STRING),
            member("Version", STRING),
            member("Environment", ENVIRONMENT),
            member("Layers", LAYER_LIST),
            member("State", STATE),
            member("Architectures", ARCHITECTURES),
            member("EphemeralStorage", EPHEMERAL_STORAGE),
            member("Modified", TIMESTAMP),
            member("ModifiedIso", DATE_TIME),
            member("Ratio", DOUBLE),
            member("Enabled", BOOLEAN),
        ]),
    ),
    shape(
        "FunctionCodeLocation",
        structure(&[
            member("RepositoryType", STRING),
            member("Location", STRING),
            member("ImageUri", STRING),
            member("ResolvedImageUri", STRING),
        ]),
    ),
    shape(
        "EnvironmentResponse",
        structure(&[
            member("Variables", STRING_MAP),
            member("Error", ENVIRONMENT_ERROR),
        ]),
    ),
    shape(
        "EnvironmentError",
        structure(&[member("ErrorCode", STRING), member("Message", STRING)]),
    ),
    shape(
        "Layer",
        structure(&[
            member("Arn", STRING),
            json_name(member("CodeSize", LONG), "codeSize"),
            json_name(member("SigningProfileVersionArn", STRING), "signingProfile"),
        ]),
    ),
    shape("LayersReferenceList", list(LAYER, None)),
    shape("LayerMap", map(STRING, LAYER)),
    shape(
        "Choice",
        ShapeKind::Union {
            members: &[
                json_name(member("Text", STRING), "text"),
                member("Number", INTEGER),
                member("Layer", LAYER),
                member("Names", STRING_LIST),
                json_name(member("Nested", CHOICE), "nested"),
            ],
        },
    ),
    shape(
        "Tree",
        structure(&[
            json_name(member("Name", STRING), "name"),
            json_name(member("Children", TREE_LIST), "children"),
            member("Attributes", STRING_MAP),
            member("Leaf", CHOICE),
        ]),
    ),
    shape("TreeList", list(TREE, None)),
    shape("EphemeralStorage", structure(&[member("Size", INTEGER)])),
    shape("ArchitecturesList", list(STATE, None)),
    shape(
        "GetFunctionResponse",
        structure(&[
            bound(member("StatusCode", INTEGER), Location::StatusCode),
            // A header of every kind.
            header(member("RequestId", STRING), "x-amzn-RequestId"),
            header(member("Flag", BOOLEAN), "X-Amz-Flag"),
            header(member("Count", INTEGER), "X-Amz-Count"),
            header(member("Size", LONG), "X-Amz-Size"),
            header(member("Ratio", DOUBLE), "X-Amz-Ratio"),
            header(member("Huge", BIG_INTEGER), "X-Amz-Huge"),
            header(member("Exact", BIG_DECIMAL), "X-Amz-Exact"),
            header(member("Level", LEVEL), "X-Amz-Level"),
            header(member("State", STATE), "X-Amz-State"),
            header(member("Checksum", BLOB), "X-Amz-Checksum"),
            header(member("Modified", TIMESTAMP), "Last-Modified"),
            header(
                timestamp_format(member("ModifiedIso", TIMESTAMP), TimestampFormat::DateTime),
                "X-Amz-Modified-Iso",
            ),
            header(member("Expires", HTTP_DATE), "Expires"),
            header(member("Created", DATE_TIME), "X-Amz-Created"),
            header(member("Names", STRING_LIST), "X-Amz-Names"),
            header(member("Numbers", INTEGER_LIST), "X-Amz-Numbers"),
            header(member("Times", TIMESTAMP_LIST), "X-Amz-Times"),
            header(member("HttpTimes", HTTP_DATE_LIST), "X-Amz-Http-Times"),
            header(member("Flags", BOOLEAN_LIST), "X-Amz-Flags"),
            header(
                json_value(member("ClientContext", STRING)),
                "X-Amz-Client-Context",
            ),
            bound(
                member("Meta", STRING_MAP),
                Location::PrefixHeaders("X-Amz-Meta-"),
            ),
            // The JSON body: Lambda's GetFunction, and more.
            member("Configuration", FUNCTION_CONFIGURATION),
            member("Code", FUNCTION_CODE_LOCATION),
            member("Tags", STRING_MAP),
            json_name(member("Concurrency", EPHEMERAL_STORAGE), "concurrency"),
            json_name(member("Items", LAYER_LIST), "items"),
            json_name(member("Lookup", LAYER_MAP), "lookup"),
            json_name(member("Choice", CHOICE), "choice"),
            member("Matrix", LIST_OF_LISTS),
            member("Groups", LIST_MAP),
            member("Rows", LIST_OF_MAPS),
            member("Doc", DOCUMENT),
            member("Tree", TREE),
            member("Data", BLOB),
            member("When", TIMESTAMP),
            member("Big", BIG_DECIMAL),
        ]),
    ),
    shape(
        "InvocationResponse",
        structure(&[
            bound(member("StatusCode", INTEGER), Location::StatusCode),
            header(member("FunctionError", STRING), "X-Amz-Function-Error"),
            header(member("LogResult", STRING), "X-Amz-Log-Result"),
            payload(member("Payload", BLOB)),
            header(member("ExecutedVersion", STRING), "X-Amz-Executed-Version"),
        ]),
    ),
    shape(
        "GetPolicyResponse",
        structure(&[
            payload(member("Policy", STRING)),
            header(member("RevisionId", STRING), "X-Amz-Revision-Id"),
        ]),
    ),
    shape(
        "GetConfigurationResponse",
        structure(&[
            header(member("ETag", STRING), "ETag"),
            payload(member("Configuration", FUNCTION_CONFIGURATION)),
        ]),
    ),
    shape(
        "GetChoiceResponse",
        structure(&[payload(member("Choice", CHOICE))]),
    ),
    shape(
        "GetDocumentResponse",
        structure(&[
            payload(member("Document", DOCUMENT)),
            header(member("Count", INTEGER), "X-Amz-Count"),
        ]),
    ),
];

const fn operation(name: &'static str, output: ShapeIdx) -> Operation {
    Operation {
        name,
        input: None,
        output: Some(output),
        errors: &[],
        http: Http {
            method: "GET",
            uri: "/",
            code: 200,
        },
        host_prefix: None,
        auth: Auth::SigV4,
        rules: &awslice_runtime::schema::OperationRules::NONE,
    }
}

static OPERATIONS: [Operation; 6] = [
    operation("GetFunction", GET_FUNCTION_OUTPUT),
    operation("Invoke", INVOKE_OUTPUT),
    operation("GetPolicy", GET_POLICY_OUTPUT),
    operation("GetConfiguration", GET_CONFIGURATION_OUTPUT),
    operation("GetChoice", GET_CHOICE_OUTPUT),
    operation("GetDocument", GET_DOCUMENT_OUTPUT),
];

/// Checks the output of `op` read from (status, headers, body), when it was read.
fn check_output(
    op: &Operation,
    (status, headers, body): (u16, &HeaderMap, &[u8]),
    out: &Map<String, Value>,
) {
    let members = members_of(op.output.expect("every operation has an output"));
    for k in out.keys() {
        assert!(
            members.iter().any(|m| m.name == k.as_str()),
            "{}: {k} is not an output member",
            op.name
        );
    }
    let payload = members
        .iter()
        .find(|m| m.wire.location == Location::Payload);
    let parsed_body = parse_body(body);
    // Without a payload member the body is an object of members (unset: whitespace only); a
    // body that is not JSON reads as botocore's `{"message": <text>}`.
    let fallback: Map<String, Value> = [(
        "message".to_owned(),
        Value::String(String::from_utf8_lossy(body).into_owned()),
    )]
    .into_iter()
    .collect();
    let body_object = match (payload, &parsed_body) {
        (None, Ok(Value::Object(o))) => Some(o),
        (None, Err(_)) => Some(&fallback),
        (None, Ok(_)) => panic!("{}: read without a JSON object body", op.name),
        (Some(_), _) => None,
    };
    for m in members {
        let path = format!("{}.{}", op.name, m.name);
        let got = out.get(m.name);
        // A member found in the JSON body replaces what its header or the status gave.
        if let Some(sent) = body_object
            .and_then(|o| o.get(m.json_name.unwrap_or(m.name)))
            .filter(|v| !v.is_null())
        {
            let got = got.unwrap_or_else(|| panic!("{path}: in the body, not in the output"));
            check_value(SHAPES, got, m.target, None, Scalars::AsSent, &path);
            if !matches!(
                SHAPES[m.target].kind,
                ShapeKind::Structure { .. }
                    | ShapeKind::Union { .. }
                    | ShapeKind::List { .. }
                    | ShapeKind::Map { .. }
            ) {
                assert_eq!(got, sent, "{path}: a scalar is kept as the body sent it");
            }
            continue;
        }
        match m.wire.location {
            Location::StatusCode => {
                assert_eq!(got, Some(&Value::from(status)), "{path}: the status");
            }
            Location::Header(name) => match header_text(headers, name) {
                None => assert_eq!(got, None, "{path}: no header, no member"),
                Some(text) => {
                    let got = got.unwrap_or_else(|| panic!("{path}: header {name} not read"));
                    let target = &SHAPES[m.target];
                    if m.wire.json_value {
                        continue;
                    }
                    match target.kind {
                        ShapeKind::List { member: item, .. } => {
                            let Value::Array(items) = got else {
                                panic!("{path}: a list header read as {got}")
                            };
                            assert_eq!(items.len(), text.split(',').count(), "{path}: items");
                            for (i, v) in items.iter().enumerate() {
                                let p = format!("{path}[{i}]");
                                check_value(SHAPES, v, item, None, Scalars::Typed, &p);
                            }
                        }
                        ShapeKind::String { .. } | ShapeKind::Blob { .. } => {
                            assert_eq!(got, &Value::String(text), "{path}: the header's text");
                        }
                        _ => check_value(
                            SHAPES,
                            got,
                            m.target,
                            m.wire.timestamp_format,
                            Scalars::Typed,
                            &path,
                        ),
                    }
                }
            },
            Location::PrefixHeaders(prefix) => {
                let prefix = prefix.to_ascii_lowercase();
                let Some(Value::Object(map)) = got else {
                    panic!("{path}: prefix headers are always an object, got {got:?}")
                };
                let names = headers
                    .keys()
                    .filter(|n| n.as_str().starts_with(&prefix))
                    .count();
                assert_eq!(map.len(), names, "{path}: one entry per header name");
                for (k, v) in map {
                    let text = header_text(headers, &format!("{prefix}{k}"));
                    assert_eq!(v.as_str(), text.as_deref(), "{path}.{k}");
                }
            }
            Location::Payload => {
                let target = &SHAPES[m.target];
                match (&target.kind, &parsed_body) {
                    (ShapeKind::Blob { .. }, _) => {
                        let b64 = base64::engine::general_purpose::STANDARD.encode(body);
                        assert_eq!(got, Some(&Value::String(b64)), "{path}: the body's base64");
                    }
                    (ShapeKind::String { .. }, _) => {
                        let text = String::from_utf8_lossy(body).into_owned();
                        assert_eq!(got, Some(&Value::String(text)), "{path}: the body's text");
                    }
                    (ShapeKind::Union { .. }, _) if body.trim_ascii().is_empty() => {
                        assert_eq!(got, None, "{path}: an empty body is an unset union");
                    }
                    (_, Ok(Value::Null)) => assert_eq!(got, None, "{path}: a null body"),
                    (ShapeKind::Document, Ok(v)) => {
                        assert_eq!(got, Some(v), "{path}: the document as sent");
                    }
                    (_, Ok(_)) => {
                        let got = got.unwrap_or_else(|| panic!("{path}: a body not read"));
                        check_value(SHAPES, got, m.target, None, Scalars::AsSent, &path);
                    }
                    (_, Err(e)) => panic!("{path}: read from a body that is not JSON: {e}"),
                }
            }
            Location::Body => assert_eq!(got, None, "{path}: not in the body, not in the output"),
            _ => unreachable!("{path}: no such binding here"),
        }
    }
}

/// The members of the structure at `idx`.
fn members_of(idx: ShapeIdx) -> &'static [MemberDef] {
    match &SHAPES[idx].kind {
        ShapeKind::Structure { members, .. } => members,
        _ => unreachable!("{} is not a structure", SHAPES[idx].name),
    }
}

/// Checks what a failed read says: the body is not JSON, or not an object, or a member
/// (named first) does not hold what it should.
fn check_failure(op: &Operation, body: &[u8], message: &str) {
    let members = members_of(op.output.expect("every operation has an output"));
    let names_member = |m: &MemberDef| {
        message
            .strip_prefix(m.name)
            .is_some_and(|rest| rest.starts_with([':', '.', '[']))
    };
    let payload = members
        .iter()
        .find(|m| m.wire.location == Location::Payload);
    if let Some(ShapeKind::Blob { .. } | ShapeKind::String { .. }) =
        payload.map(|m| &SHAPES[m.target].kind)
    {
        panic!(
            "{}: a blob or string payload and string headers cannot fail: {message:?}",
            op.name
        )
    }
    let header_failed = members
        .iter()
        .any(|m| matches!(m.wire.location, Location::Header(_)) && names_member(m));
    if parse_body(body).is_err() {
        assert!(
            message.starts_with("invalid JSON: ")
                || header_failed
                || members.iter().any(names_member),
            "{}: a body that is not JSON, read as {message:?}",
            op.name
        );
    } else {
        assert!(
            message == "expected a JSON object" || members.iter().any(names_member),
            "{}: an error that names no member: {message:?}",
            op.name
        );
    }
}

/// Checks an error response's reading.
fn check_error(status: u16, headers: &HeaderMap, body: &[u8]) {
    let response = Response {
        status,
        headers,
        body,
    };
    let err = rest_json::parse_error(response);
    let via = protocol::parse_error(Protocol::RestJson1, response);
    assert!(
        err == via,
        "protocol::parse_error dispatches to rest_json::parse_error"
    );
    assert_eq!(err.status, status);
    assert_eq!(&err.body[..], body);
    assert_eq!(
        err.request_id.as_deref(),
        headers
            .get("x-amzn-requestid")
            .and_then(|v| v.to_str().ok()),
        "the request id is the x-amzn-RequestId header"
    );
    assert_eq!(err.message, err.message.trim(), "the message is trimmed");
    let _ = err.to_string();

    let trimmed = body.trim_ascii();
    if status >= 500 && (trimmed.is_empty() || trimmed.starts_with(b"<html>")) {
        assert_eq!(err.code, status.to_string(), "a bare 5xx: the status");
        assert_eq!(err.message, protocol::reason_phrase(status));
        return;
    }
    let header = header_text(headers, "x-amzn-errortype");
    let object = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(o)) => Some(o),
        _ => None,
    };
    let names_code = object.as_ref().is_some_and(|o| {
        ["code", "Code", "__type"]
            .iter()
            .any(|k| o.contains_key(*k))
    });
    match &header {
        Some(raw) => {
            assert_eq!(
                err.code,
                aws_json::error_code_from_type(raw),
                "the header's code"
            );
            assert!(
                !err.code.contains([':', '#']),
                "{:?} keeps a separator",
                err.code
            );
        }
        None if !names_code => {
            assert_eq!(
                err.code,
                status.to_string(),
                "nothing names the code: the status"
            );
        }
        // Empty only when the response names an empty code.
        None => {}
    }
    if object.is_none() && !trimmed.is_empty() {
        assert_eq!(
            err.message,
            String::from_utf8_lossy(body).trim(),
            "not a JSON object: the body is the message"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let (status, headers, body) = split_response(data);
    let response = Response {
        status,
        headers: &headers,
        body,
    };
    for op in &OPERATIONS {
        let schema = OperationSchema {
            shapes: SHAPES,
            operation: op,
        };
        let result = protocol::deserialize(Protocol::RestJson1, schema, response);
        assert_eq!(
            rest_json::deserialize(schema, response),
            result,
            "protocol::deserialize dispatches to rest_json::deserialize"
        );
        match result {
            Ok(Value::Object(out)) => check_output(op, (status, &headers, body), &out),
            Ok(other) => panic!("{}: the output is not an object: {other}", op.name),
            Err(e) => {
                assert!(e.to_string().starts_with("malformed response: "));
                check_failure(op, body, &e.message);
            }
        }
    }
    check_error(status, &headers, body);
    if status < 300 {
        check_error(400, &headers, body);
    }
});
