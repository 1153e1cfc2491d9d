//! `--output table`: the AWS CLI's `TableFormatter` and `awscli/table.py`'s `MultiTable`.
//!
//! The response is first turned into sections (a title, optional column headers, rows of
//! strings, an indent level), then rendered at the width of the widest section. Widths count
//! East Asian wide, full-width and ambiguous characters as two columns. Column widths are
//! scaled with Python's `round` (ties to even), exactly as the CLI does.

use crate::east_asian_width::WIDE;
use crate::text::py_type_name;
use crate::{FormatError, Options};
use awslice_pyfmt::py_str;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

const DEFAULT_TERMINAL_WIDTH: usize = 80;
const RESET: &str = "\x1b[0m";

pub(crate) fn format(value: &Value, opts: &Options) -> Result<String, FormatError> {
    let mut table = MultiTable {
        sections: Vec::new(),
    };
    if !table.build(Some(opts.title), value, 0)? {
        return Ok(String::new());
    }
    let terminal_width = opts.terminal_width.unwrap_or(DEFAULT_TERMINAL_WIDTH);
    Ok(table.render(terminal_width, opts.color))
}

/// Python's truthiness of a JSON value.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => match awslice_pyfmt::classify(n) {
            awslice_pyfmt::PyNumber::Int(digits) => digits != "0",
            awslice_pyfmt::PyNumber::Float(f) => f != 0.0,
        },
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// `get_text_length`: characters, with East Asian W/F/A characters counted twice.
fn text_length(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let code = c as u32;
            let wide = WIDE
                .binary_search_by(|&(lo, hi)| {
                    if hi < code {
                        std::cmp::Ordering::Less
                    } else if lo > code {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .is_ok();
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// Python's `' ' * n` / `'-' * n`: empty for n ≤ 0.
fn repeat(c: char, n: i64) -> String {
    std::iter::repeat_n(c, usize::try_from(n).unwrap_or(0)).collect()
}

#[derive(Default, Clone)]
struct Section {
    /// `None` where the CLI passes `title=None`; `str(None)` is still measured as 4 columns.
    title: Option<String>,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent_level: usize,
    num_cols: Option<usize>,
    max_widths: Vec<usize>,
}

impl Section {
    fn title_length(&self) -> usize {
        self.title.as_deref().map_or(4, text_length)
    }

    fn add_header(&mut self, headers: Vec<String>) -> Result<(), FormatError> {
        self.update_max_widths(&headers)?;
        if self.num_cols.is_none() {
            self.num_cols = Some(headers.len());
        }
        self.headers = headers;
        Ok(())
    }

    fn add_row(&mut self, row: Vec<String>) -> Result<(), FormatError> {
        let expected = *self.num_cols.get_or_insert(row.len());
        if row.len() != expected {
            return Err(FormatError::new(format!(
                "Row should have {expected} elements, instead it has {}",
                row.len()
            )));
        }
        self.update_max_widths(&row)?;
        self.rows.push(row);
        Ok(())
    }

    fn update_max_widths(&mut self, row: &[String]) -> Result<(), FormatError> {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|s| text_length(s)).collect();
            return Ok(());
        }
        for (i, el) in row.iter().enumerate() {
            let slot = self
                .max_widths
                .get_mut(i)
                .ok_or_else(|| FormatError::new("list index out of range"))?;
            *slot = (*slot).max(text_length(el));
        }
        Ok(())
    }

    /// `calculate_column_widths(padding=4, max_width)`: widths scaled to fill `max_width`.
    fn column_widths(&self, max_width: i64) -> Vec<i64> {
        let unscaled: Vec<i64> = self.max_widths.iter().map(|&w| w as i64 + 4).collect();
        if unscaled.is_empty() {
            return unscaled;
        }
        let total: i64 = unscaled.iter().sum();
        let scale = max_width as f64 / total as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|&w| (scale * w as f64).round_ties_even() as i64)
            .collect();
        let mut off_by: i64 = scaled.iter().sum::<i64>() - max_width;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled
    }

    /// `total_width(padding=4, with_border=True, outer_padding=indent_level)`.
    fn total_width(&self) -> usize {
        let outer = self.indent_level * 2;
        let columns: usize = self.max_widths.iter().map(|w| w + 4).sum::<usize>() + 2 + outer;
        (self.title_length() + 2 + outer).max(columns)
    }
}

struct MultiTable {
    sections: Vec<Section>,
}

impl MultiTable {
    fn current(&mut self) -> Result<&mut Section, FormatError> {
        self.sections
            .last_mut()
            .ok_or_else(|| FormatError::new("'NoneType' object has no attribute 'add_row'"))
    }

    fn new_section(&mut self, title: Option<&str>, indent_level: usize) {
        self.sections.push(Section {
            title: title.map(str::to_owned),
            indent_level,
            ..Section::default()
        });
    }

    fn add_row(&mut self, row: Vec<String>) -> Result<(), FormatError> {
        self.current()?.add_row(row)
    }

    fn add_row_header(&mut self, headers: Vec<String>) -> Result<(), FormatError> {
        self.current()?.add_header(headers)
    }

    /// `TableFormatter._build_table`; false when the value is falsy (nothing printed).
    fn build(
        &mut self,
        title: Option<&str>,
        current: &Value,
        indent_level: usize,
    ) -> Result<bool, FormatError> {
        if !truthy(current) {
            return Ok(false);
        }
        if title.is_some() {
            self.new_section(title, indent_level);
        }
        match current {
            Value::Array(items) => {
                if items.first().is_some_and(Value::is_object) {
                    self.build_from_list(items, indent_level, title)?;
                } else {
                    for item in items {
                        match item {
                            scalar if is_scalar(scalar) => self.add_row(vec![py_str(scalar)])?,
                            Value::Object(map) => {
                                // Every key is a scalar, and iterating a dict gives its keys.
                                self.add_row(map.keys().cloned().collect())?;
                            }
                            Value::Array(inner) if inner.iter().all(is_scalar) => {
                                self.add_row(inner.iter().map(py_str).collect())?;
                            }
                            other => {
                                self.build(None, other, 0)?;
                            }
                        }
                    }
                }
            }
            Value::Object(map) => self.build_from_dict(map, indent_level)?,
            _ => {}
        }
        Ok(true)
    }

    fn build_from_dict(
        &mut self,
        map: &Map<String, Value>,
        indent_level: usize,
    ) -> Result<(), FormatError> {
        let (headers, more) = group_scalar_keys(map);
        if headers.len() == 1 {
            let value = py_str(&map[&headers[0]]);
            self.add_row(vec![headers[0].clone(), value])?;
        } else if !headers.is_empty() {
            let row = headers.iter().map(|k| py_str(&map[k])).collect();
            self.add_row_header(headers)?;
            self.add_row(row)?;
        }
        for key in more {
            self.build(Some(&key), &map[&key], indent_level + 1)?;
        }
        Ok(())
    }

    fn build_from_list(
        &mut self,
        items: &[Value],
        indent_level: usize,
        title: Option<&str>,
    ) -> Result<(), FormatError> {
        let mut header_set = BTreeSet::new();
        let mut more_set = BTreeSet::new();
        let mut maps = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Value::Object(map) => {
                    let (headers, more) = group_scalar_keys(map);
                    header_set.extend(headers);
                    more_set.extend(more);
                    maps.push(Some(map));
                }
                // Python iterates the element to find its keys: an empty list or string has
                // none and passes; anything else raises.
                Value::Array(a) if a.is_empty() => maps.push(None),
                Value::String(s) if s.is_empty() => maps.push(None),
                Value::Array(_) => {
                    return Err(FormatError::new(
                        "list indices must be integers or slices, not str",
                    ));
                }
                Value::String(_) => {
                    return Err(FormatError::new("string indices must be integers"));
                }
                other => {
                    return Err(FormatError::new(format!(
                        "'{}' object is not iterable",
                        py_type_name(other)
                    )));
                }
            }
        }
        let headers: Vec<String> = header_set.into_iter().collect();
        let more: Vec<String> = more_set.into_iter().collect();
        self.add_row_header(headers.clone())?;
        for (i, (map, item)) in maps.into_iter().zip(items).enumerate() {
            if i > 0 && !more.is_empty() {
                self.new_section(title, indent_level);
                self.add_row_header(headers.clone())?;
            }
            let Some(map) = map else {
                // An empty list or string: `.get` only runs when there are headers, and
                // `key in ''` is true only for the empty key.
                if !headers.is_empty() {
                    return Err(FormatError::new(format!(
                        "'{}' object has no attribute 'get'",
                        py_type_name(item)
                    )));
                }
                self.add_row(Vec::new())?;
                if item.is_string() && more.iter().any(String::is_empty) {
                    return Err(FormatError::new("string indices must be integers"));
                }
                continue;
            };
            let row = headers
                .iter()
                .map(|h| map.get(h).map(py_str).unwrap_or_default())
                .collect();
            self.add_row(row)?;
            for key in &more {
                if let Some(value) = map.get(key) {
                    self.build(Some(key), value, indent_level + 1)?;
                }
            }
        }
        Ok(())
    }

    fn max_width(&self) -> usize {
        self.sections
            .iter()
            .map(Section::total_width)
            .max()
            .unwrap_or(0)
    }

    fn render(mut self, terminal_width: usize, color: bool) -> String {
        let mut max_width = self.max_width();
        if max_width > terminal_width {
            self.convert_to_vertical();
            max_width = self.max_width();
        }
        let mut out = Writer {
            out: String::new(),
            color,
        };
        out.write(&format!("{}\n", repeat('-', max_width as i64)));
        for section in &self.sections {
            render_section(&mut out, section, max_width as i64);
        }
        out.out
    }

    /// `convert_to_vertical_table`: single-row sections with headers become key/value rows.
    fn convert_to_vertical(&mut self) {
        for section in self.sections.iter_mut() {
            if section.rows.len() == 1 && !section.headers.is_empty() {
                let mut vertical = Section {
                    title: section.title.clone(),
                    indent_level: section.indent_level,
                    ..Section::default()
                };
                for (header, element) in section.headers.iter().zip(&section.rows[0]) {
                    // Two columns each time, so this cannot fail.
                    let _ = vertical.add_row(vec![header.clone(), element.clone()]);
                }
                *section = vertical;
            }
        }
    }
}

