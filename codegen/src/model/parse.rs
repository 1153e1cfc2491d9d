//! Smithy 2.0 JSON AST → [`Model`].
//!
//! Handles every shape kind, `apply` statements, mixins (members and traits copied into the
//! shapes that use them; mixin shapes themselves are dropped), prelude targets
//! (`smithy.api#String`, `smithy.api#Unit`, …, synthesised on demand) and decodes the traits
//! listed in [`Traits`]. Every problem is a [`CodegenError`] naming the shape; nothing panics.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::{
    Deprecated, EnumMember, IntEnumMember, Length, Member, Model, Operation, Paginated, Range,
    Resource, Service, Shape, ShapeId, ShapeKind, Traits,
};
use crate::error::CodegenError;

/// The prelude namespace.
const PRELUDE: &str = "smithy.api";

/// A trait map (trait id → value), in model order.
type TraitMap = IndexMap<String, Value>;

/// A shape as read from the JSON, with mixins flattened.
#[derive(Clone)]
struct RawShape {
    ty: String,
    json: Map<String, Value>,
    /// Members (structure, union, enum, intEnum, list `member`, map `key`/`value`): name →
    /// (target, traits).
    members: IndexMap<String, (String, TraitMap)>,
    traits: TraitMap,
}

/// Parses a Smithy 2.0 (or 1.0) JSON AST model.
///
/// # Errors
/// Malformed JSON, an unknown shape type, a dangling target, a mixin cycle or a trait whose
/// value has the wrong form: the error names the shape concerned.
pub fn parse(json: &str) -> Result<Model, CodegenError> {
    let doc: Value =
        serde_json::from_str(json).map_err(|e| CodegenError::new(format!("invalid JSON: {e}")))?;
    let doc = doc
        .as_object()
        .ok_or_else(|| CodegenError::new("a Smithy JSON AST must be an object"))?;
    match doc.get("smithy").and_then(Value::as_str) {
        Some(v) if v.starts_with('1') || v.starts_with('2') => {}
        Some(v) => {
            return Err(CodegenError::new(format!(
                "unsupported Smithy IDL version `{v}`"
            )));
        }
        None => return Err(CodegenError::new("missing `smithy` version")),
    }
    let metadata = match doc.get("metadata") {
        None => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err(CodegenError::new("`metadata` must be an object")),
    };
    let empty = Map::new();
    let shapes_json = match doc.get("shapes") {
        None => &empty,
        Some(Value::Object(m)) => m,
        Some(_) => return Err(CodegenError::new("`shapes` must be an object")),
    };

    // 1. Read every shape; keep `apply` statements aside.
    let mut raw: IndexMap<String, RawShape> = IndexMap::new();
    let mut applies: Vec<(String, TraitMap)> = Vec::new();
    for (id, v) in shapes_json {
        check_absolute(id)?;
        let obj = v
            .as_object()
            .ok_or_else(|| CodegenError::at(id, "a shape must be an object"))?;
        let ty = obj
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| CodegenError::at(id, "missing shape `type`"))?;
        let traits = trait_map(id, obj.get("traits"))?;
        if ty == "apply" {
            applies.push((id.clone(), traits));
            continue;
        }
        let members = read_members(id, ty, obj)?;
        raw.insert(
            id.clone(),
            RawShape {
                ty: ty.to_string(),
                json: obj.clone(),
                members,
                traits,
            },
        );
    }

    // 2. Flatten mixins.
    let mut flat: IndexMap<String, RawShape> = IndexMap::new();
    let ids: Vec<String> = raw.keys().cloned().collect();
    for id in &ids {
        let mut stack = Vec::new();
        flatten(id, &raw, &mut flat, &mut stack)?;
    }
    // Mixin shapes are not shapes of the final model.
    flat.retain(|_, s| !s.traits.contains_key("smithy.api#mixin"));

    // 3. `apply` statements.
    for (target, traits) in applies {
        let (shape_id, member) = match target.split_once('$') {
            Some((s, m)) => (s.to_string(), Some(m.to_string())),
            None => (target.clone(), None),
        };
        let shape = flat.get_mut(&shape_id).ok_or_else(|| {
            CodegenError::at(&target, "`apply` targets a shape that does not exist")
        })?;
        let slot = match member {
            None => &mut shape.traits,
            Some(m) => {
                &mut shape
                    .members
                    .get_mut(&m)
                    .ok_or_else(|| {
                        CodegenError::at(&target, "`apply` targets a member that does not exist")
                    })?
                    .1
            }
        };
        for (k, v) in traits {
            slot.insert(k, v);
        }
    }

    // 4. Decode, synthesising prelude shapes that are targeted.
    let mut model = Model {
        shapes: IndexMap::new(),
        metadata,
    };
    let mut prelude_needed: Vec<String> = Vec::new();
    for (id, s) in &flat {
        let shape = decode(id, s, &flat, &mut prelude_needed)?;
        model.shapes.insert(ShapeId(id.clone()), shape);
    }
    for id in prelude_needed {
        let key = ShapeId(id.clone());
        if !model.shapes.contains_key(&key) {
            let shape = prelude_shape(&id)
                .ok_or_else(|| CodegenError::at(&id, "not a prelude shape (dangling target)"))?;
            model.shapes.insert(key, shape);
        }
    }
    bind_service_errors(&mut model)?;
    crate::customizations::patch_model(&mut model);
    Ok(model)
}

