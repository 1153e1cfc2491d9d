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

/// Credentials converted once into the signer's identity type, reusable for any number of
/// signatures (building it copies the three credential strings, so the client keeps one per
/// resolved credential set instead of rebuilding it per request).
#[derive(Debug, Clone)]
pub struct SigningIdentity {
    identity: aws_smithy_runtime_api::client::identity::Identity,
    /// A copy of the session token, for the `--debug` canonical request only.
    session_token: Option<String>,
}

impl SigningIdentity {
    /// The identity for `credentials`.
    pub fn new(credentials: &SigningCredentials) -> Self {
        let identity = aws_credential_types::Credentials::new(
            credentials.access_key_id.clone(),
            credentials.secret_access_key.clone(),
            credentials.session_token.clone(),
            None,
            "awslice",
        )
        .into();
        SigningIdentity {
            identity,
            session_token: credentials.session_token.clone(),
        }
    }
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
    let params = v4::SigningParams::builder()
        .identity(&identity.identity)
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
    // Only when some subscriber takes DEBUG events (the global level hint: a per-callsite
    // `enabled!` caches interest and can miss a subscriber set on another thread).
    let (canonical_request_redacted, string_to_sign) =
        if tracing::level_enabled!(tracing::Level::DEBUG) {
            let (c, s) = debug_texts(input, &amz_date, identity.session_token.as_deref());
            (Some(c), Some(s))
        } else {
            (None, None)
        };
    Ok(Signature {
        amz_date,
        security_token,
        authorization,
        canonical_request_redacted,
        string_to_sign,
    })
}

/// Lower-case hex of `bytes`, appended to `out`.
pub(crate) fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
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

/// The canonical request (token redacted) and the string to sign, rebuilt for `--debug`
/// output: `aws-sigv4` only traces its own (unredacted) copy at trace level.
fn debug_texts(input: &SignInput<'_>, amz_date: &str, token: Option<&str>) -> (String, String) {
    let signed = if token.is_some() {
        "content-type;host;x-amz-date;x-amz-security-token;x-amz-target"
    } else {
        "content-type;host;x-amz-date;x-amz-target"
    };
    let payload_hash = sha256_hex(input.body);
    let canonical = |token_text: Option<&str>| {
        let mut s = format!(
            "{}\n{}\n\ncontent-type:{}\nhost:{}\nx-amz-date:{}\n",
            input.method, input.path, input.content_type, input.host, amz_date
        );
        if let Some(t) = token_text {
            s.push_str("x-amz-security-token:");
            s.push_str(t);
            s.push('\n');
        }
        s.push_str("x-amz-target:");
        s.push_str(input.target);
        s.push_str("\n\n");
        s.push_str(signed);
        s.push('\n');
        s.push_str(&payload_hash);
        s
    };
    let real = canonical(token);
    let redacted = if token.is_some() {
        canonical(Some("<redacted>"))
    } else {
        real.clone()
    };
    let date = amz_date.get(..8).unwrap_or(amz_date);
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{date}/{}/{}/aws4_request\n{}",
        input.region,
        input.service,
        sha256_hex(real.as_bytes())
    );
    (redacted, string_to_sign)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
