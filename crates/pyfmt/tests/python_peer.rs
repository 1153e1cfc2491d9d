//! Differential test against CPython: random floats, strings, JSON documents, `int()` /
//! `float()` inputs and `os.path.expandvars` inputs are printed by this crate and by the
//! Python peer, and must agree byte for byte.
//!
//! The interpreter is `$AWSLICE_PY_VENV/bin/python` (default `<workspace>/target/py-venv`);
//! without it the test prints `skipped: …` and passes, unless `AWSLICE_REQUIRE_PEERS=1`.

use awslice_test_support::peers;
use serde_json::{Map, Value, json};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The Python side: reads one JSON request, answers with one JSON document of results.
const PEER: &str = r#"
import json, posixpath, struct, sys
req = json.load(sys.stdin)
def attempt(f, text):
    try:
        return {"ok": f(text)}
    except ValueError as e:
        return {"err": str(e)}
out = {
    "floats": [repr(struct.unpack("<d", struct.pack("<Q", int(b, 16)))[0]) for b in req["floats"]],
    "strings": [[repr(s), json.dumps(s), json.dumps(s, ensure_ascii=False)] for s in req["strings"]],
    "docs": [],
    "ints": [attempt(lambda t: str(int(t)), t) for t in req["ints"]],
    "float_texts": [attempt(lambda t: repr(float(t)), t) for t in req["float_texts"]],
    "paths": [],
}
for text in req["docs"]:
    v = json.loads(text)
    out["docs"].append([
        repr(v),
        str(v),
        type(v).__name__,
        json.dumps(v),
        json.dumps(v, indent=4, ensure_ascii=False) + "\n",
        json.dumps(v, separators=(",", ":")),
    ])
env = req["env"]
import os
os.environ.clear()
os.environ.update(env)
out["paths"] = [posixpath.expandvars(p) for p in req["paths"]]
json.dump(out, sys.stdout)
"#;

fn peer_python() -> Result<PathBuf, peers::Skip> {
    peers::python_with(&[])
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn random_float(rng: &mut Rng) -> f64 {
    match rng.below(4) {
        // Any finite bit pattern (subnormals and huge exponents included).
        0 => loop {
            let f = f64::from_bits(rng.next());
            if f.is_finite() {
                return f;
            }
        },
        // Short decimals around the fixed/scientific boundaries.
        1 => {
            let mantissa = (rng.below(100_000) as f64) - 50_000.0;
            let exponent = rng.below(50) as i32 - 25;
            mantissa * 10f64.powi(exponent)
        }
        2 => *rng.pick(&[
            1e16,
            1e15,
            9999999999999998.0,
            1e-4,
            9.999e-5,
            0.5,
            -0.0,
            0.0,
        ]),
        _ => (rng.next() >> 11) as f64 / (1u64 << rng.below(60)) as f64,
    }
}

fn random_char(rng: &mut Rng) -> char {
    let ranges: [(u32, u32); 9] = [
        (0x20, 0x7e),
        (0x20, 0x7e),
        (0x00, 0x1f),
        (0x7f, 0xff),
        (0x100, 0x2fff),
        (0x2000, 0x206f),
        (0x3000, 0xd7ff),
        (0xe000, 0xffff),
        (0x10000, 0x10ffff),
    ];
    let (lo, hi) = *rng.pick(&ranges);
    let code = lo + (rng.next() % u64::from(hi - lo + 1)) as u32;
    char::from_u32(code).unwrap_or('?')
}

fn random_string(rng: &mut Rng) -> String {
    let len = rng.below(12);
    (0..len)
        .map(|_| match rng.below(6) {
            0 => *rng.pick(&['\'', '"', '\\', '\n', '\t', '\r', '\u{8}', '\u{c}']),
            _ => random_char(rng),
        })
        .collect()
}

fn random_number_text(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => format!("{}", rng.next() as i64),
        1 => format!("{}{}", rng.next(), rng.next()),
        2 => [
            "-0", "0", "1e400", "-1e400", "1E2", "0.0", "-0.0", "2.50", "1e-7",
        ][rng.below(9)]
        .to_owned(),
        _ => format!("{:?}", random_float(rng)),
    }
}

fn random_doc(rng: &mut Rng, depth: usize) -> String {
    let kind = if depth >= 3 {
        rng.below(4)
    } else {
        rng.below(6)
    };
    match kind {
        0 => ["null", "true", "false"][rng.below(3)].to_owned(),
        1 => random_number_text(rng),
        2 | 3 => Value::String(random_string(rng)).to_string(),
        4 => {
            let items: Vec<String> = (0..rng.below(4))
                .map(|_| random_doc(rng, depth + 1))
                .collect();
            format!("[{}]", items.join(","))
        }
        _ => {
            let mut map = Map::new();
            for _ in 0..rng.below(4) {
                map.insert(random_string(rng), Value::Null);
            }
            let entries: Vec<String> = map
                .keys()
                .map(|k| {
                    format!(
                        "{}:{}",
                        Value::String(k.clone()),
                        random_doc(rng, depth + 1)
                    )
                })
                .collect();
            format!("{{{}}}", entries.join(","))
        }
    }
}

