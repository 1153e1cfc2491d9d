//! Per-request CPU cost of building, serialising and signing a request (criterion,
//! `crates/runtime/benches/request.rs`) and the allocations it makes.

use std::process::Command;

use super::Row;
use super::util::{bench_dir, capture, json_number, root};

/// Runs the criterion bench and reads its medians.
pub fn bench() -> Result<Vec<Row>, String> {
    let home = bench_dir().join("criterion");
    let mut cmd = Command::new("cargo");
    cmd.args([
        "bench",
        "-p",
        "awslice-runtime",
        "--bench",
        "request",
        "--manifest-path",
    ])
    .arg(root().join("Cargo.toml"))
    .args(["--", "--warm-up-time", "1", "--measurement-time", "3"])
    .env("CRITERION_HOME", &home);
    eprintln!("bench: cpu: criterion (about 20 s)");
    let out = capture(&mut cmd)?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let command = "`cargo bench -p awslice-runtime --bench request`";
    let mut rows = Vec::new();
    for (id, what) in [
        (
            "request",
            "serialise + sign + header map, per request (endpoint cached per client)",
        ),
        ("serialize", "serialise the input (JSON value → text)"),
        (
            "endpoint",
            "resolve the endpoint (rule set; once per client)",
        ),
        (
            "sign",
            "SigV4 sign + header map (`sign::sign_with`, identity and day key reused)",
        ),
        (
            "sign_fresh",
            "first SigV4 signature with new credentials (`sign::sign`: identity + key derivation)",
        ),
        (
            "sigv4_only",
            "`aws_sigv4::http_request::sign` alone, same inputs",
        ),
        ("sha256_hex", "`sign::sha256_hex` of the body"),
    ] {
        let file = home.join(id).join("new").join("estimates.json");
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let ns = json_number(&text, &["median", "point_estimate"])
            .ok_or_else(|| format!("no median in {}", file.display()))?;
        rows.push(Row::single(
            &format!("{what} (µs, criterion median)"),
            format!("{:.2}", ns / 1e3),
            if id == "request" {
                "part of ≤ 20 µs CPU/call"
            } else {
                "–"
            },
            None,
            command,
        ));
    }
    for line in stdout.lines().filter(|l| l.starts_with("allocations ")) {
        let (what, value) = line.split_once(':').unwrap_or((line, ""));
        rows.push(Row::single(
            &format!("{what} (counting global allocator)"),
            value.trim().to_owned(),
            "–",
            None,
            command,
        ));
    }
    Ok(rows)
}
