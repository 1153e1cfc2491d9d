//! The lexer: jmespath.py 1.0.1's token rules, positions (in characters) and error texts.

use crate::error::{JmespathError, lexer_error};
use serde_json::Value;

/// Token types, named as jmespath.py names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    Eof,
    UnquotedIdentifier,
    QuotedIdentifier,
    Literal,
    Rbracket,
    Rparen,
    Comma,
    Rbrace,
    Number,
    Current,
    Expref,
    Colon,
    Pipe,
    Or,
    And,
    Eq,
    Gt,
    Lt,
    Gte,
    Lte,
    Ne,
    Flatten,
    Star,
    Filter,
    Dot,
    Not,
    Lbrace,
    Lbracket,
    Lparen,
}

impl Tok {
    /// The token type's name in jmespath.py (used in error messages).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Tok::Eof => "eof",
            Tok::UnquotedIdentifier => "unquoted_identifier",
            Tok::QuotedIdentifier => "quoted_identifier",
            Tok::Literal => "literal",
            Tok::Rbracket => "rbracket",
            Tok::Rparen => "rparen",
            Tok::Comma => "comma",
            Tok::Rbrace => "rbrace",
            Tok::Number => "number",
            Tok::Current => "current",
            Tok::Expref => "expref",
            Tok::Colon => "colon",
            Tok::Pipe => "pipe",
            Tok::Or => "or",
            Tok::And => "and",
            Tok::Eq => "eq",
            Tok::Gt => "gt",
            Tok::Lt => "lt",
            Tok::Gte => "gte",
            Tok::Lte => "lte",
            Tok::Ne => "ne",
            Tok::Flatten => "flatten",
            Tok::Star => "star",
            Tok::Filter => "filter",
            Tok::Dot => "dot",
            Tok::Not => "not",
            Tok::Lbrace => "lbrace",
            Tok::Lbracket => "lbracket",
            Tok::Lparen => "lparen",
        }
    }

    /// `Parser.BINDING_POWER`.
    pub(crate) fn binding_power(self) -> u8 {
        match self {
            Tok::Eof
            | Tok::UnquotedIdentifier
            | Tok::QuotedIdentifier
            | Tok::Literal
            | Tok::Rbracket
            | Tok::Rparen
            | Tok::Comma
            | Tok::Rbrace
            | Tok::Number
            | Tok::Current
            | Tok::Expref
            | Tok::Colon => 0,
            Tok::Pipe => 1,
            Tok::Or => 2,
            Tok::And => 3,
            Tok::Eq | Tok::Gt | Tok::Lt | Tok::Gte | Tok::Lte | Tok::Ne => 5,
            Tok::Flatten => 9,
            Tok::Star => 20,
            Tok::Filter => 21,
            Tok::Dot => 40,
            Tok::Not => 45,
            Tok::Lbrace => 50,
            Tok::Lbracket => 55,
            Tok::Lparen => 60,
        }
    }
}

/// A token's value.
#[derive(Debug, Clone)]
pub(crate) enum TokVal {
    /// Identifiers (decoded) and operator text.
    Text(String),
    /// A number: its value (saturated to i64) and Python's `str(int(text))`.
    Num(i64, String),
    /// A literal (backtick JSON or raw string).
    Lit(Value),
    /// A backtick `NaN`, `Infinity` or `-Infinity` (Python's `json.loads` accepts them;
    /// serde_json values cannot hold them).
    NonFinite(f64),
}

impl TokVal {
    /// Python's `'%s' % token['value']`.
    pub(crate) fn display(&self) -> String {
        match self {
            TokVal::Text(s) => s.clone(),
            TokVal::Num(_, s) => s.clone(),
            TokVal::Lit(v) => crate::pyfmt::py_str_json(v),
            TokVal::NonFinite(f) => awslice_pyfmt::float_repr(*f),
        }
    }
}

/// One token.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) kind: Tok,
    pub(crate) value: TokVal,
    pub(crate) start: usize,
}

/// Python's `str.isspace()` (used by `lstrip()` and `int()`/`float()`).
pub(crate) fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

struct Lexer<'e> {
    expression: &'e str,
    chars: Vec<char>,
    position: usize,
    current: Option<char>,
}

