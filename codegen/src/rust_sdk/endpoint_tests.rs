//! `tests/endpoint_tests.rs`: one `#[test]` per `smithy.rules#endpointTests` case, run
//! against the rule set embedded in the generated `SERVICE_META`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::render;
use crate::contract::{ENDPOINT_PARAMS, ENDPOINT_VALUE, RULE_SET};
use crate::error::CodegenError;
use crate::model::{Model, ShapeId};
use crate::names;

/// Emits the endpoint tests of `service` for the crate `crate_ident` (`awslice_workspaces`),
/// or `None` when the service has no `smithy.rules#endpointTests`.
///
/// # Errors
/// A test case of an unexpected form.
pub fn emit_endpoint_tests(
    model: &Model,
    service: &ShapeId,
    crate_ident: &str,
) -> Result<Option<String>, CodegenError> {
    let Some(shape) = model.shapes.get(service) else {
        return Err(CodegenError::at(&service.0, "no such service"));
    };
    let Some(tests) = shape.traits.raw.get("smithy.rules#endpointTests") else {
        return Ok(None);
    };
    let cases = tests
        .get("testCases")
        .and_then(Value::as_array)
        .ok_or_else(|| CodegenError::at(&service.0, "endpointTests has no `testCases` array"))?;
    let krate = names::ident(crate_ident);
    let docs: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let d = c
                .get("documentation")
                .and_then(Value::as_str)
                .unwrap_or("case");
            let mut s: String = names::snake(d)
                .trim_start_matches("r#")
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .take(80)
                .collect();
            s = s.trim_matches('_').to_string();
            format!("case_{:03}_{s}", i + 1)
        })
        .collect();
    let mut fns = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let at = format!("{}: endpoint test {}", service.0, i + 1);
        let name = format_ident!("{}", docs[i].trim_end_matches('_'));
        let doc = format!(
            " {}",
            c.get("documentation")
                .and_then(Value::as_str)
                .unwrap_or("endpoint test")
        );
        let mut inserts = Vec::new();
        if let Some(params) = c.get("params") {
            let params = params
                .as_object()
                .ok_or_else(|| CodegenError::at(&at, "`params` must be an object"))?;
            for (k, v) in params {
                let value = match v {
                    Value::String(s) => quote!(#ENDPOINT_VALUE::String(#s.to_string())),
                    Value::Bool(b) => quote!(#ENDPOINT_VALUE::Bool(#b)),
                    Value::Array(a) => {
                        let items: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
                        if items.len() != a.len() {
                            return Err(CodegenError::at(
                                &at,
                                format!("param `{k}`: only string arrays are supported"),
                            ));
                        }
                        quote!(#ENDPOINT_VALUE::StringArray(
                            ::std::vec![#(#items.to_string()),*]
                        ))
                    }
                    _ => {
                        return Err(CodegenError::at(
                            &at,
                            format!("param `{k}` has an unsupported type"),
                        ));
                    }
                };
                inserts.push(quote!(params.insert(#k.to_string(), #value);));
            }
        }
        let expect = c
            .get("expect")
            .ok_or_else(|| CodegenError::at(&at, "missing `expect`"))?;
        let check = if let Some(err) = expect.get("error").and_then(Value::as_str) {
            quote! {
                match result {
                    ::std::result::Result::Err(e) => ::std::assert_eq!(e.to_string(), #err),
                    ::std::result::Result::Ok(ep) => ::std::panic!("expected the error {:?}, got the endpoint {}", #err, ep.url),
                }
            }
        } else if let Some(ep) = expect.get("endpoint") {
            let url = ep
                .get("url")
                .and_then(Value::as_str)
                .ok_or_else(|| CodegenError::at(&at, "endpoint expectation without a `url`"))?;
            let mut extra = Vec::new();
            if let Some(props) = ep
                .get("properties")
                .filter(|p| p.as_object().is_some_and(|o| !o.is_empty()))
            {
                let text = props.to_string();
                extra.push(quote! {
                    let expected: ::serde_json::Value = ::serde_json::from_str(#text).expect("expected properties");
                    ::std::assert_eq!(::serde_json::Value::Object(ep.properties.clone()), expected);
                });
            }
            if let Some(h) = ep
                .get("headers")
                .and_then(Value::as_object)
                .filter(|o| !o.is_empty())
            {
                for (k, v) in h {
                    let vals: Vec<&str> = v
                        .as_array()
                        .map(|a| a.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    extra.push(quote! {
                        ::std::assert_eq!(
                            ep.headers.get(#k).cloned().unwrap_or_default(),
                            ::std::vec![#(#vals.to_string()),*],
                        );
                    });
                }
            }
            quote! {
                match result {
                    ::std::result::Result::Ok(ep) => {
                        ::std::assert_eq!(ep.url, #url);
                        #(#extra)*
                    }
                    ::std::result::Result::Err(e) => ::std::panic!("expected the endpoint {}, got the error {e}", #url),
                }
            }
        } else {
            return Err(CodegenError::at(
                &at,
                "`expect` needs `endpoint` or `error`",
            ));
        };
        let mutability = if inserts.is_empty() {
            quote!()
        } else {
            quote!(mut)
        };
        fns.push(quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                let #mutability params = #ENDPOINT_PARAMS::new();
                #(#inserts)*
                let result = rule_set().resolve(&params);
                #check
            }
        });
    }
    let tokens: TokenStream = quote! {
        //! Endpoint rule-set tests from the model's `smithy.rules#endpointTests`.
        #![allow(clippy::too_many_lines)]

        fn rule_set() -> #RULE_SET {
            #RULE_SET::from_json(::#krate::meta::SERVICE_META.endpoint_rule_set)
                .expect("the generated endpoint rule set parses")
        }

        #(#fns)*
    };
    render(tokens, "tests/endpoint_tests.rs").map(Some)
}
