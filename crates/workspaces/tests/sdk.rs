//! The generated SDK: builders, awsJson, errors, and one call per operation on the wire
//! (a loopback server captures the request and replays a response).

use std::collections::HashMap;

use awslice_test_support::http::{Reply, Server};

use awslice_runtime::error::{SdkError, ServiceError};
use awslice_runtime::json::{FromJson, ToJson};
use awslice_workspaces::errors::UpdateWorkspaceImagePermissionError;
use awslice_workspaces::types::{
    DescribeWorkspaceImagePermissionsResult, UpdateWorkspaceImagePermissionRequest,
};

#[test]
fn build_names_every_missing_required_member() {
    let e = UpdateWorkspaceImagePermissionRequest::builder()
        .image_id("wsi-123456789")
        .build()
        .expect_err("two members missing");
    assert_eq!(e.shape, "UpdateWorkspaceImagePermissionRequest");
    assert_eq!(e.missing, ["AllowCopyImage", "SharedAccountId"]);
    assert_eq!(
        e.to_string(),
        "UpdateWorkspaceImagePermissionRequest: missing required members AllowCopyImage, SharedAccountId"
    );
}

#[test]
fn input_serializes_in_model_order() {
    let input = UpdateWorkspaceImagePermissionRequest::builder()
        .image_id("wsi-123456789")
        .allow_copy_image(false)
        .shared_account_id("123456789012")
        .build()
        .expect("complete");
    // Required members are plain values.
    let _: &String = &input.image_id;
    let _: bool = input.allow_copy_image;
    assert_eq!(
        input.to_json().to_string(),
        r#"{"ImageId":"wsi-123456789","AllowCopyImage":false,"SharedAccountId":"123456789012"}"#
    );
}