/// Errors bound to a service are errors of every operation of the service (Smithy's
/// `service.errors`): appended to each operation's own, once, so every reader of an
/// operation's errors sees them.
fn bind_service_errors(model: &mut Model) -> Result<(), CodegenError> {
    let services: Vec<(ShapeId, Vec<ShapeId>)> = model
        .shapes
        .iter()
        .filter_map(|(id, s)| match &s.kind {
            ShapeKind::Service(svc) if !svc.errors.is_empty() => {
                Some((id.clone(), svc.errors.clone()))
            }
            _ => None,
        })
        .collect();
    for (service, errors) in services {
        for op in crate::closure::service_operations(model, &service)? {
            if let Some(ShapeKind::Operation(o)) = model.shapes.get_mut(&op).map(|s| &mut s.kind) {
                for e in &errors {
                    if !o.errors.contains(e) {
                        o.errors.push(e.clone());
                    }
                }
            }
        }
    }
    Ok(())
}

fn check_absolute(id: &str) -> Result<(), CodegenError> {
    match id.split_once('#') {
        Some((ns, name)) if !ns.is_empty() && !name.is_empty() => Ok(()),
        _ => Err(CodegenError::at(
            id,
            "a shape id must be absolute (`namespace#Name`)",
        )),
    }
}

fn trait_map(id: &str, v: Option<&Value>) -> Result<TraitMap, CodegenError> {
    match v {
        None => Ok(TraitMap::new()),
        Some(Value::Object(m)) => Ok(m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
        Some(_) => Err(CodegenError::at(id, "`traits` must be an object")),
    }
}

fn target_of(id: &str, v: &Value) -> Result<String, CodegenError> {
    v.get("target")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| CodegenError::at(id, "missing `target`"))
}

fn read_member(id: &str, v: &Value) -> Result<(String, TraitMap), CodegenError> {
    Ok((target_of(id, v)?, trait_map(id, v.get("traits"))?))
}

fn read_members(
    id: &str,
    ty: &str,
    obj: &Map<String, Value>,
) -> Result<IndexMap<String, (String, TraitMap)>, CodegenError> {
    let mut out = IndexMap::new();
    match ty {
        "structure" | "union" | "enum" | "intEnum" => match obj.get("members") {
            None => {}
            Some(Value::Object(m)) => {
                for (name, v) in m {
                    let mid = format!("{id}${name}");
                    out.insert(name.clone(), read_member(&mid, v)?);
                }
            }
            Some(_) => return Err(CodegenError::at(id, "`members` must be an object")),
        },
        "list" | "set" => {
            let v = obj
                .get("member")
                .ok_or_else(|| CodegenError::at(id, "a list needs a `member`"))?;
            out.insert("member".into(), read_member(&format!("{id}$member"), v)?);
        }
        "map" => {
            for k in ["key", "value"] {
                let v = obj
                    .get(k)
                    .ok_or_else(|| CodegenError::at(id, format!("a map needs a `{k}`")))?;
                out.insert(k.into(), read_member(&format!("{id}${k}"), v)?);
            }
        }
        _ => {}
    }
    Ok(out)
}

