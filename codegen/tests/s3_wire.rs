//! S3 requests as botocore prepares them, byte for byte: every case of
//! `testdata/s3/botocore_requests.json` (recorded from botocore 1.44.18 by
//! `testdata/s3/capture_botocore.py`: URLs with the bucket in the endpoint, hostile keys,
//! checksums, `Expect`, `x-amz-content-sha256`, `aws-chunked` uploads over HTTPS, escaped XML
//! bodies, path- and virtual-host addressing) goes through the official S3 model's tables, the
//! protocol codec and the client's preparation ([`ServiceClient::prepare`]); the loopback
//! cases are also sent to a server on 127.0.0.1 that records what arrives.
//!
//! Two departures are asserted rather than hidden: a key that is a `.` or `..` path segment
//! is refused (the URL type removes such segments; botocore sends them), and an `aws-chunked`
//! body is sent with its `Content-Length` instead of `Transfer-Encoding: chunked` (S3 takes
//! both; the HTTP client frames a body of known length itself).

use std::collections::HashMap;

use awslice_codegen::model::{ShapeId, parse::parse};
use awslice_codegen::schema_tables::schema_values;
use awslice_runtime::client::ServiceClient;
use awslice_runtime::config::{ConfigLoader, Env};
use awslice_runtime::credentials::Credentials;
use awslice_runtime::protocol::{self, JsonStyle};
use awslice_runtime::schema::{OperationSchema, XmlNamespace};
use awslice_runtime::service::{Protocol, ServiceMeta, Signer};
use awslice_test_support::{http, paths, sdk_config::block_on, temp::TempDir};
use base64::Engine as _;
use serde_json::Value;

/// The S3 model's tables for every operation the fixture uses, and a service description.
struct S3 {
    schemas: HashMap<String, OperationSchema<'static>>,
    meta: &'static ServiceMeta,
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn s3(operations: &[&str]) -> S3 {
    let text = paths::read("models/official/s3-2006-03-01.json");
    let model = parse(&text).expect("the S3 model parses");
    let ids: Vec<ShapeId> = operations
        .iter()
        .map(|o| ShapeId(format!("com.amazonaws.s3#{o}")))
        .collect();
    let values = schema_values(&model, &ids).expect("schema values");
    let shapes = values.shapes;
    let schemas = operations
        .iter()
        .zip(values.operations)
        .map(|(name, op)| {
            let operation: &'static _ = Box::leak(Box::new(op));
            ((*name).to_owned(), OperationSchema { shapes, operation })
        })
        .collect();
    let raw: Value = serde_json::from_str(&text).expect("JSON");
    let rules =
        &raw["shapes"]["com.amazonaws.s3#AmazonS3"]["traits"]["smithy.rules#endpointRuleSet"];
    let meta = Box::leak(Box::new(ServiceMeta {
        shape_name: "AmazonS3",
        sdk_id: "S3",
        endpoint_prefix: "s3",
        signing_name: "s3",
        protocol: Protocol::RestXml,
        api_version: "2006-03-01",
        endpoint_rule_set: leak(rules.to_string()),
        query_compatible: false,
        xml_namespace: Some(XmlNamespace {
            uri: "http://s3.amazonaws.com/doc/2006-03-01/",
            prefix: None,
        }),
        signer: awslice_codegen::customizations::signer("s3"),
    }));
    assert_eq!(meta.signer, Signer::PayloadHashHeader);
    S3 { schemas, meta }
}

/// A client with the case's endpoint and `s3` configuration block.
fn client(
    meta: &'static ServiceMeta,
    endpoint: Option<&str>,
    case: &Value,
    home: &TempDir,
) -> ServiceClient {
    let mut config = String::from("[default]\n");
    if let Some(s3) = case["config"]["s3"].as_object() {
        config.push_str("s3 =\n");
        for (k, v) in s3 {
            config.push_str(&format!("  {k} = {}\n", v.as_str().expect("text")));
        }
    }
    let file = home.write(".aws/config", &config);
    let env = Env::from_map(HashMap::from([(
        "AWS_CONFIG_FILE".to_owned(),
        file.display().to_string(),
    )]))
    .with_home(home.path());
    let mut loader = ConfigLoader::new()
        .env(env)
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None, None));
    if let Some(e) = endpoint {
        loader = loader.endpoint_url(e);
    }
    ServiceClient::new(&loader.load().expect("configuration"), meta)
}

