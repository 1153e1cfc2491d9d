//! The interactive auto-prompt (`--cli-auto-prompt`, `AWS_CLI_AUTO_PROMPT`, the profile's
//! `cli_auto_prompt`), after the AWS CLI v2's.
//!
//! - [`resolve_mode`]: `off`, `on` or `on-partial`, from the arguments and the setting.
//! - [`prompt`]: on a terminal, the prompt `> awslice ` prefilled with the words typed, a
//!   completion menu that follows the typing, a documentation panel (F3), key help (F1);
//!   Enter on a finished line returns it, Ctrl-C / Ctrl-D quit.
//! - [`split`]: the finished line cut into arguments with shell rules.
//!
//! The logic is pure and tested without a terminal ([`state`]: keys → state, [`render`]:
//! state → screen cells, [`source`]: completions and documentation from the command
//! tables); [`term`] is the only part touching the terminal (crossterm).

pub mod render;
pub mod source;
pub mod state;
pub mod term;

use std::collections::HashMap;

use crate::schema::ServiceDef;

/// When the prompt opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Never.
    Off,
    /// Before running the command.
    On,
    /// Only when the command fails with a parameter error (exit code 252).
    Partial,
}

impl Mode {
    /// The user agent's `md/prompt#…` value for a command run in this mode.
    pub fn user_agent(self) -> &'static str {
        match self {
            Mode::Off => "off",
            Mode::On => "on",
            Mode::Partial => "partial",
        }
    }
}

/// The AWS CLI's order: `help` or `--version` among the arguments turn the prompt off, then
/// `--no-cli-auto-prompt`, then `--cli-auto-prompt`; otherwise the setting
/// (`AWS_CLI_AUTO_PROMPT`, then the profile's `cli_auto_prompt`; case-insensitive `on` /
/// `on-partial`; anything else is off). `setting` is only called when needed.
pub fn resolve_mode(args: &[String], setting: impl FnOnce() -> Option<String>) -> Mode {
    if args.iter().any(|a| a == "help" || a == "--version") {
        return Mode::Off;
    }
    if args.iter().any(|a| a == "--no-cli-auto-prompt") {
        return Mode::Off;
    }
    if args.iter().any(|a| a == "--cli-auto-prompt") {
        return Mode::On;
    }
    match setting().map(|s| s.to_lowercase()).as_deref() {
        Some("on") => Mode::On,
        Some("on-partial") => Mode::Partial,
        _ => Mode::Off,
    }
}

/// How the prompt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Enter on the finished line: run it.
    Run(String),
    /// Ctrl-C / Ctrl-D, with the line as it was.
    Quit(String),
}

