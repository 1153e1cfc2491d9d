//! The `assume-role` step: a profile with `role_arn`, whose source credentials come from a
//! `credential_source` or a `source_profile` (itself possibly a role: chains of any depth).
//!
//! As the AWS CLI does it, the whole chain is validated before anything is fetched
//! (configuration errors come before any network call), source credentials that need no
//! call to AWS (static keys, `credential_process`, the environment, the container or
//! instance metadata) are read at once, and each role of the chain is taken from the cache
//! file when it has at least 15 minutes left, else assumed with the previous hop's
//! credentials (asking for the MFA code first when the hop has `mfa_serial`).

use awslice_runtime::config::SdkConfig;
use awslice_runtime::config::profile::{Properties, Value as ProfileValue};
use awslice_runtime::credentials::{CredentialSource, Credentials, CredentialsError, ProfileStep};
use serde_json::Map;

use crate::{State, cache, default_session_name, sts};

/// One role of the chain, from its own profile.
#[derive(Debug)]
struct Hop {
    profile: String,
    role_arn: String,
    session_name: Option<String>,
    external_id: Option<String>,
    mfa_serial: Option<String>,
    duration_seconds: Option<i64>,
}

impl Hop {
    fn new(profile: &str, props: &Properties) -> Hop {
        let get = |key: &str| {
            props
                .get(key)
                .and_then(ProfileValue::as_str)
                .map(str::to_string)
        };
        Hop {
            profile: profile.to_string(),
            role_arn: get("role_arn").unwrap_or_default(),
            session_name: get("role_session_name"),
            external_id: get("external_id"),
            mfa_serial: get("mfa_serial"),
            // Python's int(); a value it refuses is ignored, as the AWS CLI does.
            duration_seconds: get("duration_seconds").and_then(|raw| {
                let digits = awslice_pyfmt::parse_int(&raw).ok()?;
                Some(digits.parse::<i64>().unwrap_or(if digits.starts_with('-') {
                    i64::MIN
                } else {
                    i64::MAX
                }))
            }),
        }
    }

    /// The parameters known before the call, which name the cache file.
    fn cache_key(&self) -> String {
        let mut args = Map::new();
        args.insert("RoleArn".into(), self.role_arn.clone().into());
        if let Some(v) = &self.session_name {
            args.insert("RoleSessionName".into(), v.clone().into());
        }
        if let Some(v) = &self.external_id {
            args.insert("ExternalId".into(), v.clone().into());
        }
        if let Some(v) = &self.mfa_serial {
            args.insert("SerialNumber".into(), v.clone().into());
        }
        if let Some(v) = self.duration_seconds {
            args.insert("DurationSeconds".into(), v.into());
        }
        cache::cache_key(&args)
    }
}

/// Where the last hop's source credentials come from.
enum Base {
    /// Read while the chain was validated.
    Ready(Credentials),
    /// A source profile resolved by a step that calls AWS (web identity, IAM Identity
    /// Center): fetched only when the last hop is assumed.
    Deferred(SdkConfig),
}

/// The validated chain: `hops[0]` is the selected profile's role, each next one the role
/// of the previous hop's source profile.
struct Plan {
    hops: Vec<Hop>,
    base: Base,
}

fn has(props: &Properties, key: &str) -> bool {
    props.contains_key(key)
}

fn has_static_keys(props: &Properties) -> bool {
    has(props, "aws_access_key_id") || has(props, "aws_secret_access_key")
}

/// A profile whose credentials come from assuming its role.
fn is_role_profile(props: &Properties) -> bool {
    has(props, "role_arn") && !has(props, "web_identity_token_file")
}

fn str_of<'a>(props: &'a Properties, key: &str) -> Option<&'a str> {
    props.get(key).and_then(ProfileValue::as_str)
}

/// Validates the chain from the selected profile, reading the source credentials that
/// need no call to AWS.
async fn plan(config: &SdkConfig) -> Result<Plan, CredentialsError> {
    let files = config.profile_set();
    let selected = config.profile_name().to_string();
    let mut visited = vec![selected.clone()];
    let mut hops = Vec::new();
    let mut current = selected;
    loop {
        let Some(props) = files.profile(&current) else {
            // The step only claims profiles that exist.
            return Err(CredentialsError::other(format!(
                "The config profile ({current}) could not be found"
            )));
        };
        hops.push(Hop::new(&current, props));
        let source_profile = str_of(props, "source_profile");
        let credential_source = str_of(props, "credential_source");
        match (source_profile, credential_source) {
            (Some(_), Some(_)) => {
                return Err(CredentialsError::other(format!(
                    "The profile \"{current}\" contains both source_profile and credential_source."
                )));
            }
            (None, None) => {
                return Err(CredentialsError::other(
                    "Partial credentials found in assume-role, missing: source_profile or credential_source",
                ));
            }
            (None, Some(name)) => {
                let Some(source) = CredentialSource::from_name(name) else {
                    return Err(CredentialsError::other(format!(
                        "The credential source \"{name}\" referenced in profile \"{current}\" is not valid."
                    )));
                };
                let found = config.credentials_from(source).await?;
                let creds = found.ok_or_else(|| {
                    CredentialsError::provider(
                        name,
                        format!(
                            "No credentials found in credential_source referenced in profile {current}"
                        ),
                    )
                })?;
                return Ok(Plan {
                    hops,
                    base: Base::Ready(creds),
                });
            }
            (Some(source), None) => {
                let Some(source_props) = files.profile(source) else {
                    return Err(CredentialsError::other(format!(
                        "The source_profile \"{source}\" referenced in the profile \"{current}\" does not exist."
                    )));
                };
                if visited.iter().any(|v| v == source)
                    && (source != current || !has_static_keys(source_props))
                {
                    return Err(CredentialsError::other(format!(
                        "Infinite loop in credential configuration detected. Attempting to load from profile {source} which has already been visited. Visited profiles: {}",
                        awslice_pyfmt::str_list_repr(&visited)
                    )));
                }
                visited.push(source.to_string());
                if has_static_keys(source_props) || !is_role_profile(source_props) {
                    let source_config = config.for_source_profile(source);
                    let deferred = [ProfileStep::WebIdentity, ProfileStep::Sso]
                        .into_iter()
                        .any(|step| step.claims(&source_config));
                    if deferred {
                        return Ok(Plan {
                            hops,
                            base: Base::Deferred(source_config),
                        });
                    }
                    let creds = source_profile_credentials(&source_config).await?;
                    return Ok(Plan {
                        hops,
                        base: Base::Ready(creds),
                    });
                }
                current = source.to_string();
            }
        }
    }
}

