//! The providers against a scripted STS on 127.0.0.1 (reached through
//! `AWS_ENDPOINT_URL_STS`): what is sent and signed with what, chains, web identity from
//! the environment and the profile, MFA, errors, and refresh.

use std::sync::{Arc, Mutex};

use awslice_credentials::{Providers, ReaderPrompt};
use awslice_runtime::error::CallError;

use crate::support::*;

const ROLE: &str = "arn:aws:iam::123456789012:role/test";

#[tokio::test]
async fn source_profile_role_is_assumed_with_the_source_keys() {
    let sts = fake_sts();
    let h = home(
        &format!("[profile role]\nrole_arn = {ROLE}\nsource_profile = base\n"),
        &format!(
            "[base]\naws_access_key_id = {SOURCE_AKID}\naws_secret_access_key = {SOURCE_SECRET}\n"
        ),
    );
    let cap = capture();
    let vars = [
        ("AWS_ENDPOINT_URL_STS", sts.url()),
        ("AWS_ENDPOINT_URL_WORKSPACES", cap.url()),
    ];
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let config = loader(h.path(), &vars).profile("role").load().unwrap();
    let sent = signed_call(&config, &cap).await;
    assert_eq!(signing_akid(&sent).as_deref(), Some("ASIA0"));
    assert_eq!(
        sent.header("x-amz-security-token").as_deref(),
        Some("TOKEN0")
    );
    let c = config.credentials().await.unwrap().unwrap();
    assert_eq!(c.provider(), "assume-role");
    let left = c
        .expiry()
        .unwrap()
        .duration_since(std::time::SystemTime::now())
        .unwrap();
    assert!(left.as_secs() > 3000, "{left:?}");

    let reqs = sts.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method(), "POST");
    assert_eq!(signing_akid(r).as_deref(), Some(SOURCE_AKID));
    assert_eq!(r.header("x-amz-security-token"), None);
    assert!(
        r.header("authorization")
            .unwrap()
            .contains("/us-east-1/sts/aws4_request"),
        "{:?}",
        r.header("authorization")
    );
    assert_eq!(field(r, "Action").as_deref(), Some("AssumeRole"));
    assert_eq!(field(r, "Version").as_deref(), Some("2011-06-15"));
    assert_eq!(field(r, "RoleArn").as_deref(), Some(ROLE));
    let session = field(r, "RoleSessionName").unwrap();
    let secs = session
        .strip_prefix("botocore-session-")
        .expect("the default name");
    assert!(
        secs.len() >= 10 && secs.bytes().all(|b| b.is_ascii_digit()),
        "{session}"
    );
    for absent in ["ExternalId", "SerialNumber", "TokenCode", "DurationSeconds"] {
        assert_eq!(field(r, absent), None, "{absent}");
    }

    // Another process (new providers, new config) reuses the cache file: no STS call.
    let again = creds(loader(h.path(), &vars).profile("role"))
        .await
        .unwrap();
    assert_eq!(again.access_key_id(), "ASIA0");
    assert_eq!(sts.requests().len(), 1);
}

#[tokio::test]
async fn configured_parameters_are_sent() {
    let sts = fake_sts();
    let h = home(
        &format!(
            "[profile role]\nrole_arn = {ROLE}\nsource_profile = role\n\
             role_session_name = mysession\nexternal_id = ext-1\nduration_seconds = 3600\n"
        ),
        &format!(
            "[role]\naws_access_key_id = {SOURCE_AKID}\naws_secret_access_key = {SOURCE_SECRET}\n"
        ),
    );
    let url = sts.url();
    let c = creds(loader(h.path(), &[("AWS_ENDPOINT_URL_STS", &url)]).profile("role"))
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA0");
    let r = &sts.requests()[0];
    // A profile naming itself as its source uses its own static keys for its role.
    assert_eq!(signing_akid(r).as_deref(), Some(SOURCE_AKID));
    assert_eq!(field(r, "RoleSessionName").as_deref(), Some("mysession"));
    assert_eq!(field(r, "ExternalId").as_deref(), Some("ext-1"));
    assert_eq!(field(r, "DurationSeconds").as_deref(), Some("3600"));
}

