//! Prelude names in the generated SDK modules: the emitters write the standard library by
//! absolute path (`::std::option::Option`), and [`Prelude::shorten`] turns each path into its
//! prelude name (`Option`) unless a type the crate declares has that name (a model shape
//! named `Option`, `String`, `Vec`, `Result` or `Box`): then that one name keeps its full
//! path everywhere in the crate, and the others are still shortened.
//!
//! `Some`, `None`, `Ok` and `Err` are always shortened: the generated types are braced
//! structs and enums, which never shadow a name in the value namespace.

use std::collections::HashSet;

use proc_macro2::{Group, Ident, TokenStream, TokenTree};

/// Absolute paths and the prelude name they shorten to; `true`: a type of that name in the
/// crate keeps the full path.
const PATHS: &[(&[&str], &str, bool)] = &[
    (&["std", "option", "Option", "Some"], "Some", false),
    (&["std", "option", "Option", "None"], "None", false),
    (&["std", "result", "Result", "Ok"], "Ok", false),
    (&["std", "result", "Result", "Err"], "Err", false),
    (&["std", "option", "Option"], "Option", true),
    (&["std", "result", "Result"], "Result", true),
    (&["std", "string", "String"], "String", true),
    (&["std", "vec", "Vec"], "Vec", true),
    (&["std", "boxed", "Box"], "Box", true),
    (&["std", "convert", "Into"], "Into", true),
    (&["std", "convert", "From"], "From", true),
];

/// Which prelude names the generated crate may use.
#[derive(Debug, Clone, Default)]
pub(crate) struct Prelude {
    /// Prelude type names that a type of the crate shadows.
    shadowed: HashSet<&'static str>,
}

impl Prelude {
    /// For a crate declaring types named `declared` (Rust names, raw or not).
    pub(crate) fn new<'a>(declared: impl IntoIterator<Item = &'a str>) -> Self {
        let declared: HashSet<&str> = declared
            .into_iter()
            .map(|n| n.trim_start_matches("r#"))
            .collect();
        let shadowed = PATHS
            .iter()
            .filter(|(_, name, can_clash)| *can_clash && declared.contains(name))
            .map(|(_, name, _)| *name)
            .collect();
        Prelude { shadowed }
    }

    /// `tokens` with the standard library's absolute paths replaced by prelude names where
    /// no type of the crate shadows them.
    pub(crate) fn shorten(&self, tokens: TokenStream) -> TokenStream {
        let tts: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = Vec::with_capacity(tts.len());
        let mut i = 0;
        while i < tts.len() {
            if let Some((len, name)) = self.match_path(&tts[i..]) {
                let span = tts[i].span();
                out.push(TokenTree::Ident(Ident::new(name, span)));
                i += len;
                continue;
            }
            out.push(match &tts[i] {
                TokenTree::Group(g) => {
                    let mut ng = Group::new(g.delimiter(), self.shorten(g.stream()));
                    ng.set_span(g.span());
                    TokenTree::Group(ng)
                }
                tt => tt.clone(),
            });
            i += 1;
        }
        out.into_iter().collect()
    }

    /// The length in tokens and the prelude name of the path `tts` starts with.
    fn match_path(&self, tts: &[TokenTree]) -> Option<(usize, &'static str)> {
        'paths: for (segments, name, can_clash) in PATHS {
            if *can_clash && self.shadowed.contains(name) {
                continue;
            }
            let mut at = 0;
            for segment in *segments {
                if !is_colons(tts.get(at..at + 2)) {
                    continue 'paths;
                }
                match tts.get(at + 2) {
                    Some(TokenTree::Ident(id)) if id == segment => at += 3,
                    _ => continue 'paths,
                }
            }
            return Some((at, name));
        }
        None
    }
}

fn is_colons(tts: Option<&[TokenTree]>) -> bool {
    matches!(
        tts,
        Some([TokenTree::Punct(a), TokenTree::Punct(b)]) if a.as_char() == ':' && b.as_char() == ':'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn shortens_unless_shadowed() {
        let t = quote!(
            fn f(x: ::std::option::Option<::std::string::String>) -> ::std::result::Result<(), ()> {
                ::std::result::Result::Ok(::std::option::Option::Some(1))
            }
        );
        let plain = Prelude::new([]).shorten(t.clone()).to_string();
        assert_eq!(
            plain,
            quote!(
                fn f(x: Option<String>) -> Result<(), ()> {
                    Ok(Some(1))
                }
            )
            .to_string()
        );
        let shadowed = Prelude::new(["Option", "r#Result"]).shorten(t).to_string();
        assert_eq!(
            shadowed,
            quote!(
                fn f(x: ::std::option::Option<String>) -> ::std::result::Result<(), ()> {
                    Ok(Some(1))
                }
            )
            .to_string()
        );
    }
}
