//! AWS credentials and the AWS CLI v2's provider chain.
//!
//! Order (botocore's `create_credential_resolver`): environment variables (skipped when
//! `--profile` is given), then the profile: assume-role, web identity and IAM Identity Center
//! (the [`ProfileStep`]s, which call AWS and so are provided from above the generated
//! clients through [`ProfileProviders`]; without one they are reported as not supported
//! yet), the shared credentials file, `credential_process`, static keys in the config file;
//! then container credentials and EC2 instance metadata (IMDSv2). The chain stops at the
//! first provider that has credentials, or that fails: nothing later is probed.
//!
//! A user-supplied provider ([`ProvideCredentials`], set with
//! [`crate::config::ConfigLoader::credentials_provider`]) replaces the chain; `AwsProvider`
//! (feature `aws-credential-types`) adapts one written for `aws-credential-types`.

#[cfg(feature = "aws-credential-types")]
mod aws;
mod process;
mod remote;

#[cfg(feature = "aws-credential-types")]
pub use aws::AwsProvider;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::config::profile::{ProfileSet, Properties, Value};
use crate::config::{Env, SdkConfig};
use crate::error::ServiceError;

/// Credentials expiring within this window are refreshed by one caller; when that fails,
/// the current ones are kept (botocore's advisory refresh, 15 minutes).
pub const ADVISORY_REFRESH: Duration = Duration::from_secs(15 * 60);

/// Credentials expiring within this window must be refreshed: every caller waits, and a
/// failure is an error (botocore's mandatory refresh, 10 minutes).
pub const MANDATORY_REFRESH: Duration = Duration::from_secs(10 * 60);

