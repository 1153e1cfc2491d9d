//! The service's schema tables (`awslice_runtime::schema`): every shape the operations reach,
//! each once (a shape's index is its position in the table), and each operation's wire
//! description. The CLI's command tables ([`crate::cli_tables`]) and the SDK crates
//! ([`crate::rust_sdk`]) emit them alike, so both routes use the same protocol codecs.
//!
//! The model is read once, into the runtime's schema values ([`schema_values`],
//! [`Tables::shape_def_value`], [`Tables::operation_value`]); the emitted tables are those
//! values printed as Rust ([`shape_def_tokens`], [`operation_tokens`]). Tools and tests that run
//! the codecs directly on a model (the protocol compliance suites) use the values themselves,
//! so what they check is what the generated crates carry.

use std::collections::HashMap;

use awslice_runtime::schema::{MemberDef, Operation, ShapeDef, ShapeKind as Kind};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::CodegenError;
use crate::closure::closure;
use crate::contract::{MEMBER_DEF, OPERATION, SHAPE_DEF, SHAPE_KIND};
use crate::docs::html_to_markdown;
use crate::model::{Member, Model, Shape, ShapeId, ShapeKind, Traits};
use crate::skeleton::{enum_values, member_documentation};
use crate::wire;

/// A service's schema as the runtime's values: what a protocol codec reads.
#[derive(Debug)]
pub struct SchemaValues {
    /// Every shape the operations reach, in table order (a shape's index is its position).
    pub shapes: &'static [ShapeDef],
    /// The model id of each shape of `shapes`, in the same order.
    pub shape_ids: Vec<ShapeId>,
    /// One `Operation` per operation asked for, in the order asked.
    pub operations: Vec<Operation>,
}

/// The runtime schema values of `operations` of `model`: the shape table they reach and their
/// wire descriptions, without documentation. Strings are leaked into `&'static str` (the
/// schema types hold nothing else): meant for build tools and tests.
///
/// # Errors
/// An operation or a shape it reaches is missing from the model or has a malformed trait.
pub fn schema_values(model: &Model, operations: &[ShapeId]) -> Result<SchemaValues, CodegenError> {
    let tables = Tables::new(model, operations, false)?;
    let shapes = tables
        .shape_ids
        .iter()
        .map(|id| tables.shape_def_value(tables.shape(id)?))
        .collect::<Result<Vec<_>, _>>()?;
    let operations = operations
        .iter()
        .map(|id| tables.operation_value(id))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SchemaValues {
        shapes: Box::leak(shapes.into_boxed_slice()),
        shape_ids: tables.shape_ids,
        operations,
    })
}

/// `s` as a `&'static str` (leaked: the schema values live as long as the program).
pub(crate) fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// `items` as a `&'static` slice (leaked, as [`leak`]).
fn leak_slice<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

impl<'m> Tables<'m> {
    /// The tables of the shapes `operations` reach.
    pub(crate) fn new(
        model: &'m Model,
        operations: &[ShapeId],
        docs: bool,
    ) -> Result<Tables<'m>, CodegenError> {
        let shape_ids: Vec<ShapeId> = closure(model, operations)?
            .into_iter()
            .filter(|id| {
                model
                    .shapes
                    .get(id)
                    .is_some_and(|s| !matches!(s.kind, ShapeKind::Operation(_)))
            })
            .collect();
        let index = shape_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect();
        Ok(Tables {
            model,
            shape_ids,
            index,
            docs,
        })
    }

    /// The `ShapeDef`s of every shape, in table order, as Rust.
    pub(crate) fn shape_defs(&self) -> Result<Vec<TokenStream>, CodegenError> {
        self.shape_ids
            .iter()
            .map(|id| Ok(shape_def_tokens(&self.shape_def_value(self.shape(id)?)?)))
            .collect()
    }

    /// The `awslice_runtime::schema::Operation` of `id`, as Rust.
    pub(crate) fn operation_wire(&self, id: &ShapeId) -> Result<TokenStream, CodegenError> {
        Ok(operation_tokens(&self.operation_value(id)?))
    }

    /// The `awslice_runtime::schema::Operation` of `id`.
    pub(crate) fn operation_value(&self, id: &ShapeId) -> Result<Operation, CodegenError> {
        let shape = self.shape(id)?;
        let ShapeKind::Operation(op) = &shape.kind else {
            return Err(CodegenError::at(&id.0, "not an operation"));
        };
        let index = |s: &Option<ShapeId>| s.as_ref().map(|i| self.index_of(i)).transpose();
        let errors = op
            .errors
            .iter()
            .map(|e| self.index_of(e))
            .collect::<Result<Vec<_>, _>>()?;
        let (http, host_prefix, auth) = wire::operation_http(shape)?;
        let http = crate::customizations::http(self.model, http);
        let host_prefix = crate::customizations::host_prefix(self.model, shape, host_prefix);
        let rules = Box::leak(Box::new(crate::customizations::operation_rules(
            self.model, shape,
        )?));
        Ok(Operation {
            name: leak(id.name()),
            input: index(&op.input)?,
            output: index(&op.output)?,
            errors: leak_slice(errors),
            http,
            host_prefix,
            auth,
            rules,
        })
    }
}