/// `_group_scalar_keys`: sorted scalar-valued keys, sorted other keys.
fn group_scalar_keys(map: &Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let mut headers = Vec::new();
    let mut more = Vec::new();
    for (key, value) in map {
        if is_scalar(value) {
            headers.push(key.clone());
        } else {
            more.push(key.clone());
        }
    }
    headers.sort();
    more.sort();
    (headers, more)
}

/// stdout as the CLI sees it: with `--color on`, colorama's autoreset writes a reset after
/// every single write.
struct Writer {
    out: String,
    color: bool,
}

impl Writer {
    fn write(&mut self, text: &str) {
        self.out.push_str(text);
        if self.color {
            self.out.push_str(RESET);
        }
    }

    /// `IndentedStream.write` for a line: the indent bars, the line, the bars again, `\n`.
    fn indented_line(&mut self, indent_level: usize, line: &str) {
        let bar = if self.color {
            "\x1b[2m\x1b[33m|\x1b[0m"
        } else {
            "|"
        };
        let bars = bar.repeat(indent_level);
        self.write(&bars);
        self.write(line);
        self.write(&bars);
        self.write("\n");
    }
}

fn center_text(
    text: &str,
    length: i64,
    left_edge: &str,
    right_edge: &str,
    text_len: i64,
) -> String {
    let char_start = length.div_euclid(2) - text_len.div_euclid(2) - 1;
    let length_so_far = text_length(left_edge) as i64 + char_start + text_len;
    let right_side = length - text_length(right_edge) as i64 - length_so_far;
    format!(
        "{left_edge}{}{text}{}{right_edge}",
        repeat(' ', char_start),
        repeat(' ', right_side)
    )
}

