//! Helpers of the runtime's tests; the ones other crates share come from
//! `awslice-test-support`.

#![allow(dead_code, unused_imports)]

pub mod sigv4;

pub use awslice_test_support::http as server;
pub use awslice_test_support::sdk_config::*;
pub use awslice_test_support::{moto, tls};
