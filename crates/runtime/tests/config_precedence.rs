//! Precedence of every setting: flags > environment > profile > default, and the AWS CLI
//! v2's error texts for invalid values.

use crate::config_support as support;

use std::path::Path;
use std::time::Duration;

use awslice_runtime::config::{ConfigErrorKind, RetryMode};
use support::{TempDir, loader};

fn home_with(config: &str) -> TempDir {
    let home = TempDir::new("prec");
    home.write(".aws/config", config);
    home
}

#[test]
fn region_precedence() {
    let home = home_with("[default]\nregion = eu-west-3\n");
    let h = home.path();
    let both = [
        ("AWS_REGION", "eu-west-1"),
        ("AWS_DEFAULT_REGION", "us-east-1"),
    ];
    assert_eq!(
        loader(h, &both)
            .region("ap-northeast-1")
            .load()
            .unwrap()
            .region(),
        Some("ap-northeast-1")
    );
    assert_eq!(loader(h, &both).load().unwrap().region(), Some("eu-west-1"));
    assert_eq!(
        loader(h, &both[1..]).load().unwrap().region(),
        Some("us-east-1")
    );
    assert_eq!(loader(h, &[]).load().unwrap().region(), Some("eu-west-3"));
    let empty = TempDir::new("none");
    assert_eq!(loader(empty.path(), &[]).load().unwrap().region(), None);
}

#[test]
fn region_format_is_checked_for_every_source() {
    let home = home_with("[default]\nregion = bad_region\n");
    let e = loader(home.path(), &[])
        .region("bad region!")
        .load()
        .unwrap_err();
    assert_eq!(e.kind(), ConfigErrorKind::InvalidRegion);
    assert_eq!(
        e.to_string(),
        "Provided region_name 'bad region!' doesn't match a supported format."
    );
    let e = loader(home.path(), &[]).load().unwrap_err();
    assert_eq!(
        e.to_string(),
        "Provided region_name 'bad_region' doesn't match a supported format."
    );
    let e = loader(home.path(), &[("AWS_REGION", "-x")])
        .load()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Provided region_name '-x' doesn't match a supported format."
    );
    // Unknown but well-formed regions are fine.
    assert_eq!(
        loader(home.path(), &[])
            .region("mars")
            .load()
            .unwrap()
            .region(),
        Some("mars")
    );
}

#[test]
fn endpoint_url_precedence() {
    let home = home_with(
        "[default]\nendpoint_url = http://profile\nservices = svc\n\
         [services svc]\nworkspaces =\n  endpoint_url = http://services\n\
         elastic_beanstalk =\n  endpoint_url = http://eb-services\n",
    );
    let h = home.path();
    let all = [
        ("AWS_ENDPOINT_URL_WORKSPACES", "http://env-service"),
        ("AWS_ENDPOINT_URL", "http://env-global"),
    ];
    let url = |vars: &[(&str, &str)], flag: Option<&str>| {
        let mut l = loader(h, vars);
        if let Some(u) = flag {
            l = l.endpoint_url(u);
        }
        l.load().unwrap().endpoint_url_for("WorkSpaces")
    };
    assert_eq!(
        url(&all, Some("http://flag")).as_deref(),
        Some("http://flag")
    );
    assert_eq!(url(&all, None).as_deref(), Some("http://env-service"));
    // Both environment variables beat the config file.
    assert_eq!(url(&all[1..], None).as_deref(), Some("http://env-global"));
    assert_eq!(url(&[], None).as_deref(), Some("http://services"));
    // sdkId with a space: env upper-case with `_`, services key lower-case with `_`.
    let c = loader(
        h,
        &[("AWS_ENDPOINT_URL_ELASTIC_BEANSTALK", "http://eb-env")],
    )
    .load()
    .unwrap();
    assert_eq!(
        c.endpoint_url_for("Elastic Beanstalk").as_deref(),
        Some("http://eb-env")
    );
    let c = loader(h, &[]).load().unwrap();
    assert_eq!(
        c.endpoint_url_for("Elastic Beanstalk").as_deref(),
        Some("http://eb-services")
    );

    let plain = home_with("[default]\nendpoint_url = http://profile\n");
    let url = |vars: &[(&str, &str)]| {
        loader(plain.path(), vars)
            .load()
            .unwrap()
            .endpoint_url_for("WorkSpaces")
    };
    assert_eq!(url(&all[1..]).as_deref(), Some("http://env-global"));
    assert_eq!(url(&[]).as_deref(), Some("http://profile"));

    // Ignoring configured endpoints keeps only the flag.
    for (vars, cfg) in [
        (
            vec![("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")],
            "[default]\nendpoint_url = http://p\n",
        ),
        (
            vec![],
            "[default]\nendpoint_url = http://p\nignore_configured_endpoint_urls = TRUE\n",
        ),
    ] {
        let home = home_with(cfg);
        let mut vars = vars;
        vars.extend_from_slice(&all);
        let c = loader(home.path(), &vars).load().unwrap();
        assert_eq!(c.endpoint_url_for("WorkSpaces"), None);
        let c = loader(home.path(), &vars)
            .endpoint_url("http://flag")
            .load()
            .unwrap();
        assert_eq!(
            c.endpoint_url_for("WorkSpaces").as_deref(),
            Some("http://flag")
        );
    }
    let empty = TempDir::new("none");
    assert_eq!(
        loader(empty.path(), &[])
            .load()
            .unwrap()
            .endpoint_url_for("WorkSpaces"),
        None
    );
}

