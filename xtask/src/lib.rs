//! Project tasks, one module per task; `main.rs` dispatches.

pub mod bench;
pub mod demo;
pub mod endpoint_tests;
pub mod fuzz;
pub mod generate;
pub mod generate_all;
/// The moto launcher shared with the test suites.
pub use awslice_test_support::moto;
pub mod pyenv;
pub mod syspkgs;
pub mod test;
pub mod util;
