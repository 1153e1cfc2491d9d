//! Error texts (Python's `str(e)` for jmespath.py 1.0.1, recorded from Python) and the
//! phase each error is raised in (compile or search), as the AWS CLI depends on both:
//! compile errors become `Bad value for --query …` (rc 252, nothing sent), search errors
//! `aws: [ERROR]: …` (rc 255, after the request).

use serde_json::json;

/// (expression, phase, message) recorded with `python3 -c 'import jmespath; …'` (1.0.1).
const CASES: &[(&str, &str, &str)] = &[
    (
        "",
        "compile",
        "Invalid JMESPath expression: cannot be empty.",
    ),
    (
        "foo[",
        "compile",
        "Invalid jmespath expression: Incomplete expression:\n\"foo[\"\n     ^",
    ),
    (
        "foo.",
        "compile",
        "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: eof: Parse error at column 4, token \"\" (EOF), for expression:\n\"foo.\"\n     ^",
    ),
    (
        "'abc",
        "compile",
        "Bad jmespath expression: Unclosed ' delimiter:\n'abc\n^",
    ),
    (
        "foo]",
        "compile",
        "Unexpected token: ]: Parse error at column 3, token \"]\" (RBRACKET), for expression:\n\"foo]\"\n    ^",
    ),
    (
        "a b",
        "compile",
        "Unexpected token: b: Parse error at column 2, token \"b\" (UNQUOTED_IDENTIFIER), for expression:\n\"a b\"\n   ^",
    ),
    (
        "foo[1:2:3:4]",
        "compile",
        "syntax error: Parse error at column 9, token \":\" (COLON), for expression:\n\"foo[1:2:3:4]\"\n          ^",
    ),
    (
        "foo=bar",
        "compile",
        "Bad jmespath expression: Unknown token '=':\nfoo=bar\n   ^",
    ),
    (
        "-",
        "compile",
        "Bad jmespath expression: Unknown token '-':\n-\n^",
    ),
    (
        "#",
        "compile",
        "Bad jmespath expression: Unknown token #:\n#\n^",
    ),
    (
        "\"a\\x\"",
        "compile",
        "Bad jmespath expression: Invalid \\escape:\n\"a\\x\"\n^",
    ),
    (
        "\"\\u12\"",
        "compile",
        "Bad jmespath expression: Invalid \\uXXXX escape:\n\"\\u12\"\n^",
    ),
    (
        "{a b}",
        "compile",
        "Expecting: colon, got: unquoted_identifier: Parse error at column 3, token \"b\" (UNQUOTED_IDENTIFIER), for expression:\n\"{a b}\"\n    ^",
    ),
    (
        "@(a)",
        "compile",
        "Invalid function name '@': Parse error at column 0, token \"@\" (CURRENT), for expression:\n\"@(a)\"\n ^",
    ),
    (
        "\"f\"(a)",
        "compile",
        "Quoted identifier not allowed for function names.: Parse error at column 0, token \"(\" (LPAREN), for expression:\n\"\"f\"(a)\"\n ^",
    ),
    (
        "foo[?a == `1`",
        "compile",
        "Invalid jmespath expression: Incomplete expression:\n\"foo[?a == `1`\"\n              ^",
    ),
    (
        "`foo\"bar`",
        "compile",
        "Bad jmespath expression: Bad token foo\"bar:\n`foo\"bar`\n^",
    ),
    (
        "a[-]",
        "compile",
        "Bad jmespath expression: Unknown token '-':\na[-]\n  ^",
    ),
    (
        "é",
        "compile",
        "Bad jmespath expression: Unknown token é:\né\n^",
    ),
    (
        "{1: b}",
        "compile",
        "Expecting: ['quoted_identifier', 'unquoted_identifier'], got: number: Parse error at column 1, token \"1\" (NUMBER), for expression:\n\"{1: b}\"\n  ^",
    ),
    (
        "[a, b",
        "compile",
        "Invalid jmespath expression: Incomplete expression:\n\"[a, b\"\n      ^",
    ),
    (
        "foo.1",
        "compile",
        "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: number: Parse error at column 4, token \"1\" (NUMBER), for expression:\n\"foo.1\"\n     ^",
    ),
    (
        "length(a, b",
        "compile",
        "Invalid jmespath expression: Incomplete expression:\n\"length(a, b\"\n            ^",
    ),
    (
        "a.\"b\"(c)",
        "compile",
        "Quoted identifier not allowed for function names.: Parse error at column 0, token \"(\" (LPAREN), for expression:\n\"a.\"b\"(c)\"\n ^",
    ),
    (
        "abs(@)",
        "search",
        "In function abs(), invalid type for value: {'obj': {'b': 1, 'a': 2, 'C': 3}, 'nested': {'a': [1, {'x': 1}], 'foo': 's'}, 's': 'wsi-1', 'ints': [1, 2, 3], 'people': [{'n': 'x', 'age': 30}, {'n': 'y', 'age': '20'}]}, expected one of: ['number'], received: \"object\"",
    ),
    (
        "abs(s)",
        "search",
        "In function abs(), invalid type for value: wsi-1, expected one of: ['number'], received: \"string\"",
    ),
    (
        "abs(nested)",
        "search",
        "In function abs(), invalid type for value: {'a': [1, {'x': 1}], 'foo': 's'}, expected one of: ['number'], received: \"object\"",
    ),
    ("foo(@)", "search", "Unknown function: foo()"),
    (
        "length()",
        "search",
        "Expected 1 argument for function length(), received 0",
    ),
    (
        "merge()",
        "search",
        "Expected at least 1 argument for function merge(), received 0",
    ),
    (
        "length(s, s)",
        "search",
        "Expected 1 argument for function length(), received 2",
    ),
    ("ints[::0]", "search", "slice step cannot be zero"),
    (
        "sort(`[1, \"a\"]`)",
        "search",
        "In function sort(), invalid type for value: a, expected one of: ['array-string', 'array-number'], received: \"str\"",
    ),
    (
        "avg(`[\"x\"]`)",
        "search",
        "In function avg(), invalid type for value: x, expected one of: ['array-number'], received: \"str\"",
    ),
    (
        "sort_by(people, &age)",
        "search",
        "In function sort_by(), invalid type for value: 20, expected one of: ['number'], received: \"string\"",
    ),
    ("sort_by(people, &n)[0].x.y", "search-ok", "null"),
    (
        "max_by(people, &age)",
        "search",
        "'>' not supported between instances of 'str' and 'int'",
    ),
    (
        "join(',', ints)",
        "search",
        "In function join(), invalid type for value: 1, expected one of: ['array-string'], received: \"int\"",
    ),
    (
        "contains(s, `1`)",
        "search",
        "'in <string>' requires string as left operand, not int",
    ),
    (
        "s < `1`",
        "search",
        "'<' not supported between instances of 'str' and 'int'",
    ),
    (
        "sort_by(ints, &to_string(@)) | sort_by(@, &[@])",
        "search",
        "In function sort_by(), invalid type for value: 1, expected one of: ['string', 'number'], received: \"array\"",
    ),
    (
        "abs(`{\"a\": [1.5, true, null, \"it's\"]}`)",
        "search",
        "In function abs(), invalid type for value: {'a': [1.5, True, None, \"it's\"]}, expected one of: ['number'], received: \"object\"",
    ),
    (
        "map(&n, s)",
        "search",
        "In function map(), invalid type for value: wsi-1, expected one of: ['array'], received: \"string\"",
    ),
];

