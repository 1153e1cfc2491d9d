//! The generic service client: one call = endpoint, credentials, signing, HTTP, retries.
//!
//! Generated service crates and the CLI engine call it with a service's generated
//! [`ServiceMeta`] and an already-serialized body:
//! ```no_run
//! # use awslice_runtime::client::ServiceClient;
//! # use awslice_runtime::service::{Protocol, ServiceMeta};
//! # static SERVICE_META: ServiceMeta = ServiceMeta {
//! #     shape_name: "ExampleService", sdk_id: "Example", endpoint_prefix: "example",
//! #     signing_name: "example", protocol: Protocol::AwsJson1_1, api_version: "2020-01-01",
//! #     endpoint_rule_set: "{}",
//! #     query_compatible: false,
//! #     xml_namespace: None,
//! #     signer: awslice_runtime::service::Signer::SigV4,
//! # };
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let config = awslice_runtime::config::ConfigLoader::new().region("us-east-1").load()?;
//! let client = ServiceClient::new(&config, &SERVICE_META);
//! let response = client.call("DoThing", br#"{"Name": "x"}"#.to_vec()).await?;
//! println!("{}", response.status);
//! # Ok(())
//! # }
//! ```
//!
//! `--debug` material is emitted as `tracing` DEBUG events under the targets
//! `awslice::endpoint`, `awslice::auth`, `awslice::http` and `awslice::retry`. The secret key
//! is never logged and the session token only as `<redacted>`.

use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use http::header::{HeaderName, HeaderValue};

use crate::credentials::CredentialsError;
use crate::error::{
    CallError, DispatchError, DispatchKind, EndpointError, InvalidRequest, ServiceError,
};
use crate::http::{HttpClient, HttpResponse, HttpSettings};
use crate::protocol;
use crate::retry::{Outcome, RateLimiter, RetryMode, RetryQuota, backoff, random_unit};
use crate::schema::Auth;
use crate::service::{ServiceMeta, Signer};
use crate::sign::{self, SignInput, SigningCredentials, SigningIdentity};
use crate::user_agent::UserAgent;

pub use crate::config::SdkConfig;

/// A raw HTTP response.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: http::HeaderMap,
    /// Response body.
    pub body: bytes::Bytes,
    /// The request's listing was URL-encoded by its operation's rules
    /// ([`RawResponse::finish_output`] decodes it).
    listing_auto_encoded: bool,
    /// The text of the header of [`crate::schema::OperationRules::header_text`], if sent.
    header_text: Option<String>,
}

impl RawResponse {
    /// Applies the operation's rules to its output `value` read from this response: a
    /// listing URL-encoded on request (not by the caller) is decoded
    /// ([`protocol::rules::decode_listing`]); a header's text is added as its member; a member
    /// that is the reply's root text is read.
    pub fn finish_output(
        &self,
        operation: &crate::schema::Operation,
        value: &mut serde_json::Value,
    ) {
        if self.listing_auto_encoded {
            protocol::rules::decode_listing(operation.rules, value);
        }
        if let (Some(rule), Some(text), serde_json::Value::Object(fields)) =
            (operation.rules.header_text, &self.header_text, &mut *value)
        {
            fields.insert(rule.member.to_owned(), text.clone().into());
        }
        if let (Some(member), serde_json::Value::Object(fields)) =
            (operation.rules.root_text_member, value)
        {
            let text = protocol::rules::root_text(&self.body);
            fields.insert(
                member.to_owned(),
                text.map_or(serde_json::Value::Null, Into::into),
            );
        }
    }
}

/// A request as [`ServiceClient::prepare`] makes it, before its signature and the SDK's own
/// headers.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Prepared {
    /// The URL sent to.
    pub url: reqwest::Url,
    /// The `Host` header value.
    pub host: String,
    /// The protocol's headers and those the operation's rules add, in the order sent (names
    /// lower-case).
    pub headers: Vec<(String, String)>,
    /// The body sent.
    pub body: bytes::Bytes,
    /// The `Content-Length` sent (none for a bodiless GET, HEAD or OPTIONS).
    pub content_length: Option<usize>,
    /// The payload hash signed instead of the body's SHA-256, if any.
    pub payload_hash: Option<String>,
    target: Arc<Target>,
}

/// State shared by a client and its clones: lazily built HTTP clients and rule set,
/// the retry quota, the adaptive rate limiter and the clock-skew estimate.
struct Shared {
    config: SdkConfig,
    service: &'static ServiceMeta,
    http: OnceLock<HttpClient>,
    rules: OnceLock<Result<awslice_endpoints::RuleSet, awslice_endpoints::Error>>,
    /// The resolved endpoint. Every rule-set input (region, FIPS, dual-stack, endpoint URL)
    /// comes from the immutable `config`, so one resolution serves every call.
    target: OnceLock<Arc<Target>>,
    /// The endpoints of calls whose operations set rule-set parameters (an S3 bucket), by
    /// those parameters; at most [`TARGETS_CACHED`] of them.
    targets: Mutex<Vec<(String, Arc<Target>)>>,
    /// The `s3` block's `payload_signing_enabled`, read once (the configuration is immutable).
    payload_signing: OnceLock<Option<bool>>,
    /// The signing identity of the last credentials the configuration returned, reused while
    /// it keeps returning the same ones (a refresh yields new ones and a new identity).
    identity: Mutex<Option<(crate::credentials::Credentials, SigningIdentity)>>,
    quota: RetryQuota,
    limiter: RateLimiter,
    /// Server time minus local time, from the last response's `Date` header, in seconds.
    skew: Mutex<f64>,
}

/// The S3 settings of the configuration, where botocore reads them (`DEFAULT_S3_CONFIG_VARS`:
/// the environment, then the profile's top-level key, then its `s3` block; booleans as
/// `ensure_boolean`: `true` in any case).
#[derive(Debug, Default)]
struct S3Settings<'c> {
    addressing_style: Option<&'c str>,
    accelerate: bool,
    payload_signing_enabled: Option<bool>,
    use_arn_region: Option<bool>,
    us_east_1_regional_endpoint: Option<&'c str>,
    disable_multiregion_access_points: bool,
}

impl<'c> S3Settings<'c> {
    fn of(config: &'c SdkConfig) -> Self {
        let block = |k: &str| config.profile_nested_value("s3", k);
        let boolean = |v: Option<&str>| v.map(|v| v.trim().eq_ignore_ascii_case("true"));
        let env = |k: &str| config.env_value(k).filter(|v| !v.is_empty());
        S3Settings {
            addressing_style: block("addressing_style"),
            accelerate: boolean(block("use_accelerate_endpoint")).unwrap_or(false),
            payload_signing_enabled: boolean(block("payload_signing_enabled")),
            use_arn_region: boolean(
                env("AWS_S3_USE_ARN_REGION")
                    .or_else(|| config.profile_value("s3_use_arn_region"))
                    .or_else(|| block("use_arn_region")),
            ),
            us_east_1_regional_endpoint: env("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT")
                .or_else(|| config.profile_value("s3_us_east_1_regional_endpoint"))
                .or_else(|| block("us_east_1_regional_endpoint")),
            disable_multiregion_access_points: boolean(
                env("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS")
                    .or_else(|| block("s3_disable_multiregion_access_points")),
            )
            .unwrap_or(false),
        }
    }
}

