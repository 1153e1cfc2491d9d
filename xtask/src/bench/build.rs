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

/// Runs the build benchmarks (several minutes).
pub fn bench() -> Result<Vec<Row>, String> {
    eprintln!("bench: build: cold release build of awslice");
    let ours = cold(
        &root().join("Cargo.toml"),
        Some("awslice"),
        "cold-awslice",
        "awslice",
    )?;
    eprintln!("bench: build: cold release build of the SDK peer");
    let theirs = cold(
        &root().join("benches").join("peer").join("Cargo.toml"),
        None,
        "cold-peer",
        "awslice-bench-peer",
    )?;
    let mb = |b: u64| b as f64 / 1e6;
    Ok(vec![
        Row::compare(
            "cold release build (s)",
            Some(ours.0),
            Some(theirs.0),
            format!("{:.1}", theirs.0),
            "≤ ⅓ of the peer's and ≤ 65 s".into(),
            Some(ours.0 <= theirs.0 / 3.0 && ours.0 <= 65.0),
            "`cargo fetch && cargo build --release -p awslice` vs `cargo build --release` in `benches/peer`, each with an empty `CARGO_TARGET_DIR`",
            &[],
        ),
        Row::compare(
            "stripped release binary (MB)",
            Some(mb(ours.1)),
            Some(mb(theirs.1)),
            format!("{:.2}", mb(theirs.1)),
            "≤ ¼ of the peer's and ≤ 3.8 MB".into(),
            Some(ours.1 * 4 <= theirs.1 && mb(ours.1) <= 3.8),
            "size of `release/awslice` vs `release/awslice-bench-peer` (both `strip = true`)",
            &[],
        ),
    ])
}
