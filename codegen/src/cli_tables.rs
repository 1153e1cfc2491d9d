//! Emits the CLI command tables of a service: one `pub static SERVICE:
//! awslice_cli::schema::ServiceDef` holding every operation (model order), every shape they
//! reach (each once; a shape's index is its position in `shapes`), the command parameters
//! with the AWS CLI's names, the paginators, the three `--generate-cli-skeleton` documents,
//! and the service's own `SERVICE_META`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::CodegenError;
use crate::botocore_names::{cli_operation_name, cli_param_name};
use crate::contract::{OPERATION_DEF, PAGINATOR_DEF, PARAM_DEF, SERVICE_DEF};
use crate::docs::{html_to_markdown, html_to_markdown_cli};
use crate::model::{Model, Paginated, Shape, ShapeId, ShapeKind};
use crate::schema_tables::{Tables, markdown, opt_str};
use crate::service_meta::{cli_service_name, emit_service_meta, service_shape};
use crate::skeleton::{member_documentation, skeletons};

/// Emits `SERVICE_META` and `pub static SERVICE: awslice_cli::schema::ServiceDef = …;` for
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

    let tables = Tables::new(model, operations, true)?;
    let shapes = tables.shape_defs()?;
    let default_paginated = svc_shape.traits.paginated.clone();
    let ops = operations
        .iter()
        .map(|id| tables.operation_def(id, default_paginated.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;

    Ok(quote! {
        #meta

        /// The CLI command tables of the service, generated from its model.
        pub static SERVICE: #SERVICE_DEF = #SERVICE_DEF {
            cli_name: #cli_name,
            meta: &SERVICE_META,
            doc: #service_doc,
            operations: &[#(#ops),*],
            shapes: &[#(#shapes),*],
        };
    })
}

impl Tables<'_> {
    fn operation_def(
        &self,
        id: &ShapeId,
        default_paginated: Option<&Paginated>,
    ) -> Result<TokenStream, CodegenError> {
        let shape = self.shape(id)?;
        let ShapeKind::Operation(op) = &shape.kind else {
            return Err(CodegenError::at(&id.0, "not an operation"));
        };
        let cli_name = cli_operation_name(id.name());
        let doc = markdown(&shape.traits);
        let wire = self.operation_wire(id)?;
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
            #OPERATION_DEF {
                wire: #wire,
                cli_name: #cli_name,
                doc: #doc,
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
                    #PARAM_DEF {
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
        ::std::option::Option::Some(#PAGINATOR_DEF {
            input_token: #input_token,
            output_token: #output_token,
            page_size: #page_size,
            items: #items,
        })
    })
}
