//! The AWS CLI's auto-pagination (botocore's `PageIterator` as the AWS CLI drives it) for
//! operations with a paginator: `--starting-token`, `--page-size`, `--max-items`,
//! `--no-paginate`, merged result lists and the base64 resume token.

use serde_json::{Map, Value};

use crate::schema::PaginatorDef;

/// The paging options, in the order the AWS CLI adds them (`--page-size` only when the
/// paginator has a page-size member).
pub fn option_names(p: &PaginatorDef) -> Vec<&'static str> {
    let mut names = vec!["--starting-token"];
    if p.page_size.is_some() {
        names.push("--page-size");
    }
    names.push("--max-items");
    names
}

/// The paging options as given on the command line.
#[derive(Debug, Default, Clone)]
pub struct PageArgs {
    /// `--starting-token`.
    pub starting_token: Option<String>,
    /// `--page-size`.
    pub page_size: Option<String>,
    /// `--max-items`.
    pub max_items: Option<String>,
}

impl PageArgs {
    /// The paging options given with a truthy value (Python's `getattr(...)` test: an
    /// empty token or a zero count does not count), for the `--no-paginate` conflict.
    fn given(&self) -> Vec<&'static str> {
        let nonzero = |v: &Option<String>| {
            v.as_deref()
                .and_then(|t| awslice_pyfmt::parse_int(t).ok())
                .is_some_and(|d| d != "0")
        };
        let mut out = Vec::new();
        if self
            .starting_token
            .as_deref()
            .is_some_and(|s| !s.is_empty())
        {
            out.push("--starting-token");
        }
        if nonzero(&self.page_size) {
            out.push("--page-size");
        }
        if nonzero(&self.max_items) {
            out.push("--max-items");
        }
        out
    }
}

/// Why paging could not start or go on.
#[derive(Debug, PartialEq, Eq)]
pub enum PageError {
    /// Any other error (Python's exception text), exit 255.
    General(String),
}

/// One paginated command in progress.
#[derive(Debug)]
pub struct Pager {
    input_token: &'static str,
    output_token: &'static str,
    page_size_member: Option<&'static str>,
    items: &'static str,
    max_items: Option<i64>,
    page_size: Option<i64>,
    /// The decoded `--starting-token`.
    starting: Option<Map<String, Value>>,
    /// Items to skip in the first page (`boto_truncate_amount` of the starting token).
    starting_truncation: i64,
    /// The token dict used for the current request (`{input_token: value-or-null}`).
    current_token: Map<String, Value>,
    previous_next: Option<Map<String, Value>>,
    first: bool,
    total: i64,
    resume: Option<String>,
    pages: Vec<Value>,
}

/// What to do after a page.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// Send the (updated) request again.
    More,
    /// Paging is over.
    Done,
}

/// Decides whether the command pages. `manual` is true when the input-token or page-size
/// member was given on the command line (the AWS CLI then turns paging off). Returns
/// `Ok(None)` for a single raw request.
pub fn start(
    def: Option<&PaginatorDef>,
    no_paginate: bool,
    manual: bool,
    args: &PageArgs,
) -> Result<Option<Pager>, PageError> {
    let Some(def) = def else {
        return Ok(None);
    };
    if no_paginate || manual {
        let given = args.given();
        if !given.is_empty() {
            // botocore's `PaginationError`, raised by the AWS CLI's paging customisation.
            return Err(PageError::General(format!(
                "Error during pagination: Cannot specify --no-paginate along with pagination arguments: {}",
                given.join(", ")
            )));
        }
        return Ok(None);
    }
    let int = |v: &Option<String>| -> Result<Option<i64>, PageError> {
        match v {
            None => Ok(None),
            Some(t) => {
                let digits = awslice_pyfmt::parse_int(t).map_err(PageError::General)?;
                digits
                    .parse::<i64>()
                    .map(Some)
                    .map_err(|_| PageError::General(awslice_pyfmt::int_error(t)))
            }
        }
    };
    let max_items = int(&args.max_items)?;
    let page_size = int(&args.page_size)?;
    // A paginator without a result list cannot merge anything: one raw request.
    let Some(items) = def.items else {
        return Ok(None);
    };
    let mut current_token = Map::new();
    current_token.insert(def.input_token.to_owned(), Value::Null);
    let mut starting_truncation = 0;
    let mut starting = None;
    if let Some(tok) = args.starting_token.as_deref().filter(|t| !t.is_empty()) {
        let (token, index) = parse_starting_token(tok, def.input_token)?;
        current_token = token.clone();
        starting = Some(token);
        starting_truncation = index;
    }
    Ok(Some(Pager {
        input_token: def.input_token,
        output_token: def.output_token,
        page_size_member: def.page_size,
        items,
        max_items,
        page_size,
        starting,
        starting_truncation,
        current_token,
        previous_next: None,
        first: true,
        total: 0,
        resume: None,
        pages: Vec::new(),
    }))
}

