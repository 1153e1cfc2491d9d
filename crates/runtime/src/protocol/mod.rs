//! The wire protocols: how an operation's input becomes an HTTP request ([`Request`]) and
//! how a response becomes its output value or a [`ServiceError`], for each protocol a
//! service can speak ([`Protocol`]). The client ([`crate::client::ServiceClient`]) sends a
//! [`Request`] whatever its protocol: it resolves the endpoint, signs, retries, and hands a
//! non-2xx response back to the protocol's error parser.
//!
//! The codecs work on `serde_json::Value`s described by the generated schema
//! ([`crate::schema`]): the input value is what an awsJson body would hold (member names as
//! keys, timestamps as their JSON form, blobs as base64 text), and so is the output value they
//! return, whatever the protocol carried on the wire. The SDK converts its typed values to and
//! from that form ([`crate::json`]); the CLI engine builds and prints it directly.
//!
//! Each protocol follows botocore (so the AWS CLI) where it departs from the Smithy
//! specification; the module of each protocol lists where.

pub mod aws_json;
pub mod aws_query;
pub mod ec2_query;
pub mod encode;
pub mod event_stream;
mod rest;
pub mod rest_json;
pub mod rest_xml;
pub mod rules;
pub mod xml;
pub mod xml_writer;

use crate::error::{ResponseError, ServiceError};
use crate::schema::{Auth, MemberDef, OperationRules, OperationSchema};
use crate::service::{Protocol, ServiceMeta};

/// One request as a protocol prepared it: everything but the endpoint, the signature and the
/// SDK's own headers (`User-Agent`, `amz-sdk-*`, `Content-Length`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, …
    pub method: &'static str,
    /// The path, percent-encoded, starting with `/`; appended to the endpoint URL's path.
    pub path: String,
    /// The query string, percent-encoded, without `?` (empty: none).
    pub query: String,
    /// The protocol's headers in the order they are sent (names lower-case).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: bytes::Bytes,
    /// Prepended to the endpoint's host (`smithy.api#endpoint` `hostPrefix`, labels filled).
    pub host_prefix: Option<String>,
    /// Whether to sign.
    pub auth: Auth,
    /// The endpoint rule-set parameters of this call ([`OperationRules::endpoint_params`]
    /// with the input's values).
    pub endpoint_params: Vec<(&'static str, awslice_endpoints::Value)>,
    /// The operation's rules the client applies as it sends: checksums, `Expect`, replies
    /// that are errors in a 200.
    pub rules: &'static OperationRules,
    /// The listing was URL-encoded on request by the rules, so its reply is decoded
    /// ([`rules::decode_listing`]).
    pub listing_auto_encoded: bool,
    /// The body is an `@streaming` blob (botocore's `has_streaming_input`): over HTTPS its
    /// checksum goes in an `aws-chunked` trailer.
    pub streaming_body: bool,
    /// Headers holding `smithy.api#sensitive` values (an SSE-C key): `--debug` logs them as
    /// `<redacted>`.
    pub sensitive_headers: Vec<String>,
}

impl Default for Request {
    /// A bodiless `POST /`, signed, without rules: what each codec starts from.
    fn default() -> Self {
        Request {
            method: "POST",
            path: "/".to_owned(),
            query: String::new(),
            headers: Vec::new(),
            body: bytes::Bytes::new(),
            host_prefix: None,
            auth: Auth::SigV4,
            endpoint_params: Vec::new(),
            rules: &OperationRules::NONE,
            listing_auto_encoded: false,
            streaming_body: false,
            sensitive_headers: Vec::new(),
        }
    }
}

/// How JSON bodies are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JsonStyle {
    /// `{"a":1}` (the SDK's bodies).
    #[default]
    Compact,
    /// Python's `json.dumps` defaults, `{"a": 1}` with non-ASCII as `\uXXXX`: the AWS CLI's
    /// bodies, byte for byte.
    Python,
}

/// A response as the codecs read it.
#[derive(Debug, Clone, Copy)]
pub struct Response<'a> {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: &'a http::HeaderMap,
    /// The body.
    pub body: &'a [u8],
}

/// An input that cannot be put on the wire (a missing label, a header value with a line
/// break, …): nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SerializeError {
    /// What is wrong, naming the member.
    pub message: String,
}

