//! Fault injection against the real `awslice` binary and the loopback capture server of
//! `awslice-test-support`: server errors, throttling, broken bodies and broken
//! connections end with the AWS CLI v2's exact stderr and exit code (docs/compat.md#exit-codes, #service-errors-and-retries),
//! after exactly the attempts the retry policy allows.

use crate::support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use support::*;

const UPDATE: &str = "update-workspace-image-permission";
const DESCRIBE: &str = "describe-workspace-image-permissions";
const FULL: [&str; 5] = [
    "--image-id",
    "wsi-123456789abc",
    "--allow-copy-image",
    "--shared-account-id",
    "123456789012",
];

fn err_line(msg: &str) -> String {
    format!("\nawslice: [ERROR]: {msg}\n")
}

fn op_err(op: &str, code: &str, retries: Option<u32>, msg: &str) -> String {
    let retried = retries
        .map(|n| format!(" (reached max retries: {n})"))
        .unwrap_or_default();
    let text =
        format!("An error occurred ({code}) when calling the {op} operation{retried}: {msg}");
    err_line(text.trim())
}

/// Runs `workspaces OP ARGS --endpoint-url URL` against `server` with `env`.
fn run_against(
    server: &awslice_test_support::http::Server,
    op: &str,
    args: &[&str],
    env: HashMap<String, String>,
) -> Outcome {
    let url = server.url();
    let mut full = vec!["workspaces", op];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--endpoint-url", &url]);
    run_env(&full, env)
}

fn env_with(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    let mut env = base_env();
    for (k, v) in pairs {
        env.insert((*k).to_owned(), (*v).to_owned());
    }
    env
}

/// Runs the share command against one canned reply; returns the outcome and attempts.
fn share_once(reply: Reply, env: HashMap<String, String>) -> (Outcome, usize) {
    let server = capture(vec![
        reply.clone(),
        reply.clone(),
        reply.clone(),
        reply.clone(),
        reply,
    ]);
    let out = run_against(&server, UPDATE, &FULL, env);
    (out, server.requests().len())
}

