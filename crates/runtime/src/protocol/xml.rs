//! Reading XML response bodies into the codecs' output value form, as botocore's XML response
//! parser reads them. Used by awsQuery; meant for restXml and ec2Query as well.
//!
//! The document is parsed into a read-only tree ([`parse`], with `roxmltree`; a DTD is
//! refused, and so are elements nested deeper than 256 levels), then an element is read
//! against a shape of the generated schema ([`read_shape`]) into the `serde_json::Value` an
//! awsJson body would hold for it:
//!
//! - **structures** become objects keyed by member name, in model order. A member's element is
//!   the child whose local name (namespaces are ignored everywhere) is the member's `xmlName`,
//!   else its name; other children are ignored. A member with `xmlAttribute` that has no such
//!   child is read from the element's attribute of that name (`prefix:name` matches a
//!   namespaced attribute by its local name). Members bound to headers or the status code are
//!   left to the caller. Repeated elements for a member that is not a flattened list: the first
//!   one counts.
//! - **lists**: a wrapped list is every child element of the wrapper, whatever its tag; a
//!   flattened list is the repeated member elements themselves. For a flattened list whose
//!   list member has an `xmlName`, botocore looks for elements of *that* name, not the
//!   structure member's (Smithy says the member's): we follow botocore.
//! - **maps**: every child of the map element is an entry (a flattened map's entries are the
//!   repeated member elements); an entry holds the key and value elements (`key`/`value`, or
//!   their `xmlName`s) and nothing else.
//! - **scalars** come from the element's text (character data before its first child
//!   element; an empty element is `""`): booleans are true only for exactly `true`;
//!   integers and floats are read as Python's `int()` / `float()` read them, non-finite floats
//!   becoming the strings `NaN`, `Infinity`, `-Infinity`; blobs stay base64 text (whitespace
//!   removed); timestamps are read leniently (epoch seconds, ISO 8601, RFC 822 / HTTP dates,
//!   [`parse_timestamp_text`]) and written in the member's JSON form.
//! - **unions** read like structures, but must have exactly one child element; a child that
//!   names no member gives `{"SDK_UNKNOWN_MEMBER": {"name": tag}}`, as botocore does.
//!
//! Error documents are read untyped with [`text_tree`].

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use crate::error::ResponseError;
use crate::json::{Timestamp, TimestampFormat};
use crate::schema::{Location, MemberDef, OperationSchema, ShapeDef, ShapeIdx, ShapeKind};

pub use roxmltree::{Document, Node};

/// How many characters of a malformed body an error message quotes.
const QUOTED_CHARS: usize = 100;

/// How deeply elements may nest. Reading a document ([`read_shape`], [`text_tree`]) recurses
/// once per level, so a deeper one is refused rather than left to exhaust the stack (as
/// `serde_json` refuses JSON nested deeper than 128); responses nest a few levels.
const MAX_DEPTH: usize = 256;

/// Parses a response body as XML (UTF-8, an optional byte-order mark).
///
/// # Errors
/// The body is not well-formed XML, or nests elements deeper than 256 levels: the message
/// says why and quotes its start.
pub fn parse(body: &[u8]) -> Result<Document<'_>, ResponseError> {
    let text =
        std::str::from_utf8(body).map_err(|e| malformed(body, &format!("not UTF-8 ({e})")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = Document::parse(text).map_err(|e| malformed(body, &e.to_string()))?;
    // The open elements down to each element, in document order.
    let mut open = Vec::new();
    for node in doc.descendants().filter(Node::is_element) {
        let parent = node.parent_element().map(|p| p.id());
        while let Some(&last) = open.last() {
            if Some(last) == parent {
                break;
            }
            open.pop();
        }
        open.push(node.id());
        if open.len() > MAX_DEPTH {
            let why = format!("elements nested deeper than {MAX_DEPTH} levels");
            return Err(malformed(body, &why));
        }
    }
    Ok(doc)
}

fn malformed(body: &[u8], why: &str) -> ResponseError {
    let head = String::from_utf8_lossy(&body[..body.len().min(QUOTED_CHARS * 4)]);
    let mut chars = head.chars();
    let mut quoted: String = chars.by_ref().take(QUOTED_CHARS).collect();
    if chars.next().is_some() || body.len() > QUOTED_CHARS * 4 {
        quoted.push('…');
    }
    crate::json::error(
        "",
        &format!("invalid XML: {why}; the body starts with {quoted:?}"),
    )
}

/// The element's local name (without namespace or prefix).
pub fn local_name<'a>(node: Node<'a, '_>) -> &'a str {
    node.tag_name().name()
}

/// The element children of `node`.
pub fn child_elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

/// The first child element of `node` whose local name is `name`.
pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    child_elements(node).find(|c| local_name(*c) == name)
}