impl SerializeError {
    /// An error saying `message`.
    pub fn new(message: impl Into<String>) -> Self {
        SerializeError {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for SerializeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SerializeError {}

/// Puts `input` (an object of the operation's input members, or `{}`) on the wire.
///
/// # Errors
/// The input cannot be sent as the protocol requires: the error names the member.
pub fn serialize(
    service: &ServiceMeta,
    schema: OperationSchema<'_>,
    input: &serde_json::Value,
    style: JsonStyle,
) -> Result<Request, SerializeError> {
    // An event stream in the request needs a bidirectional HTTP/2 exchange, which the client
    // does not do: refused before anything is sent (every such operation is restJson1).
    if let Some(stream) = schema
        .operation
        .input
        .and_then(|i| schema.members(i).iter().find(|m| m.wire.event_stream))
    {
        return Err(SerializeError::new(format!(
            "{} sends an event stream ({}), which awslice does not support yet",
            schema.operation.name, stream.name
        )));
    }
    let op_rules = schema.operation.rules;
    if let Some(member) = op_rules.bucket_name_member {
        rules::check_bucket_name(member, input).map_err(SerializeError::new)?;
    }
    if let Some(member) = op_rules.ascii_map_member {
        rules::check_ascii_map(member, input).map_err(SerializeError::new)?;
    }
    let (defaulted, listing_auto_encoded) = rules::with_defaults(op_rules, input);
    let input = defaulted.as_ref().unwrap_or(input);
    let mut request = match service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            aws_json::serialize(service, schema, input, style)
        }
        Protocol::RestJson1 => rest_json::serialize(schema, input, style),
        Protocol::AwsQuery => aws_query::serialize(service, schema, input),
        Protocol::RestXml => rest_xml::serialize(service, schema, input),
        Protocol::Ec2Query => ec2_query::serialize(service, schema, input),
    }?;
    if op_rules.escape_xml_line_breaks {
        request.body = rules::escape_line_breaks(&request.body).into();
    }
    request.endpoint_params = rules::endpoint_params(op_rules, input);
    request.rules = op_rules;
    request.listing_auto_encoded = listing_auto_encoded;
    request.streaming_body = schema.operation.input.is_some_and(|i| {
        schema.members(i).iter().any(|m| {
            m.wire.location == crate::schema::Location::Payload
                && matches!(
                    schema.shape(m.target).kind,
                    crate::schema::ShapeKind::Blob {
                        streaming: true,
                        ..
                    }
                )
        })
    });
    Ok(request)
}

/// Reads a 2xx response into the operation's output value (`{}` when it has none).
///
/// # Errors
/// The body is not what the protocol promises (malformed JSON or XML, a wrongly typed value).
pub fn deserialize(
    protocol: Protocol,
    schema: OperationSchema<'_>,
    response: Response<'_>,
) -> Result<serde_json::Value, ResponseError> {
    match protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::deserialize(schema, response),
        Protocol::RestJson1 => rest_json::deserialize(schema, response),
        Protocol::AwsQuery => aws_query::deserialize(schema, response),
        Protocol::RestXml => rest_xml::deserialize(schema, response),
        Protocol::Ec2Query => ec2_query::deserialize(schema, response),
    }
}

/// Parses an error response (any status ≥ 300) into a [`ServiceError`] with the code,
/// message and request id as botocore reads them for `protocol`. Never panics.
pub fn parse_error(protocol: Protocol, response: Response<'_>) -> ServiceError {
    match protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::parse_error(response),
        Protocol::RestJson1 => rest_json::parse_error(response),
        Protocol::AwsQuery => aws_query::parse_error(response),
        Protocol::RestXml => rest_xml::parse_error(response),
        Protocol::Ec2Query => ec2_query::parse_error(response),
    }
}

/// An operation's host prefix (`smithy.api#endpoint` `hostPrefix`, `{Name}.data.`) with each
/// `{Name}` replaced by the raw value of the host-label member `Name` of `input`.
///
/// # Errors
/// A host-label member is missing, empty or holds other than letters, digits, `-` and `.`
/// (botocore's check, in its words).
pub(crate) fn host_prefix(
    template: &str,
    members: &[MemberDef],
    input: Option<&serde_json::Map<String, serde_json::Value>>,
) -> Result<String, SerializeError> {
    let mut prefix = template.to_owned();
    let mut bad = Vec::new();
    for member in members.iter().filter(|m| m.wire.host_label) {
        let value = input
            .and_then(|i| i.get(member.name))
            .and_then(serde_json::Value::as_str);
        match value {
            Some(v)
                if !v.is_empty()
                    && v.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-') =>
            {
                prefix = prefix.replace(&["{", member.name, "}"].concat(), v);
            }
            _ => bad.push(member.name),
        }
    }
    if bad.is_empty() {
        Ok(prefix)
    } else {
        Err(SerializeError::new(format!(
            "Invalid value for parameter(s): {}. Must contain only alphanumeric characters, \
             hyphen, or period.",
            bad.join(", ")
        )))
    }
}

/// The modelled members of the error structure `shape` in an error response's body (`None`
/// when the body does not hold them in `protocol`'s form), for the fields the CLI prints
/// after a service error.
pub fn error_fields(
    protocol: Protocol,
    shapes: &[crate::schema::ShapeDef],
    shape: crate::schema::ShapeIdx,
    body: &[u8],
) -> Option<serde_json::Value> {
    match protocol {
        Protocol::AwsQuery => aws_query::error_fields(shapes, shape, body),
        Protocol::RestXml => rest_xml::error_fields(shapes, shape, body),
        Protocol::Ec2Query => ec2_query::error_fields(shapes, shape, body),
        _ => serde_json::from_slice(body).ok(),
    }
}

/// [`error_fields`] of the error structure named `name` in `shapes`, in `service`'s protocol:
/// how a generated error type reads its members from an error response, whatever the
/// protocol (`None` when the table has no such error or the body does not hold it).
pub fn error_fields_of(
    service: &ServiceMeta,
    shapes: &[crate::schema::ShapeDef],
    name: &str,
    body: &[u8],
) -> Option<serde_json::Value> {
    let shape = shapes.iter().position(|s| {
        s.name == name
            && matches!(
                s.kind,
                crate::schema::ShapeKind::Structure { error: Some(_), .. }
            )
    })?;
    error_fields(service.protocol, shapes, shape, body)
}

/// The `x-amzn-RequestId` header, if any.
pub(crate) fn request_id_header(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get("x-amzn-requestid")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The standard reason phrase of an HTTP status (Python's `http.client.responses`),
/// or an empty string for an unknown status.
pub fn reason_phrase(status: u16) -> &'static str {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}
