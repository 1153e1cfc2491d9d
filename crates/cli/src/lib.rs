//! Generic engine of the `awslice` command line, driven by generated command tables
//! (see [`schema`]).
//!
//! It reproduces the AWS CLI v2's behaviour for the operations in the tables: argument
//! parsing (three `parse_known_args` passes, as the AWS CLI), global options,
//! `--cli-input-json`/`--cli-input-yaml`, `--generate-cli-skeleton`, botocore's parameter
//! validation, the request body layout, output, error texts and exit codes.
//!
//! Entry points: [`run`] for a binary, [`run_with`] for tests (arguments, environment and
//! streams given explicitly).
//!
//! A command goes through stages, each in its own module:
//! 1. `parse`: the auto-prompt decision on the raw arguments, then the three passes, ending in
//!    one `Invocation` (version, a help page, a sign-in command, or an operation with its
//!    typed global options from `globals` and its parsed parameters);
//! 2. `request`: the operation's input (values by type via `params` and `blobs`, the input
//!    document, skeletons, paging set-up, `validate`);
//! 3. `call`: the configuration (`config`), the client, the call and its pages;
//! 4. `output`: `--query`, the formatters (`backends`) and the pager;
//!
//! and `failure` reports whatever failed, with the AWS CLI's texts and exit codes.

#![deny(missing_docs)]

mod argparse;
mod backends;
mod blobs;
mod call;
pub mod complete;
pub mod completion_scripts;
mod config;
mod debug;
mod difflib;
mod failure;
mod globals;
mod help;
mod output;
mod pager;
mod paginate;
mod params;
mod parse;
mod prompt;
mod request;
mod response;
pub mod schema;
mod signin;
mod validate;
mod version;

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};

use awslice_runtime::credentials::ProfileProviders;
use failure::{Failure, prescan_error_format};
use schema::ServiceDef;

/// The program name in messages (where the AWS CLI says `aws`).
pub const PROG: &str = "awslice";

/// Exit code: success.
pub const RC_OK: i32 = 0;
/// Exit code: Ctrl-C while waiting.
pub const RC_INTERRUPTED: i32 = 130;
/// Exit code: argument or parameter validation error.
pub const RC_PARAM: i32 = 252;
/// Exit code: configuration error (no credentials, no region, pager).
pub const RC_CONFIG: i32 = 253;
/// Exit code: the service answered with an error.
pub const RC_CLIENT: i32 = 254;
/// Exit code: any other error.
pub const RC_GENERAL: i32 = 255;