fn align_left(text: &str, length: i64, left_edge: &str, right_edge: &str, text_len: i64) -> String {
    let computed = text_len + 2 + text_length(left_edge) as i64 + text_length(right_edge) as i64;
    let padding = if length - computed >= 0 { 2 } else { 0 };
    let length_so_far = left_edge.chars().count() as i64 + padding + text_len;
    let fill = length - length_so_far - right_edge.chars().count() as i64;
    format!(
        "{left_edge}{}{text}{}{right_edge}",
        repeat(' ', padding),
        repeat(' ', fill)
    )
}

fn line_break(widths: &[i64]) -> String {
    let mut line = String::new();
    for (i, &w) in widths.iter().enumerate() {
        if i == 0 {
            line.push_str(&format!("+{}+", repeat('-', w - 2)));
        } else {
            line.push_str(&format!("{}+", repeat('-', w - 1)));
        }
    }
    line
}

fn render_section(out: &mut Writer, section: &Section, max_width: i64) {
    let indent = section.indent_level;
    let max_width = max_width - indent as i64 * 2;
    // Title.
    if let Some(title) = section.title.as_deref().filter(|t| !t.is_empty()) {
        let line = center_text(title, max_width, "|", "|", text_length(title) as i64);
        out.indented_line(indent, &line);
        if section.headers.is_empty() && section.rows.is_empty() {
            out.indented_line(indent, &format!("+{}+", repeat('-', max_width - 2)));
        }
    }
    // Column titles.
    if !section.headers.is_empty() {
        let widths = section.column_widths(max_width);
        let mut line = String::new();
        for (i, (&width, header)) in widths.iter().zip(&section.headers).enumerate() {
            let left = if i == 0 { "|" } else { "" };
            line.push_str(&center_text(
                header,
                width,
                left,
                "|",
                text_length(header) as i64,
            ));
        }
        out.indented_line(indent, &line_break(&widths));
        out.indented_line(indent, &line);
    }
    // Rows.
    if section.rows.is_empty() {
        return;
    }
    let widths = section.column_widths(max_width);
    if widths.is_empty() {
        return;
    }
    out.indented_line(indent, &line_break(&widths));
    for row in &section.rows {
        let mut line = String::new();
        for (i, (&width, element)) in widths.iter().zip(row).enumerate() {
            let left = if i == 0 { "|" } else { "" };
            let styled = if out.color {
                format!("\x1b[1m\x1b[34m{element}{RESET}")
            } else {
                element.clone()
            };
            line.push_str(&align_left(
                &styled,
                width,
                left,
                "|",
                text_length(element) as i64,
            ));
        }
        out.indented_line(indent, &line);
    }
    out.indented_line(indent, &line_break(&widths));
}
