//! Results that must have Python's shape: ints stay ints, computed floats are floats,
//! objects keep insertion order, big integers keep their digits. Expected values were
//! checked against Python's jmespath 1.0.1 (`json.dumps(jmespath.search(…))`).

use serde_json::Value;

fn data() -> Value {
    serde_json::from_str(
        r#"{"obj": {"b": 1, "a": 2, "C": 3}, "i": 3, "f1": 1.0, "neg": -2, "half": 2.5,
            "big": 123456789012345678901234567890, "ints": [1, 2, 3], "nums": [3, 1.5, 2],
            "empty": [], "u": "é中😀", "strs": ["b", "a", "é", "中"],
            "people": [{"n": "x", "age": 30}, {"n": "y", "age": 20}, {"n": "z", "age": 30}]}"#,
    )
    .expect("test data")
}

/// Serializes the result compactly; number texts are kept as the search produced them.
fn run(expr: &str) -> String {
    let compiled = awslice_jmespath::compile(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
    let v = compiled
        .search(&data())
        .unwrap_or_else(|e| panic!("{expr}: {e}"));
    serde_json::to_string(&v).expect("serialize")
}

#[test]
fn int_and_float_results() {
    let cases = [
        ("sum(ints)", "6"),
        ("sum(empty)", "0"),
        ("sum(nums)", "6.5"),
        ("abs(neg)", "2"),
        ("abs(`-2.5`)", "2.5"),
        ("ceil(`0.1`)", "1"),
        ("floor(half)", "2"),
        ("floor(`1e16`)", "10000000000000000"),
        ("ceil(i)", "3"),
        ("avg(ints)", "2.0"),
        ("avg(empty)", "null"),
        ("max(nums)", "3"),
        ("min(nums)", "1.5"),
        ("length(u)", "3"),
        ("to_number('1_000')", "1000"),
        ("to_number('-0')", "0"),
        ("to_number(' 42 ')", "42"),
        ("to_number('1.5e3')", "1500.0"),
        ("to_number('abc')", "null"),
        ("f1", "1.0"),
        ("big", "123456789012345678901234567890"),
        (
            "`123456789012345678901234567890`",
            "123456789012345678901234567890",
        ),
        ("big == `123456789012345678901234567891`", "false"),
        ("`1` == `1.0`", "true"),
        ("`1` == `true`", "false"),
        ("[`1`] == [`true`]", "true"),
    ];
    for (expr, want) in cases {
        assert_eq!(run(expr), want, "{expr}");
    }
}

#[test]
fn key_order_is_insertion_order() {
    let cases = [
        ("obj", r#"{"b":1,"a":2,"C":3}"#),
        ("{z: i, a: f1}", r#"{"z":3,"a":1.0}"#),
        ("keys(obj)", r#"["b","a","C"]"#),
        ("values(obj)", "[1,2,3]"),
        ("obj.*", "[1,2,3]"),
        (
            r#"merge(obj, `{"a": 9, "z": 0}`)"#,
            r#"{"b":1,"a":9,"C":3,"z":0}"#,
        ),
        ("{b: i, a: i, b: f1}", r#"{"b":1.0,"a":3}"#),
    ];
    for (expr, want) in cases {
        assert_eq!(run(expr), want, "{expr}");
    }
}

#[test]
fn to_string_is_python_json_dumps() {
    let cases = [
        ("to_string(obj)", r#""{\"b\":1,\"a\":2,\"C\":3}""#),
        ("to_string(`1.5e-7`)", r#""1.5e-07""#),
        ("to_string(`1e16`)", r#""1e+16""#),
        ("to_string(`0.00001`)", r#""1e-05""#),
        ("to_string(`[\"é\"]`)", r#""[\"\\u00e9\"]""#),
        ("to_string(nums)", r#""[3,1.5,2]""#),
        ("to_string(u)", r#""é中😀""#),
        ("to_string(`[\"😀\"]`)", r#""[\"\\ud83d\\ude00\"]""#),
    ];
    for (expr, want) in cases {
        assert_eq!(run(expr), want, "{expr}");
    }
}

#[test]
fn sorting_and_extremes_are_stable_like_python() {
    let cases = [
        ("sort_by(people, &age)[].n", r#"["y","x","z"]"#),
        ("max_by(people, &age).n", r#""x""#),
        ("min_by(people, &age).n", r#""y""#),
        ("sort(strs)", r#"["a","b","é","中"]"#),
        ("reverse(u)", r#""😀中é""#),
        ("ints[::-1]", "[3,2,1]"),
        ("ints[-10:1]", "[1]"),
        ("people[?age > `25`].n", r#"["x","z"]"#),
    ];
    for (expr, want) in cases {
        assert_eq!(run(expr), want, "{expr}");
    }
}

#[test]
fn compiled_expression_is_reusable() {
    let c = awslice_jmespath::compile("a.b").expect("compile");
    assert_eq!(c.as_str(), "a.b");
    for i in 0..3 {
        let doc = serde_json::json!({"a": {"b": i}});
        assert_eq!(c.search(&doc).expect("search"), serde_json::json!(i));
    }
}
