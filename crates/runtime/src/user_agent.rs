//! The AWS-style `User-Agent` header.
//!
//! Shape (the AWS CLI's, with our names):
//! `awslice/<version> ua/2.1 os/<os>#<release> md/arch#<arch> lang/rust#<rustc> cfg/retry-mode#<mode> [extra…]`.
//! Callers (the CLI) append pieces such as `md/command#workspaces.update-workspace-image-permission`.

use std::fmt::Write as _;

use crate::retry::RetryMode;

/// The version of the Rust compiler that built awslice (`1.95.0`), recorded by the build
/// script; `unknown` when `rustc --version` could not be run. The User-Agent's
/// `lang/rust#<version>` piece and the CLI's `--version` line print it.
pub const RUSTC_VERSION: &str = env!("AWSLICE_RUSTC_VERSION");

/// Builds the `User-Agent` value.
#[derive(Debug, Clone, Default)]
pub struct UserAgent {
    extra: Vec<String>,
}

impl UserAgent {
    /// A user agent with no extra pieces.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a piece (`md/command#…`, `app/…`); whitespace inside it is replaced by `-`
    /// so the header stays a list of space-separated tokens.
    pub fn push(&mut self, piece: &str) {
        let clean: String = piece
            .trim()
            .chars()
            .map(|c| {
                if c.is_whitespace() || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        if !clean.is_empty() {
            self.extra.push(clean);
        }
    }

    /// The extra pieces, in the order they were pushed.
    pub fn extra(&self) -> &[String] {
        &self.extra
    }

    /// The header value for a client in `mode`.
    pub fn header_value(&self, mode: RetryMode) -> String {
        let mut out = format!(
            "awslice/{} ua/2.1 os/{}",
            env!("CARGO_PKG_VERSION"),
            std::env::consts::OS
        );
        if let Some(release) = os_release() {
            let _ = write!(out, "#{release}");
        }
        let _ = write!(
            out,
            " md/arch#{} lang/rust#{} cfg/retry-mode#{}",
            std::env::consts::ARCH,
            RUSTC_VERSION,
            mode.as_str()
        );
        for piece in &self.extra {
            out.push(' ');
            out.push_str(piece);
        }
        out
    }
}

/// The kernel release (`uname -r`) on Linux, read once; `None` elsewhere or when unreadable.
fn os_release() -> Option<&'static str> {
    static RELEASE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    RELEASE
        .get_or_init(|| {
            let text = std::fs::read_to_string("/proc/sys/kernel/osrelease").ok()?;
            let t = text.trim();
            (!t.is_empty() && !t.contains(char::is_whitespace)).then(|| t.to_owned())
        })
        .as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_the_aws_shape_and_extra_pieces() {
        let mut ua = UserAgent::new();
        ua.push("md/command#workspaces.update-workspace-image-permission");
        ua.push("  ");
        ua.push("md/x y");
        let v = ua.header_value(RetryMode::Adaptive);
        assert!(v.starts_with(&format!("awslice/{} ua/2.1 os/", env!("CARGO_PKG_VERSION"))));
        assert!(v.contains(" lang/rust#"));
        assert!(v.contains(" cfg/retry-mode#adaptive md/command#workspaces.update-workspace-image-permission md/x-y"));
        assert!(!v.ends_with(' '));
    }
}
