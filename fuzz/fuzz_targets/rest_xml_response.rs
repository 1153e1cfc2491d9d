//! The restXml response reader (`awslice_runtime::protocol::rest_xml`): a response is read
//! as the output of each operation below, and as an error response.
//!
//! The input is a small HTTP response, as text up to its body (as `rest_response`):
//!
//! ```text
//! 200                        status (digits; anything else, or outside 100–999, is 200)
//! ETag: "x"                  header lines `name: value` up to an empty line
//!
//! <Result>…</Result>         the body: every byte after the empty line
//! ```
//!
//! The operations (Route 53-, CloudFront- and S3-like, hand-written below) bind output
//! members to headers of each scalar kind, prefix headers and the status code, and read a
//! body as the root's children (wrapped and flattened lists, lists with a member `xmlName`,
//! maps, flattened maps, attributes, nested and recursive structures, a union, every scalar
//! kind), as a structure payload, a union payload, a blob payload and a string payload.
//!
//! It must never panic, and what comes back must be consistent: a parsed output is an object
//! of output members, each body member of its shape's form, a blob or string payload the
//! whole body; a failure is a clear `malformed response` error; an error response always has
//! a code and a message, the status and reason for an empty or malformed body, and a request
//! id from where botocore takes it.
#![no_main]

mod common;

use awslice_runtime::protocol::{self, Response, rest_xml, xml};
use awslice_runtime::schema::{
    Auth, Http, Location, MemberDef, Operation, OperationSchema, ShapeDef, ShapeIdx, ShapeKind,
    TimestampFormat,
};
use awslice_runtime::service::Protocol;
use base64::Engine as _;
use common::{
    Scalars, attribute, bound, check_value, enumeration, flattened, float, header_text, integer,
    list, map, member, shape, split_response, string, structure, timestamp_format, xml_name,
};
use http::HeaderMap;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

