//! Secrets: across many commands, with `--debug` and with failing configurations, the
//! secret access key and the session token never reach stdout or stderr; the credential
//! types redact them in `Debug` and `Display`; and the binary writes no file at all (so no
//! temporary file with loose permissions), checked in fresh `HOME`, `TMPDIR` and working
//! directories. Runs the real binary against the capture server of `crates/cli/tests/support`.

use crate::support;

use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use support::*;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzzSECRETzz";
const TOKEN: &str = "FwoGZXIvYXdzEXAMPLE//zzTOKENzz+session=";
const FILE_SECRET: &str = "fileSECRETfromCredentialsFile0123456789ab";
const PROCESS_SECRET: &str = "procSECRETfromCredentialProcess987654321";
const PROCESS_TOKEN: &str = "procTOKENfromCredentialProcess";
const ALL_SECRETS: [&str; 5] = [SECRET, TOKEN, FILE_SECRET, PROCESS_SECRET, PROCESS_TOKEN];

const UPDATE: &str = "update-workspace-image-permission";
const FULL: [&str; 5] = [
    "--image-id",
    "wsi-123456789abc",
    "--allow-copy-image",
    "--shared-account-id",
    "123456789012",
];

/// A fresh, empty sandbox: home, temp and working directories.
struct Sandbox {
    root: PathBuf,
}

