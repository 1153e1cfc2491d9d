//! botocore's protocol compliance suites (`tests/protocol-tests/`, see its README) run against
//! the runtime's protocol codecs.
//!
//! Each case is turned into a one-operation Smithy JSON AST model (botocore's model format
//! mapped to the Smithy traits it stands for), read with the generator's model parser and
//! made into the runtime's schema values by the same code that builds the generated tables
//! ([`schema_values`]). Input cases serialize `params` with the codec (with both JSON
//! styles: the CLI's Python layout and the SDK's compact one) and compare the request with
//! `serialized`; output cases feed `response` to the codec's response or error parser and
//! compare what it reads with `result` or `error`.
//!
//! A case is skipped only where botocore's own ignore list
//! (`protocol-tests-ignore-list.json`) skips it. Each file prints
//! `<file>: N passed, M failed, K skipped`; a file with a failing case fails its test,
//! listing each failure with what differs.

use std::io::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};

use awslice_codegen::model::{ShapeId, parse};
use awslice_codegen::schema_tables::{SchemaValues, schema_values};
use awslice_runtime::json::{Timestamp, TimestampFormat};
use awslice_runtime::protocol::{self, JsonStyle, Request, Response};
use awslice_runtime::schema::{
    Location, Operation, OperationSchema, ShapeDef, ShapeIdx, ShapeKind,
};
use awslice_runtime::service::{Protocol, ServiceMeta};
use base64::Engine as _;
use serde_json::{Map, Value, json};

/// The idempotency token the Smithy tests expect.
const TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// The namespace of the converted models.
const NS: &str = "bctest";

/// The folder of the vendored suites.
fn suites_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/protocol-tests")
}

fn load(rel: &str) -> Value {
    let path = suites_dir().join(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Input,
    Output,
}

impl Direction {
    fn key(self) -> &'static str {
        match self {
            Direction::Input => "input",
            Direction::Output => "output",
        }
    }
}

// ---------------------------------------------------------------------------------------
// The tests: one per file.

#[test]
fn input_json() {
    run_file("input/json.json");
}

#[test]
fn input_json_1_0() {
    run_file("input/json_1_0.json");
}

#[test]
fn input_json_1_0_query_compatible() {
    run_file("input/json_1_0-query-compatible.json");
}

#[test]
fn input_query() {
    run_file("input/query.json");
}

#[test]
fn input_rest_json() {
    run_file("input/rest-json.json");
}

#[test]
fn input_rest_xml() {
    run_file("input/rest-xml.json");
}

#[test]
fn input_ec2() {
    run_file("input/ec2.json");
}

#[test]
fn output_json() {
    run_file("output/json.json");
}

#[test]
fn output_json_1_0() {
    run_file("output/json_1_0.json");
}

#[test]
fn output_json_1_0_query_compatible() {
    run_file("output/json_1_0-query-compatible.json");
}

#[test]
fn output_query() {
    run_file("output/query.json");
}

#[test]
fn output_rest_json() {
    run_file("output/rest-json.json");
}

#[test]
fn output_rest_xml() {
    run_file("output/rest-xml.json");
}

#[test]
fn output_ec2() {
    run_file("output/ec2.json");
}

#[test]
fn legacy_input_json() {
    run_file("legacy/input/json.json");
}

#[test]
fn legacy_input_query() {
    run_file("legacy/input/query.json");
}

#[test]
fn legacy_input_rest_json() {
    run_file("legacy/input/rest-json.json");
}

#[test]
fn legacy_input_rest_xml() {
    run_file("legacy/input/rest-xml.json");
}

#[test]
fn legacy_input_ec2() {
    run_file("legacy/input/ec2.json");
}

#[test]
fn legacy_output_json() {
    run_file("legacy/output/json.json");
}

#[test]
fn legacy_output_query() {
    run_file("legacy/output/query.json");
}

#[test]
fn legacy_output_rest_json() {
    run_file("legacy/output/rest-json.json");
}

#[test]
fn legacy_output_rest_xml() {
    run_file("legacy/output/rest-xml.json");
}

#[test]
fn legacy_output_ec2() {
    run_file("legacy/output/ec2.json");
}

// ---------------------------------------------------------------------------------------
// The runner.

/// botocore's ignore list, for one file: the suites (by description) and case ids it skips,
/// each with the list it is in.
struct Skips {
    suites: Vec<(String, String)>,
    cases: Vec<(String, String)>,
}

impl Skips {
    fn for_file(protocol_key: &str, direction: Direction) -> Skips {
        let list = load("protocol-tests-ignore-list.json");
        let dir = direction.key();
        let entries = |path: String| -> Vec<(String, String)> {
            list.pointer(&format!("/{}", path.replace('.', "/")))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(|s| (s.to_owned(), path.clone()))
                .collect()
        };
        let mut suites = entries(format!("general.{dir}.suites"));
        suites.extend(entries(format!("protocols.{protocol_key}.{dir}.suites")));
        let mut cases = entries(format!("general.{dir}.cases"));
        cases.extend(entries(format!("protocols.{protocol_key}.{dir}.cases")));
        Skips { suites, cases }
    }

    /// Why the suite `description` or the case `id` is skipped, if it is.
    fn reason(&self, description: &str, id: &str) -> Option<String> {
        let found = |list: &[(String, String)], key: &str| {
            list.iter()
                .find(|(entry, _)| entry == key)
                .map(|(entry, path)| format!("botocore's ignore list, {path}: {entry:?}"))
        };
        found(&self.suites, description).or_else(|| found(&self.cases, id))
    }
}