/// The future a credentials provider returns.
pub type ProvideFuture<'a, T> =
    Pin<Box<dyn Future<Output = Result<T, CredentialsError>> + Send + 'a>>;

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

    /// The provider that found them (`env`, `assume-role`, `assume-role-with-web-identity`,
    /// `sso`, `shared-credentials-file`, `custom-process`, `config-file`, `container-role`,
    /// `iam-role`, `static`).
    pub fn provider(&self) -> &'static str {
        self.inner.provider
    }

    /// The same credentials, attributed to `provider`.
    fn attributed(self, provider: &'static str) -> Self {
        if self.inner.provider == provider {
            return self;
        }
        let i = &self.inner;
        Credentials::from_provider(
            i.access_key_id.clone(),
            i.secret_access_key.clone(),
            i.session_token.clone(),
            i.expiry,
            provider,
        )
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

#[derive(Debug, Clone, PartialEq)]
enum ErrorKind {
    NotFound(Vec<&'static str>),
    Provider,
    Unsupported,
    Service {
        operation: String,
        error: Box<ServiceError>,
    },
    InvalidParameter,
    Configuration,
}

/// Credentials could not be obtained. `Display` never contains a secret.
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialsError {
    kind: ErrorKind,
    message: String,
}

impl CredentialsError {
    /// A provider failed (botocore's `Error when retrieving credentials from …`).
    pub fn provider(provider: &str, msg: impl fmt::Display) -> Self {
        CredentialsError {
            kind: ErrorKind::Provider,
            message: format!("Error when retrieving credentials from {provider}: {msg}"),
        }
    }

    /// A provider failed with exactly this text (a configuration error, a file that cannot
    /// be read…). The CLI prints it after `[ERROR]: ` and exits with 255.
    pub fn other(msg: impl Into<String>) -> Self {
        CredentialsError {
            kind: ErrorKind::Provider,
            message: msg.into(),
        }
    }

    /// A call a provider made to AWS (`operation`, e.g. `AssumeRole`) got an error
    /// response. The CLI prints it as that operation's service error and exits with 254.
    pub fn service(operation: &str, error: ServiceError) -> Self {
        let mut message = format!(
            "An error occurred ({}) when calling the {operation} operation",
            error.code
        );
        if let Some(n) = error.retries_exhausted {
            message.push_str(&format!(" (reached max retries: {n})"));
        }
        message.push_str(&format!(": {}", error.message));
        CredentialsError {
            kind: ErrorKind::Service {
                operation: operation.to_string(),
                error: Box::new(error),
            },
            message,
        }
    }

    /// A request a provider was about to send failed client-side parameter validation;
    /// `detail` is one `Invalid … for parameter …` line per problem. The CLI prints
    /// `An error occurred (ParamValidation): Parameter validation failed:` and the detail,
    /// and exits with 252.
    pub fn invalid_parameter(detail: impl fmt::Display) -> Self {
        CredentialsError {
            kind: ErrorKind::InvalidParameter,
            message: format!("Parameter validation failed:\n{detail}"),
        }
    }

    /// A configuration error of a command that signs in (`sso login`): the CLI prints
    /// `An error occurred (Configuration): <msg>` and exits with 253.
    pub fn configuration(msg: impl Into<String>) -> Self {
        CredentialsError {
            kind: ErrorKind::Configuration,
            message: msg.into(),
        }
    }

    /// True for [`CredentialsError::configuration`] errors.
    pub fn is_configuration(&self) -> bool {
        self.kind == ErrorKind::Configuration
    }

    /// The operation and the error response, for [`CredentialsError::service`] errors.
    pub fn service_error(&self) -> Option<(&str, &ServiceError)> {
        match &self.kind {
            ErrorKind::Service { operation, error } => Some((operation, error)),
            _ => None,
        }
    }

    /// True for [`CredentialsError::invalid_parameter`] errors.
    pub fn is_invalid_parameter(&self) -> bool {
        self.kind == ErrorKind::InvalidParameter
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

    pub(crate) fn not_found(tried: Vec<&'static str>) -> Self {
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
pub fn parse_expiry(raw: &str) -> Option<SystemTime> {
    use time::format_description::well_known::Rfc3339;
    let raw = raw.trim();
    let parsed = time::OffsetDateTime::parse(raw, &Rfc3339)
        .or_else(|_| time::OffsetDateTime::parse(&format!("{raw}Z"), &Rfc3339))
        .ok()?;
    Some(parsed.into())
}

/// A step of the chain that reads the profile and calls AWS, in the AWS CLI v2's order.
/// Implemented above the generated clients ([`ProfileProviders`]); the runtime decides
/// when a step claims the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProfileStep {
    /// `assume-role`: the profile has the key `role_arn` and not `web_identity_token_file`.
    AssumeRole,
    /// `assume-role-with-web-identity`: a non-empty token file path from
    /// `AWS_WEB_IDENTITY_TOKEN_FILE` (unless the profile was named explicitly; set but empty
    /// counts as not configured) or else from the profile's `web_identity_token_file`.
    WebIdentity,
    /// `sso`: the profile has `sso_role_name` or `sso_account_id`.
    Sso,
}

impl ProfileStep {
    /// The steps in chain order.
    pub const ALL: [ProfileStep; 3] = [
        ProfileStep::AssumeRole,
        ProfileStep::WebIdentity,
        ProfileStep::Sso,
    ];

    /// botocore's provider `METHOD` name.
    pub fn method(self) -> &'static str {
        match self {
            ProfileStep::AssumeRole => "assume-role",
            ProfileStep::WebIdentity => "assume-role-with-web-identity",
            ProfileStep::Sso => "sso",
        }
    }

    /// Whether this step takes the profile of `config` (see each variant).
    pub fn claims(self, config: &SdkConfig) -> bool {
        let props = config.profile_set().profile(config.profile_name());
        let has = |key: &str| props.is_some_and(|p| p.contains_key(key));
        match self {
            ProfileStep::AssumeRole => has("role_arn") && !has("web_identity_token_file"),
            ProfileStep::WebIdentity => web_identity_token_file(config).is_some(),
            ProfileStep::Sso => has("sso_role_name") || has("sso_account_id"),
        }
    }
}

/// The web identity token file configured for `config`'s profile, if any: the
/// environment's `AWS_WEB_IDENTITY_TOKEN_FILE` when set (and the profile was not named
/// explicitly), else the profile's `web_identity_token_file`; an empty value is none.
pub fn web_identity_token_file(config: &SdkConfig) -> Option<&str> {
    let from_env = if config.profile_explicit() {
        None
    } else {
        config.env().get("AWS_WEB_IDENTITY_TOKEN_FILE")
    };
    from_env
        .or_else(|| {
            config
                .profile_set()
                .profile(config.profile_name())
                .and_then(|p| p.get("web_identity_token_file"))
                .and_then(Value::as_str)
        })
        .filter(|p| !p.is_empty())
}

/// The chain steps that call AWS (assume-role, web identity, IAM Identity Center),
/// implemented above the generated clients and registered with
/// [`crate::config::ConfigLoader::profile_providers`].
///
/// The runtime calls [`ProfileProviders::provide`] only for a step the provider
/// [supports](ProfileProviders::supports) and that [claims](ProfileStep::claims) the
/// profile, at the step's place in the chain; and again to refresh credentials the step
/// returned, shortly before they expire. `config.profile_name()` is the profile to read.
/// `Ok(None)` lets the chain go on; an error ends it (a claimed profile never falls back).
/// Credentials returned are attributed to the step ([`ProfileStep::method`]).
pub trait ProfileProviders: Send + Sync + fmt::Debug {
    /// Whether this implements `step`. Steps not implemented keep the runtime's
    /// "not supported yet" refusal.
    fn supports(&self, step: ProfileStep) -> bool;

    /// Runs `step` for the profile of `config`.
    fn provide<'a>(
        &'a self,
        step: ProfileStep,
        config: &'a SdkConfig,
    ) -> ProvideFuture<'a, Option<Credentials>>;

    /// `sso login`: signs in to IAM Identity Center for the profile of `config` (or
    /// `options.sso_session`) and caches the access token; `prompt` is told what the user
    /// must open or type. Returns the start URL signed in to. Not supported by default.
    fn sso_login<'a>(
        &'a self,
        config: &'a SdkConfig,
        options: &'a SsoLoginOptions,
        prompt: &'a (dyn Fn(&SsoLoginPrompt<'_>) + Send + Sync),
    ) -> ProvideFuture<'a, String> {
        let _ = (config, options, prompt);
        Box::pin(async {
            Err(CredentialsError::other(
                "sso login is not supported by this build",
            ))
        })
    }

    /// `sso logout`: removes the cached IAM Identity Center tokens and the role
    /// credentials obtained with them. Not supported by default.
    fn sso_logout<'a>(&'a self, config: &'a SdkConfig) -> ProvideFuture<'a, ()> {
        let _ = config;
        Box::pin(async {
            Err(CredentialsError::other(
                "sso logout is not supported by this build",
            ))
        })
    }
}

