//! The Python test peers (moto, the AWS CLI v1, jmespath, ruamel.yaml) in a venv under
//! `target/py-venv`, installed from `xtask/py/requirements.txt` and reused while that file
//! is unchanged.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{run, workspace_root};

/// The venv's directory.
pub fn venv_dir() -> PathBuf {
    match std::env::var_os("AWSLICE_PY_VENV") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("target").join("py-venv"),
    }
}

/// Creates or refreshes the venv; returns its directory.
pub fn ensure() -> Result<PathBuf, String> {
    let dir = venv_dir();
    let requirements = workspace_root()
        .join("xtask")
        .join("py")
        .join("requirements.txt");
    let wanted = std::fs::read_to_string(&requirements)
        .map_err(|e| format!("cannot read {}: {e}", requirements.display()))?;
    let stamp = dir.join(".awslice-requirements");
    let python = dir.join("bin").join("python");
    if python.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(dir);
    }
    eprintln!(
        "xtask: installing the Python test peers into {}",
        dir.display()
    );
    if !python.exists() {
        let host_python = find_host_python()?;
        run(Command::new(host_python).arg("-m").arg("venv").arg(&dir))?;
    }
    run(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(&requirements))?;
    std::fs::write(&stamp, wanted).map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    Ok(dir)
}

fn find_host_python() -> Result<&'static str, String> {
    for candidate in ["python3", "python"] {
        if Command::new(candidate)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Ok(candidate);
        }
    }
    Err("no python3 on PATH: install Python 3.9+ to run the test peers".into())
}

/// A command's `PATH` with the venv's `bin` first.
pub fn path_with_venv(dir: &Path) -> std::ffi::OsString {
    let mut paths = vec![dir.join("bin")];
    if let Some(old) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&old));
    }
    std::env::join_paths(paths).unwrap_or_default()
}
