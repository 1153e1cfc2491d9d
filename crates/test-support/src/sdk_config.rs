//! An SDK configuration for tests, built through the public loader from an isolated
//! environment, and a WorkSpaces-shaped service description with a small rule set.

use awslice_runtime::client::{SdkConfig, ServiceClient};
use awslice_runtime::service::{Protocol, ServiceMeta};

/// A small rule set: the `Endpoint` built-in when set, else `https://svc.{Region}.amazonaws.com`.
pub const RULES: &str = r#"{
  "version": "1.0",
  "parameters": {
    "Region": {"builtIn": "AWS::Region", "type": "String", "required": false},
    "UseFIPS": {"builtIn": "AWS::UseFIPS", "type": "Boolean", "required": true, "default": false},
    "UseDualStack": {"builtIn": "AWS::UseDualStack", "type": "Boolean", "required": true, "default": false},
    "Endpoint": {"builtIn": "SDK::Endpoint", "type": "String", "required": false}
  },
  "rules": [
    {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
     "endpoint": {"url": {"ref": "Endpoint"}, "properties": {}, "headers": {}}, "type": "endpoint"},
    {"conditions": [], "endpoint": {"url": "https://svc.{Region}.amazonaws.com", "properties": {}, "headers": {}}, "type": "endpoint"}
  ]
}"#;

/// A WorkSpaces-shaped service description for tests.
pub static META: ServiceMeta = ServiceMeta {
    shape_name: "WorkspacesService",
    sdk_id: "WorkSpaces",
    endpoint_prefix: "workspaces",
    signing_name: "workspaces",
    protocol: Protocol::AwsJson1_1,
    api_version: "2015-04-08",
    endpoint_rule_set: RULES,
    query_compatible: false,
    xml_namespace: None,
    signer: awslice_runtime::service::Signer::SigV4,
};

/// The request body the AWS CLI sends for the share example.
pub const SHARE_BODY: &str =
    r#"{"ImageId": "wsi-123456789abc", "AllowCopyImage": true, "SharedAccountId": "123456789012"}"#;

/// Test access key id and secret.
pub const AKID: &str = "AKIDEXAMPLE";
/// Test secret.
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// Options for [`config`].
#[derive(Default, Clone)]
pub struct Opts {
    pub region: Option<&'static str>,
    pub endpoint: Option<String>,
    pub token: Option<&'static str>,
    pub secret: Option<String>,
    pub akid: Option<String>,
    pub no_sign: bool,
    pub max_attempts: Option<u32>,
    pub adaptive: bool,
    pub read_timeout: Option<std::time::Duration>,
    pub connect_timeout: Option<std::time::Duration>,
    pub ca_bundle: Option<std::path::PathBuf>,
    pub no_verify: bool,
}

/// Builds an [`SdkConfig`] through the public loader, from an isolated environment
/// (no process variables, no home directory, so no config files).
pub fn config(o: Opts) -> SdkConfig {
    use awslice_runtime::config::{ConfigLoader, Env};
    use awslice_runtime::credentials::Credentials;
    let mut vars = std::collections::HashMap::new();
    vars.insert(
        "AWS_MAX_ATTEMPTS".to_owned(),
        o.max_attempts.unwrap_or(3).to_string(),
    );
    vars.insert(
        "AWS_RETRY_MODE".to_owned(),
        if o.adaptive { "adaptive" } else { "standard" }.to_owned(),
    );
    let mut loader = ConfigLoader::new()
        .env(Env::from_map(vars))
        .credentials(Credentials::new(
            o.akid.unwrap_or_else(|| AKID.to_owned()),
            o.secret.unwrap_or_else(|| SECRET.to_owned()),
            o.token.map(str::to_owned),
            None,
        ))
        .no_sign_request(o.no_sign)
        .verify_tls(!o.no_verify);
    let region = o.region.unwrap_or("us-east-1");
    if !region.is_empty() {
        loader = loader.region(region);
    }
    if let Some(e) = o.endpoint {
        loader = loader.endpoint_url(e);
    }
    if let Some(p) = o.ca_bundle {
        loader = loader.ca_bundle(p);
    }
    if o.connect_timeout.is_some() {
        loader = loader.connect_timeout(o.connect_timeout);
    }
    if o.read_timeout.is_some() {
        loader = loader.read_timeout(o.read_timeout);
    }
    loader.load().expect("test configuration loads")
}

/// A client for [`META`] against `endpoint`.
pub fn client(endpoint: &str) -> ServiceClient {
    ServiceClient::new(
        &config(Opts {
            endpoint: Some(endpoint.to_owned()),
            ..Opts::default()
        }),
        &META,
    )
}

/// Runs a future on a current-thread runtime.
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(f)
}
