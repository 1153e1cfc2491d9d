//! `--cli-input-yaml`: saphyr-parser events turned into values the way ruamel.yaml's
//! `SafeConstructor` with the YAML 1.2 resolver builds them.
//!
//! saphyr-parser does the YAML syntax (it is pure safe Rust and passes the YAML 1.2 test
//! suite); what no crate does is ruamel's *resolution*: which plain scalars are ints (`012` is
//! decimal 12, `0o`/`0x`/`0b` and `_` allowed, unbounded), floats, bools or null, how merge keys
//! combine, and that duplicate keys are errors. That glue is this module.

use crate::resolver::{Implicit, resolve_plain};
use base64::Engine as _;
use saphyr_parser::{Event, Parser, ScalarStyle, Span, StrInput, Tag};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::fmt;

/// Deepest nesting of collections accepted by [`crate::load`].
pub const MAX_DEPTH: usize = 128;
/// Most values a document may expand to through aliases (guards against "billion laughs").
const MAX_NODES: usize = 1_000_000;

/// Why a YAML input document was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    message: String,
    line: Option<usize>,
    column: Option<usize>,
}

impl YamlError {
    fn new(message: impl Into<String>, span: Option<Span>) -> Self {
        YamlError {
            message: message.into(),
            line: span.map(|s| s.start.line()),
            column: span.map(|s| s.start.col() + 1),
        }
    }

    /// What went wrong, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The 1-based line where the problem was found, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The 1-based column where the problem was found, when known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                write!(f, "{} (line {line}, column {column})", self.message)
            }
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for YamlError {}

type Result<T> = std::result::Result<T, YamlError>;

struct Loader<'a> {
    parser: Parser<'a, StrInput<'a>>,
    /// Anchored values and their node counts.
    anchors: HashMap<usize, (Value, usize)>,
    nodes: usize,
}

pub(crate) fn load(text: &str) -> Result<Value> {
    let mut loader = Loader {
        parser: Parser::new_from_str(text),
        anchors: HashMap::new(),
        nodes: 0,
    };
    loader.document()
}

/// A mapping key as ruamel sees it before construction.
enum Key {
    Str(String),
    Merge,
}

impl<'a> Loader<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span)> {
        match self.parser.next() {
            Some(Ok(event)) => Ok(event),
            Some(Err(e)) => Err(YamlError {
                message: e.info().to_owned(),
                line: Some(e.marker().line()),
                column: Some(e.marker().col() + 1),
            }),
            None => Err(YamlError::new("unexpected end of the YAML stream", None)),
        }
    }

    fn document(&mut self) -> Result<Value> {
        let mut value = Value::Null;
        let mut documents = 0usize;
        loop {
            let (event, span) = self.next()?;
            match event {
                Event::StreamStart | Event::Nothing => {}
                Event::StreamEnd => return Ok(value),
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        return Err(YamlError::new(
                            "expected a single document in the stream but found another document",
                            Some(span),
                        ));
                    }
                    let (first, first_span) = self.next()?;
                    if matches!(first, Event::DocumentEnd) {
                        continue;
                    }
                    value = self.node(first, first_span, 0)?;
                }
                Event::DocumentEnd => {}
                _ => {
                    return Err(YamlError::new(
                        "unexpected event outside a document",
                        Some(span),
                    ));
                }
            }
        }
    }

    fn count(&mut self, n: usize, span: Span) -> Result<()> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(YamlError::new(
                format!("the document expands to more than {MAX_NODES} values"),
                Some(span),
            ));
        }
        Ok(())
    }

    fn remember(&mut self, anchor: usize, value: &Value, size: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, (value.clone(), size));
        }
    }

    /// Builds the node starting with `event`; returns its value.
    fn node(&mut self, event: Event<'a>, span: Span, depth: usize) -> Result<Value> {
        let before = self.nodes;
        match event {
            Event::Alias(id) => match self.anchors.get(&id) {
                Some((value, size)) => {
                    let (value, size) = (value.clone(), *size);
                    self.count(size, span)?;
                    Ok(value)
                }
                None => Err(YamlError::new("found undefined alias", Some(span))),
            },
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, span)?;
                let value = scalar(&text, style, tag.as_deref(), span)?;
                self.remember(anchor, &value, 1);
                Ok(value)
            }
            Event::SequenceStart(anchor, tag) => {
                check_collection_tag(tag.as_deref(), "seq", span)?;
                let depth = enter(depth, span)?;
                self.count(1, span)?;
                let mut items = Vec::new();
                loop {
                    let (event, item_span) = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(event, item_span, depth)?);
                }
                let value = Value::Array(items);
                let size = self.nodes - before;
                self.remember(anchor, &value, size);
                Ok(value)
            }
            Event::MappingStart(anchor, tag) => {
                check_collection_tag(tag.as_deref(), "map", span)?;
                let depth = enter(depth, span)?;
                self.count(1, span)?;
                let value = Value::Object(self.mapping(span, depth)?);
                let size = self.nodes - before;
                self.remember(anchor, &value, size);
                Ok(value)
            }
            _ => Err(YamlError::new("unexpected YAML event", Some(span))),
        }
    }

    fn mapping(&mut self, span: Span, depth: usize) -> Result<Map<String, Value>> {
        let mut own: Vec<(String, Value, Span)> = Vec::new();
        let mut merged: Option<Map<String, Value>> = None;
        loop {
            let (event, key_span) = self.next()?;
            if matches!(event, Event::MappingEnd) {
                break;
            }
            let key = self.key(event, key_span, depth)?;
            let (event, value_span) = self.next()?;
            let value = self.node(event, value_span, depth)?;
            match key {
                Key::Str(k) => own.push((k, value, key_span)),
                Key::Merge => {
                    let target = merged.get_or_insert_with(Map::new);
                    merge_into(target, value, value_span)?;
                }
            }
        }
        match merged {
            // ruamel checks duplicates only when there is no merge key.
            None => {
                let mut map = Map::new();
                for (key, value, key_span) in own {
                    if map.contains_key(&key) {
                        return Err(YamlError::new(
                            format!("while constructing a mapping found duplicate key \"{key}\""),
                            Some(key_span),
                        ));
                    }
                    map.insert(key, value);
                }
                Ok(map)
            }
            // Merged pairs first; the mapping's own keys override them in place.
            Some(mut map) => {
                for (key, value, _) in own {
                    map.insert(key, value);
                }
                let _ = span;
                Ok(map)
            }
        }
    }

    fn key(&mut self, event: Event<'a>, span: Span, depth: usize) -> Result<Key> {
        if let Event::Scalar(text, ScalarStyle::Plain, anchor, None) = &event {
            match resolve_plain(text) {
                Implicit::Merge => return Ok(Key::Merge),
                // ruamel re-tags a `=` key as a string.
                Implicit::Value => {
                    let value = Value::String(text.to_string());
                    self.remember(*anchor, &value, 1);
                    return Ok(Key::Str(text.to_string()));
                }
                _ => {}
            }
        }
        match self.node(event, span, depth)? {
            Value::String(s) => Ok(Key::Str(s)),
            other => Err(YamlError::new(
                format!("mapping keys must be strings, found {}", kind(&other)),
                Some(span),
            )),
        }
    }
}

