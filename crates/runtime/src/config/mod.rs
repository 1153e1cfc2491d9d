//! Configuration as the AWS CLI v2 resolves it: the environment, the shared config and
//! credentials files, and the command-line overrides.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use awslice_runtime::config::ConfigLoader;
//! let config = ConfigLoader::new().region("eu-west-1").load()?;
//! assert_eq!(config.region(), Some("eu-west-1"));
//! let _credentials = config.credentials().await?;
//! # Ok(()) }
//! ```

pub mod profile;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::credentials::{
    ChainContext, CredentialSource, Credentials, CredentialsCache, CredentialsError,
    ProfileProviders, ProvideCredentials, Scope,
};
use profile::{ProfileSet, Properties, Value};

/// The default connect and read timeout (botocore: 60 s each).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The environment configuration is read from: variables and the home directory.
///
/// `Debug` prints variable names only (values can be secrets).
#[derive(Clone, Default)]
pub struct Env {
    vars: HashMap<String, String>,
    home: Option<PathBuf>,
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&String> = self.vars.keys().collect();
        names.sort();
        f.debug_struct("Env")
            .field("vars", &names)
            .field("home", &self.home)
            .finish()
    }
}

impl Env {
    /// A snapshot of the process environment (variables that are not valid UTF-8 are
    /// skipped) and the user's home directory.
    pub fn process() -> Self {
        let vars: HashMap<String, String> = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        let mut env = Env::from_map(vars);
        if env.home.is_none() {
            env.home = std::env::home_dir();
        }
        env
    }

    /// An environment made of `vars` only (tests, embedding). The home directory is taken
    /// from `HOME` (or `USERPROFILE`) in the map, if present.
    pub fn from_map(vars: HashMap<String, String>) -> Self {
        let home = vars
            .get("HOME")
            .or_else(|| vars.get("USERPROFILE"))
            .filter(|h| !h.is_empty())
            .map(PathBuf::from);
        Env { vars, home }
    }

    /// Replaces the home directory (where `~/.aws` lives).
    pub fn with_home(mut self, home: impl Into<PathBuf>) -> Self {
        self.home = Some(home.into());
        self
    }

    /// A variable's value, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.vars.get(key).map(String::as_str)
    }

    /// A variable's value, if set and not empty.
    pub fn get_nonempty(&self, key: &str) -> Option<&str> {
        self.get(key).filter(|v| !v.is_empty())
    }

    /// The home directory, if known.
    pub fn home(&self) -> Option<&Path> {
        self.home.as_deref()
    }

    /// Expands `$VAR`, `${VAR}` (unknown variables stay as written) and a leading `~`,
    /// as botocore does for config file paths (`os.path.expandvars`, `expanduser`).
    pub(crate) fn expand_path(&self, raw: &str) -> PathBuf {
        let out = awslice_pyfmt::expandvars(raw, |name| self.get(name));
        if (out == "~" || out.starts_with("~/"))
            && let Some(home) = self.home()
        {
            return home.join(out[1..].trim_start_matches('/'));
        }
        PathBuf::from(out)
    }
}

/// The retry strategy (`AWS_RETRY_MODE` / `retry_mode`). The AWS CLI v2 rejects `legacy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetryMode {
    /// Exponential backoff with jitter, retry quota (the default).
    #[default]
    Standard,
    /// Standard plus client-side rate limiting.
    Adaptive,
}

impl RetryMode {
    /// The configuration spelling (`standard`, `adaptive`).
    pub fn as_str(self) -> &'static str {
        match self {
            RetryMode::Standard => "standard",
            RetryMode::Adaptive => "adaptive",
        }
    }
}

/// What kind of configuration problem a [`ConfigError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// `--profile` / `AWS_PROFILE` names a profile found in neither file.
    ProfileNotFound,
    /// A setting has a value the AWS CLI rejects (retry mode, max attempts…).
    InvalidValue,
    /// The region is not a well-formed region name.
    InvalidRegion,
    /// A shared config file could not be read or parsed.
    File,
}

