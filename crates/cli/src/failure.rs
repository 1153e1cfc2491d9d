//! A failed command and how it is reported: the AWS CLI's error texts (enhanced, legacy and
//! the structured `--cli-error-format`s), usage blocks, and exit codes.

use awslice_runtime::error::CallError;
use serde_json::{Map, Value};

use crate::{
    Command, PROG, RC_CLIENT, RC_CONFIG, RC_GENERAL, RC_INTERRUPTED, RC_OK, RC_PARAM, backends,
    globals, paginate, response,
};

/// `--cli-error-format` is needed to report errors met before the options are parsed.
pub(crate) fn prescan_error_format(args: &[String]) -> String {
    let mut fmt = "enhanced".to_owned();
    for (i, a) in args.iter().enumerate() {
        if a == "--cli-error-format" {
            if let Some(v) = args.get(i + 1) {
                fmt = v.clone();
            }
        } else if let Some(v) = a.strip_prefix("--cli-error-format=") {
            fmt = v.to_owned();
        }
    }
    if globals::ERROR_FORMAT_CHOICES.contains(&fmt.as_str()) {
        fmt
    } else {
        "enhanced".to_owned()
    }
}

/// A failed command, before rendering.
#[derive(Debug)]
pub(crate) enum Failure {
    /// An argparse error: `An error occurred (ParamValidation): <msg>` then the usage block.
    Usage(String),
    /// Strings no parser consumed: the usage block, then `Unknown options: …`.
    UnknownOptions(Vec<String>),
    /// A tagged error without usage: `An error occurred (<code>): <msg>`.
    Coded(&'static str, String, i32),
    /// An untagged error (`<msg>`), exit 255 unless stated.
    General(String, i32),
    /// `--cli-auto-prompt` without a terminal.
    PromptNoTty,
    /// The prompt quit with Ctrl-C / Ctrl-D: `> awslice <line>` on stderr, exit code 130.
    PromptInterrupted(String),
    /// A service error response.
    Service(awslice_runtime::error::ServiceError),
    /// An error response to a call a credentials provider made (STS `AssumeRole`…): the
    /// operation, the error.
    ProviderService(String, Box<awslice_runtime::error::ServiceError>),
    /// Ctrl-C.
    Interrupted,
    /// A help page reached through argparse's `help` positional (printed, exit 0).
    Help(String),
}

pub(crate) fn param(msg: impl Into<String>) -> Failure {
    Failure::Coded("ParamValidation", msg.into(), RC_PARAM)
}

/// `CallError::NoRegion` as the AWS CLI reports it: the error's sentence, then the CLI's
/// advice.
pub(crate) fn no_region_text() -> String {
    format!(
        "{} You can also configure your region by running \"aws configure\".",
        CallError::NoRegion
    )
}

/// `CallError::NoCredentials` as the AWS CLI reports it (without the providers tried).
pub(crate) fn no_credentials_text() -> String {
    "Unable to locate credentials. You can configure credentials by running \"aws login\"."
        .to_owned()
}

/// A failed call as the AWS CLI reports it: the code, text and exit code of each kind.
pub(crate) fn call_failure(e: CallError) -> Failure {
    match e {
        CallError::Service(e) => Failure::Service(e),
        CallError::NoRegion => Failure::Coded("NoRegion", no_region_text(), RC_CONFIG),
        CallError::NoCredentials(_) => {
            Failure::Coded("NoCredentials", no_credentials_text(), RC_CONFIG)
        }
        CallError::CredentialsService { operation, error } => {
            Failure::ProviderService(operation, error)
        }
        CallError::CredentialsParam(e) => param(e.to_string()),
        CallError::Endpoint(e) => Failure::General(e.reason(), RC_GENERAL),
        e => Failure::General(e.to_string(), RC_GENERAL),
    }
}

pub(crate) fn page_failure(e: paginate::PageError) -> Failure {
    let paginate::PageError::General(msg) = e;
    Failure::General(msg, RC_GENERAL)
}

pub(crate) fn usage_text() -> String {
    format!(
        "usage: {PROG} [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\
         To see help text, you can run:\n\n  {PROG} help\n  {PROG} <command> help\n  {PROG} <command> <subcommand> help\n"
    )
}

impl Command<'_> {
    pub(crate) fn structured(&self, fields: &Map<String, Value>) -> String {
        let opts = backends::FormatOptions {
            title: "error".to_owned(),
            color: false,
            terminal_width: None,
        };
        let value = Value::Object(fields.clone());
        backends::format(&value, &self.error_format, &opts)
            .unwrap_or_else(|_| awslice_pyfmt::dumps_indented(&value))
    }