fn enter(depth: usize, span: Span) -> Result<usize> {
    if depth >= MAX_DEPTH {
        return Err(YamlError::new(
            format!("the document nests collections deeper than {MAX_DEPTH} levels"),
            Some(span),
        ));
    }
    Ok(depth + 1)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a mapping",
    }
}

fn merge_into(target: &mut Map<String, Value>, value: Value, span: Span) -> Result<()> {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                target.insert(k, v);
            }
            Ok(())
        }
        Value::Array(items) => {
            // ruamel applies the listed mappings so that the first one wins.
            let mut maps = Vec::new();
            for item in items {
                match item {
                    Value::Object(map) => maps.push(map),
                    _ => {
                        return Err(YamlError::new(
                            "while constructing a mapping expected a mapping for merging",
                            Some(span),
                        ));
                    }
                }
            }
            for map in maps.into_iter().rev() {
                for (k, v) in map {
                    target.insert(k, v);
                }
            }
            Ok(())
        }
        _ => Err(YamlError::new(
            "while constructing a mapping expected a mapping or list of mappings for merging",
            Some(span),
        )),
    }
}

fn core_suffix(tag: &Tag) -> Option<&str> {
    tag.is_yaml_core_schema().then_some(tag.suffix.as_str())
}

fn is_non_specific(tag: &Tag) -> bool {
    tag.handle == "!" && tag.suffix.is_empty()
}

fn unknown_tag(tag: &Tag, span: Span) -> YamlError {
    YamlError::new(
        format!("could not determine a constructor for the tag '{tag}'"),
        Some(span),
    )
}

fn check_collection_tag(tag: Option<&Tag>, expected: &str, span: Span) -> Result<()> {
    match tag {
        None => Ok(()),
        Some(t) if is_non_specific(t) || core_suffix(t) == Some(expected) => Ok(()),
        Some(t) => Err(unknown_tag(t, span)),
    }
}

