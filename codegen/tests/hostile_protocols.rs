//! Hostile values on the restJson1 and awsQuery request paths, against botocore.
//!
//! One restJson1 operation (a label, a greedy label, a query string member, a list query
//! member, a header, a list header, prefix headers and a JSON body member) and one awsQuery
//! operation (a string, a list and a map) are built from botocore-format shapes by the
//! protocol suites' harness ([`build`]); each hostile value (`/`, `..`, `%`, CR/LF, spaces,
//! `+`, `#`, `?`, `&`, `=`, non-ASCII, empty, very long, …) is put in each place and
//! serialized by our codec and by botocore as the AWS CLI sends it (`hostile_protocols.py`:
//! validation, serializer, `prepare_request_dict`, `AWSRequest.prepare()`, the session's
//! request target, `http.client`'s header checks), in one Python process for every case.
//!
//! Where botocore sends, we must send the same method, request target (path and query),
//! headers (in order) and body bytes. Where botocore refuses, we must refuse with a
//! `SerializeError` naming the member. Where botocore sends but we refuse, the case must be
//! one of [`DELIBERATE_REFUSALS`] (each printed with what botocore does).
//!
//! The SigV4 check signs paths with `%2F`, spaces, `.`/`..` segments and empty segments with
//! `sign_request` and with botocore's `SigV4Auth` at a fixed time and compares the
//! `Authorization` headers.

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, UNIX_EPOCH};

use awslice_runtime::protocol::JsonStyle;
use awslice_runtime::sign::{SignRequest, SigningCredentials, SigningIdentity, sign_request};
use base64::Engine as _;
use serde_json::{Value, json};

use crate::protocol_suites::{build, serialize, value_form};

/// The hostile values: (name, text).
fn hostile_values() -> Vec<(&'static str, String)> {
    let long = format!("{}/é%?#&=+ {}", "x".repeat(5000), "中".repeat(2000));
    [
        ("slash", "a/b"),
        ("slashes", "/a//b/"),
        ("dot", "."),
        ("dotdot", ".."),
        ("dot segments", "../x/./y/.."),
        ("percent", "100%"),
        ("percent-encoded", "%2F%41%zz"),
        ("cr", "a\rb"),
        ("lf", "a\nb"),
        ("crlf", "a\r\nb"),
        ("folded line", "a\r\n b"),
        ("nul", "a\0b"),
        ("del", "a\x7fb"),
        ("tab", "a\tb"),
        ("spaces", " a  b "),
        ("plus", "a+b"),
        ("hash", "a#b"),
        ("question", "a?b"),
        ("ampersand", "a&b"),
        ("equals", "a=b"),
        ("reserved", "!$'()*,;:@[]"),
        ("quote and comma", "a,\"b\""),
        ("e-acute", "é"),
        ("han", "中文"),
        ("emoji", "😀"),
        ("empty", ""),
    ]
    .into_iter()
    .map(|(n, v)| (n, v.to_owned()))
    .chain(std::iter::once(("long", long)))
    .collect()
}

/// Cases where botocore sends and we refuse on purpose: (case-name prefix, why).
const DELIBERATE_REFUSALS: &[(&str, &str)] = &[
    (
        "label/empty",
        "botocore sends the empty label as an empty path segment (`/things//keys/k`), which \
         names another resource; Smithy requires a label to be non-empty",
    ),
    (
        "greedy label/empty",
        "botocore sends the empty greedy label as nothing (`/things/n/keys/`), which names \
         another resource; Smithy requires a label to be non-empty",
    ),
    (
        "label/dot",
        "botocore sends `/things/./keys/k` (and `..` likewise) as is, but a URL resolves such a \
         segment (WHATWG and RFC 3986 alike), so our client would send another path",
    ),
    (
        "greedy label/dot",
        "botocore sends `.` and `..` segments of a greedy label as is, but a URL resolves them, \
         so our client would send another path",
    ),
    (
        "header/folded line",
        "http.client lets an obsolete line folding (CR LF SP) through; RFC 9110 forbids it",
    ),
    (
        "list header/folded line",
        "http.client lets an obsolete line folding (CR LF SP) through; RFC 9110 forbids it",
    ),
    (
        "prefix header value/folded line",
        "http.client lets an obsolete line folding (CR LF SP) through; RFC 9110 forbids it",
    ),
    (
        "header/nul",
        "http.client sends a NUL byte in a header value; RFC 9110 forbids it",
    ),
    (
        "list header/nul",
        "http.client sends a NUL byte in a header value; RFC 9110 forbids it",
    ),
    (
        "prefix header value/nul",
        "http.client sends a NUL byte in a header value; RFC 9110 forbids it",
    ),
    (
        "header/del",
        "http.client sends a DEL byte in a header value; RFC 9110 forbids it",
    ),
    (
        "list header/del",
        "http.client sends a DEL byte in a header value; RFC 9110 forbids it",
    ),
    (
        "prefix header value/del",
        "http.client sends a DEL byte in a header value; RFC 9110 forbids it",
    ),
    (
        "header/e-acute",
        "http.client sends é as the Latin-1 byte 0xE9 while SigV4 signed its UTF-8 bytes: the \
         signature cannot match",
    ),
    (
        "list header/e-acute",
        "http.client sends é as the Latin-1 byte 0xE9 while SigV4 signed its UTF-8 bytes: the \
         signature cannot match",
    ),
    (
        "prefix header value/e-acute",
        "http.client sends é as the Latin-1 byte 0xE9 while SigV4 signed its UTF-8 bytes: the \
         signature cannot match",
    ),
    (
        "prefix header key/",
        "http.client sends any header name without `:`, leading white space or a line break; \
         a header name must be an HTTP token",
    ),
];

