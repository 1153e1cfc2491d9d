//! `cargo xtask test`: every check and test, installing what the tests need.
//!
//! Steps: the Python test peers (venv under `target/py-venv`), the terminal programs the
//! tests drive (tmux, less, zsh, fish; installed with apt-get when missing), `cargo fmt --check`,
//! `cargo clippy --all-targets -D warnings`, `cargo xtask generate --check`, then
//! `cargo test --workspace` with the peers required (no test may skip for want of them), and
//! a replay of the fuzz corpora and saved crash inputs.

use std::process::Command;

use crate::util::{run, workspace_root};
use crate::{pyenv, syspkgs};

/// Runs every check; extra arguments go to `cargo test` (e.g. a test name filter).
pub fn main(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let cargo = env!("CARGO");

    println!("==> Python test peers");
    let venv = pyenv::ensure()?;

    println!("==> terminal programs (tmux, less, bash, zsh, fish) and tzdata");
    syspkgs::ensure()?;

    println!("==> cargo fmt --all --check");
    run(Command::new(cargo)
        .args(["fmt", "--all", "--", "--check"])
        .current_dir(&root))?;

    println!("==> cargo xtask generate --check");
    let stale = crate::generate::stale_files(&root)?;
    if !stale.is_empty() {
        return Err(crate::generate::report(&stale));
    }

    println!("==> cargo clippy --workspace --all-targets -- -D warnings");
    run(Command::new(cargo)
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&root))?;

    println!("==> cargo test --workspace");
    run(Command::new(cargo)
        .args(["test", "--workspace"])
        .args(args)
        .current_dir(&root)
        .env("AWSLICE_PY_VENV", &venv)
        .env("AWSLICE_REQUIRE_PEERS", "1")
        .env("PATH", pyenv::path_with_venv(&venv)))?;
    println!(
        "==> cargo xtask fuzz --regressions (replays the fuzz corpora and crash inputs on stable)"
    );
    crate::fuzz::main(&["--regressions".to_string()])?;

    println!("==> all checks passed");
    Ok(())
}
