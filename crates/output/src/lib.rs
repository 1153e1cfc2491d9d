//! The AWS CLI v2's output formatters, reproduced byte for byte.
//!
//! [`format()`] turns a response (already filtered by `--query`) into what the CLI writes to
//! stdout for `--output json|text|table|yaml|yaml-stream|off`. The same function serves
//! `--cli-error-format json|yaml|text|table`, which formats the error document as a dict.
//!
//! Values are `serde_json::Value` with `preserve_order` and `arbitrary_precision`: key order
//! is the order received, an int is a number whose text is `-?\d+` (all digits kept) and any
//! other number is a float printed with Python's `repr`.

#![deny(missing_docs)]

#[rustfmt::skip]
mod east_asian_width;
mod json;
mod table;
mod text;

use serde_json::Value;
use std::fmt;

pub use awslice_pyfmt::float_repr as py_float_repr;

/// An `--output` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `json`: Python `json.dump(indent=4, ensure_ascii=False)` plus a newline.
    Json,
    /// `text`: tab-separated values, one line per record.
    Text,
    /// `table`: the boxed ASCII table, titled with the operation name.
    Table,
    /// `yaml`: one YAML document (ruamel.yaml's safe dumper layout).
    Yaml,
    /// `yaml-stream`: each page as a one-item YAML list.
    YamlStream,
    /// `off`: nothing.
    Off,
}

impl Format {
    /// Parses an `--output` value (`json`, `text`, `table`, `yaml`, `yaml-stream`, `off`).
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "json" => Format::Json,
            "text" => Format::Text,
            "table" => Format::Table,
            "yaml" => Format::Yaml,
            "yaml-stream" => Format::YamlStream,
            "off" => Format::Off,
            _ => return None,
        })
    }

    /// The `--output` value naming this format.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Text => "text",
            Format::Table => "table",
            Format::Yaml => "yaml",
            Format::YamlStream => "yaml-stream",
            Format::Off => "off",
        }
    }
}

/// How to format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options<'a> {
    /// The operation name (`DescribeWorkspaceImagePermissions`): the table's title.
    pub title: &'a str,
    /// Colour the table the way `--color on` does (ANSI styles plus the reset colorama's
    /// autoreset writes after every write). Other formats are never coloured.
    pub color: bool,
    /// The terminal's width in columns, when stdout is a terminal. A table wider than this
    /// (80 when unknown) turns its single-row sections vertical.
    pub terminal_width: Option<usize>,
}

/// A value the AWS CLI's formatter itself fails on (it raises a Python exception, which the
/// CLI reports as an error with rc 255). The message is the exception's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    message: String,
}

impl FormatError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        FormatError {
            message: message.into(),
        }
    }

    /// The Python exception text, e.g. `Row should have 1 elements, instead it has 2`.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FormatError {}

/// What the CLI writes to stdout for `value` in `format`.
///
/// The few shapes on which the AWS CLI's own text or table formatter raises an exception (a
/// list mixing dicts with other values, rows of unequal length) give an empty string here;
/// use [`try_format`] to tell them apart.
pub fn format(value: &Value, format: Format, opts: &Options) -> String {
    try_format(value, format, opts).unwrap_or_default()
}

/// Like [`format()`], but reports the shapes the AWS CLI's formatter fails on.
pub fn try_format(value: &Value, format: Format, opts: &Options) -> Result<String, FormatError> {
    match format {
        Format::Json => Ok(json::format(value)),
        Format::Text => text::format(value),
        Format::Table => table::format(value, opts),
        Format::Yaml => Ok(awslice_yaml::emit(value)),
        Format::YamlStream => Ok(awslice_yaml::emit_stream_item(value)),
        Format::Off => Ok(String::new()),
    }
}
