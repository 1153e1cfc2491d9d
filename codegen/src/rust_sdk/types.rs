//! `types.rs`: structures (with builders), unions, enums and intEnums, and their awsJson
//! conversions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, doc_attrs, is_unit};
use crate::contract::{
    BUILD_ERROR, ERROR_FIELDS_OF, ERROR_METADATA, FROM_JSON, JSON_ERROR, JSON_JOIN, JSON_OBJECT,
    JSON_OPTIONAL, JSON_OPTIONAL_WITH, PARSE_BODY, RESPONSE_ERROR, SERVICE_ERROR, TO_JSON,
};
use crate::error::CodegenError;
use crate::model::{Member, Shape, ShapeKind};
use crate::names;

const REDACTED: &str = "*** Sensitive Data Redacted ***";

pub(crate) fn emit_types(ctx: &Ctx<'_>) -> Result<TokenStream, CodegenError> {
    let mut items = Vec::new();
    for (id, name) in &ctx.type_names {
        let shape = ctx.shape(id)?;
        let ident = names::ident(name);
        items.push(match &shape.kind {
            ShapeKind::Structure(ms) => emit_structure(ctx, shape, &ident, ms)?,
            ShapeKind::Union(ms) => emit_union(ctx, shape, &ident, ms)?,
            ShapeKind::Enum(vals) => emit_enum(
                shape,
                &ident,
                &vals
                    .iter()
                    .map(|v| (v.name.clone(), v.value.clone(), v.documentation.clone()))
                    .collect::<Vec<_>>(),
            ),
            ShapeKind::String => emit_enum(
                shape,
                &ident,
                &shape
                    .traits
                    .enum_values
                    .iter()
                    .map(|(v, n)| (n.clone().unwrap_or_else(|| v.clone()), v.clone(), None))
                    .collect::<Vec<_>>(),
            ),
            ShapeKind::IntEnum(vals) => emit_int_enum(shape, &ident, vals),
            _ => continue,
        });
    }
    Ok(quote! {
        //! The service's data types: inputs, outputs, errors and the shapes they use.
        #![allow(clippy::large_enum_variant, clippy::too_many_arguments, clippy::doc_markdown)]
        #(#items)*
    })
}

fn sensitive(ctx: &Ctx<'_>, m: &Member) -> bool {
    m.traits.sensitive
        || ctx
            .model
            .shapes
            .get(&m.target)
            .is_some_and(|s| s.traits.sensitive)
}

struct Field<'a> {
    member: &'a Member,
    ident: proc_macro2::Ident,
    setter: proc_macro2::Ident,
    ty: TokenStream,
    /// Required and plain (not `Option`).
    strict: bool,
    /// The timestamp format of the member, when not awsJson's default (epoch seconds).
    timestamp_format: Option<TokenStream>,
    doc: TokenStream,
}

fn fields<'a>(
    ctx: &Ctx<'_>,
    shape: &Shape,
    ms: &'a [Member],
) -> Result<Vec<Field<'a>>, CodegenError> {
    let strict_shape = ctx.strict(&shape.id);
    let names_ = Ctx::field_names(ms);
    ms.iter()
        .zip(names_)
        .map(|(m, n)| {
            let mut ty = ctx.rust_type(&m.target)?;
            if ctx.boxed(&shape.id, m) {
                ty = quote!(::std::boxed::Box<#ty>);
            }
            let plain = n.strip_prefix("r#").unwrap_or(&n);
            Ok(Field {
                member: m,
                ident: names::ident(&n),
                setter: format_ident!("set_{}", plain),
                ty,
                strict: strict_shape && m.traits.required,
                timestamp_format: ctx.timestamp_format(m)?,
                doc: doc_attrs(
                    m.traits.documentation.as_deref().or_else(|| {
                        ctx.model
                            .shapes
                            .get(&m.target)
                            .and_then(|s| s.traits.documentation.as_deref())
                    }),
                    &format!("The `{}` member.", m.name),
                ),
            })
        })
        .collect()
}

