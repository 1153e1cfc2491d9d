//! The AWS shared configuration files (`~/.aws/config`, `~/.aws/credentials`).
//!
//! Hand-written because the format is botocore's flavour of Python's `configparser`
//! (strict duplicates, `=` or `:` delimiters, lower-cased keys, indented continuation
//! lines that botocore turns into one level of sub-properties) and no INI crate
//! reproduces that combination. On top of it, as the AWS SDKs' shared-config format
//! specifies, a value's trailing ` # comment` / ` ; comment` is dropped.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;

/// One property value: a plain string, or a block of indented sub-properties
/// (`s3 =\n  max_concurrent_requests = 10`).
#[derive(Clone, PartialEq, Eq)]
pub enum Value {
    /// `key = value`.
    Str(String),
    /// `key =` followed by indented `sub = value` lines.
    Nested(IndexMap<String, String>),
}

impl fmt::Debug for Value {
    // Values can be secret keys: show their shape only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => write!(f, "Str(<{} chars>)", s.chars().count()),
            Value::Nested(m) => f.debug_list().entries(m.keys()).finish(),
        }
    }
}

impl Value {
    /// The plain string value, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            Value::Nested(_) => None,
        }
    }
}

/// The properties of one section, in file order. Keys are lower-cased.
pub type Properties = IndexMap<String, Value>;

/// One `[header]` section of a file.
#[derive(Clone, PartialEq, Eq)]
struct Section {
    name: String,
    props: Properties,
}

/// Why a shared config file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line number, when the problem is on a line.
    pub line: Option<usize>,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}, line {l}: {}", self.path.display(), self.reason),
            None => write!(f, "{}: {}", self.path.display(), self.reason),
        }
    }
}

/// Cuts a trailing ` # comment` or ` ; comment` (the marker must follow whitespace).
fn strip_inline_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for i in 1..bytes.len() {
        if (bytes[i] == b'#' || bytes[i] == b';') && bytes[i - 1].is_ascii_whitespace() {
            return value[..i].trim_end();
        }
    }
    value
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Parses one file's text into its sections, as botocore's `raw_config_parse` does.
fn parse_sections(text: &str, path: &Path) -> Result<Vec<Section>, ParseError> {
    let err = |line: usize, reason: String| ParseError {
        path: path.to_path_buf(),
        line: Some(line),
        reason,
    };
    let mut sections: Vec<Section> = Vec::new();
    // Raw values: (key, indent, first line value, continuation lines, line number).
    struct Current {
        key: String,
        indent: usize,
        lines: Vec<String>,
    }
    let mut current: Option<Current> = None;
    // Sections being read: name, then (key, value lines, line of the key).
    type RawProps = Vec<(String, Vec<String>, usize)>;
    let mut raw: Vec<(String, RawProps)> = Vec::new();

    let flush =
        |raw: &mut Vec<(String, RawProps)>, current: &mut Option<Current>, line_no: usize| {
            if let (Some(c), Some(sec)) = (current.take(), raw.last_mut()) {
                sec.1.push((c.key, c.lines, line_no));
            }
        };

    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut key_line = 0;
    for (idx, line) in text.split('\n').enumerate() {
        let line_no = idx + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indent = indent_of(line);
        if let Some(c) = current.as_mut()
            && indent > c.indent
        {
            c.lines.push(strip_inline_comment(trimmed).to_string());
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            flush(&mut raw, &mut current, key_line);
            let Some(end) = rest.find(']') else {
                return Err(err(
                    line_no,
                    format!("section header without ']': {trimmed}"),
                ));
            };
            let after = rest[end + 1..].trim_start();
            if !(after.is_empty() || after.starts_with('#') || after.starts_with(';')) {
                return Err(err(
                    line_no,
                    format!("unexpected text after section header: {after}"),
                ));
            }
            let name = rest[..end].trim().to_string();
            if name.is_empty() {
                return Err(err(line_no, "empty section name".to_string()));
            }
            if raw.iter().any(|(n, _)| *n == name) {
                return Err(err(line_no, format!("section '{name}' already exists")));
            }
            raw.push((name, Vec::new()));
            continue;
        }
        flush(&mut raw, &mut current, key_line);
        let Some(delim) = trimmed.find(['=', ':']) else {
            return Err(err(
                line_no,
                format!("expected 'key = value', found: {trimmed}"),
            ));
        };
        let key = trimmed[..delim].trim().to_lowercase();
        if key.is_empty() {
            return Err(err(line_no, "property without a name".to_string()));
        }
        let Some((section_name, props)) = raw.last() else {
            return Err(err(
                line_no,
                "property before any [section] header".to_string(),
            ));
        };
        if props.iter().any(|(k, _, _)| *k == key) {
            return Err(err(
                line_no,
                format!("option '{key}' in section '{section_name}' already exists"),
            ));
        }
        let value = strip_inline_comment(trimmed[delim + 1..].trim()).to_string();
        key_line = line_no;
        current = Some(Current {
            key,
            indent,
            lines: vec![value],
        });
    }
    flush(&mut raw, &mut current, key_line);

    for (name, props) in raw {
        let mut out = Properties::new();
        for (key, lines, line_no) in props {
            let value = if lines.len() > 1 && lines[0].is_empty() {
                let mut nested = IndexMap::new();
                for sub in &lines[1..] {
                    let Some((k, v)) = sub.split_once('=') else {
                        return Err(err(
                            line_no,
                            format!("expected 'key = value' in the block of '{key}', found: {sub}"),
                        ));
                    };
                    nested.insert(k.trim().to_string(), v.trim().to_string());
                }
                Value::Nested(nested)
            } else {
                Value::Str(lines.join("\n"))
            };
            out.insert(key, value);
        }
        sections.push(Section { name, props: out });
    }
    Ok(sections)
}

