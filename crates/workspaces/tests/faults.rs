//! Fault injection through the generated library (`awslice_workspaces::Client`): every
//! failure a server or the network can produce ends in the exact typed error, after exactly
//! the attempts the retry policy allows (docs/compat.md#service-errors-and-retries), never in a panic.

use std::time::{Duration, Instant};

use awslice_runtime::error::{CallError, DispatchKind, SdkError};
use awslice_test_support::http::{Reply, Server, json, reply};
use awslice_test_support::sdk_config::*;
use awslice_test_support::tls;
use awslice_workspaces::Client;
use awslice_workspaces::errors::{
    DescribeWorkspaceImagePermissionsError as DescribeError,
    UpdateWorkspaceImagePermissionError as UpdateError,
};

type UpdateResult =
    Result<awslice_workspaces::types::UpdateWorkspaceImagePermissionResult, SdkError<UpdateError>>;
type DescribeResult = Result<
    awslice_workspaces::types::DescribeWorkspaceImagePermissionsResult,
    SdkError<DescribeError>,
>;

fn typed_client(url: &str, o: Opts) -> Client {
    Client::new(&config(Opts {
        endpoint: Some(url.to_owned()),
        ..o
    }))
}

fn share(url: &str, o: Opts) -> UpdateResult {
    let client = typed_client(url, o);
    block_on(
        client
            .update_workspace_image_permission()
            .image_id("wsi-123456789abc")
            .allow_copy_image(true)
            .shared_account_id("123456789012")
            .send(),
    )
}

fn describe(url: &str, o: Opts) -> DescribeResult {
    let client = typed_client(url, o);
    block_on(
        client
            .describe_workspace_image_permissions()
            .image_id("wsi-123456789abc")
            .send(),
    )
}

/// The `Unhandled` parts of an update error, or a panic naming what came instead.
fn unhandled(r: UpdateResult) -> (String, String) {
    match r {
        Err(SdkError::Service(UpdateError::Unhandled(e))) => {
            (e.code().to_owned(), e.message().to_owned())
        }
        other => panic!("expected an unhandled service error, got {other:?}"),
    }
}

fn dispatch(r: UpdateResult) -> (DispatchKind, String) {
    match r {
        Err(SdkError::Call(CallError::Dispatch(d))) => (d.kind, d.to_string()),
        other => panic!("expected a dispatch error, got {other:?}"),
    }
}

#[test]
fn transient_statuses_are_retried_three_times_by_default() {
    let cases = [
        (500, "Internal Server Error"),
        (502, "Bad Gateway"),
        (503, "Service Unavailable"),
        (504, "Gateway Timeout"),
    ];
    // Run the cases side by side: each one waits up to 1 + 2 s of backoff.
    let handles: Vec<_> = cases
        .into_iter()
        .map(|(status, reason)| {
            std::thread::spawn(move || {
                let server = Server::start(vec![reply(status, reason, &[], "")]);
                let (code, message) = unhandled(share(&server.url(), Opts::default()));
                assert_eq!(code, status.to_string());
                assert_eq!(message, reason, "the reason phrase is the message");
                assert_eq!(server.requests().len(), 3, "{status}: attempts");
                assert_eq!(
                    server.connections(),
                    1,
                    "{status}: the connection is reused"
                );
            })
        })
        .collect();
    for h in handles {
        h.join().expect("case passed");
    }
}