fn emit_structure(
    ctx: &Ctx<'_>,
    shape: &Shape,
    ident: &proc_macro2::Ident,
    ms: &[Member],
) -> Result<TokenStream, CodegenError> {
    let fs = fields(ctx, shape, ms)?;
    let shape_name = shape.id.name();
    let doc = doc_attrs(
        shape.traits.documentation.as_deref(),
        &format!("The `{shape_name}` structure."),
    );
    let any_strict = fs.iter().any(|f| f.strict);
    let any_sensitive = ms.iter().any(|m| sensitive(ctx, m)) || shape.traits.sensitive;
    let mut derives = vec![quote!(Clone), quote!(PartialEq)];
    if !any_sensitive {
        derives.push(quote!(Debug));
    }
    if !any_strict {
        derives.push(quote!(Default));
    }
    let decls = fs.iter().map(|f| {
        let (doc, id, ty) = (&f.doc, &f.ident, &f.ty);
        if f.strict {
            quote!(#doc pub #id: #ty,)
        } else {
            quote!(#doc pub #id: ::std::option::Option<#ty>,)
        }
    });
    // An error structure also carries the code as sent and the request id, in a field no
    // member's name takes.
    let meta = shape.traits.error.is_some().then(|| {
        let mut name = "meta".to_owned();
        while fs.iter().any(|f| f.ident == name.as_str()) {
            name.push('_');
        }
        format_ident!("{}", name)
    });
    let meta_decl = meta
        .as_ref()
        .map(|m| quote!(pub(crate) #m: #ERROR_METADATA,));
    let meta_init = meta
        .as_ref()
        .map(|m| quote!(#m: ::std::default::Default::default(),));
    let debug = if any_sensitive {
        let entries = fs.iter().map(|f| {
            let (id, name) = (&f.ident, &f.member.name);
            if sensitive(ctx, f.member) || shape.traits.sensitive {
                quote!(.field(#name, &#REDACTED))
            } else {
                quote!(.field(#name, &self.#id))
            }
        });
        quote! {
            impl ::std::fmt::Debug for #ident {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#shape_name) #(#entries)* .finish()
                }
            }
        }
    } else {
        quote!()
    };

    // Builder.
    let builder = format_ident!("{}Builder", ident.to_string().trim_start_matches("r#"));
    let builder_doc = format!(
        " A builder for [`{}`].",
        ident.to_string().trim_start_matches("r#")
    );
    let bfields = fs.iter().map(|f| {
        let (id, ty) = (&f.ident, &f.ty);
        quote!(#id: ::std::option::Option<#ty>,)
    });
    let setters = fs.iter().map(|f| {
        let (doc, id, setter, ty) = (&f.doc, &f.ident, &f.setter, &f.ty);
        quote! {
            #doc
            pub fn #id(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                self.#id = ::std::option::Option::Some(value.into());
                self
            }
            #doc
            pub fn #setter(mut self, value: ::std::option::Option<#ty>) -> Self {
                self.#id = value;
                self
            }
        }
    });
    let build = if any_strict {
        let checks = fs.iter().filter(|f| f.strict).map(|f| {
            let (id, name) = (&f.ident, &f.member.name);
            quote!(if self.#id.is_none() { missing.push(#name); })
        });
        let strict_ids: Vec<_> = fs.iter().filter(|f| f.strict).map(|f| &f.ident).collect();
        let inits = fs.iter().map(|f| {
            let id = &f.ident;
            quote!(#id,)
        });
        let opt_binds = fs.iter().filter(|f| !f.strict).map(|f| {
            let id = &f.ident;
            quote!(let #id = self.#id;)
        });
        quote! {
            /// Builds the value.
            ///
            /// # Errors
            /// A required member is missing: the error names every missing member.
            pub fn build(self) -> ::std::result::Result<#ident, #BUILD_ERROR> {
                let mut missing: ::std::vec::Vec<&'static str> = ::std::vec::Vec::new();
                #(#checks)*
                let (#(::std::option::Option::Some(#strict_ids),)*) = (#(self.#strict_ids,)*) else {
                    return ::std::result::Result::Err(#BUILD_ERROR {
                        shape: #shape_name,
                        missing,
                    });
                };
                #(#opt_binds)*
                ::std::result::Result::Ok(#ident { #(#inits)* #meta_init })
            }
        }
    } else {
        let inits = fs.iter().map(|f| {
            let id = &f.ident;
            quote!(#id: self.#id,)
        });
        quote! {
            /// Builds the value.
            pub fn build(self) -> #ident {
                #ident { #(#inits)* #meta_init }
            }
        }
    };

    // awsJson.
    let to_json = if ctx.from_inputs.contains(&shape.id) {
        let puts = fs.iter().map(|f| {
            let (id, name) = (&f.ident, &f.member.name);
            let value = if f.strict {
                quote!(&self.#id)
            } else {
                quote!(v)
            };
            let json = to_json_call(&value, f.timestamp_format.as_ref());
            if f.strict {
                quote!(m.insert(#name.into(), #json);)
            } else {
                quote! {
                    if let ::std::option::Option::Some(v) = &self.#id {
                        m.insert(#name.into(), #json);
                    }
                }
            }
        });
        let mutability = if fs.is_empty() { quote!() } else { quote!(mut) };
        quote! {
            impl #TO_JSON for #ident {
                fn to_json(&self) -> ::serde_json::Value {
                    let #mutability m = ::serde_json::Map::new();
                    #(#puts)*
                    ::serde_json::Value::Object(m)
                }
            }
        }
    } else {
        quote!()
    };
    let from_json = if ctx.from_outputs.contains(&shape.id) {
        let gets = fs.iter().map(|f| {
            let (id, name) = (&f.ident, &f.member.name);
            match &f.timestamp_format {
                None => quote!(#id: #JSON_OPTIONAL(obj, #name, path)?,),
                Some(format) => quote! {
                    #id: #JSON_OPTIONAL_WITH(obj, #name, path, #format)?,
                },
            }
        });
        let obj_binding = if fs.is_empty() {
            quote!(let _ = #JSON_OBJECT(v, path)?;)
        } else {
            quote!(let obj = #JSON_OBJECT(v, path)?;)
        };
        quote! {
            impl #FROM_JSON for #ident {
                fn from_json(v: &::serde_json::Value, path: &str)
                    -> ::std::result::Result<Self, #RESPONSE_ERROR> {
                    #obj_binding
                    ::std::result::Result::Ok(#ident { #(#gets)* #meta_init })
                }
            }
        }
    } else {
        quote!()
    };

    // Error structures display as `Code: message`.
    let error_impls = if shape.traits.error.is_some() {
        let msg = fs.iter().find(|f| {
            f.member.name.eq_ignore_ascii_case("message")
                && !f.strict
                && matches!(
                    ctx.model.shapes.get(&f.member.target).map(|s| &s.kind),
                    Some(ShapeKind::String)
                )
        });
        let meta_for_message = meta
            .as_ref()
            .expect("an error structure has a metadata field");
        let message_fn = match msg {
            Some(f) => {
                let id = &f.ident;
                quote!(self.#id.as_deref().unwrap_or(""))
            }
            None => quote!(self.#meta_for_message.message().unwrap_or("")),
        };
        let with_message = format!("{shape_name}: {{}}");
        // The code the model gives the error: its `awsQueryError` code in the query
        // protocol, else its shape name (what `code()` says of an error built by hand).
        let model_code = ctx.query_error_code(shape).unwrap_or(shape_name);
        let meta = meta
            .as_ref()
            .expect("an error structure has a metadata field");
        // The modelled message member is filled from the parsed error when the body had none
        // (botocore also reads `Message`).
        let fill = match msg {
            Some(f) => {
                let id = &f.ident;
                quote! {
                    if value.#id.is_none() && !err.message.is_empty() {
                        value.#id = ::std::option::Option::Some(err.message.clone());
                    }
                }
            }
            None => quote!(),
        };
        // A plain awsJson service has no schema tables: its errors are JSON bodies.
        let read_members = if super::plain_json(ctx.model, &ctx.service, &ctx.operations)? {
            quote! {
                #PARSE_BODY(&err.body)
                    .and_then(|v| #FROM_JSON::from_json(&v, ""))
                    .unwrap_or_default()
            }
        } else {
            quote! {
                #ERROR_FIELDS_OF(
                    &crate::meta::SERVICE_META,
                    &crate::schema::SHAPES,
                    #shape_name,
                    &err.body,
                )
                .and_then(|v| #FROM_JSON::from_json(&v, "").ok())
                .unwrap_or_default()
            }
        };
        quote! {
            impl #ident {
                /// Reads this error from a service error response: its members from the
                /// body in the service's protocol, else just the parsed message; with the
                /// code as sent, the request id and the message.
                pub fn from_service_error(err: &#SERVICE_ERROR) -> Self {
                    let mut value: Self = #read_members;
                    #fill
                    value.#meta = #ERROR_METADATA::from_service_error(err);
                    value
                }
                /// The error code as the service sent it (for an error built by hand, the
                /// code the model gives it).
                pub fn code(&self) -> &str { self.#meta.code().unwrap_or(#model_code) }
                /// The request id, when the service sent one.
                pub fn request_id(&self) -> ::std::option::Option<&str> {
                    self.#meta.request_id()
                }
                /// The error message (empty when the service sent none).
                pub fn message(&self) -> &str { #message_fn }
            }
            impl ::std::fmt::Display for #ident {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    let message = self.message();
                    if message.is_empty() {
                        f.write_str(#shape_name)
                    } else {
                        ::std::write!(f, #with_message, message)
                    }
                }
            }
            impl ::std::error::Error for #ident {}
        }
    } else {
        quote!()
    };

    Ok(quote! {
        #doc
        #[derive(#(#derives),*)]
        pub struct #ident { #(#decls)* #meta_decl }
        #debug
        impl #ident {
            /// A builder for this type.
            pub fn builder() -> #builder { #builder::default() }
        }
        #[doc = #builder_doc]
        #[derive(Clone, Default)]
        pub struct #builder { #(#bfields)* }
        impl #builder {
            #(#setters)*
            #build
        }
        #to_json
        #from_json
        #error_impls
    })
}

/// `ToJson::to_json(value)`, or `ToJson::to_json_with(value, format)` for a member whose
/// timestamps are not in awsJson's default format.
fn to_json_call(value: &TokenStream, format: Option<&TokenStream>) -> TokenStream {
    match format {
        None => quote!(#TO_JSON::to_json(#value)),
        Some(format) => quote!(#TO_JSON::to_json_with(#value, #format)),
    }
}

fn emit_union(
    ctx: &Ctx<'_>,
    shape: &Shape,
    ident: &proc_macro2::Ident,
    ms: &[Member],
) -> Result<TokenStream, CodegenError> {
    let shape_name = shape.id.name();
    let doc = doc_attrs(
        shape.traits.documentation.as_deref(),
        &format!("The `{shape_name}` union: exactly one member is set."),
    );
    let mut all: Vec<&str> = vec!["Unknown"];
    all.extend(ms.iter().map(|m| m.name.as_str()));
    let variant_names = names::unique(&all, names::camel);
    let mut variants = Vec::new();
    let mut to_arms = Vec::new();
    let mut from_arms = Vec::new();
    for (m, vn) in ms.iter().zip(variant_names.iter().skip(1)) {
        let v = names::ident(vn);
        let name = &m.name;
        let doc = doc_attrs(
            m.traits.documentation.as_deref(),
            &format!("The `{name}` member."),
        );
        if is_unit(ctx.model, &m.target) {
            variants.push(quote!(#doc #v,));
            to_arms.push(quote!(#ident::#v => (#name, ::serde_json::Value::Object(::serde_json::Map::new())),));
            from_arms.push(quote!(#name => ::std::result::Result::Ok(#ident::#v),));
        } else {
            let mut ty = ctx.rust_type(&m.target)?;
            if ctx.boxed(&shape.id, m) {
                ty = quote!(::std::boxed::Box<#ty>);
            }
            let format = ctx.timestamp_format(m)?;
            variants.push(quote!(#doc #v(#ty),));
            let json = to_json_call(&quote!(x), format.as_ref());
            to_arms.push(quote!(#ident::#v(x) => (#name, #json),));
            let member_path = quote!(&#JSON_JOIN(path, #name));
            let read = match &format {
                None => quote!(#FROM_JSON::from_json(value, #member_path)?),
                Some(format) => quote! {
                    #FROM_JSON::from_json_with(value, #member_path, #format)?
                },
            };
            from_arms.push(quote! {
                #name => ::std::result::Result::Ok(#ident::#v(#read)),
            });
        }
    }
    let unknown = names::ident(&variant_names[0]);
    let derive_debug = if ms.iter().any(|m| sensitive(ctx, m)) || shape.traits.sensitive {
        quote! {
            impl ::std::fmt::Debug for #ident {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(#REDACTED)
                }
            }
        }
    } else {
        quote!()
    };
    let derives = if derive_debug.is_empty() {
        quote!(#[derive(Clone, PartialEq, Debug)])
    } else {
        quote!(#[derive(Clone, PartialEq)])
    };
    let to_json = if ctx.from_inputs.contains(&shape.id) {
        quote! {
            impl #TO_JSON for #ident {
                fn to_json(&self) -> ::serde_json::Value {
                    let (name, value) = match self {
                        #(#to_arms)*
                        #ident::#unknown(_) => return ::serde_json::Value::Object(::serde_json::Map::new()),
                    };
                    let mut m = ::serde_json::Map::new();
                    m.insert(name.into(), value);
                    ::serde_json::Value::Object(m)
                }
            }
        }
    } else {
        quote!()
    };
    let from_json = if ctx.from_outputs.contains(&shape.id) {
        quote! {
            impl #FROM_JSON for #ident {
                fn from_json(v: &::serde_json::Value, path: &str)
                    -> ::std::result::Result<Self, #RESPONSE_ERROR> {
                    let obj = #JSON_OBJECT(v, path)?;
                    let ::std::option::Option::Some((name, value)) = obj.iter().find(|(_, x)| !x.is_null()) else {
                        return ::std::result::Result::Err(#JSON_ERROR(path, "a union needs one member set"));
                    };
                    match name.as_str() {
                        #(#from_arms)*
                        other => ::std::result::Result::Ok(#ident::#unknown(other.to_string())),
                    }
                }
            }
        }
    } else {
        quote!()
    };
    Ok(quote! {
        #doc
        #derives
        #[non_exhaustive]
        pub enum #ident {
            #(#variants)*
            /// A member this version of the SDK does not know (its name).
            #unknown(::std::string::String),
        }
        #derive_debug
        #to_json
        #from_json
    })
}

fn emit_enum(
    shape: &Shape,
    ident: &proc_macro2::Ident,
    vals: &[(String, String, Option<String>)],
) -> TokenStream {
    let shape_name = shape.id.name();
    let doc = doc_attrs(
        shape.traits.documentation.as_deref(),
        &format!("The `{shape_name}` enumeration."),
    );
    let mut all: Vec<&str> = vec!["Unknown"];
    all.extend(vals.iter().map(|v| v.0.as_str()));
    let vn = names::unique(&all, names::camel);
    let unknown = names::ident(&vn[0]);
    let idents: Vec<_> = vn[1..].iter().map(|n| names::ident(n)).collect();
    let values: Vec<&str> = vals.iter().map(|v| v.1.as_str()).collect();
    let docs = vals
        .iter()
        .map(|(n, v, d)| doc_attrs(d.as_deref(), &format!("`{v}` ({n}).")));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #ident {
            #(#docs #idents,)*
            /// A value this version of the SDK does not know.
            #unknown(::std::string::String),
        }
        impl #ident {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#ident::#idents => #values,)*
                    #ident::#unknown(s) => s.as_str(),
                }
            }
            /// Every known value, in model order.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }
        impl ::std::convert::From<&str> for #ident {
            fn from(s: &str) -> Self {
                match s {
                    #(#values => #ident::#idents,)*
                    other => #ident::#unknown(other.to_string()),
                }
            }
        }
        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl #TO_JSON for #ident {
            fn to_json(&self) -> ::serde_json::Value {
                ::serde_json::Value::String(self.as_str().to_string())
            }
        }
        impl #FROM_JSON for #ident {
            fn from_json(v: &::serde_json::Value, path: &str)
                -> ::std::result::Result<Self, #RESPONSE_ERROR> {
                v.as_str().map(#ident::from).ok_or_else(|| #JSON_ERROR(path, "expected a string"))
            }
        }
    }
}

fn emit_int_enum(
    shape: &Shape,
    ident: &proc_macro2::Ident,
    vals: &[crate::model::IntEnumMember],
) -> TokenStream {
    let shape_name = shape.id.name();
    let doc = doc_attrs(
        shape.traits.documentation.as_deref(),
        &format!("The `{shape_name}` integer enumeration."),
    );
    let mut all: Vec<&str> = vec!["Unknown"];
    all.extend(vals.iter().map(|v| v.name.as_str()));
    let vn = names::unique(&all, names::camel);
    let unknown = names::ident(&vn[0]);
    let idents: Vec<_> = vn[1..].iter().map(|n| names::ident(n)).collect();
    let values: Vec<i32> = vals
        .iter()
        .map(|v| i32::try_from(v.value).unwrap_or(i32::MAX))
        .collect();
    let docs = vals.iter().map(|v| {
        doc_attrs(
            v.documentation.as_deref(),
            &format!("`{}` ({}).", v.value, v.name),
        )
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #ident {
            #(#docs #idents,)*
            /// A value this version of the SDK does not know.
            #unknown(i32),
        }
        impl #ident {
            /// The wire value.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(#ident::#idents => #values,)*
                    #ident::#unknown(n) => *n,
                }
            }
        }
        impl ::std::convert::From<i32> for #ident {
            fn from(n: i32) -> Self {
                match n {
                    #(#values => #ident::#idents,)*
                    other => #ident::#unknown(other),
                }
            }
        }
        impl #TO_JSON for #ident {
            fn to_json(&self) -> ::serde_json::Value {
                ::serde_json::Value::from(self.as_i32())
            }
        }
        impl #FROM_JSON for #ident {
            fn from_json(v: &::serde_json::Value, path: &str)
                -> ::std::result::Result<Self, #RESPONSE_ERROR> {
                <i32 as #FROM_JSON>::from_json(v, path).map(#ident::from)
            }
        }
    }
}
