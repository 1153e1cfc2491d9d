//! The interpreter's value: either a borrowed node of the input (or of a literal), or a
//! value computed during the search. Borrowing keeps searches from copying the input; the
//! result is converted to an owned `serde_json::Value` once, at the end.

use crate::parser::Node;
use indexmap::IndexMap;
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::rc::Rc;

/// An owned object built during a search (insertion-ordered, like a Python dict).
pub(crate) type Obj<'a> = IndexMap<Cow<'a, str>, V<'a>>;

/// A JMESPath value during a search.
#[derive(Debug, Clone)]
pub(crate) enum V<'a> {
    Null,
    Bool(bool),
    Int(i128),
    /// An integer beyond i128 (Python ints are unbounded): its decimal text.
    BigInt(String),
    Float(f64),
    Str(Cow<'a, str>),
    /// A list built during the search. Shared (`Rc`) so that, as in Python, handing the
    /// same list on (`@`, `to_array`, a pipe) keeps its identity; cloning is cheap.
    Arr(Rc<Vec<V<'a>>>),
    /// A dict built during the search (shared like [`V::Arr`]).
    Obj(Rc<Obj<'a>>),
    /// A borrowed node of the input document or of a literal.
    Ref(&'a Value),
    /// An expression reference (`&expr`).
    Expref(&'a Node),
}

/// A number, as Python sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Num {
    Int(i128),
    /// An int too large for i128, approximated for arithmetic.
    BigInt(f64),
    Float(f64),
}

impl Num {
    pub(crate) fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::BigInt(f) | Num::Float(f) => f,
        }
    }

    /// Python's comparison between two numbers (exact between int and float).
    pub(crate) fn cmp(self, other: Num) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => Some(a.cmp(&b)),
            (Num::Int(a), Num::Float(f)) => int_float_cmp(a, f),
            (Num::Float(f), Num::Int(a)) => int_float_cmp(a, f).map(|o| o.reverse()),
            (a, b) => a.as_f64().partial_cmp(&b.as_f64()),
        }
    }

    /// Python's `str(n)` / `repr(n)`.
    pub(crate) fn py_repr(self) -> String {
        match self {
            Num::Int(i) => i.to_string(),
            Num::BigInt(f) => format!("{f:.0}"),
            Num::Float(f) => awslice_pyfmt::float_repr(f),
        }
    }

    /// Into an interpreter value.
    pub(crate) fn into_v<'a>(self) -> V<'a> {
        match self {
            Num::Int(i) => V::Int(i),
            Num::BigInt(f) => V::BigInt(format!("{f:.0}")),
            Num::Float(f) => V::Float(f),
        }
    }
}

fn int_float_cmp(a: i128, f: f64) -> Option<std::cmp::Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.fract() == 0.0 && f.abs() < 1.0e38 {
        return Some(a.cmp(&(f as i128)));
    }
    (a as f64).partial_cmp(&f)
}

/// Python's comparison of two numeric values, exact also for ints beyond i128 (None when
/// either is not a number, or for NaN).
pub(crate) fn cmp_numbers(a: &V<'_>, b: &V<'_>) -> Option<std::cmp::Ordering> {
    let (x, y) = (a.as_num()?, b.as_num()?);
    match (big_int_text(a), big_int_text(b)) {
        (None, None) => x.cmp(y),
        (Some(s), None) => cmp_big(s, y),
        (None, Some(t)) => cmp_big(t, x).map(std::cmp::Ordering::reverse),
        (Some(s), Some(t)) => Some(cmp_int_texts(s, t)),
    }
}

/// The digits of an int too large for i128.
pub(crate) fn big_int_text<'b>(v: &'b V<'_>) -> Option<&'b str> {
    match v {
        V::BigInt(s) => Some(s),
        V::Ref(Value::Number(n)) if matches!(number_of(n), Num::BigInt(_)) => Some(n.as_str()),
        _ => None,
    }
}

/// Compares a big int (as text) with another number.
fn cmp_big(big: &str, other: Num) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    let big_sign = if big.starts_with('-') {
        Ordering::Less
    } else {
        Ordering::Greater
    };
    match other {
        Num::Int(i) => Some(cmp_int_texts(big, &i.to_string())),
        Num::Float(f) if f.is_nan() => None,
        Num::Float(f) if f.is_infinite() => Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        }),
        // `{:.0}` prints an integral f64's exact digits.
        Num::Float(f) if f.fract() == 0.0 => Some(cmp_int_texts(big, &format!("{f:.0}"))),
        // A non-integral float is below 2**52 in size: the big int's sign decides.
        Num::Float(_) => Some(big_sign),
        Num::BigInt(f) => Some(cmp_int_texts(big, &format!("{f:.0}"))),
    }
}