/// Everything read from the two shared files, botocore's "full config".
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProfileSet {
    /// Profiles of the config file merged with the credentials file (which wins).
    merged: HashMap<String, Properties>,
    /// Profiles of the config file alone.
    config: HashMap<String, Properties>,
    /// Profiles of the credentials file alone.
    credentials: HashMap<String, Properties>,
    /// `[services NAME]` sections.
    services: HashMap<String, Properties>,
    /// `[sso-session NAME]` sections.
    sso_sessions: HashMap<String, Properties>,
}

impl fmt::Debug for ProfileSet {
    // Only names: the values include secret keys.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&String> = self.merged.keys().collect();
        names.sort();
        f.debug_struct("ProfileSet")
            .field("profiles", &names)
            .finish_non_exhaustive()
    }
}

impl ProfileSet {
    /// Builds the set from the texts of the config file and the credentials file
    /// (either may be absent). The paths are only used in error messages.
    pub fn parse(
        config: Option<(&str, &Path)>,
        credentials: Option<(&str, &Path)>,
    ) -> Result<ProfileSet, ParseError> {
        let mut set = ProfileSet::default();
        if let Some((text, path)) = config {
            for section in parse_sections(text, path)? {
                // botocore: a `profile…`, `sso-session…` or `services…` header is split
                // with shell rules (`[profile "my name"]`) and must have two words.
                let second = || match shlex::split(&section.name) {
                    Some(mut words) if words.len() == 2 => words.pop(),
                    _ => None,
                };
                let name = section.name.as_str();
                let target = if name.starts_with("profile") {
                    second().map(|n| (&mut set.config, n))
                } else if name.starts_with("sso-session") {
                    second().map(|n| (&mut set.sso_sessions, n))
                } else if name.starts_with("services") {
                    second().map(|n| (&mut set.services, n))
                } else if name == "default" {
                    Some((&mut set.config, name.to_string()))
                } else {
                    None
                };
                match target {
                    Some((map, key)) => {
                        map.insert(key, section.props);
                    }
                    _ => {
                        tracing::debug!("Ignoring config file section [{}]", section.name);
                    }
                }
            }
        }
        if let Some((text, path)) = credentials {
            for section in parse_sections(text, path)? {
                set.credentials.insert(section.name, section.props);
            }
        }
        set.merged = set.config.clone();
        for (name, props) in &set.credentials {
            let target = set.merged.entry(name.clone()).or_default();
            for (k, v) in props {
                target.insert(k.clone(), v.clone());
            }
        }
        Ok(set)
    }

    /// The merged properties of a profile (config file, overridden by the credentials file).
    pub fn profile(&self, name: &str) -> Option<&Properties> {
        self.merged.get(name)
    }

    /// The properties of a profile in the config file only.
    pub fn config_profile(&self, name: &str) -> Option<&Properties> {
        self.config.get(name)
    }

    /// The properties of a profile in the credentials file only.
    pub fn credentials_profile(&self, name: &str) -> Option<&Properties> {
        self.credentials.get(name)
    }

    /// A `[services NAME]` section.
    pub fn services(&self, name: &str) -> Option<&Properties> {
        self.services.get(name)
    }

    /// A `[sso-session NAME]` section.
    pub fn sso_session(&self, name: &str) -> Option<&Properties> {
        self.sso_sessions.get(name)
    }

    /// The names of all profiles (merged), sorted.
    pub fn profile_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.merged.keys().map(String::as_str).collect();
        names.sort_unstable();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(config: &str) -> Result<ProfileSet, ParseError> {
        ProfileSet::parse(Some((config, Path::new("/cfg"))), None)
    }

