//! Body checksums as `aws.protocols#httpChecksum` asks for them, the way botocore computes,
//! sends and checks them (`botocore/httpchecksum.py`): a request checksum in an
//! `x-amz-checksum-<algorithm>` header, or in the trailer of an `aws-chunked` body for a
//! streaming upload over HTTPS; a response checksum checked against the body.
//!
//! The algorithms are those of the AWS CLI v2 (botocore with its CRT): CRC32 (`crc32fast`),
//! CRC32C and CRC64NVME (`crc`), SHA-1 and SHA-256 (`ring`). The XXHash ones, which only the
//! CRT computes, are refused with [`ChecksumError::Unsupported`] for requests and skipped for
//! responses.

use std::fmt;

use base64::Engine as _;

/// A checksum algorithm awslice computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Algorithm {
    /// CRC32 (ISO-HDLC), botocore's default.
    Crc32,
    /// CRC32C (Castagnoli, iSCSI).
    Crc32c,
    /// CRC64NVME (the NVMe CRC-64).
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
}

/// The algorithms a response is checked with, in botocore's priority order
/// (`_ALGORITHMS_PRIORITY_LIST`, less the XXHash ones).
pub const RESPONSE_PRIORITY: [Algorithm; 5] = [
    Algorithm::Crc64Nvme,
    Algorithm::Crc32c,
    Algorithm::Crc32,
    Algorithm::Sha1,
    Algorithm::Sha256,
];

const CRC32C: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISCSI);
const CRC64NVME: crc::Crc<u64> = crc::Crc::<u64>::new(&crc::CRC_64_NVME);

impl Algorithm {
    /// The algorithm named `name` (any case: `CRC32`, `sha256`).
    ///
    /// # Errors
    /// A name botocore knows but awslice does not compute, or an unknown one.
    pub fn from_name(name: &str) -> Result<Algorithm, ChecksumError> {
        match name.to_ascii_lowercase().as_str() {
            "crc32" => Ok(Algorithm::Crc32),
            "crc32c" => Ok(Algorithm::Crc32c),
            "crc64nvme" => Ok(Algorithm::Crc64Nvme),
            "sha1" => Ok(Algorithm::Sha1),
            "sha256" => Ok(Algorithm::Sha256),
            _ => Err(ChecksumError::Unsupported(name.to_owned())),
        }
    }

    /// The model's name (`CRC32`), the value of the algorithm header.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "CRC32",
            Algorithm::Crc32c => "CRC32C",
            Algorithm::Crc64Nvme => "CRC64NVME",
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
        }
    }

    /// The header that carries this algorithm's checksum (`x-amz-checksum-crc32`).
    pub fn header(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "x-amz-checksum-crc32",
            Algorithm::Crc32c => "x-amz-checksum-crc32c",
            Algorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            Algorithm::Sha1 => "x-amz-checksum-sha1",
            Algorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// The raw digest of `body`.
    pub fn digest(self, body: &[u8]) -> Vec<u8> {
        match self {
            Algorithm::Crc32 => crc32fast::hash(body).to_be_bytes().to_vec(),
            Algorithm::Crc32c => CRC32C.checksum(body).to_be_bytes().to_vec(),
            Algorithm::Crc64Nvme => CRC64NVME.checksum(body).to_be_bytes().to_vec(),
            Algorithm::Sha1 => ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, body)
                .as_ref()
                .to_vec(),
            Algorithm::Sha256 => ring::digest::digest(&ring::digest::SHA256, body)
                .as_ref()
                .to_vec(),
        }
    }

    /// The digest of `body` in base64, as the header carries it.
    pub fn base64(self, body: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.digest(body))
    }
}

/// `body` as an `aws-chunked` body with its checksum in the trailer, as botocore's
/// `AwsChunkedWrapper` writes it: chunks of at most 1 MiB (`<hex length>\r\n<bytes>\r\n`),
/// then `0\r\n<header>:<base64>\r\n\r\n`.
pub fn aws_chunked(body: &[u8], algorithm: Algorithm) -> Vec<u8> {
    const CHUNK: usize = 1024 * 1024;
    let mut out = Vec::with_capacity(body.len() + 64 + body.len() / CHUNK * 12);
    for chunk in body.chunks(CHUNK) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n");
    out.extend_from_slice(algorithm.header().as_bytes());
    out.push(b':');
    out.extend_from_slice(algorithm.base64(body).as_bytes());
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// Checks `body` against the first checksum header of `headers` in botocore's priority
/// order among `response_algorithms` (the operation's). A composite checksum (`…-3`, of a
/// multipart upload) and a response without any of the headers are not checked.
///
/// # Errors
/// [`ChecksumError::Mismatch`] when the body's checksum differs.
pub fn validate(
    response_algorithms: &[&str],
    headers: &http::HeaderMap,
    body: &[u8],
) -> Result<(), ChecksumError> {
    for algorithm in RESPONSE_PRIORITY {
        if !response_algorithms
            .iter()
            .any(|a| a.eq_ignore_ascii_case(algorithm.name()))
        {
            continue;
        }
        let Some(expected) = headers
            .get(algorithm.header())
            .and_then(|v| v.to_str().ok())
        else {
            continue;
        };
        if expected.contains('-') {
            continue;
        }
        let digest = algorithm.digest(body);
        let matches = base64::engine::general_purpose::STANDARD
            .decode(expected)
            .is_ok_and(|d| d == digest);
        if !matches {
            return Err(ChecksumError::Mismatch {
                expected: expected.to_owned(),
                calculated: base64::engine::general_purpose::STANDARD.encode(digest),
            });
        }
        return Ok(());
    }
    Ok(())
}

/// A checksum that cannot be computed or does not match.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChecksumError {
    /// The request asks for an algorithm awslice does not compute (`CRC32C`).
    Unsupported(String),
    /// The response's body does not have the checksum its header gives.
    Mismatch {
        /// The header's checksum.
        expected: String,
        /// The body's.
        calculated: String,
    },
}

