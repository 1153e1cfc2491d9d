//! The JMESPath compliance suite of jmespath.py 1.0.1 (908 cases; the benchmark-only cases
//! without a result are skipped), read from `tests/compliance/`.
//!
//! A result case passes when the result equals the expected value with the number *kind*
//! respected (an int where the suite has an int, a float where it has a float) and objects
//! compared as Python compares dicts. An error case passes when the error is raised in the
//! phase jmespath.py raises it: `syntax` at compile time, every other error at search time.

use serde_json::Value;
use std::path::PathBuf;

/// The suite's JSON files (`tests/compliance/`, see its README for origin and licence).
pub fn suite_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/compliance"))
}

/// Equality as the suite means it, but stricter on numbers: same kind (int/float), same
/// value.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let is_int = |s: &str| {
                let d = s.strip_prefix('-').unwrap_or(s);
                !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit())
            };
            let (xs, ys) = (x.as_str(), y.as_str());
            match (is_int(xs), is_int(ys)) {
                (true, true) => xs.parse::<i128>().ok() == ys.parse::<i128>().ok(),
                (false, false) => xs.parse::<f64>().ok() == ys.parse::<f64>().ok(),
                _ => false,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn compliance_suite_passes_completely() {
    let dir = suite_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "the compliance suite is missing: cannot read {} ({e})",
            dir.display()
        )
    });
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        16,
        "expected the 16 suite files in {}",
        dir.display()
    );

    let mut total = 0;
    let mut skipped = 0;
    let mut failures = Vec::new();
    for file in &files {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(file).expect("read suite file");
        let groups: Vec<Value> = serde_json::from_str(&text).expect("suite file is JSON");
        for group in &groups {
            let given = &group["given"];
            for case in group["cases"].as_array().expect("cases") {
                let expr = case["expression"].as_str().expect("expression");
                let result = case.get("result");
                let error = case.get("error").and_then(Value::as_str);
                if result.is_none() && error.is_none() {
                    skipped += 1;
                    continue;
                }
                total += 1;
                let outcome = awslice_jmespath::compile(expr).map(|c| c.search(given));
                let ok = match (result, error, &outcome) {
                    (Some(want), None, Ok(Ok(got))) => same(got, want),
                    (_, Some("syntax"), Err(e)) => e.is_compile_error(),
                    (_, Some(_), Ok(Err(e))) => !e.is_compile_error(),
                    _ => false,
                };
                if !ok {
                    failures.push(format!(
                        "{name}: {expr:?} given {given} -> {outcome:?}, want result {result:?} error {error:?}"
                    ));
                }
            }
        }
    }
    assert_eq!(skipped, 6, "benchmark-only cases without a result");
    assert_eq!(total, 902, "cases with a result or an error");
    assert!(
        failures.is_empty(),
        "{} of {total} compliance cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
