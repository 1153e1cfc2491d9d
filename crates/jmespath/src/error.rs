//! The error type: one message, formatted at creation exactly like Python's `str(e)`.

use std::fmt;

/// Which jmespath.py exception (or plain Python exception) an error corresponds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `EmptyExpressionError` (compile time).
    EmptyExpression,
    /// `LexerError` (compile time).
    Lexer,
    /// `ParseError` (compile time).
    Parse,
    /// `IncompleteExpressionError` (compile time).
    IncompleteExpression,
    /// `ArityError` or `VariadictArityError` (search time).
    Arity,
    /// `JMESPathTypeError` (search time).
    InvalidType,
    /// `UnknownFunctionError` (search time).
    UnknownFunction,
    /// A plain Python `ValueError`, `TypeError` or `OverflowError` that jmespath.py lets
    /// escape during a search (for example `slice step cannot be zero`).
    Python,
}

/// A JMESPath error. `Display` gives exactly what Python's `str(e)` gives for the
/// corresponding jmespath.py 1.0.1 exception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JmespathError {
    kind: ErrorKind,
    message: String,
}

impl JmespathError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        JmespathError {
            kind,
            message: message.into(),
        }
    }

    /// The error's kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// True for errors raised while compiling (lexer and parser errors); the AWS CLI turns
    /// those into `Bad value for --query …` (rc 252) before sending any request.
    pub fn is_compile_error(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::EmptyExpression
                | ErrorKind::Lexer
                | ErrorKind::Parse
                | ErrorKind::IncompleteExpression
        )
    }

    /// The message (same text as `Display`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for JmespathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JmespathError {}

/// `ParseError.__str__`.
pub(crate) fn parse_error(
    expression: &str,
    position: usize,
    token_value: &str,
    token_type: &str,
    msg: &str,
) -> JmespathError {
    let underline = " ".repeat(position + 1);
    JmespathError::new(
        ErrorKind::Parse,
        format!(
            "{msg}: Parse error at column {position}, token \"{token_value}\" ({}), for expression:\n\"{expression}\"\n{underline}^",
            token_type.to_uppercase()
        ),
    )
}

/// `IncompleteExpressionError.__str__`.
pub(crate) fn incomplete(expression: &str) -> JmespathError {
    let underline = " ".repeat(expression.chars().count() + 1);
    JmespathError::new(
        ErrorKind::IncompleteExpression,
        format!(
            "Invalid jmespath expression: Incomplete expression:\n\"{expression}\"\n{underline}^"
        ),
    )
}

/// `LexerError.__str__`.
pub(crate) fn lexer_error(expression: &str, position: usize, message: &str) -> JmespathError {
    let underline = " ".repeat(position);
    JmespathError::new(
        ErrorKind::Lexer,
        format!("Bad jmespath expression: {message}:\n{expression}\n{underline}^"),
    )
}
