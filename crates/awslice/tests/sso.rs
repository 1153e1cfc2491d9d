//! IAM Identity Center with the real binary, against a loopback fake of SSO-OIDC and the
//! portal (`AWS_ENDPOINT_URL_SSO_OIDC`, `AWS_ENDPOINT_URL_SSO`): `sso login` in both flows
//! (the test plays the browser for the authorization code flow), a WorkSpaces call signed
//! with the role credentials, `configure export-credentials` in each format,
//! `configure list`, `sso logout`, and the exit codes of the failures.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use awslice_test_support::http::{self, Server};
use awslice_test_support::temp::TempDir;

const START: &str = "https://d-1234567890.awsapps.com/start";

fn home() -> TempDir {
    let h = TempDir::new("sso");
    h.write(
        ".aws/config",
        &format!(
            "[profile dev]\nsso_session = my-sso\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n\
             region = us-east-1\n\
             [sso-session my-sso]\nsso_start_url = {START}\nsso_region = us-east-1\n\
             [profile old]\nsso_start_url = {START}\nsso_region = us-east-1\n\
             sso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = us-east-1\n\
             [profile nothing]\nregion = us-east-1\n"
        ),
    );
    h
}

/// The fake: the device code is pending once, then granted; `AUTHCODE` is granted; the
/// portal answers `ASIASSO` credentials valid an hour for the tokens it issued.
fn fake() -> Server {
    let polls = Arc::new(AtomicUsize::new(0));
    Server::respond(move |req, _| {
        let body: serde_json::Value = serde_json::from_str(req.text()).unwrap_or_default();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        match req.path() {
            "/client/register" => http::json(
                200,
                &format!(
                    r#"{{"clientId":"CID","clientSecret":"CLIENT-SECRET-VALUE","clientSecretExpiresAt":{}}}"#,
                    now + 86_400
                ),
            ),
            "/device_authorization" => http::json(
                200,
                r#"{"deviceCode":"DEV","userCode":"ABCD-EFGH","verificationUri":"https://device.example/","verificationUriComplete":"https://device.example/?user_code=ABCD-EFGH","expiresIn":600,"interval":0}"#,
            ),
            "/token" => {
                let pending = body["grantType"] == "urn:ietf:params:oauth:grant-type:device_code"
                    && polls.fetch_add(1, Ordering::SeqCst) == 0;
                if pending
                    || (body["grantType"] == "authorization_code" && body["code"] != "AUTHCODE")
                {
                    http::reply(
                        400,
                        "Bad Request",
                        &[
                            ("Content-Type", "application/json"),
                            ("x-amzn-errortype", "AuthorizationPendingException"),
                        ],
                        r#"{"error":"authorization_pending"}"#,
                    )
                } else {
                    http::json(
                        200,
                        r#"{"accessToken":"ACCESS-CLI","tokenType":"Bearer","expiresIn":28800,"refreshToken":"REFRESH-CLI"}"#,
                    )
                }
            }
            p if p.starts_with("/federation/credentials") => {
                if req.header("x-amz-sso_bearer_token").as_deref() != Some("ACCESS-CLI") {
                    return http::reply(
                        401,
                        "Unauthorized",
                        &[
                            ("Content-Type", "application/json"),
                            ("x-amzn-errortype", "UnauthorizedException"),
                        ],
                        r#"{"message":"Session token not found or invalid"}"#,
                    );
                }
                http::json(
                    200,
                    &format!(
                        r#"{{"roleCredentials":{{"accessKeyId":"ASIASSO","secretAccessKey":"SSO-SECRET","sessionToken":"SSO-TOKEN","expiration":{}}}}}"#,
                        (now + 3600) * 1000
                    ),
                )
            }
            "/logout" => http::reply(200, "OK", &[], ""),
            _ => http::json(404, "{}"),
        }
    })
}

fn command(home: &Path, fake: &Server, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_awslice"));
    c.args(args)
        .env_clear()
        .env("HOME", home)
        .env("PATH", "/nonexistent")
        .env("AWS_ENDPOINT_URL_SSO", fake.url())
        .env("AWS_ENDPOINT_URL_SSO_OIDC", fake.url())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::null());
    c
}

