//! The exact request on the wire (docs/compat.md#the-request-on-the-wire), checked on a raw-TCP loopback server,
//! with signatures verified by an independent SigV4 implementation.

use crate::support;
use awslice_test_support::peers;

use support::server::{Server, json, reply};
use support::*;

#[test]
fn share_request_bytes_match_the_cli() {
    let server = Server::start(vec![json(200, "{}")]);
    let c = client(&server.url());
    let resp = block_on(c.call(
        "UpdateWorkspaceImagePermission",
        SHARE_BODY.as_bytes().to_vec(),
    ))
    .expect("call");
    assert_eq!(resp.status, 200);
    assert_eq!(&resp.body[..], b"{}");

    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.request_line(), "POST / HTTP/1.1");
    assert_eq!(r.body, SHARE_BODY.as_bytes());
    let names: Vec<String> = r.headers().into_iter().map(|(k, _)| k).collect();
    // The CLI's order; the HTTP stack title-cases every name and appends `Accept: */*`.
    assert_eq!(
        names,
        [
            "Host",
            "Accept-Encoding",
            "X-Amz-Target",
            "Content-Type",
            "User-Agent",
            "X-Amz-Date",
            "Authorization",
            "Amz-Sdk-Invocation-Id",
            "Amz-Sdk-Request",
            "Content-Length",
            "Accept",
        ],
        "head was:\n{}",
        r.head
    );
    assert_eq!(
        r.header("host").unwrap(),
        format!("127.0.0.1:{}", server.port)
    );
    assert_eq!(r.header("accept-encoding").unwrap(), "identity");
    assert_eq!(
        r.header("x-amz-target").unwrap(),
        "WorkspacesService.UpdateWorkspaceImagePermission"
    );
    assert_eq!(
        r.header("content-type").unwrap(),
        "application/x-amz-json-1.1"
    );
    assert_eq!(r.header("content-length").unwrap(), "90");
    assert_eq!(r.header("amz-sdk-request").unwrap(), "attempt=1");
    let ua = r.header("user-agent").unwrap();
    assert!(
        ua.starts_with("awslice/")
            && ua.contains(" ua/2.1 os/")
            && ua.contains(" cfg/retry-mode#standard"),
        "{ua}"
    );
    let id = r.header("amz-sdk-invocation-id").unwrap();
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "4");
    assert!(r.header("x-amz-content-sha256").is_none());
    assert!(r.header("x-amz-security-token").is_none());

    let date = r.header("x-amz-date").unwrap();
    assert_eq!(date.len(), 16);
    let auth = sigv4::parse_authorization(&r.header("authorization").unwrap());
    assert_eq!(
        auth.signed_headers,
        "content-type;host;x-amz-date;x-amz-target"
    );
    assert_eq!(
        auth.credential,
        format!("{AKID}/{}/us-east-1/workspaces/aws4_request", &date[..8])
    );
    let (expected, found) = sigv4::recompute(r, SECRET);
    assert_eq!(expected, found, "independent SigV4 disagrees");
    // A wrong secret must give a different signature (the verifier is not trivially true).
    assert_ne!(sigv4::recompute(r, "not-the-secret").0, found);
}

#[test]
fn session_token_is_sent_before_authorization_and_signed() {
    let server = Server::start(vec![json(200, "{}")]);
    let cfg = config(Opts {
        endpoint: Some(server.url()),
        token: Some("devSessionToken123"),
        region: Some("eu-west-2"),
        ..Opts::default()
    });
    let c = awslice_runtime::client::ServiceClient::new(&cfg, &META);
    block_on(c.call(
        "UpdateWorkspaceImagePermission",
        SHARE_BODY.as_bytes().to_vec(),
    ))
    .expect("call");
    let r = &server.requests()[0];
    let names: Vec<String> = r.headers().into_iter().map(|(k, _)| k).collect();
    let tok = names
        .iter()
        .position(|n| n == "X-Amz-Security-Token")
        .expect("token header");
    assert_eq!(names[tok + 1], "Authorization");
    assert_eq!(names[tok - 1], "X-Amz-Date");
    assert_eq!(
        r.header("x-amz-security-token").unwrap(),
        "devSessionToken123"
    );
    let auth = sigv4::parse_authorization(&r.header("authorization").unwrap());
    assert_eq!(
        auth.signed_headers,
        "content-type;host;x-amz-date;x-amz-security-token;x-amz-target"
    );
    assert!(
        auth.credential
            .ends_with("/eu-west-2/workspaces/aws4_request")
    );
    let (expected, found) = sigv4::recompute(r, SECRET);
    assert_eq!(expected, found);
}

#[test]
fn no_sign_request_sends_no_auth_headers() {
    let server = Server::start(vec![json(200, "{}")]);
    let cfg = config(Opts {
        endpoint: Some(server.url()),
        no_sign: true,
        ..Opts::default()
    });
    let c = awslice_runtime::client::ServiceClient::new(&cfg, &META);
    block_on(c.call("DescribeWorkspaceImagePermissions", b"{}".to_vec())).expect("call");
    let r = &server.requests()[0];
    let names: Vec<String> = r.headers().into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        names,
        [
            "Host",
            "Accept-Encoding",
            "X-Amz-Target",
            "Content-Type",
            "User-Agent",
            "Amz-Sdk-Invocation-Id",
            "Amz-Sdk-Request",
            "Content-Length",
            "Accept"
        ]
    );
}

