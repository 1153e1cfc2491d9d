//! The `--generate-cli-skeleton` documents of an operation, computed from the model at
//! generation time exactly as the AWS CLI v2 prints them.
//!
//! The AWS CLI builds them with botocore's `ArgumentGenerator`; its rules, restated for
//! Smithy shapes:
//!
//! | shape | `input` (JSON) | `yaml-input` | `output` |
//! |---|---|---|---|
//! | structure, union | members in model order | same, with end-of-line comments | same |
//! | structure already being expanded (recursion) | `{}` | `{}` | `{}` |
//! | document (botocore: an empty structure) | `{}` | `{}` | `{}` |
//! | list, set | one element | one element | one element |
//! | map | `{"KeyName": value}` | `KeyName: value`, no comments | same as input |
//! | string | `""` | `''` | the member name (a list element: the target shape's name; a map value: `""`) |
//! | enum | a value | a value | as string |
//! | boolean | `true` | `true` | `true` |
//! | byte, short, integer, long, intEnum, bigInteger | `0` | `0` | `0` |
//! | float, double, bigDecimal | `0.0` | `0.0` | `0.0` |
//! | timestamp | `"1970-01-01T00:00:00"` | `1970-01-01 00:00:00` | `"1970-01-01T00:00:00"` |
//! | blob | `null` | `!!binary ''` | `null` |
//!
//! botocore picks an enum's value with `random.choice`, so the AWS CLI's own output changes
//! from run to run; awslice always takes the **first** value, which is one of the outputs the
//! AWS CLI can print and keeps generation reproducible.
//!
//! The `yaml-input` document is what ruamel.yaml's round-trip dumper prints for the
//! commented maps the AWS CLI builds (docs/compat.md#skeletons):
//! every structure member gets `# [REQUIRED] <doc overview> Valid values are: A, B.` as an
//! end-of-line comment; the first commented key of each map has two spaces before `#`, later
//! ones one. Checked against the AWS CLI v2.36.7 built from source (ruamel.yaml 0.19.1) on all
//! 91 WorkSpaces operations. (ruamel.yaml 0.17 broke the line after `- -` under a commented
//! key holding a list of lists; 0.19 does not, and neither does awslice.)

use crate::CodegenError;
use crate::model::{Member, Model, Shape, ShapeId, ShapeKind, Traits};

/// The three skeleton documents of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skeletons {
    /// `--generate-cli-skeleton [input]`: JSON with 4-space indent, ending with `\n`.
    pub input: String,
    /// `--generate-cli-skeleton yaml-input`: YAML with comments, ending with `\n`.
    pub yaml_input: String,
    /// `--generate-cli-skeleton output`: compact JSON, formatted later by `--output`
    /// (`{}` when the output has no members; the formatters print nothing for `{}`).
    pub output: String,
}

/// Computes the three skeletons of `operation`.
pub fn skeletons(model: &Model, operation: &ShapeId) -> Result<Skeletons, CodegenError> {
    let (input, output) = operation_io(model, operation)?;
    let gen_in = Generator {
        model,
        mode: Mode::Input,
    };
    let gen_yaml = Generator {
        model,
        mode: Mode::Yaml,
    };
    let gen_out = Generator {
        model,
        mode: Mode::Output,
    };
    let empty = || Node::Struct(Vec::new());
    let in_node = match input {
        Some(id) => gen_in.root(id)?,
        None => empty(),
    };
    let yaml_node = match input {
        Some(id) => gen_yaml.root(id)?,
        None => empty(),
    };
    let out_node = match output {
        Some(id) => gen_out.root(id)?,
        None => empty(),
    };
    let mut input_text = String::new();
    write_json(&in_node, true, &mut input_text);
    input_text.push('\n');
    let mut output_text = String::new();
    write_json(&out_node, false, &mut output_text);
    Ok(Skeletons {
        input: input_text,
        yaml_input: write_yaml_document(&yaml_node),
        output: output_text,
    })
}

/// The input and output structures of an operation.
fn operation_io<'m>(
    model: &'m Model,
    operation: &ShapeId,
) -> Result<(Option<&'m ShapeId>, Option<&'m ShapeId>), CodegenError> {
    let shape = model
        .shapes
        .get(operation)
        .ok_or_else(|| CodegenError::at(&operation.0, "operation not found in the model"))?;
    match &shape.kind {
        ShapeKind::Operation(op) => Ok((op.input.as_ref(), op.output.as_ref())),
        _ => Err(CodegenError::at(&operation.0, "shape is not an operation")),
    }
}

