//! Python's `str(obj)`, `repr(obj)` and `json.dumps(obj, separators=(',', ':'))` of search
//! values. jmespath.py's error messages and `to_string()` are built from these. The leaf
//! forms (float and string `repr`, JSON string escapes) and whole input-document nodes
//! ([`V::Ref`]) are printed by `awslice-pyfmt`; this module walks the values built during a
//! search.

use crate::value::V;
use awslice_pyfmt::{Dumps, json_float, push_json_string, push_str_repr};
use serde_json::Value;

/// What Python prints for an expression reference.
const EXPREF: &str = "<jmespath.visitor._Expression object>";

/// `json.dumps(obj, separators=(',', ':'))` (ASCII escapes), as `to_string()` and
/// `sort_by`/`group_by`-style key texts use.
const TIGHT: Dumps = Dumps {
    indent: None,
    item_separator: ",",
    key_separator: ":",
    ensure_ascii: true,
};

/// Python's `str(x)`: strings as they are, everything else as `repr`.
pub(crate) fn py_str(v: &V<'_>) -> String {
    match v.as_str() {
        Some(s) => s.to_owned(),
        None => {
            let mut out = String::new();
            py_repr(v, &mut out);
            out
        }
    }
}

/// `py_str` for a literal JSON value.
pub(crate) fn py_str_json(v: &Value) -> String {
    awslice_pyfmt::py_str(v)
}

/// Python's `repr(x)` for a search value (`{'a': [1, 2.0, True, None]}`).
pub(crate) fn py_repr(v: &V<'_>, out: &mut String) {
    write(v, out, Form::Repr);
}

/// Python's `json.dumps(v, separators=(',', ':'))`.
pub(crate) fn json_dumps(v: &V<'_>, out: &mut String) {
    write(v, out, Form::Json);
}

/// Which of Python's two printed forms [`write`] produces.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `repr(x)`.
    Repr,
    /// `json.dumps(x, separators=(',', ':'))`.
    Json,
}

fn write(v: &V<'_>, out: &mut String, form: Form) {
    let json = form == Form::Json;
    let push_str = |out: &mut String, s: &str| {
        if json {
            push_json_string(out, s, true);
        } else {
            push_str_repr(out, s);
        }
    };
    let (item_sep, key_sep) = if json { (",", ":") } else { (", ", ": ") };
    match v {
        V::Ref(value) if json => out.push_str(&awslice_pyfmt::dumps(value, &TIGHT)),
        V::Ref(value) => out.push_str(&awslice_pyfmt::py_repr(value)),
        V::Str(s) => push_str(out, s),
        V::Bool(b) => out.push_str(match (json, *b) {
            (true, true) => "true",
            (true, false) => "false",
            (false, true) => "True",
            (false, false) => "False",
        }),
        V::BigInt(s) => out.push_str(s),
        V::Float(f) if json => out.push_str(&json_float(*f)),
        V::Int(_) | V::Float(_) => {
            if let Some(n) = v.as_num() {
                out.push_str(&n.py_repr());
            }
        }
        V::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write(item, out, form);
            }
            out.push(']');
        }
        V::Obj(entries) => {
            out.push('{');
            for (i, (k, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                push_str(out, k);
                out.push_str(key_sep);
                write(item, out, form);
            }
            out.push('}');
        }
        // `json.dumps(default=str)` turns the expression object into its str().
        V::Expref(_) if json => push_str(out, EXPREF),
        V::Expref(_) => out.push_str(EXPREF),
        V::Null => out.push_str(if json { "null" } else { "None" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::rc::Rc;

    #[test]
    fn built_values_print_like_python() {
        let doc = json!({"k": [1, "it's", null]});
        let built = V::Arr(Rc::new(vec![
            V::Int(-3),
            V::Float(2.0),
            V::Float(f64::INFINITY),
            V::BigInt("123456789012345678901234567890123456789012".to_owned()),
            V::Str("é\u{1}".into()),
            V::Bool(true),
            V::Null,
            V::Ref(&doc),
        ]));
        assert_eq!(
            py_str(&built),
            "[-3, 2.0, inf, 123456789012345678901234567890123456789012, 'é\\x01', True, None, {'k': [1, \"it's\", None]}]"
        );
        let mut out = String::new();
        json_dumps(&built, &mut out);
        assert_eq!(
            out,
            "[-3,2.0,Infinity,123456789012345678901234567890123456789012,\"\\u00e9\\u0001\",true,null,{\"k\":[1,\"it's\",null]}]"
        );
        assert_eq!(py_str(&V::Str("plain".into())), "plain");
        assert_eq!(py_str_json(&json!(["a"])), "['a']");
    }
}
