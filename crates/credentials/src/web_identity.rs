//! The `assume-role-with-web-identity` step: a token file (EKS service accounts, CI
//! runners) exchanged for a role's credentials with the unsigned
//! `AssumeRoleWithWebIdentity`.
//!
//! Each of the three settings is taken from its environment variable when set (not when
//! the profile was named explicitly), else from the profile: `AWS_WEB_IDENTITY_TOKEN_FILE`
//! / `web_identity_token_file`, `AWS_ROLE_ARN` / `role_arn`, `AWS_ROLE_SESSION_NAME` /
//! `role_session_name`. The token file is read whole (nothing trimmed) at each fetch, so a
//! rotated token is picked up on refresh. The selected profile's credentials share the
//! assume-role cache files; a source profile's are kept in memory only.

use awslice_runtime::config::SdkConfig;
use awslice_runtime::config::profile::Value as ProfileValue;
use awslice_runtime::credentials::{Credentials, CredentialsError, web_identity_token_file};
use serde_json::Map;

use crate::{State, cache, default_session_name, sts};

const NO_ROLE_ARN: &str = "The provided profile or the current environment is configured to assume role with web identity but has no role ARN configured. Ensure that the profile has the role_arnconfiguration set or the AWS_ROLE_ARN env var is set.";

/// One setting: the environment variable when set (and allowed), else the profile key.
fn setting<'a>(config: &'a SdkConfig, env_key: &str, key: &str) -> Option<&'a str> {
    if !config.profile_explicit()
        && let Some(v) = config.env().get(env_key)
    {
        return Some(v);
    }
    config
        .profile_set()
        .profile(config.profile_name())?
        .get(key)
        .and_then(ProfileValue::as_str)
}

pub(crate) async fn provide(
    state: &State,
    config: &SdkConfig,
) -> Result<Option<Credentials>, CredentialsError> {
    let Some(token_file) = web_identity_token_file(config) else {
        return Ok(None);
    };
    let role_arn = setting(config, "AWS_ROLE_ARN", "role_arn")
        .filter(|a| !a.is_empty())
        .ok_or_else(|| CredentialsError::other(NO_ROLE_ARN))?;
    let configured_session = setting(config, "AWS_ROLE_SESSION_NAME", "role_session_name");
    let mut args = Map::new();
    args.insert("RoleArn".into(), role_arn.into());
    if let Some(name) = configured_session {
        args.insert("RoleSessionName".into(), name.into());
    }
    let key = cache::cache_key(&args);
    // The file cache serves the selected profile only.
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
    let token = std::fs::read(token_file).map_err(|e| {
        CredentialsError::other(cache::os_error(&e, std::path::Path::new(token_file)))
    })?;
    let token = String::from_utf8(token).map_err(|_| {
        CredentialsError::other(format!(
            "'utf-8' codec can't decode the web identity token file {}",
            awslice_pyfmt::str_repr(token_file)
        ))
    })?;
    let default_session = default_session_name();
    let params = sts::WebIdentity {
        role_arn,
        session_name: configured_session.unwrap_or(&default_session),
        session_name_configured: configured_session.is_some(),
        token: &token,
    };
    tracing::debug!("Assuming role {role_arn} with a web identity token from {token_file}");
    let (creds, doc) = sts::assume_role_with_web_identity(config, &params).await?;
    if let Some(dir) = &dir {
        cache::store(dir, &key, &doc)?;
    }
    state.remember(&key, &creds);
    Ok(Some(creds))
}