/// The first sentence of a documentation string, as the AWS CLI shows it in `yaml-input`
/// comments: the markup is stripped (when the text is well-formed XML once wrapped in one
/// root element; otherwise the text is used as is), the text is cut before the first `.` or
/// `:` with `.` added back, and line breaks (`\n`, U+2028) become spaces.
pub fn doc_overview(documentation: &str) -> String {
    let text = strip_xml(documentation).unwrap_or_else(|| documentation.to_owned());
    let cut = text.find(['.', ':']).map_or(text.as_str(), |i| &text[..i]);
    let mut out = cut.to_owned();
    if !out.is_empty() {
        out.push('.');
    }
    out.replace(['\n', '\u{2028}'], " ")
}

/// The text nodes of `<doc>{documentation}</doc>` read as XML, concatenated, or None when it
/// is not well-formed. CDATA sections and comments contribute nothing (the AWS CLI collects
/// only text nodes). Written by hand: the check needs only tags, entities and character
/// references, and no XML crate reports the errors exactly where expat does for this use.
fn strip_xml(documentation: &str) -> Option<String> {
    let src = documentation.replace("\r\n", "\n").replace('\r', "\n");
    // Characters XML 1.0 forbids, and `]]>` outside a CDATA section, are errors for expat.
    if src
        .chars()
        .any(|c| (c < ' ' && !matches!(c, '\t' | '\n')) || matches!(c, '\u{fffe}' | '\u{ffff}'))
    {
        return None;
    }
    let mut out = String::with_capacity(src.len());
    let mut open: Vec<&str> = Vec::new();
    let mut rest = src.as_str();
    while let Some(i) = rest.find(['<', '&', '>']) {
        if rest[..i].contains("]]>") {
            return None;
        }
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix('&') {
            let end = after.find(';')?;
            out.push(decode_entity(&after[..end])?);
            rest = &after[end + 1..];
        } else if let Some(after) = tail.strip_prefix('>') {
            out.push('>');
            rest = after;
        } else if let Some(after) = tail.strip_prefix("<!--") {
            let end = after.find("-->")?;
            if after[..end].contains("--") {
                return None;
            }
            rest = &after[end + 3..];
        } else if let Some(after) = tail.strip_prefix("<![CDATA[") {
            let end = after.find("]]>")?;
            rest = &after[end + 3..];
        } else if let Some(after) = tail.strip_prefix("</") {
            let end = after.find('>')?;
            let name = after[..end].trim_end();
            if open.pop() != Some(name) {
                return None;
            }
            rest = &after[end + 1..];
        } else {
            let after = &tail[1..];
            let end = after.find('>')?;
            let inner = &after[..end];
            let (inner, self_closing) = match inner.strip_suffix('/') {
                Some(s) => (s, true),
                None => (inner, false),
            };
            let name = parse_start_tag(inner)?;
            if !self_closing {
                open.push(name);
            }
            rest = &after[end + 1..];
        }
    }
    if rest.contains("]]>") {
        return None;
    }
    out.push_str(rest);
    open.is_empty().then_some(out)
}

/// Checks a start tag's content (`a href="x"`) and returns its name.
fn parse_start_tag(inner: &str) -> Option<&str> {
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    if !is_xml_name(name) {
        return None;
    }
    let mut attrs = inner[name_end..].trim_start();
    let mut seen: Vec<&str> = Vec::new();
    while !attrs.is_empty() {
        let eq = attrs.find('=')?;
        let attr = attrs[..eq].trim_end();
        if !is_xml_name(attr) || seen.contains(&attr) {
            return None;
        }
        seen.push(attr);
        let value = attrs[eq + 1..].trim_start();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let close = value[1..].find(quote)?;
        let text = &value[1..1 + close];
        if text.contains('<') {
            return None;
        }
        let after = &value[close + 2..];
        if !after.is_empty() && !after.starts_with(char::is_whitespace) {
            return None;
        }
        attrs = after.trim_start();
    }
    Some(name)
}

/// Whether `s` is an XML name (ASCII letters, digits, `_`, `-`, `.`, `:`; not starting with a
/// digit, `-` or `.`; non-ASCII letters are accepted as XML does).
fn is_xml_name(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let start_ok = first.is_alphabetic() || first == '_' || first == ':';
    start_ok && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
}

