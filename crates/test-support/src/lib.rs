//! Test helpers shared by awslice's crates. Dev-only and unpublished: every crate's
//! `tests/tests.rs` uses it as a dev-dependency.
//!
//! - [`paths`]: where the repository keeps its test data (one definition).
//! - [`peers`]: the Python test venv and system tools, skipped with a message under plain
//!   `cargo test`, required (a missing peer fails) under `cargo xtask test`.
//! - [`moto`]: a `moto_server` on 127.0.0.1.
//! - [`http`]: loopback HTTP/1.1 servers that record the exact request bytes and answer from a
//!   script; [`tls`]: an HTTPS server with a fresh self-signed certificate.
//! - [`temp`]: temporary folders and homes removed on drop.
//! - [`tmux`]: a real terminal (a tmux pane) to type into and read.
//! - `sdk_config` (feature `runtime`): an SDK configuration from an isolated environment and a
//!   WorkSpaces-shaped service description.
//! - `bench` (feature `bench`): the measuring loop of the in-process loopback benches.
//! - `cli` (feature `cli`): the CLI suite shared by the in-process engine and the binary.

pub mod http;
pub mod moto;
pub mod paths;
pub mod peers;
pub mod temp;
pub mod tls;
pub mod tmux;

#[cfg(feature = "bench")]
pub mod bench;
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "runtime")]
pub mod sdk_config;
