//! The thin terminal layer: raw mode and the alternate screen (restored on every exit path,
//! a panic included), key events decoded into [`Key`]s, frames copied to the screen.

use std::io::Write;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::style::{Attribute, Color, SetAttribute, SetBackgroundColor, SetForegroundColor};
use crossterm::{cursor, event, execute, queue, terminal};

use super::render::{Frame, Style, render};
use super::state::{Action, Key, Source, State};

/// Restores the terminal when dropped.
struct Guard;

fn restore() {
    let mut out = std::io::stdout();
    let _ = execute!(
        out,
        SetAttribute(Attribute::Reset),
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

impl Guard {
    fn enter() -> std::io::Result<Guard> {
        terminal::enable_raw_mode()?;
        // From here on the guard restores the terminal, even if the next step fails.
        let guard = Guard;
        execute!(std::io::stdout(), terminal::EnterAlternateScreen)?;
        Ok(guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Decodes a key event into the prompt's keys (none for keys it ignores).
///
/// A key with Alt arrives as Escape then the key (`\x1b\r`), which is also what Escape
/// quickly followed by Enter looks like: as prompt_toolkit, it is read as the two keys.
pub fn decode(k: KeyEvent) -> Vec<Key> {
    if k.kind == KeyEventKind::Release {
        return Vec::new();
    }
    if k.modifiers.contains(KeyModifiers::ALT) {
        let plain = KeyEvent {
            modifiers: k.modifiers - KeyModifiers::ALT,
            ..k
        };
        let mut keys = vec![Key::Esc];
        keys.extend(decode(plain));
        return keys;
    }
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let key = match k.code {
        KeyCode::Char(c) if ctrl => match c.to_ascii_lowercase() {
            'c' => Key::CtrlC,
            'd' => Key::CtrlD,
            'u' => Key::CtrlU,
            'k' => Key::CtrlK,
            'w' => Key::CtrlW,
            'a' => Key::Home,
            'e' => Key::End,
            'b' => Key::Left,
            'f' => Key::Right,
            'n' => Key::Down,
            'p' => Key::Up,
            'h' => Key::Backspace,
            ' ' | '@' => Key::CtrlSpace,
            _ => return Vec::new(),
        },
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Esc => Key::Esc,
        KeyCode::F(n) => Key::F(n),
        _ => return Vec::new(),
    };
    vec![key]
}

fn set_style(buf: &mut Vec<u8>, style: Style) -> std::io::Result<()> {
    queue!(buf, SetAttribute(Attribute::Reset))?;
    match style {
        Style::Plain => {}
        Style::Menu => queue!(
            buf,
            SetForegroundColor(Color::Black),
            SetBackgroundColor(Color::AnsiValue(250))
        )?,
        Style::MenuMeta => queue!(
            buf,
            SetForegroundColor(Color::Black),
            SetBackgroundColor(Color::AnsiValue(246))
        )?,
        Style::Selected => queue!(
            buf,
            SetForegroundColor(Color::White),
            SetBackgroundColor(Color::AnsiValue(240)),
            SetAttribute(Attribute::Bold)
        )?,
        Style::Border => queue!(buf, SetForegroundColor(Color::DarkGrey))?,
        Style::KeyName => queue!(buf, SetForegroundColor(Color::DarkCyan))?,
    }
    Ok(())
}

/// Copies a frame to the screen in one write.
fn draw(frame: &Frame) -> std::io::Result<()> {
    let mut buf: Vec<u8> = Vec::with_capacity(8192);
    queue!(buf, cursor::Hide)?;
    for (y, row) in frame.rows.iter().enumerate() {
        queue!(buf, cursor::MoveTo(0, u16::try_from(y).unwrap_or(u16::MAX)))?;
        let mut style = None;
        let mut text = String::new();
        for cell in row {
            if style != Some(cell.style) {
                buf.extend_from_slice(text.as_bytes());
                text.clear();
                set_style(&mut buf, cell.style)?;
                style = Some(cell.style);
            }
            text.push(cell.ch);
        }
        buf.extend_from_slice(text.as_bytes());
    }
    let (x, y) = frame.cursor;
    queue!(
        buf,
        SetAttribute(Attribute::Reset),
        cursor::MoveTo(
            u16::try_from(x).unwrap_or(u16::MAX),
            u16::try_from(y).unwrap_or(u16::MAX)
        ),
        cursor::Show
    )?;
    let mut out = std::io::stdout();
    out.write_all(&buf)?;
    out.flush()
}

/// Runs the prompt on the terminal until the command is run or the prompt is quit; returns
/// the action (`Run` or `Quit`) and the final text.
pub fn run(mut st: State, source: &dyn Source) -> std::io::Result<(Action, String)> {
    // With `panic = "abort"` no destructor runs on a panic: the hook puts the terminal back
    // before the previous hook reports the panic. It stays for the rest of the process:
    // restoring a terminal that is not in raw mode is harmless.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    let _guard = Guard::enter()?;
    loop {
        let (w, h) = terminal::size().unwrap_or((80, 24));
        draw(&render(&st, usize::from(w), usize::from(h)))?;
        // A resize (or any other event) just redraws.
        let keys = match event::read()? {
            Event::Key(k) => decode(k),
            _ => Vec::new(),
        };
        for key in keys {
            match st.handle(key, source) {
                Action::Continue => {}
                done => return Ok((done, st.text)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventState;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: m,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }
    }

    #[test]
    fn key_decoding() {
        let none = KeyModifiers::NONE;
        let ctrl = KeyModifiers::CONTROL;
        assert_eq!(decode(ev(KeyCode::Char('c'), ctrl)), [Key::CtrlC]);
        assert_eq!(decode(ev(KeyCode::Char('d'), ctrl)), [Key::CtrlD]);
        assert_eq!(decode(ev(KeyCode::Char(' '), ctrl)), [Key::CtrlSpace]);
        assert_eq!(decode(ev(KeyCode::Char('x'), none)), [Key::Char('x')]);
        assert_eq!(decode(ev(KeyCode::F(3), none)), [Key::F(3)]);
        assert_eq!(
            decode(ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            [Key::BackTab]
        );
        assert_eq!(decode(ev(KeyCode::Char('z'), ctrl)), []);
        // Alt-x and Escape-then-Enter arrive alike: read as Escape, then the key.
        let alt = KeyModifiers::ALT;
        assert_eq!(decode(ev(KeyCode::Enter, alt)), [Key::Esc, Key::Enter]);
        assert_eq!(
            decode(ev(KeyCode::Char('x'), alt)),
            [Key::Esc, Key::Char('x')]
        );
        let mut release = ev(KeyCode::Enter, none);
        release.kind = KeyEventKind::Release;
        assert_eq!(decode(release), []);
    }

    #[test]
    fn styles_become_escape_sequences() {
        let mut buf = Vec::new();
        set_style(&mut buf, Style::Selected).ok();
        let s = String::from_utf8_lossy(&buf).into_owned();
        assert!(s.starts_with("\x1b[0m"), "{s:?}");
        assert!(s.contains("48;5;240"), "{s:?}");
        let mut buf = Vec::new();
        set_style(&mut buf, Style::Plain).ok();
        assert_eq!(buf, b"\x1b[0m");
    }
}
