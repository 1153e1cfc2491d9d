//! Generic engine of the `awslice` command line, driven by generated command tables
//! (see [`schema`]).

pub mod schema;
