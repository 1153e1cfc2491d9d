//! Smithy documentation (an HTML subset) → Markdown for rustdoc.
//!
//! Written by hand: the model docs use a small, well-formed tag set (`p`, `a`, `code`,
//! `ul`/`ol`/`li`, `note`, `important`, `b`/`i`, `fullname`, entities); an HTML parser crate
//! would bring a large dependency tree for that. Unknown tags are dropped and their text kept.
//! Markdown-significant characters in text are escaped so rustdoc shows them literally (no
//! accidental intra-doc links or HTML tags); bare URLs are wrapped in `<…>`.

/// Converts documentation HTML to Markdown: blocks separated by blank lines, `note` and
/// `important` as block quotes, lists as `-`/`1.` items.
pub fn html_to_markdown(html: &str) -> String {
    convert(html, Renderer::default())
}

/// As [`html_to_markdown`], without the `<fullname>` title (the AWS CLI's help pages leave it
/// out of the service description).
pub fn html_to_markdown_cli(html: &str) -> String {
    convert(
        html,
        Renderer {
            drop_fullname: true,
            ..Renderer::default()
        },
    )
}

fn convert(html: &str, mut r: Renderer) -> String {
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            if let Some(end) = after.find('>') {
                r.tag(&after[..end]);
                rest = &after[end + 1..];
                continue;
            }
            r.text("<");
            rest = after;
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            r.text(&decode_entities(&rest[..end]));
            rest = &rest[end..];
        }
    }
    r.flush();
    r.out.trim_end().to_string()
}

/// The first sentence of the documentation, as plain-ish Markdown (for one-line summaries).
pub fn summary(html: &str) -> String {
    let md = html_to_markdown(html);
    // One paragraph per line (see `Renderer::flush`); quote markers stripped.
    let first = md
        .lines()
        .map(|l| l.trim_start_matches(['>', ' ']).trim())
        .find(|p| !p.is_empty() && !ADMONITIONS.contains(p))
        .unwrap_or("");
    first.to_string()
}

/// The first paragraph of a `note` / `important` block quote, naming its kind (the AWS CLI's
/// help prints them as `NOTE:` and `WARNING:`).
const ADMONITIONS: [&str; 2] = ["**Note**", "**Important**"];

#[derive(Default)]
struct Renderer {
    /// Leave out `<fullname>` content.
    drop_fullname: bool,
    /// Inside a dropped `<fullname>`.
    in_fullname: usize,
    out: String,
    /// The current paragraph's inline text.
    line: String,
    /// Block quote depth.
    quote: usize,
    /// Open lists: `None` for `ul`, `Some(n)` for `ol` (next number).
    lists: Vec<Option<u32>>,
    /// A list item marker waiting for its first paragraph.
    pending_marker: Option<String>,
    /// Inside `<code>`.
    code: usize,
    /// Open `<a href>` targets.
    links: Vec<Option<String>>,
}

impl Renderer {
    fn prefix(&self) -> String {
        let mut p = "> ".repeat(self.quote);
        for _ in 0..self.lists.len() {
            p.push_str("  ");
        }
        p
    }

    fn flush(&mut self) {
        let text = self.line.trim().to_string();
        self.line.clear();
        if text.is_empty() {
            return;
        }
        let mut prefix = self.prefix();
        let marker = self.pending_marker.take();
        if let Some(m) = &marker {
            // The marker replaces the innermost list's indentation.
            prefix.truncate(prefix.len().saturating_sub(2));
            prefix.push_str(m);
        }
        if !self.out.is_empty() {
            let blank = "> ".repeat(self.quote).trim_end().to_string();
            self.out.push_str(&blank);
            self.out.push('\n');
        }
        self.out.push_str(&prefix);
        self.out.push_str(&text);
        self.out.push('\n');
    }

