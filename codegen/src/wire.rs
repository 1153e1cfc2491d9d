//! The wire description of members and operations (`awslice_runtime::schema`'s `MemberWire`
//! and `Operation`), read from the HTTP binding, XML, endpoint, auth and protocol traits.
//!
//! The traits are read once, into the runtime's own values ([`member_wire`],
//! [`operation_http`], …); the emitted Rust is printed from those values ([`member_wire_tokens`],
//! [`http_tokens`], …). The CLI tables, the SDK crates and the protocol test harness all go
//! through the same reading, so no route can describe the wire differently.

use awslice_runtime::schema::{Auth, Http, Location, MemberWire, TimestampFormat, XmlNamespace};
use proc_macro2::TokenStream;
use quote::quote;

use crate::CodegenError;
use crate::contract::{AUTH, HTTP, LOCATION, MEMBER_WIRE, SCHEMA_TIMESTAMP_FORMAT, XML_NAMESPACE};
use crate::model::{Member, Shape, ShapeId, ShapeKind, Traits};
use crate::schema_tables::{leak, opt_str};

/// A string-valued trait.
fn str_trait<'t>(traits: &'t Traits, id: &str) -> Option<&'t str> {
    traits.raw.get(id).and_then(serde_json::Value::as_str)
}

fn has(traits: &Traits, id: &str) -> bool {
    traits.raw.contains_key(id)
}

/// The `TimestampFormat` of a `smithy.api#timestampFormat` value.
pub fn timestamp_format(at: &str, value: &str) -> Result<TimestampFormat, CodegenError> {
    match value {
        "epoch-seconds" => Ok(TimestampFormat::EpochSeconds),
        "date-time" => Ok(TimestampFormat::DateTime),
        "http-date" => Ok(TimestampFormat::HttpDate),
        other => Err(CodegenError::at(
            at,
            format!("unknown timestampFormat `{other}`"),
        )),
    }
}

/// The `MemberWire` of `m` (a member of `parent`, targeting `target`).
pub fn member_wire(
    parent: &ShapeId,
    m: &Member,
    target: &Shape,
) -> Result<MemberWire, CodegenError> {
    let t = &m.traits;
    let at = format!("{}${}", parent.0, m.name);
    let location = if has(t, "smithy.api#httpLabel") {
        Location::Label
    } else if let Some(name) = str_trait(t, "smithy.api#httpQuery") {
        Location::Query(leak(name))
    } else if has(t, "smithy.api#httpQueryParams") {
        Location::QueryParams
    } else if let Some(name) = str_trait(t, "smithy.api#httpHeader") {
        Location::Header(leak(name))
    } else if let Some(prefix) = str_trait(t, "smithy.api#httpPrefixHeaders") {
        Location::PrefixHeaders(leak(prefix))
    } else if has(t, "smithy.api#httpPayload") {
        Location::Payload
    } else if has(t, "smithy.api#httpResponseCode") {
        Location::StatusCode
    } else if has(t, "smithy.api#eventHeader") {
        Location::EventHeader
    } else if has(t, "smithy.api#eventPayload") {
        Location::EventPayload
    } else {
        Location::Body
    };
    let timestamp_format = match t.timestamp_format.as_deref() {
        None => None,
        Some(f) => Some(timestamp_format(&at, f)?),
    };
    Ok(MemberWire {
        location,
        xml_name: str_trait(t, "smithy.api#xmlName").map(leak),
        xml_flattened: has(t, "smithy.api#xmlFlattened"),
        xml_attribute: has(t, "smithy.api#xmlAttribute"),
        timestamp_format,
        host_label: has(t, "smithy.api#hostLabel") || has(t, "smithy.rules#hostLabel"),
        json_value: json_media_type(target),
        event_stream: matches!(target.kind, ShapeKind::Union(_)) && streaming(target),
        xml_namespace: xml_namespace(&at, t)?,
        ec2_query_name: str_trait(t, "aws.protocols#ec2QueryName").map(leak),
    })
}

/// `smithy.api#xmlNamespace` (`{uri, prefix?}`) of a shape, member or service.
///
/// # Errors
/// The trait has no `uri` string.
pub fn xml_namespace(at: &str, traits: &Traits) -> Result<Option<XmlNamespace>, CodegenError> {
    let Some(ns) = traits.raw.get("smithy.api#xmlNamespace") else {
        return Ok(None);
    };
    let uri = ns
        .get("uri")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| CodegenError::at(at, "smithy.api#xmlNamespace needs a `uri`"))?;
    let prefix = ns.get("prefix").and_then(serde_json::Value::as_str);
    Ok(Some(XmlNamespace {
        uri: leak(uri),
        prefix: prefix.map(leak),
    }))
}

/// `smithy.api#xmlName` of a shape (a structure or union).
pub fn shape_xml_name(shape: &Shape) -> Option<&'static str> {
    str_trait(&shape.traits, "smithy.api#xmlName").map(leak)
}

/// Whether `shape` is a string whose `smithy.api#mediaType` is JSON (`application/json`, or
/// a `+json` type): botocore's `jsonvalue`.
fn json_media_type(shape: &Shape) -> bool {
    matches!(shape.kind, ShapeKind::String)
        && str_trait(&shape.traits, "smithy.api#mediaType").is_some_and(|t| {
            let essence = t.split(';').next().unwrap_or(t).trim();
            essence.eq_ignore_ascii_case("application/json") || essence.ends_with("+json")
        })
}

/// `smithy.api#xmlName` of a collection's member (`member`, `key`, `value`).
pub fn member_xml_name(m: &Member) -> Option<&'static str> {
    str_trait(&m.traits, "smithy.api#xmlName").map(leak)
}

