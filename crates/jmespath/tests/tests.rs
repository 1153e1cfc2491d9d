//! awslice-jmespath's integration tests, one binary (`autotests = false`).

mod compliance;
mod errors;
mod python_peer;
mod values;