/// Cases awslice does not pass yet, each with the reason (file, case id, why). Strict: a case
/// listed here that passes fails the test, so the list only holds what is still true; each is
/// a known difference in docs/compat.md.
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[(
    "legacy/output/rest-json.json",
    "Supports header maps [case 0]",
    "botocore keeps response header names as received (`x-Foo` gives the key `Foo`); the HTTP \
     stack hands awslice lower-cased names, so prefix-header map keys are lower case",
)];

fn run_file(rel: &str) {
    let direction = if rel.contains("input/") {
        Direction::Input
    } else {
        Direction::Output
    };
    let stem = rel
        .rsplit('/')
        .next()
        .and_then(|f| f.strip_suffix(".json"))
        .unwrap_or(rel);
    let skips = Skips::for_file(stem, direction);
    let suites = load(rel);
    let (mut passed, mut skipped, mut known) = (0usize, 0usize, 0usize);
    let mut failures: Vec<String> = Vec::new();
    let mut log = String::new();
    for suite in suites.as_array().expect("a file is an array of suites") {
        let description = suite["description"].as_str().unwrap_or_default();
        let cases = suite["cases"].as_array().map_or(&[][..], Vec::as_slice);
        for (i, case) in cases.iter().enumerate() {
            let id = match case.get("id").and_then(Value::as_str) {
                Some(id) => id.to_owned(),
                None => format!("{description} [case {i}]"),
            };
            if let Some(reason) = skips.reason(description, &id) {
                skipped += 1;
                log.push_str(&format!("  skipped {id}: {reason}\n"));
                continue;
            }
            let outcome = catch_unwind(AssertUnwindSafe(|| match direction {
                Direction::Input => run_input(suite, case),
                Direction::Output => run_output(suite, case),
            }))
            .unwrap_or_else(|panic| {
                let what = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                Err(format!("panicked: {what}"))
            });
            let known_reason = KNOWN_DIFFERENCES
                .iter()
                .find(|(file, case, _)| *file == rel && *case == id)
                .map(|(_, _, why)| *why);
            match (outcome, known_reason) {
                (Ok(()), None) => passed += 1,
                (Ok(()), Some(_)) => failures.push(format!(
                    "{id} ({description}): passes now; remove it from KNOWN_DIFFERENCES"
                )),
                (Err(_), Some(why)) => {
                    known += 1;
                    log.push_str(&format!("  known difference {id}: {why}\n"));
                }
                (Err(diff), None) => failures.push(format!("{id} ({description}):\n{diff}")),
            }
        }
    }
    let known = if known > 0 {
        format!(" ({known} known difference, listed below)")
    } else {
        String::new()
    };
    let summary = format!(
        "{rel}: {passed} passed, {} failed, {skipped} skipped{known}",
        failures.len()
    );
    // Straight to the process's stderr, past the test harness's capture: the counts show in
    // every run.
    let _ = std::io::stderr().write_all(format!("{summary}\n{log}").as_bytes());
    assert!(
        failures.is_empty(),
        "{summary}\n\n{}",
        failures.join("\n\n")
    );
}

// ---------------------------------------------------------------------------------------
// botocore suite → Smithy JSON AST.

/// The protocol a suite speaks.
fn protocol_of(suite: &Value) -> Protocol {
    let meta = &suite["metadata"];
    match meta["protocol"].as_str() {
        Some("json") if meta["jsonVersion"].as_str() == Some("1.0") => Protocol::AwsJson1_0,
        Some("json") => Protocol::AwsJson1_1,
        Some("rest-json") => Protocol::RestJson1,
        Some("query") => Protocol::AwsQuery,
        Some("rest-xml") => Protocol::RestXml,
        Some("ec2") => Protocol::Ec2Query,
        other => panic!("unsupported protocol {other:?}"),
    }
}

fn sid(name: &str) -> String {
    format!("{NS}#{name}")
}

/// botocore's timestamp format names → Smithy's.
fn timestamp_trait(format: &str) -> Value {
    Value::String(
        match format {
            "iso8601" => "date-time",
            "unixTimestamp" => "epoch-seconds",
            "rfc822" => "http-date",
            other => other,
        }
        .to_owned(),
    )
}

/// `xmlNamespace` as botocore writes it (a URI string or `{uri, prefix}`) → the Smithy trait.
fn namespace_trait(v: &Value) -> Value {
    match v {
        Value::String(uri) => json!({ "uri": uri }),
        other => other.clone(),
    }
}