/// The case's parameters in the codecs' value form (blobs as base64 text).
fn input(case: &Value) -> Value {
    let mut params = case["params"].as_object().expect("params").clone();
    // A bytes body and a file-like one are the same bytes to us.
    for key in ["BodyBase64", "BodyFileLikeBase64"] {
        if let Some(b) = params.remove(key) {
            params.insert("Body".to_owned(), b);
        }
    }
    Value::Object(params)
}

fn is_dot_segment_key(case: &Value) -> bool {
    case["params"]["Key"]
        .as_str()
        .is_some_and(|k| k.split('/').any(|s| s == "." || s == ".."))
}

/// botocore's headers with the one departure described above applied.
fn expected_headers(case: &Value) -> Vec<(String, String)> {
    let request = &case["request"];
    let mut out: Vec<(String, String)> = request["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .map(|h| {
            (
                h[0].as_str().expect("name").to_ascii_lowercase(),
                h[1].as_str().expect("value").to_owned(),
            )
        })
        .collect();
    if out
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v == "chunked")
    {
        out.retain(|(k, _)| k != "transfer-encoding");
        let body = base64::engine::general_purpose::STANDARD
            .decode(request["body_base64"].as_str().expect("body"))
            .expect("base64");
        out.push(("content-length".to_owned(), body.len().to_string()));
    }
    out
}

#[test]
fn s3_requests_are_botocores() {
    let fixture: Value =
        serde_json::from_str(&paths::read("testdata/s3/botocore_requests.json")).expect("fixture");
    let cases = fixture["cases"].as_array().expect("cases");
    let mut operations: Vec<&str> = cases
        .iter()
        .map(|c| c["operation"].as_str().expect("operation"))
        .collect();
    operations.sort_unstable();
    operations.dedup();
    let s3 = s3(&operations);
    let server = http::Server::respond(|_, _| http::reply(200, "OK", &[], ""));
    let home = TempDir::new("s3-wire");
    let (mut prepared_same, mut sent_same, mut refused) = (0, 0, 0);
    for case in cases {
        let name = case["name"].as_str().expect("name");
        if case.get("error").is_some() {
            panic!("{name}: botocore refused this case; the fixture should not hold it");
        }
        let schema = s3.schemas[case["operation"].as_str().expect("operation")];
        let serialized = protocol::serialize(s3.meta, schema, &input(case), JsonStyle::Python);
        let endpoint = case["endpoint_url"].as_str();
        let c = client(s3.meta, endpoint, case, &home);
        let expected = &case["request"];
        if is_dot_segment_key(case) {
            // Refused by the codec (a label that is a dot segment), or else by the client.
            let e = match serialized {
                Err(e) => e.to_string(),
                Ok(r) => c.prepare(&r).expect_err(name).to_string(),
            };
            assert!(
                e.contains("cannot make the path segment") || e.contains("cannot send the path"),
                "{name}: {e}"
            );
            refused += 1;
            continue;
        }
        let request = serialized.unwrap_or_else(|e| panic!("{name}: {e}"));
        let prepared = c
            .prepare(&request)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(request.method, expected["method"], "{name}: method");
        assert_eq!(prepared.url.as_str(), expected["url"], "{name}: URL");
        let mut ours = prepared.headers.clone();
        if let Some(n) = prepared.content_length {
            ours.push(("content-length".to_owned(), n.to_string()));
        }
        assert_eq!(ours, expected_headers(case), "{name}: headers");
        let body = base64::engine::general_purpose::STANDARD
            .decode(expected["body_base64"].as_str().expect("body"))
            .expect("base64");
        assert_eq!(
            prepared.body.as_ref(),
            body.as_slice(),
            "{name}: body {:?}",
            String::from_utf8_lossy(&prepared.body)
        );
        prepared_same += 1;

        // What arrives: the loopback cases, sent to the recording server instead of port 5000.
        if endpoint.is_some_and(|e| e.starts_with("http://127.0.0.1:5000")) {
            let at = server.requests().len();
            let c = client(s3.meta, Some(&server.url()), case, &home);
            let request = protocol::serialize(s3.meta, schema, &input(case), JsonStyle::Python)
                .expect("serializes");
            block_on(c.send(name, request)).unwrap_or_else(|e| panic!("{name}: {e}"));
            let got = &server.requests()[at];
            assert_eq!(
                got.path(),
                expected["request_target"],
                "{name}: request target"
            );
            assert_eq!(got.method(), expected["method"], "{name}: method sent");
            assert_eq!(got.body, body, "{name}: body sent");
            let sent: Vec<(String, String)> = got
                .headers()
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect();
            for (k, v) in expected_headers(case) {
                assert!(
                    sent.contains(&(k.clone(), v.clone())),
                    "{name}: {k}: {v} not sent; sent {sent:?}"
                );
            }
            // The signature covers x-amz-content-sha256 and is over the path as sent.
            let auth = got.header("authorization").expect("signed");
            assert!(auth.contains("x-amz-content-sha256"), "{name}: {auth}");
            sent_same += 1;
        }
    }
    println!(
        "S3 fixture: {prepared_same} prepared as botocore does, {sent_same} sent as botocore \
         sends them, {refused} dot-segment keys refused"
    );
    assert_eq!(prepared_same + refused, cases.len());
    assert!(sent_same >= 60, "{sent_same}");
    assert_eq!(refused, 5);
}

