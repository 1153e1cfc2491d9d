//! The `awslice` binary's integration tests, one binary (`autotests = false`): the CLI suite
//! against the real binary, the generated tables' help pages in-process, fault injection,
//! hostile input, secrets, the differential test against the AWS CLI, moto end to end, and the
//! real-terminal tests (tmux, bash/zsh/fish).

/// The CLI suite's helpers, running the real binary cargo built for these tests.
mod support {
    #![allow(dead_code, unused_imports)]

    pub use awslice_test_support::cli::*;

    /// The `awslice` binary under test.
    pub const BINARY: &str = env!("CARGO_BIN_EXE_awslice");

    /// Runs the real `awslice ARGS` with `env`.
    pub fn run_env(args: &[&str], env: std::collections::HashMap<String, String>) -> Outcome {
        use_binary(BINARY);
        awslice_test_support::cli::run_env(args, env)
    }

    /// Runs the real `awslice ARGS` with [`base_env`].
    pub fn run(args: &[&str]) -> Outcome {
        run_env(args, base_env())
    }
}

/// The CLI suite (docs/compat.md) against the real binary: every case checks the request
/// sent (or that none was), stdout, stderr and the exit code against a loopback capture server.
mod cli {
    awslice_test_support::cli_suite!(binary = env!("CARGO_BIN_EXE_awslice"));
}

mod assume_role;
mod autoprompt_tmux;
mod completion_shells;
mod differential;
mod faults;
mod help;
mod hostile_input;
mod moto_e2e;
mod pager_tmux;
mod protocols_moto;
mod sdk_moto;
mod secrets;
mod sso;
mod standalone;