/// A writer that keeps what is written, shareable between threads (for tests and for
/// capturing a command's output).
#[derive(Debug, Clone, Default)]
pub struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    /// A new, empty capture.
    pub fn new() -> Self {
        Self::default()
    }

    /// The bytes written so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.0.lock().map(|b| b.clone()).unwrap_or_default()
    }

    /// The bytes written so far, as (lossy) UTF-8.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes()).into_owned()
    }
}

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.0.lock() {
            Ok(mut b) => {
                b.extend_from_slice(buf);
                Ok(buf.len())
            }
            Err(_) => Err(std::io::Error::other("capture poisoned")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The world a command runs in: its environment, its output streams and terminal facts.
pub struct Io {
    /// Environment variables.
    pub env: HashMap<String, String>,
    /// Standard output.
    pub stdout: Box<dyn Write + Send>,
    /// Standard error.
    pub stderr: Box<dyn Write + Send>,
    /// Whether stdin is a terminal (`--cli-auto-prompt`).
    pub stdin_is_tty: bool,
    /// Whether stdout is a terminal (pager, `--color auto`).
    pub stdout_is_tty: bool,
    /// Whether Ctrl-C while waiting ends the command with exit code 130 (process mode).
    pub handle_sigint: bool,
    /// The credential chain steps that call AWS (assume-role, web identity…), from the
    /// `awslice-credentials` crate; `None`: profiles that need them are refused.
    pub profile_providers: Option<Arc<dyn ProfileProviders>>,
}

impl Io {
    /// The current process's environment and standard streams.
    pub fn process() -> Self {
        Io {
            env: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
            stdout: Box::new(std::io::stdout()),
            stderr: Box::new(std::io::stderr()),
            stdin_is_tty: std::io::stdin().is_terminal(),
            stdout_is_tty: std::io::stdout().is_terminal(),
            handle_sigint: true,
            profile_providers: None,
        }
    }

    /// Captured streams and the given environment; no terminal; for tests.
    pub fn captured(env: HashMap<String, String>) -> (Self, Capture, Capture) {
        let out = Capture::new();
        let err = Capture::new();
        (
            Io {
                env,
                stdout: Box::new(out.clone()),
                stderr: Box::new(err.clone()),
                stdin_is_tty: false,
                stdout_is_tty: false,
                handle_sigint: false,
                profile_providers: None,
            },
            out,
            err,
        )
    }
}

/// Runs the command line for `services` with the process's arguments and environment, and
/// returns the exit code (0, 130, 252, 253, 254 or 255, as the AWS CLI v2).
///
/// INTERFACE CONTRACT: generated `main.rs` files call exactly this.
pub fn run(services: &[&'static ServiceDef]) -> std::process::ExitCode {
    let mut io = Io::process();
    let rc = run_with(services, std::env::args_os().skip(1).collect(), &mut io);
    std::process::ExitCode::from(u8::try_from(rc).unwrap_or(255))
}

/// [`run`], with the credential chain steps that call AWS (assume-role, web identity…):
/// the generated `main` passes `awslice_credentials::Providers`. The engine itself depends
/// on no generated crate; it only hands `providers` to the configuration loader.
pub fn run_with_providers(
    services: &[&'static ServiceDef],
    providers: Arc<dyn ProfileProviders>,
) -> std::process::ExitCode {
    let mut io = Io::process();
    io.profile_providers = Some(providers);
    let rc = run_with(services, std::env::args_os().skip(1).collect(), &mut io);
    std::process::ExitCode::from(u8::try_from(rc).unwrap_or(255))
}

/// Runs one command: `args` are the arguments after the program name. Returns the exit code.
pub fn run_with(services: &[&'static ServiceDef], args: Vec<OsString>, io: &mut Io) -> i32 {
    // An argument that is not UTF-8 is refused rather than altered: the AWS CLI would send its
    // bytes as lone surrogates (`\udcff`), which no Rust string holds, and replacing them with
    // U+FFFD would silently send a different value.
    let mut utf8_args = Vec::with_capacity(args.len());
    for arg in args {
        match arg.into_string() {
            Ok(a) => utf8_args.push(a),
            Err(bad) => {
                let _ = write!(
                    io.stderr,
                    "\n{PROG}: [ERROR]: An error occurred (ParamValidation): argument {:?} is not valid UTF-8\n",
                    bad.to_string_lossy()
                );
                let _ = io.stderr.flush();
                return RC_PARAM;
            }
        }
    }
    let args = utf8_args;
    let error_format = prescan_error_format(&args);
    let stderr: debug::Sink = Arc::new(Mutex::new(std::mem::replace(
        &mut io.stderr,
        Box::new(std::io::sink()),
    )));
    let mut cmd = Command {
        services,
        env: io.env.clone(),
        stdout: &mut io.stdout,
        stderr: stderr.clone(),
        stdin_is_tty: io.stdin_is_tty,
        stdout_is_tty: io.stdout_is_tty,
        handle_sigint: io.handle_sigint,
        error_format,
        op_name: String::new(),
        debug: None,
        config: None,
        prompt_ua: "off",
        profile_providers: io.profile_providers.clone(),
    };
    let rc = match cmd.execute(&args) {
        Ok(rc) => rc,
        Err(f) => cmd.report(f),
    };
    let _ = cmd.stdout.flush();
    drop(cmd);
    if let Ok(mut e) = stderr.lock() {
        let _ = e.flush();
        io.stderr = std::mem::replace(&mut *e, Box::new(std::io::sink()));
    }
    rc
}

struct Command<'a> {
    services: &'a [&'static ServiceDef],
    env: HashMap<String, String>,
    stdout: &'a mut Box<dyn Write + Send>,
    stderr: debug::Sink,
    stdin_is_tty: bool,
    stdout_is_tty: bool,
    handle_sigint: bool,
    error_format: String,
    op_name: String,
    debug: Option<Arc<debug::DebugLog>>,
    config: Option<awslice_runtime::config::SdkConfig>,
    /// The user agent's `md/prompt#…` value (`off`, `on`, `partial`).
    prompt_ua: &'static str,
    profile_providers: Option<Arc<dyn ProfileProviders>>,
}

impl Command<'_> {
    fn err(&self, text: &str) {
        if let Ok(mut e) = self.stderr.lock() {
            let _ = e.write_all(text.as_bytes());
            let _ = e.flush();
        }
    }

    fn out(&mut self, text: &str) -> Result<(), Failure> {
        self.stdout
            .write_all(text.as_bytes())
            .and_then(|_| self.stdout.flush())
            .map_err(|e| Failure::General(format!("[Errno 32] {e}"), RC_GENERAL))
    }

    fn log(&self, target: &str, msg: &str) {
        if let Some(d) = &self.debug {
            d.line(target, "DEBUG", msg);
        }
    }
}