/// The restJson1 suite (botocore's format) and its operation.
fn rest_suite() -> (Value, Value) {
    let suite = json!({
        "metadata": {"protocol": "rest-json", "apiVersion": "2020-01-01"},
        "shapes": {
            "RestIn": {
                "type": "structure",
                "required": ["Name", "Key"],
                "members": {
                    "Name": {"shape": "Str", "location": "uri", "locationName": "Name"},
                    "Key": {"shape": "Str", "location": "uri", "locationName": "Key"},
                    "Q": {"shape": "Str", "location": "querystring", "locationName": "q"},
                    "QL": {"shape": "StrList", "location": "querystring", "locationName": "ql"},
                    "H": {"shape": "Str", "location": "header", "locationName": "X-Amz-H"},
                    "HL": {"shape": "StrList", "location": "header", "locationName": "X-Amz-HL"},
                    "Meta": {"shape": "StrMap", "location": "headers", "locationName": "X-Meta-"},
                    "Note": {"shape": "Str"}
                }
            },
            "Str": {"type": "string"},
            "StrList": {"type": "list", "member": {"shape": "Str"}},
            "StrMap": {"type": "map", "key": {"shape": "Str"}, "value": {"shape": "Str"}}
        }
    });
    let given = json!({
        "name": "RestOp",
        "http": {"method": "POST", "requestUri": "/v1/things/{Name}/keys/{Key+}"},
        "input": {"shape": "RestIn"}
    });
    (suite, given)
}

/// The awsQuery suite (botocore's format) and its operation.
fn query_suite() -> (Value, Value) {
    let suite = json!({
        "metadata": {"protocol": "query", "apiVersion": "2020-01-01"},
        "shapes": {
            "QueryIn": {
                "type": "structure",
                "members": {
                    "Str": {"shape": "Str"},
                    "List": {"shape": "StrList"},
                    "Map": {"shape": "StrMap"}
                }
            },
            "Str": {"type": "string"},
            "StrList": {"type": "list", "member": {"shape": "Str"}},
            "StrMap": {"type": "map", "key": {"shape": "Str"}, "value": {"shape": "Str"}}
        }
    });
    let given = json!({
        "name": "QueryOp",
        "http": {"method": "POST", "requestUri": "/"},
        "input": {"shape": "QueryIn"}
    });
    (suite, given)
}

/// botocore's service-2 model of a suite and its operation.
fn service_model(suite: &Value, given: &Value) -> Value {
    let mut metadata = suite["metadata"].clone();
    metadata["endpointPrefix"] = json!("bctest");
    metadata["signatureVersion"] = json!("v4");
    metadata["serviceId"] = json!("Bctest");
    let name = given["name"].as_str().unwrap_or_default();
    json!({
        "metadata": metadata,
        "operations": {name: given},
        "shapes": suite["shapes"],
    })
}

