//! Output formatters.