/// Compares two integers written in decimal (optional `-`, no leading zeros).
fn cmp_int_texts(a: &str, b: &str) -> std::cmp::Ordering {
    let (na, da) = a.strip_prefix('-').map_or((false, a), |d| (true, d));
    let (nb, db) = b.strip_prefix('-').map_or((false, b), |d| (true, d));
    let (na, nb) = (na && da != "0", nb && db != "0");
    let magnitude = da.len().cmp(&db.len()).then_with(|| da.cmp(db));
    match (na, nb) {
        (false, false) => magnitude,
        (true, true) => magnitude.reverse(),
        (false, true) => std::cmp::Ordering::Greater,
        (true, false) => std::cmp::Ordering::Less,
    }
}

/// Reads a serde_json number the way Python's `json.loads` would have: an int when the
/// text is `-?[0-9]+`, a float otherwise.
pub(crate) fn number_of(n: &Number) -> Num {
    let text = n.as_str();
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        match text.parse::<i128>() {
            Ok(i) => Num::Int(i),
            Err(_) => Num::BigInt(text.parse::<f64>().unwrap_or(f64::NAN)),
        }
    } else {
        Num::Float(text.parse::<f64>().unwrap_or(f64::NAN))
    }
}

/// The kind of a value, with Python's type names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Null,
    Bool,
    Int,
    Float,
    Str,
    List,
    Dict,
    Expref,
}

impl Ty {
    /// `type(x).__name__` in jmespath.py.
    pub(crate) fn py_name(self) -> &'static str {
        match self {
            Ty::Null => "NoneType",
            Ty::Bool => "bool",
            Ty::Int => "int",
            Ty::Float => "float",
            Ty::Str => "str",
            Ty::List => "list",
            Ty::Dict => "dict",
            Ty::Expref => "_Expression",
        }
    }

    /// The JMESPath type name (`TYPES_MAP`).
    pub(crate) fn jp_name(self) -> &'static str {
        match self {
            Ty::Null => "null",
            Ty::Bool => "boolean",
            Ty::Int | Ty::Float => "number",
            Ty::Str => "string",
            Ty::List => "array",
            Ty::Dict => "object",
            Ty::Expref => "expref",
        }
    }
}

/// Iterates an array's elements, borrowed or wrapped.
pub(crate) enum Items<'b, 'a> {
    Json(std::slice::Iter<'a, Value>),
    Own(std::slice::Iter<'b, V<'a>>),
}

impl<'b, 'a> Iterator for Items<'b, 'a> {
    type Item = Cow<'b, V<'a>>;
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Items::Json(it) => it.next().map(|v| Cow::Owned(V::Ref(v))),
            Items::Own(it) => it.next().map(Cow::Borrowed),
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Items::Json(it) => it.size_hint(),
            Items::Own(it) => it.size_hint(),
        }
    }
}

