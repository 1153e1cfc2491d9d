//! Credentials over HTTP: the container credentials endpoint (ECS, EKS Pod Identity) and
//! EC2 instance metadata with IMDSv2 session tokens. Plain http only, no proxy, short
//! timeouts, so that off AWS compute the chain gives up fast.

use std::sync::Arc;
use std::time::Duration;

use crate::config::Env;
use crate::config::profile::{Properties, Value};

use super::{Credentials, CredentialsError, parse_expiry};

const CONTAINER: &str = "container-role";
const IMDS: &str = "iam-role";
/// botocore's `ContainerMetadataFetcher`: 2 s timeout, 3 attempts, 1 s apart.
const CONTAINER_TIMEOUT: Duration = Duration::from_secs(2);
const CONTAINER_ATTEMPTS: u32 = 3;
const CONTAINER_RETRY_DELAY: Duration = Duration::from_secs(1);
const CONTAINER_HOST: &str = "http://169.254.170.2";
const ALLOWED_HOSTS: [&str; 4] = [
    "169.254.170.2",
    "localhost",
    "169.254.170.23",
    "fd00:ec2::23",
];
const IMDS_TOKEN_TTL: &str = "21600";
const IMDS_ROLE_PATH: &str = "/latest/meta-data/iam/security-credentials/";

/// A small http-only client: no proxy, one timeout for connect and whole request.
/// TLS is configured with the ring provider and no roots, so nothing is loaded.
fn client(timeout: Duration) -> Result<reqwest::Client, String> {
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| e.to_string())?
    .with_root_certificates(rustls::RootCertStore::empty())
    .with_no_client_auth();
    reqwest::Client::builder()
        .no_proxy()
        .connect_timeout(timeout)
        .timeout(timeout)
        .tls_backend_preconfigured(tls)
        .build()
        .map_err(|e| e.to_string())
}

/// The credential fields of a container / IMDS JSON document.
fn parse_document(body: &[u8], provider: &'static str) -> Result<Credentials, String> {
    let json: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("the response is not valid JSON: {e}"))?;
    let field = |k: &str| json.get(k).and_then(serde_json::Value::as_str);
    let (Some(akid), Some(secret)) = (field("AccessKeyId"), field("SecretAccessKey")) else {
        return Err("the response has no AccessKeyId and SecretAccessKey".to_string());
    };
    let expiry = match field("Expiration") {
        None => None,
        Some(raw) => Some(parse_expiry(raw).ok_or_else(|| format!("invalid Expiration: {raw}"))?),
    };
    Ok(Credentials::from_provider(
        akid.to_string(),
        secret.to_string(),
        field("Token").map(str::to_string),
        expiry,
        provider,
    ))
}

/// The container endpoint, if configured: relative URI on 169.254.170.2, or a full URI
/// on a loopback address or one of the container hosts.
fn container_url(env: &Env) -> Option<Result<String, String>> {
    if let Some(rel) = env.get_nonempty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
        return Some(Ok(format!("{CONTAINER_HOST}{rel}")));
    }
    let full = env.get_nonempty("AWS_CONTAINER_CREDENTIALS_FULL_URI")?;
    let check = || -> Result<String, String> {
        let url = reqwest::Url::parse(full).map_err(|e| format!("invalid URL {full}: {e}"))?;
        if url.scheme() != "http" {
            return Err(format!(
                "only http:// container credential URLs are supported, got {full}"
            ));
        }
        let host = url.host_str().unwrap_or_default();
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let allowed = match bare.parse::<std::net::IpAddr>() {
            Ok(ip) => ip.is_loopback() || ALLOWED_HOSTS.contains(&ip.to_string().as_str()),
            Err(_) => ALLOWED_HOSTS.contains(&bare),
        };
        if !allowed {
            return Err(format!(
                "Unsupported host '{}'.  Can only retrieve metadata from a loopback address or one of these hosts: {}",
                host,
                ALLOWED_HOSTS.join(", ")
            ));
        }
        Ok(full.to_string())
    };
    Some(check())
}

