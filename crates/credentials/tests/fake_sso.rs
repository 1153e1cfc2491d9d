//! The `sso` step against a loopback fake of the IAM Identity Center portal
//! (`GetRoleCredentials`) and SSO-OIDC (`CreateToken`), reached through
//! `AWS_ENDPOINT_URL_SSO` / `AWS_ENDPOINT_URL_SSO_OIDC`: sso-session and legacy profiles,
//! the token cache and its refresh with write-back, the role-credentials cache, the
//! configuration and token errors, secrets, and botocore reading and writing the same files.

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use awslice_credentials::{Providers, sso_role_cache_key, sso_token_cache_key};
use serde_json::{Value, json};

use crate::support::*;

const START: &str = "https://d-1234567890.awsapps.com/start";
const ACCOUNT: &str = "123456789012";
const ROLE: &str = "ReadOnly";
const SESSION_KEY: &str = "0ad374308c5a4e22f723adf10145eafad7c4031c";
const LEGACY_KEY: &str = "7487b5b67d5fa1132cf33fa93ae51ef38cc37752";
const SESSION_ROLE_KEY: &str = "31b260dab331b2af063485cea75f7b8b3cf54c71";
const LEGACY_ROLE_KEY: &str = "30bbb2b1278a4c1fb1b943c46c1ef6501807f657";

fn session_config() -> String {
    format!(
        "[profile dev]\nsso_session = my-sso\nsso_account_id = {ACCOUNT}\nsso_role_name = {ROLE}\n\
         region = us-west-2\n\
         [sso-session my-sso]\nsso_start_url = {START}\nsso_region = us-east-1\n\
         sso_registration_scopes = sso:account:access\n"
    )
}

fn legacy_config() -> String {
    format!(
        "[profile old]\nsso_start_url = {START}\nsso_region = eu-west-1\n\
         sso_account_id = {ACCOUNT}\nsso_role_name = {ROLE}\n"
    )
}

/// `%Y-%m-%dT%H:%M:%SZ` of now + `secs`.
fn utc_in(secs: i64) -> String {
    in_secs(secs)
}

/// A token cache document.
fn token_doc(access: &str, expires_in: i64, refresh: bool) -> Value {
    let mut doc = json!({
        "startUrl": START,
        "region": "us-east-1",
        "accessToken": access,
        "expiresAt": utc_in(expires_in),
    });
    if refresh {
        let m = doc.as_object_mut().unwrap();
        m.insert("clientId".into(), "CLIENT-ID".into());
        m.insert("clientSecret".into(), "CLIENT-SECRET-VALUE".into());
        m.insert("registrationExpiresAt".into(), utc_in(86_400).into());
        m.insert("refreshToken".into(), "REFRESH-TOKEN-OLD".into());
    }
    doc
}

fn write_token(home: &TempDir, key: &str, doc: &Value) {
    home.write(&format!(".aws/sso/cache/{key}.json"), &doc.to_string());
}

