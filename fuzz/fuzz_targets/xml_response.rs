//! The XML reader (`awslice_runtime::protocol::xml`) through the awsQuery codec: the input is
//! a response body, read
//! - as the output of `AssumeRole` (`protocol::deserialize`), whose output shape below uses
//!   every XML reading rule: STS's real members, nested structures, wrapped and flattened
//!   lists (with and without a member `xmlName`), maps with default and renamed key/value
//!   elements, a flattened map, every scalar kind (timestamps in each format, blobs, big
//!   numbers, enums), `xmlName` and `xmlAttribute` members, a union, a recursive structure;
//! - as an error response (`protocol::parse_error`, statuses 400 and 503) and as the fields of
//!   a modelled error (`protocol::error_fields`);
//! - untyped (`xml::text_tree`), and, when short, as the text of each scalar kind
//!   (`xml::read_scalar`).
//!
//! It must never panic, and what comes back must be consistent: a parsed output is an object
//! of the output shape's form; a body that is not XML is a clear `invalid XML` error
//! everywhere; an error always has a code, a message and a request id.
#![no_main]

mod common;

use awslice_runtime::json::Timestamp;
use awslice_runtime::protocol::{self, Response, aws_query, xml};
use awslice_runtime::schema::{
    Auth, Http, Location, Operation, OperationSchema, ShapeDef, ShapeIdx, ShapeKind,
    TimestampFormat,
};
use awslice_runtime::service::Protocol;
use common::{
    Scalars, attribute, bound, check_value, enumeration, flattened, float, integer, list, map,
    member, shape, string, structure, timestamp_format, xml_name,
};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

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
const EPOCH: ShapeIdx = 10;
const STATUS: ShapeIdx = 11;
const LEVEL: ShapeIdx = 12;
const DOCUMENT: ShapeIdx = 13;
const STRING_LIST: ShapeIdx = 14;
const ITEM_LIST: ShapeIdx = 15;
const INTEGER_LIST: ShapeIdx = 16;
const TIMESTAMP_LIST: ShapeIdx = 17;
const LIST_OF_LISTS: ShapeIdx = 18;
const STRING_MAP: ShapeIdx = 19;
const TAG_MAP: ShapeIdx = 20;
const LIST_MAP: ShapeIdx = 21;
const CREDENTIALS: ShapeIdx = 22;
const ASSUMED_ROLE_USER: ShapeIdx = 23;
const TAG: ShapeIdx = 24;
const ATTRIBUTED: ShapeIdx = 25;
const CHOICE: ShapeIdx = 26;
const TREE: ShapeIdx = 27;
const TREE_LIST: ShapeIdx = 28;
const OUTPUT: ShapeIdx = 29;
const EXPIRED_TOKEN: ShapeIdx = 30;
const TAG_LIST: ShapeIdx = 31;