/// The suite's shapes and the case's operation as a Smithy JSON AST model; the operation's
/// shape id.
fn smithy_model(suite: &Value, case: &Value) -> Result<(Value, String), String> {
    let protocol = protocol_of(suite);
    let meta = &suite["metadata"];
    let empty = Map::new();
    let shapes = suite["shapes"].as_object().unwrap_or(&empty);
    let given = &case["given"];
    let op_name = given["name"].as_str().unwrap_or("OperationName");
    let mut out = Map::new();

    // Per-member additions that come from the operation rather than the shapes.
    let input_name = given.pointer("/input/shape").and_then(Value::as_str);
    let payload_of = |shape: &str, sh: &Value| -> Option<String> {
        if Some(shape) == input_name
            && let Some(p) = given.pointer("/input/payload").and_then(Value::as_str)
        {
            return Some(p.to_owned());
        }
        sh["payload"].as_str().map(str::to_owned)
    };

    for (name, sh) in shapes {
        if name == op_name {
            return Err(format!("shape {name} has the operation's name"));
        }
        let mut traits = Map::new();
        let ty = sh["type"].as_str().unwrap_or_default();
        let mut shape = Map::new();
        let range_or_length = |traits: &mut Map<String, Value>, numeric: bool| {
            let (min, max) = (sh.get("min"), sh.get("max"));
            if min.is_none() && max.is_none() {
                return;
            }
            let mut t = Map::new();
            if let Some(m) = min {
                t.insert("min".into(), m.clone());
            }
            if let Some(m) = max {
                t.insert("max".into(), m.clone());
            }
            let key = if numeric {
                "smithy.api#range"
            } else {
                "smithy.api#length"
            };
            traits.insert(key.into(), Value::Object(t));
        };
        let smithy_type = match ty {
            "structure" => {
                let kind = if sh["document"].as_bool() == Some(true) {
                    "document"
                } else if sh["union"].as_bool() == Some(true) {
                    "union"
                } else if sh["eventstream"].as_bool() == Some(true) {
                    traits.insert("smithy.api#streaming".into(), json!({}));
                    "union"
                } else {
                    "structure"
                };
                if kind != "document" {
                    let required: Vec<&str> = sh["required"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect();
                    let payload = payload_of(name, sh);
                    let mut members = Map::new();
                    for (mname, m) in sh["members"].as_object().unwrap_or(&empty) {
                        let mut t = member_traits(protocol, shapes, mname, m, &mut out)?;
                        if required.contains(&mname.as_str()) {
                            t.insert("smithy.api#required".into(), json!({}));
                        }
                        if payload.as_deref() == Some(mname.as_str()) {
                            t.insert("smithy.api#httpPayload".into(), json!({}));
                        }
                        members.insert(mname.clone(), member_json(m, t));
                    }
                    shape.insert("members".into(), Value::Object(members));
                }
                // A structure's own namespace (botocore also merges it into every member
                // that targets the structure, which `member_traits` does).
                if let Some(ns) = sh.get("xmlNamespace") {
                    traits.insert("smithy.api#xmlNamespace".into(), namespace_trait(ns));
                }
                if Some(name.as_str()) == input_name {
                    if let Some(n) = given.pointer("/input/locationName") {
                        traits.insert("smithy.api#xmlName".into(), n.clone());
                    }
                    if let Some(n) = given.pointer("/input/xmlNamespace") {
                        traits.insert("smithy.api#xmlNamespace".into(), namespace_trait(n));
                    }
                }
                if sh["exception"].as_bool() == Some(true) || sh["fault"].as_bool() == Some(true) {
                    let fault = sh["fault"].as_bool() == Some(true)
                        || sh.pointer("/error/senderFault").and_then(Value::as_bool) == Some(false);
                    traits.insert(
                        "smithy.api#error".into(),
                        Value::String(if fault { "server" } else { "client" }.into()),
                    );
                }
                if let Some(error) = sh.get("error") {
                    let mut q = Map::new();
                    if let Some(code) = error.get("code") {
                        q.insert("code".into(), code.clone());
                    }
                    if let Some(status) = error.get("httpStatusCode") {
                        q.insert("httpResponseCode".into(), status.clone());
                        traits.insert("smithy.api#httpError".into(), status.clone());
                    }
                    traits.insert("aws.protocols#awsQueryError".into(), Value::Object(q));
                }
                kind
            }
            "list" => {
                let m = &sh["member"];
                let t = member_traits(protocol, shapes, "member", m, &mut out)?;
                shape.insert("member".into(), member_json(m, t));
                range_or_length(&mut traits, false);
                "list"
            }
            "map" => {
                for k in ["key", "value"] {
                    let m = &sh[k];
                    let t = member_traits(protocol, shapes, k, m, &mut out)?;
                    shape.insert(k.into(), member_json(m, t));
                }
                range_or_length(&mut traits, false);
                "map"
            }
            "string" | "character" => {
                if let Some(values) = sh["enum"].as_array() {
                    let values: Vec<Value> = values.iter().map(|v| json!({ "value": v })).collect();
                    traits.insert("smithy.api#enum".into(), Value::Array(values));
                }
                if let Some(p) = sh.get("pattern") {
                    traits.insert("smithy.api#pattern".into(), p.clone());
                }
                range_or_length(&mut traits, false);
                "string"
            }
            "blob" => {
                if sh["streaming"].as_bool() == Some(true) {
                    traits.insert("smithy.api#streaming".into(), json!({}));
                }
                range_or_length(&mut traits, false);
                "blob"
            }
            "timestamp" => {
                if let Some(f) = sh["timestampFormat"].as_str() {
                    traits.insert("smithy.api#timestampFormat".into(), timestamp_trait(f));
                }
                "timestamp"
            }
            "integer" | "long" | "short" | "byte" | "float" | "double" => {
                range_or_length(&mut traits, true);
                ty
            }
            "boolean" => "boolean",
            "bigdecimal" => "bigDecimal",
            "biginteger" => "bigInteger",
            other => return Err(format!("shape {name}: unknown botocore type {other:?}")),
        };
        shape.insert("type".into(), Value::String(smithy_type.into()));
        if !traits.is_empty() {
            shape.insert("traits".into(), Value::Object(traits));
        }
        out.insert(sid(name), Value::Object(shape));
    }

    // The operation.
    let mut op = Map::new();
    op.insert("type".into(), json!("operation"));
    for io in ["input", "output"] {
        if let Some(s) = given
            .pointer(&format!("/{io}/shape"))
            .and_then(Value::as_str)
        {
            op.insert(io.into(), json!({ "target": sid(s) }));
        }
    }
    // The operation's errors, then every other error shape of the suite: botocore looks an
    // error code up among all the shapes of the model, not only the operation's errors.
    let mut error_names: Vec<&str> = given["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["shape"].as_str())
        .collect();
    for (name, sh) in shapes {
        let is_error = ["exception", "fault"]
            .iter()
            .any(|k| sh[k].as_bool() == Some(true))
            || sh.get("error").is_some();
        if is_error && !error_names.contains(&name.as_str()) {
            error_names.push(name);
        }
    }
    let errors: Vec<Value> = error_names
        .iter()
        .map(|s| json!({ "target": sid(s) }))
        .collect();
    if !errors.is_empty() {
        op.insert("errors".into(), Value::Array(errors));
    }
    let mut traits = Map::new();
    if let Some(http) = given.get("http") {
        let uri = http["requestUri"].as_str().unwrap_or("/");
        let uri = rename_labels(uri, input_name.and_then(|n| shapes.get(n)));
        let mut t = Map::new();
        t.insert(
            "method".into(),
            http.get("method").cloned().unwrap_or(json!("POST")),
        );
        t.insert("uri".into(), Value::String(uri));
        if let Some(code) = http.get("responseCode") {
            t.insert("code".into(), code.clone());
        }
        traits.insert("smithy.api#http".into(), Value::Object(t));
    }
    if let Some(prefix) = given.pointer("/endpoint/hostPrefix") {
        traits.insert(
            "smithy.api#endpoint".into(),
            json!({ "hostPrefix": prefix }),
        );
    }
    if given["idempotent"].as_bool() == Some(true) {
        traits.insert("smithy.api#idempotent".into(), json!({}));
    }
    if given["httpChecksumRequired"].as_bool() == Some(true) {
        traits.insert("smithy.api#httpChecksumRequired".into(), json!({}));
    }
    if let Some(encodings) = given.pointer("/requestcompression/encodings") {
        traits.insert(
            "smithy.api#requestCompression".into(),
            json!({ "encodings": encodings }),
        );
    }
    if given["authtype"].as_str() == Some("none") {
        traits.insert("smithy.api#auth".into(), json!([]));
    }
    if !traits.is_empty() {
        op.insert("traits".into(), Value::Object(traits));
    }
    let op_id = sid(op_name);
    out.insert(op_id.clone(), Value::Object(op));

    // The service.
    let service_name = meta["targetPrefix"].as_str().unwrap_or("Bctest");
    if shapes.contains_key(service_name) {
        return Err(format!("shape {service_name} has the service's name"));
    }
    let mut traits = Map::new();
    let protocol_trait = match protocol {
        Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
        Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
        Protocol::RestJson1 => "aws.protocols#restJson1",
        Protocol::AwsQuery => "aws.protocols#awsQuery",
        Protocol::RestXml => "aws.protocols#restXml",
        Protocol::Ec2Query => "aws.protocols#ec2Query",
    };
    traits.insert(protocol_trait.into(), json!({}));
    traits.insert(
        "aws.api#service".into(),
        json!({"sdkId": "Bctest", "endpointPrefix": "bctest"}),
    );
    traits.insert("aws.auth#sigv4".into(), json!({"name": "bctest"}));
    if matches!(protocol, Protocol::AwsQuery | Protocol::Ec2Query) {
        // The Smithy selectors want one; requests never show it.
        traits.insert(
            "smithy.api#xmlNamespace".into(),
            json!({"uri": "https://example.com/"}),
        );
    }
    if meta.get("awsQueryCompatible").is_some() {
        traits.insert("aws.protocols#awsQueryCompatible".into(), json!({}));
    }
    out.insert(
        sid(service_name),
        json!({
            "type": "service",
            "version": meta["apiVersion"].as_str().unwrap_or(""),
            "operations": [{"target": op_id.clone()}],
            "traits": traits,
        }),
    );
    Ok((json!({"smithy": "2.0", "shapes": out}), op_id))
}

/// A member's JSON AST (target and traits).
fn member_json(m: &Value, traits: Map<String, Value>) -> Value {
    let target = sid(m["shape"].as_str().unwrap_or_default());
    if traits.is_empty() {
        json!({ "target": target })
    } else {
        json!({ "target": target, "traits": traits })
    }
}

/// The Smithy traits of a botocore member (`m`), with what its target shape carries for every
/// member that targets it (botocore merges the two, the member winning). A `jsonvalue` member
/// gets its own copy of the target string with `smithy.api#mediaType`, added to `out`.
fn member_traits(
    protocol: Protocol,
    shapes: &Map<String, Value>,
    name: &str,
    m: &Value,
    out: &mut Map<String, Value>,
) -> Result<Map<String, Value>, String> {
    let target_name = m["shape"]
        .as_str()
        .ok_or_else(|| format!("a member without a shape: {m}"))?;
    let target = shapes
        .get(target_name)
        .ok_or_else(|| format!("no shape {target_name}"))?;
    let pick = |k: &str| m.get(k).or_else(|| target.get(k));
    let mut t = Map::new();
    let location_name = pick("locationName").and_then(Value::as_str);
    // botocore's `queryName`: the member's ec2Query key.
    if let Some(q) = m.get("queryName").and_then(Value::as_str) {
        t.insert("aws.protocols#ec2QueryName".into(), json!(q));
    }
    // Where a bound member has no `locationName`, botocore uses the member's name.
    let bound_name = location_name.unwrap_or(name);
    match pick("location").and_then(Value::as_str) {
        Some("uri") => {
            t.insert("smithy.api#httpLabel".into(), json!({}));
            t.insert("smithy.api#required".into(), json!({}));
        }
        Some("querystring") => {
            if target["type"].as_str() == Some("map") {
                t.insert("smithy.api#httpQueryParams".into(), json!({}));
            } else {
                t.insert("smithy.api#httpQuery".into(), json!(bound_name));
            }
        }
        Some("header") => {
            t.insert("smithy.api#httpHeader".into(), json!(bound_name));
        }
        Some("headers") => {
            t.insert(
                "smithy.api#httpPrefixHeaders".into(),
                json!(location_name.unwrap_or("")),
            );
        }
        Some("statusCode") => {
            t.insert("smithy.api#httpResponseCode".into(), json!({}));
        }
        Some(other) => return Err(format!("unknown location {other:?}")),
        None => {
            if let Some(n) = location_name {
                let key = match protocol {
                    Protocol::AwsQuery | Protocol::RestXml | Protocol::Ec2Query => {
                        "smithy.api#xmlName"
                    }
                    _ => "smithy.api#jsonName",
                };
                t.insert(key.into(), json!(n));
            }
        }
    }
    if pick("flattened").and_then(Value::as_bool) == Some(true) {
        t.insert("smithy.api#xmlFlattened".into(), json!({}));
    }
    if m["xmlAttribute"].as_bool() == Some(true) {
        t.insert("smithy.api#xmlAttribute".into(), json!({}));
    }
    if let Some(ns) = pick("xmlNamespace") {
        t.insert("smithy.api#xmlNamespace".into(), namespace_trait(ns));
    }
    if m["hostLabel"].as_bool() == Some(true) {
        t.insert("smithy.api#hostLabel".into(), json!({}));
    }
    if m["idempotencyToken"].as_bool() == Some(true) {
        t.insert("smithy.api#idempotencyToken".into(), json!({}));
    }
    if let Some(f) = m["timestampFormat"].as_str() {
        t.insert("smithy.api#timestampFormat".into(), timestamp_trait(f));
    }
    if m["eventpayload"].as_bool() == Some(true) {
        t.insert("smithy.api#eventPayload".into(), json!({}));
    }
    if m["eventheader"].as_bool() == Some(true) {
        t.insert("smithy.api#eventHeader".into(), json!({}));
    }
    if m["jsonvalue"].as_bool() == Some(true) {
        // Smithy puts `mediaType` on the string shape: a copy of the target that carries it.
        let copy = format!("{target_name}__JsonValue");
        out.insert(
            sid(&copy),
            json!({"type": "string", "traits": {"smithy.api#mediaType": "application/json"}}),
        );
        t.insert("__target".into(), json!(sid(&copy)));
    }
    Ok(t)
}

/// A botocore request URI with its labels (`{locationName}`, `{locationName+}`) renamed to
/// the members' names, as Smithy writes them.
fn rename_labels(uri: &str, input: Option<&Value>) -> String {
    let Some(members) = input.and_then(|s| s["members"].as_object()) else {
        return uri.to_owned();
    };
    let mut out = String::new();
    let mut rest = uri;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..=open]);
        let label = &rest[open + 1..open + len];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(n) => (n, "+"),
            None => (label, ""),
        };
        let member = members
            .iter()
            .find(|(mname, m)| {
                m["location"].as_str() == Some("uri")
                    && m["locationName"].as_str().unwrap_or(mname) == name
            })
            .map_or(name, |(mname, _)| mname.as_str());
        out.push_str(member);
        out.push_str(greedy);
        out.push('}');
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Moves the `__target` pseudo-trait [`member_traits`] leaves for `jsonvalue` members into
/// the member's target.
fn fix_targets(model: &mut Value) {
    fn fix(member: &mut Value) {
        let Some(traits) = member.get_mut("traits").and_then(Value::as_object_mut) else {
            return;
        };
        if let Some(t) = traits.remove("__target") {
            let empty = traits.is_empty();
            member["target"] = t;
            if empty && let Some(m) = member.as_object_mut() {
                m.remove("traits");
            }
        }
    }
    let Some(shapes) = model["shapes"].as_object_mut() else {
        return;
    };
    for shape in shapes.values_mut() {
        if let Some(members) = shape.get_mut("members").and_then(Value::as_object_mut) {
            members.values_mut().for_each(fix);
        }
        for k in ["member", "key", "value"] {
            if let Some(m) = shape.get_mut(k) {
                fix(m);
            }
        }
    }
}