/// The fake portal and SSO-OIDC: `GetRoleCredentials` answers `ASIA<n>` / `SECRET<n>` /
/// `TOKEN<n>` for a bearer token in `valid` (else 401); `CreateToken` answers a new access
/// token `ACCESS-NEW` and refresh token `REFRESH-TOKEN-NEW`.
fn fake_sso(valid: &[&str]) -> Server {
    let valid: Vec<String> = valid.iter().map(|s| (*s).to_string()).collect();
    let valid = Arc::new(Mutex::new(valid));
    Server::respond(move |req, n| {
        let path = req.path().to_string();
        if req.method() == "POST" && path == "/token" {
            valid.lock().unwrap().push("ACCESS-NEW".into());
            return http::json(
                200,
                r#"{"accessToken":"ACCESS-NEW","tokenType":"Bearer","expiresIn":28800,"refreshToken":"REFRESH-TOKEN-NEW","idToken":"ID"}"#,
            );
        }
        if req.method() == "GET" && path.starts_with("/federation/credentials?") {
            let bearer = req.header("x-amz-sso_bearer_token").unwrap_or_default();
            if !valid.lock().unwrap().contains(&bearer) {
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
            #[allow(clippy::cast_possible_truncation)]
            let ms = (SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_millis() as u64)
                + 3_600_123;
            return http::json(
                200,
                &format!(
                    r#"{{"roleCredentials":{{"accessKeyId":"ASIA{n}","secretAccessKey":"SECRET{n}","sessionToken":"TOKEN{n}","expiration":{ms}}}}}"#
                ),
            );
        }
        http::json(404, r#"{"message":"no such route"}"#)
    })
}

fn vars(sso: &Server, cap: &Server) -> Vec<(String, String)> {
    vec![
        ("AWS_ENDPOINT_URL_SSO".into(), sso.url()),
        ("AWS_ENDPOINT_URL_SSO_OIDC".into(), sso.url()),
        ("AWS_ENDPOINT_URL_WORKSPACES".into(), cap.url()),
    ]
}

fn refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// A port nothing listens on.
fn dead_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn read_json(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn cache_keys_match_the_aws_cli() {
    assert_eq!(sso_token_cache_key("my-sso"), SESSION_KEY);
    assert_eq!(sso_token_cache_key(START), LEGACY_KEY);
    assert_eq!(
        sso_role_cache_key(ACCOUNT, ROLE, Some("my-sso"), START),
        SESSION_ROLE_KEY
    );
    assert_eq!(
        sso_role_cache_key(ACCOUNT, ROLE, None, START),
        LEGACY_ROLE_KEY
    );
}

#[tokio::test]
async fn session_profile_signs_and_caches() {
    let sso = fake_sso(&["ACCESS-OK"]);
    let cap = capture();
    let h = home(&session_config(), "");
    write_token(&h, SESSION_KEY, &token_doc("ACCESS-OK", 3600, false));
    let v = vars(&sso, &cap);
    let config = loader(h.path(), &refs(&v)).profile("dev").load().unwrap();
    let sent = signed_call(&config, &cap).await;
    assert_eq!(signing_akid(&sent).as_deref(), Some("ASIA0"));
    assert_eq!(
        sent.header("x-amz-security-token").as_deref(),
        Some("TOKEN0")
    );
    let c = config.credentials().await.unwrap().unwrap();
    assert_eq!(c.provider(), "sso");

    let reqs = sso.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method(), "GET");
    assert_eq!(
        r.path(),
        format!("/federation/credentials?role_name={ROLE}&account_id={ACCOUNT}")
    );
    assert_eq!(
        r.header("x-amz-sso_bearer_token").as_deref(),
        Some("ACCESS-OK")
    );
    assert_eq!(
        r.header("authorization"),
        None,
        "the portal call is unsigned"
    );

    // The role-credentials cache, botocore's name and content.
    let file = cache_dir(h.path()).join(format!("{SESSION_ROLE_KEY}.json"));
    let doc = read_json(&file);
    assert_eq!(doc["ProviderType"], "sso");
    assert_eq!(doc["Credentials"]["AccessKeyId"], "ASIA0");
    assert_eq!(doc["Credentials"]["SecretAccessKey"], "SECRET0");
    assert_eq!(doc["Credentials"]["SessionToken"], "TOKEN0");
    assert_eq!(doc["Credentials"]["AccountId"], ACCOUNT);
    let exp = doc["Credentials"]["Expiration"].as_str().unwrap();
    assert!(exp.ends_with('Z') && !exp.contains('.'), "{exp}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("{\"ProviderType\": \"sso\", \"Credentials\": {"),
        "{text}"
    );
    #[cfg(unix)]
    assert_eq!(mode(&file), 0o600);

    // Another process with the portal gone (and the token removed) reuses the cache.
    std::fs::remove_file(h.path().join(format!(".aws/sso/cache/{SESSION_KEY}.json"))).unwrap();
    let dead = dead_url();
    let again = creds(
        loader(
            h.path(),
            &[
                ("AWS_ENDPOINT_URL_SSO", dead.as_str()),
                ("AWS_ENDPOINT_URL_SSO_OIDC", dead.as_str()),
            ],
        )
        .profile("dev"),
    )
    .await
    .unwrap();
    assert_eq!(again.access_key_id(), "ASIA0");
    assert_eq!(again.provider(), "sso");
    assert_eq!(sso.requests().len(), 1);
}

#[tokio::test]
async fn legacy_profile_signs_and_caches() {
    let sso = fake_sso(&["ACCESS-LEGACY"]);
    let cap = capture();
    let h = home(&legacy_config(), "");
    write_token(&h, LEGACY_KEY, &token_doc("ACCESS-LEGACY", 3600, false));
    let v = vars(&sso, &cap);
    let config = loader(h.path(), &refs(&v)).profile("old").load().unwrap();
    let sent = signed_call(&config, &cap).await;
    assert_eq!(signing_akid(&sent).as_deref(), Some("ASIA0"));
    let r = &sso.requests()[0];
    assert_eq!(
        r.header("x-amz-sso_bearer_token").as_deref(),
        Some("ACCESS-LEGACY")
    );
    let file = cache_dir(h.path()).join(format!("{LEGACY_ROLE_KEY}.json"));
    assert!(file.is_file());
    #[cfg(unix)]
    assert_eq!(mode(&file), 0o600);
}

#[tokio::test]
async fn session_token_is_refreshed_and_written_back() {
    let sso = fake_sso(&[]);
    let cap = capture();
    let h = home(&session_config(), "");
    // Five minutes left: inside the refresh window.
    write_token(&h, SESSION_KEY, &token_doc("ACCESS-OLD", 300, true));
    let token_file = h.path().join(format!(".aws/sso/cache/{SESSION_KEY}.json"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&token_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let v = vars(&sso, &cap);
    let config = loader(h.path(), &refs(&v)).profile("dev").load().unwrap();
    let sent = signed_call(&config, &cap).await;
    assert_eq!(signing_akid(&sent).as_deref(), Some("ASIA1"));

    let reqs = sso.requests();
    assert_eq!(reqs.len(), 2);
    let t = &reqs[0];
    assert_eq!((t.method(), t.path()), ("POST", "/token"));
    assert_eq!(t.header("authorization"), None);
    let body: Value = serde_json::from_str(t.text()).unwrap();
    assert_eq!(
        body,
        json!({"grantType": "refresh_token", "clientId": "CLIENT-ID",
               "clientSecret": "CLIENT-SECRET-VALUE", "refreshToken": "REFRESH-TOKEN-OLD"})
    );
    assert_eq!(
        reqs[1].header("x-amz-sso_bearer_token").as_deref(),
        Some("ACCESS-NEW")
    );

    // The whole file rewritten, in the AWS CLI's field order.
    let doc = read_json(&token_file);
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
    assert_eq!(doc["accessToken"], "ACCESS-NEW");
    assert_eq!(doc["refreshToken"], "REFRESH-TOKEN-NEW");
    assert_eq!(doc["startUrl"], START);
    assert_eq!(doc["region"], "us-east-1");
    let expires = awslice_runtime::credentials::parse_expiry(doc["expiresAt"].as_str().unwrap())
        .unwrap()
        .duration_since(SystemTime::now())
        .unwrap();
    assert!(expires.as_secs() > 28_000, "{expires:?}");
    #[cfg(unix)]
    assert_eq!(mode(&token_file), 0o600);
}

#[tokio::test]
async fn refresh_refused_keeps_a_valid_token() {
    // No refresh data: the token (10 minutes left) is used as it is.
    let sso = fake_sso(&["ACCESS-OLD"]);
    let cap = capture();
    let h = home(&session_config(), "");
    write_token(&h, SESSION_KEY, &token_doc("ACCESS-OLD", 600, false));
    let v = vars(&sso, &cap);
    let c = creds(loader(h.path(), &refs(&v)).profile("dev"))
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA0");
    assert_eq!(sso.requests().len(), 1);
}

async fn error_of(config: &str, token: Option<(&str, Value)>, profile: &str) -> String {
    let sso = fake_sso(&["ACCESS-OK"]);
    let h = home(config, "");
    if let Some((key, doc)) = token {
        write_token(&h, key, &doc);
    }
    let u = sso.url();
    let e = creds(
        loader(
            h.path(),
            &[
                ("AWS_ENDPOINT_URL_SSO", u.as_str()),
                ("AWS_ENDPOINT_URL_SSO_OIDC", u.as_str()),
            ],
        )
        .profile(profile),
    )
    .await
    .unwrap_err();
    e.to_string()
}

const EXPIRED_TEXT: &str = "The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.";

#[tokio::test]
async fn token_errors() {
    assert_eq!(
        error_of(&session_config(), None, "dev").await,
        "Error loading SSO Token: Token for my-sso does not exist"
    );
    assert_eq!(
        error_of(&legacy_config(), None, "old").await,
        format!("Error loading SSO Token: Token for {START} does not exist")
    );
    assert_eq!(
        error_of(
            &session_config(),
            Some((SESSION_KEY, json!({"accessToken": "x"}))),
            "dev"
        )
        .await,
        format!("Error loading SSO Token: Token for {START} is invalid")
    );
    assert_eq!(
        error_of(
            &session_config(),
            Some((SESSION_KEY, token_doc("ACCESS-OK", -60, false))),
            "dev"
        )
        .await,
        "Error when retrieving token from sso: Token has expired and refresh failed"
    );
    assert_eq!(
        error_of(
            &legacy_config(),
            Some((LEGACY_KEY, token_doc("ACCESS-OK", -60, false))),
            "old"
        )
        .await,
        EXPIRED_TEXT
    );
    // A token the portal refuses.
    assert_eq!(
        error_of(
            &session_config(),
            Some((SESSION_KEY, token_doc("ACCESS-REVOKED", 3600, false))),
            "dev"
        )
        .await,
        EXPIRED_TEXT
    );
}

#[tokio::test]
async fn configuration_errors_in_order() {
    let base = format!("sso_account_id = {ACCOUNT}\nsso_role_name = {ROLE}\n");
    assert_eq!(
        error_of(
            &format!("[profile p]\nsso_session = nope\n{base}"),
            None,
            "p"
        )
        .await,
        "The specified sso-session does not exist: \"nope\""
    );
    assert_eq!(
        error_of(
            &format!(
                "[profile p]\nsso_session = s\nsso_region = us-east-1\n{base}\
                 [sso-session s]\nsso_start_url = {START}\nsso_region = us-west-2\n"
            ),
            None,
            "p"
        )
        .await,
        "The value for sso_region is inconsistent between profile (us-east-1) and sso-session (us-west-2)."
    );
    assert_eq!(
        error_of("[profile p]\nsso_account_id = 1\n", None, "p").await,
        "The profile \"p\" is configured to use SSO but is missing required configuration: sso_role_name, sso_start_url, sso_region"
    );
    assert_eq!(
        error_of(
            &format!(
                "[profile p]\nsso_session = s\nsso_region = us-east-1\n{base}\
                 [sso-session s]\nsso_start_url = {START}\n"
            ),
            None,
            "p"
        )
        .await,
        "The profile \"p\" is configured to use the SSO token provider but is missing the following configuration: ['sso_region']."
    );
}

#[tokio::test]
async fn bearer_only_profiles_are_left_to_the_chain() {
    let h = home(
        &format!(
            "[profile tok]\nsso_session = my-sso\n\
             [sso-session my-sso]\nsso_start_url = {START}\nsso_region = us-east-1\n\
             [profile both]\nsso_session = my-sso\naws_access_key_id = AKIDSTATIC\n\
             aws_secret_access_key = S\n"
        ),
        "",
    );
    let e = creds(loader(h.path(), &[]).profile("tok"))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let c = creds(loader(h.path(), &[]).profile("both")).await.unwrap();
    assert_eq!(c.access_key_id(), "AKIDSTATIC");
}

#[tokio::test]
async fn sso_source_profile_of_a_role() {
    let sso = fake_sso(&["ACCESS-OK"]);
    let sts = fake_sts();
    let cap = capture();
    let h = home(
        &format!(
            "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/test\nsource_profile = dev\n{}",
            session_config()
        ),
        "",
    );
    write_token(&h, SESSION_KEY, &token_doc("ACCESS-OK", 3600, false));
    let mut v = vars(&sso, &cap);
    v.push(("AWS_ENDPOINT_URL_STS".into(), sts.url()));
    let config = loader(h.path(), &refs(&v)).profile("role").load().unwrap();
    let sent = signed_call(&config, &cap).await;
    assert_eq!(signing_akid(&sent).as_deref(), Some("ASIA0"));
    // STS was signed with the SSO role credentials.
    assert_eq!(signing_akid(&sts.requests()[0]).as_deref(), Some("ASIA0"));
    assert_eq!(sso.requests().len(), 1);
    // A source profile's SSO credentials are not written to the file cache.
    assert!(
        !cache_dir(h.path())
            .join(format!("{SESSION_ROLE_KEY}.json"))
            .exists()
    );
}

#[tokio::test]
async fn secrets_stay_out_of_debug_errors_and_logs() {
    use std::fmt::Write as _;
    #[derive(Clone, Default)]
    struct Log(Arc<Mutex<String>>);
    struct Fields<'a>(&'a mut String);
    impl tracing::field::Visit for Fields<'_> {
        fn record_debug(&mut self, f: &tracing::field::Field, v: &dyn std::fmt::Debug) {
            let _ = writeln!(self.0, "{}={v:?}", f.name());
        }
    }
    impl tracing::Subscriber for Log {
        fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            tracing::span::Id::from_u64(1)
        }
        fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
        fn event(&self, e: &tracing::Event<'_>) {
            e.record(&mut Fields(&mut self.0.lock().unwrap()));
        }
        fn enter(&self, _: &tracing::span::Id) {}
        fn exit(&self, _: &tracing::span::Id) {}
    }
    let log = Log::default();
    let _guard = tracing::subscriber::set_default(log.clone());

    let sso = fake_sso(&[]);
    let cap = capture();
    let h = home(&session_config(), "");
    write_token(&h, SESSION_KEY, &token_doc("ACCESS-OLD", 300, true));
    let v = vars(&sso, &cap);
    let providers = Providers::new();
    let config = loader_with(h.path(), &refs(&v), providers.clone())
        .profile("dev")
        .load()
        .unwrap();
    signed_call(&config, &cap).await;
    let c = config.credentials().await.unwrap().unwrap();
    // An error with a refused token.
    write_token(&h, SESSION_KEY, &token_doc("ACCESS-REVOKED", 3600, false));
    std::fs::remove_dir_all(cache_dir(h.path())).unwrap();
    let e = creds(loader(h.path(), &refs(&v)).profile("dev"))
        .await
        .unwrap_err();

    let text = log.0.lock().unwrap().clone();
    assert!(text.contains("Looking for credentials via: sso"), "{text}");
    for (what, shown) in [
        ("Credentials", format!("{c:?} {c}")),
        ("Providers", format!("{providers:?}")),
        ("error", format!("{e} {e:?}")),
        ("the debug log", text),
    ] {
        for secret in [
            "ACCESS-OLD",
            "ACCESS-NEW",
            "ACCESS-REVOKED",
            "REFRESH-TOKEN-OLD",
            "REFRESH-TOKEN-NEW",
            "CLIENT-SECRET-VALUE",
            "SECRET0",
            "TOKEN0",
            "SECRET1",
            "TOKEN1",
        ] {
            assert!(!shown.contains(secret), "{what} shows {secret}:\n{shown}");
        }
    }
}

/// botocore reads what awslice wrote (the refreshed token, the role credentials) and
/// awslice reads what botocore wrote.
#[tokio::test]
async fn botocore_reads_and_writes_the_same_files() {
    let Some(python) =
        awslice_test_support::peers::or_skip(awslice_test_support::peers::python_with(&[
            "botocore",
        ]))
    else {
        return;
    };
    // awslice writes (a refresh and the role credentials); botocore reads.
    let sso = fake_sso(&[]);
    let cap = capture();
    let h = home(&session_config(), "");
    write_token(&h, SESSION_KEY, &token_doc("ACCESS-OLD", 300, true));
    let v = vars(&sso, &cap);
    let c = creds(loader(h.path(), &refs(&v)).profile("dev"))
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA1");
    let script = format!(
        r#"
import sys
from botocore.utils import JSONFileCache, SSOTokenLoader
from botocore.credentials import SSOCredentialFetcher
home = sys.argv[1]
tok = SSOTokenLoader(cache=JSONFileCache(home + '/.aws/sso/cache'))('{START}', session_name='my-sso')
print(tok['accessToken'], tok['refreshToken'])
def no_client(*a, **k):
    raise SystemExit('botocore called the portal')
f = SSOCredentialFetcher('{START}', 'us-east-1', '{ROLE}', '{ACCOUNT}', no_client,
    token_loader=lambda *a, **k: tok, cache=JSONFileCache(home + '/.aws/cli/cache'),
    sso_session_name='my-sso')
c = f.fetch_credentials()
print(c['access_key'], c['token'])
"#
    );
    let out = std::process::Command::new(&python)
        .args(["-c", &script])
        .arg(h.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "ACCESS-NEW REFRESH-TOKEN-NEW\nASIA1 TOKEN1\n"
    );

    // botocore writes (its token loader's file, its fetcher's role cache); awslice reads.
    let h = home(&legacy_config(), "");
    let script = format!(
        r#"
import sys, datetime
from botocore.utils import JSONFileCache, SSOTokenLoader
from botocore.credentials import SSOCredentialFetcher
home = sys.argv[1]
later = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1))
SSOTokenLoader(cache=JSONFileCache(home + '/.aws/sso/cache')).save_token('{START}', {{
    'startUrl': '{START}', 'region': 'eu-west-1', 'accessToken': 'ACCESS-BOTO',
    'expiresAt': later.strftime('%Y-%m-%dT%H:%M:%SZ')}})
class Client:
    def get_role_credentials(self, **kw):
        return {{'roleCredentials': {{'accessKeyId': 'ASIABOTO', 'secretAccessKey': 'S',
            'sessionToken': 'T', 'expiration': int(later.timestamp() * 1000)}}}}
f = SSOCredentialFetcher('{START}', 'eu-west-1', '{ROLE}', '{ACCOUNT}', lambda *a, **k: Client(),
    token_loader=SSOTokenLoader(cache=JSONFileCache(home + '/.aws/sso/cache')),
    cache=JSONFileCache(home + '/.aws/cli/cache'))
f.fetch_credentials()
"#
    );
    let out = std::process::Command::new(&python)
        .args(["-c", &script])
        .arg(h.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dead = dead_url();
    let c = creds(loader(h.path(), &[("AWS_ENDPOINT_URL_SSO", dead.as_str())]).profile("old"))
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIABOTO");
    // And the token botocore wrote is the one awslice sends once the role cache is gone.
    std::fs::remove_dir_all(cache_dir(h.path())).unwrap();
    let sso = fake_sso(&["ACCESS-BOTO"]);
    let u = sso.url();
    let c = creds(loader(h.path(), &[("AWS_ENDPOINT_URL_SSO", u.as_str())]).profile("old"))
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA0");
}
