//! The 26 built-in functions with jmespath.py 1.0.1's signatures, type checks, error
//! texts and Python results (int versus float, insertion order, stable sorts).

use crate::error::{ErrorKind, JmespathError};
use crate::interp::{eval, py_eq};
use crate::pyfmt;
use crate::value::{Num, Obj, Ty, V};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::rc::Rc;

/// A built-in function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Abs,
    Avg,
    Ceil,
    Contains,
    EndsWith,
    Floor,
    Join,
    Keys,
    Length,
    Map,
    Max,
    MaxBy,
    Merge,
    Min,
    MinBy,
    NotNull,
    Reverse,
    Sort,
    SortBy,
    StartsWith,
    Sum,
    ToArray,
    ToNumber,
    ToString,
    Type,
    Values,
}

type R<'a> = Result<V<'a>, JmespathError>;

impl Func {
    /// The function called `name`, if there is one.
    pub(crate) fn lookup(name: &str) -> Option<Func> {
        Some(match name {
            "abs" => Func::Abs,
            "avg" => Func::Avg,
            "ceil" => Func::Ceil,
            "contains" => Func::Contains,
            "ends_with" => Func::EndsWith,
            "floor" => Func::Floor,
            "join" => Func::Join,
            "keys" => Func::Keys,
            "length" => Func::Length,
            "map" => Func::Map,
            "max" => Func::Max,
            "max_by" => Func::MaxBy,
            "merge" => Func::Merge,
            "min" => Func::Min,
            "min_by" => Func::MinBy,
            "not_null" => Func::NotNull,
            "reverse" => Func::Reverse,
            "sort" => Func::Sort,
            "sort_by" => Func::SortBy,
            "starts_with" => Func::StartsWith,
            "sum" => Func::Sum,
            "to_array" => Func::ToArray,
            "to_number" => Func::ToNumber,
            "to_string" => Func::ToString,
            "type" => Func::Type,
            "values" => Func::Values,
            _ => return None,
        })
    }

