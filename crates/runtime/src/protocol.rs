//! The awsJson 1.0 / 1.1 protocols: request headers and error-response parsing.
//!
//! Error parsing follows what the AWS CLI v2 (botocore) does for awsJson services:
//! - the code comes from the body's `__type` only (the `X-Amzn-ErrorType` header is
//!   ignored), cut at the first `:` and then taken after the last `#`; without one the
//!   code is the HTTP status as text;
//! - the message is `message`, else `Message`, stripped of surrounding whitespace;
//! - a body that is not a JSON object becomes the message;
//! - an empty body on a 5xx gives the HTTP reason phrase as the message.

use crate::error::ServiceError;
use crate::service::Protocol;

/// The `Content-Type` of a request in `protocol`.
pub fn content_type(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
        Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
    }
}

/// The `X-Amz-Target` value for `operation` of the service shape `shape_name`.
pub fn target(shape_name: &str, operation: &str) -> String {
    // `concat` rather than `format!`: a fifth of the instructions on this per-call path.
    [shape_name, ".", operation].concat()
}

/// Parses an error response (any non-2xx status) into a [`ServiceError`].
///
/// `request_id` is the `x-amzn-RequestId` header value, if any. Never panics, whatever
/// the body holds.
pub fn parse_error(status: u16, request_id: Option<String>, body: bytes::Bytes) -> ServiceError {
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

/// The standard reason phrase of an HTTP status (Python's `http.client.responses`),
/// or an empty string for an unknown status.
pub fn reason_phrase(status: u16) -> &'static str {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> (String, String) {
        let e = parse_error(status, None, bytes::Bytes::copy_from_slice(body.as_bytes()));
        (e.code, e.message)
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