const STRING: ShapeIdx = 0;
const BOOLEAN: ShapeIdx = 1;
const INTEGER: ShapeIdx = 2;
const LONG: ShapeIdx = 3;
const DOUBLE: ShapeIdx = 4;
const BLOB: ShapeIdx = 5;
const TIMESTAMP: ShapeIdx = 6;
const HTTP_DATE: ShapeIdx = 7;
const STATE: ShapeIdx = 8;
const STRING_LIST: ShapeIdx = 9;
const NAMED_LIST: ShapeIdx = 10;
const STRING_MAP: ShapeIdx = 11;
const RECORD: ShapeIdx = 12;
const RECORD_LIST: ShapeIdx = 13;
const TREE: ShapeIdx = 14;
const TREE_LIST: ShapeIdx = 15;
const CHOICE: ShapeIdx = 16;
const GRANTEE: ShapeIdx = 17;
const LIST_OUTPUT: ShapeIdx = 18;
const CONFIG_OUTPUT: ShapeIdx = 19;
const CHOICE_OUTPUT: ShapeIdx = 20;
const OBJECT_OUTPUT: ShapeIdx = 21;
const POLICY_OUTPUT: ShapeIdx = 22;
const ERROR_SHAPE: ShapeIdx = 23;

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
    shape("Blob", ShapeKind::Blob { streaming: false }),
    shape("Timestamp", ShapeKind::Timestamp { format: None }),
    shape(
        "HttpDate",
        ShapeKind::Timestamp {
            format: Some(TimestampFormat::HttpDate),
        },
    ),
    shape("State", enumeration(&["PENDING", "INSYNC"])),
    shape("StringList", list(STRING, None)),
    shape("NamedList", list(STRING, Some("Name"))),
    shape("StringMap", map(STRING, STRING)),
    shape(
        "ResourceRecordSet",
        structure(&[
            member("Name", STRING),
            member("Type", STATE),
            member("TTL", LONG),
            member("Weight", DOUBLE),
            member("Values", NAMED_LIST),
        ]),
    ),
    shape(
        "ResourceRecordSets",
        list(RECORD, Some("ResourceRecordSet")),
    ),
    shape(
        "Tree",
        structure(&[
            member("Name", STRING),
            member("Children", TREE_LIST),
            xml_name(attribute(member("Id", INTEGER)), "id"),
        ]),
    ),
    shape("TreeList", list(TREE, None)),
    shape(
        "Choice",
        ShapeKind::Union {
            members: &[
                member("Text", STRING),
                member("Number", INTEGER),
                member("Records", RECORD_LIST),
            ],
        },
    ),
    shape(
        "Grantee",
        structure(&[
            xml_name(attribute(member("Type", STRING)), "xsi:type"),
            member("ID", STRING),
        ]),
    ),
    shape(
        "ListResourceRecordSetsResponse",
        structure(&[
            bound(member("Status", INTEGER), Location::StatusCode),
            header(member("RequestId", STRING), "x-amzn-RequestId"),
            header(member("Count", INTEGER), "X-Amz-Count"),
            header(member("Flag", BOOLEAN), "X-Amz-Flag"),
            header(member("Modified", HTTP_DATE), "Last-Modified"),
            header(member("Names", STRING_LIST), "X-Amz-Names"),
            bound(
                member("Meta", STRING_MAP),
                Location::PrefixHeaders("x-amz-meta-"),
            ),
            member("ResourceRecordSets", RECORD_LIST),
            member("IsTruncated", BOOLEAN),
            member("MaxItems", STRING),
            flattened(member("Flat", STRING_LIST)),
            flattened(member("FlatNamed", NAMED_LIST)),
            member("Map", STRING_MAP),
            flattened(member("FlatMap", STRING_MAP)),
            member("Tree", TREE),
            member("Choice", CHOICE),
            member("Data", BLOB),
            member("When", TIMESTAMP),
            timestamp_format(member("WhenIso", TIMESTAMP), TimestampFormat::DateTime),
            member("Grantee", GRANTEE),
            xml_name(member("Renamed", STRING), "Other"),
        ]),
    ),
    shape(
        "GetConfigOutput",
        structure(&[
            header(member("ETag", STRING), "ETag"),
            payload(member("Tree", TREE)),
        ]),
    ),
    shape(
        "GetChoiceOutput",
        structure(&[payload(member("Choice", CHOICE))]),
    ),
    shape(
        "GetObjectOutput",
        structure(&[
            payload(member("Body", BLOB)),
            header(member("ContentLength", LONG), "Content-Length"),
            bound(
                member("Metadata", STRING_MAP),
                Location::PrefixHeaders("x-amz-meta-"),
            ),
        ]),
    ),
    shape(
        "GetPolicyOutput",
        structure(&[payload(member("Policy", STRING))]),
    ),
    shape(
        "NoSuchHostedZone",
        structure(&[
            member("Message", STRING),
            member("Detail", RECORD),
            header(member("Header", STRING), "X-Header"),
        ]),
    ),
];

