//! Emits the CLI command tables of a service: one `pub static SERVICE:
//! awslice_cli::schema::ServiceDef` holding every operation (model order), every shape they
//! reach (each once; a shape's index is its position in `shapes`), the command parameters
//! with the AWS CLI's names, the paginators, the three `--generate-cli-skeleton` documents,
//! and the service's own `SERVICE_META`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::CodegenError;
use crate::botocore_names::{botocore_service_name, cli_operation_name, cli_param_name};
use crate::botocore_paginators::{BotocorePaginator, botocore_paginator};
use crate::contract::{OPERATION_DEF, PAGINATOR_DEF, PARAM_DEF, SERVICE_DEF};
use crate::docs::{html_to_markdown, html_to_markdown_cli};
use crate::model::{Model, Paginated, Shape, ShapeId, ShapeKind};
use crate::schema_tables::{Tables, markdown, opt_str};
use crate::service_meta::{cli_service_name, emit_service_meta, sdk_id, service_shape};
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
    let botocore_service = botocore_service_name(sdk_id(model, service)?);
    let ops = operations
        .iter()
        .map(|id| tables.operation_def(id, &botocore_service, default_paginated.as_ref()))
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
        botocore_service: &str,
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
        // botocore's config wins where it says more than the trait (S3's listings).
        let paginator = match (
            botocore_paginator(botocore_service, id.name()),
            &shape.traits.paginated,
        ) {
            (Some(b), _) => botocore_paginator_def(b),
            (None, Some(p)) => paginator(id, p, default_paginated)?,
            (None, None) => quote!(::std::option::Option::None),
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

/// `smithy.api#paginated` of an operation merged over the service's defaults, as a
/// one-token botocore paginator (`items`, when given, is the one result key).
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
    let limit_key = opt_str(pick(|p| p.page_size.as_ref()).as_deref());
    let result_keys: Vec<String> = pick(|p| p.items.as_ref()).into_iter().collect();
    Ok(quote! {
        ::std::option::Option::Some(#PAGINATOR_DEF {
            input_tokens: &[#input_token],
            output_tokens: &[#output_token],
            limit_key: #limit_key,
            result_keys: &[#(#result_keys),*],
            more_results: ::std::option::Option::None,
            non_aggregate_keys: &[],
        })
    })
}

/// A paginator from botocore's config ([`crate::botocore_paginators`]).
fn botocore_paginator_def(p: &BotocorePaginator) -> TokenStream {
    let (input, output, results, non_aggregate) = (
        p.input_token,
        p.output_token,
        p.result_key,
        p.non_aggregate_keys,
    );
    let limit_key = opt_str(p.limit_key);
    let more_results = opt_str(p.more_results);
    quote! {
        ::std::option::Option::Some(#PAGINATOR_DEF {
            input_tokens: &[#(#input),*],
            output_tokens: &[#(#output),*],
            limit_key: #limit_key,
            result_keys: &[#(#results),*],
            more_results: #more_results,
            non_aggregate_keys: &[#(#non_aggregate),*],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An `S3` service whose `ListObjects` has the Smithy trait (one token, one items path)
    /// and whose `ListThings` has no botocore override.
    const S3: &str = r#"{"smithy": "2.0", "shapes": {
      "s#S3": {"type": "service", "version": "2006-03-01",
        "operations": [{"target": "s#ListObjects"}, {"target": "s#ListThings"}],
        "traits": {"aws.api#service": {"sdkId": "S3", "endpointPrefix": "s3"},
                   "aws.protocols#awsJson1_0": {}}},
      "s#ListObjects": {"type": "operation", "input": {"target": "s#In"},
        "output": {"target": "s#Out"},
        "traits": {"smithy.api#paginated": {"inputToken": "Marker", "outputToken": "NextMarker",
                   "items": "Contents", "pageSize": "MaxKeys"}}},
      "s#ListThings": {"type": "operation", "input": {"target": "s#In"},
        "output": {"target": "s#Out"},
        "traits": {"smithy.api#paginated": {"inputToken": "Marker", "outputToken": "NextMarker",
                   "items": "Contents"}}},
      "s#In": {"type": "structure", "members": {
        "Marker": {"target": "smithy.api#String"},
        "MaxKeys": {"target": "smithy.api#Integer"}}},
      "s#Out": {"type": "structure", "members": {
        "NextMarker": {"target": "smithy.api#String"},
        "Contents": {"target": "s#List"}}},
      "s#List": {"type": "list", "member": {"target": "smithy.api#String"}}
    }}"#;

    /// botocore's config replaces the trait for S3's `ListObjects`; the trait stays for the rest.
    #[test]
    fn botocore_paginators_override_the_smithy_trait() {
        let model = crate::model::parse(S3).expect("parses");
        let ops = [
            ShapeId("s#ListObjects".into()),
            ShapeId("s#ListThings".into()),
        ];
        let tables = emit_cli_tables(&model, &ShapeId("s#S3".into()), &ops)
            .expect("emits")
            .to_string()
            .replace(' ', "");
        assert!(
            tables.contains(
                r#"input_tokens:&["Marker"],output_tokens:&["NextMarker||Contents[-1].Key"],limit_key:::std::option::Option::Some("MaxKeys"),result_keys:&["Contents","CommonPrefixes"],more_results:::std::option::Option::Some("IsTruncated"),non_aggregate_keys:&["RequestCharged","Prefix"]"#
            ),
            "{tables}"
        );
        assert!(
            tables.contains(
                r#"input_tokens:&["Marker"],output_tokens:&["NextMarker"],limit_key:::std::option::Option::None,result_keys:&["Contents"],more_results:::std::option::Option::None,non_aggregate_keys:&[]"#
            ),
            "{tables}"
        );
    }
}
