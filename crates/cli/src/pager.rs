//! Starting the output pager as the AWS CLI v2 does (`awscli/utils.py::OutputStreamFactory`
//! and `LazyPager`): the command is split with `shlex.split`, started with `LESS=FRX` added
//! when `LESS` is unset, fed the output on its stdin, and waited for.
//!
//! Failures follow where Python raises them. The pager is started lazily, at the formatter's
//! first write, and the formatters swallow `OSError`s raised by their writes. So only a
//! missing program (`FileNotFoundError`, turned into the `Pager` error, rc 253) is reported;
//! any other start failure (`PermissionError` for a directory or a non-executable file, an
//! exec format error) prints nothing and exits 0. A command that splits into no words makes
//! `Popen([])` raise `IndexError` (rc 255), and a bad quote makes `shlex.split` raise
//! `ValueError`.

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};

/// Why the output could not go through the pager.
#[derive(Debug, PartialEq, Eq)]
pub enum PageError {
    /// The program does not exist: Python's `str(FileNotFoundError)`
    /// (`[Errno 2] No such file or directory: 'prog'`), for the `Pager` error (rc 253).
    NotFound(String),
    /// A Python exception other than `OSError` (its `str`), a general error (rc 255).
    General(String),
}

/// Pipes `text` through the pager command `cmd`, with `env` as the pager's environment
/// (plus `LESS=FRX` unless `env` sets `LESS`), and waits for the pager to exit.
///
/// A pager that quits before reading everything (`q` in `less`) is not an error.
pub fn page(cmd: &str, text: &str, env: &HashMap<String, String>) -> Result<(), PageError> {
    let words = split(cmd).map_err(|e| PageError::General(e.to_owned()))?;
    let Some((prog, args)) = words.split_first() else {
        return Err(PageError::General("list index out of range".to_owned()));
    };
    let mut command = Command::new(prog);
    command
        .args(args)
        .env_clear()
        .envs(env)
        .stdin(Stdio::piped());
    if !env.contains_key("LESS") {
        command.env("LESS", "FRX");
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(PageError::NotFound(os_error_text(&e, prog)));
        }
        // Raised at the formatter's first write, inside its `except OSError: pass`.
        Err(_) => return Ok(()),
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A pager that quits early closes the pipe (EPIPE): not an error, as in Python.
        let _ = stdin.write_all(text.as_bytes());
        // Dropping stdin closes the pipe so that the pager sees the end of the output.
    }
    let _ = child.wait();
    Ok(())
}

/// `shlex.split(cmd)` (POSIX mode, no comments): words separated by space, tab, CR or LF;
/// `'…'` quotes everything; `"…"` quotes everything but `\"` and `\\`; a backslash outside
/// quotes escapes the next character. Errors are Python's `ValueError` texts.
pub fn split(cmd: &str) -> Result<Vec<String>, &'static str> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = cmd.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(q) => cur.push(q),
                        None => return Err("No closing quotation"),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(n @ ('"' | '\\')) => cur.push(n),
                            Some(n) => {
                                cur.push('\\');
                                cur.push(n);
                            }
                            None => return Err("No escaped character"),
                        },
                        Some(q) => cur.push(q),
                        None => return Err("No closing quotation"),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some(n) => cur.push(n),
                    None => return Err("No escaped character"),
                }
            }
            ' ' | '\t' | '\r' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Python's text for an `OSError` raised by `subprocess.Popen` (`[Errno 2] No such file or
/// directory: 'prog'`).
pub fn os_error_text(e: &std::io::Error, prog: &str) -> String {
    let quoted = awslice_pyfmt::str_repr(prog);
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("[Errno 2] No such file or directory: {quoted}"),
        std::io::ErrorKind::PermissionDenied => format!("[Errno 13] Permission denied: {quoted}"),
        _ => match e.raw_os_error() {
            Some(n) => format!("[Errno {n}] {e}: {quoted}"),
            None => format!("{e}: {quoted}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shlex_like_split() {
        assert_eq!(split("less -R"), Ok(vec!["less".into(), "-R".into()]));
        assert_eq!(
            split("'/a b/pager' \"-x y\" z\\ w"),
            Ok(vec!["/a b/pager".into(), "-x y".into(), "z w".into()])
        );
        assert_eq!(split("   "), Ok(vec![]));
        // Only `\"` and `\\` are escapes inside double quotes (`$` and backquote are not).
        assert_eq!(
            split(r#""a\$b\`c\"d\\e\n""#),
            Ok(vec![r#"a\$b\`c"d\e\n"#.to_owned()])
        );
        // Quotes glue onto the word; an empty quoted word is kept; `#` is not a comment.
        assert_eq!(
            split("a'b c'd '' #x"),
            Ok(vec!["ab cd".into(), String::new(), "#x".into()])
        );
        // shlex's whitespace is space, tab, CR and LF only.
        assert_eq!(
            split("a\u{b}b\u{a0}c\td"),
            Ok(vec!["a\u{b}b\u{a0}c".into(), "d".into()])
        );
    }

    #[test]
    fn shlex_errors() {
        assert_eq!(split("less 'x"), Err("No closing quotation"));
        assert_eq!(split("less \"x"), Err("No closing quotation"));
        assert_eq!(split("less x\\"), Err("No escaped character"));
        assert_eq!(split("less \"x\\"), Err("No escaped character"));
    }

    #[test]
    fn start_failures_are_reported_as_python_raises_them() {
        let env: HashMap<String, String> = [("PATH".to_owned(), "/usr/bin:/bin".to_owned())].into();
        assert_eq!(
            page("awslice-no-such-pager-xyz -R", "x\n", &env),
            Err(PageError::NotFound(
                "[Errno 2] No such file or directory: 'awslice-no-such-pager-xyz'".to_owned()
            ))
        );
        // A directory cannot be executed: PermissionError, swallowed by the formatter.
        assert_eq!(page("/", "x\n", &env), Ok(()));
        assert_eq!(
            page(" \t", "x\n", &env),
            Err(PageError::General("list index out of range".to_owned()))
        );
        assert_eq!(
            page("less 'x", "x\n", &env),
            Err(PageError::General("No closing quotation".to_owned()))
        );
    }

    #[test]
    fn the_pager_reads_the_text_with_less_frx_by_default() {
        let dir = std::env::temp_dir().join(format!("awslice-pager-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let out = dir.join("out");
        let mut env: HashMap<String, String> =
            [("PATH".to_owned(), "/usr/bin:/bin".to_owned())].into();
        let cmd = format!(
            "sh -c 'printf \"%s|\" \"$LESS\" > {0}; cat >> {0}'",
            out.display()
        );
        assert_eq!(page(&cmd, "hello\n", &env), Ok(()));
        assert_eq!(
            std::fs::read_to_string(&out).ok().as_deref(),
            Some("FRX|hello\n")
        );
        env.insert("LESS".to_owned(), "-S".to_owned());
        assert_eq!(page(&cmd, "again\n", &env), Ok(()));
        assert_eq!(
            std::fs::read_to_string(&out).ok().as_deref(),
            Some("-S|again\n")
        );
        // A pager that exits without reading: the broken pipe is ignored.
        assert_eq!(page("true", &"x".repeat(1 << 20), &env), Ok(()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
