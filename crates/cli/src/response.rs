//! Reading responses as botocore does: the output re-ordered and filtered by the output
//! shape, and the modelled members of error responses.

use serde_json::{Map, Value};

use crate::schema::{ServiceDef, ShapeIdx, ShapeKind};

/// Parses a 2xx body (empty or non-JSON bodies count as `{}`) and keeps what the output
/// shape models, in model order.
pub fn parse_output(svc: &ServiceDef, output: Option<ShapeIdx>, body: &[u8]) -> Value {
    let parsed: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Map::new())
    } else {
        serde_json::from_slice(body).unwrap_or_else(|_| Value::Object(Map::new()))
    };
    match output {
        Some(shape) => {
            shape_filter(svc, shape, &parsed).unwrap_or_else(|| Value::Object(Map::new()))
        }
        None => Value::Object(Map::new()),
    }
}

/// Keeps what `shape` models; `None` when the value does not fit the shape.
pub fn shape_filter(svc: &ServiceDef, shape: ShapeIdx, value: &Value) -> Option<Value> {
    let def = svc.shapes.get(shape)?;
    match (&def.kind, value) {
        (
            ShapeKind::Structure { members, .. } | ShapeKind::Union { members },
            Value::Object(map),
        ) => {
            let mut out = Map::new();
            for m in members.iter() {
                let key = m.json_name.unwrap_or(m.name);
                if let Some(v) = map.get(key)
                    && !v.is_null()
                    && let Some(f) = shape_filter(svc, m.target, v)
                {
                    out.insert(m.name.to_owned(), f);
                }
            }
            Some(Value::Object(out))
        }
        (ShapeKind::List { member, .. }, Value::Array(items)) => Some(Value::Array(
            items
                .iter()
                .map(|v| shape_filter(svc, *member, v).unwrap_or(Value::Null))
                .collect(),
        )),
        (ShapeKind::Map { value: vs, .. }, Value::Object(map)) => Some(Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), shape_filter(svc, *vs, v).unwrap_or(Value::Null)))
                .collect(),
        )),
        (ShapeKind::Timestamp { .. }, Value::Number(n)) => Some(
            n.as_f64()
                .map(iso8601)
                .map(Value::String)
                .unwrap_or_else(|| value.clone()),
        ),
        (_, v) => Some(v.clone()),
    }
}

/// Python's `datetime.isoformat()` of an epoch-seconds timestamp in UTC
/// (`2026-11-25T11:46:39+00:00`, with `.ffffff` when there are microseconds).
pub fn iso8601(epoch: f64) -> String {
    let micros_total = (epoch * 1_000_000.0).round() as i64;
    let secs = micros_total.div_euclid(1_000_000);
    let micros = micros_total.rem_euclid(1_000_000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let frac = if micros > 0 {
        format!(".{micros:06}")
    } else {
        String::new()
    };
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{frac}+00:00",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The modelled members of an error response whose code names one of `errors`, in model
/// order (what botocore adds to the error dict).
pub fn modeled_error_fields(
    svc: &ServiceDef,
    errors: &[ShapeIdx],
    code: &str,
    body: &[u8],
) -> Option<Map<String, Value>> {
    let shape = errors
        .iter()
        .copied()
        .find(|i| svc.shapes.get(*i).is_some_and(|s| s.name == code))?;
    let parsed: Value = serde_json::from_slice(body).ok()?;
    match shape_filter(svc, shape, &parsed)? {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isoformat_like_python() {
        assert_eq!(iso8601(1_795_953_999.0), "2026-11-29T12:06:39+00:00");
        assert_eq!(
            iso8601(1_795_953_999.25),
            "2026-11-29T12:06:39.250000+00:00"
        );
    }
}
