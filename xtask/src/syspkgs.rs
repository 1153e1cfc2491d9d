//! The terminal programs the tests drive (tmux for the auto-prompt and pager tests, `less` as
//! the default pager, zsh and fish for the completion scripts) and the time zone database (local
//! time in output), installed from the system's package manager when missing.

use std::process::Command;

use crate::util::run;

/// (program, Debian package) pairs the tests need on `PATH`.
const NEEDED: &[(&str, &str)] = &[
    ("tmux", "tmux"),
    ("less", "less"),
    ("bash", "bash"),
    ("zsh", "zsh"),
    ("fish", "fish"),
];

/// Files the tests read, with their Debian package.
const FILES: &[(&str, &str)] = &[("/usr/share/zoneinfo/Asia/Tokyo", "tzdata")];

/// Whether `program` is found on `PATH`.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            let p = dir.join(program);
            p.is_file()
        })
    })
}

/// Installs the missing programs with `apt-get` (as root), or explains what to install.
pub fn ensure() -> Result<(), String> {
    let missing: Vec<&str> = NEEDED
        .iter()
        .filter(|(program, _)| !on_path(program))
        .chain(
            FILES
                .iter()
                .filter(|(file, _)| !std::path::Path::new(file).exists()),
        )
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !is_root || !on_path("apt-get") {
        return Err(format!(
            "the tests need these packages, which are missing: {} (install them as root)",
            missing.join(" ")
        ));
    }
    eprintln!("xtask: installing {}", missing.join(", "));
    // The package index may be stale on a fresh machine: refresh it once if the install fails.
    let install = |cmd: &mut Command| {
        cmd.args(["install", "-y", "-q", "--no-install-recommends"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive");
        run(cmd)
    };
    if install(&mut Command::new("apt-get")).is_err() {
        run(Command::new("apt-get")
            .args(["update", "-q"])
            .env("DEBIAN_FRONTEND", "noninteractive"))?;
        install(&mut Command::new("apt-get"))?;
    }
    Ok(())
}
