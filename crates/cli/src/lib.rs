//! Generic engine of the `awslice` command line, driven by generated command tables
//! (see [`schema`]).

pub mod schema;

/// Runs the command line for `services` with the process's arguments and environment, and
/// returns the exit code (0, 130, 252, 253, 254 or 255, as the AWS CLI v2).
///
/// INTERFACE CONTRACT: generated `main.rs` files call exactly this.
pub fn run(services: &[&'static schema::ServiceDef]) -> std::process::ExitCode {
    let _ = services;
    std::process::ExitCode::from(255)
}
