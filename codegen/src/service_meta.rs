//! Emits the `SERVICE_META` static (`awslice_runtime::service::ServiceMeta`) of a service:
//! names, protocol and endpoint rule set. Used by the SDK emitter and by the CLI tables.

use proc_macro2::TokenStream;
use quote::quote;

use crate::CodegenError;
use crate::model::{Model, Service, Shape, ShapeId, ShapeKind};

/// The service shape `service` of `model`, or an error naming it.
pub(crate) fn service_shape<'m>(
    model: &'m Model,
    service: &ShapeId,
) -> Result<(&'m Shape, &'m Service), CodegenError> {
    let shape = model
        .shapes
        .get(service)
        .ok_or_else(|| CodegenError::at(&service.0, "service shape not found in the model"))?;
    match &shape.kind {
        ShapeKind::Service(s) => Ok((shape, s)),
        _ => Err(CodegenError::at(&service.0, "shape is not a service")),
    }
}

/// A string field of the object trait `trait_id` on `shape`.
fn trait_str<'m>(shape: &'m Shape, trait_id: &str, field: &str) -> Option<&'m str> {
    shape.traits.raw.get(trait_id)?.get(field)?.as_str()
}

/// The `aws.api#service` `sdkId` of `service` (`WorkSpaces`), or an error naming the service.
pub(crate) fn sdk_id<'m>(model: &'m Model, service: &ShapeId) -> Result<&'m str, CodegenError> {
    let (shape, _) = service_shape(model, service)?;
    trait_str(shape, "aws.api#service", "sdkId").ok_or_else(|| {
        CodegenError::at(
            &service.0,
            "missing `aws.api#service` trait with an `sdkId`",
        )
    })
}

/// The AWS CLI's command name of `service` (`workspaces`), from its `sdkId`: THE service name
/// of the CLI tables and of the crates generated for the service
/// ([`crate::botocore_names::cli_service_name`]).
pub fn cli_service_name(model: &Model, service: &ShapeId) -> Result<String, CodegenError> {
    Ok(crate::botocore_names::cli_service_name(sdk_id(
        model, service,
    )?))
}

/// Emits `pub static SERVICE_META: ::awslice_runtime::service::ServiceMeta = …;` for
/// `service`.
///
/// The endpoint rule set (`smithy.rules#endpointRuleSet`) is embedded as compact JSON text;
/// a service without one gets an empty string. The protocol must be `awsJson1_0` or
/// `awsJson1_1`; `aws.api#service` must give `sdkId` and `endpointPrefix` (the signing
/// name falls back to the endpoint prefix when `aws.auth#sigv4` has none).
pub fn emit_service_meta(model: &Model, service: &ShapeId) -> Result<TokenStream, CodegenError> {
    let (shape, svc) = service_shape(model, service)?;
    let shape_name = service.name();
    let sdk_id = sdk_id(model, service)?;
    let endpoint_prefix = trait_str(shape, "aws.api#service", "endpointPrefix")
        .ok_or_else(|| CodegenError::at(&service.0, "`aws.api#service` has no `endpointPrefix`"))?;
    let signing_name = trait_str(shape, "aws.auth#sigv4", "name").unwrap_or(endpoint_prefix);
    let protocol = if shape.traits.raw.contains_key("aws.protocols#awsJson1_1") {
        quote!(::awslice_runtime::service::Protocol::AwsJson1_1)
    } else if shape.traits.raw.contains_key("aws.protocols#awsJson1_0") {
        quote!(::awslice_runtime::service::Protocol::AwsJson1_0)
    } else {
        return Err(CodegenError::at(
            &service.0,
            "unsupported protocol: only aws.protocols#awsJson1_0 and awsJson1_1 are supported",
        ));
    };
    let api_version = svc.version.as_str();
    let rule_set = match shape.traits.raw.get("smithy.rules#endpointRuleSet") {
        Some(v) => serde_json::to_string(v).map_err(|e| {
            CodegenError::at(
                &service.0,
                format!("cannot serialise the endpoint rule set: {e}"),
            )
        })?,
        None => String::new(),
    };
    Ok(quote! {
        /// Runtime metadata of the service, generated from its model.
        pub static SERVICE_META: ::awslice_runtime::service::ServiceMeta =
            ::awslice_runtime::service::ServiceMeta {
                shape_name: #shape_name,
                sdk_id: #sdk_id,
                endpoint_prefix: #endpoint_prefix,
                signing_name: #signing_name,
                protocol: #protocol,
                api_version: #api_version,
                endpoint_rule_set: #rule_set,
            };
    })
}