fn flatten(
    id: &str,
    raw: &IndexMap<String, RawShape>,
    flat: &mut IndexMap<String, RawShape>,
    stack: &mut Vec<String>,
) -> Result<(), CodegenError> {
    if flat.contains_key(id) {
        return Ok(());
    }
    if stack.iter().any(|s| s == id) {
        return Err(CodegenError::at(id, "mixin cycle"));
    }
    let shape = raw
        .get(id)
        .ok_or_else(|| CodegenError::at(id, "mixin target does not exist"))?;
    let mixins: Vec<String> = match shape.json.get("mixins") {
        None => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|m| target_of(id, m))
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(CodegenError::at(id, "`mixins` must be an array")),
    };
    if mixins.is_empty() {
        flat.insert(id.to_string(), shape.clone());
        return Ok(());
    }
    stack.push(id.to_string());
    let mut members: IndexMap<String, (String, TraitMap)> = IndexMap::new();
    let mut traits = TraitMap::new();
    for m in &mixins {
        flatten(m, raw, flat, stack)?;
        let mixin = flat
            .get(m)
            .ok_or_else(|| CodegenError::at(id, format!("mixin `{m}` does not exist")))?;
        if !mixin.traits.contains_key("smithy.api#mixin") {
            return Err(CodegenError::at(
                id,
                format!("`{m}` is used as a mixin but lacks the smithy.api#mixin trait"),
            ));
        }
        let local: Vec<String> = mixin
            .traits
            .get("smithy.api#mixin")
            .and_then(|v| v.get("localTraits"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        for (k, v) in &mixin.traits {
            if k != "smithy.api#mixin" && !local.contains(k) {
                traits.insert(k.clone(), v.clone());
            }
        }
        for (name, m) in &mixin.members {
            members.insert(name.clone(), m.clone());
        }
    }
    stack.pop();
    for (k, v) in &shape.traits {
        traits.insert(k.clone(), v.clone());
    }
    for (name, (target, mtraits)) in &shape.members {
        match members.get_mut(name) {
            // A member redeclared over a mixin's member: its traits add to the mixin's.
            Some(existing) => {
                existing.0.clone_from(target);
                for (k, v) in mtraits {
                    existing.1.insert(k.clone(), v.clone());
                }
            }
            None => {
                members.insert(name.clone(), (target.clone(), mtraits.clone()));
            }
        }
    }
    let mut out = shape.clone();
    out.members = members;
    out.traits = traits;
    flat.insert(id.to_string(), out);
    Ok(())
}

/// Resolves a target: a model shape, or a prelude shape to synthesise.
fn resolve_target(
    at: &str,
    target: &str,
    flat: &IndexMap<String, RawShape>,
    prelude: &mut Vec<String>,
) -> Result<ShapeId, CodegenError> {
    if flat.contains_key(target) {
        return Ok(ShapeId(target.to_string()));
    }
    if target.split_once('#').map(|(ns, _)| ns) == Some(PRELUDE) && prelude_shape(target).is_some()
    {
        if !prelude.iter().any(|p| p == target) {
            prelude.push(target.to_string());
        }
        return Ok(ShapeId(target.to_string()));
    }
    Err(CodegenError::at(
        at,
        format!("dangling target `{target}`: no such shape"),
    ))
}

fn decode(
    id: &str,
    s: &RawShape,
    flat: &IndexMap<String, RawShape>,
    prelude: &mut Vec<String>,
) -> Result<Shape, CodegenError> {
    let traits = decode_traits(id, &s.traits)?;
    let members = |prelude: &mut Vec<String>| -> Result<Vec<Member>, CodegenError> {
        s.members
            .iter()
            .map(|(name, (target, t))| {
                let mid = format!("{id}${name}");
                Ok(Member {
                    name: name.clone(),
                    target: resolve_target(&mid, target, flat, prelude)?,
                    traits: decode_traits(&mid, t)?,
                })
            })
            .collect()
    };
    let kind = match s.ty.as_str() {
        "structure" => ShapeKind::Structure(members(prelude)?),
        "union" => ShapeKind::Union(members(prelude)?),
        "list" | "set" => {
            let mut m = members(prelude)?;
            let member = m
                .pop()
                .ok_or_else(|| CodegenError::at(id, "a list needs a `member`"))?;
            ShapeKind::List {
                member: Box::new(member),
                unique: s.ty == "set" || s.traits.contains_key("smithy.api#uniqueItems"),
            }
        }
        "map" => {
            let mut m = members(prelude)?.into_iter();
            match (m.next(), m.next()) {
                (Some(key), Some(value)) => ShapeKind::Map {
                    key: Box::new(key),
                    value: Box::new(value),
                },
                _ => return Err(CodegenError::at(id, "a map needs a `key` and a `value`")),
            }
        }
        "string" => ShapeKind::String,
        "enum" => {
            let mut out = Vec::new();
            for (name, (_, t)) in &s.members {
                let mid = format!("{id}${name}");
                let value = match t.get("smithy.api#enumValue") {
                    None => name.clone(),
                    Some(Value::String(v)) => v.clone(),
                    Some(_) => {
                        return Err(CodegenError::at(mid, "an enum value must be a string"));
                    }
                };
                out.push(EnumMember {
                    name: name.clone(),
                    value,
                    documentation: doc_of(&mid, t)?,
                });
            }
            ShapeKind::Enum(out)
        }
        "intEnum" => {
            let mut out = Vec::new();
            for (name, (_, t)) in &s.members {
                let mid = format!("{id}${name}");
                let value = t
                    .get("smithy.api#enumValue")
                    .and_then(Value::as_i64)
                    .ok_or_else(|| {
                        CodegenError::at(&mid, "an intEnum member needs an integer enumValue")
                    })?;
                out.push(IntEnumMember {
                    name: name.clone(),
                    value,
                    documentation: doc_of(&mid, t)?,
                });
            }
            ShapeKind::IntEnum(out)
        }
        "boolean" => ShapeKind::Boolean,
        "byte" => ShapeKind::Byte,
        "short" => ShapeKind::Short,
        "integer" => ShapeKind::Integer,
        "long" => ShapeKind::Long,
        "float" => ShapeKind::Float,
        "double" => ShapeKind::Double,
        "bigInteger" => ShapeKind::BigInteger,
        "bigDecimal" => ShapeKind::BigDecimal,
        "timestamp" => ShapeKind::Timestamp,
        "blob" => ShapeKind::Blob,
        "document" => ShapeKind::Document,
        "operation" => {
            let io =
                |k: &str, prelude: &mut Vec<String>| -> Result<Option<ShapeId>, CodegenError> {
                    match s.json.get(k) {
                        None => Ok(None),
                        Some(v) => {
                            let t = target_of(id, v)?;
                            if t == "smithy.api#Unit" {
                                Ok(None)
                            } else {
                                resolve_target(id, &t, flat, prelude).map(Some)
                            }
                        }
                    }
                };
            ShapeKind::Operation(Operation {
                input: io("input", prelude)?,
                output: io("output", prelude)?,
                errors: targets(id, s.json.get("errors"), flat, prelude)?,
            })
        }
        "service" => ShapeKind::Service(Service {
            version: s
                .json
                .get("version")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            operations: targets(id, s.json.get("operations"), flat, prelude)?,
            resources: targets(id, s.json.get("resources"), flat, prelude)?,
            errors: targets(id, s.json.get("errors"), flat, prelude)?,
        }),
        "resource" => {
            let mut operations = Vec::new();
            for k in ["create", "put", "read", "update", "delete", "list"] {
                if let Some(v) = s.json.get(k) {
                    let t = target_of(id, v)?;
                    operations.push(resolve_target(id, &t, flat, prelude)?);
                }
            }
            operations.extend(targets(id, s.json.get("operations"), flat, prelude)?);
            operations.extend(targets(
                id,
                s.json.get("collectionOperations"),
                flat,
                prelude,
            )?);
            ShapeKind::Resource(Resource {
                operations,
                resources: targets(id, s.json.get("resources"), flat, prelude)?,
            })
        }
        other => {
            return Err(CodegenError::at(
                id,
                format!("unknown shape type `{other}`"),
            ));
        }
    };
    Ok(Shape {
        id: ShapeId(id.to_string()),
        kind,
        traits,
    })
}

fn targets(
    id: &str,
    v: Option<&Value>,
    flat: &IndexMap<String, RawShape>,
    prelude: &mut Vec<String>,
) -> Result<Vec<ShapeId>, CodegenError> {
    match v {
        None => Ok(Vec::new()),
        Some(Value::Array(a)) => a
            .iter()
            .map(|t| resolve_target(id, &target_of(id, t)?, flat, prelude))
            .collect(),
        Some(_) => Err(CodegenError::at(id, "expected an array of targets")),
    }
}

fn doc_of(at: &str, t: &TraitMap) -> Result<Option<String>, CodegenError> {
    opt_str(at, t, "smithy.api#documentation")
}

fn opt_str(at: &str, t: &TraitMap, key: &str) -> Result<Option<String>, CodegenError> {
    match t.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad(at, key, "a string")),
    }
}

