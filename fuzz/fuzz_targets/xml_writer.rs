//! The XML writer (`awslice_runtime::protocol::xml_writer`) and the restXml request
//! serializer (`awslice_runtime::protocol::rest_xml::serialize`).
//!
//! The input is used twice:
//! - as text (lossy UTF-8): written as an element's text and an attribute's value, then read
//!   back with the XML reader; when every character is one XML allows, the document must
//!   parse, the attribute must come back exactly and the text with its line ends normalised
//!   (`\r\n` and `\r` → `\n`, as any XML parser does: botocore has the same limit); an empty
//!   text is `<R a="" />`;
//! - as JSON (when it is): the input of each hand-written restXml operation below (a
//!   structure payload with attributes and namespaces, an input document with wrapped and
//!   flattened lists, maps, nested structures, a union, every scalar kind, headers and
//!   labels). Serializing must not panic; a refusal names what is wrong; a body, when every
//!   string in the input is valid XML text, must parse and have the expected root.
#![no_main]

mod common;

use awslice_runtime::protocol::xml_writer::Element;
use awslice_runtime::protocol::{rest_xml, xml};
use awslice_runtime::schema::{
    Auth, Http, Location, MemberDef, Operation, OperationSchema, ShapeDef, ShapeIdx, ShapeKind,
    TimestampFormat, XmlNamespace,
};
use awslice_runtime::service::{Protocol, ServiceMeta};
use common::{
    attribute, bound, enumeration, flattened, float, integer, list, map, member, shape, string,
    structure, timestamp_format, xml_name,
};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const STRING: ShapeIdx = 0;
const BOOLEAN: ShapeIdx = 1;
const INTEGER: ShapeIdx = 2;
const DOUBLE: ShapeIdx = 3;
const BLOB: ShapeIdx = 4;
const TIMESTAMP: ShapeIdx = 5;
const STATE: ShapeIdx = 6;
const STRING_LIST: ShapeIdx = 7;
const NAMED_LIST: ShapeIdx = 8;
const STRING_MAP: ShapeIdx = 9;
const TAG: ShapeIdx = 10;
const TAG_LIST: ShapeIdx = 11;
const GRANTEE: ShapeIdx = 12;
const CHOICE: ShapeIdx = 13;
const TREE: ShapeIdx = 14;
const TREE_LIST: ShapeIdx = 15;
const CONFIGURATION: ShapeIdx = 16;
const PUT_INPUT: ShapeIdx = 17;
const CHANGE_INPUT: ShapeIdx = 18;
const BLOB_INPUT: ShapeIdx = 19;
const EPOCH: ShapeIdx = 20;

const XSI: XmlNamespace = XmlNamespace {
    uri: "http://www.w3.org/2001/XMLSchema-instance",
    prefix: Some("xsi"),
};

const fn with_namespace(mut d: ShapeDef, ns: XmlNamespace) -> ShapeDef {
    d.xml_namespace = Some(ns);
    d
}

const fn named(mut d: ShapeDef, name: &'static str) -> ShapeDef {
    d.xml_name = Some(name);
    d
}

static SHAPES: &[ShapeDef] = &[
    shape("String", string()),
    shape("Boolean", ShapeKind::Boolean),
    shape("Integer", integer()),
    shape("Double", float()),
    shape("Blob", ShapeKind::Blob { streaming: false }),
    shape("Timestamp", ShapeKind::Timestamp { format: None }),
    shape("State", enumeration(&["On", "Off"])),
    shape("StringList", list(STRING, None)),
    shape("NamedList", list(STRING, Some("Item"))),
    shape("StringMap", map(STRING, STRING)),
    shape(
        "Tag",
        structure(&[member("Key", STRING), member("Value", STRING)]),
    ),
    shape("TagList", list(TAG, Some("Tag"))),
    with_namespace(
        shape(
            "Grantee",
            structure(&[
                xml_name(attribute(member("Type", STRING)), "xsi:type"),
                member("ID", STRING),
                member("URI", STRING),
            ]),
        ),
        XSI,
    ),
    shape(
        "Choice",
        ShapeKind::Union {
            members: &[
                member("Text", STRING),
                member("Number", INTEGER),
                member("Tags", TAG_LIST),
            ],
        },
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
    named(
        shape(
            "BucketConfiguration",
            structure(&[
                xml_name(attribute(member("Owner", STRING)), "owner"),
                member("TagSet", TAG_LIST),
                member("Grantee", GRANTEE),
                member("Enabled", BOOLEAN),
                member("Days", INTEGER),
                member("Ratio", DOUBLE),
                member("Data", BLOB),
                member("When", TIMESTAMP),
                timestamp_format(
                    member("WhenEpoch", TIMESTAMP),
                    TimestampFormat::EpochSeconds,
                ),
                member("State", STATE),
                member("Choice", CHOICE),
                member("Tree", TREE),
            ]),
        ),
        "Configuration",
    ),
    shape(
        "PutInput",
        structure(&[
            bound(member("Bucket", STRING), Location::Label),
            bound(member("Owner", STRING), Location::Header("x-amz-owner")),
            bound(member("Configuration", CONFIGURATION), Location::Payload),
        ]),
    ),
    named(
        shape(
            "ChangeInput",
            structure(&[
                bound(member("Id", STRING), Location::Label),
                bound(member("Marker", STRING), Location::Query("marker")),
                member("Comment", STRING),
                member("Names", STRING_LIST),
                flattened(member("Flat", STRING_LIST)),
                flattened(member("FlatNamed", NAMED_LIST)),
                member("Named", NAMED_LIST),
                member("Map", STRING_MAP),
                flattened(member("FlatMap", STRING_MAP)),
                member("Tags", TAG_LIST),
                member("Tree", TREE),
                member("Choice", CHOICE),
                member("Epoch", EPOCH),
                member("Grantee", GRANTEE),
            ]),
        ),
        "ChangeRequest",
    ),
    shape(
        "BlobInput",
        structure(&[
            bound(member("Key", STRING), Location::Label),
            bound(member("Body", BLOB), Location::Payload),
        ]),
    ),
    shape(
        "Epoch",
        ShapeKind::Timestamp {
            format: Some(TimestampFormat::EpochSeconds),
        },
    ),
];

const fn operation(name: &'static str, input: ShapeIdx, uri: &'static str) -> Operation {
    Operation {
        name,
        input: Some(input),
        output: None,
        errors: &[],
        http: Http {
            method: "POST",
            uri,
            code: 200,
        },
        host_prefix: None,
        auth: Auth::SigV4,
        rules: &awslice_runtime::schema::OperationRules::NONE,
    }
}

static OPERATIONS: [Operation; 3] = [
    operation("PutConfiguration", PUT_INPUT, "/{Bucket}?configuration"),
    operation("ChangeResources", CHANGE_INPUT, "/2013-04-01/change/{Id}"),
    operation("PutBlob", BLOB_INPUT, "/blob/{Key}"),
];

static SERVICE: ServiceMeta = ServiceMeta {
    shape_name: "Fuzz",
    sdk_id: "Fuzz",
    endpoint_prefix: "fuzz",
    signing_name: "fuzz",
    protocol: Protocol::RestXml,
    api_version: "2013-04-01",
    endpoint_rule_set: "{}",
    query_compatible: false,
    xml_namespace: Some(XmlNamespace {
        uri: "https://example.com/doc/2013-04-01/",
        prefix: None,
    }),
    signer: awslice_runtime::service::Signer::SigV4,
};

/// A character XML 1.0 allows in a document.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// Whether every string (and key) in `v` is valid XML text.
fn xml_safe(v: &Value) -> bool {
    match v {
        Value::String(s) => s.chars().all(xml_char),
        Value::Array(items) => items.iter().all(xml_safe),
        Value::Object(o) => o
            .iter()
            .all(|(k, v)| k.chars().all(xml_char) && xml_safe(v)),
        _ => true,
    }
}

fn members_of(idx: ShapeIdx) -> &'static [MemberDef] {
    match &SHAPES[idx].kind {
        ShapeKind::Structure { members, .. } => members,
        _ => &[],
    }
}