/// Invalid configuration. `Display` is the AWS CLI v2's message (without `aws: [ERROR]: `);
/// the CLI exits with 255.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    kind: ConfigErrorKind,
    message: String,
    detail: Option<String>,
}

impl ConfigError {
    fn new(kind: ConfigErrorKind, message: String) -> Self {
        ConfigError {
            kind,
            message,
            detail: None,
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> ConfigErrorKind {
        self.kind
    }

    /// More detail than the AWS CLI's message gives (for a broken file: the line and
    /// what is wrong with it), when available.
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Python's `int(s)` for base 10: surrounding whitespace, an optional sign, digits with
/// single `_` separators. Values beyond `i128` saturate.
fn py_int(s: &str) -> Result<i128, ConfigError> {
    let digits = awslice_pyfmt::parse_int(s)
        .map_err(|message| ConfigError::new(ConfigErrorKind::InvalidValue, message))?;
    let (negative, magnitude) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, digits.as_str()),
    };
    // `magnitude` is a non-empty run of ASCII digits: parsing fails only on overflow.
    let value = magnitude.parse::<i128>().unwrap_or(i128::MAX);
    Ok(if negative { -value } else { value })
}

/// botocore's region check: `^[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?$`.
pub fn is_valid_region(region: &str) -> bool {
    let b = region.as_bytes();
    let alnum = |c: &u8| c.is_ascii_alphanumeric();
    match b.len() {
        0 => false,
        1 => alnum(&b[0]),
        n if n <= 63 => {
            alnum(&b[0]) && alnum(&b[n - 1]) && b[1..n - 1].iter().all(|c| alnum(c) || *c == b'-')
        }
        _ => false,
    }
}

/// botocore's `ensure_boolean` on a string: only `true` (any case) is true.
fn truthy(v: &str) -> bool {
    v.trim().eq_ignore_ascii_case("true")
}

/// Builds an [`SdkConfig`]; every setting is optional.
#[derive(Debug, Default)]
pub struct ConfigLoader {
    env: Option<Env>,
    profile: Option<String>,
    region: Option<String>,
    endpoint_url: Option<String>,
    no_sign_request: bool,
    verify_tls: Option<bool>,
    ca_bundle: Option<PathBuf>,
    connect_timeout: Option<Option<Duration>>,
    read_timeout: Option<Option<Duration>>,
    credentials: Option<Credentials>,
    credentials_provider: Option<Arc<dyn ProvideCredentials>>,
    profile_providers: Option<Arc<dyn ProfileProviders>>,
}

impl ConfigLoader {
    /// A loader reading the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads `env` instead of the process environment.
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// The profile to use (`--profile`). Naming it explicitly turns off the
    /// environment-variable credentials, as in the AWS CLI.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The region (`--region`), which beats every other source.
    pub fn region(mut self, r: impl Into<String>) -> Self {
        self.region = Some(r.into());
        self
    }

    /// The endpoint (`--endpoint-url`), which beats every other source.
    pub fn endpoint_url(mut self, u: impl Into<String>) -> Self {
        self.endpoint_url = Some(u.into());
        self
    }

    /// Sends requests unsigned (`--no-sign-request`); no credentials are looked up.
    pub fn no_sign_request(mut self, yes: bool) -> Self {
        self.no_sign_request = yes;
        self
    }

    /// Whether to verify TLS certificates (`--no-verify-ssl` → `false`).
    pub fn verify_tls(mut self, yes: bool) -> Self {
        self.verify_tls = Some(yes);
        self
    }

    /// A PEM bundle of trusted CAs (`--ca-bundle`).
    pub fn ca_bundle(mut self, p: impl Into<PathBuf>) -> Self {
        self.ca_bundle = Some(p.into());
        self
    }

    /// The connect timeout (`--cli-connect-timeout`); `None` means no timeout (CLI value 0).
    pub fn connect_timeout(mut self, t: Option<Duration>) -> Self {
        self.connect_timeout = Some(t);
        self
    }