/// botocore's `_inject_token_into_kwargs`: set the non-null tokens, remove the others
/// (keeping the other members' order).
fn inject(body: &mut Map<String, Value>, token: &Map<String, Value>) {
    for (k, v) in token {
        if v.is_null() || v.as_str() == Some("None") {
            body.shift_remove(k);
        } else {
            body.insert(k.clone(), v.clone());
        }
    }
}

/// Decodes `--starting-token`: base64 of a JSON object (with `boto_truncate_amount`), or
/// the deprecated form (`token` or `token___index`).
fn parse_starting_token(
    tok: &str,
    input_token: &str,
) -> Result<(Map<String, Value>, i64), PageError> {
    let decoded = b64decode(tok)
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| serde_json::from_str::<Value>(&s).ok());
    if let Some(Value::Object(mut m)) = decoded {
        let index = match m.shift_remove("boto_truncate_amount") {
            Some(v) => v.as_i64().unwrap_or(0),
            None => 0,
        };
        return Ok((m, index));
    }
    // The deprecated layout: `<token>` or `<token>___<index>`.
    let mut parts: Vec<&str> = tok.split("___").collect();
    let mut index = 0;
    if parts.len() == 2 {
        match parts[1].trim().parse::<i64>() {
            Ok(i) => {
                index = i;
                parts.pop();
            }
            Err(_) => parts = vec![tok],
        }
    }
    if parts.len() != 1 {
        return Err(PageError::General(format!("Bad starting token: {tok}")));
    }
    let mut m = Map::new();
    let v = if parts[0] == "None" {
        Value::Null
    } else {
        Value::String(parts[0].to_owned())
    };
    m.insert(input_token.to_owned(), v);
    Ok((m, index))
}

fn path_get<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |cur, k| cur.get(k))
}