struct Case {
    name: String,
    model: &'static str,
    /// The member the hostile value is in.
    member: &'static str,
    params: Value,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for (what, v) in hostile_values() {
        let rest = |place: &str, member: &'static str, params: Value| Case {
            name: format!("{place}/{what}"),
            model: "rest",
            member,
            params,
        };
        out.push(rest("label", "Name", json!({"Name": v, "Key": "k"})));
        out.push(rest("greedy label", "Key", json!({"Name": "n", "Key": v})));
        out.push(rest("query", "Q", json!({"Name": "n", "Key": "k", "Q": v})));
        out.push(rest(
            "list query",
            "QL",
            json!({"Name": "n", "Key": "k", "QL": [v, "x y"]}),
        ));
        out.push(rest(
            "header",
            "H",
            json!({"Name": "n", "Key": "k", "H": v}),
        ));
        out.push(rest(
            "list header",
            "HL",
            json!({"Name": "n", "Key": "k", "HL": ["x", v]}),
        ));
        out.push(rest(
            "prefix header value",
            "Meta",
            json!({"Name": "n", "Key": "k", "Meta": {"k": v}}),
        ));
        out.push(rest(
            "prefix header key",
            "Meta",
            json!({"Name": "n", "Key": "k", "Meta": {v.clone(): "x"}}),
        ));
        out.push(rest(
            "json body",
            "Note",
            json!({"Name": "n", "Key": "k", "Note": v}),
        ));
        let query = |place: &str, member: &'static str, params: Value| Case {
            name: format!("{place}/{what}"),
            model: "query",
            member,
            params,
        };
        out.push(query("form string", "Str", json!({"Str": v})));
        out.push(query("form list", "List", json!({"List": [v, "x y"]})));
        out.push(query("form map", "Map", json!({"Map": {v.clone(): v}})));
    }
    out
}

/// The SigV4 paths and queries to sign.
const SIGN_PATHS: &[(&str, &str)] = &[
    ("/v1/things/a%2Fb/keys/x/../y", ""),
    ("/v1/things/..", ""),
    ("/v1/a/b/..", ""),
    ("/v1/a/b/../", ""),
    ("/v1/./x/.", ""),
    ("/v1/%2E%2E/x", ""),
    ("/v1/b%20c//d/", "q=a%20b&r=%2F"),
    ("/v1/things/%C3%A9%20%2B%25", "ql=%E4%B8%AD&ql=x%20y"),
    ("/..", ""),
    ("/", "a=%2B%26%3D"),
];

/// 2023-11-14T22:13:20Z.
const SIGN_TIME: u64 = 1_700_000_000;

