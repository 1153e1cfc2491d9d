//! awslice-runtime's integration tests, one binary (`autotests = false`): each module is a
//! suite; `support` and `config_support` hold this crate's helpers, and the helpers several
//! crates share come from `awslice-test-support`. Three suites are binaries of their own
//! because they change process-wide state the others would see: `transport_proxy` sets
//! `HTTP_PROXY` and `NO_PROXY` in the process environment (it would reroute the other suites'
//! requests), and `transport_debug` and `credentials_logging` install tracing subscribers
//! (tracing's per-callsite interest cache and level hint are process-wide: events of a test
//! on one thread went missing while tests on other threads registered the same callsites,
//! about one run in two when they shared this binary).

mod config_support;
mod support;

mod config_botocore;
mod config_files;
mod config_precedence;
mod credentials_chain;
mod credentials_hook;
mod credentials_remote;
mod moto_signature;
mod transport_deps;
mod transport_endpoint;
mod transport_errors;
mod transport_retry;
mod transport_tls;
mod transport_wire;
