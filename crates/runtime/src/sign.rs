//! SigV4 signing, as botocore's `SigV4Auth` signs: the awsJson requests on a fast path
//! ([`sign_with`]), any other request through the general canonical request
//! ([`sign_request`]).
//!
//! Exactly the headers the AWS CLI signs are signed: the awsJson requests sign
//! `content-type`, `host`, `x-amz-target`, plus `x-amz-date` and, with a session token,
//! `x-amz-security-token`; other requests sign the headers their protocol sets. The payload
//! hash is the hex SHA-256 of the body and is not sent as a header.
//!
//! Two paths give the same bytes. Requests of the usual simple shape (a path and header
//! values that SigV4's normalisation leaves unchanged) take a fast path that builds the
//! canonical request and string to sign in one buffer and signs with a key derived once per
//! day, region and service and kept in the [`SigningIdentity`]; any other request goes
//! through the general canonical request. Tests check that the two agree, and (with
//! `aws-sigv4`, a dev-dependency) that both agree with the official signer.
//!
//! Written here rather than taken from `aws-sigv4`: SigV4 is a short, fixed algorithm
//! (canonical request, string to sign, four HMACs for the key) over `ring`, which the TLS
//! stack already builds, while `aws-sigv4` brought twelve crates into the awslice build
//! (`aws-smithy-runtime-api`, `aws-smithy-types`, `aws-smithy-http`, RustCrypto's `sha2` and
//! `hmac` with their `digest` stack, `base64-simd`, …): about 10 s of CPU of the cold
//! release build on 2 cores (cargo `--timings`, 2026-12-07), against a ≤ 65 s budget. Its
//! `http_request::sign` also derives the key anew and allocates its canonical request on
//! every call, which was most of the client's per-request CPU (BENCHMARKS.md).

use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use http::HeaderValue;

/// The static credentials used for one signature.
#[derive(Clone)]
pub struct SigningCredentials {
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key (never logged).
    pub secret_access_key: String,
    /// Session token, if any (logged only as `<redacted>`).
    pub session_token: Option<String>,
}

impl std::fmt::Debug for SigningCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// What to sign.
#[derive(Debug)]
pub struct SignInput<'a> {
    /// HTTP method (`POST`).
    pub method: &'a str,
    /// The request path (`/` or `/prefix/`), already percent-encoded.
    pub path: &'a str,
    /// The `Host` header value (no default port).
    pub host: &'a str,
    /// The `Content-Type` header value.
    pub content_type: &'a str,
    /// The `X-Amz-Target` header value.
    pub target: &'a str,
    /// The body.
    pub body: &'a [u8],
    /// Signing region.
    pub region: &'a str,
    /// Signing service name.
    pub service: &'a str,
    /// The signing time.
    pub time: SystemTime,
}

/// Credentials converted once into the signer's identity type, reusable for any number of
/// signatures (building it copies the three credential strings, so the client keeps one per
/// resolved credential set instead of rebuilding it per request). Clones share one state,
/// including the derived signing key, which is kept per (day, region, service).
#[derive(Clone)]
pub struct SigningIdentity {
    inner: Arc<IdentityInner>,
}

struct IdentityInner {
    access_key_id: String,
    secret_access_key: String,
    /// The session token, for the fast path's canonical request and the `--debug` texts.
    session_token: Option<String>,
    /// The session token as a header value, built once (`None` without a token, or when the
    /// token is not a plain visible-ASCII text: such a token takes the general path).
    token_header: Option<HeaderValue>,
    /// The last derived signing key.
    key: Mutex<Option<DerivedKey>>,
}

/// A SigV4 signing key and the scope it was derived for.
struct DerivedKey {
    date: [u8; 8],
    region: String,
    service: String,
    key: ring::hmac::Key,
}

impl std::fmt::Debug for SigningIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningIdentity")
            .field("access_key_id", &self.inner.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("session_token", &self.session_token().map(|_| "<redacted>"))
            .finish()
    }
}

impl SigningIdentity {
    /// The identity for `credentials`.
    pub fn new(credentials: &SigningCredentials) -> Self {
        let token_header = credentials
            .session_token
            .as_deref()
            .filter(|t| is_plain(t))
            .and_then(|t| HeaderValue::from_str(t).ok());
        SigningIdentity {
            inner: Arc::new(IdentityInner {
                access_key_id: credentials.access_key_id.clone(),
                secret_access_key: credentials.secret_access_key.clone(),
                session_token: credentials.session_token.clone(),
                token_header,
                key: Mutex::new(None),
            }),
        }
    }

    fn session_token(&self) -> Option<&str> {
        self.inner.session_token.as_deref()
    }

    /// The `X-Amz-Security-Token` header value, when the credentials have a session token
    /// that is plain visible ASCII (built once; callers build it themselves otherwise).
    pub fn security_token_header(&self) -> Option<&HeaderValue> {
        self.inner.token_header.as_ref()
    }