    fn get<'a>(set: &'a ProfileSet, profile: &str, key: &str) -> Option<&'a str> {
        set.profile(profile)?.get(key)?.as_str()
    }

    #[test]
    fn profiles_default_and_comments() {
        let set = parse(
            "# top comment\n; another\n[default]\nregion = us-east-1 # trailing\n\n\
             [profile dev] ; header comment\nRegion=eu-west-2\noutput : text\n\
             \t# indented comment\nendpoint_url = http://127.0.0.1:1/#frag\n\
             [preview]\nx = 1\n",
        )
        .unwrap();
        assert_eq!(get(&set, "default", "region"), Some("us-east-1"));
        assert_eq!(get(&set, "dev", "region"), Some("eu-west-2"));
        assert_eq!(get(&set, "dev", "output"), Some("text"));
        assert_eq!(
            get(&set, "dev", "endpoint_url"),
            Some("http://127.0.0.1:1/#frag")
        );
        assert_eq!(set.profile_names(), vec!["default", "dev"]);
        assert!(set.profile("preview").is_none());
    }

    #[test]
    fn blank_values_and_nested_blocks() {
        let set = parse(
            "[profile a]\nempty =\ns3 =\n  max_concurrent_requests = 10\n  addressing_style = path ; c\n\
             services = wsvc\n[services wsvc]\nworkspaces =\n  endpoint_url = http://127.0.0.1:9\n\
             [sso-session s]\nsso_region = us-east-1\n",
        )
        .unwrap();
        let a = set.profile("a").unwrap();
        assert_eq!(a.get("empty"), Some(&Value::Str(String::new())));
        let Some(Value::Nested(s3)) = a.get("s3") else {
            panic!("s3 should be nested: {:?}", a.get("s3").map(Value::as_str))
        };
        assert_eq!(
            s3.get("max_concurrent_requests").map(String::as_str),
            Some("10")
        );
        assert_eq!(s3.get("addressing_style").map(String::as_str), Some("path"));
        let Some(Value::Nested(ws)) = set.services("wsvc").unwrap().get("workspaces") else {
            panic!("workspaces block")
        };
        assert_eq!(
            ws.get("endpoint_url").map(String::as_str),
            Some("http://127.0.0.1:9")
        );
        assert!(set.sso_session("s").is_some());
    }

    #[test]
    fn credentials_file_wins_over_config() {
        let set = ProfileSet::parse(
            Some((
                "[profile dev]\nregion = r1\naws_access_key_id = C\n",
                Path::new("c"),
            )),
            Some((
                "[dev]\naws_access_key_id = K\n[only]\nx = 1\n",
                Path::new("k"),
            )),
        )
        .unwrap();
        assert_eq!(get(&set, "dev", "aws_access_key_id"), Some("K"));
        assert_eq!(get(&set, "dev", "region"), Some("r1"));
        assert_eq!(get(&set, "only", "x"), Some("1"));
        assert!(set.config_profile("only").is_none());
        assert_eq!(
            set.config_profile("dev").unwrap()["aws_access_key_id"].as_str(),
            Some("C")
        );
    }

    #[test]
    fn broken_files_are_errors() {
        for (text, needle) in [
            ("region = x\n", "before any [section]"),
            ("[default\n", "without ']'"),
            ("[default]\njust words\n", "expected 'key = value'"),
            ("[default]\na = 1\na = 2\n", "already exists"),
            ("[default]\n[default]\n", "already exists"),
            ("[default]\ns3 =\n  nonsense\n", "block of 's3'"),
            ("[default]\n= 1\n", "without a name"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.to_string().contains(needle), "{text:?}: {e}");
            assert!(e.line.is_some());
        }
    }

    #[test]
    fn section_names_are_split_like_a_shell() {
        let set = parse(
            "[profile \"my name\"]\nregion = r1\n[profile a b]\nregion = r2\n\
             [profile]\nregion = r3\n[profile 'unbalanced]\nregion = r4\n[default]\nx = 1\n\
             [profile default]\nregion = r5\n",
        )
        .unwrap();
        assert_eq!(get(&set, "my name", "region"), Some("r1"));
        // Three words, one word, or a shell syntax error: not a profile.
        assert_eq!(set.profile_names(), vec!["default", "my name"]);
        // The later of `[default]` and `[profile default]` wins, as in botocore.
        assert_eq!(get(&set, "default", "region"), Some("r5"));
        assert_eq!(get(&set, "default", "x"), None);
    }

    #[test]
    fn crlf_and_bom() {
        let set = parse("\u{feff}[default]\r\nregion = us-west-1\r\n").unwrap();
        assert_eq!(get(&set, "default", "region"), Some("us-west-1"));
    }
}
