//! Container credentials and EC2 instance metadata (IMDSv2) against fake servers on
//! 127.0.0.1, plus refresh-once under 100 concurrent callers.

use crate::config_support as support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use awslice_runtime::credentials::{Credentials, CredentialsError};
use support::{Captured, TempDir, env, fake_server, rfc3339_in};

use awslice_runtime::config::ConfigLoader;

fn doc(akid: &str, expires_in: i64) -> String {
    format!(
        r#"{{"Code":"Success","AccessKeyId":"{akid}","SecretAccessKey":"REMOTESECRET","Token":"REMOTETOKEN","Expiration":"{}"}}"#,
        rfc3339_in(expires_in)
    )
}

async fn creds(home: &TempDir, vars: &[(&str, &str)]) -> Result<Credentials, CredentialsError> {
    // env() disables IMDS unless `vars` sets AWS_EC2_METADATA_DISABLED itself.
    let e = env(home.path(), vars);
    let config = ConfigLoader::new().env(e).load().expect("config loads");
    Ok(config.credentials().await?.expect("signing is on"))
}

#[tokio::test]
async fn container_full_uri_with_token() {
    let server = fake_server(Box::new(|_: &Captured, _| {
        (200, doc("AKIDCONTAINER", 3600))
    }));
    let home = TempDir::new("ctr");
    let url = format!("{}/v2/credentials/abc", server.url());
    let c = creds(
        &home,
        &[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "tok-123"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        (c.access_key_id(), c.secret_access_key()),
        ("AKIDCONTAINER", "REMOTESECRET")
    );
    assert_eq!(
        (c.session_token(), c.provider()),
        (Some("REMOTETOKEN"), "container-role")
    );
    assert!(c.expiry().is_some());
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (seen[0].method(), seen[0].path()),
        ("GET", "/v2/credentials/abc")
    );
    assert_eq!(seen[0].header("authorization").as_deref(), Some("tok-123"));
    assert_eq!(
        seen[0].header("accept").as_deref(),
        Some("application/json")
    );

    // The token file wins over the token variable.
    let file = home.write("token", "from-file\n");
    let c = creds(
        &home,
        &[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "tok-123"),
            (
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                file.to_str().unwrap(),
            ),
        ],
    )
    .await
    .unwrap();
    assert_eq!(c.access_key_id(), "AKIDCONTAINER");
    assert_eq!(
        server.requests()[1].header("authorization").as_deref(),
        Some("from-file")
    );
}

#[tokio::test]
async fn container_errors() {
    let home = TempDir::new("ctr");
    let e = creds(
        &home,
        &[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://192.0.2.1/creds",
        )],
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Error when retrieving credentials from container-role: Unsupported host '192.0.2.1'.  Can only retrieve metadata from a loopback address or one of these hosts: 169.254.170.2, localhost, 169.254.170.23, fd00:ec2::23"
    );
    let e = creds(
        &home,
        &[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "https://127.0.0.1/creds",
        )],
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("only http://"), "{e}");
    let e = creds(
        &home,
        &[
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1:1/creds",
            ),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "a\r\nInjected: yes"),
        ],
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("not a legal header value"), "{e}");

    // A server error is retried (3 attempts, as botocore), then reported.
    let server = fake_server(Box::new(|_: &Captured, _| (500, "boom".to_string())));
    let url = format!("{}/creds", server.url());
    let e = creds(&home, &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url)])
        .await
        .unwrap_err();
    assert!(!e.is_not_found());
    assert_eq!(
        e.to_string(),
        "Error when retrieving credentials from container-role: Received non 200 response (500) from container metadata: boom"
    );
    assert_eq!(server.requests().len(), 3);
}

fn imds_vars(url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", url.to_string()),
        ("AWS_EC2_METADATA_DISABLED", "false".to_string()),
    ]
}

async fn imds_creds(home: &TempDir, url: &str) -> Result<Credentials, CredentialsError> {
    let vars = imds_vars(url);
    let v: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    creds(home, &v).await
}

#[tokio::test]
async fn imds_v2_flow() {
    let server = fake_server(Box::new(|req: &Captured, _| {
        match (req.method(), req.path()) {
            ("PUT", "/latest/api/token") => (200, "IMDSTOKEN".into()),
            ("GET", "/latest/meta-data/iam/security-credentials/")
                if req.header("x-aws-ec2-metadata-token").is_some() =>
            {
                (200, "my-role\n".into())
            }
            ("GET", "/latest/meta-data/iam/security-credentials/my-role") => {
                (200, doc("AKIDIMDS", 3600))
            }
            _ => (404, String::new()),
        }
    }));
    let home = TempDir::new("imds");
    let c = imds_creds(&home, &format!("{}/", server.url()))
        .await
        .unwrap();
    assert_eq!((c.access_key_id(), c.provider()), ("AKIDIMDS", "iam-role"));
    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    assert_eq!(
        seen[0]
            .header("x-aws-ec2-metadata-token-ttl-seconds")
            .as_deref(),
        Some("21600")
    );
    for r in &seen[1..] {
        assert_eq!(r.method(), "GET");
        assert_eq!(
            r.header("x-aws-ec2-metadata-token").as_deref(),
            Some("IMDSTOKEN")
        );
    }
}