/// The options of `sso login`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SsoLoginOptions {
    /// `--sso-session`: the `[sso-session]` to sign in to, instead of the profile's.
    pub sso_session: Option<String>,
    /// `--use-device-code`: the device code flow even for an sso-session.
    pub use_device_code: bool,
}

/// What the `sso login` flow needs the user to do, for the command to print (and to
/// open in a browser).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SsoLoginPrompt<'a> {
    /// The device code flow: open `verification_uri` and enter `user_code` (or open
    /// `verification_uri_complete`, which carries the code).
    DeviceCode {
        /// The page to open.
        verification_uri: &'a str,
        /// The page with the code filled in.
        verification_uri_complete: &'a str,
        /// The code to enter.
        user_code: &'a str,
    },
    /// The authorization code flow: open `url`, which redirects to the local listener.
    Authorize {
        /// The authorization URL.
        url: &'a str,
    },
}

/// A credentials provider of the user's, set with
/// [`crate::config::ConfigLoader::credentials_provider`]: it replaces the chain. Credentials
/// it returns with an expiry are cached and refreshed (by calling it again) before they
/// expire, like the chain's.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Fetches credentials.
    fn provide_credentials(&self) -> ProvideFuture<'_, Credentials>;
}

/// A provider the runtime implements that a profile can name as its `credential_source`
/// (for assume-role).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialSource {
    /// `Environment`: the `AWS_ACCESS_KEY_ID` family, even when the profile was named
    /// explicitly.
    Environment,
    /// `Ec2InstanceMetadata`: the instance metadata service.
    Ec2InstanceMetadata,
    /// `EcsContainer`: the container credentials endpoint.
    EcsContainer,
}

impl CredentialSource {
    /// The source a `credential_source` value names (case-sensitive, as the AWS CLI).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "Environment" => Some(CredentialSource::Environment),
            "Ec2InstanceMetadata" => Some(CredentialSource::Ec2InstanceMetadata),
            "EcsContainer" => Some(CredentialSource::EcsContainer),
            _ => None,
        }
    }

    /// The `credential_source` value.
    pub fn name(self) -> &'static str {
        match self {
            CredentialSource::Environment => "Environment",
            CredentialSource::Ec2InstanceMetadata => "Ec2InstanceMetadata",
            CredentialSource::EcsContainer => "EcsContainer",
        }
    }
}