/// The predefined XML entities and character references.
fn decode_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse::<u32>().ok()?,
            };
            char::from_u32(code).filter(|c| *c != '\0')
        }
    }
}

/// Which skeleton is being generated.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `input`.
    Input,
    /// `yaml-input` (comments and YAML scalars).
    Yaml,
    /// `output` (string leaves carry member names).
    Output,
}

/// A skeleton value.
#[derive(Debug)]
enum Node {
    /// A structure: (key, value, end-of-line comment).
    Struct(Vec<(String, Node, Option<String>)>),
    /// A map shape: `{"KeyName": value}`.
    Map(Box<Node>),
    /// A list with one element.
    List(Box<Node>),
    /// A string.
    Str(String),
    /// `true`.
    True,
    /// `0`.
    Zero,
    /// `0.0`.
    ZeroFloat,
    /// The epoch as a naive datetime.
    Timestamp,
    /// A blob (`null` in JSON, `!!binary ''` in YAML).
    Blob,
}

/// Walks shapes the way botocore's `ArgumentGenerator` does.
struct Generator<'m> {
    model: &'m Model,
    mode: Mode,
}

impl<'m> Generator<'m> {
    fn shape(&self, id: &ShapeId) -> Result<&'m Shape, CodegenError> {
        self.model
            .shapes
            .get(id)
            .ok_or_else(|| CodegenError::at(&id.0, "shape not found in the model"))
    }

    fn root(&self, id: &ShapeId) -> Result<Node, CodegenError> {
        let mut stack = Vec::new();
        self.node(id, "", &mut stack)
    }

    /// The skeleton of shape `id`; `name` is what botocore passes as the name (the member
    /// name, a list member's shape name, or empty); `stack` holds the shapes being expanded.
    fn node(
        &self,
        id: &ShapeId,
        name: &str,
        stack: &mut Vec<ShapeId>,
    ) -> Result<Node, CodegenError> {
        let shape = self.shape(id)?;
        stack.push(id.clone());
        let result = self.node_inner(shape, name, stack);
        stack.pop();
        result
    }

    fn node_inner(
        &self,
        shape: &Shape,
        name: &str,
        stack: &mut Vec<ShapeId>,
    ) -> Result<Node, CodegenError> {
        let id = &shape.id;
        Ok(match &shape.kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                if stack.iter().filter(|s| *s == id).count() > 1 {
                    return Ok(Node::Struct(Vec::new()));
                }
                let mut out = Vec::with_capacity(members.len());
                for m in members {
                    let value = self.node(&m.target, &m.name, stack)?;
                    let comment = match self.mode {
                        Mode::Yaml => self.member_comment(m)?,
                        _ => None,
                    };
                    out.push((m.name.clone(), value, comment));
                }
                Node::Struct(out)
            }
            ShapeKind::Document => Node::Struct(Vec::new()),
            ShapeKind::List { member, .. } => {
                let elem_name = if self.mode == Mode::Output {
                    member.target.name()
                } else {
                    ""
                };
                Node::List(Box::new(self.node(&member.target, elem_name, stack)?))
            }
            ShapeKind::Map { key, value } => {
                let key_shape = self.shape(&key.target)?;
                if !matches!(key_shape.kind, ShapeKind::String | ShapeKind::Enum(_)) {
                    return Err(CodegenError::at(&id.0, "map keys must be strings"));
                }
                Node::Map(Box::new(self.node(&value.target, "", stack)?))
            }
            ShapeKind::String | ShapeKind::Enum(_) => {
                if self.mode == Mode::Output {
                    Node::Str(name.to_owned())
                } else {
                    Node::Str(enum_values(shape).into_iter().next().unwrap_or_default())
                }
            }
            ShapeKind::Boolean => Node::True,
            ShapeKind::Byte
            | ShapeKind::Short
            | ShapeKind::Integer
            | ShapeKind::Long
            | ShapeKind::IntEnum(_)
            | ShapeKind::BigInteger => Node::Zero,
            ShapeKind::Float | ShapeKind::Double | ShapeKind::BigDecimal => Node::ZeroFloat,
            ShapeKind::Timestamp => Node::Timestamp,
            ShapeKind::Blob => Node::Blob,
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {
                return Err(CodegenError::at(
                    &id.0,
                    "a member cannot target an operation, service or resource",
                ));
            }
        })
    }

    /// The `yaml-input` comment of a structure member, without `# `, or None when empty.
    fn member_comment(&self, member: &Member) -> Result<Option<String>, CodegenError> {
        let target = self.shape(&member.target)?;
        let doc = member_documentation(&member.traits, &target.traits);
        let mut parts: Vec<String> = Vec::new();
        if member.traits.required {
            parts.push("[REQUIRED]".to_owned());
        }
        parts.push(doc_overview(&collapse_whitespace(doc)));
        let values = enum_values(target);
        if !values.is_empty() {
            parts.push(format!("Valid values are: {}.", values.join(", ")));
        }
        let comment = parts.join(" ");
        Ok((!comment.trim().is_empty()).then_some(comment))
    }
}

