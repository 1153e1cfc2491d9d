//! Differential test against Python's `jmespath` module (the AWS CLI's implementation):
//! every compliance-suite expression plus extra CLI-relevant cases are run through both, and
//! results (number kinds and key order included) and error texts (`str(e)`, and the phase:
//! compile or search) must be identical.
//!
//! The interpreter is `$AWSLICE_PY_VENV/bin/python` (default `<workspace>/target/py-venv`,
//! created by `cargo xtask test`). Without it the test prints `skipped: …` and passes, unless
//! `AWSLICE_REQUIRE_PEERS=1`.

use awslice_test_support::peers;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;

const PY_SCRIPT: &str = r#"
import json, sys, jmespath

def identity(r):
    # How often each list/dict is met by a walk that enters every distinct object once
    # (ruamel's anchor_node); then, in a full pre-order walk, each container's group.
    counts = {}
    def count(o):
        kids = o if isinstance(o, list) else list(o.values())
        for k in kids:
            if isinstance(k, (list, dict)):
                counts[id(k)] = counts.get(id(k), 0) + 1
                if counts[id(k)] == 1:
                    count(k)
    if isinstance(r, (list, dict)):
        counts[id(r)] = 1
        count(r)
    canon, seq = {}, []
    def walk(o):
        if isinstance(o, (list, dict)):
            seq.append(canon.setdefault(id(o), len(canon)) if counts.get(id(o), 0) > 1 else None)
            for k in (o if isinstance(o, list) else o.values()):
                walk(k)
    walk(r)
    return seq

cases = json.load(open(sys.argv[1], encoding='utf-8'))
out = []
for c in cases:
    try:
        compiled = jmespath.compile(c['expression'])
    except Exception as e:
        out.append({'phase': 'compile', 'error': str(e)})
        continue
    try:
        r = compiled.search(c['given'])
    except Exception as e:
        out.append({'phase': 'search', 'error': str(e)})
        continue
    try:
        out.append({'result': json.dumps(r, allow_nan=False), 'identity': identity(r)})
    except Exception as e:
        out.append({'unrepresentable': repr(r)})
sys.stdout.write(json.dumps(out))
"#;

fn python() -> Option<PathBuf> {
    peers::or_skip(peers::python_with(&["jmespath"]))
}

/// The identity sequence of a result, as the Python script computes it: for each array or
/// object in a full pre-order walk, its group (numbered by first appearance) or null.
fn identity_seq(r: &awslice_jmespath::SharedResult) -> Vec<Value> {
    fn walk(
        r: &awslice_jmespath::SharedResult,
        v: &Value,
        canon: &mut Vec<usize>,
        seq: &mut Vec<Value>,
    ) {
        let kids: Vec<&Value> = match v {
            Value::Array(a) => a.iter().collect(),
            Value::Object(m) => m.values().collect(),
            _ => return,
        };
        seq.push(match r.shared_group(v) {
            None => Value::Null,
            Some(g) => {
                let pos = canon.iter().position(|x| *x == g).unwrap_or_else(|| {
                    canon.push(g);
                    canon.len() - 1
                });
                json!(pos)
            }
        });
        for k in kids {
            walk(r, k, canon, seq);
        }
    }
    let mut seq = Vec::new();
    walk(r, r.value(), &mut Vec::new(), &mut seq);
    seq
}

/// Same value with the same number kinds and the same key order.
fn strictly_same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let is_int = |s: &str| {
                let d = s.strip_prefix('-').unwrap_or(s);
                !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit())
            };
            let (xs, ys) = (x.as_str(), y.as_str());
            match (is_int(xs), is_int(ys)) {
                (true, true) => {
                    xs.trim_start_matches('-') == ys.trim_start_matches('-')
                        && (xs.starts_with('-') == ys.starts_with('-')
                            || xs.trim_start_matches('-') == "0")
                }
                (false, false) => xs.parse::<f64>().ok() == ys.parse::<f64>().ok(),
                _ => false,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| strictly_same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && strictly_same(v1, v2))
        }
        _ => a == b,
    }
}

