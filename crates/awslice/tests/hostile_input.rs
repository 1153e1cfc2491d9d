//! Hostile input against the real `awslice` binary and the loopback capture server of
//! `crates/cli/tests/support`.
//!
//! The AWS CLI checks neither patterns nor lengths client-side, so odd identifiers are sent
//! exactly as it sends them: `json.dumps` with `ensure_ascii` (checked against the venv's
//! Python when it is there). What the AWS CLI refuses (bad `--cli-input-*` documents, bad
//! files, broken configuration) is refused with a clear error, the right exit code and
//! nothing sent.
//!
//! Non-UTF-8 arguments: Python decodes argv with `surrogateescape`, so the AWS CLI sends a
//! byte 0xFF as the lone surrogate `\udcff`. awslice cannot hold a lone surrogate in a Rust
//! string and currently sends U+FFFD instead (`\ufffd`); the test below pins that, so any
//! change (refusing, or reproducing `\udcXX`) is a deliberate one. See the report.

use crate::support;

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use support::*;

const UPDATE: &str = "update-workspace-image-permission";
const DESCRIBE: &str = "describe-workspace-image-permissions";

/// Runs the binary with raw (possibly non-UTF-8) arguments against `server`.
fn run_os(
    server: &awslice_test_support::http::Server,
    args: &[&OsStr],
    env: HashMap<String, String>,
) -> Outcome {
    let binary = support::BINARY;
    let output = std::process::Command::new(binary)
        .args(args)
        .args(["--endpoint-url", &server.url()])
        .env_clear()
        .envs(env)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run the awslice binary");
    Outcome {
        rc: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `workspaces OP ARGS` against a fresh capture server; returns outcome and requests.
fn call(op: &str, args: &[&str], env: HashMap<String, String>) -> (Outcome, Vec<Request>) {
    let server = capture(vec![]);
    let mut full: Vec<&OsStr> = vec![OsStr::new("workspaces"), OsStr::new(op)];
    full.extend(args.iter().map(OsStr::new));
    let out = run_os(&server, &full, env);
    (out, server.requests())
}

fn share_args<'a>(image: &'a OsStr, account: &'a OsStr) -> Vec<&'a OsStr> {
    vec![
        OsStr::new("workspaces"),
        OsStr::new(UPDATE),
        OsStr::new("--image-id"),
        image,
        OsStr::new("--allow-copy-image"),
        OsStr::new("--shared-account-id"),
        account,
    ]
}

/// Shares `image` with `account`; asserts success and one request; returns its body.
fn sent_body(image: &OsStr, account: &OsStr) -> String {
    let server = capture(vec![]);
    let out = run_os(&server, &share_args(image, account), base_env());
    assert_eq!(
        (out.rc, out.stdout.as_str(), out.stderr.as_str()),
        (0, "", ""),
        "{image:?} {account:?}"
    );
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    reqs[0].text().to_owned()
}

fn err_line(msg: &str) -> String {
    format!("\nawslice: [ERROR]: {msg}\n")
}

fn param_err(msg: &str) -> String {
    err_line(&format!("An error occurred (ParamValidation): {msg}"))
}

/// Asserts a refusal: `rc`, exact stderr, empty stdout, nothing sent.
fn refused(op: &str, args: &[&str], env: HashMap<String, String>, rc: i32, stderr: &str) {
    let (out, reqs) = call(op, args, env);
    assert_eq!(out.stderr, stderr, "{args:?}");
    assert_eq!((out.rc, out.stdout.as_str()), (rc, ""), "{args:?}");
    assert!(reqs.is_empty(), "nothing must be sent: {reqs:?}");
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("awslice-hostile-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The values sent as they are: wrong shapes, 10 kB, newlines, controls, non-ASCII text
/// and shell metacharacters (pairs of image id and account id).
fn odd_values() -> Vec<(String, String)> {
    vec![
        ("not-an-image".into(), "abc".into()),
        ("".into(), "".into()),
        (
            format!("wsi-{}", "a".repeat(10 * 1024)),
            "1".repeat(10 * 1024),
        ),
        ("wsi-1\n2\r\n3".into(), "12\n".into()),
        (
            "wsi-\u{1}\u{2}\u{1b}[31m\u{7f}\t".into(),
            "\u{8}\u{c}".into(),
        ),
        ("wsi-é中文😀".into(), "١٢٣".into()),
        (
            "\u{feff}wsi-\u{2028}\u{2029}\u{85}".into(),
            "\u{10ffff}".into(),
        ),
        (
            "wsi-;rm -rf /;$(id)`id`|&><*?~#!%".into(),
            "'\"\\ $HOME ${IFS}".into(),
        ),
        ("</script><img src=x>".into(), "{\"a\": 1}".into()),
    ]
}

#[test]
fn odd_values_are_sent_exactly_as_the_aws_cli_sends_them() {
    // A fixed expectation that does not need Python.
    assert_eq!(
        sent_body(OsStr::new("wsi-é\n\u{1}\u{7f}😀\"\\/"), OsStr::new("12")),
        "{\"ImageId\": \"wsi-\\u00e9\\n\\u0001\\u007f\\ud83d\\ude00\\\"\\\\/\", \"AllowCopyImage\": true, \"SharedAccountId\": \"12\"}"
    );
    let bodies: Vec<String> = odd_values()
        .iter()
        .map(|(image, account)| sent_body(OsStr::new(image), OsStr::new(account)))
        .collect();
    for (body, (image, _)) in bodies.iter().zip(odd_values()) {
        assert!(body.is_ascii(), "ensure_ascii: {image:?}");
    }
    let Some(py) = awslice_test_support::peers::python() else {
        return;
    };
    // Python reads the values hex-encoded (so nothing is lost on the way) and prints one
    // `json.dumps` line per pair.
    let script = "import json, sys\nfor line in sys.stdin:\n    a, b = (bytes.fromhex(x).decode('utf-8') for x in line.rstrip('\\n').split(' '))\n    print(json.dumps({'ImageId': a, 'AllowCopyImage': True, 'SharedAccountId': b}))\n";
    let hex = |s: &str| s.bytes().map(|b| format!("{b:02x}")).collect::<String>();
    let input: String = odd_values()
        .iter()
        .map(|(a, b)| format!("{} {}\n", hex(a), hex(b)))
        .collect();
    let mut child = std::process::Command::new(py)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run Python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("feed Python");
    let output = child.wait_with_output().expect("Python output");
    assert!(output.status.success(), "Python failed");
    let expected = String::from_utf8(output.stdout).expect("ASCII");
    let expected: Vec<&str> = expected.lines().collect();
    assert_eq!(expected.len(), bodies.len());
    for (want, got) in expected.iter().zip(&bodies) {
        assert_eq!(got, want);
    }
}

#[test]
fn non_utf8_arguments_are_refused_not_altered() {
    // Python (the AWS CLI) would send `"wsi-\udcff"` (surrogateescape); no Rust string can hold
    // that, and sending U+FFFD instead would silently change the value: refused, nothing sent.
    for bad in [
        OsString::from(OsStr::from_bytes(b"wsi-\xff\xfe")),
        OsString::from(OsStr::from_bytes(b"--\xff")),
    ] {
        let server = capture(vec![]);
        let mut args = share_args(OsStr::new("wsi-123456789"), OsStr::new("123456789012"));
        args.push(bad.as_os_str());
        let out = run_os(&server, &args, base_env());
        assert_eq!(out.rc, 252, "{out:?}");
        assert!(out.stdout.is_empty(), "{out:?}");
        assert!(out.stderr.contains("is not valid UTF-8"), "{out:?}");
        assert!(server.requests().is_empty(), "nothing may be sent");
    }
    // As the image id value itself.
    let server = capture(vec![]);
    let image = OsStr::from_bytes(b"wsi-\xff");
    let args = share_args(image, OsStr::new("123456789012"));
    let out = run_os(&server, &args, base_env());
    assert_eq!(out.rc, 252, "{out:?}");
    assert!(server.requests().is_empty(), "nothing may be sent");
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let dir = temp_dir("deep");
    let open = "[".repeat(100_000);
    let closed = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let object = format!(
        "{{\"ImageId\": {}\"x\"{}}}",
        "{\"a\": ".repeat(50_000),
        "}".repeat(50_000)
    );
    for (name, text) in [("open", &open), ("closed", &closed), ("object", &object)] {
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, text).expect("write");
        let url = format!("file://{}", path.display());
        refused(
            UPDATE,
            &["--cli-input-json", &url],
            base_env(),
            252,
            &param_err("Error parsing parameter 'cli-input-json': Invalid JSON received."),
        );
        refused(
            UPDATE,
            &["--cli-input-yaml", &url],
            base_env(),
            252,
            &param_err("Error parsing parameter 'cli-input-yaml': Invalid YAML received."),
        );
    }
    // Deep block-style YAML too.
    let mut yaml = String::from("ImageId:\n");
    for depth in 1..20_000 {
        yaml.push_str(&" ".repeat(depth));
        yaml.push_str("- \n");
    }
    let path = dir.join("block.yaml");
    std::fs::write(&path, &yaml).expect("write");
    let (out, reqs) = call(
        UPDATE,
        &["--cli-input-yaml", &format!("file://{}", path.display())],
        base_env(),
    );
    assert!(matches!(out.rc, 252 | 255), "{out:?}");
    assert!(out.stderr.starts_with("\nawslice: [ERROR]: "), "{out:?}");
    assert!(reqs.is_empty());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn duplicate_keys() {
    // JSON: like Python's dict, the last value wins.
    let (out, reqs) = call(
        UPDATE,
        &[
            "--cli-input-json",
            r#"{"ImageId":"wsi-first","AllowCopyImage":false,"SharedAccountId":"1","ImageId":"wsi-last","AllowCopyImage":true}"#,
        ],
        base_env(),
    );
    assert_eq!((out.rc, out.stderr.as_str()), (0, ""), "{out:?}");
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        reqs[0].text(),
        r#"{"ImageId": "wsi-last", "AllowCopyImage": true, "SharedAccountId": "1"}"#
    );
    // YAML: ruamel's SafeConstructor refuses duplicate keys.
    refused(
        UPDATE,
        &[
            "--cli-input-yaml",
            "ImageId: wsi-a\nImageId: wsi-b\nAllowCopyImage: true\nSharedAccountId: '1'\n",
        ],
        base_env(),
        252,
        &param_err("Error parsing parameter 'cli-input-yaml': Invalid YAML received."),
    );
}

#[test]
fn numbers_out_of_range() {
    // 1e400 is Python's float('inf'): not an int.
    refused(
        DESCRIBE,
        &[
            "--cli-input-json",
            r#"{"ImageId":"wsi-1","MaxResults":1e400}"#,
        ],
        base_env(),
        252,
        &param_err(
            "Parameter validation failed:\nInvalid type for parameter MaxResults, value: inf, type: <class 'float'>, valid types: <class 'int'>",
        ),
    );
    // 2**70 is a Python int: botocore checks only the minimum, so it is sent as written.
    let (out, reqs) = call(
        DESCRIBE,
        &[
            "--cli-input-json",
            r#"{"ImageId":"wsi-1","MaxResults":1180591620717411303424}"#,
        ],
        base_env(),
    );
    assert_eq!(out.rc, 0, "{out:?}");
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        reqs[0].text(),
        r#"{"ImageId": "wsi-1", "MaxResults": 1180591620717411303424}"#
    );
    // Below the minimum (1): refused.
    refused(
        DESCRIBE,
        &[
            "--cli-input-json",
            r#"{"ImageId":"wsi-1","MaxResults":-1180591620717411303424}"#,
        ],
        base_env(),
        252,
        &param_err(
            "Parameter validation failed:\nInvalid value for parameter MaxResults, value: -1180591620717411303424, valid min value: 1",
        ),
    );
    // `--max-results` with a huge value: argparse's int() takes it, validation passes.
    let (out, reqs) = call(
        DESCRIBE,
        &[
            "--image-id",
            "wsi-1",
            "--max-results",
            "99999999999999999999999",
        ],
        base_env(),
    );
    assert_eq!(out.rc, 0, "{out:?}");
    assert_eq!(
        reqs[0].text(),
        r#"{"ImageId": "wsi-1", "MaxResults": 99999999999999999999999}"#
    );
}

#[test]
fn unknown_keys_are_refused() {
    refused(
        UPDATE,
        &[
            "--cli-input-json",
            r#"{"ImageId":"wsi-1","AllowCopyImage":true,"SharedAccountId":"1","Evil":"$(id)"}"#,
        ],
        base_env(),
        252,
        &param_err(
            "Parameter validation failed:\nUnknown parameter in input: \"Evil\", must be one of: ImageId, AllowCopyImage, SharedAccountId",
        ),
    );
}

#[test]
fn bad_paramfiles_are_refused() {
    let dir = temp_dir("files");
    let load_err = |url: &str, detail: &str| {
        param_err(&format!(
            "Error parsing parameter '--cli-input-json': Unable to load paramfile {url}: {detail}"
        ))
    };
    // Missing.
    let missing = dir.join("missing.json");
    let url = format!("file://{}", missing.display());
    refused(
        UPDATE,
        &["--cli-input-json", &url],
        base_env(),
        252,
        &load_err(
            &url,
            &format!(
                "[Errno 2] No such file or directory: '{}'",
                missing.display()
            ),
        ),
    );
    // A directory.
    let url = format!("file://{}", dir.display());
    refused(
        UPDATE,
        &["--cli-input-json", &url],
        base_env(),
        252,
        &load_err(
            &url,
            &format!("[Errno 21] Is a directory: '{}'", dir.display()),
        ),
    );
    // Unreadable even for root (tests run as root, so chmod 000 would not stop a read):
    // a path through a regular file.
    let file = dir.join("plain");
    std::fs::write(&file, "{}").expect("write");
    let through = file.join("x.json");
    let url = format!("file://{}", through.display());
    refused(
        UPDATE,
        &["--cli-input-json", &url],
        base_env(),
        252,
        &load_err(
            &url,
            &format!("[Errno 20] Not a directory: '{}'", through.display()),
        ),
    );
    // Not UTF-8 text.
    let latin = dir.join("latin1.json");
    std::fs::write(&latin, b"{\"ImageId\": \"wsi-\xe9\"}").expect("write");
    let (out, reqs) = call(
        UPDATE,
        &["--cli-input-json", &format!("file://{}", latin.display())],
        base_env(),
    );
    assert_eq!(out.rc, 252, "{out:?}");
    assert!(out.stderr.starts_with("\nawslice: [ERROR]: "), "{out:?}");
    assert!(reqs.is_empty());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_twenty_megabyte_input_file_is_sent_whole() {
    let dir = temp_dir("huge");
    let image = format!("wsi-{}", "z".repeat(20 * 1024 * 1024));
    let path = dir.join("huge.json");
    std::fs::write(
        &path,
        format!(r#"{{"ImageId": "{image}", "AllowCopyImage": true, "SharedAccountId": "1"}}"#),
    )
    .expect("write");
    let (out, reqs) = call(
        UPDATE,
        &["--cli-input-json", &format!("file://{}", path.display())],
        base_env(),
    );
    assert_eq!((out.rc, out.stderr.as_str()), (0, ""));
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        reqs[0].text(),
        format!(r#"{{"ImageId": "{image}", "AllowCopyImage": true, "SharedAccountId": "1"}}"#)
    );
    // The same 20 MB as invalid JSON is refused, nothing sent.
    std::fs::write(&path, format!("{{\"ImageId\": \"{image}")).expect("write");
    refused(
        UPDATE,
        &["--cli-input-json", &format!("file://{}", path.display())],
        base_env(),
        252,
        &param_err("Error parsing parameter 'cli-input-json': Invalid JSON received."),
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn broken_config_and_credentials_files_send_nothing() {
    let full = [
        "--image-id",
        "wsi-123456789abc",
        "--allow-copy-image",
        "--shared-account-id",
        "123456789012",
    ];
    for (file, text) in [
        ("config", "[profile\nregion = us-east-1\n"),
        ("config", "region = us-east-1\n[default\n"),
        ("credentials", "[default]\naws_access_key_id\n"),
        ("config", "\u{0}\u{1}\u{2}garbage"),
    ] {
        let home = temp_dir(&format!("cfg-{file}-{}", text.len()));
        std::fs::create_dir_all(home.join(".aws")).expect(".aws");
        std::fs::write(home.join(".aws").join(file), text).expect("write");
        let mut env = base_env();
        env.insert("HOME".into(), home.display().to_string());
        env.remove("AWS_ACCESS_KEY_ID");
        env.remove("AWS_SECRET_ACCESS_KEY");
        let (out, reqs) = call(UPDATE, &full, env);
        assert!(reqs.is_empty(), "{file} {text:?}: nothing sent");
        assert_eq!((out.rc, out.stdout.as_str()), (255, ""), "{text:?}");
        assert_eq!(
            out.stderr,
            err_line(&format!(
                "Unable to parse config file: {}",
                home.join(".aws").join(file).display()
            )),
            "{text:?}"
        );
        let _ = std::fs::remove_dir_all(home);
    }
    // A non-UTF-8 config file.
    let home = temp_dir("cfg-latin1");
    std::fs::create_dir_all(home.join(".aws")).expect(".aws");
    std::fs::write(home.join(".aws/config"), b"[default]\nregion = \xe9\n").expect("write");
    let mut env = base_env();
    env.insert("HOME".into(), home.display().to_string());
    let (out, reqs) = call(UPDATE, &full, env);
    assert!(reqs.is_empty());
    assert_eq!((out.rc, out.stdout.as_str()), (255, ""));
    assert_eq!(
        out.stderr,
        err_line(&format!(
            "Unable to parse config file: {}",
            home.join(".aws/config").display()
        ))
    );
    let _ = std::fs::remove_dir_all(home);
}
