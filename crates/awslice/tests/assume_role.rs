//! Signing in as the AWS CLI does, with the real binary: a `role_arn` profile assumed through
//! moto's STS (`AWS_ENDPOINT_URL_STS`; `--endpoint-url` only moves the WorkSpaces call, to a
//! capture server), the cache file reused by the next run, and the exit codes of the
//! providers' failures: STS errors 254, parameter validation 252, configuration 255, and the
//! MFA prompt without a terminal.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use awslice_test_support::http::{self, Server};
use awslice_test_support::moto::Moto;
use awslice_test_support::peers;
use awslice_test_support::temp::TempDir;
use awslice_test_support::tmux::{Tmux, sh_quote};

const KEYS: &str = "[base]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n";

fn home(config: &str) -> TempDir {
    let h = TempDir::new("assume-role");
    h.write(".aws/config", config);
    h.write(".aws/credentials", KEYS);
    h
}

fn dead_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    format!("http://127.0.0.1:{}", l.local_addr().expect("addr").port())
}

fn command(home: &Path, sts: &str, endpoint: &str, profile: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_awslice"));
    c.args([
        "--profile",
        profile,
        "workspaces",
        "describe-workspace-image-permissions",
        "--image-id",
        "wsi-123456789abc",
        "--region",
        "us-east-1",
        "--endpoint-url",
        endpoint,
    ])
    .env_clear()
    .env("HOME", home)
    .env("AWS_ENDPOINT_URL_STS", sts)
    .env("AWS_EC2_METADATA_DISABLED", "true")
    .stdin(Stdio::null());
    c
}

