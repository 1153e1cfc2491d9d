//! The prompt's state and what each key does to it: pure, no terminal.
//!
//! The model is the AWS CLI v2's prompt (prompt_toolkit): one input line after `> awslice `,
//! completions recomputed as you type and shown in a menu with nothing selected; Tab / Down
//! select the next candidate (its text replaces the word being typed), Shift-Tab / Up the
//! previous one; Enter with the menu open closes it keeping the text, Enter without a menu
//! runs the command; Ctrl-C / Ctrl-D quit; F1 toggles the key help, F3 the documentation.

/// A key, as the prompt understands it (decoded from terminal events by the terminal layer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A printable character.
    Char(char),
    /// Enter / Return.
    Enter,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Backspace.
    Backspace,
    /// Delete.
    Delete,
    /// Left arrow.
    Left,
    /// Right arrow.
    Right,
    /// Up arrow.
    Up,
    /// Down arrow.
    Down,
    /// Home / Ctrl-A.
    Home,
    /// End / Ctrl-E.
    End,
    /// Page up (scrolls the documentation panel).
    PageUp,
    /// Page down (scrolls the documentation panel).
    PageDown,
    /// Escape.
    Esc,
    /// Ctrl-C.
    CtrlC,
    /// Ctrl-D.
    CtrlD,
    /// Ctrl-U: delete to the start of the line.
    CtrlU,
    /// Ctrl-K: delete to the end of the line.
    CtrlK,
    /// Ctrl-W: delete the word before the cursor.
    CtrlW,
    /// Ctrl-Space: open the completion menu.
    CtrlSpace,
    /// A function key (F1…F12).
    F(u8),
}

/// What the caller does after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Keep prompting (redraw).
    Continue,
    /// Run the command line in [`State::text`].
    Run,
    /// Quit without running (Ctrl-C / Ctrl-D): exit code 130.
    Quit,
}

/// One completion as the menu shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The text inserted when chosen.
    pub value: String,
    /// The text shown in the menu's first column (`--image-id (required)`).
    pub display: String,
    /// The text shown in the menu's second column (`[string] The identifier…`).
    pub meta: String,
}

/// What the prompt needs to know about commands: completions and documentation for the
/// text before the cursor.
pub trait Source {
    /// The completions of the word ending at the end of `before_cursor`, and the byte offset
    /// where that word starts.
    fn complete(&self, before_cursor: &str) -> (usize, Vec<Item>);
    /// The documentation panel's text for the command being typed.
    fn docs(&self, before_cursor: &str) -> String;
}

/// The open completion menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Menu {
    /// Candidates, in display order.
    pub items: Vec<Item>,
    /// The highlighted candidate (none right after the menu opens).
    pub selected: Option<usize>,
    /// Byte offset in the text where the completed word starts.
    pub word_start: usize,
    /// The word as typed (restored when the selection goes back to none).
    pub typed: String,
    /// The text after the cursor when the menu opened.
    pub after: String,
}

/// The whole prompt state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct State {
    /// The command line after `> awslice `.
    pub text: String,
    /// Cursor position: a byte offset in `text`, on a character boundary.
    pub cursor: usize,
    /// The completion menu, when open.
    pub menu: Option<Menu>,
    /// Whether the documentation panel is shown (F3).
    pub show_doc: bool,
    /// Whether the key help panel is shown (F1).
    pub show_help: bool,
    /// First line of the documentation shown (PageUp / PageDown).
    pub doc_scroll: usize,
    /// The documentation panel's text (refreshed as the text changes).
    pub doc: String,
}

impl State {
    /// The state the prompt opens with: `args` (the words typed after the program name, with
    /// `--cli-auto-prompt` removed) joined with spaces, shell-quoted when needed; a space is
    /// added when what was typed cannot be completed further (so the menu offers the next
    /// word); the menu is open.
    pub fn start(args: &[String], source: &dyn Source) -> State {
        let mut removed = false;
        let words: Vec<String> = args
            .iter()
            .filter(|a| {
                // prompt_toolkit's pre-run removes the first `--cli-auto-prompt` only.
                if !removed && *a == "--cli-auto-prompt" {
                    removed = true;
                    return false;
                }
                true
            })
            .map(|a| py_quote(a))
            .collect();
        let mut text = words.join(" ");
        if !text.is_empty() && !text.ends_with(' ') && source.complete(&text).1.is_empty() {
            text.push(' ');
        }
        let mut st = State {
            cursor: text.len(),
            text,
            ..State::default()
        };
        st.refresh(source);
        st.open_menu(source);
        st
    }

