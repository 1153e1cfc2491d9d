//! Python's `os.path` string helpers.

/// Python's `os.path.expandvars` (POSIX): `$NAME` and `${NAME}` (`NAME` of ASCII letters,
/// digits and `_` when unbraced) are replaced by `lookup(NAME)`; a variable `lookup` does
/// not know, and a `$` that starts no variable, stay as written.
pub fn expandvars<S: AsRef<str>>(text: &str, lookup: impl Fn(&str) -> Option<S>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        // `consumed`: the bytes after `$` that the reference spans (0 when it is none).
        let (name, consumed) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => ("", 0),
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        match lookup(name).filter(|_| !name.is_empty()) {
            Some(value) => out.push_str(value.as_ref()),
            None => out.push_str(&rest[pos..pos + 1 + consumed]),
        }
        rest = &after[consumed..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<&'static str> {
        match name {
            "HOME" => Some("/home/me"),
            "B" => Some("bee"),
            "A$B" => Some("odd"),
            _ => None,
        }
    }

    #[test]
    fn expands_like_posixpath() {
        assert_eq!(expandvars("$HOME/x", env), "/home/me/x");
        assert_eq!(expandvars("${HOME}x", env), "/home/mex");
        assert_eq!(expandvars("$NOPE/$B", env), "$NOPE/bee");
        assert_eq!(expandvars("${NOPE}$B", env), "${NOPE}bee");
        assert_eq!(expandvars("a$", env), "a$");
        assert_eq!(expandvars("$$B", env), "$bee");
        assert_eq!(expandvars("${B", env), "${B");
        assert_eq!(expandvars("${}", env), "${}");
        assert_eq!(expandvars("$-B", env), "$-B");
        assert_eq!(expandvars("${A$B}", env), "odd");
        assert_eq!(expandvars("${NO$B}", env), "${NO$B}");
        assert_eq!(expandvars("é$Bé", env), "ébeeé");
    }
}