fn bad(at: &str, key: &str, want: &str) -> CodegenError {
    CodegenError::at(at, format!("trait `{key}` must be {want}"))
}

fn opt_u64(
    at: &str,
    key: &str,
    v: &Map<String, Value>,
    f: &str,
) -> Result<Option<u64>, CodegenError> {
    match v.get(f) {
        None | Some(Value::Null) => Ok(None),
        Some(n) => n.as_u64().map(Some).ok_or_else(|| {
            bad(
                at,
                key,
                &format!("an object whose `{f}` is a non-negative integer"),
            )
        }),
    }
}

fn opt_f64(
    at: &str,
    key: &str,
    v: &Map<String, Value>,
    f: &str,
) -> Result<Option<f64>, CodegenError> {
    match v.get(f) {
        None | Some(Value::Null) => Ok(None),
        Some(n) => n
            .as_f64()
            .map(Some)
            .ok_or_else(|| bad(at, key, &format!("an object whose `{f}` is a number"))),
    }
}

fn obj<'a>(
    at: &str,
    t: &'a TraitMap,
    key: &str,
) -> Result<Option<&'a Map<String, Value>>, CodegenError> {
    match t.get(key) {
        None => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(bad(at, key, "an object")),
    }
}

fn field_str(
    at: &str,
    key: &str,
    m: &Map<String, Value>,
    f: &str,
) -> Result<Option<String>, CodegenError> {
    match m.get(f) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad(at, key, &format!("an object whose `{f}` is a string"))),
    }
}

