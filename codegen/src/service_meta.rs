//! Emits the `SERVICE_META` static (`awslice_runtime::service::ServiceMeta`) of a service:
//! names, protocol and endpoint rule set. Used by the SDK emitter and by the CLI tables.

use proc_macro2::TokenStream;
use quote::quote;

use crate::CodegenError;
use crate::contract::{PROTOCOL, SERVICE_META_TYPE, SIGNER};
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

/// The wire protocols the generator supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireProtocol {
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
    /// `aws.protocols#restJson1`.
    RestJson1,
    /// `aws.protocols#awsQuery`.
    AwsQuery,
    /// `aws.protocols#restXml`.
    RestXml,
    /// `aws.protocols#ec2Query`.
    Ec2Query,
}

/// The protocol the AWS CLI speaks to `service`: of the protocols the service lists, the first
/// in botocore's order (awsJson, restJson1, restXml, rpcv2Cbor, awsQuery, ec2Query).
///
/// # Errors
/// The service lists none that awslice supports yet (rpcv2Cbor alone is to come):
/// the error names the one it meets first.
pub fn protocol(model: &Model, service: &ShapeId) -> Result<WireProtocol, CodegenError> {
    let (shape, _) = service_shape(model, service)?;
    let has = |t: &str| shape.traits.raw.contains_key(t);
    // botocore's priority order, with the protocols not supported yet in their places.
    for (id, supported) in [
        ("aws.protocols#awsJson1_1", Some(WireProtocol::AwsJson1_1)),
        ("aws.protocols#awsJson1_0", Some(WireProtocol::AwsJson1_0)),
        ("aws.protocols#restJson1", Some(WireProtocol::RestJson1)),
        ("aws.protocols#restXml", Some(WireProtocol::RestXml)),
        ("smithy.protocols#rpcv2Cbor", None),
        ("aws.protocols#awsQuery", Some(WireProtocol::AwsQuery)),
        ("aws.protocols#ec2Query", Some(WireProtocol::Ec2Query)),
    ] {
        if has(id) {
            return supported.ok_or_else(|| {
                CodegenError::at(
                    &service.0,
                    format!(
                        "unsupported protocol {id}: awslice generates awsJson1_0, awsJson1_1, restJson1, restXml, awsQuery and ec2Query services"
                    ),
                )
            });
        }
    }
    Err(CodegenError::at(
        &service.0,
        "the service has no protocol trait (aws.protocols#awsJson1_0, awsJson1_1, restJson1, restXml, awsQuery, …)",
    ))
}

/// Emits `pub static SERVICE_META: ServiceMeta = …;` ([`SERVICE_META_TYPE`](crate::contract::SERVICE_META_TYPE)) for
/// `service`.
///
/// The endpoint rule set (`smithy.rules#endpointRuleSet`) is embedded as compact JSON text;
/// a service without one gets an empty string. The protocol is the one botocore picks
/// ([`protocol`]); `aws.api#service` must give `sdkId` (without `endpointPrefix` the signing
/// name stands in; the signing name falls back to the endpoint prefix when `aws.auth#sigv4`
/// has none).
pub fn emit_service_meta(model: &Model, service: &ShapeId) -> Result<TokenStream, CodegenError> {
    let (shape, svc) = service_shape(model, service)?;
    let shape_name = service.name();
    let sdk_id = sdk_id(model, service)?;
    // `endpointPrefix` is optional in the trait: the signing name, else the CLI name, stands in.
    let cli_name = cli_service_name(model, service)?;
    let endpoint_prefix = trait_str(shape, "aws.api#service", "endpointPrefix")
        .or_else(|| trait_str(shape, "aws.auth#sigv4", "name"))
        .unwrap_or(&cli_name);
    let signing_name = trait_str(shape, "aws.auth#sigv4", "name").unwrap_or(endpoint_prefix);
    let protocol = match protocol(model, service)? {
        WireProtocol::AwsJson1_1 => quote!(#PROTOCOL::AwsJson1_1),
        WireProtocol::AwsJson1_0 => quote!(#PROTOCOL::AwsJson1_0),
        WireProtocol::RestJson1 => quote!(#PROTOCOL::RestJson1),
        WireProtocol::AwsQuery => quote!(#PROTOCOL::AwsQuery),
        WireProtocol::RestXml => quote!(#PROTOCOL::RestXml),
        WireProtocol::Ec2Query => quote!(#PROTOCOL::Ec2Query),
    };
    let xml_namespace =
        crate::wire::xml_namespace_tokens(crate::wire::xml_namespace(&service.0, &shape.traits)?);
    let signer = match crate::customizations::signer(signing_name) {
        awslice_runtime::service::Signer::PayloadHashHeader => quote!(#SIGNER::PayloadHashHeader),
        _ => quote!(#SIGNER::SigV4),
    };
    let api_version = svc.version.as_str();
    let query_compatible = shape
        .traits
        .raw
        .contains_key("aws.protocols#awsQueryCompatible");
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
        pub static SERVICE_META: #SERVICE_META_TYPE =
            #SERVICE_META_TYPE {
                shape_name: #shape_name,
                sdk_id: #sdk_id,
                endpoint_prefix: #endpoint_prefix,
                signing_name: #signing_name,
                protocol: #protocol,
                api_version: #api_version,
                endpoint_rule_set: #rule_set,
                query_compatible: #query_compatible,
                xml_namespace: #xml_namespace,
                signer: #signer,
            };
    })
}
