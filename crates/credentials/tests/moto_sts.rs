//! Against moto's STS (reached through `AWS_ENDPOINT_URL_STS`): a `source_profile` role, a
//! two-hop chain, `credential_source = Environment`, and web identity from the environment
//! and from the profile each sign a WorkSpaces call (captured on a loopback server) with the
//! credentials moto issued; a second run reuses the cache file with STS unreachable.

use awslice_test_support::moto::Moto;

use crate::support::*;

const KEYS: &str = "[base]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n";

/// Resolves `profile` (`None`: no explicit profile) with `vars` against moto, signs a call
/// and checks it carries the assumed credentials; returns their access key id.
async fn signs_with_assumed(
    h: &TempDir,
    sts: &str,
    profile: Option<&str>,
    vars: &[(&str, &str)],
    provider: &str,
) -> String {
    let cap = capture();
    let w = cap.url();
    let mut all = vec![
        ("AWS_ENDPOINT_URL_STS", sts),
        ("AWS_ENDPOINT_URL_WORKSPACES", w.as_str()),
    ];
    all.extend_from_slice(vars);
    let mut l = loader(h.path(), &all);
    if let Some(p) = profile {
        l = l.profile(p);
    }
    let config = l.load().unwrap();
    let sent = signed_call(&config, &cap).await;
    let c = config.credentials().await.unwrap().unwrap();
    assert_eq!(c.provider(), provider);
    assert!(c.access_key_id().starts_with("ASIA"), "{c:?}");
    assert_eq!(signing_akid(&sent).as_deref(), Some(c.access_key_id()));
    assert_eq!(
        sent.header("x-amz-security-token").as_deref(),
        c.session_token()
    );
    assert!(c.session_token().is_some());
    assert!(c.expiry().is_some());
    c.access_key_id().to_string()
}

#[tokio::test]
async fn roles_and_web_identity_against_moto() {
    let Some(moto) = Moto::start_or_skip(&[]) else {
        return;
    };
    let sts = moto.url();

    // A source_profile role, then the same again with STS unreachable: from the cache.
    let h = home(
        "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n",
        KEYS,
    );
    let first = signs_with_assumed(&h, &sts, Some("role"), &[], "assume-role").await;
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}", l.local_addr().unwrap().port())
    };
    let again = signs_with_assumed(&h, &dead, Some("role"), &[], "assume-role").await;
    assert_eq!(first, again);
    assert_eq!(cache_files(h.path()).len(), 1);

    // Two hops.
    let h = home(
        "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/first\nsource_profile = b\n\
         [profile b]\nrole_arn = arn:aws:iam::123456789012:role/second\nsource_profile = base\n",
        KEYS,
    );
    signs_with_assumed(&h, &sts, Some("a"), &[], "assume-role").await;
    assert_eq!(cache_files(h.path()).len(), 2);

    // credential_source = Environment.
    let h = home(
        "[profile ci]\nrole_arn = arn:aws:iam::123456789012:role/ci\ncredential_source = Environment\n",
        "",
    );
    signs_with_assumed(
        &h,
        &sts,
        Some("ci"),
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDENVIRONMENT"),
            ("AWS_SECRET_ACCESS_KEY", "S"),
        ],
        "assume-role",
    )
    .await;

    // Web identity from the environment.
    let h = home("", "");
    let token = h.write("token", "eyJ.test.token");
    let token = token.display().to_string();
    signs_with_assumed(
        &h,
        &sts,
        None,
        &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", &token),
            ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web"),
            ("AWS_ROLE_SESSION_NAME", "pod"),
        ],
        "assume-role-with-web-identity",
    )
    .await;

    // Web identity from the profile.
    let h = TempDir::new("moto-webid");
    let token = h.write("token", "eyJ.test.token");
    h.write(
        ".aws/config",
        &format!(
            "[profile web]\nrole_arn = arn:aws:iam::123456789012:role/web\nweb_identity_token_file = {}\n",
            token.display()
        ),
    );
    signs_with_assumed(&h, &sts, Some("web"), &[], "assume-role-with-web-identity").await;
    assert_eq!(cache_files(h.path()).len(), 1);
}