    /// The HMAC key for `date` (`YYYYMMDD`), `region` and `service`: derived on first use and
    /// again only when the scope changes.
    fn signing_key(&self, date: &[u8; 8], region: &str, service: &str) -> ring::hmac::Key {
        let mut cache = self.inner.key.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = cache.as_ref()
            && &k.date == date
            && k.region == region
            && k.service == service
        {
            return k.key.clone();
        }
        let key = derive_signing_key(&self.inner.secret_access_key, date, region, service);
        *cache = Some(DerivedKey {
            date: *date,
            region: region.to_owned(),
            service: service.to_owned(),
            key: key.clone(),
        });
        key
    }
}

/// SigV4's signing key: `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
/// "aws4_request")`.
fn derive_signing_key(
    secret: &str,
    date: &[u8; 8],
    region: &str,
    service: &str,
) -> ring::hmac::Key {
    let step = |key: &[u8], data: &[u8]| {
        ring::hmac::sign(&ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key), data)
    };
    let k_date = step(format!("AWS4{secret}").as_bytes(), date);
    let k_region = step(k_date.as_ref(), region.as_bytes());
    let k_service = step(k_region.as_ref(), service.as_bytes());
    let k_signing = step(k_service.as_ref(), b"aws4_request");
    ring::hmac::Key::new(ring::hmac::HMAC_SHA256, k_signing.as_ref())
}

/// The headers a signature adds.
#[derive(Debug, Clone)]
pub struct Signature {
    /// `X-Amz-Date`.
    pub amz_date: String,
    /// `X-Amz-Security-Token`, when the credentials have a session token.
    pub security_token: Option<String>,
    /// `Authorization`.
    pub authorization: String,
    /// The canonical request with the session token replaced by `<redacted>` (for debug logs);
    /// `Some` only when DEBUG events of the `awslice::auth` target are enabled.
    pub canonical_request_redacted: Option<String>,
    /// The string to sign (for debug logs); `Some` only when DEBUG events of the
    /// `awslice::auth` target are enabled.
    pub string_to_sign: Option<String>,
}

/// Signs `input` with `credentials` (converts them to a [`SigningIdentity`] first; callers
/// signing repeatedly with the same credentials should keep one and use [`sign_with`]).
pub fn sign(input: &SignInput<'_>, credentials: &SigningCredentials) -> Result<Signature, String> {
    sign_with(input, &SigningIdentity::new(credentials))
}

/// Signs `input` with an already built identity.
///
/// The `--debug` texts (canonical request and string to sign) are rebuilt only when a
/// subscriber has DEBUG enabled for the `awslice::auth` target: they cost more than the
/// signature itself.
pub fn sign_with(input: &SignInput<'_>, identity: &SigningIdentity) -> Result<Signature, String> {
    let signature = match amz_date_fast(input, identity) {
        Some(amz_date) => sign_fast(input, identity, &amz_date),
        None => return sign_general(input, identity),
    };
    // Only when some subscriber takes DEBUG events (the global level hint: a per-callsite
    // `enabled!` caches interest and can miss a subscriber set on another thread).
    if tracing::level_enabled!(tracing::Level::DEBUG) {
        let (c, s) = debug_texts(input, &signature.amz_date, identity.session_token());
        return Ok(Signature {
            canonical_request_redacted: Some(c),
            string_to_sign: Some(s),
            ..signature
        });
    }
    Ok(signature)
}

/// A header value or path the fast path takes as it is: visible ASCII without spaces, so
/// SigV4's trimming and space folding would leave it unchanged and it is a valid header
/// value.
fn is_plain(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_graphic())
}

/// A path whose SigV4 canonical form is itself: absolute, no empty or dot segments, only
/// characters that neither normalisation nor (double) percent-encoding changes.
fn is_canonical_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.contains("//")
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'~'))
}

/// `X-Amz-Date` for the fast path, or `None` when `input` needs the general path.
fn amz_date_fast(input: &SignInput<'_>, identity: &SigningIdentity) -> Option<[u8; 16]> {
    let simple = (identity.session_token().is_none() || identity.inner.token_header.is_some())
        && input.method == "POST"
        && is_canonical_path(input.path)
        && is_plain(input.content_type)
        && is_plain(input.host)
        && is_plain(input.target)
        && input.time >= SystemTime::UNIX_EPOCH;
    if !simple {
        return None;
    }
    amz_date(input.time)
}

