//! The tree interpreter: jmespath.py 1.0.1's `TreeInterpreter` semantics.

use crate::error::{ErrorKind, JmespathError};
use crate::functions;
use crate::parser::{Cmp, Node};
use crate::value::{Num, Ty, V, cmp_numbers};
use std::borrow::Cow;
use std::cmp::Ordering;

type R<'a> = Result<V<'a>, JmespathError>;

/// Evaluates `node` against `value`.
///
/// Each node type's work lives in its own function so that this recursive dispatcher's
/// stack frame stays small (deep expressions recurse through it).
pub(crate) fn eval<'a>(node: &'a Node, value: &V<'a>) -> R<'a> {
    match node {
        Node::Identity | Node::Current => Ok(value.clone()),
        Node::Field(name) => Ok(value.get_field(name)),
        Node::Subexpression(children) | Node::IndexExpression(children) => chain(children, value),
        Node::Index(i) => Ok(index(value, *i)),
        Node::Slice(start, stop, step) => slice(value, *start, *stop, *step),
        Node::Literal(v) => Ok(V::Ref(v)),
        Node::FloatLiteral(f) => Ok(V::Float(*f)),
        Node::Projection(left, right) => projection(left, right, value),
        Node::ValueProjection(left, right) => value_projection(left, right, value),
        Node::FilterProjection(left, right, condition) => {
            filter_projection(left, right, condition, value)
        }
        Node::Flatten(inner) => flatten(inner, value),
        Node::Comparator(cmp, left, right) => comparator(*cmp, left, right, value),
        Node::Or(left, right) => or(left, right, value),
        Node::And(left, right) => and(left, right, value),
        // `not x` with jmespath.py's special case: numbers (0 included) are true.
        Node::Not(inner) => Ok(V::Bool(eval(inner, value)?.is_false())),
        Node::Pipe(left, right) => pipe(left, right, value),
        Node::MultiSelectList(children) => multi_select_list(children, value),
        Node::MultiSelectHash(pairs) => multi_select_hash(pairs, value),
        Node::Function(name, func, args) => function(name, *func, args, value),
        Node::Expref(inner) => Ok(V::Expref(inner)),
    }
}

#[inline(never)]
fn chain<'a>(children: &'a [Node], value: &V<'a>) -> R<'a> {
    let mut iter = children.iter();
    let Some(first) = iter.next() else {
        return Ok(value.clone());
    };
    let mut result = eval(first, value)?;
    for child in iter {
        result = eval(child, &result)?;
    }
    Ok(result)
}

#[inline(never)]
fn projection<'a>(left: &'a Node, right: &'a Node, value: &V<'a>) -> R<'a> {
    let base = eval(left, value)?;
    let Some(items) = base.items() else {
        return Ok(V::Null);
    };
    let mut collected = Vec::with_capacity(items.size_hint().0);
    for item in items {
        let current = eval(right, &item)?;
        if !current.is_null() {
            collected.push(current);
        }
    }
    Ok(V::arr(collected))
}

#[inline(never)]
fn value_projection<'a>(left: &'a Node, right: &'a Node, value: &V<'a>) -> R<'a> {
    let base = eval(left, value)?;
    let Some(entries) = base.entries() else {
        return Ok(V::Null);
    };
    let mut collected = Vec::new();
    for (_, item) in entries {
        let current = eval(right, &item)?;
        if !current.is_null() {
            collected.push(current);
        }
    }
    Ok(V::arr(collected))
}

#[inline(never)]
fn filter_projection<'a>(
    left: &'a Node,
    right: &'a Node,
    condition: &'a Node,
    value: &V<'a>,
) -> R<'a> {
    let base = eval(left, value)?;
    let Some(items) = base.items() else {
        return Ok(V::Null);
    };
    let mut collected = Vec::new();
    for item in items {
        if !eval(condition, &item)?.is_false() {
            let current = eval(right, &item)?;
            if !current.is_null() {
                collected.push(current);
            }
        }
    }
    Ok(V::arr(collected))
}

