//! The HTTP layer: one lazily built `reqwest` client per service client, and the mapping of
//! transport failures to [`DispatchError`]s with the AWS CLI's texts.
//!
//! - TLS is rustls with the ring provider (installed once per process).
//! - An `http://` endpoint gets a client with no trust roots at all (building one with roots
//!   costs more than the whole call); an `https://` endpoint gets the platform verifier, or
//!   only the certificates of the configured CA bundle, or (opt-in) no verification.
//! - Proxies come from `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` (reqwest reads them).
//! - Redirects are never followed; no `Accept-Encoding` negotiation; connections are reused.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use crate::error::{DispatchError, DispatchKind};

/// Transport settings, taken from the SDK configuration.
#[derive(Debug, Clone, Default)]
pub struct HttpSettings {
    /// Connect timeout; `None` waits forever.
    pub connect_timeout: Option<Duration>,
    /// Read timeout; `None` waits forever.
    pub read_timeout: Option<Duration>,
    /// Verify TLS certificates (default true).
    pub verify_tls: bool,
    /// A PEM file whose certificates replace the platform's trust roots.
    pub ca_bundle: Option<PathBuf>,
}

/// A received HTTP response.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: http::HeaderMap,
    /// The whole body.
    pub body: bytes::Bytes,
}

/// Builds and holds the `reqwest` clients (one for http, one for https; each built on first use).
#[derive(Debug)]
pub struct HttpClient {
    settings: HttpSettings,
    plain: OnceLock<Result<reqwest::Client, String>>,
    tls: OnceLock<Result<reqwest::Client, (DispatchKind, String)>>,
}

impl HttpClient {
    /// A client with `settings`; nothing is built yet.
    pub fn new(settings: HttpSettings) -> Self {
        HttpClient {
            settings,
            plain: OnceLock::new(),
            tls: OnceLock::new(),
        }
    }

    /// The settings.
    pub fn settings(&self) -> &HttpSettings {
        &self.settings
    }

    fn client_for(&self, url: &reqwest::Url) -> Result<&reqwest::Client, DispatchError> {
        if url.scheme() == "https" {
            self.tls
                .get_or_init(|| build_tls(&self.settings))
                .as_ref()
                .map_err(|(kind, detail)| DispatchError {
                    kind: *kind,
                    url: url.to_string(),
                    detail: detail.clone(),
                })
        } else {
            self.plain
                .get_or_init(|| {
                    base_builder(&self.settings)
                        .tls_certs_only([])
                        .build()
                        .map_err(|e| e.to_string())
                })
                .as_ref()
                .map_err(|detail| DispatchError {
                    kind: DispatchKind::Io,
                    url: url.to_string(),
                    detail: detail.clone(),
                })
        }
    }

    /// Sends one request with `headers` (in order) and `body`, and reads the whole response.
    pub async fn send(
        &self,
        method: reqwest::Method,
        url: &reqwest::Url,
        headers: http::HeaderMap,
        body: bytes::Bytes,
    ) -> Result<HttpResponse, DispatchError> {
        let client = self.client_for(url)?;
        // The request is assembled directly: `RequestBuilder::headers` would re-insert every
        // header into a fresh map, and `Response::headers` would have to be cloned.
        let mut request = reqwest::Request::new(method, url.clone());
        *request.headers_mut() = headers;
        *request.body_mut() = Some(body.into());
        let mut response = client
            .execute(request)
            .await
            .map_err(|e| map_error(&e, url))?;
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(|e| map_error(&e, url))?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

fn install_crypto_provider() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        // Err means another provider is already installed, which is fine for us.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

fn base_builder(settings: &HttpSettings) -> reqwest::ClientBuilder {
    install_crypto_provider();
    // Two bytes on the wire differ from the AWS CLI's, and reqwest (kept: it is the HTTP stack
    // the rest of the Rust ecosystem uses, and replacing or patching it is not worth two
    // header details) offers no way to match them:
    // - `Accept: */*`: `ClientBuilder::new` puts it in the default headers, `default_headers`
    //   only adds to them, and a request without `Accept` gets the default (reqwest 0.13,
    //   `async_impl/client.rs`); the AWS CLI sends no `Accept`. Servers ignore it.
    // - Header name case: botocore sends `X-Amz-Target` but `amz-sdk-invocation-id`; HTTP/1
    //   names go out all title-cased (`http1_title_case_headers`, chosen because the AWS CLI's
    //   well-known headers are title-cased) or all lower-cased, since hyper keeps a name's
    //   original case only through an extension reqwest does not expose. Names are
    //   case-insensitive (RFC 9110).
    let mut b = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .http1_title_case_headers()
        .http1_only()
        // `never()` alone still clones every request (headers included) in case of a retry;
        // a zero per-request limit makes reqwest skip that copy.
        .retry(reqwest::retry::never().max_retries_per_request(0));
    if !proxy_variables_set() {
        // The same as reqwest's environment proxies when no variable names one, minus a
        // proxy lookup (two, in fact) on every request.
        b = b.no_proxy();
    }
    if let Some(t) = settings.connect_timeout {
        b = b.connect_timeout(t);
    }
    if let Some(t) = settings.read_timeout {
        b = b.read_timeout(t);
    }
    b
}

/// Whether any of the variables reqwest takes proxies from (when the client is built) is
/// set to something: `ALL_PROXY`, `HTTP_PROXY`, `HTTPS_PROXY`, in either case.
fn proxy_variables_set() -> bool {
    [
        "ALL_PROXY",
        "all_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
    ]
    .iter()
    .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
}

fn build_tls(settings: &HttpSettings) -> Result<reqwest::Client, (DispatchKind, String)> {
    let mut b = base_builder(settings);
    if !settings.verify_tls {
        b = b
            .tls_danger_accept_invalid_certs(true)
            .tls_danger_accept_invalid_hostnames(true);
    } else if let Some(path) = &settings.ca_bundle {
        let pem = std::fs::read(path).map_err(|e| (DispatchKind::Tls, python_io_error(&e)))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem)
            .map_err(|e| (DispatchKind::Tls, format!("[X509] {e}")))?;
        if certs.is_empty() {
            return Err((
                DispatchKind::Tls,
                "[X509] no certificate or crl found".to_owned(),
            ));
        }
        b = b.tls_certs_only(certs);
    }
    b.build().map_err(|e| (DispatchKind::Tls, e.to_string()))
}

/// Python's rendering of an `OSError` (`[Errno 2] No such file or directory`).
fn python_io_error(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(code) => {
            let text = e.to_string();
            // std renders "No such file or directory (os error 2)".
            let msg = text.split(" (os error").next().unwrap_or(&text);
            format!("[Errno {code}] {msg}")
        }
        None => e.to_string(),
    }
}

