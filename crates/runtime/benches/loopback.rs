//! awslice's SDK path against a loopback endpoint: per-request latency (median, p99),
//! throughput and client CPU per call, with N concurrent tasks on a current-thread runtime.
//!
//! Driven by `cargo xtask bench --only lib`, which starts the fast loopback server and runs
//! the official SDK's peer the same way. Alone: `cargo bench -p awslice-runtime --bench
//! loopback -- --endpoint-url http://127.0.0.1:PORT [--concurrency N] [--calls N]
//! [--warmup N]`. Prints one JSON line:
//! `{"calls":…,"concurrency":…,"median_us":…,"p99_us":…,"req_per_s":…,"cpu_us_per_call":…}`.
//!
//! Each call does what the generated `update_workspace_image_permission().send()` does:
//! serialise the input to a JSON value and text, `ServiceClient::call`, parse the reply. The
//! timing loop, CPU accounting and output are `awslice_test_support::bench`, shared with the awsQuery and
//! restJson1 bench (`crates/credentials/benches/protocols.rs`).

use awslice_test_support::bench as harness;

use awslice_runtime::client::ServiceClient;
use awslice_runtime::config::{ConfigLoader, Env};
use awslice_runtime::credentials::Credentials;
use awslice_runtime::service::{Protocol, ServiceMeta};

const MODEL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/workspaces.json");

/// The service description, with the endpoint rule set read from our model slice (the
/// generated crate embeds the same text; this bench must not depend on that crate).
fn service_meta() -> Result<&'static ServiceMeta, String> {
    let text = std::fs::read_to_string(MODEL).map_err(|e| format!("cannot read {MODEL}: {e}"))?;
    let model: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{MODEL}: {e}"))?;
    let rules = model["shapes"]
        .as_object()
        .and_then(|shapes| shapes.values().find(|s| s["type"] == "service"))
        .map(|s| s["traits"]["smithy.rules#endpointRuleSet"].to_string())
        .ok_or_else(|| format!("{MODEL} has no service shape"))?;
    Ok(Box::leak(Box::new(ServiceMeta {
        shape_name: "WorkspacesService",
        sdk_id: "WorkSpaces",
        endpoint_prefix: "workspaces",
        signing_name: "workspaces",
        protocol: Protocol::AwsJson1_1,
        api_version: "2015-04-08",
        endpoint_rule_set: Box::leak(rules.into_boxed_str()),
        query_compatible: false,
        xml_namespace: None,
        signer: awslice_runtime::service::Signer::SigV4,
    })))
}

/// `UpdateWorkspaceImagePermission` on the runtime client.
#[derive(Clone)]
struct Update(ServiceClient);

impl harness::Call for Update {
    async fn call(&self) -> Result<(), String> {
        let mut m = serde_json::Map::new();
        m.insert("ImageId".into(), "wsi-123456789".into());
        m.insert("AllowCopyImage".into(), true.into());
        m.insert("SharedAccountId".into(), "123456789012".into());
        let body = serde_json::Value::Object(m).to_string().into_bytes();
        let raw = self
            .0
            .call("UpdateWorkspaceImagePermission", body)
            .await
            .map_err(|e| e.to_string())?;
        let v: serde_json::Value = serde_json::from_slice(&raw.body).map_err(|e| e.to_string())?;
        if !v.is_object() {
            return Err(format!("unexpected reply {v}"));
        }
        Ok(())
    }
}

async fn run(a: harness::Args) -> Result<(), String> {
    if !a.operation.is_empty() {
        return Err(format!("--operation {} is not for this bench", a.operation));
    }
    let config = ConfigLoader::new()
        .env(Env::from_map(Default::default()))
        .region("us-east-1")
        .endpoint_url(a.endpoint.clone())
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
        ))
        .load()
        .map_err(|e| e.to_string())?;
    harness::measure(&a, Update(ServiceClient::new(&config, service_meta()?))).await
}

fn main() -> std::process::ExitCode {
    harness::main("loopback", "lib", run)
}
