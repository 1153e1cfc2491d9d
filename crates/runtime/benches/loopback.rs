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
//! serialise the input to a JSON value and text, `ServiceClient::call`, parse the reply.

use std::time::{Duration, Instant};

use awslice_runtime::client::ServiceClient;
use awslice_runtime::config::{ConfigLoader, Env};
use awslice_runtime::credentials::Credentials;
use awslice_runtime::service::{Protocol, ServiceMeta};

const MODEL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/workspaces.json");

struct Args {
    endpoint: String,
    concurrency: usize,
    calls: usize,
    warmup: usize,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut a = Args {
        endpoint: String::new(),
        concurrency: 1,
        calls: 2000,
        warmup: 200,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--bench" {
            continue; // added by `cargo bench`
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let num = || value.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--endpoint-url" => a.endpoint = value.clone(),
            "--concurrency" => a.concurrency = num()?.max(1),
            "--calls" => a.calls = num()?.max(1),
            "--warmup" => a.warmup = num()?,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok((!a.endpoint.is_empty()).then_some(a))
}

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
    })))
}

async fn one(client: &ServiceClient) -> Result<(), String> {
    let mut m = serde_json::Map::new();
    m.insert("ImageId".into(), "wsi-123456789".into());
    m.insert("AllowCopyImage".into(), true.into());
    m.insert("SharedAccountId".into(), "123456789012".into());
    let body = serde_json::Value::Object(m).to_string().into_bytes();
    let raw = client
        .call("UpdateWorkspaceImagePermission", body)
        .await
        .map_err(|e| e.to_string())?;
    let v: serde_json::Value = serde_json::from_slice(&raw.body).map_err(|e| e.to_string())?;
    if !v.is_object() {
        return Err(format!("unexpected reply {v}"));
    }
    Ok(())
}

/// This process's user + system CPU time, all threads (`getrusage(RUSAGE_SELF)`).
fn cpu_time() -> Duration {
    let mut ru = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `ru` is a valid, writable rusage; getrusage only writes into it.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, ru.as_mut_ptr()) };
    if rc != 0 {
        return Duration::ZERO;
    }
    // SAFETY: getrusage returned 0, so it filled the struct (which was zeroed anyway).
    let ru = unsafe { ru.assume_init() };
    let tv = |t: libc::timeval| {
        Duration::new(
            u64::try_from(t.tv_sec).unwrap_or(0),
            u32::try_from(t.tv_usec).unwrap_or(0) * 1000,
        )
    };
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

async fn run(a: Args) -> Result<(), String> {
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
    let client = ServiceClient::new(&config, service_meta()?);
    for _ in 0..a.warmup {
        one(&client).await?;
    }
    let per_task = a.calls.div_ceil(a.concurrency);
    let cpu0 = cpu_time();
    let t0 = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..a.concurrency {
        let c = client.clone();
        handles.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(per_task);
            for _ in 0..per_task {
                let s = Instant::now();
                one(&c).await?;
                lat.push(s.elapsed());
            }
            Ok::<_, String>(lat)
        }));
    }
    let mut lat = Vec::new();
    for h in handles {
        lat.extend(h.await.map_err(|e| e.to_string())??);
    }
    let wall = t0.elapsed();
    let cpu = cpu_time().saturating_sub(cpu0);
    lat.sort();
    let n = lat.len();
    let pct = |p: f64| lat[((n as f64 * p).ceil() as usize).clamp(1, n) - 1].as_secs_f64() * 1e6;
    println!(
        "{{\"calls\":{n},\"concurrency\":{},\"median_us\":{:.1},\"p99_us\":{:.1},\"req_per_s\":{:.0},\"cpu_us_per_call\":{:.2}}}",
        a.concurrency,
        pct(0.5),
        pct(0.99),
        n as f64 / wall.as_secs_f64(),
        cpu.as_secs_f64() * 1e6 / n as f64
    );
    Ok(())
}

fn main() -> std::process::ExitCode {
    let result = parse_args().and_then(|args| {
        let Some(args) = args else {
            println!(
                "skipped: no --endpoint-url given (run `cargo xtask bench --only lib`, which starts the loopback server)"
            );
            return Ok(());
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        rt.block_on(run(args))
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("loopback bench: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
