//! An operation's call rules beyond its HTTP binding ([`OperationRules`]): the endpoint
//! parameters and checksums its traits give, and what botocore's handlers
//! (`botocore/handlers.py`, the AWS CLI's engine) change on the wire for some services. The
//! generator decides each rule here, from the model; the runtime only applies the values it
//! is given and names no service.
//!
//! botocore's S3 handlers carried over (the service whose botocore name is `s3`):
//! - `remove_bucket_from_url_paths_from_model`: the rule set puts the bucket in the endpoint
//!   URL, so the URI's leading `/{Bucket}` is dropped ([`http`]);
//! - the Smithy model's `?x-id=<Operation>` literals are not in botocore's model: dropped;
//! - `_handle_200_error`: a 200 reply holding `<Error>` is an error (outputs without a blob or
//!   string payload or event stream);
//! - `escape_xml_payload` (`DeleteObjects`, `PutBucketLifecycleConfiguration`);
//! - `set_list_objects_encoding_type_url` / `decode_list_object*`;
//! - `customize_endpoint_resolver_builtins`: `GetBucketLocation` is always path-style;
//! - `add_expect_header`: `Expect: 100-continue` on uploads of a file;
//! - `validate_bucket_name`: the `Bucket` member is checked before sending;
//! - `parse_get_bucket_location`: `LocationConstraint` is the reply's root text;
//! - `handle_copy_source_param`: `CopySource` is percent-encoded before its version id;
//! - `validate_ascii_metadata`: `Metadata` keys and values must be ASCII;
//! - `sse_md5` / `copy_source_sse_md5`: SSE-C keys sent base64-encoded with their MD5;
//! - `handle_expires_header`: the `Expires` header's text as `ExpiresString`, and
//!   `service-2.sdk-extras.json`'s `Expires` timestamp ([`patch_model`]);
//! - Route 53's `fix_route53_ids`: `ResourceId`, `DelegationSetId` and `ChangeId` members
//!   keep only their last `/` segment;
//! - S3 Control's `remove_accid_host_prefix_from_model`: no `{AccountId}.` host prefix where
//!   the rule set adds the account id ([`host_prefix`]);
//! - `S3SigV4Auth` for the signing names `s3`, `s3-outposts`, `s3-object-lambda` and
//!   `s3express` ([`signer`]).

use awslice_runtime::schema::{
    EndpointParam, EndpointParamValue, HeaderText, Http, HttpChecksum, OperationRules,
    UrlEncodedListing,
};
use awslice_runtime::service::Signer;
use proc_macro2::TokenStream;
use quote::quote;

use crate::CodegenError;
use crate::contract::{
    ENDPOINT_PARAM, ENDPOINT_PARAM_VALUE, HEADER_TEXT, HTTP_CHECKSUM, OPERATION_RULES,
    URL_ENCODED_LISTING,
};
use crate::model::{Model, Shape, ShapeKind};
use crate::schema_tables::{leak, opt_str};

/// botocore's signing names of `S3SigV4Auth` (`auth.py`'s `S3_SIGNING_NAMES`).
const S3_SIGNING_NAMES: [&str; 4] = ["s3", "s3-outposts", "s3-object-lambda", "s3express"];

/// The `sdkId` of the model's single service, if it has one
/// ([`crate::closure::the_service`], [`crate::service_meta::sdk_id`]).
fn sdk_id(model: &Model) -> Option<&str> {
    let service = crate::closure::the_service(model).ok()?;
    crate::service_meta::sdk_id(model, &service).ok()
}

/// The botocore name of the model's service (`s3`, `workspaces`), if the model has one.
pub(crate) fn botocore_service_name(model: &Model) -> Option<String> {
    sdk_id(model).map(crate::botocore_names::botocore_service_name)
}

fn is_s3(model: &Model) -> bool {
    botocore_service_name(model).as_deref() == Some("s3")
}

/// botocore's changes to a service's model (its `service-2.sdk-extras.json`), applied when the
/// model is parsed so every reader sees them: S3's `Expires` is a timestamp, not a string
/// (an HTTP date in the header, printed as the AWS CLI prints timestamps).
pub(crate) fn patch_model(model: &mut Model) {
    if is_s3(model)
        && let Some(expires) = model.shapes.get_mut(&crate::model::ShapeId(
            "com.amazonaws.s3#Expires".to_owned(),
        ))
        && matches!(expires.kind, ShapeKind::String)
    {
        expires.kind = ShapeKind::Timestamp;
    }
}

