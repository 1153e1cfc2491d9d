//! AWS credentials and the AWS CLI v2's provider chain.
//!
//! Order (botocore's `create_credential_resolver`): environment variables (skipped when
//! `--profile` is given), then the profile: assume-role, web identity and SSO (reported as
//! not supported yet), the shared credentials file, `credential_process`, static keys in
//! the config file; then container credentials and EC2 instance metadata (IMDSv2).
//! The chain stops at the first provider that has credentials: nothing later is probed.

mod process;
mod remote;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::config::Env;
use crate::config::profile::{ProfileSet, Properties, Value};

/// How long before expiry credentials are refreshed.
pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

const REDACTED: &str = "** redacted **";

struct Inner {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
    provider: &'static str,
}

/// A set of AWS credentials; cheap to clone.
///
/// `Debug` and `Display` never show the secret access key or the session token.
#[derive(Clone)]
pub struct Credentials {
    inner: Arc<Inner>,
}

impl Credentials {
    /// Credentials from their parts; `expiry` is `None` for long-term keys.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expiry: Option<SystemTime>,
    ) -> Self {
        Self::from_provider(
            access_key_id.into(),
            secret_access_key.into(),
            session_token,
            expiry,
            "static",
        )
    }

    fn from_provider(
        access_key_id: String,
        secret_access_key: String,
        session_token: Option<String>,
        expiry: Option<SystemTime>,
        provider: &'static str,
    ) -> Self {
        Credentials {
            inner: Arc::new(Inner {
                access_key_id,
                secret_access_key,
                session_token: session_token.filter(|t| !t.is_empty()),
                expiry,
                provider,
            }),
        }
    }

    /// The access key id (`AKIA…`, `ASIA…`).
    pub fn access_key_id(&self) -> &str {
        &self.inner.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.inner.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.inner.session_token.as_deref()
    }

    /// When temporary credentials expire.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.inner.expiry
    }

    /// The provider that found them (`env`, `shared-credentials-file`, `custom-process`,
    /// `config-file`, `container-role`, `iam-role`, `static`).
    pub fn provider(&self) -> &'static str {
        self.inner.provider
    }

    /// Whether they expire within `window` from `now` (never for long-term keys).
    fn expires_within(&self, now: SystemTime, window: Duration) -> bool {
        self.inner.expiry.is_some_and(|e| e <= now + window)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("provider", &self.inner.provider)
            .field("access_key_id", &self.inner.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field(
                "session_token",
                &self.inner.session_token.as_ref().map(|_| REDACTED),
            )
            .field("expiry", &self.inner.expiry)
            .finish()
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "credentials {} from {}",
            self.inner.access_key_id, self.inner.provider
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ErrorKind {
    NotFound(Vec<&'static str>),
    Provider,
    Unsupported,
}

/// Credentials could not be obtained. `Display` never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    kind: ErrorKind,
    message: String,
}

impl CredentialsError {
    /// A provider failed (botocore's `Error when retrieving credentials from …`).
    pub(crate) fn provider(provider: &str, msg: impl fmt::Display) -> Self {
        CredentialsError {
            kind: ErrorKind::Provider,
            message: format!("Error when retrieving credentials from {provider}: {msg}"),
        }
    }

    fn partial(provider: &str, missing: &str) -> Self {
        CredentialsError {
            kind: ErrorKind::Provider,
            message: format!("Partial credentials found in {provider}, missing: {missing}"),
        }
    }

    fn unsupported(profile: &str, what: &str, key: &str) -> Self {
        CredentialsError {
            kind: ErrorKind::Unsupported,
            message: format!(
                "The config profile ({profile}) uses {what} (`{key}`), which awslice does not support yet"
            ),
        }
    }

    fn not_found(tried: Vec<&'static str>) -> Self {
        CredentialsError {
            message: format!("Unable to locate credentials (tried: {})", tried.join(", ")),
            kind: ErrorKind::NotFound(tried),
        }
    }

    /// True when no provider had credentials (the CLI's `NoCredentials`, exit 253).
    pub fn is_not_found(&self) -> bool {
        matches!(self.kind, ErrorKind::NotFound(_))
    }

    /// True when the profile needs a provider awslice does not implement yet
    /// (assume-role, web identity, SSO, `aws login`).
    pub fn is_unsupported(&self) -> bool {
        self.kind == ErrorKind::Unsupported
    }

    /// The providers that were tried, for a not-found error.
    pub fn tried(&self) -> &[&'static str] {
        match &self.kind {
            ErrorKind::NotFound(t) => t,
            _ => &[],
        }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {}

/// Parses an `Expiration` / `AWS_CREDENTIAL_EXPIRATION` timestamp (RFC 3339; a missing
/// offset is read as UTC).
pub(crate) fn parse_expiry(raw: &str) -> Option<SystemTime> {
    use time::format_description::well_known::Rfc3339;
    let raw = raw.trim();
    let parsed = time::OffsetDateTime::parse(raw, &Rfc3339)
        .or_else(|_| time::OffsetDateTime::parse(&format!("{raw}Z"), &Rfc3339))
        .ok()?;
    Some(parsed.into())
}

/// Where the chain found the current credentials; refreshes ask the same provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Env,
    SharedFile,
    Process,
    ConfigFile,
    Container,
    Imds,
}

impl Source {
    /// botocore's provider `METHOD` name.
    fn method(self) -> &'static str {
        match self {
            Source::Env => "env",
            Source::SharedFile => "shared-credentials-file",
            Source::Process => "custom-process",
            Source::ConfigFile => "config-file",
            Source::Container => "container-role",
            Source::Imds => "iam-role",
        }
    }
}

/// What the provider chain reads.
pub(crate) struct ChainContext<'a> {
    pub(crate) env: &'a Env,
    pub(crate) files: &'a ProfileSet,
    pub(crate) profile_name: &'a str,
    pub(crate) profile_explicit: bool,
}

fn prop<'a>(props: Option<&'a Properties>, key: &str) -> Option<&'a str> {
    props?
        .get(key)
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty())
}

