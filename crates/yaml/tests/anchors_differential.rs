//! Differential test of anchors and aliases: random documents × random `--query`
//! expressions that hold some object more than once, searched with `awslice-jmespath`
//! (`search_shared`) and dumped with [`emit_shared`], against jmespath.py 1.0.1 plus the AWS
//! CLI v2's YAML dumper (ruamel.yaml safe dumper over its C emitter), run through
//! `tests/peer/dump_query_yaml.py`.
//!
//! The interpreter is `$AWSLICE_PY_VENV/bin/python` (default `<workspace>/target/py-venv`); it
//! needs `ruamel.yaml` and `jmespath`. Without them the test prints `skipped: …` and passes,
//! unless `AWSLICE_REQUIRE_PEERS=1`, in which case it fails.

use awslice_test_support::peers;
use awslice_yaml::{emit_shared, emit_stream_item_shared};
use serde_json::{Map, Value, json};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// splitmix64: seeded, so a failure names a case that can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const KEYS: &[&str] = &["a", "b", "c", "Id", "Name", "Tags", "z", "B"];

const STRINGS: &[&str] = &[
    "wsi-1",
    "123456789012",
    "",
    "yes",
    "null",
    "a: b",
    "- x",
    "line\nbreak",
    "é中",
    " lead",
    "#tag",
    "1.5",
    "a long value with many words that goes well past the eighty column folding limit of the emitter",
];

fn document(rng: &mut Rng, depth: usize) -> Value {
    let container = depth < 4 && rng.below(10) < 7;
    if container {
        if rng.below(2) == 0 {
            let n = rng.below(4);
            Value::Array((0..n).map(|_| document(rng, depth + 1)).collect())
        } else {
            let n = rng.below(4);
            let mut map = Map::new();
            for _ in 0..n {
                map.insert((*rng.pick(KEYS)).to_owned(), document(rng, depth + 1));
            }
            Value::Object(map)
        }
    } else {
        match rng.below(6) {
            0 => Value::Null,
            1 => Value::Bool(rng.below(2) == 0),
            2 => json!(rng.below(2000)),
            _ => Value::String((*rng.pick(STRINGS)).to_owned()),
        }
    }
}

/// A path from the root into `doc`, preferring lists and dicts (`@` for the root).
fn path(rng: &mut Rng, doc: &Value) -> String {
    let mut text = String::from("@");
    let mut node = doc;
    for _ in 0..rng.below(4) {
        match node {
            Value::Object(map) if !map.is_empty() => {
                let (k, v) = map.iter().nth(rng.below(map.len())).expect("in range");
                text.push_str(&format!(".\"{k}\""));
                node = v;
            }
            Value::Array(items) if !items.is_empty() => {
                let i = rng.below(items.len());
                text.push_str(&format!("[{i}]"));
                node = &items[i];
            }
            _ => break,
        }
    }
    text
}

/// Query shapes that can return one object several times (plus a few that cannot).
const TEMPLATES: &[&str] = &[
    "[P, Q, P]",
    "{z: P, a: Q, m: P}",
    "P | [@, @]",
    "[P, [P, Q], {x: Q, w: P}]",
    "[P, Q][]",
    "to_array(P) | [@, @]",
    "[not_null(P, Q), Q]",
    "[P || Q, Q, P && Q]",
    "[P, P][*]",
    "[P, values(Q)]",
    "[P, reverse(Q)]",
    "{a: P, b: {c: P, d: [P, Q]}}",
    "[P[?@ != `null`], P]",
    "[P[0:2], P]",
    "[merge(P), P]",
    "[@, P]",
    "[P, Q].*",
    "[P, Q] | [0]",
    "[[P], [P]][]",
    "{k: P, j: [Q, P]} | [k, @]",
    "[max_by([P, Q], &to_string(@)), P]",
    "[sort_by([Q, P], &to_string(@)), Q]",
    "P",
    "[P, Q]",
];

fn query(rng: &mut Rng, doc: &Value) -> String {
    let template = *rng.pick(TEMPLATES);
    let p = path(rng, doc);
    let q = path(rng, doc);
    template.replace('P', &p).replace('Q', &q)
}

fn peer_python() -> Result<PathBuf, peers::Skip> {
    peers::python_with(&["ruamel.yaml", "jmespath"])
}

fn run_peer(python: &PathBuf, cases: &[Value]) -> Vec<Value> {
    let mut child = Command::new(python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/peer/dump_query_yaml.py"
        ))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the Python peer");
    // The peer reads all of stdin before it writes, and the pipe closes when this drops.
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(Value::Array(cases.to_vec()).to_string().as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("peer output");
    assert!(
        output.status.success(),
        "peer failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the peer answers a JSON list")
}

#[test]
fn anchors_match_awscli_yaml_dumper() {
    let Some(python) = peers::or_skip(peer_python()) else {
        return;
    };
    let mut rng = Rng(0xa11a5);
    let mut cases = Vec::new();
    while cases.len() < 3000 {
        let doc = document(&mut rng, 0);
        if !doc.is_object() && !doc.is_array() {
            continue;
        }
        let q = query(&mut rng, &doc);
        cases.push(json!({"doc": doc.to_string(), "query": q}));
    }
    let answers = run_peer(&python, &cases);
    assert_eq!(answers.len(), cases.len(), "one answer per case");
    let (mut anchored, mut compared, mut errors) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for (case, want) in cases.iter().zip(&answers) {
        let text = case["doc"].as_str().expect("doc text");
        let expr = case["query"].as_str().expect("query");
        let doc: Value = serde_json::from_str(text).expect("doc is JSON");
        let got = awslice_jmespath::compile(expr).and_then(|e| e.search_shared(&doc));
        match (got, want.get("error")) {
            (Err(_), Some(_)) => errors += 1,
            (Ok(r), None) => {
                compared += 1;
                let identity = |n: &Value| r.shared_group(n);
                let yaml = emit_shared(r.value(), &identity);
                let stream = emit_stream_item_shared(r.value(), &identity);
                if yaml.contains("&id") {
                    anchored += 1;
                }
                if Some(yaml.as_str()) != want["yaml"].as_str()
                    || Some(stream.as_str()) != want["stream"].as_str()
                {
                    failures.push(format!(
                        "doc {text}\nquery {expr}\nwant yaml:\n{}\ngot yaml:\n{yaml}\nwant stream:\n{}\ngot stream:\n{stream}",
                        want["yaml"].as_str().unwrap_or("?"),
                        want["stream"].as_str().unwrap_or("?")
                    ));
                }
            }
            (Ok(_), Some(e)) => failures.push(format!(
                "doc {text}\nquery {expr}\npeer error {e}, we succeeded"
            )),
            (Err(e), None) => failures.push(format!(
                "doc {text}\nquery {expr}\nwe failed ({e}), the peer did not"
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ; first ones:\n\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    // The generator must exercise anchors, not only plain documents.
    assert!(
        anchored > 500 && compared > 2000,
        "weak generator: {anchored} anchored of {compared} compared ({errors} errors on both sides)"
    );
    println!("{compared} compared, {anchored} with anchors, {errors} errors on both sides");
}
