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

#![deny(missing_docs)]

mod argparse;
mod backends;
mod blobs;
pub mod complete;
pub mod completion_scripts;
mod debug;
mod difflib;
mod globals;
mod help;
mod pager;
mod paginate;
mod params;
mod prompt;
mod response;
pub mod schema;
mod sdk;
mod signin;
mod validate;
mod version;

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};

use argparse::{Arity, OptSpec, Parsed, Parser, PosSpec};
use awslice_runtime::credentials::ProfileProviders;
use awslice_runtime::error::CallError;
use awslice_runtime::schema::OperationSchema;
use globals::Globals;
use params::InputKind;
use schema::{OperationDef, ServiceDef, ShapeKind};

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

/// `--cli-error-format` is needed to report errors met before the options are parsed.
fn prescan_error_format(args: &[String]) -> String {
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
enum Failure {
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

fn param(msg: impl Into<String>) -> Failure {
    Failure::Coded("ParamValidation", msg.into(), RC_PARAM)
}

fn page_failure(e: paginate::PageError) -> Failure {
    let paginate::PageError::General(msg) = e;
    Failure::General(msg, RC_GENERAL)
}

/// Writes the blob payload of `output` to the `outfile` the command named and removes it from
/// the output, as the AWS CLI's streaming-output argument does once the call succeeded (the
/// file is opened as given, without `~` or variable expansion).
fn save_outfile(
    svc: &ServiceDef,
    op: &OperationDef,
    path: &str,
    output: &mut Value,
) -> Result<(), Failure> {
    let schema = OperationSchema {
        shapes: svc.shapes,
        operation: &op.wire,
    };
    let (Some(member), Value::Object(fields)) = (schema.blob_payload_output(), output) else {
        return Ok(());
    };
    let Some(Value::String(encoded)) = fields.remove(member.name) else {
        return Ok(());
    };
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|e| {
            Failure::General(format!("the response's {}: {e}", member.name), RC_GENERAL)
        })?;
    std::fs::write(path, bytes)
        .map_err(|e| Failure::General(params::io_error_text(&e, path), RC_GENERAL))
}

fn usage_text() -> String {
    format!(
        "usage: {PROG} [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\
         To see help text, you can run:\n\n  {PROG} help\n  {PROG} <command> help\n  {PROG} <command> <subcommand> help\n"
    )
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

/// What the operation pass produced.
struct OpArgs {
    /// The `outfile` positional (operations whose output is a blob payload).
    outfile: Option<String>,
    /// (param index, value) as given, by param index.
    values: Vec<Option<Parsed>>,
    cli_input_json: Option<String>,
    cli_input_yaml: Option<String>,
    skeleton: Option<String>,
    /// `--starting-token`, `--page-size`, `--max-items` (paginated operations only).
    paging: paginate::PageArgs,
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

    fn execute(&mut self, args: &[String]) -> Result<i32, Failure> {
        // `completion SHELL` and the hidden `__complete` (before auto-prompt and parsing).
        if let Some(result) = completion_scripts::dispatch(self, args) {
            return result;
        }
        // Auto-prompt is decided before parsing, on the raw arguments.
        let prompt_on = args.iter().any(|a| a == "--cli-auto-prompt");
        let prompt_off = args.iter().any(|a| a == "--no-cli-auto-prompt");
        if prompt_on && prompt_off {
            return Err(param(
                "Both --cli-auto-prompt and --no-cli-auto-prompt cannot be specified at the same time.",
            ));
        }
        let mode = prompt::resolve_mode(args, || self.auto_prompt_setting());
        match mode {
            prompt::Mode::Off => self.execute_parsed(args),
            prompt::Mode::On => {
                let args = self.prompt_for(args)?;
                self.prompt_ua = prompt::Mode::On.user_agent();
                self.execute_parsed(&args)
            }
            prompt::Mode::Partial => {
                // The command runs as typed; a parameter error (252) opens the prompt
                // instead of being reported (an unknown option is still reported first).
                match self.execute_parsed(args) {
                    Err(Failure::Usage(_) | Failure::Coded(_, _, RC_PARAM)) => {}
                    Err(f @ Failure::UnknownOptions(_)) => {
                        self.report(f);
                    }
                    other => return other,
                }
                let args = self.prompt_for(args)?;
                // A fresh start for the command from the prompt.
                self.error_format = prescan_error_format(&args);
                self.op_name.clear();
                self.debug = None;
                self.config = None;
                self.prompt_ua = prompt::Mode::Partial.user_agent();
                self.execute_parsed(&args)
            }
        }
    }

    /// `cli_auto_prompt`: `AWS_CLI_AUTO_PROMPT`, then the profile's setting. As in the AWS
    /// CLI, the profile is the one the environment names (`--profile` is not parsed yet);
    /// a configuration that cannot be loaded means off (the command reports it later).
    fn auto_prompt_setting(&self) -> Option<String> {
        if let Some(v) = self.env.get("AWS_CLI_AUTO_PROMPT") {
            return Some(v.clone());
        }
        awslice_runtime::config::ConfigLoader::new()
            .env(awslice_runtime::config::Env::from_map(self.env.clone()))
            .load()
            .ok()?
            .profile_value("cli_auto_prompt")
            .map(str::to_owned)
    }

    /// `cli_binary_format`: `--cli-binary-format`, then the profile's setting (a profile that
    /// does not exist means the default, as in the AWS CLI), then `base64`.
    fn binary_format(&self, g: &Globals) -> Result<blobs::BinaryFormat, String> {
        let configured = || {
            let mut loader = awslice_runtime::config::ConfigLoader::new()
                .env(awslice_runtime::config::Env::from_map(self.env.clone()));
            if let Some(p) = &g.profile {
                loader = loader.profile(p);
            }
            loader
                .load()
                .ok()?
                .profile_value("cli_binary_format")
                .map(str::to_owned)
        };
        let name = g.binary_format.clone().or_else(configured);
        blobs::BinaryFormat::from_name(name.as_deref().unwrap_or("base64"))
    }

    /// Runs the interactive prompt prefilled with `args` and returns the arguments of the
    /// command to run (after printing `> awslice <line>` on stdout, as the AWS CLI does).
    /// Without a terminal, fails as the AWS CLI does.
    fn prompt_for(&mut self, args: &[String]) -> Result<Vec<String>, Failure> {
        if !self.stdin_is_tty {
            return Err(Failure::PromptNoTty);
        }
        match prompt::prompt(self.services, &self.env, args) {
            Ok(prompt::Outcome::Run(line)) => {
                self.out(&format!("> {PROG} {line}\n"))?;
                prompt::split(&line).map_err(|e| Failure::General(e, RC_GENERAL))
            }
            Ok(prompt::Outcome::Quit(line)) => Err(Failure::PromptInterrupted(line)),
            Err(e) => Err(Failure::General(e.to_string(), RC_GENERAL)),
        }
    }

    fn execute_parsed(&mut self, args: &[String]) -> Result<i32, Failure> {
        // Pass 1: global options and the service.
        let mut commands: Vec<String> = self
            .services
            .iter()
            .map(|s| s.cli_name.to_owned())
            .collect();
        commands.extend(signin::COMMANDS.iter().map(|(c, _, _)| (*c).to_owned()));
        commands.push("help".to_owned());
        let main = globals::main_parser(commands);
        let out = main
            .parse_known_args(args)
            .map_err(|e| Failure::Usage(e.0))?;
        if out.version {
            let line = version::version_line(&self.env);
            self.out(&format!("{line}\n"))?;
            return Ok(RC_OK);
        }
        let g = Globals::from_outcome(&out);
        if let Some(f) = &g.error_format {
            self.error_format = f.clone();
        }
        if g.debug {
            let log = Arc::new(debug::DebugLog::new(self.stderr.clone()));
            log.line(
                "awslice.clidriver",
                "DEBUG",
                &format!("CLI version: {}", version::version_line(&self.env)),
            );
            log.line(
                "awslice.clidriver",
                "DEBUG",
                &format!(
                    "Arguments entered to CLI: {}",
                    awslice_pyfmt::str_list_repr(args)
                ),
            );
            self.debug = Some(log);
        }
        let command = out.positional(0).unwrap_or_default().to_owned();
        if command == "help" {
            let text = help::main_help(self.services, &["completion", "configure", "sso"]);
            self.show_help(&text)?;
            return Ok(RC_OK);
        }
        if signin::is_command(&command) {
            return self.signin_command(&g, &command, &out.extras);
        }
        let Some(svc) = self
            .services
            .iter()
            .copied()
            .find(|s| s.cli_name == command)
        else {
            return Err(Failure::Usage(format!(
                "argument command: Found invalid choice '{command}'\n"
            )));
        };

        // Pass 2: the operation.
        let mut ops: Vec<String> = svc
            .operations
            .iter()
            .map(|o| o.cli_name.to_owned())
            .collect();
        ops.push("help".to_owned());
        let svc_parser = Parser {
            options: Vec::new(),
            positionals: vec![PosSpec {
                name: "operation",
                choices: ops,
                optional: false,
            }],
            slots: 0,
        };
        let out2 = svc_parser
            .parse_known_args(&out.extras)
            .map_err(|e| Failure::Usage(e.0))?;
        let op_cli = out2.positional(0).unwrap_or_default().to_owned();
        if op_cli == "help" {
            let text = help::service_help(svc);
            self.show_help(&text)?;
            return Ok(RC_OK);
        }
        let Some(op) = svc.operations.iter().find(|o| o.cli_name == op_cli) else {
            return Err(Failure::Usage(format!(
                "argument operation: Found invalid choice '{op_cli}'\n"
            )));
        };
        self.op_name = op.wire.name.to_owned();

        // Pass 3: the operation's parameters.
        let rest = out2.extras;
        if rest.len() == 1 && rest[0] == "help" {
            let text = help::operation_help(svc, op);
            self.show_help(&text)?;
            return Ok(RC_OK);
        }
        let op_args = self.parse_operation(svc, op, args, &rest)?;
        self.run_operation(svc, op, &g, op_args)
    }

    fn parse_operation(
        &self,
        svc: &ServiceDef,
        op: &OperationDef,
        all_args: &[String],
        rest: &[String],
    ) -> Result<OpArgs, Failure> {
        // The AWS CLI turns argparse's `required` off when an input document is given, or a
        // skeleton other than `output` is asked for (it looks at the raw argument strings).
        let skel_pos = all_args.iter().position(|a| a == "--generate-cli-skeleton");
        let input_given = all_args
            .iter()
            .any(|a| a == "--cli-input-json" || a == "--cli-input-yaml");
        let skeleton_not_output =
            skel_pos.is_some_and(|i| all_args.get(i + 1).map(String::as_str) != Some("output"));
        // An operation whose output is a blob payload takes the `outfile` positional and, as
        // in the AWS CLI, neither the input documents nor the skeletons.
        let streaming_output = OperationSchema {
            shapes: svc.shapes,
            operation: &op.wire,
        }
        .blob_payload_output()
        .is_some();
        let relax = !streaming_output && (input_given || skeleton_not_output);

        let n = op.params.len();
        let mut options = Vec::new();
        for (i, p) in op.params.iter().enumerate() {
            let kind = svc.shapes.get(p.shape).map(|s| &s.kind);
            match kind {
                Some(ShapeKind::Boolean) => {
                    options.push(OptSpec {
                        name: format!("--{}", p.cli_name),
                        dest: i,
                        arity: Arity::Flag(true),
                        choices: None,
                        required: false,
                    });
                    options.push(OptSpec {
                        name: format!("--no-{}", p.cli_name),
                        dest: i,
                        arity: Arity::Flag(false),
                        choices: None,
                        required: false,
                    });
                }
                Some(ShapeKind::List { .. }) => options.push(OptSpec {
                    name: format!("--{}", p.cli_name),
                    dest: i,
                    arity: Arity::OneOrMore,
                    choices: None,
                    required: p.required && !relax,
                }),
                _ => options.push(OptSpec {
                    name: format!("--{}", p.cli_name),
                    dest: i,
                    arity: Arity::One,
                    choices: None,
                    required: p.required && !relax,
                }),
            }
        }
        if !streaming_output {
            for (k, name) in ["--cli-input-json", "--cli-input-yaml"].iter().enumerate() {
                options.push(OptSpec {
                    name: (*name).to_owned(),
                    dest: n + k,
                    arity: Arity::One,
                    choices: None,
                    required: false,
                });
            }
            options.push(OptSpec {
                name: "--generate-cli-skeleton".to_owned(),
                dest: n + 2,
                arity: Arity::Optional("input"),
                choices: Some(&["input", "output", "yaml-input"]),
                required: false,
            });
        }
        let paging_names = op
            .paginator
            .as_ref()
            .map(paginate::option_names)
            .unwrap_or_default();
        for (k, name) in paging_names.iter().enumerate() {
            options.push(OptSpec {
                name: (*name).to_owned(),
                dest: n + 3 + k,
                arity: if *name == "--starting-token" {
                    Arity::One
                } else {
                    Arity::Int
                },
                choices: None,
                required: false,
            });
        }
        let mut positionals = Vec::new();
        if streaming_output {
            positionals.push(PosSpec {
                name: "outfile",
                choices: Vec::new(),
                optional: false,
            });
        }
        positionals.push(PosSpec {
            name: "help",
            choices: Vec::new(),
            optional: true,
        });
        let parser = Parser {
            options,
            positionals,
            slots: n + 3 + paging_names.len(),
        };
        let mut out = parser
            .parse_known_args(rest)
            .map_err(|e| Failure::Usage(e.0))?;
        let mut extras = std::mem::take(&mut out.extras);
        let outfile = streaming_output
            .then(|| out.positionals.remove(0))
            .flatten();
        match out.positional(0) {
            Some("help") => {
                // `op --image-id x help`: argparse put `help` in the positional.
                return Err(Failure::Help(help::operation_help(svc, op)));
            }
            Some(other) => extras.push(other.to_owned()),
            None => {}
        }
        if !extras.is_empty() {
            return Err(Failure::UnknownOptions(extras));
        }
        let s = |v: &mut Option<Parsed>| match v.take() {
            Some(Parsed::Str(s)) => Some(s),
            _ => None,
        };
        let cli_input_json = s(&mut out.values[n]);
        let cli_input_yaml = s(&mut out.values[n + 1]);
        let skeleton = s(&mut out.values[n + 2]);
        let mut paging = paginate::PageArgs::default();
        for (k, name) in paging_names.iter().enumerate() {
            let v = s(&mut out.values[n + 3 + k]);
            match *name {
                "--starting-token" => paging.starting_token = v,
                "--page-size" => paging.page_size = v,
                _ => paging.max_items = v,
            }
        }
        out.values.truncate(n);
        Ok(OpArgs {
            outfile,
            values: out.values,
            cli_input_json,
            cli_input_yaml,
            skeleton,
            paging,
        })
    }

    fn output_format(&self, g: &Globals) -> String {
        g.output
            .clone()
            .unwrap_or_else(|| sdk::default_output(self.config.as_ref(), &self.env))
    }

    fn print_result(
        &mut self,
        g: &Globals,
        op: &OperationDef,
        value: &Value,
        query: Option<&backends::Query>,
    ) -> Result<(), Failure> {
        let text = self.render(g, op, value, query)?;
        // The AWS CLI opens its output stream (and splits the pager command) even when
        // there is nothing to print.
        self.check_pager(g)?;
        if text.is_empty() {
            return Ok(());
        }
        self.emit(g, &text)
    }

    /// Fails as the AWS CLI does when opening its output stream: it splits the pager command
    /// (`shlex.split`, whose errors surface here) at once but starts the pager lazily, at
    /// the first write.
    fn check_pager(&self, g: &Globals) -> Result<(), Failure> {
        if let Some(cmd) = self.pager_command(g) {
            pager::split(&cmd).map_err(|e| Failure::General(e.to_owned(), RC_GENERAL))?;
        }
        Ok(())
    }

    /// Writes formatted output, through the pager when one applies.
    fn emit(&mut self, g: &Globals, text: &str) -> Result<(), Failure> {
        match self.pager_command(g) {
            Some(cmd) => self.page(&cmd, text),
            None => self.out(text),
        }
    }

    /// Applies `--query` and formats with `--output`.
    fn render(
        &self,
        g: &Globals,
        op: &OperationDef,
        value: &Value,
        query: Option<&backends::Query>,
    ) -> Result<String, Failure> {
        let value = match query {
            Some(q) => q
                .search_shared(value)
                .map_err(|e| Failure::General(e, RC_GENERAL))?,
            None => backends::Queried::plain(value.clone()),
        };
        let opts = backends::FormatOptions {
            title: op.wire.name.to_owned(),
            color: match g.color.as_deref() {
                Some("on") => true,
                Some("off") => false,
                _ => self.stdout_is_tty,
            },
            terminal_width: self.stdout_is_tty.then(|| {
                // shutil.get_terminal_size(): COLUMNS first, then 80.
                self.env
                    .get("COLUMNS")
                    .and_then(|c| c.trim().parse().ok())
                    .unwrap_or(80)
            }),
        };
        backends::format_queried(&value, &self.output_format(g), &opts)
            .map_err(|e| Failure::General(e, RC_GENERAL))
    }

    /// The pager to use: only when stdout is a terminal and `--no-cli-pager` is not given;
    /// `AWS_PAGER`, then the profile's `cli_pager`, then `PAGER`, then `less`. An empty
    /// value turns paging off.
    fn pager_command(&self, g: &Globals) -> Option<String> {
        if !self.stdout_is_tty || g.no_cli_pager {
            return None;
        }
        let cmd = self
            .env
            .get("AWS_PAGER")
            .cloned()
            .or_else(|| {
                self.config
                    .as_ref()
                    .and_then(|c| c.profile_value("cli_pager"))
                    .map(str::to_owned)
            })
            .or_else(|| self.env.get("PAGER").cloned())
            .unwrap_or_else(|| "less".to_owned());
        // Python tests the string's truth: only an empty one turns paging off.
        (!cmd.is_empty()).then_some(cmd)
    }

    /// Pipes `text` through the pager (`LESS=FRX` unless `LESS` is set); see `pager::page`.
    fn page(&mut self, cmd: &str, text: &str) -> Result<(), Failure> {
        pager::page(cmd, text, &self.env).map_err(|e| match e {
            pager::PageError::NotFound(error) => Failure::Coded(
                "Pager",
                format!(
                    "Unable to redirect output to pager. Received the following error when opening pager:\n{error}\n\nLearn more about configuring the output pager by running \"{PROG} help config-vars\"."
                ),
                RC_CONFIG,
            ),
            pager::PageError::General(msg) => Failure::General(msg, RC_GENERAL),
        })
    }

    /// The configuration of the command, from the global options (timeouts validated).
    fn load_config(&mut self, g: &Globals) -> Result<awslice_runtime::config::SdkConfig, Failure> {
        let timeouts = sdk::Timeouts {
            connect: match &g.connect_timeout {
                Some(v) => Some(
                    globals::parse_timeout(v, "connect")
                        .map_err(|e| Failure::General(e, RC_GENERAL))?,
                ),
                None => None,
            },
            read: match &g.read_timeout {
                Some(v) => Some(
                    globals::parse_timeout(v, "read")
                        .map_err(|e| Failure::General(e, RC_GENERAL))?,
                ),
                None => None,
            },
        };
        let config = sdk::load(g, &self.env, timeouts, self.profile_providers.clone())
            .map_err(|e| Failure::General(e, RC_GENERAL))?;
        Ok(config)
    }

    fn run_operation(
        &mut self,
        svc: &'static ServiceDef,
        op: &OperationDef,
        g: &Globals,
        a: OpArgs,
    ) -> Result<i32, Failure> {
        if let Some(url) = &g.endpoint_url
            && globals::url_scheme_missing(url)
        {
            return Err(param(format!(
                "Bad value for --endpoint-url \"{url}\": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/"
            )));
        }
        let query = match &g.query {
            Some(q) => Some(
                backends::compile_query(q)
                    .map_err(|e| param(format!("Bad value for --query {q}: {e}")))?,
            ),
            None => None,
        };

        // Command-line values, converted by type; a blob from `fileb://` is bytes already.
        let mut given: Vec<(usize, Value)> = Vec::new();
        let mut blob_bytes = HashSet::new();
        for (i, v) in a.values.iter().enumerate() {
            if let Some(parsed) = v {
                let p = &op.params[i];
                if let Parsed::Str(raw) = parsed
                    && let Some(path) = raw.strip_prefix("fileb://")
                    && matches!(
                        svc.shapes.get(p.shape).map(|s| &s.kind),
                        Some(ShapeKind::Blob { .. })
                    )
                {
                    let bytes =
                        params::read_paramfile_bytes(raw, path, &self.env).map_err(|m| {
                            param(format!("Error parsing parameter '--{}': {m}", p.cli_name))
                        })?;
                    blob_bytes.insert(p.member.to_owned());
                    given.push((i, blobs::from_bytes(&bytes)));
                    continue;
                }
                let value = params::convert(
                    svc,
                    p.shape,
                    &format!("--{}", p.cli_name),
                    parsed,
                    &self.env,
                )
                .map_err(|e| match e {
                    params::ValueError::Param(name, msg) => {
                        param(format!("Error parsing parameter '{name}': {msg}"))
                    }
                    params::ValueError::General(msg) => Failure::General(msg, RC_GENERAL),
                })?;
                given.push((i, value));
            }
        }

        // The input document.
        let document = match (&a.cli_input_json, &a.cli_input_yaml) {
            (Some(_), Some(_)) => {
                return Err(param("Only one --cli-input- parameter may be specified."));
            }
            (Some(j), None) => {
                Some(params::load_input_document(InputKind::Json, j, &self.env).map_err(param)?)
            }
            (None, Some(y)) => {
                Some(params::load_input_document(InputKind::Yaml, y, &self.env).map_err(param)?)
            }
            (None, None) => None,
        };

        match a.skeleton.as_deref() {
            Some("input") => {
                self.out(op.skeleton_input)?;
                return Ok(RC_OK);
            }
            Some("yaml-input") => {
                self.out(op.skeleton_yaml_input)?;
                return Ok(RC_OK);
            }
            _ => {}
        }

        // Paging: a page-size or input-token member given on the command line turns it off.
        let manual = op.paginator.as_ref().is_some_and(|p| {
            given.iter().any(|(i, _)| {
                let m = op.params[*i].member;
                m == p.input_token || Some(m) == p.page_size
            })
        });
        let mut pager = paginate::start(op.paginator.as_ref(), g.no_paginate, manual, &a.paging)
            .map_err(page_failure)?;

        // CLI values first (model order), then the document's other keys (its order).
        let mut body = Map::new();
        for (i, v) in given {
            body.insert(op.params[i].member.to_owned(), v);
        }
        if let Some(doc) = document {
            for (k, v) in doc {
                if !body.contains_key(&k) {
                    body.insert(k, v);
                }
            }
        }
        if let Some(p) = &pager {
            p.prepare(&mut body);
        }
        let mut body = Value::Object(body);
        if let Some(input) = op.wire.input {
            // botocore's `provide-client-params` step: blobs given as text, before validation.
            let mut format = blobs::Lazy::new(|| self.binary_format(g));
            blobs::read_text_blobs(svc, input, &mut body, &mut format, &blob_bytes)
                .map_err(|e| Failure::General(e, RC_GENERAL))?;
            validate::validate(svc, input, &body).map_err(param)?;
        } else if body.as_object().is_some_and(|m| !m.is_empty()) {
            validate::validate_no_input(&body).map_err(param)?;
        }

        if a.skeleton.as_deref() == Some("output") {
            let skel: Value = serde_json::from_str(op.skeleton_output)
                .unwrap_or_else(|_| Value::Object(Map::new()));
            self.print_result(g, op, &skel, query.as_ref())?;
            return Ok(RC_OK);
        }

        let config = self.load_config(g)?;
        self.config = Some(config.clone());
        if g.no_verify_ssl
            && !g
                .endpoint_url
                .as_deref()
                .is_some_and(|u| u.starts_with("http://"))
        {
            self.err(&format!(
                "{PROG}: [WARNING]: --no-verify-ssl: TLS certificate verification is disabled. Adding certificate verification is strongly advised.\n"
            ));
        }
        let client = awslice_runtime::client::ServiceClient::new(&config, svc.meta)
            .with_user_agent_piece(&format!("md/prompt#{}", self.prompt_ua))
            .with_user_agent_piece(&format!("md/command#{}.{}", svc.cli_name, op.cli_name));
        if let Some(w) = pager.as_ref().and_then(paginate::Pager::warning) {
            self.err(w);
        }
        let Some(mut pager) = pager.take() else {
            let mut value = self.call_once(svc, op, &client, &body)?;
            if let Some(path) = &a.outfile {
                save_outfile(svc, op, path, &mut value)?;
            }
            self.print_result(g, op, &value, query.as_ref())?;
            return Ok(RC_OK);
        };
        let mut body = match body {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        // The AWS CLI opens its output stream before it iterates the pages.
        self.check_pager(g)?;
        let mut failed = None;
        loop {
            let page = self.call_once(svc, op, &client, &Value::Object(body.clone()))?;
            match pager.on_page(page, &mut body) {
                Ok(paginate::Step::More) => {}
                Ok(paginate::Step::Done) => break,
                Err(e) => {
                    failed = Some(page_failure(e));
                    break;
                }
            }
        }
        // The text formatter prints page by page (so pages before an error are printed);
        // the others print the merged result.
        if self.output_format(g) == "text" {
            // Pages rendered before a `--query` error on a later page are still printed.
            let docs = pager.text_documents();
            let mut text = String::new();
            let mut query_error = None;
            for doc in &docs {
                match self.render(g, op, doc, query.as_ref()) {
                    Ok(t) => text.push_str(&t),
                    Err(e) => {
                        query_error = Some(e);
                        break;
                    }
                }
            }
            if !text.is_empty() {
                self.emit(g, &text)?;
            }
            if let Some(e) = query_error {
                return Err(e);
            }
        } else if self.output_format(g) == "yaml-stream" {
            // Streamed page by page too (each page as is, `--query` applied to each).
            let (text, query_error) = backends::yaml_stream_pages(pager.pages(), query.as_ref());
            if !text.is_empty() {
                self.emit(g, &text)?;
            }
            if let Some(e) = query_error {
                return Err(Failure::General(e, RC_GENERAL));
            }
        } else if failed.is_none() {
            self.print_result(g, op, &pager.full_result(), query.as_ref())?;
        }
        match failed {
            Some(f) => Err(f),
            None => Ok(RC_OK),
        }
    }

    /// Sends one request and parses its output (logging the request id under `--debug`).
    fn call_once(
        &self,
        svc: &'static ServiceDef,
        op: &OperationDef,
        client: &awslice_runtime::client::ServiceClient,
        body: &Value,
    ) -> Result<Value, Failure> {
        use awslice_runtime::protocol;
        use awslice_runtime::service::Protocol;

        let schema = OperationSchema {
            shapes: svc.shapes,
            operation: &op.wire,
        };
        let protocol = svc.meta.protocol;
        // An awsJson request that is the input's JSON as it is takes the client's fast path.
        let result = if protocol::aws_json::is_plain(svc.meta, schema) {
            let wire = awslice_pyfmt::dumps_compact(body);
            self.send(client.call(op.wire.name, wire.into_bytes()))?
        } else {
            let request = protocol::serialize(svc.meta, schema, body, protocol::JsonStyle::Python)
                .map_err(|e| Failure::Coded("ParamValidation", e.to_string(), RC_PARAM))?;
            self.send(client.send(op.wire.name, request))?
        };
        match result {
            Ok(resp) => {
                if let Some(id) = resp
                    .headers
                    .get("x-amzn-requestid")
                    .and_then(|v| v.to_str().ok())
                {
                    self.log("awslice.formatter", &format!("RequestId: {id}"));
                }
                let parsed = protocol::deserialize(
                    protocol,
                    schema,
                    protocol::Response {
                        status: resp.status,
                        headers: &resp.headers,
                        body: &resp.body,
                    },
                );
                let value = match (protocol, parsed) {
                    // awsJson output the AWS CLI cannot parse is read as no output.
                    (Protocol::AwsJson1_0 | Protocol::AwsJson1_1, Err(_)) => {
                        Value::Object(Map::new())
                    }
                    (_, parsed) => {
                        parsed.map_err(|e| Failure::General(e.to_string(), RC_GENERAL))?
                    }
                };
                response::output_value(svc, op.wire.output, &value, &self.env)
                    .map_err(|e| Failure::General(e, RC_GENERAL))
            }
            Err(CallError::Service(e)) => Err(Failure::Service(e)),
            Err(CallError::NoRegion) => Err(Failure::Coded(
                "NoRegion",
                CallError::NoRegion.to_string(),
                RC_CONFIG,
            )),
            Err(e @ CallError::NoCredentials(_)) => {
                Err(Failure::Coded("NoCredentials", e.to_string(), RC_CONFIG))
            }
            Err(CallError::CredentialsService { operation, error }) => {
                Err(Failure::ProviderService(operation, error))
            }
            Err(CallError::CredentialsParam(msg)) => Err(param(msg)),
            Err(e) => Err(Failure::General(e.to_string(), RC_GENERAL)),
        }
    }

    /// Runs `call` on a current-thread runtime, with Ctrl-C handling in process mode.
    fn send(
        &self,
        call: impl std::future::Future<Output = Result<awslice_runtime::client::RawResponse, CallError>>,
    ) -> Result<Result<awslice_runtime::client::RawResponse, CallError>, Failure> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Failure::General(e.to_string(), RC_GENERAL))?;
        let sigint = self.handle_sigint;
        let fut = async move {
            if sigint {
                // Whichever finishes first: the call, or Ctrl-C (`None`). Written with
                // `poll_fn` rather than `tokio::select!` so tokio's `macros` feature (a
                // proc-macro crate to build) is not needed.
                let mut call = std::pin::pin!(call);
                let mut interrupt = std::pin::pin!(tokio::signal::ctrl_c());
                std::future::poll_fn(|cx| {
                    if let std::task::Poll::Ready(r) = call.as_mut().poll(cx) {
                        return std::task::Poll::Ready(Some(r));
                    }
                    interrupt.as_mut().poll(cx).map(|_| None)
                })
                .await
            } else {
                Some(call.await)
            }
        };
        let result = match &self.debug {
            Some(d) => {
                tracing::subscriber::with_default(DebugDispatch(d.clone()), || rt.block_on(fut))
            }
            None => rt.block_on(fut),
        };
        result.ok_or(Failure::Interrupted)
    }

    fn structured(&self, fields: &Map<String, Value>) -> String {
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
    fn report(&mut self, f: Failure) -> i32 {
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

/// Adapts the shared debug log to `tracing`'s dispatcher (which needs an owned subscriber).
struct DebugDispatch(Arc<debug::DebugLog>);

impl tracing::Subscriber for DebugDispatch {
    fn enabled(&self, m: &tracing::Metadata<'_>) -> bool {
        self.0.enabled(m)
    }
    fn new_span(&self, s: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        self.0.new_span(s)
    }
    fn record(&self, s: &tracing::span::Id, v: &tracing::span::Record<'_>) {
        self.0.record(s, v)
    }
    fn record_follows_from(&self, s: &tracing::span::Id, f: &tracing::span::Id) {
        self.0.record_follows_from(s, f)
    }
    fn event(&self, e: &tracing::Event<'_>) {
        self.0.event(e)
    }
    fn enter(&self, s: &tracing::span::Id) {
        self.0.enter(s)
    }
    fn exit(&self, s: &tracing::span::Id) {
        self.0.exit(s)
    }
}