/// The element's text as Python's ElementTree gives it: the character data before its first
/// child element (comments and processing instructions skipped, CDATA included), or `None`
/// when there is none (`<a></a>`, `<a/>`, `<a><b/>x</a>`, `<a><![CDATA[]]></a>`).
pub fn element_text<'a>(node: Node<'a, '_>) -> Option<Cow<'a, str>> {
    let mut parts = node
        .children()
        .take_while(|c| !c.is_element())
        .filter(Node::is_text)
        .filter_map(|c| c.text())
        // roxmltree keeps an empty CDATA section as an empty text node; expat reports nothing.
        .filter(|t| !t.is_empty());
    let first = parts.next()?;
    match parts.next() {
        None => Some(Cow::Borrowed(first)),
        Some(second) => {
            let mut all = [first, second].concat();
            parts.for_each(|p| all.push_str(p));
            Some(Cow::Owned(all))
        }
    }
}

/// [`element_text`], empty when there is none.
pub fn text<'a>(node: Node<'a, '_>) -> Cow<'a, str> {
    element_text(node).unwrap_or(Cow::Borrowed(""))
}

/// An element as nested objects of text, as botocore reads an error document: an element
/// without child elements is its text (`null` when it has none), any other element an object
/// of its children by local name. When a name repeats, the first element of that name counts.
pub fn text_tree(node: Node<'_, '_>) -> Value {
    if child_elements(node).next().is_none() {
        return element_text(node).map_or(Value::Null, |t| Value::String(t.into_owned()));
    }
    let mut map = Map::new();
    for c in child_elements(node) {
        let name = local_name(c);
        if !map.contains_key(name) {
            map.insert(name.to_owned(), text_tree(c));
        }
    }
    Value::Object(map)
}

/// Reads `node` as a value of `shape` (see the module documentation).
///
/// # Errors
/// A scalar's text is not of its type (`Items[0].Size: expected an integer, got "x"`), a map
/// entry holds an unexpected element or lacks its key or value, or a union does not have
/// exactly one member.
pub fn read_shape(
    node: Node<'_, '_>,
    schema: OperationSchema<'_>,
    shape: ShapeIdx,
) -> Result<Value, ResponseError> {
    Reader { schema }.read(&[node], shape, Ctx::default(), &Path::ROOT)
}

/// Reads the text of a scalar of `shape` as [`read_shape`] reads an element's text; `format`
/// is the member's `timestampFormat`, if any (the target's applies otherwise). For values
/// that come as text outside elements (attributes, headers).
///
/// # Errors
/// The text is not a value of the shape's type.
pub fn read_scalar(
    text: &str,
    shape: &ShapeDef,
    format: Option<TimestampFormat>,
) -> Result<Value, ResponseError> {
    scalar(text, shape, format, &Path::ROOT)
}

/// The name of the element a structure member is read from: botocore's rule, under which a
/// flattened list whose list member has an `xmlName` is found under that name.
pub fn member_element_name<'a>(schema: OperationSchema<'a>, member: &'a MemberDef) -> &'a str {
    if member.wire.xml_flattened
        && let ShapeKind::List {
            member_xml_name: Some(name),
            member_xml_namespace: None,
            ..
        } = schema.shape(member.target).kind
    {
        return name;
    }
    member.wire.xml_name.unwrap_or(member.name)
}

/// Context handed from a member to its value: whether a list or map is flattened, and the
/// member's `timestampFormat` (which also reaches the items of a list or map).
#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    flattened: bool,
    format: Option<TimestampFormat>,
}

/// Where a value is, for error messages; only rendered when an error occurs.
#[derive(Debug, Clone, Copy)]
struct Path<'p> {
    parent: Option<&'p Path<'p>>,
    seg: Seg<'p>,
}

#[derive(Debug, Clone, Copy)]
enum Seg<'p> {
    Root,
    Member(&'p str),
    Index(usize),
}

