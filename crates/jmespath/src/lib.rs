//! JMESPath for `--query`.
//!
//! A port of the behaviour of jmespath.py 1.0.1 (the version the AWS CLI v2 pins) over
//! [`serde_json::Value`]: the same lexer, the same Pratt parser (binding powers and error
//! texts), and a tree interpreter with Python semantics (truthiness, `1 == 1.0`, int versus
//! float results, insertion-ordered objects, Python `repr`s in type errors).
//!
//! No published crate reproduces that behaviour byte for byte (they sort object keys, turn
//! integer results into floats and print different error texts), which is why this crate
//! exists.
//!
//! Numbers follow Python's `json.loads`: a number whose text is `-?[0-9]+` is an int (big
//! ones keep their digits), anything else a float; computed floats come back as float
//! texts (`2.0`), computed ints as ints. [`Expression::search_shared`] also reports which
//! arrays and objects of a result are the same Python object (YAML anchors).
//!
//! Known differences from Python, all corner cases: `NaN`/`Infinity` results become `null`
//! (inside an expression they work, e.g. for `to_string`); `NaN`/`Infinity` nested inside a
//! JSON literal, and JSON literals nested deeper than 128 levels, are not parsed as JSON;
//! a lone surrogate escape in a quoted identifier becomes U+FFFD; arithmetic on integers
//! beyond 128 bits is approximate; expressions nested deeper than 256 levels are refused at
//! compile time with Python's `maximum recursion depth exceeded` (Python's own limit is
//! similar but not identical).
//!
//! ```
//! let expr = awslice_jmespath::compile("foo[?a > `1`].b").unwrap();
//! let data = serde_json::json!({"foo": [{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]});
//! assert_eq!(expr.search(&data).unwrap(), serde_json::json!(["y"]));
//! ```

mod error;
mod functions;
mod interp;
mod lexer;
mod parser;
mod pyfmt;
mod shared;
mod value;

pub use error::{ErrorKind, JmespathError};
pub use shared::SharedResult;

/// A compiled JMESPath expression. Compile once, search many times.
#[derive(Debug, Clone)]
pub struct Expression {
    text: String,
    ast: parser::Node,
}

/// Compiles `expression`.
///
/// Errors are the lexer and parser errors of jmespath.py 1.0.1 (kinds
/// [`ErrorKind::EmptyExpression`], [`ErrorKind::Lexer`], [`ErrorKind::Parse`] and
/// [`ErrorKind::IncompleteExpression`]); their `Display` is Python's `str(e)`.
/// Unknown functions and wrong argument counts are reported by [`Expression::search`], as in
/// Python.
pub fn compile(expression: &str) -> Result<Expression, JmespathError> {
    let ast = parser::parse(expression)?;
    Ok(Expression {
        text: expression.to_owned(),
        ast,
    })
}

impl Expression {
    /// The expression's source text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Evaluates the expression against `data`.
    ///
    /// Errors are jmespath.py's search-time errors: unknown function, arity, invalid type,
    /// and the plain Python `ValueError`/`TypeError`s it lets through (for example
    /// `slice step cannot be zero`).
    pub fn search(&self, data: &serde_json::Value) -> Result<serde_json::Value, JmespathError> {
        let input = value::V::Ref(data);
        let out = interp::eval(&self.ast, &input)?;
        Ok(out.into_json())
    }

    /// Like [`Expression::search`], and also reports which arrays and objects of the result
    /// are the same Python object (for the YAML output's anchors and aliases).
    ///
    /// ```
    /// let expr = awslice_jmespath::compile("[a, a, b]").unwrap();
    /// let data = serde_json::json!({"a": [1], "b": [1]});
    /// let r = expr.search_shared(&data).unwrap();
    /// let items = r.value().as_array().unwrap();
    /// assert!(r.shared_group(&items[0]).is_some());
    /// assert_eq!(r.shared_group(&items[0]), r.shared_group(&items[1]));
    /// assert_eq!(r.shared_group(&items[2]), None);
    /// ```
    pub fn search_shared(&self, data: &serde_json::Value) -> Result<SharedResult, JmespathError> {
        let input = value::V::Ref(data);
        let out = interp::eval(&self.ast, &input)?;
        Ok(shared::shared_result(out))
    }
}

impl std::fmt::Display for Expression {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Compiles `expression` and evaluates it against `data` in one go.
pub fn search(
    expression: &str,
    data: &serde_json::Value,
) -> Result<serde_json::Value, JmespathError> {
    compile(expression)?.search(data)
}
