//! Retries in standard mode (docs/compat.md#service-errors-and-retries), timeouts and connection failures.

use crate::support;

use std::time::{Duration, Instant};

use awslice_runtime::client::ServiceClient;
use awslice_runtime::error::{CallError, DispatchKind};
use support::server::{Reply, Server, json, reply};
use support::*;

fn run(server: &Server, o: Opts) -> Result<awslice_runtime::client::RawResponse, CallError> {
    let cfg = config(Opts {
        endpoint: Some(server.url()),
        ..o
    });
    block_on(ServiceClient::new(&cfg, &META).call(
        "UpdateWorkspaceImagePermission",
        SHARE_BODY.as_bytes().to_vec(),
    ))
}

#[test]
fn a_503_then_200_succeeds_after_one_retry() {
    let server = Server::start(vec![
        reply(
            503,
            "Service Unavailable",
            &[("Date", "Wed, 25 Nov 2026 11:53:42 GMT")],
            "",
        ),
        json(200, "{}"),
    ]);
    run(&server, Opts::default()).expect("success after retry");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    // Same invocation id, re-signed, and the retry header carries ttl, attempt and max.
    assert_eq!(
        reqs[0].header("amz-sdk-invocation-id"),
        reqs[1].header("amz-sdk-invocation-id")
    );
    assert_eq!(reqs[0].header("amz-sdk-request").unwrap(), "attempt=1");
    let second = reqs[1].header("amz-sdk-request").unwrap();
    let ttl = second
        .strip_prefix("ttl=")
        .and_then(|s| s.strip_suffix("; attempt=2; max=3"))
        .expect(&second);
    assert_eq!(ttl.len(), 16);
    assert!(
        ttl.starts_with("20261125T1154"),
        "ttl follows the server's clock: {ttl}"
    );
    for r in &reqs {
        let (expected, found) = sigv4::recompute(r, SECRET);
        assert_eq!(expected, found);
    }
    // The delay before attempt 2 is U(0, 1) s.
    assert!(reqs[1].at - reqs[0].at < Duration::from_millis(1500));
}

#[test]
fn three_503s_fail_after_exactly_three_attempts() {
    let server = Server::start(vec![json(
        503,
        r#"{"__type":"ServiceUnavailable","message":"unavailable"}"#,
    )]);
    let e = run(&server, Opts::default()).unwrap_err();
    let CallError::Service(e) = e else {
        panic!("{e:?}")
    };
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("ServiceUnavailable", "unavailable")
    );
    assert_eq!(e.retries_exhausted, Some(2));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    assert_eq!(
        reqs[2]
            .header("amz-sdk-request")
            .unwrap()
            .split("; ")
            .skip(1)
            .collect::<Vec<_>>(),
        ["attempt=3", "max=3"]
    );
}

