//! `sso login` (both flows) and `sso logout` against a loopback fake of SSO-OIDC: the test
//! approves the device code, and plays the browser of the authorization code flow by
//! calling the loopback redirect listener with the code and state.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use awslice_credentials::{Providers, sso_registration_cache_key, sso_token_cache_key};
use awslice_runtime::config::SdkConfig;
use awslice_runtime::credentials::{
    CredentialsError, ProfileProviders, SsoLoginOptions, SsoLoginPrompt,
};
use serde_json::Value;

use crate::support::*;

const START: &str = "https://d-1234567890.awsapps.com/start";

fn config_text() -> String {
    format!(
        "[profile dev]\nsso_session = my-sso\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n\
         [sso-session my-sso]\nsso_start_url = {START}\nsso_region = us-east-1\n\
         [profile old]\nsso_start_url = {START}\nsso_region = eu-west-1\n\
         sso_account_id = 123456789012\nsso_role_name = ReadOnly\n\
         [profile half]\nsso_start_url = {START}\n\
         [profile plain]\nsso_session = my-sso\n\
         [profile http]\nsso_session = insecure\n\
         [sso-session insecure]\nsso_start_url = http://127.0.0.1:1/start\nsso_region = us-east-1\n"
    )
}

/// The fake SSO-OIDC (and portal): the device code is pending until `approved`, then
/// (once) slow down, then granted; the authorization code `AUTHCODE` is granted.
struct Fake {
    server: Server,
    approved: Arc<AtomicBool>,
}

fn fake() -> Fake {
    let approved = Arc::new(AtomicBool::new(false));
    let slowed = Arc::new(AtomicUsize::new(0));
    let a = approved.clone();
    let server = Server::respond(move |req, _| {
        let body: Value = serde_json::from_str(req.text()).unwrap_or(Value::Null);
        let err = |status: u16, code: &str, error: &str| {
            http::reply(
                status,
                http::reason(status),
                &[
                    ("Content-Type", "application/json"),
                    ("x-amzn-errortype", code),
                ],
                &format!(r#"{{"error":"{error}","error_description":"x"}}"#),
            )
        };
        let later = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 90 * 86_400;
        match req.path() {
            "/client/register" => http::json(
                200,
                &format!(
                    r#"{{"clientId":"CID","clientSecret":"CLIENT-SECRET-VALUE","clientIdIssuedAt":1,"clientSecretExpiresAt":{later}}}"#
                ),
            ),
            "/device_authorization" => http::json(
                200,
                r#"{"deviceCode":"DEVICE-CODE","userCode":"ABCD-EFGH","verificationUri":"https://device.example/","verificationUriComplete":"https://device.example/?user_code=ABCD-EFGH","expiresIn":600,"interval":0}"#,
            ),
            "/token" => match body["grantType"].as_str() {
                Some("urn:ietf:params:oauth:grant-type:device_code") => {
                    if !a.load(Ordering::SeqCst) {
                        err(
                            400,
                            "AuthorizationPendingException",
                            "authorization_pending",
                        )
                    } else if slowed.fetch_add(1, Ordering::SeqCst) == 0 {
                        err(400, "SlowDownException", "slow_down")
                    } else {
                        http::json(
                            200,
                            r#"{"accessToken":"ACCESS-LOGIN","tokenType":"Bearer","expiresIn":28800,"refreshToken":"REFRESH-LOGIN"}"#,
                        )
                    }
                }
                Some("authorization_code") if body["code"] == "AUTHCODE" => http::json(
                    200,
                    r#"{"accessToken":"ACCESS-PKCE","tokenType":"Bearer","expiresIn":28800,"refreshToken":"REFRESH-PKCE"}"#,
                ),
                _ => err(400, "InvalidGrantException", "invalid_grant"),
            },
            p if p.starts_with("/federation/credentials") => http::json(
                200,
                &format!(
                    r#"{{"roleCredentials":{{"accessKeyId":"ASIASSO","secretAccessKey":"S","sessionToken":"T","expiration":{}}}}}"#,
                    later * 1000
                ),
            ),
            "/logout" => http::reply(200, "OK", &[], ""),
            _ => http::json(404, "{}"),
        }
    });
    Fake { server, approved }
}

fn config(h: &TempDir, fake: &Fake, profile: &str) -> SdkConfig {
    let u = fake.server.url();
    loader(
        h.path(),
        &[
            ("AWS_ENDPOINT_URL_SSO_OIDC", u.as_str()),
            ("AWS_ENDPOINT_URL_SSO", u.as_str()),
        ],
    )
    .profile(profile)
    .load()
    .unwrap()
}

/// Runs the login, recording what is shown; `on_prompt` plays the user.
async fn login(
    config: &SdkConfig,
    options: &SsoLoginOptions,
    on_prompt: impl Fn(&SsoLoginPrompt<'_>) + Send + Sync,
) -> (Result<String, CredentialsError>, Vec<String>) {
    let shown = Mutex::new(Vec::new());
    let prompt = |p: &SsoLoginPrompt<'_>| {
        shown.lock().unwrap().push(format!("{p:?}"));
        on_prompt(p);
    };
    let providers = Providers::new();
    let r = providers.sso_login(config, options, &prompt).await;
    (r, shown.into_inner().unwrap())
}

fn sso_file(h: &TempDir, key: &str) -> std::path::PathBuf {
    h.path().join(format!(".aws/sso/cache/{key}.json"))
}

fn read(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn query_of(url: &str) -> Vec<(String, String)> {
    let q = url.split_once('?').map_or("", |(_, q)| q);
    q.split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            let mut out = Vec::new();
            let b = v.as_bytes();
            let mut i = 0;
            while i < b.len() {
                if b[i] == b'%' {
                    out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
                    i += 3;
                } else {
                    out.push(b[i]);
                    i += 1;
                }
            }
            (k.to_string(), String::from_utf8(out).unwrap())
        })
        .collect()
}