impl<'p> Path<'p> {
    const ROOT: Path<'static> = Path {
        parent: None,
        seg: Seg::Root,
    };

    fn member(&'p self, name: &'p str) -> Path<'p> {
        Path {
            parent: Some(self),
            seg: Seg::Member(name),
        }
    }

    fn index(&'p self, i: usize) -> Path<'p> {
        Path {
            parent: Some(self),
            seg: Seg::Index(i),
        }
    }

    fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut at = Some(self);
        while let Some(p) = at {
            segs.push(p.seg);
            at = p.parent;
        }
        let mut out = String::new();
        for seg in segs.iter().rev() {
            match seg {
                Seg::Root => {}
                Seg::Member(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    fn error(&self, what: &str) -> ResponseError {
        crate::json::error(&self.render(), what)
    }
}

struct Reader<'s> {
    schema: OperationSchema<'s>,
}

impl Reader<'_> {
    /// Reads `nodes` (the elements found for one member: one, or several for a flattened
    /// list or map; never empty) as `idx`.
    fn read(
        &self,
        nodes: &[Node<'_, '_>],
        idx: ShapeIdx,
        ctx: Ctx,
        path: &Path<'_>,
    ) -> Result<Value, ResponseError> {
        let Some(&first) = nodes.first() else {
            return Ok(Value::Null);
        };
        let def = self.schema.shape(idx);
        match &def.kind {
            ShapeKind::Structure { members, .. } => self.structure(first, members, path),
            ShapeKind::Union { members } => self.union(first, def, members, path),
            ShapeKind::List { member, .. } => {
                let inner = Ctx {
                    flattened: false,
                    format: ctx.format,
                };
                let mut items = Vec::new();
                let mut push = |i: usize, n: Node<'_, '_>| -> Result<(), ResponseError> {
                    items.push(self.read(&[n], *member, inner, &path.index(i))?);
                    Ok(())
                };
                if ctx.flattened {
                    for (i, n) in nodes.iter().enumerate() {
                        push(i, *n)?;
                    }
                } else {
                    for (i, n) in child_elements(first).enumerate() {
                        push(i, n)?;
                    }
                }
                Ok(Value::Array(items))
            }
            ShapeKind::Map {
                key,
                value,
                key_xml_name,
                value_xml_name,
                ..
            } => {
                let names = (
                    key_xml_name.unwrap_or("key"),
                    value_xml_name.unwrap_or("value"),
                );
                let mut out = Map::new();
                let inner = Ctx {
                    flattened: false,
                    format: ctx.format,
                };
                if ctx.flattened {
                    for n in nodes {
                        self.entry(*n, (*key, *value), names, inner, path, &mut out)?;
                    }
                } else {
                    for n in child_elements(first) {
                        self.entry(n, (*key, *value), names, inner, path, &mut out)?;
                    }
                }
                Ok(Value::Object(out))
            }
            _ => scalar(&text(first), def, ctx.format, path),
        }
    }

    fn structure(
        &self,
        node: Node<'_, '_>,
        members: &[MemberDef],
        path: &Path<'_>,
    ) -> Result<Value, ResponseError> {
        let mut out = Map::new();
        let mut found = Vec::new();
        for m in members {
            if matches!(
                m.wire.location,
                Location::Header(_) | Location::PrefixHeaders(_) | Location::StatusCode
            ) {
                continue;
            }
            let name = member_element_name(self.schema, m);
            found.clear();
            found.extend(child_elements(node).filter(|c| local_name(*c) == name));
            let ctx = Ctx {
                flattened: m.wire.xml_flattened,
                format: m.wire.timestamp_format,
            };
            if !found.is_empty() {
                let v = self.read(&found, m.target, ctx, &path.member(m.name))?;
                out.insert(m.name.to_owned(), v);
            } else if m.wire.xml_attribute
                && let Some(raw) = attribute(node, m.wire.xml_name.unwrap_or(m.name))
            {
                let target = self.schema.shape(m.target);
                let v = scalar(raw, target, ctx.format, &path.member(m.name))?;
                out.insert(m.name.to_owned(), v);
            }
        }
        Ok(Value::Object(out))
    }

    fn union(
        &self,
        node: Node<'_, '_>,
        def: &ShapeDef,
        members: &[MemberDef],
        path: &Path<'_>,
    ) -> Result<Value, ResponseError> {
        let mut tags: Vec<&str> = Vec::new();
        for c in child_elements(node) {
            let tag = local_name(c);
            if tag != "__type" && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        let [tag] = tags[..] else {
            return Err(path.error(&format!(
                "the union {} must have exactly one member set, found {}",
                def.name,
                tags.len()
            )));
        };
        if !members
            .iter()
            .any(|m| m.wire.xml_name.unwrap_or(m.name) == tag)
        {
            let mut unknown = Map::new();
            unknown.insert("name".to_owned(), Value::String(tag.to_owned()));
            let mut out = Map::new();
            out.insert("SDK_UNKNOWN_MEMBER".to_owned(), Value::Object(unknown));
            return Ok(Value::Object(out));
        }
        self.structure(node, members, path)
    }

    /// Reads one map entry into `out`.
    fn entry(
        &self,
        entry: Node<'_, '_>,
        (key, value): (ShapeIdx, ShapeIdx),
        (key_name, value_name): (&str, &str),
        ctx: Ctx,
        path: &Path<'_>,
        out: &mut Map<String, Value>,
    ) -> Result<(), ResponseError> {
        let (mut key_node, mut value_node) = (None, None);
        for c in child_elements(entry) {
            let tag = local_name(c);
            if tag == key_name {
                key_node = Some(c);
            } else if tag == value_name {
                value_node = Some(c);
            } else {
                return Err(path.error(&format!(
                    "unexpected element <{tag}> in a map entry (expected <{key_name}> and <{value_name}>)"
                )));
            }
        }
        let (Some(key_node), Some(value_node)) = (key_node, value_node) else {
            return Err(path.error(&format!(
                "a map entry lacks its <{}> element",
                if key_node.is_none() {
                    key_name
                } else {
                    value_name
                }
            )));
        };
        let k = match scalar(&text(key_node), self.schema.shape(key), None, path)? {
            Value::String(s) => s,
            other => other.to_string(),
        };
        let v = self.read(&[value_node], value, ctx, &path.member(&k))?;
        out.insert(k, v);
        Ok(())
    }
}

/// The value of the attribute `name` of `node`: `prefix:local` matches a namespaced attribute
/// by its local name (botocore substitutes the modelled prefix for any namespace), a plain
/// name an attribute without namespace.
fn attribute<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    let found = match name.split_once(':') {
        Some((_, local)) => node
            .attributes()
            .find(|a| a.namespace().is_some() && a.name() == local),
        None => node
            .attributes()
            .find(|a| a.namespace().is_none() && a.name() == name),
    };
    found.map(|a| a.value())
}

/// A scalar of `def` from its text.
fn scalar(
    text: &str,
    def: &ShapeDef,
    format: Option<TimestampFormat>,
    path: &Path<'_>,
) -> Result<Value, ResponseError> {
    let bad = |what: &str| path.error(&format!("expected {what}, got {text:?}"));
    match &def.kind {
        ShapeKind::String { .. } => Ok(Value::String(text.to_owned())),
        ShapeKind::Boolean => Ok(Value::Bool(text == "true")),
        ShapeKind::Integer { .. } | ShapeKind::IntEnum { .. } | ShapeKind::BigInteger => {
            awslice_pyfmt::parse_int(text)
                .ok()
                .and_then(|digits| digits.parse::<Number>().ok())
                .map(Value::Number)
                .ok_or_else(|| bad("an integer"))
        }
        ShapeKind::Float { .. } => awslice_pyfmt::parse_float(text)
            .map(awslice_pyfmt::float_number)
            .map_err(|_| bad("a number")),
        ShapeKind::BigDecimal => text
            .trim()
            .parse::<Number>()
            .map(Value::Number)
            .map_err(|_| bad("a number")),
        ShapeKind::Blob { .. } => Ok(Value::String(
            text.chars().filter(|c| !c.is_ascii_whitespace()).collect(),
        )),
        ShapeKind::Timestamp { format: shape } => parse_timestamp_text(text)
            .map(|t| t.to_value(format.or(*shape).unwrap_or(TimestampFormat::EpochSeconds)))
            .ok_or_else(|| bad("a timestamp")),
        ShapeKind::Document => Err(path.error("a document cannot be read from XML")),
        ShapeKind::Structure { .. }
        | ShapeKind::Union { .. }
        | ShapeKind::List { .. }
        | ShapeKind::Map { .. } => Err(path.error("expected an element, got text")),
    }
}

/// Reads a timestamp leniently, as botocore does whatever the model says: epoch seconds
/// (`1398796238`, `1398796238.5`), ISO 8601 (`2014-04-29T18:30:38Z`, with a fraction, an
/// offset `+02:00` / `+0200` / `+02`, a space for `T`, the basic form `20140429T183038Z`, a
/// date alone; no zone means UTC), and RFC 822 / HTTP dates (`Tue, 29 Apr 2014 18:30:38 GMT`,
/// a numeric zone `+0000`, the RFC 850 and asctime forms). Surrounding whitespace is ignored.
pub fn parse_timestamp_text(text: &str) -> Option<Timestamp> {
    let t = text.trim();
    if let Ok(secs) = awslice_pyfmt::parse_float(t) {
        return secs.is_finite().then_some(Timestamp(secs));
    }
    parse_iso8601(t)
        .or_else(|| Timestamp::parse_http_date(t))
        .or_else(|| parse_rfc822(t))
}

/// A tiny byte cursor for the timestamp parsers.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn done(&self) -> bool {
        self.i == self.s.len()
    }

    /// Exactly `n` digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let chunk = self.s.get(self.i..self.i + n)?;
        if !chunk.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += n;
        Some(
            chunk
                .iter()
                .fold(0, |acc, d| acc * 10 + u32::from(d - b'0')),
        )
    }

    /// One or more digits, at most `max`.
    fn some_digits(&mut self, max: usize) -> Option<u32> {
        let start = self.i;
        while self.i - start < max && self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.i += 1;
        }
        let chunk = &self.s[start..self.i];
        (!chunk.is_empty()).then(|| {
            chunk
                .iter()
                .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
        })
    }

    fn skip_spaces(&mut self) -> bool {
        let start = self.i;
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
        self.i > start
    }

    /// A fraction of a second after `.` or `,`, in nanoseconds (digits past the ninth
    /// dropped).
    fn fraction(&mut self) -> Option<u32> {
        if !(self.eat(b'.') || self.eat(b',')) {
            return Some(0);
        }
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.i += 1;
        }
        let digits = &self.s[start..self.i];
        if digits.is_empty() {
            return None;
        }
        let mut nanos = 0;
        for k in 0..9 {
            nanos = nanos * 10 + digits.get(k).map_or(0, |d| u32::from(d - b'0'));
        }
        Some(nanos)
    }

    /// `±HH[:MM]` / `±HHMM` as seconds east of UTC.
    fn numeric_offset(&mut self) -> Option<i64> {
        let sign = if self.eat(b'+') {
            1
        } else if self.eat(b'-') {
            -1
        } else {
            return None;
        };
        let hours = self.digits(2)?;
        self.eat(b':');
        let minutes = if self.done() { 0 } else { self.digits(2)? };
        Some(sign * i64::from(hours * 3600 + minutes * 60))
    }
}