    /// The read timeout (`--cli-read-timeout`); `None` means no timeout (CLI value 0).
    pub fn read_timeout(mut self, t: Option<Duration>) -> Self {
        self.read_timeout = Some(t);
        self
    }

    /// Fixed credentials, used instead of the provider chain.
    pub fn credentials(mut self, c: Credentials) -> Self {
        self.credentials = Some(c);
        self
    }

    /// A provider of the user's, used instead of the provider chain; what it returns is
    /// cached and, when it expires, refreshed by calling it again. A provider written for
    /// `aws-credential-types` (such as `aws-config`'s) fits through `credentials::AwsProvider`
    /// (feature `aws-credential-types`).
    pub fn credentials_provider(mut self, p: impl ProvideCredentials + 'static) -> Self {
        self.credentials_provider = Some(Arc::new(p));
        self
    }

    /// The chain steps that call AWS (assume-role, web identity, IAM Identity Center),
    /// implemented above the generated clients (the `awslice-credentials` crate's
    /// `Providers`). Without them, profiles that need those steps are refused.
    pub fn profile_providers(mut self, p: Arc<dyn ProfileProviders>) -> Self {
        self.profile_providers = Some(p);
        self
    }

    /// Reads the environment and the shared files (each at most once) and resolves
    /// every setting. Credentials are looked up later, on first use.
    pub fn load(self) -> Result<SdkConfig, ConfigError> {
        let env = self.env.unwrap_or_else(Env::process);
        let config_path = env
            .get_nonempty("AWS_CONFIG_FILE")
            .map(|p| env.expand_path(p))
            .or_else(|| env.home().map(|h| h.join(".aws").join("config")));
        let credentials_path = env
            .get_nonempty("AWS_SHARED_CREDENTIALS_FILE")
            .map(|p| env.expand_path(p))
            .or_else(|| env.home().map(|h| h.join(".aws").join("credentials")));
        let config_text = read_optional(config_path.as_deref())?;
        let credentials_text = read_optional(credentials_path.as_deref())?;
        let files = ProfileSet::parse(
            config_text.as_deref().zip(config_path.as_deref()),
            credentials_text.as_deref().zip(credentials_path.as_deref()),
        )
        .map_err(|e| {
            tracing::debug!("Unable to parse config file: {e}");
            ConfigError {
                kind: ConfigErrorKind::File,
                message: format!("Unable to parse config file: {}", e.path.display()),
                detail: Some(e.to_string()),
            }
        })?;

        let profile_explicit = self.profile.is_some();
        let named = self
            .profile
            .clone()
            // botocore reads AWS_DEFAULT_PROFILE before AWS_PROFILE.
            .or_else(|| env.get_nonempty("AWS_DEFAULT_PROFILE").map(str::to_string))
            .or_else(|| env.get_nonempty("AWS_PROFILE").map(str::to_string));
        let profile_name = named.clone().unwrap_or_else(|| "default".to_string());
        if named.is_some() && files.profile(&profile_name).is_none() {
            return Err(ConfigError::new(
                ConfigErrorKind::ProfileNotFound,
                format!("The config profile ({profile_name}) could not be found"),
            ));
        }
        let empty = Properties::new();
        let props = files.profile(&profile_name).unwrap_or(&empty);
        let prof = |key: &str| props.get(key).and_then(Value::as_str);
        let setting = |env_key: &str, key: &str| -> Option<String> {
            env.get(env_key).or_else(|| prof(key)).map(str::to_string)
        };

        let region = self
            .region
            .clone()
            .or_else(|| env.get_nonempty("AWS_REGION").map(str::to_string))
            .or_else(|| env.get_nonempty("AWS_DEFAULT_REGION").map(str::to_string))
            .or_else(|| prof("region").filter(|r| !r.is_empty()).map(str::to_string));
        if let Some(r) = &region
            && !is_valid_region(r)
        {
            return Err(ConfigError::new(
                ConfigErrorKind::InvalidRegion,
                format!("Provided region_name '{r}' doesn't match a supported format."),
            ));
        }

        let retry_mode = match setting("AWS_RETRY_MODE", "retry_mode").as_deref() {
            None => RetryMode::Standard,
            Some("standard") => RetryMode::Standard,
            Some("adaptive") => RetryMode::Adaptive,
            Some(other) => {
                return Err(ConfigError::new(
                    ConfigErrorKind::InvalidValue,
                    format!(
                        "Invalid value provided to \"mode\": \"{other}\" must be one of: \"standard\" or \"adaptive\""
                    ),
                ));
            }
        };
        let max_attempts = match setting("AWS_MAX_ATTEMPTS", "max_attempts") {
            None => 3,
            Some(raw) => {
                let n = py_int(&raw)?;
                if n < 1 {
                    return Err(ConfigError::new(
                        ConfigErrorKind::InvalidValue,
                        format!(
                            "Value provided to \"max_attempts\": {n} must be an integer greater than or equal to one."
                        ),
                    ));
                }
                u32::try_from(n).unwrap_or(u32::MAX)
            }
        };

        let flag = |env_key: &str, key: &str| setting(env_key, key).is_some_and(|v| truthy(&v));
        let use_fips = flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
        let use_dual_stack = flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint");
        let ignore_configured_endpoint_urls = flag(
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            "ignore_configured_endpoint_urls",
        );
        let configured_ca_bundle = env
            .get_nonempty("AWS_CA_BUNDLE")
            .map(PathBuf::from)
            .or_else(|| {
                prof("ca_bundle")
                    .filter(|p| !p.is_empty())
                    .map(PathBuf::from)
            });
        let ca_bundle = self
            .ca_bundle
            .clone()
            .or_else(|| configured_ca_bundle.clone());

        tracing::debug!(
            "Loaded configuration: profile {profile_name}, region {:?}, retry mode {}, max attempts {max_attempts}",
            region,
            retry_mode.as_str()
        );
        Ok(SdkConfig {
            inner: Arc::new(Inner {
                endpoint_profile: profile_name.clone(),
                profile_name,
                profile_explicit,
                source_profile: false,
                region,
                endpoint_url: self.endpoint_url,
                ignore_configured_endpoint_urls,
                use_fips,
                use_dual_stack,
                retry_mode,
                max_attempts,
                connect_timeout: self.connect_timeout.unwrap_or(Some(DEFAULT_TIMEOUT)),
                read_timeout: self.read_timeout.unwrap_or(Some(DEFAULT_TIMEOUT)),
                verify_tls: self.verify_tls.unwrap_or(true),
                ca_bundle,
                configured_ca_bundle,
                no_sign_request: self.no_sign_request,
                static_credentials: self.credentials,
                credentials_provider: self.credentials_provider,
                profile_providers: self.profile_providers,
                cache: CredentialsCache::default(),
                files,
                env,
            }),
        })
    }
}

/// Reads a shared file; a missing file (or a path that is not a file) is `None`.
fn read_optional(path: Option<&Path>) -> Result<Option<String>, ConfigError> {
    let Some(path) = path else { return Ok(None) };
    if !path.is_file() {
        tracing::debug!("No config file at {}", path.display());
        return Ok(None);
    }
    tracing::debug!("Loading config file {}", path.display());
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(Some(text)),
            Err(e) => Err(ConfigError {
                kind: ConfigErrorKind::File,
                message: format!("Unable to parse config file: {}", path.display()),
                detail: Some(format!("{}: not valid UTF-8 ({e})", path.display())),
            }),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ConfigError {
            kind: ConfigErrorKind::File,
            message: format!("Unable to read config file: {}: {e}", path.display()),
            detail: None,
        }),
    }
}

