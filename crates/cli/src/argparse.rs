//! A small re-implementation of Python `argparse.parse_known_args`, as the AWS CLI uses it.
//!
//! Why not clap: the AWS CLI parses in three passes (global options + service name, then
//! the operation name, then the operation's options), each pass keeping the strings it does
//! not know for the next one (`parse_known_args`). Its observable behaviour — which strings
//! end up in `Unknown options: …` and in what order, unique-prefix abbreviations, negative
//! numbers taken as values, `--opt=value`, `nargs='+'`/`'?'`, the exact error texts
//! (`expected one argument`, `the following arguments are required: …`) — follows
//! argparse's algorithm, which clap does not reproduce. Only the subset the AWS CLI uses is
//! implemented here.

use crate::difflib;

/// How many values an option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// `store_const`: no value; stores the given boolean.
    Flag(bool),
    /// Exactly one value.
    One,
    /// `nargs='+'`.
    OneOrMore,
    /// `nargs='?'`: zero or one value; the constant when none.
    Optional(&'static str),
    /// `action='version'`: stops parsing.
    Version,
    /// Exactly one value that must pass Python's `int()` (argparse's `type=int`).
    Int,
}

/// One option.
#[derive(Debug, Clone)]
pub struct OptSpec {
    /// The option string (`--image-id`).
    pub name: String,
    /// Index of the destination slot; several options may share one (`--x` / `--no-x`).
    pub dest: usize,
    /// Values taken.
    pub arity: Arity,
    /// Allowed values, if restricted.
    pub choices: Option<&'static [&'static str]>,
    /// Whether argparse requires it.
    pub required: bool,
}

/// A positional argument.
#[derive(Debug, Clone)]
pub struct PosSpec {
    /// Its name in messages (`command`, `operation`).
    pub name: &'static str,
    /// Allowed values (empty: any).
    pub choices: Vec<String>,
    /// `nargs='?'` (not required) instead of exactly one (required).
    pub optional: bool,
}

/// A parsed option value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// A flag's constant.
    Bool(bool),
    /// One value.
    Str(String),
    /// `nargs='+'` values.
    List(Vec<String>),
}

/// What one `parse_known_args` pass produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Values by destination slot (last occurrence wins).
    pub values: Vec<Option<Parsed>>,
    /// The positionals' values, in declaration order (`None`: not given).
    pub positionals: Vec<Option<String>>,
    /// Strings not consumed, in argparse's order.
    pub extras: Vec<String>,
    /// `--version` was met.
    pub version: bool,
}

impl Outcome {
    /// The value of the `i`th positional, if given.
    pub fn positional(&self, i: usize) -> Option<&str> {
        self.positionals.get(i)?.as_deref()
    }
}

/// An argparse error: the message after `argument X: ` is already included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgError(pub String);

/// A parser: options plus positionals.
#[derive(Debug, Clone, Default)]
pub struct Parser {
    /// Options in declaration order.
    pub options: Vec<OptSpec>,
    /// The positional arguments, in declaration order.
    pub positionals: Vec<PosSpec>,
    /// Number of destination slots.
    pub slots: usize,
}

#[derive(Debug, Clone)]
enum Tok {
    /// A known option (index into `options`) with an explicit `=value`.
    Opt(usize, Option<String>),
    /// An option-like string no option matches.
    Unknown,
    /// A plain argument.
    Arg,
}

/// `Found invalid choice 'x'` + `Maybe you meant:` lines, as the AWS CLI's parser says it.
pub fn invalid_choice(value: &str, choices: &[&str]) -> String {
    let mut msg = format!("Found invalid choice '{value}'\n");
    let close = difflib::get_close_matches(value, choices, 3, 0.8);
    if !close.is_empty() {
        msg.push_str("\nMaybe you meant:\n");
        for c in close {
            msg.push_str("\n  * ");
            msg.push_str(c);
        }
    }
    msg
}