/// A converted case: the schema values and the service.
pub(crate) struct Built {
    pub(crate) schema: SchemaValues,
    pub(crate) service: &'static ServiceMeta,
}

impl Built {
    pub(crate) fn operation(&self) -> &Operation {
        &self.schema.operations[0]
    }

    fn op_schema(&self) -> OperationSchema<'_> {
        OperationSchema {
            shapes: self.schema.shapes,
            operation: self.operation(),
        }
    }
}

pub(crate) fn build(suite: &Value, case: &Value) -> Result<Built, String> {
    let (mut model, op_id) = smithy_model(suite, case)?;
    fix_targets(&mut model);
    let text = model.to_string();
    let model = parse(&text).map_err(|e| format!("the converted model does not parse: {e}"))?;
    let schema = schema_values(&model, &[ShapeId(op_id)])
        .map_err(|e| format!("no schema values for the converted model: {e}"))?;
    let meta = &suite["metadata"];
    let service = Box::leak(Box::new(ServiceMeta {
        shape_name: leak(meta["targetPrefix"].as_str().unwrap_or("Bctest")),
        sdk_id: "Bctest",
        endpoint_prefix: "bctest",
        signing_name: "bctest",
        protocol: protocol_of(suite),
        api_version: leak(meta["apiVersion"].as_str().unwrap_or("")),
        endpoint_rule_set: "{}",
        query_compatible: meta.get("awsQueryCompatible").is_some(),
        xml_namespace: None,
        signer: awslice_runtime::service::Signer::SigV4,
    }));
    Ok(Built { schema, service })
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

// ---------------------------------------------------------------------------------------
// Values: params into the codecs' value form, outputs into botocore's test form.

/// The timestamp format of a value of shape `shape` reached through a member with
/// `member_format`, in a JSON body.
fn json_timestamp_format(
    shape: &ShapeDef,
    member_format: Option<TimestampFormat>,
) -> TimestampFormat {
    member_format.unwrap_or(match shape.kind {
        ShapeKind::Timestamp {
            format: Some(format),
        } => format,
        _ => TimestampFormat::EpochSeconds,
    })
}

/// `params` (botocore's form: timestamps as epoch numbers, blobs as text) as the codecs'
/// value form (timestamps in their JSON form, blobs as base64 text).
pub(crate) fn value_form(
    shapes: &[ShapeDef],
    v: &Value,
    idx: ShapeIdx,
    member_format: Option<TimestampFormat>,
) -> Value {
    let shape = &shapes[idx];
    match (&shape.kind, v) {
        (ShapeKind::Structure { members, .. } | ShapeKind::Union { members }, Value::Object(o)) => {
            Value::Object(
                o.iter()
                    .map(|(k, item)| {
                        let item = match members.iter().find(|m| m.name == k.as_str()) {
                            Some(m) => value_form(shapes, item, m.target, m.wire.timestamp_format),
                            None => item.clone(),
                        };
                        (k.clone(), item)
                    })
                    .collect(),
            )
        }
        (ShapeKind::List { member, .. }, Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|i| value_form(shapes, i, *member, None))
                .collect(),
        ),
        (ShapeKind::Map { value, .. }, Value::Object(o)) => Value::Object(
            o.iter()
                .map(|(k, i)| (k.clone(), value_form(shapes, i, *value, None)))
                .collect(),
        ),
        (ShapeKind::Timestamp { .. }, Value::Number(n)) => {
            let t = Timestamp(n.as_f64().unwrap_or_default());
            t.to_value(json_timestamp_format(shape, member_format))
        }
        (ShapeKind::Blob { .. }, Value::String(s)) => {
            Value::String(base64::engine::general_purpose::STANDARD.encode(s.as_bytes()))
        }
        _ => v.clone(),
    }
}