#[tokio::test]
async fn imds_v1_fallback_and_failures() {
    // The token call is refused with 403: IMDSv1 requests (no token header).
    let server = fake_server(Box::new(|req: &Captured, _| {
        match (req.method(), req.path()) {
            ("PUT", _) => (403, String::new()),
            (_, "/latest/meta-data/iam/security-credentials/") => (200, "r".into()),
            (_, "/latest/meta-data/iam/security-credentials/r") => (200, doc("AKIDV1", 3600)),
            _ => (404, String::new()),
        }
    }));
    let home = TempDir::new("imds");
    let c = imds_creds(&home, &server.url()).await.unwrap();
    assert_eq!(c.access_key_id(), "AKIDV1");
    assert!(
        server.requests()[1..]
            .iter()
            .all(|r| r.header("x-aws-ec2-metadata-token").is_none())
    );

    // No role attached, or an error document: no credentials (not an error).
    let server = fake_server(Box::new(|req: &Captured, _| match req.method() {
        "PUT" => (200, "T".into()),
        _ if req.path().ends_with('/') => (200, "r".into()),
        _ => (
            200,
            r#"{"Code":"AssumeRoleUnauthorizedAccess","Message":"no"}"#.into(),
        ),
    }));
    let e = imds_creds(&home, &server.url()).await.unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let server = fake_server(Box::new(|_: &Captured, _| (404, String::new())));
    let e = imds_creds(&home, &server.url()).await.unwrap_err();
    assert!(e.is_not_found(), "{e}");

    // Nothing listening: gives up at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = Instant::now();
    let e = imds_creds(&home, &format!("http://127.0.0.1:{port}"))
        .await
        .unwrap_err();
    assert!(e.is_not_found());
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );

    // A server that never answers: the 1 s timeout ends the probe.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    let started = Instant::now();
    let e = imds_creds(&home, &url).await.unwrap_err();
    assert!(e.is_not_found());
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(3),
        "{took:?}"
    );
    drop(silent);
}

#[tokio::test]
async fn earlier_providers_stop_the_chain() {
    let server = fake_server(Box::new(|_: &Captured, _| (200, doc("AKIDREMOTE", 3600))));
    let home = TempDir::new("stop");
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = S\n",
    );
    let url = format!("{}/creds", server.url());
    let mut vars = imds_vars(&server.url());
    vars.push(("AWS_CONTAINER_CREDENTIALS_FULL_URI", url));
    let v: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let c = creds(&home, &v).await.unwrap();
    assert_eq!(c.access_key_id(), "AKIDFILE");
    assert!(
        server.requests().is_empty(),
        "probed: {:?}",
        server.requests()
    );
    // The container provider comes before IMDS.
    std::fs::remove_file(home.path().join(".aws/credentials")).unwrap();
    let c = creds(&home, &v).await.unwrap();
    assert_eq!(c.provider(), "container-role");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn refresh_once_under_100_concurrent_callers() {
    // First answer expires in 2 minutes (inside the refresh window), later ones in an hour.
    let server = fake_server(Box::new(|_: &Captured, n| {
        std::thread::sleep(Duration::from_millis(50));
        if n == 1 {
            (200, doc("AKID1", 120))
        } else {
            (200, doc(&format!("AKID{n}"), 3600))
        }
    }));
    let home = TempDir::new("conc");
    let url = format!("{}/creds", server.url());
    let e = env(home.path(), &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url)]);
    let config = Arc::new(ConfigLoader::new().env(e).load().unwrap());
    let first = config.credentials().await.unwrap().unwrap();
    assert_eq!(first.access_key_id(), "AKID1");
    let mut handles = Vec::new();
    for _ in 0..100 {
        let c = config.as_ref().clone();
        handles.push(tokio::spawn(async move { c.credentials().await }));
    }
    for h in handles {
        let got = h.await.unwrap().unwrap().unwrap();
        assert_eq!(got.access_key_id(), "AKID2");
    }
    assert_eq!(server.requests().len(), 2);
    // Fresh credentials are served from the cache.
    assert_eq!(
        config.credentials().await.unwrap().unwrap().access_key_id(),
        "AKID2"
    );
    assert_eq!(server.requests().len(), 2);
}