#[test]
fn path_prefix_and_user_agent_pieces() {
    let server = Server::start(vec![json(200, "{}")]);
    let c = client(&format!("{}/prefix/", server.url()))
        .with_user_agent_piece("md/command#workspaces.update-workspace-image-permission");
    block_on(c.call(
        "UpdateWorkspaceImagePermission",
        SHARE_BODY.as_bytes().to_vec(),
    ))
    .expect("call");
    let r = &server.requests()[0];
    assert_eq!(r.request_line(), "POST /prefix/ HTTP/1.1");
    assert!(
        r.header("user-agent")
            .unwrap()
            .ends_with(" md/command#workspaces.update-workspace-image-permission")
    );
    assert_eq!(sigv4::recompute(r, SECRET).0, sigv4::recompute(r, SECRET).1);
}

#[test]
fn success_does_not_need_a_json_content_type_and_connections_are_reused() {
    let server = Server::start(vec![reply(
        200,
        "OK",
        &[("Content-Type", "text/html; charset=utf-8")],
        "{}",
    )]);
    let c = client(&server.url());
    block_on(async {
        for _ in 0..3 {
            let r = c
                .call("UpdateWorkspaceImagePermission", b"{}".to_vec())
                .await
                .expect("call");
            assert_eq!(&r.body[..], b"{}");
        }
    });
    assert_eq!(server.requests().len(), 3);
    assert_eq!(
        server.connections(),
        1,
        "one keep-alive connection for three calls"
    );
}

#[test]
fn no_region_is_an_error_even_with_an_endpoint() {
    let cfg = config(Opts {
        endpoint: Some("http://127.0.0.1:9".into()),
        region: Some(""),
        ..Opts::default()
    });
    let c = awslice_runtime::client::ServiceClient::new(&cfg, &META);
    let e = block_on(c.call("UpdateWorkspaceImagePermission", b"{}".to_vec())).unwrap_err();
    assert!(
        matches!(e, awslice_runtime::error::CallError::NoRegion),
        "{e:?}"
    );
}

/// botocore's own signer (from the Python venv) computes the same signature.
#[test]
fn botocore_agrees_with_our_signature() {
    let Some(python) = peers::python() else {
        return;
    };
    let server = Server::start(vec![json(200, "{}")]);
    let cfg = config(Opts {
        endpoint: Some(format!("{}/prefix/", server.url())),
        token: Some("tok/en+=="),
        ..Opts::default()
    });
    let c = awslice_runtime::client::ServiceClient::new(&cfg, &META);
    block_on(c.call(
        "UpdateWorkspaceImagePermission",
        SHARE_BODY.as_bytes().to_vec(),
    ))
    .expect("call");
    let r = &server.requests()[0];
    const SCRIPT: &str = r#"
import os, datetime
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
e = os.environ
req = AWSRequest(method='POST', url=e['URL'], data=e['BODY'].encode())
req.headers['Content-Type'] = e['CT']
req.headers['X-Amz-Target'] = e['TARGET']
req.headers['Host'] = e['HOST']
req.headers['X-Amz-Date'] = e['DATE']
req.headers['X-Amz-Security-Token'] = e['TOKEN']
req.context['timestamp'] = e['DATE']
auth = SigV4Auth(Credentials(e['AKID'], e['SECRET'], e['TOKEN']), 'workspaces', e['REGION'])
creq = auth.canonical_request(req)
sts = auth.string_to_sign(req, creq)
print(auth.signature(sts, req))
"#;
    let out = std::process::Command::new(python)
        .args(["-c", SCRIPT])
        .env("URL", format!("{}/prefix/", server.url()))
        .env("BODY", SHARE_BODY)
        .env("CT", r.header("content-type").unwrap())
        .env("TARGET", r.header("x-amz-target").unwrap())
        .env("HOST", r.header("host").unwrap())
        .env("DATE", r.header("x-amz-date").unwrap())
        .env("TOKEN", r.header("x-amz-security-token").unwrap())
        .env("AKID", AKID)
        .env("SECRET", SECRET)
        .env("REGION", "us-east-1")
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let botocore_sig = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let ours = sigv4::parse_authorization(&r.header("authorization").unwrap()).signature;
    assert_eq!(botocore_sig, ours);
}

#[test]
fn concurrent_calls_on_one_client_share_it() {
    let server = Server::start(vec![json(200, "{}")]);
    let c = client(&server.url());
    block_on(async {
        let mut set = tokio::task::JoinSet::new();
        for i in 0..16 {
            let c = c.clone();
            set.spawn(async move {
                c.call(
                    "DescribeWorkspaceImagePermissions",
                    format!("{{\"n\": {i}}}").into_bytes(),
                )
                .await
            });
        }
        while let Some(r) = set.join_next().await {
            assert_eq!(r.expect("task").expect("call").status, 200);
        }
    });
    let reqs = server.requests();
    assert_eq!(reqs.len(), 16);
    let mut bodies: Vec<String> = reqs
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    bodies.sort();
    bodies.dedup();
    assert_eq!(bodies.len(), 16);
    let mut ids: Vec<String> = reqs
        .iter()
        .map(|r| r.header("amz-sdk-invocation-id").unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 16, "one invocation id per call");
}