/// How many endpoints of calls with their own rule-set parameters a client keeps.
const TARGETS_CACHED: usize = 64;

/// A client for one service; cheap to clone, reuses connections.
#[derive(Clone)]
pub struct ServiceClient {
    shared: Arc<Shared>,
    user_agent: UserAgent,
    /// Feature ids the caller adds to the `User-Agent`'s `m/` piece ([`crate::user_agent::feature::PAGINATOR`]).
    user_agent_features: Vec<&'static str>,
    /// The `User-Agent` headers built so far, by credential provider (`Err`: the invalid text).
    user_agent_header: UserAgentCache,
}

/// `User-Agent` values by the credential provider of the call (a client rarely sees more than
/// one), so the header is built once, not per request.
type UserAgentCache = Arc<Mutex<Vec<(Option<&'static str>, Result<HeaderValue, String>)>>>;

impl fmt::Debug for ServiceClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceClient")
            .field("service", &self.shared.service.shape_name)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

/// A resolved endpoint and its signing parameters.
#[derive(Debug, Clone)]
struct Target {
    url: reqwest::Url,
    host: String,
    /// `host` as a header value (`Err`: the configuration error it gives).
    host_header: Result<HeaderValue, InvalidRequest>,
    signing_region: String,
    signing_name: String,
    headers: Vec<(String, String)>,
}

impl ServiceClient {
    /// A client for `service` with `config`.
    pub fn new(config: &SdkConfig, service: &'static ServiceMeta) -> Self {
        ServiceClient {
            shared: Arc::new(Shared {
                config: config.clone(),
                service,
                http: OnceLock::new(),
                rules: OnceLock::new(),
                target: OnceLock::new(),
                targets: Mutex::new(Vec::new()),
                payload_signing: OnceLock::new(),
                identity: Mutex::new(None),
                quota: RetryQuota::default(),
                limiter: RateLimiter::default(),
                skew: Mutex::new(0.0),
            }),
            user_agent: UserAgent::new(),
            user_agent_features: Vec::new(),
            user_agent_header: Arc::default(),
        }
    }

    /// Appends a piece to the `User-Agent` header (the CLI adds
    /// `md/command#<service>.<operation>`). Clones made afterwards keep it.
    pub fn with_user_agent_piece(mut self, piece: &str) -> Self {
        self.user_agent.push(piece);
        self.user_agent_header = Arc::default();
        self
    }

    /// Adds a feature id ([`crate::user_agent::feature`]) to the `User-Agent`'s `m/` piece (the CLI adds
    /// [`crate::user_agent::feature::PAGINATOR`] for the pages of a paginated command).
    pub fn with_user_agent_feature(mut self, id: &'static str) -> Self {
        self.user_agent_features.push(id);
        self.user_agent_header = Arc::default();
        self
    }

    /// The service this client calls.
    pub fn service(&self) -> &'static ServiceMeta {
        self.shared.service
    }

    /// The configuration this client was made with.
    pub fn config(&self) -> &SdkConfig {
        &self.shared.config
    }

    fn http(&self) -> &HttpClient {
        self.shared.http.get_or_init(|| {
            let c = &self.shared.config;
            let settings = HttpSettings {
                connect_timeout: c.connect_timeout(),
                read_timeout: c.read_timeout(),
                verify_tls: c.verify_tls(),
                ca_bundle: c.ca_bundle().map(|p| p.to_path_buf()),
            };
            tracing::debug!(
                target: "awslice::http",
                "Setting {} timeout as ({}, {})",
                self.shared.service.endpoint_prefix,
                fmt_timeout(settings.connect_timeout),
                fmt_timeout(settings.read_timeout)
            );
            HttpClient::new(settings)
        })
    }

    /// The endpoint of this client's calls, resolved once and cached. While any subscriber
    /// takes DEBUG events it is resolved on every call, as the AWS CLI does, so that every
    /// call logs its endpoint-provider lines. (The global level hint is used rather than a
    /// per-callsite `enabled!`: callsite interest is cached and can be stale for a subscriber
    /// set on another thread, which made the debug lines go missing now and then.)
    fn target(&self, region: &str) -> Result<Arc<Target>, CallError> {
        if !tracing::level_enabled!(tracing::Level::DEBUG)
            && let Some(t) = self.shared.target.get()
        {
            return Ok(Arc::clone(t));
        }
        let target = Arc::new(self.resolve_endpoint(region, &[], false)?);
        // A concurrent first call may have stored an equal target already; either is fine.
        let _ = self.shared.target.set(Arc::clone(&target));
        Ok(target)
    }

    /// The endpoint of `request`: [`ServiceClient::target`] unless its operation sets
    /// rule-set parameters, whose endpoints are cached by those parameters.
    fn target_for(
        &self,
        region: &str,
        request: &protocol::Request,
    ) -> Result<Arc<Target>, CallError> {
        let force_path_style = request.rules.force_path_style;
        if request.endpoint_params.is_empty() && !force_path_style {
            return self.target(region);
        }
        let key = format!("{:?}{force_path_style}", request.endpoint_params);
        let debug = tracing::level_enabled!(tracing::Level::DEBUG);
        let cached = || {
            let targets = self
                .shared
                .targets
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            targets
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, t)| Arc::clone(t))
        };
        if !debug && let Some(t) = cached() {
            return Ok(t);
        }
        let target =
            Arc::new(self.resolve_endpoint(region, &request.endpoint_params, force_path_style)?);
        let mut targets = self
            .shared
            .targets
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if targets.len() >= TARGETS_CACHED {
            targets.remove(0);
        }
        targets.push((key, Arc::clone(&target)));
        Ok(target)
    }

    /// Resolves the endpoint with the rule set: the built-ins from the configuration, then
    /// the operation's own parameters (which win, as in botocore).
    fn resolve_endpoint(
        &self,
        region: &str,
        operation_params: &[(&'static str, awslice_endpoints::Value)],
        force_path_style: bool,
    ) -> Result<Target, CallError> {
        let shared = &self.shared;
        let rules = shared
            .rules
            .get_or_init(|| awslice_endpoints::RuleSet::from_json(shared.service.endpoint_rule_set))
            .as_ref()
            .map_err(|e| CallError::Endpoint(EndpointError::rule_set(e.clone())))?;
        let config = &shared.config;
        let mut params = awslice_endpoints::Params::new();
        let mut set = |built_in: &str, value: awslice_endpoints::Value| {
            if let Some(p) = rules.parameter_for_built_in(built_in) {
                params.insert(p.name.clone(), value);
            }
        };
        set("AWS::Region", region.into());
        set("AWS::UseDualStack", config.use_dual_stack().into());
        set("AWS::UseFIPS", config.use_fips().into());
        let endpoint_url = config.endpoint_url_for(shared.service.sdk_id);
        // The S3 built-ins as botocore computes them (`compute_endpoint_resolver_builtin_defaults`
        // from its `s3` configuration, `DEFAULT_S3_CONFIG_VARS`): no path-style with
        // `use_accelerate_endpoint`; else path-style when the profile's `s3` block says
        // `addressing_style = path`, or with a custom endpoint URL unless it says `virtual`; the
        // legacy global endpoint in us-east-1 unless `us_east_1_regional_endpoint = regional`;
        // ARN regions honoured unless `use_arn_region = false`.
        let s3 = S3Settings::of(config);
        let path_style = !s3.accelerate
            && match endpoint_url {
                Some(_) => s3.addressing_style != Some("virtual"),
                None => s3.addressing_style == Some("path"),
            };
        set(
            "AWS::S3::ForcePathStyle",
            (force_path_style || path_style).into(),
        );
        set(
            "AWS::S3::UseGlobalEndpoint",
            (region == "us-east-1" && s3.us_east_1_regional_endpoint != Some("regional")).into(),
        );
        set("AWS::S3::Accelerate", s3.accelerate.into());
        set(
            "AWS::S3::UseArnRegion",
            s3.use_arn_region.unwrap_or(true).into(),
        );
        set(
            "AWS::S3::DisableMultiRegionAccessPoints",
            s3.disable_multiregion_access_points.into(),
        );
        set(
            "AWS::S3Control::UseArnRegion",
            s3.use_arn_region.unwrap_or(false).into(),
        );
        if let Some(url) = endpoint_url {
            set("SDK::Endpoint", url.into());
        }
        for (name, value) in operation_params {
            if rules.parameters().iter().any(|p| p.name == *name) {
                params.insert((*name).to_owned(), value.clone());
            }
        }
        tracing::debug!(target: "awslice::endpoint", "Calling endpoint provider with parameters: {params:?}");
        let endpoint = rules
            .resolve(&params)
            .map_err(|e| CallError::Endpoint(EndpointError::rules(e)))?;
        tracing::debug!(target: "awslice::endpoint", "Endpoint provider result: {}", endpoint.url);
        let invalid = || CallError::Endpoint(EndpointError::invalid_url(&endpoint.url, None));
        let url = reqwest::Url::parse(&endpoint.url).map_err(|e| {
            CallError::Endpoint(EndpointError::invalid_url(&endpoint.url, Some(Arc::new(e))))
        })?;
        if (url.scheme() != "http" && url.scheme() != "https")
            || !is_valid_endpoint_host(&endpoint.url, &url)
        {
            return Err(invalid());
        }
        let host_name = url.host_str().ok_or_else(invalid)?;
        let host = host_header(&url, host_name);
        let host_value = HeaderValue::from_str(&host).map_err(|_| InvalidRequest::HeaderValue {
            name: "host".to_owned(),
            value: host.clone(),
        });
        let (mut signing_region, mut signing_name) =
            (region.to_owned(), shared.service.signing_name.to_owned());
        let sigv4 = endpoint
            .properties
            .get("authSchemes")
            .and_then(|v| v.as_array())
            .and_then(|schemes| {
                schemes
                    .iter()
                    .find(|s| s.get("name").and_then(|n| n.as_str()) == Some("sigv4"))
            });
        if let Some(scheme) = sigv4 {
            if let Some(r) = scheme.get("signingRegion").and_then(|v| v.as_str()) {
                signing_region = r.to_owned();
            }
            if let Some(n) = scheme.get("signingName").and_then(|v| v.as_str()) {
                signing_name = n.to_owned();
            }
        }
        let headers = endpoint
            .headers
            .iter()
            .flat_map(|(k, vs)| vs.iter().map(move |v| (k.clone(), v.clone())))
            .collect();
        Ok(Target {
            url,
            host,
            host_header: host_value,
            signing_region,
            signing_name,
            headers,
        })
    }

    async fn credentials(&self) -> Result<Option<SigningIdentity>, CallError> {
        let config = &self.shared.config;
        if config.no_sign_request() {
            return Ok(None);
        }
        match config.credentials().await {
            Ok(Some(c)) => Ok(Some(self.identity_for(c))),
            Ok(None) => Ok(None),
            Err(e) if e.is_not_found() => Err(CallError::NoCredentials(e)),
            Err(e) => Err(match e.service_error() {
                Some((operation, error)) => CallError::CredentialsService {
                    operation: operation.to_string(),
                    error: Box::new(error.clone()),
                },
                None if e.is_invalid_parameter() => CallError::CredentialsParam(e),
                None => CallError::Credentials(e),
            }),
        }
    }

    /// The `User-Agent` header value for a call signed with credentials from `provider`, built
    /// once per client and provider (the retry mode and the other features are fixed by the
    /// configuration; pieces and features are only added before calls).
    fn user_agent_header(
        &self,
        mode: RetryMode,
        provider: Option<&'static str>,
    ) -> Result<HeaderValue, CallError> {
        let mut cache = self
            .user_agent_header
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let built = match cache.iter().find(|(p, _)| *p == provider) {
            Some((_, built)) => built.clone(),
            None => {
                let features = crate::user_agent::features(
                    &self.shared.config,
                    self.shared.service.sdk_id,
                    provider,
                    &self.user_agent_features,
                );
                let text = self.user_agent.header_value(mode, &features);
                let built = HeaderValue::from_str(&text).map_err(|_| text);
                cache.push((provider, built.clone()));
                built
            }
        };
        built.map_err(|text| {
            CallError::Config(InvalidRequest::HeaderValue {
                name: "user-agent".to_owned(),
                value: text,
            })
        })
    }

    /// The provider of the credentials the last call was signed with (`credentials` caches
    /// them beside their signing identity).
    fn credential_provider(&self, signed: bool) -> Option<&'static str> {
        if !signed {
            return None;
        }
        let cache = self
            .shared
            .identity
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        cache.as_ref().map(|(c, _)| c.provider())
    }

    /// The signing identity for `c`: the cached one when `c` holds the same keys.
    fn identity_for(&self, c: crate::credentials::Credentials) -> SigningIdentity {
        let mut cache = self
            .shared
            .identity
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some((cached, identity)) = cache.as_ref()
            && cached.access_key_id() == c.access_key_id()
            && cached.secret_access_key() == c.secret_access_key()
            && cached.session_token() == c.session_token()
        {
            return identity.clone();
        }
        let identity = SigningIdentity::new(&SigningCredentials {
            access_key_id: c.access_key_id().to_owned(),
            secret_access_key: c.secret_access_key().to_owned(),
            session_token: c.session_token().map(str::to_owned),
        });
        *cache = Some((c, identity.clone()));
        identity
    }

    /// Sends one awsJson operation call with an already-serialized JSON body.
    ///
    /// Retries per the configured retry mode; a 2xx response is returned whatever its
    /// content type; any other status becomes [`CallError::Service`].
    pub async fn call(&self, operation: &str, body: Vec<u8>) -> Result<RawResponse, CallError> {
        let shared = &self.shared;
        let config = &shared.config;
        let region = config.region().ok_or(CallError::NoRegion)?.to_owned();
        let target = self.target(&region)?;
        let credentials = self.credentials().await?;
        let mode = config.retry_mode();
        let body = bytes::Bytes::from(body);
        let amz_target = protocol::aws_json::target(shared.service.shape_name, operation);
        let content_type = protocol::aws_json::content_type(shared.service.protocol);
        tracing::debug!(
            target: "awslice::http",
            "Making request for {operation} with body: {}",
            String::from_utf8_lossy(&body)
        );
        // The headers that are the same for every attempt, validated and built once.
        let fixed = FixedHeaders {
            host: target.host_header.clone().map_err(CallError::Config)?,
            amz_target: header_value("x-amz-target", &amz_target)?,
            content_type: HeaderValue::from_static(content_type),
            user_agent: self
                .user_agent_header(mode, self.credential_provider(credentials.is_some()))?,
            invocation_id: owned_header_value("amz-sdk-invocation-id", uuid4())?,
            content_length: HeaderValue::from(body.len()),
        };
        let attempt = Attempt {
            method: reqwest::Method::POST,
            url: &target.url,
            body: &body,
            protocol: shared.service.protocol,
            error_in_200: false,
            sensitive_headers: &[],
        };
        self.execute(attempt, |request_header| {
            build_headers(
                &target,
                &fixed,
                &amz_target,
                content_type,
                request_header,
                &body,
                credentials.as_ref(),
            )
        })
        .await
    }

    /// One operation through the service's protocol codec, as the generated SDK crates call
    /// it: `input` (the input value, see [`protocol`]) serialised with `schema`, sent, and the
    /// 2xx response read back into the output value; a service error becomes the operation's
    /// typed error through `service_error`. The generic part is this thin wrapper, so each
    /// generated operation adds little code of its own.
    ///
    /// # Errors
    /// The input cannot be put on the wire, the call fails, the service answers with an
    /// error, or the response is not the operation's output.
    pub async fn call_operation<E>(
        &self,
        schema: crate::schema::OperationSchema<'_>,
        input: &serde_json::Value,
        service_error: fn(ServiceError) -> E,
    ) -> Result<serde_json::Value, crate::error::SdkError<E>> {
        use crate::error::SdkError;
        match self.call_operation_value(schema, input).await {
            Ok(value) => Ok(value),
            Err(OperationError::Serialize(e)) => Err(SdkError::Serialize(e)),
            Err(OperationError::Call(CallError::Service(e))) => {
                Err(SdkError::Service(service_error(e)))
            }
            Err(OperationError::Call(e)) => Err(SdkError::Call(e)),
            Err(OperationError::Response(e)) => Err(SdkError::Response(e)),
        }
    }

    /// [`ServiceClient::call_operation`] without the typed error (one copy for every
    /// operation).
    async fn call_operation_value(
        &self,
        schema: crate::schema::OperationSchema<'_>,
        input: &serde_json::Value,
    ) -> Result<serde_json::Value, OperationError> {
        let service = self.shared.service;
        let request = protocol::serialize(service, schema, input, protocol::JsonStyle::Compact)
            .map_err(OperationError::Serialize)?;
        let raw = self
            .send(schema.operation.name, request)
            .await
            .map_err(OperationError::Call)?;
        let mut value = protocol::deserialize(
            service.protocol,
            schema,
            protocol::Response {
                status: raw.status,
                headers: &raw.headers,
                body: &raw.body,
            },
        )
        .map_err(OperationError::Response)?;
        raw.finish_output(schema.operation, &mut value);
        Ok(value)
    }

    /// What `request` becomes on the wire before it is signed: the endpoint's URL with the
    /// request's path and query (and host prefix), the protocol's headers with those its
    /// operation's rules add (`Expect`, checksums, `x-amz-content-sha256`), and the body
    /// (an `aws-chunked` one for a streaming upload with a trailing checksum). The SDK's own
    /// headers (`User-Agent`, `amz-sdk-*`) and the signature are added per attempt by
    /// [`ServiceClient::send`].
    ///
    /// # Errors
    /// No region, the endpoint cannot be resolved, the path cannot be sent as it is, or a
    /// checksum cannot be computed.
    pub fn prepare(&self, request: &protocol::Request) -> Result<Prepared, CallError> {
        let shared = &self.shared;
        let region = shared.config.region().ok_or(CallError::NoRegion)?;
        let target = self.target_for(region, request)?;
        let (url, host) = request_url(&target, request)?;
        let payload_hash_header = shared.service.signer == Signer::PayloadHashHeader;
        let payload_signing = payload_hash_header
            .then(|| {
                *shared
                    .payload_signing
                    .get_or_init(|| S3Settings::of(&shared.config).payload_signing_enabled)
            })
            .flatten();
        let rules = body_rules(
            request,
            url.scheme() == "https",
            payload_hash_header,
            payload_signing,
        )
        .map_err(CallError::Checksum)?;
        // Header names are lower-case (`protocol::Request::headers`).
        let replaced = |name: &str| {
            name == "content-encoding" && rules.headers.iter().any(|(k, _)| k == "content-encoding")
        };
        let headers = request
            .headers
            .iter()
            .filter(|(k, _)| !replaced(k))
            .chain(&rules.headers)
            .cloned()
            .collect();
        let body = rules.body.unwrap_or_else(|| request.body.clone());
        // No Content-Length on bodiless GET, HEAD and OPTIONS requests (as botocore).
        let content_length = (!(body.is_empty()
            && matches!(request.method, "GET" | "HEAD" | "OPTIONS")))
        .then_some(body.len());
        Ok(Prepared {
            url,
            host,
            headers,
            body,
            content_length,
            payload_hash: rules.payload_hash,
            target,
        })
    }

    /// Sends one request prepared by a protocol ([`protocol::serialize`]): the endpoint's
    /// URL with the request's path and query (and its host prefix), the protocol's headers,
    /// the SDK's own, and a SigV4 signature unless the operation is unsigned.
    ///
    /// Retries per the configured retry mode; a 2xx response is returned whatever its
    /// content; any other status becomes [`CallError::Service`], parsed by the service's
    /// protocol.
    pub async fn send(
        &self,
        operation: &str,
        request: protocol::Request,
    ) -> Result<RawResponse, CallError> {
        let shared = &self.shared;
        let config = &shared.config;
        let prepared = self.prepare(&request)?;
        let credentials = match request.auth {
            Auth::SigV4 => self.credentials().await?,
            Auth::None => None,
        };
        let mode = config.retry_mode();
        let Prepared {
            url,
            host,
            headers: sent,
            body,
            content_length,
            payload_hash,
            target,
        } = prepared;
        let host_value = header_value("host", &host)?;
        tracing::debug!(
            target: "awslice::http",
            "Making request for {operation} with body: {}",
            String::from_utf8_lossy(&request.body)
        );
        let mut protocol_headers = Vec::with_capacity(sent.len());
        for (name, value) in &sent {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| CallError::Config(InvalidRequest::HeaderName(name.clone())))?;
            protocol_headers.push((header, header_value(name, value)?));
        }
        let user_agent =
            self.user_agent_header(mode, self.credential_provider(credentials.is_some()))?;
        let invocation_id = owned_header_value("amz-sdk-invocation-id", uuid4())?;
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|_| CallError::Config(InvalidRequest::Method(request.method.to_owned())))?;
        let content_length = content_length.map(HeaderValue::from);
        let attempt = Attempt {
            method,
            url: &url,
            body: &body,
            protocol: shared.service.protocol,
            error_in_200: request.rules.error_in_200,
            sensitive_headers: &request.sensitive_headers,
        };
        let signed: Vec<(&str, &str)> =
            sent.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let response = self
            .execute(attempt, |request_header| {
                let mut h = http::HeaderMap::with_capacity(12 + protocol_headers.len());
                h.append(http::header::HOST, host_value.clone());
                h.append(
                    http::header::ACCEPT_ENCODING,
                    HeaderValue::from_static("identity"),
                );
                for (name, value) in &protocol_headers {
                    h.append(name.clone(), value.clone());
                }
                h.append(http::header::USER_AGENT, user_agent.clone());
                if let Some(identity) = credentials.as_ref() {
                    let signature = sign::sign_request(
                        &sign::SignRequest {
                            method: request.method,
                            path: url.path(),
                            query: url.query().unwrap_or(""),
                            host: &host,
                            headers: &signed,
                            body: &body,
                            payload_hash: payload_hash.as_deref(),
                            path_as_sent: shared.service.signer == Signer::PayloadHashHeader,
                            region: &target.signing_region,
                            service: &target.signing_name,
                            time: SystemTime::now(),
                        },
                        identity,
                    )
                    .map_err(|e| CallError::Credentials(CredentialsError::other(e)))?;
                    append_signature(&mut h, &signature, identity, &request.sensitive_headers)?;
                }
                h.append(
                    HeaderName::from_static("amz-sdk-invocation-id"),
                    invocation_id.clone(),
                );
                h.append(HeaderName::from_static("amz-sdk-request"), request_header);
                if let Some(length) = &content_length {
                    h.append(http::header::CONTENT_LENGTH, length.clone());
                }
                append_endpoint_headers(&mut h, &target)?;
                Ok(h)
            })
            .await?;
        if let Some(checksum) = request.rules.checksum
            && checksum.request_validation_mode_member.is_some()
        {
            crate::checksum::validate(
                checksum.response_algorithms,
                &response.headers,
                &response.body,
            )
            .map_err(CallError::Checksum)?;
        }
        let mut response = response;
        let mut header_text = None;
        if let Some(rule) = request.rules.header_text
            && let Some(text) = response
                .headers
                .get(rule.header)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        {
            if protocol::encode::parse_timestamp(&serde_json::Value::String(text.clone())).is_none()
            {
                response.headers.remove(rule.header);
            }
            header_text = Some(text);
        }
        Ok(RawResponse {
            listing_auto_encoded: request.listing_auto_encoded,
            header_text,
            ..response
        })
    }

    /// Sends `attempt` until it succeeds, fails for good or runs out of attempts, with
    /// `headers(amz_sdk_request)` building each attempt's headers (and signature).
    async fn execute(
        &self,
        attempt_of: Attempt<'_>,
        mut headers: impl FnMut(HeaderValue) -> Result<http::HeaderMap, CallError>,
    ) -> Result<RawResponse, CallError> {
        let shared = &self.shared;
        let config = &shared.config;
        let mode = config.retry_mode();
        let max_attempts = config.max_attempts().max(1);
        let read_timeout = config.read_timeout();
        let http = self.http();
        let url = attempt_of.url;
        let mut attempt: u32 = 1;
        let mut last_retry_cost: Option<u32> = None;
        let mut previous_had_response = false;
        loop {
            if mode == RetryMode::Adaptive {
                shared.limiter.before_send().await;
            }
            let request_header = if attempt == 1 {
                HeaderValue::from_static("attempt=1")
            } else {
                let text = match (previous_had_response, read_timeout) {
                    (true, Some(rt)) => {
                        let skew = *shared.skew.lock().unwrap_or_else(|p| p.into_inner());
                        let ttl = add_secs(SystemTime::now(), rt.as_secs_f64() + skew);
                        format!(
                            "ttl={}; attempt={attempt}; max={max_attempts}",
                            fmt_amz_date(ttl)
                        )
                    }
                    _ => format!("attempt={attempt}; max={max_attempts}"),
                };
                owned_header_value("amz-sdk-request", text)?
            };
            let headers = headers(request_header)?;
            tracing::debug!(
                target: "awslice::http",
                "Sending http request: {} {} headers={}",
                attempt_of.method,
                url,
                headers_for_log(&headers, attempt_of.sensitive_headers)
            );
            let result = http
                .send(
                    attempt_of.method.clone(),
                    url,
                    headers,
                    attempt_of.body.clone(),
                )
                .await;
            let outcome = match &result {
                Ok(resp) => {
                    previous_had_response = true;
                    self.record_skew(resp);
                    log_response(&attempt_of.method, url, resp);
                    if (200..300).contains(&resp.status)
                        && !(attempt_of.error_in_200 && error_in_200(resp))
                    {
                        Outcome::Success
                    } else {
                        let e = service_error(attempt_of.protocol, resp, attempt_of.error_in_200);
                        Outcome::of_service_error(&e)
                    }
                }
                Err(e) => {
                    previous_had_response = false;
                    tracing::debug!(target: "awslice::http", "Exception received when sending HTTP request: {e} ({})", e.detail);
                    if is_local_setup_error(e) {
                        Outcome::NotRetryable
                    } else {
                        Outcome::of_dispatch(e.kind)
                    }
                }
            };
            if mode == RetryMode::Adaptive && previous_had_response {
                shared
                    .limiter
                    .after_response(outcome == Outcome::Throttling);
            }
            if outcome == Outcome::Success {
                shared.quota.release(last_retry_cost);
                tracing::debug!(target: "awslice::retry", "Not retrying request.");
                let resp = result.map_err(CallError::Dispatch)?;
                return Ok(RawResponse {
                    status: resp.status,
                    headers: resp.headers,
                    body: resp.body,
                    listing_auto_encoded: false,
                    header_text: None,
                });
            }
            let max_reached = attempt >= max_attempts;
            let retry_cost = if outcome.is_retryable() && !max_reached {
                let cost = shared.quota.acquire(outcome);
                if cost.is_none() {
                    tracing::debug!(target: "awslice::retry", "Retry quota exhausted, not retrying.");
                }
                cost
            } else {
                None
            };
            let Some(cost) = retry_cost else {
                if max_reached {
                    tracing::debug!(target: "awslice::retry", "Max attempts of {max_attempts} reached.");
                } else {
                    tracing::debug!(target: "awslice::retry", "Not retrying request.");
                }
                return Err(match result {
                    Ok(resp) => {
                        let mut e =
                            service_error(attempt_of.protocol, &resp, attempt_of.error_in_200);
                        if max_reached {
                            e.retries_exhausted = Some(attempt - 1);
                        }
                        CallError::Service(e)
                    }
                    Err(e) => CallError::Dispatch(e),
                });
            };
            last_retry_cost = Some(cost);
            let delay = backoff(attempt, random_unit());
            tracing::debug!(
                target: "awslice::retry",
                "Retry needed, retrying request after delay of: {:.3}",
                delay.as_secs_f64()
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    fn record_skew(&self, resp: &HttpResponse) {
        let Some(date) = resp
            .headers
            .get(http::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|s| httpdate::parse_http_date(s).ok())
        else {
            return;
        };
        let now = SystemTime::now();
        let skew = match date.duration_since(now) {
            Ok(ahead) => ahead.as_secs_f64(),
            Err(behind) => -behind.duration().as_secs_f64(),
        };
        *self.shared.skew.lock().unwrap_or_else(|p| p.into_inner()) = skew;
    }
}

/// How [`ServiceClient::call_operation_value`] fails.
enum OperationError {
    Serialize(protocol::SerializeError),
    Call(CallError),
    Response(crate::error::ResponseError),
}

/// What every attempt of one call sends, but its headers.
struct Attempt<'a> {
    method: reqwest::Method,
    url: &'a reqwest::Url,
    body: &'a bytes::Bytes,
    protocol: crate::service::Protocol,
    /// [`crate::schema::OperationRules::error_in_200`].
    error_in_200: bool,
    /// Headers whose values `--debug` does not show.
    sensitive_headers: &'a [String],
}

/// What an operation's rules add to its request once the endpoint is known: headers after
/// the protocol's (`Expect`, the checksum and its algorithm, `x-amz-content-sha256`), the
/// body when it becomes an `aws-chunked` one, and the payload hash to sign.
#[derive(Debug, Default)]
struct BodyRules {
    headers: Vec<(String, String)>,
    body: Option<bytes::Bytes>,
    payload_hash: Option<String>,
}

/// The [`BodyRules`] of `request` (botocore's `resolve_request_checksum_algorithm`,
/// `apply_request_checksum`, `add_expect_header` and `S3SigV4Auth.payload`): a checksum
/// when the operation requires one or names an algorithm member (CRC32 unless the caller
/// chose one, with the algorithm header set), in a header, or in the trailer of an
/// `aws-chunked` body for a streaming upload over HTTPS; a caller's own `x-amz-checksum-*`
/// header turns this off.
fn body_rules(
    request: &protocol::Request,
    https: bool,
    payload_hash_header: bool,
    payload_signing: Option<bool>,
) -> Result<BodyRules, crate::checksum::ChecksumError> {
    use crate::checksum::Algorithm;
    let rules = request.rules;
    let mut out = BodyRules::default();
    // The protocol's header names are lower-case (`protocol::Request::headers`).
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if rules.expect_continue {
        out.headers
            .push(("expect".to_owned(), "100-continue".to_owned()));
    }
    let mut trailer = None;
    let mut algorithm_header = None;
    if let Some(c) = rules.checksum {
        let has_checksum = request
            .headers
            .iter()
            .any(|(k, _)| k.starts_with("x-amz-checksum-"));
        let chosen = c
            .request_algorithm_member
            .and(c.request_algorithm_header)
            .and_then(header);
        let algorithm = match chosen {
            _ if has_checksum => None,
            Some(name) => Some(Algorithm::from_name(name)?),
            None if c.request_required || c.request_algorithm_member.is_some() => {
                algorithm_header = c
                    .request_algorithm_header
                    .map(|h| (h.to_owned(), Algorithm::Crc32.name().to_owned()));
                Some(Algorithm::Crc32)
            }
            None => None,
        };
        match algorithm {
            Some(a) if request.streaming_body && https => trailer = Some(a),
            Some(a) => out
                .headers
                .push((a.header().to_owned(), a.base64(&request.body))),
            None => {}
        }
    }
    if let Some(algorithm) = trailer {
        let encoding = match header("content-encoding") {
            Some(e) => format!("{e},aws-chunked"),
            None => "aws-chunked".to_owned(),
        };
        out.headers.push(("content-encoding".to_owned(), encoding));
        out.headers
            .push(("x-amz-trailer".to_owned(), algorithm.header().to_owned()));
        out.headers.push((
            "x-amz-decoded-content-length".to_owned(),
            request.body.len().to_string(),
        ));
        out.body = Some(crate::checksum::aws_chunked(&request.body, algorithm).into());
    }
    // The algorithm header comes after the checksum (botocore sets it last).
    out.headers.extend(algorithm_header);
    if payload_hash_header {
        // `S3SigV4Auth.payload`: a trailing checksum, else `payload_signing_enabled = false`,
        // leaves the body unsigned.
        let hash = if trailer.is_some() {
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER".to_owned()
        } else if payload_signing == Some(false) {
            "UNSIGNED-PAYLOAD".to_owned()
        } else {
            let mut hex = String::with_capacity(64);
            sign::push_hex(
                &mut hex,
                ring::digest::digest(&ring::digest::SHA256, &request.body).as_ref(),
            );
            hex
        };
        out.headers
            .push(("x-amz-content-sha256".to_owned(), hash.clone()));
        out.payload_hash = Some(hash);
    }
    Ok(out)
}

/// The [`ServiceError`] of a non-2xx response, parsed by `protocol`'s rules; a 200 that
/// is an error ([`error_in_200`], when the operation has that rule) is read as a 500, as
/// botocore does (so it is retried as one).
fn service_error(
    protocol: crate::service::Protocol,
    resp: &HttpResponse,
    error_in_200_rule: bool,
) -> ServiceError {
    let status = if error_in_200_rule && resp.status == 200 {
        500
    } else {
        resp.status
    };
    protocol::parse_error(
        protocol,
        protocol::Response {
            status,
            headers: &resp.headers,
            body: &resp.body,
        },
    )
}

/// A 200 response that is an error ([`protocol::rules::is_error_in_200`]).
fn error_in_200(resp: &HttpResponse) -> bool {
    resp.status == 200 && protocol::rules::is_error_in_200(&resp.body)
}

/// The URL of `request` on `target` (the endpoint's path joined with the request's, the
/// request's query, the host prefixed) and its `Host` header value.
fn request_url(
    target: &Target,
    request: &protocol::Request,
) -> Result<(reqwest::Url, String), CallError> {
    let mut url = target.url.clone();
    // botocore's `_urljoin`: a request path of `/` (or none) keeps the endpoint's path as it
    // is (an S3 endpoint `…/bucket` for `CreateBucket`), else the two are joined with one `/`.
    let base = url.path();
    let path = match request.path.as_str() {
        "" | "/" => base.to_owned(),
        p => match (base.strip_suffix('/'), p.starts_with('/')) {
            (Some(trimmed), true) => format!("{trimmed}{p}"),
            (None, true) => format!("{base}{p}"),
            (_, false) => format!("{}/{p}", base.trim_end_matches('/')),
        },
    };
    url.set_path(&path);
    // The URL type follows the WHATWG URL standard, which removes `.` and `..` segments (also
    // as `%2E`); botocore sends them as they are (an S3 key `a/../b`). Refused rather than
    // sent to another path.
    if url.path() != path {
        return Err(CallError::Config(InvalidRequest::Path(path)));
    }
    url.set_query((!request.query.is_empty()).then_some(request.query.as_str()));
    let mut host = target.host.clone();
    if let Some(prefix) = &request.host_prefix {
        let name = url.host_str().unwrap_or_default();
        let prefixed = format!("{prefix}{name}");
        url.set_host(Some(&prefixed))
            .map_err(|e| CallError::Endpoint(EndpointError::host_prefix(&prefixed, Arc::new(e))))?;
        host = host_header(&url, &prefixed);
    }
    Ok((url, host))
}

/// The signature's headers, in the AWS CLI's order.
fn append_signature(
    h: &mut http::HeaderMap,
    signature: &sign::Signature,
    identity: &SigningIdentity,
    sensitive: &[String],
) -> Result<(), CallError> {
    if let Some(text) = &signature.canonical_request_redacted {
        let text = redact_canonical_headers(text, sensitive);
        tracing::debug!(target: "awslice::auth", "CanonicalRequest:\n{text}");
    }
    if let Some(text) = &signature.string_to_sign {
        tracing::debug!(target: "awslice::auth", "StringToSign:\n{text}");
    }
    h.append(
        HeaderName::from_static("x-amz-date"),
        owned_header_value("x-amz-date", signature.amz_date.clone())?,
    );
    if let Some(token) = &signature.security_token {
        let value = match identity.security_token_header() {
            Some(v) => v.clone(),
            None => header_value("x-amz-security-token", token)?,
        };
        h.append(HeaderName::from_static("x-amz-security-token"), value);
    }
    h.append(
        http::header::AUTHORIZATION,
        owned_header_value("authorization", signature.authorization.clone())?,
    );
    Ok(())
}

/// A canonical request with the values of the `sensitive` headers (lower-case names, one
/// `name:value` line each) shown as `<redacted>`.
fn redact_canonical_headers<'t>(text: &'t str, sensitive: &[String]) -> std::borrow::Cow<'t, str> {
    if sensitive.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| match line.split_once(':') {
            Some((name, _)) if sensitive.iter().any(|s| s == name) => {
                format!("{name}:<redacted>")
            }
            _ => line.to_owned(),
        })
        .collect();
    std::borrow::Cow::Owned(lines.join("\n"))
}

