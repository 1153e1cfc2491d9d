//! Smithy endpoint rules engine.
