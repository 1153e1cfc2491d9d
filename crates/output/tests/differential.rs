//! Differential test: random JSON documents through our formatters and through the AWS CLI's
//! own formatter code in Python (`tests/peer/formatters.py`: awscli's json/text/table code,
//! ruamel.yaml configured like the AWS CLI v2's YAML dumper). Bytes must be identical.
//!
//! The Python interpreter is `$AWSLICE_PY_VENV/bin/python` (default `<workspace>/target/py-venv`,
//! created by `cargo xtask test`). Without it the test prints `skipped: …` and passes, unless
//! `AWSLICE_REQUIRE_PEERS=1`, in which case it fails.

use awslice_output::{Format, Options, try_format};
use awslice_test_support::peers;
use serde_json::{Map, Number, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// A small deterministic PRNG (splitmix64), so failures reproduce from the seed.
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
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FRAGMENTS: &[&str] = &[
    "a",
    "Image",
    "wsi-123456789abc",
    "123456789012",
    "0123",
    "007",
    "1_000",
    "1e3",
    ".5",
    "5.",
    "yes",
    "no",
    "true",
    "True",
    "null",
    "~",
    "",
    " ",
    "  ",
    "=",
    "<<",
    ".nan",
    ".inf",
    "-",
    "?",
    ":",
    "#",
    "x #y",
    "a: b",
    "a:b",
    "- x",
    "---",
    "...",
    "'",
    "\"",
    "\\",
    "\t",
    "\n",
    "\r\n",
    "\u{85}",
    "\u{2028}",
    "\u{feff}",
    "\u{7f}",
    "\u{1b}",
    "\0",
    "é",
    "中文",
    "日本語テキスト",
    "😀",
    "\u{e000}",
    "\u{a0}",
    "\u{200b}",
    "ｆｕｌｌ",
    "Ω",
    "ß",
    "[x]",
    "{y}",
    ",",
    "&",
    "*",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "2024-01-02",
    "2024-01-02T03:04:05Z",
    "1:20",
    "0x1F",
    "arn:aws:iam::123456789012:role/x",
    "http://example.com/a?b=c#d",
    "The quick brown fox",
    "jumps over the lazy dog",
    "and keeps running far beyond the eighty column limit",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
];

const KEYS: &[&str] = &[
    "ImageId",
    "ImagePermissions",
    "SharedAccountId",
    "Name",
    "name",
    "Code",
    "Message",
    "a",
    "b",
    "B",
    "z",
    "_x",
    "Tags",
    "Key",
    "Value",
    "NextToken",
    "é",
    "中",
    "yes",
    "null",
    "123",
    "",
    " k",
    "a: b",
    "#k",
    "k\nk",
    "true",
    "1.5",
    "Ω",
];

/// Characters from every class the emitters treat differently: ASCII, C0/C1 controls, DEL,
/// Latin-1, line and paragraph separators, BOM, wide CJK, private use, non-characters, astral.
fn random_char(rng: &mut Rng) -> char {
    let ranges: &[(u32, u32)] = &[
        (0x20, 0x7E),
        (0x20, 0x7E),
        (0x00, 0x1F),
        (0x7F, 0xFF),
        (0x2000, 0x202F),
        (0xFEFF, 0xFEFF),
        (0x3000, 0x9FFF),
        (0xE000, 0xE0FF),
        (0xFFF0, 0xFFFF),
        (0x1_0000, 0x1_FFFF),
    ];
    let (lo, hi) = ranges[rng.below(ranges.len())];
    let code = lo + (rng.next() % u64::from(hi - lo + 1)) as u32;
    char::from_u32(code).unwrap_or('?')
}

fn random_string(rng: &mut Rng) -> String {
    if rng.below(6) == 0 {
        let n = rng.below(24);
        return (0..n).map(|_| random_char(rng)).collect();
    }
    let max_parts = if rng.below(8) == 0 { 12 } else { 3 };
    let parts = 1 + rng.below(max_parts);
    let mut s = String::new();
    for i in 0..parts {
        if i > 0 && rng.below(2) == 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(FRAGMENTS));
    }
    s
}

