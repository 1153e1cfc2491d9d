//! The `sso` step: IAM Identity Center role credentials for a profile with
//! `sso_account_id` / `sso_role_name`, from the access token `aws sso login` (or
//! `awslice sso login`) left in `~/.aws/sso/cache`.
//!
//! Two profile shapes are read: the legacy one (`sso_start_url` and `sso_region` in the
//! profile) and the `sso_session = NAME` one, whose `[sso-session NAME]` section gives the
//! start URL and region (a key set in both places must agree). In order:
//!
//! 1. the configuration is validated (before any file is read or call made);
//! 2. the role credentials cached in `~/.aws/cli/cache` (keyed by account, role and session
//!    name or start URL) are used while they have 15 minutes left — even when the token
//!    has expired;
//! 3. the token is read from `~/.aws/sso/cache/<sha1 of session name or start URL>.json`;
//!    a session's token with less than 15 minutes left is refreshed through SSO-OIDC
//!    `CreateToken` (refresh-token grant) and written back; a legacy token is never
//!    refreshed;
//! 4. `GetRoleCredentials` is called on the portal with the token as bearer, and the
//!    result cached.
//!
//! The portal and SSO-OIDC clients use `sso_region` and the configured endpoints of the
//! selected profile (`AWS_ENDPOINT_URL_SSO`, `AWS_ENDPOINT_URL_SSO_OIDC`, …). The access
//! token, refresh token and client secret never appear in `Debug`, errors or logs.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use awslice_runtime::config::SdkConfig;
use awslice_runtime::config::profile::{Properties, Value as ProfileValue};
use awslice_runtime::credentials::{Credentials, CredentialsError, parse_expiry};
use awslice_runtime::error::{CallError, SdkError};
use awslice_runtime::json::Timestamp;
use serde_json::{Map, Value};

use crate::{State, cache};

/// A session's token is refreshed when it has less than this left.
const TOKEN_REFRESH_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The text of an expired or refused token (the AWS CLI's, which names its own command).
pub(crate) const SESSION_EXPIRED: &str = "The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.";

const REFRESH_FAILED: &str =
    "Error when retrieving token from sso: Token has expired and refresh failed";

/// The IAM Identity Center settings of a profile, merged from the profile and its
/// `[sso-session]` section.
#[derive(Debug, Clone)]
pub(crate) struct SsoConfig {
    pub(crate) profile: String,
    /// The `sso_session` name; `None` for a legacy profile.
    pub(crate) session: Option<String>,
    pub(crate) start_url: String,
    pub(crate) region: String,
    pub(crate) account_id: String,
    pub(crate) role_name: String,
}

fn get<'a>(props: &'a Properties, key: &str) -> Option<&'a str> {
    props.get(key).and_then(ProfileValue::as_str)
}

/// Validates and merges the profile's SSO settings, with the AWS CLI's errors in its order.
pub(crate) fn resolve(config: &SdkConfig) -> Result<SsoConfig, CredentialsError> {
    let files = config.profile_set();
    let name = config.profile_name();
    let empty = Properties::default();
    let props = files.profile(name).unwrap_or(&empty);
    let mut merged: Properties = props.clone();
    let session = get(props, "sso_session").map(str::to_string);
    if let Some(session) = &session {
        let section = files.sso_session(session).ok_or_else(|| {
            CredentialsError::other(format!(
                "The specified sso-session does not exist: \"{session}\""
            ))
        })?;
        for (key, value) in section {
            if let (Some(mine), Some(theirs)) = (props.get(key), value.as_str())
                && mine.as_str() != Some(theirs)
            {
                return Err(CredentialsError::other(format!(
                    "The value for {key} is inconsistent between profile ({}) and sso-session ({theirs}).",
                    mine.as_str().unwrap_or_default()
                )));
            }
            merged.insert(key.clone(), value.clone());
        }
    }
    let required = [
        "sso_role_name",
        "sso_account_id",
        "sso_start_url",
        "sso_region",
    ];
    let missing: Vec<&str> = required
        .into_iter()
        .filter(|k| !merged.contains_key(*k))
        .collect();
    if !missing.is_empty() {
        return Err(CredentialsError::other(format!(
            "The profile \"{name}\" is configured to use SSO but is missing required configuration: {}",
            missing.join(", ")
        )));
    }
    let value = |k: &str| get(&merged, k).unwrap_or_default().to_string();
    Ok(SsoConfig {
        profile: name.to_string(),
        session,
        start_url: value("sso_start_url"),
        region: value("sso_region"),
        account_id: value("sso_account_id"),
        role_name: value("sso_role_name"),
    })
}

