//! The rules-engine standard library functions that need more than a line of code.
//!
//! These are written here rather than taken from a crate: each is a few lines of string
//! handling with rules-engine specific semantics (e.g. `parseURL` must reject a query, keep the
//! path unmodified and report IP hosts), which general URL crates do not give as such.

use std::net::Ipv6Addr;

/// `substring(input, start, stop, reverse)`: `None` when the range does not fit, when
/// `start >= stop`, or when the input has non-ASCII characters. With `reverse`, the indices
/// count from the end of the string.
pub(crate) fn substring(input: &str, start: i64, stop: i64, reverse: bool) -> Option<String> {
    if !input.is_ascii() || start < 0 || start >= stop {
        return None;
    }
    let (start, stop) = (usize::try_from(start).ok()?, usize::try_from(stop).ok()?);
    let len = input.len();
    if stop > len {
        return None;
    }
    let (from, to) = if reverse {
        (len - stop, len - start)
    } else {
        (start, stop)
    };
    input.get(from..to).map(str::to_owned)
}

fn is_label(label: &str) -> bool {
    let b = label.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
}

/// Whether `host` has the dotted-quad shape botocore treats as an IPv4 address: four groups of
/// one to three digits (the groups' values are not checked).
pub(crate) fn is_ipv4_shaped(host: &str) -> bool {
    let groups: Vec<&str> = host.split('.').collect();
    groups.len() == 4
        && groups
            .iter()
            .all(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
}

/// `isValidHostLabel(value, allowSubDomains)`: an RFC 1123 label (1 to 63 letters, digits or
/// hyphens, neither starting nor ending with a hyphen); with `allowSubDomains`, dot-separated
/// labels, none empty.
pub(crate) fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    if allow_sub_domains {
        value.split('.').all(is_label)
    } else {
        is_label(value)
    }
}