/// `YYYYMMDDTHHMMSSZ` (UTC) of `t`; `None` outside the years 0 to 9999.
pub(crate) fn amz_date(t: SystemTime) -> Option<[u8; 16]> {
    // Whole seconds since the epoch, rounded down (as `time::OffsetDateTime::from` does);
    // the civil date through `time::Date`, the time of day by division.
    let secs = match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).ok()?,
        Err(e) => {
            let d = e.duration();
            -i64::try_from(d.as_secs()).ok()? - i64::from(d.subsec_nanos() > 0)
        }
    };
    let julian_day = i32::try_from(secs.div_euclid(86_400) + 2_440_588).ok()?;
    let (year, month, day) = time::Date::from_julian_day(julian_day)
        .ok()?
        .to_calendar_date();
    let year = u32::try_from(year).ok().filter(|y| *y <= 9999)?;
    let in_day = u32::try_from(secs.rem_euclid(86_400)).ok()?;
    let mut out = *b"00000000T000000Z";
    // (index of the last digit, value, digits), written right to left.
    let fields = [
        (3, year, 4),
        (5, u32::from(u8::from(month)), 2),
        (7, u32::from(day), 2),
        (10, in_day / 3600, 2),
        (12, in_day / 60 % 60, 2),
        (14, in_day % 60, 2),
    ];
    for (last, mut value, digits) in fields {
        for i in 0..digits {
            // `value % 10` is a single digit.
            out[last - i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    }
    Some(out)
}

/// The signed header names, in SigV4 order.
fn signed_headers(with_token: bool) -> &'static str {
    if with_token {
        "content-type;host;x-amz-date;x-amz-security-token;x-amz-target"
    } else {
        "content-type;host;x-amz-date;x-amz-target"
    }
}

/// Appends the canonical request of `input` to `out` (with `token` as the session token).
fn write_canonical_request(
    out: &mut String,
    input: &SignInput<'_>,
    amz_date: &str,
    token: Option<&str>,
) {
    for part in [
        input.method,
        "\n",
        input.path,
        "\n\ncontent-type:",
        input.content_type,
        "\nhost:",
        input.host,
        "\nx-amz-date:",
        amz_date,
        "\n",
    ] {
        out.push_str(part);
    }
    if let Some(t) = token {
        out.push_str("x-amz-security-token:");
        out.push_str(t);
        out.push('\n');
    }
    for part in [
        "x-amz-target:",
        input.target,
        "\n\n",
        signed_headers(token.is_some()),
        "\n",
    ] {
        out.push_str(part);
    }
    push_hex(
        out,
        ring::digest::digest(&ring::digest::SHA256, input.body).as_ref(),
    );
}

/// Appends the string to sign for the canonical request `canonical` to `out`.
fn write_string_to_sign(out: &mut String, input: &SignInput<'_>, amz_date: &str, canonical: &str) {
    let day = amz_date.get(..8).unwrap_or(amz_date);
    for part in [
        "AWS4-HMAC-SHA256\n",
        amz_date,
        "\n",
        day,
        "/",
        input.region,
        "/",
        input.service,
        "/aws4_request\n",
    ] {
        out.push_str(part);
    }
    push_hex(
        out,
        ring::digest::digest(&ring::digest::SHA256, canonical.as_bytes()).as_ref(),
    );
}

/// The SigV4 signature of a request in the fast path's simple shape, built in one buffer:
/// canonical request → SHA-256 → string to sign → HMAC with the cached signing key.
///
/// Tests check that it produces the same headers as the general path for the same input.
fn sign_fast(input: &SignInput<'_>, identity: &SigningIdentity, amz_date: &[u8; 16]) -> Signature {
    // `amz_date` is ASCII digits and letters by construction.
    let amz_date = std::str::from_utf8(amz_date).unwrap_or_default();
    let mut date = [0u8; 8];
    date.copy_from_slice(&amz_date.as_bytes()[..8]);
    let day = &amz_date[..8];
    let token = identity.session_token();
    let mut canonical = String::with_capacity(256 + token.map_or(0, str::len));
    write_canonical_request(&mut canonical, input, amz_date, token);
    let mut buf = String::with_capacity(256);
    write_string_to_sign(&mut buf, input, amz_date, &canonical);
    let key = identity.signing_key(&date, input.region, input.service);
    let tag = ring::hmac::sign(&key, buf.as_bytes());
    // The Authorization header, in the string-to-sign's buffer.
    buf.clear();
    for part in [
        "AWS4-HMAC-SHA256 Credential=",
        &identity.inner.access_key_id,
        "/",
        day,
        "/",
        input.region,
        "/",
        input.service,
        "/aws4_request, SignedHeaders=",
        signed_headers(token.is_some()),
        ", Signature=",
    ] {
        buf.push_str(part);
    }
    push_hex(&mut buf, tag.as_ref());
    Signature {
        amz_date: amz_date.to_owned(),
        security_token: token.map(str::to_owned),
        authorization: buf,
        canonical_request_redacted: None,
        string_to_sign: None,
    }
}

/// The signature of an awsJson request outside the fast path, through the general
/// canonical request.
fn sign_general(input: &SignInput<'_>, identity: &SigningIdentity) -> Result<Signature, String> {
    with_request(input, |req| sign_request(req, identity))
}

/// Runs `f` on `input` as a general request (its two headers; `host`, the date and the token
/// are added by the signer).
fn with_request<T>(input: &SignInput<'_>, f: impl FnOnce(&SignRequest<'_>) -> T) -> T {
    f(&SignRequest {
        method: input.method,
        path: input.path,
        query: "",
        host: input.host,
        headers: &[
            ("content-type", input.content_type),
            ("x-amz-target", input.target),
        ],
        body: input.body,
        payload_hash: None,
        path_as_sent: false,
        region: input.region,
        service: input.service,
        time: input.time,
    })
}

