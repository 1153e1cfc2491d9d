//! In-process library benchmarks: latency (median, p99), throughput and client CPU per call
//! with 1 and 16 concurrent tasks against the loopback server, awslice's runtime
//! (`crates/runtime/benches/loopback.rs`) against `aws-sdk-workspaces` (`benches/peer`).
//!
//! `protocols`: the same measurement (same programs' output, same alternation and medians) of
//! client CPU per call for one awsQuery call (STS `GetCallerIdentity`) and one restJson1 call
//! (SSO `GetRoleCredentials`): the generated `awslice-sts` / `awslice-sso` clients
//! (`crates/credentials/benches/protocols.rs`) against `aws-sdk-sts` / `aws-sdk-sso` (the peer
//! with `--operation sts|sso`); and for restXml S3 `HeadObject`: a client generated from the
//! official S3 model at bench time (no S3 crate is committed) driven by `benches/s3/main.rs`,
//! against `aws-sdk-s3` (the peer built with `--features s3`, `--operation s3`).

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

/// The S3 model, the operation the S3 row calls and where its crates are generated (relative
/// to the workspace root).
const S3_MODEL: &str = "models/official/s3-2006-03-01.json";
const S3_OPERATIONS: &str = "HeadObject";
const S3_OUT: &str = "target/bench-s3/model";
/// The S3 row's program (an SDK user's `main.rs`) and its package name.
const S3_PROGRAM: &str = "benches/s3/main.rs";
const S3_PACKAGE: &str = "awslice-bench-s3";

/// The `[profile.bench]` section of the workspace's `Cargo.toml` (up to the next section), so a
/// program built outside the workspace gets the same optimisation as its benches.
fn bench_profile(manifest: &str) -> Result<String, String> {
    let start = manifest
        .find("\n[profile.bench]\n")
        .ok_or("no [profile.bench] in the workspace Cargo.toml")?
        + 1;
    let rest = &manifest[start..];
    let end = rest[1..].find("\n[").map_or(rest.len(), |i| i + 2);
    Ok(rest[..end].trim_end().to_owned() + "\n")
}