/// Documentation of `traits` as Markdown (empty when there is none).
pub(crate) fn markdown(traits: &Traits) -> String {
    traits
        .documentation
        .as_deref()
        .map(html_to_markdown)
        .unwrap_or_default()
}

pub(crate) fn opt_str(v: Option<&str>) -> TokenStream {
    match v {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    }
}

/// An index as an unsuffixed literal (`3`, not `3usize`).
pub(crate) fn lit_usize(n: usize) -> Literal {
    Literal::usize_unsuffixed(n)
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => {
            let n = Literal::u64_unsuffixed(n);
            quote!(::std::option::Option::Some(#n))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn opt_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(n) => {
            let n = Literal::f64_unsuffixed(n);
            quote!(::std::option::Option::Some(#n))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn opt_i64(v: Option<i64>) -> TokenStream {
    match v {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    }
}

/// A range bound of an integer shape as i64 (it must be integral and in range).
fn range_i64(v: Option<f64>, shape: &ShapeId) -> Result<Option<i64>, CodegenError> {
    match v {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && n >= i64::MIN as f64 && n <= i64::MAX as f64 => {
            Ok(Some(n as i64))
        }
        Some(n) => Err(CodegenError::at(
            &shape.0,
            format!("range bound {n} of an integer shape is not an integer"),
        )),
    }
}

/// The shape index and the model, while emitting.
pub(crate) struct Tables<'m> {
    pub(crate) model: &'m Model,
    /// Every shape the operations reach, in table order.
    pub(crate) shape_ids: Vec<ShapeId>,
    index: HashMap<ShapeId, usize>,
    /// Whether shapes and members carry their documentation (the CLI's tables do, the
    /// SDK's do not: its types carry it as rustdoc).
    pub(crate) docs: bool,
}

impl<'m> Tables<'m> {
    pub(crate) fn shape(&self, id: &ShapeId) -> Result<&'m Shape, CodegenError> {
        self.model
            .shapes
            .get(id)
            .ok_or_else(|| CodegenError::at(&id.0, "shape not found in the model"))
    }

    /// The table index of `id`.
    pub(crate) fn index_of(&self, id: &ShapeId) -> Result<usize, CodegenError> {
        self.index
            .get(id)
            .copied()
            .ok_or_else(|| CodegenError::at(&id.0, "shape is not in the operations' closure"))
    }

    /// The table index of `id` as a literal.
    pub(crate) fn idx(&self, id: &ShapeId) -> Result<Literal, CodegenError> {
        self.index_of(id).map(lit_usize)
    }

    /// The `MemberDef` of `m`, a member of `parent`.
    pub(crate) fn member_def_value(
        &self,
        parent: &ShapeId,
        m: &Member,
    ) -> Result<MemberDef, CodegenError> {
        let target_shape = self.shape(&m.target)?;
        let doc = if self.docs {
            leak(&html_to_markdown(member_documentation(
                &m.traits,
                &target_shape.traits,
            )))
        } else {
            ""
        };
        Ok(MemberDef {
            name: leak(&m.name),
            json_name: m.traits.json_name.as_deref().map(leak),
            target: self.index_of(&m.target)?,
            required: m.traits.required,
            doc,
            idempotency_token: m.traits.idempotency_token,
            deprecated: m.traits.deprecated.is_some(),
            wire: wire::member_wire(parent, m, target_shape)?,
        })
    }

    /// The `ShapeDef` of `shape`.
    pub(crate) fn shape_def_value(&self, shape: &Shape) -> Result<ShapeDef, CodegenError> {
        let id = &shape.id;
        let t = &shape.traits;
        let (min_len, max_len) = t.length.map_or((None, None), |l| (l.min, l.max));
        let (range_min, range_max) = t.range.map_or((None, None), |r| (r.min, r.max));
        let members = |members: &[Member]| -> Result<&'static [MemberDef], CodegenError> {
            members
                .iter()
                .map(|m| self.member_def_value(id, m))
                .collect::<Result<Vec<_>, _>>()
                .map(leak_slice)
        };
        let kind = match &shape.kind {
            ShapeKind::Structure(ms) => Kind::Structure {
                members: members(ms)?,
                error: t.error.as_deref().map(leak),
                error_code: wire::query_error_code(shape),
            },
            ShapeKind::Union(ms) => Kind::Union {
                members: members(ms)?,
            },
            ShapeKind::List { member, .. } => Kind::List {
                member: self.index_of(&member.target)?,
                min_len,
                max_len,
                member_xml_name: wire::member_xml_name(member),
                member_xml_namespace: wire::xml_namespace(
                    &format!("{}$member", id.0),
                    &member.traits,
                )?,
            },
            ShapeKind::Map { key, value } => Kind::Map {
                key: self.index_of(&key.target)?,
                value: self.index_of(&value.target)?,
                key_xml_name: wire::member_xml_name(key),
                value_xml_name: wire::member_xml_name(value),
                key_xml_namespace: wire::xml_namespace(&format!("{}$key", id.0), &key.traits)?,
                value_xml_namespace: wire::xml_namespace(
                    &format!("{}$value", id.0),
                    &value.traits,
                )?,
            },
            ShapeKind::String | ShapeKind::Enum(_) => Kind::String {
                enum_values: leak_slice(enum_values(shape).iter().map(|v| leak(v)).collect()),
                min_len,
                max_len,
                pattern: t.pattern.as_deref().map(leak),
            },
            ShapeKind::IntEnum(values) => Kind::IntEnum {
                values: leak_slice(values.iter().map(|v| (leak(&v.name), v.value)).collect()),
            },
            ShapeKind::Boolean => Kind::Boolean,
            ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer | ShapeKind::Long => {
                Kind::Integer {
                    min: range_i64(range_min, id)?,
                    max: range_i64(range_max, id)?,
                }
            }
            ShapeKind::Float | ShapeKind::Double => Kind::Float {
                min: range_min,
                max: range_max,
            },
            ShapeKind::BigInteger => Kind::BigInteger,
            ShapeKind::BigDecimal => Kind::BigDecimal,
            ShapeKind::Timestamp => Kind::Timestamp {
                format: t
                    .timestamp_format
                    .as_deref()
                    .map(|f| wire::timestamp_format(&id.0, f))
                    .transpose()?,
            },
            ShapeKind::Blob => Kind::Blob {
                streaming: wire::streaming(shape),
            },
            ShapeKind::Document => Kind::Document,
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {
                return Err(CodegenError::at(&id.0, "not a data shape"));
            }
        };
        Ok(ShapeDef {
            name: leak(id.name()),
            kind,
            doc: if self.docs { leak(&markdown(t)) } else { "" },
            sensitive: t.sensitive,
            xml_name: wire::shape_xml_name(shape),
            xml_namespace: wire::xml_namespace(&id.0, t)?,
        })
    }
}

// The printer: schema values as the Rust tokens that rebuild them.

/// A `MemberDef` as Rust.
pub fn member_def_tokens(m: &MemberDef) -> TokenStream {
    let name = m.name;
    let json_name = opt_str(m.json_name);
    let target = lit_usize(m.target);
    let (required, doc, idempotency_token, deprecated) =
        (m.required, m.doc, m.idempotency_token, m.deprecated);
    let wire = wire::member_wire_tokens(&m.wire);
    quote! {
        #MEMBER_DEF {
            name: #name,
            json_name: #json_name,
            target: #target,
            required: #required,
            doc: #doc,
            idempotency_token: #idempotency_token,
            deprecated: #deprecated,
            wire: #wire,
        }
    }
}

/// A `ShapeDef` as Rust.
pub fn shape_def_tokens(shape: &ShapeDef) -> TokenStream {
    let members = |ms: &[MemberDef]| ms.iter().map(member_def_tokens).collect::<Vec<_>>();
    let kind = match &shape.kind {
        Kind::Structure {
            members: ms,
            error,
            error_code,
        } => {
            let members = members(ms);
            let (error, error_code) = (opt_str(*error), opt_str(*error_code));
            quote!(#SHAPE_KIND::Structure { members: &[#(#members),*], error: #error, error_code: #error_code })
        }
        Kind::Union { members: ms } => {
            let members = members(ms);
            quote!(#SHAPE_KIND::Union { members: &[#(#members),*] })
        }
        Kind::List {
            member,
            min_len,
            max_len,
            member_xml_name,
            member_xml_namespace,
        } => {
            let member = lit_usize(*member);
            let (min, max) = (opt_u64(*min_len), opt_u64(*max_len));
            let member_xml_name = opt_str(*member_xml_name);
            let member_xml_namespace = wire::xml_namespace_tokens(*member_xml_namespace);
            quote!(#SHAPE_KIND::List {
                member: #member,
                min_len: #min,
                max_len: #max,
                member_xml_name: #member_xml_name,
                member_xml_namespace: #member_xml_namespace,
            })
        }
        Kind::Map {
            key,
            value,
            key_xml_name,
            value_xml_name,
            key_xml_namespace,
            value_xml_namespace,
        } => {
            let (key, value) = (lit_usize(*key), lit_usize(*value));
            let (key_xml_name, value_xml_name) = (opt_str(*key_xml_name), opt_str(*value_xml_name));
            let key_xml_namespace = wire::xml_namespace_tokens(*key_xml_namespace);
            let value_xml_namespace = wire::xml_namespace_tokens(*value_xml_namespace);
            quote!(#SHAPE_KIND::Map {
                key: #key,
                value: #value,
                key_xml_name: #key_xml_name,
                value_xml_name: #value_xml_name,
                key_xml_namespace: #key_xml_namespace,
                value_xml_namespace: #value_xml_namespace,
            })
        }
        Kind::String {
            enum_values,
            min_len,
            max_len,
            pattern,
        } => {
            let values = enum_values.iter();
            let (min, max) = (opt_u64(*min_len), opt_u64(*max_len));
            let pattern = opt_str(*pattern);
            quote! {
                #SHAPE_KIND::String {
                    enum_values: &[#(#values),*],
                    min_len: #min,
                    max_len: #max,
                    pattern: #pattern,
                }
            }
        }
        Kind::IntEnum { values } => {
            let pairs = values.iter().map(|(name, value)| quote!((#name, #value)));
            quote!(#SHAPE_KIND::IntEnum { values: &[#(#pairs),*] })
        }
        Kind::Boolean => quote!(#SHAPE_KIND::Boolean),
        Kind::Integer { min, max } => {
            let (min, max) = (opt_i64(*min), opt_i64(*max));
            quote!(#SHAPE_KIND::Integer { min: #min, max: #max })
        }
        Kind::Float { min, max } => {
            let (min, max) = (opt_f64(*min), opt_f64(*max));
            quote!(#SHAPE_KIND::Float { min: #min, max: #max })
        }
        Kind::BigInteger => quote!(#SHAPE_KIND::BigInteger),
        Kind::BigDecimal => quote!(#SHAPE_KIND::BigDecimal),
        Kind::Timestamp { format } => {
            let format = match format {
                Some(f) => {
                    let f = wire::timestamp_format_tokens(*f);
                    quote!(::std::option::Option::Some(#f))
                }
                None => quote!(::std::option::Option::None),
            };
            quote!(#SHAPE_KIND::Timestamp { format: #format })
        }
        Kind::Blob { streaming } => {
            quote!(#SHAPE_KIND::Blob { streaming: #streaming })
        }
        Kind::Document => quote!(#SHAPE_KIND::Document),
    };
    let (name, doc, sensitive) = (shape.name, shape.doc, shape.sensitive);
    let xml_name = opt_str(shape.xml_name);
    let xml_namespace = wire::xml_namespace_tokens(shape.xml_namespace);
    quote! {
        #SHAPE_DEF {
            name: #name,
            kind: #kind,
            doc: #doc,
            sensitive: #sensitive,
            xml_name: #xml_name,
            xml_namespace: #xml_namespace,
        }
    }
}

/// An `Operation` as Rust.
pub fn operation_tokens(op: &Operation) -> TokenStream {
    let index = |i: Option<usize>| match i {
        Some(i) => {
            let i = lit_usize(i);
            quote!(::std::option::Option::Some(#i))
        }
        None => quote!(::std::option::Option::None),
    };
    let name = op.name;
    let (input, output) = (index(op.input), index(op.output));
    let errors = op.errors.iter().map(|e| lit_usize(*e));
    let http = wire::http_tokens(&op.http);
    let host_prefix = opt_str(op.host_prefix);
    let auth = wire::auth_tokens(op.auth);
    let rules = crate::customizations::rules_tokens(op.rules);
    quote! {
        #OPERATION {
            name: #name,
            input: #input,
            output: #output,
            errors: &[#(#errors),*],
            http: #http,
            host_prefix: #host_prefix,
            auth: #auth,
            rules: #rules,
        }
    }
}
