//! Per-request CPU cost of awslice's client hot path, without any I/O: serialising the
//! input (as the generated SDK does: `ToJson` → `serde_json::Value` → text), signing with
//! SigV4 and assembling the header map. The endpoint is resolved once per client (the client
//! caches it), so it is measured on its own (`endpoint`) and not in the per-request total; so
//! is a first signature with fresh credentials (`sign_fresh`: the signing identity and the
//! day's signing key are made once per credential set and then reused).
//!
//! Run with `cargo bench -p awslice-runtime --bench request` (or `cargo xtask bench --only cpu`).
//! After the criterion groups it prints `allocations per request: N calls, B bytes`, counted by
//! a global allocator wrapper around the system allocator, for one serialise + sign + headers.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use awslice_runtime::protocol;
use awslice_runtime::service::Protocol;
use awslice_runtime::sign::{self, SignInput, SigningCredentials, SigningIdentity};
use criterion::{Criterion, criterion_group};
use http::header::{HeaderMap, HeaderName, HeaderValue};

/// Counts every allocation (and its size) made through the global allocator.
struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: defers every operation to `System`, only adding relaxed counter updates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const MODEL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/workspaces.json");

/// The `smithy.rules#endpointRuleSet` of the service in our model slice.
fn rule_set() -> awslice_endpoints::RuleSet {
    let text = std::fs::read_to_string(MODEL)
        .unwrap_or_else(|e| panic!("cannot read the model {MODEL}: {e}"));
    let model: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{MODEL} is not JSON: {e}"));
    let rules = model["shapes"]
        .as_object()
        .and_then(|shapes| {
            shapes
                .values()
                .find(|s| s["type"] == "service")
                .map(|s| &s["traits"]["smithy.rules#endpointRuleSet"])
        })
        .unwrap_or_else(|| panic!("{MODEL} has no service with an endpoint rule set"));
    awslice_endpoints::RuleSet::from_value(rules)
        .unwrap_or_else(|e| panic!("the model's rule set does not load: {e}"))
}

fn body() -> Vec<u8> {
    // What the generated `ToJson` produces for the input, then `.to_string()`.
    let mut m = serde_json::Map::new();
    m.insert("ImageId".into(), "wsi-123456789".into());
    m.insert("AllowCopyImage".into(), true.into());
    m.insert("SharedAccountId".into(), "123456789012".into());
    serde_json::Value::Object(m).to_string().into_bytes()
}

fn resolve(rules: &awslice_endpoints::RuleSet) -> String {
    let mut params = awslice_endpoints::Params::new();
    for (built_in, value) in [
        ("AWS::Region", awslice_endpoints::Value::from("us-east-1")),
        ("AWS::UseDualStack", false.into()),
        ("AWS::UseFIPS", false.into()),
        ("SDK::Endpoint", "http://127.0.0.1:8080".into()),
    ] {
        if let Some(p) = rules.parameter_for_built_in(built_in) {
            params.insert(p.name.clone(), value);
        }
    }
    match rules.resolve(&params) {
        Ok(e) => e.url,
        Err(e) => panic!("endpoint resolution failed: {e}"),
    }
}

fn creds() -> SigningCredentials {
    SigningCredentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
        session_token: None,
    }
}

fn sign_input<'a>(body: &'a [u8], target: &'a str) -> SignInput<'a> {
    SignInput {
        method: "POST",
        path: "/",
        host: "127.0.0.1:8080",
        content_type: protocol::aws_json::content_type(Protocol::AwsJson1_1),
        target,
        body,
        region: "us-east-1",
        service: "workspaces",
        time: SystemTime::now(),
    }
}

/// One request's headers, signed with `identity` (kept by the client per credential set),
/// from an already serialised body.
fn signed_headers(body: &[u8], identity: &SigningIdentity) -> HeaderMap {
    let target = protocol::aws_json::target("WorkspacesService", "UpdateWorkspaceImagePermission");
    let content_type = protocol::aws_json::content_type(Protocol::AwsJson1_1);
    let input = sign_input(body, &target);
    let sig = sign::sign_with(&input, identity).unwrap_or_else(|e| panic!("signing failed: {e}"));
    let mut h = HeaderMap::with_capacity(12);
    let mut put = |name: &'static str, value: &str| {
        let v = HeaderValue::from_str(value).unwrap_or_else(|_| panic!("bad header {name}"));
        h.append(HeaderName::from_static(name), v);
    };
    put("host", "127.0.0.1:8080");
    put("accept-encoding", "identity");
    put("x-amz-target", &target);
    put("content-type", content_type);
    put("x-amz-date", &sig.amz_date);
    put("authorization", &sig.authorization);
    put("amz-sdk-request", "attempt=1");
    put("content-length", &body.len().to_string());
    h
}

