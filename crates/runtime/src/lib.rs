//! Generic runtime for awslice service crates and the awslice CLI.
//!
//! This crate knows no service: everything service-specific arrives as a
//! [`service::ServiceMeta`] generated from a Smithy model.

pub mod client;
pub mod error;
pub mod service;