impl Sandbox {
    fn new(tag: &str) -> Sandbox {
        let root =
            std::env::temp_dir().join(format!("awslice-secrets-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for d in ["home/.aws", "tmp", "cwd", "bin"] {
            std::fs::create_dir_all(root.join(d)).expect("sandbox dir");
        }
        Sandbox { root }
    }

    fn home(&self) -> PathBuf {
        self.root.join("home")
    }

    /// Environment with example keys and a session token, pointing at the sandbox.
    fn env(&self) -> HashMap<String, String> {
        let mut env = HashMap::new();
        for (k, v) in [
            ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_SESSION_TOKEN", TOKEN),
            ("AWS_DEFAULT_REGION", "us-east-1"),
        ] {
            env.insert(k.to_owned(), v.to_owned());
        }
        env.insert("HOME".into(), self.home().display().to_string());
        env.insert("TMPDIR".into(), self.root.join("tmp").display().to_string());
        env
    }

    fn write_exec(&self, name: &str, text: &str) -> PathBuf {
        let path = self.root.join("bin").join(name);
        std::fs::write(&path, text).expect("write script");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        path
    }

    /// Every file under the sandbox, with its mode.
    fn files(&self) -> Vec<(PathBuf, u32)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, u32)>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if let Ok(meta) = e.metadata() {
                    out.push((path, meta.permissions().mode() & 0o777));
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out.sort();
        out
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Runs the binary in the sandbox (cwd too) and returns the outcome.
fn run_in(sandbox: &Sandbox, args: &[&str], env: HashMap<String, String>) -> Outcome {
    let binary = support::BINARY;
    let output = std::process::Command::new(binary)
        .args(args)
        .env_clear()
        .envs(env)
        .current_dir(sandbox.root.join("cwd"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run the awslice binary");
    Outcome {
        rc: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn assert_no_secret(label: &str, out: &Outcome) {
    for secret in ALL_SECRETS {
        assert!(
            !out.stdout.contains(secret),
            "{label}: secret on stdout: {out:?}"
        );
        assert!(
            !out.stderr.contains(secret),
            "{label}: secret on stderr: {out:?}"
        );
    }
    // Nor a recognisable part of one (a secret cut by a log line's length limit).
    for secret in ALL_SECRETS {
        let head = &secret[..16];
        assert!(
            !out.stderr.contains(head) && !out.stdout.contains(head),
            "{label}: part of a secret printed: {out:?}"
        );
    }
}

#[test]
fn no_secret_in_any_output_and_no_file_written() {
    let sandbox = Sandbox::new("main");
    let ok = capture(vec![]);
    let failing = capture(vec![
        Reply::json(
            403,
            r#"{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}"#,
        ),
        Reply::json(503, ""),
        Reply::json(503, ""),
        Reply::json(503, ""),
        Reply::json(
            400,
            r#"{"__type":"ResourceNotFoundException","message":"gone","ResourceId":"wsi-1"}"#,
        ),
    ]);
    let refused_port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let refused_url = format!("http://127.0.0.1:{refused_port}");
    let ok_url = ok.url();
    let failing_url = failing.url();

    let with = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["workspaces".to_owned(), UPDATE.to_owned()];
        args.extend(FULL.iter().map(|s| (*s).to_owned()));
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        args
    };
    let env = sandbox.env();
    let mut env_max1 = env.clone();
    env_max1.insert("AWS_MAX_ATTEMPTS".into(), "1".into());
    let mut bad_ca = env.clone();
    bad_ca.insert("AWS_CA_BUNDLE".into(), "/nonexistent/ca.pem".into());
    let mut bad_retry = env.clone();
    bad_retry.insert("AWS_RETRY_MODE".into(), "legacy".into());
    let mut no_region = env.clone();
    no_region.remove("AWS_DEFAULT_REGION");

    let cases: Vec<(&str, Vec<String>, HashMap<String, String>)> = vec![
        (
            "success --debug",
            with(&["--endpoint-url", &ok_url, "--debug"]),
            env.clone(),
        ),
        (
            "403 --debug",
            with(&["--endpoint-url", &failing_url, "--debug"]),
            env_max1.clone(),
        ),
        (
            "503 x3 --debug",
            with(&["--endpoint-url", &failing_url, "--debug"]),
            env.clone(),
        ),
        (
            "error format json --debug",
            with(&[
                "--endpoint-url",
                &failing_url,
                "--debug",
                "--cli-error-format",
                "json",
            ]),
            env_max1.clone(),
        ),
        (
            "refused --debug",
            with(&["--endpoint-url", &refused_url, "--debug"]),
            env_max1.clone(),
        ),
        (
            "bad CA --debug",
            with(&["--endpoint-url", "https://127.0.0.1:9/", "--debug"]),
            bad_ca,
        ),
        (
            "bad retry mode --debug",
            with(&["--endpoint-url", &ok_url, "--debug"]),
            bad_retry,
        ),
        (
            "no region --debug",
            with(&["--endpoint-url", &ok_url, "--debug"]),
            no_region,
        ),
        (
            "bad region",
            with(&[
                "--endpoint-url",
                &ok_url,
                "--region",
                "bad region!",
                "--debug",
            ]),
            env.clone(),
        ),
        (
            "no such profile",
            with(&["--endpoint-url", &ok_url, "--profile", "nosuch", "--debug"]),
            env.clone(),
        ),
        (
            "missing parameter",
            vec!["workspaces".into(), UPDATE.into(), "--debug".into()],
            env.clone(),
        ),
        (
            "skeleton",
            vec![
                "workspaces".into(),
                UPDATE.into(),
                "--generate-cli-skeleton".into(),
                "--debug".into(),
            ],
            env.clone(),
        ),
        (
            "describe --debug --output text",
            vec![
                "workspaces".into(),
                "describe-workspace-image-permissions".into(),
                "--image-id".into(),
                "wsi-1".into(),
                "--endpoint-url".into(),
                ok_url.clone(),
                "--debug".into(),
                "--output".into(),
                "text".into(),
            ],
            env.clone(),
        ),
    ];
    for (label, args, env) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run_in(&sandbox, &args, env);
        assert_no_secret(label, &out);
        if args.contains(&"--debug") && label != "missing parameter" && label != "skeleton" {
            assert!(
                out.stderr.contains("DEBUG"),
                "{label}: --debug logged nothing: {out:?}"
            );
        }
    }
    // The token does go on the wire (that is its purpose), the secret never does.
    let reqs = ok.requests();
    assert!(!reqs.is_empty());
    for r in reqs.iter().chain(failing.requests().iter()) {
        assert_eq!(r.header("X-Amz-Security-Token").as_deref(), Some(TOKEN));
        assert!(!r.head.contains(SECRET) && !r.text().contains(SECRET));
    }
    assert_eq!(sandbox.files(), Vec::new(), "the binary wrote files");
}

#[test]
fn credentials_from_files_and_processes_stay_secret() {
    let sandbox = Sandbox::new("files");
    let server = capture(vec![]);
    let url = server.url();
    let good = sandbox.write_exec(
        "good.sh",
        &format!(
            "#!/bin/sh\necho '{{\"Version\": 1, \"AccessKeyId\": \"AKIDPROCESS\", \"SecretAccessKey\": \"{PROCESS_SECRET}\", \"SessionToken\": \"{PROCESS_TOKEN}\", \"Expiration\": \"2099-01-01T00:00:00Z\"}}'\n"
        ),
    );
    let bad_version = sandbox.write_exec(
        "badversion.sh",
        &format!(
            "#!/bin/sh\necho '{{\"Version\": 2, \"AccessKeyId\": \"AKIDPROCESS\", \"SecretAccessKey\": \"{PROCESS_SECRET}\"}}'\n"
        ),
    );
    let expired = sandbox.write_exec(
        "expired.sh",
        &format!(
            "#!/bin/sh\necho '{{\"Version\": 1, \"AccessKeyId\": \"AKIDPROCESS\", \"SecretAccessKey\": \"{PROCESS_SECRET}\", \"SessionToken\": \"{PROCESS_TOKEN}\", \"Expiration\": \"2001-01-01T00:00:00Z\"}}'\n"
        ),
    );
    let not_json = sandbox.write_exec(
        "notjson.sh",
        &format!("#!/bin/sh\necho 'SecretAccessKey={PROCESS_SECRET} token={PROCESS_TOKEN}'\n"),
    );
    let failing = sandbox.write_exec("failing.sh", "#!/bin/sh\necho 'it broke' >&2\nexit 3\n");
    std::fs::write(
        sandbox.home().join(".aws/credentials"),
        format!(
            "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = {FILE_SECRET}\n\n[broken]\naws_access_key_id = AKIDFILE\n"
        ),
    )
    .expect("credentials file");
    std::fs::write(
        sandbox.home().join(".aws/config"),
        format!(
            "[default]\nregion = us-east-1\n\n[profile good]\ncredential_process = {}\n\n[profile badversion]\ncredential_process = {}\n\n[profile expired]\ncredential_process = {}\n\n[profile notjson]\ncredential_process = {}\n\n[profile failing]\ncredential_process = {}\n",
            good.display(),
            bad_version.display(),
            expired.display(),
            not_json.display(),
            failing.display()
        ),
    )
    .expect("config file");
    let mut env = sandbox.env();
    env.remove("AWS_ACCESS_KEY_ID");
    env.remove("AWS_SECRET_ACCESS_KEY");
    env.remove("AWS_SESSION_TOKEN");
    env.insert("AWS_MAX_ATTEMPTS".into(), "1".into());
    let mut expect_success = 0;
    for (profile, should_succeed) in [
        ("default", true),
        ("good", true),
        ("broken", false),
        ("badversion", false),
        ("expired", false),
        ("notjson", false),
        ("failing", false),
    ] {
        let mut args = vec!["workspaces", UPDATE];
        args.extend_from_slice(&FULL);
        args.extend_from_slice(&["--endpoint-url", &url, "--profile", profile, "--debug"]);
        let out = run_in(&sandbox, &args, env.clone());
        assert_no_secret(profile, &out);
        if should_succeed {
            expect_success += 1;
            assert_eq!(out.rc, 0, "{profile}: {out:?}");
        } else {
            assert_ne!(out.rc, 0, "{profile}: {out:?}");
            assert!(out.stderr.contains("[ERROR]"), "{profile}: {out:?}");
        }
    }
    assert_eq!(
        server.requests().len(),
        expect_success,
        "failed profiles send nothing"
    );
    // Only the files this test wrote exist afterwards.
    let written: Vec<PathBuf> = sandbox.files().into_iter().map(|(p, _)| p).collect();
    let home = sandbox.home();
    let bin = sandbox.root.join("bin");
    for p in &written {
        assert!(
            p.starts_with(&bin)
                || *p == home.join(".aws/config")
                || *p == home.join(".aws/credentials"),
            "unexpected file written: {}",
            p.display()
        );
    }
}

#[test]
fn credential_types_redact_secrets() {
    use awslice_runtime::credentials::Credentials;
    let c = Credentials::new(
        "AKIDEXAMPLE".to_owned(),
        SECRET.to_owned(),
        Some(TOKEN.to_owned()),
        None,
    );
    for text in [format!("{c:?}"), format!("{c:#?}"), c.to_string()] {
        assert!(text.contains("AKIDEXAMPLE"), "{text}");
        assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{text}");
    }
    // The configuration that holds them redacts too.
    let config = awslice_runtime::config::ConfigLoader::new()
        .env(awslice_runtime::config::Env::from_map(HashMap::new()))
        .region("us-east-1")
        .credentials(c.clone())
        .load()
        .expect("config");
    let text = format!("{config:?}");
    assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{text}");
    // And the clients built on it.
    let client = awslice_runtime::client::ServiceClient::new(&config, service_meta());
    let text = format!("{client:?}");
    assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{text}");
}

/// A service description for building a runtime client in a test.
fn service_meta() -> &'static awslice_runtime::service::ServiceMeta {
    service().meta
}