#[tokio::test]
async fn two_hop_chain_signs_each_hop_with_the_previous_one() {
    let sts = fake_sts();
    let h = home(
        "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/first\nsource_profile = b\n\
         [profile b]\nrole_arn = arn:aws:iam::222222222222:role/second\nsource_profile = c\n",
        &format!(
            "[c]\naws_access_key_id = {SOURCE_AKID}\naws_secret_access_key = {SOURCE_SECRET}\n"
        ),
    );
    let cap = capture();
    let (s, w) = (sts.url(), cap.url());
    let vars = [
        ("AWS_ENDPOINT_URL_STS", s.as_str()),
        ("AWS_ENDPOINT_URL_WORKSPACES", w.as_str()),
    ];
    let config = loader(h.path(), &vars).profile("a").load().unwrap();
    let sent = signed_call(&config, &cap).await;
    assert_eq!(signing_akid(&sent).as_deref(), Some("ASIA1"));
    assert_eq!(
        sent.header("x-amz-security-token").as_deref(),
        Some("TOKEN1")
    );
    let reqs = sts.requests();
    assert_eq!(reqs.len(), 2);
    // b's role first, with c's keys; then a's role with b's assumed credentials.
    assert_eq!(
        field(&reqs[0], "RoleArn").as_deref(),
        Some("arn:aws:iam::222222222222:role/second")
    );
    assert_eq!(signing_akid(&reqs[0]).as_deref(), Some(SOURCE_AKID));
    assert_eq!(
        field(&reqs[1], "RoleArn").as_deref(),
        Some("arn:aws:iam::111111111111:role/first")
    );
    assert_eq!(signing_akid(&reqs[1]).as_deref(), Some("ASIA0"));
    assert_eq!(
        reqs[1].header("x-amz-security-token").as_deref(),
        Some("TOKEN0")
    );
    // Every hop has its cache file.
    assert_eq!(cache_files(h.path()).len(), 2);
}

#[tokio::test]
async fn credential_source_environment_even_with_an_explicit_profile() {
    let sts = fake_sts();
    let h = home(
        &format!("[profile ci]\nrole_arn = {ROLE}\ncredential_source = Environment\n"),
        "",
    );
    let url = sts.url();
    let c = creds(
        loader(
            h.path(),
            &[
                ("AWS_ENDPOINT_URL_STS", &url),
                ("AWS_ACCESS_KEY_ID", "AKIDENV"),
                ("AWS_SECRET_ACCESS_KEY", "SECRETENV"),
                ("AWS_SESSION_TOKEN", "TOKENENV"),
            ],
        )
        .profile("ci"),
    )
    .await
    .unwrap();
    assert_eq!((c.access_key_id(), c.provider()), ("ASIA0", "assume-role"));
    let r = &sts.requests()[0];
    assert_eq!(signing_akid(r).as_deref(), Some("AKIDENV"));
    assert_eq!(
        r.header("x-amz-security-token").as_deref(),
        Some("TOKENENV")
    );
}

#[tokio::test]
async fn role_arn_beats_the_profiles_own_static_keys_but_not_env_keys() {
    let sts = fake_sts();
    let h = home(
        &format!("[default]\nrole_arn = {ROLE}\nsource_profile = base\n"),
        &format!(
            "[default]\naws_access_key_id = AKIDOWN\naws_secret_access_key = S\n\
             [base]\naws_access_key_id = {SOURCE_AKID}\naws_secret_access_key = {SOURCE_SECRET}\n"
        ),
    );
    let url = sts.url();
    let c = creds(loader(h.path(), &[("AWS_ENDPOINT_URL_STS", &url)]))
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA0");
    let c = creds(loader(
        h.path(),
        &[
            ("AWS_ENDPOINT_URL_STS", &url),
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "SECRETENV"),
        ],
    ))
    .await
    .unwrap();
    assert_eq!(c.access_key_id(), "AKIDENV");
    assert_eq!(sts.requests().len(), 1);
}

