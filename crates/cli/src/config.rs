//! Builds the runtime's `SdkConfig` from the global options and the command's environment,
//! through `awslice_runtime::config::ConfigLoader` (which reads the environment and the
//! shared files once, only when a request is actually made).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use awslice_runtime::config::{ConfigLoader, Env, SdkConfig};
use awslice_runtime::credentials::ProfileProviders;

use crate::globals::{Globals, OutputFormat};

/// Timeouts after `--cli-*-timeout` validation (`None` inside = no timeout).
#[derive(Debug, Clone, Copy, Default)]
pub struct Timeouts {
    /// `--cli-connect-timeout`, when given.
    pub connect: Option<Option<Duration>>,
    /// `--cli-read-timeout`, when given.
    pub read: Option<Option<Duration>>,
}

/// Loads the configuration for one command; the error text is the AWS CLI's.
/// `providers` are the credential chain steps that call AWS, when the binary has them.
pub fn load(
    g: &Globals,
    env: &HashMap<String, String>,
    t: Timeouts,
    providers: Option<Arc<dyn ProfileProviders>>,
) -> Result<SdkConfig, String> {
    let mut loader = ConfigLoader::new().env(Env::from_map(env.clone()));
    if let Some(p) = providers {
        loader = loader.profile_providers(p);
    }
    if let Some(p) = &g.profile {
        loader = loader.profile(p);
    }
    if let Some(r) = &g.region {
        loader = loader.region(r);
    }
    if let Some(u) = &g.endpoint_url {
        loader = loader.endpoint_url(u);
    }
    if g.no_sign_request {
        loader = loader.no_sign_request(true);
    }
    if g.no_verify_ssl {
        loader = loader.verify_tls(false);
    }
    if let Some(c) = &g.ca_bundle {
        loader = loader.ca_bundle(c);
    }
    if let Some(c) = t.connect {
        loader = loader.connect_timeout(c);
    }
    if let Some(r) = t.read {
        loader = loader.read_timeout(r);
    }
    loader.load().map_err(|e| e.to_string())
}

fn non_empty<'a>(env: &'a HashMap<String, String>, key: &str) -> Option<&'a str> {
    env.get(key).map(String::as_str).filter(|v| !v.is_empty())
}

/// The `--output` to use when none is given: `AWS_DEFAULT_OUTPUT`, then the profile's
/// `output` (when the configuration was loaded), then `json`.
pub fn default_output(config: Option<&SdkConfig>, env: &HashMap<String, String>) -> OutputFormat {
    non_empty(env, "AWS_DEFAULT_OUTPUT")
        .or_else(|| config.and_then(|c| c.profile_value("output")))
        .and_then(OutputFormat::from_name)
        .unwrap_or(OutputFormat::Json)
}