/// The signer of a service signing as `signing_name`.
pub fn signer(signing_name: &str) -> Signer {
    if S3_SIGNING_NAMES.contains(&signing_name) {
        Signer::PayloadHashHeader
    } else {
        Signer::SigV4
    }
}

/// Codes besides its own that select the modelled error `error` in the generated SDK's
/// error enums: for S3, the `404` of a bodiless reply (a `HeadObject`/`HeadBucket` of nothing:
/// botocore reads the status as the code) is the model's `NotFound`, as in the official SDK.
/// The code itself is kept (`code()` stays `404`, what the CLI prints).
pub fn extra_error_codes(model: &Model, error: &str) -> &'static [&'static str] {
    if error == "NotFound" && is_s3(model) {
        &["404"]
    } else {
        &[]
    }
}

/// The HTTP binding botocore sends for `http` of an operation of `model`: for S3, without the
/// URI's leading `/{Bucket}` (the endpoint holds the bucket) and its `x-id` query literal.
pub fn http(model: &Model, http: Http) -> Http {
    if !is_s3(model) || http == Http::RPC {
        return http;
    }
    let (path, query) = http.uri.split_once('?').unwrap_or((http.uri, ""));
    let path = path.strip_prefix("/{Bucket}").unwrap_or(path);
    let path = if path.is_empty() { "/" } else { path };
    let query: Vec<&str> = query
        .split('&')
        .filter(|q| !q.is_empty() && !q.starts_with("x-id="))
        .collect();
    let uri = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    };
    Http {
        uri: leak(&uri),
        ..http
    }
}

/// The host prefix botocore sends for operation `op` of `model`: S3 Control's `{AccountId}.`
/// is dropped where the rule set puts the account id in the host itself (its
/// `RequiresAccountId` static parameter; botocore's `remove_accid_host_prefix_from_model`).
pub fn host_prefix(
    model: &Model,
    op: &Shape,
    prefix: Option<&'static str>,
) -> Option<&'static str> {
    let requires_account_id = op
        .traits
        .raw
        .get("smithy.rules#staticContextParams")
        .and_then(|p| p.get("RequiresAccountId"))
        .and_then(|p| p.get("value"))
        .and_then(serde_json::Value::as_bool)
        == Some(true);
    if sdk_id(model) == Some("S3 Control") && prefix == Some("{AccountId}.") && requires_account_id
    {
        None
    } else {
        prefix
    }
}

