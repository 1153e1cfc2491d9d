//! An independent SigV4 verifier written from the AWS specification with `ring` primitives
//! (deliberately not `aws-sigv4`), for checking captured requests.

use ring::{digest, hmac};

use awslice_test_support::http::Captured;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    let k = hmac::Key::new(hmac::HMAC_SHA256, key);
    hmac::sign(&k, data).as_ref().to_vec()
}

/// The parts of an `Authorization` header.
#[derive(Debug)]
pub struct Authorization {
    /// `AKID/date/region/service/aws4_request`.
    pub credential: String,
    /// `a;b;c`.
    pub signed_headers: String,
    /// Hex signature.
    pub signature: String,
}

/// Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
pub fn parse_authorization(value: &str) -> Authorization {
    let rest = value
        .strip_prefix("AWS4-HMAC-SHA256 ")
        .expect("algorithm prefix");
    let mut credential = String::new();
    let mut signed_headers = String::new();
    let mut signature = String::new();
    for part in rest.split(", ") {
        let (k, v) = part.split_once('=').expect("key=value");
        match k {
            "Credential" => credential = v.to_owned(),
            "SignedHeaders" => signed_headers = v.to_owned(),
            "Signature" => signature = v.to_owned(),
            other => panic!("unexpected Authorization part {other}"),
        }
    }
    Authorization {
        credential,
        signed_headers,
        signature,
    }
}

/// Recomputes the signature of `req` with `secret`; returns (expected, found).
pub fn recompute(req: &Captured, secret: &str) -> (String, String) {
    let auth = parse_authorization(&req.header("authorization").expect("Authorization header"));
    let mut line = req.request_line().split(' ');
    let method = line.next().unwrap();
    let target = line.next().unwrap();
    // Absolute form (through a proxy): keep only the path.
    let path = match target.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => target,
    };
    let amz_date = req.header("x-amz-date").expect("X-Amz-Date");
    let mut canonical = format!("{method}\n{path}\n\n");
    for name in auth.signed_headers.split(';') {
        let value = req
            .header(name)
            .unwrap_or_else(|| panic!("signed header {name} missing"));
        canonical.push_str(&format!("{name}:{}\n", value.trim()));
    }
    canonical.push_str(&format!(
        "\n{}\n{}",
        auth.signed_headers,
        hex(digest::digest(&digest::SHA256, &req.body).as_ref())
    ));
    let scope_parts: Vec<&str> = auth.credential.splitn(2, '/').collect();
    let scope = scope_parts[1];
    let mut s = scope.split('/');
    let (date, region, service) = (s.next().unwrap(), s.next().unwrap(), s.next().unwrap());
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(digest::digest(&digest::SHA256, canonical.as_bytes()).as_ref())
    );
    let k_date = hmac_sha256(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac_sha256(&k_date, region.as_bytes());
    let k_service = hmac_sha256(&k_region, service.as_bytes());
    let k_signing = hmac_sha256(&k_service, b"aws4_request");
    let expected = hex(&hmac_sha256(&k_signing, string_to_sign.as_bytes()));
    (expected, auth.signature)
}