#[inline(never)]
fn flatten<'a>(inner: &'a Node, value: &V<'a>) -> R<'a> {
    let base = eval(inner, value)?;
    let Some(items) = base.items() else {
        return Ok(V::Null);
    };
    let mut merged = Vec::with_capacity(items.size_hint().0);
    for item in items {
        match item.items() {
            Some(sub) => merged.extend(sub.map(Cow::into_owned)),
            None => merged.push(item.into_owned()),
        }
    }
    Ok(V::arr(merged))
}

#[inline(never)]
fn comparator<'a>(cmp: Cmp, left: &'a Node, right: &'a Node, value: &V<'a>) -> R<'a> {
    let l = eval(left, value)?;
    let r = eval(right, value)?;
    compare(cmp, &l, &r)
}

#[inline(never)]
fn or<'a>(left: &'a Node, right: &'a Node, value: &V<'a>) -> R<'a> {
    let matched = eval(left, value)?;
    if matched.is_false() {
        eval(right, value)
    } else {
        Ok(matched)
    }
}

#[inline(never)]
fn and<'a>(left: &'a Node, right: &'a Node, value: &V<'a>) -> R<'a> {
    let matched = eval(left, value)?;
    if matched.is_false() {
        Ok(matched)
    } else {
        eval(right, value)
    }
}

#[inline(never)]
fn pipe<'a>(left: &'a Node, right: &'a Node, value: &V<'a>) -> R<'a> {
    let l = eval(left, value)?;
    eval(right, &l)
}

#[inline(never)]
fn multi_select_list<'a>(children: &'a [Node], value: &V<'a>) -> R<'a> {
    if value.is_null() {
        return Ok(V::Null);
    }
    let mut collected = Vec::with_capacity(children.len());
    for child in children {
        collected.push(eval(child, value)?);
    }
    Ok(V::arr(collected))
}

#[inline(never)]
fn multi_select_hash<'a>(pairs: &'a [(String, Node)], value: &V<'a>) -> R<'a> {
    if value.is_null() {
        return Ok(V::Null);
    }
    let mut collected = crate::value::Obj::with_capacity(pairs.len());
    for (key, child) in pairs {
        let v = eval(child, value)?;
        collected.insert(Cow::Borrowed(key.as_str()), v);
    }
    Ok(V::obj(collected))
}

#[inline(never)]
fn function<'a>(
    name: &str,
    func: Option<functions::Func>,
    args: &'a [Node],
    value: &V<'a>,
) -> R<'a> {
    let mut resolved = Vec::with_capacity(args.len());
    for arg in args {
        resolved.push(eval(arg, value)?);
    }
    functions::call(name, func, resolved)
}

fn element<'a>(value: &V<'a>, i: usize) -> V<'a> {
    match value {
        V::Arr(a) => a.get(i).cloned().unwrap_or(V::Null),
        V::Ref(r) => {
            let r: &'a serde_json::Value = r;
            r.get(i).map_or(V::Null, V::Ref)
        }
        _ => V::Null,
    }
}

fn index<'a>(value: &V<'a>, i: i64) -> V<'a> {
    if value.ty() != Ty::List {
        return V::Null;
    }
    let len = value.len().unwrap_or(0) as i128;
    let i = i as i128;
    let idx = if i < 0 { len + i } else { i };
    if idx < 0 || idx >= len {
        return V::Null;
    }
    element(value, idx as usize)
}

/// Python's `list[start:stop:step]`.
fn slice<'a>(value: &V<'a>, start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> R<'a> {
    if value.ty() != Ty::List {
        return Ok(V::Null);
    }
    let step = step.unwrap_or(1) as i128;
    if step == 0 {
        return Err(JmespathError::new(
            ErrorKind::Python,
            "slice step cannot be zero",
        ));
    }
    let len = value.len().unwrap_or(0) as i128;
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let adjust = |v: Option<i64>, default: i128| -> i128 {
        match v {
            None => default,
            Some(v) => {
                let mut v = v as i128;
                if v < 0 {
                    v += len;
                    if v < lower {
                        v = lower;
                    }
                } else if v > upper {
                    v = upper;
                }
                v
            }
        }
    };
    let start = adjust(start, if step < 0 { upper } else { lower });
    let stop = adjust(stop, if step < 0 { lower } else { upper });
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(element(value, i as usize));
        i += step;
    }
    Ok(V::arr(out))
}