#[test]
fn every_throttling_code_is_retried_and_max_attempts_is_exact() {
    let handles: Vec<_> = awslice_runtime::retry::THROTTLING_CODES
        .iter()
        .enumerate()
        .map(|(i, code)| {
            std::thread::spawn(move || {
                // Alternate 3 (the default) and 2 attempts: both counts must be exact.
                let max = if i % 2 == 0 { 3 } else { 2 };
                let server = Server::start(vec![json(
                    400,
                    &format!(r#"{{"__type":"{code}","message":"Rate exceeded"}}"#),
                )]);
                let (got, message) = unhandled(share(
                    &server.url(),
                    Opts {
                        max_attempts: Some(max),
                        ..Opts::default()
                    },
                ));
                assert_eq!((got.as_str(), message.as_str()), (*code, "Rate exceeded"));
                let reqs = server.requests();
                assert_eq!(reqs.len(), max as usize, "{code}: attempts");
                assert_eq!(
                    reqs.last()
                        .and_then(|r| r.header("amz-sdk-request"))
                        .map(|h| { h.rsplit("; ").take(2).collect::<Vec<_>>().join(";") }),
                    Some(format!("max={max};attempt={max}")),
                    "{code}"
                );
            })
        })
        .collect();
    assert_eq!(
        handles.len(),
        13,
        "botocore's standard retry mode lists 13 throttling codes"
    );
    for h in handles {
        h.join().expect("case passed");
    }
}

#[test]
fn aws_max_attempts_five_gives_five_attempts() {
    let server = Server::start(vec![json(
        400,
        r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
    )]);
    let start = Instant::now();
    unhandled(share(
        &server.url(),
        Opts {
            max_attempts: Some(5),
            ..Opts::default()
        },
    ));
    assert_eq!(server.requests().len(), 5);
    // Backoff U(0,1) + U(0,2) + U(0,4) + U(0,8) s at most.
    assert!(start.elapsed() < Duration::from_secs(16));
}

#[test]
fn modelled_errors_become_typed_variants_without_retry() {
    let url_of = |body: &str| Server::start(vec![json(400, body)]);

    let s = url_of(r#"{"__type":"AccessDeniedException","message":"denied"}"#);
    match share(&s.url(), Opts::default()) {
        Err(SdkError::Service(UpdateError::AccessDeniedException(e))) => {
            assert_eq!(e.message.as_deref(), Some("denied"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.requests().len(), 1);

    let s = url_of(
        r#"{"__type":"com.amazonaws.workspaces#InvalidParameterValuesException","message":"The specified account ID is not valid."}"#,
    );
    match share(&s.url(), Opts::default()) {
        Err(SdkError::Service(UpdateError::InvalidParameterValuesException(e))) => {
            assert_eq!(
                e.message.as_deref(),
                Some("The specified account ID is not valid.")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.requests().len(), 1);

    let s = url_of(
        r#"{"__type":"OperationNotSupportedException","message":"not supported","reason":"SOME_REASON"}"#,
    );
    match share(&s.url(), Opts::default()) {
        Err(SdkError::Service(UpdateError::OperationNotSupportedException(e))) => {
            assert_eq!(e.message.as_deref(), Some("not supported"));
            assert_eq!(e.reason.as_deref(), Some("SOME_REASON"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.requests().len(), 1);

    let s = url_of(
        r#"{"__type":"ResourceNotFoundException:http://internal.amazon.com/coral/x","message":"The image wsi-123456789abc could not be found.","ResourceId":"wsi-123456789abc"}"#,
    );
    match share(&s.url(), Opts::default()) {
        Err(SdkError::Service(UpdateError::ResourceNotFoundException(e))) => {
            assert_eq!(
                e.message.as_deref(),
                Some("The image wsi-123456789abc could not be found.")
            );
            assert_eq!(e.resource_id.as_deref(), Some("wsi-123456789abc"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.requests().len(), 1);

    let s = url_of(
        r#"{"__type":"ResourceUnavailableException","Message":"capital M message","ResourceId":"wsi-1"}"#,
    );
    match share(&s.url(), Opts::default()) {
        Err(SdkError::Service(UpdateError::ResourceUnavailableException(e))) => {
            assert_eq!(e.resource_id.as_deref(), Some("wsi-1"));
            assert_eq!(e.message.as_deref(), Some("capital M message"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.requests().len(), 1);

    // Describe has its own, smaller error set.
    let s = url_of(r#"{"__type":"ResourceNotFoundException","message":"gone"}"#);
    match describe(&s.url(), Opts::default()) {
        Err(SdkError::Service(DescribeError::ResourceNotFoundException(e))) => {
            assert_eq!(e.message.as_deref(), Some("gone"));
        }
        other => panic!("{other:?}"),
    }
    // …so an error only Update models is `Unhandled` for Describe.
    let s = url_of(r#"{"__type":"OperationNotSupportedException","message":"no"}"#);
    match describe(&s.url(), Opts::default()) {
        Err(SdkError::Service(DescribeError::Unhandled(e))) => {
            assert_eq!(
                (e.code(), e.message()),
                ("OperationNotSupportedException", "no")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.requests().len(), 1);
}

#[test]
fn unknown_and_odd_error_bodies_are_unhandled_and_not_retried() {
    let cases: [(&str, &str, &str); 5] = [
        (
            r#"{"__type":"SomethingWeirdException","message":"weird"}"#,
            "SomethingWeirdException",
            "weird",
        ),
        (r#"{"message":"no type here"}"#, "400", "no type here"),
        ("", "400", ""),
        ("<html>bad</html>", "400", "<html>bad</html>"),
        (
            r#"{"__type":"ResourceLimitExceededException","message":"limit"}"#,
            "ResourceLimitExceededException",
            "limit",
        ),
    ];
    for (body, code, message) in cases {
        let s = Server::start(vec![json(400, body)]);
        assert_eq!(
            unhandled(share(&s.url(), Opts::default())),
            (code.to_owned(), message.to_owned()),
            "{body}"
        );
        assert_eq!(s.requests().len(), 1, "{body}: not retried");
    }
    // A `__type` that is not a string and a message that is an object: the code falls back
    // to the status and the message keeps the object's JSON text (its spacing is not
    // specified for the library).
    let s = Server::start(vec![json(
        400,
        r#"{"__type": 5, "message": {"deep": [1]}}"#,
    )]);
    let (code, message) = unhandled(share(&s.url(), Opts::default()));
    assert_eq!(code, "400");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&message).ok(),
        Some(serde_json::json!({"deep": [1]})),
        "{message}"
    );
    assert_eq!(s.requests().len(), 1);
    // A bare 429 is not retried either.
    let s = Server::start(vec![json(429, "{}")]);
    assert_eq!(unhandled(share(&s.url(), Opts::default())).0, "429");
    assert_eq!(s.requests().len(), 1);
}

#[test]
fn success_bodies_that_are_not_the_output_are_response_errors() {
    let expect_response_error = |body: &str, needle: &str| {
        let s = Server::start(vec![json(200, body)]);
        match describe(&s.url(), Opts::default()) {
            Err(SdkError::Response(e)) => {
                assert!(e.to_string().contains(needle), "{body}: {e}");
                assert!(e.to_string().starts_with("malformed response: "), "{e}");
            }
            other => panic!("{body}: expected a response error, got {other:?}"),
        }
        assert_eq!(s.requests().len(), 1, "{body}: a bad 2xx is not retried");
    };
    expect_response_error("not json", "invalid JSON");
    expect_response_error(r#"{"ImageId": "wsi-12"#, "invalid JSON");
    expect_response_error("[1, 2]", "expected");
    expect_response_error(r#"{"ImageId": 5}"#, "ImageId");
    expect_response_error(r#"{"ImagePermissions": "x"}"#, "ImagePermissions");
    expect_response_error(
        r#"{"ImagePermissions": [{"SharedAccountId": true}]}"#,
        "SharedAccountId",
    );

    // An empty 2xx body is the empty output.
    let s = Server::start(vec![reply(200, "OK", &[], "")]);
    let out = describe(&s.url(), Opts::default()).expect("empty body is {}");
    assert_eq!(out, Default::default());
    share(&s.url(), Opts::default()).expect("update output is empty");
}

#[test]
fn a_ten_megabyte_response_is_read_whole() {
    let n = 350_000;
    let mut body = String::from(r#"{"ImageId":"wsi-123456789abc","ImagePermissions":["#);
    for i in 0..n {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(r#"{{"SharedAccountId":"{i:012}"}}"#));
    }
    body.push_str("]}");
    assert!(body.len() > 10_000_000, "{}", body.len());
    let s = Server::start(vec![json(200, &body)]);
    let out = describe(&s.url(), Opts::default()).expect("huge response parses");
    let perms = out.image_permissions.expect("permissions");
    assert_eq!(perms.len(), n);
    assert_eq!(
        perms[n - 1].shared_account_id.as_deref(),
        Some("000000349999")
    );

    // A huge error body: still one attempt and the typed variant.
    let big = "x".repeat(10 * 1024 * 1024);
    let s = Server::start(vec![json(
        400,
        &format!(r#"{{"__type":"AccessDeniedException","message":"{big}"}}"#),
    )]);
    match share(&s.url(), Opts::default()) {
        Err(SdkError::Service(UpdateError::AccessDeniedException(e))) => {
            assert_eq!(e.message.map(|m| m.len()), Some(big.len()));
        }
        other => panic!("{:?}", other.map_err(|e| e.to_string().len())),
    }
}

#[test]
fn connection_refused_is_a_connect_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let url = format!("http://127.0.0.1:{port}");
    let (kind, text) = dispatch(share(
        &url,
        Opts {
            max_attempts: Some(2),
            ..Opts::default()
        },
    ));
    assert_eq!(kind, DispatchKind::Connect);
    assert_eq!(
        text,
        format!("Could not connect to the endpoint URL: \"{url}/\"")
    );
}

#[test]
fn connections_closed_early_are_retried_then_reported() {
    let closed = "Connection was closed before we received a valid response from endpoint URL";
    // Accepted and closed with no answer.
    let s = Server::start(vec![Reply::Partial(Vec::new())]);
    let (kind, text) = dispatch(share(&s.url(), Opts::default()));
    assert_eq!(kind, DispatchKind::Io);
    assert_eq!(text, format!("{closed}: \"{}/\".", s.url()));
    assert_eq!(s.requests().len(), 3, "retried as a connection error");
    assert_eq!(s.connections(), 3, "one fresh connection per attempt");

    // Reset in the middle of the body (Content-Length promises more than arrives).
    let s = Server::start(vec![Reply::Partial(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 100\r\n\r\n{\"ImageId\": \"wsi-".to_vec(),
    )]);
    let (kind, _) = dispatch(share(
        &s.url(),
        Opts {
            max_attempts: Some(2),
            ..Opts::default()
        },
    ));
    assert_eq!(kind, DispatchKind::Io);
    assert_eq!(s.requests().len(), 2);

    // Cut inside the head.
    let s = Server::start(vec![Reply::Partial(
        b"HTTP/1.1 200 OK\r\nContent-Ty".to_vec(),
    )]);
    let (kind, _) = dispatch(share(
        &s.url(),
        Opts {
            max_attempts: Some(1),
            ..Opts::default()
        },
    ));
    assert_eq!(kind, DispatchKind::Io);
    assert_eq!(s.requests().len(), 1);

    // A reset mid-body after a retried 503 still ends after the policy's attempts.
    let s = Server::start(vec![
        reply(503, "Service Unavailable", &[], ""),
        Reply::Partial(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}".to_vec()),
        json(200, "{}"),
    ]);
    share(&s.url(), Opts::default()).expect("third attempt succeeds");
    assert_eq!(s.requests().len(), 3);
}

#[test]
fn a_silent_server_hits_the_read_timeout_on_each_attempt() {
    let s = Server::start(vec![Reply::Silent]);
    let start = Instant::now();
    let (kind, text) = dispatch(share(
        &s.url(),
        Opts {
            read_timeout: Some(Duration::from_millis(300)),
            max_attempts: Some(2),
            ..Opts::default()
        },
    ));
    assert_eq!(kind, DispatchKind::ReadTimeout);
    assert_eq!(
        text,
        format!("Read timeout on endpoint URL: \"{}/\"", s.url())
    );
    assert_eq!(s.requests().len(), 2);
    let took = start.elapsed();
    // Two timeouts plus at most 1 s of backoff.
    assert!(took >= Duration::from_millis(600), "{took:?}");
    assert!(took < Duration::from_millis(2600), "{took:?}");
}

#[test]
fn connect_timeout_when_nobody_accepts() {
    // A listener that never accepts: once its backlog is full the kernel drops new SYNs.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut held = Vec::new();
    let mut full = false;
    for _ in 0..4096 {
        match std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(100)) {
            Ok(s) => held.push(s),
            Err(_) => {
                full = true;
                break;
            }
        }
    }
    assert!(
        full,
        "the accept queue never filled: cannot provoke a connect timeout"
    );
    let url = format!("http://{addr}");
    let start = Instant::now();
    let (kind, text) = dispatch(share(
        &url,
        Opts {
            connect_timeout: Some(Duration::from_millis(200)),
            max_attempts: Some(2),
            ..Opts::default()
        },
    ));
    assert_eq!(kind, DispatchKind::ConnectTimeout);
    assert_eq!(text, format!("Connect timeout on endpoint URL: \"{url}/\""));
    let took = start.elapsed();
    assert!(took >= Duration::from_millis(400), "two attempts: {took:?}");
    assert!(took < Duration::from_millis(2500), "{took:?}");
    drop(held);
}

#[test]
fn tls_to_a_self_signed_server() {
    let (port, pem) = tls::server();
    let url = format!("https://127.0.0.1:{port}");
    // Refused by default (and not retried into success).
    let (kind, text) = dispatch(share(
        &url,
        Opts {
            max_attempts: Some(1),
            ..Opts::default()
        },
    ));
    assert_eq!(kind, DispatchKind::Tls);
    assert!(
        text.starts_with(&format!("SSL validation failed for {url}/ ")),
        "{text}"
    );
    // Accepted with the CA bundle.
    let dir = std::env::temp_dir().join(format!("awslice-faults-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bundle = dir.join("ca.pem");
    std::fs::write(&bundle, pem).expect("write bundle");
    share(
        &url,
        Opts {
            ca_bundle: Some(bundle),
            ..Opts::default()
        },
    )
    .expect("trusted with the bundle");
    // Accepted with verification off.
    share(
        &url,
        Opts {
            no_verify: true,
            ..Opts::default()
        },
    )
    .expect("accepted without verification");
    let _ = std::fs::remove_dir_all(dir);
}

/// The chain a chain printer shows: `Display`, then each `source()`.
fn chain(e: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut lines = vec![e.to_string()];
    let mut next = e.source();
    while let Some(s) = next {
        lines.push(s.to_string());
        next = s.source();
    }
    lines
}

#[test]
fn modelled_and_unhandled_errors_carry_the_wire_code_and_request_id() {
    let headers = [
        ("Content-Type", "application/x-amz-json-1.1"),
        ("x-amzn-RequestId", "req-42"),
    ];
    let body = r#"{"__type":"com.amazonaws.workspaces#ResourceNotFoundException","message":"gone","ResourceId":"wsi-1"}"#;
    let s = Server::start(vec![reply(400, "Bad Request", &headers, body)]);
    let e = share(&s.url(), Opts::default()).expect_err("an error response");
    match &e {
        SdkError::Service(UpdateError::ResourceNotFoundException(nf)) => {
            assert_eq!(nf.code(), "ResourceNotFoundException");
            assert_eq!(nf.request_id(), Some("req-42"));
            assert_eq!(nf.resource_id.as_deref(), Some("wsi-1"));
        }
        other => panic!("{other:?}"),
    }
    let SdkError::Service(typed) = &e else {
        unreachable!()
    };
    assert_eq!(
        (typed.code(), typed.message(), typed.request_id()),
        ("ResourceNotFoundException", "gone", Some("req-42"))
    );
    // Printed once (it was three times: the SdkError, the enum and the structure).
    assert_eq!(chain(&e), ["ResourceNotFoundException: gone"]);

    let body = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
    let s = Server::start(vec![reply(400, "Bad Request", &headers, body); 3]);
    let e = share(&s.url(), Opts::default()).expect_err("an error response");
    match &e {
        SdkError::Service(UpdateError::Unhandled(u)) => {
            assert_eq!(
                (u.code(), u.message(), u.request_id()),
                ("ThrottlingException", "Rate exceeded", Some("req-42"))
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(chain(&e), ["ThrottlingException: Rate exceeded"]);
}

#[test]
fn a_hand_built_modelled_error_has_the_model_code_and_no_request_id() {
    let e = awslice_workspaces::types::ResourceNotFoundException::builder()
        .message("gone")
        .build();
    assert_eq!(
        (e.code(), e.request_id(), e.to_string().as_str()),
        (
            "ResourceNotFoundException",
            None,
            "ResourceNotFoundException: gone"
        )
    );
}