fn parse_iso8601(t: &str) -> Option<Timestamp> {
    let mut c = Cursor {
        s: t.as_bytes(),
        i: 0,
    };
    let year = c.digits(4)?;
    let extended = c.eat(b'-');
    let month = c.digits(2)?;
    if extended && !c.eat(b'-') {
        return None;
    }
    let day = c.digits(2)?;
    if c.done() {
        return build(year, month, day, (0, 0, 0, 0), 0);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let hour = c.digits(2)?;
    let colons = c.eat(b':');
    let minute = c.digits(2)?;
    let second =
        if (colons && c.eat(b':')) || (!colons && c.peek().is_some_and(|b| b.is_ascii_digit())) {
            c.digits(2)?
        } else {
            0
        };
    let nanos = c.fraction()?;
    let offset = match c.peek() {
        None => 0,
        Some(b'Z' | b'z') => {
            c.i += 1;
            0
        }
        Some(_) => c.numeric_offset()?,
    };
    if !c.done() {
        return None;
    }
    build(year, month, day, (hour, minute, second, nanos), offset)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// `[Wkd, ]D Mon YYYY HH:MM[:SS] [GMT|UTC|UT|Z|±HHMM]`.
fn parse_rfc822(t: &str) -> Option<Timestamp> {
    let t = match t.split_once(',') {
        Some((weekday, rest)) if weekday.chars().all(|ch| ch.is_ascii_alphabetic()) => rest,
        Some(_) => return None,
        None => t,
    };
    let mut c = Cursor {
        s: t.trim_start().as_bytes(),
        i: 0,
    };
    let day = c.some_digits(2)?;
    if !c.skip_spaces() {
        return None;
    }
    let month_name = c.s.get(c.i..c.i + 3)?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| m.as_bytes() == month_name)?;
    c.i += 3;
    if !c.skip_spaces() {
        return None;
    }
    let year = c.digits(4)?;
    if !c.skip_spaces() {
        return None;
    }
    let hour = c.some_digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.digits(2)?;
    let second = if c.eat(b':') { c.digits(2)? } else { 0 };
    let nanos = c.fraction()?;
    c.skip_spaces();
    let zone = std::str::from_utf8(&c.s[c.i..]).ok()?;
    let offset = match zone {
        "" | "GMT" | "UTC" | "UT" | "Z" => 0,
        _ => {
            let mut z = Cursor {
                s: zone.as_bytes(),
                i: 0,
            };
            let offset = z.numeric_offset()?;
            if !z.done() {
                return None;
            }
            offset
        }
    };
    let month = u32::try_from(month).ok()? + 1;
    build(year, month, day, (hour, minute, second, nanos), offset)
}

/// The instant of a calendar date and time at `offset` seconds east of UTC, computed
/// through its decimal text so that the seconds are the nearest `f64`.
fn build(
    year: u32,
    month: u32,
    day: u32,
    (hour, minute, second, nanos): (u32, u32, u32, u32),
    offset: i64,
) -> Option<Timestamp> {
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date =
        time::Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?)
            .ok()?;
    let clock = time::Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanos,
    )
    .ok()?;
    let unix = time::PrimitiveDateTime::new(date, clock)
        .assume_utc()
        .unix_timestamp()
        - offset;
    let total = i128::from(unix) * 1_000_000_000 + i128::from(nanos);
    let sign = if total < 0 { "-" } else { "" };
    let abs = total.unsigned_abs();
    format!("{sign}{}.{:09}", abs / 1_000_000_000, abs % 1_000_000_000)
        .parse::<f64>()
        .ok()
        .map(Timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Http, Operation};
    use serde_json::json;

    const fn shape(name: &'static str, kind: ShapeKind) -> ShapeDef {
        ShapeDef::new(name, kind)
    }

    const fn member(name: &'static str, target: ShapeIdx) -> MemberDef {
        MemberDef::new(name, target)
    }

    const fn named(name: &'static str, xml: &'static str, target: ShapeIdx) -> MemberDef {
        let mut m = member(name, target);
        m.wire.xml_name = Some(xml);
        m
    }

    const fn flat(mut m: MemberDef) -> MemberDef {
        m.wire.xml_flattened = true;
        m
    }

    const fn date_time(mut m: MemberDef) -> MemberDef {
        m.wire.timestamp_format = Some(TimestampFormat::DateTime);
        m
    }

    const fn attribute_member(mut m: MemberDef) -> MemberDef {
        m.wire.xml_attribute = true;
        m
    }

    const STRING: ShapeIdx = 0;
    const BOOL: ShapeIdx = 1;
    const INT: ShapeIdx = 2;
    const FLOAT: ShapeIdx = 3;
    const BLOB: ShapeIdx = 4;
    const TS: ShapeIdx = 5;
    const LIST: ShapeIdx = 6;
    const LIST_ITEM: ShapeIdx = 7;
    const MAP: ShapeIdx = 8;
    const MAP_RENAMED: ShapeIdx = 9;
    const TOP: ShapeIdx = 10;
    const NESTED: ShapeIdx = 11;
    const UNION: ShapeIdx = 12;
    const TS_HTTP: ShapeIdx = 13;
    const NESTED_LIST: ShapeIdx = 14;

    static SHAPES: &[ShapeDef] = &[
        shape(
            "String",
            ShapeKind::String {
                enum_values: &[],
                min_len: None,
                max_len: None,
                pattern: None,
            },
        ),
        shape("Boolean", ShapeKind::Boolean),
        shape(
            "Integer",
            ShapeKind::Integer {
                min: None,
                max: None,
            },
        ),
        shape(
            "Double",
            ShapeKind::Float {
                min: None,
                max: None,
            },
        ),
        shape("Blob", ShapeKind::Blob { streaming: false }),
        shape("Timestamp", ShapeKind::Timestamp { format: None }),
        shape(
            "StringList",
            ShapeKind::List {
                member: STRING,
                min_len: None,
                max_len: None,
                member_xml_name: None,
                member_xml_namespace: None,
            },
        ),
        shape(
            "ItemList",
            ShapeKind::List {
                member: STRING,
                min_len: None,
                max_len: None,
                member_xml_name: Some("item"),
                member_xml_namespace: None,
            },
        ),
        shape(
            "StringMap",
            ShapeKind::Map {
                key: STRING,
                value: STRING,
                key_xml_name: None,
                value_xml_name: None,
                key_xml_namespace: None,
                value_xml_namespace: None,
            },
        ),
        shape(
            "RenamedMap",
            ShapeKind::Map {
                key: STRING,
                value: NESTED,
                key_xml_name: Some("Name"),
                value_xml_name: Some("Value"),
                key_xml_namespace: None,
                value_xml_namespace: None,
            },
        ),
        shape(
            "Top",
            ShapeKind::Structure {
                members: &[
                    member("Str", STRING),
                    member("Empty", STRING),
                    member("Flag", BOOL),
                    member("NotFlag", BOOL),
                    member("Count", INT),
                    member("Ratio", FLOAT),
                    member("NotANumber", FLOAT),
                    member("Big", FLOAT),
                    member("Data", BLOB),
                    member("When", TS),
                    date_time(member("WhenIso", TS)),
                    member("WhenHttp", TS_HTTP),
                    named("Renamed", "other", STRING),
                    member("Wrapped", LIST),
                    member("Items", LIST_ITEM),
                    flat(member("Flat", LIST)),
                    flat(member("FlatItems", LIST_ITEM)),
                    member("None", LIST),
                    member("Map", MAP),
                    flat(member("FlatMap", MAP)),
                    member("Attrs", MAP_RENAMED),
                    member("Nested", NESTED),
                    member("Lists", NESTED_LIST),
                    member("Choice", UNION),
                    member("Missing", STRING),
                ],
                error: None,
                error_code: None,
            },
        ),
        shape(
            "Nested",
            ShapeKind::Structure {
                members: &[
                    member("DataType", STRING),
                    attribute_member(named("Kind", "xsi:type", STRING)),
                    attribute_member(member("Id", INT)),
                ],
                error: None,
                error_code: None,
            },
        ),
        shape(
            "Choice",
            ShapeKind::Union {
                members: &[member("A", STRING), member("B", INT)],
            },
        ),
        shape(
            "HttpDate",
            ShapeKind::Timestamp {
                format: Some(TimestampFormat::HttpDate),
            },
        ),
        shape(
            "ListOfLists",
            ShapeKind::List {
                member: LIST,
                min_len: None,
                max_len: None,
                member_xml_name: None,
                member_xml_namespace: None,
            },
        ),
    ];

    static OP: Operation = Operation {
        name: "Op",
        input: None,
        output: Some(TOP),
        errors: &[],
        http: Http::RPC,
        host_prefix: None,
        auth: crate::schema::Auth::SigV4,
        rules: &crate::schema::OperationRules::NONE,
    };

    fn schema() -> OperationSchema<'static> {
        OperationSchema {
            shapes: SHAPES,
            operation: &OP,
        }
    }

    fn read(xml: &str, idx: ShapeIdx) -> Result<Value, ResponseError> {
        let doc = parse(xml.as_bytes())?;
        read_shape(doc.root_element(), schema(), idx)
    }

    fn error(xml: &str, idx: ShapeIdx) -> String {
        read(xml, idx).unwrap_err().message
    }

    #[test]
    fn structures_scalars_lists_and_maps() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<Top xmlns="https://example.com/doc/2010-05-08/" xmlns:p="urn:p">
  <Str>a &amp; b<!-- c --> d</Str>
  <Empty/>
  <Flag>true</Flag>
  <NotFlag>True</NotFlag>
  <Count> -42 </Count>
  <Ratio>1.5</Ratio>
  <NotANumber>NaN</NotANumber>
  <Big>-Infinity</Big>
  <Data>aGVs
