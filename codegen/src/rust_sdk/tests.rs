//! The generated SDK code for `smithy.api#timestampFormat` (what it generates is pinned by
//! the `timestamps` snapshot, `codegen/tests/snapshots/timestamps`).

use crate::{Options, generate};

/// A service whose input, output and union carry timestamps in every format, directly and
/// through lists and maps.
const TIMESTAMPS: &str = r#"{"smithy": "2.0", "shapes": {
  "t#Svc": {"type": "service", "version": "1", "operations": [{"target": "t#Op"}],
    "traits": {"aws.api#service": {"sdkId": "T", "endpointPrefix": "t"}, "aws.protocols#awsJson1_1": {}}},
  "t#Op": {"type": "operation", "input": {"target": "t#Times"}, "output": {"target": "t#Times"}},
  "t#Times": {"type": "structure", "members": {
    "Plain": {"target": "smithy.api#Timestamp"},
    "Iso": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "date-time"}},
    "Http": {"target": "t#HttpTime"},
    "Override": {"target": "t#HttpTime", "traits": {"smithy.api#timestampFormat": "epoch-seconds"}},
    "HttpList": {"target": "t#HttpTimes"},
    "IsoMap": {"target": "t#IsoMap"},
    "Choice": {"target": "t#Choice"},
    "Data": {"target": "smithy.api#Blob"}}},
  "t#HttpTime": {"type": "timestamp", "traits": {"smithy.api#timestampFormat": "http-date"}},
  "t#HttpTimes": {"type": "list", "member": {"target": "t#HttpTime"}},
  "t#IsoMap": {"type": "map", "key": {"target": "smithy.api#String"},
    "value": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "date-time"}}},
  "t#Choice": {"type": "union", "members": {
    "At": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "date-time"}},
    "Epoch": {"target": "smithy.api#Timestamp"}}}
}}"#;

#[test]
fn no_protocol_module_is_generated() {
    let files = generate(TIMESTAMPS, &Options::default()).expect("generates");
    assert!(
        files.iter().all(|f| !f.path.ends_with("src/protocol.rs")),
        "{:?}",
        files.iter().map(|f| &f.path).collect::<Vec<_>>()
    );
    for f in &files {
        assert!(
            !f.contents.contains("crate::protocol"),
            "{}: names crate::protocol",
            f.path.display()
        );
    }
}

#[test]
fn an_unknown_timestamp_format_is_an_error() {
    let json = TIMESTAMPS.replace(r#""http-date"}}"#, r#""unix-millis"}}"#);
    assert_ne!(json, TIMESTAMPS);
    // The SDK emitter itself (not only the CLI tables) rejects it.
    let model = crate::model::parse(&json).expect("parses");
    let service = crate::closure::the_service(&model).expect("service");
    let operations = crate::closure::service_operations(&model, &service).expect("operations");
    let e = super::emit_sdk(&model, &service, &operations, "t").expect_err("unknown format");
    assert_eq!(e.shape.as_deref(), Some("t#HttpTime"), "{e}");
    assert!(
        e.to_string()
            .contains("unknown timestampFormat `unix-millis`"),
        "{e}"
    );
}
