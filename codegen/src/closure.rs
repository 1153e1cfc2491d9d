//! The shape closure of a set of operations: the operations, their inputs, outputs and
//! errors, and every shape they target, transitively, in a stable order (operations in the
//! order given, then depth-first in model member order; each shape once).

use crate::error::CodegenError;
use crate::model::{Model, ShapeId, ShapeKind};

/// The operations of `service`: direct ones, then those of its resources (recursively), in
/// model order, each once.
///
/// # Errors
/// `service` is not a service shape of `model`.
pub fn service_operations(model: &Model, service: &ShapeId) -> Result<Vec<ShapeId>, CodegenError> {
    let shape = model
        .shapes
        .get(service)
        .ok_or_else(|| CodegenError::at(&service.0, "no such service"))?;
    let ShapeKind::Service(svc) = &shape.kind else {
        return Err(CodegenError::at(&service.0, "not a service shape"));
    };
    let mut ops: Vec<ShapeId> = Vec::new();
    let push = |ops: &mut Vec<ShapeId>, id: &ShapeId| {
        if !ops.contains(id) {
            ops.push(id.clone());
        }
    };
    for op in &svc.operations {
        push(&mut ops, op);
    }
    let mut resources: Vec<ShapeId> = svc.resources.clone();
    let mut seen: Vec<ShapeId> = Vec::new();
    while let Some(r) = resources.first().cloned() {
        resources.remove(0);
        if seen.contains(&r) {
            continue;
        }
        seen.push(r.clone());
        if let Some(ShapeKind::Resource(res)) = model.shapes.get(&r).map(|s| &s.kind) {
            for op in &res.operations {
                push(&mut ops, op);
            }
            resources.extend(res.resources.iter().cloned());
        }
    }
    Ok(ops)
}

/// The single service shape of `model`.
///
/// # Errors
/// No service, or more than one.
pub fn the_service(model: &Model) -> Result<ShapeId, CodegenError> {
    let mut it = model
        .shapes
        .values()
        .filter(|s| matches!(s.kind, ShapeKind::Service(_)));
    match (it.next(), it.next()) {
        (Some(s), None) => Ok(s.id.clone()),
        (None, _) => Err(CodegenError::new("the model has no service shape")),
        (Some(_), Some(_)) => Err(CodegenError::new(
            "the model has more than one service shape",
        )),
    }
}

/// Finds an operation of `model` by name (`UpdateWorkspaceImagePermission`) or absolute id.
///
/// # Errors
/// No operation has that name.
pub fn find_operation(model: &Model, name: &str) -> Result<ShapeId, CodegenError> {
    model
        .shapes
        .values()
        .find(|s| {
            matches!(s.kind, ShapeKind::Operation(_)) && (s.id.0 == name || s.id.name() == name)
        })
        .map(|s| s.id.clone())
        .ok_or_else(|| CodegenError::at(name, "no such operation in the model"))
}

/// The closure of `operations` (each included first, then its input, output, errors and
/// their targets, depth-first).
///
/// # Errors
/// An id that is not in the model (cannot happen for a parsed model) or is not an operation.
pub fn closure(model: &Model, operations: &[ShapeId]) -> Result<Vec<ShapeId>, CodegenError> {
    let mut out: Vec<ShapeId> = Vec::new();
    for op in operations {
        let shape = model
            .shapes
            .get(op)
            .ok_or_else(|| CodegenError::at(&op.0, "no such operation"))?;
        let ShapeKind::Operation(o) = &shape.kind else {
            return Err(CodegenError::at(&op.0, "not an operation"));
        };
        if !out.contains(op) {
            out.push(op.clone());
        }
        for id in o.input.iter().chain(o.output.iter()).chain(o.errors.iter()) {
            visit(model, id, &mut out)?;
        }
    }
    Ok(out)
}

fn visit(model: &Model, id: &ShapeId, out: &mut Vec<ShapeId>) -> Result<(), CodegenError> {
    if out.contains(id) {
        return Ok(());
    }
    let shape = model
        .shapes
        .get(id)
        .ok_or_else(|| CodegenError::at(&id.0, "dangling target"))?;
    out.push(id.clone());
    match &shape.kind {
        ShapeKind::Structure(ms) | ShapeKind::Union(ms) => {
            for m in ms {
                visit(model, &m.target, out)?;
            }
        }
        ShapeKind::List { member, .. } => visit(model, &member.target, out)?,
        ShapeKind::Map { key, value } => {
            visit(model, &key.target, out)?;
            visit(model, &value.target, out)?;
        }
        _ => {}
    }
    Ok(())
}
