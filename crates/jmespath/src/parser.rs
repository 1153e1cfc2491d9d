//! The Pratt parser: a port of jmespath.py 1.0.1's `Parser` (same binding powers, same
//! error messages and positions).

use crate::error::{self, JmespathError};
use crate::functions::Func;
use crate::lexer::{self, Tok, TokVal, Token};
use serde_json::Value;

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Ne,
    Lt,
    Gt,
    Lte,
    Gte,
}

/// The AST, one variant per jmespath.py node type.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Identity,
    Current,
    Field(String),
    Subexpression(Vec<Node>),
    IndexExpression(Vec<Node>),
    Index(i64),
    Slice(Option<i64>, Option<i64>, Option<i64>),
    Literal(Value),
    /// A non-finite float literal (`NaN`, `Infinity`, `-Infinity`).
    FloatLiteral(f64),
    Projection(Box<Node>, Box<Node>),
    ValueProjection(Box<Node>, Box<Node>),
    /// left, right, condition
    FilterProjection(Box<Node>, Box<Node>, Box<Node>),
    Flatten(Box<Node>),
    Comparator(Cmp, Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    And(Box<Node>, Box<Node>),
    Not(Box<Node>),
    Pipe(Box<Node>, Box<Node>),
    MultiSelectList(Vec<Node>),
    MultiSelectHash(Vec<(String, Node)>),
    /// name, resolved function (None: unknown, reported at search time), arguments
    Function(String, Option<Func>, Vec<Node>),
    Expref(Box<Node>),
}

const PROJECTION_STOP: u8 = 10;

/// Nesting limit for the recursive descent. Python stops with a `RecursionError` at a
/// similar depth (its limit is 1000 frames); here the limit also keeps the interpreter's
/// recursion far from the end of the stack.
const MAX_DEPTH: usize = 256;

/// Parses `expression` into an AST.
pub(crate) fn parse(expression: &str) -> Result<Node, JmespathError> {
    if expression.is_empty() {
        return Err(JmespathError::new(
            crate::ErrorKind::EmptyExpression,
            "Invalid JMESPath expression: cannot be empty.",
        ));
    }
    let tokens = lexer::tokenize(expression)?;
    let mut p = Parser {
        expression,
        tokens,
        index: 0,
        depth: 0,
    };
    let parsed = p.expression(0)?;
    if p.current() != Tok::Eof {
        let t = p.token(0);
        let v = t.value.display();
        return Err(p.parse_err(t.start, &v, t.kind, &format!("Unexpected token: {v}")));
    }
    Ok(parsed)
}

struct Parser<'e> {
    expression: &'e str,
    tokens: Vec<Token>,
    index: usize,
    depth: usize,
}

type PResult = Result<Node, JmespathError>;