const fn operation(name: &'static str, output: ShapeIdx) -> Operation {
    Operation {
        name,
        input: None,
        output: Some(output),
        errors: &[ERROR_SHAPE],
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

static OPERATIONS: [Operation; 5] = [
    operation("ListResourceRecordSets", LIST_OUTPUT),
    operation("GetConfig", CONFIG_OUTPUT),
    operation("GetChoice", CHOICE_OUTPUT),
    operation("GetObject", OBJECT_OUTPUT),
    operation("GetPolicy", POLICY_OUTPUT),
];

fn members_of(idx: ShapeIdx) -> &'static [MemberDef] {
    match &SHAPES[idx].kind {
        ShapeKind::Structure { members, .. } => members,
        _ => unreachable!("{} is not a structure", SHAPES[idx].name),
    }
}

fn check_output(op: &Operation, (status, body): (u16, &[u8]), out: &Map<String, Value>) {
    let members = members_of(op.output.expect("every operation has an output"));
    for (k, v) in out {
        let m = members
            .iter()
            .find(|m| m.name == k.as_str())
            .unwrap_or_else(|| panic!("{}: {k} is not an output member", op.name));
        let path = format!("{}.{k}", op.name);
        match m.wire.location {
            Location::StatusCode => assert_eq!(v, &Value::from(status), "{path}: the status"),
            Location::Header(_) | Location::PrefixHeaders(_) => {}
            Location::Payload => match SHAPES[m.target].kind {
                ShapeKind::Blob { .. } => {
                    let b64 = base64::engine::general_purpose::STANDARD.encode(body);
                    assert_eq!(v, &Value::String(b64), "{path}: the body's base64");
                }
                ShapeKind::String { .. } => {
                    let text = String::from_utf8_lossy(body).into_owned();
                    assert_eq!(v, &Value::String(text), "{path}: the body's text");
                }
                _ => check_value(SHAPES, v, m.target, None, Scalars::Typed, &path),
            },
            _ => check_value(
                SHAPES,
                v,
                m.target,
                m.wire.timestamp_format,
                Scalars::Typed,
                &path,
            ),
        }
    }
    // Blob and string payloads and the prefix-header maps are always there.
    for m in members {
        let always = match m.wire.location {
            Location::PrefixHeaders(_) | Location::StatusCode => true,
            Location::Payload => matches!(
                SHAPES[m.target].kind,
                ShapeKind::Blob { .. } | ShapeKind::String { .. } | ShapeKind::Structure { .. }
            ),
            _ => false,
        };
        assert!(
            !always || out.contains_key(m.name),
            "{}: {} is always read",
            op.name,
            m.name
        );
    }
}

fn check_error(status: u16, headers: &HeaderMap, body: &[u8]) {
    let response = Response {
        status,
        headers,
        body,
    };
    let err = rest_xml::parse_error(response);
    assert!(
        err == protocol::parse_error(Protocol::RestXml, response),
        "protocol::parse_error dispatches to rest_xml::parse_error"
    );
    assert_eq!(err.status, status);
    assert_eq!(&err.body[..], body);
    let _ = err.to_string();
    let header_id = headers
        .get("x-amzn-requestid")
        .and_then(|v| v.to_str().ok())
        .or_else(|| {
            headers
                .get("x-amz-request-id")
                .and_then(|v| v.to_str().ok())
        });
    let doc = if body.trim_ascii().is_empty() {
        None
    } else {
        xml::parse(body).ok()
    };
    let Some(doc) = doc.filter(|_| !(status >= 500 && body.trim_ascii().starts_with(b"<html>")))
    else {
        assert_eq!(err.code, status.to_string(), "no document: the status");
        assert_eq!(err.message, protocol::reason_phrase(status));
        assert_eq!(err.request_id.as_deref(), header_id);
        return;
    };
    let root = doc.root_element();
    if xml::local_name(root) == "Error" {
        assert_eq!(err.request_id.as_deref(), header_id, "S3: the headers' id");
    } else if err.request_id.as_deref() != header_id {
        let body_id = xml::child(root, "RequestId").map(|n| xml::text(n).trim().to_owned());
        assert_eq!(
            err.request_id, body_id,
            "the body's RequestId, else the headers'"
        );
    }
    if let Some(fields) = protocol::error_fields(Protocol::RestXml, SHAPES, ERROR_SHAPE, body) {
        let Value::Object(o) = &fields else {
            panic!("error fields are an object: {fields}")
        };
        for (k, v) in o {
            let m = members_of(ERROR_SHAPE)
                .iter()
                .find(|m| m.name == k.as_str())
                .unwrap_or_else(|| panic!("{k} is not a member of the error"));
            if m.wire.location == Location::Body {
                check_value(SHAPES, v, m.target, None, Scalars::Typed, k);
            }
        }
    }
    if let Ok(Value::Object(o)) = rest_xml::error_value(SHAPES, ERROR_SHAPE, response) {
        assert_eq!(
            o.get("Header").and_then(Value::as_str),
            header_text(headers, "x-header").as_deref(),
            "a header member of the error (a repeated header's values joined with `, `)"
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
        let result = rest_xml::deserialize(schema, response);
        assert_eq!(
            protocol::deserialize(Protocol::RestXml, schema, response),
            result,
            "protocol::deserialize dispatches to rest_xml::deserialize"
        );
        match result {
            Ok(Value::Object(out)) => check_output(op, (status, body), &out),
            Ok(other) => panic!("{}: the output is not an object: {other}", op.name),
            Err(e) => assert!(
                e.to_string().starts_with("malformed response: "),
                "{}: {e}",
                op.name
            ),
        }
    }
    check_error(status, &headers, body);
    if status < 300 {
        check_error(400, &headers, body);
    }
});
