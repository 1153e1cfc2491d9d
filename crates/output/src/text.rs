//! `--output text`: the AWS CLI's `awscli/text.py` formatter.
//!
//! Scalars of a dict go on one tab-separated line (keys sorted), prefixed by the upper-cased
//! name of the key that led there; nested lists and dicts follow, each under its key's name.
//! Lists of dicts share one sorted set of scalar columns.

use crate::FormatError;
use awslice_pyfmt::py_str;
pub(crate) use awslice_pyfmt::type_name as py_type_name;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

pub(crate) fn format(value: &Value) -> Result<String, FormatError> {
    let mut out = String::new();
    format_value(&mut out, value, None, None)?;
    Ok(out)
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn format_value(
    out: &mut String,
    value: &Value,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
) -> Result<(), FormatError> {
    match value {
        Value::Object(map) => format_dict(out, map, identifier, scalar_keys),
        Value::Array(items) => format_list(out, items, identifier),
        scalar => {
            out.push_str(&py_str(scalar));
            out.push('\n');
            Ok(())
        }
    }
}

fn format_list(
    out: &mut String,
    items: &[Value],
    identifier: Option<&str>,
) -> Result<(), FormatError> {
    if items.is_empty() {
        return Ok(());
    }
    if items.iter().any(|v| v.is_object()) {
        // Python collects the scalar keys with `item.items()`, which only dicts have.
        let mut keys = BTreeSet::new();
        for item in items {
            let Value::Object(map) = item else {
                return Err(FormatError::new(format!(
                    "'{}' object has no attribute 'items'",
                    py_type_name(item)
                )));
            };
            for (key, v) in map {
                if is_scalar(v) {
                    keys.insert(key.clone());
                }
            }
        }
        let keys: Vec<String> = keys.into_iter().collect();
        for item in items {
            format_value(out, item, identifier, Some(&keys))?;
        }
    } else if items.iter().any(|v| v.is_array()) {
        let scalars: Vec<&Value> = items.iter().filter(|v| is_scalar(v)).collect();
        if !scalars.is_empty() {
            format_scalar_list(out, &scalars, identifier);
        }
        for item in items.iter().filter(|v| !is_scalar(v)) {
            format_value(out, item, identifier, None)?;
        }
    } else {
        let scalars: Vec<&Value> = items.iter().collect();
        format_scalar_list(out, &scalars, identifier);
    }
    Ok(())
}

fn format_scalar_list(out: &mut String, items: &[&Value], identifier: Option<&str>) {
    match identifier {
        Some(id) => {
            let upper = id.to_uppercase();
            for item in items {
                out.push_str(&upper);
                out.push('\t');
                out.push_str(&py_str(item));
                out.push('\n');
            }
        }
        None => {
            let parts: Vec<String> = items.iter().map(|v| py_str(v)).collect();
            out.push_str(&parts.join("\t"));
            out.push('\n');
        }
    }
}

fn format_dict(
    out: &mut String,
    map: &Map<String, Value>,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
) -> Result<(), FormatError> {
    let mut scalars: Vec<String> = Vec::new();
    let mut non_scalars: Vec<(&String, &Value)> = Vec::new();
    match scalar_keys {
        None => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            for (key, value) in entries {
                if is_scalar(value) {
                    scalars.push(py_str(value));
                } else {
                    non_scalars.push((key, value));
                }
            }
        }
        Some(keys) => {
            for key in keys {
                scalars.push(map.get(key).map(py_str).unwrap_or_default());
            }
            let mut remaining: Vec<(&String, &Value)> =
                map.iter().filter(|(k, _)| !keys.contains(k)).collect();
            remaining.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            non_scalars = remaining;
        }
    }
    if !scalars.is_empty() {
        if let Some(id) = identifier {
            scalars.insert(0, id.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (key, value) in non_scalars {
        format_value(out, value, Some(key), None)?;
    }
    Ok(())
}