/// The shapes whose text `read_scalar` is given directly.
const SCALARS: [ShapeIdx; 13] = [
    STRING,
    BOOLEAN,
    INTEGER,
    LONG,
    DOUBLE,
    BIG_INTEGER,
    BIG_DECIMAL,
    BLOB,
    TIMESTAMP,
    HTTP_DATE,
    EPOCH,
    STATUS,
    LEVEL,
];

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
        "Epoch",
        ShapeKind::Timestamp {
            format: Some(TimestampFormat::EpochSeconds),
        },
    ),
    shape("Status", enumeration(&["Active", "Inactive"])),
    shape(
        "Level",
        ShapeKind::IntEnum {
            values: &[("LOW", 1), ("HIGH", 2)],
        },
    ),
    shape("Document", ShapeKind::Document),
    shape("StringList", list(STRING, None)),
    shape("ItemList", list(STRING, Some("item"))),
    shape("IntegerList", list(INTEGER, None)),
    shape("TimestampList", list(TIMESTAMP, None)),
    shape("ListOfLists", list(STRING_LIST, None)),
    shape("StringMap", map(STRING, STRING)),
    shape(
        "TagMap",
        ShapeKind::Map {
            key: STRING,
            value: TAG,
            key_xml_name: Some("Name"),
            value_xml_name: Some("Value"),
            key_xml_namespace: None,
            value_xml_namespace: None,
        },
    ),
    shape("ListMap", map(STRING, INTEGER_LIST)),
    shape(
        "Credentials",
        structure(&[
            member("AccessKeyId", STRING),
            member("SecretAccessKey", STRING),
            member("SessionToken", STRING),
            member("Expiration", TIMESTAMP),
        ]),
    ),
    shape(
        "AssumedRoleUser",
        structure(&[member("AssumedRoleId", STRING), member("Arn", STRING)]),
    ),
    shape(
        "Tag",
        structure(&[member("Key", STRING), member("Value", STRING)]),
    ),
    shape(
        "Attributed",
        structure(&[
            member("Text", STRING),
            // `xsi:type="…"`: a namespaced attribute, matched by its local name.
            attribute(xml_name(member("Kind", STRING), "xsi:type")),
            attribute(member("Id", INTEGER)),
            attribute(member("Enabled", BOOLEAN)),
            attribute(timestamp_format(
                member("At", TIMESTAMP),
                TimestampFormat::DateTime,
            )),
        ]),
    ),
    shape(
        "Choice",
        ShapeKind::Union {
            members: &[
                member("Text", STRING),
                member("Number", INTEGER),
                member("Tag", TAG),
                member("Names", STRING_LIST),
                xml_name(member("Renamed", STRING), "other"),
                member("When", HTTP_DATE),
            ],
        },
    ),
    shape(
        "Tree",
        structure(&[
            member("Name", STRING),
            member("Children", TREE_LIST),
            member("Leaf", CHOICE),
        ]),
    ),
    shape("TreeList", list(TREE, None)),
    shape(
        "AssumeRoleResult",
        structure(&[
            // STS AssumeRole's output.
            member("Credentials", CREDENTIALS),
            member("AssumedRoleUser", ASSUMED_ROLE_USER),
            member("PackedPolicySize", INTEGER),
            member("SourceIdentity", STRING),
            // Every scalar kind.
            member("Str", STRING),
            member("Flag", BOOLEAN),
            member("Count", INTEGER),
            member("Size", LONG),
            member("Ratio", DOUBLE),
            member("Huge", BIG_INTEGER),
            member("Exact", BIG_DECIMAL),
            member("Data", BLOB),
            member("When", TIMESTAMP),
            timestamp_format(member("WhenIso", TIMESTAMP), TimestampFormat::DateTime),
            member("WhenHttp", HTTP_DATE),
            member("WhenEpoch", EPOCH),
            member("Status", STATUS),
            member("Level", LEVEL),
            member("Doc", DOCUMENT),
            // Names.
            xml_name(member("Renamed", STRING), "other"),
            attribute(xml_name(member("ResultId", STRING), "id")),
            // Lists.
            member("Wrapped", STRING_LIST),
            member("Items", ITEM_LIST),
            flattened(member("Flat", STRING_LIST)),
            flattened(member("FlatItems", ITEM_LIST)),
            flattened(xml_name(member("FlatRenamed", INTEGER_LIST), "Number")),
            member("Numbers", INTEGER_LIST),
            timestamp_format(member("Times", TIMESTAMP_LIST), TimestampFormat::HttpDate),
            member("Lists", LIST_OF_LISTS),
            member("TagList", TAG_LIST),
            // Maps.
            member("Map", STRING_MAP),
            flattened(member("FlatMap", STRING_MAP)),
            member("Tags", TAG_MAP),
            flattened(xml_name(member("FlatTags", TAG_MAP), "Entry")),
            member("ListMap", LIST_MAP),
            // Nested structures, a union, recursion.
            member("Attributed", ATTRIBUTED),
            member("Choice", CHOICE),
            member("Tree", TREE),
            // Bound elsewhere: never read from the body.
            bound(member("Header", STRING), Location::Header("x-amz-header")),
            bound(member("StatusCode", INTEGER), Location::StatusCode),
        ]),
    ),
    shape(
        "ExpiredTokenException",
        ShapeKind::Structure {
            members: &[
                member("Type", STRING),
                member("Code", STRING),
                member("Message", STRING),
                member("Retryable", BOOLEAN),
                member("ExpiredAt", TIMESTAMP),
                member("Reasons", STRING_LIST),
                member("Detail", TAG),
            ],
            error: Some("client"),
            error_code: Some("ExpiredTokenException"),
        },
    ),
    shape("TagList", list(TAG, Some("Tag"))),
];

static ASSUME_ROLE: Operation = Operation {
    name: "AssumeRole",
    input: None,
    output: Some(OUTPUT),
    errors: &[EXPIRED_TOKEN],
    http: Http::RPC,
    host_prefix: None,
    auth: Auth::SigV4,
    rules: &awslice_runtime::schema::OperationRules::NONE,
};

/// The request id the headers carry (the body's `RequestId` wins).
const HEADER_REQUEST_ID: &str = "header-request-id";

/// Bodies up to this long are also read as the text of each scalar kind.
const SCALAR_TEXT_MAX: usize = 128;

/// Checks `xml::text_tree` against the element it read.
fn check_text_tree(node: xml::Node<'_, '_>, tree: &Value) {
    let children: Vec<_> = xml::child_elements(node).collect();
    if children.is_empty() {
        match (xml::element_text(node), tree) {
            (None, Value::Null) => {}
            (Some(t), Value::String(s)) => assert_eq!(t.as_ref(), s.as_str()),
            (t, v) => panic!("text_tree of a leaf: text {t:?}, value {v}"),
        }
        return;
    }
    let Value::Object(map) = tree else {
        panic!("text_tree of an element with children: {tree}")
    };
    let mut names: Vec<&str> = Vec::new();
    for c in &children {
        let name = xml::local_name(*c);
        if !names.contains(&name) {
            names.push(name);
            check_text_tree(*c, &map[name]);
        }
    }
    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
    assert_eq!(
        keys, names,
        "text_tree keys: each child's name once, in order"
    );
}