#[tokio::test]
async fn web_identity_from_the_environment_is_unsigned() {
    let sts = fake_sts();
    let h = home("[profile other]\nregion = us-east-1\n", "");
    let token = h.write("token.jwt", "eyJhbGciOi.payload.sig\n");
    let token = token.display().to_string();
    let url = sts.url();
    let vars = [
        ("AWS_ENDPOINT_URL_STS", url.as_str()),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token.as_str()),
        ("AWS_ROLE_ARN", ROLE),
        ("AWS_ROLE_SESSION_NAME", "ci-run"),
    ];
    let c = creds(loader(h.path(), &vars)).await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.provider()),
        ("ASIA0", "assume-role-with-web-identity")
    );
    let r = &sts.requests()[0];
    assert_eq!(r.header("authorization"), None);
    assert_eq!(r.header("x-amz-date"), None);
    assert_eq!(
        field(r, "Action").as_deref(),
        Some("AssumeRoleWithWebIdentity")
    );
    assert_eq!(field(r, "RoleArn").as_deref(), Some(ROLE));
    assert_eq!(field(r, "RoleSessionName").as_deref(), Some("ci-run"));
    // Read whole: the trailing newline is sent.
    assert_eq!(
        field(r, "WebIdentityToken").as_deref(),
        Some("eyJhbGciOi.payload.sig\n")
    );
    // The cache file is named by the role and the configured session name.
    let key = awslice_credentials::cache_key(
        serde_json::json!({"RoleArn": ROLE, "RoleSessionName": "ci-run"})
            .as_object()
            .unwrap(),
    );
    assert_eq!(
        cache_files(h.path()),
        vec![cache_dir(h.path()).join(format!("{key}.json"))]
    );

    // An explicit profile switches the environment's web identity off.
    let e = creds(loader(h.path(), &vars).profile("other"))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    // An empty token file variable is "not configured".
    let mut empty = vars.to_vec();
    empty[1] = ("AWS_WEB_IDENTITY_TOKEN_FILE", "");
    assert!(
        creds(loader(h.path(), &empty))
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn web_identity_from_the_profile() {
    let sts = fake_sts();
    let h = TempDir::new("webid");
    let token = h.write("t", "tok-from-profile");
    h.write(
        ".aws/config",
        &format!(
            "[profile web]\nrole_arn = {ROLE}\nweb_identity_token_file = {}\n",
            token.display()
        ),
    );
    let url = sts.url();
    let c = creds(loader(h.path(), &[("AWS_ENDPOINT_URL_STS", &url)]).profile("web"))
        .await
        .unwrap();
    assert_eq!(c.provider(), "assume-role-with-web-identity");
    let r = &sts.requests()[0];
    assert_eq!(
        field(r, "WebIdentityToken").as_deref(),
        Some("tok-from-profile")
    );
    assert!(
        field(r, "RoleSessionName")
            .unwrap()
            .starts_with("botocore-session-")
    );
    // Without a session name, web identity shares assume-role's cache file for the role.
    assert_eq!(
        cache_files(h.path()),
        vec![cache_dir(h.path()).join("9b413f63d088ca513edf4bf108e5aeb99bbc1763.json")]
    );
}

#[tokio::test]
async fn web_identity_source_profile_for_a_role() {
    let sts = fake_sts();
    let h = TempDir::new("webid-chain");
    let token = h.write("t", "token");
    h.write(
        ".aws/config",
        &format!(
            "[profile top]\nrole_arn = arn:aws:iam::111111111111:role/top\nsource_profile = web\n\
             [profile web]\nrole_arn = {ROLE}\nweb_identity_token_file = {}\n",
            token.display()
        ),
    );
    let url = sts.url();
    let c = creds(loader(h.path(), &[("AWS_ENDPOINT_URL_STS", &url)]).profile("top"))
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA1");
    let reqs = sts.requests();
    assert_eq!(
        field(&reqs[0], "Action").as_deref(),
        Some("AssumeRoleWithWebIdentity")
    );
    assert_eq!(field(&reqs[1], "Action").as_deref(), Some("AssumeRole"));
    assert_eq!(signing_akid(&reqs[1]).as_deref(), Some("ASIA0"));
    // Only the role of the selected profile is cached on disk.
    assert_eq!(cache_files(h.path()).len(), 1);
}

#[tokio::test]
async fn refresh_rereads_the_token_file() {
    // Credentials valid 5 minutes: inside the refresh windows, so the next use refreshes.
    let sts = fake_sts_expiring(300);
    let h = home("", "");
    let token = h.write("token", "first");
    let (url, path) = (sts.url(), token.display().to_string());
    let config = loader(
        h.path(),
        &[
            ("AWS_ENDPOINT_URL_STS", &url),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", &path),
            ("AWS_ROLE_ARN", ROLE),
        ],
    )
    .load()
    .unwrap();
    let c = config.credentials().await.unwrap().unwrap();
    assert_eq!(c.access_key_id(), "ASIA0");
    h.write("token", "second");
    let c = config.credentials().await.unwrap().unwrap();
    assert_eq!(c.access_key_id(), "ASIA1");
    let reqs = sts.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(
        field(&reqs[1], "WebIdentityToken").as_deref(),
        Some("second")
    );
}

#[tokio::test]
async fn sts_errors_keep_their_code_and_operation() {
    let sts = Server::start(vec![sts_error(
        403,
        "AccessDenied",
        "User is not authorized",
    )]);
    let h = home(
        &format!("[profile role]\nrole_arn = {ROLE}\nsource_profile = base\n"),
        &format!(
            "[base]\naws_access_key_id = {SOURCE_AKID}\naws_secret_access_key = {SOURCE_SECRET}\n"
        ),
    );
    let cap = capture();
    let (s, w) = (sts.url(), cap.url());
    let vars = [
        ("AWS_ENDPOINT_URL_STS", s.as_str()),
        ("AWS_ENDPOINT_URL_WORKSPACES", w.as_str()),
    ];
    let e = creds(loader(h.path(), &vars).profile("role"))
        .await
        .unwrap_err();
    let (op, se) = e.service_error().expect("a service error");
    assert_eq!((op, se.code.as_str()), ("AssumeRole", "AccessDenied"));
    assert_eq!(
        e.to_string(),
        "An error occurred (AccessDenied) when calling the AssumeRole operation: User is not authorized"
    );
    // Through a client: the call error the CLI turns into exit code 254.
    let config = loader(h.path(), &vars).profile("role").load().unwrap();
    let client = awslice_runtime::client::ServiceClient::new(
        &config,
        &awslice_test_support::sdk_config::META,
    );
    let e = client.call("X", b"{}".to_vec()).await.unwrap_err();
    assert!(
        matches!(&e, CallError::CredentialsService { operation, error } if operation == "AssumeRole" && error.code == "AccessDenied"),
        "{e:?}"
    );
    assert!(cap.requests().is_empty(), "nothing sent to the service");
    assert!(cache_files(h.path()).is_empty());
}

#[tokio::test]
async fn parameters_are_checked_before_sending() {
    let sts = fake_sts();
    let h = home(
        &format!(
            "[profile role]\nrole_arn = {ROLE}\nsource_profile = base\nduration_seconds = 100\n\
             [profile short]\nrole_arn = arn:x\nsource_profile = base\nrole_session_name = s\n\
             [profile skip]\nrole_arn = {ROLE}\nsource_profile = base\nduration_seconds = 1h\n"
        ),
        &format!(
            "[base]\naws_access_key_id = {SOURCE_AKID}\naws_secret_access_key = {SOURCE_SECRET}\n"
        ),
    );
    let url = sts.url();
    let vars = [("AWS_ENDPOINT_URL_STS", url.as_str())];
    let e = creds(loader(h.path(), &vars).profile("role"))
        .await
        .unwrap_err();
    assert!(e.is_invalid_parameter(), "{e}");
    assert_eq!(
        e.to_string(),
        "Parameter validation failed:\nInvalid value for parameter DurationSeconds, value: 100, valid min value: 900"
    );
    let e = creds(loader(h.path(), &vars).profile("short"))
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Parameter validation failed:\n\
         Invalid length for parameter RoleSessionName, value: 1, valid min length: 2\n\
         Invalid length for parameter RoleArn, value: 5, valid min length: 20"
    );
    assert!(sts.requests().is_empty());
    // A duration Python's int() refuses is ignored.
    creds(loader(h.path(), &vars).profile("skip"))
        .await
        .unwrap();
    assert_eq!(field(&sts.requests()[0], "DurationSeconds"), None);
}

