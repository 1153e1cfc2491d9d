//! Concurrency: 1,000 concurrent `send()`s from one client against the loopback capture
//! server of `awslice-test-support` all succeed with bounded memory, and credentials
//! that are about to expire are refreshed exactly once under that load.

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use awslice_runtime::config::{ConfigLoader, Env};
use awslice_runtime::credentials::Credentials;
use awslice_test_support::http::{Server, json};
use awslice_workspaces::Client;

const CALLS: usize = 1_000;

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(f)
}

/// This process's resident set size in kB, from `/proc/self/status`.
fn rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS line")
}

fn loader(vars: &[(&str, String)], endpoint: &str) -> ConfigLoader {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .chain([("AWS_MAX_ATTEMPTS".to_owned(), "1".to_owned())])
        .collect();
    ConfigLoader::new()
        .env(Env::from_map(vars))
        .region("us-east-1")
        .endpoint_url(endpoint)
}

/// Sends `n` describe calls at once on one current-thread runtime; returns how many failed
/// (printing the first failure).
async fn burst(client: &Client, n: usize) -> usize {
    let mut set = tokio::task::JoinSet::new();
    for i in 0..n {
        let client = client.clone();
        set.spawn(async move {
            client
                .describe_workspace_image_permissions()
                .image_id(format!("wsi-{i:09}"))
                .send()
                .await
        });
    }
    let mut failed = 0;
    while let Some(done) = set.join_next().await {
        match done {
            Ok(Ok(out)) => assert_eq!(out.image_id.as_deref(), Some("wsi-123456789")),
            Ok(Err(e)) => {
                if failed == 0 {
                    eprintln!("first failure: {e:?}");
                }
                failed += 1;
            }
            Err(e) => panic!("task panicked: {e}"),
        }
    }
    failed
}

#[test]
fn a_thousand_concurrent_sends_succeed_with_bounded_memory() {
    let server = Server::start(vec![json(
        200,
        r#"{"ImageId":"wsi-123456789","ImagePermissions":[]}"#,
    )]);
    let config = loader(&[], &server.url())
        .credentials(Credentials::new(
            "AKIDEXAMPLE".to_owned(),
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".to_owned(),
            None,
            None,
        ))
        .load()
        .expect("config");
    let client = Client::new(&config);
    block_on(async {
        // Warm up (lazy HTTP client, TLS provider, allocator arenas) before measuring.
        assert_eq!(burst(&client, 50).await, 0);
        let before = rss_kb();
        assert_eq!(burst(&client, CALLS).await, 0, "every call succeeds");
        let after_first = rss_kb();
        assert_eq!(burst(&client, CALLS).await, 0, "every call succeeds again");
        let after_second = rss_kb();
        eprintln!(
            "RSS kB: before {before}, after 1st burst {after_first}, after 2nd {after_second}"
        );
        // Generous bounds: the loopback server's 1,000 threads live in this process too.
        assert!(
            after_first.saturating_sub(before) < 256 * 1024,
            "a burst grew RSS by {} kB",
            after_first - before
        );
        assert!(
            after_second.saturating_sub(after_first) < 64 * 1024,
            "a second burst grew RSS by {} kB: a leak?",
            after_second - after_first
        );
    });
    let reqs = server.requests();
    assert_eq!(reqs.len(), 50 + 2 * CALLS, "one request per call, no retry");
    let mut ids: Vec<String> = reqs
        .iter()
        .skip(50)
        .take(CALLS)
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), CALLS, "every call sent its own body");
}

/// RFC 3339 UTC text of `t` (`2026-11-25T14:03:05Z`), for the credential documents.
fn rfc3339(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).expect("after 1970").as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

#[test]
fn rfc3339_dates() {
    assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
    assert_eq!(
        rfc3339(UNIX_EPOCH + Duration::from_secs(1_795_615_385)),
        "2026-11-25T14:03:05Z"
    );
    assert_eq!(
        rfc3339(UNIX_EPOCH + Duration::from_secs(951_782_400)),
        "2000-02-29T00:00:00Z"
    );
}

fn credential_document(akid: &str, expires_in: Duration) -> String {
    format!(
        r#"{{"AccessKeyId":"{akid}","SecretAccessKey":"secret-{akid}","Token":"token-{akid}","Expiration":"{}"}}"#,
        rfc3339(SystemTime::now() + expires_in)
    )
}

#[test]
fn expiring_credentials_are_refreshed_exactly_once_under_load() {
    // The container credentials endpoint first hands out keys that are still valid but
    // inside the 5-minute refresh window, then long-lived ones.
    let creds = Server::start(vec![
        json(
            200,
            &credential_document("AKIDSOON", Duration::from_secs(120)),
        ),
        json(
            200,
            &credential_document("AKIDLATER", Duration::from_secs(3_600)),
        ),
    ]);
    let api = Server::start(vec![json(200, r#"{"ImageId":"wsi-123456789"}"#)]);
    let config = loader(
        &[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            format!("{}/creds", creds.url()),
        )],
        &api.url(),
    )
    .load()
    .expect("config");
    let client = Client::new(&config);
    assert_eq!(block_on(burst(&client, CALLS)), 0, "every call succeeds");
    // One resolution, then exactly one refresh: the lock makes the other 999 wait for it.
    assert_eq!(creds.requests().len(), 2, "credential endpoint hits");
    let reqs = api.requests();
    assert_eq!(reqs.len(), CALLS);
    let signed_with = |akid: &str| {
        reqs.iter()
            .filter(|r| {
                r.header("Authorization")
                    .is_some_and(|a| a.contains(&format!("Credential={akid}/")))
            })
            .count()
    };
    assert_eq!(
        signed_with("AKIDSOON"),
        1,
        "only the first call used the expiring keys"
    );
    assert_eq!(signed_with("AKIDLATER"), CALLS - 1);
    assert!(
        reqs.iter()
            .filter(|r| r.header("X-Amz-Security-Token").as_deref() == Some("token-AKIDLATER"))
            .count()
            == CALLS - 1
    );
    // Another burst uses the cached keys: no more hits.
    assert_eq!(block_on(burst(&client, 100)), 0);
    assert_eq!(creds.requests().len(), 2);
}
