//! The input of an operation call, built from the parsed parameters as the AWS CLI builds
//! it: `--endpoint-url` and `--query` checked, values converted by type, the input document
//! merged, the skeletons printed, paging set up, blobs read by `cli_binary_format`, and
//! botocore's parameter validation.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::argparse::Parsed;
use crate::failure::{Failure, page_failure, param};
use crate::globals::Globals;
use crate::params::InputKind;
use crate::parse::OpArgs;
use crate::schema::{OperationDef, ServiceDef, ShapeKind};
use crate::{Command, RC_GENERAL, backends, blobs, globals, paginate, params, validate};

/// What the input stage hands to the call: the request input, the pager of a paginated call
/// and the compiled `--query`.
pub(crate) struct Input {
    pub(crate) body: Value,
    pub(crate) pager: Option<paginate::Pager>,
    pub(crate) query: Option<backends::Query>,
}

impl Command<'_> {
    /// Builds the input of `op` from the parsed parameters `a`, failing as the AWS CLI does
    /// and in its order; `None` when a skeleton was printed instead (nothing to send).
    pub(crate) fn prepare_input(
        &mut self,
        svc: &'static ServiceDef,
        op: &OperationDef,
        g: &Globals,
        a: &OpArgs,
    ) -> Result<Option<Input>, Failure> {
        if let Some(url) = &g.endpoint_url
            && globals::url_scheme_missing(url)
        {
            return Err(param(format!(
                "Bad value for --endpoint-url \"{url}\": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/"
            )));
        }
        let query = match &g.query {
            Some(q) => Some(
                backends::compile_query(q)
                    .map_err(|e| param(format!("Bad value for --query {q}: {e}")))?,
            ),
            None => None,
        };

        // Command-line values, converted by type; a blob from `fileb://` is bytes already.
        let mut given: Vec<(usize, Value)> = Vec::new();
        let mut blob_bytes = HashSet::new();
        for (i, v) in a.values.iter().enumerate() {
            if let Some(parsed) = v {
                let p = &op.params[i];
                if let Parsed::Str(raw) = parsed
                    && matches!(
                        svc.shapes.get(p.shape).map(|s| &s.kind),
                        Some(ShapeKind::Blob { streaming: true })
                    )
                {
                    let bytes =
                        params::read_streaming_blob(raw, &self.env).map_err(|e| match e {
                            params::ValueError::Param(_, m) => {
                                param(format!("Error parsing parameter '--{}': {m}", p.cli_name))
                            }
                            params::ValueError::General(m) => Failure::General(m, RC_GENERAL),
                        })?;
                    blob_bytes.insert(p.member.to_owned());
                    given.push((i, blobs::from_bytes(&bytes)));
                    continue;
                }
                if let Parsed::Str(raw) = parsed
                    && let Some(path) = raw.strip_prefix("fileb://")
                    && matches!(
                        svc.shapes.get(p.shape).map(|s| &s.kind),
                        Some(ShapeKind::Blob { .. })
                    )
                {
                    let bytes =
                        params::read_paramfile_bytes(raw, path, &self.env).map_err(|m| {
                            param(format!("Error parsing parameter '--{}': {m}", p.cli_name))
                        })?;
                    blob_bytes.insert(p.member.to_owned());
                    given.push((i, blobs::from_bytes(&bytes)));
                    continue;
                }
                let value = params::convert(
                    svc,
                    p.shape,
                    &format!("--{}", p.cli_name),
                    parsed,
                    &self.env,
                )
                .map_err(|e| match e {
                    params::ValueError::Param(name, msg) => {
                        param(format!("Error parsing parameter '{name}': {msg}"))
                    }
                    params::ValueError::General(msg) => Failure::General(msg, RC_GENERAL),
                })?;
                given.push((i, value));
            }
        }

        // The input document.
        let document = match (&a.cli_input_json, &a.cli_input_yaml) {
            (Some(_), Some(_)) => {
                return Err(param("Only one --cli-input- parameter may be specified."));
            }
            (Some(j), None) => {
                Some(params::load_input_document(InputKind::Json, j, &self.env).map_err(param)?)
            }
            (None, Some(y)) => {
                Some(params::load_input_document(InputKind::Yaml, y, &self.env).map_err(param)?)
            }
            (None, None) => None,
        };

        match a.skeleton.as_deref() {
            Some("input") => {
                self.out(op.skeleton_input)?;
                return Ok(None);
            }
            Some("yaml-input") => {
                self.out(op.skeleton_yaml_input)?;
                return Ok(None);
            }
            _ => {}
        }

        // Paging: a page-size or input-token member given on the command line turns it off.
        let manual = op.paginator.as_ref().is_some_and(|p| {
            given.iter().any(|(i, _)| {
                let m = op.params[*i].member;
                p.input_tokens.contains(&m) || Some(m) == p.limit_key
            })
        });
        let pager = paginate::start(op.paginator.as_ref(), g.no_paginate, manual, &a.paging)
            .map_err(page_failure)?;

        // CLI values first (model order), then the document's other keys (its order).
        let mut body = Map::new();
        for (i, v) in given {
            body.insert(op.params[i].member.to_owned(), v);
        }
        if let Some(doc) = document {
            for (k, v) in doc {
                if !body.contains_key(&k) {
                    body.insert(k, v);
                }
            }
        }
        if let Some(p) = &pager {
            p.prepare(&mut body);
        }
        let mut body = Value::Object(body);
        if let Some(input) = op.wire.input {
            // botocore's `provide-client-params` step: blobs given as text, before validation.
            let mut format = blobs::Lazy::new(|| self.binary_format(g));
            blobs::read_text_blobs(svc, input, &mut body, &mut format, &blob_bytes)
                .map_err(|e| Failure::General(e, RC_GENERAL))?;
            validate::validate(svc, input, &body).map_err(param)?;
        } else if body.as_object().is_some_and(|m| !m.is_empty()) {
            validate::validate_no_input(&body).map_err(param)?;
        }

        if a.skeleton.as_deref() == Some("output") {
            let skel: Value = serde_json::from_str(op.skeleton_output)
                .unwrap_or_else(|_| Value::Object(Map::new()));
            self.print_result(g, op, &skel, query.as_ref())?;
            return Ok(None);
        }

        Ok(Some(Input { body, pager, query }))
    }

    /// `cli_binary_format`: `--cli-binary-format`, then the profile's setting (a profile that
    /// does not exist means the default, as in the AWS CLI), then `base64`.
    fn binary_format(&self, g: &Globals) -> Result<blobs::BinaryFormat, String> {
        if let Some(format) = g.binary_format {
            return Ok(format);
        }
        let mut loader = awslice_runtime::config::ConfigLoader::new()
            .env(awslice_runtime::config::Env::from_map(self.env.clone()));
        if let Some(p) = &g.profile {
            loader = loader.profile(p);
        }
        let configured = loader.load().ok();
        let name = configured
            .as_ref()
            .and_then(|c| c.profile_value("cli_binary_format"))
            .unwrap_or("base64");
        blobs::BinaryFormat::from_name(name)
    }
}
