//! Smithy code generator: reads a Smithy 2.0 JSON AST model and emits Rust.

pub mod model;
