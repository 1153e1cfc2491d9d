//! The AWS CLI's credentials cache: `~/.aws/cli/cache/<key>.json`, one file per role and
//! set of parameters, written by the AWS CLI and by awslice alike.
//!
//! The key is the SHA-1 (hex) of the parameters known before the call, written as Python's
//! `json.dumps(args, sort_keys=True)` writes them. The file holds the STS response as JSON
//! (`json.dumps` layout, no trailing newline), its `Credentials.Expiration` as Python's
//! `isoformat()`. An entry is reused while it has at least 15 minutes left.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use awslice_runtime::config::Env;
use awslice_runtime::credentials::{Credentials, CredentialsError, parse_expiry};
use awslice_runtime::json::Timestamp;
use serde_json::{Map, Value};

/// Cached credentials are reused while they have at least this long left.
const REUSE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The cache key of a set of request parameters (`RoleArn`, and the configured
/// `RoleSessionName`, `ExternalId`, `SerialNumber`, `DurationSeconds`): the SHA-1 in hex
/// of Python's `json.dumps(args, sort_keys=True)` (`", "` and `": "` separators, non-ASCII
/// escaped). The file is `~/.aws/cli/cache/<key>.json`.
///
/// ```
/// let args = serde_json::json!({"RoleArn": "arn:aws:iam::123456789012:role/test"});
/// assert_eq!(
///     awslice_credentials::cache_key(args.as_object().unwrap()),
///     "9b413f63d088ca513edf4bf108e5aeb99bbc1763"
/// );
/// ```
pub fn cache_key(args: &Map<String, Value>) -> String {
    let mut sorted: Vec<(&String, &Value)> = args.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let sorted: Map<String, Value> = sorted
        .into_iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let text = awslice_pyfmt::dumps_compact(&Value::Object(sorted));
    let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, text.as_bytes());
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether credentials expiring at `expiry` may still be handed out without a new call.
pub(crate) fn fresh_enough(expiry: Option<SystemTime>) -> bool {
    expiry.is_none_or(|e| e >= SystemTime::now() + REUSE_WINDOW)
}

/// The cache folder of `env`'s home.
pub(crate) fn dir(env: &Env) -> Option<PathBuf> {
    Some(env.home()?.join(".aws").join("cli").join("cache"))
}

/// Python's `repr()` of a missing key, as a `KeyError` prints.
fn key_error(key: &str) -> CredentialsError {
    CredentialsError::other(awslice_pyfmt::str_repr(key))
}

/// Python's text of an `OSError` on `path`: `[Errno 13] Permission denied: '/x'`.
pub(crate) fn os_error(e: &std::io::Error, path: &Path) -> String {
    let path = awslice_pyfmt::str_repr(&path.to_string_lossy());
    match e.raw_os_error() {
        Some(code) => {
            let text = e.to_string();
            let text = text
                .strip_suffix(&format!(" (os error {code})"))
                .unwrap_or(&text);
            format!("[Errno {code}] {text}: {path}")
        }
        None => format!("{e}: {path}"),
    }
}

/// The cache file of `key` in `dir`.
fn file(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{key}.json"))
}

/// The cached response under `key`, when there is one with at least 15 minutes left. A
/// file that is not JSON or has no credentials is an error (as in the AWS CLI).
pub(crate) fn load(dir: &Path, key: &str) -> Result<Option<Credentials>, CredentialsError> {
    let path = file(dir, key);
    if !path.is_file() {
        return Ok(None);
    }
    let doc: Value = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .ok_or_else(|| key_error(key))?;
    let creds = doc
        .get("Credentials")
        .ok_or_else(|| key_error("Credentials"))?;
    let field = |name: &str| -> Result<&str, CredentialsError> {
        match creds.get(name) {
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(CredentialsError::other(format!(
                "the cached {name} in {} is not a string",
                path.display()
            ))),
            None => Err(key_error(name)),
        }
    };
    let raw_expiry = field("Expiration")?;
    let expiry = parse_cached_expiry(raw_expiry)
        .ok_or_else(|| CredentialsError::other(format!("Unknown string format: {raw_expiry}")))?;
    if !fresh_enough(Some(expiry)) {
        tracing::debug!("Credentials were found in cache, but they are expired.");
        return Ok(None);
    }
    let c = Credentials::new(
        field("AccessKeyId")?,
        field("SecretAccessKey")?,
        Some(field("SessionToken")?.to_string()),
        Some(expiry),
    );
    tracing::debug!("Credentials for role retrieved from cache.");
    Ok(Some(c))
}

/// A cached `Expiration`, in the forms botocore's writers produce and its `dateutil` parser
/// reads: RFC 3339 (the AWS CLI v2's `isoformat()`, STS's `…Z`, with a missing offset read
/// as UTC) and `%Y-%m-%dT%H:%M:%S%Z` of a UTC datetime (`…UTC`), which botocore's own
/// `JSONFileCache` writes when the STS client parsed the timestamp (a botocore or boto3
/// program caching assume-role credentials without the AWS CLI).
fn parse_cached_expiry(raw: &str) -> Option<SystemTime> {
    parse_expiry(raw).or_else(|| {
        let raw = raw.trim();
        let utc = raw
            .strip_suffix("UTC")
            .or_else(|| raw.strip_suffix("GMT"))?;
        // Only a bare date and time before the zone name (no second offset).
        let utc = utc.trim_end();
        if utc.contains('+') || utc.ends_with('Z') || utc.matches('-').count() != 2 {
            return None;
        }
        parse_expiry(utc)
    })
}

/// Writes `doc` under `key`: the folder is created when missing, the file is created with
/// mode 0600 (an existing file keeps its mode), truncated and written.
pub(crate) fn store(dir: &Path, key: &str, doc: &Value) -> Result<(), CredentialsError> {
    let path = file(dir, key);
    if !dir.is_dir() {
        std::fs::create_dir_all(dir).map_err(|e| CredentialsError::other(os_error(&e, dir)))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let text = awslice_pyfmt::dumps_compact(doc);
    let mut f = options
        .open(&path)
        .map_err(|e| CredentialsError::other(os_error(&e, &path)))?;
    f.set_len(0)
        .and_then(|()| f.write_all(text.as_bytes()))
        .map_err(|e| CredentialsError::other(os_error(&e, &path)))?;
    Ok(())
}

/// Python's `datetime.isoformat()` of a UTC timestamp: `2026-01-01T12:00:00+00:00`, with
/// `.ffffff` when there are microseconds.
pub(crate) fn isoformat(t: Timestamp) -> Option<String> {
    let s = t.to_date_time()?;
    Some(format!("{}+00:00", s.strip_suffix('Z').unwrap_or(&s)))
}

/// The account id of an assumed-role ARN (its fifth field).
pub(crate) fn account_id(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isoformat_like_python() {
        assert_eq!(
            isoformat(Timestamp(1_767_268_800.0)).unwrap(),
            "2026-01-01T12:00:00+00:00"
        );
        assert_eq!(
            isoformat(Timestamp(1_767_268_800.359)).unwrap(),
            "2026-01-01T12:00:00.359000+00:00"
        );
    }

    #[test]
    fn cached_expiry_forms_of_botocore() {
        let want = parse_expiry("2026-01-01T12:00:00Z").unwrap();
        for raw in [
            "2026-01-01T12:00:00+00:00",
            "2026-01-01T12:00:00Z",
            "2026-01-01T12:00:00",
            "2026-01-01T12:00:00UTC",
            "2026-01-01T12:00:00 UTC",
            "2026-01-01T12:00:00GMT",
        ] {
            assert_eq!(parse_cached_expiry(raw), Some(want), "{raw}");
        }
        for raw in [
            "2026-01-01T12:00:00+01:00UTC",
            "2026-01-01T12:00:00ZUTC",
            "UTC",
        ] {
            assert_eq!(parse_cached_expiry(raw), None, "{raw}");
        }
    }

    #[test]
    fn account_of_arn() {
        assert_eq!(
            account_id("arn:aws:sts::123456789012:assumed-role/r/s"),
            Some("123456789012")
        );
        assert_eq!(account_id("nonsense"), None);
    }

    #[test]
    fn os_error_text() {
        let e = std::io::Error::from_raw_os_error(2);
        assert_eq!(
            os_error(&e, Path::new("/t/x")),
            "[Errno 2] No such file or directory: '/t/x'"
        );
    }
}
