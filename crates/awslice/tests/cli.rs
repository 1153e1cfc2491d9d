//! The CLI suite of `crates/cli/tests` (the AWS CLI v2 behaviour recorded in
//! `shared/reference/awscli-v2.md` §1–§6), run against the real generated `awslice` binary and
//! a loopback capture server: every case checks the request sent (or that none was), stdout,
//! stderr and the exit code. Cases that need a terminal or a signal still run the engine
//! in-process (see `support::run_with_io` users).

#[path = "../../cli/tests/support/mod.rs"]
mod support;

include!("../../cli/tests/support/cases.rs");