/// A writer the test can read back.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn mfa_code_is_asked_once_per_process() {
    let sts = fake_sts();
    let serial = "arn:aws:iam::123456789012:mfa/user";
    let h = home(
        &format!(
            "[profile mfa]\nrole_arn = {ROLE}\nsource_profile = base\nmfa_serial = {serial}\n"
        ),
        &format!(
            "[base]\naws_access_key_id = {SOURCE_AKID}\naws_secret_access_key = {SOURCE_SECRET}\n"
        ),
    );
    let url = sts.url();
    let vars = [("AWS_ENDPOINT_URL_STS", url.as_str())];
    let shown = Shared::default();
    let providers = Providers::with_mfa_prompt(ReaderPrompt::new(
        std::io::Cursor::new(b"654321\n".to_vec()),
        shown.clone(),
    ));
    let c = creds(loader_with(h.path(), &vars, providers.clone()).profile("mfa"))
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA0");
    assert_eq!(
        String::from_utf8(shown.0.lock().unwrap().clone()).unwrap(),
        format!("Enter MFA code for {serial}: \n")
    );
    let r = &sts.requests()[0];
    assert_eq!(field(r, "SerialNumber").as_deref(), Some(serial));
    assert_eq!(field(r, "TokenCode").as_deref(), Some("654321"));
    // The cache file is named with the serial number, without the code.
    let key = awslice_credentials::cache_key(
        serde_json::json!({"RoleArn": ROLE, "SerialNumber": serial})
            .as_object()
            .unwrap(),
    );
    assert_eq!(
        cache_files(h.path()),
        vec![cache_dir(h.path()).join(format!("{key}.json"))]
    );

    // The same providers refuse to fetch MFA credentials again.
    let e = creds(loader_with(h.path(), &vars, providers).profile("mfa"))
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Cannot refresh credentials: MFA token required."
    );
    // A new process uses the cache file without asking.
    let quiet = Shared::default();
    let fresh = Providers::with_mfa_prompt(ReaderPrompt::new(std::io::empty(), quiet.clone()));
    let c = creds(loader_with(h.path(), &vars, fresh).profile("mfa"))
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA0");
    assert!(quiet.0.lock().unwrap().is_empty());
    assert_eq!(sts.requests().len(), 1);

    // No input (a non-interactive run): the AWS CLI's EOFError, an empty message.
    std::fs::remove_dir_all(cache_dir(h.path())).unwrap();
    let none = Providers::with_mfa_prompt(ReaderPrompt::new(std::io::empty(), std::io::sink()));
    let e = creds(loader_with(h.path(), &vars, none).profile("mfa"))
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "");
    assert!(!e.is_not_found());
    assert_eq!(sts.requests().len(), 1);
}