/// The headers the endpoint rules ask for.
fn append_endpoint_headers(h: &mut http::HeaderMap, target: &Target) -> Result<(), CallError> {
    for (k, v) in &target.headers {
        let name = HeaderName::from_bytes(k.as_bytes())
            .map_err(|_| CallError::Endpoint(EndpointError::header(k, None)))?;
        let value = HeaderValue::from_str(v)
            .map_err(|_| CallError::Endpoint(EndpointError::header(k, Some(v))))?;
        h.append(name, value);
    }
    Ok(())
}

/// The header values that do not change between the attempts of one call.
struct FixedHeaders {
    host: HeaderValue,
    amz_target: HeaderValue,
    content_type: HeaderValue,
    user_agent: HeaderValue,
    invocation_id: HeaderValue,
    content_length: HeaderValue,
}

/// `value` as a header value, or the configuration error naming the header.
fn header_value(name: &str, value: &str) -> Result<HeaderValue, CallError> {
    HeaderValue::from_str(value).map_err(|_| {
        CallError::Config(InvalidRequest::HeaderValue {
            name: name.to_owned(),
            value: value.to_owned(),
        })
    })
}

/// [`header_value`] for an owned text, which becomes the header value without a copy.
fn owned_header_value(name: &str, value: String) -> Result<HeaderValue, CallError> {
    // Cloning a `Bytes` made from a `String` makes it shareable without copying the text;
    // reqwest clones every header value anyway, so this costs nothing extra.
    let bytes = bytes::Bytes::from(value);
    // On failure `header_value` fails the same way and words the error.
    HeaderValue::from_maybe_shared(bytes.clone())
        .or_else(|_| header_value(name, &String::from_utf8_lossy(&bytes)))
}

