//! `sso login` and `sso logout`: signing in to IAM Identity Center through SSO-OIDC and
//! keeping the access token where the `sso` step (and the AWS CLI) reads it.
//!
//! Two flows, as the AWS CLI v2 chooses them: the authorization code flow with PKCE and a
//! loopback redirect listener on 127.0.0.1 (for an sso-session, unless the device code is
//! asked for), and the device code flow (legacy profiles, `--use-device-code`). Both
//! register a public client first, or reuse the registration cached in
//! `~/.aws/sso/cache` when it fits the flow and has 15 minutes left, and always fetch a
//! new token. What the user must open or type is handed to the caller's prompt callback;
//! the command prints it.
//!
//! `sso logout` revokes every cached token on the portal (`Logout`; an error response is
//! ignored) and deletes it (files with an `accessToken`; client registrations are kept),
//! then every role-credentials file the `sso` step wrote.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use awslice_runtime::config::SdkConfig;
use awslice_runtime::config::profile::Value as ProfileValue;
use awslice_runtime::credentials::{CredentialsError, SsoLoginOptions, SsoLoginPrompt};
use awslice_runtime::error::{CallError, SdkError};
use serde_json::{Map, Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::sso::{oidc_client, portal_client, sso_cache_dir, token_cache_key, utc_z, write_json};
use crate::{cache, sts};

/// The scope PKCE registrations ask for when none is configured.
const DEFAULT_SCOPE: &str = "sso:account:access";
/// How long the loopback listener waits for the browser.
const CALLBACK_TIMEOUT: Duration = Duration::from_secs(600);
/// A cached registration is reused while it has at least this long left.
const REGISTRATION_WINDOW: Duration = Duration::from_secs(15 * 60);

const PENDING_EXPIRED: &str = "The pending authorization to retrieve an SSO token has expired. The login flow to retrieve an SSO token must be restarted.";

/// What `sso login` signs in to.
#[derive(Debug)]
struct Target {
    session: Option<String>,
    start_url: String,
    region: String,
    /// `sso_registration_scopes`, when configured.
    scopes: Option<Vec<String>>,
}

fn resolve(config: &SdkConfig, options: &SsoLoginOptions) -> Result<Target, CredentialsError> {
    let files = config.profile_set();
    let profile = files.profile(config.profile_name());
    let get = |props: Option<&awslice_runtime::config::profile::Properties>, key: &str| {
        props
            .and_then(|p| p.get(key))
            .and_then(ProfileValue::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let session = options
        .sso_session
        .clone()
        .or_else(|| get(profile, "sso_session"));
    let (props, legacy) = match &session {
        Some(name) => {
            let section = files.sso_session(name).ok_or_else(|| {
                CredentialsError::configuration(format!(
                    "The specified sso-session does not exist: \"{name}\""
                ))
            })?;
            (Some(section), false)
        }
        None => (profile, true),
    };
    let start_url = get(props, "sso_start_url");
    let region = get(props, "sso_region");
    let missing: Vec<&str> = [("sso_start_url", &start_url), ("sso_region", &region)]
        .into_iter()
        .filter(|(_, v)| v.is_none())
        .map(|(k, _)| k)
        .collect();
    if !missing.is_empty() {
        let mut msg = format!(
            "Missing the following required SSO configuration values: {}.",
            missing.join(", ")
        );
        if legacy {
            msg.push_str(" To make sure this profile is properly configured to use SSO, please run: aws configure sso");
        }
        return Err(CredentialsError::configuration(msg));
    }
    let scopes = if legacy {
        None
    } else {
        get(props, "sso_registration_scopes").map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
    };
    let start_url = start_url.unwrap_or_default();
    if !start_url.starts_with("https://") {
        return Err(CredentialsError::configuration(
            "The sso_start_url must use the https scheme.",
        ));
    }
    Ok(Target {
        session,
        start_url,
        region: region.unwrap_or_default(),
        scopes,
    })
}

/// The cache key of a client registration: botocore's tool, start URL, region, configured
/// scopes and session name, key-sorted `json.dumps`.
///
/// ```
/// assert_eq!(
///     awslice_credentials::sso_registration_cache_key(
///         "https://d-1234567890.awsapps.com/start", "us-east-1", None, Some("my-sso")),
///     "8b2cedd020fb181ad4cf906d1d27b232fd31557e"
/// );
/// ```
pub fn registration_cache_key(
    start_url: &str,
    region: &str,
    scopes: Option<&[String]>,
    session: Option<&str>,
) -> String {
    let mut args = Map::new();
    args.insert("tool".into(), "botocore".into());
    args.insert("startUrl".into(), start_url.into());
    args.insert("region".into(), region.into());
    args.insert("scopes".into(), scopes.map_or(Value::Null, |s| json!(s)));
    args.insert(
        "session_name".into(),
        session.map_or(Value::Null, Value::from),
    );
    cache::cache_key(&args)
}

/// A client registration (its secret never shown by `Debug`).
struct Registration {
    client_id: String,
    client_secret: String,
    expires_at: String,
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registration")
            .field("client_id", &self.client_id)
            .field("client_secret", &"** redacted **")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// A call's error code, for an error response.
fn code_of<E>(e: &SdkError<E>, code: impl Fn(&E) -> &str) -> Option<String> {
    match e {
        SdkError::Service(typed) => Some(code(typed).to_string()),
        SdkError::Call(CallError::Service(se)) => Some(se.code.clone()),
        _ => None,
    }
}

/// The cached registration that fits the flow, or a new one (then cached).
async fn registration(
    config: &SdkConfig,
    t: &Target,
    dir: &Path,
    pkce: Option<&str>,
) -> Result<Registration, CredentialsError> {
    let key = registration_cache_key(
        &t.start_url,
        &t.region,
        t.scopes.as_deref(),
        t.session.as_deref(),
    );
    let cached = std::fs::read_to_string(dir.join(format!("{key}.json")))
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok());
    if let Some(doc) = cached {
        let s = |k: &str| doc.get(k).and_then(Value::as_str).map(str::to_string);
        let is_pkce = doc
            .get("grantTypes")
            .and_then(Value::as_array)
            .is_some_and(|g| g.iter().any(|v| v == "authorization_code"));
        let fresh = s("expiresAt")
            .and_then(|e| awslice_runtime::credentials::parse_expiry(&e))
            .is_some_and(|e| e >= SystemTime::now() + REGISTRATION_WINDOW);
        if let (Some(client_id), Some(client_secret), Some(expires_at), true, true) = (
            s("clientId"),
            s("clientSecret"),
            s("expiresAt"),
            fresh,
            is_pkce == pkce.is_some(),
        ) {
            tracing::debug!("Reusing the cached SSO client registration {key}");
            return Ok(Registration {
                client_id,
                client_secret,
                expires_at,
            });
        }
    }
    let client = oidc_client(config, &t.region);
    let name = match &t.session {
        Some(s) => format!("botocore-client-{s}"),
        None => format!(
            "botocore-client-{}",
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        ),
    };
    let mut call = client
        .register_client()
        .client_name(name)
        .client_type("public");
    let scopes: Option<Vec<String>> = match pkce {
        Some(_) => Some(
            t.scopes
                .clone()
                .unwrap_or_else(|| vec![DEFAULT_SCOPE.to_string()]),
        ),
        None => t.scopes.clone(),
    };
    if let Some(issuer) = pkce {
        call = call
            .set_grant_types(Some(vec![
                "authorization_code".into(),
                "refresh_token".into(),
            ]))
            .set_redirect_uris(Some(vec!["http://127.0.0.1/oauth/callback".into()]))
            .issuer_url(issuer);
    }
    call = call.set_scopes(scopes);
    let out = crate::quiet::redacting_bodies(call.send())
        .await
        .map_err(|e| {
            sts::call_error("RegisterClient", e, |t| {
                (t.code().to_string(), t.message().to_string())
            })
        })?;
    let missing =
        |w: &str| CredentialsError::other(format!("the RegisterClient response has no {w}"));
    let client_id = out.client_id.ok_or_else(|| missing("clientId"))?;
    let client_secret = out.client_secret.ok_or_else(|| missing("clientSecret"))?;
    let secs = u64::try_from(out.client_secret_expires_at.unwrap_or(0)).unwrap_or(0);
    let expires_at = utc_z(SystemTime::UNIX_EPOCH + Duration::from_secs(secs));
    let mut doc = Map::new();
    doc.insert("clientId".into(), client_id.clone().into());
    doc.insert("clientSecret".into(), client_secret.clone().into());
    doc.insert("expiresAt".into(), expires_at.clone().into());
    if pkce.is_some() {
        doc.insert(
            "scopes".into(),
            json!(
                t.scopes
                    .clone()
                    .unwrap_or_else(|| vec![DEFAULT_SCOPE.to_string()])
            ),
        );
        doc.insert(
            "grantTypes".into(),
            json!(["authorization_code", "refresh_token"]),
        );
    } else if let Some(s) = &t.scopes {
        doc.insert("scopes".into(), json!(s));
    }
    write_json(dir, &key, &Value::Object(doc))?;
    Ok(Registration {
        client_id,
        client_secret,
        expires_at,
    })
}

/// A token response as the cache file's document.
fn token_document(
    t: &Target,
    reg: &Registration,
    out: awslice_sso_oidc::types::CreateTokenResponse,
) -> Result<Value, CredentialsError> {
    let access = out
        .access_token
        .ok_or_else(|| CredentialsError::other("the CreateToken response has no accessToken"))?;
    let expires_in = u64::try_from(out.expires_in.unwrap_or(0)).unwrap_or(0);
    let mut doc = Map::new();
    doc.insert("startUrl".into(), t.start_url.clone().into());
    doc.insert("region".into(), t.region.clone().into());
    doc.insert("accessToken".into(), access.into());
    doc.insert(
        "expiresAt".into(),
        utc_z(SystemTime::now() + Duration::from_secs(expires_in)).into(),
    );
    doc.insert("clientId".into(), reg.client_id.clone().into());
    doc.insert("clientSecret".into(), reg.client_secret.clone().into());
    doc.insert(
        "registrationExpiresAt".into(),
        reg.expires_at.clone().into(),
    );
    if let Some(r) = out.refresh_token {
        doc.insert("refreshToken".into(), r.into());
    }
    Ok(Value::Object(doc))
}

pub(crate) async fn login(
    config: &SdkConfig,
    options: &SsoLoginOptions,
    prompt: &(dyn Fn(&SsoLoginPrompt<'_>) + Send + Sync),
) -> Result<String, CredentialsError> {
    let t = resolve(config, options)?;
    let dir = sso_cache_dir(config)
        .ok_or_else(|| CredentialsError::other("Could not find the home folder"))?;
    let doc = if t.session.is_some() && !options.use_device_code {
        pkce_flow(config, &t, &dir, prompt).await?
    } else {
        device_flow(config, &t, &dir, prompt).await?
    };
    let key = token_cache_key(t.session.as_deref().unwrap_or(&t.start_url));
    write_json(&dir, &key, &doc)?;
    Ok(t.start_url)
}

async fn device_flow(
    config: &SdkConfig,
    t: &Target,
    dir: &Path,
    prompt: &(dyn Fn(&SsoLoginPrompt<'_>) + Send + Sync),
) -> Result<Value, CredentialsError> {
    let reg = registration(config, t, dir, None).await?;
    let client = oidc_client(config, &t.region);
    let auth = crate::quiet::redacting_bodies(
        client
            .start_device_authorization()
            .client_id(&reg.client_id)
            .client_secret(&reg.client_secret)
            .start_url(&t.start_url)
            .send(),
    )
    .await
    .map_err(|e| {
        sts::call_error("StartDeviceAuthorization", e, |t| {
            (t.code().to_string(), t.message().to_string())
        })
    })?;
    let missing = |w: &str| {
        CredentialsError::other(format!("the StartDeviceAuthorization response has no {w}"))
    };
    let device_code = auth.device_code.ok_or_else(|| missing("deviceCode"))?;
    let user_code = auth.user_code.unwrap_or_default();
    let uri = auth.verification_uri.unwrap_or_default();
    let uri_complete = auth.verification_uri_complete.unwrap_or_default();
    let mut interval = u64::try_from(auth.interval.unwrap_or(5)).unwrap_or(5);
    let mut shown = false;
    loop {
        let call = client
            .create_token()
            .grant_type("urn:ietf:params:oauth:grant-type:device_code")
            .client_id(&reg.client_id)
            .client_secret(&reg.client_secret)
            .device_code(&device_code)
            .send();
        match crate::quiet::redacting_bodies(call).await {
            Ok(out) => return token_document(t, &reg, out),
            Err(e) => match code_of(&e, |x| x.code()).as_deref() {
                Some("AuthorizationPendingException") => {}
                Some("SlowDownException") => interval += 5,
                Some("ExpiredTokenException") => {
                    return Err(CredentialsError::other(PENDING_EXPIRED));
                }
                _ => {
                    return Err(sts::call_error("CreateToken", e, |t| {
                        (t.code().to_string(), t.message().to_string())
                    }));
                }
            },
        }
        if !shown {
            prompt(&SsoLoginPrompt::DeviceCode {
                verification_uri: &uri,
                verification_uri_complete: &uri_complete,
                user_code: &user_code,
            });
            shown = true;
        }
        tokio::time::sleep(Duration::from_secs(interval)).await;
    }
}

/// Percent-encodes everything but letters, digits and `-._~`.
fn quote(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn unquote(s: &str) -> String {
    let s = s.replace('+', " ");
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// base64url without padding.
fn base64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

fn random_bytes(n: usize) -> Result<Vec<u8>, CredentialsError> {
    use ring::rand::SecureRandom;
    let mut buf = vec![0u8; n];
    ring::rand::SystemRandom::new()
        .fill(&mut buf)
        .map_err(|_| CredentialsError::other("no randomness available"))?;
    Ok(buf)
}

/// The PKCE verifier (64 characters of `[A-Za-z0-9-._~]`) and its S256 challenge.
fn pkce_pair() -> Result<(String, String), CredentialsError> {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    let verifier: String = random_bytes(64)?
        .into_iter()
        .map(|b| char::from(CHARS[usize::from(b) % CHARS.len()]))
        .collect();
    let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    Ok((verifier, base64url(digest.as_ref())))
}

/// A random UUID (version 4).
fn uuid4() -> Result<String, CredentialsError> {
    let mut b = random_bytes(16)?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    ))
}

/// The page the browser gets back from the loopback listener.
const CALLBACK_PAGE: &str = "<!DOCTYPE html><html><head><title>Amazon Web Services Sign-in</title></head>\
<body><p>Request approved. You can close this window and return to the command line.</p></body></html>";

/// Waits for the browser's redirect: the query of the first GET that has `error`, or
/// both `code` and `state`.
async fn wait_for_callback(
    listener: tokio::net::TcpListener,
) -> Result<Vec<(String, String)>, CredentialsError> {
    loop {
        let (mut stream, _) = listener
            .accept()
            .await
            .map_err(|e| CredentialsError::other(e.to_string()))?;
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 65_536 {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let head = String::from_utf8_lossy(&buf);
        let target = head
            .lines()
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .unwrap_or("")
            .to_string();
        let response = format!(
            "HTTP/1.1 200 OK\r\nServer: awslice\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{CALLBACK_PAGE}",
            CALLBACK_PAGE.len()
        );
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
        let query: Vec<(String, String)> = target
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (unquote(k), unquote(v))
            })
            .collect();
        let has = |k: &str| query.iter().any(|(n, _)| n == k);
        if has("error") || (has("code") && has("state")) {
            return Ok(query);
        }
    }
}

async fn pkce_flow(
    config: &SdkConfig,
    t: &Target,
    dir: &Path,
    prompt: &(dyn Fn(&SsoLoginPrompt<'_>) + Send + Sync),
) -> Result<Value, CredentialsError> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| {
            CredentialsError::other(format!(
                "Unable to initialize the OAuth 2.0 authorization callback handler: {e} \n You may use --use-device-code to fall back to the device code flow which does not require the callback handler."
            ))
        })?;
    let port = listener
        .local_addr()
        .map_err(|e| CredentialsError::other(e.to_string()))?
        .port();
    let redirect_uri = format!("http://127.0.0.1:{port}/oauth/callback");
    let reg = registration(config, t, dir, Some(&t.start_url)).await?;
    let (verifier, challenge) = pkce_pair()?;
    let state = uuid4()?;
    let base = config
        .provider_client_config(None, &t.region)
        .endpoint_url_for("SSO OIDC")
        .and_then(|u| {
            let (scheme, rest) = u.split_once("://")?;
            let host = rest.split('/').next()?;
            Some(format!("{scheme}://{host}"))
        })
        .unwrap_or_else(|| format!("https://oidc.{}.amazonaws.com", t.region));
    let scopes = t
        .scopes
        .clone()
        .unwrap_or_else(|| vec![DEFAULT_SCOPE.to_string()])
        .join(" ");
    let url = format!(
        "{base}/authorize?response_type=code&client_id={}&redirect_uri={}&state={}&code_challenge_method=S256&scopes={}&code_challenge={}",
        quote(&reg.client_id),
        quote(&redirect_uri),
        quote(&state),
        quote(&scopes),
        quote(&challenge)
    );
    prompt(&SsoLoginPrompt::Authorize { url: &url });
    let query = tokio::time::timeout(CALLBACK_TIMEOUT, wait_for_callback(listener))
        .await
        .map_err(|_| CredentialsError::other(PENDING_EXPIRED))??;
    let get = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if get("error").is_some() {
        return Err(CredentialsError::other(
            "Error loading authorization code: Failed to retrieve an authorization code.",
        ));
    }
    if get("state").as_deref() != Some(state.as_str()) {
        return Err(CredentialsError::other(
            "Error loading authorization code: State parameter does not match expected value.",
        ));
    }
    let code = get("code").unwrap_or_default();
    let client = oidc_client(config, &t.region);
    let call = client
        .create_token()
        .grant_type("authorization_code")
        .client_id(&reg.client_id)
        .client_secret(&reg.client_secret)
        .redirect_uri(&redirect_uri)
        .code_verifier(&verifier)
        .code(&code)
        .send();
    let out = crate::quiet::redacting_bodies(call).await.map_err(|e| {
        sts::call_error("CreateToken", e, |t| {
            (t.code().to_string(), t.message().to_string())
        })
    })?;
    token_document(t, &reg, out)
}

/// The `*.json` files of `dir` that parse as JSON, with their documents (none when the
/// folder cannot be read).
fn json_files(dir: &Path) -> Vec<(PathBuf, Value)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().and_then(|e| e.to_str()) == Some("json"))
        .filter_map(|path| {
            let doc = std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())?;
            Some((path, doc))
        })
        .collect()
}

fn remove(path: &Path) -> Result<(), CredentialsError> {
    tracing::debug!("Removing {}", path.display());
    std::fs::remove_file(path).map_err(|e| CredentialsError::other(cache::os_error(&e, path)))
}

/// Revokes `token`'s session on the portal of `region` (`Logout`, unsigned). An error
/// response is ignored, as the AWS CLI ignores a `ClientError` (the token may already be
/// expired or revoked); a call that gets no response fails the logout.
async fn revoke(config: &SdkConfig, region: &str, token: &str) -> Result<(), CredentialsError> {
    let client = portal_client(config, region);
    let call = client.logout().access_token(token).send();
    match crate::quiet::redacting_bodies(call).await {
        Ok(_) => Ok(()),
        Err(SdkError::Service(e)) => {
            tracing::debug!("Failed to call logout API: {}", e.code());
            Ok(())
        }
        Err(SdkError::Call(CallError::Service(e))) => {
            tracing::debug!("Failed to call logout API: {}", e.code);
            Ok(())
        }
        Err(e) => Err(CredentialsError::other(crate::sts::failure_text(&e))),
    }
}

/// `sso logout`: every cached token (a file of `~/.aws/sso/cache` with an `accessToken`)
/// is revoked on the portal of its `region` (when it has one), then deleted; then every
/// role-credentials file the `sso` step wrote. Client registrations and the assume-role
/// and web identity files are kept.
pub(crate) async fn logout(config: &SdkConfig) -> Result<(), CredentialsError> {
    if let Some(dir) = sso_cache_dir(config) {
        for (path, doc) in json_files(&dir) {
            let Some(token) = doc.get("accessToken") else {
                continue;
            };
            // botocore's test is `if sso_region:` (a present, non-empty string); a token
            // that is not a string fails its parameter validation.
            match doc.get("region").and_then(Value::as_str) {
                Some(region) if !region.is_empty() => {
                    let Some(token) = token.as_str() else {
                        return Err(CredentialsError::other(format!(
                            "the accessToken in {} is not a string",
                            path.display()
                        )));
                    };
                    revoke(config, region, token).await?;
                }
                _ => {}
            }
            remove(&path)?;
        }
    }
    if let Some(dir) = cache::dir(config.env()) {
        for (path, doc) in json_files(&dir) {
            if doc.get("ProviderType").and_then(Value::as_str) == Some("sso") {
                remove(&path)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_keys() {
        let url = "https://d-1234567890.awsapps.com/start";
        assert_eq!(
            registration_cache_key(url, "us-east-1", None, Some("my-sso")),
            "8b2cedd020fb181ad4cf906d1d27b232fd31557e"
        );
        assert_eq!(
            registration_cache_key(url, "us-east-1", None, None),
            "365414a68be7c9bfc776c660981dbdbd942acea4"
        );
    }

    #[test]
    fn pkce_challenge() {
        // RFC 7636 appendix B.
        let d = ring::digest::digest(
            &ring::digest::SHA256,
            b"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        );
        assert_eq!(
            base64url(d.as_ref()),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let (v, c) = pkce_pair().unwrap();
        assert_eq!((v.len(), c.len()), (64, 43));
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a b/c~"), "a%20b%2Fc~");
        assert_eq!(unquote("a%20b+c"), "a b c");
        let u = uuid4().unwrap();
        assert_eq!((u.len(), &u[14..15]), (36, "4"));
    }
}