fn run(home: &Path, sts: &str, endpoint: &str, profile: &str) -> Output {
    command(home, sts, endpoint, profile)
        .output()
        .expect("run awslice")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The access key id an `Authorization` header signs with.
fn signing_akid(auth: &str) -> &str {
    auth.split("Credential=")
        .nth(1)
        .and_then(|c| c.split('/').next())
        .unwrap_or("")
}

#[test]
fn role_profile_against_moto_then_from_the_cache() {
    let Some(moto) = Moto::start_or_skip(&[]) else {
        return;
    };
    let h = home(
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n",
    );
    let capture = Server::start(vec![http::json(200, r#"{"ImageId": "wsi-123456789abc"}"#)]);
    let out = run(h.path(), &moto.url(), &capture.url(), "admin");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("wsi-123456789abc"));
    let sent = capture.requests();
    let auth = sent[0].header("authorization").expect("signed");
    let assumed = signing_akid(&auth).to_string();
    assert!(assumed.starts_with("ASIA"), "{auth}");
    assert!(sent[0].header("x-amz-security-token").is_some());
    let cache = h.path().join(".aws/cli/cache");
    let files: Vec<_> = std::fs::read_dir(&cache)
        .expect("the cache folder")
        .collect();
    assert_eq!(files.len(), 1);

    // The next run takes the credentials from the cache file: STS is not reachable.
    let out = run(h.path(), &dead_url(), &capture.url(), "admin");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let sent = capture.requests();
    let auth = sent[1].header("authorization").expect("signed");
    assert_eq!(signing_akid(&auth), assumed);
}

#[test]
fn provider_failures_exit_as_the_aws_cli() {
    let capture = Server::start(vec![http::json(200, "{}")]);
    let denied = Server::start(vec![http::reply(
        403,
        "Forbidden",
        &[("Content-Type", "text/xml")],
        "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
         <Message>User: arn:aws:iam::123456789012:user/base is not authorized to perform: sts:AssumeRole</Message>\
         </Error><RequestId>r</RequestId></ErrorResponse>",
    )]);
    let h = home(
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n\
         [profile short]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\nduration_seconds = 100\n\
         [profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\n\
         [profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = a\n",
    );
    let out = run(h.path(), &denied.url(), &capture.url(), "admin");
    assert_eq!(out.status.code(), Some(254), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "\nawslice: [ERROR]: An error occurred (AccessDenied) when calling the AssumeRole operation: \
         User: arn:aws:iam::123456789012:user/base is not authorized to perform: sts:AssumeRole\n"
    );

    let out = run(h.path(), &dead_url(), &capture.url(), "short");
    assert_eq!(out.status.code(), Some(252), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "\nawslice: [ERROR]: An error occurred (ParamValidation): Parameter validation failed:\n\
         Invalid value for parameter DurationSeconds, value: 100, valid min value: 900\n"
    );

    let out = run(h.path(), &dead_url(), &capture.url(), "a");
    assert_eq!(out.status.code(), Some(255), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "\nawslice: [ERROR]: Infinite loop in credential configuration detected. Attempting to load \
         from profile a which has already been visited. Visited profiles: ['a', 'b']\n"
    );
    assert!(capture.requests().is_empty(), "nothing reached the service");
}

/// Without a terminal (`setsid`: no controlling terminal) and with no input, the MFA prompt
/// fails as the AWS CLI's `getpass` does: a warning, the prompt, an empty error, exit 255.
#[test]
fn mfa_prompt_without_a_terminal() {
    if peers::or_skip(peers::program("setsid")).is_none() {
        return;
    }
    let h = home(
        "[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n\
         mfa_serial = arn:aws:iam::123456789012:mfa/user\n",
    );
    let capture = Server::start(vec![http::json(200, "{}")]);
    let inner = command(h.path(), &dead_url(), &capture.url(), "mfa");
    let mut c = Command::new("setsid");
    c.arg("-w")
        .arg(inner.get_program())
        .args(inner.get_args())
        .env_clear()
        .envs(inner.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .stdin(Stdio::null());
    let out = c.output().expect("run setsid awslice");
    assert_eq!(out.status.code(), Some(255), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("Warning: Password input may be echoed.\n"),
        "{err}"
    );
    assert!(
        err.ends_with(
            "Enter MFA code for arn:aws:iam::123456789012:mfa/user: \n\nawslice: [ERROR]: \n"
        ),
        "{err:?}"
    );
    assert!(capture.requests().is_empty());
}

/// `--debug` shows the provider at work but none of its secrets: the source secret key, the
/// assumed role's secret key and session token (in STS's response and the signed call).
#[test]
fn debug_log_without_secrets() {
    let secret = "AssumedSECRETkey0123456789abcdefghijklmn";
    let token = "AssumedSESSIONtoken0123456789";
    let expiration = "2099-01-01T00:00:00Z";
    let sts = Server::start(vec![http::reply(
        200,
        "OK",
        &[("Content-Type", "text/xml")],
        &format!(
            "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAASSUMED</AccessKeyId>\
             <SecretAccessKey>{secret}</SecretAccessKey><SessionToken>{token}</SessionToken>\
             <Expiration>{expiration}</Expiration></Credentials><AssumedRoleUser>\
             <AssumedRoleId>AROA:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/admin/s</Arn>\
             </AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>"
        ),
    )]);
    let capture = Server::start(vec![http::json(200, "{}")]);
    let h = home(
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n",
    );
    let out = command(h.path(), &sts.url(), &capture.url(), "admin")
        .arg("--debug")
        .output()
        .expect("run awslice");
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("Looking for credentials via: assume-role"),
        "{err}"
    );
    assert!(err.contains("Response body:\n<redacted"), "{err}");
    for s in [secret, token, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"] {
        assert!(!err.contains(s), "--debug shows {s}");
        assert!(!text(&out.stdout).contains(s));
    }
    let auth = capture.requests()[0]
        .header("authorization")
        .expect("signed");
    assert_eq!(signing_akid(&auth), "ASIAASSUMED");
}

/// In a real terminal the MFA prompt reads the code with echo off, sends it to STS with the
/// serial number, and the call is signed with the assumed role's credentials.
#[test]
fn mfa_prompt_in_a_terminal() {
    let sts = Server::start(vec![http::reply(
        200,
        "OK",
        &[("Content-Type", "text/xml")],
        "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAMFAROLE</AccessKeyId>\
         <SecretAccessKey>MfaSecret</SecretAccessKey><SessionToken>MfaToken</SessionToken>\
         <Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser>\
         <AssumedRoleId>AROA:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/admin/s</Arn>\
         </AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>",
    )]);
    let capture = Server::start(vec![http::json(200, r#"{"ImagePermissions": []}"#)]);
    let h = home(
        "[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n\
         mfa_serial = arn:aws:iam::123456789012:mfa/user\n",
    );
    let inner = command(h.path(), &sts.url(), &capture.url(), "mfa");
    let mut line = String::from("env -i");
    for (k, v) in inner.get_envs() {
        if let Some(v) = v {
            line.push_str(&format!(
                " {}={}",
                k.to_string_lossy(),
                sh_quote(&v.to_string_lossy())
            ));
        }
    }
    line.push(' ');
    line.push_str(&sh_quote(&inner.get_program().to_string_lossy()));
    for a in inner.get_args() {
        line.push(' ');
        line.push_str(&sh_quote(&a.to_string_lossy()));
    }
    let rc = h.path().join("rc");
    let script = format!(
        "{line} >{out}; echo \"exit=$?\" >{rc}.tmp; mv {rc}.tmp {rc}; exec sleep 600",
        out = sh_quote(&h.path().join("stdout").display().to_string()),
        rc = sh_quote(&rc.display().to_string()),
    );
    let Some(t) = Tmux::start(&script) else {
        return;
    };
    let timeout = std::time::Duration::from_secs(20);
    // capture-pane drops the prompt's trailing space.
    t.wait_all(
        &["Enter MFA code for arn:aws:iam::123456789012:mfa/user:"],
        timeout,
    );
    t.type_text("246813");
    t.keys(&["Enter"]);
    let deadline = std::time::Instant::now() + timeout;
    while !rc.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "screen:\n{}",
            t.screen()
        );
        std::thread::sleep(std::time::Duration::from_millis(40));
    }
    let screen = t.screen();
    assert_eq!(
        std::fs::read_to_string(&rc).expect("rc"),
        "exit=0\n",
        "{screen}"
    );
    // Echo was off: the code never reached the screen.
    assert!(!screen.contains("246813"), "{screen}");
    let requests = sts.requests();
    assert_eq!(requests.len(), 1);
    let body = requests[0].text();
    assert!(body.contains("TokenCode=246813"), "{body}");
    assert!(
        body.contains("SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fuser"),
        "{body}"
    );
    let signed = capture.requests();
    assert_eq!(signed.len(), 1);
    let auth = signed[0].header("authorization").expect("signed");
    assert!(auth.contains("Credential=ASIAMFAROLE/"), "{auth}");
    assert_eq!(
        signed[0].header("x-amz-security-token").as_deref(),
        Some("MfaToken")
    );
}
