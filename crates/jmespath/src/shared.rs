//! Object identity in search results.
//!
//! In Python a query can return the same list or dict object more than once
//! (`[ImagePermissions, ImagePermissions]`, `{b: x, a: x}`, `@ | [@, @]`), and the AWS CLI's
//! YAML output then emits an anchor and aliases (`&id001` … `*id001`). Here input nodes,
//! literal nodes and the `Rc` containers built during a search play the part of Python
//! objects, so the same identity can be reported for the result.

use crate::value::V;
use serde_json::Value;
use std::collections::HashMap;
use std::rc::Rc;

/// A search result plus which of its arrays and objects are one and the same Python object.
///
/// ruamel.yaml (the AWS CLI's YAML writer) anchors a list or dict when it meets it a second
/// time while walking the document without re-entering nodes it has already met. Whether a
/// node is met twice does not depend on the walk's order (every distinct node is entered
/// once, so a node is met once per slot that holds it inside distinct nodes), so the set of
/// anchored nodes is known here; numbering the anchors (`id001`, `id002`, … in the order of
/// the second meeting) is left to the emitter, which knows its key order.
#[derive(Debug, Clone)]
pub struct SharedResult {
    // Boxed so that every node's address stays put when the result moves.
    value: Box<Value>,
    groups: HashMap<usize, usize>,
}

impl SharedResult {
    /// The result.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The result, dropping the identity information.
    pub fn into_value(self) -> Value {
        *self.value
    }

    /// True when some array or object occurs more than once.
    pub fn has_shared(&self) -> bool {
        !self.groups.is_empty()
    }

    /// For an array or object reached through [`SharedResult::value`]: `Some(group)` when
    /// it is one of several occurrences of the same object (all occurrences share the
    /// group), `None` otherwise.
    pub fn shared_group(&self, node: &Value) -> Option<usize> {
        self.groups.get(&address(node)).copied()
    }
}

fn address(node: &Value) -> usize {
    std::ptr::from_ref(node) as usize
}

/// The identity of a container value (None for scalars, which are never anchored).
fn identity(v: &V<'_>) -> Option<usize> {
    match v {
        V::Arr(a) => Some(Rc::as_ptr(a) as usize),
        V::Obj(m) => Some(Rc::as_ptr(m) as usize),
        V::Ref(r @ (Value::Array(_) | Value::Object(_))) => Some(address(r)),
        _ => None,
    }
}

/// Counts, for every container, how many slots of distinct containers hold it.
fn count(v: &V<'_>, seen: &mut HashMap<usize, usize>) {
    let visit = |child: &V<'_>, seen: &mut HashMap<usize, usize>| {
        if let Some(id) = identity(child) {
            let n = seen.entry(id).or_insert(0);
            *n += 1;
            if *n == 1 {
                count(child, seen);
            }
        }
    };
    if let Some(items) = v.items() {
        for item in items {
            visit(&item, seen);
        }
    } else if let Some(entries) = v.entries() {
        for (_, item) in entries {
            visit(&item, seen);
        }
    }
}

/// Records the output address of every occurrence of a shared container.
fn record(
    v: &V<'_>,
    out: &Value,
    shared: &HashMap<usize, usize>,
    groups: &mut HashMap<usize, usize>,
) {
    if let Some(id) = identity(v)
        && let Some(group) = shared.get(&id)
    {
        groups.insert(address(out), *group);
    }
    match out {
        Value::Array(outs) => {
            if let Some(items) = v.items() {
                for (item, o) in items.zip(outs) {
                    record(&item, o, shared, groups);
                }
            }
        }
        Value::Object(outs) => {
            if let Some(entries) = v.entries() {
                for ((_, item), (_, o)) in entries.zip(outs) {
                    record(&item, o, shared, groups);
                }
            }
        }
        _ => {}
    }
}

/// Builds the [`SharedResult`] of a search's final value.
pub(crate) fn shared_result(v: V<'_>) -> SharedResult {
    let mut seen = HashMap::new();
    if let Some(id) = identity(&v) {
        seen.insert(id, 1);
    }
    count(&v, &mut seen);
    let mut shared = HashMap::new();
    for (id, n) in &seen {
        if *n > 1 {
            let next = shared.len();
            shared.insert(*id, next);
        }
    }
    let value = Box::new(v.clone().into_json());
    let mut groups = HashMap::new();
    if !shared.is_empty() {
        record(&v, &value, &shared, &mut groups);
    }
    SharedResult { value, groups }
}