/// Generates an S3 client from the official model (`HeadObject` only) under `target/bench-s3`
/// and builds `benches/s3/main.rs` against it in the workspace's target directory with the
/// workspace's bench profile and `Cargo.lock` (its shared dependencies are the ones the other
/// benches built); returns the program.
fn build_s3_bench() -> Result<PathBuf, String> {
    use crate::generate::{RuntimeSpec, generate_out, runtime_deps};
    let root = root();
    let out = root.join(S3_OUT);
    eprintln!("bench: protocols: generating the S3 client ({S3_OPERATIONS}) into {S3_OUT}");
    let deps = runtime_deps(&RuntimeSpec::Path(root.clone()), &out)?;
    let operations = S3_OPERATIONS.split(',').map(str::to_owned).collect();
    generate_out(&root, &root.join(S3_MODEL), Some(operations), &out, deps)?;
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
    };
    // The generated root's `[workspace.dependencies]` (our crates, by paths relative to it;
    // the program's folder is as deep, so they hold there too).
    let generated_root = read(&out.join("Cargo.toml"))?;
    let (_, dependencies) = generated_root
        .split_once("[workspace.dependencies]\n")
        .ok_or("no [workspace.dependencies] in the generated Cargo.toml")?;
    let profile = bench_profile(&read(&root.join("Cargo.toml"))?)?;
    let program = out.with_file_name("program");
    let manifest = format!(
        "# Written by `cargo xtask bench --only protocols` (xtask/src/bench/library.rs).\n\
         [workspace]\n\n[workspace.dependencies]\n{dependencies}\
         awslice-test-support = {{ path = \"../../../crates/test-support\", features = [\"bench\"] }}\n\n\
         [package]\nname = \"{S3_PACKAGE}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [[bin]]\nname = \"{S3_PACKAGE}\"\npath = \"../../../{S3_PROGRAM}\"\n\n\
         [dependencies]\nawslice-runtime.workspace = true\nawslice-test-support.workspace = true\n\
         awslice-s3api = {{ path = \"../model/crates/s3api\" }}\n\n{profile}"
    );
    std::fs::create_dir_all(&program)
        .map_err(|e| format!("cannot create {}: {e}", program.display()))?;
    let path = program.join("Cargo.toml");
    // An unchanged manifest keeps its mtime: nothing is rebuilt when nothing changed.
    if read(&path).ok().as_deref() != Some(manifest.as_str()) {
        std::fs::write(&path, &manifest)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    std::fs::copy(root.join("Cargo.lock"), program.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    eprintln!("bench: protocols: building {S3_PROGRAM} against the generated S3 client");
    let out = capture(
        Command::new("cargo")
            .args(["build", "--profile", "bench", "--message-format", "json"])
            .arg("--manifest-path")
            .arg(&path)
            .arg("--target-dir")
            .arg(super::util::target_dir()),
    )?;
    let text = String::from_utf8_lossy(&out.stdout);
    let name = format!("\"name\":\"{S3_PACKAGE}\"");
    text.lines()
        .filter(|l| l.contains("\"reason\":\"compiler-artifact\"") && l.contains(&name))
        .find_map(|l| json_string(l, "executable"))
        .map(PathBuf::from)
        .ok_or_else(|| format!("cargo did not report the {S3_PACKAGE} executable"))
}

/// The SDK peer with `aws-sdk-s3` (`--features s3`), kept as `awslice-bench-peer-s3` beside
/// the default build, which is then restored (the `lib`, `cli` and `build` rows measure the
/// peer without S3).
fn build_s3_peer(peer: &Peer) -> Result<PathBuf, String> {
    let dir = root().join("benches").join("peer");
    let build = |features: &[&str]| {
        eprintln!(
            "bench: protocols: building the SDK peer {features:?} (aws-sdk-s3 takes minutes the first time)"
        );
        capture(
            Command::new("cargo")
                .args(["build", "--release", "--manifest-path"])
                .arg(dir.join("Cargo.toml"))
                .args(features)
                .env("CARGO_TARGET_DIR", dir.join("target")),
        )
    };
    build(&["--features", "s3"])?;
    let s3 = peer.exe.with_file_name("awslice-bench-peer-s3");
    std::fs::copy(&peer.exe, &s3).map_err(|e| format!("cannot copy the S3 peer: {e}"))?;
    build(&[])?;
    Ok(s3)
}

/// The `protocols` operations: the flag value of both programs, the protocol and the call.
const PROTOCOL_OPERATIONS: &[(&str, &str, &str)] = &[
    ("sts", "awsQuery", "STS `GetCallerIdentity`"),
    ("sso", "restJson1", "SSO `GetRoleCredentials`"),
    ("s3", "restXml", "S3 `HeadObject`"),
];

/// Client CPU per call of one awsQuery, one restJson1 and one restXml call, 1 and 16 tasks:
/// the generated clients against the official SDK's crates for those services.
pub fn bench_protocols(server: &Server, peer: &Peer) -> Result<Vec<Row>, String> {
    let credentials = build_bench("awslice-credentials", "protocols")?;
    let s3 = build_s3_bench()?;
    let s3_peer = build_s3_peer(peer)?;
    let home = empty_home()?;
    let mut rows = Vec::new();
    for &(op, protocol, call) in PROTOCOL_OPERATIONS {
        let (ours, theirs, ours_command) = if op == "s3" {
            (
                &s3,
                &s3_peer,
                format!(
                    "`cargo xtask generate --model {S3_MODEL} --operations {S3_OPERATIONS} --out {S3_OUT} --runtime path:.`, {S3_PROGRAM} built against it, `{} --operation {op}",
                    rel(&s3)
                ),
            )
        } else {
            (
                &credentials,
                &peer.exe,
                format!(
                    "`cargo bench -p awslice-credentials --bench protocols -- --operation {op}"
                ),
            )
        };
        for conc in [1usize, 16] {
            eprintln!("bench: protocols: {call}, {conc} concurrent task(s)");
            let (mut a, mut b) = (Numbers::default(), Numbers::default());
            for _ in 0..REPEAT {
                // Alternate so that drifting machine load hits both alike.
                run_one(ours, &["--operation", op], &server.url, conc, &home, &mut a)?;
                let first = ["lib", "--operation", op];
                run_one(theirs, &first, &server.url, conc, &home, &mut b)?;
            }
            let command = format!(
                "{ours_command} --endpoint-url URL --concurrency {conc} --calls {CALLS} --warmup {WARMUP}` vs `{} lib --operation {op}` (same flags); median of {REPEAT} alternating runs",
                rel(theirs)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bench_profile_is_copied_up_to_the_next_section() {
        let manifest = "[profile.release]\nlto = \"fat\"\n\n[profile.bench]\nopt-level = 3\nlto = \"thin\"\n\n[profile.dev]\ndebug = 0\n";
        assert_eq!(
            bench_profile(manifest).expect("found"),
            "[profile.bench]\nopt-level = 3\nlto = \"thin\"\n"
        );
        let last = "[a]\n\n[profile.bench]\nopt-level = 3\n";
        assert_eq!(
            bench_profile(last).expect("found"),
            "[profile.bench]\nopt-level = 3\n"
        );
        assert!(bench_profile("[profile.release]\n").is_err());
        // The workspace's own profile, as the S3 program gets it.
        let ours = std::fs::read_to_string(root().join("Cargo.toml")).expect("manifest");
        let profile = bench_profile(&ours).expect("the workspace has a bench profile");
        assert!(profile.contains("opt-level = 3"), "{profile}");
        assert!(!profile.contains("[profile.dev"), "{profile}");
    }
}