    /// Applies one key.
    pub fn handle(&mut self, key: Key, source: &dyn Source) -> Action {
        match key {
            Key::CtrlC | Key::CtrlD => return Action::Quit,
            Key::Enter => {
                if self.menu.is_some() {
                    // Accept what the menu put in the text; the menu closes.
                    self.menu = None;
                } else {
                    return Action::Run;
                }
            }
            Key::Tab | Key::Down => {
                if self.menu.is_none() {
                    self.open_menu(source);
                    if key == Key::Tab {
                        self.step_menu(1);
                    }
                } else {
                    self.step_menu(1);
                }
            }
            Key::BackTab | Key::Up => {
                if self.menu.is_some() {
                    self.step_menu(-1);
                }
            }
            Key::CtrlSpace => self.open_menu(source),
            Key::Esc => self.menu = None,
            Key::Char(c) => {
                self.menu = None;
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
                self.edited(source);
            }
            Key::Backspace => {
                if let Some(prev) = self.prev_boundary() {
                    self.menu = None;
                    self.text.replace_range(prev..self.cursor, "");
                    self.cursor = prev;
                    self.edited(source);
                }
            }
            Key::Delete => {
                if let Some(next) = self.next_boundary() {
                    self.menu = None;
                    self.text.replace_range(self.cursor..next, "");
                    self.edited(source);
                }
            }
            Key::CtrlU => {
                self.menu = None;
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
                self.edited(source);
            }
            Key::CtrlK => {
                self.menu = None;
                self.text.truncate(self.cursor);
                self.edited(source);
            }
            Key::CtrlW => {
                let before = &self.text[..self.cursor];
                let trimmed = before.trim_end();
                let start = trimmed
                    .rfind(char::is_whitespace)
                    .map(|i| i + 1)
                    .unwrap_or(0);
                if start < self.cursor {
                    self.menu = None;
                    self.text.replace_range(start..self.cursor, "");
                    self.cursor = start;
                    self.edited(source);
                }
            }
            Key::Left => {
                if let Some(p) = self.prev_boundary() {
                    self.menu = None;
                    self.cursor = p;
                    self.refresh(source);
                }
            }
            Key::Right => {
                if let Some(n) = self.next_boundary() {
                    self.menu = None;
                    self.cursor = n;
                    self.refresh(source);
                }
            }
            Key::Home => {
                self.menu = None;
                self.cursor = 0;
                self.refresh(source);
            }
            Key::End => {
                self.menu = None;
                self.cursor = self.text.len();
                self.refresh(source);
            }
            Key::PageUp => self.doc_scroll = self.doc_scroll.saturating_sub(10),
            Key::PageDown => {
                let lines = self.doc.lines().count();
                self.doc_scroll = (self.doc_scroll + 10).min(lines.saturating_sub(1));
            }
            Key::F(1) => self.show_help = !self.show_help,
            Key::F(3) => self.show_doc = !self.show_doc,
            Key::F(_) => {}
        }
        Action::Continue
    }

    /// After an edit: the documentation follows, and completions are offered while typing.
    fn edited(&mut self, source: &dyn Source) {
        self.refresh(source);
        self.open_menu(source);
    }

    /// Recomputes the documentation for the text before the cursor.
    fn refresh(&mut self, source: &dyn Source) {
        let doc = source.docs(&self.text[..self.cursor]);
        if doc != self.doc {
            self.doc = doc;
            self.doc_scroll = 0;
        }
    }

    /// Opens the menu with the completions at the cursor (closed when there are none).
    fn open_menu(&mut self, source: &dyn Source) {
        let (start, items) = source.complete(&self.text[..self.cursor]);
        let start = start.min(self.cursor);
        self.menu = if items.is_empty() || !self.text.is_char_boundary(start) {
            None
        } else {
            Some(Menu {
                items,
                selected: None,
                word_start: start,
                typed: self.text[start..self.cursor].to_owned(),
                after: self.text[self.cursor..].to_owned(),
            })
        };
    }