/// The `Authorization` header value: the token file wins over the token variable.
fn container_token(env: &Env) -> Result<Option<String>, String> {
    let token = match env.get_nonempty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                format!("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {path}: {e}")
            })?;
            Some(text.trim_end_matches(['\r', '\n']).to_string())
        }
        None => env
            .get_nonempty("AWS_CONTAINER_AUTHORIZATION_TOKEN")
            .map(str::to_string),
    };
    if token.as_deref().is_some_and(|t| t.contains(['\r', '\n'])) {
        return Err("Auth token value is not a legal header value".to_string());
    }
    Ok(token)
}

/// Container credentials (`AWS_CONTAINER_CREDENTIALS_*`); `Ok(None)` when not configured.
pub(super) async fn container(env: &Env) -> Result<Option<Credentials>, CredentialsError> {
    let fail = |m: String| CredentialsError::provider(CONTAINER, m);
    let Some(url) = container_url(env) else {
        return Ok(None);
    };
    let url = url.map_err(fail)?;
    let token = container_token(env).map_err(fail)?;
    let client = client(CONTAINER_TIMEOUT).map_err(fail)?;
    let mut last = String::new();
    for attempt in 1..=CONTAINER_ATTEMPTS {
        if attempt > 1 {
            tokio::time::sleep(CONTAINER_RETRY_DELAY).await;
        }
        let mut req = client.get(&url).header("Accept", "application/json");
        if let Some(t) = &token {
            req = req.header("Authorization", t);
        }
        let response = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                last = format!("Error retrieving metadata: {e}");
                tracing::debug!("Container credentials attempt {attempt} failed: {last}");
                continue;
            }
        };
        let status = response.status().as_u16();
        let body = match response.bytes().await {
            Ok(b) => b,
            Err(e) => {
                last = format!("Error retrieving metadata: {e}");
                continue;
            }
        };
        if status != 200 {
            let text: String = String::from_utf8_lossy(&body).chars().take(200).collect();
            last = format!("Received non 200 response ({status}) from container metadata: {text}");
            tracing::debug!("Container credentials attempt {attempt} failed: {last}");
            continue;
        }
        let credentials = parse_document(&body, CONTAINER).map_err(fail)?;
        tracing::info!("Found credentials from the container credentials endpoint.");
        return Ok(Some(credentials));
    }
    Err(fail(last))
}

fn profile_str<'a>(profile: Option<&'a Properties>, key: &str) -> Option<&'a str> {
    profile?
        .get(key)
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty())
}

/// The IMDS settings of botocore's `InstanceMetadataFetcher`.
struct ImdsSettings {
    base: String,
    timeout: Duration,
    attempts: u32,
    v1_disabled: bool,
}

fn imds_settings(env: &Env, profile: Option<&Properties>) -> ImdsSettings {
    let setting = |env_key: &str, key: &str| {
        env.get_nonempty(env_key)
            .or_else(|| profile_str(profile, key))
    };
    let base = match setting(
        "AWS_EC2_METADATA_SERVICE_ENDPOINT",
        "ec2_metadata_service_endpoint",
    ) {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => match setting(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
            "ec2_metadata_service_endpoint_mode",
        ) {
            Some(m) if m.eq_ignore_ascii_case("ipv6") => "http://[fd00:ec2::254]".to_string(),
            _ => "http://169.254.169.254".to_string(),
        },
    };
    let timeout = setting("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout")
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .unwrap_or(Duration::from_secs(1));
    let attempts = setting(
        "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
        "metadata_service_num_attempts",
    )
    .and_then(|v| v.trim().parse::<u32>().ok())
    .filter(|n| *n >= 1)
    .unwrap_or(1);
    let v1_disabled = setting("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    ImdsSettings {
        base,
        timeout,
        attempts,
        v1_disabled,
    }
}

