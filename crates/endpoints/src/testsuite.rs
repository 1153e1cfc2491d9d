//! Running the `smithy.rules#endpointTests` cases of a Smithy JSON AST model.

use serde_json::Value as Json;

use crate::{Endpoint, Error, Params, RuleSet, Value};

const RULE_SET_TRAIT: &str = "smithy.rules#endpointRuleSet";
const TESTS_TRAIT: &str = "smithy.rules#endpointTests";

/// The outcome of [`run_model_endpoint_tests`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestReport {
    /// Cases whose result matched the expectation.
    pub passed: usize,
    /// Cases whose result did not.
    pub failed: usize,
    /// One line per failed case: the service, the case's documentation and why it failed.
    pub failures: Vec<String>,
}

/// Runs every `smithy.rules#endpointTests` case of every service in a Smithy JSON AST model
/// against that service's `smithy.rules#endpointRuleSet`.
///
/// A case expecting an endpoint passes when the URL, properties and headers are equal (absent
/// properties and headers mean empty ones); a case expecting an error passes when resolution
/// fails with exactly that message. A model that is not valid JSON, a service with tests but no
/// rule set, or a malformed rule set or test case is an [`Error`].
pub fn run_model_endpoint_tests(model_json: &str) -> Result<TestReport, Error> {
    let model: Json = serde_json::from_str(model_json)
        .map_err(|e| Error::new("", format!("invalid JSON model: {e}")))?;
    let shapes = model
        .get("shapes")
        .and_then(Json::as_object)
        .ok_or_else(|| Error::new("shapes", "the model has no shapes object"))?;
    let mut report = TestReport::default();
    for (id, shape) in shapes {
        if shape.get("type").and_then(Json::as_str) != Some("service") {
            continue;
        }
        let Some(traits) = shape.get("traits") else {
            continue;
        };
        let Some(tests) = traits.get(TESTS_TRAIT) else {
            continue;
        };
        let base = format!("shapes.{id}.traits");
        let rules_json = traits
            .get(RULE_SET_TRAIT)
            .ok_or_else(|| Error::new(&base, format!("{TESTS_TRAIT} without {RULE_SET_TRAIT}")))?;
        let rules = RuleSet::from_value(rules_json).map_err(|e| {
            let inner = if e.path.is_empty() {
                String::new()
            } else {
                format!(".{}", e.path)
            };
            Error::new(format!("{base}.{RULE_SET_TRAIT}{inner}"), e.message)
        })?;
        let tpath = format!("{base}.{TESTS_TRAIT}.testCases");
        let cases = tests
            .get("testCases")
            .and_then(Json::as_array)
            .ok_or_else(|| Error::new(&tpath, "expected an array"))?;
        for (i, case) in cases.iter().enumerate() {
            let cpath = format!("{tpath}[{i}]");
            let doc = case
                .get("documentation")
                .and_then(Json::as_str)
                .unwrap_or("(undocumented case)");
            match run_case(&rules, case, &cpath)? {
                None => report.passed += 1,
                Some(why) => {
                    report.failed += 1;
                    report.failures.push(format!("{id}: {doc}: {why}"));
                }
            }
        }
    }
    Ok(report)
}

fn params_of(case: &Json, path: &str) -> Result<Params, Error> {
    let mut params = Params::new();
    let Some(p) = case.get("params") else {
        return Ok(params);
    };
    let p = p
        .as_object()
        .ok_or_else(|| Error::new(format!("{path}.params"), "expected an object"))?;
    for (k, v) in p {
        let value = match v {
            Json::String(s) => Value::String(s.clone()),
            Json::Bool(b) => Value::Bool(*b),
            Json::Array(items) => Value::StringArray(
                items
                    .iter()
                    .map(|i| i.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| {
                        Error::new(format!("{path}.params.{k}"), "array items must be strings")
                    })?,
            ),
            _ => {
                return Err(Error::new(
                    format!("{path}.params.{k}"),
                    "expected a string, boolean or array of strings",
                ));
            }
        };
        params.insert(k.clone(), value);
    }
    Ok(params)
}

