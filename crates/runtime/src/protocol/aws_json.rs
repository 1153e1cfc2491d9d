//! The awsJson 1.0 / 1.1 protocols: requests, responses and error-response parsing.
//!
//! Error parsing follows what the AWS CLI v2 (botocore) does for awsJson services:
//! - the code comes from the body's `__type` only (the `X-Amzn-ErrorType` header is
//!   ignored), cut at the first `:` and then taken after the last `#`; without one the
//!   code is the HTTP status as text;
//! - the message is `message`, else `Message`, stripped of surrounding whitespace;
//! - a body that is not a JSON object becomes the message;
//! - an empty body on a 5xx gives the HTTP reason phrase as the message;
//! - an `x-amzn-query-error: <Code>;<Type>` header (sent by awsQueryCompatible services only)
//!   replaces the code with its `<Code>`, the code the service's awsQuery clients know.

use super::{JsonStyle, Request, Response, SerializeError, reason_phrase, request_id_header};
use crate::error::{ResponseError, ServiceError};
use crate::schema::OperationSchema;
use crate::service::{Protocol, ServiceMeta};

/// The `Content-Type` of a request in `protocol`.
pub fn content_type(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
        Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
        // Not awsJson: callers only ask for the awsJson protocols.
        _ => "application/x-amz-json-1.1",
    }
}

/// Whether `schema`'s operation of `service` is sent as the input's JSON as it is: an awsJson
/// service that is not query-compatible, an operation without a host prefix and without an
/// idempotency token to fill, and no [`crate::schema::OperationRules`] (endpoint parameters,
/// checksums). Such calls may take [`crate::client::ServiceClient::call`]'s fast
/// path; every other request goes through [`serialize`]. (The generator applies the same rule
/// to the model, `awslice_codegen::rust_sdk::plain_json`.)
pub fn is_plain(service: &ServiceMeta, schema: OperationSchema<'_>) -> bool {
    let op = schema.operation;
    matches!(
        service.protocol,
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1
    ) && !service.query_compatible
        && op.host_prefix.is_none()
        && *op.rules == crate::schema::OperationRules::NONE
        && !op
            .input
            .is_some_and(|i| schema.members(i).iter().any(|m| m.idempotency_token))
}

/// The request of `schema`'s operation with `input` as its body: `POST /`, `X-Amz-Target`
/// and the awsJson `Content-Type` (and `x-amzn-query-mode: true` for an awsQueryCompatible
/// service); the host prefix filled from the host-label members when the operation has one.
///
/// # Errors
/// A host-label member is missing or is not a valid host name part.
pub fn serialize(
    service: &ServiceMeta,
    schema: OperationSchema<'_>,
    input: &serde_json::Value,
    style: JsonStyle,
) -> Result<Request, SerializeError> {
    let body = match style {
        JsonStyle::Compact => input.to_string(),
        JsonStyle::Python => awslice_pyfmt::dumps_compact(input),
    };
    let host_prefix = match (schema.operation.host_prefix, schema.operation.input) {
        (Some(template), Some(idx)) => Some(super::host_prefix(
            template,
            schema.members(idx),
            input.as_object(),
        )?),
        (Some(template), None) => Some(template.to_owned()),
        (None, _) => None,
    };
    let mut headers = vec![
        (
            "x-amz-target".to_owned(),
            target(service.shape_name, schema.operation.name),
        ),
        (
            "content-type".to_owned(),
            content_type(service.protocol).to_owned(),
        ),
    ];
    if service.query_compatible {
        headers.push(("x-amzn-query-mode".to_owned(), "true".to_owned()));
    }
    Ok(Request {
        method: "POST",
        path: "/".to_owned(),
        query: String::new(),
        headers,
        body: body.into(),
        host_prefix,
        auth: schema.operation.auth,
        ..Request::default()
    })
}

