//! Generic runtime for awslice service crates and the awslice CLI.
//!
//! This crate knows no service: everything service-specific arrives as a
//! [`service::ServiceMeta`] generated from a Smithy model.
//!
//! One call ([`client::ServiceClient::call`]) resolves the endpoint with the service's rule
//! set, gets credentials from [`config::SdkConfig`], builds the awsJson request
//! ([`protocol`]) with the AWS CLI's headers ([`user_agent`]), signs it with SigV4
//! ([`sign`]), sends it over a lazily built, connection-reusing HTTP client ([`http`]) and
//! retries it as the AWS CLI v2 does ([`retry`]). Failures are [`error::CallError`]s whose
//! texts are the AWS CLI's.

pub mod checksum;
pub mod client;
pub mod config;
pub mod credentials;
pub mod error;
pub mod http;
pub mod json;
pub mod protocol;
pub mod retry;
pub mod schema;
pub mod service;
pub mod sign;
pub mod user_agent;
