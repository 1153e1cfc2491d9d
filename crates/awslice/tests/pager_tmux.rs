//! The output pager and `--color` in a real terminal: the `awslice` binary runs inside a
//! detached tmux session (its own server socket, a fixed pane size, `TERM=xterm-256color`),
//! against a loopback server, and the screen is read back with `capture-pane` (`-e` keeps
//! the colour escapes). Expected behaviour: docs/compat.md#global-options (pager, `--color`)
//! and the AWS CLI v2's `OutputStreamFactory`: `AWS_PAGER` > `cli_pager` > `PAGER` > `less`,
//! started only when stdout is a terminal and there is output, with `LESS=FRX` unless `LESS`
//! is set; a missing program is rc 253.
//!
//! Needs `tmux` and `less`. Without them every test prints `skipped: …` and passes, unless
//! `AWSLICE_REQUIRE_PEERS=1`, in which case it fails.

use crate::support;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use awslice_test_support::peers;
use support::{Reply, capture};

const BIN: &str = env!("CARGO_BIN_EXE_awslice");
const COLS: u16 = 100;
const ROWS: u16 = 24;
const TIMEOUT: Duration = Duration::from_secs(20);

/// Whether tmux and less can run here (skipped, or failing when peers are required, when not).
fn available() -> bool {
    let missing: Vec<&str> = ["tmux", "less"]
        .into_iter()
        .filter(|p| peers::program(p).is_err())
        .collect();
    missing.is_empty()
        || peers::skip::<()>(format!("{} not installed", missing.join(" and "))).is_some()
}

/// `'…'` quoting for the POSIX shell script that runs the binary.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// What to run in a pane: `awslice ARGS [| PIPE]` with extra environment variables and
/// executable scripts put first on PATH (`bin/NAME`) before the command starts.
#[derive(Default)]
struct Run<'a> {
    args: Vec<&'a str>,
    env: Vec<(&'a str, &'a str)>,
    pipe: Option<&'a str>,
    scripts: Vec<(&'a str, String)>,
}

impl<'a> Run<'a> {
    fn new(args: Vec<&'a str>) -> Self {
        Run {
            args,
            ..Run::default()
        }
    }

    fn env(mut self, k: &'a str, v: &'a str) -> Self {
        self.env.push((k, v));
        self
    }

    fn script(mut self, name: &'a str, body: impl Into<String>) -> Self {
        self.scripts.push((name, body.into()));
        self
    }

    fn pipe(mut self, to: &'a str) -> Self {
        self.pipe = Some(to);
        self
    }

    fn start(self) -> Pane {
        Pane::start(self)
    }
}

/// One tmux server with one pane running one `awslice` command. Dropping it kills the server.
struct Pane {
    socket: String,
    dir: PathBuf,
}

