//! Peer gating: tests that need the Python venv (moto, botocore, the AWS CLI v1, jmespath,
//! ruamel.yaml) or a system program (tmux, zsh, fish, less) skip with a message under plain
//! `cargo test`, and fail under `cargo xtask test`, which installs every peer and sets
//! `AWSLICE_REQUIRE_PEERS=1` so that no test can skip for want of one.

use std::path::PathBuf;
use std::process::Command;

/// Why a peer is unavailable.
#[derive(Debug, Clone)]
pub struct Skip(pub String);

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether every peer is required (`AWSLICE_REQUIRE_PEERS=1`, set by `cargo xtask test`).
pub fn required() -> bool {
    std::env::var("AWSLICE_REQUIRE_PEERS").is_ok_and(|v| v == "1")
}

/// The outcome of a missing peer: `None` after printing `skipped: <reason>` when peers are
/// optional; a panic with the reason when they are required.
pub fn skip<T>(reason: impl std::fmt::Display) -> Option<T> {
    if required() {
        panic!("{reason} (AWSLICE_REQUIRE_PEERS=1: cargo xtask test installs every peer)");
    }
    println!("skipped: {reason} (run cargo xtask test)");
    None
}

/// `Ok(v)` as `Some(v)`; `Err(reason)` as [`skip`].
pub fn or_skip<T>(found: Result<T, Skip>) -> Option<T> {
    found.or_else(|Skip(reason)| skip(reason).ok_or(())).ok()
}

/// The test venv (`$AWSLICE_PY_VENV`, default `<root>/target/py-venv`, made by `cargo xtask test`).
pub fn venv_dir() -> PathBuf {
    std::env::var_os("AWSLICE_PY_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::paths::in_repo("target/py-venv"))
}

/// The venv's Python interpreter, if the venv exists.
pub fn venv_python() -> Result<PathBuf, Skip> {
    let venv = venv_dir();
    let python = venv.join("bin/python");
    if python.exists() {
        Ok(python)
    } else {
        Err(Skip(format!("no Python venv at {}", venv.display())))
    }
}

/// The venv's Python interpreter if it can import every module in `modules`.
pub fn python_with(modules: &[&str]) -> Result<PathBuf, Skip> {
    let python = venv_python()?;
    for module in modules {
        let ok = Command::new(&python)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            return Err(Skip(format!(
                "the Python module {module} is not installed in {}",
                venv_dir().display()
            )));
        }
    }
    Ok(python)
}

/// [`venv_python`], skipping (or failing, when required) without it.
pub fn python() -> Option<PathBuf> {
    or_skip(venv_python())
}

/// Whether a program is on `PATH` (answers `--version` or `-V`).
pub fn program(name: &str) -> Result<(), Skip> {
    let found = ["--version", "-V"].iter().any(|flag| {
        Command::new(name)
            .arg(flag)
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found {
        Ok(())
    } else {
        Err(Skip(format!("{name} is not installed")))
    }
}
