//! The parse stage: the auto-prompt decision on the raw arguments, then the AWS CLI's three
//! `parse_known_args` passes (global options and the command, the operation, the
//! operation's parameters).

use std::sync::Arc;

use crate::argparse::{Arity, OptSpec, Parsed, Parser, PosSpec};
use crate::failure::{Failure, param, prescan_error_format};
use crate::globals::Globals;
use crate::schema::{OperationDef, ServiceDef, ShapeKind};
use crate::{
    Command, PROG, RC_GENERAL, RC_OK, RC_PARAM, completion_scripts, debug, globals, help, paginate,
    prompt, signin, version,
};
use awslice_runtime::schema::OperationSchema;

/// What the operation pass produced.
pub(crate) struct OpArgs {
    /// The `outfile` positional (operations whose output is a blob payload).
    pub(crate) outfile: Option<String>,
    /// (param index, value) as given, by param index.
    pub(crate) values: Vec<Option<Parsed>>,
    pub(crate) cli_input_json: Option<String>,
    pub(crate) cli_input_yaml: Option<String>,
    pub(crate) skeleton: Option<String>,
    /// `--starting-token`, `--page-size`, `--max-items` (paginated operations only).
    pub(crate) paging: paginate::PageArgs,
}

/// What a command line asks for, once parsed: the end of the parse stage.
pub(crate) enum Invocation {
    /// `--version`.
    Version,
    /// A help page to show (`help`, `SERVICE help`, `SERVICE OPERATION help`).
    Help(String),
    /// One of the sign-in commands (`sso login`, `configure export-credentials`, …) with the
    /// arguments after it.
    Signin {
        globals: Globals,
        command: String,
        rest: Vec<String>,
    },
    /// An operation call: its service and operation, the global options, its parameters.
    Operation {
        svc: &'static ServiceDef,
        op: &'static OperationDef,
        globals: Globals,
        args: OpArgs,
    },
}

impl Command<'_> {
    pub(crate) fn execute(&mut self, args: &[String]) -> Result<i32, Failure> {
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
    pub(crate) fn auto_prompt_setting(&self) -> Option<String> {
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

    /// Runs the interactive prompt prefilled with `args` and returns the arguments of the
    /// command to run (after printing `> awslice <line>` on stdout, as the AWS CLI does).
    /// Without a terminal, fails as the AWS CLI does.
    pub(crate) fn prompt_for(&mut self, args: &[String]) -> Result<Vec<String>, Failure> {
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

    /// Parses `args` and runs what they ask for.
    pub(crate) fn execute_parsed(&mut self, args: &[String]) -> Result<i32, Failure> {
        match self.parse(args)? {
            Invocation::Version => {
                let line = version::version_line(&self.env);
                self.out(&format!("{line}\n"))?;
                Ok(RC_OK)
            }
            Invocation::Help(text) => {
                self.show_help(&text)?;
                Ok(RC_OK)
            }
            Invocation::Signin {
                globals,
                command,
                rest,
            } => self.signin_command(&globals, &command, &rest),
            Invocation::Operation {
                svc,
                op,
                globals,
                args,
            } => self.run_operation(svc, op, &globals, args),
        }
    }

    /// The parse stage: the AWS CLI's three passes over `args`, ending in what to run. As in
    /// the AWS CLI, `--cli-error-format` and `--debug` take effect as soon as the first pass
    /// has read them (later errors are reported in that format, after the debug lines).
    fn parse(&mut self, args: &[String]) -> Result<Invocation, Failure> {
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
            return Ok(Invocation::Version);
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
            return Ok(Invocation::Help(help::main_help(
                self.services,
                &["completion", "configure", "sso"],
            )));
        }
        if signin::is_command(&command) {
            return Ok(Invocation::Signin {
                globals: g,
                command,
                rest: out.extras,
            });
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
            return Ok(Invocation::Help(help::service_help(svc)));
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
            return Ok(Invocation::Help(help::operation_help(svc, op)));
        }
        let op_args = self.parse_operation(svc, op, args, &rest, g.no_paginate)?;
        Ok(Invocation::Operation {
            svc,
            op,
            globals: g,
            args: op_args,
        })
    }

    pub(crate) fn parse_operation(
        &self,
        svc: &ServiceDef,
        op: &OperationDef,
        all_args: &[String],
        rest: &[String],
        no_paginate: bool,
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
        let paging_names = op
            .paginator
            .as_ref()
            .map(paginate::option_names)
            .unwrap_or_default();
        // A member whose option is a paging option's name (Route 53's `MaxItems` is
        // `--max-items`) is shadowed by it, as the AWS CLI's `add_paging_argument` does; with
        // `--no-paginate` the value goes back to the member.
        let mut shadowed = Vec::new();
        let mut options = Vec::new();
        for (i, p) in op.params.iter().enumerate() {
            let name = format!("--{}", p.cli_name);
            if let Some(paging) = paging_names.iter().find(|n| **n == name) {
                shadowed.push((i, *paging));
                continue;
            }
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
        if no_paginate {
            for (i, name) in shadowed {
                let value = match name {
                    "--starting-token" => paging.starting_token.take(),
                    "--page-size" => paging.page_size.take(),
                    _ => paging.max_items.take(),
                };
                if let Some(v) = value {
                    out.values[i] = Some(Parsed::Str(v));
                }
            }
        }
        Ok(OpArgs {
            outfile,
            values: out.values,
            cli_input_json,
            cli_input_yaml,
            skeleton,
            paging,
        })
    }
}
