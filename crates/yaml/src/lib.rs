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
//! Anchors: a `serde_json::Value` tree has no shared nodes, but a `--query` result can hold
//! one Python object twice (`[ImagePermissions, ImagePermissions]`), and ruamel.yaml then
//! writes `&id001` at its first occurrence and `*id001` at the later ones. [`emit_shared`]
//! and [`emit_stream_item_shared`] take that identity as a callback (the JMESPath engine's
//! `SharedResult::shared_group`, for instance), so this crate needs no JMESPath types.

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
    emit_shared(value, &|_| None)
}

/// Like [`emit`], with anchors and aliases for lists and dicts that are one object.
///
/// `identity(node)` is called with nodes reached through `value` (lists and dicts only) and
/// returns the same `Some(group)` for every occurrence of one object, `None` for a node that
/// occurs once. The first occurrence in emission order (dict keys sorted) is written with
/// `&idNNN`, later ones as `*idNNN` without their content; ids count from `id001` in the
/// order in which ruamel's serializer meets each object a second time.
///
/// ```
/// use serde_json::json;
/// let value = json!([[{"a": "1"}], [{"a": "1"}]]);
/// let items = value.as_array().unwrap();
/// let first = std::ptr::from_ref(&items[0]);
/// let second = std::ptr::from_ref(&items[1]);
/// let same = |node: &serde_json::Value| {
///     let p = std::ptr::from_ref(node);
///     (p == first || p == second).then_some(7)
/// };
/// assert_eq!(
///     awslice_yaml::emit_shared(&value, &same),
///     "- &id001\n  - a: '1'\n- *id001\n"
/// );
/// ```
pub fn emit_shared(value: &Value, identity: &dyn Fn(&Value) -> Option<usize>) -> String {
    if let Some(mut scalar) = awslice_pyfmt::json_scalar(value) {
        scalar.push('\n');
        return scalar;
    }
    if is_empty_object(value) {
        return String::new();
    }
    emit::document(value, identity)
}

/// What `--output yaml-stream` prints for one page (or one non-paginated response): the page
/// dumped as a one-item list (`- key: …`). An empty dict prints nothing.
pub fn emit_stream_item(value: &Value) -> String {
    emit_stream_item_shared(value, &|_| None)
}

/// Like [`emit_stream_item`], with anchors and aliases as in [`emit_shared`].
pub fn emit_stream_item_shared(
    value: &Value,
    identity: &dyn Fn(&Value) -> Option<usize>,
) -> String {
    if is_empty_object(value) {
        return String::new();
    }
    emit_stream_page_shared(value, identity)
}

/// What `--output yaml-stream` prints for one page of a paginated operation (after
/// `--query`): `[page]` dumped as one document, like [`emit_stream_item_shared`] except that
/// an empty dict prints `- {}` (the AWS CLI skips `{}` only for a non-paginated response).
/// Anchor numbering starts again with every page, each being its own document.
pub fn emit_stream_page_shared(
    value: &Value,
    identity: &dyn Fn(&Value) -> Option<usize>,
) -> String {
    emit::one_item_list(value, identity)
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