/// The documentation text as it appears in botocore's JSON models, from which the AWS CLI
/// reads it: the Smithy model's text with every run of whitespace collapsed to one space
/// (checked on all 811 documented shapes and members of the official WorkSpaces model).
pub fn collapse_whitespace(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len());
    let mut in_space = false;
    for c in doc.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// A member's documentation as botocore sees it: the member's own, else its target's.
pub(crate) fn member_documentation<'a>(member: &'a Traits, target: &'a Traits) -> &'a str {
    member
        .documentation
        .as_deref()
        .or(target.documentation.as_deref())
        .unwrap_or("")
}

/// The enum values of a string shape (Smithy 2 `enum` or legacy `smithy.api#enum`), in model
/// order; empty for anything else.
pub(crate) fn enum_values(shape: &Shape) -> Vec<String> {
    match &shape.kind {
        ShapeKind::Enum(members) => members.iter().map(|m| m.value.clone()).collect(),
        ShapeKind::String => shape
            .traits
            .enum_values
            .iter()
            .map(|(v, _)| v.clone())
            .collect(),
        _ => Vec::new(),
    }
}

/// Writes `node` as JSON the way Python's `json.dumps` does (`ensure_ascii`): `pretty` is
/// `indent=4` (`","`, `": "`), otherwise compact (`","`, `":"`).
fn write_json(node: &Node, pretty: bool, out: &mut String) {
    let layout = awslice_pyfmt::Dumps {
        indent: pretty.then_some(4),
        item_separator: ",",
        key_separator: if pretty { ": " } else { ":" },
        ensure_ascii: true,
    };
    out.push_str(&awslice_pyfmt::dumps(&json_value(node), &layout));
}

/// The JSON value a skeleton node stands for.
fn json_value(node: &Node) -> serde_json::Value {
    use serde_json::Value;
    match node {
        Node::Struct(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v, _)| (k.clone(), json_value(v)))
                .collect(),
        ),
        Node::Map(value) => {
            let mut map = serde_json::Map::new();
            map.insert("KeyName".to_owned(), json_value(value));
            Value::Object(map)
        }
        Node::List(elem) => Value::Array(vec![json_value(elem)]),
        Node::Str(s) => Value::String(s.clone()),
        Node::True => Value::Bool(true),
        Node::Zero => Value::from(0),
        // The float `0.0`: a number whose text has a fraction (kept by `arbitrary_precision`).
        Node::ZeroFloat => serde_json::from_str("0.0").unwrap_or(Value::Null),
        Node::Timestamp => Value::String("1970-01-01T00:00:00".to_owned()),
        Node::Blob => Value::Null,
    }
}

/// The whole `yaml-input` document.
fn write_yaml_document(node: &Node) -> String {
    let mut out = String::new();
    match node {
        Node::Struct(entries) if !entries.is_empty() => {
            write_yaml_struct(entries, 0, false, &mut out)
        }
        other => {
            out.push_str(&yaml_inline(other).unwrap_or_else(|| "{}".to_owned()));
            out.push('\n');
        }
    }
    out
}

/// The one-line form of a scalar or empty collection, or None for a block collection.
fn yaml_inline(node: &Node) -> Option<String> {
    Some(match node {
        Node::Struct(entries) if entries.is_empty() => "{}".to_owned(),
        Node::Struct(_) | Node::Map(_) | Node::List(_) => return None,
        Node::Str(s) => yaml_string(s),
        Node::True => "true".to_owned(),
        Node::Zero => "0".to_owned(),
        Node::ZeroFloat => "0.0".to_owned(),
        Node::Timestamp => "1970-01-01 00:00:00".to_owned(),
        Node::Blob => "!!binary ''".to_owned(),
    })
}

