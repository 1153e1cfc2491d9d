//! Blob parameters as the AWS CLI v2 reads them.
//!
//! The codecs take a blob as base64 text. What the command line gives depends on
//! `cli_binary_format` (`--cli-binary-format`, else the profile's `cli_binary_format`, else
//! `base64`): with `base64`, every blob given as text (inline, in JSON, from `file://` or an
//! input document) is base64 that botocore decodes with Python's lenient `b64decode`
//! (characters outside the alphabet are skipped) and the error `Invalid base64: "<text>"`;
//! with `raw-in-base64-out`, the text's UTF-8 bytes are the blob. A `fileb://` value is bytes
//! in both formats and is never decoded.

use std::collections::HashSet;

use base64::Engine as _;
use serde_json::Value;

use crate::schema::{ServiceDef, ShapeIdx, ShapeKind};

/// How blob values given as text are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryFormat {
    /// `base64` (the default): the text is base64.
    Base64,
    /// `raw-in-base64-out`: the text's UTF-8 bytes are the blob (the AWS CLI v1's way).
    RawInBase64Out,
}

impl BinaryFormat {
    /// The format named `name`; any other name fails as the AWS CLI's table lookup does
    /// (`KeyError`, whose text is the quoted name).
    pub fn from_name(name: &str) -> Result<Self, String> {
        match name {
            "base64" => Ok(BinaryFormat::Base64),
            "raw-in-base64-out" => Ok(BinaryFormat::RawInBase64Out),
            other => Err(awslice_pyfmt::str_repr(other)),
        }
    }
}

/// The bytes of a blob read from a `fileb://` file, as the codecs take them.
pub fn from_bytes(bytes: &[u8]) -> Value {
    Value::String(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// The binary format, looked up (in the configuration) only when a blob given as text is met.
pub struct Lazy<F: FnMut() -> Result<BinaryFormat, String>> {
    lookup: F,
    found: Option<BinaryFormat>,
}

impl<F: FnMut() -> Result<BinaryFormat, String>> Lazy<F> {
    /// A format `lookup` finds when first needed.
    pub fn new(lookup: F) -> Self {
        Lazy {
            lookup,
            found: None,
        }
    }

    fn get(&mut self) -> Result<BinaryFormat, String> {
        match self.found {
            Some(f) => Ok(f),
            None => {
                let f = (self.lookup)()?;
                self.found = Some(f);
                Ok(f)
            }
        }
    }
}

/// Rewrites every blob given as text inside `value` (of shape `shape`) into the codecs' form,
/// reading it by `format`. The top-level members named in `bytes` came from `fileb://` and
/// are left as they are.
pub fn read_text_blobs<F: FnMut() -> Result<BinaryFormat, String>>(
    svc: &ServiceDef,
    shape: ShapeIdx,
    value: &mut Value,
    format: &mut Lazy<F>,
    bytes: &HashSet<String>,
) -> Result<(), String> {
    let Some(ShapeKind::Structure { members, .. }) = svc.shapes.get(shape).map(|s| &s.kind) else {
        return visit(svc, shape, value, format);
    };
    let Value::Object(fields) = value else {
        return Ok(());
    };
    for m in members.iter() {
        if bytes.contains(m.name) {
            continue;
        }
        if let Some(v) = fields.get_mut(m.name) {
            visit(svc, m.target, v, format)?;
        }
    }
    Ok(())
}

fn visit<F: FnMut() -> Result<BinaryFormat, String>>(
    svc: &ServiceDef,
    shape: ShapeIdx,
    value: &mut Value,
    format: &mut Lazy<F>,
) -> Result<(), String> {
    let Some(kind) = svc.shapes.get(shape).map(|s| &s.kind) else {
        return Ok(());
    };
    match (kind, value) {
        (ShapeKind::Blob { .. }, value @ Value::String(_)) => {
            let Value::String(text) = &*value else {
                return Ok(());
            };
            let bytes = match format.get()? {
                BinaryFormat::Base64 => python_b64decode(text)?,
                BinaryFormat::RawInBase64Out => text.as_bytes().to_vec(),
            };
            *value = from_bytes(&bytes);
        }
        (
            ShapeKind::Structure { members, .. } | ShapeKind::Union { members },
            Value::Object(fields),
        ) => {
            for m in members.iter() {
                if let Some(v) = fields.get_mut(m.name) {
                    visit(svc, m.target, v, format)?;
                }
            }
        }
        (ShapeKind::List { member, .. }, Value::Array(items)) => {
            for item in items {
                visit(svc, *member, item, format)?;
            }
        }
        (ShapeKind::Map { value: target, .. }, Value::Object(entries)) => {
            for v in entries.values_mut() {
                visit(svc, *target, v, format)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Python's `base64.b64decode(text)` (not `validate`d) as botocore's CLI customization calls
/// it: non-ASCII text is a `ValueError`; characters outside the alphabet are skipped; a pad
/// after two or three characters of a group ends the data; a last group of one character
/// or an unpadded one of two or three is an error. binascii's decoder, written out because
/// no crate is lenient in the same way.
pub fn python_b64decode(text: &str) -> Result<Vec<u8>, String> {
    if !text.is_ascii() {
        return Err("string argument should contain only ASCII characters".to_owned());
    }
    let invalid = || format!("Invalid base64: \"{text}\"");
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut quad, mut left, mut pads) = (0u8, 0u8, 0u8);
    for c in text.bytes() {
        if c == b'=' {
            if quad >= 2 {
                pads += 1;
                if quad + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        match quad {
            0 => left = v,
            1 => {
                out.push((left << 2) | (v >> 4));
                left = v & 0x0f;
            }
            2 => {
                out.push((left << 4) | (v >> 2));
                left = v & 0x03;
            }
            _ => out.push((left << 6) | v),
        }
        quad = (quad + 1) % 4;
    }
    if quad == 0 { Ok(out) } else { Err(invalid()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_as_pythons_b64decode() {
        // (text, Python's base64.b64decode(text) or None for binascii.Error)
        let cases: &[(&str, Option<&[u8]>)] = &[
            ("aGVsbG8=", Some(b"hello")),
            ("aGVsbG8", None),
            ("aGVsbA==", Some(b"hell")),
            ("aGVs bG8=\n", Some(b"hello")),
            ("aGVs!bG8=", Some(b"hello")),
            ("aGVsbG8=trailing", Some(b"hello")),
            ("", Some(b"")),
            ("a", None),
            ("ab", None),
            ("ab==", Some(&[0x69])),
            ("====", Some(b"")),
            ("AAEC/w==", Some(&[0, 1, 2, 255])),
            ("-_", Some(b"")),
        ];
        for (text, want) in cases {
            assert_eq!(python_b64decode(text).ok().as_deref(), *want, "{text:?}");
        }
        assert_eq!(
            python_b64decode("not base64!").unwrap_err(),
            "Invalid base64: \"not base64!\""
        );
        assert_eq!(
            python_b64decode("é").unwrap_err(),
            "string argument should contain only ASCII characters"
        );
    }

    #[test]
    fn format_names() {
        assert_eq!(BinaryFormat::from_name("base64"), Ok(BinaryFormat::Base64));
        assert_eq!(
            BinaryFormat::from_name("raw-in-base64-out"),
            Ok(BinaryFormat::RawInBase64Out)
        );
        assert_eq!(BinaryFormat::from_name("hex"), Err("'hex'".to_owned()));
    }
}
