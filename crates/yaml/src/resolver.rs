//! ruamel.yaml's YAML 1.2 implicit resolvers: which tag a *plain* scalar gets.
//!
//! The regular expressions and first-character dispatch are the facts recorded in
//! `crates-jmespath-yaml.md` §B.6 rule 5(a); each resolver applies only when the scalar's first
//! character is in its list (the empty string dispatches on `""`).

use regex::Regex;
use std::sync::LazyLock;

/// The implicit type a plain scalar resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implicit {
    /// `tag:yaml.org,2002:bool`
    Bool,
    /// `tag:yaml.org,2002:float`
    Float,
    /// `tag:yaml.org,2002:int`
    Int,
    /// `tag:yaml.org,2002:merge` (`<<`)
    Merge,
    /// `tag:yaml.org,2002:null`
    Null,
    /// `tag:yaml.org,2002:timestamp`
    Timestamp,
    /// `tag:yaml.org,2002:value` (`=`)
    Value,
    /// `tag:yaml.org,2002:yaml` (`!`, `&`, `*` alone)
    Yaml,
    /// No resolver matched: a string.
    Str,
}

struct Resolver {
    kind: Implicit,
    first: &'static str,
    matches_empty: bool,
    regex: LazyLock<Regex>,
}

fn anchored(pattern: &str) -> Regex {
    // The patterns are constants of this file (checked by the unit tests), never input.
    #[allow(clippy::expect_used)]
    Regex::new(&format!("^(?:{pattern})$")).expect("constant resolver pattern is valid")
}

static RESOLVERS: [Resolver; 8] = [
    Resolver {
        kind: Implicit::Bool,
        first: "tTfF",
        matches_empty: false,
        regex: LazyLock::new(|| anchored("true|True|TRUE|false|False|FALSE")),
    },
    Resolver {
        kind: Implicit::Float,
        first: "-+0123456789.",
        matches_empty: false,
        regex: LazyLock::new(|| {
            anchored(
                r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
            )
        }),
    },
    Resolver {
        kind: Implicit::Int,
        first: "-+0123456789",
        matches_empty: false,
        regex: LazyLock::new(|| {
            anchored(r"[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+")
        }),
    },
    Resolver {
        kind: Implicit::Merge,
        first: "<",
        matches_empty: false,
        regex: LazyLock::new(|| anchored("<<")),
    },
    Resolver {
        kind: Implicit::Null,
        first: "~nN",
        matches_empty: true,
        regex: LazyLock::new(|| anchored("~|null|Null|NULL|")),
    },
    Resolver {
        kind: Implicit::Timestamp,
        first: "0123456789",
        matches_empty: false,
        regex: LazyLock::new(|| {
            anchored(
                r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?",
            )
        }),
    },
    Resolver {
        kind: Implicit::Value,
        first: "=",
        matches_empty: false,
        regex: LazyLock::new(|| anchored("=")),
    },
    Resolver {
        kind: Implicit::Yaml,
        first: "!&*",
        matches_empty: false,
        regex: LazyLock::new(|| anchored("[!&*]")),
    },
];

/// Resolves a plain scalar's text to its implicit type, as ruamel's 1.2 resolver does.
pub fn resolve_plain(text: &str) -> Implicit {
    let first = text.chars().next();
    for resolver in &RESOLVERS {
        let applies = match first {
            None => resolver.matches_empty,
            Some(c) => resolver.first.contains(c),
        };
        if applies && resolver.regex.is_match(text) {
            return resolver.kind;
        }
    }
    Implicit::Str
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_words_and_numbers() {
        for s in [
            "yes",
            "no",
            "on",
            "Yes",
            "tRUE",
            "nULL",
            "NaN",
            "inf",
            "0O12",
            "1:20",
            "1,000",
            "2024-1-2",
            "+",
            ".",
            "1.2.3",
            "12e",
            "0x",
            "-",
            "abc",
            "20240102T",
        ] {
            assert_eq!(resolve_plain(s), Implicit::Str, "{s:?}");
        }
        let typed = [
            ("true", Implicit::Bool),
            ("True", Implicit::Bool),
            ("null", Implicit::Null),
            ("~", Implicit::Null),
            ("", Implicit::Null),
            ("=", Implicit::Value),
            ("<<", Implicit::Merge),
            (".nan", Implicit::Float),
            (".inf", Implicit::Float),
            ("-.inf", Implicit::Float),
            ("0o12", Implicit::Int),
            ("007", Implicit::Int),
            ("1_000", Implicit::Int),
            ("1_", Implicit::Int),
            ("+_", Implicit::Int),
            ("1e3", Implicit::Float),
            (".5", Implicit::Float),
            ("5.", Implicit::Float),
            ("2024-01-02", Implicit::Timestamp),
            ("2024-01-02 03:04:05", Implicit::Timestamp),
            ("2024-01-02T03:04:05.123456Z", Implicit::Timestamp),
            ("123456789012", Implicit::Int),
            ("0x1F", Implicit::Int),
            ("0b101", Implicit::Int),
            ("*", Implicit::Yaml),
        ];
        for (s, want) in typed {
            assert_eq!(resolve_plain(s), want, "{s:?}");
        }
    }
}
