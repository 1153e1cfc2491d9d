//! Errors in a model or in generation.

use std::fmt;

/// A problem found in a model (dangling target, unknown shape type, bad trait value…) or
/// while generating code. Always names the shape concerned when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodegenError {
    /// The shape id (or `shape$member`) concerned, if any.
    pub shape: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl CodegenError {
    /// An error about `shape`.
    pub fn at(shape: impl Into<String>, message: impl Into<String>) -> Self {
        CodegenError {
            shape: Some(shape.into()),
            message: message.into(),
        }
    }

    /// An error not tied to a shape.
    pub fn new(message: impl Into<String>) -> Self {
        CodegenError {
            shape: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.shape {
            Some(s) => write!(f, "{s}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for CodegenError {}