/// The SHA-1 of `text` in hex.
pub(crate) fn sha1_hex(text: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, text.as_bytes());
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// The role-credentials cache key: the SHA-1 of the compact, key-sorted JSON of the
/// account, the role and the session name (or, for a legacy profile, the start URL).
///
/// ```
/// assert_eq!(
///     awslice_credentials::sso_role_cache_key("123456789012", "ReadOnly", Some("my-sso"), "x"),
///     "31b260dab331b2af063485cea75f7b8b3cf54c71"
/// );
/// assert_eq!(
///     awslice_credentials::sso_role_cache_key(
///         "123456789012", "ReadOnly", None, "https://d-1234567890.awsapps.com/start"),
///     "30bbb2b1278a4c1fb1b943c46c1ef6501807f657"
/// );
/// ```
pub fn role_cache_key(
    account_id: &str,
    role_name: &str,
    session: Option<&str>,
    start_url: &str,
) -> String {
    let mut args = Map::new();
    args.insert("accountId".into(), account_id.into());
    args.insert("roleName".into(), role_name.into());
    match session {
        Some(s) => args.insert("sessionName".into(), s.into()),
        None => args.insert("startUrl".into(), start_url.into()),
    };
    let layout = awslice_pyfmt::Dumps {
        indent: None,
        item_separator: ",",
        key_separator: ":",
        ensure_ascii: true,
    };
    sha1_hex(&awslice_pyfmt::dumps(&Value::Object(args), &layout))
}

/// The token cache key: the SHA-1 of the session name, or of a legacy profile's start URL.
///
/// ```
/// assert_eq!(
///     awslice_credentials::sso_token_cache_key("my-sso"),
///     "0ad374308c5a4e22f723adf10145eafad7c4031c"
/// );
/// ```
pub fn token_cache_key(session_or_start_url: &str) -> String {
    sha1_hex(session_or_start_url)
}

/// `~/.aws/sso/cache` of `config`'s home.
pub(crate) fn sso_cache_dir(config: &SdkConfig) -> Option<PathBuf> {
    Some(config.env().home()?.join(".aws").join("sso").join("cache"))
}

/// `%Y-%m-%dT%H:%M:%SZ` of `t` (fractions of a second dropped).
pub(crate) fn utc_z(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    #[allow(clippy::cast_precision_loss)]
    Timestamp(secs as f64).to_date_time().unwrap_or_default()
}

/// A cached access token. `Debug` shows no secret.
pub(crate) struct Token {
    pub(crate) doc: Map<String, Value>,
    pub(crate) access_token: String,
    pub(crate) expires_at: SystemTime,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &"** redacted **")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl Token {
    fn text(&self, key: &str) -> Option<&str> {
        self.doc.get(key).and_then(Value::as_str)
    }
}

/// Reads the token under `key`. `None` when the file is missing (or not readable JSON).
fn read_token(dir: &Path, key: &str, start_url: &str) -> Result<Option<Token>, CredentialsError> {
    let path = dir.join(format!("{key}.json"));
    let Some(doc) = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
    else {
        return Ok(None);
    };
    let invalid = || {
        CredentialsError::other(format!(
            "Error loading SSO Token: Token for {start_url} is invalid"
        ))
    };
    let Value::Object(doc) = doc else {
        return Err(invalid());
    };
    let access_token = doc
        .get("accessToken")
        .and_then(Value::as_str)
        .ok_or_else(invalid)?
        .to_string();
    let raw_expiry = doc
        .get("expiresAt")
        .and_then(Value::as_str)
        .ok_or_else(invalid)?;
    let expires_at = parse_expiry(raw_expiry)
        .ok_or_else(|| CredentialsError::other(format!("Unknown string format: {raw_expiry}")))?;
    Ok(Some(Token {
        doc,
        access_token,
        expires_at,
    }))
}

/// Writes a token (or client registration) document, mode 0600, as the AWS CLI does.
pub(crate) fn write_json(dir: &Path, key: &str, doc: &Value) -> Result<(), CredentialsError> {
    cache::store(dir, key, doc)
}

pub(crate) async fn provide(
    state: &State,
    config: &SdkConfig,
) -> Result<Option<Credentials>, CredentialsError> {
    let sso = resolve(config)?;
    let key = role_cache_key(
        &sso.account_id,
        &sso.role_name,
        sso.session.as_deref(),
        &sso.start_url,
    );
    // The file cache serves the selected profile only; source profiles keep theirs in memory.
    let dir = if config.is_source_profile() {
        None
    } else {
        cache::dir(config.env())
    };
    if let Some(c) = state.remembered(&key) {
        return Ok(Some(c));
    }
    if let Some(dir) = &dir
        && let Some(c) = cache::load(dir, &key)?
    {
        state.remember(&key, &c);
        return Ok(Some(c));
    }
    let token = access_token(config, &sso).await?;
    let (creds, doc) = get_role_credentials(config, &sso, &token).await?;
    if let Some(dir) = &dir {
        cache::store(dir, &key, &doc)?;
    }
    state.remember(&key, &creds);
    Ok(Some(creds))
}

