//! Error responses parsed as the AWS CLI v2 parses them (docs/compat.md#service-errors-and-retries).

use crate::support;

use awslice_runtime::error::{CallError, ServiceError};
use support::server::{Reply, Server, json, reply};
use support::*;

fn service_error(script: Vec<Reply>) -> (ServiceError, usize) {
    let server = Server::start(script);
    let cfg = config(Opts {
        endpoint: Some(server.url()),
        max_attempts: Some(3),
        ..Opts::default()
    });
    let c = awslice_runtime::client::ServiceClient::new(&cfg, &META);
    match block_on(c.call(
        "UpdateWorkspaceImagePermission",
        SHARE_BODY.as_bytes().to_vec(),
    )) {
        Err(CallError::Service(e)) => (e, server.requests().len()),
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn check(script: Reply, code: &str, message: &str) {
    let (e, attempts) = service_error(vec![script]);
    assert_eq!((e.code.as_str(), e.message.as_str()), (code, message));
    assert_eq!(attempts, 1, "{code} must not be retried");
    assert_eq!(e.retries_exhausted, None);
}

#[test]
fn resource_not_found_keeps_body_and_request_id() {
    let body = r#"{"__type":"ResourceNotFoundException","message":"The image wsi-123456789abc could not be found.","ResourceId":"wsi-123456789abc"}"#;
    let (e, _) = service_error(vec![json(400, body)]);
    assert_eq!(e.status, 400);
    assert_eq!(e.code, "ResourceNotFoundException");
    assert_eq!(e.message, "The image wsi-123456789abc could not be found.");
    assert_eq!(e.request_id.as_deref(), Some("req-1"));
    assert_eq!(&e.body[..], body.as_bytes());
    assert_eq!(
        CallError::Service(e).to_string(),
        "ResourceNotFoundException: The image wsi-123456789abc could not be found."
    );
}

#[test]
fn every_parsing_case_of_the_reference() {
    check(
        json(
            400,
            r#"{"__type":"com.amazonaws.workspaces#InvalidParameterValuesException","message":"The specified account ID is not valid."}"#,
        ),
        "InvalidParameterValuesException",
        "The specified account ID is not valid.",
    );
    check(
        json(
            400,
            r#"{"__type":"ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.coral.service/","message":"m"}"#,
        ),
        "ResourceNotFoundException",
        "m",
    );
    check(
        reply(
            400,
            "Bad Request",
            &[(
                "X-Amzn-ErrorType",
                "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/",
            )],
            "{}",
        ),
        "400",
        "",
    );
    check(
        reply(
            400,
            "Bad Request",
            &[("X-Amzn-ErrorType", "OperationNotSupportedException")],
            "",
        ),
        "400",
        "",
    );
    check(
        reply(
            400,
            "Bad Request",
            &[("X-Amzn-ErrorType", "AccessDeniedException")],
            r#"{"__type":"ResourceNotFoundException","message":"body says RNF"}"#,
        ),
        "ResourceNotFoundException",
        "body says RNF",
    );
    check(
        json(
            400,
            r#"{"__type":"ResourceUnavailableException","Message":"capital M message"}"#,
        ),
        "ResourceUnavailableException",
        "capital M message",
    );
    check(
        json(400, r#"{"__type":"X","message":"","Message":"capital"}"#),
        "X",
        "",
    );
    check(
        json(
            400,
            r#"{"__type":"SomethingWeirdException","message":"  weird \n"}"#,
        ),
        "SomethingWeirdException",
        "weird",
    );
    check(
        json(400, r#"{"message":"no type here"}"#),
        "400",
        "no type here",
    );
    check(
        json(400, r#"{"code":"AccessDeniedException","message":"x"}"#),
        "400",
        "x",
    );
    check(
        json(
            400,
            r#"{"__type":"AccessDeniedException","errorMessage":"x"}"#,
        ),
        "AccessDeniedException",
        "",
    );
    check(
        reply(
            400,
            "Bad Request",
            &[("Content-Type", "text/html")],
            "<html>bad</html>",
        ),
        "400",
        "<html>bad</html>",
    );
    check(
        reply(404, "Not Found", &[], "<html>Not Found</html>"),
        "404",
        "<html>Not Found</html>",
    );
    check(
        reply(
            307,
            "Temporary Redirect",
            &[("Location", "http://127.0.0.1:9/elsewhere")],
            "",
        ),
        "307",
        "",
    );
    check(
        json(
            403,
            r#"{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}"#,
        ),
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
    );
    for code in [
        "InvalidSignatureException",
        "ExpiredTokenException",
        "ValidationException",
        "ResourceLimitExceededException",
    ] {
        check(
            json(400, &format!(r#"{{"__type":"{code}","message":"m"}}"#)),
            code,
            "m",
        );
    }
}

#[test]
fn malformed_bodies_do_not_panic() {
    check(
        Reply::Raw(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 4\r\n\r\n\xff\xfe{\x00".to_vec()),
        "400",
        "\u{fffd}\u{fffd}{\u{0}",
    );
    check(
        json(400, r#"{"__type": 5, "message": ["a"]}"#),
        "400",
        r#"["a"]"#,
    );
    check(
        json(400, r#"[{"__type":"X"}]"#),
        "400",
        r#"[{"__type":"X"}]"#,
    );
    // A 2xx with a body that is not JSON is still a success for the transport.
    let server = Server::start(vec![reply(200, "OK", &[], "not json")]);
    let r = block_on(client(&server.url()).call("UpdateWorkspaceImagePermission", b"{}".to_vec()))
        .expect("2xx");
    assert_eq!(&r.body[..], b"not json");
    // A response that is not HTTP at all is a dispatch error, not a panic.
    let server = Server::start(vec![Reply::Raw(b"garbage\r\n\r\n".to_vec())]);
    let cfg = config(Opts {
        endpoint: Some(server.url()),
        max_attempts: Some(1),
        ..Opts::default()
    });
    let e = block_on(
        awslice_runtime::client::ServiceClient::new(&cfg, &META).call("X", b"{}".to_vec()),
    )
    .unwrap_err();
    assert!(matches!(e, CallError::Dispatch(_)), "{e:?}");
}
