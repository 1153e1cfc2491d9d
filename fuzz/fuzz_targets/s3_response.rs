//! S3's own response handling (`awslice_runtime::protocol::rules`, `awslice_runtime::checksum`)
//! on an HTTP-like input, read as `rest_response` and `rest_xml_response` read theirs:
//!
//! ```text
//! 200                        status (digits; anything else, or outside 100–999, is 200)
//! x-amz-checksum-crc32: …    header lines `name: value` up to an empty line
//!
//! <ListBucketResult>…        the body: every byte after the empty line
//! ```
//!
//! - `is_error_in_200` on the body: never panics; an empty body is not an error, a body that
//!   is XML with a root named `Error` without a namespace is one;
//! - `checksum::validate` with S3's response algorithms (`CRC32`, `SHA1`, `SHA256`): an `Ok`
//!   with a valid CRC32 header means the body has that CRC32, a `Mismatch` is confirmed by
//!   recomputing the checksum of the header it names;
//! - the body read by the restXml codec as the output of the official S3 model's
//!   `ListObjectsV2`, `ListObjects` and `ListObjectVersions` (the model is parsed once, with
//!   `awslice_codegen::schema_tables`), then `decode_listing` with the operation's rules: only
//!   a reply whose `EncodingType` is `url` changes, and then exactly the rules' paths, each
//!   string through `unquote_plus`;
//! - the body as text `s` (invalid UTF-8 replaced): `unquote_plus(quote_plus(s)) == s` with
//!   Python's `quote_plus`, written here; `quote_copy_source` of `s` alone and of
//!   `s?versionId=<id>` (the id: the `x-amz-version-id` header's first word, else `v1`) never
//!   panics, keeps the `?versionId=` suffix as it is, and encodes a source without one so
//!   that it decodes back to `s`.
#![no_main]

mod common;

use std::sync::OnceLock;

use awslice_codegen::model::{ShapeId, parse::parse};
use awslice_codegen::schema_tables::schema_values;
use awslice_runtime::checksum::{self, Algorithm, ChecksumError};
use awslice_runtime::protocol::rules::{
    decode_listing, is_error_in_200, quote_copy_source, unquote_plus,
};
use awslice_runtime::protocol::{Response, rest_xml};
use awslice_runtime::schema::{Operation, OperationSchema, ShapeDef};
use base64::Engine as _;
use common::{header_text, split_response};
use http::HeaderMap;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// The listings whose replies `decode_listing` rewrites.
const LISTINGS: [&str; 3] = ["ListObjectsV2", "ListObjects", "ListObjectVersions"];

/// S3's response checksum algorithms (`GetObject`'s `responseAlgorithms`, less the CRT ones).
const RESPONSE_ALGORITHMS: [&str; 3] = ["CRC32", "SHA1", "SHA256"];

struct S3 {
    shapes: &'static [ShapeDef],
    operations: Vec<Operation>,
}

/// The official S3 model's tables for the listings, built once.
fn s3() -> &'static S3 {
    static S3: OnceLock<S3> = OnceLock::new();
    S3.get_or_init(|| {
        let text = include_str!("../../models/official/s3-2006-03-01.json");
        let model = parse(text).expect("the S3 model parses");
        let ids: Vec<ShapeId> = LISTINGS
            .iter()
            .map(|o| ShapeId(format!("com.amazonaws.s3#{o}")))
            .collect();
        let values = schema_values(&model, &ids).expect("the listings' tables");
        for op in &values.operations {
            let listing = op
                .rules
                .url_encoded_listing
                .unwrap_or_else(|| panic!("{}: no URL-encoded listing rule", op.name));
            assert_eq!(listing.member, "EncodingType", "{}", op.name);
            assert!(
                listing.decoded.iter().any(|p| p.last() == Some(&"Key")),
                "{}: the listed keys are decoded",
                op.name
            );
        }
        S3 {
            shapes: values.shapes,
            operations: values.operations,
        }
    })
}

