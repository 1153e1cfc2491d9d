//! botocore's `ParamValidator`: checks the merged input against the input shape and lists
//! every problem, one per line, with botocore's texts (Python type names and reprs).
//! Like botocore it checks types, required members, unknown members, range minimums and
//! length minimums — never patterns, maximums or enum values.

use serde_json::Value;

use crate::schema::{ServiceDef, ShapeIdx, ShapeKind};

/// Validates `params` against `shape`; `Err` holds botocore's full message
/// (`Parameter validation failed:\n…`).
pub fn validate(svc: &ServiceDef, shape: ShapeIdx, params: &Value) -> Result<(), String> {
    let mut errors = Vec::new();
    check(svc, shape, params, "input", &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "Parameter validation failed:\n{}",
            errors.join("\n")
        ))
    }
}

fn type_error(errors: &mut Vec<String>, name: &str, value: &Value, valid: &str) {
    errors.push(format!(
        "Invalid type for parameter {name}, value: {}, type: <class '{}'>, valid types: {valid}",
        awslice_pyfmt::py_str(value),
        awslice_pyfmt::type_name(value)
    ));
}

fn min_length(errors: &mut Vec<String>, name: &str, len: usize, min: Option<u64>) {
    if let Some(min) = min
        && (len as u64) < min
    {
        errors.push(format!(
            "Invalid length for parameter {name}, value: {len}, valid min length: {min}"
        ));
    }
}

fn check(svc: &ServiceDef, shape: ShapeIdx, value: &Value, name: &str, errors: &mut Vec<String>) {
    let Some(def) = svc.shapes.get(shape) else {
        return;
    };
    match &def.kind {
        ShapeKind::Structure { members, .. } | ShapeKind::Union { members } => {
            let Value::Object(map) = value else {
                type_error(errors, name, value, "<class 'dict'>");
                return;
            };
            let is_union = matches!(def.kind, ShapeKind::Union { .. });
            for m in members.iter().filter(|m| m.required) {
                if !map.contains_key(m.name) {
                    errors.push(format!(
                        "Missing required parameter in {name}: \"{}\"",
                        m.name
                    ));
                }
            }
            if is_union {
                let set = map.values().filter(|v| !v.is_null()).count();
                if set != 1 {
                    let keys: Vec<&str> = members.iter().map(|m| m.name).collect();
                    errors.push(format!(
                        "Invalid number of parameters set for tagged union structure {name}. Can only set one of the following keys: {}.",
                        keys.join(", ")
                    ));
                }
            }
            for (k, v) in map {
                match members.iter().find(|m| m.name == k) {
                    Some(m) => {
                        let child = if name == "input" {
                            k.clone()
                        } else {
                            format!("{name}.{k}")
                        };
                        check(svc, m.target, v, &child, errors);
                    }
                    None => {
                        let names: Vec<&str> = members.iter().map(|m| m.name).collect();
                        errors.push(format!(
                            "Unknown parameter in {name}: \"{k}\", must be one of: {}",
                            names.join(", ")
                        ));
                    }
                }
            }
        }
        ShapeKind::List {
            member, min_len, ..
        } => {
            let Value::Array(items) = value else {
                type_error(errors, name, value, "<class 'list'>, <class 'tuple'>");
                return;
            };
            min_length(errors, name, items.len(), *min_len);
            for (i, v) in items.iter().enumerate() {
                check(svc, *member, v, &format!("{name}[{i}]"), errors);
            }
        }
        ShapeKind::Map {
            key, value: vshape, ..
        } => {
            let Value::Object(map) = value else {
                type_error(errors, name, value, "<class 'dict'>");
                return;
            };
            for (k, v) in map {
                check(
                    svc,
                    *key,
                    &Value::String(k.clone()),
                    &format!("{name} (key: {k})"),
                    errors,
                );
                check(svc, *vshape, v, &format!("{name}.{k}"), errors);
            }
        }
        ShapeKind::String { min_len, .. } => match value {
            Value::String(s) => min_length(errors, name, s.chars().count(), *min_len),
            _ => type_error(errors, name, value, "<class 'str'>"),
        },
        ShapeKind::Boolean => {
            if !value.is_boolean() {
                type_error(errors, name, value, "<class 'bool'>");
            }
        }
        ShapeKind::Integer { min, .. } => {
            // Python's bool is an int subclass: botocore lets True/False through.
            if !(awslice_pyfmt::is_int(value) || value.is_boolean()) {
                type_error(errors, name, value, "<class 'int'>");
                return;
            }
            range_min(
                errors,
                name,
                value,
                min.map(|m| m as f64),
                min.map(|m| m.to_string()),
            );
        }
        ShapeKind::IntEnum { .. } | ShapeKind::BigInteger => {
            if !(awslice_pyfmt::is_int(value) || value.is_boolean()) {
                type_error(errors, name, value, "<class 'int'>");
            }
        }
        ShapeKind::Float { min, .. } => {
            if !(value.is_number() || value.is_boolean()) {
                type_error(
                    errors,
                    name,
                    value,
                    "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
                );
                return;
            }
            range_min(
                errors,
                name,
                value,
                *min,
                min.map(awslice_pyfmt::float_repr),
            );
        }
        ShapeKind::BigDecimal => {
            if !(value.is_number() || value.is_boolean()) {
                type_error(
                    errors,
                    name,
                    value,
                    "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
                );
            }
        }
        ShapeKind::Timestamp { .. } => {
            if !(value.is_string() || value.is_number()) {
                type_error(
                    errors,
                    name,
                    value,
                    "<class 'datetime.datetime'>, timestamp-string",
                );
            }
        }
        ShapeKind::Blob { .. } => {
            if !value.is_string() {
                type_error(
                    errors,
                    name,
                    value,
                    "<class 'bytes'>, <class 'bytearray'>, file-like object",
                );
            }
        }
        ShapeKind::Document => {}
    }
}

fn range_min(
    errors: &mut Vec<String>,
    name: &str,
    value: &Value,
    min: Option<f64>,
    min_text: Option<String>,
) {
    if let (Some(min), Some(text), Some(v)) = (min, min_text, awslice_pyfmt::as_f64(value))
        && v < min
    {
        errors.push(format!(
            "Invalid value for parameter {name}, value: {}, valid min value: {text}",
            awslice_pyfmt::py_str(value)
        ));
    }
}

/// Validation for an operation without input: every key is unknown.
pub fn validate_no_input(params: &Value) -> Result<(), String> {
    let Value::Object(map) = params else {
        return Ok(());
    };
    let errors: Vec<String> = map
        .keys()
        .map(|k| format!("Unknown parameter in input: \"{k}\", must be one of: "))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "Parameter validation failed:\n{}",
            errors.join("\n")
        ))
    }
}