/// Runs one case: `Ok(None)` when it passed, `Ok(Some(reason))` when it failed.
fn run_case(rules: &RuleSet, case: &Json, path: &str) -> Result<Option<String>, Error> {
    let params = params_of(case, path)?;
    let expect = case
        .get("expect")
        .and_then(Json::as_object)
        .ok_or_else(|| Error::new(format!("{path}.expect"), "expected an object"))?;
    let got = rules.resolve(&params);
    if let Some(msg) = expect.get("error") {
        let msg = msg
            .as_str()
            .ok_or_else(|| Error::new(format!("{path}.expect.error"), "expected a string"))?;
        return Ok(match got {
            Err(e) if e.message == msg => None,
            Err(e) => Some(format!("expected error {msg:?}, got error {:?}", e.message)),
            Ok(ep) => Some(format!("expected error {msg:?}, got endpoint {}", ep.url)),
        });
    }
    let epath = format!("{path}.expect.endpoint");
    let want = expect
        .get("endpoint")
        .and_then(Json::as_object)
        .ok_or_else(|| Error::new(&epath, "expected an endpoint or an error"))?;
    let want_url = want
        .get("url")
        .and_then(Json::as_str)
        .ok_or_else(|| Error::new(format!("{epath}.url"), "expected a string"))?;
    let want_props = match want.get("properties") {
        Some(p) => p
            .as_object()
            .cloned()
            .ok_or_else(|| Error::new(format!("{epath}.properties"), "expected an object"))?,
        None => serde_json::Map::new(),
    };
    let want_headers = match want.get("headers") {
        Some(h) => h
            .as_object()
            .ok_or_else(|| Error::new(format!("{epath}.headers"), "expected an object"))?
            .iter()
            .map(|(k, v)| {
                let values = v
                    .as_array()
                    .and_then(|a| {
                        a.iter()
                            .map(|s| s.as_str().map(str::to_owned))
                            .collect::<Option<Vec<_>>>()
                    })
                    .ok_or_else(|| {
                        Error::new(format!("{epath}.headers.{k}"), "expected strings")
                    })?;
                Ok((k.clone(), values))
            })
            .collect::<Result<indexmap::IndexMap<_, _>, Error>>()?,
        None => indexmap::IndexMap::new(),
    };
    let want = Endpoint {
        url: want_url.to_owned(),
        properties: want_props,
        headers: want_headers,
    };
    Ok(match got {
        Err(e) => Some(format!(
            "expected endpoint {}, got error {:?}",
            want.url, e.message
        )),
        Ok(ep) if ep.url != want.url => Some(format!("expected url {}, got {}", want.url, ep.url)),
        Ok(ep) if !same_json_map(&ep.properties, &want.properties) => Some(format!(
            "expected properties {}, got {}",
            Json::Object(want.properties),
            Json::Object(ep.properties)
        )),
        // Header order is not significant.
        Ok(ep) if !same_headers(&ep.headers, &want.headers) => Some(format!(
            "expected headers {:?}, got {:?}",
            want.headers, ep.headers
        )),
        Ok(_) => None,
    })
}

/// Object equality ignoring key order (the map keeps insertion order).
fn same_json(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => same_json_map(x, y),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_json(p, q))
        }
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64() || x == y,
        _ => a == b,
    }
}

fn same_json_map(a: &serde_json::Map<String, Json>, b: &serde_json::Map<String, Json>) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|(k, v)| b.get(k).is_some_and(|w| same_json(v, w)))
}

fn same_headers(
    a: &indexmap::IndexMap<String, Vec<String>>,
    b: &indexmap::IndexMap<String, Vec<String>>,
) -> bool {
    a.len() == b.len() && a.iter().all(|(k, v)| b.get(k) == Some(v))
}