bG8=</Data>
  <When>2011-07-15T23:28:33.359Z</When>
  <WhenIso>1310772513</WhenIso>
  <WhenHttp>2011-07-15T23:28:33Z</WhenHttp>
  <Renamed>not this one</Renamed>
  <p:other>renamed</p:other>
  <Wrapped><member>x</member><anything>y</anything></Wrapped>
  <Items><item>i1</item></Items>
  <Flat>f1</Flat>
  <Unknown><Deep>ignored</Deep></Unknown>
  <Flat>f2</Flat>
  <item>fi1</item>
  <item>fi2</item>
  <FlatItems>not read: the list member's name is</FlatItems>
  <None/>
  <Map>
    <entry><key>k1</key><value>v1</value></entry>
    <entry><value>v2</value><key>k2</key></entry>
  </Map>
  <FlatMap><key>a</key><value>1</value></FlatMap>
  <FlatMap><key>b</key><value>2</value></FlatMap>
  <Attrs>
    <entry><Name>n</Name><Value><DataType>String</DataType></Value></entry>
  </Attrs>
  <Nested xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group" Id="7">
    <DataType><![CDATA[<cdata>]]></DataType>
  </Nested>
  <Lists><member><member>1</member><member>2</member></member><member/></Lists>
  <Choice><B>3</B></Choice>