fn run(home: &Path, fake: &Server, args: &[&str]) -> Output {
    command(home, fake, args).output().expect("run awslice")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn device_code_login_then_calls_export_list_and_logout() {
    let h = home();
    let f = fake();
    let out = run(
        h.path(),
        &f,
        &["sso", "login", "--profile", "old", "--no-browser"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!(
            "Browser will not be automatically opened.\nPlease visit the following URL:\n\nhttps://device.example/\n\
             \nThen enter the code:\n\nABCD-EFGH\n\nAlternatively, you may visit the following URL which will autofill the code upon loading:\n\
             https://device.example/?user_code=ABCD-EFGH\nSuccessfully logged into Start URL: {START}\n"
        )
    );
    assert_eq!(text(&out.stderr), "");

    // A WorkSpaces call signed with the role credentials.
    let cap = Server::start(vec![http::json(200, "{}")]);
    let out = run(
        h.path(),
        &f,
        &[
            "--profile",
            "old",
            "workspaces",
            "describe-workspace-image-permissions",
            "--image-id",
            "wsi-123456789abc",
            "--endpoint-url",
            &cap.url(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let sent = cap.requests().pop().unwrap();
    assert!(
        sent.header("authorization")
            .unwrap()
            .contains("Credential=ASIASSO/")
    );
    assert_eq!(
        sent.header("x-amz-security-token").as_deref(),
        Some("SSO-TOKEN")
    );

    // export-credentials, from the role-credentials cache now.
    let out = run(
        h.path(),
        &f,
        &[
            "configure",
            "export-credentials",
            "--profile",
            "old",
            "--format",
            "env",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let env = text(&out.stdout);
    let lines: Vec<&str> = env.lines().collect();
    assert_eq!(lines[0], "export AWS_ACCESS_KEY_ID=ASIASSO");
    assert_eq!(lines[1], "export AWS_SECRET_ACCESS_KEY=SSO-SECRET");
    assert_eq!(lines[2], "export AWS_SESSION_TOKEN=SSO-TOKEN");
    assert!(
        lines[3].starts_with("export AWS_CREDENTIAL_EXPIRATION=") && lines[3].ends_with("+00:00"),
        "{env}"
    );
    let out = run(
        h.path(),
        &f,
        &["configure", "export-credentials", "--profile", "old"],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["Version"], 1);
    assert_eq!(doc["AccessKeyId"], "ASIASSO");
    assert!(text(&out.stdout).starts_with("{\n  \"Version\": 1,\n  \"AccessKeyId\""));

    let out = run(h.path(), &f, &["configure", "list", "--profile", "old"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "NAME       : VALUE                    : TYPE             : LOCATION\n\
         profile    : old                      : manual           : --profile\n\
         access_key : ****************ASSO     : sso              : \n\
         secret_key : ****************CRET     : sso              : \n\
         region     : us-east-1                : config-file      : ~/.aws/config\n"
    );

    // Logout: nothing printed, the session revoked on the portal (unsigned, with the
    // token), the token and the role credentials gone.
    let out = run(h.path(), &f, &["sso", "logout"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        (text(&out.stdout), text(&out.stderr)),
        (String::new(), String::new())
    );
    let logouts: Vec<_> = f
        .requests()
        .into_iter()
        .filter(|r| r.path() == "/logout")
        .collect();
    assert_eq!(logouts.len(), 1);
    assert_eq!(logouts[0].method(), "POST");
    assert_eq!(
        logouts[0].header("x-amz-sso_bearer_token").as_deref(),
        Some("ACCESS-CLI")
    );
    assert_eq!(logouts[0].header("authorization"), None);
    let out = run(
        h.path(),
        &f,
        &["configure", "export-credentials", "--profile", "old"],
    );
    assert_eq!(out.status.code(), Some(253));
    assert_eq!(
        text(&out.stderr),
        format!(
            "\nawslice: [ERROR]: An error occurred (Configuration): Unable to retrieve credentials: Error loading SSO Token: Token for {START} does not exist\n"
        )
    );
}

#[test]
fn pkce_login_played_by_the_test() {
    let h = home();
    let f = fake();
    let mut child = command(h.path(), &f, &["sso", "login", "--profile", "dev"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut shown = String::new();
    let url = loop {
        let mut line = String::new();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "{shown}");
        shown.push_str(&line);
        if line.contains("/authorize?") {
            break line.trim().to_string();
        }
    };
    assert!(
        shown.starts_with("Attempting to open your default browser. If the browser does not open, open the following URL.\nIf you are unable to open the URL on this device, run this command again with the '--use-device-code' option.\n\n"),
        "{shown}"
    );
    let query = url.split_once('?').unwrap().1;
    let param = |k: &str| {
        query
            .split('&')
            .find_map(|p| p.strip_prefix(&format!("{k}=")))
            .unwrap()
            .to_string()
    };
    let redirect = param("redirect_uri")
        .replace("%3A", ":")
        .replace("%2F", "/");
    let port = redirect
        .strip_prefix("http://127.0.0.1:")
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let mut s = std::net::TcpStream::connect(format!("127.0.0.1:{port}")).unwrap();
    write!(
        s,
        "GET /oauth/callback?code=AUTHCODE&state={} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        param("state")
    )
    .unwrap();
    let mut page = String::new();
    s.read_to_string(&mut page).unwrap();
    assert!(page.contains("Amazon Web Services Sign-in"), "{page}");
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(
        rest,
        format!("\nSuccessfully logged into Start URL: {START}\n")
    );
    let out = run(
        h.path(),
        &f,
        &[
            "configure",
            "export-credentials",
            "--profile",
            "dev",
            "--format",
            "env-no-export",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("AWS_ACCESS_KEY_ID=ASIASSO\n"));
}

#[test]
fn failures_and_exit_codes() {
    let h = home();
    let f = fake();
    // Login configuration errors: 253.
    let out = run(h.path(), &f, &["sso", "login", "--sso-session", "nope"]);
    assert_eq!(out.status.code(), Some(253));
    assert_eq!(
        text(&out.stderr),
        "\nawslice: [ERROR]: An error occurred (Configuration): The specified sso-session does not exist: \"nope\"\n"
    );
    let out = run(h.path(), &f, &["sso", "login", "--profile", "nothing"]);
    assert_eq!(out.status.code(), Some(253));
    assert!(text(&out.stderr).contains("Missing the following required SSO configuration values: sso_start_url, sso_region. To make sure"));
    // No token: the provider's error, 255.
    let out = run(
        h.path(),
        &f,
        &[
            "--profile",
            "dev",
            "workspaces",
            "describe-workspace-image-permissions",
            "--image-id",
            "wsi-123456789abc",
        ],
    );
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        text(&out.stderr),
        "\nawslice: [ERROR]: Error loading SSO Token: Token for my-sso does not exist\n"
    );
    // No credentials at all.
    let out = run(
        h.path(),
        &f,
        &["configure", "export-credentials", "--profile", "nothing"],
    );
    assert_eq!(out.status.code(), Some(253));
    assert_eq!(
        text(&out.stderr),
        "\nawslice: [ERROR]: An error occurred (Configuration): Unable to retrieve credentials: no credentials found\n"
    );
    // A bad format.
    let out = run(
        h.path(),
        &f,
        &["configure", "export-credentials", "--format", "xml"],
    );
    assert_eq!(out.status.code(), Some(252));
    // configure list without credentials.
    let out = run(h.path(), &f, &["configure", "list", "--profile", "nothing"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .contains("access_key : <not set>                : None             : None\n")
    );
}

#[test]
fn no_secret_in_debug_output() {
    let h = home();
    let f = fake();
    let out = run(
        h.path(),
        &f,
        &[
            "--debug",
            "sso",
            "login",
            "--profile",
            "old",
            "--no-browser",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let login_log = text(&out.stderr);
    assert!(login_log.contains("CreateToken"), "{login_log}");
    // Make the token due for a refresh, then sign a call with --debug.
    let token_file = h
        .path()
        .join(".aws/sso/cache/7487b5b67d5fa1132cf33fa93ae51ef38cc37752.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&token_file).unwrap()).unwrap();
    let soon = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 300;
    doc["expiresAt"] = awslice_runtime_free_z(soon).into();
    std::fs::write(&token_file, doc.to_string()).unwrap();
    let cap = Server::start(vec![http::json(200, "{}")]);
    let out = run(
        h.path(),
        &f,
        &[
            "--debug",
            "--profile",
            "old",
            "workspaces",
            "describe-workspace-image-permissions",
            "--image-id",
            "wsi-123456789abc",
            "--endpoint-url",
            &cap.url(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let call_log = text(&out.stderr);
    assert!(call_log.contains("GetRoleCredentials"), "{call_log}");
    // The portal's Logout sends the (refreshed) token in a header.
    let out = run(h.path(), &f, &["--debug", "sso", "logout"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let logout_log = text(&out.stderr);
    assert!(logout_log.contains("/logout"), "{logout_log}");
    for (what, shown) in [
        ("login", &login_log),
        ("call", &call_log),
        ("logout", &logout_log),
    ] {
        for secret in [
            "ACCESS-CLI",
            "REFRESH-CLI",
            "CLIENT-SECRET-VALUE",
            "SSO-SECRET",
            "SSO-TOKEN",
        ] {
            assert!(!shown.contains(secret), "{what} shows {secret}:\n{shown}");
        }
    }
}

/// `%Y-%m-%dT%H:%M:%SZ` of a Unix time (civil-from-days).
fn awslice_runtime_free_z(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap();
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// `sso logout` with the portal out of reach fails as the AWS CLI's does (exit 255; only
/// the portal's error responses are ignored) and keeps the token.
#[test]
fn logout_with_the_portal_out_of_reach() {
    let h = home();
    h.write(
        ".aws/sso/cache/token.json",
        r#"{"region": "us-east-1", "accessToken": "ACCESS-KEPT"}"#,
    );
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}", l.local_addr().unwrap().port())
    };
    let f = fake();
    let out = command(h.path(), &f, &["sso", "logout"])
        .env("AWS_ENDPOINT_URL_SSO", &dead)
        .env("AWS_MAX_ATTEMPTS", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(255), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        format!("\nawslice: [ERROR]: Could not connect to the endpoint URL: \"{dead}/logout\"\n")
    );
    assert!(h.path().join(".aws/sso/cache/token.json").exists());
}
