//! In-process library benchmarks: latency (median, p99), throughput and client CPU per call
//! with 1 and 16 concurrent tasks against the loopback server, awslice's runtime
//! (`crates/runtime/benches/loopback.rs`) against `aws-sdk-workspaces` (`benches/peer`).
//!
//! `protocols`: the same measurement (same programs' output, same alternation and medians) of
//! client CPU per call for one awsQuery call (STS `GetCallerIdentity`) and one restJson1 call
//! (SSO `GetRoleCredentials`): the generated `awslice-sts` / `awslice-sso` clients
//! (`crates/credentials/benches/protocols.rs`) against `aws-sdk-sts` / `aws-sdk-sso` (the peer
//! with `--operation sts|sso`).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::cli::{clean_env, empty_home};
use super::util::{capture, json_number, json_string, median, rel, root};
use super::{Peer, Row, server::Server};

/// Calls per measurement and warm-up calls (on one reused client).
const CALLS: usize = 4000;
const WARMUP: usize = 400;
/// Repetitions per program and concurrency; the median of each number is reported.
const REPEAT: usize = 3;

/// Builds the bench binary `bench` of `package` (bench profile); returns its path.
fn build_bench(package: &str, bench: &str) -> Result<PathBuf, String> {
    let out = capture(
        Command::new("cargo")
            .args(["bench", "-p", package, "--bench", bench, "--no-run"])
            .args(["--message-format", "json", "--manifest-path"])
            .arg(root().join("Cargo.toml")),
    )?;
    let text = String::from_utf8_lossy(&out.stdout);
    let name = format!("\"name\":\"{bench}\"");
    text.lines()
        .filter(|l| l.contains("\"reason\":\"compiler-artifact\"") && l.contains(&name))
        .find_map(|l| json_string(l, "executable"))
        .map(PathBuf::from)
        .ok_or_else(|| format!("cargo did not report the {bench} bench executable"))
}

/// One run's numbers.
#[derive(Default)]
struct Numbers {
    median_us: Vec<f64>,
    p99_us: Vec<f64>,
    req_per_s: Vec<f64>,
    cpu_us: Vec<f64>,
}

fn run_one(
    exe: &Path,
    first: &[&str],
    url: &str,
    conc: usize,
    home: &Path,
    n: &mut Numbers,
) -> Result<(), String> {
    let mut cmd = Command::new(exe);
    cmd.args(first)
        .args(["--endpoint-url", url, "--concurrency", &conc.to_string()])
        .args([
            "--calls",
            &CALLS.to_string(),
            "--warmup",
            &WARMUP.to_string(),
        ]);
    clean_env(&mut cmd, home);
    let out = capture(&mut cmd)?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .ok_or_else(|| format!("`{}` printed no result: {text}", exe.display()))?;
    let get = |k: &str| json_number(line, &[k]).ok_or_else(|| format!("no {k} in {line}"));
    n.median_us.push(get("median_us")?);
    n.p99_us.push(get("p99_us")?);
    n.req_per_s.push(get("req_per_s")?);
    n.cpu_us.push(get("cpu_us_per_call")?);
    Ok(())
}

