//! Emits the CLI command tables of a service: one `pub static SERVICE:
//! ::awslice_cli::schema::ServiceDef` holding every operation (model order), every shape they
//! reach (each once; a shape's index is its position in `shapes`), the command parameters
//! with the AWS CLI's names, the paginators, the three `--generate-cli-skeleton` documents,
//! and the service's own `SERVICE_META`.

use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::CodegenError;
use crate::botocore_names::{cli_operation_name, cli_param_name};
use crate::closure::closure;
use crate::docs::{html_to_markdown, html_to_markdown_cli};
use crate::model::{Member, Model, Paginated, Shape, ShapeId, ShapeKind, Traits};
use crate::service_meta::{cli_service_name, emit_service_meta, service_shape};
use crate::skeleton::{enum_values, member_documentation, skeletons};

/// Emits `SERVICE_META` and `pub static SERVICE: ::awslice_cli::schema::ServiceDef = …;` for
/// `operations` of `service` (given in model order; the tables keep that order).
///
/// The service's CLI name is the AWS CLI's (`workspaces`, from the `sdkId`:
/// [`cli_service_name`]).
pub fn emit_cli_tables(
    model: &Model,
    service: &ShapeId,
    operations: &[ShapeId],
) -> Result<TokenStream, CodegenError> {
    let meta = emit_service_meta(model, service)?;
    let (svc_shape, _) = service_shape(model, service)?;
    let cli_name = cli_service_name(model, service)?;
    // The AWS CLI's service page leaves out the `<fullname>` title.
    let service_doc = svc_shape
        .traits
        .documentation
        .as_deref()
        .map(html_to_markdown_cli)
        .unwrap_or_default();

    let shape_ids: Vec<ShapeId> = closure(model, operations)?
        .into_iter()
        .filter(|id| {
            model
                .shapes
                .get(id)
                .is_some_and(|s| !matches!(s.kind, ShapeKind::Operation(_)))
        })
        .collect();
    let index: HashMap<&ShapeId, usize> = shape_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id, i))
        .collect();
    let tables = Tables { model, index };

    let shapes = shape_ids
        .iter()
        .map(|id| tables.shape_def(tables.shape(id)?))
        .collect::<Result<Vec<_>, _>>()?;
    let default_paginated = svc_shape.traits.paginated.clone();
    let ops = operations
        .iter()
        .map(|id| tables.operation_def(id, default_paginated.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;

    Ok(quote! {
        #meta

        /// The CLI command tables of the service, generated from its model.
        pub static SERVICE: ::awslice_cli::schema::ServiceDef = ::awslice_cli::schema::ServiceDef {
            cli_name: #cli_name,
            meta: &SERVICE_META,
            doc: #service_doc,
            operations: &[#(#ops),*],
            shapes: &[#(#shapes),*],
        };
    })
}

/// Documentation of `traits` as Markdown (empty when there is none).
fn markdown(traits: &Traits) -> String {
    traits
        .documentation
        .as_deref()
        .map(html_to_markdown)
        .unwrap_or_default()
}

fn opt_str(v: Option<&str>) -> TokenStream {
    match v {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    }
}

/// An index as an unsuffixed literal (`3`, not `3usize`).
fn lit_usize(n: usize) -> Literal {
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

/// A range bound of an integer shape as i64 (it must be integral and in range).
fn opt_i64(v: Option<f64>, shape: &ShapeId) -> Result<TokenStream, CodegenError> {
    match v {
        None => Ok(quote!(::std::option::Option::None)),
        Some(n) if n.fract() == 0.0 && n >= i64::MIN as f64 && n <= i64::MAX as f64 => {
            let n = n as i64;
            Ok(quote!(::std::option::Option::Some(#n)))
        }
        Some(n) => Err(CodegenError::at(
            &shape.0,
            format!("range bound {n} of an integer shape is not an integer"),
        )),
    }
}

/// The shape index and the model, while emitting.
struct Tables<'m> {
    model: &'m Model,
    index: HashMap<&'m ShapeId, usize>,
}

impl<'m> Tables<'m> {
    fn shape(&self, id: &ShapeId) -> Result<&'m Shape, CodegenError> {
        self.model
            .shapes
            .get(id)
            .ok_or_else(|| CodegenError::at(&id.0, "shape not found in the model"))
    }

    fn idx(&self, id: &ShapeId) -> Result<Literal, CodegenError> {
        self.index
            .get(id)
            .map(|i| lit_usize(*i))
            .ok_or_else(|| CodegenError::at(&id.0, "shape is not in the operations' closure"))
    }

    fn member_def(&self, m: &Member) -> Result<TokenStream, CodegenError> {
        let name = m.name.as_str();
        let json_name = opt_str(m.traits.json_name.as_deref());
        let target = self.idx(&m.target)?;
        let required = m.traits.required;
        let target_shape = self.shape(&m.target)?;
        let doc = html_to_markdown(member_documentation(&m.traits, &target_shape.traits));
        let idempotency_token = m.traits.idempotency_token;
        let deprecated = m.traits.deprecated.is_some();
        Ok(quote! {
            ::awslice_cli::schema::MemberDef {
                name: #name,
                json_name: #json_name,
                target: #target,
                required: #required,
                doc: #doc,
                idempotency_token: #idempotency_token,
                deprecated: #deprecated,
            }
        })
    }

    fn shape_def(&self, shape: &Shape) -> Result<TokenStream, CodegenError> {
        let id = &shape.id;
        let t = &shape.traits;
        let (len_min, len_max) = t.length.map_or((None, None), |l| (l.min, l.max));
        let (range_min, range_max) = t.range.map_or((None, None), |r| (r.min, r.max));
        let kind = match &shape.kind {
            ShapeKind::Structure(members) => {
                let members = members
                    .iter()
                    .map(|m| self.member_def(m))
                    .collect::<Result<Vec<_>, _>>()?;
                let error = opt_str(t.error.as_deref());
                quote!(::awslice_cli::schema::ShapeKind::Structure { members: &[#(#members),*], error: #error })
            }
            ShapeKind::Union(members) => {
                let members = members
                    .iter()
                    .map(|m| self.member_def(m))
                    .collect::<Result<Vec<_>, _>>()?;
                quote!(::awslice_cli::schema::ShapeKind::Union { members: &[#(#members),*] })
            }
            ShapeKind::List { member, .. } => {
                let member = self.idx(&member.target)?;
                let (min, max) = (opt_u64(len_min), opt_u64(len_max));
                quote!(::awslice_cli::schema::ShapeKind::List { member: #member, min_len: #min, max_len: #max })
            }
            ShapeKind::Map { key, value } => {
                let key = self.idx(&key.target)?;
                let value = self.idx(&value.target)?;
                quote!(::awslice_cli::schema::ShapeKind::Map { key: #key, value: #value })
            }
            ShapeKind::String | ShapeKind::Enum(_) => {
                let values = enum_values(shape);
                let (min, max) = (opt_u64(len_min), opt_u64(len_max));
                let pattern = opt_str(t.pattern.as_deref());
                quote! {
                    ::awslice_cli::schema::ShapeKind::String {
                        enum_values: &[#(#values),*],
                        min_len: #min,
                        max_len: #max,
                        pattern: #pattern,
                    }
                }
            }
            ShapeKind::IntEnum(values) => {
                let pairs = values.iter().map(|v| {
                    let (name, value) = (v.name.as_str(), v.value);
                    quote!((#name, #value))
                });
                quote!(::awslice_cli::schema::ShapeKind::IntEnum { values: &[#(#pairs),*] })
            }
            ShapeKind::Boolean => quote!(::awslice_cli::schema::ShapeKind::Boolean),
            ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer | ShapeKind::Long => {
                let (min, max) = (opt_i64(range_min, id)?, opt_i64(range_max, id)?);
                quote!(::awslice_cli::schema::ShapeKind::Integer { min: #min, max: #max })
            }
            ShapeKind::Float | ShapeKind::Double => {
                let (min, max) = (opt_f64(range_min), opt_f64(range_max));
                quote!(::awslice_cli::schema::ShapeKind::Float { min: #min, max: #max })
            }
            ShapeKind::BigInteger => quote!(::awslice_cli::schema::ShapeKind::BigInteger),
            ShapeKind::BigDecimal => quote!(::awslice_cli::schema::ShapeKind::BigDecimal),
            ShapeKind::Timestamp => {
                let format = match t.timestamp_format.as_deref() {
                    None | Some("epoch-seconds") => quote!(EpochSeconds),
                    Some("date-time") => quote!(DateTime),
                    Some("http-date") => quote!(HttpDate),
                    Some(other) => {
                        return Err(CodegenError::at(
                            &id.0,
                            format!("unknown timestampFormat `{other}`"),
                        ));
                    }
                };
                quote!(::awslice_cli::schema::ShapeKind::Timestamp {
                    format: ::awslice_cli::schema::TimestampFormat::#format
                })
            }
            ShapeKind::Blob => quote!(::awslice_cli::schema::ShapeKind::Blob),
            ShapeKind::Document => quote!(::awslice_cli::schema::ShapeKind::Document),
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {
                return Err(CodegenError::at(&id.0, "not a data shape"));
            }
        };
        let name = id.name();
        let doc = markdown(t);
        let sensitive = t.sensitive;
        Ok(quote! {
            ::awslice_cli::schema::ShapeDef { name: #name, kind: #kind, doc: #doc, sensitive: #sensitive }
        })
    }

    fn operation_def(
        &self,
        id: &ShapeId,
        default_paginated: Option<&Paginated>,
    ) -> Result<TokenStream, CodegenError> {
        let shape = self.shape(id)?;
        let ShapeKind::Operation(op) = &shape.kind else {
            return Err(CodegenError::at(&id.0, "not an operation"));
        };
        let name = id.name();
        let cli_name = cli_operation_name(name);
        let doc = markdown(&shape.traits);
        let input = match &op.input {
            Some(i) => {
                let i = self.idx(i)?;
                quote!(::std::option::Option::Some(#i))
            }
            None => quote!(::std::option::Option::None),
        };
        let output = match &op.output {
            Some(o) => {
                let o = self.idx(o)?;
                quote!(::std::option::Option::Some(#o))
            }
            None => quote!(::std::option::Option::None),
        };
        let errors = op
            .errors
            .iter()
            .map(|e| self.idx(e))
            .collect::<Result<Vec<_>, _>>()?;
        let params = match &op.input {
            Some(i) => self.params(self.shape(i)?)?,
            None => Vec::new(),
        };
        let paginator = match &shape.traits.paginated {
            Some(p) => paginator(id, p, default_paginated)?,
            None => quote!(::std::option::Option::None),
        };
        let deprecated = shape.traits.deprecated.is_some();
        let sk = skeletons(self.model, id)?;
        let (sk_in, sk_yaml, sk_out) = (sk.input, sk.yaml_input, sk.output);
        Ok(quote! {
            ::awslice_cli::schema::OperationDef {
                name: #name,
                cli_name: #cli_name,
                doc: #doc,
                input: #input,
                output: #output,
                errors: &[#(#errors),*],
                params: &[#(#params),*],
                paginator: #paginator,
                deprecated: #deprecated,
                skeleton_input: #sk_in,
                skeleton_yaml_input: #sk_yaml,
                skeleton_output: #sk_out,
            }
        })
    }

    /// One parameter per input member, in member order.
    fn params(&self, input: &Shape) -> Result<Vec<TokenStream>, CodegenError> {
        let ShapeKind::Structure(members) = &input.kind else {
            return Err(CodegenError::at(
                &input.id.0,
                "operation input is not a structure",
            ));
        };
        members
            .iter()
            .map(|m| {
                let target = self.shape(&m.target)?;
                let cli_name = cli_param_name(&m.name);
                let member = m.name.as_str();
                let shape = self.idx(&m.target)?;
                // argparse marks required options as required, except booleans, which are
                // a `--x`/`--no-x` pair that cannot be required.
                let required = m.traits.required && !matches!(target.kind, ShapeKind::Boolean);
                let doc = html_to_markdown(member_documentation(&m.traits, &target.traits));
                Ok(quote! {
                    ::awslice_cli::schema::ParamDef {
                        cli_name: #cli_name,
                        member: #member,
                        shape: #shape,
                        required: #required,
                        doc: #doc,
                    }
                })
            })
            .collect()
    }
}

/// `smithy.api#paginated` of an operation merged over the service's defaults.
fn paginator(
    op: &ShapeId,
    own: &Paginated,
    defaults: Option<&Paginated>,
) -> Result<TokenStream, CodegenError> {
    let pick = |f: fn(&Paginated) -> Option<&String>| -> Option<String> {
        f(own).or_else(|| defaults.and_then(f)).cloned()
    };
    let input_token = pick(|p| p.input_token.as_ref())
        .ok_or_else(|| CodegenError::at(&op.0, "paginated operation has no inputToken"))?;
    let output_token = pick(|p| p.output_token.as_ref())
        .ok_or_else(|| CodegenError::at(&op.0, "paginated operation has no outputToken"))?;
    let page_size = opt_str(pick(|p| p.page_size.as_ref()).as_deref());
    let items = opt_str(pick(|p| p.items.as_ref()).as_deref());
    Ok(quote! {
        ::std::option::Option::Some(::awslice_cli::schema::PaginatorDef {
            input_token: #input_token,
            output_token: #output_token,
            page_size: #page_size,
            items: #items,
        })
    })
}