#[test]
fn empty_500_gives_reason_phrase_and_max_attempts_is_honoured() {
    let server = Server::start(vec![reply(500, "Internal Server Error", &[], "")]);
    let e = run(
        &server,
        Opts {
            max_attempts: Some(2),
            ..Opts::default()
        },
    )
    .unwrap_err();
    let CallError::Service(e) = e else {
        panic!("{e:?}")
    };
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("500", "Internal Server Error")
    );
    assert_eq!(e.retries_exhausted, Some(1));
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn bare_429_is_not_retried_but_throttling_codes_are() {
    let server = Server::start(vec![reply(429, "Too Many Requests", &[], "{}")]);
    let CallError::Service(e) = run(&server, Opts::default()).unwrap_err() else {
        panic!()
    };
    assert_eq!(e.code, "429");
    assert_eq!(e.retries_exhausted, None);
    assert_eq!(server.requests().len(), 1);

    let server = Server::start(vec![
        json(
            400,
            r#"{"__type":"com.amazon.coral.availability#ThrottlingException","message":"Rate exceeded"}"#,
        ),
        json(
            429,
            r#"{"__type":"TooManyRequestsException","message":"slow down"}"#,
        ),
        json(200, "{}"),
    ]);
    run(&server, Opts::default()).expect("third attempt succeeds");
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn max_attempts_one_marks_even_non_retryable_errors() {
    let server = Server::start(vec![json(
        400,
        r#"{"__type":"ValidationException","message":"v"}"#,
    )]);
    let CallError::Service(e) = run(
        &server,
        Opts {
            max_attempts: Some(1),
            ..Opts::default()
        },
    )
    .unwrap_err() else {
        panic!()
    };
    assert_eq!(e.retries_exhausted, Some(0));
}

#[test]
fn adaptive_mode_retries_throttling_and_says_so_in_the_user_agent() {
    let server = Server::start(vec![
        json(
            400,
            r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
        ),
        json(200, "{}"),
    ]);
    run(
        &server,
        Opts {
            adaptive: true,
            ..Opts::default()
        },
    )
    .expect("retried");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert!(
        reqs[0]
            .header("user-agent")
            .unwrap()
            .contains(" cfg/retry-mode#adaptive")
    );
}

#[test]
fn read_timeout_fires_within_the_configured_time() {
    let server = Server::start(vec![Reply::Silent]);
    let start = Instant::now();
    let e = run(
        &server,
        Opts {
            read_timeout: Some(Duration::from_millis(500)),
            max_attempts: Some(1),
            ..Opts::default()
        },
    )
    .unwrap_err();
    let elapsed = start.elapsed();
    let CallError::Dispatch(d) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(d.kind, DispatchKind::ReadTimeout);
    assert_eq!(
        e.to_string(),
        format!("Read timeout on endpoint URL: \"{}/\"", server.url())
    );
    assert!(
        elapsed >= Duration::from_millis(450) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );

    // With retries: 3 attempts, each timing out.
    let server = Server::start(vec![Reply::Silent]);
    let e = run(
        &server,
        Opts {
            read_timeout: Some(Duration::from_millis(300)),
            ..Opts::default()
        },
    )
    .unwrap_err();
    assert!(matches!(e, CallError::Dispatch(ref d) if d.kind == DispatchKind::ReadTimeout));
    assert_eq!(server.requests().len(), 3);
    let third = server.requests()[2].header("amz-sdk-request").unwrap();
    assert_eq!(third, "attempt=3; max=3", "no ttl after a timeout");
}

#[test]
fn connection_refused_is_a_connect_error_after_three_attempts() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let cfg = config(Opts {
        endpoint: Some(url.clone()),
        ..Opts::default()
    });
    let start = Instant::now();
    let e = block_on(ServiceClient::new(&cfg, &META).call("X", b"{}".to_vec())).unwrap_err();
    let CallError::Dispatch(d) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(d.kind, DispatchKind::Connect);
    assert_eq!(
        e.to_string(),
        format!("Could not connect to the endpoint URL: \"{url}/\"")
    );
    assert!(start.elapsed() < Duration::from_secs(4));
}

#[test]
fn connect_timeout_when_the_accept_queue_is_full() {
    // A listener that never accepts: once its backlog is full the kernel drops new SYNs,
    // so a connect attempt hangs until the client's connect timeout.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
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
    if !full {
        eprintln!("skipped: this kernel never filled the accept queue");
        return;
    }
    let url = format!("http://{addr}");
    let cfg = config(Opts {
        endpoint: Some(url.clone()),
        connect_timeout: Some(Duration::from_millis(300)),
        max_attempts: Some(1),
        ..Opts::default()
    });
    let start = Instant::now();
    let e = block_on(ServiceClient::new(&cfg, &META).call("X", b"{}".to_vec())).unwrap_err();
    assert!(
        matches!(&e, CallError::Dispatch(d) if d.kind == DispatchKind::ConnectTimeout),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        format!("Connect timeout on endpoint URL: \"{url}/\"")
    );
    assert!(start.elapsed() < Duration::from_secs(3));
    drop(held);
    drop(listener);
}