/// Maps a reqwest error to a [`DispatchError`] for `url`.
pub fn map_error(e: &reqwest::Error, url: &reqwest::Url) -> DispatchError {
    let make = |kind, detail: String| DispatchError {
        kind,
        url: url.to_string(),
        detail,
    };
    let mut tls = None;
    let mut io_kind = None;
    let mut chain = String::new();
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if tls.is_none()
            && let Some(r) = err.downcast_ref::<rustls::Error>()
        {
            tls = Some(tls_detail(r));
        }
        // io::Error hides what it wraps from `source()`: look inside (possibly nested).
        let mut io = err.downcast_ref::<std::io::Error>();
        while let Some(e) = io {
            io_kind.get_or_insert(e.kind());
            let inner = e.get_ref();
            if tls.is_none()
                && let Some(r) = inner.and_then(|i| i.downcast_ref::<rustls::Error>())
            {
                tls = Some(tls_detail(r));
            }
            io = inner.and_then(|i| i.downcast_ref::<std::io::Error>());
        }
        chain.push_str(&err.to_string());
        chain.push_str(": ");
        source = err.source();
    }
    if let Some(detail) = tls {
        return make(DispatchKind::Tls, detail);
    }
    let lower = chain.to_ascii_lowercase();
    if (lower.contains("tunnel") || lower.contains("proxy"))
        && let Some(proxy) = proxy_for(url)
    {
        return DispatchError {
            kind: DispatchKind::Proxy,
            url: proxy,
            detail: chain.trim_end_matches(": ").to_owned(),
        };
    }
    if e.is_timeout() || io_kind == Some(std::io::ErrorKind::TimedOut) {
        let kind = if e.is_connect() {
            DispatchKind::ConnectTimeout
        } else {
            DispatchKind::ReadTimeout
        };
        return make(kind, String::new());
    }
    if e.is_connect() {
        if let Some(proxy) = proxy_for(url) {
            return DispatchError {
                kind: DispatchKind::Proxy,
                url: proxy,
                detail: chain.trim_end_matches(": ").to_owned(),
            };
        }
        return make(
            DispatchKind::Connect,
            chain.trim_end_matches(": ").to_owned(),
        );
    }
    make(DispatchKind::Io, chain.trim_end_matches(": ").to_owned())
}

/// OpenSSL-flavoured detail for a TLS failure (the AWS CLI prints OpenSSL's reason).
fn tls_detail(e: &rustls::Error) -> String {
    match e {
        rustls::Error::InvalidCertificate(c) => {
            let reason = match c {
                rustls::CertificateError::UnknownIssuer => {
                    "unable to get local issuer certificate".to_owned()
                }
                rustls::CertificateError::Expired
                | rustls::CertificateError::ExpiredContext { .. } => {
                    "certificate has expired".to_owned()
                }
                rustls::CertificateError::NotValidForName
                | rustls::CertificateError::NotValidForNameContext { .. } => {
                    "Hostname mismatch".to_owned()
                }
                other => format!("{other:?}"),
            };
            format!("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {reason}")
        }
        rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. } => {
            "[SSL: WRONG_VERSION_NUMBER] wrong version number".to_owned()
        }
        other => format!("[SSL] {other}"),
    }
}

/// The proxy URL that applies to `url` according to the process environment, if any.
pub fn proxy_for(url: &reqwest::Url) -> Option<String> {
    let var = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| std::env::var(n).ok().filter(|v| !v.trim().is_empty()))
    };
    let proxy = if url.scheme() == "https" {
        var(&["HTTPS_PROXY", "https_proxy"])
    } else {
        var(&["HTTP_PROXY", "http_proxy"])
    }?;
    let host = url
        .host_str()
        .unwrap_or("")
        .trim_matches(|c| c == '[' || c == ']');
    if let Some(no_proxy) = var(&["NO_PROXY", "no_proxy"]) {
        for entry in no_proxy.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if entry == "*" {
                return None;
            }
            let entry = entry.trim_start_matches('.');
            let entry_host = entry.split('/').next().unwrap_or(entry);
            if host.eq_ignore_ascii_case(entry_host)
                || host
                    .to_ascii_lowercase()
                    .ends_with(&format!(".{}", entry_host.to_ascii_lowercase()))
            {
                return None;
            }
        }
    }
    Some(proxy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_errno_text() {
        let e = std::fs::read("/nonexistent/awslice/ca.pem").unwrap_err();
        assert_eq!(python_io_error(&e), "[Errno 2] No such file or directory");
    }

    #[test]
    fn tls_details_look_like_openssl() {
        let d = tls_detail(&rustls::Error::InvalidCertificate(
            rustls::CertificateError::UnknownIssuer,
        ));
        assert!(d.starts_with("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"));
    }
}