/// Writes block-mapping entries at `indent`; when `inline_first`, the first key continues the
/// current line (after `- `).
fn write_yaml_struct(
    entries: &[(String, Node, Option<String>)],
    indent: usize,
    inline_first: bool,
    out: &mut String,
) {
    let mut seen_comment = false;
    for (i, (key, value, comment)) in entries.iter().enumerate() {
        if i > 0 || !inline_first {
            out.extend(std::iter::repeat_n(' ', indent));
        }
        out.push_str(&yaml_string(key));
        out.push(':');
        let comment_text = comment.as_ref().map(|c| {
            let gap = if seen_comment { " " } else { "  " };
            seen_comment = true;
            format!("{gap}# {c}")
        });
        match yaml_inline(value) {
            Some(text) => {
                out.push(' ');
                out.push_str(&text);
                if let Some(c) = &comment_text {
                    out.push_str(c);
                }
                out.push('\n');
            }
            None => {
                if let Some(c) = &comment_text {
                    // After a colon the column already has one space's worth of separation
                    // for the first comment: `Key:  # …` / `Key: # …`.
                    out.push_str(c);
                }
                out.push('\n');
                write_yaml_block(value, indent, out);
            }
        }
    }
}

/// Writes a block collection that is the value of a mapping key written at `indent`.
fn write_yaml_block(node: &Node, indent: usize, out: &mut String) {
    match node {
        Node::Struct(entries) => write_yaml_struct(entries, indent + 2, false, out),
        Node::Map(value) => write_yaml_map_entry(value, indent + 2, false, out),
        Node::List(elem) => {
            // A sequence under a mapping key is not indented (`Key:\n- item`).
            out.extend(std::iter::repeat_n(' ', indent));
            write_yaml_seq_item(elem, indent, out);
        }
        _ => {}
    }
}

/// Writes the `KeyName: value` entry of a map shape at `indent`.
fn write_yaml_map_entry(value: &Node, indent: usize, inline_first: bool, out: &mut String) {
    if !inline_first {
        out.extend(std::iter::repeat_n(' ', indent));
    }
    out.push_str("KeyName:");
    match yaml_inline(value) {
        Some(text) => {
            out.push(' ');
            out.push_str(&text);
            out.push('\n');
        }
        None => {
            out.push('\n');
            write_yaml_block(value, indent, out);
        }
    }
}

/// Writes `- element` where the `- ` starts at column `indent` (already indented).
fn write_yaml_seq_item(elem: &Node, indent: usize, out: &mut String) {
    out.push_str("- ");
    match elem {
        Node::Struct(entries) if !entries.is_empty() => {
            write_yaml_struct(entries, indent + 2, true, out)
        }
        Node::Map(value) => write_yaml_map_entry(value, indent + 2, true, out),
        Node::List(inner) => write_yaml_seq_item(inner, indent + 2, out),
        other => {
            out.push_str(&yaml_inline(other).unwrap_or_default());
            out.push('\n');
        }
    }
}

/// A string scalar: plain when YAML would read it back as the same string, else
/// single-quoted (double-quoted when it holds characters single quotes cannot carry).
fn yaml_string(s: &str) -> String {
    if yaml_plain_ok(s) {
        return s.to_owned();
    }
    if s.chars().all(|c| c == '\n' || yaml_printable(c)) && !s.contains('\n') {
        return format!("'{}'", s.replace('\'', "''"));
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if yaml_printable(c) => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02X}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// libyaml's printable set.
fn yaml_printable(c: char) -> bool {
    let u = c as u32;
    u == 0x0a
        || (0x20..=0x7e).contains(&u)
        || (0xa0..=0xd7ff).contains(&u)
        || ((0xe000..=0xfffd).contains(&u) && u != 0xfeff)
}

/// Whether `s` can be written as a plain scalar in block context and still read back as a
/// string under the YAML 1.2 resolvers ruamel uses (docs/compat.md#output-formats).
fn yaml_plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let last = s.chars().next_back().unwrap_or(first);
    if first == ' ' || last == ' ' || s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    if s.chars().any(|c| {
        matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') || !yaml_printable(c)
    }) {
        return false;
    }
    if "#,[]{}&*!|>'\"%@`".contains(first) {
        return false;
    }
    let second = s[first.len_utf8()..].chars().next();
    if matches!(first, '?' | ':' | '-') && second.is_none_or(|c| c == ' ' || c == '\t') {
        return false;
    }
    let bytes: Vec<char> = s.chars().collect();
    for (i, c) in bytes.iter().enumerate() {
        if *c == ':' && bytes.get(i + 1).is_none_or(|n| *n == ' ') {
            return false;
        }
        if *c == '#' && i > 0 && matches!(bytes[i - 1], ' ' | '\t') {
            return false;
        }
    }
    !yaml_resolves_to_non_string(s)
}