/// `uriEncode(value)`: percent-encodes everything but RFC 3986 unreserved characters, with
/// upper-case hex digits; non-ASCII characters are encoded byte by byte from UTF-8.
pub(crate) fn uri_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The result of `parseURL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Url {
    pub scheme: String,
    pub authority: String,
    pub path: String,
    pub normalized_path: String,
    pub is_ip: bool,
}

impl Url {
    pub(crate) fn to_json(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        m.insert("scheme".into(), self.scheme.clone().into());
        m.insert("authority".into(), self.authority.clone().into());
        m.insert("path".into(), self.path.clone().into());
        m.insert("normalizedPath".into(), self.normalized_path.clone().into());
        m.insert("isIp".into(), self.is_ip.into());
        serde_json::Value::Object(m)
    }
}

/// A port as URL parsers accept it: empty, or digits up to 65535.
fn valid_port(p: &str) -> bool {
    p.is_empty() || (p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok())
}

fn valid_reg_name(host: &str) -> bool {
    // RFC 3986 reg-name: unreserved / pct-encoded / sub-delims.
    !host.is_empty()
        && host.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'-' | b'.'
                        | b'_'
                        | b'~'
                        | b'%'
                        | b'!'
                        | b'$'
                        | b'&'
                        | b'\''
                        | b'('
                        | b')'
                        | b'*'
                        | b'+'
                        | b','
                        | b';'
                        | b'='
                )
        })
}

/// `parseURL(value)`: splits an `http`/`https` URL into scheme (lower case), authority (host
/// and port as written, userinfo dropped), the unmodified path, the path normalised to start
/// and end with `/`, and whether the host is an IPv4 or IPv6 address. `None` when the URL cannot
/// be parsed or has a query. As in the reference implementations, the path of
/// `https://example.com` is empty and its normalised path is `/`; a fragment is not part of the
/// path; an empty query (`https://h/p?`) is no query.
pub(crate) fn parse_url(value: &str) -> Option<Url> {
    let (scheme, rest) = value.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let rest = match rest.split_once('?') {
        Some((_, query)) if !query.is_empty() => return None,
        Some((before, _)) => before,
        None => rest,
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    // Drop userinfo.
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let is_ip = if let Some(v6) = authority.strip_prefix('[') {
        let (addr, after) = v6.split_once(']')?;
        // A zone identifier (`%25eth0`) may follow the address.
        let addr_only = addr.split_once('%').map_or(addr, |(a, _)| a);
        addr_only.parse::<Ipv6Addr>().ok()?;
        if !after.is_empty() && !after.strip_prefix(':').is_some_and(valid_port) {
            return None;
        }
        true
    } else {
        let host = match authority.rsplit_once(':') {
            Some((h, p)) => {
                if !valid_port(p) {
                    return None;
                }
                h
            }
            None => authority,
        };
        if !valid_reg_name(host) {
            return None;
        }
        is_ipv4_shaped(host)
    };
    if path.bytes().any(|b| b.is_ascii_control()) {
        return None;
    }
    let normalized_path = normalize_path(path);
    Some(Url {
        scheme,
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip,
    })
}

/// The `normalizedPath` of a URL path, computed as the AWS CLI (botocore) does: dot segments
/// (`.`, `..`) and empty segments removed (RFC 3986 §5.2.4, plus the collapsing of `//` AWS
/// services require), then every byte other than unreserved characters and `/` percent-encoded,
/// and a `/` ensured at both ends.
fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = String::with_capacity(path.len() + 2);
    out.push('/');
    for (i, seg) in segments.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        for b in seg.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// `split(value, delimiter, limit)`: `limit` 0 splits at every delimiter, 1 returns the value
/// whole, n > 1 returns at most n parts (the last one holding the rest). `None` for an empty
/// delimiter or a negative limit.
pub(crate) fn split(value: &str, delimiter: &str, limit: i64) -> Option<Vec<String>> {
    if delimiter.is_empty() || limit < 0 {
        return None;
    }
    let parts: Vec<String> = if limit == 0 {
        value.split(delimiter).map(str::to_owned).collect()
    } else {
        value
            .splitn(usize::try_from(limit).ok()?, delimiter)
            .map(str::to_owned)
            .collect()
    };
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_forward_and_reverse() {
        assert_eq!(substring("abcdefg", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdefg", 2, 7, false).as_deref(), Some("cdefg"));
        assert_eq!(substring("abcdefg", 0, 4, true).as_deref(), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 3, true).as_deref(), Some("ef"));
        assert_eq!(substring("abcd", 0, 4, false).as_deref(), Some("abcd"));
    }

    #[test]
    fn substring_out_of_range_or_non_ascii_is_none() {
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("abc", 0, 4, true), None);
        assert_eq!(substring("abcdef", 3, 3, false), None);
        assert_eq!(substring("abcdef", 4, 2, false), None);
        assert_eq!(substring("abcdef", -1, 2, false), None);
        assert_eq!(substring("\u{1F600}abcdef", 0, 1, false), None);
        assert_eq!(substring("abcdé", 0, 1, false), None);
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("a", false));
        assert!(is_valid_host_label("9abc", false));
        assert!(!is_valid_host_label("abc-", false));
        assert!(!is_valid_host_label("a-.b", true));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-abc", false));
        assert!(!is_valid_host_label("a_b", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b.c", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label("a.b.", true));
        assert!(!is_valid_host_label(".a", true));
        assert!(!is_valid_host_label("a.-b", true));
    }

    #[test]
    fn uri_encoding() {
        assert_eq!(uri_encode("abcXYZ019-_.~"), "abcXYZ019-_.~");
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(uri_encode("é"), "%C3%A9");
        assert_eq!(uri_encode(""), "");
    }

    fn url(s: &str) -> Option<(String, String, String, String, bool)> {
        parse_url(s).map(|u| (u.scheme, u.authority, u.path, u.normalized_path, u.is_ip))
    }

    fn t(
        a: &str,
        b: &str,
        c: &str,
        d: &str,
        e: bool,
    ) -> Option<(String, String, String, String, bool)> {
        Some((a.into(), b.into(), c.into(), d.into(), e))
    }

    #[test]
    fn parse_url_examples() {
        assert_eq!(
            url("https://example.com"),
            t("https", "example.com", "", "/", false)
        );
        assert_eq!(
            url("http://example.com:80/foo/bar"),
            t("http", "example.com:80", "/foo/bar", "/foo/bar/", false)
        );
        assert_eq!(
            url("https://example.com/"),
            t("https", "example.com", "/", "/", false)
        );
        assert_eq!(
            url("https://127.0.0.1"),
            t("https", "127.0.0.1", "", "/", true)
        );
        assert_eq!(
            url("http://127.0.0.1:8443/a/"),
            t("http", "127.0.0.1:8443", "/a/", "/a/", true)
        );
        assert_eq!(
            url("https://[fe80::1]"),
            t("https", "[fe80::1]", "", "/", true)
        );
        assert_eq!(
            url("https://[::1]:5000/x"),
            t("https", "[::1]:5000", "/x", "/x/", true)
        );
        assert_eq!(
            url("https://[fe80::1%25eth0]"),
            t("https", "[fe80::1%25eth0]", "", "/", true)
        );
        assert_eq!(
            url("https://user:pw@example.com/p"),
            t("https", "example.com", "/p", "/p/", false)
        );
        assert_eq!(url("https://1.2.3"), t("https", "1.2.3", "", "/", false));
        // botocore's notion of an IPv4 host is the dotted-quad shape.
        assert_eq!(
            url("https://10.0.0.256"),
            t("https", "10.0.0.256", "", "/", true)
        );
        assert_eq!(
            url("HTTPS://Example.com/A"),
            t("https", "Example.com", "/A", "/A/", false)
        );
        assert_eq!(
            url("http://h:/a b"),
            t("http", "h:", "/a b", "/a%20b/", false)
        );
        assert_eq!(url("https://h/p?"), t("https", "h", "/p", "/p/", false));
        assert_eq!(
            url("https://h/p#frag?x=1"),
            t("https", "h", "/p", "/p/", false)
        );
    }

    #[test]
    fn parse_url_rejects() {
        assert_eq!(url("https://example.com:8443?foo=bar&faz=baz"), None);
        assert_eq!(url("https://example.com/a?b"), None);
        assert_eq!(url("example.com"), None);
        assert_eq!(url("ftp://example.com"), None);
        assert_eq!(url("https://"), None);
        assert_eq!(url("https://exa mple.com"), None);
        assert_eq!(url("https://example.com:port"), None);
        assert_eq!(url("https://[fe80::zz]"), None);
        assert_eq!(url("https://[fe80::1"), None);
        assert_eq!(url("https://example.com/a\tb"), None);
        assert_eq!(url("https://example.com:65536"), None);
        assert_eq!(url("https://example.com:-1"), None);
    }

    #[test]
    fn split_limits() {
        let v = |s: &[&str]| Some(s.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(split("a--b--c", "--", 0), v(&["a", "b", "c"]));
        assert_eq!(split("a--b--c", "--", 1), v(&["a--b--c"]));
        assert_eq!(split("a--b--c", "--", 2), v(&["a", "b--c"]));
        assert_eq!(split("a--b--c", "--", 9), v(&["a", "b", "c"]));
        assert_eq!(split("", "-", 0), v(&[""]));
        assert_eq!(split("-a-", "-", 0), v(&["", "a", ""]));
        assert_eq!(split("abc", "", 0), None);
        assert_eq!(split("abc", "-", -1), None);
    }

    #[test]
    fn normalized_path_drops_dot_segments_and_encodes() {
        assert_eq!(
            url("https://h//a/./b/../c d/%20/é"),
            t(
                "https",
                "h",
                "//a/./b/../c d/%20/é",
                "/a/c%20d/%2520/%C3%A9/",
                false
            )
        );
        assert_eq!(url("https://h/.."), t("https", "h", "/..", "/", false));
        assert_eq!(url("https://h/a/"), t("https", "h", "/a/", "/a/", false));
    }
}
