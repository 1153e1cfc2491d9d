//! `cargo xtask generate-all --models DIR`: generates every Smithy JSON AST model in `DIR`
//! (all operations, in memory, nothing written) and reports, per protocol, how many generate.
//! The public AWS model repository (`aws/api-models-aws`) is what it is meant for: point
//! `--models` at a checkout of it (its `models/` folder is searched recursively).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use awslice_codegen::service_meta::protocol;
use awslice_codegen::{Options, RuntimeDeps, generate_model};

/// The protocol trait a model's service lists first, as botocore orders them (for the report:
/// the models whose protocol is not supported are counted under it).
fn protocol_name(model: &awslice_codegen::model::Model) -> String {
    let Ok(service) = awslice_codegen::closure::the_service(model) else {
        return "no single service".into();
    };
    let traits = model
        .shapes
        .get(&service)
        .map(|s| &s.traits.raw)
        .cloned()
        .unwrap_or_default();
    for id in [
        "aws.protocols#awsJson1_1",
        "aws.protocols#awsJson1_0",
        "aws.protocols#restJson1",
        "aws.protocols#restXml",
        "smithy.protocols#rpcv2Cbor",
        "aws.protocols#awsQuery",
        "aws.protocols#ec2Query",
    ] {
        if traits.contains_key(id) {
            return id.rsplit('#').next().unwrap_or(id).to_string();
        }
    }
    "none".into()
}

/// Every `.json` file under `dir`, sorted.
fn model_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).map_err(|e| format!("cannot list {}: {e}", d.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Runs the task.
///
/// # Errors
/// Bad arguments, an unreadable folder, or a model of a supported protocol that does not
/// generate.
pub fn main(args: &[String]) -> Result<(), String> {
    let dir = match args {
        [flag, dir] if flag == "--models" => PathBuf::from(dir),
        _ => return Err("usage: cargo xtask generate-all --models DIR".into()),
    };
    let files = model_files(&dir)?;
    if files.is_empty() {
        return Err(format!("no .json model under {}", dir.display()));
    }
    // protocol → (generated, failed with reasons)
    let mut report: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    let started = std::time::Instant::now();
    for path in &files {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let outcome = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|json| awslice_codegen::model::parse(&json).map_err(|e| e.to_string()))
            .map(|model| {
                let proto = protocol_name(&model);
                let result = awslice_codegen::closure::the_service(&model)
                    .and_then(|service| protocol(&model, &service).map(|_| ()))
                    .and_then(|()| {
                        Options::standalone_for(&model, RuntimeDeps::Version("0.1".into()))
                    })
                    .and_then(|opts| generate_model(&model, &opts).map(drop));
                (proto, result.map_err(|e| e.to_string()))
            });
        let (proto, result) = match outcome {
            Ok((proto, result)) => (proto, result),
            Err(e) => ("unreadable".to_string(), Err(e)),
        };
        let entry = report.entry(proto).or_default();
        match result {
            Ok(()) => entry.0 += 1,
            Err(e) => entry
                .1
                .push(format!("{name}: {}", e.lines().next().unwrap_or_default())),
        }
    }
    let mut failed_supported = 0;
    println!(
        "{} models in {:.1} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
    for (proto, (ok, failed)) in &report {
        println!("{proto}: {ok} generated, {} failed", failed.len());
        let supported = matches!(
            proto.as_str(),
            "awsJson1_0" | "awsJson1_1" | "restJson1" | "awsQuery"
        );
        if supported {
            failed_supported += failed.len();
            for f in failed {
                println!("  {f}");
            }
        }
    }
    if failed_supported > 0 {
        return Err(format!(
            "{failed_supported} models of supported protocols did not generate"
        ));
    }
    Ok(())
}
