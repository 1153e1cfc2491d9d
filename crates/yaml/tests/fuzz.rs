//! Hostile `--cli-input-yaml` text: `load` must return a value or an error, never panic or
//! overflow the stack. Mutations of the golden documents, seeded for reproducibility.

use awslice_yaml::load;

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
}

const NASTY: &[&str] = &[
    "-",
    ":",
    "? ",
    "[",
    "]",
    "{",
    "}",
    "!",
    "!!",
    "&a ",
    "*a",
    "|",
    ">",
    "'",
    "\"",
    "%",
    "@",
    "`",
    "#",
    ",",
    "\n",
    "\t",
    " ",
    "\\",
    "<<: ",
    "---\n",
    "...\n",
    "\u{feff}",
    "\u{85}",
    "\u{2028}",
    "😀",
    "\r",
    "&a [*a, *a]",
    "!!binary ",
    "!!int ",
    "=",
    "~",
];

#[test]
fn mutated_documents_never_panic() {
    #[derive(serde::Deserialize)]
    struct Case {
        expected: String,
    }
    let cases: Vec<Case> =
        serde_json::from_str(include_str!("data/golden.json")).expect("golden.json is valid");
    let mut rng = Rng(0xf022);
    let (mut ok, mut err) = (0usize, 0usize);
    for _ in 0..6000 {
        let mut text: Vec<char> = cases[rng.below(cases.len())].expected.chars().collect();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(text.len() + 1);
            match rng.below(3) {
                0 => {
                    let piece = NASTY[rng.below(NASTY.len())];
                    text.splice(at..at, piece.chars());
                }
                1 if at < text.len() => {
                    let end = (at + 1 + rng.below(8)).min(text.len());
                    text.drain(at..end);
                }
                _ => {
                    let end = (at + rng.below(12)).min(text.len());
                    let copy: Vec<char> = text[at..end].to_vec();
                    text.splice(at..at, copy);
                }
            }
        }
        let text: String = text.into_iter().collect();
        match load(&text) {
            Ok(_) => ok += 1,
            Err(e) => {
                assert!(!e.message().is_empty(), "an error says why: {text:?}");
                err += 1;
            }
        }
    }
    assert!(
        ok > 500 && err > 500,
        "mutations should both pass and fail: {ok} ok, {err} errors"
    );
}

#[test]
fn pathological_inputs_are_errors_not_crashes() {
    let inputs = [
        "[".repeat(1_000_000),
        "{".repeat(1_000_000),
        "- ".repeat(100_000),
        format!("a: {}", "&x ".repeat(10_000)),
        "\0".repeat(1000),
        "a: \"\\".to_owned(),
        "!!map\n!!seq".to_owned(),
    ];
    for text in &inputs {
        let _ = load(text);
    }
    assert!(load(&"[".repeat(1_000_000)).is_err());
}
