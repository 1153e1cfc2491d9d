//! The AWS CLI v2's global options (`aws help`'s GLOBAL OPTIONS), parsed by the first pass.

use crate::argparse::{Arity, OptSpec, Outcome, Parsed, Parser, PosSpec};
pub(crate) use crate::backends::OutputFormat;
use crate::blobs::BinaryFormat;

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

/// One global option: how it parses, how `help` documents it, how completion offers it.
#[derive(Debug)]
pub struct GlobalOption {
    /// `--endpoint-url`.
    pub name: &'static str,
    slot: Slot,
    /// What follows it on the command line.
    pub arity: Arity,
    /// Allowed values, if restricted.
    pub choices: Option<&'static [&'static str]>,
    /// The type `help` shows in parentheses (`boolean`, `string`, `int`).
    pub type_name: &'static str,
    /// The help text (`aws help`'s GLOBAL OPTIONS).
    pub help: &'static str,
    /// Where completion takes its values from.
    pub completion: Completion,
}

impl GlobalOption {
    /// The first sentence of the help text: the completion candidates' description.
    pub fn summary(&self) -> &'static str {
        match self.help.find(". ") {
            Some(i) => &self.help[..=i],
            None => self.help,
        }
    }
}

/// Where completion takes a global option's values from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    /// No values (a flag, or free text).
    None,
    /// The option's `choices`.
    Choices,
    /// The profile names of the configuration files.
    Profiles,
    /// The regions of the `aws` partition.
    Regions,
}

