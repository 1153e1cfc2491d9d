//! Prelude names in the generated SDK modules: the emitters write the standard library by
//! absolute path (`::std::option::Option`), and [`Prelude::shorten`] turns each path into its
//! prelude name (`Option`) unless a type the crate declares has that name (a model shape
//! named `Option`, `String`, `Vec`, `Result` or `Box`): then that one name keeps its full
//! path everywhere in the crate, and the others are still shortened.
//!
//! `Some`, `None`, `Ok` and `Err` are always shortened: the generated types are braced
//! structs and enums, which never shadow a name in the value namespace.

use std::collections::HashSet;

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

    /// `file` with the standard library's absolute paths replaced by prelude names where no
    /// type of the crate shadows them (paths outside macro invocations: the emitters write
    /// none inside one). A walk of the parsed file replaces only the paths themselves; an
    /// earlier pass over the token stream copied every token and cost a quarter of the full
    /// model's generation time.
    pub(crate) fn shorten(&self, file: &mut syn::File) {
        syn::visit_mut::VisitMut::visit_file_mut(&mut Shorten(self), file);
    }

    /// The number of leading segments of an absolute path that name a prelude item (whose
    /// prelude name is returned), when no type of the crate shadows it: `std option Option`
    /// of `::std::option::Option<T>`, and of `::std::option::Option::is_some` too.
    fn prefix_of(&self, segments: &[String]) -> Option<(usize, &'static str)> {
        PATHS
            .iter()
            .find(|(path, name, can_clash)| {
                path.len() <= segments.len()
                    && path.iter().zip(segments).all(|(a, b)| a == b)
                    && !(*can_clash && self.shadowed.contains(name))
            })
            .map(|(path, name, _)| (path.len(), *name))
    }
}

/// The walk that shortens paths.
struct Shorten<'a>(&'a Prelude);

impl syn::visit_mut::VisitMut for Shorten<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.leading_colon.is_some() {
            let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            if let Some((len, name)) = self.0.prefix_of(&segments)
                && path
                    .segments
                    .iter()
                    .take(len - 1)
                    .all(|s| s.arguments.is_none())
            {
                let mut rest = std::mem::take(&mut path.segments).into_iter().skip(len - 1);
                if let Some(mut head) = rest.next() {
                    head.ident = proc_macro2::Ident::new(name, head.ident.span());
                    path.leading_colon = None;
                    path.segments = std::iter::once(head).chain(rest).collect();
                }
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
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
        let shorten = |p: Prelude, t: proc_macro2::TokenStream| {
            let mut file: syn::File = syn::parse2(t).unwrap();
            p.shorten(&mut file);
            quote!(#file).to_string()
        };
        let plain = shorten(Prelude::new([]), t.clone());
        assert_eq!(
            plain,
            quote!(
                fn f(x: Option<String>) -> Result<(), ()> {
                    Ok(Some(1))
                }
            )
            .to_string()
        );
        let shadowed = shorten(Prelude::new(["Option", "r#Result"]), t);
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
