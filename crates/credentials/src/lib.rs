//! The AWS CLI v2's credential providers that call AWS, for awslice: assume-role
//! (`role_arn` with `source_profile` chains or a `credential_source`, `external_id`,
//! `duration_seconds`, `role_session_name`, `mfa_serial`), web identity
//! (`AWS_WEB_IDENTITY_TOKEN_FILE` / `web_identity_token_file`) and IAM Identity Center
//! (`sso_session` and legacy `sso_start_url` profiles with `sso_account_id` /
//! `sso_role_name`), plus the `sso login` / `sso logout` flows the CLI runs through
//! [`ProfileProviders::sso_login`] and [`ProfileProviders::sso_logout`].
//!
//! The runtime (`awslice-runtime`) names no service, so the chain steps that call STS, the
//! SSO portal and SSO-OIDC live here, above the generated `awslice-sts`, `awslice-sso` and
//! `awslice-sso-oidc` clients, and plug into the runtime's chain
//! through [`awslice_runtime::credentials::ProfileProviders`]. The runtime decides when a
//! step claims the profile (the AWS CLI's chain order) and caches and refreshes what it
//! returns; this crate validates the profile, finds the source credentials, reuses and
//! writes the AWS CLI's cache files (`~/.aws/cli/cache/<sha1>.json`) and calls STS.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! // ~/.aws/config:
//! //   [profile admin]
//! //   role_arn = arn:aws:iam::123456789012:role/admin
//! //   source_profile = default
//! use std::sync::Arc;
//! use awslice_runtime::config::ConfigLoader;
//!
//! let config = ConfigLoader::new()
//!     .profile("admin")
//!     .region("us-east-1")
//!     .profile_providers(Arc::new(awslice_credentials::Providers::new()))
//!     .load()?;
//! // The first signed call assumes the role (or reuses the cached credentials).
//! let assumed = config.credentials().await?.expect("signed");
//! assert_eq!(assumed.provider(), "assume-role");
//! # Ok(()) }
//! ```
//!
//! No secret (secret key, session token, web identity token, MFA code, SSO access and
//! refresh tokens, client secret) appears in `Debug`,
//! `Display`, errors or logs: the STS calls' request and response bodies are left out of
//! the debug log.

mod assume_role;
mod cache;
mod mfa;
mod quiet;
mod sso;
mod sso_login;
mod sts;
mod web_identity;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::{Arc, Mutex};

use awslice_runtime::config::SdkConfig;
use awslice_runtime::credentials::{
    Credentials, ProfileProviders, ProfileStep, ProvideFuture, SsoLoginOptions, SsoLoginPrompt,
};

pub use cache::cache_key;
pub use mfa::{MfaPrompt, ReaderPrompt, TerminalPrompt};
pub use sso::{role_cache_key as sso_role_cache_key, token_cache_key as sso_token_cache_key};
pub use sso_login::registration_cache_key as sso_registration_cache_key;

/// The providers of this crate, to register with
/// [`awslice_runtime::config::ConfigLoader::profile_providers`]: assume-role, web
/// identity and IAM Identity Center. Cheap to clone (clones share their state).
#[derive(Clone)]
pub struct Providers {
    state: Arc<State>,
}

/// What the providers keep between calls in one process.
pub(crate) struct State {
    /// Asks for MFA codes.
    pub(crate) mfa: Arc<dyn MfaPrompt>,
    /// The profiles whose MFA-protected role was already fetched: the AWS CLI asks for a
    /// code once per process and refuses to refresh such credentials.
    pub(crate) mfa_used: Mutex<HashSet<String>>,
    /// Credentials fetched in this process, by cache key (source hops of a chain and web
    /// identity source profiles, which have no file cache).
    pub(crate) memo: Mutex<HashMap<String, Credentials>>,
}

impl Providers {
    /// The providers, asking for MFA codes on the terminal ([`TerminalPrompt`]).
    pub fn new() -> Self {
        Providers::with_mfa_prompt(TerminalPrompt)
    }

    /// The providers, asking `prompt` for MFA codes.
    pub fn with_mfa_prompt(prompt: impl MfaPrompt + 'static) -> Self {
        Providers {
            state: Arc::new(State {
                mfa: Arc::new(prompt),
                mfa_used: Mutex::new(HashSet::new()),
                memo: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The providers as the trait object the configuration loader takes.
    pub fn shared(self) -> Arc<dyn ProfileProviders> {
        Arc::new(self)
    }
}

impl Default for Providers {
    fn default() -> Self {
        Providers::new()
    }
}

impl fmt::Debug for Providers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let memo = self.state.memo.lock().map(|m| m.len()).unwrap_or(0);
        f.debug_struct("Providers")
            .field(
                "steps",
                &["assume-role", "assume-role-with-web-identity", "sso"],
            )
            .field("mfa_prompt", &self.state.mfa)
            .field("credentials_in_memory", &memo)
            .finish()
    }
}

impl ProfileProviders for Providers {
    fn supports(&self, step: ProfileStep) -> bool {
        matches!(
            step,
            ProfileStep::AssumeRole | ProfileStep::WebIdentity | ProfileStep::Sso
        )
    }

    fn provide<'a>(
        &'a self,
        step: ProfileStep,
        config: &'a SdkConfig,
    ) -> ProvideFuture<'a, Option<Credentials>> {
        Box::pin(async move {
            match step {
                ProfileStep::AssumeRole => {
                    assume_role::provide(&self.state, config).await.map(Some)
                }
                ProfileStep::WebIdentity => web_identity::provide(&self.state, config).await,
                ProfileStep::Sso => sso::provide(&self.state, config).await,
                _ => Ok(None),
            }
        })
    }

    fn sso_login<'a>(
        &'a self,
        config: &'a SdkConfig,
        options: &'a SsoLoginOptions,
        prompt: &'a (dyn Fn(&SsoLoginPrompt<'_>) + Send + Sync),
    ) -> ProvideFuture<'a, String> {
        Box::pin(sso_login::login(config, options, prompt))
    }

    fn sso_logout<'a>(&'a self, config: &'a SdkConfig) -> ProvideFuture<'a, ()> {
        Box::pin(sso_login::logout(config))
    }
}

impl State {
    /// Credentials fetched earlier in this process under `key`, if they are not within the
    /// refresh window.
    pub(crate) fn remembered(&self, key: &str) -> Option<Credentials> {
        let memo = self.memo.lock().ok()?;
        let c = memo.get(key)?;
        cache::fresh_enough(c.expiry()).then(|| c.clone())
    }

    pub(crate) fn remember(&self, key: &str, c: &Credentials) {
        if let Ok(mut memo) = self.memo.lock() {
            memo.insert(key.to_string(), c.clone());
        }
    }
}

/// The session name the AWS CLI makes up when none is configured:
/// `botocore-session-<unix seconds>`.
pub(crate) fn default_session_name() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("botocore-session-{secs}")
}