/// Tokenizes `expression` (which must not be empty), ending with an `eof` token.
pub(crate) fn tokenize(expression: &str) -> Result<Vec<Token>, JmespathError> {
    let chars: Vec<char> = expression.chars().collect();
    let current = chars.first().copied();
    let mut lx = Lexer {
        expression,
        chars,
        position: 0,
        current,
    };
    let mut tokens = Vec::new();
    while let Some(c) = lx.current {
        let simple = match c {
            '.' => Some(Tok::Dot),
            '*' => Some(Tok::Star),
            ']' => Some(Tok::Rbracket),
            ',' => Some(Tok::Comma),
            ':' => Some(Tok::Colon),
            '@' => Some(Tok::Current),
            '(' => Some(Tok::Lparen),
            ')' => Some(Tok::Rparen),
            '{' => Some(Tok::Lbrace),
            '}' => Some(Tok::Rbrace),
            _ => None,
        };
        if let Some(kind) = simple {
            tokens.push(Token {
                kind,
                value: TokVal::Text(c.to_string()),
                start: lx.position,
            });
            lx.next();
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = lx.position;
            let mut buff = String::from(c);
            while let Some(n) = lx.next() {
                if n.is_ascii_alphanumeric() || n == '_' {
                    buff.push(n);
                } else {
                    break;
                }
            }
            tokens.push(Token {
                kind: Tok::UnquotedIdentifier,
                value: TokVal::Text(buff),
                start,
            });
        } else if matches!(c, ' ' | '\t' | '\n' | '\r') {
            lx.next();
        } else if c == '[' {
            let start = lx.position;
            let (kind, text) = match lx.next() {
                Some(']') => {
                    lx.next();
                    (Tok::Flatten, "[]")
                }
                Some('?') => {
                    lx.next();
                    (Tok::Filter, "[?")
                }
                _ => (Tok::Lbracket, "["),
            };
            tokens.push(Token {
                kind,
                value: TokVal::Text(text.to_owned()),
                start,
            });
        } else if c == '\'' {
            tokens.push(lx.raw_string()?);
        } else if c == '|' {
            tokens.push(lx.match_or_else('|', Tok::Or, Tok::Pipe));
        } else if c == '&' {
            tokens.push(lx.match_or_else('&', Tok::And, Tok::Expref));
        } else if c == '`' {
            tokens.push(lx.literal()?);
        } else if c.is_ascii_digit() || c == '-' {
            let start = lx.position;
            let buff = lx.number();
            if buff.len() > 1 {
                tokens.push(Token {
                    kind: Tok::Number,
                    value: number_value(&buff),
                    start,
                });
            } else if c == '-' {
                return Err(lexer_error(expression, start, "Unknown token '-'"));
            } else {
                tokens.push(Token {
                    kind: Tok::Number,
                    value: number_value(&buff),
                    start,
                });
            }
        } else if c == '"' {
            tokens.push(lx.quoted_identifier()?);
        } else if c == '<' {
            tokens.push(lx.match_or_else('=', Tok::Lte, Tok::Lt));
        } else if c == '>' {
            tokens.push(lx.match_or_else('=', Tok::Gte, Tok::Gt));
        } else if c == '!' {
            tokens.push(lx.match_or_else('=', Tok::Ne, Tok::Not));
        } else if c == '=' {
            if lx.next() == Some('=') {
                tokens.push(Token {
                    kind: Tok::Eq,
                    value: TokVal::Text("==".to_owned()),
                    start: lx.position - 1,
                });
                lx.next();
            } else {
                let position = if lx.current.is_none() {
                    lx.position
                } else {
                    lx.position - 1
                };
                return Err(lexer_error(expression, position, "Unknown token '='"));
            }
        } else {
            return Err(lexer_error(
                expression,
                lx.position,
                &format!("Unknown token {c}"),
            ));
        }
    }
    tokens.push(Token {
        kind: Tok::Eof,
        value: TokVal::Text(String::new()),
        start: lx.chars.len(),
    });
    Ok(tokens)
}

/// Python's `int(text)` for `-?[0-9]+`, saturated to i64, with its `str()`.
fn number_value(text: &str) -> TokVal {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text),
    };
    let trimmed = digits.trim_start_matches('0');
    let canonical = if trimmed.is_empty() {
        "0".to_owned()
    } else if neg {
        format!("-{trimmed}")
    } else {
        trimmed.to_owned()
    };
    let value = canonical
        .parse::<i64>()
        .unwrap_or(if neg { i64::MIN } else { i64::MAX });
    TokVal::Num(value, canonical)
}