/// The output value of a 2xx response: its JSON body (`{}` when empty, and whatever the body
/// holds when the operation has no output). An output with an event-stream member arrives as
/// an event stream instead ([`super::event_stream::read_rpc_output`]).
///
/// # Errors
/// The body is not JSON (or not a well-formed event stream).
pub fn deserialize(
    schema: OperationSchema<'_>,
    response: Response<'_>,
) -> Result<serde_json::Value, ResponseError> {
    let Some(output) = schema.operation.output else {
        return Ok(serde_json::Value::Object(serde_json::Map::new()));
    };
    if let Some(stream) = schema.members(output).iter().find(|m| m.wire.event_stream) {
        return super::event_stream::read_rpc_output(schema, stream, response.body);
    }
    crate::json::parse_body(response.body)
}

/// The `X-Amz-Target` value for `operation` of the service shape `shape_name`.
pub fn target(shape_name: &str, operation: &str) -> String {
    // `concat` rather than `format!`: a fifth of the instructions on this per-call path.
    [shape_name, ".", operation].concat()
}

/// Parses an error response (any non-2xx status) into a [`ServiceError`]. Never panics,
/// whatever the body holds.
pub fn parse_error(response: Response<'_>) -> ServiceError {
    let mut error = error_from_parts(
        response.status,
        request_id_header(response.headers),
        bytes::Bytes::copy_from_slice(response.body),
    );
    let bare_server_error = response.status >= 500 && response.body.trim_ascii().is_empty();
    if !bare_server_error && let Some(code) = query_error_code(response.headers) {
        error.code = code;
    }
    error
}

/// The code an `x-amzn-query-error: <Code>;<Sender|Receiver>` header gives (what an
/// awsQueryCompatible service sends along its awsJson error): the part before the `;`, when
/// the value has exactly two parts and the first is not empty.
fn query_error_code(headers: &http::HeaderMap) -> Option<String> {
    let value = headers.get("x-amzn-query-error")?.to_str().ok()?;
    match value.split(';').collect::<Vec<_>>()[..] {
        [code, _] if !code.is_empty() => Some(code.to_owned()),
        _ => None,
    }
}

/// [`parse_error`] for a response taken apart: `request_id` is the `x-amzn-RequestId` header
/// value, if any.
pub fn error_from_parts(
    status: u16,
    request_id: Option<String>,
    body: bytes::Bytes,
) -> ServiceError {
    let (code, message) = code_and_message(status, &body);
    ServiceError {
        status,
        code,
        message,
        request_id,
        body,
        retries_exhausted: None,
    }
}

fn code_and_message(status: u16, body: &[u8]) -> (String, String) {
    let status_code = status.to_string();
    let text = String::from_utf8_lossy(body);
    if text.trim().is_empty() {
        let message = if status >= 500 {
            reason_phrase(status).to_owned()
        } else {
            String::new()
        };
        return (status_code, message);
    }
    let object = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(map)) => map,
        // Not a JSON object: botocore keeps the raw text as the message.
        _ => return (status_code, text.trim().to_owned()),
    };
    let code = match object.get("__type").and_then(serde_json::Value::as_str) {
        Some(raw) => error_code_from_type(raw),
        None => status_code,
    };
    let message = object
        .get("message")
        .or_else(|| object.get("Message"))
        .map(|v| match v {
            serde_json::Value::String(s) => s.trim().to_owned(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        })
        .unwrap_or_default();
    (code, message)
}

