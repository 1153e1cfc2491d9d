//! Configuration errors, each with the AWS CLI's text, found before any call to STS (the
//! STS endpoint is a port nothing listens on).

use crate::support::*;

fn dead_port() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}

async fn error_of(config: &str, credentials: &str, profile: &str, vars: &[(&str, &str)]) -> String {
    let h = home(config, credentials);
    let dead = dead_port();
    let mut all = vec![("AWS_ENDPOINT_URL_STS", dead.as_str())];
    all.extend_from_slice(vars);
    let e = creds(loader(h.path(), &all).profile(profile))
        .await
        .expect_err("a configuration error");
    assert!(!e.is_not_found() && e.service_error().is_none(), "{e}");
    e.to_string()
}

const ROLE: &str = "arn:aws:iam::123456789012:role/test";
const KEYS: &str = "[base]\naws_access_key_id = AKID\naws_secret_access_key = S\n";

#[tokio::test]
async fn source_settings() {
    assert_eq!(
        error_of(
            &format!("[profile p]\nrole_arn = {ROLE}\nsource_profile = base\ncredential_source = Environment\n"),
            KEYS,
            "p",
            &[]
        )
        .await,
        "The profile \"p\" contains both source_profile and credential_source."
    );
    assert_eq!(
        error_of(&format!("[profile p]\nrole_arn = {ROLE}\n"), KEYS, "p", &[]).await,
        "Partial credentials found in assume-role, missing: source_profile or credential_source"
    );
    assert_eq!(
        error_of(
            &format!("[profile p]\nrole_arn = {ROLE}\ncredential_source = environment\n"),
            KEYS,
            "p",
            &[]
        )
        .await,
        "The credential source \"environment\" referenced in profile \"p\" is not valid."
    );
    assert_eq!(
        error_of(
            &format!("[profile p]\nrole_arn = {ROLE}\nsource_profile = nowhere\n"),
            KEYS,
            "p",
            &[]
        )
        .await,
        "The source_profile \"nowhere\" referenced in the profile \"p\" does not exist."
    );
    assert_eq!(
        error_of(
            &format!("[profile p]\nrole_arn = {ROLE}\ncredential_source = Environment\n"),
            KEYS,
            "p",
            &[]
        )
        .await,
        "Error when retrieving credentials from Environment: No credentials found in credential_source referenced in profile p"
    );
    assert_eq!(
        error_of(
            &format!("[profile p]\nrole_arn = {ROLE}\nsource_profile = empty\n[profile empty]\nregion = us-east-1\n"),
            "",
            "p",
            &[]
        )
        .await,
        "The source profile \"empty\" must have credentials."
    );
}

#[tokio::test]
async fn loops_are_detected() {
    let loop_config = format!(
        "[profile a]\nrole_arn = {ROLE}\nsource_profile = b\n\
         [profile b]\nrole_arn = {ROLE}\nsource_profile = a\n\
         [profile self]\nrole_arn = {ROLE}\nsource_profile = self\n\
         [profile c]\nrole_arn = {ROLE}\nsource_profile = d\n\
         [profile d]\nrole_arn = {ROLE}\nsource_profile = e\n\
         [profile e]\nrole_arn = {ROLE}\nsource_profile = d\n"
    );
    assert_eq!(
        error_of(&loop_config, "", "a", &[]).await,
        "Infinite loop in credential configuration detected. Attempting to load from profile a which has already been visited. Visited profiles: ['a', 'b']"
    );
    assert_eq!(
        error_of(&loop_config, "", "self", &[]).await,
        "Infinite loop in credential configuration detected. Attempting to load from profile self which has already been visited. Visited profiles: ['self']"
    );
    assert_eq!(
        error_of(&loop_config, "", "c", &[]).await,
        "Infinite loop in credential configuration detected. Attempting to load from profile d which has already been visited. Visited profiles: ['c', 'd', 'e']"
    );
}

#[tokio::test]
async fn web_identity_settings() {
    let h = TempDir::new("webid-errors");
    let missing = h.path().join("no-such-token");
    let missing = missing.display().to_string();
    assert_eq!(
        error_of(
            &format!("[profile w]\nweb_identity_token_file = {missing}\n"),
            "",
            "w",
            &[]
        )
        .await,
        "The provided profile or the current environment is configured to assume role with web identity but has no role ARN configured. Ensure that the profile has the role_arnconfiguration set or the AWS_ROLE_ARN env var is set."
    );
    assert_eq!(
        error_of(
            &format!("[profile w]\nweb_identity_token_file = {missing}\nrole_arn = {ROLE}\n"),
            "",
            "w",
            &[]
        )
        .await,
        format!("[Errno 2] No such file or directory: '{missing}'")
    );
    // From the environment (no explicit profile), with an empty role ARN variable.
    let h2 = home("", "");
    let dead = dead_port();
    let e = creds(loader(
        h2.path(),
        &[
            ("AWS_ENDPOINT_URL_STS", &dead),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", &missing),
            ("AWS_ROLE_ARN", ""),
        ],
    ))
    .await
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("The provided profile or the current environment"),
        "{e}"
    );
}

#[tokio::test]
async fn without_the_providers_profiles_are_refused_as_before() {
    let h = home(
        &format!("[profile p]\nrole_arn = {ROLE}\nsource_profile = base\n"),
        KEYS,
    );
    let e = creds(
        awslice_runtime::config::ConfigLoader::new()
            .env(env(h.path(), &[]))
            .profile("p"),
    )
    .await
    .unwrap_err();
    assert!(e.is_unsupported(), "{e}");
    assert_eq!(
        e.to_string(),
        "The config profile (p) uses assume-role (`role_arn`), which awslice does not support yet"
    );
}