/// Runs the prompt on the process's terminal, prefilled with `args`.
pub fn prompt(
    services: &[&'static ServiceDef],
    env: &HashMap<String, String>,
    args: &[String],
) -> std::io::Result<Outcome> {
    let source = source::TableSource { services, env };
    let st = state::State::start(args, &source);
    let (action, text) = term::run(st, &source)?;
    Ok(match action {
        state::Action::Run => Outcome::Run(text),
        _ => Outcome::Quit(text),
    })
}

/// Cuts the finished line into arguments (Python's `shlex.split`, whose error text is kept).
pub fn split(line: &str) -> Result<Vec<String>, String> {
    shlex::split(line).ok_or_else(|| "No closing quotation".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn mode_precedence() {
        let never = || -> Option<String> { panic!("setting read") };
        assert_eq!(resolve_mode(&args(&["--cli-auto-prompt"]), never), Mode::On);
        assert_eq!(
            resolve_mode(&args(&["--no-cli-auto-prompt"]), never),
            Mode::Off
        );
        assert_eq!(
            resolve_mode(&args(&["x", "help", "--cli-auto-prompt"]), never),
            Mode::Off
        );
        assert_eq!(
            resolve_mode(&args(&["--version", "--cli-auto-prompt"]), never),
            Mode::Off
        );
        let set = |v: &str| {
            let v = v.to_owned();
            move || Some(v)
        };
        assert_eq!(resolve_mode(&[], set("ON")), Mode::On);
        assert_eq!(resolve_mode(&[], set("on-partial")), Mode::Partial);
        assert_eq!(resolve_mode(&[], set("On-Partial")), Mode::Partial);
        assert_eq!(resolve_mode(&[], set("yes")), Mode::Off);
        assert_eq!(resolve_mode(&[], || None), Mode::Off);
        assert_eq!(
            resolve_mode(&args(&["--no-cli-auto-prompt"]), set("on")),
            Mode::Off
        );
        assert_eq!(Mode::Partial.user_agent(), "partial");
    }

    /// Runs the engine in-process (no terminal) on the test service with `env`.
    fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
        let env = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let (mut io, out, err) = crate::Io::captured(env);
        let args = args.iter().map(std::ffi::OsString::from).collect();
        let rc = crate::run_with(source::tests::SERVICES, args, &mut io);
        (rc, out.text(), err.text())
    }

    const NO_TTY: &str = "Warning: Input is not a terminal (fd=0).\n\nawslice: [ERROR]:\n";

    #[test]
    fn on_partial_without_a_terminal() {
        let partial = [("AWS_CLI_AUTO_PROMPT", "on-partial")];
        // Complete: runs as typed.
        let (rc, out, err) = run(
            &[
                "demo",
                "update-thing",
                "--thing-id",
                "t",
                "--generate-cli-skeleton",
            ],
            &partial,
        );
        assert_eq!((rc, out.as_str(), err.as_str()), (0, "{}\n", ""));
        // A missing required option: the argparse error is silenced, the prompt is needed.
        let (rc, out, err) = run(&["demo", "update-thing"], &partial);
        assert_eq!((rc, out.as_str(), err.as_str()), (255, "", NO_TTY));
        // An unknown option is reported, then the prompt is needed.
        let (rc, _, err) = run(
            &[
                "demo",
                "update-thing",
                "--thing-id",
                "t",
                "--bogus",
                "--generate-cli-skeleton",
            ],
            &partial,
        );
        assert_eq!(rc, 255);
        assert!(err.contains("Unknown options: --bogus\n"), "{err}");
        assert!(err.ends_with(NO_TTY), "{err}");
        // `help` turns the prompt off, whatever the setting.
        let (rc, out, _) = run(&["demo", "help"], &[("AWS_CLI_AUTO_PROMPT", "on")]);
        assert_eq!(rc, 0);
        assert!(out.contains("Demo service docs."), "{out}");
    }

    #[test]
    fn the_profile_setting_and_its_precedence() {
        let dir = std::env::temp_dir().join(format!("awslice-prompt-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let cfg = dir.join("config");
        std::fs::write(
            &cfg,
            "[default]\ncli_auto_prompt = on\n[profile p]\ncli_auto_prompt = off\n",
        )
        .expect("write config");
        let cfg = cfg.display().to_string();
        let home = dir.display().to_string();
        let args = [
            "demo",
            "update-thing",
            "--thing-id",
            "t",
            "--generate-cli-skeleton",
        ];
        let base = [("HOME", home.as_str()), ("AWS_CONFIG_FILE", cfg.as_str())];
        assert_eq!(run(&args, &base).0, 255);
        // The environment variable wins over the profile.
        let with = |extra: (&'static str, &'static str)| {
            let mut env = base.to_vec();
            env.push(extra);
            run(&args, &env).0
        };
        assert_eq!(with(("AWS_CLI_AUTO_PROMPT", "off")), 0);
        // The profile named by the environment is the one read; a missing one means off.
        assert_eq!(with(("AWS_PROFILE", "p")), 0);
        // (A skeleton needs no configuration: the missing profile is not reported.)
        assert_eq!(with(("AWS_PROFILE", "nope")), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn splitting() {
        assert_eq!(
            split("workspaces x --image-id 'a b' --c \"d\\\"e\""),
            Ok(args(&[
                "workspaces",
                "x",
                "--image-id",
                "a b",
                "--c",
                "d\"e"
            ]))
        );
        assert_eq!(split("a 'b"), Err("No closing quotation".to_owned()));
    }
}