    /// The signature: each argument's allowed types, and whether the last one repeats.
    fn signature(self) -> (&'static [&'static [&'static str]], bool) {
        const NUMBER: &[&str] = &["number"];
        const STRING: &[&str] = &["string"];
        const ANY: &[&str] = &[];
        const OBJECT: &[&str] = &["object"];
        const ARRAY: &[&str] = &["array"];
        const EXPREF: &[&str] = &["expref"];
        const ARR_NUM: &[&str] = &["array-number"];
        const NUM_OR_STR_ARR: &[&str] = &["array-number", "array-string"];
        match self {
            Func::Abs | Func::Ceil | Func::Floor => (&[NUMBER], false),
            Func::Avg | Func::Sum => (&[ARR_NUM], false),
            Func::NotNull => (&[ANY], true),
            Func::ToArray | Func::ToString | Func::ToNumber | Func::Type => (&[ANY], false),
            Func::Contains => (&[&["array", "string"], ANY], false),
            Func::Length => (&[&["string", "array", "object"]], false),
            Func::EndsWith | Func::StartsWith => (&[STRING, STRING], false),
            Func::Reverse => (&[&["array", "string"]], false),
            Func::Join => (&[STRING, &["array-string"]], false),
            Func::Map => (&[EXPREF, ARRAY], false),
            Func::Max | Func::Min => (&[NUM_OR_STR_ARR], false),
            Func::Merge => (&[OBJECT], true),
            Func::Sort => (&[&["array-string", "array-number"]], false),
            Func::Keys | Func::Values => (&[OBJECT], false),
            Func::SortBy | Func::MinBy | Func::MaxBy => (&[ARRAY, EXPREF], false),
        }
    }
}

/// Python's `repr` of a list of strings: `['a', 'b']`.
fn list_repr(types: &[&str]) -> String {
    let inner: Vec<String> = types.iter().map(|t| format!("'{t}'")).collect();
    format!("[{}]", inner.join(", "))
}

fn type_error(function: &str, value: &V<'_>, actual: &str, expected: &[&str]) -> JmespathError {
    JmespathError::new(
        ErrorKind::InvalidType,
        format!(
            "In function {function}(), invalid type for value: {}, expected one of: {}, received: \"{actual}\"",
            pyfmt::py_str(value),
            list_repr(expected)
        ),
    )
}

fn python_error(message: impl Into<String>) -> JmespathError {
    JmespathError::new(ErrorKind::Python, message)
}

/// Does a value of type `ty` match the JMESPath type name `jp`?
fn matches_type(ty: Ty, jp: &str) -> bool {
    match jp {
        "number" => matches!(ty, Ty::Int | Ty::Float),
        "string" => ty == Ty::Str,
        "array" => ty == Ty::List,
        "object" => ty == Ty::Dict,
        "boolean" => ty == Ty::Bool,
        "null" => ty == Ty::Null,
        "expref" => ty == Ty::Expref,
        _ => false,
    }
}

/// `Functions._type_check_single`.
fn check_arg(function: &str, value: &V<'_>, types: &[&str]) -> Result<(), JmespathError> {
    let ty = value.ty();
    let mut base_ok = false;
    let mut subtypes: Vec<&str> = Vec::new();
    for t in types {
        let (base, sub) = match t.split_once('-') {
            Some((b, s)) => (b, Some(s)),
            None => (*t, None),
        };
        if let Some(s) = sub {
            subtypes.push(s);
        }
        base_ok |= matches_type(ty, base);
    }
    if !base_ok {
        return Err(type_error(function, value, ty.jp_name(), types));
    }
    if subtypes.is_empty() {
        return Ok(());
    }
    let Some(items) = value.items() else {
        return Ok(());
    };
    let items: Vec<Cow<'_, V<'_>>> = items.collect();
    let allowed = if subtypes.len() == 1 {
        subtypes[0]
    } else {
        let Some(first) = items.first() else {
            return Ok(());
        };
        let fty = first.ty();
        match subtypes.iter().find(|s| matches_type(fty, s)) {
            Some(s) => s,
            None => return Err(type_error(function, first, fty.py_name(), types)),
        }
    };
    for item in &items {
        let ity = item.ty();
        if !matches_type(ity, allowed) {
            return Err(type_error(function, item, ity.py_name(), types));
        }
    }
    Ok(())
}

/// `Functions.call_function`: look-up, arity, type checks, then the call.
pub(crate) fn call<'a>(name: &str, func: Option<Func>, args: Vec<V<'a>>) -> R<'a> {
    let Some(func) = func else {
        return Err(JmespathError::new(
            ErrorKind::UnknownFunction,
            format!("Unknown function: {name}()"),
        ));
    };
    let (sig, variadic) = func.signature();
    let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
    if variadic {
        if args.len() < sig.len() {
            return Err(JmespathError::new(
                ErrorKind::Arity,
                format!(
                    "Expected at least {} {} for function {name}(), received {}",
                    sig.len(),
                    plural(sig.len()),
                    args.len()
                ),
            ));
        }
    } else if args.len() != sig.len() {
        return Err(JmespathError::new(
            ErrorKind::Arity,
            format!(
                "Expected {} {} for function {name}(), received {}",
                sig.len(),
                plural(sig.len()),
                args.len()
            ),
        ));
    }
    for (arg, types) in args.iter().zip(sig.iter()) {
        if !types.is_empty() {
            check_arg(name, arg, types)?;
        }
    }
    let mut args = args.into_iter();
    let mut next = || args.next().unwrap_or(V::Null);
    match func {
        Func::Abs => {
            let v = next();
            Ok(match v.as_num() {
                Some(Num::Int(i)) => match i.checked_abs() {
                    Some(a) => V::Int(a),
                    None => V::BigInt(i.to_string().trim_start_matches('-').to_owned()),
                },
                // An int beyond i128: drop the sign from its digits.
                Some(Num::BigInt(_)) => match crate::value::big_int_text(&v) {
                    Some(t) => V::BigInt(t.trim_start_matches('-').to_owned()),
                    None => v,
                },
                Some(Num::Float(f)) => V::Float(f.abs()),
                None => V::Null,
            })
        }
        Func::Avg => {
            let arr = next();
            let n = arr.len().unwrap_or(0);
            if n == 0 {
                return Ok(V::Null);
            }
            let total = py_sum(&arr);
            Ok(V::Float(total.as_f64() / n as f64))
        }
        Func::Ceil | Func::Floor => {
            let v = next();
            match v.as_num() {
                Some(Num::Float(f)) => {
                    let r = if func == Func::Ceil {
                        f.ceil()
                    } else {
                        f.floor()
                    };
                    float_to_int(r)
                }
                // `math.ceil(int)` is the int itself.
                Some(_) => Ok(v),
                None => Ok(V::Null),
            }
        }
        Func::Contains => {
            let subject = next();
            let search = next();
            if let Some(s) = subject.as_str() {
                match search.as_str() {
                    Some(needle) => Ok(V::Bool(s.contains(needle))),
                    None => Err(python_error(format!(
                        "'in <string>' requires string as left operand, not {}",
                        search.ty().py_name()
                    ))),
                }
            } else {
                let found = subject
                    .items()
                    .is_some_and(|mut it| it.any(|e| py_eq(&e, &search)));
                Ok(V::Bool(found))
            }
        }
        Func::EndsWith | Func::StartsWith => {
            let subject = next();
            let affix = next();
            let (s, a) = (subject.as_str().unwrap_or(""), affix.as_str().unwrap_or(""));
            Ok(V::Bool(if func == Func::EndsWith {
                s.ends_with(a)
            } else {
                s.starts_with(a)
            }))
        }
        Func::Join => {
            let sep = next();
            let arr = next();
            let sep = sep.as_str().unwrap_or("");
            let mut out = String::new();
            if let Some(items) = arr.items() {
                for (i, item) in items.enumerate() {
                    if i > 0 {
                        out.push_str(sep);
                    }
                    out.push_str(item.as_str().unwrap_or(""));
                }
            }
            Ok(V::Str(Cow::Owned(out)))
        }
        Func::Keys => Ok(V::arr(match next() {
            V::Obj(m) => Rc::unwrap_or_clone(m).into_keys().map(V::Str).collect(),
            V::Ref(serde_json::Value::Object(m)) => m
                .keys()
                .map(|k| V::Str(Cow::Borrowed(k.as_str())))
                .collect(),
            _ => Vec::new(),
        })),
        Func::Values => Ok(V::arr(match next() {
            V::Obj(m) => Rc::unwrap_or_clone(m).into_values().collect(),
            V::Ref(serde_json::Value::Object(m)) => m.values().map(V::Ref).collect(),
            _ => Vec::new(),
        })),
        Func::Length => Ok(V::Int(next().len().unwrap_or(0) as i128)),
        Func::Map => {
            let expref = next();
            let arr = next();
            let V::Expref(node) = expref else {
                return Ok(V::Null);
            };
            let mut out = Vec::new();
            if let Some(items) = arr.items() {
                for item in items {
                    out.push(eval(node, &item)?);
                }
            }
            Ok(V::arr(out))
        }
        Func::Max | Func::Min => {
            let arr = next();
            let want = if func == Func::Max {
                Ordering::Greater
            } else {
                Ordering::Less
            };
            let mut best: Option<Cow<'_, V<'a>>> = None;
            if let Some(items) = arr.items() {
                for item in items {
                    let replace = match &best {
                        None => true,
                        Some(b) => py_order(&item, b) == Some(want),
                    };
                    if replace {
                        best = Some(item);
                    }
                }
            }
            Ok(best.map_or(V::Null, Cow::into_owned))
        }
        Func::MaxBy | Func::MinBy => {
            let arr = next();
            let expref = next();
            by_extreme(name, func == Func::MaxBy, &arr, &expref)
        }
        Func::Merge => {
            let mut merged: Obj<'a> = Obj::new();
            for arg in std::iter::once(next()).chain(args) {
                match arg {
                    V::Obj(m) => merged.extend(Rc::unwrap_or_clone(m)),
                    V::Ref(r) => match r {
                        serde_json::Value::Object(m) => {
                            for (k, v) in m {
                                merged.insert(Cow::Borrowed(k.as_str()), V::Ref(v));
                            }
                        }
                        other => merge_pairs(&mut merged, &V::Ref(other))?,
                    },
                    other => merge_pairs(&mut merged, &other)?,
                }
            }
            Ok(V::obj(merged))
        }
        Func::NotNull => {
            for arg in std::iter::once(next()).chain(args) {
                if !arg.is_null() {
                    return Ok(arg);
                }
            }
            Ok(V::Null)
        }
        Func::Reverse => {
            let v = next();
            if let Some(s) = v.as_str() {
                return Ok(V::Str(Cow::Owned(s.chars().rev().collect())));
            }
            let mut items: Vec<V<'a>> = v
                .items()
                .map(|it| it.map(Cow::into_owned).collect())
                .unwrap_or_default();
            items.reverse();
            Ok(V::arr(items))
        }
        Func::Sort => {
            let v = next();
            let mut items: Vec<V<'a>> = v
                .items()
                .map(|it| it.map(Cow::into_owned).collect())
                .unwrap_or_default();
            items.sort_by(|a, b| py_order(a, b).unwrap_or(Ordering::Equal));
            Ok(V::arr(items))
        }
        Func::SortBy => {
            let arr = next();
            let expref = next();
            sort_by(&arr, &expref)
        }
        Func::Sum => Ok(py_sum(&next()).into_v()),
        Func::ToArray => {
            let v = next();
            Ok(if v.ty() == Ty::List {
                v
            } else {
                V::arr(vec![v])
            })
        }
        Func::ToString => {
            let v = next();
            if v.ty() == Ty::Str {
                return Ok(v);
            }
            let mut out = String::new();
            pyfmt::json_dumps(&v, &mut out);
            Ok(V::Str(Cow::Owned(out)))
        }
        Func::ToNumber => {
            let v = next();
            match v.ty() {
                Ty::Int | Ty::Float => Ok(v),
                Ty::Str => Ok(to_number(v.as_str().unwrap_or(""))),
                Ty::Expref => Err(python_error(
                    "int() argument must be a string, a bytes-like object or a real number, not '_Expression'",
                )),
                _ => Ok(V::Null),
            }
        }
        Func::Type => {
            let v = next();
            Ok(match v.ty() {
                Ty::Expref => V::Null,
                t => V::Str(Cow::Borrowed(t.jp_name())),
            })
        }
    }
}

