//! awslice-endpoints' integration tests, one binary (`autotests = false`).

mod api;
mod botocore_peer;
mod official_model;
mod rule_sets;