/// Where the chain found the current credentials; refreshes ask the same provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Env,
    Profile(ProfileStep),
    SharedFile,
    Process,
    ConfigFile,
    Container,
    Imds,
    Custom,
}

impl Source {
    /// botocore's provider `METHOD` name.
    fn method(self) -> &'static str {
        match self {
            Source::Env => "env",
            Source::Profile(step) => step.method(),
            Source::SharedFile => "shared-credentials-file",
            Source::Process => "custom-process",
            Source::ConfigFile => "config-file",
            Source::Container => "container-role",
            Source::Imds => "iam-role",
            Source::Custom => "custom",
        }
    }

    /// Whether a first fetch is a refresh in botocore's terms (deferred providers), so
    /// already-expired credentials get its refresh message.
    fn is_deferred(self) -> bool {
        matches!(self, Source::Profile(_) | Source::Custom)
    }
}

/// Which part of the chain to walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The whole chain.
    Full,
    /// What a `source_profile` is resolved with: web identity (profile keys only), SSO,
    /// the shared credentials file, `credential_process` and the config file.
    SourceProfile,
}

/// What the provider chain reads.
pub(crate) struct ChainContext<'a> {
    pub(crate) config: &'a SdkConfig,
    pub(crate) env: &'a Env,
    pub(crate) files: &'a ProfileSet,
    pub(crate) profile_name: &'a str,
    pub(crate) profile_explicit: bool,
    pub(crate) providers: Option<&'a Arc<dyn ProfileProviders>>,
    pub(crate) custom: Option<&'a Arc<dyn ProvideCredentials>>,
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

    /// A step no provider implements: profiles that need it fail clearly.
    fn refuse_unsupported(&self, step: ProfileStep) -> Result<(), CredentialsError> {
        let p = self.profile();
        let name = self.profile_name;
        match step {
            ProfileStep::AssumeRole => {
                if prop(p, "role_arn").is_some() {
                    return Err(CredentialsError::unsupported(
                        name,
                        "assume-role",
                        "role_arn",
                    ));
                }
            }
            ProfileStep::WebIdentity => {
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
            }
            ProfileStep::Sso => {
                for key in ["sso_session", "sso_start_url"] {
                    if prop(p, key).is_some() {
                        return Err(CredentialsError::unsupported(
                            name,
                            "AWS IAM Identity Center (SSO)",
                            key,
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// Runs one profile step: the provider when one implements it and the step claims the
    /// profile, else the refusal of unsupported profiles.
    async fn profile_step(
        &self,
        step: ProfileStep,
        tried: &mut Vec<&'static str>,
    ) -> Result<Option<Credentials>, CredentialsError> {
        match self.providers.filter(|p| p.supports(step)) {
            None => self.refuse_unsupported(step).map(|()| None),
            Some(_) if !step.claims(self.config) => Ok(None),
            Some(_) => {
                tried.push(step.method());
                self.run(Source::Profile(step)).await
            }
        }
    }

    /// Runs one provider.
    async fn run(&self, source: Source) -> Result<Option<Credentials>, CredentialsError> {
        tracing::debug!("Looking for credentials via: {}", source.method());
        match source {
            Source::Env => self.env_credentials(),
            Source::Profile(step) => match self.providers {
                None => Ok(None),
                Some(p) => Ok(p
                    .provide(step, self.config)
                    .await?
                    .map(|c| c.attributed(step.method()))),
            },
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
            Source::Custom => match self.custom {
                None => Ok(None),
                Some(p) => p.provide_credentials().await.map(Some),
            },
        }
    }

    /// Walks the chain (or the part `scope` says); the first provider with credentials
    /// wins. `Ok(None)` when none had any.
    pub(crate) async fn resolve_in(
        &self,
        scope: Scope,
        tried: &mut Vec<&'static str>,
    ) -> Result<Option<(Credentials, Source)>, CredentialsError> {
        if scope == Scope::Full {
            if self.custom.is_some() {
                tried.push("custom");
                return Ok(self.run(Source::Custom).await?.map(|c| (c, Source::Custom)));
            }
            if self.profile_explicit {
                tracing::debug!(
                    "Skipping environment variable credential check because profile name was explicitly set."
                );
            } else {
                tried.push("env");
                if let Some(c) = self.run(Source::Env).await? {
                    return Ok(Some((c, Source::Env)));
                }
            }
        }
        for step in ProfileStep::ALL {
            if scope == Scope::SourceProfile && step == ProfileStep::AssumeRole {
                continue;
            }
            if let Some(c) = self.profile_step(step, tried).await? {
                return Ok(Some((c, Source::Profile(step))));
            }
        }
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
                return Ok(Some((c, source)));
            }
        }
        if scope == Scope::SourceProfile {
            return Ok(None);
        }
        for source in [Source::Container, Source::Imds] {
            tried.push(source.method());
            if let Some(c) = self.run(source).await? {
                return Ok(Some((c, source)));
            }
        }
        Ok(None)
    }

    /// Walks the whole chain; the first provider with credentials wins.
    async fn resolve(&self) -> Result<(Credentials, Source), CredentialsError> {
        let mut tried = Vec::new();
        match self.resolve_in(Scope::Full, &mut tried).await? {
            Some(found) => Ok(found),
            None => {
                tracing::debug!("No credentials found (tried: {})", tried.join(", "));
                Err(CredentialsError::not_found(tried))
            }
        }
    }

    /// One of the runtime's providers, as a `credential_source` names it.
    pub(crate) async fn named_source(
        &self,
        source: CredentialSource,
    ) -> Result<Option<Credentials>, CredentialsError> {
        match source {
            CredentialSource::Environment => self.run(Source::Env).await,
            CredentialSource::Ec2InstanceMetadata => self.run(Source::Imds).await,
            CredentialSource::EcsContainer => self.run(Source::Container).await,
        }
    }
}

/// The credentials cache of one [`crate::config::SdkConfig`] (and its clones).
#[derive(Default)]
pub(crate) struct CredentialsCache {
    state: tokio::sync::Mutex<Option<(Credentials, Source)>>,
}

const STILL_EXPIRED: &str =
    "Credentials were refreshed, but the refreshed credentials are still expired.";

impl CredentialsCache {
    /// The cached credentials, or fresh ones when there are none yet or they expire
    /// within [`ADVISORY_REFRESH`]. A failed refresh keeps the current credentials until
    /// they are within [`MANDATORY_REFRESH`] of expiring; then it is an error. The lock
    /// makes concurrent callers wait for one resolution instead of each starting their own.
    pub(crate) async fn get_or_refresh(
        &self,
        ctx: &ChainContext<'_>,
    ) -> Result<Credentials, CredentialsError> {
        let mut state = self.state.lock().await;
        let now = SystemTime::now();
        if let Some((c, source)) = state.as_ref() {
            if !c.expires_within(now, ADVISORY_REFRESH) {
                return Ok(c.clone());
            }
            let (old, source) = (c.clone(), *source);
            tracing::debug!(
                "Credentials from {} expire soon; refreshing.",
                old.provider()
            );
            return match ctx.run(source).await {
                Ok(Some(fresh)) => {
                    if fresh.expires_within(SystemTime::now(), Duration::ZERO) {
                        tracing::warn!("{STILL_EXPIRED}");
                        return Err(CredentialsError::other(STILL_EXPIRED));
                    }
                    *state = Some((fresh.clone(), source));
                    Ok(fresh)
                }
                result => {
                    let why = match result {
                        Err(e) => e,
                        _ => CredentialsError::provider(old.provider(), "no credentials returned"),
                    };
                    if old.expires_within(now, MANDATORY_REFRESH) {
                        Err(why)
                    } else {
                        tracing::warn!(
                            "Refreshing temporary credentials failed during advisory refresh period, using the current ones: {why}"
                        );
                        Ok(old)
                    }
                }
            };
        }
        let (fresh, source) = ctx.resolve().await?;
        let fresh = still_valid(fresh, source)?;
        *state = Some((fresh.clone(), source));
        Ok(fresh)
    }
}

/// Credentials that are already expired when obtained are an error.
fn still_valid(c: Credentials, source: Source) -> Result<Credentials, CredentialsError> {
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
        if source.is_deferred() {
            return Err(CredentialsError::other(STILL_EXPIRED));
        }
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