/// `read_scalar` on `text` for each scalar kind (and timestamp format).
fn check_scalars(text: &str) {
    for idx in SCALARS {
        let def = &SHAPES[idx];
        let formats: &[Option<TimestampFormat>] = match def.kind {
            ShapeKind::Timestamp { .. } => &[
                None,
                Some(TimestampFormat::EpochSeconds),
                Some(TimestampFormat::DateTime),
                Some(TimestampFormat::HttpDate),
            ],
            _ => &[None],
        };
        for &format in formats {
            match xml::read_scalar(text, def, format) {
                Ok(v) => check_value(SHAPES, &v, idx, format, Scalars::Typed, def.name),
                Err(e) => assert!(!e.message.is_empty(), "an empty error message"),
            }
        }
    }
    // The lenient timestamp reader: what it accepts is finite, and what it accepts in the
    // date-time form survives being written and read back (to the microsecond).
    if let Some(t) = xml::parse_timestamp_text(text) {
        let secs = t.as_secs_f64();
        assert!(secs.is_finite(), "{text:?} read as {secs}");
        if let Some(written) = t.to_date_time() {
            let back = Timestamp::parse_date_time(&written)
                .unwrap_or_else(|| panic!("{written:?} (from {text:?}) does not read back"));
            let diff = (back.as_secs_f64() - secs).abs();
            assert!(
                diff <= 1e-6 + secs.abs() * 1e-15,
                "{text:?}: {secs} written as {written:?}, read back as {}",
                back.as_secs_f64()
            );
        }
    }
}

fuzz_target!(|body: &[u8]| {
    let schema = OperationSchema {
        shapes: SHAPES,
        operation: &ASSUME_ROLE,
    };
    let mut headers = http::HeaderMap::new();
    headers.insert(
        "x-amzn-requestid",
        http::HeaderValue::from_static(HEADER_REQUEST_ID),
    );
    let response = Response {
        status: 200,
        headers: &headers,
        body,
    };
    let parsed = xml::parse(body);

    // The output.
    let output = protocol::deserialize(Protocol::AwsQuery, schema, response);
    match &output {
        Ok(value) => {
            assert!(value.is_object(), "the output is an object: {value}");
            check_value(SHAPES, value, OUTPUT, None, Scalars::Typed, "");
        }
        Err(e) => {
            assert!(!e.message.is_empty(), "an empty error message");
            assert!(e.to_string().starts_with("malformed response: "));
        }
    }
    assert_eq!(
        aws_query::deserialize(schema, response),
        output,
        "protocol::deserialize dispatches to aws_query::deserialize"
    );
    match &parsed {
        Err(e) => {
            assert!(e.message.starts_with("invalid XML: "), "{}", e.message);
            assert_eq!(
                output.as_ref().err(),
                Some(e),
                "not XML: the output is that error"
            );
        }
        Ok(doc) => {
            let root = doc.root_element();
            match xml::child(root, "AssumeRoleResult") {
                Some(node) => assert_eq!(
                    output,
                    xml::read_shape(node, schema, OUTPUT),
                    "the output is the <AssumeRoleResult> element read as the output shape"
                ),
                None => {
                    let e = output
                        .as_ref()
                        .expect_err("no <AssumeRoleResult>: an error");
                    assert!(e.message.contains("<AssumeRoleResult>"), "{}", e.message);
                }
            }
            let tree = xml::text_tree(root);
            check_text_tree(root, &tree);
        }
    }

    // The error response.
    let trimmed = body.trim_ascii();
    for status in [400, 503] {
        let err = protocol::parse_error(
            Protocol::AwsQuery,
            Response {
                status,
                headers: &headers,
                body,
            },
        );
        assert_eq!(err.status, status);
        assert_eq!(&err.body[..], body);
        assert!(!err.code.is_empty(), "an empty error code");
        assert!(
            !err.message.is_empty() || parsed.is_err(),
            "an empty message from XML"
        );
        let id = err
            .request_id
            .as_deref()
            .expect("a request id (the header's at least)");
        assert!(!id.is_empty());
        let bare = status >= 500 && (trimmed.is_empty() || trimmed.starts_with(b"<html>"));
        if bare {
            assert_eq!(err.code, status.to_string());
            assert_eq!(err.message, protocol::reason_phrase(status));
        } else if parsed.is_err() {
            // Not XML: the status and the body's text.
            assert_eq!(err.code, status.to_string());
            assert_eq!(err.message, String::from_utf8_lossy(body).trim());
            assert_eq!(id, HEADER_REQUEST_ID);
        }
        let _ = err.to_string();
    }
    let fields = protocol::error_fields(Protocol::AwsQuery, SHAPES, EXPIRED_TOKEN, body);
    if let Some(value) = &fields {
        check_value(SHAPES, value, EXPIRED_TOKEN, None, Scalars::Typed, "");
        assert!(parsed.is_ok(), "error fields from a body that is not XML");
    }
    assert_eq!(aws_query::error_fields(SHAPES, EXPIRED_TOKEN, body), fields);

    // The text of each scalar kind.
    if body.len() <= SCALAR_TEXT_MAX
        && let Ok(text) = std::str::from_utf8(body)
    {
        check_scalars(text);
    }
});
