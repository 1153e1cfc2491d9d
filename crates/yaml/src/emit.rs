//! The `--output yaml` emitter.
//!
//! Written by hand on purpose: the AWS CLI dumps with ruamel.yaml's C emitter (libyaml 0.1.7
//! plus ruamel's YAML 1.2 resolver), and no Rust crate reproduces those bytes (measured in
//! docs/compat.md#output-formats: the libyaml ports differ on the resolver, folding at 80
//! columns, multi-line strings and characters above U+FFFF; the others on quoting and layout).
//! This module re-implements the small part of libyaml's emitter that those dumps exercise:
//! block collections with indent 2 and indentless sequences under mapping keys, flow `[]`/`{}`
//! for empty collections, plain/single/double-quoted scalars chosen by libyaml's analysis, and
//! folding at width 80. The rules are listed in docs/compat.md#output-formats; the state (`column`, `whitespace`,
//! `indention`, the indent stack) follows libyaml's emitter so that corner cases fall out the
//! same way.

use crate::resolver::{Implicit, resolve_plain};
use awslice_pyfmt::{PyNumber, classify, float_repr};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

const BEST_INDENT: i64 = 2;
const BEST_WIDTH: usize = 80;
/// Longest key (UTF-8 bytes) written as a simple `key: value`.
const MAX_SIMPLE_KEY_BYTES: usize = 128;

/// Where a node sits, as libyaml tracks it.
#[derive(Clone, Copy, Default)]
struct Context {
    mapping: bool,
    simple_key: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
}

/// The result of libyaml's `analyze_scalar`.
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
}

struct Emitter<'a> {
    identity: Identity<'a>,
    /// Anchor number (1 for `id001`) of every group that the document holds twice.
    anchors: HashMap<usize, usize>,
    /// Groups already written once (later occurrences are aliases).
    emitted: HashSet<usize>,
    out: String,
    column: usize,
    whitespace: bool,
    indention: bool,
    indent: i64,
    indents: Vec<i64>,
}

/// Tells which lists and dicts of a document are one and the same object: the same
/// `Some(group)` for every occurrence of one object, `None` for a node that occurs once.
pub(crate) type Identity<'a> = &'a dyn Fn(&Value) -> Option<usize>;

/// Emits one YAML document for a list or dict value (the caller handles top-level scalars).
pub(crate) fn document(value: &Value, identity: Identity<'_>) -> String {
    let mut emitter = Emitter::new(identity);
    emitter.number_anchors(value);
    emitter.node(value, Context::default());
    emitter.finish()
}

/// Emits the one-item list `[item]` as a document (what `--output yaml-stream` dumps for
/// each page). The list itself is a new object, so it is never anchored.
pub(crate) fn one_item_list(item: &Value, identity: Identity<'_>) -> String {
    let mut emitter = Emitter::new(identity);
    emitter.number_anchors(item);
    emitter.sequence(std::slice::from_ref(item), Context::default());
    emitter.finish()
}

impl<'a> Emitter<'a> {
    fn new(identity: Identity<'a>) -> Self {
        Emitter {
            identity,
            anchors: HashMap::new(),
            emitted: HashSet::new(),
            out: String::new(),
            column: 0,
            whitespace: true,
            indention: true,
            indent: -1,
            indents: Vec::new(),
        }
    }

    fn finish(mut self) -> String {
        // Implicit document end: libyaml writes an indent, which breaks the last line.
        self.indent = -1;
        self.write_indent();
        self.out
    }