/// The request headers of one attempt, in the AWS CLI's order (reqwest appends `Accept`).
fn build_headers(
    target: &Target,
    fixed: &FixedHeaders,
    amz_target: &str,
    content_type: &str,
    request_header: HeaderValue,
    body: &[u8],
    credentials: Option<&SigningIdentity>,
) -> Result<http::HeaderMap, CallError> {
    let mut h = http::HeaderMap::with_capacity(12);
    let put = |h: &mut http::HeaderMap, name: &'static str, value: HeaderValue| {
        h.append(HeaderName::from_static(name), value);
    };
    put(&mut h, "host", fixed.host.clone());
    put(
        &mut h,
        "accept-encoding",
        HeaderValue::from_static("identity"),
    );
    put(&mut h, "x-amz-target", fixed.amz_target.clone());
    put(&mut h, "content-type", fixed.content_type.clone());
    put(&mut h, "user-agent", fixed.user_agent.clone());
    if let Some(creds) = credentials {
        let input = SignInput {
            method: "POST",
            path: target.url.path(),
            host: &target.host,
            content_type,
            target: amz_target,
            body,
            region: &target.signing_region,
            service: &target.signing_name,
            time: SystemTime::now(),
        };
        let signature = sign::sign_with(&input, creds)
            .map_err(|e| CallError::Credentials(CredentialsError::other(e)))?;
        append_signature(&mut h, &signature, creds, &[])?;
    }
    put(&mut h, "amz-sdk-invocation-id", fixed.invocation_id.clone());
    put(&mut h, "amz-sdk-request", request_header);
    put(&mut h, "content-length", fixed.content_length.clone());
    append_endpoint_headers(&mut h, target)?;
    Ok(h)
}

