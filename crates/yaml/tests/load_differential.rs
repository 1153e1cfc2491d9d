//! Differential test of `load` against the AWS CLI v2's `--cli-input-yaml` reader
//! (ruamel.yaml's pure-Python safe loader), run through `tests/peer/load_yaml.py`.
//!
//! The interpreter is `$AWSLICE_PY_VENV/bin/python` (default `<workspace>/target/py-venv`); it
//! needs `ruamel.yaml`. Without it the test prints `skipped: …` and passes, unless
//! `AWSLICE_REQUIRE_PEERS=1`, in which case it fails.
//!
//! Known, documented deviations are not in the case list: timestamps (ruamel builds dates,
//! we keep the text), NaN (no JSON number), non-string keys, NEL/LS/PS line breaks, and a
//! tab in a line's indentation (ruamel rejects it, YAML 1.2 and saphyr accept it).

use awslice_test_support::peers;
use awslice_yaml::load;
use awslice_yaml::python::{PyNumber, classify, float_repr};
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

const CASES: &[&str] = &[
    "a: yes",
    "a: no",
    "a: on",
    "a: y",
    "a: tRUE",
    "a: True",
    "a: FALSE",
    "a: 012",
    "a: 0b101",
    "a: 1_000",
    "a: 0O12",
    "a: 0o12",
    "a: 0x1F",
    "a: -0x1f",
    "a: +12",
    "a: -0",
    "a: 123456789012345678901234567890",
    "a: 1__0",
    "a: .inf",
    "a: -.inf",
    "a: +.inf",
    "a: 1_000.5",
    "a: 1e3",
    "a: 1E-3",
    "a: .5",
    "a: 5.",
    "a: -.5e+3",
    "a:",
    "a: Null",
    "a: ~",
    "a: null",
    "a: NULL",
    "a: nULL",
    "a: 1:20",
    "a: 1,000",
    "a: 0x",
    "a: 12e",
    "base: &b {x: 1, y: 1}\nc:\n  <<: *b\n  y:\n",
    "p: &p {a: 1}\nq: &q {a: 2, b: 2}\nr:\n  <<: [*p, *q]\n  c: 3\n",
    "a: 1\na: 2",
    "a: 1\n---\nb: 2",
    "a: !!binary aGVsbG8=",
    "a: !custom x",
    "a: !!int \"7\"",
    "a: !!str 7",
    "a: !!float '1'",
    "a: !!bool 'true'",
    "a: !!null ''",
    "\u{feff}a: 1",
    "a: =",
    "=: 1",
    "",
    "# just a comment",
    "- a\n- b",
    "just text",
    "'quoted'",
    "[1, 2, {a: b}]",
    "a: |\n  line1\n  line2\n",
    "a: >\n  folded\n  text\n\n  para\n",
    "a: |-\n  x\n",
    "a: 'it''s'",
    "a: \"tab\\tnew\\nline\\u00e9\\U0001F600\"",
    "a: plain\n  continued\n",
    "a: [x, y,\n  z]",
    "a: {b: 1, c: [2, 3]}",
    "? a\n: b",
    "a: &x 1\nb: *x",
    "a: *missing",
    "a: [1, 2",
    "a: ''|\n 0",
    "[!,",
    "a:\n  - 1\n  -\n  - 3",
    "a: 'x' y",
    "a: b: c",
    "a:\tb",
    "a: -",
    "a: - b",
    "ImageId: wsi-1\nAllowCopyImage: true\nSharedAccountId: '123456789012'\n",
    "ImageId: ''  # [REQUIRED] The identifier of the image.\nAllowCopyImage: true # x\nSharedAccountId: '' # y\n",
    "%YAML 1.2\n---\na: 1",
    "--- \na: 1\n...\n",
    "a: !!binary |\n  aGVs\n  bG8=\n",
    "{a: 1, a: 2}",
    "a: [1, 2]\nb: {c: d}\n",
    "a: 'multi\n\n  line'",
    "a: \"x\\\n  y\"",
];

fn peer_python() -> Result<PathBuf, peers::Skip> {
    peers::python_with(&["ruamel.yaml"])
}

fn typed(v: &Value) -> Value {
    match v {
        Value::Null => json!({"null": 0}),
        Value::Bool(b) => json!({ "bool": b }),
        Value::Number(n) => match classify(n) {
            PyNumber::Int(d) => json!({ "int": d }),
            PyNumber::Float(f) => json!({ "float": float_repr(f) }),
        },
        Value::String(s) => json!({ "str": s }),
        Value::Array(items) => json!({ "list": items.iter().map(typed).collect::<Vec<_>>() }),
        Value::Object(map) => {
            json!({ "map": map.iter().map(|(k, v)| json!([k, typed(v)])).collect::<Vec<_>>() })
        }
    }
}

#[test]
fn load_matches_ruamel_safe_loader() {
    let Some(python) = peers::or_skip(peer_python()) else {
        return;
    };
    let mut child = Command::new(&python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/peer/load_yaml.py"
        ))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the Python peer");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(serde_json::to_string(CASES).expect("JSON").as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("peer output");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON list");
    let mut failures = Vec::new();
    for (text, want) in CASES.iter().zip(&answers) {
        let got = load(text);
        let same = match (&got, want.get("error")) {
            (Err(_), Some(_)) => true,
            (Ok(v), None) => {
                // The `!!binary` value: ruamel answers bytes, we keep the base64 text.
                let mine = typed(v);
                mine == *want
                    || serde_json::from_str::<Value>(
                        &want.to_string().replace("\"bytes\"", "\"str\""),
                    )
                    .ok()
                    .as_ref()
                        == Some(&mine)
            }
            _ => false,
        };
        if !same {
            failures.push(format!(
                "{text:?}\n  ruamel:  {want}\n  awslice: {:?}",
                got.map(|v| typed(&v))
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}