/// A source profile's credentials from the profile steps, or the AWS CLI's error.
async fn source_profile_credentials(config: &SdkConfig) -> Result<Credentials, CredentialsError> {
    config.profile_credentials().await?.ok_or_else(|| {
        CredentialsError::other(format!(
            "The source profile \"{}\" must have credentials.",
            config.profile_name()
        ))
    })
}

/// The assumed credentials of the selected profile's role.
pub(crate) async fn provide(
    state: &State,
    config: &SdkConfig,
) -> Result<Credentials, CredentialsError> {
    let plan = plan(config).await?;
    let session_name = default_session_name();
    let dir = cache::dir(config.env());
    fetch(state, config, &plan, 0, &session_name, dir.as_deref()).await
}

/// The credentials of hop `i`: from memory, the cache file, or STS.
fn fetch<'a>(
    state: &'a State,
    config: &'a SdkConfig,
    plan: &'a Plan,
    i: usize,
    default_session: &'a str,
    dir: Option<&'a std::path::Path>,
) -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>,
> {
    Box::pin(async move {
        let hop = &plan.hops[i];
        let key = hop.cache_key();
        if i > 0
            && let Some(c) = state.remembered(&key)
        {
            return Ok(c);
        }
        if hop.mfa_serial.is_some() {
            let mut used = state
                .mfa_used
                .lock()
                .map_err(|_| CredentialsError::other("the MFA state is poisoned"))?;
            if !used.insert(hop.profile.clone()) {
                return Err(CredentialsError::other(
                    "Cannot refresh credentials: MFA token required.",
                ));
            }
        }
        if let Some(dir) = dir
            && let Some(c) = cache::load(dir, &key)?
        {
            state.remember(&key, &c);
            return Ok(c);
        }
        let token_code = match &hop.mfa_serial {
            None => None,
            Some(serial) => Some(
                state
                    .mfa
                    .token_code(&format!("Enter MFA code for {serial}: "))
                    .await?,
            ),
        };
        let source = match plan.hops.get(i + 1) {
            Some(_) => fetch(state, config, plan, i + 1, default_session, dir).await?,
            None => match &plan.base {
                Base::Ready(c) => c.clone(),
                Base::Deferred(source_config) => source_profile_credentials(source_config).await?,
            },
        };
        let params = sts::AssumeRole {
            role_arn: &hop.role_arn,
            session_name: hop.session_name.as_deref().unwrap_or(default_session),
            session_name_configured: hop.session_name.is_some(),
            external_id: hop.external_id.as_deref(),
            serial_number: hop.mfa_serial.as_deref(),
            duration_seconds: hop.duration_seconds,
            token_code: token_code.as_deref(),
        };
        tracing::debug!("Assuming role {} for profile {}", hop.role_arn, hop.profile);
        let (creds, doc) = sts::assume_role(config, source, &params).await?;
        if let Some(dir) = dir {
            cache::store(dir, &key, &doc)?;
        }
        state.remember(&key, &creds);
        Ok(creds)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hop(config: &str) -> Hop {
        let set = awslice_runtime::config::profile::ProfileSet::parse(
            Some((config, std::path::Path::new("/c"))),
            None,
        )
        .unwrap();
        Hop::new("p", set.profile("p").unwrap())
    }

    #[test]
    fn cache_keys_of_the_aws_cli() {
        let h = hop("[profile p]\nrole_arn = arn:aws:iam::123456789012:role/test\n");
        assert_eq!(h.cache_key(), "9b413f63d088ca513edf4bf108e5aeb99bbc1763");
        let h = hop(
            "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/test\n\
             role_session_name = mysession\nexternal_id = ext-1\n\
             mfa_serial = arn:aws:iam::123456789012:mfa/user\nduration_seconds = 3600\n",
        );
        assert_eq!(h.cache_key(), "22e108892dd0531aceef07788d3676ea5f196f13");
    }

    #[test]
    fn duration_like_python_int() {
        for (raw, want) in [(" 3_600 ", Some(3600)), ("+900", Some(900)), ("1h", None)] {
            let h = hop(&format!(
                "[profile p]\nrole_arn = x\nduration_seconds = {raw}\n"
            ));
            assert_eq!(h.duration_seconds, want, "{raw}");
        }
    }
}