/// Plays the browser: GETs `target` on the loopback listener in another thread; the
/// response text goes to `page`.
fn browse(redirect: &str, path_and_query: String, page: Arc<Mutex<String>>) {
    let host = redirect
        .strip_prefix("http://")
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    std::thread::spawn(move || {
        let mut s = std::net::TcpStream::connect(&host).unwrap();
        write!(
            s,
            "GET {path_and_query} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut text = String::new();
        let _ = s.read_to_string(&mut text);
        *page.lock().unwrap() = text;
    });
}

#[tokio::test]
async fn device_code_flow_writes_the_token() {
    let f = fake();
    let h = home(&config_text(), "");
    let c = config(&h, &f, "old");
    let approved = f.approved.clone();
    let (r, shown) = login(&c, &SsoLoginOptions::default(), |_| {
        approved.store(true, Ordering::SeqCst);
    })
    .await;
    assert_eq!(r.unwrap(), START);
    assert_eq!(
        shown,
        [
            "DeviceCode { verification_uri: \"https://device.example/\", verification_uri_complete: \"https://device.example/?user_code=ABCD-EFGH\", user_code: \"ABCD-EFGH\" }"
        ]
    );
    let reqs = f.server.requests();
    let paths: Vec<&str> = reqs.iter().map(|r| r.path()).collect();
    assert_eq!(
        paths,
        [
            "/client/register",
            "/device_authorization",
            "/token",
            "/token",
            "/token"
        ]
    );
    let reg: Value = serde_json::from_str(reqs[0].text()).unwrap();
    assert_eq!(reg["clientType"], "public");
    assert!(
        reg["clientName"]
            .as_str()
            .unwrap()
            .starts_with("botocore-client-")
    );
    assert!(reg.get("grantTypes").is_none());
    let auth: Value = serde_json::from_str(reqs[1].text()).unwrap();
    assert_eq!(auth["startUrl"], START);
    assert_eq!(auth["clientId"], "CID");
    let tok: Value = serde_json::from_str(reqs[4].text()).unwrap();
    assert_eq!(tok["deviceCode"], "DEVICE-CODE");
    assert_eq!(tok["clientSecret"], "CLIENT-SECRET-VALUE");
    // slow_down waited at least 5 more seconds.
    assert!(reqs[4].at.duration_since(reqs[3].at).as_secs_f64() >= 4.9);

    // The token, under the start URL's key, with botocore's fields.
    let path = sso_file(&h, &sso_token_cache_key(START));
    let doc = read(&path);
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "startUrl",
            "region",
            "accessToken",
            "expiresAt",
            "clientId",
            "clientSecret",
            "registrationExpiresAt",
            "refreshToken"
        ]
    );
    assert_eq!(doc["accessToken"], "ACCESS-LOGIN");
    assert_eq!(doc["region"], "eu-west-1");
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);
    // The registration, kept for the next login.
    let reg_path = sso_file(
        &h,
        &sso_registration_cache_key(START, "eu-west-1", None, None),
    );
    let reg = read(&reg_path);
    assert_eq!(reg["clientId"], "CID");
    assert!(reg.get("grantTypes").is_none());
    #[cfg(unix)]
    assert_eq!(mode(&reg_path), 0o600);

    // The token signs in the profile.
    let c = config(&h, &f, "old");
    let creds = c.credentials().await.unwrap().unwrap();
    assert_eq!(creds.access_key_id(), "ASIASSO");
    let last = f.server.requests().pop().unwrap();
    assert_eq!(
        last.header("x-amz-sso_bearer_token").as_deref(),
        Some("ACCESS-LOGIN")
    );
}

