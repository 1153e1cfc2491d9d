//! Helpers of this crate's suites: isolated homes, loaders with the providers registered,
//! a scripted STS and a WorkSpaces-shaped call signed with the resolved credentials.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use awslice_credentials::{Providers, ReaderPrompt};
use awslice_runtime::client::ServiceClient;
use awslice_runtime::config::{ConfigLoader, Env, SdkConfig};
use awslice_runtime::credentials::{Credentials, CredentialsError};
use awslice_runtime::json::Timestamp;
pub use awslice_test_support::http::{self, Captured, Reply, Server};
pub use awslice_test_support::temp::TempDir;

pub const SOURCE_AKID: &str = "AKIDSOURCE";
pub const SOURCE_SECRET: &str = "SOURCESECRETKEY";

/// A home with `~/.aws/config` and `~/.aws/credentials`.
pub fn home(config: &str, credentials: &str) -> TempDir {
    let h = TempDir::new("creds");
    h.write(".aws/config", config);
    h.write(".aws/credentials", credentials);
    h
}

/// The isolated environment of a test: the home, region us-east-1, no instance metadata.
pub fn env(home: &Path, vars: &[(&str, &str)]) -> Env {
    let mut map: HashMap<String, String> = HashMap::from([
        ("HOME".into(), home.display().to_string()),
        ("AWS_REGION".into(), "us-east-1".into()),
        ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
    ]);
    for (k, v) in vars {
        map.insert((*k).into(), (*v).into());
    }
    Env::from_map(map)
}

/// A loader over [`env`] with `providers` registered.
pub fn loader_with(home: &Path, vars: &[(&str, &str)], providers: Providers) -> ConfigLoader {
    ConfigLoader::new()
        .env(env(home, vars))
        .profile_providers(Arc::new(providers))
}

/// A loader over [`env`] with fresh providers whose MFA prompt reads `123456`.
pub fn loader(home: &Path, vars: &[(&str, &str)]) -> ConfigLoader {
    loader_with(home, vars, Providers::with_mfa_prompt(mfa("123456\n")))
}

/// An MFA prompt that reads `input` and discards what it writes.
pub fn mfa(input: &str) -> ReaderPrompt {
    ReaderPrompt::new(
        std::io::Cursor::new(input.as_bytes().to_vec()),
        std::io::sink(),
    )
}

/// The credentials `l` resolves.
pub async fn creds(l: ConfigLoader) -> Result<Credentials, CredentialsError> {
    let c = l.load().expect("config loads");
    Ok(c.credentials().await?.expect("signing is on"))
}

/// `now + secs` as STS writes it.
pub fn in_secs(secs: i64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs_f64();
    #[allow(clippy::cast_precision_loss)]
    Timestamp(now.floor() + secs as f64)
        .to_date_time()
        .expect("a date")
}

/// An `AssumeRole` (or `AssumeRoleWithWebIdentity`) answer.
pub fn sts_ok(action: &str, akid: &str, secret: &str, token: &str, expires_in: i64) -> Reply {
    let body = format!(
        "<{action}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n\
         <{action}Result>\n\
         <AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId>\
         <Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser>\n\
         <Credentials><AccessKeyId>{akid}</AccessKeyId><SecretAccessKey>{secret}</SecretAccessKey>\
         <SessionToken>{token}</SessionToken><Expiration>{}</Expiration></Credentials>\n\
         <PackedPolicySize>6</PackedPolicySize>\n\
         </{action}Result>\n\
         <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>\n\
         </{action}Response>",
        in_secs(expires_in)
    );
    http::reply(200, "OK", &[("Content-Type", "text/xml")], &body)
}

/// An STS error answer.
pub fn sts_error(status: u16, code: &str, message: &str) -> Reply {
    let body = format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>\
         <Code>{code}</Code><Message>{message}</Message></Error><RequestId>req-e</RequestId></ErrorResponse>"
    );
    http::reply(
        status,
        http::reason(status),
        &[("Content-Type", "text/xml")],
        &body,
    )
}

/// A scripted STS: the n-th request gets an `AssumeRole` answer with `ASIA<n>` /
/// `SECRET<n>` / `TOKEN<n>` (web identity requests the matching answer), valid an hour.
pub fn fake_sts() -> Server {
    fake_sts_expiring(3600)
}

/// [`fake_sts`] whose credentials expire in `secs`.
pub fn fake_sts_expiring(secs: i64) -> Server {
    Server::respond(move |req, n| {
        let action = if req.text().contains("Action=AssumeRoleWithWebIdentity") {
            "AssumeRoleWithWebIdentity"
        } else {
            "AssumeRole"
        };
        sts_ok(
            action,
            &format!("ASIA{n}"),
            &format!("SECRET{n}"),
            &format!("TOKEN{n}"),
            secs,
        )
    })
}

/// The access key id an `Authorization` header signs with.
pub fn signing_akid(req: &Captured) -> Option<String> {
    let auth = req.header("authorization")?;
    let cred = auth.split("Credential=").nth(1)?;
    Some(cred.split('/').next()?.to_string())
}

/// A form body's fields in order, decoded.
pub fn form(req: &Captured) -> Vec<(String, String)> {
    req.text()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value of field `name` of a form body.
pub fn field(req: &Captured, name: &str) -> Option<String> {
    form(req)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// A capture server for WorkSpaces-shaped calls (answers `{}`); point
/// `AWS_ENDPOINT_URL_WORKSPACES` at it.
pub fn capture() -> Server {
    Server::start(vec![http::json(200, "{}")])
}

/// A WorkSpaces-shaped call signed with `config`'s credentials (resolved through the
/// chain), sent where `AWS_ENDPOINT_URL_WORKSPACES` says (`capture`); returns the captured
/// request.
pub async fn signed_call(config: &SdkConfig, capture: &Server) -> Captured {
    let client = ServiceClient::new(config, &awslice_test_support::sdk_config::META);
    client
        .call("DescribeWorkspaceImagePermissions", b"{}".to_vec())
        .await
        .expect("the call succeeds");
    capture.requests().pop().expect("one request")
}

/// The cache folder of a home.
pub fn cache_dir(home: &Path) -> PathBuf {
    home.join(".aws/cli/cache")
}

/// The cache files of a home.
pub fn cache_files(home: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cache_dir(home))
        .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
}
