//! Proxies come from the environment (`HTTP_PROXY`, `NO_PROXY`). This binary holds a single
//! test because it changes the process environment.

mod support;

use awslice_runtime::client::ServiceClient;
use awslice_runtime::error::{CallError, DispatchKind};
use support::server::{Server, json};
use support::*;

#[test]
fn http_proxy_from_the_environment_is_used_and_its_failure_reported() {
    // The "proxy" is our recording server: a proxied request arrives in absolute form.
    let proxy = Server::start(vec![json(200, "{}")]);
    let target = "http://192.0.2.10:8080"; // TEST-NET-1: never contacted directly
    // SAFETY: this test binary has a single test, so no other thread reads the environment.
    unsafe {
        std::env::set_var("HTTP_PROXY", proxy.url());
        std::env::remove_var("NO_PROXY");
        std::env::remove_var("no_proxy");
    }
    let cfg = config(Opts {
        endpoint: Some(target.to_owned()),
        max_attempts: Some(1),
        ..Opts::default()
    });
    block_on(ServiceClient::new(&cfg, &META).call(
        "UpdateWorkspaceImagePermission",
        SHARE_BODY.as_bytes().to_vec(),
    ))
    .expect("call through the proxy");
    let r = &proxy.requests()[0];
    assert_eq!(r.request_line(), format!("POST {target}/ HTTP/1.1"));
    assert_eq!(r.header("host").unwrap(), "192.0.2.10:8080");
    assert_eq!(sigv4::recompute(r, SECRET).0, sigv4::recompute(r, SECRET).1);

    // A proxy that refuses connections.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dead = format!("http://127.0.0.1:{port}");
    // SAFETY: as above.
    unsafe { std::env::set_var("HTTP_PROXY", &dead) };
    let cfg = config(Opts {
        endpoint: Some(target.to_owned()),
        max_attempts: Some(1),
        ..Opts::default()
    });
    let e = block_on(
        ServiceClient::new(&cfg, &META).call("UpdateWorkspaceImagePermission", b"{}".to_vec()),
    )
    .unwrap_err();
    assert!(
        matches!(&e, CallError::Dispatch(d) if d.kind == DispatchKind::Proxy),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        format!("Failed to connect to proxy URL: \"{dead}\"")
    );

    // NO_PROXY exempts the target host: the direct connection then fails as a plain connect error.
    let direct = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // SAFETY: as above.
    unsafe { std::env::set_var("NO_PROXY", "127.0.0.1") };
    let cfg = config(Opts {
        endpoint: Some(format!("http://127.0.0.1:{direct}")),
        max_attempts: Some(1),
        ..Opts::default()
    });
    let e = block_on(ServiceClient::new(&cfg, &META).call("X", b"{}".to_vec())).unwrap_err();
    assert!(
        matches!(&e, CallError::Dispatch(d) if d.kind == DispatchKind::Connect),
        "{e:?}"
    );
}