/// Iterates an object's entries, borrowed or wrapped.
pub(crate) enum Entries<'b, 'a> {
    Json(serde_json::map::Iter<'a>),
    Own(indexmap::map::Iter<'b, Cow<'a, str>, V<'a>>),
}

impl<'b, 'a> Iterator for Entries<'b, 'a> {
    type Item = (&'b str, Cow<'b, V<'a>>);
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Entries::Json(it) => it.next().map(|(k, v)| (k.as_str(), Cow::Owned(V::Ref(v)))),
            Entries::Own(it) => it.next().map(|(k, v)| (k.as_ref(), Cow::Borrowed(v))),
        }
    }
}

impl<'a> V<'a> {
    /// A new list.
    pub(crate) fn arr(items: Vec<V<'a>>) -> V<'a> {
        V::Arr(Rc::new(items))
    }

    /// A new dict.
    pub(crate) fn obj(map: Obj<'a>) -> V<'a> {
        V::Obj(Rc::new(map))
    }

    /// The value's Python type.
    pub(crate) fn ty(&self) -> Ty {
        match self {
            V::Null | V::Ref(Value::Null) => Ty::Null,
            V::Bool(_) | V::Ref(Value::Bool(_)) => Ty::Bool,
            V::Int(_) | V::BigInt(_) => Ty::Int,
            V::Float(_) => Ty::Float,
            V::Ref(Value::Number(n)) => match number_of(n) {
                Num::Float(_) => Ty::Float,
                _ => Ty::Int,
            },
            V::Str(_) | V::Ref(Value::String(_)) => Ty::Str,
            V::Arr(_) | V::Ref(Value::Array(_)) => Ty::List,
            V::Obj(_) | V::Ref(Value::Object(_)) => Ty::Dict,
            V::Expref(_) => Ty::Expref,
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self, V::Null | V::Ref(Value::Null))
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            V::Bool(b) | V::Ref(Value::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    /// The number, if the value is one (booleans are not).
    pub(crate) fn as_num(&self) -> Option<Num> {
        match self {
            V::Int(i) => Some(Num::Int(*i)),
            V::BigInt(s) => Some(Num::BigInt(s.parse().unwrap_or(f64::NAN))),
            V::Float(f) => Some(Num::Float(*f)),
            V::Ref(Value::Number(n)) => Some(number_of(n)),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            V::Str(s) => Some(s),
            V::Ref(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    /// The array's elements, if the value is an array.
    pub(crate) fn items(&self) -> Option<Items<'_, 'a>> {
        match self {
            V::Arr(a) => Some(Items::Own(a.iter())),
            V::Ref(r) => {
                let r: &'a Value = r;
                match r {
                    Value::Array(a) => Some(Items::Json(a.iter())),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The object's entries, if the value is an object.
    pub(crate) fn entries(&self) -> Option<Entries<'_, 'a>> {
        match self {
            V::Obj(m) => Some(Entries::Own(m.iter())),
            V::Ref(r) => {
                let r: &'a Value = r;
                match r {
                    Value::Object(m) => Some(Entries::Json(m.iter())),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Number of elements/entries/characters for arrays, objects and strings.
    pub(crate) fn len(&self) -> Option<usize> {
        match self {
            V::Arr(a) => Some(a.len()),
            V::Ref(Value::Array(a)) => Some(a.len()),
            V::Obj(m) => Some(m.len()),
            V::Ref(Value::Object(m)) => Some(m.len()),
            V::Str(s) => Some(s.chars().count()),
            V::Ref(Value::String(s)) => Some(s.chars().count()),
            _ => None,
        }
    }

    /// `dict.get(key)` (None for non-objects, as jmespath.py's `visit_field`).
    pub(crate) fn get_field(&self, key: &str) -> V<'a> {
        match self {
            V::Ref(r) => {
                let r: &'a Value = r;
                match r {
                    Value::Object(m) => m.get(key).map_or(V::Null, V::Ref),
                    _ => V::Null,
                }
            }
            V::Obj(m) => m.get(key).cloned().unwrap_or(V::Null),
            _ => V::Null,
        }
    }

    /// jmespath.py's `_is_false`: null, false, "", [] and {} are false.
    pub(crate) fn is_false(&self) -> bool {
        match self {
            V::Null | V::Ref(Value::Null) => true,
            V::Bool(b) | V::Ref(Value::Bool(b)) => !*b,
            V::Str(s) => s.is_empty(),
            V::Ref(Value::String(s)) => s.is_empty(),
            V::Arr(a) => a.is_empty(),
            V::Ref(Value::Array(a)) => a.is_empty(),
            V::Obj(m) => m.is_empty(),
            V::Ref(Value::Object(m)) => m.is_empty(),
            _ => false,
        }
    }

    /// `dict.get(key)` without the null default (for equality checks).
    pub(crate) fn lookup(&self, key: &str) -> Option<Cow<'_, V<'a>>> {
        match self {
            V::Ref(r) => {
                let r: &'a Value = r;
                match r {
                    Value::Object(m) => m.get(key).map(|v| Cow::Owned(V::Ref(v))),
                    _ => None,
                }
            }
            V::Obj(m) => m.get(key).map(Cow::Borrowed),
            _ => None,
        }
    }

    /// Converts to an owned `serde_json::Value` (the search result).
    pub(crate) fn into_json(self) -> Value {
        match self {
            V::Null => Value::Null,
            V::Bool(b) => Value::Bool(b),
            V::Int(i) => int_json(i),
            V::BigInt(s) => s.parse::<Number>().map_or(Value::Null, Value::Number),
            V::Float(f) => float_json(f),
            V::Str(s) => Value::String(s.into_owned()),
            V::Arr(a) => Value::Array(
                Rc::unwrap_or_clone(a)
                    .into_iter()
                    .map(V::into_json)
                    .collect(),
            ),
            V::Obj(m) => {
                let mut out = Map::with_capacity(m.len());
                for (k, v) in Rc::unwrap_or_clone(m) {
                    out.insert(k.into_owned(), v.into_json());
                }
                Value::Object(out)
            }
            V::Ref(v) => v.clone(),
            // jmespath.py would hand back its internal expression object, which the AWS
            // CLI cannot serialize either; null is the closest JSON value.
            V::Expref(_) => Value::Null,
        }
    }
}

/// An int as a JSON number (digits kept beyond u64).
pub(crate) fn int_json(i: i128) -> Value {
    if let Ok(v) = i64::try_from(i) {
        Value::Number(v.into())
    } else if let Ok(v) = u64::try_from(i) {
        Value::Number(v.into())
    } else {
        i.to_string()
            .parse::<Number>()
            .map_or(Value::Null, Value::Number)
    }
}

/// A float as a JSON number whose text is a float (`2.0`, never `2`). Non-finite values
/// have no JSON form in serde_json and become null.
pub(crate) fn float_json(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}