/// Extra cases beyond the suite: numbers, key order, error texts, Python quirks.
fn extra_cases() -> Vec<(String, Value)> {
    let data = json!({
        "obj": {"b": 1, "a": 2, "C": 3},
        "i": 3, "f1": 1.0, "neg": -2, "half": 2.5, "big": 12345678901234567890u64,
        "nums": [3, 1.5, 2], "ints": [1, 2, 3], "empty": [], "strs": ["b", "a", "é", "中"],
        "s": "wsi-1", "u": "é中😀",
        "people": [{"n": "x", "age": 30}, {"n": "y", "age": 20}, {"n": "z", "age": 30}],
        "ImagePermissions": [{"SharedAccountId": "123456789012"}], "ImageId": "wsi-1",
        "nested": {"a": [1, {"x": 1}], "foo": "s"}, "t": true, "n": null
    });
    let exprs = [
        "obj",
        "{z: i, a: f1}",
        "keys(obj)",
        "values(obj)",
        "@.obj.*",
        "merge(obj, `{\"a\": 9, \"z\": 0}`)",
        "to_string(obj)",
        "sum(ints)",
        "sum(empty)",
        "sum(nums)",
        "abs(neg)",
        "abs(`-2.5`)",
        "ceil(`0.1`)",
        "floor(half)",
        "floor(`1e16`)",
        "ceil(`-0.5`)",
        "avg(empty)",
        "avg(ints)",
        "avg(nums)",
        "to_number('1_000')",
        "to_number('-0')",
        "to_number(' 42 ')",
        "to_number('1.5e3')",
        "to_number('abc')",
        "to_number('1e400')",
        "to_number('0x10')",
        "to_number('.5')",
        "to_string(`1.5e-7`)",
        "to_string(`[\"é\"]`)",
        "to_string(`1e16`)",
        "to_string(`0.00001`)",
        "to_string(u)",
        "to_string(`\"a\\u0001\"`)",
        "to_string(nums)",
        "to_string(`true`)",
        "big == `12345678901234567891`",
        "big == `12345678901234567890`",
        "`123456789012345678901234567890`",
        "max_by(people, &age).n",
        "min_by(people, &age).n",
        "sort_by(people, &age)[].n",
        "sort(strs)",
        "max(strs)",
        "min(nums)",
        "length(u)",
        "reverse(u)",
        "reverse(ints)",
        "[ImagePermissions, ImagePermissions]",
        "{b: ImagePermissions[0], a: ImagePermissions[0], c: ImageId}",
        "`1` == `1.0`",
        "`1` == `true`",
        "[`1`] == [`true`]",
        "contains(`[1]`, `true`)",
        "!`0`",
        "!`[]`",
        "`0` || 'x'",
        "'' || 'x'",
        "s > 'a'",
        "s < `1`",
        "i < s",
        "half >= i",
        "t == `1`",
        "ints[::-1]",
        "ints[5:]",
        "ints[-10:1]",
        "s[::0]",
        "ints[::0]",
        "ints[10]",
        "ints[-1]",
        "type(f1)",
        "type(`1.0`)",
        "type(@)",
        "type(&i)",
        "not_null(n, `[]`, i)",
        "join(', ', strs)",
        "join(', ', ints)",
        "map(&age, people)",
        "abs(@)",
        "abs(s)",
        "length(`1`)",
        "sort(`[1, \"a\"]`)",
        "sort_by(people, &n)[0]",
        "sort_by(people, &t)",
        "max_by(people, &t)",
        "max(`[true]`)",
        "avg(strs)",
        "foo(@)",
        "length()",
        "merge()",
        "not_null()",
        "length(s, s)",
        "sort_by(people, 'age')",
        "contains(s, `1`)",
        "starts_with(s, 'wsi')",
        "ends_with(s, i)",
        "keys(s)",
        "values(`[]`)",
        "to_array(i)",
        "to_array(ints)",
        "`{`",
        "`foo`",
        "` \"bar\"`",
        "'a\\'b'",
        "'a\\\\b'",
        "\"a\\u00e9\"",
        "`-0`",
        "`[1, 2.0, 3e0]`",
        "`1E2`",
        "nested.a[1].x",
        "*.foo",
        "ints[*]",
        "obj.*",
        "people[?age > `25`].n",
        "people[?age == `30`] | [0]",
        "ints[?@ > `1`]",
        "{a: i} | a",
        "[i, f1][1]",
        "people[].{name: n, years: age}",
        "ints[0:2].to_string(@)",
        "@[?true]",
        "ints | [?@ == `2`]",
        "&i",
        "max_by(empty, &i)",
        "sort_by(empty, &i)",
        "merge(obj, s)",
        "merge(obj, i)",
        "f(a b)",
        "length(s, )",
        "[nested, nested.a, nested.a[1]]",
        "{b: nested, a: nested}",
        "[obj, obj] | [@, @]",
        "{x: ints} | [@, @, x]",
        "people[*].`[1]`",
        "[to_array(ints), ints]",
        "[people, people[0]]",
        "[not_null(n, obj), obj]",
        "[values(nested), nested.a]",
        "[people[?age > `0`], people[0]]",
        "[max_by(people, &age), people[0]]",
        "[merge(nested, obj), nested.a]",
        "[`[]`, `[]`]",
        "[ints[:], ints]",
        "[people[], people[0]]",
        "[obj || ints, obj]",
        "map(&@, [obj, obj])",
        "[sort_by(people, &age), people[1]]",
        "[reverse(people), people]",
        "[nested.a, nested] | [@, @[1]]",
        "`123456789012345678901234567890` == `123456789012345678901234567890.0`",
        "`123456789012345678901234567890` > `1e29`",
        "`-123456789012345678901234567890` < `-1e29`",
        "`123456789012345678901234567890` == `123456789012345678901234567890`",
        "max(`[123456789012345678901234567890, 1e29]`)",
        "sort(`[123456789012345678901234567890, 1e29, -123456789012345678901234567890, 5, 2.5]`)",
        "abs(`-123456789012345678901234567890`)",
        "floor(`123456789012345678901234567890`)",
        "contains(`[123456789012345678901234567890]`, `123456789012345678901234567890`)",
        "to_string(`[123456789012345678901234567890, -0, 1E400]`)",
    ];
    let mut cases: Vec<(String, Value)> = exprs
        .iter()
        .map(|e| (e.to_string(), data.clone()))
        .collect();
    cases.extend(error_exprs().iter().map(|e| (e.to_string(), data.clone())));
    cases
}

