//! The documentation Markdown of the command tables (the subset `codegen` writes: see
//! `codegen/src/docs.rs`) read back into blocks and plain text, for help pages.
//!
//! Written by hand: the input is a small, regular subset (one line per paragraph, `- ` and
//! `1. ` items indented two spaces per level, `> ` quotes for `<note>`/`<important>`,
//! `` ` ``, `**`, `*`, `[text](url)`, `<url>`, backslash escapes and three entities), and a
//! general Markdown parser would not print inline markup the way the AWS CLI's man pages
//! do (a space after every closing markup, links as their text only).

/// A block of documentation.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph; `depth` > 0 when it continues a list item of that nesting depth.
    Para {
        /// List nesting depth (0 outside lists).
        depth: usize,
        /// Plain text.
        text: String,
    },
    /// A list item (bulleted or numbered: the AWS CLI bullets both).
    Item {
        /// List nesting depth (1 for a top-level list).
        depth: usize,
        /// Plain text.
        text: String,
    },
    /// A `<note>` (`NOTE:`) or `<important>` (`WARNING:`) block.
    Admonition {
        /// `WARNING:` rather than `NOTE:`.
        warning: bool,
        /// What it contains.
        blocks: Vec<Block>,
    },
}

/// How a quote's first paragraph may say which admonition it is. A quote without one of
/// these markers is a `NOTE:`.
const NOTE_MARKERS: &[&str] = &["**note:**", "**note**", "[!note]", "\\[!note\\]"];
const WARNING_MARKERS: &[&str] = &[
    "**important:**",
    "**important**",
    "**warning:**",
    "**warning**",
    "[!important]",
    "\\[!important\\]",
    "[!warning]",
    "\\[!warning\\]",
];

struct Line<'a> {
    quote: usize,
    indent: usize,
    rest: &'a str,
}

fn split_line(line: &str) -> Line<'_> {
    let mut quote = 0;
    let mut rest = line;
    loop {
        if let Some(r) = rest.strip_prefix("> ") {
            rest = r;
        } else if let Some(r) = rest.strip_prefix('>') {
            rest = r;
        } else {
            break;
        }
        quote += 1;
    }
    let indent = rest.len() - rest.trim_start_matches(' ').len();
    Line {
        quote,
        indent,
        rest: rest.trim(),
    }
}

/// `- `, `* `, `+ ` or `12. ` at the start of a line: the text after it.
fn item_text(s: &str) -> Option<&str> {
    for m in ["- ", "* ", "+ "] {
        if let Some(r) = s.strip_prefix(m) {
            return Some(r);
        }
    }
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        return s[digits..].strip_prefix(". ");
    }
    None
}

/// Splits documentation Markdown into blocks with plain-text contents.
pub fn blocks(md: &str) -> Vec<Block> {
    // (quote depth, block) with paragraphs' lines joined.
    let mut flat: Vec<(usize, Block)> = Vec::new();
    let mut joinable = false;
    for raw in md.lines() {
        let line = split_line(raw);
        if line.rest.is_empty() {
            joinable = false;
            continue;
        }
        if let Some(text) = item_text(line.rest) {
            flat.push((
                line.quote,
                Block::Item {
                    depth: line.indent / 2 + 1,
                    text: text.to_owned(),
                },
            ));
            joinable = true;
            continue;
        }
        if joinable
            && let Some((q, Block::Para { text, .. } | Block::Item { text, .. })) = flat.last_mut()
            && *q == line.quote
        {
            text.push(' ');
            text.push_str(line.rest);
            continue;
        }
        flat.push((
            line.quote,
            Block::Para {
                depth: line.indent / 2,
                text: line.rest.to_owned(),
            },
        ));
        joinable = true;
    }

    let mut out = Vec::new();
    let mut quoted: Vec<Block> = Vec::new();
    let mut warning = false;
    let mut prev_quote = 0;
    for (quote, block) in flat {
        let starts_quote = quote > 0 && prev_quote == 0;
        prev_quote = quote;
        if quote == 0 || starts_quote {
            finish_quote(&mut quoted, warning, &mut out);
            warning = false;
        }
        if quote == 0 {
            out.push(plain(block));
            continue;
        }
        // A marker paragraph starts a new admonition (two adjacent quotes run together).
        if let Block::Para { text, .. } = &block {
            let marker = text.trim().to_ascii_lowercase();
            let is_warning = WARNING_MARKERS.contains(&marker.as_str());
            if is_warning || NOTE_MARKERS.contains(&marker.as_str()) {
                finish_quote(&mut quoted, warning, &mut out);
                warning = is_warning;
                continue;
            }
        }
        quoted.push(plain(block));
    }
    finish_quote(&mut quoted, warning, &mut out);
    out
}

fn finish_quote(quoted: &mut Vec<Block>, warning: bool, out: &mut Vec<Block>) {
    if !quoted.is_empty() {
        out.push(Block::Admonition {
            warning,
            blocks: std::mem::take(quoted),
        });
    }
}

