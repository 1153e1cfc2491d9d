//! Python's `repr(str)` and `str.isprintable()`.

use crate::unprintable::UNPRINTABLE;
use std::cmp::Ordering;
use std::fmt::Write as _;

/// Python 3.11's `str.isprintable()` for one character (table generated from `unicodedata`
/// by `tools/gen_py_printable.py`).
pub fn is_printable(c: char) -> bool {
    let code = u32::from(c);
    UNPRINTABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < code {
                Ordering::Less
            } else if lo > code {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        })
        .is_err()
}

/// Python's `repr()` of a string: single quotes unless the text has `'` and no `"`; `\\`,
/// the quote and `\t \n \r` escaped; other non-printable characters as `\xNN`, `\uNNNN` or
/// `\UNNNNNNNN`.
pub fn str_repr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_str_repr(&mut out, s);
    out
}

/// Appends [`str_repr`] of `s` to `out`.
pub fn push_str_repr(out: &mut String, s: &str) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let code = u32::from(c);
                let _ = if code <= 0xFF {
                    write!(out, "\\x{code:02x}")
                } else if code <= 0xFFFF {
                    write!(out, "\\u{code:04x}")
                } else {
                    write!(out, "\\U{code:08x}")
                };
            }
        }
    }
    out.push(quote);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn str_repr_matches_python() {
        assert_eq!(str_repr("abc"), "'abc'");
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("say \"hi\""), "'say \"hi\"'");
        assert_eq!(str_repr("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(str_repr("tab\there\n\r"), "'tab\\there\\n\\r'");
        assert_eq!(str_repr("back\\slash"), "'back\\\\slash'");
        assert_eq!(str_repr("é\u{7f}\u{1}"), "'é\\x7f\\x01'");
        assert_eq!(str_repr("\u{85}\u{a0}\u{ad}"), "'\\x85\\xa0\\xad'");
        assert_eq!(str_repr("\u{2028}\u{200b}"), "'\\u2028\\u200b'");
        assert_eq!(str_repr("\u{e0001}😀"), "'\\U000e0001😀'");
        assert_eq!(str_repr(""), "''");
    }

    #[test]
    fn printable_follows_unicodedata() {
        assert!(is_printable(' '));
        assert!(is_printable('é'));
        assert!(is_printable('😀'));
        assert!(!is_printable('\u{0}'));
        assert!(!is_printable('\u{3000}'));
        assert!(!is_printable('\u{feff}'));
        assert!(!is_printable('\u{e000}'));
        assert!(!is_printable('\u{10ffff}'));
    }
}