/// The `Host` header: the host, plus the port unless it is the scheme's default.
/// botocore's `is_valid_endpoint_url` / `is_valid_ipv6_endpoint_url`: an IP address, or a
/// DNS name of at most 255 characters (one trailing dot allowed) whose labels are 1 to 63
/// ASCII letters, digits and hyphens, neither starting nor ending with a hyphen. So
/// `http://under_score.example` and `http://exämple.example` are refused before any request,
/// as the AWS CLI refuses them (the URL parser would send the latter as its IDNA form).
fn is_valid_endpoint_host(text: &str, url: &reqwest::Url) -> bool {
    let authority = text.split_once("://").map_or(text, |(_, rest)| rest);
    let authority = authority.split(['/', '?', '#']).next().unwrap_or_default();
    if !authority.is_ascii() {
        return false;
    }
    match url.host_str() {
        // An IPv6 literal (`[::1]`), which the URL parser has already validated.
        Some(host) if host.starts_with('[') => true,
        Some(name) => {
            let name = name.strip_suffix('.').unwrap_or(name);
            name.len() <= 255
                && name.split('.').all(|label| {
                    (1..=63).contains(&label.len())
                        && !label.starts_with('-')
                        && !label.ends_with('-')
                        && label
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
        }
        None => false,
    }
}

fn host_header(url: &reqwest::Url, host_name: &str) -> String {
    // `Url::port` is `None` for the scheme's default port (80 for http, 443 for https).
    match url.port() {
        Some(port) => format!("{host_name}:{port}"),
        None => host_name.to_owned(),
    }
}

/// A CA bundle that could not be read: a local problem, retrying cannot help.
fn is_local_setup_error(e: &DispatchError) -> bool {
    e.kind == DispatchKind::Tls && e.detail.starts_with("[Errno")
}

fn fmt_timeout(t: Option<Duration>) -> String {
    match t {
        Some(d) if d.subsec_nanos() == 0 => d.as_secs().to_string(),
        Some(d) => d.as_secs_f64().to_string(),
        None => "None".to_owned(),
    }
}

/// Headers as text for the debug log, with the session token and the IAM Identity Center
/// bearer token redacted.
fn headers_for_log(h: &http::HeaderMap, sensitive: &[String]) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in h.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('\'');
        push_title_case(&mut out, k.as_str());
        out.push_str("': '");
        if k == "x-amz-security-token"
            || k == "x-amz-sso_bearer_token"
            || sensitive.iter().any(|s| s == k.as_str())
        {
            out.push_str("<redacted>");
        } else {
            out.push_str(&String::from_utf8_lossy(v.as_bytes()));
        }
        out.push('\'');
    }
    out.push('}');
    out
}