    /// Moves the selection by `delta` (wrapping through "none", as prompt_toolkit does) and
    /// puts the selected candidate (or the typed word) in the text.
    fn step_menu(&mut self, delta: isize) {
        let Some(menu) = self.menu.as_mut() else {
            return;
        };
        let n = menu.items.len();
        if n == 0 {
            return;
        }
        menu.selected = match (menu.selected, delta >= 0) {
            (None, true) => Some(0),
            (None, false) => Some(n - 1),
            (Some(i), true) if i + 1 < n => Some(i + 1),
            (Some(i), false) if i > 0 => Some(i - 1),
            (Some(_), _) => None,
        };
        let word = match menu.selected {
            Some(i) => menu.items[i].value.clone(),
            None => menu.typed.clone(),
        };
        let mut text = self.text[..menu.word_start].to_owned();
        text.push_str(&word);
        self.cursor = text.len();
        text.push_str(&menu.after);
        self.text = text;
    }

    fn prev_boundary(&self) -> Option<usize> {
        self.text[..self.cursor]
            .char_indices()
            .next_back()
            .map(|(i, _)| i)
    }

    fn next_boundary(&self) -> Option<usize> {
        self.text[self.cursor..]
            .chars()
            .next()
            .map(|c| self.cursor + c.len_utf8())
    }
}

