//! Writing XML documents byte for byte as botocore writes them: Python's
//! `xml.etree.ElementTree.tostring(root, encoding='utf-8')`.
//!
//! - no XML declaration and no whitespace between elements;
//! - attributes in the order they were added (`xmlns` first when the element has one);
//! - an element with neither text nor children is written `<Name />` (a space before `/>`),
//!   also when its text is the empty string;
//! - text escapes `&`, `<` and `>` only (quotes, tabs and line breaks are written as they
//!   are); attribute values escape `&`, `<`, `>` and `"`, and write `\r`, `\n` and `\t` as
//!   `&#13;`, `&#10;` and `&#09;`.
//!
//! Names are written as given: the callers take them from the schema, never from values.

/// One element of a document being written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// The tag (`Tagging`, `xsi:type` style prefixes included as written).
    pub name: String,
    /// The attributes in the order they are written.
    pub attributes: Vec<(String, String)>,
    /// The text before the first child (ElementTree's `text`); `None` and `""` alike write
    /// nothing.
    pub text: Option<String>,
    /// The child elements, in order.
    pub children: Vec<Element>,
}

impl Element {
    /// An element named `name` without attributes, text or children.
    pub fn new(name: impl Into<String>) -> Element {
        Element {
            name: name.into(),
            ..Element::default()
        }
    }

    /// Sets attribute `name` to `value`: a new attribute goes last, an existing one keeps its
    /// place (a Python dict's assignment).
    pub fn set_attribute(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self.attributes.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 = value,
            None => self.attributes.push((name.to_owned(), value)),
        }
    }

    /// The document as ElementTree writes it (UTF-8, no declaration).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = String::new();
        self.write(&mut out);
        out.into_bytes()
    }

    /// Appends the element to `out`. Iterative, so any nesting depth is fine.
    pub fn write(&self, out: &mut String) {
        // Each entry: the element and whether its start tag is written already.
        let mut stack: Vec<(&Element, bool)> = vec![(self, false)];
        while let Some((element, opened)) = stack.pop() {
            if opened {
                out.push_str("</");
                out.push_str(&element.name);
                out.push('>');
                continue;
            }
            out.push('<');
            out.push_str(&element.name);
            for (name, value) in &element.attributes {
                out.push(' ');
                out.push_str(name);
                out.push_str("=\"");
                escape_attribute(value, out);
                out.push('"');
            }
            let text = element.text.as_deref().unwrap_or_default();
            if text.is_empty() && element.children.is_empty() {
                out.push_str(" />");
                continue;
            }
            out.push('>');
            escape_text(text, out);
            stack.push((element, true));
            stack.extend(element.children.iter().rev().map(|c| (c, false)));
        }
    }
}

/// Appends `text` escaped as element text (ElementTree's `_escape_cdata`).
pub fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Appends `value` escaped as an attribute value (ElementTree's `_escape_attrib`).
pub fn escape_attribute(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#09;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str, t: &str) -> Element {
        Element {
            text: Some(t.to_owned()),
            ..Element::new(name)
        }
    }

    #[test]
    fn elementtree_layout() {
        let mut root = Element::new("Tagging");
        root.set_attribute("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/");
        let mut set = Element::new("TagSet");
        let mut tag = Element::new("Tag");
        tag.children.push(text("Key", "k"));
        tag.children.push(text("Value", "v"));
        set.children.push(tag);
        root.children.push(set);
        assert_eq!(
            String::from_utf8(root.to_bytes()).unwrap(),
            "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet><Tag><Key>k</Key>\
             <Value>v</Value></Tag></TagSet></Tagging>"
        );
    }

    #[test]
    fn empty_elements_and_escapes() {
        let mut root = Element::new("R");
        root.children.push(text("Empty", ""));
        root.children.push(Element::new("None"));
        root.children.push(text("T", "a&b<c>d\"e'f\r\n\tg"));
        let mut a = Element::new("A");
        a.set_attribute("x", "a&b<c>d\"e'f\r\n\tg");
        a.set_attribute("y", "1");
        a.set_attribute("x", "2");
        root.children.push(a);
        assert_eq!(
            String::from_utf8(root.to_bytes()).unwrap(),
            "<R><Empty /><None /><T>a&amp;b&lt;c&gt;d\"e'f\r\n\tg</T><A x=\"2\" y=\"1\" /></R>"
        );
        let mut b = Element::new("B");
        b.set_attribute("x", "a&b<c>d\"e'f\r\n\tg");
        assert_eq!(
            String::from_utf8(b.to_bytes()).unwrap(),
            "<B x=\"a&amp;b&lt;c&gt;d&quot;e'f&#13;&#10;&#09;g\" />"
        );
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let mut e = Element::new("x");
        for _ in 0..100_000 {
            let mut parent = Element::new("x");
            parent.children.push(e);
            e = parent;
        }
        let bytes = e.to_bytes();
        assert_eq!(bytes.len(), 100_000 * 7 + 5);
        // Dropping a deep tree recurses too: unwind it by hand.
        let mut stack = vec![e];
        while let Some(mut el) = stack.pop() {
            stack.append(&mut el.children);
        }
    }
}
