//! The engine's single call sites for the YAML loader (`awslice-yaml`), the JMESPath engine
//! (`awslice-jmespath`) and the output formatters (`awslice-output`).

use serde_json::Value;

/// An `--output` format (the output crate's, named for the engine).
pub use awslice_output::Format as OutputFormat;

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
    /// Applies the expression, keeping which lists and dicts of the result are one Python
    /// object (the YAML output writes them once, with an anchor, then as aliases); the error
    /// is Python's exception text.
    pub fn search_shared(&self, value: &Value) -> Result<Queried, String> {
        self.0
            .search_shared(value)
            .map(|r| Queried(QueriedInner::Shared(r)))
            .map_err(|e| e.to_string())
    }
}

/// A value to print: a `--query` result with its object identity, or a plain value.
#[derive(Debug, Clone)]
pub struct Queried(QueriedInner);

#[derive(Debug, Clone)]
enum QueriedInner {
    Plain(Value),
    Shared(awslice_jmespath::SharedResult),
}

impl Queried {
    /// A value in which every list and dict occurs once (no `--query`).
    pub fn plain(value: Value) -> Self {
        Queried(QueriedInner::Plain(value))
    }

    /// The value.
    pub fn value(&self) -> &Value {
        match &self.0 {
            QueriedInner::Plain(v) => v,
            QueriedInner::Shared(r) => r.value(),
        }
    }

    /// The identity group of a list or dict reached through [`Queried::value`].
    fn group(&self, node: &Value) -> Option<usize> {
        match &self.0 {
            QueriedInner::Plain(_) => None,
            QueriedInner::Shared(r) => r.shared_group(node),
        }
    }
}

/// [`format`] for a [`Queried`] value: the same text, except that `yaml` and `yaml-stream`
/// write an object held more than once with an anchor and aliases, as ruamel.yaml does.
pub fn format_queried(
    value: &Queried,
    format: &str,
    opts: &FormatOptions,
) -> Result<String, String> {
    let identity = |node: &Value| value.group(node);
    match format {
        "yaml" => Ok(awslice_yaml::emit_shared(value.value(), &identity)),
        "yaml-stream" => Ok(awslice_yaml::emit_stream_item_shared(
            value.value(),
            &identity,
        )),
        _ => self::format(value.value(), format, opts),
    }
}

/// `--output yaml-stream` for a paginated operation: each page (`--query` applied to each)
/// dumped as its own one-item list, anchors numbered per page, and `- {}` for an empty one.
/// Returns the text of the pages before the first `--query` error, and that error.
pub fn yaml_stream_pages(pages: &[Value], query: Option<&Query>) -> (String, Option<String>) {
    let mut text = String::new();
    for page in pages {
        let queried = match query {
            Some(q) => match q.search_shared(page) {
                Ok(r) => r,
                Err(e) => return (text, Some(e)),
            },
            None => Queried::plain(page.clone()),
        };
        text.push_str(&awslice_yaml::emit_stream_page_shared(
            queried.value(),
            &|node: &Value| queried.group(node),
        ));
    }
    (text, None)
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