#[test]
fn transient_statuses_retry_three_times_with_the_standard_reason() {
    let cases = [
        (500, "Internal Server Error"),
        (502, "Bad Gateway"),
        (503, "Service Unavailable"),
        (504, "Gateway Timeout"),
    ];
    let handles: Vec<_> = cases
        .into_iter()
        .map(|(status, reason)| {
            std::thread::spawn(move || {
                // The capture server's reason phrase is `X`: the message is the standard one.
                let (out, attempts) = share_once(Reply::json(status, ""), base_env());
                assert_eq!(attempts, 3, "{status}");
                assert_eq!((out.rc, out.stdout.as_str()), (254, ""), "{status}");
                assert_eq!(
                    out.stderr,
                    op_err(
                        "UpdateWorkspaceImagePermission",
                        &status.to_string(),
                        Some(2),
                        reason
                    )
                );
            })
        })
        .collect();
    for h in handles {
        h.join().expect("case passed");
    }
    let (out, attempts) = share_once(
        Reply::json(500, r#"{"__type":"InternalFailure","message":"internal"}"#),
        env_with(&[("AWS_MAX_ATTEMPTS", "2")]),
    );
    assert_eq!((attempts, out.rc), (2, 254));
    assert_eq!(
        out.stderr,
        op_err(
            "UpdateWorkspaceImagePermission",
            "InternalFailure",
            Some(1),
            "internal"
        )
    );
}

#[test]
fn every_throttling_code_is_retried_per_aws_max_attempts() {
    let codes = [
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "EC2ThrottledException",
    ];
    let handles: Vec<_> = codes
        .into_iter()
        .enumerate()
        .map(|(i, code)| {
            std::thread::spawn(move || {
                let max: u32 = if i % 2 == 0 { 3 } else { 2 };
                let status = if code == "TooManyRequestsException" {
                    429
                } else {
                    400
                };
                let (out, attempts) = share_once(
                    Reply::json(
                        status,
                        &format!(r#"{{"__type":"{code}","message":"Rate exceeded"}}"#),
                    ),
                    env_with(&[("AWS_MAX_ATTEMPTS", &max.to_string())]),
                );
                assert_eq!(attempts, max as usize, "{code}");
                assert_eq!(out.rc, 254, "{code}");
                assert_eq!(
                    out.stderr,
                    op_err(
                        "UpdateWorkspaceImagePermission",
                        code,
                        Some(max - 1),
                        "Rate exceeded"
                    )
                );
            })
        })
        .collect();
    for h in handles {
        h.join().expect("case passed");
    }
}

#[test]
fn modelled_and_unknown_errors_are_not_retried() {
    let op = "UpdateWorkspaceImagePermission";
    let cases: Vec<(String, String)> = vec![
        (
            r#"{"__type":"AccessDeniedException","message":"denied"}"#.into(),
            op_err(op, "AccessDeniedException", None, "denied"),
        ),
        (
            r#"{"__type":"com.amazonaws.workspaces#InvalidParameterValuesException","message":"The specified account ID is not valid."}"#.into(),
            op_err(op, "InvalidParameterValuesException", None, "The specified account ID is not valid."),
        ),
        (
            r#"{"__type":"ResourceNotFoundException","message":"gone","ResourceId":"wsi-123456789abc"}"#.into(),
            format!("{}\nAdditional error details:\nResourceId: wsi-123456789abc\n", op_err(op, "ResourceNotFoundException", None, "gone")),
        ),
        (
            r#"{"__type":"ResourceUnavailableException","Message":"capital M message","ResourceId":"wsi-1"}"#.into(),
            format!("{}\nAdditional error details:\nResourceId: wsi-1\n", op_err(op, "ResourceUnavailableException", None, "capital M message")),
        ),
        (
            r#"{"__type":"OperationNotSupportedException","message":"not supported","reason":"SOME_REASON"}"#.into(),
            format!("{}\nAdditional error details:\nreason: SOME_REASON\n", op_err(op, "OperationNotSupportedException", None, "not supported")),
        ),
        (
            r#"{"__type":"SomethingWeirdException","message":"weird"}"#.into(),
            op_err(op, "SomethingWeirdException", None, "weird"),
        ),
        (
            r#"{"__type":"ResourceLimitExceededException","message":"limit"}"#.into(),
            op_err(op, "ResourceLimitExceededException", None, "limit"),
        ),
        ("".into(), op_err(op, "400", None, "")),
        ("<html>bad</html>".into(), op_err(op, "400", None, "<html>bad</html>")),
        ("{\"message\": ".into(), op_err(op, "400", None, "{\"message\":")),
    ];
    for (body, stderr) in cases {
        let (out, attempts) = share_once(Reply::json(400, &body), base_env());
        assert_eq!(attempts, 1, "{body}");
        assert_eq!((out.rc, out.stdout.as_str()), (254, ""), "{body}");
        assert_eq!(out.stderr, stderr, "{body}");
    }
    // A bare 429 is not retried.
    let (out, attempts) = share_once(Reply::json(429, "{}"), base_env());
    assert_eq!((attempts, out.rc), (1, 254));
    assert_eq!(out.stderr, op_err(op, "429", None, ""));
}

#[test]
fn huge_bodies_are_handled() {
    // A 10 MB error message is printed whole.
    let big = "y".repeat(10 * 1024 * 1024);
    let (out, attempts) = share_once(
        Reply::json(
            400,
            &format!(r#"{{"__type":"AccessDeniedException","message":"{big}"}}"#),
        ),
        base_env(),
    );
    assert_eq!((attempts, out.rc), (1, 254));
    assert_eq!(
        out.stderr,
        op_err(
            "UpdateWorkspaceImagePermission",
            "AccessDeniedException",
            None,
            &big
        )
    );
    // A 10 MB success body is printed whole.
    let n = 350_000;
    let mut body = String::from(r#"{"ImagePermissions":["#);
    for i in 0..n {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(r#"{{"SharedAccountId":"{i:012}"}}"#));
    }
    body.push_str("]}");
    assert!(body.len() > 10_000_000);
    let server = capture(vec![Reply::json(200, &body)]);
    let out = run_against(
        &server,
        DESCRIBE,
        &["--image-id", "wsi-123456789abc", "--output", "text"],
        base_env(),
    );
    assert_eq!((out.rc, out.stderr.as_str()), (0, ""));
    assert_eq!(out.stdout.lines().count(), n);
    assert_eq!(
        out.stdout.lines().last(),
        Some("IMAGEPERMISSIONS\t000000349999")
    );
}

#[test]
fn odd_success_bodies_never_crash() {
    // botocore reads a 2xx body that is not JSON as `{"message": BODY}`, which the output
    // shape drops: nothing is printed, rc 0. The CLI does not type-check a 2xx body (botocore
    // does not either): wrong member types are printed as received.
    let cases: [(&str, &str); 6] = [
        ("", ""),
        ("not json", ""),
        (r#"{"ImageId": "wsi-12"#, ""),
        (
            r#"{"ImagePermissions": "x"}"#,
            "{\n    \"ImagePermissions\": \"x\"\n}\n",
        ),
        ("[1, 2]", "[\n    1,\n    2\n]\n"),
        (r#"{"ImageId": 5}"#, "{\n    \"ImageId\": 5\n}\n"),
    ];
    for (body, stdout) in cases {
        let server = capture(vec![Reply::json(200, body)]);
        let out = run_against(
            &server,
            DESCRIBE,
            &["--image-id", "wsi-123456789abc"],
            base_env(),
        );
        assert_eq!(
            (out.rc, out.stdout.as_str(), out.stderr.as_str()),
            (0, stdout, ""),
            "{body}"
        );
        assert_eq!(server.requests().len(), 1, "{body}: a 2xx is never retried");
    }
    // `--output text` over a list member that holds a number fails the way the AWS CLI's
    // text formatter does (a Python AttributeError), rc 255, no panic.
    let server = capture(vec![Reply::json(
        200,
        r#"{"ImagePermissions": [1, {"SharedAccountId": "5"}]}"#,
    )]);
    let out = run_against(
        &server,
        DESCRIBE,
        &["--image-id", "wsi-123456789abc", "--output", "text"],
        base_env(),
    );
    assert_eq!(out.rc, 255, "{out:?}");
    assert!(
        out.stderr
            .ends_with("[ERROR]: 'int' object has no attribute 'items'\n"),
        "{out:?}"
    );
    assert!(!out.stderr.contains("panicked"), "{out:?}");
}

#[test]
fn connections_closed_early_are_retried_then_rc_255() {
    let closed = |url: &str| {
        err_line(&format!(
            "Connection was closed before we received a valid response from endpoint URL: \"{url}/\"."
        ))
    };
    let server = capture(vec![Reply::cut(b""), Reply::cut(b""), Reply::cut(b"")]);
    let out = run_against(&server, UPDATE, &FULL, base_env());
    assert_eq!((out.rc, out.stdout.as_str()), (255, ""), "{out:?}");
    assert_eq!(out.stderr, closed(&server.url()));
    assert_eq!(server.requests().len(), 3);

    let mid_body = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"ImageId\": \"wsi-";
    let server = capture(vec![Reply::cut(mid_body), Reply::cut(mid_body)]);
    let out = run_against(
        &server,
        DESCRIBE,
        &["--image-id", "wsi-1"],
        env_with(&[("AWS_MAX_ATTEMPTS", "2")]),
    );
    assert_eq!((out.rc, out.stdout.as_str()), (255, ""), "{out:?}");
    assert_eq!(out.stderr, closed(&server.url()));
    assert_eq!(server.requests().len(), 2);

    // Cut once, then answered: success on the second attempt.
    let server = capture(vec![Reply::cut(mid_body)]);
    let out = run_against(&server, UPDATE, &FULL, base_env());
    assert_eq!(
        (out.rc, out.stdout.as_str(), out.stderr.as_str()),
        (0, "", "")
    );
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn connection_refused_rc_255_after_the_policy() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let url = format!("http://127.0.0.1:{port}");
    let mut args = vec!["workspaces", UPDATE];
    args.extend_from_slice(&FULL);
    args.extend_from_slice(&["--endpoint-url", &url]);
    let start = Instant::now();
    let out = run_env(&args, env_with(&[("AWS_MAX_ATTEMPTS", "2")]));
    assert_eq!((out.rc, out.stdout.as_str()), (255, ""));
    assert_eq!(
        out.stderr,
        err_line(&format!(
            "Could not connect to the endpoint URL: \"{url}/\""
        ))
    );
    assert!(start.elapsed() < Duration::from_secs(3));
}

#[test]
fn read_timeout_per_attempt() {
    let server = capture(vec![Reply::hang(), Reply::hang()]);
    let start = Instant::now();
    let mut args = FULL.to_vec();
    args.extend_from_slice(&["--cli-read-timeout", "1"]);
    let out = run_against(
        &server,
        UPDATE,
        &args,
        env_with(&[("AWS_MAX_ATTEMPTS", "2")]),
    );
    assert_eq!((out.rc, out.stdout.as_str()), (255, ""));
    assert_eq!(
        out.stderr,
        err_line(&format!(
            "Read timeout on endpoint URL: \"{}/\"",
            server.url()
        ))
    );
    assert_eq!(server.requests().len(), 2);
    let took = start.elapsed();
    assert!(took >= Duration::from_secs(2), "{took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn connect_timeout_when_nobody_accepts() {
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
    let mut args = vec!["workspaces", UPDATE];
    args.extend_from_slice(&FULL);
    args.extend_from_slice(&["--endpoint-url", &url, "--cli-connect-timeout", "1"]);
    let start = Instant::now();
    let out = run_env(&args, env_with(&[("AWS_MAX_ATTEMPTS", "1")]));
    assert_eq!((out.rc, out.stdout.as_str()), (255, ""));
    assert_eq!(
        out.stderr,
        err_line(&format!("Connect timeout on endpoint URL: \"{url}/\""))
    );
    let took = start.elapsed();
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(3),
        "{took:?}"
    );
    drop(held);
}

/// A Python HTTPS server (venv peer) with a fresh self-signed certificate for 127.0.0.1,
/// answering `200 {}`; it prints its port, then serves until killed. The certificate is a
/// leaf (no `CA:TRUE`): webpki refuses a CA certificate as the server's own certificate
/// (`CaUsedAsEndEntity`) where OpenSSL accepts it — a known difference, see the report.
const TLS_PEER: &str = r#"
import datetime, ipaddress, http.server, ssl, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
key = ec.generate_private_key(ec.SECP256R1())
name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "127.0.0.1")])
now = datetime.datetime.now(datetime.timezone.utc)
cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
    .public_key(key.public_key()).serial_number(x509.random_serial_number())
    .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
    .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    .sign(key, hashes.SHA256()))
d = sys.argv[1]
open(d + "/cert.pem", "wb").write(cert.public_bytes(serialization.Encoding.PEM))
open(d + "/key.pem", "wb").write(key.private_bytes(serialization.Encoding.PEM,
    serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")
    def log_message(self, *a):
        pass
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(d + "/cert.pem", d + "/key.pem")
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
print(srv.server_address[1], flush=True)
srv.serve_forever()
"#;

/// Kills the peer process this test started when dropped.
struct Peer(std::process::Child);

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn tls_to_a_self_signed_server() {
    use std::io::BufRead;
    let Some(py) = awslice_test_support::peers::python() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("awslice-faults-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut child = std::process::Command::new(py)
        .args(["-c", TLS_PEER])
        .arg(&dir)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start the Python TLS peer");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("port line");
    let _peer = Peer(child);
    let port: u16 = line.trim().parse().expect("the peer printed its port");
    let url = format!("https://127.0.0.1:{port}");
    let cert = dir.join("cert.pem");
    let cert = cert.to_str().expect("UTF-8 temp path");
    let share = |extra: &[&str], env: HashMap<String, String>| {
        let mut args = vec!["workspaces", UPDATE];
        args.extend_from_slice(&FULL);
        args.extend_from_slice(&["--endpoint-url", &url]);
        args.extend_from_slice(extra);
        run_env(&args, env)
    };
    // Refused by default: rc 255, after the policy's attempts (a TLS failure is not
    // something a retry fixes, but botocore retries it as a connection error).
    let out = share(&[], env_with(&[("AWS_MAX_ATTEMPTS", "1")]));
    assert_eq!((out.rc, out.stdout.as_str()), (255, ""), "{out:?}");
    assert!(
        out.stderr.starts_with(&format!(
            "\nawslice: [ERROR]: SSL validation failed for {url}/ "
        )),
        "{out:?}"
    );
    // Trusted through --ca-bundle and through AWS_CA_BUNDLE.
    let out = share(&["--ca-bundle", cert], base_env());
    assert_eq!(
        (out.rc, out.stdout.as_str(), out.stderr.as_str()),
        (0, "", ""),
        "{out:?}"
    );
    let out = share(&[], env_with(&[("AWS_CA_BUNDLE", cert)]));
    assert_eq!(
        (out.rc, out.stdout.as_str(), out.stderr.as_str()),
        (0, "", ""),
        "{out:?}"
    );
    // Accepted with --no-verify-ssl, with a warning on stderr.
    let out = share(&["--no-verify-ssl"], base_env());
    assert_eq!((out.rc, out.stdout.as_str()), (0, ""), "{out:?}");
    assert_eq!(
        out.stderr,
        "awslice: [WARNING]: --no-verify-ssl: TLS certificate verification is disabled. Adding certificate verification is strongly advised.\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
