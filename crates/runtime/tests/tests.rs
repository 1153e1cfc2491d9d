//! awslice-runtime's integration tests, one binary (`autotests = false`): each module is a
//! suite; `support` and `config_support` hold this crate's helpers, and the helpers several
//! crates share come from `awslice-test-support`. `transport_proxy` is its own binary: it sets
//! `HTTP_PROXY` and `NO_PROXY` in the process environment, which would reroute the other suites'
//! requests running beside it.

mod config_support;
mod support;

mod config_botocore;
mod config_files;
mod config_precedence;
mod credentials_chain;
mod credentials_hook;
mod credentials_logging;
mod credentials_remote;
mod moto_signature;
mod transport_debug;
mod transport_deps;
mod transport_endpoint;
mod transport_errors;
mod transport_retry;
mod transport_tls;
mod transport_wire;