/// A first signature with `creds`: a new signing identity and signing key.
fn sign_fresh(body: &[u8], creds: &SigningCredentials) -> usize {
    let target = protocol::aws_json::target("WorkspacesService", "UpdateWorkspaceImagePermission");
    let sig = sign::sign(&sign_input(body, &target), creds)
        .unwrap_or_else(|e| panic!("signing failed: {e}"));
    sig.authorization.len()
}

/// The whole per-request CPU path measured here (the endpoint is cached per client).
fn full(identity: &SigningIdentity) -> HeaderMap {
    let b = body();
    signed_headers(&b, identity)
}

/// `aws_sigv4` alone with the same inputs as `sign::sign` (minus its `--debug` texts), to
/// tell the signer's own cost from our wrapper's.
fn sigv4_only(body: &[u8], identity: &aws_smithy_runtime_api::client::identity::Identity) -> usize {
    use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings};
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(identity)
        .region("us-east-1")
        .name("workspaces")
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .unwrap_or_else(|e| panic!("signing params: {e}"))
        .into();
    let headers = [
        ("content-type", "application/x-amz-json-1.1"),
        ("host", "127.0.0.1:8080"),
        (
            "x-amz-target",
            "WorkspacesService.UpdateWorkspaceImagePermission",
        ),
    ];
    let request = SignableRequest::new("POST", "/", headers.into_iter(), SignableBody::Bytes(body))
        .unwrap_or_else(|e| panic!("signable request: {e}"));
    let (instructions, _) = aws_sigv4::http_request::sign(request, &params)
        .unwrap_or_else(|e| panic!("sign: {e}"))
        .into_parts();
    instructions.headers().count()
}

fn benches(c: &mut Criterion) {
    let rules = rule_set();
    let creds = creds();
    let identity = SigningIdentity::new(&creds);
    let b = body();
    c.bench_function("serialize", |bch| bch.iter(|| black_box(body())));
    c.bench_function("endpoint", |bch| bch.iter(|| black_box(resolve(&rules))));
    c.bench_function("sign", |bch| {
        bch.iter(|| black_box(signed_headers(black_box(&b), &identity)))
    });
    c.bench_function("sign_fresh", |bch| {
        bch.iter(|| black_box(sign_fresh(black_box(&b), &creds)))
    });
    c.bench_function("request", |bch| bch.iter(|| black_box(full(&identity))));
    let sdk_identity = aws_credential_types::Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "bench",
    )
    .into();
    c.bench_function("sigv4_only", |bch| {
        bch.iter(|| black_box(sigv4_only(black_box(&b), &sdk_identity)))
    });
    c.bench_function("sha256_hex", |bch| {
        bch.iter(|| black_box(sign::sha256_hex(black_box(&b))))
    });
}

criterion_group!(group, benches);

/// Allocations made by `full` once warm (the first call may fill lazy statics).
fn report_allocations() {
    let rules = rule_set();
    let creds = creds();
    let identity = SigningIdentity::new(&creds);
    assert_eq!(resolve(&rules), "http://127.0.0.1:8080");
    let headers = full(&identity);
    assert!(
        headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")),
        "the request was not signed: {headers:?}"
    );
    const N: u64 = 100;
    let (a0, b0) = (
        ALLOCS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    for _ in 0..N {
        black_box(full(&identity));
    }
    let (a1, b1) = (
        ALLOCS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    let b = body();
    let sdk_identity =
        aws_credential_types::Credentials::new("AKIDEXAMPLE", "secret", None, None, "bench").into();
    for (name, f) in [
        ("serialize", &(|| drop(black_box(body()))) as &dyn Fn()),
        ("endpoint", &|| drop(black_box(resolve(&rules)))),
        ("sign", &|| drop(black_box(signed_headers(&b, &identity)))),
        ("sign_fresh", &|| {
            black_box(sign_fresh(&b, &creds));
        }),
        ("sha256_hex", &|| drop(black_box(sign::sha256_hex(&b)))),
        ("sigv4_only", &|| {
            black_box(sigv4_only(&b, &sdk_identity));
        }),
    ] {
        let a = ALLOCS.load(Ordering::Relaxed);
        f();
        println!(
            "allocations in {name}: {}",
            ALLOCS.load(Ordering::Relaxed) - a
        );
    }
    println!(
        "allocations per request: {} calls, {} bytes",
        (a1 - a0) / N,
        (b1 - b0) / N
    );
}

fn main() {
    report_allocations();
    group();
    Criterion::default().configure_from_args().final_summary();
}