/// A usable access token for `sso`: read from the cache, refreshed when it is a session's
/// and close to expiry.
async fn access_token(config: &SdkConfig, sso: &SsoConfig) -> Result<String, CredentialsError> {
    let dir = sso_cache_dir(config)
        .ok_or_else(|| CredentialsError::other("Could not find the home folder"))?;
    let now = SystemTime::now();
    let Some(session) = &sso.session else {
        let key = token_cache_key(&sso.start_url);
        let token = read_token(&dir, &key, &sso.start_url)?.ok_or_else(|| {
            CredentialsError::other(format!(
                "Error loading SSO Token: Token for {} does not exist",
                sso.start_url
            ))
        })?;
        if now >= token.expires_at {
            return Err(CredentialsError::other(SESSION_EXPIRED));
        }
        return Ok(token.access_token);
    };
    // The token provider reads the session section alone.
    let section = config.profile_set().sso_session(session);
    let missing: Vec<String> = ["sso_start_url", "sso_region"]
        .into_iter()
        .filter(|k| section.is_none_or(|s| !s.contains_key(*k)))
        .map(str::to_string)
        .collect();
    if !missing.is_empty() {
        return Err(CredentialsError::other(format!(
            "The profile \"{}\" is configured to use the SSO token provider but is missing the following configuration: {}.",
            sso.profile,
            awslice_pyfmt::str_list_repr(&missing)
        )));
    }
    let key = token_cache_key(session);
    let token = read_token(&dir, &key, &sso.start_url)?.ok_or_else(|| {
        CredentialsError::other(format!(
            "Error loading SSO Token: Token for {session} does not exist"
        ))
    })?;
    if token.expires_at >= now + TOKEN_REFRESH_WINDOW {
        return Ok(token.access_token);
    }
    if let Some(new) = refresh(config, sso, &token).await? {
        write_json(&dir, &key, &new.0)?;
        return Ok(new.1);
    }
    if now >= token.expires_at {
        return Err(CredentialsError::other(REFRESH_FAILED));
    }
    Ok(token.access_token)
}

/// Refreshes `token` through `CreateToken`: `Ok(None)` when it cannot be refreshed (no
/// refresh token or registration, the registration expired, or an error response);
/// other failures (the endpoint unreachable) are errors. Returns the new cache document
/// and the new access token.
async fn refresh(
    config: &SdkConfig,
    sso: &SsoConfig,
    token: &Token,
) -> Result<Option<(Value, String)>, CredentialsError> {
    let (Some(client_id), Some(client_secret), Some(refresh_token), Some(reg_expiry)) = (
        token.text("clientId"),
        token.text("clientSecret"),
        token.text("refreshToken"),
        token.text("registrationExpiresAt"),
    ) else {
        tracing::debug!(
            "The SSO token cannot be refreshed: it has no refresh token or client registration"
        );
        return Ok(None);
    };
    if parse_expiry(reg_expiry).is_none_or(|t| t <= SystemTime::now()) {
        tracing::debug!("The SSO token cannot be refreshed: the client registration has expired");
        return Ok(None);
    }
    tracing::debug!("Refreshing the SSO token of session {:?}", sso.session);
    let client = oidc_client(config, &sso.region);
    let call = client
        .create_token()
        .grant_type("refresh_token")
        .client_id(client_id)
        .client_secret(client_secret)
        .refresh_token(refresh_token)
        .send();
    let out = match crate::quiet::redacting_bodies(call).await {
        Ok(out) => out,
        Err(SdkError::Service(e)) => {
            tracing::warn!("Refreshing the SSO token failed: {}", e.code());
            return Ok(None);
        }
        Err(SdkError::Call(CallError::Service(e))) => {
            tracing::warn!("Refreshing the SSO token failed: {}", e.code);
            return Ok(None);
        }
        Err(other) => return Err(CredentialsError::other(crate::sts::failure_text(&other))),
    };
    let Some(access) = out.access_token else {
        return Ok(None);
    };
    let expires_in = u64::try_from(out.expires_in.unwrap_or(0)).unwrap_or(0);
    let mut doc = Map::new();
    doc.insert("startUrl".into(), sso.start_url.clone().into());
    doc.insert("region".into(), sso.region.clone().into());
    doc.insert("accessToken".into(), access.clone().into());
    doc.insert(
        "expiresAt".into(),
        utc_z(SystemTime::now() + Duration::from_secs(expires_in)).into(),
    );
    doc.insert("clientId".into(), client_id.into());
    doc.insert("clientSecret".into(), client_secret.into());
    doc.insert("registrationExpiresAt".into(), reg_expiry.into());
    if let Some(r) = out.refresh_token {
        doc.insert("refreshToken".into(), r.into());
    }
    Ok(Some((Value::Object(doc), access)))
}

