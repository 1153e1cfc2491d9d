//! `--output json`: Python's `json.dump(value, indent=4, ensure_ascii=False)` plus `\n`.

use serde_json::Value;

/// The JSON formatter's output; an empty dict prints nothing (the CLI skips `{}`), every other
/// value (`null`, `[]`, `0` …) prints.
pub(crate) fn format(value: &Value) -> String {
    if matches!(value, Value::Object(map) if map.is_empty()) {
        return String::new();
    }
    awslice_pyfmt::dumps_indented(value)
}