fn random_number(rng: &mut Rng) -> Value {
    let text = match rng.below(8) {
        0 => format!("{}", rng.below(100) as i64 - 50),
        1 => format!("{}", rng.next() as i64),
        2 => format!("{}{}", rng.next(), rng.next()),
        3 => {
            let f = f64::from_bits(rng.next());
            if !f.is_finite() {
                return Value::Number(Number::from(0));
            }
            let mut b = ryu::Buffer::new();
            b.format_finite(f).to_owned()
        }
        4 => {
            let f = (rng.below(2_000_000) as f64 - 1_000_000.0) / 1000.0;
            let mut b = ryu::Buffer::new();
            b.format_finite(f).to_owned()
        }
        5 => [
            "0.0", "-0.0", "1.0", "1e16", "1.5e-7", "1e-5", "0.0001", "1e100", "2.5", "1e15",
        ][rng.below(10)]
        .to_owned(),
        6 => "0".to_owned(),
        _ => format!("{}", rng.below(1_000_000_000_000)),
    };
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    let kinds = if depth >= 4 { 6 } else { 10 };
    let roll = rng.below(kinds);
    match roll {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 | 3 => random_number(rng),
        4 | 5 => Value::String(random_string(rng)),
        6 | 7 => {
            let n = rng.below(5);
            // Lists of dicts sharing keys are the shape AWS responses have.
            if rng.below(2) == 0 {
                Value::Array((0..n).map(|_| random_dict(rng, depth + 1)).collect())
            } else {
                Value::Array((0..n).map(|_| random_value(rng, depth + 1)).collect())
            }
        }
        _ => random_dict(rng, depth + 1),
    }
}

fn random_dict(rng: &mut Rng, depth: usize) -> Value {
    let n = rng.below(6);
    let mut map = Map::new();
    for _ in 0..n {
        let key = if rng.below(6) == 0 {
            random_string(rng)
        } else {
            rng.pick(KEYS).to_owned()
        };
        let value = if depth >= 4 {
            random_scalar(rng)
        } else {
            random_value(rng, depth)
        };
        map.insert(key, value);
    }
    Value::Object(map)
}

fn random_scalar(rng: &mut Rng) -> Value {
    match rng.below(4) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => random_number(rng),
        _ => Value::String(random_string(rng)),
    }
}

