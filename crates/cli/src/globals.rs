//! The AWS CLI v2's global options (`aws help`'s GLOBAL OPTIONS), parsed by the first pass.

use crate::argparse::{Arity, OptSpec, Outcome, Parsed, Parser, PosSpec};

/// `--output` choices.
pub const OUTPUT_CHOICES: &[&str] = &["json", "text", "table", "yaml", "yaml-stream", "off"];
/// `--color` choices.
pub const COLOR_CHOICES: &[&str] = &["on", "off", "auto"];
/// `--cli-binary-format` choices.
pub const BINARY_FORMAT_CHOICES: &[&str] = &["base64", "raw-in-base64-out"];
/// `--cli-error-format` choices.
pub const ERROR_FORMAT_CHOICES: &[&str] = &["legacy", "json", "yaml", "text", "table", "enhanced"];

/// Destination slots of the global options.
#[derive(Debug, Clone, Copy)]
#[repr(usize)]
enum Slot {
    Debug,
    EndpointUrl,
    VerifySsl,
    Paginate,
    Output,
    Query,
    Profile,
    Region,
    Color,
    NoSignRequest,
    CaBundle,
    ReadTimeout,
    ConnectTimeout,
    BinaryFormat,
    NoCliPager,
    AutoPrompt,
    NoAutoPrompt,
    ErrorFormat,
    Count,
}

/// (option, slot, arity, choices) in the AWS CLI's declaration order.
const TABLE: &[(&str, Slot, Arity, Option<&[&str]>)] = &[
    ("--debug", Slot::Debug, Arity::Flag(true), None),
    ("--endpoint-url", Slot::EndpointUrl, Arity::One, None),
    ("--no-verify-ssl", Slot::VerifySsl, Arity::Flag(false), None),
    ("--no-paginate", Slot::Paginate, Arity::Flag(false), None),
    ("--output", Slot::Output, Arity::One, Some(OUTPUT_CHOICES)),
    ("--query", Slot::Query, Arity::One, None),
    ("--profile", Slot::Profile, Arity::One, None),
    ("--region", Slot::Region, Arity::One, None),
    ("--version", Slot::Count, Arity::Version, None),
    ("--color", Slot::Color, Arity::One, Some(COLOR_CHOICES)),
    (
        "--no-sign-request",
        Slot::NoSignRequest,
        Arity::Flag(true),
        None,
    ),
    ("--ca-bundle", Slot::CaBundle, Arity::One, None),
    ("--cli-read-timeout", Slot::ReadTimeout, Arity::One, None),
    (
        "--cli-connect-timeout",
        Slot::ConnectTimeout,
        Arity::One,
        None,
    ),
    (
        "--cli-binary-format",
        Slot::BinaryFormat,
        Arity::One,
        Some(BINARY_FORMAT_CHOICES),
    ),
    ("--no-cli-pager", Slot::NoCliPager, Arity::Flag(true), None),
    (
        "--cli-auto-prompt",
        Slot::AutoPrompt,
        Arity::Flag(true),
        None,
    ),
    (
        "--no-cli-auto-prompt",
        Slot::NoAutoPrompt,
        Arity::Flag(true),
        None,
    ),
    (
        "--cli-error-format",
        Slot::ErrorFormat,
        Arity::One,
        Some(ERROR_FORMAT_CHOICES),
    ),
];

/// The first-pass parser: global options and the `command` (service) positional.
pub fn main_parser(commands: Vec<String>) -> Parser {
    Parser {
        options: TABLE
            .iter()
            .map(|(name, slot, arity, choices)| OptSpec {
                name: (*name).to_owned(),
                dest: *slot as usize,
                arity: *arity,
                choices: *choices,
                required: false,
            })
            .collect(),
        positionals: vec![PosSpec {
            name: "command",
            choices: commands,
            optional: false,
        }],
        slots: Slot::Count as usize + 1,
    }
}

