//! The assume-role cache (`~/.aws/cli/cache/<sha1>.json`) shared with botocore, whose
//! code the AWS CLI runs: a file botocore's `AssumeRoleCredentialFetcher` wrote (through
//! its `JSONFileCache`, after a real botocore STS client called the scripted STS) is used
//! by awslice with STS out of reach, and a file awslice wrote is used by botocore's fetcher
//! without calling STS. Both ways for a role with no parameters (the default session name
//! is left out of the key) and for one with every parameter that names the file.

use serde_json::{Value, json};

use crate::support::*;

const ROLE: &str = "arn:aws:iam::123456789012:role/test";
const FULL_ROLE: &str = "arn:aws:iam::123456789012:role/full";
const MFA: &str = "arn:aws:iam::123456789012:mfa/user";

/// The profiles, and for each the `extra_args` botocore's assume-role provider builds from
/// it (what the fetcher hashes besides `RoleArn`).
fn profiles() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        ("role", ROLE, json!({})),
        (
            "full",
            FULL_ROLE,
            json!({
                "RoleSessionName": "mysession",
                "ExternalId": "ext-1",
                "SerialNumber": MFA,
                "DurationSeconds": 3600
            }),
        ),
    ]
}

fn role_home() -> TempDir {
    home(
        &format!(
            "[profile role]\nrole_arn = {ROLE}\nsource_profile = base\n\
             [profile full]\nrole_arn = {FULL_ROLE}\nsource_profile = base\n\
             role_session_name = mysession\nexternal_id = ext-1\nmfa_serial = {MFA}\n\
             duration_seconds = 3600\n"
        ),
        &format!(
            "[base]\naws_access_key_id = {SOURCE_AKID}\naws_secret_access_key = {SOURCE_SECRET}\n"
        ),
    )
}

/// A port nothing listens on.
fn dead_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://127.0.0.1:{}", l.local_addr().unwrap().port())
}

/// awslice's cache key of a profile's parameters, as botocore's fetcher computes it.
fn awslice_key(role_arn: &str, extra: &Value) -> String {
    let mut args = extra.as_object().unwrap().clone();
    args.insert("RoleArn".into(), role_arn.into());
    awslice_credentials::cache_key(&args)
}