/// The call rules of operation `op` of `model`.
///
/// # Errors
/// A malformed `smithy.rules#staticContextParams` value or `aws.protocols#httpChecksum`.
pub fn operation_rules(model: &Model, op: &Shape) -> Result<OperationRules, CodegenError> {
    let ShapeKind::Operation(o) = &op.kind else {
        return Err(CodegenError::at(&op.id.0, "not an operation"));
    };
    let structure = |id: &Option<crate::model::ShapeId>| {
        id.as_ref()
            .and_then(|i| model.shapes.get(i))
            .and_then(|s| match &s.kind {
                ShapeKind::Structure(m) => Some(m.as_slice()),
                _ => None,
            })
            .unwrap_or(&[])
    };
    let inputs = structure(&o.input);
    let outputs = structure(&o.output);
    let at = op.id.0.as_str();

    let mut endpoint_params = Vec::new();
    if let Some(statics) = op.traits.raw.get("smithy.rules#staticContextParams") {
        let statics = statics.as_object().ok_or_else(|| {
            CodegenError::at(at, "smithy.rules#staticContextParams is not an object")
        })?;
        for (name, v) in statics {
            let value = match v.get("value") {
                Some(serde_json::Value::Bool(b)) => EndpointParamValue::Bool(*b),
                Some(serde_json::Value::String(s)) => EndpointParamValue::Str(leak(s)),
                _ => {
                    return Err(CodegenError::at(
                        at,
                        format!(
                            "smithy.rules#staticContextParams `{name}`: a boolean or string `value` is needed"
                        ),
                    ));
                }
            };
            endpoint_params.push(EndpointParam {
                name: leak(name),
                value,
            });
        }
    }
    for m in inputs {
        if let Some(name) = m
            .traits
            .raw
            .get("smithy.rules#contextParam")
            .and_then(|t| t.get("name"))
            .and_then(serde_json::Value::as_str)
        {
            endpoint_params.push(EndpointParam {
                name: leak(name),
                value: EndpointParamValue::Member(leak(&m.name)),
            });
        }
    }

    let checksum_trait = op.traits.raw.get("aws.protocols#httpChecksum");
    let required = op
        .traits
        .raw
        .contains_key("smithy.api#httpChecksumRequired");
    let checksum = if checksum_trait.is_some() || required {
        let t = checksum_trait.cloned().unwrap_or_default();
        let text = |k: &str| t.get(k).and_then(serde_json::Value::as_str).map(leak);
        let algorithm_member = text("requestAlgorithmMember");
        let algorithm_header = algorithm_member.and_then(|name| {
            inputs
                .iter()
                .find(|m| m.name == name)
                .and_then(|m| m.traits.raw.get("smithy.api#httpHeader"))
                .and_then(serde_json::Value::as_str)
                .map(leak)
        });
        let response_algorithms: Vec<&'static str> = t
            .get("responseAlgorithms")
            .and_then(serde_json::Value::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_str()).map(leak).collect())
            .unwrap_or_default();
        Some(HttpChecksum {
            request_required: required
                || t.get("requestChecksumRequired")
                    .and_then(serde_json::Value::as_bool)
                    .unwrap_or(false),
            request_algorithm_member: algorithm_member,
            request_algorithm_header: algorithm_header,
            request_validation_mode_member: text("requestValidationModeMember"),
            response_algorithms: Box::leak(response_algorithms.into_boxed_slice()),
        })
    } else {
        None
    };

    let mut rules = OperationRules {
        endpoint_params: Box::leak(endpoint_params.into_boxed_slice()),
        checksum,
        ..OperationRules::NONE
    };
    if botocore_service_name(model).as_deref() == Some("route53") {
        // `fix_route53_ids`: top-level members targeting these shapes.
        let ids: Vec<&'static str> = inputs
            .iter()
            .filter(|m| {
                matches!(
                    m.target.name(),
                    "ResourceId" | "DelegationSetId" | "ChangeId"
                )
            })
            .map(|m| leak(&m.name))
            .collect();
        rules.last_segment_members = Box::leak(ids.into_boxed_slice());
    }
    if is_s3(model) {
        let name = op.id.name();
        let has =
            |members: &[crate::model::Member], name: &str| members.iter().any(|m| m.name == name);
        let output_payload_is_text = outputs.iter().any(|m| {
            m.traits.raw.contains_key("smithy.api#httpPayload")
                && model.shapes.get(&m.target).is_some_and(|s| {
                    matches!(
                        s.kind,
                        ShapeKind::Blob | ShapeKind::String | ShapeKind::Enum(_)
                    ) || crate::wire::streaming(s)
                })
        });
        rules.error_in_200 = o.output.is_some() && !output_payload_is_text;
        rules.escape_xml_line_breaks =
            matches!(name, "DeleteObjects" | "PutBucketLifecycleConfiguration");
        rules.force_path_style = name == "GetBucketLocation";
        // Bodies that botocore makes file-like (`convert_body_to_file_like_object`) or that
        // are streams.
        let streaming_input = inputs.iter().any(|m| {
            m.traits.raw.contains_key("smithy.api#httpPayload")
                && model
                    .shapes
                    .get(&m.target)
                    .is_some_and(crate::wire::streaming)
        });
        let method = crate::wire::operation_http(op)?.0.method;
        rules.expect_continue = matches!(method, "PUT" | "POST")
            && (streaming_input || matches!(name, "PutObject" | "UploadPart"));
        rules.bucket_name_member = has(inputs, "Bucket").then_some("Bucket");
        rules.root_text_member = (name == "GetBucketLocation"
            && has(outputs, "LocationConstraint"))
        .then_some("LocationConstraint");
        rules.copy_source_member = (matches!(name, "CopyObject" | "UploadPartCopy")
            && has(inputs, "CopySource"))
        .then_some("CopySource");
        let mut sse: Vec<&'static str> = Vec::new();
        if matches!(
            name,
            "HeadObject"
                | "GetObject"
                | "PutObject"
                | "CopyObject"
                | "CreateMultipartUpload"
                | "UploadPart"
                | "UploadPartCopy"
                | "CompleteMultipartUpload"
                | "SelectObjectContent"
        ) && has(inputs, "SSECustomerKey")
        {
            sse.push("SSECustomer");
        }
        if matches!(name, "CopyObject" | "UploadPartCopy")
            && has(inputs, "CopySourceSSECustomerKey")
        {
            sse.push("CopySourceSSECustomer");
        }
        rules.sse_key_prefixes = Box::leak(sse.into_boxed_slice());
        // `_has_expires_shape`: an output member `Expires` bound to the `Expires` header.
        rules.header_text = outputs
            .iter()
            .any(|m| {
                m.name == "Expires"
                    && m.traits
                        .raw
                        .get("smithy.api#httpHeader")
                        .and_then(serde_json::Value::as_str)
                        == Some("Expires")
            })
            .then_some(HeaderText {
                header: "Expires",
                member: "ExpiresString",
            });
        rules.ascii_map_member =
            (matches!(name, "PutObject" | "CopyObject" | "CreateMultipartUpload")
                && has(inputs, "Metadata"))
            .then_some("Metadata");
        const LIST_OBJECTS: &[&[&str]] = &[
            &["Delimiter"],
            &["Marker"],
            &["NextMarker"],
            &["Contents", "Key"],
            &["CommonPrefixes", "Prefix"],
        ];
        const LIST_OBJECTS_V2: &[&[&str]] = &[
            &["Delimiter"],
            &["Prefix"],
            &["StartAfter"],
            &["Contents", "Key"],
            &["CommonPrefixes", "Prefix"],
        ];
        const LIST_OBJECT_VERSIONS: &[&[&str]] = &[
            &["KeyMarker"],
            &["NextKeyMarker"],
            &["Prefix"],
            &["Delimiter"],
            &["Versions", "Key"],
            &["DeleteMarkers", "Key"],
            &["CommonPrefixes", "Prefix"],
        ];
        let decoded = match name {
            "ListObjects" => Some(LIST_OBJECTS),
            "ListObjectsV2" => Some(LIST_OBJECTS_V2),
            "ListObjectVersions" => Some(LIST_OBJECT_VERSIONS),
            _ => None,
        };
        rules.url_encoded_listing =
            decoded
                .filter(|_| has(inputs, "EncodingType"))
                .map(|decoded| UrlEncodedListing {
                    member: "EncodingType",
                    decoded,
                });
    }
    Ok(rules)
}

