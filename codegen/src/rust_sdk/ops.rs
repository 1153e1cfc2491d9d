//! `errors.rs`, `operations.rs` and `client.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, doc_attrs};
use crate::contract::{
    CALL_ERROR, FROM_JSON, OPERATION_SCHEMA, PARSE_BODY, SDK_CONFIG, SDK_ERROR, SERVICE_CLIENT,
    SERVICE_ERROR, TO_JSON, UNHANDLED_ERROR,
};
use crate::error::CodegenError;
use crate::model::{ShapeId, ShapeKind};
use crate::names;

fn operation(ctx: &Ctx<'_>, op: &ShapeId) -> Result<crate::model::Operation, CodegenError> {
    match &ctx.shape(op)?.kind {
        ShapeKind::Operation(o) => Ok(o.clone()),
        _ => Err(CodegenError::at(&op.0, "not an operation")),
    }
}

fn type_ident(ctx: &Ctx<'_>, id: &ShapeId) -> Result<proc_macro2::Ident, CodegenError> {
    ctx.type_names
        .get(id)
        .map(|n| names::ident(n))
        .ok_or_else(|| {
            CodegenError::at(&id.0, "an operation input/output/error must be a structure")
        })
}

/// One error enum per operation.
pub(crate) fn emit_errors(ctx: &Ctx<'_>) -> Result<TokenStream, CodegenError> {
    let mut items = Vec::new();
    for op in &ctx.operations {
        let on = ctx.op_names(op);
        let ident = on.error;
        let errors = ctx.op_errors(op);
        let mut variants = Vec::new();
        let mut arms = Vec::new();
        let mut code_arms = Vec::new();
        let mut msg_arms = Vec::new();
        let mut display_arms = Vec::new();
        let mut source_arms = Vec::new();
        let mut rid_arms = Vec::new();
        for e in &errors {
            let shape = ctx.shape(e)?;
            let ty = type_ident(ctx, e)?;
            // The code an error arrives with: its `awsQueryError` code in the query protocol,
            // else its shape name.
            let code = ctx.query_error_code(shape).unwrap_or(e.name());
            let doc = doc_attrs(shape.traits.documentation.as_deref(), &format!("`{code}`."));
            variants.push(quote!(#doc #ty(crate::types::#ty),));
            // Codes a customization adds (S3's bodiless `404` is its `NotFound`).
            let also = crate::customizations::extra_error_codes(ctx.model, e.name());
            arms.push(quote! {
                #code #(| #also)* => #ident::#ty(crate::types::#ty::from_service_error(&err)),
            });
            code_arms.push(quote!(#ident::#ty(e) => e.code(),));
            msg_arms.push(quote!(#ident::#ty(e) => e.message(),));
            display_arms.push(quote!(#ident::#ty(e) => ::std::fmt::Display::fmt(e, f),));
            rid_arms.push(quote!(#ident::#ty(e) => e.request_id(),));
            source_arms.push(quote!(#ident::#ty(e) => ::std::error::Error::source(e),));
        }
        let unhandled = quote!(#ident::Unhandled(#UNHANDLED_ERROR::from_service_error(err)));
        let classify = if arms.is_empty() {
            unhandled
        } else {
            quote! {
                match err.code.as_str() {
                    #(#arms)*
                    _ => #unhandled,
                }
            }
        };
        let op_name = op.name();
        let doc =
            format!(" An error of `{op_name}`: one variant per modelled error, plus `Unhandled`.");
        items.push(quote! {
            #[doc = #doc]
            #[derive(Debug)]
            #[non_exhaustive]
            pub enum #ident {
                #(#variants)*
                /// An error the model does not list for this operation.
                Unhandled(#UNHANDLED_ERROR),
            }
            impl #ident {
                /// Classifies a service error response by its code.
                pub fn from_service_error(err: #SERVICE_ERROR) -> Self {
                    #classify
                }
                /// The error code as the service sent it.
                pub fn code(&self) -> &str {
                    match self {
                        #(#code_arms)*
                        #ident::Unhandled(e) => e.code(),
                    }
                }
                /// The error message (may be empty).
                pub fn message(&self) -> &str {
                    match self {
                        #(#msg_arms)*
                        #ident::Unhandled(e) => e.message(),
                    }
                }
                /// The request id, when the service sent one.
                pub fn request_id(&self) -> ::std::option::Option<&str> {
                    match self {
                        #(#rid_arms)*
                        #ident::Unhandled(e) => e.request_id(),
                    }
                }
            }
            impl ::std::fmt::Display for #ident {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#display_arms)*
                        #ident::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                    }
                }
            }
            /// Transparent: `source()` is the source of the error `Display` printed.
            impl ::std::error::Error for #ident {
                fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                    match self {
                        #(#source_arms)*
                        #ident::Unhandled(e) => ::std::error::Error::source(e),
                    }
                }
            }
        });
    }
    Ok(quote! {
        //! One error type per operation.
        #![allow(clippy::large_enum_variant, clippy::doc_markdown)]
        #(#items)*
    })
}

/// Fluent builders and `send` functions.
pub(crate) fn emit_operations(ctx: &Ctx<'_>) -> Result<TokenStream, CodegenError> {
    let mut items = Vec::new();
    for op in &ctx.operations {
        let o = operation(ctx, op)?;
        let on = ctx.op_names(op);
        let (fluent, error, send_fn) = (on.fluent, on.error, on.send_fn);
        let op_name = op.name();
        let op_doc = doc_attrs(
            ctx.shape(op)?.traits.documentation.as_deref(),
            &format!("Calls `{op_name}`."),
        );
        let output_ty = match &o.output {
            Some(id) => {
                let t = type_ident(ctx, id)?;
                quote!(crate::types::#t)
            }
            None => quote!(()),
        };
        let aws_json = ctx.plain_json;
        let read_output = match &o.output {
            Some(_) => quote! {
                #FROM_JSON::from_json(&value, "")
                    .map_err(#SDK_ERROR::Response)
            },
            None => quote! {
                let _ = value;
                ::std::result::Result::Ok(())
            },
        };
        let service_error = quote! {
            ::std::result::Result::Err(#CALL_ERROR::Service(e)) => {
                ::std::result::Result::Err(#SDK_ERROR::Service(
                    crate::errors::#error::from_service_error(e),
                ))
            }
            ::std::result::Result::Err(e) => {
                ::std::result::Result::Err(#SDK_ERROR::Call(e))
            }
        };
        let call_body = if aws_json {
            let parse = match &o.output {
                Some(_) => quote! {
                    let value = #PARSE_BODY(&raw.body)
                        .map_err(#SDK_ERROR::Response)?;
                    #read_output
                },
                None => quote! {
                    let _ = raw;
                    ::std::result::Result::Ok(())
                },
            };
            quote! {
                let body = value.to_string().into_bytes();
                match client.call(#op_name, body).await {
                    ::std::result::Result::Ok(raw) => { #parse }
                    #service_error
                }
            }
        } else {
            let op_static = super::operation_static(op);
            quote! {
                let schema = #OPERATION_SCHEMA {
                    shapes: &crate::schema::SHAPES,
                    operation: &crate::schema::#op_static,
                };
                let value = client
                    .call_operation(schema, &value, crate::errors::#error::from_service_error)
                    .await?;
                #read_output
            }
        };
        let send_doc = format!(" Sends `{op_name}` with an already built input.");
        let fluent_doc =
            format!(" A call of `{op_name}` being prepared: set its members, then `send()` it.");
        match &o.input {
            Some(input) => {
                let in_ty = type_ident(ctx, input)?;
                let builder =
                    quote::format_ident!("{}Builder", in_ty.to_string().trim_start_matches("r#"));
                let in_shape = ctx.shape(input)?;
                let ShapeKind::Structure(ms) = &in_shape.kind else {
                    return Err(CodegenError::at(
                        &input.0,
                        "an operation input must be a structure",
                    ));
                };
                let strict = ctx.strict(input) && ms.iter().any(|m| m.traits.required);
                let fnames = Ctx::field_names(ms);
                let mut setters = Vec::new();
                for (m, f) in ms.iter().zip(fnames) {
                    let mut ty = ctx.rust_type(&m.target)?;
                    if ctx.boxed(input, m) {
                        ty = quote!(::std::boxed::Box<#ty>);
                    }
                    let plain = f.strip_prefix("r#").unwrap_or(&f).to_string();
                    let id = names::ident(&f);
                    let setter = quote::format_ident!("set_{}", plain);
                    let doc = doc_attrs(
                        m.traits.documentation.as_deref(),
                        &format!("The `{}` member.", m.name),
                    );
                    setters.push(quote! {
                        #doc
                        pub fn #id(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                            self.input = self.input.#id(value);
                            self
                        }
                        #doc
                        pub fn #setter(mut self, value: ::std::option::Option<#ty>) -> Self {
                            self.input = self.input.#setter(value);
                            self
                        }
                    });
                }
                let build = if strict {
                    quote!(
                        self.input
                            .build()
                            .map_err(#SDK_ERROR::Build)?
                    )
                } else {
                    quote!(self.input.build())
                };
                items.push(quote! {
                    #[doc = #fluent_doc]
                    #[derive(Clone)]
                    pub struct #fluent {
                        client: #SERVICE_CLIENT,
                        input: crate::types::#builder,
                    }
                    impl #fluent {
                        pub(crate) fn new(client: #SERVICE_CLIENT) -> Self {
                            #fluent { client, input: crate::types::#builder::default() }
                        }
                        #(#setters)*
                        #op_doc
                        ///
                        /// # Errors
                        /// A missing required member, a failed call, or the service's error.
                        pub async fn send(self) -> ::std::result::Result<#output_ty, #SDK_ERROR<crate::errors::#error>> {
                            let input = #build;
                            #send_fn(&self.client, &input).await
                        }
                    }
                    #[doc = #send_doc]
                    ///
                    /// # Errors
                    /// A failed call, or the service's error.
                    pub async fn #send_fn(
                        client: &#SERVICE_CLIENT,
                        input: &crate::types::#in_ty,
                    ) -> ::std::result::Result<#output_ty, #SDK_ERROR<crate::errors::#error>> {
                        let value = #TO_JSON::to_json(input);
                        #call_body
                    }
                });
            }
            None => {
                items.push(quote! {
                    #[doc = #fluent_doc]
                    #[derive(Clone)]
                    pub struct #fluent {
                        client: #SERVICE_CLIENT,
                    }
                    impl #fluent {
                        pub(crate) fn new(client: #SERVICE_CLIENT) -> Self {
                            #fluent { client }
                        }
                        #op_doc
                        ///
                        /// # Errors
                        /// A failed call, or the service's error.
                        pub async fn send(self) -> ::std::result::Result<#output_ty, #SDK_ERROR<crate::errors::#error>> {
                            #send_fn(&self.client).await
                        }
                    }
                    #[doc = #send_doc]
                    ///
                    /// # Errors
                    /// A failed call, or the service's error.
                    pub async fn #send_fn(
                        client: &#SERVICE_CLIENT,
                    ) -> ::std::result::Result<#output_ty, #SDK_ERROR<crate::errors::#error>> {
                        let value = ::serde_json::Value::Object(::serde_json::Map::new());
                        #call_body
                    }
                });
            }
        }
    }
    Ok(quote! {
        //! Operation calls: a fluent builder and a `send` function per operation.
        #![allow(clippy::doc_markdown)]
        #(#items)*
    })
}

/// The `Client`.
pub(crate) fn emit_client(ctx: &Ctx<'_>) -> Result<TokenStream, CodegenError> {
    let svc = ctx.shape(&ctx.service)?;
    let title = svc
        .traits
        .title
        .clone()
        .unwrap_or_else(|| ctx.service.name().to_string());
    let client_doc = format!(
        " A client for {title}: one method per operation, each returning a fluent builder."
    );
    let mut reserved: Vec<&str> = vec!["new", "from_service_client", "service_client"];
    let op_names: Vec<&str> = ctx.operations.iter().map(|o| o.name()).collect();
    reserved.extend(op_names.iter());
    let methods = names::unique(&reserved, names::snake);
    let mut items = Vec::new();
    for (op, m) in ctx.operations.iter().zip(methods.iter().skip(3)) {
        let fluent = ctx.op_names(op).fluent;
        let m = names::ident(m);
        let doc = doc_attrs(
            ctx.shape(op)?.traits.documentation.as_deref(),
            &format!("Calls `{}`.", op.name()),
        );
        items.push(quote! {
            #doc
            pub fn #m(&self) -> crate::operations::#fluent {
                crate::operations::#fluent::new(self.inner.clone())
            }
        });
    }
    Ok(quote! {
        //! The service client.
        #![allow(clippy::doc_markdown)]
        #[doc = #client_doc]
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: #SERVICE_CLIENT,
        }
        impl Client {
            /// A client using `config` (region, credentials, endpoint…).
            pub fn new(config: &#SDK_CONFIG) -> Self {
                Client {
                    inner: #SERVICE_CLIENT::new(config, &crate::meta::SERVICE_META),
                }
            }
            /// A client over an existing runtime client (which must be for this service).
            pub fn from_service_client(inner: #SERVICE_CLIENT) -> Self {
                Client { inner }
            }
            /// The underlying runtime client.
            pub fn service_client(&self) -> &#SERVICE_CLIENT {
                &self.inner
            }
            #(#items)*
        }
    })
}
