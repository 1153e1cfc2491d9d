//! SigV4 signing of one awsJson request, via `aws-sigv4`.
//!
//! Exactly the headers the AWS CLI signs are handed to the signer: `content-type`, `host`,
//! `x-amz-target` (it adds `x-amz-date` and, with a session token, `x-amz-security-token`).
//! The payload hash is the hex SHA-256 of the body and is not sent as a header.

use std::time::SystemTime;

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;

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

/// The headers a signature adds.
#[derive(Debug, Clone)]
pub struct Signature {
    /// `X-Amz-Date`.
    pub amz_date: String,
    /// `X-Amz-Security-Token`, when the credentials have a session token.
    pub security_token: Option<String>,
    /// `Authorization`.
    pub authorization: String,
    /// The canonical request with the session token replaced by `<redacted>` (for debug logs).
    pub canonical_request_redacted: String,
    /// The string to sign (for debug logs).
    pub string_to_sign: String,
}

/// Signs `input` with `credentials`.
pub fn sign(input: &SignInput<'_>, credentials: &SigningCredentials) -> Result<Signature, String> {
    let identity = aws_credential_types::Credentials::new(
        credentials.access_key_id.clone(),
        credentials.secret_access_key.clone(),
        credentials.session_token.clone(),
        None,
        "awslice",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(input.region)
        .name(input.service)
        .time(input.time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let headers = [
        ("content-type", input.content_type),
        ("host", input.host),
        ("x-amz-target", input.target),
    ];
    let request = SignableRequest::new(
        input.method,
        input.path,
        headers.into_iter(),
        SignableBody::Bytes(input.body),
    )
    .map_err(|e| e.to_string())?;
    let (instructions, _signature) = aws_sigv4::http_request::sign(request, &params)
        .map_err(|e| e.to_string())?
        .into_parts();
    let (added, _params) = instructions.into_parts();
    let mut amz_date = None;
    let mut security_token = None;
    let mut authorization = None;
    for header in added {
        match header.name() {
            "x-amz-date" => amz_date = Some(header.value().to_owned()),
            "x-amz-security-token" => security_token = Some(header.value().to_owned()),
            "authorization" => authorization = Some(header.value().to_owned()),
            _ => {}
        }
    }
    let amz_date = amz_date.ok_or("the signer produced no X-Amz-Date")?;
    let authorization = authorization.ok_or("the signer produced no Authorization")?;
    let (canonical_request_redacted, string_to_sign) =
        debug_texts(input, &amz_date, credentials.session_token.as_deref());
    Ok(Signature {
        amz_date,
        security_token,
        authorization,
        canonical_request_redacted,
        string_to_sign,
    })
}

/// Hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, data);
    let mut out = String::with_capacity(64);
    for b in digest.as_ref() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The canonical request (token redacted) and the string to sign, rebuilt for `--debug`
/// output: `aws-sigv4` only traces its own (unredacted) copy at trace level.
fn debug_texts(input: &SignInput<'_>, amz_date: &str, token: Option<&str>) -> (String, String) {
    let signed = if token.is_some() {
        "content-type;host;x-amz-date;x-amz-security-token;x-amz-target"
    } else {
        "content-type;host;x-amz-date;x-amz-target"
    };
    let canonical = |token_text: Option<&str>| {
        let mut s = format!(
            "{}\n{}\n\ncontent-type:{}\nhost:{}\nx-amz-date:{}\n",
            input.method, input.path, input.content_type, input.host, amz_date
        );
        if let Some(t) = token_text {
            s.push_str(&format!("x-amz-security-token:{t}\n"));
        }
        s.push_str(&format!(
            "x-amz-target:{}\n\n{}\n{}",
            input.target,
            signed,
            sha256_hex(input.body)
        ));
        s
    };
    let real = canonical(token);
    let redacted = canonical(token.map(|_| "<redacted>"));
    let date = amz_date.get(..8).unwrap_or(amz_date);
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{date}/{}/{}/aws4_request\n{}",
        input.region,
        input.service,
        sha256_hex(real.as_bytes())
    );
    (redacted, string_to_sign)
}