impl Pane {
    /// Starts the command of `run` in a new detached session, with exactly the environment
    /// given (plus PATH, HOME, TERM, a locale and example credentials). The exit status
    /// lands in the file `rc`; the pane stays open afterwards.
    fn start(run: Run<'_>) -> Pane {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let socket = format!("awslice-pager-{}-{n}", std::process::id());
        let dir = std::env::temp_dir().join(&socket);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("bin")).expect("temp dir");
        // From here on the guard cleans up, even if an assertion below fails.
        let pane = Pane { socket, dir };
        for (name, body) in &run.scripts {
            pane.write_script(name, body);
        }
        let path = format!(
            "{}:{}",
            pane.dir.join("bin").display(),
            std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".to_owned())
        );
        let home = pane.dir.display().to_string();
        let mut vars: Vec<(&str, &str)> = vec![
            ("PATH", &path),
            ("HOME", &home),
            ("TERM", "xterm-256color"),
            ("LC_ALL", "C.UTF-8"),
            ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            (
                "AWS_SECRET_ACCESS_KEY",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            ),
            ("AWS_DEFAULT_REGION", "us-east-1"),
        ];
        vars.extend(run.env.iter().copied());
        let mut line = String::from("env -i");
        for (k, v) in &vars {
            line.push(' ');
            line.push_str(&sh_quote(&format!("{k}={v}")));
        }
        line.push(' ');
        line.push_str(&sh_quote(BIN));
        for a in &run.args {
            line.push(' ');
            line.push_str(&sh_quote(a));
        }
        if let Some(p) = run.pipe {
            line.push_str(" | ");
            line.push_str(p);
        }
        let d = sh_quote(&home);
        let script = format!(
            "cd {d}\n{line}\necho $? > {d}/rc.part && mv {d}/rc.part {d}/rc\nexec sleep 600\n"
        );
        std::fs::write(pane.dir.join("run.sh"), script).expect("write run.sh");
        let conf = pane.dir.join("tmux.conf");
        std::fs::write(&conf, "set -g status off\n").expect("write tmux.conf");
        let started = pane.tmux(&[
            "-f",
            &conf.display().to_string(),
            "new-session",
            "-d",
            "-x",
            &COLS.to_string(),
            "-y",
            &ROWS.to_string(),
            "-s",
            "t",
            &format!(
                "sh {}",
                sh_quote(&pane.dir.join("run.sh").display().to_string())
            ),
        ]);
        assert!(started, "tmux new-session failed");
        pane
    }

    fn tmux(&self, args: &[&str]) -> bool {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Types keys into the pane (tmux key names, e.g. `q`, `Space`).
    fn send(&self, keys: &str) {
        assert!(
            self.tmux(&["send-keys", "-t", "t", keys]),
            "send-keys {keys}"
        );
    }

    /// The visible screen (`escapes`: with SGR sequences), trailing blank lines removed.
    fn screen(&self, escapes: bool) -> String {
        // -J joins lines the terminal wrapped at the pane's width.
        let mut args = vec!["-L", &self.socket, "capture-pane", "-p", "-J", "-t", "t"];
        if escapes {
            args.push("-e");
        }
        let out = Command::new("tmux")
            .args(&args)
            .output()
            .expect("capture-pane");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        format!("{}\n", text.trim_end_matches(['\n', ' ']))
    }

    /// Polls the screen until `want` holds; panics with the last screen after [`TIMEOUT`].
    fn wait_screen(&self, what: &str, want: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen(false);
            if want(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The command's exit status, if it has finished.
    fn rc(&self) -> Option<i32> {
        std::fs::read_to_string(self.dir.join("rc"))
            .ok()
            .and_then(|s| s.trim().parse().ok())
    }

    /// Waits for the command to finish; returns its exit status and the final screen.
    fn finish(&self, escapes: bool) -> (i32, String) {
        let start = Instant::now();
        loop {
            if let Some(rc) = self.rc() {
                return (rc, self.screen(escapes));
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "command still running; screen:\n{}",
                self.screen(false)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A file the command's pager scripts wrote in `$HOME`.
    fn file(&self, name: &str) -> Option<String> {
        std::fs::read_to_string(self.dir.join(name)).ok()
    }

    fn write_script(&self, name: &str, body: &str) {
        use std::os::unix::fs::PermissionsExt;
        let path = self.dir.join("bin").join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A describe response with `n` shared accounts.
fn describe_body(n: usize) -> String {
    let perms: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"SharedAccountId":"{}"}}"#,
                100_000_000_000u64 + i as u64
            )
        })
        .collect();
    format!(
        r#"{{"ImageId":"wsi-123456789abc","ImagePermissions":[{}]}}"#,
        perms.join(",")
    )
}

/// `workspaces describe-workspace-image-permissions …` against `url`, plus `extra`.
fn describe<'a>(url: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "workspaces",
        "describe-workspace-image-permissions",
        "--image-id",
        "wsi-123456789abc",
        "--endpoint-url",
        url,
    ];
    args.extend_from_slice(extra);
    args
}

/// The JSON output for one shared account.
const SHORT_JSON: &str = "{\n    \"ImageId\": \"wsi-123456789abc\",\n    \"ImagePermissions\": [\n        {\n            \"SharedAccountId\": \"100000000000\"\n        }\n    ]\n}\n";

/// A pager that marks every line it shows, to tell paged output from direct output.
const MARKING_PAGER: &str = "sed -e s/^/PAGED:/";

/// Starts a one-account describe with `extra` arguments and `env`, waits for it, and returns
/// (rc, screen).
fn short(extra: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let server = capture(vec![Reply::json(200, &describe_body(1))]);
    let url = server.url();
    let mut run = Run::new(describe(&url, extra));
    for (k, v) in env {
        run = run.env(k, v);
    }
    run.start().finish(false)
}