struct Inner {
    env: Env,
    files: ProfileSet,
    profile_name: String,
    profile_explicit: bool,
    /// The profile whose `[services]` and `endpoint_url` apply: the selected one, also
    /// when resolving a source profile's credentials.
    endpoint_profile: String,
    /// Whether this configuration resolves a `source_profile` of another.
    source_profile: bool,
    region: Option<String>,
    endpoint_url: Option<String>,
    ignore_configured_endpoint_urls: bool,
    use_fips: bool,
    use_dual_stack: bool,
    retry_mode: RetryMode,
    max_attempts: u32,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    verify_tls: bool,
    ca_bundle: Option<PathBuf>,
    /// The CA bundle from `AWS_CA_BUNDLE` / `ca_bundle` alone (not `--ca-bundle`).
    configured_ca_bundle: Option<PathBuf>,
    no_sign_request: bool,
    static_credentials: Option<Credentials>,
    credentials_provider: Option<Arc<dyn ProvideCredentials>>,
    profile_providers: Option<Arc<dyn ProfileProviders>>,
    cache: CredentialsCache,
}

impl Inner {
    /// A copy with an empty credentials cache.
    fn copy(&self) -> Inner {
        Inner {
            env: self.env.clone(),
            files: self.files.clone(),
            profile_name: self.profile_name.clone(),
            profile_explicit: self.profile_explicit,
            endpoint_profile: self.endpoint_profile.clone(),
            source_profile: self.source_profile,
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            ignore_configured_endpoint_urls: self.ignore_configured_endpoint_urls,
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            retry_mode: self.retry_mode,
            max_attempts: self.max_attempts,
            connect_timeout: self.connect_timeout,
            read_timeout: self.read_timeout,
            verify_tls: self.verify_tls,
            ca_bundle: self.ca_bundle.clone(),
            configured_ca_bundle: self.configured_ca_bundle.clone(),
            no_sign_request: self.no_sign_request,
            static_credentials: self.static_credentials.clone(),
            credentials_provider: self.credentials_provider.clone(),
            profile_providers: self.profile_providers.clone(),
            cache: CredentialsCache::default(),
        }
    }
}

