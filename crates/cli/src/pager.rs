//! Helpers for starting the output pager as the AWS CLI does (`shlex.split`, then exec).

/// `shlex.split`: whitespace-separated words with `'…'`, `"…"` and `\\` quoting.
pub fn split(cmd: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = cmd.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    cur.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => {
                            if let Some(n) = chars.next() {
                                if !matches!(n, '"' | '\\' | '$' | '`') {
                                    cur.push('\\');
                                }
                                cur.push(n);
                            }
                        }
                        _ => cur.push(q),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            c if c.is_whitespace() => {
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
    words
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
        assert_eq!(split("less -R"), ["less", "-R"]);
        assert_eq!(
            split("'/a b/pager' \"-x y\" z\\ w"),
            ["/a b/pager", "-x y", "z w"]
        );
        assert!(split("   ").is_empty());
    }
}