#[tokio::test]
async fn authorization_code_flow_with_pkce() {
    let f = fake();
    let h = home(&config_text(), "");
    let c = config(&h, &f, "dev");
    let page = Arc::new(Mutex::new(String::new()));
    let urls = Arc::new(Mutex::new(Vec::new()));
    let (p, u) = (page.clone(), urls.clone());
    let (r, _) = login(&c, &SsoLoginOptions::default(), move |prompt| {
        let SsoLoginPrompt::Authorize { url } = prompt else {
            panic!("{prompt:?}")
        };
        u.lock().unwrap().push(url.to_string());
        let q = query_of(url);
        let get = |k: &str| q.iter().find(|(n, _)| n == k).unwrap().1.clone();
        let redirect = get("redirect_uri");
        let state = get("state");
        let path = redirect.split_once("127.0.0.1:").unwrap().1;
        let path = &path[path.find('/').unwrap()..];
        // A favicon request first: ignored by the listener.
        browse(
            &redirect,
            "/favicon.ico".into(),
            Arc::new(Mutex::new(String::new())),
        );
        browse(
            &redirect,
            format!("{path}?code=AUTHCODE&state={state}"),
            p.clone(),
        );
    })
    .await;
    assert_eq!(r.unwrap(), START);
    let url = urls.lock().unwrap()[0].clone();
    let base = f.server.url();
    assert!(url.starts_with(&format!("{base}/authorize?response_type=code&client_id=CID&redirect_uri=http%3A%2F%2F127.0.0.1%3A")), "{url}");
    let q = query_of(&url);
    let names: Vec<&str> = q.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "response_type",
            "client_id",
            "redirect_uri",
            "state",
            "code_challenge_method",
            "scopes",
            "code_challenge"
        ]
    );
    let get = |k: &str| q.iter().find(|(n, _)| n == k).unwrap().1.clone();
    assert_eq!(get("scopes"), "sso:account:access");
    assert_eq!(get("code_challenge_method"), "S256");
    let challenge = get("code_challenge");
    assert_eq!(challenge.len(), 43);
    // The browser got the sign-in page.
    for _ in 0..100 {
        if !page.lock().unwrap().is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let text = page.lock().unwrap().clone();
    assert!(text.starts_with("HTTP/1.1 200 OK"), "{text}");
    assert!(text.contains("Amazon Web Services Sign-in"), "{text}");

    let reqs = f.server.requests();
    let reg: Value = serde_json::from_str(reqs[0].text()).unwrap();
    assert_eq!(reg["clientName"], "botocore-client-my-sso");
    assert_eq!(
        reg["grantTypes"],
        serde_json::json!(["authorization_code", "refresh_token"])
    );
    assert_eq!(
        reg["redirectUris"],
        serde_json::json!(["http://127.0.0.1/oauth/callback"])
    );
    assert_eq!(reg["issuerUrl"], START);
    assert_eq!(reg["scopes"], serde_json::json!(["sso:account:access"]));
    let tok: Value = serde_json::from_str(reqs[1].text()).unwrap();
    assert_eq!(tok["grantType"], "authorization_code");
    assert_eq!(tok["code"], "AUTHCODE");
    assert_eq!(tok["redirectUri"], get("redirect_uri"));
    let verifier = tok["codeVerifier"].as_str().unwrap();
    assert_eq!(verifier.len(), 64);
    // The challenge is the verifier's S256.
    if let Some(s256) = python_s256(verifier) {
        assert_eq!(s256, challenge);
    }

    let doc = read(&sso_file(&h, &sso_token_cache_key("my-sso")));
    assert_eq!(doc["accessToken"], "ACCESS-PKCE");
    assert_eq!(doc["refreshToken"], "REFRESH-PKCE");
    let reg_path = sso_file(
        &h,
        &sso_registration_cache_key(START, "us-east-1", None, Some("my-sso")),
    );
    assert_eq!(
        read(&reg_path)["grantTypes"],
        serde_json::json!(["authorization_code", "refresh_token"])
    );

    // A second login reuses the registration.
    let (p, _u) = (page.clone(), urls.clone());
    let (r, _) = login(&c, &SsoLoginOptions::default(), move |prompt| {
        let SsoLoginPrompt::Authorize { url } = prompt else {
            panic!()
        };
        let q = query_of(url);
        let get = |k: &str| q.iter().find(|(n, _)| n == k).unwrap().1.clone();
        let redirect = get("redirect_uri");
        browse(
            &redirect,
            format!("/oauth/callback?code=AUTHCODE&state={}", get("state")),
            p.clone(),
        );
    })
    .await;
    r.unwrap();
    let paths: Vec<String> = f
        .server
        .requests()
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    assert_eq!(paths, ["/client/register", "/token", "/token"]);
}