    /// Prints a failure and returns its exit code.
    pub(crate) fn report(&mut self, f: Failure) -> i32 {
        let fmt = self.error_format.clone();
        let structured = !matches!(fmt.as_str(), "enhanced" | "legacy");
        let legacy = fmt == "legacy";
        let line = |msg: &str| format!("\n{PROG}: [ERROR]: {msg}\n");
        match f {
            Failure::Usage(msg) => {
                if structured {
                    let mut m = Map::new();
                    m.insert("Code".into(), "ParamValidation".into());
                    m.insert("Message".into(), msg.into());
                    self.err(&self.structured(&m));
                } else if legacy {
                    self.err(&format!("{}\n{}", line(&msg), usage_text()));
                } else {
                    self.err(&format!(
                        "{}\n{}",
                        line(&format!("An error occurred (ParamValidation): {msg}")),
                        usage_text()
                    ));
                }
                RC_PARAM
            }
            Failure::UnknownOptions(opts) => {
                self.err(&format!(
                    "\n{}\n{}",
                    usage_text(),
                    line(&format!("Unknown options: {}", opts.join(", ")))
                ));
                RC_PARAM
            }
            Failure::Coded(code, msg, rc) => {
                if structured {
                    let mut m = Map::new();
                    m.insert("Code".into(), code.into());
                    m.insert("Message".into(), msg.into());
                    self.err(&self.structured(&m));
                } else if legacy {
                    self.err(&line(&msg));
                } else {
                    self.err(&line(&format!("An error occurred ({code}): {msg}")));
                }
                rc
            }
            Failure::General(msg, rc) => {
                self.err(&line(&msg));
                rc
            }
            Failure::Help(text) => match self.show_help(&text) {
                Ok(()) => RC_OK,
                Err(_) => RC_GENERAL,
            },
            Failure::PromptInterrupted(line) => {
                self.err(&format!("> {PROG} {line}\n"));
                RC_INTERRUPTED
            }
            Failure::PromptNoTty => {
                self.err(&format!(
                    "Warning: Input is not a terminal (fd=0).\n\n{PROG}: [ERROR]:\n"
                ));
                RC_GENERAL
            }
            Failure::Interrupted => {
                let _ = self.out("\n");
                RC_INTERRUPTED
            }
            Failure::ProviderService(operation, e) => {
                if structured {
                    let mut m = Map::new();
                    m.insert("Message".into(), e.message.clone().into());
                    m.insert("Code".into(), e.code.clone().into());
                    self.err(&self.structured(&m));
                } else {
                    let text = CallError::CredentialsService {
                        operation,
                        error: e,
                    }
                    .to_string();
                    self.err(&line(text.trim()));
                }
                RC_CLIENT
            }
            Failure::Service(e) => {
                let details = self
                    .services
                    .iter()
                    .find_map(|s| {
                        s.operations
                            .iter()
                            .find(|o| o.wire.name == self.op_name)
                            .map(|o| (s, o))
                    })
                    .and_then(|(s, o)| {
                        response::modeled_error_fields(
                            s,
                            o.wire.errors,
                            &e.code,
                            &e.body,
                            &self.env,
                        )
                    })
                    .unwrap_or_default();
                if structured {
                    let mut m = Map::new();
                    m.insert("Message".into(), e.message.clone().into());
                    m.insert("Code".into(), e.code.clone().into());
                    for (k, v) in &details {
                        m.insert(k.clone(), v.clone());
                    }
                    self.err(&self.structured(&m));
                    return RC_CLIENT;
                }
                let retries = e
                    .retries_exhausted
                    .map(|n| format!(" (reached max retries: {n})"))
                    .unwrap_or_default();
                let text = format!(
                    "An error occurred ({}) when calling the {} operation{retries}: {}",
                    e.code, self.op_name, e.message
                );
                let mut out = line(text.trim());
                let extra: Vec<(&String, &Value)> = details
                    .iter()
                    .filter(|(k, _)| {
                        !k.eq_ignore_ascii_case("message") && !k.eq_ignore_ascii_case("code")
                    })
                    .collect();
                if !legacy && !extra.is_empty() {
                    out.push_str("\nAdditional error details:\n");
                    for (k, v) in extra {
                        out.push_str(&format!("{k}: {}\n", awslice_pyfmt::py_str(v)));
                    }
                }
                self.err(&out);
                RC_CLIENT
            }
        }
    }
}