fn data() -> serde_json::Value {
    json!({"obj": {"b": 1, "a": 2, "C": 3}, "nested": {"a": [1, {"x": 1}], "foo": "s"},
           "s": "wsi-1", "ints": [1, 2, 3],
           "people": [{"n": "x", "age": 30}, {"n": "y", "age": "20"}]})
}

#[test]
fn error_texts_and_phases_match_python() {
    let data = data();
    for (expr, phase, want) in CASES {
        match (*phase, awslice_jmespath::compile(expr)) {
            ("compile", Err(e)) => {
                assert!(
                    e.is_compile_error(),
                    "{expr:?}: {e:?} should be a compile error"
                );
                assert_eq!(e.to_string(), *want, "{expr:?}");
            }
            ("search", Ok(c)) => {
                let e = c.search(&data).expect_err(expr);
                assert!(!e.is_compile_error(), "{expr:?}: {e:?}");
                assert_eq!(e.to_string(), *want, "{expr:?}");
            }
            ("search-ok", Ok(c)) => {
                let got = c.search(&data).expect(expr);
                assert_eq!(got.to_string(), *want, "{expr:?}");
            }
            (p, other) => panic!("{expr:?}: expected a {p} outcome, got {other:?}"),
        }
    }
}

#[test]
fn cli_message_format() {
    // What the CLI builds: "Bad value for --query EXPR: <str(e)>".
    let e = awslice_jmespath::compile("foo[").expect_err("incomplete");
    assert_eq!(
        format!("Bad value for --query foo[: {e}"),
        "Bad value for --query foo[: Invalid jmespath expression: Incomplete expression:\n\"foo[\"\n     ^"
    );
    assert_eq!(e.kind(), awslice_jmespath::ErrorKind::IncompleteExpression);
    let e = awslice_jmespath::compile("abs(@)")
        .expect("compiles")
        .search(&json!("x"))
        .expect_err("type error");
    assert_eq!(e.kind(), awslice_jmespath::ErrorKind::InvalidType);
    let e = awslice_jmespath::compile("nope(@)")
        .expect("unknown functions compile")
        .search(&json!(1))
        .expect_err("unknown function");
    assert_eq!(e.kind(), awslice_jmespath::ErrorKind::UnknownFunction);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for expr in [
        format!("{}a{}", "(".repeat(5000), ")".repeat(5000)),
        format!("{}a", "!".repeat(5000)),
        format!("{}a{}", "[".repeat(5000), "]".repeat(5000)),
        format!("{}a{}", "{a: ".repeat(5000), "}".repeat(5000)),
        format!("a{}", "|a".repeat(100_000)),
        format!("a{}", " || a".repeat(100_000)),
        format!("a{}", "[]".repeat(100_000)),
        format!("a{}", "[*].a".repeat(100_000)),
    ] {
        let e = awslice_jmespath::compile(&expr).expect_err("too deep");
        assert!(e.is_compile_error());
        assert_eq!(e.to_string(), "maximum recursion depth exceeded");
    }
    // Nesting below the limit works, and long flat chains are not nesting. (Python gives
    // up with a RecursionError on some of these; what matters here is that nothing crashes.)
    for (expr, want) in [
        (format!("{}a{}", "(".repeat(100), ")".repeat(100)), json!(1)),
        (format!("a{}", "|@".repeat(120)), json!(1)),
        (format!("{}a", "!".repeat(251)), json!(false)),
        (format!("d{}", "[]".repeat(250)), json!([1])),
        (
            format!("{}d{}", "to_array(".repeat(120), ")".repeat(120)),
            json!([[[1]]]),
        ),
        (format!("d{}", "[*]".repeat(250)), json!([[[]]])),
        (format!("d{}", "[?@].a".repeat(60)), json!([])),
        (
            format!("{}a{}", "{a: ".repeat(250), "}".repeat(250)),
            json!({"a": {"a": {"a": {"a": 1}}}}),
        ),
        (format!("b{}", ".b".repeat(10_000)), json!(null)),
        (format!("c{}", "[0]".repeat(10_000)), json!(null)),
    ] {
        let got = awslice_jmespath::compile(&expr)
            .expect("compiles")
            .search(&json!({"a": 1, "b": {}, "c": [], "d": [[[1]]]}))
            .expect("searches");
        if want.get("a").is_some() {
            // The nested hash: check the first levels only.
            assert!(got["a"]["a"]["a"]["a"]["a"].is_object(), "{}", &expr[..20]);
        } else {
            assert_eq!(got, want, "{}", &expr[..20]);
        }
    }
}