/// Decodes the known traits of `at` (a shape or `shape$member` id).
fn decode_traits(at: &str, t: &TraitMap) -> Result<Traits, CodegenError> {
    let mut out = Traits {
        required: t.contains_key("smithy.api#required"),
        default: t.get("smithy.api#default").cloned(),
        documentation: doc_of(at, t)?,
        pattern: opt_str(at, t, "smithy.api#pattern")?,
        error: opt_str(at, t, "smithy.api#error")?,
        sensitive: t.contains_key("smithy.api#sensitive"),
        enum_value: t.get("smithy.api#enumValue").cloned(),
        json_name: opt_str(at, t, "smithy.api#jsonName")?,
        timestamp_format: opt_str(at, t, "smithy.api#timestampFormat")?,
        idempotency_token: t.contains_key("smithy.api#idempotencyToken"),
        input: t.contains_key("smithy.api#input"),
        output: t.contains_key("smithy.api#output"),
        title: opt_str(at, t, "smithy.api#title")?,
        raw: t.clone(),
        ..Traits::default()
    };
    if let Some(e) = &out.error
        && e != "client"
        && e != "server"
    {
        return Err(bad(at, "smithy.api#error", "`client` or `server`"));
    }
    if let Some(p) = &out.pattern
        && p.is_empty()
    {
        return Err(bad(at, "smithy.api#pattern", "a non-empty string"));
    }
    if let Some(m) = obj(at, t, "smithy.api#length")? {
        out.length = Some(Length {
            min: opt_u64(at, "smithy.api#length", m, "min")?,
            max: opt_u64(at, "smithy.api#length", m, "max")?,
        });
    }
    if let Some(m) = obj(at, t, "smithy.api#range")? {
        out.range = Some(Range {
            min: opt_f64(at, "smithy.api#range", m, "min")?,
            max: opt_f64(at, "smithy.api#range", m, "max")?,
        });
    }
    match t.get("smithy.api#httpError") {
        None => {}
        Some(v) => {
            let code = v
                .as_u64()
                .and_then(|c| u16::try_from(c).ok())
                .ok_or_else(|| bad(at, "smithy.api#httpError", "an HTTP status code"))?;
            out.http_error = Some(code);
        }
    }
    if let Some(m) = obj(at, t, "smithy.api#retryable")? {
        out.retryable = Some(
            m.get("throttling")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        );
    }
    if let Some(m) = obj(at, t, "smithy.api#deprecated")? {
        let k = "smithy.api#deprecated";
        out.deprecated = Some(Deprecated {
            message: field_str(at, k, m, "message")?,
            since: field_str(at, k, m, "since")?,
        });
    }
    if let Some(m) = obj(at, t, "smithy.api#paginated")? {
        let k = "smithy.api#paginated";
        out.paginated = Some(Paginated {
            input_token: field_str(at, k, m, "inputToken")?,
            output_token: field_str(at, k, m, "outputToken")?,
            items: field_str(at, k, m, "items")?,
            page_size: field_str(at, k, m, "pageSize")?,
        });
    }
    match t.get("smithy.api#enum") {
        None => {}
        Some(Value::Array(a)) => {
            for e in a {
                let m = e
                    .as_object()
                    .ok_or_else(|| bad(at, "smithy.api#enum", "an array of objects"))?;
                let value = field_str(at, "smithy.api#enum", m, "value")?.ok_or_else(|| {
                    bad(at, "smithy.api#enum", "an array of objects with a `value`")
                })?;
                out.enum_values
                    .push((value, field_str(at, "smithy.api#enum", m, "name")?));
            }
        }
        Some(_) => return Err(bad(at, "smithy.api#enum", "an array")),
    }
    Ok(out)
}

