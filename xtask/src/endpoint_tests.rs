//! `cargo xtask endpoint-tests --model PATH`: runs every `smithy.rules#endpointTests` case of a
//! Smithy JSON AST model through the rules engine and prints `N passed, M failed`.

use std::path::PathBuf;

/// Runs the task; fails when a case fails or the model cannot be read.
pub fn main(args: &[String]) -> Result<(), String> {
    let mut model: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--model" => {
                model = Some(PathBuf::from(it.next().ok_or("--model needs a path")?));
            }
            other => {
                return Err(format!(
                    "unknown argument `{other}` (usage: cargo xtask endpoint-tests --model PATH)"
                ));
            }
        }
    }
    let path = model.unwrap_or_else(|| crate::util::workspace_root().join(crate::generate::MODEL));
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let report = awslice_endpoints::run_model_endpoint_tests(&text)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    for failure in &report.failures {
        println!("FAILED {failure}");
    }
    println!("{} passed, {} failed", report.passed, report.failed);
    if report.failed == 0 {
        Ok(())
    } else {
        Err(format!("{} endpoint test case(s) failed", report.failed))
    }
}