    /// The serializer's `anchor_node` pass: walks the document in emission order (keys
    /// sorted) without re-entering an object met before, and numbers an object's anchor when
    /// it is met the second time. So ids follow the pre-order of second encounters, while
    /// the anchor itself is written at the first emission.
    fn number_anchors(&mut self, root: &Value) {
        let mut seen = HashSet::new();
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            if let Some(group) = self.group_of(node)
                && !seen.insert(group)
            {
                let next = self.anchors.len() + 1;
                self.anchors.entry(group).or_insert(next);
                continue;
            }
            // Children pushed in reverse so that they pop in emission order.
            match node {
                Value::Array(items) => stack.extend(items.iter().rev()),
                Value::Object(map) => {
                    stack.extend(sorted_entries(map).into_iter().rev().map(|(_, v)| v));
                }
                _ => {}
            }
        }
    }

    /// The identity group of a list or dict (scalars are never anchored).
    fn group_of(&self, node: &Value) -> Option<usize> {
        match node {
            Value::Array(_) | Value::Object(_) => (self.identity)(node),
            _ => None,
        }
    }

    /// For a list or dict: writes `*idNNN` and returns true when the object was written
    /// before; writes `&idNNN` when this is the first of several occurrences.
    fn anchor_or_alias(&mut self, node: &Value) -> bool {
        let Some(group) = self.group_of(node) else {
            return false;
        };
        let Some(&number) = self.anchors.get(&group) else {
            return false;
        };
        let first = self.emitted.insert(group);
        // libyaml's process_anchor: the indicator needs whitespace before it; the name
        // leaves the emitter off whitespace and off indentation.
        self.write_indicator(if first { "&" } else { "*" }, true, false, false);
        for c in format!("id{number:03}").chars() {
            self.put(c);
        }
        self.whitespace = false;
        self.indention = false;
        !first
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
        let indent = usize::try_from(self.indent.max(0)).unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn node(&mut self, value: &Value, ctx: Context) {
        if self.anchor_or_alias(value) {
            return;
        }
        match value {
            Value::Array(items) if items.is_empty() => self.empty_flow("[", "]"),
            Value::Object(map) if map.is_empty() => self.empty_flow("{", "}"),
            Value::Array(items) => self.sequence(items, ctx),
            Value::Object(map) => {
                self.increase_indent(false, false);
                for (key, item) in sorted_entries(map) {
                    self.write_indent();
                    let simple = !is_multiline(key) && key.len() <= MAX_SIMPLE_KEY_BYTES;
                    if simple {
                        self.string(
                            key,
                            Context {
                                mapping: true,
                                simple_key: true,
                            },
                        );
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.string(
                            key,
                            Context {
                                mapping: true,
                                simple_key: false,
                            },
                        );
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.node(
                        item,
                        Context {
                            mapping: true,
                            simple_key: false,
                        },
                    );
                }
                self.pop_indent();
            }
            Value::Null => self.typed_plain("null"),
            Value::Bool(b) => self.typed_plain(if *b { "true" } else { "false" }),
            Value::Number(n) => {
                let text = match classify(n) {
                    PyNumber::Int(digits) => digits,
                    PyNumber::Float(f) if f.is_nan() => ".nan".to_owned(),
                    PyNumber::Float(f) if f.is_infinite() => {
                        if f > 0.0 { ".inf" } else { "-.inf" }.to_owned()
                    }
                    PyNumber::Float(f) => float_repr(f).to_lowercase(),
                };
                self.typed_plain(&text);
            }
            Value::String(s) => self.string(s, ctx),
        }
    }

    /// A non-empty block sequence (indentless as a mapping value, as libyaml does when the
    /// `-` would otherwise start at the key's column).
    fn sequence(&mut self, items: &[Value], ctx: Context) {
        self.increase_indent(false, ctx.mapping && !self.indention);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Context::default());
        }
        self.pop_indent();
    }

    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    /// A non-string scalar (null, bool, number): its text always resolves back to its own
    /// type and never trips libyaml's analysis, so it is plain.
    fn typed_plain(&mut self, text: &str) {
        self.increase_indent(true, false);
        self.write_plain(text, false);
        self.pop_indent();
    }

    fn string(&mut self, s: &str, ctx: Context) {
        let analysis = analyze(s);
        let plain_implicit = resolve_plain(s) == Implicit::Str;
        let mut style = Style::Plain;
        if ctx.simple_key && analysis.multiline {
            style = Style::Double;
        }
        if style == Style::Plain
            && (!analysis.block_plain_allowed
                || (s.is_empty() && ctx.simple_key)
                || !plain_implicit)
        {
            style = Style::Single;
        }
        if style == Style::Single && !analysis.single_quoted_allowed {
            style = Style::Double;
        }
        let allow_breaks = !ctx.simple_key;
        self.increase_indent(true, false);
        match style {
            Style::Plain => self.write_plain(s, allow_breaks),
            Style::Single => self.write_single_quoted(s, allow_breaks),
            Style::Double => self.write_double_quoted(s, allow_breaks),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, s: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_is_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                self.indention = false;
                spaces = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, s: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = s.chars().collect();
        let last = chars.len().saturating_sub(1);
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i != 0
                    && i != last
                    && !next_is_space
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                if c == '\n' {
                    self.put_break();
                } else {
                    self.out.push(c);
                    self.column = 0;
                }
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        // ruamel.yaml.clib's fix over libyaml 0.1.7: trailing breaks get an indent before
        // the closing quote.
        if breaks {
            self.write_indent();
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, s: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = s.chars().collect();
        let last = chars.len().saturating_sub(1);
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let named = match c {
                    '\0' => Some('0'),
                    '\u{7}' => Some('a'),
                    '\u{8}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{b}' => Some('v'),
                    '\u{c}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1b}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{a0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                match named {
                    Some(n) => self.put(n),
                    None => {
                        let code = c as u32;
                        let escaped = if code <= 0xFF {
                            format!("x{code:02X}")
                        } else if code <= 0xFFFF {
                            format!("u{code:04X}")
                        } else {
                            format!("U{code:08X}")
                        };
                        for e in escaped.chars() {
                            self.put(e);
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i != 0 && i != last {
                    self.write_indent();
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }
}

/// A dict's entries in ruamel's SafeRepresenter order: keys sorted by code point (which is
/// UTF-8 byte order).
fn sorted_entries(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    entries
}

/// libyaml's line breaks.
fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's blank-or-end test (`IS_BLANKZ`): space, tab, a line break, or the end.
fn is_blankz(c: Option<char>) -> bool {
    match c {
        None | Some('\0') | Some(' ') | Some('\t') => true,
        Some(c) => is_break(c),
    }
}

/// libyaml 0.1.7's `IS_PRINTABLE`: `\n`, 0x20–0x7E, U+00A0–U+D7FF, U+E000–U+FFFD but not
/// U+FEFF. Characters above U+FFFF are *not* printable for this version, so they force double
/// quotes and a `\U` escape.
fn is_printable(c: char) -> bool {
    let code = c as u32;
    code == 0x0A
        || (0x20..=0x7E).contains(&code)
        || (0xA0..=0xD7FF).contains(&code)
        || ((0xE000..=0xFFFD).contains(&code) && code != 0xFEFF)
}

fn is_multiline(s: &str) -> bool {
    s.chars().any(is_break)
}

/// libyaml's `analyze_scalar`, reduced to the block-context results the emitter needs.
fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
        };
    }
    let chars: Vec<char> = s.chars().collect();
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let mut special_characters = false;
    let mut line_breaks = false;
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    let last = chars.len() - 1;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = is_blankz(chars.get(i + 1).copied());
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c) {
                block_indicators = true;
            }
            if (c == '?' || c == ':' || c == '-') && followed_by_whitespace {
                block_indicators = true;
            }
        } else {
            if c == ':' && followed_by_whitespace {
                block_indicators = true;
            }
            if c == '#' && preceded_by_whitespace {
                block_indicators = true;
            }
        }
        if !is_printable(c) {
            special_characters = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i == last {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            if i == 0 {
                leading_break = true;
            }
            if i == last {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_break = true;
            previous_space = false;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(Some(c));
    }
    let mut block_plain_allowed = true;
    let mut single_quoted_allowed = true;
    if leading_space || leading_break || trailing_space || trailing_break {
        block_plain_allowed = false;
    }
    if break_space {
        block_plain_allowed = false;
        single_quoted_allowed = false;
    }
    if space_break || special_characters {
        block_plain_allowed = false;
        single_quoted_allowed = false;
    }
    if line_breaks || block_indicators {
        block_plain_allowed = false;
    }
    Analysis {
        multiline: line_breaks,
        block_plain_allowed,
        single_quoted_allowed,
    }
}