/// A value the codecs read (value form) as botocore's tests write results: structure members
/// known to the shape only, timestamps as epoch seconds, blobs as UTF-8 text.
fn test_form(shapes: &[ShapeDef], v: &Value, idx: ShapeIdx) -> Value {
    let shape = &shapes[idx];
    match (&shape.kind, v) {
        (ShapeKind::Structure { members, .. } | ShapeKind::Union { members }, Value::Object(o)) => {
            let mut out = Map::new();
            for m in members.iter() {
                if let Some(item) = o.get(m.name).filter(|i| !i.is_null()) {
                    let item = match item {
                        // An event stream: the list of its events.
                        Value::Array(events) if m.wire.event_stream => Value::Array(
                            events
                                .iter()
                                .map(|e| test_form(shapes, e, m.target))
                                .collect(),
                        ),
                        _ => test_form(shapes, item, m.target),
                    };
                    out.insert(m.name.to_owned(), item);
                }
            }
            if let Some(unknown) = o.get("SDK_UNKNOWN_MEMBER") {
                out.insert("SDK_UNKNOWN_MEMBER".into(), unknown.clone());
            }
            Value::Object(out)
        }
        (ShapeKind::List { member, .. }, Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|i| test_form(shapes, i, *member))
                .collect(),
        ),
        (ShapeKind::Map { value, .. }, Value::Object(o)) => Value::Object(
            o.iter()
                .map(|(k, i)| (k.clone(), test_form(shapes, i, *value)))
                .collect(),
        ),
        (ShapeKind::Timestamp { .. }, Value::Number(_) | Value::String(_)) => {
            match awslice_runtime::protocol::encode::parse_timestamp(v) {
                Some(t) => t.to_value(TimestampFormat::EpochSeconds),
                None => v.clone(),
            }
        }
        (ShapeKind::Blob { .. }, Value::String(s)) => {
            match base64::engine::general_purpose::STANDARD.decode(s) {
                Ok(bytes) => Value::String(String::from_utf8_lossy(&bytes).into_owned()),
                Err(_) => v.clone(),
            }
        }
        _ => v.clone(),
    }
}

