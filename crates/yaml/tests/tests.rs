//! awslice-yaml's integration tests, one binary (`autotests = false`).

mod anchors;
mod anchors_differential;
mod fuzz;
mod golden;
mod load;
mod load_differential;