/// Python's `shlex.quote`: the word unchanged when it only has safe characters, otherwise
/// in single quotes (a single quote inside becomes `'"'"'`). Written here because the
/// `shlex` crate quotes differently, and the prompt must show what the AWS CLI shows.
pub fn py_quote(word: &str) -> String {
    if word.is_empty() {
        return "''".to_owned();
    }
    let safe = |c: char| c.is_ascii_alphanumeric() || c == '_' || "@%+=:,./-".contains(c);
    if word.chars().all(safe) {
        return word.to_owned();
    }
    format!("'{}'", word.replace('\'', "'\"'\"'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source completing from a fixed word list by prefix, documenting the last word.
    struct Words(&'static [&'static str]);

    impl Source for Words {
        fn complete(&self, before: &str) -> (usize, Vec<Item>) {
            let start = before.rfind(' ').map(|i| i + 1).unwrap_or(0);
            let cur = &before[start..];
            let items = self
                .0
                .iter()
                .filter(|w| w.starts_with(cur) && **w != cur)
                .map(|w| Item {
                    value: (*w).to_owned(),
                    display: (*w).to_owned(),
                    meta: format!("about {w}"),
                })
                .collect();
            (start, items)
        }
        fn docs(&self, before: &str) -> String {
            format!(
                "docs of [{}]",
                before.split_whitespace().last().unwrap_or("")
            )
        }
    }

    const W: Words = Words(&["workspaces", "workmail", "wafv2"]);

    fn typed(st: &mut State, s: &str) {
        for c in s.chars() {
            assert_eq!(st.handle(Key::Char(c), &W), Action::Continue);
        }
    }

    fn values(st: &State) -> Vec<String> {
        st.menu
            .as_ref()
            .map(|m| m.items.iter().map(|i| i.value.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn starts_with_the_menu_open_and_nothing_selected() {
        let st = State::start(&[], &W);
        assert_eq!(st.text, "");
        assert_eq!(values(&st), ["workspaces", "workmail", "wafv2"]);
        assert_eq!(st.menu.as_ref().and_then(|m| m.selected), None);
        assert_eq!(st.doc, "docs of []");
    }

    #[test]
    fn prefill_removes_the_flag_quotes_and_adds_a_space_when_complete() {
        let args: Vec<String> = ["--cli-auto-prompt", "workspaces", "a b", "it's"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let st = State::start(&args, &W);
        assert_eq!(st.text, "workspaces 'a b' 'it'\"'\"'s' ");
        assert_eq!(st.cursor, st.text.len());
        // A word that can still be completed gets no space.
        let st = State::start(&["wor".to_owned()], &W);
        assert_eq!(st.text, "wor");
        assert_eq!(values(&st), ["workspaces", "workmail"]);
    }

    #[test]
    fn typing_filters_the_menu_and_updates_docs() {
        let mut st = State::start(&[], &W);
        typed(&mut st, "wo");
        assert_eq!(values(&st), ["workspaces", "workmail"]);
        assert_eq!(st.doc, "docs of [wo]");
        typed(&mut st, "rks");
        assert_eq!(values(&st), ["workspaces"]);
        typed(&mut st, "x");
        assert!(st.menu.is_none());
        st.handle(Key::Backspace, &W);
        assert_eq!(st.text, "works");
        assert_eq!(values(&st), ["workspaces"]);
    }

    #[test]
    fn tab_and_arrows_move_through_the_menu_and_back_to_the_typed_word() {
        let mut st = State::start(&[], &W);
        typed(&mut st, "w");
        st.handle(Key::Tab, &W);
        assert_eq!(st.text, "workspaces");
        st.handle(Key::Down, &W);
        assert_eq!(st.text, "workmail");
        st.handle(Key::Down, &W);
        assert_eq!(st.text, "wafv2");
        st.handle(Key::Down, &W);
        assert_eq!((st.text.as_str(), st.cursor), ("w", 1));
        st.handle(Key::Up, &W);
        assert_eq!(st.text, "wafv2");
        st.handle(Key::BackTab, &W);
        assert_eq!(st.text, "workmail");
        assert_eq!(st.menu.as_ref().and_then(|m| m.selected), Some(1));
    }

    #[test]
    fn enter_accepts_a_completion_then_runs() {
        let mut st = State::start(&[], &W);
        typed(&mut st, "wor");
        st.handle(Key::Tab, &W);
        assert_eq!(st.handle(Key::Enter, &W), Action::Continue);
        assert!(st.menu.is_none());
        assert_eq!(st.text, "workspaces");
        assert_eq!(st.handle(Key::Enter, &W), Action::Run);
    }

    #[test]
    fn completion_in_the_middle_keeps_the_rest() {
        let mut st = State::start(&[], &W);
        typed(&mut st, "waf --x");
        for _ in 0..4 {
            st.handle(Key::Left, &W);
        }
        assert_eq!(st.cursor, 3);
        st.handle(Key::Tab, &W);
        assert_eq!(st.text, "wafv2 --x");
        assert_eq!(st.cursor, 5);
    }

    #[test]
    fn quit_keys_and_toggles() {
        let mut st = State::start(&[], &W);
        assert_eq!(st.handle(Key::CtrlC, &W), Action::Quit);
        assert_eq!(st.handle(Key::CtrlD, &W), Action::Quit);
        st.handle(Key::F(3), &W);
        st.handle(Key::F(1), &W);
        assert!(st.show_doc && st.show_help);
        st.handle(Key::F(3), &W);
        assert!(!st.show_doc);
    }

    #[test]
    fn line_editing_keys() {
        let mut st = State::start(&[], &W);
        typed(&mut st, "ab cd é");
        st.handle(Key::Backspace, &W);
        assert_eq!(st.text, "ab cd ");
        st.handle(Key::CtrlW, &W);
        assert_eq!(st.text, "ab ");
        st.handle(Key::Home, &W);
        st.handle(Key::Delete, &W);
        assert_eq!((st.text.as_str(), st.cursor), ("b ", 0));
        st.handle(Key::End, &W);
        typed(&mut st, "x");
        st.handle(Key::Left, &W);
        st.handle(Key::CtrlK, &W);
        assert_eq!(st.text, "b ");
        st.handle(Key::CtrlU, &W);
        assert_eq!((st.text.as_str(), st.cursor), ("", 0));
        // Nothing to delete: no change, no panic.
        st.handle(Key::Backspace, &W);
        st.handle(Key::Delete, &W);
        st.handle(Key::Left, &W);
        st.handle(Key::Right, &W);
        assert_eq!(st.text, "");
    }

    #[test]
    fn escape_closes_and_ctrl_space_reopens() {
        let mut st = State::start(&[], &W);
        st.handle(Key::Esc, &W);
        assert!(st.menu.is_none());
        st.handle(Key::CtrlSpace, &W);
        assert_eq!(values(&st).len(), 3);
    }

    #[test]
    fn python_quoting() {
        assert_eq!(py_quote(""), "''");
        assert_eq!(
            py_quote("wsi-123/a.b:c@d%e+f=g,h"),
            "wsi-123/a.b:c@d%e+f=g,h"
        );
        assert_eq!(py_quote("a b"), "'a b'");
        assert_eq!(py_quote("{\"k\": 1}"), "'{\"k\": 1}'");
    }
}
