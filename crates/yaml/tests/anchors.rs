//! Anchors and aliases (`&id001` / `*id001`) for lists and dicts that a `--query` result holds
//! more than once. Expected texts are ruamel.yaml's (the AWS CLI v2's dumper) for the same
//! Python objects; the first two are the AWS CLI outputs recorded in
//! docs/compat.md#output-formats (object identity).

use awslice_yaml::{emit_shared, emit_stream_item_shared, emit_stream_page_shared};
use serde_json::{Value, json};
use std::collections::HashMap;

/// An identity callback from JSON pointers: every pointer of `groups[i]` names an occurrence
/// of object `i`.
fn identity<'v>(value: &'v Value, groups: &[&[&str]]) -> impl Fn(&Value) -> Option<usize> + 'v {
    let mut by_address = HashMap::new();
    for (group, pointers) in groups.iter().enumerate() {
        for p in pointers.iter() {
            let node = value
                .pointer(p)
                .unwrap_or_else(|| panic!("pointer {p} is not in {value}"));
            by_address.insert(std::ptr::from_ref(node) as usize, group);
        }
    }
    move |node: &Value| {
        by_address
            .get(&(std::ptr::from_ref(node) as usize))
            .copied()
    }
}

fn yaml(value: &Value, groups: &[&[&str]]) -> String {
    emit_shared(value, &identity(value, groups))
}

fn stream(value: &Value, groups: &[&[&str]]) -> String {
    emit_stream_item_shared(value, &identity(value, groups))
}

fn perms() -> Value {
    json!([{"SharedAccountId": "123456789012"}])
}

#[test]
fn recorded_aws_cli_outputs() {
    let v = json!([perms(), perms()]);
    let g: &[&[&str]] = &[&["/0", "/1"]];
    assert_eq!(
        yaml(&v, g),
        "- &id001\n  - SharedAccountId: '123456789012'\n- *id001\n"
    );
    assert_eq!(
        stream(&v, g),
        "- - &id001\n    - SharedAccountId: '123456789012'\n  - *id001\n"
    );
    // Keys sorted: `a` is written first and gets the anchor although `b` came first.
    let v = json!({"b": {"SharedAccountId": "123456789012"},
                   "a": {"SharedAccountId": "123456789012"}, "c": "wsi-1"});
    let g: &[&[&str]] = &[&["/b", "/a"]];
    assert_eq!(
        yaml(&v, g),
        "a: &id001\n  SharedAccountId: '123456789012'\nb: *id001\nc: wsi-1\n"
    );
    assert_eq!(
        stream(&v, g),
        "- a: &id001\n    SharedAccountId: '123456789012'\n  b: *id001\n  c: wsi-1\n"
    );
}

#[test]
fn empty_collections_stay_flow_after_the_anchor() {
    let v = json!([[], [], {}, {}, {"x": [], "y": {}}]);
    let g: &[&[&str]] = &[&["/0", "/1", "/4/x"], &["/2", "/3", "/4/y"]];
    assert_eq!(
        yaml(&v, g),
        "- &id001 []\n- *id001\n- &id002 {}\n- *id002\n- x: *id001\n  y: *id002\n"
    );
}

#[test]
fn ids_follow_the_second_encounter_not_the_first() {
    // x = [y], y = [1]; the result is {j: x, k: [y, x]}: y is met again before x.
    let v = json!({"j": [[1]], "k": [[1], [[1]]]});
    let g: &[&[&str]] = &[&["/j", "/k/1"], &["/j/0", "/k/0", "/k/1/0"]];
    assert_eq!(
        yaml(&v, g),
        "j: &id002\n- &id001\n  - 1\nk:\n- *id001\n- *id002\n"
    );
}

#[test]
fn an_anchor_inside_an_anchored_node_and_an_alias_not_re_entered() {
    // [x, x, y] with x = [y]: the copy of y inside the second x is never written.
    let v = json!([[[1]], [[1]], [1]]);
    let g: &[&[&str]] = &[&["/0", "/1"], &["/0/0", "/1/0", "/2"]];
    assert_eq!(
        yaml(&v, g),
        "- &id001\n  - &id002\n    - 1\n- *id001\n- *id002\n"
    );
    assert_eq!(
        stream(&v, g),
        "- - &id001\n    - &id002\n      - 1\n  - *id001\n  - *id002\n"
    );
}

#[test]
fn mappings_in_sequences_and_sequences_in_mappings() {
    let v = json!({"l": [{"k": "v", "n": 1}], "m": [{"k": "v", "n": 1}],
                   "z": {"k": "v", "n": 1}});
    let g: &[&[&str]] = &[&["/l", "/m"], &["/l/0", "/z"]];
    assert_eq!(
        yaml(&v, g),
        "l: &id001\n- &id002\n  k: v\n  n: 1\nm: *id001\nz: *id002\n"
    );
}

#[test]
fn the_same_object_at_several_depths() {
    let v = json!({"a": {"b": {"c": ["s"]}}, "d": ["s"], "e": [["s"], {"f": ["s"]}]});
    let g: &[&[&str]] = &[&["/a/b/c", "/d", "/e/0", "/e/1/f"]];
    assert_eq!(
        yaml(&v, g),
        "a:\n  b:\n    c: &id001\n    - s\nd: *id001\ne:\n- *id001\n- f: *id001\n"
    );
}

#[test]
fn scalars_are_never_anchored_and_unknown_groups_are_ignored() {
    let v = json!(["x", "x", [1], [2]]);
    // A callback that claims the scalars are one object and that a list is shared with
    // nothing else: neither gets an anchor.
    let g: &[&[&str]] = &[&["/0", "/1"], &["/2"]];
    assert_eq!(yaml(&v, g), "- x\n- x\n- - 1\n- - 2\n");
}

#[test]
fn stream_pages_restart_numbering_and_keep_empty_dicts() {
    let v = json!({"A": [1], "B": [1]});
    let g: &[&[&str]] = &[&["/A", "/B"]];
    let page = emit_stream_page_shared(&v, &identity(&v, g));
    assert_eq!(page, "- A: &id001\n  - 1\n  B: *id001\n");
    // The next page is its own document: `id001` again.
    let again = emit_stream_page_shared(&v, &identity(&v, g));
    assert_eq!(again, page);
    // A page that is `{}` after the query is printed; a non-paginated `{}` is not.
    assert_eq!(emit_stream_page_shared(&json!({}), &|_| None), "- {}\n");
    assert_eq!(emit_stream_item_shared(&json!({}), &|_| None), "");
}

#[test]
fn top_level_scalars_and_empty_dicts_ignore_identity() {
    assert_eq!(emit_shared(&json!("wsi-1"), &|_| Some(1)), "\"wsi-1\"\n");
    assert_eq!(emit_shared(&json!({}), &|_| Some(1)), "");
    // The root itself occurs once, whatever the callback says.
    assert_eq!(emit_shared(&json!([1]), &|_| Some(1)), "- 1\n");
}

#[test]
fn long_strings_fold_the_same_under_an_anchor() {
    let long = "word ".repeat(30).trim_end().to_owned();
    let v = json!({"a": {"t": long}, "b": {"t": long}});
    let g: &[&[&str]] = &[&["/a", "/b"]];
    let plain = awslice_yaml::emit(&json!({"a": {"t": long}}));
    let got = yaml(&v, g);
    let anchored_part = got
        .strip_suffix("b: *id001\n")
        .expect("alias at the end")
        .replacen("a: &id001\n", "a:\n", 1);
    assert_eq!(anchored_part, plain);
}