/// Whether a plain scalar would be read as something other than a string (bool, null, int,
/// float, timestamp, merge, value or tag indicator) by ruamel's YAML 1.2 resolver.
fn yaml_resolves_to_non_string(s: &str) -> bool {
    if matches!(
        s,
        "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "~"
            | "null"
            | "Null"
            | "NULL"
            | "<<"
            | "="
            | "!"
            | "&"
            | "*"
    ) {
        return true;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "-+0123456789.".contains(first) && (is_yaml_int(s) || is_yaml_float(s)) {
        return true;
    }
    first.is_ascii_digit() && is_yaml_timestamp(s)
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['-', '+']).unwrap_or(s)
}

fn is_yaml_int(s: &str) -> bool {
    let t = strip_sign(s);
    let all = |p: &str, f: fn(char) -> bool| !p.is_empty() && p.chars().all(f);
    if let Some(b) = t.strip_prefix("0b") {
        return all(b, |c| matches!(c, '0' | '1' | '_'));
    }
    if let Some(x) = t.strip_prefix("0x") {
        return all(x, |c| c.is_ascii_hexdigit() || c == '_');
    }
    if let Some(o) = t.strip_prefix("0o") {
        return all(o, |c| matches!(c, '0'..='7' | '_'));
    }
    all(t, |c| c.is_ascii_digit() || c == '_')
}

