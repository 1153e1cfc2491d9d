//! `--version`: `awslice/<ver> Rust/<rustc> <System>/<release> [exec-env/<env> ]source/<arch>`,
//! the analogue of the AWS CLI's `aws-cli/<ver> Python/<py> Linux/<release> source/<arch>`.

use std::collections::HashMap;

/// The version line (without the trailing newline).
pub fn version_line(env: &HashMap<String, String>) -> String {
    let system = match std::env::consts::OS {
        "linux" => "Linux".to_owned(),
        "macos" => "Darwin".to_owned(),
        "windows" => "Windows".to_owned(),
        other => {
            let mut c = other.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        }
    };
    // platform.release(): the kernel release, read without spawning `uname`.
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    let exec_env = env
        .get("AWS_EXECUTION_ENV")
        .filter(|v| !v.is_empty())
        .map(|v| format!("exec-env/{v} "))
        .unwrap_or_default();
    format!(
        "awslice/{} Rust/{} {system}/{release} {exec_env}source/{}",
        env!("CARGO_PKG_VERSION"),
        awslice_runtime::user_agent::RUSTC_VERSION,
        std::env::consts::ARCH
    )
}