/// `rules` as Rust: a reference to a constant the generated tables can hold.
pub fn rules_tokens(rules: &OperationRules) -> TokenStream {
    if *rules == OperationRules::NONE {
        return quote!(&#OPERATION_RULES::NONE);
    }
    let params = rules.endpoint_params.iter().map(|p| {
        let name = p.name;
        let value = match p.value {
            EndpointParamValue::Member(m) => quote!(#ENDPOINT_PARAM_VALUE::Member(#m)),
            EndpointParamValue::Bool(b) => quote!(#ENDPOINT_PARAM_VALUE::Bool(#b)),
            EndpointParamValue::Str(s) => quote!(#ENDPOINT_PARAM_VALUE::Str(#s)),
        };
        quote!(#ENDPOINT_PARAM { name: #name, value: #value })
    });
    let checksum = match &rules.checksum {
        None => quote!(::std::option::Option::None),
        Some(c) => {
            let required = c.request_required;
            let member = opt_str(c.request_algorithm_member);
            let header = opt_str(c.request_algorithm_header);
            let mode = opt_str(c.request_validation_mode_member);
            let algorithms = c.response_algorithms;
            quote!(::std::option::Option::Some(#HTTP_CHECKSUM {
                request_required: #required,
                request_algorithm_member: #member,
                request_algorithm_header: #header,
                request_validation_mode_member: #mode,
                response_algorithms: &[#(#algorithms),*],
            }))
        }
    };
    let listing = match &rules.url_encoded_listing {
        None => quote!(::std::option::Option::None),
        Some(l) => {
            let member = l.member;
            let paths = l.decoded.iter().map(|p| quote!(&[#(#p),*]));
            quote!(::std::option::Option::Some(#URL_ENCODED_LISTING {
                member: #member,
                decoded: &[#(#paths),*],
            }))
        }
    };
    let (error_in_200, escape, force_path_style, expect_continue) = (
        rules.error_in_200,
        rules.escape_xml_line_breaks,
        rules.force_path_style,
        rules.expect_continue,
    );
    let bucket_name_member = opt_str(rules.bucket_name_member);
    let root_text_member = opt_str(rules.root_text_member);
    let copy_source_member = opt_str(rules.copy_source_member);
    let ascii_map_member = opt_str(rules.ascii_map_member);
    let last_segment_members = rules.last_segment_members;
    let sse_key_prefixes = rules.sse_key_prefixes;
    let header_text = match rules.header_text {
        None => quote!(::std::option::Option::None),
        Some(HeaderText { header, member }) => {
            quote!(::std::option::Option::Some(#HEADER_TEXT { header: #header, member: #member }))
        }
    };
    quote!(&#OPERATION_RULES {
        endpoint_params: &[#(#params),*],
        checksum: #checksum,
        error_in_200: #error_in_200,
        escape_xml_line_breaks: #escape,
        url_encoded_listing: #listing,
        force_path_style: #force_path_style,
        expect_continue: #expect_continue,
        bucket_name_member: #bucket_name_member,
        root_text_member: #root_text_member,
        copy_source_member: #copy_source_member,
        ascii_map_member: #ascii_map_member,
        last_segment_members: &[#(#last_segment_members),*],
        sse_key_prefixes: &[#(#sse_key_prefixes),*],
        header_text: #header_text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(sdk_id: &str, extra: &str) -> Model {
        let text = format!(
            r#"{{"smithy": "2.0", "shapes": {{
                "a#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "a#Op"}}],
                    "traits": {{"aws.api#service": {{"sdkId": "{sdk_id}"}}}}}},
                "a#Op": {{"type": "operation", "input": {{"target": "a#In"}}, "output": {{"target": "a#Out"}},
                    "traits": {{"smithy.api#http": {{"method": "PUT", "uri": "/{{Bucket}}/{{Key+}}?x-id=Op&tagging"}},
                        "smithy.rules#staticContextParams": {{"UseS3ExpressControlEndpoint": {{"value": true}}}},
                        "aws.protocols#httpChecksum": {{"requestAlgorithmMember": "Alg", "requestChecksumRequired": true,
                            "requestValidationModeMember": "Mode", "responseAlgorithms": ["CRC32", "SHA256"]}}}}}},
                "a#In": {{"type": "structure", "members": {{
                    "Bucket": {{"target": "smithy.api#String", "traits": {{"smithy.api#httpLabel": {{}}, "smithy.api#required": {{}},
                        "smithy.rules#contextParam": {{"name": "Bucket"}}}}}},
                    "Key": {{"target": "smithy.api#String", "traits": {{"smithy.api#httpLabel": {{}}, "smithy.api#required": {{}}}}}},
                    "Alg": {{"target": "smithy.api#String", "traits": {{"smithy.api#httpHeader": "x-amz-sdk-checksum-algorithm"}}}},
                    "Mode": {{"target": "smithy.api#String", "traits": {{"smithy.api#httpHeader": "x-amz-checksum-mode"}}}}{extra}}}}},
                "a#Out": {{"type": "structure", "members": {{}}}}
            }}}}"#
        );
        crate::model::parse::parse(&text).expect("model")
    }

    fn op(model: &Model) -> &Shape {
        model
            .shapes
            .get(&crate::model::ShapeId("a#Op".into()))
            .expect("op")
    }

    #[test]
    fn traits_give_endpoint_params_and_checksums_for_any_service() {
        let m = model("Other", "");
        let rules = operation_rules(&m, op(&m)).expect("rules");
        assert_eq!(
            rules.endpoint_params,
            &[
                EndpointParam {
                    name: "UseS3ExpressControlEndpoint",
                    value: EndpointParamValue::Bool(true)
                },
                EndpointParam {
                    name: "Bucket",
                    value: EndpointParamValue::Member("Bucket")
                },
            ]
        );
        let c = rules.checksum.expect("checksum");
        assert!(c.request_required);
        assert_eq!(c.request_algorithm_member, Some("Alg"));
        assert_eq!(
            c.request_algorithm_header,
            Some("x-amz-sdk-checksum-algorithm")
        );
        assert_eq!(c.request_validation_mode_member, Some("Mode"));
        assert_eq!(c.response_algorithms, &["CRC32", "SHA256"]);
        // No S3 handler for another service.
        assert!(!rules.error_in_200);
        let h = Http {
            method: "PUT",
            uri: "/{Bucket}/{Key+}?x-id=Op",
            code: 200,
        };
        assert_eq!(http(&m, h), h);
        assert_eq!(signer("other"), Signer::SigV4);
    }

    #[test]
    fn s3_control_drops_the_account_id_host_prefix_the_rules_add() {
        let text = |sdk_id: &str| {
            format!(
                r#"{{"smithy": "2.0", "shapes": {{
                "a#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "a#Op"}}],
                    "traits": {{"aws.api#service": {{"sdkId": "{sdk_id}"}}}}}},
                "a#Op": {{"type": "operation", "traits": {{
                    "smithy.api#endpoint": {{"hostPrefix": "{{AccountId}}."}},
                    "smithy.rules#staticContextParams": {{"RequiresAccountId": {{"value": true}}}}}}}}
            }}}}"#
            )
        };
        for (sdk_id, expected) in [("S3 Control", None), ("Other", Some("{AccountId}."))] {
            let m = crate::model::parse::parse(&text(sdk_id)).expect("model");
            let op = m
                .shapes
                .get(&crate::model::ShapeId("a#Op".into()))
                .expect("op");
            assert_eq!(
                host_prefix(&m, op, Some("{AccountId}.")),
                expected,
                "{sdk_id}"
            );
        }
    }

    #[test]
    fn route53_id_members_keep_their_last_segment() {
        let text = r#"{"smithy": "2.0", "shapes": {
            "a#Svc": {"type": "service", "version": "1", "operations": [{"target": "a#Op"}],
                "traits": {"aws.api#service": {"sdkId": "Route 53"}}},
            "a#Op": {"type": "operation", "input": {"target": "a#In"}},
            "a#In": {"type": "structure", "members": {
                "Id": {"target": "a#ResourceId"},
                "DelegationSetId": {"target": "a#DelegationSetId"},
                "Name": {"target": "smithy.api#String"}}},
            "a#ResourceId": {"type": "string"},
            "a#DelegationSetId": {"type": "string"}
        }}"#;
        let m = crate::model::parse::parse(text).expect("model");
        let op = m
            .shapes
            .get(&crate::model::ShapeId("a#Op".into()))
            .expect("op");
        let rules = operation_rules(&m, op).expect("rules");
        assert_eq!(rules.last_segment_members, &["Id", "DelegationSetId"]);
        let other = model("S3", "");
        assert!(
            operation_rules(&other, super::tests::op(&other))
                .expect("rules")
                .last_segment_members
                .is_empty()
        );
    }

    #[test]
    fn s3_drops_the_bucket_and_x_id_from_the_uri_and_reads_200_errors() {
        let m = model("S3", "");
        let rules = operation_rules(&m, op(&m)).expect("rules");
        assert!(rules.error_in_200);
        assert!(!rules.escape_xml_line_breaks);
        let uri = |u: &'static str| {
            http(
                &m,
                Http {
                    method: "GET",
                    uri: u,
                    code: 200,
                },
            )
            .uri
        };
        assert_eq!(uri("/{Bucket}/{Key+}?x-id=GetObject"), "/{Key+}");
        assert_eq!(uri("/{Bucket}/{Key+}?x-id=Op&tagging"), "/{Key+}?tagging");
        assert_eq!(uri("/{Bucket}?list-type=2"), "/?list-type=2");
        assert_eq!(uri("/{Bucket}"), "/");
        assert_eq!(uri("/"), "/");
        for name in S3_SIGNING_NAMES {
            assert_eq!(signer(name), Signer::PayloadHashHeader);
        }
        let tokens = rules_tokens(&rules).to_string();
        assert!(tokens.contains("error_in_200 : true"), "{tokens}");
        assert_eq!(
            rules_tokens(&OperationRules::NONE).to_string(),
            quote!(&#OPERATION_RULES::NONE).to_string()
        );
    }
}