/// Runs the library benchmarks.
pub fn bench(server: &Server, peer: &Peer) -> Result<Vec<Row>, String> {
    let ours = build_bench("awslice-runtime", "loopback")?;
    let home = empty_home()?;
    let mut rows = Vec::new();
    for conc in [1usize, 16] {
        eprintln!("bench: lib: {conc} concurrent task(s)");
        let (mut a, mut b) = (Numbers::default(), Numbers::default());
        for _ in 0..REPEAT {
            // Alternate so that drifting machine load hits both alike.
            run_one(&ours, &[], &server.url, conc, &home, &mut a)?;
            run_one(&peer.exe, &["lib"], &server.url, conc, &home, &mut b)?;
        }
        let command = format!(
            "`cargo bench -p awslice-runtime --bench loopback -- --endpoint-url URL --concurrency {conc} --calls {CALLS} --warmup {WARMUP}` vs `{} lib` (same flags); median of {REPEAT} alternating runs",
            rel(&peer.exe)
        );
        let m = |v: &[f64]| median(v);
        let both = |x: &[f64], y: &[f64]| {
            (
                m(x),
                m(y),
                m(y).map(|v| format!("{v:.1}")).unwrap_or_default(),
            )
        };
        let (x, y, t) = both(&a.median_us, &b.median_us);
        let target = if conc == 1 {
            "≤ ⅔ of the SDK's"
        } else {
            "–"
        };
        let met = (conc == 1)
            .then(|| x.zip(y).map(|(x, y)| x <= y * 2.0 / 3.0))
            .flatten();
        rows.push(Row::compare(
            &format!("latency median, {conc} task(s) (µs)"),
            x,
            y,
            t,
            target.into(),
            met,
            &command,
            &[],
        ));
        let (x, y, t) = both(&a.p99_us, &b.p99_us);
        rows.push(Row::compare(
            &format!("latency p99, {conc} task(s) (µs)"),
            x,
            y,
            t,
            "–".into(),
            None,
            &command,
            &[],
        ));
        let (x, y, _) = both(&a.req_per_s, &b.req_per_s);
        let t = y.map(|v| format!("{v:.0}")).unwrap_or_default();
        let target = if conc == 16 {
            "≥ 3× the SDK's"
        } else {
            "–"
        };
        let met = (conc == 16)
            .then(|| x.zip(y).map(|(x, y)| x >= 3.0 * y))
            .flatten();
        rows.push(Row::compare(
            &format!("throughput, {conc} task(s) (req/s)"),
            x,
            y,
            t,
            target.into(),
            met,
            &command,
            &[],
        ));
        let (x, y, t) = both(&a.cpu_us, &b.cpu_us);
        let met = x.map(|x| x <= 20.0);
        rows.push(Row::compare(
            &format!("client CPU per call, {conc} task(s) (µs, getrusage)"),
            x,
            y,
            t,
            "≤ 20 µs".into(),
            met,
            &command,
            &[],
        ));
    }
    Ok(rows)
}

/// The `protocols` operations: the flag value of both programs, the protocol and the call.
const PROTOCOL_OPERATIONS: &[(&str, &str, &str)] = &[
    ("sts", "awsQuery", "STS `GetCallerIdentity`"),
    ("sso", "restJson1", "SSO `GetRoleCredentials`"),
];

/// Client CPU per call of one awsQuery and one restJson1 call, 1 and 16 tasks: the generated
/// clients against the official SDK's crates for those services.
pub fn bench_protocols(server: &Server, peer: &Peer) -> Result<Vec<Row>, String> {
    let ours = build_bench("awslice-credentials", "protocols")?;
    let home = empty_home()?;
    let mut rows = Vec::new();
    for &(op, protocol, call) in PROTOCOL_OPERATIONS {
        for conc in [1usize, 16] {
            eprintln!("bench: protocols: {call}, {conc} concurrent task(s)");
            let (mut a, mut b) = (Numbers::default(), Numbers::default());
            for _ in 0..REPEAT {
                // Alternate so that drifting machine load hits both alike.
                run_one(
                    &ours,
                    &["--operation", op],
                    &server.url,
                    conc,
                    &home,
                    &mut a,
                )?;
                let first = ["lib", "--operation", op];
                run_one(&peer.exe, &first, &server.url, conc, &home, &mut b)?;
            }
            let command = format!(
                "`cargo bench -p awslice-credentials --bench protocols -- --operation {op} --endpoint-url URL --concurrency {conc} --calls {CALLS} --warmup {WARMUP}` vs `{} lib --operation {op}` (same flags); median of {REPEAT} alternating runs",
                rel(&peer.exe)
            );
            let (x, y) = (median(&a.cpu_us), median(&b.cpu_us));
            rows.push(Row::compare(
                &format!("{protocol}: {call}, client CPU per call, {conc} task(s) (µs, getrusage)"),
                x,
                y,
                y.map(|v| format!("{v:.1}")).unwrap_or_default(),
                "≤ the SDK's".into(),
                x.zip(y).map(|(x, y)| x <= y),
                &command,
                &[],
            ));
        }
    }
    Ok(rows)
}