</Top>"#;
        assert_eq!(
            read(xml, TOP).unwrap(),
            json!({
                "Str": "a & b d",
                "Empty": "",
                "Flag": true,
                "NotFlag": false,
                "Count": -42,
                "Ratio": 1.5,
                "NotANumber": "NaN",
                "Big": "-Infinity",
                "Data": "aGVsbG8=",
                "When": 1310772513.359,
                "WhenIso": "2011-07-15T23:28:33Z",
                "WhenHttp": "Fri, 15 Jul 2011 23:28:33 GMT",
                "Renamed": "renamed",
                "Wrapped": ["x", "y"],
                "Items": ["i1"],
                "Flat": ["f1", "f2"],
                "FlatItems": ["fi1", "fi2"],
                "None": [],
                "Map": {"k1": "v1", "k2": "v2"},
                "FlatMap": {"a": "1", "b": "2"},
                "Attrs": {"n": {"DataType": "String"}},
                "Nested": {"DataType": "<cdata>", "Kind": "Group", "Id": 7},
                "Lists": [["1", "2"], []],
                "Choice": {"B": 3},
            })
        );
    }

    #[test]
    fn an_empty_structure_and_repeated_scalars() {
        assert_eq!(read("<Top/>", TOP).unwrap(), json!({}));
        assert_eq!(
            read("<Top><Str>1</Str><Str>2</Str></Top>", TOP).unwrap(),
            json!({"Str": "1"})
        );
        assert_eq!(
            read("<Top><Flat>only</Flat></Top>", TOP).unwrap(),
            json!({"Flat": ["only"]})
        );
    }

    #[test]
    fn unions() {
        assert_eq!(
            read("<Choice><C>x</C></Choice>", UNION).unwrap(),
            json!({"SDK_UNKNOWN_MEMBER": {"name": "C"}})
        );
        assert_eq!(
            error("<Choice><A>x</A><B>1</B></Choice>", UNION),
            "the union Choice must have exactly one member set, found 2"
        );
        assert_eq!(
            error("<Top><Choice/></Top>", TOP),
            "Choice: the union Choice must have exactly one member set, found 0"
        );
    }

    #[test]
    fn bad_values_name_their_path() {
        assert_eq!(
            error("<Top><Count>x</Count></Top>", TOP),
            r#"Count: expected an integer, got "x""#
        );
        assert_eq!(
            error("<Top><Ratio>1.5.</Ratio></Top>", TOP),
            r#"Ratio: expected a number, got "1.5.""#
        );
        assert_eq!(
            error("<Top><When>yesterday</When></Top>", TOP),
            r#"When: expected a timestamp, got "yesterday""#
        );
        assert_eq!(
            error(
                "<Top><Attrs><entry><Name>n</Name><Bad/></entry></Attrs></Top>",
                TOP
            ),
            "Attrs: unexpected element <Bad> in a map entry (expected <Name> and <Value>)"
        );
        assert_eq!(
            error(
                "<Top><Attrs><entry><Name>n</Name><Value><Id>z</Id></Value></entry></Attrs></Top>",
                TOP
            ),
            r#"Attrs.n.Id: expected an integer, got "z""#
        );
        assert_eq!(
            error("<Top><Map><entry><key>k</key></entry></Map></Top>", TOP),
            "Map: a map entry lacks its <value> element"
        );
        assert_eq!(
            error(
                r#"<Top><Attrs><e><Name>k</Name><Value Id="x"/></e></Attrs></Top>"#,
                TOP
            ),
            r#"Attrs.k.Id: expected an integer, got "x""#
        );
    }

    #[test]
    fn malformed_documents() {
        assert_eq!(
            parse(b"<a><b></a>").unwrap_err().message,
            "invalid XML: expected 'b' tag, not 'a' at 1:7; the body starts with \"<a><b></a>\""
        );
        assert_eq!(
            parse(b"").unwrap_err().message,
            "invalid XML: the document does not have a root node; the body starts with \"\""
        );
        assert_eq!(
            parse(b"\xff<a/>").unwrap_err().message,
            "invalid XML: not UTF-8 (invalid utf-8 sequence of 1 bytes from index 0); \
             the body starts with \"\u{fffd}<a/>\""
        );
        let long = format!("{}<", "x".repeat(150));
        assert_eq!(
            parse(long.as_bytes()).unwrap_err().message,
            format!(
                "invalid XML: unknown token at 1:1; the body starts with \"{}…\"",
                "x".repeat(100)
            )
        );
        assert_eq!(
            parse(&[0xff; 150]).unwrap_err().message,
            format!(
                "invalid XML: not UTF-8 (invalid utf-8 sequence of 1 bytes from index 0); \
                 the body starts with \"{}…\"",
                "\u{fffd}".repeat(100)
            )
        );
        assert!(parse("\u{feff}<a/>".as_bytes()).is_ok());
    }

    #[test]
    fn deeply_nested_documents_are_refused() {
        let nested = |n: usize| format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
        assert!(parse(nested(MAX_DEPTH).as_bytes()).is_ok());
        // 20 000 levels overflowed the stack of a debug build in `text_tree` (see
        // fuzz/regressions/xml_response/).
        for n in [MAX_DEPTH + 1, 20_000] {
            let message = parse(nested(n).as_bytes()).unwrap_err().message;
            assert!(
                message.starts_with("invalid XML: elements nested deeper than 256 levels; "),
                "{message}"
            );
        }
    }

    #[test]
    fn text_trees() {
        let doc = parse(
            br#"<ErrorResponse xmlns="urn:x"><Error><Type>Sender</Type><Code>C</Code>
            <Message/><Detail><A>1</A><A>2</A></Detail></Error><RequestId>r</RequestId></ErrorResponse>"#,
        )
        .unwrap();
        assert_eq!(
            text_tree(doc.root_element()),
            json!({
                "Error": {"Type": "Sender", "Code": "C", "Message": null, "Detail": {"A": "1"}},
                "RequestId": "r",
            })
        );
    }

    #[test]
    fn element_texts() {
        let doc = parse(b"<a>x<!--c-->y<b>z</b>w</a>").unwrap();
        let a = doc.root_element();
        assert_eq!(element_text(a).as_deref(), Some("xy"));
        let b = child(a, "b").unwrap();
        assert_eq!(element_text(b).as_deref(), Some("z"));
        let doc = parse(b"<a><b/>w</a>").unwrap();
        assert_eq!(element_text(doc.root_element()), None);
        assert_eq!(text(doc.root_element()), "");
        let doc = parse(b"<a><![CDATA[]]><!--c--><![CDATA[]]></a>").unwrap();
        assert_eq!(element_text(doc.root_element()), None);
        let doc = parse(b"<a><![CDATA[]]>x<![CDATA[]]></a>").unwrap();
        assert_eq!(element_text(doc.root_element()).as_deref(), Some("x"));
    }

    #[test]
    fn read_scalar_from_text() {
        let ts = &SHAPES[TS];
        assert_eq!(
            read_scalar("0", ts, Some(TimestampFormat::DateTime)).unwrap(),
            json!("1970-01-01T00:00:00Z")
        );
        assert_eq!(read_scalar("12", &SHAPES[INT], None).unwrap(), json!(12));
    }

    #[test]
    fn lenient_timestamps() {
        let t = |s: &str| parse_timestamp_text(s).map(|t| t.0);
        let whole = Some(1_398_796_238.0);
        for s in [
            "1398796238",
            " 1398796238.0 ",
            "2014-04-29T18:30:38Z",
            "2014-04-29t18:30:38z",
            "2014-04-29T18:30:38",
            "2014-04-29 18:30:38",
            "2014-04-29T20:30:38+02:00",
            "2014-04-29T20:30:38+0200",
            "2014-04-29T20:30:38+02",
            "2014-04-29T17:30:38-01:00",
            "20140429T183038Z",
            "Tue, 29 Apr 2014 18:30:38 GMT",
            "Tue, 29 Apr 2014 18:30:38 +0000",
            "Tue, 29 Apr 2014 20:30:38 +0200",
            "29 Apr 2014 18:30:38 UTC",
            "Tuesday, 29-Apr-14 18:30:38 GMT",
            "Tue Apr 29 18:30:38 2014",
        ] {
            assert_eq!(t(s), whole, "{s}");
        }
        assert_eq!(t("2014-04-29T18:30:38.359Z"), Some(1_398_796_238.359));
        assert_eq!(t("2014-04-29T18:30:38,5Z"), Some(1_398_796_238.5));
        // Digits past the nanosecond are dropped.
        assert_eq!(
            t("2014-04-29T18:30:38.1234567891Z"),
            "1398796238.123456789".parse().ok()
        );
        assert_eq!(t("1969-12-31T23:59:59.5Z"), Some(-0.5));
        assert_eq!(t("2014-04-29"), Some(1_398_729_600.0));
        assert_eq!(t("2014-04-29T18:30Z"), Some(1_398_796_200.0));
        for bad in [
            "",
            "yesterday",
            "NaN",
            "inf",
            "2014-02-30T00:00:00Z",
            "2014-04-29T18:30:38Q",
            "2014-04-29T25:00:00Z",
            "Tue, 29 Foo 2014 18:30:38 GMT",
            "Tue, 29 Apr 2014 18:30:38 CEST",
        ] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }
}