impl Parser<'_> {
    fn current(&self) -> Tok {
        self.lookahead(0)
    }

    fn lookahead(&self, n: usize) -> Tok {
        self.tokens.get(self.index + n).map_or(Tok::Eof, |t| t.kind)
    }

    fn token(&self, n: usize) -> &Token {
        self.token_at(self.index + n)
    }

    /// The token at `i` (the final `eof` token past the end).
    fn token_at(&self, i: usize) -> &Token {
        let last = self.tokens.len().saturating_sub(1);
        &self.tokens[i.min(last)]
    }

    fn advance(&mut self) {
        self.index += 1;
    }

    fn parse_err(&self, pos: usize, value: &str, kind: Tok, msg: &str) -> JmespathError {
        error::parse_error(self.expression, pos, value, kind.name(), msg)
    }

    fn err_for_token(&self, t: &Token, reason: &str) -> JmespathError {
        self.parse_err(t.start, &t.value.display(), t.kind, reason)
    }

    /// `_raise_parse_error_maybe_eof`; `expected` is Python's `%s` of the expected type(s).
    fn err_maybe_eof(&self, expected: &str) -> JmespathError {
        let t = self.token(0);
        if t.kind == Tok::Eof {
            return error::incomplete(self.expression);
        }
        self.err_for_token(t, &format!("Expecting: {expected}, got: {}", t.kind.name()))
    }

    fn match_tok(&mut self, kind: Tok) -> Result<(), JmespathError> {
        if self.current() == kind {
            self.advance();
            Ok(())
        } else {
            Err(self.err_maybe_eof(kind.name()))
        }
    }

    /// One more level of nesting; an error past [`MAX_DEPTH`].
    fn enter(&mut self) -> Result<(), JmespathError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            // What Python's RecursionError says (the AWS CLI prints `str(e)`).
            return Err(JmespathError::new(
                crate::ErrorKind::Parse,
                "maximum recursion depth exceeded",
            ));
        }
        Ok(())
    }

    /// `_expression`. `self.depth` counts the nesting along the active call chain plus
    /// every left-nested node built in the loops below, so the AST's depth (and with it
    /// the interpreter's recursion and the tree's drop) stays bounded.
    fn expression(&mut self, binding_power: u8) -> PResult {
        let saved = self.depth;
        self.enter()?;
        let left_token = self.token(0).clone();
        self.advance();
        let mut left = self.nud(left_token)?;
        let mut current = self.current();
        while binding_power < current.binding_power() {
            self.advance();
            let appends = match (&left, current) {
                (Node::Subexpression(_), Tok::Dot) => self.current() != Tok::Star,
                (Node::IndexExpression(_), Tok::Lbracket) => {
                    matches!(self.current(), Tok::Number | Tok::Colon)
                }
                _ => false,
            };
            if !appends {
                self.enter()?;
            }
            left = self.led(current, left)?;
            current = self.current();
        }
        self.depth = saved;
        Ok(left)
    }

    // `nud` and `led` only dispatch: every arm with locals is its own function so that the
    // frames on the recursive path stay small (deep but legal expressions, such as the
    // suite's 104-level projection, must not exhaust the stack).

    fn nud(&mut self, token: Token) -> PResult {
        match token.kind {
            Tok::Literal => Ok(match token.value {
                TokVal::Lit(v) => Node::Literal(v),
                TokVal::NonFinite(f) => Node::FloatLiteral(f),
                other => Node::Literal(Value::String(other.display())),
            }),
            Tok::UnquotedIdentifier => Ok(Node::Field(token.value.display())),
            Tok::QuotedIdentifier => self.nud_quoted_identifier(token),
            Tok::Star => self.nud_star(),
            Tok::Filter => self.led_filter(Node::Identity),
            Tok::Lbrace => self.multi_select_hash(),
            Tok::Lparen => self.nud_lparen(),
            Tok::Flatten => self.led_flatten(Node::Identity),
            Tok::Not => self.nud_not(),
            Tok::Lbracket => self.nud_lbracket(),
            Tok::Current => Ok(Node::Current),
            Tok::Expref => self.nud_expref(),
            Tok::Eof => Err(error::incomplete(self.expression)),
            _ => Err(self.err_for_token(&token, "invalid token")),
        }
    }

    #[inline(never)]
    fn nud_quoted_identifier(&mut self, token: Token) -> PResult {
        if self.current() == Tok::Lparen {
            let t = self.token(0);
            return Err(self.parse_err(
                0,
                &t.value.display(),
                t.kind,
                "Quoted identifier not allowed for function names.",
            ));
        }
        Ok(Node::Field(token.value.display()))
    }

    #[inline(never)]
    fn nud_star(&mut self) -> PResult {
        let right = if self.current() == Tok::Rbracket {
            Node::Identity
        } else {
            self.projection_rhs(Tok::Star.binding_power())?
        };
        Ok(Node::ValueProjection(
            Box::new(Node::Identity),
            Box::new(right),
        ))
    }

    #[inline(never)]
    fn nud_lparen(&mut self) -> PResult {
        let e = self.expression(0)?;
        self.match_tok(Tok::Rparen)?;
        Ok(e)
    }

    #[inline(never)]
    fn nud_not(&mut self) -> PResult {
        let e = self.expression(Tok::Not.binding_power())?;
        Ok(Node::Not(Box::new(e)))
    }

    #[inline(never)]
    fn nud_expref(&mut self) -> PResult {
        let e = self.expression(Tok::Expref.binding_power())?;
        Ok(Node::Expref(Box::new(e)))
    }

    #[inline(never)]
    fn nud_lbracket(&mut self) -> PResult {
        let cur = self.current();
        if matches!(cur, Tok::Number | Tok::Colon) {
            let right = self.index_expression()?;
            self.project_if_slice(Node::Identity, right)
        } else if cur == Tok::Star && self.lookahead(1) == Tok::Rbracket {
            self.advance();
            self.advance();
            self.projection_of(Node::Identity)
        } else {
            self.multi_select_list()
        }
    }

    fn led(&mut self, kind: Tok, left: Node) -> PResult {
        match kind {
            Tok::Dot => self.led_dot(left),
            Tok::Pipe | Tok::Or | Tok::And => self.led_binary(kind, left),
            Tok::Lparen => self.led_lparen(left),
            Tok::Filter => self.led_filter(left),
            Tok::Eq | Tok::Ne | Tok::Gt | Tok::Gte | Tok::Lt | Tok::Lte => {
                self.led_comparator(kind, left)
            }
            Tok::Flatten => self.led_flatten(left),
            Tok::Lbracket => self.led_lbracket(left),
            _ => {
                // No led for this token: back up to report it where it stands.
                self.index -= 1;
                let t = self.token(0);
                Err(self.err_for_token(t, "invalid token"))
            }
        }
    }

    #[inline(never)]
    fn led_dot(&mut self, left: Node) -> PResult {
        if self.current() != Tok::Star {
            let right = self.dot_rhs(Tok::Dot.binding_power())?;
            match left {
                Node::Subexpression(mut children) => {
                    children.push(right);
                    Ok(Node::Subexpression(children))
                }
                other => Ok(Node::Subexpression(vec![other, right])),
            }
        } else {
            self.advance();
            let right = self.projection_rhs(Tok::Dot.binding_power())?;
            Ok(Node::ValueProjection(Box::new(left), Box::new(right)))
        }
    }

    #[inline(never)]
    fn led_binary(&mut self, kind: Tok, left: Node) -> PResult {
        let right = Box::new(self.expression(kind.binding_power())?);
        let left = Box::new(left);
        Ok(match kind {
            Tok::Pipe => Node::Pipe(left, right),
            Tok::Or => Node::Or(left, right),
            _ => Node::And(left, right),
        })
    }

    #[inline(never)]
    fn led_lparen(&mut self, left: Node) -> PResult {
        let Node::Field(name) = left else {
            // The token before '(' is the invalid function "name".
            let prev = self.token_at(self.index.saturating_sub(2));
            let v = prev.value.display();
            return Err(self.parse_err(
                prev.start,
                &v,
                prev.kind,
                &format!("Invalid function name '{v}'"),
            ));
        };
        let mut args = Vec::new();
        while self.current() != Tok::Rparen {
            let e = self.expression(0)?;
            if self.current() == Tok::Comma {
                self.match_tok(Tok::Comma)?;
            }
            args.push(e);
        }
        self.match_tok(Tok::Rparen)?;
        let func = Func::lookup(&name);
        Ok(Node::Function(name, func, args))
    }

    #[inline(never)]
    fn led_comparator(&mut self, kind: Tok, left: Node) -> PResult {
        let cmp = match kind {
            Tok::Eq => Cmp::Eq,
            Tok::Ne => Cmp::Ne,
            Tok::Gt => Cmp::Gt,
            Tok::Gte => Cmp::Gte,
            Tok::Lt => Cmp::Lt,
            _ => Cmp::Lte,
        };
        let right = self.expression(kind.binding_power())?;
        Ok(Node::Comparator(cmp, Box::new(left), Box::new(right)))
    }

    #[inline(never)]
    fn led_flatten(&mut self, left: Node) -> PResult {
        let left = Node::Flatten(Box::new(left));
        let right = self.projection_rhs(Tok::Flatten.binding_power())?;
        Ok(Node::Projection(Box::new(left), Box::new(right)))
    }

    #[inline(never)]
    fn led_lbracket(&mut self, left: Node) -> PResult {
        if matches!(self.current(), Tok::Number | Tok::Colon) {
            let right = self.index_expression()?;
            match left {
                Node::IndexExpression(mut children) => {
                    children.push(right);
                    Ok(Node::IndexExpression(children))
                }
                other => self.project_if_slice(other, right),
            }
        } else {
            self.match_tok(Tok::Star)?;
            self.match_tok(Tok::Rbracket)?;
            self.projection_of(left)
        }
    }

    /// `[*]` applied to `left`.
    #[inline(never)]
    fn projection_of(&mut self, left: Node) -> PResult {
        let right = self.projection_rhs(Tok::Star.binding_power())?;
        Ok(Node::Projection(Box::new(left), Box::new(right)))
    }

    fn led_filter(&mut self, left: Node) -> PResult {
        let condition = self.expression(0)?;
        self.match_tok(Tok::Rbracket)?;
        let right = if self.current() == Tok::Flatten {
            Node::Identity
        } else {
            self.projection_rhs(Tok::Filter.binding_power())?
        };
        Ok(Node::FilterProjection(
            Box::new(left),
            Box::new(right),
            Box::new(condition),
        ))
    }

    fn index_expression(&mut self) -> PResult {
        if self.lookahead(0) == Tok::Colon || self.lookahead(1) == Tok::Colon {
            return self.slice_expression();
        }
        let value = match &self.token(0).value {
            TokVal::Num(n, _) => *n,
            _ => 0,
        };
        self.advance();
        self.match_tok(Tok::Rbracket)?;
        Ok(Node::Index(value))
    }

    fn slice_expression(&mut self) -> PResult {
        let mut parts: [Option<i64>; 3] = [None, None, None];
        let mut index = 0;
        let mut current = self.current();
        while current != Tok::Rbracket && index < 3 {
            if current == Tok::Colon {
                index += 1;
                if index == 3 {
                    return Err(self.err_for_token(self.token(0), "syntax error"));
                }
                self.advance();
            } else if current == Tok::Number {
                if let TokVal::Num(n, _) = &self.token(0).value {
                    parts[index] = Some(*n);
                }
                self.advance();
            } else {
                return Err(self.err_for_token(self.token(0), "syntax error"));
            }
            current = self.current();
        }
        self.match_tok(Tok::Rbracket)?;
        Ok(Node::Slice(parts[0], parts[1], parts[2]))
    }

    fn project_if_slice(&mut self, left: Node, right: Node) -> PResult {
        let is_slice = matches!(right, Node::Slice(..));
        let index_expr = Node::IndexExpression(vec![left, right]);
        if is_slice {
            let rhs = self.projection_rhs(Tok::Star.binding_power())?;
            Ok(Node::Projection(Box::new(index_expr), Box::new(rhs)))
        } else {
            Ok(index_expr)
        }
    }

    fn multi_select_list(&mut self) -> PResult {
        let mut expressions = Vec::new();
        loop {
            expressions.push(self.expression(0)?);
            if self.current() == Tok::Rbracket {
                break;
            }
            self.match_tok(Tok::Comma)?;
        }
        self.match_tok(Tok::Rbracket)?;
        Ok(Node::MultiSelectList(expressions))
    }

    fn multi_select_hash(&mut self) -> PResult {
        let mut pairs = Vec::new();
        loop {
            let key_token = self.token(0).clone();
            if !matches!(
                self.current(),
                Tok::QuotedIdentifier | Tok::UnquotedIdentifier
            ) {
                return Err(self.err_maybe_eof("['quoted_identifier', 'unquoted_identifier']"));
            }
            self.advance();
            self.match_tok(Tok::Colon)?;
            let value = self.expression(0)?;
            pairs.push((key_token.value.display(), value));
            if self.current() == Tok::Comma {
                self.match_tok(Tok::Comma)?;
            } else if self.current() == Tok::Rbrace {
                self.match_tok(Tok::Rbrace)?;
                break;
            }
        }
        Ok(Node::MultiSelectHash(pairs))
    }

    fn projection_rhs(&mut self, binding_power: u8) -> PResult {
        let cur = self.current();
        if cur.binding_power() < PROJECTION_STOP {
            Ok(Node::Identity)
        } else if cur == Tok::Lbracket || cur == Tok::Filter {
            self.expression(binding_power)
        } else if cur == Tok::Dot {
            self.match_tok(Tok::Dot)?;
            self.dot_rhs(binding_power)
        } else {
            Err(self.err_for_token(self.token(0), "syntax error"))
        }
    }

    fn dot_rhs(&mut self, binding_power: u8) -> PResult {
        match self.current() {
            Tok::QuotedIdentifier | Tok::UnquotedIdentifier | Tok::Star => {
                self.expression(binding_power)
            }
            Tok::Lbracket => {
                self.match_tok(Tok::Lbracket)?;
                self.multi_select_list()
            }
            Tok::Lbrace => {
                self.match_tok(Tok::Lbrace)?;
                self.multi_select_hash()
            }
            other => {
                let t = self.token(0);
                Err(self.err_for_token(
                    t,
                    &format!(
                        "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: {}",
                        other.name()
                    ),
                ))
            }
        }
    }
}