/// Appends `name` with each dash-separated word capitalised (`X-Amz-Date`).
fn push_title_case(out: &mut String, name: &str) {
    let mut up = true;
    for c in name.chars() {
        out.push(if up { c.to_ascii_uppercase() } else { c });
        up = c == '-';
    }
}

fn log_response(method: &reqwest::Method, url: &reqwest::Url, resp: &HttpResponse) {
    tracing::debug!(target: "awslice::http", "{url} \"{method} {} HTTP/1.1\" {} {}", url.path(), resp.status, resp.body.len());
    tracing::debug!(target: "awslice::http", "Response headers: {}", headers_for_log(&resp.headers, &[]));
    tracing::debug!(target: "awslice::http", "Response body:\n{}", String::from_utf8_lossy(&resp.body));
}

/// A random (version 4) UUID in its hyphenated lower-case form, for `amz-sdk-invocation-id`.
///
/// The id only has to be unique, not secret, so instead of one `getrandom` system call per
/// call it comes from a counter-based generator seeded once per process from the OS: the
/// SplitMix64 output function (a bijection on 64-bit words) applied to a seeded Weyl
/// sequence. Written by hand because it is a dozen lines and no crate in the tree offers a
/// seeded non-cryptographic generator; `ring` only exposes the OS generator.
fn uuid4() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEED: OnceLock<[u64; 2]> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let seed = SEED.get_or_init(|| {
        use ring::rand::SecureRandom;
        let mut b = [0u8; 16];
        if ring::rand::SystemRandom::new().fill(&mut b).is_err() {
            // The OS generator failing is extraordinary; fall back to time- and
            // process-derived bytes.
            let nanos = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            b = (nanos ^ (u128::from(std::process::id()) << 64)).to_le_bytes();
        }
        let (lo, hi) = b.split_at(8);
        [
            u64::from_le_bytes(lo.try_into().unwrap_or_default()),
            u64::from_le_bytes(hi.try_into().unwrap_or_default()),
        ]
    });
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let a = splitmix64(seed[0].wrapping_add(n.wrapping_mul(0x9e37_79b9_7f4a_7c15)));
    let c = splitmix64(seed[1].wrapping_add(n.wrapping_mul(0xd1b5_4a32_d192_ed03)));
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&a.to_be_bytes());
    b[8..].copy_from_slice(&c.to_be_bytes());
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, part) in [&b[0..4], &b[4..6], &b[6..8], &b[8..10], &b[10..16]]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            out.push('-');
        }
        sign::push_hex(&mut out, part);
    }
    out
}