/// Resolved configuration; cheap to clone (the clones share one credentials cache).
#[derive(Clone)]
pub struct SdkConfig {
    inner: Arc<Inner>,
}

impl fmt::Debug for SdkConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("SdkConfig")
            .field("profile", &i.profile_name)
            .field("region", &i.region)
            .field("endpoint_url", &i.endpoint_url)
            .field("use_fips", &i.use_fips)
            .field("use_dual_stack", &i.use_dual_stack)
            .field("retry_mode", &i.retry_mode)
            .field("max_attempts", &i.max_attempts)
            .field("connect_timeout", &i.connect_timeout)
            .field("read_timeout", &i.read_timeout)
            .field("verify_tls", &i.verify_tls)
            .field("ca_bundle", &i.ca_bundle)
            .field("no_sign_request", &i.no_sign_request)
            .field("static_credentials", &i.static_credentials)
            .field("credentials_provider", &i.credentials_provider)
            .field("profile_providers", &i.profile_providers)
            .finish_non_exhaustive()
    }
}

impl Default for SdkConfig {
    /// A configuration that reads nothing: no environment, no files, no region, default
    /// retries and timeouts. Its environment holds only `AWS_EC2_METADATA_DISABLED=true`,
    /// so asking it for credentials probes nothing and reports "not found" at once; use
    /// [`ConfigLoader::credentials`] to give it some.
    fn default() -> Self {
        let env = Env::from_map(HashMap::from([(
            "AWS_EC2_METADATA_DISABLED".to_string(),
            "true".to_string(),
        )]));
        SdkConfig {
            inner: Arc::new(Inner {
                env,
                files: ProfileSet::default(),
                profile_name: "default".to_string(),
                profile_explicit: false,
                endpoint_profile: "default".to_string(),
                source_profile: false,
                region: None,
                endpoint_url: None,
                ignore_configured_endpoint_urls: false,
                use_fips: false,
                use_dual_stack: false,
                retry_mode: RetryMode::Standard,
                max_attempts: 3,
                connect_timeout: Some(DEFAULT_TIMEOUT),
                read_timeout: Some(DEFAULT_TIMEOUT),
                verify_tls: true,
                ca_bundle: None,
                configured_ca_bundle: None,
                no_sign_request: false,
                static_credentials: None,
                credentials_provider: None,
                profile_providers: None,
                cache: CredentialsCache::default(),
            }),
        }
    }
}

