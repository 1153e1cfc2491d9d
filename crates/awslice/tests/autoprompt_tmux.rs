//! The interactive auto-prompt in a real terminal: the built `awslice` runs inside a
//! detached tmux session (own socket, 120x40, `TERM=xterm-256color`), keys are sent with
//! `send-keys`, and the screen is read with `capture-pane` until the expected text shows
//! (polling with a deadline, no fixed sleeps). The exit code, stderr and the terminal
//! settings after the prompt (`stty -a`) are written to files by the pane's shell.
//!
//! Without tmux the tests print `skipped: …` and pass, unless `AWSLICE_REQUIRE_PEERS=1`
//! (set by CI), in which case they fail.

use crate::support;

use std::path::PathBuf;

use awslice_test_support::peers;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_awslice");
const DEADLINE: Duration = Duration::from_secs(15);

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// Single-quotes a word for `sh`.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// A scratch directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "awslice-autoprompt-{}-{}-{tag}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn read(&self, name: &str) -> Option<String> {
        std::fs::read_to_string(self.path(name)).ok()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A tmux server of its own running one `awslice` command; killed on drop (even when the
/// test fails).
struct Tmux {
    socket: String,
    scratch: Scratch,
}

fn tmux_available() -> bool {
    peers::or_skip(peers::program("tmux")).is_some()
}

impl Tmux {
    /// Starts `awslice ARGS` in a clean environment (`env` added; HOME is the scratch
    /// directory, so no real configuration or credentials are read; `config` is the shared
    /// config file's text). Returns `None` (test skipped) when tmux is not installed.
    fn start(tag: &str, args: &[&str], env: &[(&str, &str)], config: &str) -> Option<Tmux> {
        if !tmux_available() {
            return None;
        }
        let scratch = Scratch::new(tag);
        std::fs::write(scratch.path("config"), config).expect("write config");
        let home = scratch.0.display().to_string();
        let mut cmd = format!(
            "env -i HOME={} PATH=/usr/bin:/bin TERM=xterm-256color AWS_CONFIG_FILE={} AWS_SHARED_CREDENTIALS_FILE={}",
            sh_quote(&home),
            sh_quote(&scratch.path("config").display().to_string()),
            sh_quote(&scratch.path("credentials").display().to_string()),
        );
        for (k, v) in env {
            cmd.push_str(&format!(" {k}={}", sh_quote(v)));
        }
        cmd.push(' ');
        cmd.push_str(&sh_quote(BIN));
        for a in args {
            cmd.push(' ');
            cmd.push_str(&sh_quote(a));
        }
        // stderr to a file (asserted exactly); then the exit code and the terminal settings;
        // the pane stays open (the server is killed at the end of the test).
        let script = format!(
            "{cmd} 2>{err}; echo $? >{rc}.tmp; stty -a >{stty}; mv {rc}.tmp {rc}; exec sleep 600",
            err = sh_quote(&scratch.path("stderr").display().to_string()),
            rc = sh_quote(&scratch.path("rc").display().to_string()),
            stty = sh_quote(&scratch.path("stty").display().to_string()),
        );
        let socket = format!(
            "awslice-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let t = Tmux { socket, scratch };
        let status = Command::new("tmux")
            .args(["-L", &t.socket, "-f", "/dev/null", "new-session", "-d"])
            .args(["-x", "120", "-y", "40", "-e", "TERM=xterm-256color"])
            .args(["sh", "-c", &script])
            .env_remove("TMUX")
            .status()
            .expect("run tmux new-session");
        assert!(status.success(), "tmux new-session failed");
        Some(t)
    }

    /// Sends text literally.
    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "0", "-l", "--", text]);
    }

    /// Sends named keys (`Enter`, `Tab`, `Escape`, `F3`, `C-c`…).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "0"])
    }

    /// The screen with the lines the terminal wrapped joined again (trailing blanks cut).
    fn screen_joined(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-t", "0"])
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Polls the screen until `pred` holds; panics with the last screen at the deadline.
    fn wait(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Waits until all of `texts` are on the screen.
    fn wait_all(&self, texts: &[&str]) -> String {
        self.wait(&format!("{texts:?}"), |s| {
            texts.iter().all(|t| s.contains(t))
        })
    }

    /// Types `text` and waits until the input line shows it (the line may wrap).
    fn type_and_wait(&self, text: &str) {
        self.type_text(text);
        let want: String = text.split_whitespace().collect();
        self.wait(&format!("{text:?} in the input"), |s| {
            let joined: String = s
                .lines()
                .take(4)
                .flat_map(|l| l.split_whitespace())
                .collect();
            joined.contains(&want)
        });
    }

    /// Whether the completion menu is drawn (its rows have their own background colour).
    fn menu_open(&self) -> bool {
        let styled = self.tmux(&["capture-pane", "-p", "-e", "-t", "0"]);
        styled.contains("48;5;250") || styled.contains("48;5;240")
    }

    /// Closes the completion menu (Escape) and waits until it is gone, so that the next
    /// key is not read together with the Escape.
    fn close_menu(&self) {
        self.keys(&["Escape"]);
        let start = Instant::now();
        while self.menu_open() {
            assert!(
                start.elapsed() < DEADLINE,
                "the menu did not close; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Waits for the command to end: (exit code, stderr, `stty -a` afterwards).
    fn finished(&self) -> (i32, String, String) {
        let start = Instant::now();
        loop {
            if let Some(rc) = self.scratch.read("rc") {
                let rc = rc.trim().parse().expect("exit code");
                return (
                    rc,
                    self.scratch.read("stderr").unwrap_or_default(),
                    self.scratch.read("stty").unwrap_or_default(),
                );
            }
            assert!(
                start.elapsed() < DEADLINE,
                "the command did not end; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .env_remove("TMUX")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// The terminal is back in cooked mode with echo (as before the prompt).
fn assert_terminal_restored(stty: &str) {
    let words: Vec<&str> = stty.split_whitespace().collect();
    for flag in ["icanon", "echo", "isig"] {
        assert!(
            words.contains(&flag),
            "terminal not restored ({flag}):\n{stty}"
        );
    }
}

fn menu_row(screen: &str, text: &str) -> bool {
    screen
        .lines()
        .skip(1)
        .any(|l| l.trim_start().starts_with(text))
}

#[test]
fn menu_docs_and_running_the_finished_command() {
    let Some(t) = Tmux::start("run", &["--cli-auto-prompt"], &[], "") else {
        return;
    };
    // Services, with the key toolbar.
    t.wait_all(&[
        "> awslice",
        "workspaces  Amazon WorkSpaces",
        "[ENTER] Autocomplete Choice/Execute Command",
        "[F3] Hide/Show Docs",
    ]);
    // Operations.
    t.type_text("workspaces ");
    t.wait_all(&[
        "describe-workspace-image-permissions",
        "update-workspace-image-permission",
    ]);
    // Parameters: required first, with type and description.
    t.type_text("update-workspace-image-permission ");
    let s = t.wait_all(&["--image-id (required)"]);
    assert!(
        s.lines().any(|l| l.contains("--image-id (required)")
            && l.contains("[string] The identifier of the image.")),
        "{s}"
    );
    assert!(menu_row(&s, "--allow-copy-image (required)"), "{s}");
    assert!(menu_row(&s, "--shared-account-id (required)"), "{s}");
    // The documentation panel (F3) shows the parameter under the cursor.
    t.type_and_wait("--shared-account-id");
    t.close_menu();
    t.keys(&["F3"]);
    t.wait_all(&[
        "|Doc panel|",
        "--shared-account-id (string) [required]",
        "The identifier of the Amazon Web Services account to share or unshare the image",
        "Before sharing the image, confirm",
    ]);
    // Finish the line and run it: the AWS CLI prints the command line, then its output.
    t.type_and_wait(
        " 123456789012 --image-id wsi-1234567890 --allow-copy-image --generate-cli-skeleton",
    );
    t.close_menu();
    t.keys(&["Enter"]);
    let (rc, stderr, stty) = t.finished();
    t.wait_all(&["\"SharedAccountId\": \"\""]);
    let s = t.screen_joined();
    assert_eq!((rc, stderr.as_str()), (0, ""), "{s}");
    assert!(
        s.contains(
            "> awslice workspaces update-workspace-image-permission --shared-account-id 123456789012 --image-id wsi-1234567890 --allow-copy-image --generate-cli-skeleton\n{\n    \"ImageId\": \"\",\n    \"AllowCopyImage\": true,\n    \"SharedAccountId\": \"\"\n}\n"
        ),
        "{s}"
    );
    assert_terminal_restored(&stty);
}

#[test]
fn the_command_from_the_prompt_sends_its_request_like_a_typed_one() {
    let server = support::capture(vec![support::Reply::json(200, "{}")]);
    let url = server.url();
    let Some(t) = Tmux::start(
        "wire",
        &["--cli-auto-prompt", "--endpoint-url", &url],
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            (
                "AWS_SECRET_ACCESS_KEY",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            ),
            ("AWS_DEFAULT_REGION", "us-east-1"),
        ],
        "",
    ) else {
        return;
    };
    t.wait_all(&[&format!("> awslice --endpoint-url {url}")]);
    // The prefill ends with a space (a URL completes to nothing).
    t.type_and_wait(
        "workspaces update-workspace-image-permission --image-id wsi-1234567890 --shared-account-id 123456789012 --no-allow-copy-image",
    );
    t.close_menu();
    t.keys(&["Enter"]);
    let (rc, stderr, stty) = t.finished();
    assert_eq!((rc, stderr.as_str()), (0, ""), "{}", t.screen_joined());
    let s = t.screen_joined();
    assert!(
        s.starts_with(&format!("> awslice --endpoint-url {url} workspaces update-workspace-image-permission --image-id wsi-1234567890 --shared-account-id 123456789012 --no-allow-copy-image\n")),
        "{s}"
    );
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        reqs[0].text(),
        // Model order, as for a typed command.
        r#"{"ImageId": "wsi-1234567890", "AllowCopyImage": false, "SharedAccountId": "123456789012"}"#
    );
    let ua = reqs[0].header("User-Agent").unwrap_or_default();
    assert!(
        ua.ends_with(" md/prompt#on md/command#workspaces.update-workspace-image-permission"),
        "{ua}"
    );
    assert_terminal_restored(&stty);
}

#[test]
fn tab_arrows_and_enter_pick_completions_then_ctrl_c_quits() {
    let Some(t) = Tmux::start("nav", &["workspaces", "--cli-auto-prompt"], &[], "") else {
        return;
    };
    // Prefilled with what was typed (the flag removed); it completes to itself, so the
    // menu offers it and no space is added.
    t.wait_all(&["> awslice workspaces\n", "workspaces  Amazon WorkSpaces"]);
    t.type_text(" ");
    t.wait_all(&["describe-workspace-image-permissions  Describes the permissions"]);
    // Tab selects the first operation (into the line), Down the next one.
    t.keys(&["Tab"]);
    t.wait_all(&["> awslice workspaces describe-workspace-image-permissions\n"]);
    t.keys(&["Down"]);
    t.wait_all(&["> awslice workspaces update-workspace-image-permission\n"]);
    t.keys(&["Up"]);
    t.wait_all(&["> awslice workspaces describe-workspace-image-permissions\n"]);
    t.keys(&["Down"]);
    // Enter accepts the choice and closes the menu (it does not run the command).
    t.keys(&["Enter"]);
    t.wait("the menu to close", |s| {
        s.starts_with("> awslice workspaces update-workspace-image-permission\n")
            && !s.contains("Describes the permissions")
    });
    // Ctrl-C: the line on stderr, exit code 130, the terminal restored.
    t.keys(&["C-c"]);
    let (rc, stderr, stty) = t.finished();
    assert_eq!(
        (rc, stderr.as_str()),
        (
            130,
            "> awslice workspaces update-workspace-image-permission\n"
        )
    );
    assert_terminal_restored(&stty);
    // The prompt drew on the alternate screen: the shell's screen is back, without it.
    let s = t.screen();
    assert!(!s.contains("[ENTER] Autocomplete"), "{s}");
}

#[test]
fn on_partial_opens_the_prompt_prefilled_for_an_incomplete_command() {
    let Some(t) = Tmux::start(
        "partial",
        &[
            "workspaces",
            "update-workspace-image-permission",
            "--image-id",
            "wsi-1234567890",
        ],
        &[("AWS_CLI_AUTO_PROMPT", "on-partial")],
        "",
    ) else {
        return;
    };
    // The argparse error is silenced; the prompt opens with the words typed and a space
    // (capture-pane drops trailing blanks: the run line below shows the space).
    let s = t.wait_all(&[
        "> awslice workspaces update-workspace-image-permission --image-id wsi-1234567890\n",
        "--shared-account-id (required)",
    ]);
    assert!(
        !menu_row(&s, "--image-id"),
        "a given option is offered again:\n{s}"
    );
    t.type_and_wait(
        "--shared-account-id 123456789012 --no-allow-copy-image --generate-cli-skeleton yaml-input",
    );
    t.close_menu();
    t.keys(&["Enter"]);
    let (rc, stderr, stty) = t.finished();
    t.wait_all(&["SharedAccountId: ''"]);
    let s = t.screen_joined();
    assert_eq!((rc, stderr.as_str()), (0, ""), "{s}");
    assert!(
        s.contains("> awslice workspaces update-workspace-image-permission --image-id wsi-1234567890 --shared-account-id 123456789012 --no-allow-copy-image --generate-cli-skeleton yaml-input\nImageId: ''  # [REQUIRED]"),
        "{s}"
    );
    assert_terminal_restored(&stty);
}

#[test]
fn on_partial_runs_the_prompted_command_once_with_its_user_agent() {
    let server = support::capture(vec![support::Reply::json(200, "{}")]);
    let url = server.url();
    let Some(t) = Tmux::start(
        "partial-wire",
        &[
            "--endpoint-url",
            &url,
            "workspaces",
            "update-workspace-image-permission",
            "--shared-account-id",
            "123456789012",
        ],
        &[
            ("AWS_CLI_AUTO_PROMPT", "ON-PARTIAL"),
            ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            (
                "AWS_SECRET_ACCESS_KEY",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            ),
            ("AWS_DEFAULT_REGION", "us-east-1"),
        ],
        "",
    ) else {
        return;
    };
    t.wait_all(&["--image-id (required)"]);
    t.type_and_wait("--image-id wsi-1234567890 --allow-copy-image");
    t.close_menu();
    t.keys(&["Enter"]);
    let (rc, stderr, _) = t.finished();
    assert_eq!((rc, stderr.as_str()), (0, ""), "{}", t.screen_joined());
    // The incomplete command sent nothing; the prompted one was sent once.
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let ua = reqs[0].header("User-Agent").unwrap_or_default();
    assert!(
        ua.ends_with(" md/prompt#partial md/command#workspaces.update-workspace-image-permission"),
        "{ua}"
    );
}

#[test]
fn profile_setting_opens_the_prompt_and_ctrl_d_quits() {
    let Some(t) = Tmux::start(
        "profile",
        &["workspaces"],
        &[],
        "[default]\ncli_auto_prompt = on\n",
    ) else {
        return;
    };
    t.wait_all(&["> awslice workspaces\n", "workspaces  Amazon WorkSpaces"]);
    t.keys(&["C-d"]);
    let (rc, stderr, stty) = t.finished();
    assert_eq!((rc, stderr.as_str()), (130, "> awslice workspaces\n"));
    assert_terminal_restored(&stty);
}

/// Without a terminal the profile setting fails as the AWS CLI does; the environment
/// variable wins over the profile.
#[test]
fn profile_setting_without_a_terminal_and_env_precedence() {
    let scratch = Scratch::new("notty");
    let cfg = scratch.path("config");
    std::fs::write(&cfg, "[default]\ncli_auto_prompt = on\n").expect("write config");
    let run = |extra: &[(&str, &str)]| {
        let mut c = Command::new(BIN);
        c.args([
            "workspaces",
            "describe-workspace-image-permissions",
            "--image-id",
            "wsi-1234567890",
            "--generate-cli-skeleton",
        ])
        .env_clear()
        .env("HOME", &scratch.0)
        .env("AWS_CONFIG_FILE", &cfg)
        .env("AWS_SHARED_CREDENTIALS_FILE", scratch.path("credentials"))
        .stdin(Stdio::null());
        for (k, v) in extra {
            c.env(k, v);
        }
        let out = c.output().expect("run awslice");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(
        run(&[]),
        (
            255,
            String::new(),
            "Warning: Input is not a terminal (fd=0).\n\nawslice: [ERROR]:\n".to_owned()
        )
    );
    let (rc, out, err) = run(&[("AWS_CLI_AUTO_PROMPT", "off")]);
    assert_eq!((rc, err.as_str()), (0, ""));
    assert!(out.contains("\"ImageId\": \"\""), "{out}");
    // `--no-cli-auto-prompt` wins over the profile too.
    let mut c = Command::new(BIN);
    let out = c
        .args(["--no-cli-auto-prompt", "workspaces", "help"])
        .env_clear()
        .env("HOME", &scratch.0)
        .env("AWS_CONFIG_FILE", &cfg)
        .stdin(Stdio::null())
        .output()
        .expect("run awslice");
    assert_eq!(out.status.code(), Some(0));
}
