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
        ("floor(big)", "123456789012345678901234567890"),
        (
            "abs(`-123456789012345678901234567890`)",
            "123456789012345678901234567890",
        ),
        (
            "to_number('-123456789012345678901234567890')",
            "-123456789012345678901234567890",
        ),
        (
            "`123456789012345678901234567890`",
            "123456789012345678901234567890",
        ),
        ("big == `123456789012345678901234567891`", "false"),
        ("big == `123456789012345678901234567890`", "true"),
        ("big == `123456789012345678901234567890.0`", "false"),
        ("big > `1e29`", "true"),
        ("big < `1.2345678901234568e29`", "false"),
        ("big > `1.2345678901234568e29`", "true"),
        ("[big] == [`123456789012345678901234567890`]", "true"),
        ("max([big, `1e29`])", "123456789012345678901234567890"),
        ("big == `1`", "false"),
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

/// Which arrays/objects of a result are the same Python object: the AWS CLI's YAML output
/// anchors them (`--query '[ImagePermissions, ImagePermissions]'` gives `- &id001 …` and
/// `- *id001`).
#[test]
fn shared_objects_are_reported() {
    let data: Value = serde_json::from_str(
        r#"{"ImageId": "wsi-1", "ImagePermissions": [{"SharedAccountId": "123456789012"}]}"#,
    )
    .expect("data");

    let r = awslice_jmespath::compile("[ImagePermissions, ImagePermissions]")
        .and_then(|c| c.search_shared(&data))
        .expect("search");
    let items = r.value().as_array().expect("array");
    assert!(r.has_shared());
    assert!(r.shared_group(&items[0]).is_some());
    assert_eq!(r.shared_group(&items[0]), r.shared_group(&items[1]));
    // The inner object is only reached through the shared list: no anchor of its own.
    assert_eq!(r.shared_group(&items[0][0]), None);
    assert_eq!(r.shared_group(r.value()), None);

    let r =
        awslice_jmespath::compile("{b: ImagePermissions[0], a: ImagePermissions[0], c: ImageId}")
            .and_then(|c| c.search_shared(&data))
            .expect("search");
    assert_eq!(
        serde_json::to_string(r.value()).expect("json"),
        r#"{"b":{"SharedAccountId":"123456789012"},"a":{"SharedAccountId":"123456789012"},"c":"wsi-1"}"#
    );
    let (b, a) = (&r.value()["b"], &r.value()["a"]);
    assert!(r.shared_group(a).is_some());
    assert_eq!(r.shared_group(a), r.shared_group(b));

    // Equal but distinct objects are not shared; computed lists passed on are.
    for (expr, shared) in [
        ("[`[1]`, `[1]`]", false),
        ("ImagePermissions | [@, @]", true),
        (
            "[ImagePermissions[0], ImagePermissions[0].SharedAccountId]",
            false,
        ),
        ("ImagePermissions[*].{x: `{}`}", false),
        ("[ImagePermissions, ImagePermissions][].{x: `{}`}", true),
        ("map(&`[1]`, [ImagePermissions, ImagePermissions])", true),
        ("ImagePermissions", false),
    ] {
        let r = awslice_jmespath::compile(expr)
            .and_then(|c| c.search_shared(&data))
            .expect("search");
        assert_eq!(r.has_shared(), shared, "{expr}");
        assert_eq!(
            r.clone().into_value(),
            awslice_jmespath::search(expr, &data).expect("search"),
            "{expr}"
        );
    }
}
