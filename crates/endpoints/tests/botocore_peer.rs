//! Differential tests against botocore's endpoint provider (the one the AWS CLI uses), run in
//! the Python venv `cargo xtask test` creates (`$AWSLICE_PY_VENV`, default
//! `<workspace root>/target/py-venv`). Without it they print `skipped: …` and pass, unless
//! `AWSLICE_REQUIRE_PEERS=1`, in which case they fail.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use awslice_endpoints::{Params, RuleSet, Value, partition_for_region, partitions};
use awslice_test_support::peers;
use serde_json::{Value as Json, json};

fn python() -> Option<PathBuf> {
    peers::or_skip(peers::python_with(&["botocore"]))
}

/// Runs a Python script with `input` on stdin and returns its stdout.
fn run_python(py: &PathBuf, script: &str, input: &str) -> String {
    let mut child = Command::new(py)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write to python");
    let out = child.wait_with_output().expect("python output");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

const PARTITIONS_SCRIPT: &str = r#"
import json, re, sys
from botocore.loaders import create_loader
data = create_loader().load_data('partitions')
samples = json.load(sys.stdin)
out = {"partitions": data["partitions"], "matches": {}}
for s in samples:
    out["matches"][s] = [p["id"] for p in data["partitions"] if re.match(p["regionRegex"], s)]
print(json.dumps(out))
"#;

#[test]
fn partitions_agree_with_botocore() {
    let Some(py) = python() else { return };
    let samples = [
        "us-east-1",
        "us-west-9",
        "eu-isoe-west-1",
        "eu-isoe-x-1",
        "us-iso-east-1",
        "us-isob-x_y-3",
        "us-isof-south-1",
        "us-gov-west-1",
        "cn-north-1",
        "cn-x-12",
        "eusc-de-east-1",
        "eusc-fr-east-1",
        "mars",
        "xx-nowhere-9",
        "us-east",
        "us--1",
        "us-east-1a",
        "ap-south-1",
        "il-central-1",
        "mx-central-1",
        "sa-west-1",
        "me-west-1",
        "aws-global",
        "us-gov-1",
        "US-EAST-1",
    ];
    let out = run_python(&py, PARTITIONS_SCRIPT, &json!(samples).to_string());
    let v: Json = serde_json::from_str(&out).expect("python printed JSON");
    let theirs = v["partitions"].as_array().expect("partitions");
    assert_eq!(
        theirs.len(),
        partitions().len(),
        "same number of partitions"
    );
    for p in theirs {
        let id = p["id"].as_str().unwrap();
        let ours = partitions()
            .iter()
            .find(|q| q.name == id)
            .unwrap_or_else(|| panic!("partition {id} missing from our table"));
        assert_eq!(ours.to_json(), p["outputs"], "outputs of {id}");
        for region in p["regions"].as_object().unwrap().keys() {
            assert_eq!(partition_for_region(region).name, id, "{region}");
            assert!(
                ours.regions.contains(&region.as_str()),
                "{region} listed in {id}"
            );
        }
        assert_eq!(
            ours.regions.len(),
            p["regions"].as_object().unwrap().len(),
            "{id} regions"
        );
    }
    for s in samples {
        let theirs: Vec<&str> = v["matches"][s]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        let ours: Vec<&str> = partitions()
            .iter()
            .filter(|p| p.matches_pattern(s))
            .map(|p| p.name)
            .collect();
        assert_eq!(ours, theirs, "region pattern matches for {s:?}");
    }
}

const RESOLVE_SCRIPT: &str = r#"
import json, sys
from botocore.endpoint_provider import EndpointProvider
from botocore.loaders import create_loader
lines = sys.stdin.read().splitlines()
provider = EndpointProvider(json.loads(lines[0]), create_loader().load_data('partitions'))
for line in lines[1:]:
    try:
        ep = provider.resolve_endpoint(**json.loads(line))
        out = {"url": ep.url, "properties": ep.properties, "headers": ep.headers}
    except Exception as e:
        out = {"error": getattr(e, "kwargs", {}).get("msg", repr(e))}
    print(json.dumps(out))
"#;

fn to_params(case: &Json) -> Params {
    let mut p = Params::new();
    for (k, v) in case.as_object().unwrap() {
        let value = match v {
            Json::String(s) => Value::String(s.clone()),
            Json::Bool(b) => Value::Bool(*b),
            _ => panic!("unexpected parameter value {v}"),
        };
        p.insert(k.clone(), value);
    }
    p
}

fn ours(rules: &RuleSet, case: &Json) -> Json {
    match rules.resolve(&to_params(case)) {
        Ok(e) => {
            let headers: serde_json::Map<String, Json> = e
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect();
            json!({"url": e.url, "properties": e.properties, "headers": headers})
        }
        Err(e) => json!({"error": e.message}),
    }
}

fn compare(rule_set: &Json, cases: &[Json]) {
    let Some(py) = python() else { return };
    let rules = RuleSet::from_value(rule_set).unwrap();
    let mut input = rule_set.to_string();
    for c in cases {
        input.push('\n');
        input.push_str(&c.to_string());
    }
    let out = run_python(&py, RESOLVE_SCRIPT, &input);
    let theirs: Vec<Json> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(theirs.len(), cases.len());
    let mut diffs = Vec::new();
    for (case, want) in cases.iter().zip(&theirs) {
        let got = ours(&rules, case);
        if &got != want {
            diffs.push(format!("{case}\n  botocore: {want}\n  ours:     {got}"));
        }
    }
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

const REGIONS: &[&str] = &[
    "us-east-1",
    "us-west-2",
    "eu-central-1",
    "il-central-1",
    "ap-southeast-7",
    "cn-north-1",
    "cn-northwest-1",
    "us-gov-west-1",
    "us-gov-east-1",
    "us-iso-east-1",
    "us-isob-east-1",
    "eu-isoe-west-1",
    "us-isof-south-1",
    "eusc-de-east-1",
    "mars",
    "xx-nowhere-9",
    "aws-global",
];

#[test]
fn official_rule_set_agrees_with_botocore() {
    let mut cases = Vec::new();
    for region in REGIONS.iter().map(|r| Some(*r)).chain([None]) {
        for fips in [None, Some(false), Some(true)] {
            for dual in [None, Some(false), Some(true)] {
                for endpoint in [
                    None,
                    Some("http://127.0.0.1:4566"),
                    Some("https://example.com/x"),
                ] {
                    let mut c = serde_json::Map::new();
                    if let Some(r) = region {
                        c.insert("Region".into(), json!(r));
                    }
                    if let Some(f) = fips {
                        c.insert("UseFIPS".into(), json!(f));
                    }
                    if let Some(d) = dual {
                        c.insert("UseDualStack".into(), json!(d));
                    }
                    if let Some(e) = endpoint {
                        c.insert("Endpoint".into(), json!(e));
                    }
                    cases.push(Json::Object(c));
                }
            }
        }
    }
    compare(
        &awslice_test_support::paths::official_workspaces_rule_set(),
        &cases,
    );
}

#[test]
fn s3_like_rule_set_agrees_with_botocore() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/s3like.json");
    let model: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let rule_set =
        model["shapes"]["example.s3like#S3Like"]["traits"]["smithy.rules#endpointRuleSet"].clone();
    let buckets = [
        None,
        Some("bucket-name"),
        Some("my.bucket"),
        Some("Bucket_X"),
        Some("ab"),
        Some("192.168.1.1"),
        Some("a b/c"),
        Some("arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint"),
        Some("arn:aws:s3:us-west-2:123456789012:accesspoint:my.endpoint"),
        Some("arn:aws-cn:s3:cn-north-1:123456789012:accesspoint/ap"),
        Some("arn:aws:s3:us-west-2:1.2:accesspoint/ap"),
        Some("arn:aws:s3:us-west-2:123456789012:bucket_name:mybucket"),
        Some("arn:aws:sqs:us-west-2:123456789012:accesspoint/ap"),
    ];
    let endpoints = [
        None,
        Some("http://127.0.0.1:9000"),
        Some("https://example.com/base"),
        Some("https://example.com?x=1"),
        Some("https://[::1]:8443"),
        Some("nonsense"),
    ];
    let mut cases = Vec::new();
    for (i, bucket) in buckets.iter().enumerate() {
        for (j, endpoint) in endpoints.iter().enumerate() {
            for flags in 0..8u8 {
                let mut c = serde_json::Map::new();
                // Spread regions over the grid rather than multiplying it.
                let r = REGIONS[(i * 7 + j * 3 + usize::from(flags)) % REGIONS.len()];
                if (i + j + usize::from(flags)) % 5 != 0 {
                    c.insert("Region".into(), json!(r));
                }
                if let Some(b) = bucket {
                    c.insert("Bucket".into(), json!(b));
                }
                if let Some(e) = endpoint {
                    c.insert("Endpoint".into(), json!(e));
                }
                c.insert("UseFIPS".into(), json!(flags & 1 != 0));
                c.insert("UseDualStack".into(), json!(flags & 2 != 0));
                c.insert("ForcePathStyle".into(), json!(flags & 4 != 0));
                cases.push(Json::Object(c));
            }
        }
    }
    compare(&rule_set, &cases);
}

/// Each library function on edge-case inputs, through a probe rule set whose rules turn the
/// function's result into the endpoint (`tests/data/function-probe.json`). Inputs on which
/// botocore fails with a Python exception, keeps URL userinfo in the authority (the
/// specification says it must not), or matches non-ASCII region names (the CLI rejects those
/// before endpoint resolution) are left out.
#[test]
fn library_functions_agree_with_botocore() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/function-probe.json"
    );
    let rule_set: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let host_labels = [
        "a",
        "ab",
        "abc",
        "bucket",
        "my-bucket",
        "a-",
        "-a",
        "a--b",
        "B",
        "Bucket",
        "1",
        "192",
        "a_b",
        "",
        ".",
        "a.",
        ".a",
        "a..b",
        "a.b",
        "a.b.c",
        "a-.b",
        "a.-b",
        "my.bucket",
        "ab",
        "192.168.1.1",
        "10.0.0.256",
        "1.2.3",
        "a b",
        "é",
        "xn--bcher-kva",
    ];
    let long63 = "x".repeat(63);
    let long64 = "x".repeat(64);
    let long_dotted = format!("{long63}.ab");
    let too_long_dotted = format!("{long64}.ab");
    let urls = [
        "https://example.com",
        "https://example.com/",
        "http://example.com:80/foo/bar",
        "https://example.com:8443?foo=bar",
        "https://example.com/?",
        "https://127.0.0.1",
        "https://127.0.0.1:8443/a/",
        "https://10.0.0.256",
        "https://1.2.3",
        "https://[fe80::1]",
        "https://[::1]:5000/x",
        "https://[fe80::1%25eth0]/a",
        "HTTPS://Example.COM/A/B",
        "ftp://example.com",
        "example.com",
        "https://h:/p",
        "https://h:65535",
        "https://h:65536",
        "https://h//a/./b/../c d/%20/é",
        "https://h/..",
        "https://h/p#frag",
        "https://h/p#f?x=1",
        "http://localhost:4566",
        "https://a_b.example.com/x/",
    ];
    let substrings = [
        "",
        "a",
        "abcd",
        "abcdefg",
        "us-west-2",
        "ab\u{e9}cd",
        "\u{1F600}abcdef",
    ];
    let encodes = [
        "",
        "abc",
        "a b",
        "/:,?#[]{}|@! $&'()*+;=%<>\"^`\\",
        "é",
        "-_.~",
        "x/y",
    ];
    let arns = [
        "arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint",
        "arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint",
        "arn:aws:s3:::bucket",
        "arn:aws:s3:::/",
        "arn:aws:s3::123:a:b/c",
        "arn:aws:sqs:::extra",
        "arn:aws:s3-outposts:us-west-2:1:outpost/op-01/accesspoint/reports",
        "arn:aws:s3:us-west-2:123456789012",
        "arn:aws:s3:us-west-2:123456789012:",
        "arn::s3:us-west-2:1:r",
        "arn:aws::us-west-2:1:r",
        "urn:aws:s3:us-west-2:1:r",
        "arn",
        "",
        "a:b:c:d:e:f",
        "arn:aws:s3:r:a:x//y",
    ];
    let regions = [
        "us-east-1",
        "cn-x-1",
        "us-gov-x-9",
        "mars",
        "",
        "us-isob-a_b-1",
        "eu-isoe-x-7",
        "eusc-de-x-1",
        "eusc-fr-x-1",
        "aws-global",
        "aws-iso-b-global",
        "US-EAST-1",
        "us-east-1a",
    ];
    let mut cases = Vec::new();
    for flag in [false, true] {
        for i in host_labels.iter().copied().chain([
            long63.as_str(),
            long64.as_str(),
            long_dotted.as_str(),
            too_long_dotted.as_str(),
        ]) {
            cases.push(json!({"Mode": "hl", "Input": i, "Flag": flag}));
            cases.push(json!({"Mode": "vh", "Input": i, "Flag": flag}));
        }
        for i in substrings {
            cases.push(json!({"Mode": "sub", "Input": i, "Flag": flag}));
        }
    }
    for i in urls {
        cases.push(json!({"Mode": "url", "Input": i, "Flag": false}));
    }
    for i in encodes {
        cases.push(json!({"Mode": "enc", "Input": i, "Flag": false}));
    }
    for i in arns {
        cases.push(json!({"Mode": "arn", "Input": i, "Flag": false}));
    }
    for i in regions {
        cases.push(json!({"Mode": "part", "Input": i, "Flag": false}));
    }
    compare(&rule_set, &cases);
}
