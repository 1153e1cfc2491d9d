//! Draws a [`State`] into a grid of styled cells: pure, so the layout is unit-tested; the
//! terminal layer only copies the grid to the screen.
//!
//! Layout (the AWS CLI v2 prompt's): the input line `> awslice …` at the top, the completion
//! menu floating under the word being completed (at most 16 rows, two columns: the
//! candidate and its `[type] description`), the documentation panel (F3) under a
//! `─|Doc panel|─` title, the key help panel (F1) on the right, and a key toolbar at the
//! bottom. Every character takes one column (wide characters are not measured).

use super::state::State;

/// The prompt's prefix.
pub const PREFIX: &str = "> awslice ";

/// The bottom toolbar (keys this prompt has).
pub const TOOLBAR: &str =
    "[ENTER] Autocomplete Choice/Execute Command    [F1] Show Shortkey Help    [F3] Hide/Show Docs";

/// The key help panel's lines.
const HELP: &[&str] = &[
    "[ENTER] Autocomplete Choice/Execute Command",
    "[TAB]/[DOWN] Next choice",
    "[SHIFT+TAB]/[UP] Previous choice",
    "[F1] Hide Shortkey Help",
    "[F3] Hide/Show Docs",
    "[PAGE UP/DOWN] Scroll Docs",
    "[CONTROL+C] Quit",
];

const MENU_MAX_ROWS: usize = 16;
const INPUT_MIN_ROWS: usize = 10;
const HELP_WIDTH: usize = 35;

/// How a cell is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Default colours.
    Plain,
    /// A menu row.
    Menu,
    /// A menu row's description column.
    MenuMeta,
    /// The selected menu row.
    Selected,
    /// Panel borders and titles.
    Border,
    /// Key names in the toolbar and help.
    KeyName,
}

/// One screen cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    /// The character.
    pub ch: char,
    /// Its style.
    pub style: Style,
}

const BLANK: Cell = Cell {
    ch: ' ',
    style: Style::Plain,
};

/// A drawn screen: rows of cells and where the cursor goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// `height` rows of `width` cells.
    pub rows: Vec<Vec<Cell>>,
    /// Cursor column and row.
    pub cursor: (usize, usize),
}

impl Frame {
    fn new(width: usize, height: usize) -> Frame {
        Frame {
            rows: vec![vec![BLANK; width]; height],
            cursor: (0, 0),
        }
    }

    /// Row `y` as text, trailing blanks removed.
    #[cfg(test)]
    pub fn line(&self, y: usize) -> String {
        self.rows
            .get(y)
            .map(|r| r.iter().map(|c| c.ch).collect::<String>())
            .unwrap_or_default()
            .trim_end()
            .to_owned()
    }

    /// The whole screen as text, one line per row.
    #[cfg(test)]
    pub fn text(&self) -> String {
        (0..self.rows.len())
            .map(|y| self.line(y))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Writes `s` at (`x`, `y`) without going past column `max_x`; returns the next column.
    fn put(&mut self, x: usize, y: usize, s: &str, style: Style, max_x: usize) -> usize {
        let mut x = x;
        if let Some(row) = self.rows.get_mut(y) {
            let end = max_x.min(row.len());
            for ch in s.chars() {
                if x >= end {
                    break;
                }
                let ch = if ch.is_control() { ' ' } else { ch };
                row[x] = Cell { ch, style };
                x += 1;
            }
        }
        x
    }
}

/// Wraps `text` into lines of at most `width` characters (at spaces when possible).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for line in text.lines() {
        let indent: String = line.chars().take_while(|c| *c == ' ').collect();
        let mut cur = String::new();
        let mut cur_len = 0;
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            let wlen = word.chars().count();
            let lead = if cur_len == 0 { indent.len() } else { 1 };
            if cur_len > 0 && cur_len + lead + wlen > width {
                out.push(std::mem::take(&mut cur));
                cur_len = 0;
            }
            if cur_len == 0 {
                let ind = if indent.len() + wlen <= width {
                    indent.as_str()
                } else {
                    ""
                };
                cur.push_str(ind);
                cur_len = ind.len();
            } else {
                cur.push(' ');
                cur_len += 1;
            }
            // Words longer than the width are cut.
            let mut chars = word.chars().peekable();
            while chars.peek().is_some() {
                if cur_len >= width {
                    out.push(std::mem::take(&mut cur));
                    cur_len = 0;
                }
                if let Some(c) = chars.next() {
                    cur.push(c);
                    cur_len += 1;
                }
            }
        }
        out.push(cur);
    }
    out
}