/// The prelude shape `id`, if it is one.
fn prelude_shape(id: &str) -> Option<Shape> {
    let name = id.strip_prefix("smithy.api#")?;
    let mut traits = Traits::default();
    let primitive = name.starts_with("Primitive");
    let base = name.strip_prefix("Primitive").unwrap_or(name);
    let kind = match base {
        "String" => ShapeKind::String,
        "Blob" => ShapeKind::Blob,
        "Boolean" => ShapeKind::Boolean,
        "Byte" => ShapeKind::Byte,
        "Short" => ShapeKind::Short,
        "Integer" => ShapeKind::Integer,
        "Long" => ShapeKind::Long,
        "Float" => ShapeKind::Float,
        "Double" => ShapeKind::Double,
        "BigInteger" if !primitive => ShapeKind::BigInteger,
        "BigDecimal" if !primitive => ShapeKind::BigDecimal,
        "Timestamp" if !primitive => ShapeKind::Timestamp,
        "Document" if !primitive => ShapeKind::Document,
        "Unit" if !primitive => {
            traits
                .raw
                .insert("smithy.api#unitType".into(), Value::Object(Map::new()));
            ShapeKind::Structure(Vec::new())
        }
        _ => return None,
    };
    if primitive {
        let default = if base == "Boolean" {
            Value::Bool(false)
        } else {
            Value::from(0)
        };
        traits
            .raw
            .insert("smithy.api#default".into(), default.clone());
        traits.default = Some(default);
    }
    Some(Shape {
        id: ShapeId(id.to_string()),
        kind,
        traits,
    })
}