/// Sets `path` in `v`, creating objects on the way (botocore's `set_value_from_jmespath`).
fn path_set(v: &mut Value, path: &str, new: Value) {
    let mut cur = v;
    let keys: Vec<&str> = path.split('.').collect();
    for (i, k) in keys.iter().enumerate() {
        let Value::Object(m) = cur else { return };
        if i + 1 == keys.len() {
            m.insert((*k).to_owned(), new);
            return;
        }
        cur = m
            .entry((*k).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// Python's `seq[start:end]` bounds for a sequence of `len` (negative counts from the end).
fn py_bound(i: i64, len: usize) -> usize {
    let len_i = i64::try_from(len).unwrap_or(i64::MAX);
    let b = if i < 0 {
        (len_i + i).max(0)
    } else {
        i.min(len_i)
    };
    usize::try_from(b).unwrap_or(0)
}

fn slice(v: &Value, start: i64, end: Option<i64>) -> Value {
    match v {
        Value::Array(a) => {
            let s = py_bound(start, a.len());
            let e = end.map_or(a.len(), |e| py_bound(e, a.len()));
            Value::Array(
                a.get(s..e.max(s))
                    .map(<[Value]>::to_vec)
                    .unwrap_or_default(),
            )
        }
        Value::String(t) => {
            let chars: Vec<char> = t.chars().collect();
            let s = py_bound(start, chars.len());
            let e = end.map_or(chars.len(), |e| py_bound(e, chars.len()));
            Value::String(
                chars
                    .get(s..e.max(s))
                    .map(|c| c.iter().collect())
                    .unwrap_or_default(),
            )
        }
        _ => Value::Null,
    }
}

fn len_of(v: Option<&Value>) -> i64 {
    let n = match v {
        Some(Value::Array(a)) => a.len(),
        Some(Value::String(s)) => s.chars().count(),
        _ => 0,
    };
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Pager {
    /// The AWS CLI's warning for `--max-items` of zero or less (to print on stderr).
    pub fn warning(&self) -> Option<&'static str> {
        self.max_items.is_some_and(|m| m <= 0).then_some(
            "warning: Non-positive values for --max-items may result in undefined behavior.\n",
        )
    }

    /// botocore's `_inject_starting_params`: the starting token, then the page size, into
    /// the first request.
    pub fn prepare(&self, body: &mut Map<String, Value>) {
        if let Some(tok) = &self.starting {
            inject(body, tok);
        }
        if let (Some(member), Some(n)) = (self.page_size_member, self.page_size) {
            body.insert(member.to_owned(), Value::from(n));
        }
    }

    /// Takes one parsed page, updates `body` for the next request, and says whether to go on.
    /// A token received twice in a row is botocore's `PaginationError`.
    pub fn on_page(
        &mut self,
        mut page: Value,
        body: &mut Map<String, Value>,
    ) -> Result<Step, PageError> {
        if self.first {
            self.first = false;
            if self.starting_truncation != 0 {
                let data = path_get(&page, self.items)
                    .map(|d| slice(d, self.starting_truncation, None))
                    .unwrap_or(Value::Null);
                path_set(&mut page, self.items, data);
            }
        }
        let n = len_of(path_get(&page, self.items));
        let truncate = self.max_items.map_or(0, |m| self.total + n - m);
        if truncate > 0 {
            let keep = n - truncate;
            let data = path_get(&page, self.items)
                .map(|d| slice(d, 0, Some(keep)))
                .unwrap_or_else(|| Value::Array(Vec::new()));
            path_set(&mut page, self.items, data);
            let mut token = self.current_token.clone();
            token.insert(
                "boto_truncate_amount".to_owned(),
                Value::from(keep + self.starting_truncation),
            );
            self.resume = Some(encode_token(&token));
            self.pages.push(page);
            return Ok(Step::Done);
        }
        self.total += n;
        let next = self.next_token(&page);
        self.pages.push(page);
        if next.values().all(Value::is_null) {
            return Ok(Step::Done);
        }
        if self.max_items == Some(self.total) {
            self.resume = Some(encode_token(&next));
            return Ok(Step::Done);
        }
        if self.previous_next.as_ref() == Some(&next) {
            return Err(PageError::General(format!(
                "Error during pagination: The same next token was received twice: {}",
                awslice_pyfmt::py_repr(&Value::Object(next))
            )));
        }
        inject(body, &next);
        self.current_token = next.clone();
        self.previous_next = Some(next);
        Ok(Step::More)
    }

    /// botocore's `_get_next_token`: a falsy output token is `None`.
    fn next_token(&self, page: &Value) -> Map<String, Value> {
        let v = path_get(page, self.output_token).cloned();
        let truthy = match &v {
            None | Some(Value::Null) | Some(Value::Bool(false)) => false,
            Some(Value::String(s)) => !s.is_empty(),
            Some(Value::Array(a)) => !a.is_empty(),
            Some(Value::Object(o)) => !o.is_empty(),
            Some(Value::Number(n)) => n.as_f64() != Some(0.0),
            Some(Value::Bool(true)) => true,
        };
        let mut m = Map::new();
        m.insert(
            self.input_token.to_owned(),
            if truthy {
                v.unwrap_or(Value::Null)
            } else {
                Value::Null
            },
        );
        m
    }

    /// botocore's `build_full_result`: the result list merged over the pages, then the
    /// resume token as `NextToken`.
    pub fn full_result(&self) -> Value {
        let mut out = Value::Object(Map::new());
        for page in &self.pages {
            let Some(v) = path_get(page, self.items).filter(|v| !v.is_null()) else {
                continue;
            };
            let merged = match path_get(&out, self.items) {
                None | Some(Value::Null) => v.clone(),
                Some(Value::Array(a)) => {
                    let mut a = a.clone();
                    if let Value::Array(more) = v {
                        a.extend(more.iter().cloned());
                    }
                    Value::Array(a)
                }
                Some(Value::String(s)) => match v {
                    Value::String(t) => Value::String(format!("{s}{t}")),
                    _ => Value::String(s.clone()),
                },
                Some(Value::Number(a)) => match (a.as_i64(), v.as_i64()) {
                    (Some(x), Some(y)) => Value::from(x.saturating_add(y)),
                    _ => awslice_pyfmt::float_number(
                        a.as_f64().unwrap_or(0.0) + v.as_f64().unwrap_or(0.0),
                    ),
                },
                Some(other) => other.clone(),
            };
            path_set(&mut out, self.items, merged);
        }
        if let (Some(tok), Value::Object(m)) = (&self.resume, &mut out) {
            m.insert("NextToken".to_owned(), Value::String(tok.clone()));
        }
        out
    }

    /// The pages received, as botocore's page iterator yields them (the first one without
    /// the items a starting token's truncate amount skips, the last one cut at
    /// `--max-items`): what `--output yaml-stream` prints one by one.
    pub fn pages(&self) -> &[Value] {
        &self.pages
    }

    /// The text formatter's per-page documents: each page's result list alone, then
    /// `{"NextToken": {"NextToken": token}}` when there is a resume token.
    pub fn text_documents(&self) -> Vec<Value> {
        let mut docs: Vec<Value> = self
            .pages
            .iter()
            .map(|p| {
                let mut cur = Value::Object(Map::new());
                path_set(
                    &mut cur,
                    self.items,
                    path_get(p, self.items).cloned().unwrap_or(Value::Null),
                );
                cur
            })
            .collect();
        if let Some(tok) = &self.resume {
            let mut inner = Map::new();
            inner.insert("NextToken".to_owned(), Value::String(tok.clone()));
            let mut outer = Map::new();
            outer.insert("NextToken".to_owned(), Value::Object(inner));
            docs.push(Value::Object(outer));
        }
        docs
    }
}

/// botocore's `TokenEncoder.encode`: base64 of `json.dumps(token)`.
fn encode_token(token: &Map<String, Value>) -> String {
    b64encode(awslice_pyfmt::dumps_compact(&Value::Object(token.clone())).as_bytes())
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Standard base64 is a few lines; written here rather than adding a dependency for two
// small functions with Python's exact lenient decoding rules.
fn b64encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Python's `base64.b64decode` (non-validating): characters outside the alphabet are
/// dropped, then the padding must be right.
fn b64decode(text: &str) -> Option<Vec<u8>> {
    let mut vals = Vec::new();
    let mut pad = 0usize;
    for c in text.bytes() {
        if c == b'=' {
            pad += 1;
            continue;
        }
        if let Some(p) = B64.iter().position(|&x| x == c) {
            if pad > 0 {
                // Data after padding: Python stops at the first complete quantum; be strict.
                return None;
            }
            vals.push(p as u32);
        }
    }
    if vals.len() % 4 == 1 || !(vals.len() + pad).is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::new();
    for chunk in vals.chunks(4) {
        let mut n = 0u32;
        for (i, v) in chunk.iter().enumerate() {
            n |= v << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_roundtrip_matches_known_token() {
        let mut m = Map::new();
        m.insert("NextToken".into(), "tok2".into());
        assert_eq!(encode_token(&m), "eyJOZXh0VG9rZW4iOiAidG9rMiJ9");
        let back = b64decode("eyJOZXh0VG9rZW4iOiAidG9rMiJ9").unwrap_or_default();
        assert_eq!(back, br#"{"NextToken": "tok2"}"#);
        assert_eq!(b64decode("abc"), None);
        assert_eq!(b64encode(b"ab"), "YWI=");
        assert_eq!(b64decode("YWI="), Some(b"ab".to_vec()));
    }

    #[test]
    fn deprecated_starting_token_forms() {
        let (m, i) = parse_starting_token("tok2", "NextToken").expect("plain token");
        assert_eq!(m.get("NextToken"), Some(&Value::from("tok2")));
        assert_eq!(i, 0);
        let (m, i) = parse_starting_token("abc___3", "NextToken").expect("indexed token");
        assert_eq!(m.get("NextToken"), Some(&Value::from("abc")));
        assert_eq!(i, 3);
        assert!(parse_starting_token("a___b___c", "NextToken").is_err());
    }
}
