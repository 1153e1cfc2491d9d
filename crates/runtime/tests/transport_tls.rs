//! TLS: a self-signed server is refused by default, accepted with the CA bundle and with
//! verification turned off; a missing CA bundle file gives the CLI's errno text.

mod support;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;

use awslice_runtime::client::ServiceClient;
use awslice_runtime::error::{CallError, DispatchKind};
use support::*;

/// A one-thread-per-connection HTTPS server answering `200 {}` with a fresh self-signed
/// certificate for 127.0.0.1; returns (port, certificate PEM).
fn tls_server() -> (u16, String) {
    let ck =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .expect("certificate");
    let pem = ck.cert.pem();
    let cert = ck.cert.der().clone();
    let key =
        rustls::pki_types::PrivateKeyDer::try_from(ck.signing_key.serialize_der()).expect("key");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_no_client_auth()
    .with_single_cert(vec![cert], key)
    .expect("server config");
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let config = config.clone();
            std::thread::spawn(move || {
                let Ok(conn) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(conn, stream);
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Read the head and the body (Content-Length).
                loop {
                    match tls.read(&mut chunk) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                    let text = String::from_utf8_lossy(&buf).to_string();
                    if let Some(i) = text.find("\r\n\r\n") {
                        let len = text[..i]
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length: ")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if buf.len() >= i + 4 + len {
                            break;
                        }
                    }
                }
                let _ = tls.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
                );
                let _ = tls.flush();
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    (port, pem)
}

fn call(o: Opts) -> Result<awslice_runtime::client::RawResponse, CallError> {
    let cfg = config(Opts {
        max_attempts: Some(1),
        ..o
    });
    block_on(ServiceClient::new(&cfg, &META).call("UpdateWorkspaceImagePermission", b"{}".to_vec()))
}

#[test]
fn self_signed_is_refused_by_default() {
    let (port, _) = tls_server();
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
    let (port, pem) = tls_server();
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
    let (port, _) = tls_server();
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
    let (port, _) = tls_server();
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