/// How one IMDS request ended.
enum Reply {
    Ok(String),
    Status(u16),
    /// No HTTP response (connection refused, timeout…).
    Unreachable(String),
}

async fn imds_request(
    client: &reqwest::Client,
    s: &ImdsSettings,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
) -> Reply {
    let url = format!("{}{path}", s.base);
    let mut last = Reply::Unreachable(String::new());
    for _ in 0..s.attempts {
        let mut req = client.request(method.clone(), &url);
        req = match token {
            Some(t) => req.header("x-aws-ec2-metadata-token", t),
            None if method == reqwest::Method::PUT => {
                req.header("x-aws-ec2-metadata-token-ttl-seconds", IMDS_TOKEN_TTL)
            }
            None => req,
        };
        last = match req.send().await {
            Err(e) => Reply::Unreachable(e.to_string()),
            Ok(r) => {
                let status = r.status().as_u16();
                match r.text().await {
                    Ok(text) if status == 200 && !text.is_empty() => return Reply::Ok(text),
                    Ok(_) => Reply::Status(status),
                    Err(e) => Reply::Unreachable(e.to_string()),
                }
            }
        };
        if let Reply::Status(400..=499) = last {
            break;
        }
    }
    last
}

/// EC2 instance profile credentials; `Ok(None)` when disabled or unavailable (botocore
/// treats every IMDS failure as "no credentials here").
pub(super) async fn imds(
    env: &Env,
    profile: Option<&Properties>,
) -> Result<Option<Credentials>, CredentialsError> {
    if env
        .get("AWS_EC2_METADATA_DISABLED")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        tracing::debug!("IMDS is disabled (AWS_EC2_METADATA_DISABLED).");
        return Ok(None);
    }
    let s = imds_settings(env, profile);
    let client = client(s.timeout).map_err(|e| CredentialsError::provider(IMDS, e))?;
    let token =
        match imds_request(&client, &s, reqwest::Method::PUT, "/latest/api/token", None).await {
            Reply::Ok(t) => Some(t.trim().to_string()),
            // No IMDSv2 here: botocore falls back to IMDSv1 on these.
            Reply::Status(403..=405) if !s.v1_disabled => None,
            Reply::Status(status) => {
                tracing::debug!("IMDS token request failed with HTTP {status}.");
                return Ok(None);
            }
            // Nothing answered (off EC2): stop here rather than wait once more.
            Reply::Unreachable(e) => {
                tracing::debug!("IMDS is unreachable at {}: {e}", s.base);
                return Ok(None);
            }
        };
    let role = match imds_request(
        &client,
        &s,
        reqwest::Method::GET,
        IMDS_ROLE_PATH,
        token.as_deref(),
    )
    .await
    {
        Reply::Ok(text) => text.lines().next().unwrap_or_default().trim().to_string(),
        Reply::Status(status) => {
            tracing::debug!("IMDS role request failed with HTTP {status}.");
            return Ok(None);
        }
        Reply::Unreachable(e) => {
            tracing::debug!("IMDS role request failed: {e}");
            return Ok(None);
        }
    };
    if role.is_empty() {
        return Ok(None);
    }
    let path = format!("{IMDS_ROLE_PATH}{role}");
    let body = match imds_request(&client, &s, reqwest::Method::GET, &path, token.as_deref()).await
    {
        Reply::Ok(text) => text,
        Reply::Status(status) => {
            tracing::debug!("IMDS credentials request failed with HTTP {status}.");
            return Ok(None);
        }
        Reply::Unreachable(e) => {
            tracing::debug!("IMDS credentials request failed: {e}");
            return Ok(None);
        }
    };
    match parse_document(body.as_bytes(), IMDS) {
        Ok(c) => {
            tracing::info!("Found credentials from IAM Role: {role}");
            Ok(Some(c))
        }
        Err(e) => {
            tracing::debug!("IMDS returned no usable credentials: {e}");
            Ok(None)
        }
    }
}