/// `aws.protocols#ResourceNotFoundException:http://…` → `ResourceNotFoundException`.
pub fn error_code_from_type(raw: &str) -> String {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    let after_hash = before_colon.rsplit('#').next().unwrap_or(before_colon);
    after_hash.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> (String, String) {
        let e = error_from_parts(status, None, bytes::Bytes::copy_from_slice(body.as_bytes()));
        (e.code, e.message)
    }

    #[test]
    fn operations_with_rules_leave_the_fast_path() {
        use crate::schema::{EndpointParam, EndpointParamValue, Http, Operation, OperationRules};
        static RULES: OperationRules = OperationRules {
            endpoint_params: &[EndpointParam {
                name: "ResourceArn",
                value: EndpointParamValue::Member("TableName"),
            }],
            ..OperationRules::NONE
        };
        let op = |rules: &'static OperationRules| Operation {
            name: "Op",
            input: None,
            output: None,
            errors: &[],
            http: Http::RPC,
            host_prefix: None,
            auth: crate::schema::Auth::SigV4,
            rules,
        };
        let service = ServiceMeta {
            shape_name: "S",
            sdk_id: "S",
            endpoint_prefix: "s",
            signing_name: "s",
            protocol: Protocol::AwsJson1_0,
            api_version: "1",
            endpoint_rule_set: "{}",
            query_compatible: false,
            xml_namespace: None,
            signer: crate::service::Signer::SigV4,
        };
        let plain = op(&OperationRules::NONE);
        let ruled = op(&RULES);
        let schema = |operation| OperationSchema {
            shapes: &[],
            operation,
        };
        assert!(is_plain(&service, schema(&plain)));
        assert!(!is_plain(&service, schema(&ruled)));
    }

    #[test]
    fn query_compatible_error_codes() {
        let parse = |header: Option<&str>, status: u16, body: &str| {
            let mut headers = http::HeaderMap::new();
            if let Some(h) = header {
                headers.insert("x-amzn-query-error", h.parse().unwrap());
            }
            parse_error(Response {
                status,
                headers: &headers,
                body: body.as_bytes(),
            })
            .code
        };
        let body = r#"{"__type":"aws.protocoltests.json10#CustomCodeError","message":"Hi"}"#;
        assert_eq!(parse(Some("Customized;Sender"), 400, body), "Customized");
        assert_eq!(parse(None, 400, body), "CustomCodeError");
        // Anything but `<code>;<type>` with a code is ignored.
        assert_eq!(parse(Some(";Sender"), 400, body), "CustomCodeError");
        assert_eq!(parse(Some("A;B;C"), 400, body), "CustomCodeError");
        assert_eq!(parse(Some("Customized"), 400, body), "CustomCodeError");
        // A bare server error stays the status.
        assert_eq!(parse(Some("Customized;Receiver"), 503, ""), "503");
    }

    #[test]
    fn target_joins_shape_and_operation() {
        assert_eq!(
            target("WorkspacesService", "UpdateWorkspaceImagePermission"),
            "WorkspacesService.UpdateWorkspaceImagePermission"
        );
        assert_eq!(target("", ""), ".");
    }

    #[test]
    fn codes_and_messages_follow_botocore() {
        assert_eq!(
            parse(
                400,
                r#"{"__type":"com.amazonaws.workspaces#InvalidParameterValuesException","message":" bad "}"#
            ),
            ("InvalidParameterValuesException".into(), "bad".into())
        );
        assert_eq!(
            parse(
                400,
                r#"{"__type":"ResourceNotFoundException:http://internal.amazon.com/coral/x#y"}"#
            ),
            ("ResourceNotFoundException".into(), String::new())
        );
        assert_eq!(
            parse(400, r#"{"__type":"X","Message":"capital"}"#),
            ("X".into(), "capital".into())
        );
        assert_eq!(
            parse(400, r#"{"__type":"X","message":"","Message":"capital"}"#),
            ("X".into(), String::new())
        );
        assert_eq!(
            parse(400, r#"{"message":"no type"}"#),
            ("400".into(), "no type".into())
        );
        assert_eq!(
            parse(400, r#"{"code":"AccessDenied"}"#),
            ("400".into(), String::new())
        );
        assert_eq!(
            parse(404, "<html>Not Found</html>\n"),
            ("404".into(), "<html>Not Found</html>".into())
        );
        assert_eq!(
            parse(500, ""),
            ("500".into(), "Internal Server Error".into())
        );
        assert_eq!(parse(502, ""), ("502".into(), "Bad Gateway".into()));
        assert_eq!(parse(400, ""), ("400".into(), String::new()));
        assert_eq!(parse(400, "[1,2"), ("400".into(), "[1,2".into()));
        assert_eq!(
            parse(400, "\u{0}\u{1}"),
            ("400".into(), "\u{0}\u{1}".into())
        );
    }
}
