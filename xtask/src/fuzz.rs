//! `cargo xtask fuzz`: runs the cargo-fuzz targets of `fuzz/`, or replays their saved inputs.
//!
//! ```text
//! cargo xtask fuzz [--seconds N] [--no-sanitizer] [TARGET…]   fuzz each target N s (default 30)
//! cargo xtask fuzz --regressions [TARGET…]                     replay fuzz/regressions and fuzz/corpus
//! cargo xtask fuzz --list                                      print the target names
//! ```
//!
//! Fuzzing uses cargo-fuzz (installed with `cargo install cargo-fuzz` when missing), which
//! needs nightly compiler flags: on a stable toolchain they are unlocked with
//! `RUSTC_BOOTSTRAP=1`, which this task sets. Crashes land in `fuzz/artifacts/<target>/`.
//!
//! Replaying needs no nightly: the `fuzz/` crate is built with plain `cargo build` (a debug
//! build: overflow checks and debug assertions on, no coverage instrumentation) and each
//! target binary runs every file of `fuzz/regressions/<target>/` and `fuzz/corpus/<target>/`
//! once (libFuzzer's `-runs=0`). That is what CI runs.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Seconds each target is fuzzed when `--seconds` is not given.
const DEFAULT_SECONDS: u64 = 30;

/// libFuzzer's per-input time limit, seconds: a slower input is reported as a hang.
const INPUT_TIMEOUT_SECONDS: u64 = 10;

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
struct Options {
    seconds: u64,
    regressions: bool,
    list: bool,
    sanitizer: bool,
    targets: Vec<String>,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut opts = Options {
        seconds: DEFAULT_SECONDS,
        regressions: false,
        list: false,
        sanitizer: true,
        targets: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--seconds" => {
                let v = it.next().ok_or("--seconds needs a value")?;
                opts.seconds = parse_seconds(v)?;
            }
            s if s.starts_with("--seconds=") => {
                opts.seconds = parse_seconds(&s["--seconds=".len()..])?;
            }
            "--regressions" => opts.regressions = true,
            "--list" => opts.list = true,
            "--no-sanitizer" => opts.sanitizer = false,
            "-h" | "--help" => return Err(usage()),
            s if s.starts_with('-') => return Err(format!("unknown option `{s}`\n\n{}", usage())),
            s => opts.targets.push(s.to_owned()),
        }
    }
    Ok(opts)
}

fn parse_seconds(v: &str) -> Result<u64, String> {
    match v.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "--seconds: expected a positive whole number, got `{v}`"
        )),
    }
}

fn usage() -> String {
    format!(
        "usage: cargo xtask fuzz [--seconds N] [--no-sanitizer] [TARGET...]\n\
         \x20      cargo xtask fuzz --regressions [TARGET...]\n\
         \x20      cargo xtask fuzz --list\n\n\
         Fuzzes each target (all by default) for N seconds (default {DEFAULT_SECONDS}) with cargo-fuzz,\n\
         or, with --regressions, replays fuzz/regressions/<target>/ and fuzz/corpus/<target>/\n\
         with a plain (stable) cargo build.\n"
    )
}

/// The workspace root (the parent of the xtask crate).
fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The fuzz target names: the files of `fuzz/fuzz_targets/`, sorted.
fn discover_targets(fuzz_dir: &Path) -> Result<Vec<String>, String> {
    let dir = fuzz_dir.join("fuzz_targets");
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .path();
        if path.extension().is_some_and(|x| x == "rs")
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        {
            names.push(stem.to_owned());
        }
    }
    names.sort();
    if names.is_empty() {
        return Err(format!("no fuzz targets in {}", dir.display()));
    }
    Ok(names)
}

/// The targets named on the command line (checked), or all of them.
fn select(all: &[String], wanted: &[String]) -> Result<Vec<String>, String> {
    if wanted.is_empty() {
        return Ok(all.to_vec());
    }
    for w in wanted {
        if !all.contains(w) {
            return Err(format!(
                "unknown fuzz target `{w}` (targets: {})",
                all.join(", ")
            ));
        }
    }
    Ok(wanted.to_vec())
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Runs `cmd`, failing with `what` when it cannot start or exits unsuccessfully.
fn run(cmd: &mut Command, what: &str) -> Result<(), String> {
    let status = cmd
        .status()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what}: {status}"))
    }
}