fn is_yaml_float(s: &str) -> bool {
    let t = strip_sign(s);
    if matches!(t, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let digits_us = |p: &str| p.chars().all(|c| c.is_ascii_digit() || c == '_');
    let exp_ok = |e: &str, sign_required: bool| {
        let rest = match e.strip_prefix(['-', '+']) {
            Some(r) => r,
            None if sign_required => return false,
            None => e,
        };
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
    };
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    if let Some(rest) = mantissa.strip_prefix('.') {
        // `.5`, `.5e+3` (the exponent needs a sign in this form)
        return !rest.is_empty()
            && rest.starts_with(|c: char| c.is_ascii_digit())
            && digits_us(rest)
            && exp.is_none_or(|e| exp_ok(e, true));
    }
    let Some(int_first) = mantissa.chars().next() else {
        return false;
    };
    if !int_first.is_ascii_digit() {
        return false;
    }
    match mantissa.split_once('.') {
        Some((i, f)) => digits_us(i) && digits_us(f) && exp.is_none_or(|e| exp_ok(e, false)),
        None => digits_us(mantissa) && exp.is_some_and(|e| exp_ok(e, false)),
    }
}

fn is_yaml_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|x| x.iter().all(u8::is_ascii_digit))
    };
    if b.len() == 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
    {
        return true;
    }
    // Date-time forms (`2024-1-2 03:04:05…`) are rare in enum values; treat any
    // `dddd-d…` followed by a time as a timestamp.
    digits(0..4)
        && b.get(4) == Some(&b'-')
        && s.contains(':')
        && s[5..].starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overview_cuts_at_first_sentence() {
        assert_eq!(
            doc_overview("<p>The identifier of the image.</p>"),
            "The identifier of the image."
        );
        assert_eq!(doc_overview("<p>Lists things: a, b.</p>"), "Lists things.");
        assert_eq!(doc_overview("No markup here... more"), "No markup here.");
        assert_eq!(doc_overview(""), "");
        assert_eq!(doc_overview("<p></p>"), "");
        assert_eq!(doc_overview("Line\none\u{2028}two"), "Line one two.");
        assert_eq!(
            doc_overview("<p> Leading  spaces kept.</p>"),
            " Leading  spaces kept."
        );
    }

    #[test]
    fn overview_decodes_entities_and_keeps_bad_xml() {
        assert_eq!(doc_overview("<p>A &lt;b&gt; &amp; c.</p>"), "A <b> & c.");
        assert_eq!(doc_overview("<p>A &#65;&#x42; C</p>"), "A AB C.");
        // `&nbsp;` is not an XML entity: the text is used with its markup.
        assert_eq!(doc_overview("<p>A&nbsp;B</p>"), "<p>A&nbsp;B</p>.");
        assert_eq!(doc_overview("<p>Unclosed"), "<p>Unclosed.");
        assert_eq!(
            doc_overview("<a href=\"x.html\">Link</a> text"),
            "Link text."
        );
        assert_eq!(doc_overview("<br/>x<!-- c -->y<![CDATA[z]]>"), "xy.");
    }

    #[test]
    fn yaml_scalars() {
        assert_eq!(yaml_string(""), "''");
        assert_eq!(yaml_string("AUTO_STOP"), "AUTO_STOP");
        assert_eq!(yaml_string("NULL"), "'NULL'");
        assert_eq!(yaml_string("true"), "'true'");
        assert_eq!(yaml_string("yes"), "yes");
        assert_eq!(yaml_string("1.5"), "'1.5'");
        assert_eq!(yaml_string("007"), "'007'");
        assert_eq!(yaml_string("a: b"), "'a: b'");
        assert_eq!(yaml_string("Windows_10"), "Windows_10");
        assert_eq!(yaml_string("2024-01-02"), "'2024-01-02'");
        assert_eq!(yaml_string("it's"), "it's");
        assert_eq!(yaml_string("#x"), "'#x'");
    }

    fn leaf(key: &str, node: Node, comment: Option<&str>) -> (String, Node, Option<String>) {
        (key.to_owned(), node, comment.map(str::to_owned))
    }

    #[test]
    fn yaml_comment_placement() {
        let inner = Node::Struct(vec![
            leaf(
                "P",
                Node::List(Box::new(Node::Str(String::new()))),
                Some("p"),
            ),
            leaf("Q", Node::Str(String::new()), Some("q")),
        ]);
        let doc = Node::Struct(vec![
            leaf("A", Node::Struct(Vec::new()), None),
            leaf("B", Node::Zero, Some("first")),
            leaf("L", Node::List(Box::new(inner)), Some("l")),
            leaf("M", Node::Map(Box::new(Node::Blob)), Some("m")),
            leaf("T", Node::Timestamp, None),
        ]);
        assert_eq!(
            write_yaml_document(&doc),
            "A: {}\nB: 0  # first\nL: # l\n- P:  # p\n  - ''\n  Q: '' # q\nM: # m\n  KeyName: !!binary ''\nT: 1970-01-01 00:00:00\n"
        );
        assert_eq!(write_yaml_document(&Node::Struct(Vec::new())), "{}\n");
    }

    /// Nested sequences, checked against ruamel.yaml 0.19.1's round-trip dumper.
    #[test]
    fn yaml_nested_sequences() {
        let s = || Node::Str(String::new());
        let list = |n: Node| Node::List(Box::new(n));
        let commented = Node::Struct(vec![leaf("X", s(), Some("x")), leaf("Z", s(), Some("z"))]);
        let doc = Node::Struct(vec![
            leaf("P", s(), Some("p")),
            leaf("K", list(list(commented)), Some("k")),
            leaf("D", list(list(list(s()))), Some("d")),
            leaf("C", list(list(s())), None),
            leaf("M", list(Node::Map(Box::new(list(s())))), None),
        ]);
        assert_eq!(
            write_yaml_document(&doc),
            "P: ''  # p\nK: # k\n- - X: ''  # x\n    Z: '' # z\nD: # d\n- - - ''\nC:\n- - ''\nM:\n- KeyName:\n  - ''\n"
        );
    }

    #[test]
    fn json_like_python() {
        let doc = Node::Struct(vec![
            leaf("S", Node::Str("é\"\u{7f}".to_owned()), None),
            leaf(
                "L",
                Node::List(Box::new(Node::Map(Box::new(Node::ZeroFloat)))),
                None,
            ),
            leaf("E", Node::Struct(Vec::new()), None),
        ]);
        let mut pretty = String::new();
        write_json(&doc, true, &mut pretty);
        assert_eq!(
            pretty,
            "{\n    \"S\": \"\\u00e9\\\"\\u007f\",\n    \"L\": [\n        {\n            \"KeyName\": 0.0\n        }\n    ],\n    \"E\": {}\n}"
        );
        let mut compact = String::new();
        write_json(&doc, false, &mut compact);
        assert_eq!(
            compact,
            "{\"S\":\"\\u00e9\\\"\\u007f\",\"L\":[{\"KeyName\":0.0}],\"E\":{}}"
        );
    }
}