/// Python's `dict.update(arg)` for an argument that is not a dict (only the first argument
/// of `merge` is type-checked by jmespath.py): a sequence of key/value pairs, or an error
/// with Python's text.
fn merge_pairs<'a>(merged: &mut Obj<'a>, arg: &V<'a>) -> Result<(), JmespathError> {
    let ty = arg.ty();
    // The elements Python would iterate over.
    let elems: Vec<V<'a>> = match ty {
        Ty::Str => arg
            .as_str()
            .unwrap_or("")
            .chars()
            .map(|c| V::Str(Cow::Owned(c.to_string())))
            .collect(),
        Ty::List => arg
            .items()
            .map(|it| it.map(Cow::into_owned).collect())
            .unwrap_or_default(),
        _ => {
            return Err(python_error(format!(
                "'{}' object is not iterable",
                ty.py_name()
            )));
        }
    };
    for (i, elem) in elems.iter().enumerate() {
        // The element as a sequence: a string's characters, a list's items, a dict's keys.
        let seq: Vec<V<'a>> = match elem.ty() {
            Ty::Str => elem
                .as_str()
                .unwrap_or("")
                .chars()
                .map(|c| V::Str(Cow::Owned(c.to_string())))
                .collect(),
            Ty::List => elem
                .items()
                .map(|it| it.map(Cow::into_owned).collect())
                .unwrap_or_default(),
            Ty::Dict => elem
                .entries()
                .map(|it| it.map(|(k, _)| V::Str(Cow::Owned(k.to_owned()))).collect())
                .unwrap_or_default(),
            _ => {
                return Err(python_error(format!(
                    "cannot convert dictionary update sequence element #{i} to a sequence"
                )));
            }
        };
        if seq.len() != 2 {
            return Err(python_error(format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                seq.len()
            )));
        }
        let mut seq = seq.into_iter();
        let key = seq.next().unwrap_or(V::Null);
        let value = seq.next().unwrap_or(V::Null);
        let key: Cow<'a, str> = match key.ty() {
            Ty::Str => Cow::Owned(key.as_str().unwrap_or("").to_owned()),
            Ty::List | Ty::Dict => {
                return Err(python_error(format!(
                    "unhashable type: '{}'",
                    key.ty().py_name()
                )));
            }
            // A non-string key; JSON output would turn it into its JSON text.
            _ => {
                let mut text = String::new();
                pyfmt::json_dumps(&key, &mut text);
                Cow::Owned(text)
            }
        };
        merged.insert(key, value);
    }
    Ok(())
}

