//! TLS: a self-signed server is refused by default, accepted with the CA bundle and with
//! verification turned off; a missing CA bundle file gives the CLI's errno text.

use crate::support;

use std::io::Write;
use std::net::TcpListener;

use awslice_runtime::client::ServiceClient;
use awslice_runtime::error::{CallError, DispatchKind};
use support::*;

fn call(o: Opts) -> Result<awslice_runtime::client::RawResponse, CallError> {
    let cfg = config(Opts {
        max_attempts: Some(1),
        ..o
    });
    block_on(ServiceClient::new(&cfg, &META).call("UpdateWorkspaceImagePermission", b"{}".to_vec()))
}

#[test]
fn self_signed_is_refused_by_default() {
    let (port, _) = support::tls::server();
    let url = format!("https://127.0.0.1:{port}");
    let e = call(Opts {
        endpoint: Some(url.clone()),
        ..Opts::default()
    })
    .unwrap_err();
    let CallError::Dispatch(d) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(d.kind, DispatchKind::Tls, "{d:?}");
    let text = e.to_string();
    assert!(
        text.starts_with(&format!("SSL validation failed for {url}/ [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")),
        "{text}"
    );
}

#[test]
fn ca_bundle_makes_it_trusted() {
    let (port, pem) = support::tls::server();
    let dir = std::env::temp_dir().join(format!("awslice-tls-{}-{port}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bundle = dir.join("ca.pem");
    std::fs::write(&bundle, pem).unwrap();
    let r = call(Opts {
        endpoint: Some(format!("https://127.0.0.1:{port}")),
        ca_bundle: Some(bundle),
        ..Opts::default()
    })
    .expect("trusted through the CA bundle");
    assert_eq!(&r.body[..], b"{}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn no_verify_accepts_anything() {
    let (port, _) = support::tls::server();
    let r = call(Opts {
        endpoint: Some(format!("https://127.0.0.1:{port}")),
        no_verify: true,
        ..Opts::default()
    })
    .expect("accepted without verification");
    assert_eq!(r.status, 200);
}

#[test]
fn missing_ca_bundle_is_a_tls_error_with_errno_text() {
    let (port, _) = support::tls::server();
    let url = format!("https://127.0.0.1:{port}");
    let e = call(Opts {
        endpoint: Some(url.clone()),
        ca_bundle: Some("/nonexistent/awslice/ca.pem".into()),
        ..Opts::default()
    })
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("SSL validation failed for {url}/ [Errno 2] No such file or directory")
    );
}

#[test]
fn https_to_a_plain_http_port_is_a_tls_error() {
    // A plain-HTTP server that answers as soon as a connection opens.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
    });
    let url = format!("https://127.0.0.1:{port}");
    let e = call(Opts {
        endpoint: Some(url),
        ..Opts::default()
    })
    .unwrap_err();
    assert!(
        matches!(&e, CallError::Dispatch(d) if d.kind == DispatchKind::Tls),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .ends_with(" [SSL: WRONG_VERSION_NUMBER] wrong version number"),
        "{e}"
    );
}