/// Expressions that fail to compile.
fn error_exprs() -> Vec<&'static str> {
    vec![
        "",
        "foo[",
        "foo.",
        "'abc",
        "foo]",
        "foo[?",
        "a || ",
        "foo[1:2:3:4]",
        "foo[1 2]",
        "foo=bar",
        "=",
        "-",
        "-a",
        "#",
        "foo ~ bar",
        "\"foo",
        "`{",
        "`foo",
        "\"a\\x\"",
        "\"a\u{1}\"",
        "\"\\u12\"",
        "{a: b",
        "{a b}",
        "{1: b}",
        "[a, b",
        "foo.[",
        "foo.1",
        "foo.*.",
        "a.\"b\"(c)",
        "\"f\"(a)",
        "@(a)",
        "a.b(c)",
        "foo[*].[",
        "!",
        "&",
        "a | ",
        "foo[:a]",
        "foo[1:2:3:]",
        "(a",
        "(a b)",
        "a b",
        "a.`1`",
        "[?a==b",
        "foo[?a == `1`",
        "a[0].]",
        "{a: b,}",
        "length(a, b",
        "foo.\"bar",
        "foo.'bar'",
        "*[",
        "a[?]",
        "a.{",
        "`[1, 2]` b",
        "a ||| b",
        "é",
        "a[-]",
        "a[1:-]",
        "a.[b]",
        "foo[1][",
        "foo | bar |",
        "a[**]",
        "!!",
        "a == ",
        "'a' 'b'",
    ]
}