/// The SplitMix64 output function.
fn splitmix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn add_secs(t: SystemTime, secs: f64) -> SystemTime {
    if secs >= 0.0 {
        t + Duration::from_secs_f64(secs.min(1e9))
    } else {
        t.checked_sub(Duration::from_secs_f64((-secs).min(1e9)))
            .unwrap_or(t)
    }
}

/// `YYYYMMDDTHHMMSSZ` in UTC (empty outside the years 0 to 9999).
pub(crate) fn fmt_amz_date(t: SystemTime) -> String {
    sign::amz_date(t)
        .map(|d| String::from_utf8_lossy(&d).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amz_dates() {
        assert_eq!(fmt_amz_date(SystemTime::UNIX_EPOCH), "19700101T000000Z");
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_607_622);
        assert_eq!(fmt_amz_date(t), "20261125T115342Z");
        let leap = SystemTime::UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(fmt_amz_date(leap), "20000229T000000Z");
    }

    #[test]
    fn host_leaves_out_default_ports() {
        for (u, h) in [
            ("http://127.0.0.1:80", "127.0.0.1"),
            ("http://127.0.0.1", "127.0.0.1"),
            ("https://h.example:443/", "h.example"),
            ("https://h.example:8443/", "h.example:8443"),
            ("http://127.0.0.1:443", "127.0.0.1:443"),
            ("http://[::1]:8080/p/", "[::1]:8080"),
        ] {
            let url = reqwest::Url::parse(u).unwrap();
            assert_eq!(host_header(&url, url.host_str().unwrap()), h, "{u}");
        }
    }

    #[test]
    fn client_and_call_future_are_send() {
        fn is_send<T: Send>(_: &T) {}
        fn is_sync<T: Send + Sync>() {}
        is_sync::<ServiceClient>();
        static META: ServiceMeta = ServiceMeta {
            shape_name: "S",
            sdk_id: "S",
            endpoint_prefix: "s",
            signing_name: "s",
            protocol: crate::service::Protocol::AwsJson1_0,
            api_version: "1",
            endpoint_rule_set: "{}",
            query_compatible: false,
            xml_namespace: None,
            signer: crate::service::Signer::SigV4,
        };
        let config = crate::config::ConfigLoader::new()
            .env(crate::config::Env::from_map(Default::default()))
            .load()
            .expect("empty config loads");
        let client = ServiceClient::new(&config, &META);
        let future = client.call("Op", Vec::new());
        is_send(&future);
    }

    #[test]
    fn uuid_shape() {
        let u = uuid4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(u, uuid4());
        assert!(
            u.chars()
                .enumerate()
                .all(|(i, c)| if [8, 13, 18, 23].contains(&i) {
                    c == '-'
                } else {
                    c.is_ascii_hexdigit() && !c.is_ascii_uppercase()
                }),
            "{u}"
        );
        let many: std::collections::HashSet<String> = (0..10_000).map(|_| uuid4()).collect();
        assert_eq!(many.len(), 10_000);
    }

    #[test]
    fn log_redacts_token() {
        let mut h = http::HeaderMap::new();
        h.insert("x-amz-security-token", HeaderValue::from_static("SECRET"));
        let s = headers_for_log(&h, &[]);
        assert!(!s.contains("SECRET"));
        assert!(s.contains("'X-Amz-Security-Token': '<redacted>'"));
        let mut h = http::HeaderMap::new();
        h.insert("x-amz-sso_bearer_token", HeaderValue::from_static("BEARER"));
        let s = headers_for_log(&h, &[]);
        assert!(!s.contains("BEARER"));
    }
}
