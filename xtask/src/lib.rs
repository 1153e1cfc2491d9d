//! Project tasks, one module per task; `main.rs` dispatches.

pub mod generate;