impl Lexer<'_> {
    /// `Lexer._next`: at the last character the position stays put and `current` is None.
    fn next(&mut self) -> Option<char> {
        if self.position + 1 >= self.chars.len() {
            self.current = None;
        } else {
            self.position += 1;
            self.current = Some(self.chars[self.position]);
        }
        self.current
    }

    fn number(&mut self) -> String {
        let mut buff = String::new();
        if let Some(c) = self.current {
            buff.push(c);
        }
        while let Some(n) = self.next() {
            if n.is_ascii_digit() {
                buff.push(n);
            } else {
                break;
            }
        }
        buff
    }

    fn match_or_else(&mut self, expected: char, matched: Tok, otherwise: Tok) -> Token {
        let start = self.position;
        let current = self.current.unwrap_or_default();
        if self.next() == Some(expected) {
            self.next();
            Token {
                kind: matched,
                value: TokVal::Text(format!("{current}{expected}")),
                start,
            }
        } else {
            Token {
                kind: otherwise,
                value: TokVal::Text(current.to_string()),
                start,
            }
        }
    }

    /// `Lexer._consume_until`: backslashes are kept, an escaped delimiter does not end.
    fn consume_until(&mut self, delimiter: char) -> Result<String, JmespathError> {
        let start = self.position;
        let mut buff = String::new();
        self.next();
        while self.current != Some(delimiter) {
            if self.current == Some('\\') {
                buff.push('\\');
                self.next();
            }
            match self.current {
                None => {
                    return Err(lexer_error(
                        self.expression,
                        start,
                        &format!("Unclosed {delimiter} delimiter"),
                    ));
                }
                Some(c) => buff.push(c),
            }
            self.next();
        }
        self.next();
        Ok(buff)
    }

    fn literal(&mut self) -> Result<Token, JmespathError> {
        let start = self.position;
        let lexeme = self.consume_until('`')?.replace("\\`", "`");
        let non_finite = match lexeme.trim_matches([' ', '\t', '\n', '\r']) {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            _ => None,
        };
        if let Some(f) = non_finite {
            return Ok(Token {
                kind: Tok::Literal,
                value: TokVal::NonFinite(f),
                start,
            });
        }
        let value = match serde_json::from_str::<Value>(&lexeme) {
            Ok(v) => normalize_literal(v),
            Err(_) => {
                // The JEP-12 deprecation path: an invalid JSON literal is read as the body of
                // a JSON string.
                let body = lexeme.trim_start_matches(py_isspace);
                match decode_json_string_body(body) {
                    Ok(s) => Value::String(s),
                    Err(_) => {
                        return Err(lexer_error(
                            self.expression,
                            start,
                            &format!("Bad token {lexeme}"),
                        ));
                    }
                }
            }
        };
        Ok(Token {
            kind: Tok::Literal,
            value: TokVal::Lit(value),
            start,
        })
    }

    fn quoted_identifier(&mut self) -> Result<Token, JmespathError> {
        let start = self.position;
        let body = self.consume_until('"')?;
        match decode_json_string_body(&body) {
            Ok(s) => Ok(Token {
                kind: Tok::QuotedIdentifier,
                value: TokVal::Text(s),
                start,
            }),
            Err(msg) => Err(lexer_error(self.expression, start, msg)),
        }
    }

    fn raw_string(&mut self) -> Result<Token, JmespathError> {
        let start = self.position;
        let lexeme = self.consume_until('\'')?.replace("\\'", "'");
        Ok(Token {
            kind: Tok::Literal,
            value: TokVal::Lit(Value::String(lexeme)),
            start,
        })
    }
}

/// Python's `json.loads` turns `-0` into the int `0`; serde_json keeps the text.
fn normalize_literal(v: Value) -> Value {
    match v {
        Value::Number(n) if n.as_str() == "-0" => Value::Number(0.into()),
        Value::Array(a) => Value::Array(a.into_iter().map(normalize_literal).collect()),
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (k, normalize_literal(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Decodes the body of a JSON string (what lies between the quotes) the way Python's
/// `json.loads('"' + body + '"')` does. On failure returns the part of Python's error
/// message before the first `:` (what jmespath.py reports).
///
/// Written by hand because the messages must be Python's and Python accepts lone
/// surrogate escapes (they become U+FFFD here, as Rust strings cannot hold them).
pub(crate) fn decode_json_string_body(body: &str) -> Result<String, &'static str> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Err("Extra data"),
            '\\' => {
                let Some(e) = chars.next() else {
                    return Err("Unterminated string starting at");
                };
                match e {
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    '/' => out.push('/'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'u' => {
                        let hi = read_hex4(&mut chars)?;
                        if (0xD800..0xDC00).contains(&hi) {
                            // A low surrogate escape may follow.
                            let mut look = chars.clone();
                            if look.next() == Some('\\')
                                && look.next() == Some('u')
                                && let Ok(lo) = read_hex4(&mut look)
                                && (0xDC00..0xE000).contains(&lo)
                            {
                                chars = look;
                                let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                                continue;
                            }
                            out.push('\u{fffd}');
                        } else {
                            out.push(char::from_u32(hi).unwrap_or('\u{fffd}'));
                        }
                    }
                    _ => return Err("Invalid \\escape"),
                }
            }
            c if (c as u32) < 0x20 => return Err("Invalid control character at"),
            c => out.push(c),
        }
    }
    Ok(out)
}

fn read_hex4(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<u32, &'static str> {
    let mut v = 0u32;
    for _ in 0..4 {
        match chars.next().and_then(|c| c.to_digit(16)) {
            Some(d) => v = v * 16 + d,
            None => return Err("Invalid \\uXXXX escape"),
        }
    }
    Ok(v)
}