/// Installs cargo-fuzz unless `cargo fuzz` already works.
fn ensure_cargo_fuzz() -> Result<(), String> {
    let present = Command::new(cargo())
        .args(["fuzz", "--version"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if present {
        return Ok(());
    }
    eprintln!("xtask fuzz: installing cargo-fuzz");
    run(
        Command::new(cargo()).args(["install", "cargo-fuzz", "--locked"]),
        "cargo install cargo-fuzz",
    )
}

/// Fuzzes each target for `opts.seconds`; all targets run even when one crashes.
fn fuzz(root: &Path, targets: &[String], opts: &Options) -> Result<(), String> {
    ensure_cargo_fuzz()?;
    let mut failed = Vec::new();
    for t in targets {
        eprintln!("xtask fuzz: {t} for {} s", opts.seconds);
        // The corpus directory is created so that new inputs are kept between runs.
        let corpus = root.join("fuzz").join("corpus").join(t);
        std::fs::create_dir_all(&corpus)
            .map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
        let mut cmd = Command::new(cargo());
        cmd.current_dir(root)
            // cargo-fuzz passes nightly-only flags (`-Zsanitizer`, …) to rustc.
            .env("RUSTC_BOOTSTRAP", "1")
            .args(["fuzz", "run"]);
        if !opts.sanitizer {
            cmd.args(["--sanitizer", "none"]);
        }
        cmd.arg(t).arg("--").args([
            format!("-max_total_time={}", opts.seconds),
            format!("-timeout={INPUT_TIMEOUT_SECONDS}"),
        ]);
        if let Err(e) = run(&mut cmd, &format!("fuzz target {t}")) {
            eprintln!("xtask fuzz: {e} (see fuzz/artifacts/{t}/)");
            failed.push(t.clone());
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "fuzz targets failed: {} (inputs in fuzz/artifacts/)",
            failed.join(", ")
        ))
    }
}

/// Builds `fuzz/` with plain cargo and replays every saved input of each target once.
fn replay(root: &Path, targets: &[String]) -> Result<(), String> {
    let fuzz_dir = root.join("fuzz");
    let target_dir = fuzz_dir.join("target");
    run(
        Command::new(cargo())
            .arg("build")
            .arg("--manifest-path")
            .arg(fuzz_dir.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(&target_dir)
            .arg("--bins"),
        "building the fuzz targets",
    )?;
    let mut failed = Vec::new();
    for t in targets {
        let dirs: Vec<PathBuf> = ["regressions", "corpus"]
            .iter()
            .map(|d| fuzz_dir.join(d).join(t))
            .filter(|d| d.is_dir())
            .collect();
        if dirs.is_empty() {
            eprintln!("xtask fuzz: {t}: no saved inputs");
            continue;
        }
        let exe = target_dir
            .join("debug")
            .join(format!("{t}{}", std::env::consts::EXE_SUFFIX));
        // `-runs=0`: run the inputs of the given directories once, mutate nothing.
        let mut cmd = Command::new(&exe);
        cmd.args(&dirs)
            .arg("-runs=0")
            .arg(format!("-timeout={INPUT_TIMEOUT_SECONDS}"));
        eprintln!("xtask fuzz: replaying {t}");
        if let Err(e) = run(&mut cmd, &format!("replaying {t}")) {
            eprintln!("xtask fuzz: {e}");
            failed.push(t.clone());
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("saved inputs fail for: {}", failed.join(", ")))
    }
}

/// `cargo xtask fuzz [--seconds N] [--no-sanitizer] [--regressions] [--list] [TARGET…]`.
///
/// # Errors
/// Bad arguments, an unknown target, a tool that cannot run, or a target that crashed.
pub fn main(args: &[String]) -> Result<(), String> {
    let opts = parse_args(args)?;
    let root = root();
    let all = discover_targets(&root.join("fuzz"))?;
    if opts.list {
        for t in &all {
            println!("{t}");
        }
        return Ok(());
    }
    let targets = select(&all, &opts.targets)?;
    if opts.regressions {
        replay(&root, &targets)
    } else {
        fuzz(&root, &targets, &opts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn arguments() {
        let o = parse_args(&strings(&["--seconds", "5", "endpoints"])).expect("valid");
        assert_eq!(o.seconds, 5);
        assert_eq!(o.targets, strings(&["endpoints"]));
        assert!(o.sanitizer && !o.regressions);
        let o = parse_args(&strings(&[
            "--regressions",
            "--seconds=7",
            "--no-sanitizer",
        ]))
        .expect("valid");
        assert!(o.regressions && !o.sanitizer);
        assert_eq!(o.seconds, 7);
        assert_eq!(parse_args(&[]).expect("valid").seconds, DEFAULT_SECONDS);
        assert!(parse_args(&strings(&["--seconds"])).is_err());
        assert!(parse_args(&strings(&["--seconds", "0"])).is_err());
        assert!(parse_args(&strings(&["--seconds", "-3"])).is_err());
        assert!(parse_args(&strings(&["--bogus"])).is_err());
    }

    #[test]
    fn targets_are_the_fuzz_target_files() {
        let fuzz_dir = root().join("fuzz");
        assert!(
            fuzz_dir.is_dir(),
            "{} is missing: the fuzz project must sit at the workspace root",
            fuzz_dir.display()
        );
        let all = discover_targets(&fuzz_dir).expect("targets");
        for t in [
            "cli_input",
            "endpoints",
            "response",
            "rest_response",
            "service_error",
            "shared_config",
            "xml_response",
        ] {
            assert!(all.iter().any(|a| a == t), "{t} missing from {all:?}");
        }
        // Each target is declared in fuzz/Cargo.toml (cargo-fuzz builds only those).
        let manifest = std::fs::read_to_string(fuzz_dir.join("Cargo.toml")).expect("manifest");
        for t in &all {
            assert!(
                manifest.contains(&format!("path = \"fuzz_targets/{t}.rs\"")),
                "{t} is not a [[bin]] of fuzz/Cargo.toml"
            );
        }
        assert!(select(&all, &strings(&["nope"])).is_err());
        assert_eq!(
            select(&all, &strings(&["endpoints"])).expect("known"),
            strings(&["endpoints"])
        );
        assert_eq!(select(&all, &[]).expect("all"), all);
    }
}