/// Python's `urllib.parse.quote_plus(s)` (`safe=''`): RFC 3986's unreserved characters as
/// they are, a space as `+`, every other byte of the UTF-8 text as `%XX`.
fn quote_plus(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `%XX` sequences decoded, every other byte kept (no `+` rule): the inverse of a
/// percent-encoding.
fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

fn check_error_in_200(body: &[u8]) {
    let error = is_error_in_200(body);
    if body.is_empty() {
        assert!(!error, "an empty body is not an error");
        return;
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return;
    };
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    if let Ok(doc) = roxmltree::Document::parse_with_options(text, options) {
        let root = doc.root_element().tag_name();
        if root.name() == "Error" && root.namespace().is_none() {
            assert!(error, "an <Error> document in a 200 is an error");
        }
    }
}

fn check_checksum(headers: &HeaderMap, body: &[u8]) {
    let b64 = &base64::engine::general_purpose::STANDARD;
    match checksum::validate(&RESPONSE_ALGORITHMS, headers, body) {
        Ok(()) => {
            // A valid CRC32 header (the first priority) was checked.
            let crc = headers
                .get("x-amz-checksum-crc32")
                .and_then(|v| v.to_str().ok())
                .filter(|v| !v.contains('-'))
                .and_then(|v| b64.decode(v).ok())
                .filter(|d| d.len() == 4);
            if let Some(expected) = crc {
                assert_eq!(
                    expected,
                    crc32fast::hash(body).to_be_bytes(),
                    "Ok with a CRC32 header the body does not have"
                );
            }
        }
        Err(ChecksumError::Mismatch {
            expected,
            calculated,
        }) => {
            // The header that was checked: the first present, readable, non-composite one.
            let algorithm = [Algorithm::Crc32, Algorithm::Sha1, Algorithm::Sha256]
                .into_iter()
                .find(|a| {
                    headers
                        .get(a.header())
                        .and_then(|v| v.to_str().ok())
                        .is_some_and(|v| !v.contains('-'))
                })
                .expect("a mismatch names a checksum header");
            let header = headers.get(algorithm.header()).expect("present");
            assert_eq!(header.to_str().ok(), Some(expected.as_str()));
            let digest = match algorithm {
                Algorithm::Crc32 => crc32fast::hash(body).to_be_bytes().to_vec(),
                a => a.digest(body),
            };
            assert_eq!(calculated, b64.encode(&digest), "the calculated checksum");
            assert!(
                b64.decode(&expected).ok().as_deref() != Some(&digest[..]),
                "a mismatch of equal checksums"
            );
        }
        Err(e) => panic!("validate: {e:?}"),
    }
}

/// `expected` with the value(s) at `path` put through `unquote_plus` (lists entered item by
/// item), as botocore's `decode_list_object*` does.
fn decode_path(value: &mut Value, path: &[&str]) {
    match (value, path.split_first()) {
        (Value::Array(items), _) => items.iter_mut().for_each(|v| decode_path(v, path)),
        (Value::Object(o), Some((first, rest))) => {
            if let Some(v) = o.get_mut(*first) {
                decode_path(v, rest);
            }
        }
        (Value::String(s), None) => *s = unquote_plus(s),
        _ => {}
    }
}

fn check_listings(status: u16, headers: &HeaderMap, body: &[u8]) {
    let s3 = s3();
    let response = Response {
        status,
        headers,
        body,
    };
    for op in &s3.operations {
        let schema = OperationSchema {
            shapes: s3.shapes,
            operation: op,
        };
        let Ok(output) = rest_xml::deserialize(schema, response) else {
            continue;
        };
        let mut decoded = output.clone();
        decode_listing(op.rules, &mut decoded);
        let listing = op.rules.url_encoded_listing.expect("checked at start");
        if output.get(listing.member).and_then(Value::as_str) == Some("url") {
            let mut expected = output.clone();
            for path in listing.decoded {
                decode_path(&mut expected, path);
            }
            assert_eq!(decoded, expected, "{}: the decoded listing", op.name);
        } else {
            assert_eq!(decoded, output, "{}: not url-encoded, unchanged", op.name);
        }
    }
}

fn check_quoting(text: &str, headers: &HeaderMap) {
    let quoted = quote_plus(text);
    assert_eq!(unquote_plus(&quoted), text, "unquote_plus(quote_plus(s))");

    const SUFFIX: &str = "?versionId=";
    let plain = quote_copy_source(text);
    if !text.contains(SUFFIX) {
        assert!(
            plain
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b)),
            "an encoded copy source: {plain:?}"
        );
        assert_eq!(percent_decode(&plain), text.as_bytes(), "decodes back");
    }
    let id = header_text(headers, "x-amz-version-id")
        .and_then(|v| v.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "v1".to_owned());
    let suffix = format!("{SUFFIX}{id}");
    let versioned = quote_copy_source(&format!("{text}{suffix}"));
    assert!(
        versioned.ends_with(&suffix),
        "the version id kept: {versioned:?} for {text:?}"
    );
}

/// LeakSanitizer's built-in suppressions (read by the sanitizer runtime when it is linked in;
/// an unused symbol otherwise): `schema_values` leaks its strings on purpose ("the schema
/// values live as long as the program"), some of which it does not keep.
#[unsafe(no_mangle)]
pub extern "C" fn __lsan_default_suppressions() -> *const std::ffi::c_char {
    c"leak:awslice_codegen::schema_tables::leak\n".as_ptr()
}

fuzz_target!(init: {
    s3();
}, |data: &[u8]| {
    let (status, headers, body) = split_response(data);
    check_error_in_200(body);
    check_checksum(&headers, body);
    check_listings(status, &headers, body);
    check_quoting(&String::from_utf8_lossy(body), &headers);
});