/// The SSO-OIDC client, unsigned, in `region`.
pub(crate) fn oidc_client(config: &SdkConfig, region: &str) -> awslice_sso_oidc::Client {
    awslice_sso_oidc::Client::new(
        &config
            .provider_client_config(None, region)
            .with_region(region),
    )
}

/// The SSO portal client, unsigned, in `region`.
pub(crate) fn portal_client(config: &SdkConfig, region: &str) -> awslice_sso::Client {
    awslice_sso::Client::new(
        &config
            .provider_client_config(None, region)
            .with_region(region),
    )
}

/// Calls `GetRoleCredentials`; returns the credentials and their cache document.
async fn get_role_credentials(
    config: &SdkConfig,
    sso: &SsoConfig,
    token: &str,
) -> Result<(Credentials, Value), CredentialsError> {
    let client = portal_client(config, &sso.region);
    let call = client
        .get_role_credentials()
        .role_name(&sso.role_name)
        .account_id(&sso.account_id)
        .access_token(token)
        .send();
    let out = match crate::quiet::redacting_bodies(call).await {
        Ok(out) => out,
        Err(e) => return Err(portal_error("GetRoleCredentials", e)),
    };
    let missing = |what: &str| {
        CredentialsError::other(format!("the GetRoleCredentials response has no {what}"))
    };
    let rc = out
        .role_credentials
        .ok_or_else(|| missing("roleCredentials"))?;
    let akid = rc.access_key_id.ok_or_else(|| missing("accessKeyId"))?;
    let secret = rc
        .secret_access_key
        .ok_or_else(|| missing("secretAccessKey"))?;
    let session_token = rc.session_token.ok_or_else(|| missing("sessionToken"))?;
    let millis = rc.expiration.ok_or_else(|| missing("expiration"))?;
    let secs = u64::try_from(millis / 1000).unwrap_or(0);
    let expiry = UNIX_EPOCH + Duration::from_secs(secs);
    let mut c = Map::new();
    c.insert("AccessKeyId".into(), akid.clone().into());
    c.insert("SecretAccessKey".into(), secret.clone().into());
    c.insert("SessionToken".into(), session_token.clone().into());
    c.insert("Expiration".into(), utc_z(expiry).into());
    c.insert("AccountId".into(), sso.account_id.clone().into());
    let mut doc = Map::new();
    doc.insert("ProviderType".into(), "sso".into());
    doc.insert("Credentials".into(), Value::Object(c));
    Ok((
        Credentials::new(akid, secret, Some(session_token), Some(expiry)),
        Value::Object(doc),
    ))
}

/// A failed portal call: a refused token is the "session expired" error, other error
/// responses keep their code (exit 254), anything else its text.
fn portal_error(
    operation: &str,
    e: SdkError<awslice_sso::errors::GetRoleCredentialsError>,
) -> CredentialsError {
    let service = match e {
        SdkError::Service(typed) => {
            if typed.code() == "UnauthorizedException" {
                return CredentialsError::other(SESSION_EXPIRED);
            }
            awslice_runtime::error::ServiceError {
                status: 400,
                code: typed.code().to_string(),
                message: typed.message().to_string(),
                request_id: None,
                body: Default::default(),
                retries_exhausted: None,
            }
        }
        SdkError::Call(CallError::Service(se)) => {
            if se.code == "UnauthorizedException" {
                return CredentialsError::other(SESSION_EXPIRED);
            }
            se
        }
        other => return CredentialsError::other(crate::sts::failure_text(&other)),
    };
    CredentialsError::service(operation, service)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_keys_of_the_aws_cli() {
        assert_eq!(
            token_cache_key("https://d-1234567890.awsapps.com/start"),
            "7487b5b67d5fa1132cf33fa93ae51ef38cc37752"
        );
        assert_eq!(
            role_cache_key("123456789012", "ReadOnly", Some("my-sso"), "ignored"),
            "31b260dab331b2af063485cea75f7b8b3cf54c71"
        );
    }

    #[test]
    fn utc_z_drops_fractions() {
        let t = UNIX_EPOCH + Duration::from_millis(1_767_268_800_359);
        assert_eq!(utc_z(t), "2026-01-01T12:00:00Z");
    }
}
