//! awslice-cli's integration tests, one binary (`autotests = false`). The engine runs
//! in-process with hand-written command tables (`awslice-test-support`'s `cli` module and the
//! suites' own); the generated tables and the binary are tested with the `awslice` crate.

/// The CLI suite (docs/compat.md) in-process: every case checks the request sent (or that
/// none was), stdout, stderr and the exit code against a loopback capture server.
mod cli {
    awslice_test_support::cli_suite!();
}
mod completion;
mod help;
mod pagination;
mod yaml_anchors;
