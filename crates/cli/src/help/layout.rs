//! A tiny text layout engine that lays a help page out the way `groff -m man -T ascii`
//! lays out the AWS CLI's man pages: 78-column lines, filled paragraphs, bulleted items
//! with a hanging indent, literal blocks, section headings, a title line and a footer.
//!
//! Written by hand: no crate renders man-page-shaped plain text without groff, and the
//! subset needed here (filling words, fixed indents) is small. Paragraphs are filled and
//! left-aligned; groff's justification and hyphenation are deliberately not reproduced.
//!
//! Indents are counted in half columns because the AWS CLI's pages nest blocks by 3.5
//! columns (`.INDENT 3.5`), which groff truncates to whole columns when it prints.

/// The width of a man page line on a terminal-less `groff -T ascii`.
pub const LINE_WIDTH: usize = 78;

/// The indent of a section's body: 7 columns.
pub const BODY: u32 = 14;

/// One nesting step (`.INDENT 3.5`): 3.5 columns.
pub const STEP: u32 = 7;

/// The hanging indent of a bulleted item's text (`.IP \(bu 2`): 2 columns.
const BULLET: u32 = 4;

/// A page being laid out.
pub struct Page {
    out: String,
    title: String,
    /// A blank line has been asked for (`.sp`) and not yet printed.
    blank_pending: bool,
    /// Right after a section heading, vertical space is ignored (groff's no-space mode).
    no_space: bool,
}

fn columns(indent: u32) -> usize {
    (indent / 2) as usize
}

impl Page {
    /// A new page: the title line (`NAME()` at both ends) and three blank lines.
    pub fn new(name: &str) -> Self {
        let title = format!("{}()", name.to_uppercase());
        let gap = LINE_WIDTH.saturating_sub(2 * title.chars().count());
        let out = format!("{title}{}{title}\n\n\n", " ".repeat(gap));
        Page {
            out,
            title,
            blank_pending: false,
            no_space: true,
        }
    }

    /// A section heading (`NAME`, `OPTIONS`…) at column 0, after one blank line.
    pub fn section(&mut self, name: &str) {
        self.out.push('\n');
        self.out.push_str(name);
        self.out.push('\n');
        self.blank_pending = false;
        self.no_space = true;
    }

    /// Vertical space (`.sp`): one blank line before the next text, unless the page is
    /// right after a heading. Consecutive requests give one blank line.
    pub fn space(&mut self) {
        if !self.no_space {
            self.blank_pending = true;
        }
    }

    fn start_text(&mut self) {
        if self.blank_pending {
            self.out.push('\n');
        }
        self.blank_pending = false;
        self.no_space = false;
    }

    /// A filled paragraph at `indent` (half columns). Words are separated by one space,
    /// except that a sentence ending an input line (`\n` in `text`) is followed by two, as
    /// groff does.
    pub fn paragraph(&mut self, indent: u32, text: &str) {
        self.fill(indent, indent, None, text);
    }

    /// A bulleted item (`.IP \(bu 2`): a blank line, `o` at `indent`, the text filled two
    /// columns further in.
    pub fn bullet(&mut self, indent: u32, text: &str) {
        self.space();
        self.fill(indent, indent + BULLET, Some("o"), text);
    }

    /// One line printed as it is (no filling), at `indent`.
    pub fn literal(&mut self, indent: u32, line: &str) {
        self.start_text();
        let line = line.trim_end();
        if !line.is_empty() {
            self.out.push_str(&" ".repeat(columns(indent)));
            self.out.push_str(line);
        }
        self.out.push('\n');
    }

    fn fill(&mut self, first_indent: u32, indent: u32, marker: Option<&str>, text: &str) {
        // Words with the gap that follows them (2 after a sentence ending an input line).
        let mut words: Vec<(&str, usize)> = Vec::new();
        for input_line in text.split('\n') {
            let mut it = input_line.split_whitespace().peekable();
            while let Some(w) = it.next() {
                let gap = if it.peek().is_none() && ends_sentence(w) {
                    2
                } else {
                    1
                };
                words.push((w, gap));
            }
        }
        if words.is_empty() && marker.is_none() {
            return;
        }
        self.start_text();
        let pad = columns(indent);
        let mut line = " ".repeat(columns(first_indent));
        let mut len = line.len();
        if let Some(m) = marker {
            line.push_str(m);
            len += m.chars().count();
            while len < pad {
                line.push(' ');
                len += 1;
            }
        }
        let mut prev_gap: Option<usize> = None;
        for (w, gap) in words {
            let wlen = w.chars().count();
            match prev_gap {
                Some(g) if len + g + wlen > LINE_WIDTH => {
                    self.out.push_str(line.trim_end());
                    self.out.push('\n');
                    line = " ".repeat(pad);
                    len = pad;
                }
                Some(g) => {
                    line.push_str(&" ".repeat(g));
                    len += g;
                }
                None => {}
            }
            line.push_str(w);
            len += wlen;
            prev_gap = Some(gap);
        }
        self.out.push_str(line.trim_end());
        self.out.push('\n');
    }

    /// The finished page: three blank lines and the title at the right margin.
    pub fn finish(mut self) -> String {
        let width = self.title.chars().count();
        self.out.push_str("\n\n\n");
        self.out
            .push_str(&" ".repeat(LINE_WIDTH.saturating_sub(width)));
        self.out.push_str(&self.title);
        self.out.push('\n');
        self.out
    }
}

/// Whether groff sees the end of a sentence in a word that ends an input line.
fn ends_sentence(word: &str) -> bool {
    let trimmed = word.trim_end_matches(['"', '\'', ')', ']', '*']);
    trimmed.ends_with(['.', '?', '!'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_to_78_columns_with_hanging_bullets() {
        let mut p = Page::new("x");
        p.section("NAME");
        p.space();
        let text = "word ".repeat(30);
        p.paragraph(BODY, &text);
        p.bullet(BODY + STEP, &text);
        let out = p.finish();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0].len(), LINE_WIDTH);
        assert!(lines.iter().all(|l| l.len() <= LINE_WIDTH));
        // No blank line right after a heading.
        assert_eq!(
            lines[5],
            format!("       {}", "word ".repeat(14).trim_end())
        );
        assert!(lines.contains(
            &"          o word word word word word word word word word word word word word"
        ));
        assert!(lines.contains(
            &"            word word word word word word word word word word word word word"
        ));
        assert_eq!(
            lines.last().copied(),
            Some(format!("{}X()", " ".repeat(75)).as_str())
        );
    }

    #[test]
    fn two_spaces_after_a_sentence_ending_an_input_line() {
        let mut p = Page::new("x");
        p.paragraph(BODY, "One.\nTwo three.");
        assert!(p.finish().contains("       One.  Two three.\n"));
    }
}