fn check_text(text: &str) {
    let mut root = Element::new("R");
    root.set_attribute("a", text);
    root.text = Some(text.to_owned());
    let bytes = root.to_bytes();
    if text.is_empty() {
        assert_eq!(bytes, b"<R a=\"\" />");
    }
    if !text.chars().all(xml_char) {
        return;
    }
    let doc = xml::parse(&bytes)
        .unwrap_or_else(|e| panic!("the writer's document does not parse: {e}: {bytes:?}"));
    let r = doc.root_element();
    assert_eq!(xml::local_name(r), "R");
    assert_eq!(
        r.attribute("a"),
        Some(text),
        "the attribute comes back exactly"
    );
    // Line ends compared normalised on both sides: roxmltree keeps a `\r` that text holding
    // a character reference follows (an XML parser must not; expat does not).
    let normalise = |t: &str| t.replace("\r\n", "\n").replace('\r', "\n");
    assert_eq!(
        normalise(&xml::text(r)),
        normalise(text),
        "the text comes back"
    );
}

fuzz_target!(|data: &[u8]| {
    check_text(&String::from_utf8_lossy(data));
    let Ok(input) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    for op in &OPERATIONS {
        let schema = OperationSchema {
            shapes: SHAPES,
            operation: op,
        };
        let result = rest_xml::serialize_with(&SERVICE, schema, &input, &|| "token".to_owned());
        assert_eq!(
            awslice_runtime::protocol::serialize(&SERVICE, schema, &input, Default::default())
                .map(|r| (r.method, r.path, r.query, r.body))
                .map_err(|e| e.message),
            result
                .clone()
                .map(|r| (r.method, r.path, r.query, r.body))
                .map_err(|e| e.message),
            "protocol::serialize dispatches to rest_xml::serialize"
        );
        let request = match result {
            Ok(r) => r,
            Err(e) => {
                assert!(!e.message.is_empty(), "a refusal says why");
                continue;
            }
        };
        assert!(request.path.starts_with('/'));
        assert!(
            !request.headers.iter().any(|(n, _)| n == "content-type"),
            "botocore sends no Content-Type with an XML body"
        );
        let input_idx = op.input.expect("every operation has an input");
        let payload = members_of(input_idx)
            .iter()
            .find(|m| m.wire.location == Location::Payload);
        if let Some(m) = payload
            && let ShapeKind::Blob { .. } = SHAPES[m.target].kind
        {
            continue;
        }
        if request.body.is_empty() || !xml_safe(&input) {
            continue;
        }
        let doc = xml::parse(&request.body).unwrap_or_else(|e| {
            panic!(
                "{}: the body does not parse: {e}: {:?}",
                op.name,
                String::from_utf8_lossy(&request.body)
            )
        });
        let root = doc.root_element();
        let want = match payload {
            Some(_) => "Configuration",
            None => "ChangeRequest",
        };
        assert_eq!(xml::local_name(root), want, "{}: the root", op.name);
        assert_eq!(
            root.tag_name().namespace(),
            SERVICE.xml_namespace.map(|n| n.uri),
            "{}: the root is in the service's namespace",
            op.name
        );
    }
});