    fn tag(&mut self, raw: &str) {
        let raw = raw.trim().trim_end_matches('/').trim();
        let (closing, body) = match raw.strip_prefix('/') {
            Some(b) => (true, b.trim()),
            None => (false, raw),
        };
        let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
        let name = body[..name_end].to_ascii_lowercase();
        let attrs = &body[name_end..];
        match (name.as_str(), closing) {
            ("fullname", _) if self.drop_fullname => {
                self.flush();
                if closing {
                    self.in_fullname = self.in_fullname.saturating_sub(1);
                } else {
                    self.in_fullname += 1;
                }
            }
            ("note" | "important", false) => {
                self.flush();
                self.quote += 1;
                self.line
                    .push_str(ADMONITIONS[usize::from(name == "important")]);
                self.flush();
            }
            (
                "p" | "fullname" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dt" | "dd"
                | "dl" | "br",
                _,
            ) => self.flush(),
            ("blockquote", false) => {
                self.flush();
                self.quote += 1;
            }
            ("note" | "important" | "blockquote", true) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            ("ul", false) => {
                self.flush();
                self.lists.push(None);
            }
            ("ol", false) => {
                self.flush();
                self.lists.push(Some(1));
            }
            ("ul" | "ol", true) => {
                self.flush();
                self.lists.pop();
            }
            ("li", false) => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "- ".to_string(),
                };
                self.pending_marker = Some(marker);
            }
            ("li", true) => self.flush(),
            ("code", false) => {
                self.code += 1;
                self.line.push('`');
            }
            ("code", true) => {
                self.code = self.code.saturating_sub(1);
                // Trailing spaces inside code spans would make them look odd.
                while self.line.ends_with(' ') {
                    self.line.pop();
                }
                if self.line.ends_with('`') {
                    self.line.pop();
                } else {
                    self.line.push('`');
                }
            }
            ("b" | "strong", _) => self.line.push_str("**"),
            ("i" | "em", _) => self.line.push('*'),
            ("a", false) => {
                let href = attr(attrs, "href");
                if href.is_some() {
                    self.line.push('[');
                }
                self.links.push(href);
            }
            ("a", true) => {
                if let Some(Some(href)) = self.links.pop() {
                    while self.line.ends_with(' ') {
                        self.line.pop();
                    }
                    self.line.push_str("](");
                    self.line
                        .push_str(&href.replace(' ', "%20").replace(')', "%29"));
                    self.line.push(')');
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        if self.in_fullname > 0 {
            return;
        }
        for c in t.chars() {
            if c.is_whitespace() {
                if !self.line.is_empty() && !self.line.ends_with(' ') && !self.line.ends_with('[') {
                    self.line.push(' ');
                }
                continue;
            }
            if self.code > 0 {
                if c == '`' {
                    self.line.push('\'');
                } else {
                    self.line.push(c);
                }
                continue;
            }
            match c {
                '[' | ']' | '*' | '_' | '`' | '\\' | '#' => {
                    self.line.push('\\');
                    self.line.push(c);
                }
                '<' => self.line.push_str("&lt;"),
                '>' => self.line.push_str("&gt;"),
                '&' => self.line.push_str("&amp;"),
                _ => self.line.push(c),
            }
        }
        if self.code == 0 {
            wrap_bare_urls(&mut self.line);
        }
    }
}

/// Wraps a URL that ends the current text (`see https://x`) in `<…>` once it is complete:
/// applied to whole words, so it is idempotent.
fn wrap_bare_urls(line: &mut String) {
    let mut out = String::with_capacity(line.len());
    let mut first = true;
    for word in line.split(' ') {
        if !first {
            out.push(' ');
        }
        first = false;
        let is_url = word.starts_with("https://") || word.starts_with("http://");
        if is_url {
            let trimmed = word.trim_end_matches(['.', ',', ';', ')']);
            out.push('<');
            out.push_str(trimmed);
            out.push('>');
            out.push_str(&word[trimmed.len()..]);
        } else {
            out.push_str(word);
        }
    }
    *line = out;
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let i = attrs.find(&format!("{name}="))?;
    let rest = &attrs[i + name.len() + 1..];
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        let end = rest[1..].find(quote)?;
        Some(decode_entities(rest[1..1 + end].trim()))
    } else {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        Some(decode_entities(&rest[..end]))
    }
}

/// Decodes the named entities the models use and numeric ones.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let semi = rest.find(';').filter(|&j| j <= 10);
        let decoded = semi.and_then(|j| {
            let ent = &rest[1..j];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => ent
                    .strip_prefix("#x")
                    .or_else(|| ent.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, j))
        });
        match decoded {
            Some((c, j)) => {
                out.push(c);
                rest = &rest[j + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_code_links() {
        let md = html_to_markdown(
            "<p>If you received a <code>NextToken</code> from a previous call,\n   provide it.</p><p>See <a href=\"https://example.com/x\"> the guide</a>.</p>",
        );
        assert_eq!(
            md,
            "If you received a `NextToken` from a previous call, provide it.\n\nSee [the guide](https://example.com/x)."
        );
    }

    #[test]
    fn lists_and_notes() {
        let md = html_to_markdown(
            "<p>Intro.</p><note><ul><li><p>One.</p></li><li>Two &amp; <b>three</b></li></ul></note><ol><li>A</li><li>B</li></ol>",
        );
        assert_eq!(
            md,
            "Intro.\n>\n> **Note**\n>\n> - One.\n>\n> - Two &amp; **three**\n\n1. A\n\n2. B"
        );
    }

    #[test]
    fn important_entities_unknown_tags() {
        let md = html_to_markdown(
            "<important><p>Check &lt;id&gt; &#39;x&#39; &quot;y&quot;</p></important><p><span class=\"z\">kept</span> [a] x_y</p>",
        );
        assert_eq!(
            md,
            "> **Important**\n>\n> Check &lt;id&gt; 'x' \"y\"\n\nkept \\[a\\] x\\_y"
        );
    }

    #[test]
    fn bare_urls_and_summary() {
        assert_eq!(
            html_to_markdown("see https://a.b/c."),
            "see <https://a.b/c>."
        );
        assert_eq!(
            summary("<p>The identifier.</p><p>More.</p>"),
            "The identifier."
        );
        assert_eq!(
            summary("<note><p>Careful.</p></note><p>Rest.</p>"),
            "Careful."
        );
        assert_eq!(
            html_to_markdown_cli("<fullname>Amazon X</fullname><p>Does things.</p>"),
            "Does things."
        );
        assert_eq!(
            html_to_markdown("<fullname>Amazon X</fullname><p>Does things.</p>"),
            "Amazon X\n\nDoes things."
        );
        assert_eq!(html_to_markdown(""), "");
        assert_eq!(html_to_markdown("a < b"), "a &lt; b");
    }
}