/// Draws `st` on a `width` × `height` screen.
pub fn render(st: &State, width: usize, height: usize) -> Frame {
    let width = width.max(20);
    let height = height.max(6);
    let mut f = Frame::new(width, height);

    // Right-hand key help (F1), replacing the toolbar, as in the AWS CLI.
    let main_w = if st.show_help {
        let hw = HELP_WIDTH.min(width / 2);
        let x0 = width - hw;
        let title = "─Prompt panel help";
        for y in 0..height {
            f.put(x0, y, "│", Style::Border, width);
        }
        f.put(x0 + 1, 0, title, Style::Border, width);
        let mut y = 1;
        for line in HELP {
            for piece in wrap(line, hw - 2) {
                if y < height {
                    f.put(x0 + 2, y, &piece, Style::KeyName, width);
                }
                y += 1;
            }
        }
        x0
    } else {
        width
    };
    let main_h = if st.show_help {
        height
    } else {
        // Horizontal line and toolbar.
        let line: String = "─".repeat(width);
        f.put(0, height - 2, &line, Style::Border, width);
        f.put(0, height - 1, TOOLBAR, Style::KeyName, width);
        height - 2
    };

    // The input, wrapped at the main area's width.
    let full = format!("{PREFIX}{}", st.text);
    let cursor_chars = PREFIX.len() + st.text[..st.cursor.min(st.text.len())].chars().count();
    let chars: Vec<char> = full.chars().collect();
    let input_rows = (chars.len() / main_w + 1).min(main_h);
    for (i, chunk) in chars.chunks(main_w).enumerate().take(input_rows) {
        let s: String = chunk.iter().collect();
        f.put(0, i, &s, Style::Plain, main_w);
    }
    let cy = (cursor_chars / main_w).min(main_h.saturating_sub(1));
    let cx = cursor_chars % main_w;
    f.cursor = (cx, cy);

    // Documentation panel (F3) in the lower part of the main area.
    if st.show_doc {
        let top = input_rows.max(INPUT_MIN_ROWS).min(main_h.saturating_sub(3));
        if top < main_h {
            let title = "|Doc panel|";
            let side = main_w.saturating_sub(title.len()) / 2;
            let line = format!(
                "{}{title}{}",
                "─".repeat(side),
                "─".repeat(main_w.saturating_sub(side + title.len()))
            );
            f.put(0, top, &line, Style::Border, main_w);
            let lines = wrap(&st.doc, main_w);
            for (i, l) in lines.iter().skip(st.doc_scroll).enumerate() {
                let y = top + 1 + i;
                if y >= main_h {
                    break;
                }
                f.put(0, y, l, Style::Plain, main_w);
            }
        }
    }

    // The completion menu, floating under the cursor's row at the completed word.
    if let Some(menu) = &st.menu {
        let top = cy + 1;
        let rows = MENU_MAX_ROWS
            .min(main_h.saturating_sub(top))
            .min(menu.items.len());
        if rows > 0 {
            let word_chars = PREFIX.len()
                + st.text[..menu.word_start.min(st.text.len())]
                    .chars()
                    .count();
            let disp_w = menu
                .items
                .iter()
                .map(|i| i.display.chars().count())
                .max()
                .unwrap_or(0)
                + 2;
            let meta_w = menu
                .items
                .iter()
                .map(|i| i.meta.chars().count())
                .max()
                .unwrap_or(0);
            let meta_w = if meta_w > 0 { meta_w + 2 } else { 0 };
            let total = (disp_w + meta_w).min(main_w);
            // Shift left so the menu fits, as prompt_toolkit does.
            let x0 = (word_chars % main_w).min(main_w - total);
            let first = match menu.selected {
                Some(s) if s >= rows => s + 1 - rows,
                _ => 0,
            };
            for (r, (idx, item)) in menu
                .items
                .iter()
                .enumerate()
                .skip(first)
                .take(rows)
                .enumerate()
            {
                let y = top + r;
                let selected = menu.selected == Some(idx);
                let (ds, ms) = if selected {
                    (Style::Selected, Style::Selected)
                } else {
                    (Style::Menu, Style::MenuMeta)
                };
                let d = format!(" {:<w$} ", item.display, w = disp_w - 2);
                let x = f.put(x0, y, &d, ds, x0 + total);
                let room = (x0 + total).saturating_sub(x);
                if meta_w > 0 && room > 2 {
                    // ` meta ` padded to the column; cut with `…` when it does not fit.
                    let inner = room - 2;
                    let meta = if item.meta.chars().count() > inner {
                        item.meta.chars().take(inner - 1).collect::<String>() + "…"
                    } else {
                        item.meta.clone()
                    };
                    f.put(x, y, &format!(" {meta:<inner$} "), ms, x0 + total);
                }
            }
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompt::source::tests::src;
    use crate::prompt::state::{Key, State};

    #[test]
    fn prompt_menu_and_toolbar() {
        let s = src();
        // What was typed can still complete (to itself): no space, the menu offers it.
        let mut st = State::start(&["demo".to_owned()], &s);
        let f = render(&st, 80, 24);
        assert_eq!(f.line(0), "> awslice demo");
        assert_eq!(f.cursor, (14, 0));
        // The menu floats at the completed word; its rows start with a space.
        assert!(
            f.line(1).starts_with("           demo  Demo service docs."),
            "{}",
            f.text()
        );
        st.handle(Key::Char(' '), &s);
        let f = render(&st, 80, 24);
        assert_eq!(f.cursor, (15, 0));
        let rows = [f.line(1), f.line(2)];
        assert!(
            rows[0].starts_with("                update-thing     Updates a thing."),
            "{rows:?}"
        );
        assert!(
            rows[1].starts_with("                describe-things  Describes things."),
            "{rows:?}"
        );
        assert_eq!(f.line(22), "─".repeat(80));
        assert!(
            f.line(23)
                .starts_with("[ENTER] Autocomplete Choice/Execute Command")
        );
        assert_eq!(f.rows[1][15].style, Style::Menu);
        assert_eq!(f.rows[1][34].style, Style::MenuMeta);
    }

    #[test]
    fn parameter_menu_shows_types_and_descriptions_and_selection() {
        let s = src();
        let mut st = State::start(&["demo".to_owned(), "update-thing".to_owned()], &s);
        st.handle(Key::Char(' '), &s);
        st.handle(Key::Tab, &s);
        let f = render(&st, 80, 24);
        assert_eq!(f.line(0), "> awslice demo update-thing --thing-id");
        let row = f.line(1);
        assert!(row.contains(" --thing-id (required) "), "{row}");
        assert!(
            row.contains(" [string] The identifier of the thing."),
            "{row}"
        );
        let x = row.find("--thing-id").unwrap_or(0);
        assert_eq!(f.rows[1][x].style, Style::Selected);
        assert_eq!(f.rows[2][x].style, Style::Menu);
        // A description that does not fit is cut with `…`; short ones are only padded.
        let f = render(&st, 60, 24);
        let row = f.line(1);
        assert!(row.ends_with("…"), "{row}");
        assert_eq!(row.chars().count(), 59, "{row}");
        assert!(!f.text().contains("items to return.…"), "{}", f.text());
    }

    #[test]
    fn doc_panel_and_help_panel() {
        let s = src();
        let mut st = State::start(
            &["demo", "update-thing", "--thing-id"].map(String::from),
            &s,
        );
        st.handle(Key::F(3), &s);
        let f = render(&st, 60, 30);
        let text = f.text();
        assert!(text.contains("|Doc panel|"), "{text}");
        assert!(text.contains("--thing-id (string) [required]"), "{text}");
        assert!(text.contains("  The identifier of the thing."), "{text}");
        st.handle(Key::F(1), &s);
        let f = render(&st, 100, 30);
        let text = f.text();
        assert!(text.contains("Prompt panel help"), "{text}");
        assert!(!text.contains("[F1] Show Shortkey Help"), "{text}");
    }

    #[test]
    fn long_input_wraps_and_tiny_screens_do_not_panic() {
        let s = src();
        let long = "x".repeat(150);
        let st = State::start(&[long], &s);
        let f = render(&st, 80, 24);
        assert_eq!(f.line(0).len(), 80);
        // 10 + 150 + a space: the cursor is on the third row, second column.
        assert_eq!(f.cursor, (1, 2));
        for (w, h) in [(0, 0), (1, 1), (20, 6), (25, 7)] {
            let mut st = State::start(&["demo".to_owned()], &s);
            st.handle(Key::F(1), &s);
            st.handle(Key::F(3), &s);
            let _ = render(&st, w, h);
        }
    }

    #[test]
    fn wrapping() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("  aa bb", 5), ["  aa", "  bb"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("a\n\nb", 3), ["a", "", "b"]);
    }
}