/// Any request to sign: what [`sign_request`] takes.
#[derive(Debug, Clone, Copy)]
pub struct SignRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// The path, percent-encoded as sent (SigV4 encodes it once more, as botocore does for
    /// every service but S3).
    pub path: &'a str,
    /// The query string as sent, without `?` (empty: none).
    pub query: &'a str,
    /// The `Host` header value.
    pub host: &'a str,
    /// The other headers to sign, in the order sent (the protocol's: content type, target,
    /// bound headers); `host`, `x-amz-date` and `x-amz-security-token` are added.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body.
    pub body: &'a [u8],
    /// The payload hash to sign instead of the body's SHA-256 (`UNSIGNED-PAYLOAD`,
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`, or the hash itself when it is also sent as
    /// `x-amz-content-sha256`).
    pub payload_hash: Option<&'a str>,
    /// The path is signed as sent, neither normalized nor encoded again (botocore's
    /// `S3SigV4Auth`).
    pub path_as_sent: bool,
    /// Signing region.
    pub region: &'a str,
    /// Signing service name.
    pub service: &'a str,
    /// The signing time.
    pub time: SystemTime,
}

/// Signs any request as botocore's `SigV4Auth` does (the awsJson requests take
/// [`sign_with`]'s fast path instead): the path normalized ([`normalize_path`]) and
/// percent-encoded once more (`quote(path, safe='/~')`), the query's `key=value` pairs sorted
/// as sent, every given header plus `host`, `x-amz-date` and `x-amz-security-token` signed
/// with lower-cased names in order and values with their whitespace runs folded
/// (`' '.join(value.split())`, repeated names joined with `,`).
///
/// # Errors
/// A header value with a line break, or a signing time outside the years 0 to 9999.
pub fn sign_request(
    req: &SignRequest<'_>,
    identity: &SigningIdentity,
) -> Result<Signature, String> {
    let amz_date = amz_date(req.time).ok_or("the signing time is outside the years 0 to 9999")?;
    // ASCII digits and letters by construction.
    let amz_date = std::str::from_utf8(&amz_date)
        .unwrap_or_default()
        .to_owned();
    let token = identity.session_token();
    let canonical = |token: Option<&str>| canonical_request(req, &amz_date, token);
    let (canonical_request, signed_headers) = canonical(token)?;
    let day = &amz_date[..8];
    let mut string_to_sign = String::with_capacity(256);
    for part in [
        "AWS4-HMAC-SHA256\n",
        &amz_date,
        "\n",
        day,
        "/",
        req.region,
        "/",
        req.service,
        "/aws4_request\n",
    ] {
        string_to_sign.push_str(part);
    }
    push_hex(
        &mut string_to_sign,
        ring::digest::digest(&ring::digest::SHA256, canonical_request.as_bytes()).as_ref(),
    );
    let mut date = [0u8; 8];
    date.copy_from_slice(day.as_bytes());
    let key = identity.signing_key(&date, req.region, req.service);
    let tag = ring::hmac::sign(&key, string_to_sign.as_bytes());
    let mut authorization = String::with_capacity(200);
    for part in [
        "AWS4-HMAC-SHA256 Credential=",
        &identity.inner.access_key_id,
        "/",
        day,
        "/",
        req.region,
        "/",
        req.service,
        "/aws4_request, SignedHeaders=",
        &signed_headers,
        ", Signature=",
    ] {
        authorization.push_str(part);
    }
    push_hex(&mut authorization, tag.as_ref());
    let debug = tracing::level_enabled!(tracing::Level::DEBUG);
    let canonical_request_redacted = match (debug, token) {
        (false, _) => None,
        (true, None) => Some(canonical_request),
        (true, Some(_)) => Some(canonical(Some("<redacted>"))?.0),
    };
    Ok(Signature {
        amz_date,
        security_token: token.map(str::to_owned),
        authorization,
        canonical_request_redacted,
        string_to_sign: debug.then_some(string_to_sign),
    })
}

/// The canonical request of `req` signed at `amz_date` with `token`, and its signed header
/// names (`content-type;host;x-amz-date`).
fn canonical_request(
    req: &SignRequest<'_>,
    amz_date: &str,
    token: Option<&str>,
) -> Result<(String, String), String> {
    // botocore's `SIGNED_HEADERS_BLACKLIST`.
    const UNSIGNED: [&str; 4] = [
        "expect",
        "transfer-encoding",
        "user-agent",
        "x-amzn-trace-id",
    ];
    let mut headers: Vec<(String, &str)> = Vec::with_capacity(req.headers.len() + 3);
    headers.push(("host".to_owned(), req.host));
    for (name, value) in req.headers {
        let name = name.to_ascii_lowercase();
        if !UNSIGNED.contains(&name.as_str()) && name != "host" {
            headers.push((name, value));
        }
    }
    headers.push(("x-amz-date".to_owned(), amz_date));
    if let Some(t) = token {
        headers.push(("x-amz-security-token".to_owned(), t));
    }
    // Stable: repeated names keep their order, and their values are joined with `,`.
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::with_capacity(512);
    out.push_str(req.method);
    out.push('\n');
    if req.path_as_sent {
        out.push_str(req.path);
    } else {
        push_uri_encoded(&mut out, &normalize_path(req.path));
    }
    out.push('\n');
    push_canonical_query(&mut out, req.query);
    out.push('\n');
    let mut signed = String::with_capacity(96);
    let mut i = 0;
    while i < headers.len() {
        let name = &headers[i].0;
        if !signed.is_empty() {
            signed.push(';');
        }
        signed.push_str(name);
        out.push_str(name);
        out.push(':');
        let mut first = true;
        while i < headers.len() && &headers[i].0 == name {
            let value = headers[i].1;
            if value.contains(['\r', '\n']) {
                return Err(format!("invalid value for header {name}: {value:?}"));
            }
            if !first {
                out.push(',');
            }
            first = false;
            push_folded(&mut out, value);
            i += 1;
        }
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&signed);
    out.push('\n');
    match req.payload_hash {
        Some(hash) => out.push_str(hash),
        None => push_hex(
            &mut out,
            ring::digest::digest(&ring::digest::SHA256, req.body).as_ref(),
        ),
    }
    Ok((out, signed))
}

/// `' '.join(value.split())` (Python's whitespace: Unicode's plus the four ASCII
/// separators 0x1C to 0x1F), appended to `out`.
fn push_folded(out: &mut String, value: &str) {
    let is_space = |c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c);
    let mut first = true;
    for word in value.split(is_space).filter(|w| !w.is_empty()) {
        if !first {
            out.push(' ');
        }
        first = false;
        out.push_str(word);
    }
}

/// `quote(path, safe='/~')`: every byte but unreserved ones and `/` as `%XX`.
fn push_uri_encoded(out: &mut String, path: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
}

/// botocore's canonical query: the `key=value` pairs of the query as sent (a pair without
/// `=` has an empty value), sorted by key then value, joined with `&`.
fn push_canonical_query(out: &mut String, query: &str) {
    if query.is_empty() {
        return;
    }
    let mut pairs: Vec<(&str, &str)> = query
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .collect();
    pairs.sort_unstable();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
}

/// A path as botocore's SigV4 signer normalizes it before encoding it once more
/// (`botocore.utils.normalize_url_path`, RFC 3986 § 5.2.4 "Remove Dot Segments" with empty
/// segments dropped too): `.` and empty segments go, `..` removes the segment before it, the
/// path keeps its leading `/`, and its trailing `/` only when the original ends with `/` and
/// some segment is left (`/a/b/..` → `/a`, `/a/b/../` → `/a/`, `/..` → `/`).
pub fn normalize_path(path: &str) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let first = if path.starts_with('/') { "/" } else { "" };
    let last = if path.ends_with('/') && !segments.is_empty() {
        "/"
    } else {
        ""
    };
    [first, &segments.join("/"), last].concat()
}

/// Lower-case hex of `bytes`, appended to `out`.
pub(crate) fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
}

/// Hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, data);
    let mut out = String::with_capacity(64);
    push_hex(&mut out, digest.as_ref());
    out
}

/// The canonical request (token redacted) and the string to sign of the fast path, rebuilt
/// for `--debug` output.
fn debug_texts(input: &SignInput<'_>, amz_date: &str, token: Option<&str>) -> (String, String) {
    let mut real = String::new();
    write_canonical_request(&mut real, input, amz_date, token);
    let redacted = if token.is_some() {
        let mut r = String::new();
        write_canonical_request(&mut r, input, amz_date, Some("<redacted>"));
        r
    } else {
        real.clone()
    };
    let mut string_to_sign = String::new();
    write_string_to_sign(&mut string_to_sign, input, amz_date, &real);
    (redacted, string_to_sign)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings};
    use aws_sigv4::sign::v4;

    /// The official signer's headers for `req` (its path normalisation off: botocore's is
    /// applied to the path first, as `sign_request` does), as a [`Signature`].
    /// botocore's `S3SigV4Auth`: the path as sent (already encoded, with `//` and dot-like
    /// names kept), the payload hash given, `x-amz-content-sha256` signed as a header.
    #[test]
    fn path_as_sent_with_a_payload_hash_matches_aws_sigv4() {
        let identity = SigningIdentity::new(&SigningCredentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "secret".into(),
            session_token: Some("token".into()),
        });
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        for (method, path, query, hash) in [
            ("GET", "/bucket/a%20b/c%2Bd~e", "", empty),
            ("PUT", "/bucket//leading-slash", "", empty),
            ("GET", "/bucket/a..b/%C3%BC", "x-id=1", empty),
            ("GET", "/bucket", "list-type=2&prefix=a%20b%2F", empty),
            ("PUT", "/bucket/k", "", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
            ("PUT", "/bucket/k", "", "UNSIGNED-PAYLOAD"),
        ] {
            let headers = [("x-amz-content-sha256", hash)];
            let req = SignRequest {
                method,
                path,
                query,
                host: "127.0.0.1:5000",
                headers: &headers,
                body: b"ignored: the hash is given",
                payload_hash: Some(hash),
                path_as_sent: true,
                region: "us-east-1",
                service: "s3",
                time: t,
            };
            let ours = sign_request(&req, &identity).expect("signs");
            let theirs = reference(&req, &identity);
            assert_eq!(ours.authorization, theirs.authorization, "{method} {path}");
            assert!(ours.authorization.contains(
                "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token"
            ));
            // `Expect` is not signed (botocore's `SIGNED_HEADERS_BLACKLIST`; aws-sigv4 would).
            let with_expect = [("x-amz-content-sha256", hash), ("expect", "100-continue")];
            let expect = sign_request(
                &SignRequest {
                    headers: &with_expect,
                    ..req
                },
                &identity,
            )
            .expect("signs");
            assert_eq!(expect.authorization, ours.authorization);
            // The same request signed the general way differs: the path is encoded again.
            let general = sign_request(
                &SignRequest {
                    path_as_sent: false,
                    ..req
                },
                &identity,
            )
            .expect("signs");
            if path.contains('%') || path.contains("//") {
                assert_ne!(general.authorization, ours.authorization, "{path}");
            }
        }
    }

    fn reference(req: &SignRequest<'_>, identity: &SigningIdentity) -> Signature {
        let credentials = aws_credential_types::Credentials::new(
            identity.inner.access_key_id.clone(),
            identity.inner.secret_access_key.clone(),
            identity.inner.session_token.clone(),
            None,
            "test",
        );
        let aws_identity: aws_smithy_runtime_api::client::identity::Identity = credentials.into();
        let mut settings = SigningSettings::default();
        settings.uri_path_normalization_mode =
            aws_sigv4::http_request::UriPathNormalizationMode::Disabled;
        if req.path_as_sent {
            settings.percent_encoding_mode = aws_sigv4::http_request::PercentEncodingMode::Single;
        }
        let params = v4::SigningParams::builder()
            .identity(&aws_identity)
            .region(req.region)
            .name(req.service)
            .time(req.time)
            .settings(settings)
            .build()
            .expect("params")
            .into();
        let path = if req.path_as_sent {
            req.path.to_owned()
        } else {
            normalize_path(req.path)
        };
        let uri = if req.query.is_empty() {
            path
        } else {
            format!("{path}?{}", req.query)
        };
        let headers = std::iter::once(("host", req.host)).chain(req.headers.iter().copied());
        let body = match req.payload_hash {
            Some(hash) => SignableBody::Precomputed(hash.to_owned()),
            None => SignableBody::Bytes(req.body),
        };
        let request = SignableRequest::new(req.method, uri, headers, body).expect("signable");
        let (instructions, _) = aws_sigv4::http_request::sign(request, &params)
            .expect("aws-sigv4 signs")
            .into_parts();
        let (added, _) = instructions.into_parts();
        let header = |name: &str| {
            added
                .iter()
                .find(|h| h.name() == name)
                .map(|h| h.value().to_owned())
        };
        Signature {
            amz_date: header("x-amz-date").expect("a date"),
            security_token: header("x-amz-security-token"),
            authorization: header("authorization").expect("an authorization"),
            canonical_request_redacted: None,
            string_to_sign: None,
        }
    }

    /// An awsJson input as the official signer signs it.
    fn sign_aws_sigv4(
        input: &SignInput<'_>,
        identity: &SigningIdentity,
    ) -> Result<Signature, String> {
        Ok(with_request(input, |req| reference(req, identity)))
    }

    #[test]
    fn general_path_matches_aws_sigv4() {
        let identities = [
            SigningIdentity::new(&SigningCredentials {
                access_key_id: "AKIDEXAMPLE".into(),
                secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
                session_token: None,
            }),
            SigningIdentity::new(&SigningCredentials {
                access_key_id: "ASIAEXAMPLE".into(),
                secret_access_key: "s3cr3t/+=".into(),
                session_token: Some(
                    "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==".into(),
                ),
            }),
        ];
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_795_607_622);
        let mut n = 0;
        for (method, path, query, headers, body) in [
            ("GET", "/2015-03-31/functions/my-fn", "", &[][..], &b""[..]),
            (
                "GET",
                "/2015-03-31/functions",
                "MaxItems=5&Marker=a%2Fb&FunctionVersion=ALL",
                &[][..],
                &b""[..],
            ),
            (
                "POST",
                "/",
                "",
                &[(
                    "content-type",
                    "application/x-www-form-urlencoded; charset=utf-8",
                )][..],
                &b"Action=GetCallerIdentity&Version=2011-06-15"[..],
            ),
            (
                "PUT",
                "/a%20b/c%2Fd/%E2%9C%93/",
                "z=1&a=2&a=1&flag",
                &[
                    ("Content-Type", "application/json"),
                    ("X-Amz-Meta-Thing", "  spaced   value "),
                    ("x-amz-meta-thing", "second"),
                    ("X-Custom", "a,b"),
                ][..],
                &br#"{"k": "v"}"#[..],
            ),
            ("DELETE", "/x/./y/../z", "", &[][..], &b""[..]),
        ] {
            for identity in &identities {
                let req = SignRequest {
                    method,
                    path,
                    query,
                    host: "service.us-east-1.amazonaws.com",
                    headers,
                    body,
                    payload_hash: None,
                    path_as_sent: false,
                    region: "us-east-1",
                    service: "svc",
                    time: t,
                };
                let ours = sign_request(&req, identity).expect("signs");
                let theirs = reference(&req, identity);
                assert_eq!(
                    ours.authorization, theirs.authorization,
                    "{method} {path}?{query}"
                );
                assert_eq!(ours.amz_date, theirs.amz_date);
                assert_eq!(ours.security_token, theirs.security_token);
                n += 1;
            }
        }
        assert_eq!(n, 10);
        let bad = SignRequest {
            method: "GET",
            path: "/",
            query: "",
            host: "h",
            headers: &[("x-bad", "a\r\nb")],
            body: b"",
            payload_hash: None,
            path_as_sent: false,
            region: "us-east-1",
            service: "svc",
            time: t,
        };
        assert!(sign_request(&bad, &identities[0]).is_err());
    }

    #[test]
    fn paths_are_normalized_as_botocore_normalizes_them() {
        for (path, want) in [
            ("", "/"),
            ("/", "/"),
            ("/..", "/"),
            ("/a/b/..", "/a"),
            ("/a/b/../", "/a/"),
            ("/a/./b/.", "/a/b"),
            ("/a//b/", "/a/b/"),
            ("/a/%2F/../b", "/a/b"),
            ("/a%20b/%2E%2E", "/a%20b/%2E%2E"),
        ] {
            assert_eq!(normalize_path(path), want, "{path}");
        }
    }

    #[test]
    fn sha256_hex_matches_known_digests() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn amz_dates_match_the_time_crate() {
        let reference = |t: SystemTime| {
            let dt = time::OffsetDateTime::from(t);
            format!(
                "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
                dt.year(),
                u8::from(dt.month()),
                dt.day(),
                dt.hour(),
                dt.minute(),
                dt.second()
            )
        };
        let epoch = SystemTime::UNIX_EPOCH;
        let mut times = vec![epoch, epoch - std::time::Duration::from_nanos(1)];
        for secs in [
            1u64,
            59,
            86_399,
            86_400,
            951_782_400,
            1_795_607_622,
            4_102_444_799,
            253_402_300_799, // 9999-12-31T23:59:59Z
            2_000_000_000,
        ] {
            for nanos in [0, 1, 999_999_999] {
                let d = std::time::Duration::new(secs, nanos);
                times.push(epoch + d);
                times.push(epoch - d);
            }
        }
        for t in times {
            let ours = amz_date(t).map(|d| String::from_utf8_lossy(&d).into_owned());
            let expected = reference(t);
            // Negative years have no `YYYY` form.
            let expected = (!expected.starts_with('-')).then_some(expected);
            assert_eq!(ours, expected, "{t:?}");
        }
        let after_9999 = epoch + std::time::Duration::from_secs(253_402_300_800);
        assert_eq!(amz_date(after_9999), None);
    }

    #[test]
    fn hex_of_any_length() {
        let bytes: Vec<u8> = (0..=255).collect();
        let mut out = String::from("x");
        push_hex(&mut out, &bytes);
        let expected: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(out, format!("x{expected}"));
        let mut empty = String::new();
        push_hex(&mut empty, &[]);
        assert_eq!(empty, "");
    }

    fn input(time: SystemTime) -> SignInput<'static> {
        SignInput {
            method: "POST",
            path: "/",
            host: "127.0.0.1:8080",
            content_type: "application/x-amz-json-1.1",
            target: "Svc.Op",
            body: b"{}",
            region: "us-east-1",
            service: "svc",
            time,
        }
    }

    #[test]
    fn debug_texts_only_with_debug_enabled_and_signature_unchanged() {
        let creds = SigningCredentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "secret".into(),
            session_token: Some("TOKEN".into()),
        };
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_795_607_622);
        // No subscriber: no debug texts.
        let plain = sign(&input(t), &creds).expect("signs");
        assert!(plain.canonical_request_redacted.is_none());
        assert!(plain.string_to_sign.is_none());
        assert_eq!(plain.amz_date, "20261125T115342Z");
        assert_eq!(plain.security_token.as_deref(), Some("TOKEN"));
        // The identity reused gives the same signature.
        let identity = SigningIdentity::new(&creds);
        let again = sign_with(&input(t), &identity).expect("signs");
        assert_eq!(again.authorization, plain.authorization);
        // The debug texts, when built, match the signature aws-sigv4 made.
        let (redacted, sts) = debug_texts(&input(t), &plain.amz_date, Some("TOKEN"));
        assert!(redacted.contains("x-amz-security-token:<redacted>\n"));
        assert!(!redacted.contains("TOKEN"));
        assert!(sts.starts_with(
            "AWS4-HMAC-SHA256\n20261125T115342Z\n20261125/us-east-1/svc/aws4_request\n"
        ));
        assert!(plain.authorization.contains(
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target"
        ));
    }

    /// Both paths' headers for one input: (fast, aws-sigv4).
    fn both(input: &SignInput<'_>, identity: &SigningIdentity) -> (Signature, Signature) {
        let amz_date = amz_date_fast(input, identity).expect("the input takes the fast path");
        let fast = sign_fast(input, identity, &amz_date);
        let general = sign_aws_sigv4(input, identity).expect("aws-sigv4 signs");
        (fast, general)
    }

    #[test]
    fn fast_path_matches_aws_sigv4() {
        let plain = SigningIdentity::new(&SigningCredentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
            session_token: None,
        });
        let with_token = SigningIdentity::new(&SigningCredentials {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: "s3cr3t/+=".into(),
            session_token: Some("IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==".into()),
        });
        let body = br#"{"ImageId": "wsi-123456789", "AllowCopyImage": true}"#;
        let long_body = vec![b'x'; 5000];
        let mut n = 0;
        for secs in [
            0u64,
            951_782_400,   // 2000-02-29
            1_795_607_622, // 2026-11-25T11:53:42Z
            1_795_651_199, // 23:59:59, the last second of a signing day
            1_795_651_200, // the next day: a new signing key
            4_102_444_799, // 2099-12-31T23:59:59Z
        ] {
            let t = SystemTime::UNIX_EPOCH
                + std::time::Duration::from_secs(secs)
                + std::time::Duration::from_nanos(999_999_999);
            for (path, host, region, service, body) in [
                ("/", "127.0.0.1:8080", "us-east-1", "workspaces", &body[..]),
                (
                    "/",
                    "workspaces.eu-west-1.amazonaws.com",
                    "eu-west-1",
                    "workspaces",
                    &b""[..],
                ),
                (
                    "/prefix/p-_~1/",
                    "[::1]:8443",
                    "cn-north-1",
                    "svc",
                    &long_body[..],
                ),
                ("/a", "h", "us-gov-west-1", "workspaces", &body[..]),
            ] {
                for identity in [&plain, &with_token] {
                    let i = SignInput {
                        method: "POST",
                        path,
                        host,
                        content_type: "application/x-amz-json-1.1",
                        target: "WorkspacesService.UpdateWorkspaceImagePermission",
                        body,
                        region,
                        service,
                        time: t,
                    };
                    let (fast, general) = both(&i, identity);
                    assert_eq!(fast.amz_date, general.amz_date, "{secs} {path}");
                    assert_eq!(fast.authorization, general.authorization, "{secs} {path}");
                    assert_eq!(fast.security_token, general.security_token);
                    // And what `sign_with` returns (the cached key on repeats) is the same.
                    let again = sign_with(&i, identity).expect("signs");
                    assert_eq!(again.authorization, general.authorization);
                    n += 1;
                }
            }
        }
        assert_eq!(n, 48);
    }

    #[test]
    fn unusual_inputs_take_the_general_path() {
        let creds = SigningCredentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "secret".into(),
            session_token: None,
        };
        let identity = SigningIdentity::new(&creds);
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_795_607_622);
        let base = input(t);
        for (path, host, target) in [
            ("/a b/", "h", "S.Op"),
            ("/a%20b/", "h", "S.Op"),
            ("/a/./b/", "h", "S.Op"),
            ("/a//b", "h", "S.Op"),
            ("", "h", "S.Op"),
            ("/", "h  x", "S.Op"),
            ("/", "h", " S.Op "),
            ("/", "h", "S.Op\u{e9}"),
        ] {
            let i = SignInput {
                path,
                host,
                target,
                ..base
            };
            assert!(
                amz_date_fast(&i, &identity).is_none(),
                "{path:?} {host:?} {target:?}"
            );
        }
        let spaced = SigningIdentity::new(&SigningCredentials {
            session_token: Some("a  b".into()),
            ..creds
        });
        assert!(amz_date_fast(&base, &spaced).is_none());
        assert!(spaced.security_token_header().is_none());
        // Such a request is still signed, by the general path (which folds the spaces).
        let s = sign_with(&base, &spaced).expect("signs");
        assert_eq!(s.security_token.as_deref(), Some("a  b"));
        let before_1970 = SignInput {
            time: SystemTime::UNIX_EPOCH - std::time::Duration::from_secs(86_400),
            ..base
        };
        assert!(amz_date_fast(&before_1970, &identity).is_none());
    }

    #[test]
    fn signing_key_is_rederived_when_the_scope_changes() {
        let identity = SigningIdentity::new(&SigningCredentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "secret".into(),
            session_token: None,
        });
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_795_607_622);
        let a = identity.signing_key(b"20261125", "us-east-1", "svc");
        let b = identity.signing_key(b"20261125", "us-west-2", "svc");
        let c = identity.signing_key(b"20261125", "us-east-1", "svc");
        let tag = |k: &ring::hmac::Key| ring::hmac::sign(k, b"x").as_ref().to_vec();
        assert_ne!(tag(&a), tag(&b));
        assert_eq!(tag(&a), tag(&c));
        let expected = v4::generate_signing_key("secret", t, "us-east-1", "svc");
        let direct = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, expected.as_ref());
        assert_eq!(tag(&a), tag(&direct));
    }
}
