//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The shared reference directory (`../shared` from the workspace root).
pub fn shared_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"))
}

/// Reads a file under the shared reference directory, failing clearly when it is absent.
pub fn read_shared(rel: &str) -> String {
    let path = shared_dir().join(rel);
    match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => panic!(
            "the shared reference file {} is missing or unreadable ({e}); these tests need the \
             `shared` directory next to the workspace root",
            path.display()
        ),
    }
}

/// The official WorkSpaces model's `smithy.rules#endpointRuleSet` as JSON.
pub fn official_rule_set_json() -> serde_json::Value {
    let text = read_shared("models/workspaces-2015-04-08.json");
    let model: serde_json::Value = serde_json::from_str(&text).expect("the official model is JSON");
    let shapes = model["shapes"].as_object().expect("shapes object");
    shapes
        .values()
        .find(|s| s["type"] == "service")
        .and_then(|s| s["traits"].get("smithy.rules#endpointRuleSet"))
        .cloned()
        .expect("the official model's service has an endpoint rule set")
}