/// `aws.protocols#awsQueryError` `code` of an error structure.
pub fn query_error_code(shape: &Shape) -> Option<&'static str> {
    shape
        .traits
        .raw
        .get("aws.protocols#awsQueryError")
        .and_then(|v| v.get("code"))
        .and_then(serde_json::Value::as_str)
        .map(leak)
}

/// Whether a blob (or a union: an event stream) is `smithy.api#streaming`.
pub fn streaming(shape: &Shape) -> bool {
    has(&shape.traits, "smithy.api#streaming")
}

/// The `http`, `host_prefix` and `auth` of an operation's `Operation`.
pub fn operation_http(op: &Shape) -> Result<(Http, Option<&'static str>, Auth), CodegenError> {
    let at = op.id.0.as_str();
    let t = &op.traits;
    let http = match t.raw.get("smithy.api#http") {
        None => Http::RPC,
        Some(h) => {
            let method = h.get("method").and_then(serde_json::Value::as_str);
            let uri = h.get("uri").and_then(serde_json::Value::as_str);
            let (Some(method), Some(uri)) = (method, uri) else {
                return Err(CodegenError::at(
                    at,
                    "smithy.api#http needs a `method` and a `uri`",
                ));
            };
            let code = match h.get("code") {
                None => 200u16,
                Some(c) => c
                    .as_u64()
                    .and_then(|c| u16::try_from(c).ok())
                    .ok_or_else(|| {
                        CodegenError::at(at, "smithy.api#http `code` is not a status code")
                    })?,
            };
            Http {
                method: leak(method),
                uri: leak(uri),
                code,
            }
        }
    };
    let host_prefix = t
        .raw
        .get("smithy.api#endpoint")
        .and_then(|e| e.get("hostPrefix"))
        .and_then(serde_json::Value::as_str)
        .map(leak);
    let unsigned = t
        .raw
        .get("smithy.api#auth")
        .and_then(serde_json::Value::as_array)
        .is_some_and(Vec::is_empty)
        || has(t, "smithy.api#optionalAuth");
    let auth = if unsigned { Auth::None } else { Auth::SigV4 };
    Ok((http, host_prefix, auth))
}

// The printer: values as the Rust tokens that rebuild them.

/// `SCHEMA_TIMESTAMP_FORMAT::…` (`awslice_runtime::schema::TimestampFormat`).
pub fn timestamp_format_tokens(format: TimestampFormat) -> TokenStream {
    let variant = match format {
        TimestampFormat::EpochSeconds => quote!(EpochSeconds),
        TimestampFormat::DateTime => quote!(DateTime),
        TimestampFormat::HttpDate => quote!(HttpDate),
    };
    quote!(#SCHEMA_TIMESTAMP_FORMAT::#variant)
}

/// A `MemberWire`: the `BODY` constant for the common case, a literal otherwise.
pub fn member_wire_tokens(wire: &MemberWire) -> TokenStream {
    if *wire == MemberWire::BODY {
        return quote!(#MEMBER_WIRE::BODY);
    }
    let location = match wire.location {
        Location::Body => quote!(Body),
        Location::Label => quote!(Label),
        Location::Query(name) => quote!(Query(#name)),
        Location::QueryParams => quote!(QueryParams),
        Location::Header(name) => quote!(Header(#name)),
        Location::PrefixHeaders(prefix) => quote!(PrefixHeaders(#prefix)),
        Location::Payload => quote!(Payload),
        Location::StatusCode => quote!(StatusCode),
        Location::EventHeader => quote!(EventHeader),
        Location::EventPayload => quote!(EventPayload),
    };
    let xml_name = opt_str(wire.xml_name);
    let ec2_query_name = opt_str(wire.ec2_query_name);
    let xml_namespace = xml_namespace_tokens(wire.xml_namespace);
    let (xml_flattened, xml_attribute, host_label, json_value, event_stream) = (
        wire.xml_flattened,
        wire.xml_attribute,
        wire.host_label,
        wire.json_value,
        wire.event_stream,
    );
    let timestamp_format = match wire.timestamp_format {
        None => quote!(::std::option::Option::None),
        Some(f) => {
            let f = timestamp_format_tokens(f);
            quote!(::std::option::Option::Some(#f))
        }
    };
    quote! {
        #MEMBER_WIRE {
            location: #LOCATION::#location,
            xml_name: #xml_name,
            xml_flattened: #xml_flattened,
            xml_attribute: #xml_attribute,
            timestamp_format: #timestamp_format,
            host_label: #host_label,
            json_value: #json_value,
            event_stream: #event_stream,
            xml_namespace: #xml_namespace,
            ec2_query_name: #ec2_query_name,
        }
    }
}

/// An `Option<XmlNamespace>`.
pub fn xml_namespace_tokens(ns: Option<XmlNamespace>) -> TokenStream {
    match ns {
        None => quote!(::std::option::Option::None),
        Some(XmlNamespace { uri, prefix }) => {
            let prefix = opt_str(prefix);
            quote!(::std::option::Option::Some(#XML_NAMESPACE { uri: #uri, prefix: #prefix }))
        }
    }
}

/// An `Http`: the `RPC` constant for `POST /` with 200, a literal otherwise.
pub fn http_tokens(http: &Http) -> TokenStream {
    if *http == Http::RPC {
        return quote!(#HTTP::RPC);
    }
    let (method, uri, code) = (http.method, http.uri, http.code);
    quote!(#HTTP { method: #method, uri: #uri, code: #code })
}

/// An `Auth`.
pub fn auth_tokens(auth: Auth) -> TokenStream {
    match auth {
        Auth::None => quote!(#AUTH::None),
        Auth::SigV4 => quote!(#AUTH::SigV4),
    }
}