fn is_negative_number(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('-') else {
        return false;
    };
    if rest.is_empty() {
        return false;
    }
    if rest.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    match rest.split_once('.') {
        Some((a, b)) => {
            a.chars().all(|c| c.is_ascii_digit())
                && !b.is_empty()
                && b.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

impl Parser {
    fn classify(&self, s: &str) -> Result<Tok, ArgError> {
        if !s.starts_with('-') || s == "-" {
            return Ok(Tok::Arg);
        }
        if let Some(i) = self.options.iter().position(|o| o.name == s) {
            return Ok(Tok::Opt(i, None));
        }
        if s.len() == 1 {
            return Ok(Tok::Arg);
        }
        let (prefix, explicit) = match s.split_once('=') {
            Some((p, v)) => (p, Some(v.to_owned())),
            None => (s, None),
        };
        if explicit.is_some()
            && let Some(i) = self.options.iter().position(|o| o.name == prefix)
        {
            return Ok(Tok::Opt(i, explicit));
        }
        if s.starts_with("--") {
            let matches: Vec<usize> = (0..self.options.len())
                .filter(|i| self.options[*i].name.starts_with(prefix))
                .collect();
            if matches.len() > 1 {
                let names: Vec<&str> = matches
                    .iter()
                    .map(|i| self.options[*i].name.as_str())
                    .collect();
                return Err(ArgError(format!(
                    "ambiguous option: {s} could match {}",
                    names.join(", ")
                )));
            }
            if let Some(i) = matches.first() {
                return Ok(Tok::Opt(*i, explicit));
            }
        }
        if is_negative_number(s) || s.contains(' ') {
            return Ok(Tok::Arg);
        }
        Ok(Tok::Unknown)
    }

    fn check_choice(choices: &[&str], what: &str, value: &str) -> Result<(), ArgError> {
        if choices.contains(&value) {
            Ok(())
        } else {
            Err(ArgError(format!(
                "argument {what}: {}",
                invalid_choice(value, choices)
            )))
        }
    }

    /// `parse_known_args(args)`.
    pub fn parse_known_args(&self, args: &[String]) -> Result<Outcome, ArgError> {
        // Everything after a bare `--` is positional.
        let mut toks = Vec::with_capacity(args.len());
        let mut after_dd = false;
        for a in args {
            if after_dd {
                toks.push(Tok::Arg);
            } else if a == "--" {
                after_dd = true;
                toks.push(Tok::Arg);
            } else {
                toks.push(self.classify(a)?);
            }
        }
        let mut out = Outcome {
            values: vec![None; self.slots],
            ..Outcome::default()
        };
        let mut pos_done = false;
        let is_opt = |t: &Tok| matches!(t, Tok::Opt(..) | Tok::Unknown);
        let mut i = 0;
        while i < args.len() {
            if !is_opt(&toks[i]) {
                // A run of plain arguments: the positional takes the first if still open.
                let mut j = i;
                while j < args.len() && !is_opt(&toks[j]) {
                    j += 1;
                }
                // argparse matches every positional against the first run (a `?` one may
                // match nothing); later runs are extras.
                let mut start = i;
                if !pos_done && !self.positionals.is_empty() {
                    pos_done = true;
                    for p in &self.positionals {
                        if start == j {
                            break;
                        }
                        let v = args[start].clone();
                        if !p.choices.is_empty() {
                            let ch: Vec<&str> = p.choices.iter().map(String::as_str).collect();
                            Self::check_choice(&ch, p.name, &v)?;
                        }
                        out.positionals.push(Some(v));
                        start += 1;
                    }
                }
                for a in &args[start..j] {
                    if a != "--" {
                        out.extras.push(a.clone());
                    }
                }
                i = j;
                continue;
            }
            let (idx, explicit) = match &toks[i] {
                Tok::Opt(idx, e) => (*idx, e.clone()),
                _ => {
                    out.extras.push(args[i].clone());
                    i += 1;
                    continue;
                }
            };
            let spec = &self.options[idx];
            let following = toks[i + 1..].iter().take_while(|t| !is_opt(t)).count();
            let value = match (spec.arity, explicit) {
                (Arity::Version, _) => {
                    out.version = true;
                    return Ok(out);
                }
                (Arity::Flag(_), Some(e)) => {
                    return Err(ArgError(format!(
                        "argument {}: ignored explicit argument '{e}'",
                        spec.name
                    )));
                }
                (Arity::Flag(b), None) => {
                    i += 1;
                    Parsed::Bool(b)
                }
                (Arity::One | Arity::Optional(_) | Arity::Int, Some(e)) => {
                    i += 1;
                    Parsed::Str(e)
                }
                (Arity::OneOrMore, Some(e)) => {
                    i += 1;
                    Parsed::List(vec![e])
                }
                (Arity::One | Arity::Int, None) => {
                    if following == 0 {
                        return Err(ArgError(format!(
                            "argument {}: expected one argument",
                            spec.name
                        )));
                    }
                    i += 2;
                    Parsed::Str(args[i - 1].clone())
                }
                (Arity::Optional(c), None) => {
                    if following == 0 {
                        i += 1;
                        Parsed::Str(c.to_owned())
                    } else {
                        i += 2;
                        Parsed::Str(args[i - 1].clone())
                    }
                }
                (Arity::OneOrMore, None) => {
                    if following == 0 {
                        return Err(ArgError(format!(
                            "argument {}: expected at least one argument",
                            spec.name
                        )));
                    }
                    let vals = args[i + 1..i + 1 + following].to_vec();
                    i += 1 + following;
                    Parsed::List(vals)
                }
            };
            if let (Some(ch), Parsed::Str(v)) = (spec.choices, &value) {
                Self::check_choice(ch, &spec.name, v)?;
            }
            if let (Arity::Int, Parsed::Str(v)) = (spec.arity, &value)
                && awslice_pyfmt::parse_int(v).is_err()
            {
                return Err(ArgError(format!(
                    "argument {}: invalid int value: {}",
                    spec.name,
                    awslice_pyfmt::str_repr(v)
                )));
            }
            out.values[spec.dest] = Some(value);
        }
        // Required options, in declaration order (one name per destination).
        let mut missing: Vec<&str> = Vec::new();
        for o in &self.options {
            if o.required && out.values[o.dest].is_none() && !missing.contains(&o.name.as_str()) {
                missing.push(&o.name);
            }
        }
        out.positionals.resize(self.positionals.len(), None);
        for (p, v) in self.positionals.iter().zip(&out.positionals) {
            if !p.optional && v.is_none() {
                missing.push(p.name);
            }
        }
        if !missing.is_empty() {
            return Err(ArgError(format!(
                "the following arguments are required: {}",
                missing.join(", ")
            )));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sv(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn main_parser() -> Parser {
        Parser {
            options: vec![
                OptSpec {
                    name: "--region".into(),
                    dest: 0,
                    arity: Arity::One,
                    choices: None,
                    required: false,
                },
                OptSpec {
                    name: "--debug".into(),
                    dest: 1,
                    arity: Arity::Flag(true),
                    choices: None,
                    required: false,
                },
                OptSpec {
                    name: "--output".into(),
                    dest: 2,
                    arity: Arity::One,
                    choices: Some(&["json", "text"]),
                    required: false,
                },
                OptSpec {
                    name: "--no-paginate".into(),
                    dest: 3,
                    arity: Arity::Flag(false),
                    choices: None,
                    required: false,
                },
                OptSpec {
                    name: "--no-sign-request".into(),
                    dest: 4,
                    arity: Arity::Flag(true),
                    choices: None,
                    required: false,
                },
            ],
            positionals: vec![PosSpec {
                name: "command",
                choices: sv(&["workspaces"]),
                optional: false,
            }],
            slots: 5,
        }
    }

    #[test]
    fn known_and_unknown_in_argparse_order() {
        let p = main_parser();
        let out = p
            .parse_known_args(&sv(&[
                "--region",
                "x",
                "workspaces",
                "op",
                "--image-id",
                "a",
                "--debug",
                "b",
            ]))
            .unwrap();
        assert_eq!(out.values[0], Some(Parsed::Str("x".into())));
        assert_eq!(out.values[1], Some(Parsed::Bool(true)));
        assert_eq!(out.positional(0), Some("workspaces"));
        assert_eq!(out.extras, sv(&["op", "--image-id", "a", "b"]));
    }

    #[test]
    fn errors_have_argparse_texts() {
        let p = main_parser();
        assert_eq!(
            p.parse_known_args(&sv(&["workspaces", "--region"]))
                .unwrap_err()
                .0,
            "argument --region: expected one argument"
        );
        assert_eq!(
            p.parse_known_args(&sv(&["--debug"])).unwrap_err().0,
            "the following arguments are required: command"
        );
        assert_eq!(
            p.parse_known_args(&sv(&["workspaces", "--output", "xml"]))
                .unwrap_err()
                .0,
            "argument --output: Found invalid choice 'xml'\n"
        );
        assert_eq!(
            p.parse_known_args(&sv(&["workspaces", "--no", "x"]))
                .unwrap_err()
                .0,
            "ambiguous option: --no could match --no-paginate, --no-sign-request"
        );
        assert_eq!(
            p.parse_known_args(&sv(&["workspacez"])).unwrap_err().0,
            "argument command: Found invalid choice 'workspacez'\n\nMaybe you meant:\n\n  * workspaces"
        );
    }

    #[test]
    fn positionals_match_the_first_run_of_plain_arguments() {
        let p = Parser {
            options: vec![OptSpec {
                name: "--function-name".into(),
                dest: 0,
                arity: Arity::One,
                choices: None,
                required: true,
            }],
            positionals: vec![
                PosSpec {
                    name: "outfile",
                    choices: Vec::new(),
                    optional: false,
                },
                PosSpec {
                    name: "help",
                    choices: Vec::new(),
                    optional: true,
                },
            ],
            slots: 1,
        };
        let out = p
            .parse_known_args(&sv(&["--function-name", "f", "out.json"]))
            .unwrap();
        assert_eq!(
            (out.positional(0), out.positional(1)),
            (Some("out.json"), None)
        );
        // Both match the first run; a later run is extras.
        let out = p
            .parse_known_args(&sv(&["a", "b", "c", "--function-name", "f", "d"]))
            .unwrap();
        assert_eq!(
            (out.positional(0), out.positional(1)),
            (Some("a"), Some("b"))
        );
        assert_eq!(out.extras, sv(&["c", "d"]));
        assert_eq!(
            p.parse_known_args(&sv(&[])).unwrap_err().0,
            "the following arguments are required: --function-name, outfile"
        );
    }

    #[test]
    fn equals_abbreviation_and_negative_numbers() {
        let p = main_parser();
        let out = p
            .parse_known_args(&sv(&["workspaces", "--reg=-5", "--output=json"]))
            .unwrap();
        assert_eq!(out.values[0], Some(Parsed::Str("-5".into())));
        assert_eq!(out.values[2], Some(Parsed::Str("json".into())));
        let out = p
            .parse_known_args(&sv(&["workspaces", "--region", "-5"]))
            .unwrap();
        assert_eq!(out.values[0], Some(Parsed::Str("-5".into())));
    }
}
