//! All naming for generated Rust, built on heck.
//!
//! - fields, methods, modules: `snake_case` ([`snake`]);
//! - types and variants: `UpperCamelCase` ([`camel`]);
//! - Rust keywords are escaped as raw identifiers (`r#type`); the four that cannot be raw
//!   (`self`, `Self`, `crate`, `super`) and `_` get a trailing `_` (`self_`, `Self_`);
//! - names that collide after conversion are made unique stably, in model order
//!   ([`unique`]: the second `ImageId`/`image_id` becomes `image_id_2`).
//!
//! Prelude names (`Option`, `Result`, `String`, `Box`, `Vec`) need no renaming: generated code
//! refers to the standard library by absolute path (`::std::option::Option`) only.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Strict and reserved keywords of Rust 2024 (raw identifiers are allowed for these).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "crate", "super", "_"];

/// Escapes `s` if it is a keyword: `type` → `r#type`, `self` → `self_`.
pub fn escape(s: &str) -> String {
    if NOT_RAW.contains(&s) {
        format!("{s}_")
    } else if KEYWORDS.contains(&s) {
        format!("r#{s}")
    } else if s.starts_with(|c: char| c.is_ascii_digit()) || s.is_empty() {
        format!("_{s}")
    } else {
        s.to_string()
    }
}

/// A field, method or module name: `ImageId` → `image_id`, `Type` → `r#type`.
pub fn snake(name: &str) -> String {
    escape(&name.to_snake_case())
}

/// A type or variant name: `image_id` → `ImageId`, `self` → `Self_`.
pub fn camel(name: &str) -> String {
    escape(&name.to_upper_camel_case())
}

/// A `SCREAMING_SNAKE` constant name.
pub fn screaming(name: &str) -> String {
    escape(&heck::ToShoutySnakeCase::to_shouty_snake_case(name))
}

/// Converts each of `names` with `convert` and makes the results unique in order: a later
/// name that converts to an earlier one gets `_2`, `_3`… (or `2`, `3`… for camel-case names).
pub fn unique<S: AsRef<str>>(names: &[S], convert: fn(&str) -> String) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for n in names {
        let base = convert(n.as_ref());
        let mut candidate = base.clone();
        let mut i = 2;
        while out.contains(&candidate) {
            let stem = base.strip_prefix("r#").unwrap_or(&base);
            let stem = stem.strip_suffix('_').unwrap_or(stem);
            candidate = if stem.starts_with(|c: char| c.is_ascii_uppercase()) {
                format!("{stem}{i}")
            } else {
                format!("{stem}_{i}")
            };
            i += 1;
        }
        out.push(candidate);
    }
    out
}

/// A `proc_macro2::Ident` for an already converted name (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(snake("Type"), "r#type");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("Self"), "self_");
        assert_eq!(camel("self"), "Self_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(snake("super"), "super_");
        assert_eq!(camel("Match"), "Match");
        assert_eq!(snake("Match"), "r#match");
        assert_eq!(snake("async"), "r#async");
        assert_eq!(snake("2fa"), "_2fa");
    }

    #[test]
    fn case_conversion() {
        assert_eq!(snake("ImageId"), "image_id");
        assert_eq!(snake("AllowCopyImage"), "allow_copy_image");
        assert_eq!(snake("message"), "message");
        assert_eq!(
            camel("update_workspace_image_permission"),
            "UpdateWorkspaceImagePermission"
        );
        assert_eq!(camel("AUTO_STOP"), "AutoStop");
        assert_eq!(screaming("serviceMeta"), "SERVICE_META");
    }

    #[test]
    fn prelude_names_are_kept() {
        // Generated code uses absolute std paths, so these are safe as type names.
        for n in ["Option", "Result", "String", "Box", "Vec"] {
            assert_eq!(camel(n), n);
        }
    }

    #[test]
    fn collisions_are_resolved_stably() {
        let names = ["ImageId", "imageId", "image_id", "Other"];
        assert_eq!(
            unique(&names, snake),
            ["image_id", "image_id_2", "image_id_3", "other"]
        );
        assert_eq!(
            unique(&["AUTO_STOP", "AutoStop"], camel),
            ["AutoStop", "AutoStop2"]
        );
        assert_eq!(unique(&["type", "Type"], snake), ["r#type", "type_2"]);
    }

    #[test]
    fn idents() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("self_").to_string(), "self_");
    }
}
