//! The AWS CLI's auto-pagination (botocore's `PageIterator` as the AWS CLI drives it) for
//! operations with a paginator: `--starting-token`, `--page-size`, `--max-items`,
//! `--no-paginate`, merged result lists and the base64 resume token.
//!
//! The paginator is botocore's model ([`PaginatorDef`]): several input tokens, each filled
//! from a JMESPath expression over the page (`NextMarker || Contents[-1].Key`), an optional
//! `more_results` flag, several result keys (the first one counted by `--max-items`) and
//! non-aggregate keys taken from the first page. A one-token paginator whose paths are plain
//! dotted names reads them directly, without JMESPath.

use serde_json::{Map, Value};

use crate::schema::PaginatorDef;

/// The paging options, in the order the AWS CLI adds them (`--page-size` only when the
/// paginator has a `limit_key`).
pub fn option_names(p: &PaginatorDef) -> Vec<&'static str> {
    let mut names = vec!["--starting-token"];
    if p.limit_key.is_some() {
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

/// One of the paginator's JMESPath expressions (botocore compiles every `output_token`,
/// `more_results`, `result_key` and `non_aggregate_keys` entry): a dotted path of plain names
/// is read directly, anything else through `awslice-jmespath`.
#[derive(Debug)]
enum Expr {
    Path(&'static str),
    Compiled(awslice_jmespath::Expression),
}

/// Whether `text` is `name(.name)*` with JMESPath's unquoted identifiers, where a search is a
/// plain lookup of objects' keys.
fn is_dotted_path(text: &str) -> bool {
    !text.is_empty()
        && text.split('.').all(|k| {
            k.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

impl Expr {
    fn new(text: &'static str) -> Result<Self, PageError> {
        if is_dotted_path(text) {
            return Ok(Expr::Path(text));
        }
        awslice_jmespath::compile(text)
            .map(Expr::Compiled)
            .map_err(|e| PageError::General(e.to_string()))
    }

    /// jmespath's `search`: `null` when nothing is there.
    fn search(&self, page: &Value) -> Result<Value, PageError> {
        match self {
            Expr::Path(p) => Ok(path_get(page, p).cloned().unwrap_or(Value::Null)),
            Expr::Compiled(e) => e
                .search(page)
                .map_err(|e| PageError::General(e.to_string())),
        }
    }
}

/// Python's truth value of a parsed value (`if next_token:`, `if not more_results`).
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => false,
        Value::Bool(true) => true,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(n) => n.as_f64() != Some(0.0),
    }
}

/// One paginated command in progress (botocore's `PageIterator`).
#[derive(Debug)]
pub struct Pager {
    input_tokens: &'static [&'static str],
    output_tokens: Vec<Expr>,
    more_results: Option<Expr>,
    limit_key: Option<&'static str>,
    /// Dotted paths (botocore sets them with `set_value_from_jmespath`, which takes no more);
    /// never empty: the first is the primary key.
    result_keys: &'static [&'static str],
    non_aggregate_keys: &'static [&'static str],
    /// `non_aggregate_part`: the non-aggregate keys' values in the first page.
    non_aggregate: Map<String, Value>,
    max_items: Option<i64>,
    page_size: Option<i64>,
    /// The decoded `--starting-token`.
    starting: Option<Map<String, Value>>,
    /// Items skipped in the first page (`boto_truncate_amount` of the starting token); 0 from
    /// the second page on.
    starting_truncation: i64,
    /// botocore's `next_token`: the token dict of the current request (`{input_token:
    /// value-or-null}`, or the decoded starting token).
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

/// Decides whether the command pages. `manual` is true when an input-token or limit-key
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
    if def.result_keys.is_empty() {
        return Ok(None);
    }
    let mut current_token: Map<String, Value> = def
        .input_tokens
        .iter()
        .map(|k| ((*k).to_owned(), Value::Null))
        .collect();
    let mut starting_truncation = 0;
    let mut starting = None;
    if let Some(tok) = args.starting_token.as_deref().filter(|t| !t.is_empty()) {
        let (token, index) = parse_starting_token(tok, def.input_tokens)?;
        current_token = token.clone();
        starting = Some(token);
        starting_truncation = index;
    }
    Ok(Some(Pager {
        input_tokens: def.input_tokens,
        output_tokens: def
            .output_tokens
            .iter()
            .map(|t| Expr::new(t))
            .collect::<Result<_, _>>()?,
        more_results: def.more_results.map(Expr::new).transpose()?,
        limit_key: def.limit_key,
        result_keys: def.result_keys,
        non_aggregate_keys: def.non_aggregate_keys,
        non_aggregate: Map::new(),
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

/// Decodes `--starting-token` (botocore's `_parse_starting_token`): base64 of a JSON object
/// (`TokenDecoder.decode`, with `boto_truncate_amount`), or the deprecated form
/// (`_parse_starting_token_deprecated`: the tokens joined by `___`, then optionally
/// `___<index>`; missing tokens are null).
fn parse_starting_token(
    tok: &str,
    input_tokens: &[&str],
) -> Result<(Map<String, Value>, i64), PageError> {
    let decoded = b64decode(tok)
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| serde_json::from_str::<Value>(&s).ok());
    if let Some(Value::Object(mut m)) = decoded {
        // Bytes tokens (base64 inside the JSON) do not occur in the CLI's JSON values.
        m.shift_remove("boto_encoded_keys");
        let index = match m.shift_remove("boto_truncate_amount") {
            Some(v) => v.as_i64().unwrap_or(0),
            None => 0,
        };
        return Ok((m, index));
    }
    let mut parts: Vec<&str> = tok.split("___").collect();
    let mut index = 0;
    if parts.len() == input_tokens.len() + 1 {
        match parts[parts.len() - 1].trim().parse::<i64>() {
            Ok(i) => {
                index = i;
                parts.pop();
            }
            // Not an old-style token: the whole text is an opaque service token.
            Err(_) => parts = vec![tok],
        }
    }
    // `_convert_deprecated_starting_token`.
    if parts.len() > input_tokens.len() {
        return Err(PageError::General(format!("Bad starting token: {tok}")));
    }
    let mut m = Map::new();
    for (i, name) in input_tokens.iter().enumerate() {
        let v = match parts.get(i) {
            None | Some(&"None") => Value::Null,
            Some(p) => Value::String((*p).to_owned()),
        };
        m.insert((*name).to_owned(), v);
    }
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

/// botocore's `merge_dicts(dict1, dict2)`: `b`'s keys set into `a`, objects merged key by key.
fn merge_dicts(a: &mut Map<String, Value>, b: &Map<String, Value>) {
    for (k, v) in b {
        match (a.get_mut(k), v) {
            (Some(Value::Object(inner)), Value::Object(more)) => merge_dicts(inner, more),
            _ => {
                a.insert(k.clone(), v.clone());
            }
        }
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
        if let (Some(member), Some(n)) = (self.limit_key, self.page_size) {
            body.insert(member.to_owned(), Value::from(n));
        }
    }

    fn primary(&self) -> &'static str {
        self.result_keys[0]
    }

    /// Takes one parsed page, updates `body` for the next request, and says whether to go on
    /// (botocore's `PageIterator.__iter__`). A token received twice in a row is botocore's
    /// `PaginationError`.
    pub fn on_page(
        &mut self,
        mut page: Value,
        body: &mut Map<String, Value>,
    ) -> Result<Step, PageError> {
        let primary = self.primary();
        if self.first {
            self.first = false;
            if self.starting.is_some() {
                self.handle_first_request(&mut page);
            }
            self.record_non_aggregate_key_values(&page);
        } else {
            // Only the first page was cut on the left.
            self.starting_truncation = 0;
        }
        let n = len_of(path_get(&page, primary));
        let truncate = self.max_items.map_or(0, |m| self.total + n - m);
        if truncate > 0 {
            // `_truncate_response`: only the primary result key is cut.
            let keep = n - truncate;
            let data = path_get(&page, primary)
                .map(|d| slice(d, 0, Some(keep)))
                .unwrap_or_else(|| Value::Array(Vec::new()));
            path_set(&mut page, primary, data);
            let mut token = self.current_token.clone();
            token.insert(
                "boto_truncate_amount".to_owned(),
                Value::from(keep + self.starting_truncation),
            );
            self.set_resume_token(&token)?;
            self.pages.push(page);
            return Ok(Step::Done);
        }
        self.total += n;
        let next = self.next_token(&page)?;
        self.pages.push(page);
        if next.values().all(Value::is_null) {
            return Ok(Step::Done);
        }
        if self.max_items == Some(self.total) {
            self.set_resume_token(&next)?;
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

    /// botocore's `_handle_first_request` (with a starting token): the primary result cut
    /// at the token's truncate amount (`None` unless a list or string), the other result keys
    /// emptied (`[]`, `""`; numbers and booleans kept; anything else `None`), as the page
    /// that token was cut from printed them already.
    fn handle_first_request(&self, page: &mut Value) {
        let primary = self.primary();
        let data = match path_get(page, primary) {
            Some(v @ (Value::Array(_) | Value::String(_))) => {
                slice(v, self.starting_truncation, None)
            }
            _ => Value::Null,
        };
        path_set(page, primary, data);
        for key in self.result_keys.iter().filter(|k| **k != primary) {
            let empty = match path_get(page, key) {
                Some(Value::Array(_)) => Value::Array(Vec::new()),
                Some(Value::String(_)) => Value::String(String::new()),
                Some(v @ (Value::Number(_) | Value::Bool(_))) => v.clone(),
                _ => Value::Null,
            };
            path_set(page, key, empty);
        }
    }

    /// botocore's `_record_non_aggregate_key_values`: every non-aggregate key of the first
    /// page, `None` when absent.
    fn record_non_aggregate_key_values(&mut self, page: &Value) {
        let mut out = Value::Object(Map::new());
        for key in self.non_aggregate_keys {
            let v = path_get(page, key).cloned().unwrap_or(Value::Null);
            path_set(&mut out, key, v);
        }
        if let Value::Object(m) = out {
            self.non_aggregate = m;
        }
    }

    /// botocore's `resume_token` setter: the token's keys must be the input tokens (and
    /// `boto_truncate_amount`), else `ValueError("Bad starting token: …")` (a starting token
    /// naming other members).
    fn set_resume_token(&mut self, token: &Map<String, Value>) -> Result<(), PageError> {
        let mut want: Vec<&str> = self.input_tokens.to_vec();
        if token.contains_key("boto_truncate_amount") {
            want.push("boto_truncate_amount");
        }
        want.sort_unstable();
        let mut have: Vec<&str> = token.keys().map(String::as_str).collect();
        have.sort_unstable();
        if want != have {
            return Err(PageError::General(format!(
                "Bad starting token: {}",
                awslice_pyfmt::py_repr(&Value::Object(token.clone()))
            )));
        }
        self.resume = Some(encode_token(token));
        Ok(())
    }

    /// botocore's `_get_next_token`: `{}` when `more_results` is falsy; else each output
    /// token's value under its input token, a falsy one as `None`.
    fn next_token(&self, page: &Value) -> Result<Map<String, Value>, PageError> {
        let mut m = Map::new();
        if let Some(more) = &self.more_results
            && !truthy(&more.search(page)?)
        {
            return Ok(m);
        }
        for (expr, name) in self.output_tokens.iter().zip(self.input_tokens) {
            let v = expr.search(page)?;
            let v = if truthy(&v) { v } else { Value::Null };
            m.insert((*name).to_owned(), v);
        }
        Ok(m)
    }

    /// botocore's `build_full_result`: each result key merged over the pages (lists
    /// extended, strings concatenated, numbers added; a key is placed when a page first has
    /// it), then the first page's non-aggregate keys (`merge_dicts`), then the resume token
    /// as `NextToken`.
    pub fn full_result(&self) -> Value {
        let mut out = Value::Object(Map::new());
        for page in &self.pages {
            for key in self.result_keys {
                merge_result(&mut out, page, key);
            }
        }
        let Value::Object(m) = &mut out else {
            return out;
        };
        merge_dicts(m, &self.non_aggregate);
        if let Some(tok) = &self.resume {
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

    /// The text formatter's per-page documents (the AWS CLI's `TextFormatter`): the first
    /// page's non-aggregate keys then every result key of the page, the other pages' result
    /// keys alone, then `{"NextToken": {"NextToken": token}}` when there is a resume token.
    pub fn text_documents(&self) -> Vec<Value> {
        let mut docs: Vec<Value> = self
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut cur = Value::Object(if i == 0 {
                    self.non_aggregate.clone()
                } else {
                    Map::new()
                });
                for key in self.result_keys {
                    path_set(
                        &mut cur,
                        key,
                        path_get(p, key).cloned().unwrap_or(Value::Null),
                    );
                }
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

/// One step of `build_full_result`: the page's value of `key` merged into `out`.
fn merge_result(out: &mut Value, page: &Value, key: &str) {
    let Some(v) = path_get(page, key).filter(|v| !v.is_null()) else {
        return;
    };
    if path_get(out, key).is_none_or(Value::is_null) {
        path_set(out, key, v.clone());
        return;
    }
    let Some(existing) = path_get_mut(out, key) else {
        return;
    };
    match (existing, v) {
        (Value::Array(a), Value::Array(more)) => a.extend(more.iter().cloned()),
        (Value::String(s), Value::String(t)) => s.push_str(t),
        (existing @ Value::Number(_), Value::Number(b)) => {
            let a = existing.as_i64();
            let sum = match (a, b.as_i64()) {
                (Some(x), Some(y)) => Value::from(x.saturating_add(y)),
                _ => awslice_pyfmt::float_number(
                    existing.as_f64().unwrap_or(0.0) + b.as_f64().unwrap_or(0.0),
                ),
            };
            *existing = sum;
        }
        _ => {}
    }
}

fn path_get_mut<'v>(v: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    path.split('.').try_fold(v, |cur, k| cur.get_mut(k))
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
        let (m, i) = parse_starting_token("tok2", &["NextToken"]).expect("plain token");
        assert_eq!(m.get("NextToken"), Some(&Value::from("tok2")));
        assert_eq!(i, 0);
        let (m, i) = parse_starting_token("abc___3", &["NextToken"]).expect("indexed token");
        assert_eq!(m.get("NextToken"), Some(&Value::from("abc")));
        assert_eq!(i, 3);
        assert!(parse_starting_token("a___b___c", &["NextToken"]).is_err());
    }

    use serde_json::json;

    /// S3's `ListObjectVersions` as botocore configures it (two tokens, three result keys).
    static VERSIONS: PaginatorDef = PaginatorDef {
        input_tokens: &["KeyMarker", "VersionIdMarker"],
        output_tokens: &["NextKeyMarker", "NextVersionIdMarker"],
        limit_key: Some("MaxKeys"),
        result_keys: &["Versions", "DeleteMarkers", "CommonPrefixes"],
        more_results: Some("IsTruncated"),
        non_aggregate_keys: &["RequestCharged", "Prefix"],
    };

    /// S3's `ListObjects` (an expression output token).
    static OBJECTS: PaginatorDef = PaginatorDef {
        input_tokens: &["Marker"],
        output_tokens: &["NextMarker || Contents[-1].Key"],
        limit_key: Some("MaxKeys"),
        result_keys: &["Contents", "CommonPrefixes"],
        more_results: Some("IsTruncated"),
        non_aggregate_keys: &["RequestCharged", "Prefix"],
    };

    /// What a paginated command did: the request bodies sent, then the pager (or the error).
    struct Run {
        requests: Vec<Value>,
        pager: Pager,
        error: Option<String>,
    }

    /// Drives a pager over scripted `pages` from the request `input`, as `call.rs` does.
    fn drive(def: &PaginatorDef, args: &PageArgs, input: Value, pages: &[Value]) -> Run {
        let mut pager = start(Some(def), false, false, args)
            .expect("paging starts")
            .expect("paginated");
        let Value::Object(mut body) = input else {
            panic!("input is an object")
        };
        pager.prepare(&mut body);
        let mut requests = Vec::new();
        let mut error = None;
        for page in pages {
            requests.push(Value::Object(body.clone()));
            match pager.on_page(page.clone(), &mut body) {
                Ok(Step::More) => {}
                Ok(Step::Done) => break,
                Err(PageError::General(e)) => {
                    error = Some(e);
                    break;
                }
            }
        }
        assert!(
            error.is_some() || requests.len() <= pages.len(),
            "ran out of scripted pages"
        );
        Run {
            requests,
            pager,
            error,
        }
    }

    fn args(max_items: Option<&str>, starting: Option<&str>) -> PageArgs {
        PageArgs {
            starting_token: starting.map(str::to_owned),
            page_size: None,
            max_items: max_items.map(str::to_owned),
        }
    }

    fn text(v: &Value) -> String {
        v.to_string()
    }

    /// `_get_next_token` zips the output tokens with the input tokens; a missing one is
    /// `None`, which `_inject_token_into_kwargs` removes from the next request.
    #[test]
    fn multiple_tokens_follow_each_output_token() {
        let pages = [
            json!({"IsTruncated": true, "NextKeyMarker": "k1", "NextVersionIdMarker": "v1",
                   "Versions": [{"Key": "a"}]}),
            json!({"IsTruncated": true, "NextKeyMarker": "k2", "Versions": [{"Key": "b"}]}),
            json!({"IsTruncated": false, "Versions": [{"Key": "c"}]}),
        ];
        let run = drive(&VERSIONS, &args(None, None), json!({"Bucket": "b"}), &pages);
        assert_eq!(
            run.requests,
            [
                json!({"Bucket": "b"}),
                json!({"Bucket": "b", "KeyMarker": "k1", "VersionIdMarker": "v1"}),
                json!({"Bucket": "b", "KeyMarker": "k2"}),
            ]
        );
        assert_eq!(run.error, None);
    }

    /// `_get_next_token` returns `{}` when `more_results` is falsy, and `__iter__` stops on
    /// an all-`None` token dict, whatever the output tokens hold.
    #[test]
    fn more_results_false_stops_even_with_a_token() {
        let pages = [
            json!({"IsTruncated": false, "NextKeyMarker": "k1", "NextVersionIdMarker": "v1",
                   "Versions": [{"Key": "a"}]}),
            json!({"Versions": [{"Key": "never"}]}),
        ];
        let run = drive(&VERSIONS, &args(None, None), json!({}), &pages);
        assert_eq!(run.requests.len(), 1);
        // `IsTruncated` absent is falsy too.
        let pages = [json!({"NextKeyMarker": "k1", "Versions": []})];
        let run = drive(&VERSIONS, &args(None, None), json!({}), &pages);
        assert_eq!(run.requests.len(), 1);
    }

    /// ListObjects' `NextMarker || Contents[-1].Key`: without `NextMarker` (no delimiter)
    /// the next marker is the last key of the page.
    #[test]
    fn expression_output_token_falls_back_to_the_last_key() {
        let pages = [
            json!({"IsTruncated": true, "Contents": [{"Key": "a"}, {"Key": "b"}]}),
            json!({"IsTruncated": true, "NextMarker": "p/", "Contents": [{"Key": "c"}]}),
            json!({"IsTruncated": false, "Contents": [{"Key": "d"}]}),
        ];
        let run = drive(&OBJECTS, &args(None, None), json!({"Bucket": "b"}), &pages);
        assert_eq!(
            run.requests,
            [
                json!({"Bucket": "b"}),
                json!({"Bucket": "b", "Marker": "b"}),
                json!({"Bucket": "b", "Marker": "p/"}),
            ]
        );
    }

    /// `build_full_result`: the result keys as pages first have them, then `merge_dicts` of
    /// `non_aggregate_part` (recorded from the first page by
    /// `_record_non_aggregate_key_values`, `None` when absent); what the AWS CLI printed for a
    /// one-object bucket.
    #[test]
    fn non_aggregate_keys_follow_the_results_and_print_null() {
        let pages = [
            json!({"IsTruncated": false, "Contents": [{"Key": "k"}], "Name": "b",
                            "Prefix": "", "MaxKeys": 1000}),
        ];
        let run = drive(&OBJECTS, &args(None, None), json!({}), &pages);
        assert_eq!(
            text(&run.pager.full_result()),
            r#"{"Contents":[{"Key":"k"}],"RequestCharged":null,"Prefix":""}"#
        );
        // Later pages' values do not count; a key first seen on a later page comes later.
        let pages = [
            json!({"IsTruncated": true, "NextMarker": "m", "CommonPrefixes": [{"Prefix": "p/"}],
                   "Prefix": "first"}),
            json!({"IsTruncated": false, "Contents": [{"Key": "k"}], "Prefix": "second",
                   "RequestCharged": "requester"}),
        ];
        let run = drive(&OBJECTS, &args(None, None), json!({}), &pages);
        assert_eq!(
            text(&run.pager.full_result()),
            r#"{"CommonPrefixes":[{"Prefix":"p/"}],"Contents":[{"Key":"k"}],"RequestCharged":null,"Prefix":"first"}"#
        );
        // The text formatter: the first page's document starts from the non-aggregate part.
        assert_eq!(
            run.pager
                .text_documents()
                .iter()
                .map(text)
                .collect::<Vec<_>>(),
            [
                r#"{"RequestCharged":null,"Prefix":"first","Contents":null,"CommonPrefixes":[{"Prefix":"p/"}]}"#,
                r#"{"Contents":[{"Key":"k"}],"CommonPrefixes":null}"#,
            ]
        );
    }

    /// `_truncate_response` cuts only the primary result key and records the current token
    /// dict with `boto_truncate_amount`; `TokenEncoder` base64-encodes its `json.dumps`. The
    /// token resumes (`_parse_starting_token`, `_handle_first_request`): the primary key cut
    /// on the left, the secondary keys emptied.
    #[test]
    fn max_items_over_two_result_keys_and_the_starting_token_round_trip() {
        let page1 = json!({"IsTruncated": true, "NextKeyMarker": "k2", "NextVersionIdMarker": "i2",
                           "Versions": [{"V": 1}, {"V": 2}], "DeleteMarkers": [{"D": 1}],
                           "Prefix": ""});
        let page2 = json!({"IsTruncated": true, "NextKeyMarker": "k4", "NextVersionIdMarker": "i4",
                           "Versions": [{"V": 3}, {"V": 4}], "DeleteMarkers": [{"D": 2}],
                           "Prefix": ""});
        let page3 = json!({"IsTruncated": false, "Versions": [{"V": 5}], "Prefix": ""});
        let run = drive(
            &VERSIONS,
            &args(Some("3"), None),
            json!({"Bucket": "b"}),
            &[page1, page2.clone(), page3.clone()],
        );
        assert_eq!(run.requests.len(), 2);
        let token = r#"{"KeyMarker": "k2", "VersionIdMarker": "i2", "boto_truncate_amount": 1}"#;
        let encoded = b64encode(token.as_bytes());
        assert_eq!(
            text(&run.pager.full_result()),
            format!(
                r#"{{"Versions":[{{"V":1}},{{"V":2}},{{"V":3}}],"DeleteMarkers":[{{"D":1}},{{"D":2}}],"RequestCharged":null,"Prefix":"","NextToken":"{encoded}"}}"#
            )
        );

        let run = drive(
            &VERSIONS,
            &args(None, Some(&encoded)),
            json!({"Bucket": "b"}),
            &[page2, page3],
        );
        assert_eq!(
            run.requests,
            [
                json!({"Bucket": "b", "KeyMarker": "k2", "VersionIdMarker": "i2"}),
                json!({"Bucket": "b", "KeyMarker": "k4", "VersionIdMarker": "i4"}),
            ]
        );
        // The first page as yielded: `CommonPrefixes` (absent) set to `None`.
        assert_eq!(
            text(&run.pager.pages()[0]),
            r#"{"IsTruncated":true,"NextKeyMarker":"k4","NextVersionIdMarker":"i4","Versions":[{"V":4}],"DeleteMarkers":[],"Prefix":"","CommonPrefixes":null}"#
        );
        assert_eq!(
            text(&run.pager.full_result()),
            r#"{"Versions":[{"V":4},{"V":5}],"DeleteMarkers":[],"RequestCharged":null,"Prefix":""}"#
        );
    }

    /// `_truncate_response` adds the starting truncation only on the first page: `__iter__`
    /// resets `starting_truncation` to 0 for the later pages.
    #[test]
    fn the_starting_truncation_counts_on_the_first_page_only() {
        let token = b64encode(br#"{"Marker": "m", "boto_truncate_amount": 2}"#);
        let pages = [
            json!({"IsTruncated": true, "NextMarker": "n", "Contents": [1, 2, 3, 4]}),
            json!({"IsTruncated": true, "NextMarker": "o", "Contents": [5, 6, 7, 8]}),
        ];
        let run = drive(&OBJECTS, &args(Some("3"), Some(&token)), json!({}), &pages);
        let want = b64encode(br#"{"Marker": "n", "boto_truncate_amount": 1}"#);
        assert_eq!(
            text(&run.pager.full_result()),
            format!(
                r#"{{"Contents":[3,4,5],"RequestCharged":null,"Prefix":null,"NextToken":"{want}"}}"#
            )
        );
    }

    /// `_parse_starting_token_deprecated` with two input tokens: `a___b___index`; a missing
    /// token is `None` (`_convert_deprecated_starting_token`), too many is `Bad starting
    /// token`. The `resume_token` setter rejects a token dict naming other members.
    #[test]
    fn multi_token_deprecated_and_bad_starting_tokens() {
        let (m, i) = parse_starting_token("k___None___2", VERSIONS.input_tokens).expect("old");
        assert_eq!(
            Value::Object(m),
            json!({"KeyMarker": "k", "VersionIdMarker": null})
        );
        assert_eq!(i, 2);
        let (m, i) = parse_starting_token("k", VERSIONS.input_tokens).expect("short");
        assert_eq!(
            Value::Object(m),
            json!({"KeyMarker": "k", "VersionIdMarker": null})
        );
        assert_eq!(i, 0);
        // Three parts whose last is no integer: the whole text is one token.
        let (m, _) = parse_starting_token("a___b___c", VERSIONS.input_tokens).expect("opaque");
        assert_eq!(
            Value::Object(m),
            json!({"KeyMarker": "a___b___c", "VersionIdMarker": null})
        );
        assert!(parse_starting_token("a___b___c___d", VERSIONS.input_tokens).is_err());

        let token = b64encode(br#"{"Other": "x"}"#);
        let pages = [json!({"IsTruncated": true, "NextMarker": "n", "Contents": [1, 2]})];
        let run = drive(&OBJECTS, &args(Some("1"), Some(&token)), json!({}), &pages);
        assert_eq!(
            run.error.as_deref(),
            Some("Bad starting token: {'Other': 'x', 'boto_truncate_amount': 1}")
        );
        assert!(run.pager.pages().is_empty());
    }

    /// A one-token paginator keeps reading its plain paths directly.
    #[test]
    fn plain_paths_skip_jmespath() {
        assert!(matches!(Expr::new("NextToken"), Ok(Expr::Path(_))));
        assert!(matches!(Expr::new("Result.Next_1"), Ok(Expr::Path(_))));
        assert!(matches!(
            Expr::new("NextMarker || Contents[-1].Key"),
            Ok(Expr::Compiled(_))
        ));
        assert!(Expr::new("a..b").is_err());
    }

    /// Runs botocore's `Paginator`/`PageIterator` over each case of the JSON list on stdin
    /// (`config`: a `paginators-1.json` entry; `input`, `max_items`, `starting_token`,
    /// `page_size`; `pages`: the scripted responses) and prints, per case, the requests made,
    /// `build_full_result()` (or the error), and the pages and documents of the AWS CLI's
    /// `TextFormatter` loop (awscli/formatter.py) from a second run.
    const PY_PAGINATE: &str = r#"
import copy, json, sys
from types import SimpleNamespace
from botocore.paginate import Paginator
from botocore.utils import set_value_from_jmespath

def iterator(case, requests):
    pages = case["pages"]
    def method(**kwargs):
        requests.append(copy.deepcopy(kwargs))
        if len(requests) > len(pages):
            raise RuntimeError("ran out of scripted pages")
        return copy.deepcopy(pages[len(requests) - 1])
    cfg = case["config"]
    members = {}
    if cfg.get("limit_key"):
        members[cfg["limit_key"]] = SimpleNamespace(type_name="integer")
    model = SimpleNamespace(input_shape=SimpleNamespace(members=members))
    config = {}
    for key, name in (("max_items", "MaxItems"), ("starting_token", "StartingToken"), ("page_size", "PageSize")):
        if case.get(key) is not None:
            config[name] = case[key]
    return Paginator(method, cfg, model).paginate(PaginationConfig=config, **copy.deepcopy(case["input"]))

out = []
for case in json.load(sys.stdin):
    res = {"requests": [], "full": None, "error": None, "pages": [], "text": []}
    try:
        res["full"] = iterator(case, res["requests"]).build_full_result()
    except Exception as e:
        res["error"] = str(e)
    try:
        it = iterator(case, [])
        for i, page in enumerate(it):
            res["pages"].append(copy.deepcopy(page))
            current = {} if i > 0 else it.non_aggregate_part
            for result_key in it.result_keys:
                set_value_from_jmespath(current, result_key.expression, result_key.search(page))
            res["text"].append(copy.deepcopy(current))
        if it.resume_token:
            res["text"].append({"NextToken": {"NextToken": it.resume_token}})
    except Exception:
        pass
    out.append(res)
print(json.dumps(out))
"#;

    fn leak_list(v: &Value) -> &'static [&'static str] {
        let items: Vec<&'static str> = match v {
            Value::Null => Vec::new(),
            Value::String(s) => vec![&*Box::leak(s.clone().into_boxed_str())],
            Value::Array(a) => a
                .iter()
                .map(|s| &*Box::leak(s.as_str().unwrap_or_default().to_owned().into_boxed_str()))
                .collect(),
            _ => panic!("bad config list {v}"),
        };
        Box::leak(items.into_boxed_slice())
    }

    fn leak_opt(v: &Value) -> Option<&'static str> {
        v.as_str()
            .map(|s| &*Box::leak(s.to_owned().into_boxed_str()))
    }

    /// A `paginators-1.json` entry as a [`PaginatorDef`].
    fn def_of(cfg: &Value) -> PaginatorDef {
        PaginatorDef {
            input_tokens: leak_list(&cfg["input_token"]),
            output_tokens: leak_list(&cfg["output_token"]),
            limit_key: leak_opt(&cfg["limit_key"]),
            result_keys: leak_list(&cfg["result_key"]),
            more_results: leak_opt(&cfg["more_results"]),
            non_aggregate_keys: leak_list(&cfg["non_aggregate_keys"]),
        }
    }

    /// Our side of one case, in the shape `PY_PAGINATE` prints.
    fn ours(case: &Value) -> Value {
        let def = def_of(&case["config"]);
        let opt = |k: &str| {
            case[k]
                .as_str()
                .map(str::to_owned)
                .or_else(|| case[k].as_i64().map(|n| n.to_string()))
        };
        let args = PageArgs {
            starting_token: opt("starting_token"),
            page_size: opt("page_size"),
            max_items: opt("max_items"),
        };
        let pager = match start(Some(&def), false, false, &args) {
            Ok(p) => p.expect("paginated"),
            Err(PageError::General(e)) => {
                return json!({"requests": [], "full": null, "error": e, "pages": [], "text": []});
            }
        };
        let pages = case["pages"].as_array().cloned().unwrap_or_default();
        let mut run = Run {
            requests: Vec::new(),
            pager,
            error: None,
        };
        let Value::Object(mut body) = case["input"].clone() else {
            panic!("input is an object")
        };
        run.pager.prepare(&mut body);
        for page in &pages {
            run.requests.push(Value::Object(body.clone()));
            match run.pager.on_page(page.clone(), &mut body) {
                Ok(Step::More) => {}
                Ok(Step::Done) => break,
                Err(PageError::General(e)) => {
                    run.error = Some(e);
                    break;
                }
            }
        }
        assert!(run.requests.len() <= pages.len());
        json!({
            "requests": run.requests,
            "full": if run.error.is_some() { Value::Null } else { run.pager.full_result() },
            "error": run.error,
            "pages": run.pager.pages(),
            "text": run.pager.text_documents(),
        })
    }

    /// Our pager against botocore's `PageIterator` (and the AWS CLI's text loop) over
    /// scripted pages: S3's multi-token, `more_results`, expression-token and non-aggregate
    /// configs, `--max-items` cuts within and on page boundaries, starting tokens (new,
    /// deprecated, truncated, bad), a repeated token, numeric secondary results, dotted paths.
    /// Key order counts: the values are compared as JSON text.
    #[test]
    fn matches_botocores_page_iterator() {
        let Some(python) =
            awslice_test_support::peers::or_skip(awslice_test_support::peers::python_with(&[
                "botocore",
            ]))
        else {
            return;
        };
        let versions = json!({"more_results": "IsTruncated", "limit_key": "MaxKeys",
            "output_token": ["NextKeyMarker", "NextVersionIdMarker"],
            "input_token": ["KeyMarker", "VersionIdMarker"],
            "result_key": ["Versions", "DeleteMarkers", "CommonPrefixes"],
            "non_aggregate_keys": ["RequestCharged", "Prefix"]});
        let objects = json!({"more_results": "IsTruncated", "limit_key": "MaxKeys",
            "output_token": "NextMarker || Contents[-1].Key", "input_token": "Marker",
            "result_key": ["Contents", "CommonPrefixes"],
            "non_aggregate_keys": ["RequestCharged", "Prefix"]});
        let parts = json!({"more_results": "IsTruncated", "limit_key": "MaxParts",
            "output_token": "NextPartNumberMarker", "input_token": "PartNumberMarker",
            "result_key": "Parts",
            "non_aggregate_keys": ["ChecksumAlgorithm", "Initiator", "Owner", "StorageClass",
                                   "ChecksumType"]});
        let buckets = json!({"input_token": "ContinuationToken", "limit_key": "MaxBuckets",
            "output_token": "ContinuationToken", "result_key": "Buckets",
            "non_aggregate_keys": ["Owner", "Prefix"]});
        let counted = json!({"input_token": "ExclusiveStartKey", "limit_key": "Limit",
            "output_token": "LastEvaluatedKey", "result_key": ["Items", "Count", "ScannedCount"],
            "non_aggregate_keys": ["ConsumedCapacity"]});
        let nested = json!({"input_token": "NextToken", "output_token": "Result.Next",
            "limit_key": "MaxResults", "result_key": "Result.Items"});
        let vpages = json!([
            {"IsTruncated": true, "NextKeyMarker": "k2", "NextVersionIdMarker": "i2",
             "Versions": [{"V": 1}, {"V": 2}], "DeleteMarkers": [{"D": 1}], "Prefix": "",
             "Name": "b"},
            {"IsTruncated": true, "NextKeyMarker": "k4", "NextVersionIdMarker": "i4",
             "Versions": [{"V": 3}, {"V": 4}], "DeleteMarkers": [{"D": 2}],
             "CommonPrefixes": [{"Prefix": "p/"}], "Prefix": "x"},
            {"IsTruncated": false, "NextKeyMarker": "k9", "Versions": [{"V": 5}], "Prefix": ""}
        ]);
        let vtail = json!(
            vpages
                .as_array()
                .map(|a| a[1..].to_vec())
                .unwrap_or_default()
        );
        let resume = b64encode(
            br#"{"KeyMarker": "k2", "VersionIdMarker": "i2", "boto_truncate_amount": 1}"#,
        );
        let opages = json!([
            {"IsTruncated": true, "Contents": [{"Key": "a"}, {"Key": "b"}], "Prefix": ""},
            {"IsTruncated": true, "NextMarker": "c/", "CommonPrefixes": [{"Prefix": "c/"}],
             "Prefix": ""},
            {"IsTruncated": false, "NextMarker": "zz", "Contents": [{"Key": "d"}],
             "RequestCharged": "requester", "Prefix": ""}
        ]);
        let cases = json!([
            {"config": versions, "input": {"Bucket": "b"}, "pages": vpages},
            {"config": versions, "input": {"Bucket": "b"}, "pages": vpages, "max_items": 3},
            {"config": versions, "input": {"Bucket": "b"}, "pages": vpages, "max_items": 2},
            {"config": versions, "input": {"Bucket": "b"}, "pages": vpages, "max_items": 0},
            {"config": versions, "input": {"Bucket": "b"}, "pages": vtail,
             "starting_token": resume},
            {"config": versions, "input": {"Bucket": "b"}, "pages": vtail,
             "starting_token": resume, "max_items": 2, "page_size": 2},
            {"config": versions, "input": {"Bucket": "b", "VersionIdMarker": "old"},
             "pages": vtail, "starting_token": "k2___None___1"},
            {"config": versions, "input": {"Bucket": "b"}, "pages": vtail,
             "starting_token": "a___b___c___d"},
            {"config": versions, "input": {"Bucket": "b"}, "pages": vtail,
             "starting_token": b64encode(br#"{"KeyMarker": "k2", "boto_truncate_amount": 1}"#),
             "max_items": 1},
            {"config": objects, "input": {"Bucket": "b"}, "pages": opages, "page_size": 2},
            {"config": objects, "input": {"Bucket": "b"}, "pages": opages, "max_items": 3},
            {"config": objects, "input": {"Bucket": "b"},
             "pages": [{"IsTruncated": false, "Contents": [{"Key": "k"}], "Name": "b",
                        "Prefix": "", "MaxKeys": 1000}]},
            {"config": objects, "input": {},
             "pages": [{"IsTruncated": true, "NextMarker": "m", "Contents": [1]},
                       {"IsTruncated": true, "NextMarker": "m", "Contents": [2]},
                       {"IsTruncated": true, "NextMarker": "n", "Contents": [3]}]},
            {"config": parts, "input": {"UploadId": "u"},
             "pages": [{"IsTruncated": true, "NextPartNumberMarker": "2", "Parts": [1, 2],
                        "Owner": {"ID": "o"}, "StorageClass": "STANDARD"},
                       {"IsTruncated": false, "NextPartNumberMarker": "3", "Parts": [3],
                        "Owner": {"ID": "other"}}]},
            {"config": buckets, "input": {},
             "pages": [{"ContinuationToken": "c1", "Buckets": [1], "Owner": {"ID": "o"}},
                       {"ContinuationToken": "", "Buckets": [2], "Prefix": "p"}],
             "max_items": 5},
            {"config": counted, "input": {"TableName": "t"},
             "pages": [{"Items": [1, 2, 3], "Count": 3, "ScannedCount": 4,
                        "LastEvaluatedKey": {"k": {"S": "3"}}},
                       {"Items": [4, 5], "Count": 2, "ScannedCount": 2.5}],
             "max_items": 4},
            {"config": counted, "input": {"TableName": "t"},
             "pages": [{"Items": [4, 5], "Count": 2, "ScannedCount": 7}],
             "starting_token": b64encode(
                 br#"{"ExclusiveStartKey": {"k": {"S": "3"}}, "boto_truncate_amount": 1}"#)},
            {"config": nested, "input": {},
             "pages": [{"Result": {"Items": ["a"], "Next": "t1"}},
                       {"Result": {"Items": ["b", "c"]}, "Other": 1}],
             "page_size": 1}
        ]);
        let out = std::process::Command::new(python)
            .args(["-c", PY_PAGINATE])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                if let Some(mut stdin) = child.stdin.take() {
                    stdin.write_all(cases.to_string().as_bytes())?;
                }
                child.wait_with_output()
            })
            .expect("python runs");
        assert!(out.status.success(), "python failed");
        let theirs: Vec<Value> = serde_json::from_slice(&out.stdout).expect("python's JSON");
        let cases = cases.as_array().cloned().unwrap_or_default();
        assert_eq!(theirs.len(), cases.len());
        for (i, (case, want)) in cases.iter().zip(&theirs).enumerate() {
            let got = ours(case);
            for key in ["requests", "error", "full", "pages", "text"] {
                assert_eq!(
                    got[key].to_string(),
                    want[key].to_string(),
                    "case {i} {key}: {case}"
                );
            }
        }
    }
}