fn plain(block: Block) -> Block {
    match block {
        Block::Para { depth, text } => Block::Para {
            depth,
            text: inline(&text),
        },
        Block::Item { depth, text } => Block::Item {
            depth,
            text: inline(&text),
        },
        other => other,
    }
}

/// Inline Markdown to the text a man page shows: markup dropped, links as their text,
/// and (as the AWS CLI's reStructuredText writer does) a space after every closing markup
/// unless whitespace already follows.
pub fn inline(md: &str) -> String {
    let chars: Vec<char> = md.chars().collect();
    let mut out = String::with_capacity(md.len());
    let mut i = 0;
    let mut after_markup = false;
    let mut bold = false;
    let mut italic = false;
    while let Some(&c) = chars.get(i) {
        if after_markup {
            if !c.is_whitespace() {
                out.push(' ');
            }
            after_markup = false;
        }
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '`' => match chars[i + 1..].iter().position(|&x| x == '`') {
                Some(len) => {
                    out.extend(&chars[i + 1..i + 1 + len]);
                    i += len + 2;
                    after_markup = true;
                }
                None => {
                    out.push('`');
                    i += 1;
                }
            },
            '*' if chars.get(i + 1) == Some(&'*') => {
                after_markup = bold;
                bold = !bold;
                i += 2;
            }
            '*' => {
                after_markup = italic;
                italic = !italic;
                i += 1;
            }
            '[' => match link_end(&chars, i) {
                Some((text_end, end)) => {
                    let text: String = chars[i + 1..text_end].iter().collect();
                    out.push_str(inline(&text).trim_end());
                    i = end + 1;
                    after_markup = true;
                }
                None => {
                    out.push('[');
                    i += 1;
                }
            },
            '<' => {
                let rest: String = chars[i + 1..].iter().take(8).collect();
                match chars[i + 1..].iter().position(|&x| x == '>') {
                    Some(len) if rest.starts_with("http://") || rest.starts_with("https://") => {
                        out.extend(&chars[i + 1..i + 1 + len]);
                        i += len + 2;
                    }
                    _ => {
                        out.push('<');
                        i += 1;
                    }
                }
            }
            '&' => {
                let rest: String = chars[i..].iter().take(6).collect();
                let (text, len) = if rest.starts_with("&lt;") {
                    ("<", 4)
                } else if rest.starts_with("&gt;") {
                    (">", 4)
                } else if rest.starts_with("&amp;") {
                    ("&", 5)
                } else if rest.starts_with("&quot;") {
                    ("\"", 6)
                } else {
                    ("&", 1)
                };
                out.push_str(text);
                i += len;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// For a `[` at `start`: the index of the matching `]` and of the `)` ending `(url)`.
fn link_end(chars: &[char], start: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut j = start;
    while let Some(&c) = chars.get(j) {
        match c {
            '\\' => j += 1,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        j += 1;
    }
    if chars.get(j) != Some(&']') || chars.get(j + 1) != Some(&'(') {
        return None;
    }
    let close = chars[j + 2..].iter().position(|&c| c == ')')?;
    Some((j, j + 2 + close))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup_is_dropped_with_a_space_after_it() {
        assert_eq!(
            inline("see [Share an Image](https://x.example/a). Then `Foo`) and **b** c *i*."),
            "see Share an Image . Then Foo ) and b c i ."
        );
        assert_eq!(
            inline(r"a \[b\] \*c\* &lt;d&gt; &amp; <https://x.example/y>"),
            "a [b] *c* <d> & https://x.example/y"
        );
        assert_eq!(
            inline("unclosed `tick and [bracket"),
            "unclosed `tick and [bracket"
        );
    }

    #[test]
    fn quotes_lists_and_markers() {
        let md = "Intro.\n>\n> - one\n>\n> - two\n\n- a\n\n  more a\n\n  - nested\n\n1. first\n\nEnd.\n>\n> **Important**\n>\n> Careful.";
        let b = blocks(md);
        assert_eq!(
            b,
            vec![
                Block::Para {
                    depth: 0,
                    text: "Intro.".into()
                },
                Block::Admonition {
                    warning: false,
                    blocks: vec![
                        Block::Item {
                            depth: 1,
                            text: "one".into()
                        },
                        Block::Item {
                            depth: 1,
                            text: "two".into()
                        },
                    ],
                },
                Block::Item {
                    depth: 1,
                    text: "a".into()
                },
                Block::Para {
                    depth: 1,
                    text: "more a".into()
                },
                Block::Item {
                    depth: 2,
                    text: "nested".into()
                },
                Block::Item {
                    depth: 1,
                    text: "first".into()
                },
                Block::Para {
                    depth: 0,
                    text: "End.".into()
                },
                Block::Admonition {
                    warning: true,
                    blocks: vec![Block::Para {
                        depth: 0,
                        text: "Careful.".into()
                    }],
                },
            ]
        );
    }
}