impl SdkConfig {
    fn profile_props(&self) -> Option<&Properties> {
        self.inner.files.profile(&self.inner.profile_name)
    }

    /// The region: `--region` > `AWS_REGION` > `AWS_DEFAULT_REGION` > profile `region`.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The endpoint for the service whose Smithy `sdkId` is `sdk_id` (`WorkSpaces`):
    /// `--endpoint-url` > `AWS_ENDPOINT_URL_<SDK_ID>` > `AWS_ENDPOINT_URL` > the profile's
    /// `[services]` section `endpoint_url` > profile `endpoint_url` (botocore's
    /// `ConfiguredEndpointProvider` order, confirmed by the AWS CLI reference: both
    /// environment variables beat the config file). Only `--endpoint-url` counts when
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` / `ignore_configured_endpoint_urls` is `true`.
    pub fn endpoint_url_for(&self, sdk_id: &str) -> Option<String> {
        let i = &self.inner;
        if let Some(u) = &i.endpoint_url {
            return Some(u.clone());
        }
        if i.ignore_configured_endpoint_urls {
            return None;
        }
        let env_key = format!(
            "AWS_ENDPOINT_URL_{}",
            sdk_id.replace(' ', "_").to_uppercase()
        );
        if let Some(u) = i.env.get_nonempty(&env_key) {
            return Some(u.to_string());
        }
        if let Some(u) = i.env.get_nonempty("AWS_ENDPOINT_URL") {
            return Some(u.to_string());
        }
        let section_key = sdk_id.replace(' ', "_").to_lowercase();
        let endpoint_profile = i.files.profile(&i.endpoint_profile);
        let endpoint_value = |key: &str| {
            endpoint_profile
                .and_then(|p| p.get(key))
                .and_then(Value::as_str)
        };
        let from_services = endpoint_value("services")
            .and_then(|name| i.files.services(name))
            .and_then(|section| match section.get(&section_key) {
                Some(Value::Nested(block)) => block.get("endpoint_url"),
                _ => None,
            })
            .filter(|u| !u.is_empty());
        if let Some(u) = from_services {
            return Some(u.clone());
        }
        endpoint_value("endpoint_url")
            .filter(|u| !u.is_empty())
            .map(str::to_string)
    }

    /// Whether to use FIPS endpoints (`AWS_USE_FIPS_ENDPOINT` / `use_fips_endpoint`).
    pub fn use_fips(&self) -> bool {
        self.inner.use_fips
    }

    /// Whether to use dual-stack endpoints (`AWS_USE_DUALSTACK_ENDPOINT` /
    /// `use_dualstack_endpoint`).
    pub fn use_dual_stack(&self) -> bool {
        self.inner.use_dual_stack
    }

    /// The retry mode (default standard).
    pub fn retry_mode(&self) -> RetryMode {
        self.inner.retry_mode
    }

    /// The maximum number of attempts, first one included (default 3).
    pub fn max_attempts(&self) -> u32 {
        self.inner.max_attempts
    }

    /// The connect timeout; `None` means none (default 60 s).
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.inner.connect_timeout
    }

    /// The read timeout; `None` means none (default 60 s).
    pub fn read_timeout(&self) -> Option<Duration> {
        self.inner.read_timeout
    }

    /// Whether TLS certificates are verified (default true).
    pub fn verify_tls(&self) -> bool {
        self.inner.verify_tls
    }

    /// The CA bundle: `--ca-bundle` > `AWS_CA_BUNDLE` > profile `ca_bundle`.
    pub fn ca_bundle(&self) -> Option<&Path> {
        self.inner.ca_bundle.as_deref()
    }

    /// Whether requests are sent unsigned.
    pub fn no_sign_request(&self) -> bool {
        self.inner.no_sign_request
    }

    /// The selected profile: `--profile` > `AWS_PROFILE` > `default`.
    pub fn profile_name(&self) -> &str {
        &self.inner.profile_name
    }

    /// A plain value of the selected profile (`output`, `cli_pager`…), from the config
    /// file merged with the credentials file.
    pub fn profile_value(&self, key: &str) -> Option<&str> {
        self.profile_props()?.get(key)?.as_str()
    }

    /// A value of a nested block of the selected profile (`s3` → `addressing_style`).
    pub fn profile_nested_value(&self, key: &str, sub: &str) -> Option<&str> {
        match self.profile_props()?.get(key)? {
            profile::Value::Nested(block) => block.get(sub).map(String::as_str),
            profile::Value::Str(_) => None,
        }
    }

    /// A variable of the environment this configuration was loaded from.
    pub fn env_value(&self, key: &str) -> Option<&str> {
        self.inner.env.get(key)
    }

    /// Everything read from the shared files.
    pub fn profile_set(&self) -> &ProfileSet {
        &self.inner.files
    }

    /// The credentials to sign with: `None` with `--no-sign-request`. Resolved on first
    /// use through the AWS CLI v2's provider chain (or the provider set with
    /// [`ConfigLoader::credentials_provider`]), cached, and refreshed once (even under
    /// concurrent callers) shortly before they expire.
    pub async fn credentials(&self) -> Result<Option<Credentials>, CredentialsError> {
        let i = &self.inner;
        if i.no_sign_request {
            return Ok(None);
        }
        if let Some(c) = &i.static_credentials {
            return Ok(Some(c.clone()));
        }
        i.cache.get_or_refresh(&self.chain()).await.map(Some)
    }

    fn chain(&self) -> ChainContext<'_> {
        let i = &self.inner;
        ChainContext {
            config: self,
            env: &i.env,
            files: &i.files,
            profile_name: &i.profile_name,
            profile_explicit: i.profile_explicit,
            providers: i.profile_providers.as_ref(),
            custom: i.credentials_provider.as_ref(),
        }
    }

    /// Whether the profile was named explicitly (`--profile`, [`ConfigLoader::profile`]),
    /// which turns off the environment's credentials and web identity variables.
    pub fn profile_explicit(&self) -> bool {
        self.inner.profile_explicit
    }

    /// The environment this configuration was loaded from.
    pub fn env(&self) -> &Env {
        &self.inner.env
    }

    /// For credential providers: the configuration that resolves the credentials of
    /// `profile`, a `source_profile` of this one. It reads the same files and environment
    /// (but not the environment's credentials: the profile counts as named explicitly),
    /// keeps this configuration's region and configured endpoints, and has its own
    /// credentials cache.
    pub fn for_source_profile(&self, profile: &str) -> SdkConfig {
        let mut inner = self.inner.copy();
        inner.profile_name = profile.to_string();
        inner.profile_explicit = true;
        inner.source_profile = true;
        inner.static_credentials = None;
        inner.credentials_provider = None;
        inner.no_sign_request = false;
        SdkConfig {
            inner: Arc::new(inner),
        }
    }

    /// Whether this configuration was made by [`SdkConfig::for_source_profile`].
    pub fn is_source_profile(&self) -> bool {
        self.inner.source_profile
    }

    /// For credential providers: the configuration of a client a provider calls (STS,
    /// SSO…). Same environment, files, region, retries and timeouts; the configured
    /// endpoints of the selected profile (`AWS_ENDPOINT_URL_<SDK_ID>`, `AWS_ENDPOINT_URL`,
    /// `[services]`, `endpoint_url`) but not `--endpoint-url`; TLS settings from
    /// `AWS_CA_BUNDLE` / `ca_bundle` only (`--ca-bundle` and `--no-verify-ssl` apply to the
    /// command's own client). It signs with `credentials`, or sends unsigned when `None`.
    /// `default_region` is used when no region is configured.
    pub fn provider_client_config(
        &self,
        credentials: Option<Credentials>,
        default_region: &str,
    ) -> SdkConfig {
        let mut inner = self.inner.copy();
        inner.endpoint_url = None;
        inner.verify_tls = true;
        inner.ca_bundle = inner.configured_ca_bundle.clone();
        inner.no_sign_request = credentials.is_none();
        inner.static_credentials = credentials;
        inner.credentials_provider = None;
        inner.profile_providers = None;
        if inner.region.is_none() {
            inner.region = Some(default_region.to_string());
        }
        SdkConfig {
            inner: Arc::new(inner),
        }
    }

    /// For credential providers: this configuration with `region` as its region (the IAM
    /// Identity Center clients use the profile's `sso_region`, not the command's region).
    pub fn with_region(&self, region: &str) -> SdkConfig {
        let mut inner = self.inner.copy();
        inner.region = Some(region.to_string());
        SdkConfig {
            inner: Arc::new(inner),
        }
    }

    /// For credential providers: the credentials of this configuration's profile from the
    /// chain steps a `source_profile` is resolved with — web identity (profile keys only),
    /// IAM Identity Center, the shared credentials file, `credential_process`, the config
    /// file — without the environment, assume-role, the container or instance metadata,
    /// and without caching. `Ok(None)` when none has credentials.
    pub async fn profile_credentials(&self) -> Result<Option<Credentials>, CredentialsError> {
        let mut tried = Vec::new();
        Ok(self
            .chain()
            .resolve_in(Scope::SourceProfile, &mut tried)
            .await?
            .map(|(c, _)| c))
    }

    /// For credential providers: the credentials of one of the runtime's providers, as a
    /// profile's `credential_source` names it (not cached). `Ok(None)` when it has none.
    pub async fn credentials_from(
        &self,
        source: CredentialSource,
    ) -> Result<Option<Credentials>, CredentialsError> {
        self.chain().named_source(source).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use awslice_pyfmt::str_repr as py_repr;

    #[test]
    fn python_int_rules() {
        assert_eq!(py_int(" 5 ").unwrap(), 5);
        assert_eq!(py_int("+1_0").unwrap(), 10);
        assert_eq!(py_int("-05").unwrap(), -5);
        for bad in ["", "abc", "1.5", "_1", "1_", "1__0", "--1", "0x10"] {
            let e = py_int(bad).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("invalid literal for int() with base 10: {}", py_repr(bad))
            );
        }
        assert_eq!(py_repr("abc"), "'abc'");
        assert_eq!(py_repr("it's"), "\"it's\"");
        assert_eq!(py_repr("a\tb\\"), "'a\\tb\\\\'");
    }

    #[test]
    fn region_format() {
        for ok in ["us-east-1", "mars", "a", "x1", &"a".repeat(63)] {
            assert!(is_valid_region(ok), "{ok}");
        }
        for bad in ["", "bad region!", "-us", "us-", "us_east", &"a".repeat(64)] {
            assert!(!is_valid_region(bad), "{bad}");
        }
    }

    #[tokio::test]
    async fn default_config_probes_nothing() {
        let c = SdkConfig::default();
        assert_eq!((c.region(), c.max_attempts()), (None, 3));
        assert_eq!(c.connect_timeout(), Some(DEFAULT_TIMEOUT));
        let started = std::time::Instant::now();
        let e = c.credentials().await.unwrap_err();
        assert!(e.is_not_found(), "{e}");
        assert!(started.elapsed() < Duration::from_millis(500));
    }

    #[test]
    fn path_expansion() {
        let env = Env::from_map(HashMap::from([
            ("HOME".to_string(), "/h".to_string()),
            ("D".to_string(), "/data".to_string()),
        ]));
        assert_eq!(env.expand_path("~/.aws/x"), PathBuf::from("/h/.aws/x"));
        assert_eq!(env.expand_path("$D/cfg"), PathBuf::from("/data/cfg"));
        assert_eq!(env.expand_path("${D}cfg"), PathBuf::from("/datacfg"));
        assert_eq!(env.expand_path("$NOPE/x$"), PathBuf::from("$NOPE/x$"));
    }
}