/// Runs `script` with the venv's Python (`argv[1]` the home, then `args`), with only
/// `HOME` in the environment; returns stdout, failing on a non-zero exit.
fn run_python(python: &std::path::Path, script: &str, home: &TempDir, args: &[&str]) -> String {
    let out = std::process::Command::new(python)
        .env_clear()
        .env("HOME", home.path())
        .args(["-c", script])
        .arg(home.path())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// botocore assumes the role with a real STS client against the scripted STS and its
/// fetcher writes the cache as the AWS CLI does; prints the fetcher's key.
const BOTOCORE_WRITES: &str = r#"
import sys, json
import botocore.session
from botocore.credentials import AssumeRoleCredentialFetcher, Credentials
from botocore.utils import JSONFileCache
home, url, role_arn, extra = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
session = botocore.session.Session()
def client_creator(service, **kwargs):
    return session.create_client(service, region_name='us-east-1', endpoint_url=url, **kwargs)
f = AssumeRoleCredentialFetcher(
    client_creator, Credentials('AKIDSOURCE', 'SOURCESECRETKEY'), role_arn,
    extra_args=extra, mfa_prompter=lambda prompt: '123456',
    cache=JSONFileCache(home + '/.aws/cli/cache'))
c = f.fetch_credentials()
print(f._create_cache_key(), c['access_key'])
"#;

/// botocore's fetcher reads the cache; any call to STS (or the MFA prompt) fails the
/// script. Prints the key and the credentials as botocore hands them out.
const BOTOCORE_READS: &str = r#"
import sys, json, datetime
from botocore.credentials import AssumeRoleCredentialFetcher, Credentials, _parse_if_needed
from botocore.utils import JSONFileCache
home, role_arn, extra = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
def no_sts(*args, **kwargs):
    raise SystemExit('botocore called STS')
def no_prompt(prompt):
    raise SystemExit('botocore asked for the MFA code')
f = AssumeRoleCredentialFetcher(
    no_sts, Credentials('AKIDSOURCE', 'SOURCESECRETKEY'), role_arn,
    extra_args=extra, mfa_prompter=no_prompt, cache=JSONFileCache(home + '/.aws/cli/cache'))
c = f.fetch_credentials()
left = _parse_if_needed(c['expiry_time']) - datetime.datetime.now(datetime.timezone.utc)
assert left > datetime.timedelta(minutes=50), left
print(f._create_cache_key(), c['access_key'], c['secret_key'], c['token'], c['account_id'])
"#;

/// A cache file botocore wrote is used by awslice; STS is not called.
#[tokio::test]
async fn awslice_uses_the_files_botocore_writes() {
    let Some(python) =
        awslice_test_support::peers::or_skip(awslice_test_support::peers::python_with(&[
            "botocore",
        ]))
    else {
        return;
    };
    let h = role_home();
    let sts = fake_sts();
    let url = sts.url();
    for (n, (profile, role_arn, extra)) in profiles().into_iter().enumerate() {
        let out = run_python(
            &python,
            BOTOCORE_WRITES,
            &h,
            &[&url, role_arn, &extra.to_string()],
        );
        let key = awslice_key(role_arn, &extra);
        assert_eq!(out, format!("{key} ASIA{n}\n"), "{profile}");
        // botocore really called STS, signed with the source keys.
        let reqs = sts.requests();
        assert_eq!(reqs.len(), n + 1);
        assert_eq!(field(&reqs[n], "RoleArn").as_deref(), Some(role_arn));
        assert_eq!(signing_akid(&reqs[n]).as_deref(), Some(SOURCE_AKID));
        // The whole response is the file.
        let path = cache_dir(h.path()).join(format!("{key}.json"));
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(doc["Credentials"]["AccessKeyId"], format!("ASIA{n}"));
        assert_eq!(doc["Credentials"]["AccountId"], "123456789012");
        // botocore's own `JSONFileCache` writes the parsed datetime as
        // `%Y-%m-%dT%H:%M:%S%Z` (`…UTC`); the AWS CLI v2, whose timestamp parser keeps
        // strings, writes `isoformat()` (`…+00:00`), which the other suites cover.
        let exp = doc["Credentials"]["Expiration"].as_str().unwrap();
        assert!(exp.ends_with("UTC") && exp.len() == 22, "{exp}");
        assert!(doc["ResponseMetadata"].is_object(), "{doc}");

        // awslice, with STS out of reach, uses the file.
        let dead = dead_url();
        let c = creds(loader(h.path(), &[("AWS_ENDPOINT_URL_STS", &dead)]).profile(profile))
            .await
            .unwrap();
        assert_eq!(c.access_key_id(), format!("ASIA{n}"), "{profile}");
        assert_eq!(c.secret_access_key(), format!("SECRET{n}"));
        assert_eq!(c.session_token(), Some(format!("TOKEN{n}").as_str()));
        assert_eq!(c.provider(), "assume-role");
        let left = c
            .expiry()
            .unwrap()
            .duration_since(std::time::SystemTime::now())
            .unwrap();
        assert!(left.as_secs() > 3000, "{left:?}");
    }
    assert_eq!(sts.requests().len(), 2);
}

/// A cache file awslice wrote is used by botocore's fetcher; STS is not called.
#[tokio::test]
async fn botocore_uses_the_files_awslice_writes() {
    let Some(python) =
        awslice_test_support::peers::or_skip(awslice_test_support::peers::python_with(&[
            "botocore",
        ]))
    else {
        return;
    };
    let h = role_home();
    let sts = fake_sts();
    let url = sts.url();
    for (n, (profile, role_arn, extra)) in profiles().into_iter().enumerate() {
        let c = creds(loader(h.path(), &[("AWS_ENDPOINT_URL_STS", &url)]).profile(profile))
            .await
            .unwrap();
        assert_eq!(c.access_key_id(), format!("ASIA{n}"), "{profile}");
        let key = awslice_key(role_arn, &extra);
        assert!(cache_dir(h.path()).join(format!("{key}.json")).is_file());

        let out = run_python(&python, BOTOCORE_READS, &h, &[role_arn, &extra.to_string()]);
        assert_eq!(
            out,
            format!("{key} ASIA{n} SECRET{n} TOKEN{n} 123456789012\n"),
            "{profile}"
        );
    }
    assert_eq!(sts.requests().len(), 2);
}