/// Python's `==` between two JSON-like values (`1 == 1.0`, `True == 1`, dicts unordered).
pub(crate) fn py_eq(a: &V<'_>, b: &V<'_>) -> bool {
    let (ta, tb) = (a.ty(), b.ty());
    match (ta, tb) {
        (Ty::Null, Ty::Null) => true,
        (Ty::Str, Ty::Str) => a.as_str() == b.as_str(),
        (Ty::Bool | Ty::Int | Ty::Float, Ty::Bool | Ty::Int | Ty::Float) => {
            // Inside containers Python's `True == 1` holds.
            let as_int = |v: &V<'_>| v.as_bool().map(|b| V::Int(i128::from(b)));
            let (ia, ib) = (as_int(a), as_int(b));
            let (x, y) = (ia.as_ref().unwrap_or(a), ib.as_ref().unwrap_or(b));
            cmp_numbers(x, y) == Some(Ordering::Equal)
        }
        (Ty::List, Ty::List) => {
            if a.len() != b.len() {
                return false;
            }
            match (a.items(), b.items()) {
                (Some(ia), Some(ib)) => ia.zip(ib).all(|(x, y)| py_eq(&x, &y)),
                _ => false,
            }
        }
        (Ty::Dict, Ty::Dict) => {
            if a.len() != b.len() {
                return false;
            }
            let Some(entries) = a.entries() else {
                return false;
            };
            for (k, v) in entries {
                match b.lookup(k) {
                    Some(w) if py_eq(&v, &w) => {}
                    _ => return false,
                }
            }
            true
        }
        (Ty::Expref, Ty::Expref) => match (a, b) {
            (V::Expref(x), V::Expref(y)) => std::ptr::eq(*x, *y),
            _ => false,
        },
        _ => false,
    }
}

/// jmespath.py's `_equals`: a top-level 0/1 never equals a boolean.
fn jp_equals(x: &V<'_>, y: &V<'_>) -> bool {
    let special = |n: &V<'_>, other: &V<'_>| -> Option<bool> {
        let num = n.as_num()?;
        let is01 = matches!(num.cmp(Num::Int(0)), Some(Ordering::Equal))
            || matches!(num.cmp(Num::Int(1)), Some(Ordering::Equal));
        is01.then_some(other.ty() == Ty::Bool)
    };
    let is_special = special(x, y).or_else(|| special(y, x)).unwrap_or(false);
    if is_special { false } else { py_eq(x, y) }
}

fn compare<'a>(cmp: Cmp, l: &V<'a>, r: &V<'a>) -> R<'a> {
    match cmp {
        Cmp::Eq => return Ok(V::Bool(jp_equals(l, r))),
        Cmp::Ne => return Ok(V::Bool(!jp_equals(l, r))),
        _ => {}
    }
    let comparable = |v: &V<'_>| matches!(v.ty(), Ty::Int | Ty::Float | Ty::Str);
    if !(comparable(l) && comparable(r)) {
        return Ok(V::Null);
    }
    let ord = match (l.as_num(), r.as_num(), l.as_str(), r.as_str()) {
        (Some(_), Some(_), _, _) => cmp_numbers(l, r),
        (_, _, Some(a), Some(b)) => Some(a.cmp(b)),
        _ => {
            let op = match cmp {
                Cmp::Lt => "<",
                Cmp::Gt => ">",
                Cmp::Lte => "<=",
                _ => ">=",
            };
            return Err(JmespathError::new(
                ErrorKind::Python,
                format!(
                    "'{op}' not supported between instances of '{}' and '{}'",
                    l.ty().py_name(),
                    r.ty().py_name()
                ),
            ));
        }
    };
    let Some(ord) = ord else {
        return Ok(V::Bool(false));
    };
    Ok(V::Bool(match cmp {
        Cmp::Lt => ord == Ordering::Less,
        Cmp::Gt => ord == Ordering::Greater,
        Cmp::Lte => ord != Ordering::Greater,
        _ => ord != Ordering::Less,
    }))
}
