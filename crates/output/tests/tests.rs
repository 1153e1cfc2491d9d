//! awslice-output's integration tests, one binary (`autotests = false`).

mod differential;
mod golden;
