//! Cold release build time of the awslice binary and of the SDK peer, each from an empty
//! target dir after `cargo fetch`, and their stripped release binary sizes.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use super::Row;
use super::util::{bench_dir, root, run};

/// Times `cargo build --release` of `manifest` (optionally `-p package`) in a fresh
/// target dir; returns (seconds, size of `binary` in bytes).
fn cold(
    manifest: &Path,
    package: Option<&str>,
    dir: &str,
    binary: &str,
) -> Result<(f64, u64), String> {
    let target = bench_dir().join(dir);
    remove(&target)?;
    run(Command::new("cargo")
        .arg("fetch")
        .arg("--manifest-path")
        .arg(manifest))?;
    let mut cmd = Command::new("cargo");
    cmd.args(["build", "--release", "--manifest-path"])
        .arg(manifest);
    if let Some(p) = package {
        cmd.args(["-p", p]);
    }
    cmd.env("CARGO_TARGET_DIR", &target);
    let t = Instant::now();
    run(&mut cmd)?;
    let secs = t.elapsed().as_secs_f64();
    let exe = target.join("release").join(binary);
    let size = std::fs::metadata(&exe)
        .map_err(|e| format!("no binary at {}: {e}", exe.display()))?
        .len();
    remove(&target)?;
    Ok((secs, size))
}

/// Removes one of our own scratch target dirs.
fn remove(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)
            .map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
    }
    Ok(())
}

/// Runs the build benchmarks (several minutes). Either side failing leaves the other's
/// numbers in place.
pub fn bench() -> Result<Vec<Row>, String> {
    eprintln!("bench: build: cold release build of the SDK peer");
    let theirs = cold(
        &root().join("benches").join("peer").join("Cargo.toml"),
        None,
        "cold-peer",
        "awslice-bench-peer",
    );
    eprintln!("bench: build: cold release build of awslice");
    let ours = cold(
        &root().join("Cargo.toml"),
        Some("awslice"),
        "cold-awslice",
        "awslice",
    );
    let failures: Vec<String> = [&ours, &theirs]
        .into_iter()
        .filter_map(|r| r.as_ref().err().cloned())
        .collect();
    let ours = ours.ok();
    let theirs = theirs.ok();
    let mb = |b: u64| b as f64 / 1e6;
    let secs = |r: Option<(f64, u64)>| r.map(|r| r.0);
    let size = |r: Option<(f64, u64)>| r.map(|r| mb(r.1));
    let text =
        |v: Option<f64>, digits: usize| v.map(|v| format!("{v:.digits$}")).unwrap_or_default();
    Ok(vec![
        Row::compare(
            "cold release build (s)",
            secs(ours),
            secs(theirs),
            text(secs(theirs), 1),
            "≤ ⅓ of the peer's and ≤ 65 s".into(),
            secs(ours)
                .zip(secs(theirs))
                .map(|(a, b)| a <= b / 3.0 && a <= 65.0),
            "`cargo fetch && cargo build --release -p awslice` vs `cargo fetch && cargo build --release` in `benches/peer`, each with an empty `CARGO_TARGET_DIR`",
            &failures,
        ),
        Row::compare(
            "stripped release binary (MB)",
            size(ours),
            size(theirs),
            text(size(theirs), 2),
            "≤ ¼ of the peer's and ≤ 3.8 MB".into(),
            size(ours)
                .zip(size(theirs))
                .map(|(a, b)| a * 4.0 <= b && a <= 3.8),
            "size of `release/awslice` vs `release/awslice-bench-peer` (both `strip = true`)",
            &[],
        ),
    ])
}