fn real_less() -> String {
    let out = Command::new("sh")
        .args(["-c", "command -v less"])
        .output()
        .expect("command -v less");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn default_pager_is_less_with_frx_and_short_output_exits_at_once() {
    if !available() {
        return;
    }
    let server = capture(vec![Reply::json(200, &describe_body(1))]);
    let url = server.url();
    // A `less` first on PATH that records how it was started, then runs the real less.
    let pane = Run::new(describe(&url, &[]))
        .script(
            "less",
            format!(
                "printf 'LESS=%s argv=%s\\n' \"$LESS\" \"$*\" > \"$HOME/less.log\"\nexec {} \"$@\"",
                real_less()
            ),
        )
        .start();
    let (rc, screen) = pane.finish(false);
    assert_eq!(rc, 0, "{screen}");
    assert_eq!(screen, SHORT_JSON);
    assert_eq!(
        pane.file("less.log").as_deref(),
        Some("LESS=FRX argv=\n"),
        "less was started with LESS=FRX"
    );
}

#[test]
fn long_output_waits_in_less_until_q() {
    if !available() {
        return;
    }
    let server = capture(vec![Reply::json(200, &describe_body(60))]);
    let url = server.url();
    let pane = Run::new(describe(&url, &[])).start();
    // less shows the first screen and its prompt on the last line, and waits.
    let screen = pane.wait_screen("less's prompt", |s| {
        s.lines().count() == usize::from(ROWS) && s.lines().last() == Some(":")
    });
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(lines[0], "{");
    assert_eq!(lines[1], "    \"ImageId\": \"wsi-123456789abc\",");
    // Account k's line is 4 + 3k: the 23rd line (index 22) is account 6's.
    assert_eq!(
        lines[22],
        "            \"SharedAccountId\": \"100000000006\""
    );
    assert_eq!(pane.rc(), None, "the command waits for the pager");
    // A page forward shows later accounts; `q` quits, and the command exits 0.
    pane.send("Space");
    pane.wait_screen("the next page", |s| s.contains("\"100000000012\""));
    assert_eq!(pane.rc(), None);
    pane.send("q");
    let (rc, _) = pane.finish(false);
    assert_eq!(rc, 0);
}

#[test]
fn aws_pager_cat_prints_directly() {
    if !available() {
        return;
    }
    assert_eq!(
        short(&[], &[("AWS_PAGER", "cat")]),
        (0, SHORT_JSON.to_owned())
    );
}

#[test]
fn aws_pager_beats_pager_and_pager_is_honoured() {
    if !available() {
        return;
    }
    let (rc, screen) = short(&[], &[("PAGER", MARKING_PAGER)]);
    assert_eq!(rc, 0);
    assert_eq!(screen.lines().next(), Some("PAGED:{"), "{screen}");
    assert!(screen.lines().all(|l| l.starts_with("PAGED:")), "{screen}");
    let (rc, screen) = short(&[], &[("PAGER", MARKING_PAGER), ("AWS_PAGER", "cat")]);
    assert_eq!((rc, screen.as_str()), (0, SHORT_JSON));
}

#[test]
fn no_cli_pager_and_an_empty_aws_pager_turn_paging_off() {
    if !available() {
        return;
    }
    let (rc, screen) = short(&["--no-cli-pager"], &[("AWS_PAGER", MARKING_PAGER)]);
    assert_eq!((rc, screen.as_str()), (0, SHORT_JSON));
    // An empty AWS_PAGER ends the chain: PAGER is not consulted.
    let (rc, screen) = short(&[], &[("AWS_PAGER", ""), ("PAGER", MARKING_PAGER)]);
    assert_eq!((rc, screen.as_str()), (0, SHORT_JSON));
}

#[test]
fn the_profiles_cli_pager_comes_between_aws_pager_and_pager() {
    if !available() {
        return;
    }
    let server = capture(vec![Reply::json(200, &describe_body(1))]);
    let url = server.url();
    let config = std::env::temp_dir().join(format!("awslice-pager-config-{}", std::process::id()));
    std::fs::write(&config, format!("[default]\ncli_pager = {MARKING_PAGER}\n"))
        .expect("write config");
    let config_path = config.display().to_string();
    let pane = Run::new(describe(&url, &[]))
        .env("AWS_CONFIG_FILE", &config_path)
        .env("PAGER", "cat")
        .start();
    let (rc, screen) = pane.finish(false);
    let _ = std::fs::remove_file(&config);
    assert_eq!(rc, 0);
    assert_eq!(screen.lines().next(), Some("PAGED:{"), "{screen}");
}

#[test]
fn less_flags_are_kept_when_less_is_set() {
    if !available() {
        return;
    }
    let pager = r#"sh -c 'echo "LESS=[$LESS]"; cat'"#;
    let (rc, screen) = short(&[], &[("AWS_PAGER", pager), ("LESS", "-S")]);
    assert_eq!(
        (rc, screen.as_str()),
        (0, format!("LESS=[-S]\n{SHORT_JSON}").as_str())
    );
    let (rc, screen) = short(&[], &[("AWS_PAGER", pager)]);
    assert_eq!(
        (rc, screen.as_str()),
        (0, format!("LESS=[FRX]\n{SHORT_JSON}").as_str())
    );
}

#[test]
fn a_missing_pager_program_is_rc_253() {
    if !available() {
        return;
    }
    let (rc, screen) = short(&[], &[("AWS_PAGER", "nonexistent-pager-xyz -x")]);
    assert_eq!(rc, 253);
    assert_eq!(
        screen,
        "\nawslice: [ERROR]: An error occurred (Pager): Unable to redirect output to pager. Received the following error when opening pager:\n[Errno 2] No such file or directory: 'nonexistent-pager-xyz'\n\nLearn more about configuring the output pager by running \"awslice help config-vars\".\n"
    );
}

#[test]
fn no_pager_without_output_or_without_a_terminal() {
    if !available() {
        return;
    }
    // update-workspace-image-permission prints nothing: the pager is never started.
    let server = capture(vec![Reply::json(200, "{}")]);
    let url = server.url();
    let pane = Run::new(vec![
        "workspaces",
        "update-workspace-image-permission",
        "--image-id",
        "wsi-123456789abc",
        "--allow-copy-image",
        "--shared-account-id",
        "123456789012",
        "--endpoint-url",
        &url,
    ])
    .env("AWS_PAGER", "recording-pager")
    .script("recording-pager", "touch \"$HOME/pager-started\"; cat")
    .start();
    let (rc, screen) = pane.finish(false);
    assert_eq!((rc, screen.as_str()), (0, "\n"));
    // The pager command is split (shlex) when the output stream opens, even with nothing
    // to print: an unclosed quote fails after the call; blanks only do not (the pager
    // process is started lazily, at the first write).
    for (pager, expected) in [
        (
            "less '-R",
            (255, "\nawslice: [ERROR]: No closing quotation\n"),
        ),
        ("  ", (0, "\n")),
    ] {
        let server = capture(vec![Reply::json(200, "{}")]);
        let url = server.url();
        let (rc, screen) = Run::new(vec![
            "workspaces",
            "update-workspace-image-permission",
            "--image-id",
            "wsi-123456789abc",
            "--allow-copy-image",
            "--shared-account-id",
            "123456789012",
            "--endpoint-url",
            &url,
        ])
        .env("AWS_PAGER", pager)
        .start()
        .finish(false);
        assert_eq!((rc, screen.as_str()), expected, "AWS_PAGER={pager:?}");
        assert_eq!(server.requests().len(), 1, "AWS_PAGER={pager:?}");
    }
    assert_eq!(pane.file("pager-started"), None, "the pager was started");
    // stdout a pipe: no pager, even with one configured.
    let server = capture(vec![Reply::json(200, &describe_body(1))]);
    let url = server.url();
    let pane = Run::new(describe(&url, &[]))
        .env("AWS_PAGER", MARKING_PAGER)
        .pipe("cat")
        .start();
    let (rc, screen) = pane.finish(false);
    assert_eq!((rc, screen.as_str()), (0, SHORT_JSON));
}

/// The SGR parameter lists of the escapes in `screen` (`\x1b[1m\x1b[34m` gives `1`, `34`).
fn sgr_codes(screen: &str) -> Vec<String> {
    screen
        .split('\x1b')
        .skip(1)
        .filter_map(|s| s.strip_prefix('['))
        .filter_map(|s| s.split_once('m').map(|(codes, _)| codes.to_owned()))
        .collect()
}

/// Whether the text just before `word` on its line ends with bold blue (`1` and `34`).
fn bold_blue_before(screen: &str, word: &str) -> bool {
    screen.lines().any(|line| {
        line.find(word).is_some_and(|at| {
            let before = &line[..at];
            let last_plain = before.rfind("\x1b[0m").map_or(0, |i| i + 4);
            let codes = sgr_codes(&before[last_plain..]).join(";");
            let codes: Vec<&str> = codes.split(';').collect();
            codes.contains(&"1") && codes.contains(&"34")
        })
    })
}

fn table(color: Option<&str>, env: &[(&str, &str)]) -> (i32, String) {
    let server = capture(vec![Reply::json(200, &describe_body(2))]);
    let url = server.url();
    let mut extra = vec!["--output", "table"];
    if let Some(c) = color {
        extra.extend(["--color", c]);
    }
    let mut run = Run::new(describe(&url, &extra));
    for (k, v) in env {
        run = run.env(k, v);
    }
    run.start().finish(true)
}

#[test]
fn table_colours_on_a_terminal() {
    if !available() {
        return;
    }
    // `auto` (the default) and `on` colour the table on a terminal: values bold blue, the
    // nesting bars dim yellow; through `cat` and through `less -R` (LESS=FRX) alike.
    for (color, env) in [
        (None, vec![("AWS_PAGER", "cat")]),
        (Some("auto"), vec![("AWS_PAGER", "cat")]),
        (Some("on"), vec![("AWS_PAGER", "cat")]),
        (Some("auto"), vec![]),
    ] {
        let (rc, screen) = table(color, &env);
        assert_eq!(rc, 0, "{screen}");
        assert!(
            bold_blue_before(&screen, "wsi-123456789abc"),
            "--color {color:?} {env:?}: no bold blue value:\n{screen:?}"
        );
        assert!(
            bold_blue_before(&screen, "100000000001"),
            "--color {color:?} {env:?}: no bold blue account:\n{screen:?}"
        );
        let codes = sgr_codes(&screen).join(";");
        assert!(
            codes.split(';').any(|c| c == "2") && codes.split(';').any(|c| c == "33"),
            "--color {color:?} {env:?}: no dim yellow bars:\n{screen:?}"
        );
    }
}

#[test]
fn color_off_and_non_table_output_stay_plain_on_a_terminal() {
    if !available() {
        return;
    }
    let (rc, screen) = table(Some("off"), &[("AWS_PAGER", "cat")]);
    assert_eq!(rc, 0);
    assert!(!screen.contains('\x1b'), "{screen:?}");
    assert!(
        screen.contains("|  ImageId |  wsi-123456789abc"),
        "{screen}"
    );
    // JSON, YAML and text are never coloured, even with `--color on`.
    for output in ["json", "yaml", "text"] {
        let server = capture(vec![Reply::json(200, &describe_body(1))]);
        let url = server.url();
        let (rc, screen) = Run::new(describe(&url, &["--output", output, "--color", "on"]))
            .env("AWS_PAGER", "cat")
            .start()
            .finish(true);
        assert_eq!(rc, 0);
        assert!(!screen.contains('\x1b'), "--output {output}: {screen:?}");
        assert!(
            screen.contains("100000000000"),
            "--output {output}: {screen}"
        );
    }
}

#[test]
fn other_pager_start_failures_follow_python() {
    if !available() {
        return;
    }
    // A directory: `PermissionError` at the formatter's first write, which swallows
    // `OSError`s: nothing printed, rc 0.
    let (rc, screen) = short(&[], &[("AWS_PAGER", "/")]);
    assert_eq!((rc, screen.as_str()), (0, "\n"));
    // Blanks only: a true string, so paging is on, and `Popen([])` raises IndexError.
    let (rc, screen) = short(&[], &[("AWS_PAGER", "  ")]);
    assert_eq!(
        (rc, screen.as_str()),
        (255, "\nawslice: [ERROR]: list index out of range\n")
    );
    // An unclosed quote: shlex's ValueError.
    let (rc, screen) = short(&[], &[("AWS_PAGER", "less '-R")]);
    assert_eq!(
        (rc, screen.as_str()),
        (255, "\nawslice: [ERROR]: No closing quotation\n")
    );
}

#[test]
fn skeleton_output_is_paged_and_skeleton_input_is_not() {
    if !available() {
        return;
    }
    let skeleton = |kind: &'static str| {
        Run::new(vec![
            "workspaces",
            "describe-workspace-image-permissions",
            "--image-id",
            "wsi-123456789abc",
            "--generate-cli-skeleton",
            kind,
        ])
        .env("AWS_PAGER", MARKING_PAGER)
        .start()
        .finish(false)
    };
    // `output` goes through the formatter (and so the pager); `input` and `yaml-input` are
    // written straight to stdout.
    let (rc, screen) = skeleton("output");
    assert_eq!(rc, 0);
    assert!(screen.lines().all(|l| l.starts_with("PAGED:")), "{screen}");
    for kind in ["input", "yaml-input"] {
        let (rc, screen) = skeleton(kind);
        assert_eq!(rc, 0);
        assert!(screen.contains("ImageId"), "{kind}: {screen}");
        assert!(!screen.contains("PAGED:"), "{kind}: {screen}");
    }
}