fn run_python(python: &std::path::Path, input: &Value) -> Value {
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile_protocols.py");
    let mut child = Command::new(python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start python");
    let text = input.to_string();
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let out = child.wait_with_output().expect("python output");
    writer.join().expect("writer").expect("write stdin");
    assert!(
        out.status.success(),
        "{} failed: {}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("python printed JSON")
}

/// What a request looks like for the comparison.
#[derive(Debug, PartialEq, Eq)]
struct Wire {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn short(s: &str) -> String {
    if s.len() > 300 {
        let mut end = 300;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}… ({} bytes)", &s[..end], s.len())
    } else {
        s.to_owned()
    }
}

fn show(w: &Wire) -> String {
    format!(
        "{} {}\n      headers {:?}\n      body {}",
        w.method,
        short(&w.target),
        w.headers
            .iter()
            .map(|(n, v)| format!("{n}: {}", short(v)))
            .collect::<Vec<_>>(),
        short(&String::from_utf8_lossy(&w.body))
    )
}

#[test]
fn hostile_values_are_encoded_as_botocore_or_refused() {
    let Some(python) =
        awslice_test_support::peers::or_skip(awslice_test_support::peers::python_with(&[
            "botocore",
        ]))
    else {
        return;
    };
    let (rest, rest_given) = rest_suite();
    let (query, query_given) = query_suite();
    let rest_built = build(&rest, &json!({"given": rest_given})).expect("rest model");
    let query_built = build(&query, &json!({"given": query_given})).expect("query model");
    let cases = cases();

    let sign: Vec<Value> = SIGN_PATHS
        .iter()
        .map(|(path, query)| {
            json!({
                "method": "GET", "path": path, "query": query,
                "headers": [["X-Amz-H", "a  b"]],
                "time": SIGN_TIME, "service": "bctest", "region": "us-east-1",
            })
        })
        .collect();
    let input = json!({
        "models": {
            "rest": service_model(&rest, &rest_given),
            "query": service_model(&query, &query_given),
        },
        "cases": cases.iter().map(|c| json!({
            "model": c.model,
            "op": if c.model == "rest" { "RestOp" } else { "QueryOp" },
            "params": c.params,
        })).collect::<Vec<_>>(),
        "sign": sign,
    });
    let results = run_python(&python, &input);

    let mut failures = Vec::new();
    let (mut same, mut both_refuse, mut deliberate) = (0, 0, 0);
    let mut log = String::new();
    for (case, theirs) in cases
        .iter()
        .zip(results["cases"].as_array().expect("cases"))
    {
        let built = if case.model == "rest" {
            &rest_built
        } else {
            &query_built
        };
        let input = value_form(
            built.schema.shapes,
            &case.params,
            built.operation().input.expect("input"),
            None,
        );
        let ours = serialize(built, &input, JsonStyle::Python).map(|r| Wire {
            method: r.method.to_owned(),
            target: if r.query.is_empty() {
                r.path.clone()
            } else {
                format!("{}?{}", r.path, r.query)
            },
            headers: r.headers.clone(),
            body: r.body.to_vec(),
        });
        let theirs = match theirs.get("error").and_then(Value::as_str) {
            Some(e) => Err(e.to_owned()),
            None => Ok(Wire {
                method: theirs["method"].as_str().unwrap_or_default().to_owned(),
                target: theirs["target"].as_str().unwrap_or_default().to_owned(),
                headers: theirs["headers"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|h| {
                        (
                            h[0].as_str().unwrap_or_default().to_ascii_lowercase(),
                            h[1].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect(),
                body: base64::engine::general_purpose::STANDARD
                    .decode(theirs["body"].as_str().unwrap_or_default())
                    .expect("base64 body"),
            }),
        };
        match (ours, theirs) {
            (Ok(ours), Ok(theirs)) if ours == theirs => same += 1,
            (Ok(ours), Ok(theirs)) => failures.push(format!(
                "{}: differs\n    botocore {}\n    ours     {}",
                case.name,
                show(&theirs),
                show(&ours)
            )),
            (Ok(ours), Err(e)) => failures.push(format!(
                "{}: botocore refuses ({e}) but we send\n    ours     {}",
                case.name,
                show(&ours)
            )),
            (Err(ours), Err(e)) => {
                both_refuse += 1;
                log.push_str(&format!(
                    "refused  {}: botocore: {}; ours: {}\n",
                    case.name,
                    short(&e),
                    short(&ours.message)
                ));
                if !ours.message.contains(case.member) {
                    failures.push(format!(
                        "{}: our error does not name {}: {}",
                        case.name, case.member, ours.message
                    ));
                }
            }
            (Err(ours), Ok(theirs)) => {
                match DELIBERATE_REFUSALS
                    .iter()
                    .find(|(prefix, _)| case.name.starts_with(prefix))
                {
                    Some((_, why)) => {
                        deliberate += 1;
                        log.push_str(&format!(
                            "refused  {} (botocore sends {}): {why}; ours: {}\n",
                            case.name,
                            short(&theirs.target),
                            short(&ours.message)
                        ));
                        if !ours.message.contains(case.member) {
                            failures.push(format!(
                                "{}: our error does not name {}: {}",
                                case.name, case.member, ours.message
                            ));
                        }
                    }
                    None => failures.push(format!(
                        "{}: we refuse ({}) but botocore sends\n    botocore {}",
                        case.name,
                        ours.message,
                        show(&theirs)
                    )),
                }
            }
        }
    }

    // SigV4.
    let identity = SigningIdentity::new(&SigningCredentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: "SECRET".into(),
        session_token: None,
    });
    let mut signed_same = 0;
    for ((path, query), theirs) in SIGN_PATHS
        .iter()
        .zip(results["sign"].as_array().expect("sign"))
    {
        let ours = sign_request(
            &SignRequest {
                method: "GET",
                path,
                query,
                host: "bctest.us-east-1.amazonaws.com",
                headers: &[("x-amz-h", "a  b")],
                body: b"",
                payload_hash: None,
                path_as_sent: false,
                region: "us-east-1",
                service: "bctest",
                time: UNIX_EPOCH + Duration::from_secs(SIGN_TIME),
            },
            &identity,
        );
        let want = theirs["authorization"].as_str().unwrap_or_default();
        match ours {
            Ok(sig) if sig.authorization == want => signed_same += 1,
            Ok(sig) => failures.push(format!(
                "SigV4 {path}?{query}: Authorization differs\n    botocore {want}\n    ours     \
                 {}\n    botocore's canonical request:\n{}",
                sig.authorization,
                theirs["canonical_request"].as_str().unwrap_or_default()
            )),
            Err(e) => failures.push(format!("SigV4 {path}?{query}: we cannot sign: {e}")),
        }
    }

    print!("{log}");
    println!(
        "hostile values: {} cases: {same} sent identically, {both_refuse} refused by both, \
         {deliberate} refused by us only (deliberately), {} failed; SigV4: {signed_same} of {} \
         signatures identical",
        cases.len(),
        failures.len(),
        SIGN_PATHS.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
