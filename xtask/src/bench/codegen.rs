//! Code generation of the full official WorkSpaces model, timed in a release build of
//! xtask (the codegen library must be optimised for the number to mean anything).

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use super::Row;
use super::util::{capture, json_number, median, root, target_dir};

/// Runs of `generate` timed after one warm-up run.
const RUNS: usize = 7;

/// The official WorkSpaces model (`models/official/`), or an error that says it is missing.
fn full_model() -> Result<PathBuf, String> {
    let p = root().join("models/official/workspaces-2015-04-08.json");
    if p.exists() {
        Ok(p)
    } else {
        Err(format!(
            "the official WorkSpaces model is missing at {}",
            p.display()
        ))
    }
}

/// Generates `model` once, then `RUNS` more times timed; returns (files, bytes, median ms).
fn measure(model: &str) -> Result<(usize, usize, f64), String> {
    let json = std::fs::read_to_string(model).map_err(|e| format!("cannot read {model}: {e}"))?;
    let opts = awslice_codegen::Options::default();
    let files = awslice_codegen::generate(&json, &opts).map_err(|e| format!("{model}: {e}"))?;
    let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
    let mut ms = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let again = awslice_codegen::generate(&json, &opts).map_err(|e| format!("{model}: {e}"))?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(again);
    }
    Ok((files.len(), bytes, median(&ms).unwrap_or(f64::NAN)))
}

/// In the release xtask: measures and prints one JSON line.
pub fn probe(model: &str) -> Result<(), String> {
    let (files, bytes, med) = measure(model)?;
    println!("{{\"files\":{files},\"bytes\":{bytes},\"median_ms\":{med:.2}}}");
    Ok(())
}

/// Builds xtask in release mode and runs the probe.
pub fn bench() -> Result<Vec<Row>, String> {
    let model = full_model()?;
    let (med, files, bytes) = if cfg!(debug_assertions) {
        // `cargo xtask` is a debug build: time the codegen in a release build of xtask.
        eprintln!("bench: codegen: building xtask in release mode");
        capture(
            Command::new("cargo")
                .args(["build", "--release", "-p", "xtask", "--manifest-path"])
                .arg(root().join("Cargo.toml")),
        )?;
        let exe = target_dir().join("release").join("xtask");
        let out = capture(
            Command::new(&exe)
                .args(["bench", "--codegen-probe"])
                .arg(&model),
        )?;
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text
            .lines()
            .rev()
            .find(|l| l.starts_with('{'))
            .ok_or("the probe printed nothing")?;
        let get = |k: &str| json_number(line, &[k]).ok_or_else(|| format!("no {k} in {line}"));
        (get("median_ms")?, get("files")?, get("bytes")?)
    } else {
        let (files, bytes, med) = measure(&model.to_string_lossy())?;
        (med, files as f64, bytes as f64)
    };
    Ok(vec![Row::single(
        &format!(
            "generate the full official model (91 operations → {files} files, {:.0} KB), median of {RUNS} (ms)",
            bytes / 1e3
        ),
        format!("{med:.1}"),
        "< 300 ms",
        Some(med < 300.0),
        "`cargo xtask bench --only codegen` (release xtask calls `awslice_codegen::generate` in-process)",
    )])
}