/// base64url(SHA-256(verifier)) without padding, computed by Python (`None` without the
/// venv).
fn python_s256(verifier: &str) -> Option<String> {
    let python = awslice_test_support::peers::or_skip(awslice_test_support::peers::venv_python())?;
    let out = std::process::Command::new(python)
        .args([
            "-c",
            "import sys,hashlib,base64;print(base64.urlsafe_b64encode(hashlib.sha256(sys.argv[1].encode()).digest()).decode().rstrip('='))",
            verifier,
        ])
        .output()
        .unwrap();
    Some(String::from_utf8(out.stdout).unwrap().trim().to_string())
}

#[tokio::test]
async fn pkce_callback_errors() {
    let f = fake();
    let h = home(&config_text(), "");
    let c = config(&h, &f, "dev");
    for (query, want) in [
        (
            "error=access_denied",
            "Error loading authorization code: Failed to retrieve an authorization code.",
        ),
        (
            "code=AUTHCODE&state=not-the-state",
            "Error loading authorization code: State parameter does not match expected value.",
        ),
    ] {
        let (r, _) = login(&c, &SsoLoginOptions::default(), move |prompt| {
            let SsoLoginPrompt::Authorize { url } = prompt else {
                panic!()
            };
            let q = query_of(url);
            let redirect = q
                .iter()
                .find(|(n, _)| n == "redirect_uri")
                .unwrap()
                .1
                .clone();
            browse(
                &redirect,
                format!("/oauth/callback?{query}"),
                Arc::new(Mutex::new(String::new())),
            );
        })
        .await;
        assert_eq!(r.unwrap_err().to_string(), want);
    }
    assert!(!sso_file(&h, &sso_token_cache_key("my-sso")).exists());
}

#[tokio::test]
async fn login_configuration_errors() {
    let f = fake();
    let h = home(&config_text(), "");
    let cases = [
        (
            "half",
            None,
            "Missing the following required SSO configuration values: sso_region. To make sure this profile is properly configured to use SSO, please run: aws configure sso",
        ),
        (
            "dev",
            Some("nope"),
            "The specified sso-session does not exist: \"nope\"",
        ),
        ("http", None, "The sso_start_url must use the https scheme."),
    ];
    for (profile, session, want) in cases {
        let opts = SsoLoginOptions {
            sso_session: session.map(str::to_string),
            use_device_code: false,
        };
        let (r, shown) = login(&config(&h, &f, profile), &opts, |_| {}).await;
        let e = r.unwrap_err();
        assert_eq!(e.to_string(), want);
        if profile != "http" {
            assert!(e.is_configuration());
        }
        assert!(shown.is_empty());
    }
    assert!(f.server.requests().is_empty());
}