impl fmt::Display for ChecksumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChecksumError::Unsupported(name) => {
                write!(
                    f,
                    "Unsupported checksum algorithm: {}",
                    name.to_ascii_lowercase()
                )?;
                if name.to_ascii_lowercase().starts_with("xxhash") {
                    f.write_str(" (awslice computes CRC32, CRC32C, CRC64NVME, SHA1 and SHA256)")?;
                }
                Ok(())
            }
            ChecksumError::Mismatch {
                expected,
                calculated,
            } => write!(
                f,
                "Expected checksum {expected} did not match calculated checksum: {calculated}"
            ),
        }
    }
}

impl std::error::Error for ChecksumError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_botocores() {
        // Values from botocore 1.44.18 (testdata/s3/botocore_requests.json).
        assert_eq!(Algorithm::Crc32.base64(b"hello"), "NhCmhg==");
        assert_eq!(Algorithm::Crc32.base64(b""), "AAAAAA==");
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(Algorithm::Crc32.base64(&all), "KQWMcw==");
        assert_eq!(
            Algorithm::Sha256.base64(b"hello"),
            "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="
        );
        assert_eq!(
            Algorithm::Sha1.base64(b"hello"),
            "qvTGHdzF6KLavt4PO0gs2a6pQ00="
        );
        assert_eq!(Algorithm::from_name("crc32"), Ok(Algorithm::Crc32));
        // CRC32C and CRC64NVME of the catalogue's check input and of "hello", from a
        // bit-by-bit Python implementation (polynomials 0x82F63B78 and 0x9A6C9329AC4BC9B5,
        // reflected, all-ones initial value and final XOR).
        assert_eq!(Algorithm::Crc32c.base64(b"123456789"), "4waSgw==");
        assert_eq!(Algorithm::Crc32c.base64(b"hello"), "mnG7TA==");
        assert_eq!(Algorithm::Crc64Nvme.base64(b"123456789"), "rosUhgp5mIg=");
        assert_eq!(Algorithm::Crc64Nvme.base64(b"hello"), "M3eFcAZSQlc=");
        assert_eq!(Algorithm::Crc64Nvme.base64(b""), "AAAAAAAAAAA=");
        assert_eq!(Algorithm::from_name("CRC64NVME"), Ok(Algorithm::Crc64Nvme));
        assert_eq!(
            Algorithm::from_name("XXHASH64").unwrap_err().to_string(),
            "Unsupported checksum algorithm: xxhash64 (awslice computes CRC32, CRC32C, CRC64NVME, SHA1 and SHA256)"
        );
    }

    #[test]
    fn aws_chunked_bodies_are_botocores() {
        assert_eq!(
            aws_chunked(b"hello", Algorithm::Crc32),
            b"5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n"
        );
        assert_eq!(
            aws_chunked(b"", Algorithm::Crc32),
            b"0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n"
        );
        let big = vec![b'x'; 1024 * 1024 + 1];
        let out = aws_chunked(&big, Algorithm::Crc32);
        assert!(out.starts_with(b"100000\r\nxxx"));
        assert!(out.windows(6).any(|w| w == b"\r\n1\r\nx"));
    }

    #[test]
    fn responses_are_checked_in_botocores_order() {
        let mut h = http::HeaderMap::new();
        h.insert("x-amz-checksum-crc32", "NhCmhg==".parse().unwrap());
        assert_eq!(validate(&["CRC32", "SHA256"], &h, b"hello"), Ok(()));
        let e = validate(&["CRC32"], &h, b"hellO").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("Expected checksum NhCmhg== did not match calculated checksum: "),
            "{e}"
        );
        // Not among the operation's algorithms, composite, or absent: not checked.
        assert_eq!(validate(&["SHA256"], &h, b"x"), Ok(()));
        h.insert("x-amz-checksum-crc32", "NhCmhg==-2".parse().unwrap());
        assert_eq!(validate(&["CRC32"], &h, b"x"), Ok(()));
        assert_eq!(validate(&["CRC32"], &http::HeaderMap::new(), b"x"), Ok(()));
        // CRC64NVME comes first when the reply has it.
        let mut h = http::HeaderMap::new();
        h.insert("x-amz-checksum-crc64nvme", "M3eFcAZSQlc=".parse().unwrap());
        h.insert("x-amz-checksum-crc32", "bad".parse().unwrap());
        assert_eq!(validate(&["CRC32", "CRC64NVME"], &h, b"hello"), Ok(()));
        // A higher-priority algorithm wins over a later one.
        let mut h = http::HeaderMap::new();
        h.insert("x-amz-checksum-crc32", "NhCmhg==".parse().unwrap());
        h.insert("x-amz-checksum-sha256", "bad".parse().unwrap());
        assert_eq!(validate(&["SHA256", "CRC32"], &h, b"hello"), Ok(()));
    }
}
