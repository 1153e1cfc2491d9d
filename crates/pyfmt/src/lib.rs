//! Python's text forms of values, as the AWS CLI prints them.
//!
//! The AWS CLI is a Python program: its request bodies are `json.dumps` output, its
//! `--output json` is `json.dumps(indent=4, ensure_ascii=False)`, its text and table output
//! print `str()` of values, and its error messages embed `repr()` of strings, numbers, lists
//! and dicts and the exception texts of `int()` and `float()`. This crate holds the one
//! implementation of each of those forms that the other awslice crates share.
//!
//! Values are `serde_json::Value` with `arbitrary_precision`: a number whose text is `-?\d+`
//! is a Python `int` (unbounded, printed digit for digit), any other number a Python `float`.
//!
//! Written by hand: no crate reproduces CPython's spellings (float `repr` layout, `repr`
//! quoting with `str.isprintable`, `json.dumps` separators and escapes) byte for byte.

#![deny(missing_docs)]

mod float;
mod json;
mod number;
mod os;
mod parse;
mod repr;
mod string;
#[rustfmt::skip]
mod unprintable;

pub use float::{float_repr, json_float};
pub use json::{Dumps, dumps, dumps_compact, dumps_indented, json_scalar, push_json_string};
pub use number::{PyNumber, as_f64, classify, float_number, is_int, json_number, str_number};
pub use os::expandvars;
pub use parse::{int_error, parse_float, parse_int};
pub use repr::{py_repr, py_str, str_list_repr, type_name};
pub use string::{is_printable, push_str_repr, str_repr};
