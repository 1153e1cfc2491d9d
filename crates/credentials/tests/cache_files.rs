//! The `~/.aws/cli/cache` files: botocore's names (its test vectors), contents and mode,
//! reuse while at least 15 minutes are left, files written by the AWS CLI, broken files.

use awslice_credentials::cache_key;
use serde_json::json;

use crate::support::*;

const ROLE: &str = "arn:aws:iam::123456789012:role/test";

fn role_home() -> TempDir {
    home(
        &format!("[profile role]\nrole_arn = {ROLE}\nsource_profile = base\n"),
        &format!(
            "[base]\naws_access_key_id = {SOURCE_AKID}\naws_secret_access_key = {SOURCE_SECRET}\n"
        ),
    )
}

const FILE: &str = "9b413f63d088ca513edf4bf108e5aeb99bbc1763.json";

#[test]
fn names_are_botocores() {
    let key = |v: serde_json::Value| cache_key(v.as_object().unwrap());
    assert_eq!(
        key(json!({"RoleArn": ROLE})),
        "9b413f63d088ca513edf4bf108e5aeb99bbc1763"
    );
    assert_eq!(
        key(json!({
            "RoleArn": ROLE,
            "RoleSessionName": "mysession",
            "ExternalId": "ext-1",
            "SerialNumber": "arn:aws:iam::123456789012:mfa/user",
            "DurationSeconds": 3600
        })),
        "22e108892dd0531aceef07788d3676ea5f196f13"
    );
}

#[tokio::test]
async fn written_with_mode_0600_and_the_responses_fields() {
    let sts = fake_sts();
    let h = role_home();
    let url = sts.url();
    creds(loader(h.path(), &[("AWS_ENDPOINT_URL_STS", &url)]).profile("role"))
        .await
        .unwrap();
    let path = cache_dir(h.path()).join(FILE);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.ends_with('\n'));
    assert!(
        text.starts_with(
            "{\"Credentials\": {\"AccessKeyId\": \"ASIA0\", \"SecretAccessKey\": \"SECRET0\", \"SessionToken\": \"TOKEN0\", \"Expiration\": \""
        ),
        "{text}"
    );
    assert!(
        text.ends_with(
            "+00:00\", \"AccountId\": \"123456789012\"}, \"AssumedRoleUser\": {\"AssumedRoleId\": \"AROAEXAMPLE:s\", \"Arn\": \"arn:aws:sts::123456789012:assumed-role/r/s\"}, \"PackedPolicySize\": 6}"
        ),
        "{text}"
    );
}

#[tokio::test]
async fn reused_from_the_file_without_sts() {
    let sts = fake_sts();
    let h = role_home();
    let url = sts.url();
    let first = creds(loader(h.path(), &[("AWS_ENDPOINT_URL_STS", &url)]).profile("role"))
        .await
        .unwrap();
    drop(sts);
    // STS is now a port nothing answers on: the second run must not need it.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}", l.local_addr().unwrap().port())
    };
    let second = creds(loader(h.path(), &[("AWS_ENDPOINT_URL_STS", &dead)]).profile("role"))
        .await
        .unwrap();
    assert_eq!(second.access_key_id(), first.access_key_id());
    assert_eq!(second.secret_access_key(), "SECRET0");
    assert_eq!(second.session_token(), Some("TOKEN0"));
    assert_eq!(second.provider(), "assume-role");
    let left = second
        .expiry()
        .unwrap()
        .duration_since(std::time::SystemTime::now())
        .unwrap();
    assert!(left.as_secs() > 3000);
}

/// Writes a cache file as the AWS CLI does, expiring in `secs`.
fn seed(h: &TempDir, secs: i64) {
    let expiration = in_secs(secs).replace('Z', ".359000+00:00");
    h.write(
        &format!(".aws/cli/cache/{FILE}"),
        &format!(
            "{{\"Credentials\": {{\"AccessKeyId\": \"ASIACLI\", \"SecretAccessKey\": \"CLISECRET\", \"SessionToken\": \"CLITOKEN\", \"Expiration\": \"{expiration}\", \"AccountId\": \"123456789012\"}}, \"AssumedRoleUser\": {{\"AssumedRoleId\": \"AROA:botocore-session-1\", \"Arn\": \"arn:aws:sts::123456789012:assumed-role/test/botocore-session-1\"}}, \"ResponseMetadata\": {{\"RequestId\": \"r\", \"HTTPStatusCode\": 200, \"HTTPHeaders\": {{\"content-type\": \"text/xml\"}}, \"RetryAttempts\": 0}}}}"
        ),
    );
}

#[tokio::test]
async fn files_of_the_aws_cli_are_used_until_15_minutes_before_expiry() {
    let sts = fake_sts();
    let h = role_home();
    let url = sts.url();
    seed(&h, 3600);
    let c = creds(loader(h.path(), &[("AWS_ENDPOINT_URL_STS", &url)]).profile("role"))
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIACLI");
    assert!(sts.requests().is_empty());
    // 14 minutes left: STS is called and the file rewritten.
    seed(&h, 14 * 60);
    let c = creds(loader(h.path(), &[("AWS_ENDPOINT_URL_STS", &url)]).profile("role"))
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA0");
    assert_eq!(sts.requests().len(), 1);
    let text = std::fs::read_to_string(cache_dir(h.path()).join(FILE)).unwrap();
    assert!(text.contains("\"ASIA0\""), "{text}");
}

#[tokio::test]
async fn broken_files_are_errors() {
    let sts = fake_sts();
    let h = role_home();
    let url = sts.url();
    for (content, want) in [
        ("not json", "'9b413f63d088ca513edf4bf108e5aeb99bbc1763'"),
        ("{\"Other\": 1}", "'Credentials'"),
        (
            "{\"Credentials\": {\"AccessKeyId\": \"A\"}}",
            "'Expiration'",
        ),
    ] {
        h.write(&format!(".aws/cli/cache/{FILE}"), content);
        let e = creds(loader(h.path(), &[("AWS_ENDPOINT_URL_STS", &url)]).profile("role"))
            .await
            .unwrap_err();
        assert_eq!(e.to_string(), want, "{content}");
    }
    assert!(sts.requests().is_empty());
}