/// Static keys of one profile section (credentials file or config file).
fn static_keys(
    props: Option<&Properties>,
    provider: &'static str,
) -> Result<Option<Credentials>, CredentialsError> {
    let Some(akid) = prop(props, "aws_access_key_id") else {
        return Ok(None);
    };
    let Some(secret) = prop(props, "aws_secret_access_key") else {
        return Err(CredentialsError::partial(provider, "aws_secret_access_key"));
    };
    let token = prop(props, "aws_session_token").or_else(|| prop(props, "aws_security_token"));
    Ok(Some(Credentials::from_provider(
        akid.to_string(),
        secret.to_string(),
        token.map(str::to_string),
        None,
        provider,
    )))
}

impl ChainContext<'_> {
    fn env_credentials(&self) -> Result<Option<Credentials>, CredentialsError> {
        let env = self.env;
        let Some(akid) = env.get_nonempty("AWS_ACCESS_KEY_ID") else {
            return Ok(None);
        };
        let Some(secret) = env.get_nonempty("AWS_SECRET_ACCESS_KEY") else {
            return Err(CredentialsError::partial("env", "AWS_SECRET_ACCESS_KEY"));
        };
        let token = env
            .get_nonempty("AWS_SECURITY_TOKEN")
            .or_else(|| env.get_nonempty("AWS_SESSION_TOKEN"));
        let expiry = match env.get_nonempty("AWS_CREDENTIAL_EXPIRATION") {
            None => None,
            Some(raw) => Some(parse_expiry(raw).ok_or_else(|| {
                CredentialsError::provider(
                    "env",
                    format!("AWS_CREDENTIAL_EXPIRATION is not a valid timestamp: {raw}"),
                )
            })?),
        };
        tracing::info!("Found credentials in environment variables.");
        Ok(Some(Credentials::from_provider(
            akid.to_string(),
            secret.to_string(),
            token.map(str::to_string),
            expiry,
            "env",
        )))
    }

    fn profile(&self) -> Option<&Properties> {
        self.files.profile(self.profile_name)
    }

    /// Profiles using providers awslice does not implement yet fail clearly.
    fn check_unsupported(&self) -> Result<(), CredentialsError> {
        let p = self.profile();
        let name = self.profile_name;
        if prop(p, "role_arn").is_some() {
            return Err(CredentialsError::unsupported(
                name,
                "assume-role",
                "role_arn",
            ));
        }
        if prop(p, "web_identity_token_file").is_some() {
            return Err(CredentialsError::unsupported(
                name,
                "web identity federation",
                "web_identity_token_file",
            ));
        }
        if !self.profile_explicit
            && self
                .env
                .get_nonempty("AWS_WEB_IDENTITY_TOKEN_FILE")
                .is_some()
            && self.env.get_nonempty("AWS_ROLE_ARN").is_some()
        {
            return Err(CredentialsError {
                kind: ErrorKind::Unsupported,
                message: "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN request web identity federation, which awslice does not support yet".to_string(),
            });
        }
        for key in ["sso_session", "sso_start_url"] {
            if prop(p, key).is_some() {
                return Err(CredentialsError::unsupported(
                    name,
                    "AWS IAM Identity Center (SSO)",
                    key,
                ));
            }
        }
        Ok(())
    }

    /// Runs one provider.
    async fn run(&self, source: Source) -> Result<Option<Credentials>, CredentialsError> {
        tracing::debug!("Looking for credentials via: {}", source.method());
        match source {
            Source::Env => self.env_credentials(),
            Source::SharedFile => {
                let c = static_keys(
                    self.files.credentials_profile(self.profile_name),
                    "shared-credentials-file",
                )?;
                if c.is_some() {
                    let file = self
                        .env
                        .get_nonempty("AWS_SHARED_CREDENTIALS_FILE")
                        .unwrap_or("~/.aws/credentials");
                    tracing::info!("Found credentials in shared credentials file: {file}");
                }
                Ok(c)
            }
            Source::Process => match prop(self.profile(), "credential_process") {
                None => Ok(None),
                Some(cmd) => process::run(cmd).await.map(Some),
            },
            Source::ConfigFile => {
                let c = static_keys(self.files.config_profile(self.profile_name), "config-file")?;
                if c.is_some() {
                    let file = self
                        .env
                        .get_nonempty("AWS_CONFIG_FILE")
                        .unwrap_or("~/.aws/config");
                    tracing::info!("Credentials found in config file: {file}");
                }
                Ok(c)
            }
            Source::Container => remote::container(self.env).await,
            Source::Imds => remote::imds(self.env, self.profile()).await,
        }
    }

    /// Walks the chain; the first provider with credentials wins.
    async fn resolve(&self) -> Result<(Credentials, Source), CredentialsError> {
        let mut tried = Vec::new();
        if self.profile_explicit {
            tracing::debug!(
                "Skipping environment variable credential check because profile name was explicitly set."
            );
        } else {
            tried.push("env");
            if let Some(c) = self.run(Source::Env).await? {
                return Ok((c, Source::Env));
            }
        }
        self.check_unsupported()?;
        for source in [Source::SharedFile, Source::Process, Source::ConfigFile] {
            if source == Source::Process && prop(self.profile(), "login_session").is_some() {
                return Err(CredentialsError::unsupported(
                    self.profile_name,
                    "aws login",
                    "login_session",
                ));
            }
            tried.push(source.method());
            if let Some(c) = self.run(source).await? {
                return Ok((c, source));
            }
        }
        tried.push("container-role");
        if let Some(c) = self.run(Source::Container).await? {
            return Ok((c, Source::Container));
        }
        tried.push("iam-role");
        if let Some(c) = self.run(Source::Imds).await? {
            return Ok((c, Source::Imds));
        }
        tracing::debug!("No credentials found (tried: {})", tried.join(", "));
        Err(CredentialsError::not_found(tried))
    }
}