/// `int(math.ceil(f))`-style conversion of an integral float to a Python int.
fn float_to_int<'a>(f: f64) -> R<'a> {
    if f.is_nan() {
        return Err(python_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(python_error("cannot convert float infinity to integer"));
    }
    if f.abs() < 1.0e38 {
        Ok(V::Int(f as i128))
    } else {
        // `{:.0}` prints an integral f64's exact decimal digits.
        Ok(V::BigInt(format!("{f:.0}")))
    }
}

/// Python's `sum(list)`: ints stay ints, the first float turns the total into a float.
fn py_sum(arr: &V<'_>) -> Num {
    let mut total = Num::Int(0);
    if let Some(items) = arr.items() {
        for item in items {
            let Some(n) = item.as_num() else { continue };
            total = match (total, n) {
                (Num::Int(a), Num::Int(b)) => match a.checked_add(b) {
                    Some(s) => Num::Int(s),
                    None => Num::BigInt(a as f64 + b as f64),
                },
                (Num::Float(_), _) | (_, Num::Float(_)) => Num::Float(total.as_f64() + n.as_f64()),
                (a, b) => Num::BigInt(a.as_f64() + b.as_f64()),
            };
        }
    }
    total
}

/// Python's ordering between two numbers or two strings (None when not comparable).
fn py_order(a: &V<'_>, b: &V<'_>) -> Option<Ordering> {
    match (a.as_num(), b.as_num()) {
        (Some(_), Some(_)) => crate::value::cmp_numbers(a, b),
        _ => match (a.as_str(), b.as_str()) {
            (Some(x), Some(y)) => Some(x.cmp(y)),
            _ => None,
        },
    }
}

fn unorderable(op: &str, a: &V<'_>, b: &V<'_>) -> JmespathError {
    python_error(format!(
        "'{op}' not supported between instances of '{}' and '{}'",
        a.ty().py_name(),
        b.ty().py_name()
    ))
}

/// The key function of `sort_by`/`min_by`/`max_by`.
fn key_of<'a>(
    function: &str,
    node: &'a crate::parser::Node,
    item: &V<'a>,
    allowed: &[&str],
) -> R<'a> {
    let key = eval(node, item)?;
    let ty = key.ty();
    if !allowed.iter().any(|a| matches_type(ty, a)) {
        return Err(type_error(function, &key, ty.jp_name(), allowed));
    }
    Ok(key)
}