/// Equality as Python's `==` on parsed JSON: numbers by value (`1 == 1.0`), objects whatever
/// their key order.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, a)| y.get(k).is_some_and(|b| same(a, b)))
        }
        _ => a == b,
    }
}

// ---------------------------------------------------------------------------------------
// Input cases.

fn run_input(suite: &Value, case: &Value) -> Result<(), String> {
    let built = build(suite, case)?;
    let op = built.operation();
    let params = case.get("params").cloned().unwrap_or_else(|| json!({}));
    let input = match op.input {
        Some(idx) => value_form(built.schema.shapes, &params, idx, None),
        None => params,
    };
    let mut problems = Vec::new();
    for style in [JsonStyle::Python, JsonStyle::Compact] {
        let request = serialize(&built, &input, style)
            .map_err(|e| format!("[{style:?}] serialization failed: {e}"))?;
        if let Err(diff) = compare_request(&built, suite, case, &request) {
            problems.push(format!("[{style:?}] {diff}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// The codec's request, with the harness's fixed idempotency token.
pub(crate) fn serialize(
    built: &Built,
    input: &Value,
    style: JsonStyle,
) -> Result<Request, protocol::SerializeError> {
    let schema = built.op_schema();
    match built.service.protocol {
        Protocol::RestJson1 => {
            protocol::rest_json::serialize_with(schema, input, style, &|| TOKEN.to_owned())
        }
        Protocol::AwsQuery => {
            protocol::aws_query::serialize_with(built.service, schema, input, &mut || {
                TOKEN.to_owned()
            })
        }
        Protocol::RestXml => {
            protocol::rest_xml::serialize_with(built.service, schema, input, &|| TOKEN.to_owned())
        }
        Protocol::Ec2Query => {
            protocol::ec2_query::serialize_with(built.service, schema, input, &mut || {
                TOKEN.to_owned()
            })
        }
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            protocol::serialize(built.service, schema, input, style)
        }
    }
}

fn compare_request(
    built: &Built,
    suite: &Value,
    case: &Value,
    request: &Request,
) -> Result<(), String> {
    let expected = &case["serialized"];
    let protocol = built.service.protocol;
    let mut diffs = Vec::new();

    // Method and URI.
    if let Some(method) = expected["method"].as_str()
        && method != request.method
    {
        diffs.push(format!("method: expected {method}, got {}", request.method));
    }
    let uri = if request.query.is_empty() {
        request.path.clone()
    } else {
        format!("{}?{}", request.path, request.query)
    };
    let want_uri = expected["uri"].as_str().unwrap_or("");
    if uri != want_uri {
        diffs.push(format!("uri:\n  expected {want_uri}\n  got      {uri}"));
    }

    // Body: only when the case gives one (as botocore's runner); JSON by value, form bodies
    // as decoded pairs (the suites write `%20` where the wire has `+`), the rest exactly.
    if let Some(want_body) = expected.get("body").and_then(Value::as_str) {
        let body = String::from_utf8_lossy(&request.body);
        let body_ok = match protocol {
            Protocol::AwsQuery | Protocol::Ec2Query => form_pairs(&body) == form_pairs(want_body),
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
                match (
                    serde_json::from_str::<Value>(&body),
                    serde_json::from_str::<Value>(want_body),
                ) {
                    (Ok(a), Ok(b)) => same(&a, &b),
                    _ => false,
                }
            }
            Protocol::RestJson1 => match (
                serde_json::from_str::<Value>(&body),
                serde_json::from_str::<Value>(want_body),
            ) {
                (Ok(a), Ok(b)) => same(&a, &b),
                _ => body == want_body,
            },
            // As botocore's runner: canonical XML (whitespace between elements and around
            // text ignored, attributes and namespace declarations in any order).
            Protocol::RestXml => match (canonical_xml(&body), canonical_xml(want_body)) {
                (Ok(a), Ok(b)) => a == b,
                _ => body == want_body,
            },
        };
        if !body_ok {
            diffs.push(format!("body:\n  expected {want_body}\n  got      {body}"));
        }
    }

    // Headers: the expected ones present with their values, the forbidden ones absent.
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let list_header = |name: &str| {
        let Some(input) = built.operation().input else {
            return false;
        };
        built.op_schema().members(input).iter().any(|m| {
            matches!(m.wire.location, Location::Header(h) if h.eq_ignore_ascii_case(name))
                && matches!(built.schema.shapes[m.target].kind, ShapeKind::List { .. })
        })
    };
    for (name, want) in expected["headers"].as_object().into_iter().flatten() {
        let mut want = want.as_str().unwrap_or_default().to_owned();
        let is_content_type = name.eq_ignore_ascii_case("content-type");
        match protocol {
            Protocol::AwsQuery | Protocol::Ec2Query
                if is_content_type && !want.contains("charset") =>
            {
                want.push_str("; charset=utf-8");
            }
            Protocol::RestJson1 if is_content_type && want != "application/json" => continue,
            Protocol::RestXml if is_content_type => continue,
            _ => {}
        }
        let got = header(name).map(str::to_owned);
        let (got, want) = if list_header(name) {
            (got.map(|g| g.replace(", ", ",")), want.replace(", ", ","))
        } else {
            (got, want)
        };
        if got.as_deref() != Some(want.as_str()) {
            diffs.push(format!("header {name}: expected {want:?}, got {got:?}"));
        }
    }
    for name in expected["forbidHeaders"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if let Some(got) = header(name) {
            diffs.push(format!("header {name} must not be sent, got {got:?}"));
        }
    }

    // Host.
    if let Some(want) = expected["host"].as_str() {
        let endpoint = suite["clientEndpoint"]
            .as_str()
            .unwrap_or("https://example.com");
        let netloc = endpoint
            .split_once("://")
            .map_or(endpoint, |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or_default();
        let host = format!("{}{netloc}", request.host_prefix.as_deref().unwrap_or(""));
        if host != want {
            diffs.push(format!("host: expected {want}, got {host}"));
        }
    }

    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("\n"))
    }
}

/// An XML document in a canonical form: each element as its namespace and local name, its
/// attributes and the namespaces it declares (sorted), its trimmed text and its children.
fn canonical_xml(text: &str) -> Result<String, String> {
    fn element(node: awslice_runtime::protocol::xml::Node<'_, '_>, out: &mut String) {
        let tag = node.tag_name();
        out.push_str(&format!(
            "<{{{}}}{}",
            tag.namespace().unwrap_or(""),
            tag.name()
        ));
        let inherited: Vec<(Option<&str>, &str)> = node
            .parent_element()
            .map(|p| p.namespaces().map(|n| (n.name(), n.uri())).collect())
            .unwrap_or_default();
        let mut attrs: Vec<String> = node
            .namespaces()
            .map(|n| (n.name(), n.uri()))
            .filter(|n| !inherited.contains(n))
            .map(|(name, uri)| format!("xmlns:{}={uri:?}", name.unwrap_or("")))
            .collect();
        attrs.extend(node.attributes().map(|a| {
            format!(
                "{{{}}}{}={:?}",
                a.namespace().unwrap_or(""),
                a.name(),
                a.value()
            )
        }));
        attrs.sort();
        for a in attrs {
            out.push(' ');
            out.push_str(&a);
        }
        out.push('>');
        for child in node.children() {
            if child.is_element() {
                element(child, out);
            } else if let Some(t) = child.text() {
                out.push_str(t.trim());
            }
        }
        out.push_str("</>");
    }
    let doc = awslice_runtime::protocol::xml::Document::parse(text).map_err(|e| e.to_string())?;
    let mut out = String::new();
    element(doc.root_element(), &mut out);
    Ok(out)
}

/// A form body as decoded (key, value) pairs, in order.
fn form_pairs(body: &str) -> Vec<(String, String)> {
    if body.is_empty() {
        return Vec::new();
    }
    body.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match s
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------------------
// Output cases.

fn run_output(suite: &Value, case: &Value) -> Result<(), String> {
    let built = build(suite, case)?;
    let protocol = built.service.protocol;
    let response = &case["response"];
    let status = response["status_code"]
        .as_u64()
        .and_then(|s| u16::try_from(s).ok())
        .unwrap_or(200);
    let mut headers = http::HeaderMap::new();
    for (name, value) in response["headers"].as_object().into_iter().flatten() {
        let name = http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| format!("header name {name:?}: {e}"))?;
        let value = http::HeaderValue::from_bytes(value.as_str().unwrap_or_default().as_bytes())
            .map_err(|e| format!("header value {value}: {e}"))?;
        headers.append(name, value);
    }
    // No body: empty, or (awsQuery) an empty XML document, as botocore's runner has it. An
    // event-stream output's body is given in base64.
    let event_stream = built.operation().output.is_some_and(|idx| {
        built
            .op_schema()
            .members(idx)
            .iter()
            .any(|m| m.wire.event_stream)
    });
    let decoded;
    let body: &[u8] = match response["body"].as_str() {
        Some(text) if event_stream => {
            decoded = base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|e| format!("the event stream body is not base64: {e}"))?;
            &decoded
        }
        Some(text) => text.as_bytes(),
        None if matches!(protocol, Protocol::AwsQuery | Protocol::Ec2Query) => b"<xml/>",
        None => b"",
    };
    let response = Response {
        status,
        headers: &headers,
        body,
    };
    let shapes = built.schema.shapes;

    let (got, want) = if case.get("error").is_some() {
        let error = protocol::parse_error(protocol, response);
        let mut got = Map::new();
        got.insert(
            "Error".into(),
            json!({"Code": error.code, "Message": error.message}),
        );
        if let Some(idx) = error_shape(&built, &error.code) {
            let fields = error_fields(&built, idx, response)?;
            if let Value::Object(fields) = test_form(shapes, &fields, idx) {
                got.extend(fields);
            }
        }
        let mut want = Map::new();
        want.insert(
            "Error".into(),
            json!({
                "Code": case["errorCode"].as_str().unwrap_or(""),
                "Message": case["errorMessage"].as_str().unwrap_or(""),
            }),
        );
        if let Some(fields) = case["error"].as_object() {
            want.extend(fields.clone());
        }
        (Value::Object(got), Value::Object(want))
    } else {
        let value = protocol::deserialize(protocol, built.op_schema(), response)
            .map_err(|e| format!("the response does not parse: {e}"))?;
        let got = match built.operation().output {
            Some(idx) => test_form(shapes, &value, idx),
            None => value,
        };
        (got, case["result"].clone())
    };
    if same(&got, &want) {
        Ok(())
    } else {
        Err(format!("expected {want}\ngot      {got}"))
    }
}

/// The error shape an error code names: one of the operation's errors whose shape name, or
/// `awsQueryError` code, is the code.
fn error_shape(built: &Built, code: &str) -> Option<ShapeIdx> {
    built.operation().errors.iter().copied().find(|&idx| {
        let shape = &built.schema.shapes[idx];
        shape.name == code
            || matches!(shape.kind, ShapeKind::Structure { error_code: Some(c), .. } if c == code)
    })
}

/// The modeled fields of an error response, read with the error shape `idx` by the codec's
/// output parser.
fn error_fields(built: &Built, idx: ShapeIdx, response: Response<'_>) -> Result<Value, String> {
    let protocol = built.service.protocol;
    let op = Operation {
        output: Some(idx),
        ..*built.operation()
    };
    let schema = OperationSchema {
        shapes: built.schema.shapes,
        operation: &op,
    };
    match protocol {
        Protocol::AwsQuery => {
            use awslice_runtime::protocol::xml;
            let doc = xml::parse(response.body).map_err(|e| format!("error body: {e}"))?;
            let root = doc.root_element();
            let error = xml::child(root, "Errors")
                .and_then(|e| xml::child(e, "Error"))
                .or_else(|| xml::child(root, "Error"))
                .unwrap_or(root);
            xml::read_shape(error, schema, idx).map_err(|e| format!("error fields: {e}"))
        }
        Protocol::RestXml => protocol::rest_xml::error_value(built.schema.shapes, idx, response)
            .map_err(|e| format!("error fields: {e}")),
        Protocol::Ec2Query => {
            protocol::ec2_query::error_fields(built.schema.shapes, idx, response.body)
                .ok_or_else(|| "error fields: not an EC2 error document".to_owned())
        }
        _ => protocol::deserialize(protocol, schema, response)
            .map_err(|e| format!("error fields: {e}")),
    }
}
