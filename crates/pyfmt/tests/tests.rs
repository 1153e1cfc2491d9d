//! awslice-pyfmt's integration tests, one binary (`autotests = false`).

mod python_peer;
