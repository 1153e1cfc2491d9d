//! The AWS CLI v2 behaviour recorded in `shared/reference/awscli-v2.md` §1–§6, run in-process
//! against a loopback capture server. Each case checks the request sent (or that none was),
//! stdout, stderr and the exit code.

mod support;

include!("support/cases.rs");
