//! YAML the AWS CLI v2 way.
//!
//! - [`emit`] and [`emit_stream_item`] print what `--output yaml` and `--output yaml-stream`
//!   print, byte for byte (ruamel.yaml's safe dumper over libyaml 0.1.7, keys sorted, width
//!   80, YAML 1.2 resolver for quoting).
//! - [`load`] reads a `--cli-input-yaml` document the way ruamel.yaml's pure-Python safe loader
//!   does (YAML 1.2 core resolution, merge keys, duplicate-key errors, one document).
//! - [`python`] re-exports `awslice-pyfmt`: Python's number and JSON-string printing.
//!
//! Values are `serde_json::Value` with `preserve_order` and `arbitrary_precision`: a number
//! whose text is `-?\d+` is an int (all digits kept), any other number a float.
//!
//! Not reproduced: YAML anchors (`&id001`) for an object reached twice, because a
//! `serde_json::Value` tree has no shared nodes; the object is written again instead.

#![deny(missing_docs)]

mod emit;
mod load;
mod resolver;

/// Python's text forms of values (the `awslice-pyfmt` crate), re-exported for existing users.
pub use awslice_pyfmt as python;
pub use awslice_pyfmt::float_repr as py_float_repr;
pub use load::{MAX_DEPTH, YamlError};

use serde_json::Value;

/// What `--output yaml` prints for `value`.
///
/// A top-level scalar is printed as JSON (`json.dump(..., ensure_ascii=False)` plus `\n`, so a
/// string keeps its double quotes); an empty dict prints nothing; lists and dicts are dumped
/// as one YAML document ending in `\n`.
pub fn emit(value: &Value) -> String {
    if let Some(mut scalar) = awslice_pyfmt::json_scalar(value) {
        scalar.push('\n');
        return scalar;
    }
    if is_empty_object(value) {
        return String::new();
    }
    emit::document(value)
}

/// What `--output yaml-stream` prints for one page (or one non-paginated response): the page
/// dumped as a one-item list (`- key: …`). An empty dict prints nothing.
pub fn emit_stream_item(value: &Value) -> String {
    if is_empty_object(value) {
        return String::new();
    }
    emit::document(&Value::Array(vec![value.clone()]))
}

/// Parses a `--cli-input-yaml` document like ruamel.yaml's safe loader (YAML 1.2).
///
/// Plain scalars resolve to null, bools, ints (all digits kept, `0x`/`0o`/`0b` and `_`
/// accepted, `012` is decimal), floats and strings; quoted and block scalars are strings.
/// Timestamps and `!!binary` stay strings (their text; base64 is checked and its whitespace
/// removed). Merge keys (`<<`) are applied; duplicate keys, several documents, unknown tags,
/// the `=` value, non-string keys, NaN and nesting deeper than [`MAX_DEPTH`] are errors. An
/// empty document gives `Value::Null`.
pub fn load(text: &str) -> Result<Value, YamlError> {
    load::load(text)
}

fn is_empty_object(value: &Value) -> bool {
    matches!(value, Value::Object(map) if map.is_empty())
}