/// The credentials cache of one [`crate::config::SdkConfig`] (and its clones).
#[derive(Default)]
pub(crate) struct CredentialsCache {
    state: tokio::sync::Mutex<Option<(Credentials, Source)>>,
}

impl CredentialsCache {
    /// The cached credentials, or fresh ones when there are none yet or they expire
    /// within [`REFRESH_BEFORE_EXPIRY`]. The lock makes concurrent callers wait for one
    /// resolution instead of each starting their own.
    pub(crate) async fn get_or_refresh(
        &self,
        ctx: &ChainContext<'_>,
    ) -> Result<Credentials, CredentialsError> {
        let mut state = self.state.lock().await;
        let now = SystemTime::now();
        if let Some((c, source)) = state.as_ref() {
            if !c.expires_within(now, REFRESH_BEFORE_EXPIRY) {
                return Ok(c.clone());
            }
            let (old, source) = (c.clone(), *source);
            tracing::debug!(
                "Credentials from {} expire soon; refreshing.",
                old.provider()
            );
            return match ctx.run(source).await {
                Ok(Some(fresh)) => {
                    let fresh = still_valid(fresh)?;
                    *state = Some((fresh.clone(), source));
                    Ok(fresh)
                }
                result => {
                    let why = match result {
                        Err(e) => e,
                        _ => CredentialsError::provider(old.provider(), "no credentials returned"),
                    };
                    if old.expires_within(now, Duration::ZERO) {
                        Err(why)
                    } else {
                        tracing::warn!(
                            "Refreshing credentials failed, using the current ones until they expire: {why}"
                        );
                        Ok(old)
                    }
                }
            };
        }
        let (fresh, source) = ctx.resolve().await?;
        let fresh = still_valid(fresh)?;
        *state = Some((fresh.clone(), source));
        Ok(fresh)
    }
}

/// Credentials that are already expired when obtained are an error.
fn still_valid(c: Credentials) -> Result<Credentials, CredentialsError> {
    if let Some(left) = c
        .expiry()
        .and_then(|e| e.duration_since(SystemTime::now()).ok())
    {
        tracing::debug!(
            "Retrieved credentials will expire in {} seconds.",
            left.as_secs()
        );
    }
    if c.expires_within(SystemTime::now(), Duration::ZERO) {
        return Err(CredentialsError::provider(
            c.provider(),
            "the credentials returned are already expired",
        ));
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_formats() {
        let a = parse_expiry("2030-01-02T03:04:05Z").unwrap();
        let b = parse_expiry("2030-01-02T04:04:05+01:00").unwrap();
        let c = parse_expiry("2030-01-02T03:04:05").unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert!(parse_expiry("tomorrow").is_none());
    }

    #[test]
    fn redaction() {
        let c = Credentials::new("AKID", "SECRETKEY", Some("TOKEN".into()), None);
        for text in [format!("{c:?}"), c.to_string()] {
            assert!(text.contains("AKID"), "{text}");
            assert!(
                !text.contains("SECRETKEY") && !text.contains("TOKEN"),
                "{text}"
            );
        }
    }
}