#[test]
fn fips_and_dual_stack() {
    let home = home_with("[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = false\n");
    let h = home.path();
    let c = loader(h, &[]).load().unwrap();
    assert!(c.use_fips() && !c.use_dual_stack());
    let c = loader(
        h,
        &[
            ("AWS_USE_FIPS_ENDPOINT", "false"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "TRUE"),
        ],
    )
    .load()
    .unwrap();
    assert!(!c.use_fips() && c.use_dual_stack());
    // Only "true" is true (botocore's ensure_boolean).
    let c = loader(h, &[("AWS_USE_FIPS_ENDPOINT", "1")]).load().unwrap();
    assert!(!c.use_fips());
    let empty = TempDir::new("none");
    let c = loader(empty.path(), &[]).load().unwrap();
    assert!(!c.use_fips() && !c.use_dual_stack());
}

#[test]
fn retry_settings() {
    let empty = TempDir::new("none");
    let c = loader(empty.path(), &[]).load().unwrap();
    assert_eq!((c.retry_mode(), c.max_attempts()), (RetryMode::Standard, 3));

    let home = home_with("[default]\nretry_mode = adaptive\nmax_attempts = 7\n");
    let c = loader(home.path(), &[]).load().unwrap();
    assert_eq!((c.retry_mode(), c.max_attempts()), (RetryMode::Adaptive, 7));
    let c = loader(
        home.path(),
        &[("AWS_RETRY_MODE", "standard"), ("AWS_MAX_ATTEMPTS", "5")],
    )
    .load()
    .unwrap();
    assert_eq!((c.retry_mode(), c.max_attempts()), (RetryMode::Standard, 5));

    for (vars, text) in [
        (
            [("AWS_RETRY_MODE", "legacy")],
            r#"Invalid value provided to "mode": "legacy" must be one of: "standard" or "adaptive""#,
        ),
        (
            [("AWS_MAX_ATTEMPTS", "0")],
            r#"Value provided to "max_attempts": 0 must be an integer greater than or equal to one."#,
        ),
        (
            [("AWS_MAX_ATTEMPTS", "-2")],
            r#"Value provided to "max_attempts": -2 must be an integer greater than or equal to one."#,
        ),
        (
            [("AWS_MAX_ATTEMPTS", "abc")],
            "invalid literal for int() with base 10: 'abc'",
        ),
        (
            [("AWS_MAX_ATTEMPTS", "")],
            "invalid literal for int() with base 10: ''",
        ),
    ] {
        let e = loader(empty.path(), &vars).load().unwrap_err();
        assert_eq!(e.kind(), ConfigErrorKind::InvalidValue);
        assert_eq!(e.to_string(), text);
    }
    let bad = home_with("[default]\nretry_mode = legacy\n");
    let e = loader(bad.path(), &[]).load().unwrap_err();
    assert!(e.to_string().contains(r#""legacy" must be one of"#));
}

#[test]
fn timeouts_tls_and_signing() {
    let home = home_with("[default]\nca_bundle = /profile.pem\n");
    let h = home.path();
    let c = loader(h, &[]).load().unwrap();
    assert_eq!(c.connect_timeout(), Some(Duration::from_secs(60)));
    assert_eq!(c.read_timeout(), Some(Duration::from_secs(60)));
    assert!(c.verify_tls() && !c.no_sign_request());
    assert_eq!(c.ca_bundle(), Some(Path::new("/profile.pem")));

    let c = loader(h, &[("AWS_CA_BUNDLE", "/env.pem")])
        .connect_timeout(None)
        .read_timeout(Some(Duration::from_secs(5)))
        .verify_tls(false)
        .no_sign_request(true)
        .load()
        .unwrap();
    assert_eq!(c.connect_timeout(), None);
    assert_eq!(c.read_timeout(), Some(Duration::from_secs(5)));
    assert!(!c.verify_tls() && c.no_sign_request());
    assert_eq!(c.ca_bundle(), Some(Path::new("/env.pem")));
    let c = loader(h, &[("AWS_CA_BUNDLE", "/env.pem")])
        .ca_bundle("/flag.pem")
        .load()
        .unwrap();
    assert_eq!(c.ca_bundle(), Some(Path::new("/flag.pem")));
    assert_eq!(c.env_value("AWS_CA_BUNDLE"), Some("/env.pem"));
    assert_eq!(c.env_value("NOPE"), None);
}

#[tokio::test]
async fn no_sign_request_needs_no_credentials() {
    let empty = TempDir::new("none");
    let c = loader(empty.path(), &[])
        .no_sign_request(true)
        .load()
        .unwrap();
    assert!(c.credentials().await.unwrap().is_none());
}

#[test]
fn clones_share_settings_and_debug_is_safe() {
    let home = home_with("[default]\nregion = us-west-2\n");
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDX\naws_secret_access_key = TOPSECRET\n",
    );
    let c = loader(home.path(), &[("AWS_SECRET_ACCESS_KEY", "ENVSECRET")])
        .load()
        .unwrap();
    let d = c.clone();
    assert_eq!(d.region(), Some("us-west-2"));
    let dbg = format!("{c:?} {:?}", c.profile_set());
    assert!(
        !dbg.contains("TOPSECRET") && !dbg.contains("ENVSECRET"),
        "{dbg}"
    );
}
