//! Smithy code generator: reads a Smithy 2.0 JSON AST model and emits Rust.

pub mod error;
pub mod model;

pub use error::CodegenError;