fn scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>, span: Span) -> Result<Value> {
    let implicit = match tag {
        Some(t) if is_non_specific(t) => return Ok(Value::String(text.to_owned())),
        Some(t) => match core_suffix(t) {
            Some("str") => Implicit::Str,
            Some("int") => Implicit::Int,
            Some("float") => Implicit::Float,
            Some("bool") => Implicit::Bool,
            Some("null") => Implicit::Null,
            Some("timestamp") => Implicit::Timestamp,
            Some("binary") => return binary(text, span),
            _ => return Err(unknown_tag(t, span)),
        },
        None if style == ScalarStyle::Plain => resolve_plain(text),
        None => Implicit::Str,
    };
    match implicit {
        Implicit::Str | Implicit::Timestamp => Ok(Value::String(text.to_owned())),
        Implicit::Null => Ok(Value::Null),
        Implicit::Bool => match text.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(YamlError::new(
                format!("invalid boolean: {text:?}"),
                Some(span),
            )),
        },
        Implicit::Int => int(text, span),
        Implicit::Float => float(text, span),
        Implicit::Merge => Err(YamlError::new(
            "could not determine a constructor for the tag 'tag:yaml.org,2002:merge'",
            Some(span),
        )),
        Implicit::Value => Err(YamlError::new(
            "could not determine a constructor for the tag 'tag:yaml.org,2002:value'",
            Some(span),
        )),
        Implicit::Yaml => Err(YamlError::new(
            "could not determine a constructor for the tag 'tag:yaml.org,2002:yaml'",
            Some(span),
        )),
    }
}

fn number_from_text(text: &str, span: Span) -> Result<Value> {
    serde_json::from_str::<Number>(text)
        .map(Value::Number)
        .map_err(|_| YamlError::new(format!("cannot represent the number {text}"), Some(span)))
}

/// ruamel's `construct_yaml_int` (YAML 1.2): `_` dropped, a sign, then `0b`, `0o`, `0x` or
/// decimal (a leading `0` is decimal too). The value keeps every digit.
fn int(text: &str, span: Span) -> Result<Value> {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    let (negative, body) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.strip_prefix('+').unwrap_or(&cleaned)),
    };
    let (base, digits) = if let Some(d) = body.strip_prefix("0b") {
        (2, d)
    } else if let Some(d) = body.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o") {
        (8, d)
    } else {
        (10, body)
    };
    let invalid = || {
        YamlError::new(
            format!(
                "invalid literal for int(): {}",
                awslice_pyfmt::str_repr(text)
            ),
            Some(span),
        )
    };
    let values: Vec<u32> = digits
        .chars()
        .map(|c| c.to_digit(base).ok_or_else(invalid))
        .collect::<Result<_>>()?;
    if values.is_empty() {
        return Err(invalid());
    }
    let decimal = to_decimal(&values, base);
    let sign = if negative && decimal != "0" { "-" } else { "" };
    number_from_text(&format!("{sign}{decimal}"), span)
}

/// Converts digits in `base` to decimal text of any length (little-endian limbs of 10^9).
fn to_decimal(digits: &[u32], base: u32) -> String {
    const LIMB: u64 = 1_000_000_000;
    let mut limbs: Vec<u64> = vec![0];
    for &d in digits {
        let mut carry = u64::from(d);
        for limb in limbs.iter_mut() {
            let v = *limb * u64::from(base) + carry;
            *limb = v % LIMB;
            carry = v / LIMB;
        }
        while carry > 0 {
            limbs.push(carry % LIMB);
            carry /= LIMB;
        }
    }
    let mut out = String::new();
    let mut iter = limbs.iter().rev();
    if let Some(first) = iter.next() {
        out.push_str(&first.to_string());
    }
    for limb in iter {
        out.push_str(&format!("{limb:09}"));
    }
    out
}

/// ruamel's `construct_yaml_float`: `_` dropped, lower-cased, `.inf`/`.nan`, else `float()`.
/// Infinity is kept as the number `1e999` (what Python's `json` reads back as infinity); NaN
/// has no JSON number and is an error.
fn float(text: &str, span: Span) -> Result<Value> {
    let cleaned: String = text
        .chars()
        .filter(|&c| c != '_')
        .collect::<String>()
        .to_lowercase();
    let (negative, body) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.strip_prefix('+').unwrap_or(&cleaned)),
    };
    let invalid = || {
        YamlError::new(
            format!(
                "could not convert string to float: {}",
                awslice_pyfmt::str_repr(text)
            ),
            Some(span),
        )
    };
    let magnitude = match body {
        ".inf" => f64::INFINITY,
        ".nan" => f64::NAN,
        _ => body.parse::<f64>().map_err(|_| invalid())?,
    };
    let value = if negative { -magnitude } else { magnitude };
    if value.is_nan() {
        return Err(YamlError::new(
            "NaN cannot be represented in a JSON request",
            Some(span),
        ));
    }
    if value.is_infinite() {
        return number_from_text(if value > 0.0 { "1e999" } else { "-1e999" }, span);
    }
    Number::from_f64(value)
        .map(Value::Number)
        .ok_or_else(invalid)
}

/// `!!binary`: base64 with any whitespace; kept as its base64 text without the whitespace.
fn binary(text: &str, span: Span) -> Result<Value> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| YamlError::new(format!("failed to decode base64 data: {e}"), Some(span)))?;
    Ok(Value::String(compact))
}