fn random_from(rng: &mut Rng, alphabet: &[&str], max: usize) -> String {
    (0..rng.below(max)).map(|_| *rng.pick(alphabet)).collect()
}

fn outcome<T>(r: Result<T, String>) -> Value
where
    T: Into<Value>,
{
    match r {
        Ok(v) => json!({ "ok": v.into() }),
        Err(e) => json!({ "err": e }),
    }
}

#[test]
fn agrees_with_cpython() {
    let Some(python) = peers::or_skip(peer_python()) else {
        return;
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let floats: Vec<f64> = (0..3000).map(|_| random_float(&mut rng)).collect();
    let strings: Vec<String> = (0..1500).map(|_| random_string(&mut rng)).collect();
    let docs: Vec<String> = (0..800).map(|_| random_doc(&mut rng, 0)).collect();
    let int_alphabet = ["0", "1", "7", "9", "_", "-", "+", " ", "a", ".", "é"];
    let ints: Vec<String> = (0..1500)
        .map(|_| random_from(&mut rng, &int_alphabet, 7))
        .collect();
    let float_alphabet = [
        "0", "1", "5", "_", "-", "+", " ", ".", "e", "E", "inf", "nan", "x", "Infinity",
    ];
    let float_texts: Vec<String> = (0..1500)
        .map(|_| random_from(&mut rng, &float_alphabet, 7))
        .collect();
    let path_alphabet = ["$", "{", "}", "A", "B", "_", "x", "/", "é", "$HOME", "1"];
    let paths: Vec<String> = (0..1500)
        .map(|_| random_from(&mut rng, &path_alphabet, 9))
        .collect();
    let env = json!({"A": "aa", "B": "", "HOME": "/home/me", "A_1": "a$B", "x": "ex"});

    let request = json!({
        "floats": floats.iter().map(|f| format!("{:x}", f.to_bits())).collect::<Vec<_>>(),
        "strings": strings,
        "docs": docs,
        "ints": ints,
        "float_texts": float_texts,
        "paths": paths,
        "env": env,
    });
    let mut child = Command::new(&python)
        .args(["-c", PEER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the Python peer");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(request.to_string().as_bytes())
        .expect("write the request");
    let done = child.wait_with_output().expect("Python peer output");
    assert!(
        done.status.success(),
        "Python peer failed: {}",
        String::from_utf8_lossy(&done.stderr)
    );
    let answer: Value = serde_json::from_slice(&done.stdout).expect("peer answer is JSON");
    for (key, sent) in [
        ("floats", floats.len()),
        ("strings", strings.len()),
        ("docs", docs.len()),
        ("ints", ints.len()),
        ("float_texts", float_texts.len()),
        ("paths", paths.len()),
    ] {
        let got = answer[key].as_array().map_or(0, Vec::len);
        assert_eq!(got, sent, "the peer answered {got} of {sent} {key}");
    }

    for (f, want) in floats
        .iter()
        .zip(answer["floats"].as_array().expect("floats"))
    {
        assert_eq!(
            awslice_pyfmt::float_repr(*f),
            want.as_str().expect("str"),
            "repr({f:e})"
        );
    }
    for (s, want) in strings
        .iter()
        .zip(answer["strings"].as_array().expect("strings"))
    {
        let mut dumped = String::new();
        awslice_pyfmt::push_json_string(&mut dumped, s, true);
        let mut raw = String::new();
        awslice_pyfmt::push_json_string(&mut raw, s, false);
        assert_eq!(
            json!([awslice_pyfmt::str_repr(s), dumped, raw]),
            *want,
            "{s:?}"
        );
    }
    let tight = awslice_pyfmt::Dumps {
        item_separator: ",",
        key_separator: ":",
        ..awslice_pyfmt::Dumps::COMPACT
    };
    for (text, want) in docs.iter().zip(answer["docs"].as_array().expect("docs")) {
        let v: Value = serde_json::from_str(text).expect("generated JSON parses");
        let got = json!([
            awslice_pyfmt::py_repr(&v),
            awslice_pyfmt::py_str(&v),
            awslice_pyfmt::type_name(&v),
            awslice_pyfmt::dumps_compact(&v),
            awslice_pyfmt::dumps_indented(&v),
            awslice_pyfmt::dumps(&v, &tight),
        ]);
        assert_eq!(got, *want, "{text}");
    }
    for (text, want) in ints.iter().zip(answer["ints"].as_array().expect("ints")) {
        assert_eq!(
            outcome(awslice_pyfmt::parse_int(text)),
            *want,
            "int({text:?})"
        );
    }
    for (text, want) in float_texts
        .iter()
        .zip(answer["float_texts"].as_array().expect("float_texts"))
    {
        let got = awslice_pyfmt::parse_float(text).map(awslice_pyfmt::float_repr);
        assert_eq!(outcome(got), *want, "float({text:?})");
    }
    for (path, want) in paths.iter().zip(answer["paths"].as_array().expect("paths")) {
        let got = awslice_pyfmt::expandvars(path, |name| env.get(name).and_then(Value::as_str));
        assert_eq!(got, want.as_str().expect("str"), "expandvars({path:?})");
    }
}