fn run_peer(
    python: &PathBuf,
    docs: &[String],
    formats: &[&str],
    title: &str,
    width: Option<usize>,
) -> Vec<Value> {
    let request =
        serde_json::json!({"docs": docs, "formats": formats, "title": title, "width": width});
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/peer/formatters.py");
    let mut child = Command::new(python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the Python peer");
    child
        .stdin
        .take()
        .expect("peer stdin")
        .write_all(request.to_string().as_bytes())
        .expect("write to the Python peer");
    let output = child.wait_with_output().expect("wait for the Python peer");
    assert!(
        output.status.success(),
        "Python peer failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&output.stdout).expect("peer answers a JSON list")
}

fn ours(value: &Value, format: &str, title: &str, width: Option<usize>) -> Result<String, String> {
    let (fmt, color) = match format {
        "json" => (Format::Json, false),
        "text" => (Format::Text, false),
        "table" => (Format::Table, false),
        "table-color" => (Format::Table, true),
        "yaml" => (Format::Yaml, false),
        "yaml-stream" => (Format::YamlStream, false),
        other => panic!("unknown format {other}"),
    };
    let opts = Options {
        title,
        color,
        terminal_width: width,
    };
    try_format(value, fmt, &opts).map_err(|e| e.to_string())
}

fn differential(seed: u64, count: usize, formats: &[&str], module: &str, width: Option<usize>) {
    let Some(python) = peers::or_skip(peers::python_with(&[module])) else {
        return;
    };
    // Soak runs: AWSLICE_DIFF_SEED / AWSLICE_DIFF_COUNT override the defaults.
    let seed = std::env::var("AWSLICE_DIFF_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map_or(seed, |s| s ^ seed);
    let count = std::env::var("AWSLICE_DIFF_COUNT")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(count);
    let mut rng = Rng(seed);
    let values: Vec<Value> = (0..count)
        .map(|i| {
            if i % 3 == 0 {
                random_value(&mut rng, 0)
            } else {
                random_dict(&mut rng, 0)
            }
        })
        .collect();
    let docs: Vec<String> = values.iter().map(Value::to_string).collect();
    let title = "DescribeWorkspaceImagePermissions";
    let answers = run_peer(&python, &docs, formats, title, width);
    assert_eq!(answers.len(), values.len());
    let mut failures = Vec::new();
    let mut compared = 0usize;
    for (i, (value, answer)) in values.iter().zip(&answers).enumerate() {
        for &format in formats {
            let mine = ours(value, format, title, width);
            match (&answer[format], &mine) {
                (Value::String(want), Ok(got)) => {
                    compared += 1;
                    if want != got {
                        failures.push(format!(
                            "doc #{i} {format}: {}\n--- AWS CLI\n{want}\n--- awslice\n{got}",
                            docs[i]
                        ));
                    }
                }
                (Value::Object(err), Err(_)) if err.contains_key("error") => {}
                (want, got) => failures.push(format!(
                    "doc #{i} {format}: {}\nAWS CLI: {want}\nawslice: {got:?}",
                    docs[i]
                )),
            }
        }
    }
    if !failures.is_empty() {
        let dump = std::env::temp_dir().join(format!("awslice-output-differential-{seed:x}.txt"));
        let _ = std::fs::write(&dump, failures.join("\n\n========\n\n"));
        eprintln!("all differences written to {}", dump.display());
    }
    assert!(
        failures.is_empty(),
        "{} of {compared} outputs differ (seed {seed}); first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(4)
            .map(|f| f.chars().take(2500).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    assert!(
        compared * 2 > count * formats.len(),
        "too few comparable outputs: {compared}"
    );
}

#[test]
fn json_text_table_match_the_aws_cli_formatters() {
    differential(
        0x5eed_0001,
        1500,
        &["json", "text", "table", "table-color"],
        "awscli",
        None,
    );
}

#[test]
fn table_matches_at_other_terminal_widths() {
    differential(0x5eed_0002, 400, &["table"], "awscli", Some(40));
    differential(0x5eed_0003, 400, &["table"], "awscli", Some(160));
}

#[test]
fn yaml_matches_ruamel_configured_like_the_aws_cli() {
    differential(
        0x5eed_0004,
        2000,
        &["yaml", "yaml-stream"],
        "ruamel.yaml",
        None,
    );
}

/// Numbers compared as Python would (int digits, float bits), keys in any order.
fn normalize(v: &Value) -> Value {
    use awslice_yaml::python::{PyNumber, classify};
    match v {
        Value::Number(n) => match classify(n) {
            PyNumber::Int(d) => serde_json::json!({ "int": d }),
            PyNumber::Float(f) => serde_json::json!({ "float": f.to_bits().to_string() }),
        },
        Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> =
                map.iter().map(|(k, v)| (k.clone(), normalize(v))).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect())
        }
        other => other.clone(),
    }
}

/// No Python needed: what `--output yaml` prints loads back (`--cli-input-yaml`) to the same
/// value. Strings with NEL, LS or PS are left out: YAML 1.2 (saphyr) and ruamel disagree on
/// those as line breaks (docs/compat.md#known-differences).
#[test]
fn yaml_output_loads_back_to_the_same_value() {
    let mut rng = Rng(0x5eed_0005);
    let mut checked = 0;
    for _ in 0..1500 {
        let value = random_dict(&mut rng, 0);
        let text = value.to_string();
        if text.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
            continue;
        }
        let yaml = awslice_yaml::emit(&value);
        let back = awslice_yaml::load(&yaml).unwrap_or_else(|e| panic!("{e}\n{text}\n{yaml}"));
        let back = if yaml.is_empty() {
            serde_json::json!({})
        } else {
            back
        };
        assert_eq!(normalize(&back), normalize(&value), "{text}\n{yaml}");
        checked += 1;
    }
    assert!(checked > 1000, "only {checked} documents checked");
}