/// Every global option, in the AWS CLI v2's declaration order (its `cli.json`): the one
/// definition the first-pass parser, the help pages, completion and the auto-prompt read.
pub const OPTIONS: &[GlobalOption] = &[
    GlobalOption {
        name: "--debug",
        slot: Slot::Debug,
        arity: Arity::Flag(true),
        choices: None,
        type_name: "boolean",
        help: "Turn on debug logging.",
        completion: Completion::None,
    },
    GlobalOption {
        name: "--endpoint-url",
        slot: Slot::EndpointUrl,
        arity: Arity::One,
        choices: None,
        type_name: "string",
        help: "Override command's default URL with the given URL.",
        completion: Completion::None,
    },
    GlobalOption {
        name: "--no-verify-ssl",
        slot: Slot::VerifySsl,
        arity: Arity::Flag(false),
        choices: None,
        type_name: "boolean",
        help: "By default, the AWS CLI uses SSL when communicating with AWS services. For each SSL connection, the AWS CLI will verify SSL certificates. This option overrides the default behavior of verifying SSL certificates.",
        completion: Completion::None,
    },
    GlobalOption {
        name: "--no-paginate",
        slot: Slot::Paginate,
        arity: Arity::Flag(false),
        choices: None,
        type_name: "boolean",
        help: "Disable automatic pagination. If automatic pagination is disabled, the AWS CLI will only make one call, for the first page of results.",
        completion: Completion::None,
    },
    GlobalOption {
        name: "--output",
        slot: Slot::Output,
        arity: Arity::One,
        choices: Some(OUTPUT_CHOICES),
        type_name: "string",
        help: "The formatting style for command output.",
        completion: Completion::Choices,
    },
    GlobalOption {
        name: "--query",
        slot: Slot::Query,
        arity: Arity::One,
        choices: None,
        type_name: "string",
        help: "A JMESPath query to use in filtering the response data.",
        completion: Completion::None,
    },
    GlobalOption {
        name: "--profile",
        slot: Slot::Profile,
        arity: Arity::One,
        choices: None,
        type_name: "string",
        help: "Use a specific profile from your credential file.",
        completion: Completion::Profiles,
    },
    GlobalOption {
        name: "--region",
        slot: Slot::Region,
        arity: Arity::One,
        choices: None,
        type_name: "string",
        help: "The region to use. Overrides config/env settings.",
        completion: Completion::Regions,
    },
    GlobalOption {
        name: "--version",
        slot: Slot::Count,
        arity: Arity::Version,
        choices: None,
        type_name: "string",
        help: "Display the version of this tool.",
        completion: Completion::None,
    },
    GlobalOption {
        name: "--color",
        slot: Slot::Color,
        arity: Arity::One,
        choices: Some(COLOR_CHOICES),
        type_name: "string",
        help: "Turn on/off color output.",
        completion: Completion::Choices,
    },
    GlobalOption {
        name: "--no-sign-request",
        slot: Slot::NoSignRequest,
        arity: Arity::Flag(true),
        choices: None,
        type_name: "boolean",
        help: "Do not sign requests. Credentials will not be loaded if this argument is provided.",
        completion: Completion::None,
    },
    GlobalOption {
        name: "--ca-bundle",
        slot: Slot::CaBundle,
        arity: Arity::One,
        choices: None,
        type_name: "string",
        help: "The CA certificate bundle to use when verifying SSL certificates. Overrides config/env settings.",
        completion: Completion::None,
    },
    GlobalOption {
        name: "--cli-read-timeout",
        slot: Slot::ReadTimeout,
        arity: Arity::One,
        choices: None,
        type_name: "int",
        help: "The maximum socket read time in seconds. If the value is set to 0, the socket read will be blocking and not timeout. The default value is 60 seconds.",
        completion: Completion::None,
    },
    GlobalOption {
        name: "--cli-connect-timeout",
        slot: Slot::ConnectTimeout,
        arity: Arity::One,
        choices: None,
        type_name: "int",
        help: "The maximum socket connect time in seconds. If the value is set to 0, the socket connect will be blocking and not timeout. The default value is 60 seconds.",
        completion: Completion::None,
    },
    GlobalOption {
        name: "--cli-binary-format",
        slot: Slot::BinaryFormat,
        arity: Arity::One,
        choices: Some(BINARY_FORMAT_CHOICES),
        type_name: "string",
        help: "The formatting style to be used for binary blobs. The default format is base64. The base64 format expects binary blobs to be provided as a base64 encoded string. The raw-in-base64-out format preserves compatibility with AWS CLI V1 behavior and binary values must be passed literally. When providing contents from a file that map to a binary blob fileb:// will always be treated as binary and use the file contents directly regardless of the cli-binary-format setting. When using file:// the file contents will need to properly formatted for the configured cli-binary-format.",
        completion: Completion::Choices,
    },
    GlobalOption {
        name: "--no-cli-pager",
        slot: Slot::NoCliPager,
        arity: Arity::Flag(true),
        choices: None,
        type_name: "boolean",
        help: "Disable cli pager for output.",
        completion: Completion::None,
    },
    GlobalOption {
        name: "--cli-auto-prompt",
        slot: Slot::AutoPrompt,
        arity: Arity::Flag(true),
        choices: None,
        type_name: "boolean",
        help: "Automatically prompt for CLI input parameters.",
        completion: Completion::None,
    },
    GlobalOption {
        name: "--no-cli-auto-prompt",
        slot: Slot::NoAutoPrompt,
        arity: Arity::Flag(true),
        choices: None,
        type_name: "boolean",
        help: "Disable automatically prompt for CLI input parameters.",
        completion: Completion::None,
    },
    GlobalOption {
        name: "--cli-error-format",
        slot: Slot::ErrorFormat,
        arity: Arity::One,
        choices: Some(ERROR_FORMAT_CHOICES),
        type_name: "string",
        help: "The formatting style for error output. By default, errors are displayed in enhanced format.",
        completion: Completion::Choices,
    },
];