/// The `Logout` calls a server received: the bearer token of each `POST /logout`.
fn logouts(server: &Server) -> Vec<String> {
    server
        .requests()
        .iter()
        .filter(|r| r.path() == "/logout")
        .map(|r| {
            assert_eq!(r.method(), "POST");
            assert_eq!(r.header("authorization"), None, "Logout is unsigned");
            r.header("x-amz-sso_bearer_token").unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn logout_revokes_and_removes_tokens_and_sso_credentials() {
    let f = fake();
    let h = home(&config_text(), "");
    let c = config(&h, &f, "old");
    let approved = f.approved.clone();
    approved.store(true, Ordering::SeqCst);
    let (r, _) = login(&c, &SsoLoginOptions::default(), |_| {}).await;
    r.unwrap();
    c.credentials().await.unwrap().unwrap();
    // An assume-role cache file and a stray file are left alone.
    h.write(
        ".aws/cli/cache/9b413f63d088ca513edf4bf108e5aeb99bbc1763.json",
        r#"{"Credentials": {}}"#,
    );
    h.write(".aws/sso/cache/notes.txt", "x");
    // A second session's token is revoked too; one without a region is only deleted.
    h.write(
        ".aws/sso/cache/second.json",
        r#"{"startUrl": "https://other.awsapps.com/start", "region": "us-east-1", "accessToken": "ACCESS-SECOND"}"#,
    );
    h.write(
        ".aws/sso/cache/noregion.json",
        r#"{"accessToken": "ACCESS-NOREGION"}"#,
    );
    let before: Vec<_> = cache_files(h.path());
    assert_eq!(before.len(), 2, "{before:?}");
    assert!(logouts(&f.server).is_empty());
    Providers::new().sso_logout(&c).await.unwrap();
    let mut revoked = logouts(&f.server);
    revoked.sort();
    assert_eq!(revoked, ["ACCESS-LOGIN", "ACCESS-SECOND"]);
    let after = cache_files(h.path());
    assert_eq!(after.len(), 1);
    assert!(after[0].ends_with("9b413f63d088ca513edf4bf108e5aeb99bbc1763.json"));
    assert!(!sso_file(&h, &sso_token_cache_key(START)).exists());
    assert!(!sso_file(&h, "second").exists());
    assert!(!sso_file(&h, "noregion").exists());
    assert!(
        sso_file(
            &h,
            &sso_registration_cache_key(START, "eu-west-1", None, None)
        )
        .exists()
    );
    assert!(h.path().join(".aws/sso/cache/notes.txt").exists());
}

/// A token the portal refuses (already expired or revoked) is deleted all the same: the
/// AWS CLI ignores Logout's error responses.
#[tokio::test]
async fn logout_ignores_the_portals_error_responses() {
    let portal = Server::respond(|req, _| {
        let status = if req.header("x-amz-sso_bearer_token").as_deref() == Some("ACCESS-500") {
            500
        } else {
            401
        };
        http::reply(
            status,
            http::reason(status),
            &[
                ("Content-Type", "application/json"),
                ("x-amzn-errortype", "UnauthorizedException"),
            ],
            r#"{"message":"Session token not found or invalid"}"#,
        )
    });
    let h = home(&config_text(), "");
    for token in ["ACCESS-401", "ACCESS-500"] {
        h.write(
            &format!(".aws/sso/cache/{token}.json"),
            &format!(r#"{{"region": "us-east-1", "accessToken": "{token}"}}"#),
        );
    }
    h.write(
        ".aws/cli/cache/role.json",
        r#"{"ProviderType": "sso", "Credentials": {}}"#,
    );
    let u = portal.url();
    let c = loader(
        h.path(),
        &[
            ("AWS_ENDPOINT_URL_SSO", u.as_str()),
            ("AWS_MAX_ATTEMPTS", "1"),
        ],
    )
    .profile("old")
    .load()
    .unwrap();
    Providers::new().sso_logout(&c).await.unwrap();
    let mut revoked = logouts(&portal);
    revoked.sort();
    assert_eq!(revoked, ["ACCESS-401", "ACCESS-500"]);
    assert!(!sso_file(&h, "ACCESS-401").exists());
    assert!(!sso_file(&h, "ACCESS-500").exists());
    assert!(cache_files(h.path()).is_empty());
}

/// A portal that cannot be reached fails the logout as the AWS CLI's does (only error
/// responses are ignored), and the token is kept so that it can be revoked later.
#[tokio::test]
async fn logout_fails_when_the_portal_cannot_be_reached() {
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}", l.local_addr().unwrap().port())
    };
    let h = home(&config_text(), "");
    h.write(
        ".aws/sso/cache/token.json",
        r#"{"region": "us-east-1", "accessToken": "ACCESS-KEPT"}"#,
    );
    let c = loader(
        h.path(),
        &[
            ("AWS_ENDPOINT_URL_SSO", dead.as_str()),
            ("AWS_MAX_ATTEMPTS", "1"),
        ],
    )
    .profile("old")
    .load()
    .unwrap();
    let e = Providers::new().sso_logout(&c).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("Could not connect to the endpoint URL: \"{dead}/logout\"")
    );
    assert!(!e.to_string().contains("ACCESS-KEPT"));
    assert!(sso_file(&h, "token").exists());
}