#[test]
fn output_parsing_is_tolerant() {
    let v: serde_json::Value = serde_json::from_str(
        r#"{"ImageId":"wsi-123456789","ImagePermissions":[{"SharedAccountId":"111122223333","New":1},null],"NextToken":null,"Extra":{"x":1}}"#,
    )
    .expect("json");
    let out = DescribeWorkspaceImagePermissionsResult::from_json(&v, "").expect("parses");
    assert_eq!(out.image_id.as_deref(), Some("wsi-123456789"));
    let perms = out.image_permissions.expect("permissions");
    assert_eq!(perms.len(), 1);
    assert_eq!(perms[0].shared_account_id.as_deref(), Some("111122223333"));
    assert_eq!(out.next_token, None);
    let bad: serde_json::Value =
        serde_json::from_str(r#"{"ImagePermissions":[{"SharedAccountId":5}]}"#).expect("json");
    let e = DescribeWorkspaceImagePermissionsResult::from_json(&bad, "").expect_err("wrong type");
    assert_eq!(
        e.message,
        "ImagePermissions[0].SharedAccountId: expected a string"
    );
}

fn service_error(code: &str, body: &str, message: &str) -> ServiceError {
    ServiceError {
        status: 400,
        code: code.into(),
        message: message.into(),
        request_id: Some("req-1".into()),
        body: bytes::Bytes::from(body.to_string()),
        retries_exhausted: None,
    }
}

#[test]
fn errors_are_classified_by_code() {
    let e = UpdateWorkspaceImagePermissionError::from_service_error(service_error(
        "ResourceNotFoundException",
        r#"{"__type":"ResourceNotFoundException","message":"The image wsi-1 was not found.","ResourceId":"wsi-1"}"#,
        "The image wsi-1 was not found.",
    ));
    match &e {
        UpdateWorkspaceImagePermissionError::ResourceNotFoundException(x) => {
            assert_eq!(x.resource_id.as_deref(), Some("wsi-1"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(e.code(), "ResourceNotFoundException");
    assert_eq!(
        e.to_string(),
        "ResourceNotFoundException: The image wsi-1 was not found."
    );
    // A `Message` the model spells `message`: filled from the parsed error.
    let e = UpdateWorkspaceImagePermissionError::from_service_error(service_error(
        "AccessDeniedException",
        r#"{"Message":"nope"}"#,
        "nope",
    ));
    assert_eq!(e.to_string(), "AccessDeniedException: nope");
    let e = UpdateWorkspaceImagePermissionError::from_service_error(service_error(
        "ThrottlingException",
        "not json",
        "Rate exceeded",
    ));
    match &e {
        UpdateWorkspaceImagePermissionError::Unhandled(u) => {
            assert_eq!(
                (u.code(), u.message()),
                ("ThrottlingException", "Rate exceeded")
            );
            assert_eq!(u.request_id(), Some("req-1"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(e.to_string(), "ThrottlingException: Rate exceeded");
}

/// A loopback server answering every request with `status` and `body` (`Connection: close`).
fn serve_once(status: &'static str, body: &'static str) -> (u16, Server) {
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: req-9\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let server = Server::start(vec![Reply::Partial(response.into_bytes())]);
    (server.port, server)
}

/// The one request `server` received, as sent (head, blank line, body).
fn raw_request(server: &Server) -> String {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "one request");
    format!("{}\r\n\r\n{}", requests[0].head, requests[0].text())
}

fn client(port: u16) -> awslice_workspaces::Client {
    let mut env = HashMap::new();
    env.insert("HOME".to_string(), "/nonexistent-awslice-home".to_string());
    let config = awslice_runtime::config::ConfigLoader::new()
        .env(awslice_runtime::config::Env::from_map(env))
        .region("us-east-1")
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .credentials(awslice_runtime::credentials::Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
            None,
        ))
        .load()
        .expect("config");
    awslice_workspaces::Client::new(&config)
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn update_on_the_wire() {
    let (port, server) = serve_once("200 OK", "{}");
    let out = rt().block_on(
        client(port)
            .update_workspace_image_permission()
            .image_id("wsi-123456789")
            .allow_copy_image(true)
            .shared_account_id("123456789012")
            .send(),
    );
    let request = raw_request(&server);
    out.expect("success");
    assert!(request.starts_with("POST / HTTP/1.1\r\n"), "{request}");
    let lower = request.to_ascii_lowercase();
    assert!(
        lower.contains("x-amz-target: workspacesservice.updateworkspaceimagepermission\r\n"),
        "{request}"
    );
    assert!(
        lower.contains("content-type: application/x-amz-json-1.1\r\n"),
        "{request}"
    );
    assert!(
        lower.contains("authorization: aws4-hmac-sha256 credential=akidexample/"),
        "{request}"
    );
    assert!(
        request.ends_with(
            r#"{"ImageId":"wsi-123456789","AllowCopyImage":true,"SharedAccountId":"123456789012"}"#
        ),
        "{request}"
    );
}

#[test]
fn describe_error_on_the_wire() {
    let (port, server) = serve_once(
        "400 Bad Request",
        r#"{"__type":"com.amazonaws.workspaces#ResourceNotFoundException","message":"The image was not found.","ResourceId":"wsi-123456789"}"#,
    );
    let out = rt().block_on(
        client(port)
            .describe_workspace_image_permissions()
            .image_id("wsi-123456789")
            .max_results(5)
            .send(),
    );
    let request = raw_request(&server);
    assert!(
        request.ends_with(r#"{"ImageId":"wsi-123456789","MaxResults":5}"#),
        "{request}"
    );
    match out {
        Err(SdkError::Service(e)) => {
            assert_eq!(e.code(), "ResourceNotFoundException");
            assert_eq!(e.message(), "The image was not found.");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn missing_member_fails_before_sending() {
    let out = rt().block_on(client(9).update_workspace_image_permission().send());
    match out {
        Err(SdkError::Build(e)) => {
            assert_eq!(e.missing, ["ImageId", "AllowCopyImage", "SharedAccountId"])
        }
        other => panic!("{other:?}"),
    }
}
