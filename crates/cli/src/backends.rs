//! The engine's single call sites for the YAML loader (`awslice-yaml`), the JMESPath engine
//! (`awslice-jmespath`) and the output formatters (`awslice-output`).

use serde_json::Value;

/// A YAML document was refused (the AWS CLI only says `Invalid YAML received.`).
#[derive(Debug)]
pub struct YamlError;

/// Parses a YAML document (`--cli-input-yaml`).
pub fn load_yaml(text: &str) -> Result<Value, YamlError> {
    awslice_yaml::load(text).map_err(|_| YamlError)
}

/// A compiled `--query` expression.
#[derive(Debug, Clone)]
pub struct Query(awslice_jmespath::Expression);

/// Compiles `--query`; the error is the text after `Bad value for --query <expr>: `.
pub fn compile_query(expr: &str) -> Result<Query, String> {
    awslice_jmespath::compile(expr)
        .map(Query)
        .map_err(|e| e.to_string())
}

impl Query {
    /// Applies the expression; the error is Python's exception text.
    pub fn search(&self, value: &Value) -> Result<Value, String> {
        self.0.search(value).map_err(|e| e.to_string())
    }
}

/// Options for the output formatters.
#[derive(Debug, Clone, Default)]
pub struct FormatOptions {
    /// The table title (the operation name, or `error`).
    pub title: String,
    /// Colour table output.
    pub color: bool,
    /// The terminal's width, when stdout is a terminal.
    pub terminal_width: Option<usize>,
}

/// Formats `value` with `--output format`; `Ok("")` when nothing is to be printed (the
/// AWS CLI prints nothing for an empty result `{}` in every format). The error is the
/// Python exception text of the AWS CLI's formatter.
pub fn format(value: &Value, format: &str, opts: &FormatOptions) -> Result<String, String> {
    if value.as_object().is_some_and(|m| m.is_empty()) {
        return Ok(String::new());
    }
    let fmt = awslice_output::Format::from_name(format).unwrap_or(awslice_output::Format::Json);
    let o = awslice_output::Options {
        title: &opts.title,
        color: opts.color,
        terminal_width: opts.terminal_width,
    };
    awslice_output::try_format(value, fmt, &o).map_err(|e| e.to_string())
}