/// The first-pass parser: global options and the `command` (service) positional.
pub fn main_parser(commands: Vec<String>) -> Parser {
    Parser {
        options: OPTIONS
            .iter()
            .map(|o| OptSpec {
                name: o.name.to_owned(),
                dest: o.slot as usize,
                arity: o.arity,
                choices: o.choices,
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
    pub output: Option<OutputFormat>,
    /// `--query`.
    pub query: Option<String>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--region`.
    pub region: Option<String>,
    /// `--color` (`auto` when not given).
    pub color: Color,
    /// `--no-sign-request`.
    pub no_sign_request: bool,
    /// `--ca-bundle`.
    pub ca_bundle: Option<String>,
    /// `--cli-read-timeout`, read (see [`Timeout`]).
    pub read_timeout: Timeout,
    /// `--cli-connect-timeout`, read (see [`Timeout`]).
    pub connect_timeout: Timeout,
    /// `--no-cli-pager`.
    pub no_cli_pager: bool,
    /// `--cli-error-format`.
    pub error_format: Option<String>,
    /// `--cli-binary-format`.
    pub binary_format: Option<BinaryFormat>,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Color {
    /// `on`: always.
    On,
    /// `off`: never.
    Off,
    /// `auto` (the default): when stdout is a terminal.
    #[default]
    Auto,
}

/// A `--cli-read-timeout`/`--cli-connect-timeout` value, read when the options are parsed:
/// not given, the timeout (`None`: wait forever), or the AWS CLI's error text, which is
/// reported where the AWS CLI reports it (when the client is made).
pub type Timeout = Option<Result<Option<std::time::Duration>, String>>;

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
            output: s(Slot::Output).as_deref().and_then(OutputFormat::from_name),
            query: s(Slot::Query),
            profile: s(Slot::Profile),
            region: s(Slot::Region),
            color: match s(Slot::Color).as_deref() {
                Some("on") => Color::On,
                Some("off") => Color::Off,
                _ => Color::Auto,
            },
            no_sign_request: b(Slot::NoSignRequest),
            ca_bundle: s(Slot::CaBundle),
            read_timeout: s(Slot::ReadTimeout).map(|v| parse_timeout(&v, "read")),
            connect_timeout: s(Slot::ConnectTimeout).map(|v| parse_timeout(&v, "connect")),
            no_cli_pager: b(Slot::NoCliPager),
            error_format: s(Slot::ErrorFormat),
            // argparse has checked the choice.
            binary_format: s(Slot::BinaryFormat).and_then(|v| BinaryFormat::from_name(&v).ok()),
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

    /// Every global option, from its one definition: the parser accepts it, the main help page
    /// documents it (type, help text, choices), completion offers it with its summary and
    /// values. (Operation pages list them in their synopsis from the same table: the help
    /// tests compare whole pages.)
    #[test]
    fn each_global_option_is_parsed_documented_and_completed_from_one_definition() {
        let parser = main_parser(Vec::new());
        let names: Vec<&str> = parser.options.iter().map(|o| o.name.as_str()).collect();
        let defined: Vec<&str> = OPTIONS.iter().map(|o| o.name).collect();
        assert_eq!(names, defined);

        let help = crate::help::main_help(&[], &[]);
        let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
        let candidates = crate::complete::complete(&[], &[], "--");
        for o in OPTIONS {
            let documented = format!("{} ({}) {}", o.name, o.type_name, o.help);
            let documented = documented.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains(&documented), "help of {}", o.name);
            for c in o.choices.unwrap_or_default() {
                assert!(
                    help.contains(&format!(" o {c}\n")),
                    "choice {c} of {}",
                    o.name
                );
            }
            let offered = candidates
                .iter()
                .find(|c| c.value == o.name)
                .unwrap_or_else(|| panic!("{} is not completed", o.name));
            assert_eq!(offered.description, o.summary(), "{}", o.name);
            if let (Completion::Choices, Some(choices)) = (o.completion, o.choices) {
                let values: Vec<String> = crate::complete::complete(&[], &[o.name.to_owned()], "")
                    .into_iter()
                    .map(|c| c.value)
                    .collect();
                assert_eq!(values, *choices, "values of {}", o.name);
            }
        }
    }

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