/// The global options as given on the command line (raw strings; validated later, when the
/// AWS CLI validates them).
///
/// `--no-paginate` and `--cli-binary-format` change nothing for operations without a
/// paginator or blob members (as in the AWS CLI); `--cli-auto-prompt`
/// and `--no-cli-auto-prompt` are decided on the raw arguments before parsing.
#[derive(Debug, Clone, Default)]
pub struct Globals {
    /// `--debug`.
    pub debug: bool,
    /// `--endpoint-url`.
    pub endpoint_url: Option<String>,
    /// `--no-verify-ssl` given.
    pub no_verify_ssl: bool,
    /// `--no-paginate` given.
    pub no_paginate: bool,
    /// `--output`.
    pub output: Option<String>,
    /// `--query`.
    pub query: Option<String>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--region`.
    pub region: Option<String>,
    /// `--color`.
    pub color: Option<String>,
    /// `--no-sign-request`.
    pub no_sign_request: bool,
    /// `--ca-bundle`.
    pub ca_bundle: Option<String>,
    /// `--cli-read-timeout`.
    pub read_timeout: Option<String>,
    /// `--cli-connect-timeout`.
    pub connect_timeout: Option<String>,
    /// `--no-cli-pager`.
    pub no_cli_pager: bool,
    /// `--cli-error-format`.
    pub error_format: Option<String>,
    /// `--cli-binary-format`.
    pub binary_format: Option<String>,
}

impl Globals {
    /// Reads the global options out of a first-pass outcome.
    pub fn from_outcome(out: &Outcome) -> Self {
        let s = |slot: Slot| match &out.values[slot as usize] {
            Some(Parsed::Str(v)) => Some(v.clone()),
            _ => None,
        };
        let b = |slot: Slot| out.values[slot as usize].is_some();
        Globals {
            debug: b(Slot::Debug),
            endpoint_url: s(Slot::EndpointUrl),
            no_verify_ssl: b(Slot::VerifySsl),
            no_paginate: b(Slot::Paginate),
            output: s(Slot::Output),
            query: s(Slot::Query),
            profile: s(Slot::Profile),
            region: s(Slot::Region),
            color: s(Slot::Color),
            no_sign_request: b(Slot::NoSignRequest),
            ca_bundle: s(Slot::CaBundle),
            read_timeout: s(Slot::ReadTimeout),
            connect_timeout: s(Slot::ConnectTimeout),
            no_cli_pager: b(Slot::NoCliPager),
            error_format: s(Slot::ErrorFormat),
            binary_format: s(Slot::BinaryFormat),
        }
    }
}

/// Python's `urlparse(url).scheme` is empty: no `letter[letters digits + - .]*:` prefix.
pub fn url_scheme_missing(url: &str) -> bool {
    match url.split_once(':') {
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            !(chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        }
        None => true,
    }
}

/// `--cli-read-timeout` / `--cli-connect-timeout`: `int(value)`, `0` meaning no timeout, a
/// negative value refused with the AWS CLI's text.
pub fn parse_timeout(value: &str, which: &str) -> Result<Option<std::time::Duration>, String> {
    let digits = awslice_pyfmt::parse_int(value)?;
    if digits == "0" {
        return Ok(None);
    }
    if digits.starts_with('-') {
        return Err(format!(
            "Attempted to set {which} timeout to {digits}, but the timeout cannot be set to a value less than or equal to 0."
        ));
    }
    let secs: u64 = digits.parse().unwrap_or(u64::MAX);
    Ok(Some(std::time::Duration::from_secs(secs)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_detection_is_urlparse_like() {
        assert!(url_scheme_missing("127.0.0.1:4566"));
        assert!(!url_scheme_missing("http://127.0.0.1:4566"));
        assert!(url_scheme_missing("no-colon"));
        assert!(!url_scheme_missing("localhost:4566"));
    }

    #[test]
    fn timeouts() {
        assert_eq!(parse_timeout("0", "read"), Ok(None));
        assert_eq!(
            parse_timeout("5", "read"),
            Ok(Some(std::time::Duration::from_secs(5)))
        );
        assert_eq!(
            parse_timeout("-5", "read").unwrap_err(),
            "Attempted to set read timeout to -5, but the timeout cannot be set to a value less than or equal to 0."
        );
        assert_eq!(
            parse_timeout("1.5", "connect").unwrap_err(),
            "invalid literal for int() with base 10: '1.5'"
        );
    }
}