fn by_extreme<'a>(function: &str, is_max: bool, arr: &V<'a>, expref: &V<'a>) -> R<'a> {
    let V::Expref(node) = expref else {
        return Ok(V::Null);
    };
    let Some(items) = arr.items() else {
        return Ok(V::Null);
    };
    let mut best: Option<(Cow<'_, V<'a>>, V<'a>)> = None;
    for item in items {
        let key = key_of(function, node, &item, &["number", "string"])?;
        let replace = match &best {
            None => true,
            Some((_, best_key)) => {
                let ord = py_order(&key, best_key)
                    .ok_or_else(|| unorderable(if is_max { ">" } else { "<" }, &key, best_key))?;
                ord == if is_max {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
        };
        if replace {
            best = Some((item, key));
        }
    }
    Ok(best.map_or(V::Null, |(item, _)| item.into_owned()))
}

fn sort_by<'a>(arr: &V<'a>, expref: &V<'a>) -> R<'a> {
    let V::Expref(node) = expref else {
        return Ok(V::Null);
    };
    let items: Vec<V<'a>> = arr
        .items()
        .map(|it| it.map(Cow::into_owned).collect())
        .unwrap_or_default();
    let Some(first) = items.first() else {
        return Ok(V::arr(items));
    };
    let first_key = eval(node, first)?;
    let required = first_key.ty().jp_name();
    if required != "number" && required != "string" {
        return Err(type_error(
            "sort_by",
            first,
            required,
            &["string", "number"],
        ));
    }
    let mut keyed = Vec::with_capacity(items.len());
    for item in items {
        let key = key_of("sort_by", node, &item, &[required])?;
        keyed.push((key, item));
    }
    keyed.sort_by(|a, b| py_order(&a.0, &b.0).unwrap_or(Ordering::Equal));
    Ok(V::arr(keyed.into_iter().map(|(_, item)| item).collect()))
}

/// Python's `int(s)` then `float(s)`; None (null) when neither accepts the text.
fn to_number<'a>(s: &str) -> V<'a> {
    let t = s.trim_matches(crate::lexer::py_isspace);
    if let Some(v) = py_int(t) {
        return v;
    }
    // inf/nan stay floats inside the search (`to_string` prints them as Python does); as
    // a final result they become null, having no form in serde_json.
    py_float(t).map_or(V::Null, V::Float)
}

/// Removes single underscores between digits; None when an underscore is misplaced.
fn strip_underscores(digits: &str) -> Option<String> {
    if !digits.contains('_') {
        return Some(digits.to_owned());
    }
    let b = digits.as_bytes();
    let mut out = String::with_capacity(digits.len());
    for (i, &c) in b.iter().enumerate() {
        if c == b'_' {
            let before = i > 0 && b[i - 1].is_ascii_digit();
            let after = b.get(i + 1).is_some_and(u8::is_ascii_digit);
            if !(before && after) {
                return None;
            }
        } else {
            out.push(c as char);
        }
    }
    Some(out)
}

fn py_int<'a>(t: &str) -> Option<V<'a>> {
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if body.is_empty() || !body.bytes().all(|c| c.is_ascii_digit() || c == b'_') {
        return None;
    }
    let digits = strip_underscores(body)?;
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        return Some(V::Int(0));
    }
    let text = if neg {
        format!("-{trimmed}")
    } else {
        trimmed.to_owned()
    };
    Some(match text.parse::<i128>() {
        Ok(i) => V::Int(i),
        Err(_) => V::BigInt(text),
    })
}

fn py_float(t: &str) -> Option<f64> {
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let negative = t.starts_with('-');
    match body.to_ascii_lowercase().as_str() {
        "inf" | "infinity" => {
            return Some(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        "nan" => return Some(f64::NAN),
        _ => {}
    }
    // Only digits, '.', 'e'/'E', signs after the exponent and underscores between digits.
    if body.is_empty()
        || !body
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-' | b'_'))
    {
        return None;
    }
    let cleaned = strip_underscores(t)?;
    cleaned.parse::<f64>().ok()
}