fn suite_cases() -> Vec<(String, Value)> {
    let dir = crate::compliance::suite_dir();
    let mut cases = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("compliance suite missing at {} ({e})", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for file in files {
        let groups: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
        for g in groups {
            for c in g["cases"].as_array().expect("cases") {
                let expr = c["expression"].as_str().expect("expression").to_owned();
                cases.push((expr, g["given"].clone()));
            }
        }
    }
    cases
}

#[test]
fn matches_python_jmespath_exactly() {
    let Some(py) = python() else { return };
    let mut cases = suite_cases();
    cases.extend(extra_cases());
    // Optional more cases (a JSON list of {"expression", "given"}), e.g. from a fuzzer.
    if let Some(path) = std::env::var_os("AWSLICE_JMESPATH_EXTRA_CASES") {
        let text = std::fs::read_to_string(&path).expect("read AWSLICE_JMESPATH_EXTRA_CASES");
        let more: Vec<Value> = serde_json::from_str(&text).expect("extra cases JSON");
        for c in more {
            let expr = c["expression"].as_str().expect("expression").to_owned();
            cases.push((expr, c["given"].clone()));
        }
    }
    let input: Vec<Value> = cases
        .iter()
        .map(|(e, g)| json!({"expression": e, "given": g}))
        .collect();
    let dir = std::env::temp_dir().join(format!("awslice-jmespath-peer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("cases.json");
    std::fs::write(&path, serde_json::to_vec(&input).expect("ser")).expect("write cases");
    let out = Command::new(&py)
        .arg("-c")
        .arg(PY_SCRIPT)
        .arg(&path)
        .output()
        .expect("run python");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: Vec<Value> = serde_json::from_slice(&out.stdout).expect("python output");
    assert_eq!(expected.len(), cases.len());

    let mut failures = Vec::new();
    let mut unrepresentable = Vec::new();
    let (mut compared_errors, mut compared_results) = (0, 0);
    for ((expr, given), want) in cases.iter().zip(&expected) {
        let got = awslice_jmespath::compile(expr);
        let mismatch = if let Some(msg) = want.get("error").and_then(Value::as_str) {
            let phase = want["phase"].as_str().unwrap_or("");
            compared_errors += 1;
            match (&got, phase) {
                (Err(e), "compile") if e.to_string() == msg => None,
                (Ok(c), "search") => match c.search(given) {
                    Err(e) if e.to_string() == msg && !e.is_compile_error() => None,
                    other => Some(format!("{other:?}")),
                },
                _ => Some(format!("{got:?}")),
            }
            .map(|g| format!("{phase} error {msg:?}, got {g}"))
        } else if let Some(text) = want.get("result").and_then(Value::as_str) {
            let want_v: Value = serde_json::from_str(text).expect("python json");
            compared_results += 1;
            match got.map(|c| (c.search(given), c.search_shared(given))) {
                Ok((Ok(v), Ok(shared)))
                    if strictly_same(&v, &want_v) && strictly_same(shared.value(), &want_v) =>
                {
                    let ids = identity_seq(&shared);
                    let want_ids = want["identity"].as_array().cloned().unwrap_or_default();
                    (ids != want_ids).then(|| format!("identity {want_ids:?}, got {ids:?}"))
                }
                Ok((a, b)) => Some(format!(
                    "result {text}, got {a:?} / {:?}",
                    b.map(|r| r.into_value())
                )),
                Err(e) => Some(format!("result {text}, got compile error {e}")),
            }
        } else {
            unrepresentable.push(expr.clone());
            None
        };
        if let Some(m) = mismatch {
            failures.push(format!("{expr:?}: python {m}"));
        }
    }
    println!("compared {compared_results} results and {compared_errors} errors with Python");
    assert!(
        compared_results > 800 && compared_errors > 200,
        "too few cases compared"
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from Python:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    // Results Python can only print as NaN/Infinity or as internal objects.
    let allowed = ["to_number('1e400')", "&i"];
    let fuzzing = std::env::var_os("AWSLICE_JMESPATH_EXTRA_CASES").is_some();
    for e in unrepresentable.iter().filter(|_| !fuzzing) {
        assert!(
            allowed.contains(&e.as_str()),
            "unexpected unrepresentable result for {e:?}"
        );
    }
}