/// What the S3 rules do with replies, through the client as the SDK crates call it.
#[test]
fn s3_replies_go_through_botocores_handlers() {
    use awslice_runtime::error::{CallError, SdkError};
    let s3 = s3(&[
        "CopyObject",
        "GetObject",
        "ListObjectsV2",
        "GetBucketLocation",
        "CreateBucket",
        "HeadObject",
        "PutObject",
    ]);
    let home = TempDir::new("s3-replies");
    let call = |server: &http::Server, op: &str, input: Value| {
        let c = client(s3.meta, Some(&server.url()), &Value::Null, &home);
        block_on(c.call_operation(s3.schemas[op], &input, Box::new))
    };

    // An error in a 200 is a 500: retried, then reported with its code.
    let error = "<Error><Code>InternalError</Code><Message>We encountered an internal error. \
                 Please try again.</Message><RequestId>R1</RequestId></Error>";
    let server = http::Server::start(vec![http::reply(200, "OK", &[], error)]);
    let input = serde_json::json!({"Bucket": "b", "Key": "k", "CopySource": "b/s"});
    match call(&server, "CopyObject", input.clone()) {
        Err(SdkError::Service(e)) => {
            assert_eq!(e.code, "InternalError");
            assert_eq!(e.status, 500);
            assert_eq!(e.retries_exhausted, Some(2));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), 3);
    // A well-formed reply is not an error; an empty 200 neither.
    let ok = "<CopyObjectResult><ETag>\"e\"</ETag></CopyObjectResult>";
    let server = http::Server::start(vec![http::reply(200, "OK", &[], ok)]);
    let out = call(&server, "CopyObject", input.clone()).expect("copied");
    assert_eq!(out["CopyObjectResult"]["ETag"], "\"e\"");

    // GetObject: the reply's checksum is checked (ChecksumMode=ENABLED sent by default).
    let server = http::Server::start(vec![
        http::reply(200, "OK", &[("x-amz-checksum-crc32", "NhCmhg==")], "hello"),
        http::reply(200, "OK", &[("x-amz-checksum-crc32", "NhCmhg==")], "hellO"),
    ]);
    let input = serde_json::json!({"Bucket": "b", "Key": "k"});
    let out = call(&server, "GetObject", input.clone()).expect("the body matches");
    assert_eq!(out["ChecksumCRC32"], "NhCmhg==");
    match call(&server, "GetObject", input) {
        Err(SdkError::Call(CallError::Checksum(e))) => assert_eq!(
            e.to_string(),
            // Python: base64.b64encode(zlib.crc32(b'hellO').to_bytes(4, 'big')).
            "Expected checksum NhCmhg== did not match calculated checksum: DX6GTg=="
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        server.requests()[0]
            .header("x-amz-checksum-mode")
            .as_deref(),
        Some("ENABLED")
    );

    // ListObjectsV2: encoding-type=url sent, the names decoded; not when the caller asked.
    let listing = "<ListBucketResult><Name>b</Name><Prefix>a%20b%2F</Prefix>\
                   <Contents><Key>a%20b/c+d%25</Key></Contents><EncodingType>url</EncodingType>\
                   </ListBucketResult>";
    let server = http::Server::start(vec![http::reply(200, "OK", &[], listing)]);
    let out = call(&server, "ListObjectsV2", serde_json::json!({"Bucket": "b"})).expect("listed");
    assert_eq!(out["Prefix"], "a b/");
    assert_eq!(out["Contents"][0]["Key"], "a b/c d%");
    assert_eq!(
        server.requests()[0].path(),
        "/b?list-type=2&encoding-type=url"
    );
    let out = call(
        &server,
        "ListObjectsV2",
        serde_json::json!({"Bucket": "b", "EncodingType": "url"}),
    )
    .expect("listed");
    assert_eq!(out["Contents"][0]["Key"], "a%20b/c+d%25");

    // GetBucketLocation: the root's text, null when empty; always path-style.
    let ns = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
    let server = http::Server::start(vec![
        http::reply(
            200,
            "OK",
            &[],
            &format!("<LocationConstraint {ns}>eu-west-1</LocationConstraint>"),
        ),
        http::reply(200, "OK", &[], &format!("<LocationConstraint {ns}/>")),
    ]);
    let input = serde_json::json!({"Bucket": "b"});
    let out = call(&server, "GetBucketLocation", input.clone()).expect("located");
    assert_eq!(out["LocationConstraint"], "eu-west-1");
    let out = call(&server, "GetBucketLocation", input).expect("located");
    assert_eq!(out["LocationConstraint"], Value::Null);
    assert_eq!(server.requests()[0].path(), "/b?location");

    // HeadObject: the `Expires` header's text as `ExpiresString`; an unparsable one is left out
    // of `Expires` instead of failing the call (botocore's `handle_expires_header`).
    let server = http::Server::start(vec![
        http::reply(
            200,
            "OK",
            &[("Expires", "Thu, 01 Dec 1994 16:00:00 GMT")],
            "",
        ),
        http::reply(200, "OK", &[("Expires", "next tuesday")], ""),
    ]);
    let input = serde_json::json!({"Bucket": "b", "Key": "k"});
    let out = call(&server, "HeadObject", input.clone()).expect("head");
    assert_eq!(out["ExpiresString"], "Thu, 01 Dec 1994 16:00:00 GMT");
    assert!(out.get("Expires").is_some_and(|v| !v.is_null()), "{out}");
    let out = call(&server, "HeadObject", input).expect("an unparsable Expires is no failure");
    assert_eq!(out["ExpiresString"], "next tuesday");
    assert!(out.get("Expires").is_none(), "{out}");

    // PutObject with the caller's algorithm: the AWS CLI v2 (with its CRT) computes CRC32C and
    // CRC64NVME as it does CRC32; the XXHash ones are refused before sending.
    let server = http::Server::start(vec![http::reply(200, "OK", &[], "")]);
    for (algorithm, header, value) in [
        ("CRC32C", "x-amz-checksum-crc32c", "mnG7TA=="),
        ("CRC64NVME", "x-amz-checksum-crc64nvme", "M3eFcAZSQlc="),
        (
            "SHA256",
            "x-amz-checksum-sha256",
            "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=",
        ),
    ] {
        let at = server.requests().len();
        let input = serde_json::json!({"Bucket": "b", "Key": "k", "Body": "aGVsbG8=",
                                       "ChecksumAlgorithm": algorithm});
        call(&server, "PutObject", input).expect("put");
        let sent = &server.requests()[at];
        assert_eq!(sent.header(header).as_deref(), Some(value), "{algorithm}");
        assert_eq!(
            sent.header("x-amz-sdk-checksum-algorithm").as_deref(),
            Some(algorithm)
        );
    }
    let at = server.requests().len();
    let input = serde_json::json!({"Bucket": "b", "Key": "k", "Body": "aGVsbG8=",
                                   "ChecksumAlgorithm": "XXHASH64"});
    match call(&server, "PutObject", input) {
        Err(SdkError::Call(CallError::Checksum(e))) => {
            assert!(
                e.to_string()
                    .starts_with("Unsupported checksum algorithm: xxhash64"),
                "{e}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), at, "nothing sent");

    // A bucket name botocore refuses is refused before anything is sent.
    let server = http::Server::start(vec![http::reply(200, "OK", &[], "")]);
    match call(&server, "CreateBucket", serde_json::json!({"Bucket": "Bad Bucket!"})) {
        Err(SdkError::Serialize(e)) => assert!(
            e.to_string().starts_with(
                "Parameter validation failed:\nInvalid bucket name \"Bad Bucket!\": Bucket name must match the regex \"^[a-zA-Z0-9.\\-_]{1,255}$\" or be an ARN"
            ),
            "{e}"
        ),
        other => panic!("{other:?}"),
    }
    let arn = "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap";
    assert!(
        protocol::serialize(
            s3.meta,
            s3.schemas["CreateBucket"],
            &serde_json::json!({"Bucket": arn}),
            JsonStyle::Python
        )
        .is_ok()
    );
    assert!(server.requests().is_empty());
}

/// The `s3` block of the profile, as botocore 1.44.18 reads it (values from botocore with the
/// same settings, `PutObject` of `hello` to `awslice-bucket`/`plain.txt`, us-east-1).
#[test]
fn s3_configuration_blocks_change_the_request_as_in_botocore() {
    let s3 = s3(&["PutObject"]);
    let home = TempDir::new("s3-config");
    let input =
        serde_json::json!({"Bucket": "awslice-bucket", "Key": "plain.txt", "Body": "aGVsbG8="});
    let request = protocol::serialize(s3.meta, s3.schemas["PutObject"], &input, JsonStyle::Python)
        .expect("serializes");
    let prepared = |s3_block: Value, endpoint: Option<&str>| {
        let case = serde_json::json!({ "config": { "s3": s3_block } });
        client(s3.meta, endpoint, &case, &home)
            .prepare(&request)
            .expect("prepared")
    };
    let sha = |p: &awslice_runtime::client::Prepared| {
        p.headers
            .iter()
            .find(|(k, _)| k == "x-amz-content-sha256")
            .map(|(_, v)| v.clone())
    };
    for (block, endpoint, url, hash) in [
        (
            serde_json::json!({"use_accelerate_endpoint": "true"}),
            None,
            "https://awslice-bucket.s3-accelerate.amazonaws.com/plain.txt",
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        ),
        (
            serde_json::json!({"us_east_1_regional_endpoint": "regional"}),
            None,
            "https://awslice-bucket.s3.us-east-1.amazonaws.com/plain.txt",
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        ),
        (
            serde_json::json!({}),
            None,
            "https://awslice-bucket.s3.amazonaws.com/plain.txt",
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        ),
        (
            serde_json::json!({"payload_signing_enabled": "false"}),
            Some("http://127.0.0.1:5000"),
            "http://127.0.0.1:5000/awslice-bucket/plain.txt",
            "UNSIGNED-PAYLOAD",
        ),
    ] {
        let p = prepared(block.clone(), endpoint);
        assert_eq!(p.url.as_str(), url, "{block}");
        assert_eq!(sha(&p).as_deref(), Some(hash), "{block}");
    }
}
