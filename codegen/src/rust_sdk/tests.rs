//! The generated SDK code for `smithy.api#timestampFormat` and the runtime paths it names.

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

fn types_rs(model: &str) -> String {
    let files = generate(model, &Options::default()).expect("generates");
    files
        .into_iter()
        .find(|f| f.path.ends_with("src/types.rs"))
        .expect("types.rs")
        .contents
}

/// Without whitespace and trailing commas, so the checks do not depend on how prettyplease
/// breaks lines.
fn squash(s: &str) -> String {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    s.replace(",)", ")").replace(",}", "}")
}

#[test]
fn timestamp_formats_reach_the_generated_conversions() {
    let types = squash(&types_rs(TIMESTAMPS));
    let has = |needle: &str| {
        assert!(
            types.contains(&squash(needle)),
            "missing `{needle}` in:\n{types}"
        );
    };
    const DATE_TIME: &str = "::awslice_runtime::json::TimestampFormat::DateTime";
    const HTTP_DATE: &str = "::awslice_runtime::json::TimestampFormat::HttpDate";
    // The member types are the runtime's.
    has("pub plain: ::std::option::Option<::awslice_runtime::json::Timestamp>,");
    has("pub data: ::std::option::Option<::awslice_runtime::json::Blob>");
    // Default (epoch seconds): the plain calls, as before.
    has(r#"m.insert("Plain".into(), ::awslice_runtime::json::ToJson::to_json(v));"#);
    has(r#"plain: ::awslice_runtime::json::optional(obj, "Plain", path)?,"#);
    // The member's trait.
    has(&format!(
        r#"m.insert("Iso".into(), ::awslice_runtime::json::ToJson::to_json_with(v, {DATE_TIME}));"#
    ));
    has(&format!(
        r#"iso: ::awslice_runtime::json::optional_with(obj, "Iso", path, {DATE_TIME})?,"#
    ));
    // The target's trait, directly and through a list and a map member.
    has(&format!(
        r#"http: ::awslice_runtime::json::optional_with(obj, "Http", path, {HTTP_DATE})?,"#
    ));
    has(&format!(
        r#"m.insert("HttpList".into(), ::awslice_runtime::json::ToJson::to_json_with(v, {HTTP_DATE}));"#
    ));
    has(&format!(
        r#"iso_map: ::awslice_runtime::json::optional_with(obj, "IsoMap", path, {DATE_TIME})?,"#
    ));
    // The member's trait wins over the target's; epoch seconds is the default.
    has(r#"r#override: ::awslice_runtime::json::optional(obj, "Override", path)?,"#);
    // Unions.
    has(&format!(
        r#"("At", ::awslice_runtime::json::ToJson::to_json_with(x, {DATE_TIME}))"#
    ));
    has(r#"("Epoch", ::awslice_runtime::json::ToJson::to_json(x))"#);
    has(&format!(
        r#"::awslice_runtime::json::FromJson::from_json_with(value, &::awslice_runtime::json::join(path, "At"), {DATE_TIME})?"#
    ));
    // Nothing refers to a per-crate protocol module any more.
    assert!(!types.contains("crate::protocol"), "{types}");
}

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
