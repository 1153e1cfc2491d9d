//! JMESPath for `--query`.
