//! Running an operation: the input built from the parsed parameters (converted values, input
//! documents, blobs, validation, skeletons), the configuration and client, the call (pages
//! included), and the result handed to the output stage.

use serde_json::{Map, Value};

use awslice_runtime::error::CallError;
use awslice_runtime::schema::OperationSchema;

use crate::failure::{Failure, call_failure, page_failure};
use crate::globals::{Globals, OutputFormat};
use crate::parse::OpArgs;
use crate::request::Input;
use crate::schema::{OperationDef, ServiceDef};
use crate::{
    Command, PROG, RC_GENERAL, RC_OK, RC_PARAM, backends, config, globals, paginate, params,
    response,
};

/// Writes the blob payload of `output` to the `outfile` the command named and removes it from
/// the output, as the AWS CLI's streaming-output argument does once the call succeeded (the
/// file is opened as given, without `~` or variable expansion).
fn save_outfile(
    svc: &ServiceDef,
    op: &OperationDef,
    path: &str,
    output: &mut Value,
) -> Result<(), Failure> {
    let schema = OperationSchema {
        shapes: svc.shapes,
        operation: &op.wire,
    };
    let (Some(member), Value::Object(fields)) = (schema.blob_payload_output(), output) else {
        return Ok(());
    };
    // `shift_remove`: the other members keep their order (`remove` would move the last into
    // the payload's place).
    let Some(Value::String(encoded)) = fields.shift_remove(member.name) else {
        return Ok(());
    };
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|e| {
            Failure::General(format!("the response's {}: {e}", member.name), RC_GENERAL)
        })?;
    std::fs::write(path, bytes)
        .map_err(|e| Failure::General(params::io_error_text(&e, path), RC_GENERAL))
}

impl Command<'_> {
    /// The configuration of the command, from the global options (timeouts validated).
    pub(crate) fn load_config(
        &mut self,
        g: &Globals,
    ) -> Result<awslice_runtime::config::SdkConfig, Failure> {
        // Read with the other global options; reported here, as the AWS CLI does.
        let timeout = |t: &globals::Timeout| match t {
            Some(Ok(d)) => Ok(Some(*d)),
            Some(Err(e)) => Err(Failure::General(e.clone(), RC_GENERAL)),
            None => Ok(None),
        };
        let timeouts = config::Timeouts {
            connect: timeout(&g.connect_timeout)?,
            read: timeout(&g.read_timeout)?,
        };
        let config = config::load(g, &self.env, timeouts, self.profile_providers.clone())
            .map_err(|e| Failure::General(e, RC_GENERAL))?;
        Ok(config)
    }

    pub(crate) fn run_operation(
        &mut self,
        svc: &'static ServiceDef,
        op: &OperationDef,
        g: &Globals,
        a: OpArgs,
    ) -> Result<i32, Failure> {
        let Some(Input {
            body,
            mut pager,
            query,
        }) = self.prepare_input(svc, op, g, &a)?
        else {
            return Ok(RC_OK);
        };
        let config = self.load_config(g)?;
        self.config = Some(config.clone());
        if g.no_verify_ssl
            && !g
                .endpoint_url
                .as_deref()
                .is_some_and(|u| u.starts_with("http://"))
        {
            self.err(&format!(
                "{PROG}: [WARNING]: --no-verify-ssl: TLS certificate verification is disabled. Adding certificate verification is strongly advised.\n"
            ));
        }
        let mut client = awslice_runtime::client::ServiceClient::new(&config, svc.meta)
            .with_user_agent_piece(&format!("md/prompt#{}", self.prompt_ua))
            .with_user_agent_piece(&format!("md/command#{}.{}", svc.cli_name, op.cli_name));
        if pager.is_some() {
            client =
                client.with_user_agent_feature(awslice_runtime::user_agent::feature::PAGINATOR);
        }
        if let Some(w) = pager.as_ref().and_then(paginate::Pager::warning) {
            self.err(w);
        }
        let Some(mut pager) = pager.take() else {
            let mut value = self.call_once(svc, op, &client, &body)?;
            if let Some(path) = &a.outfile {
                save_outfile(svc, op, path, &mut value)?;
            }
            self.print_result(g, op, &value, query.as_ref())?;
            return Ok(RC_OK);
        };
        let mut body = match body {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        // The AWS CLI opens its output stream before it iterates the pages.
        self.check_pager(g)?;
        let mut failed = None;
        loop {
            let page = self.call_once(svc, op, &client, &Value::Object(body.clone()))?;
            match pager.on_page(page, &mut body) {
                Ok(paginate::Step::More) => {}
                Ok(paginate::Step::Done) => break,
                Err(e) => {
                    failed = Some(page_failure(e));
                    break;
                }
            }
        }
        // The text formatter prints page by page (so pages before an error are printed);
        // the others print the merged result.
        if self.output_format(g) == OutputFormat::Text {
            // Pages rendered before a `--query` error on a later page are still printed.
            let docs = pager.text_documents();
            let mut text = String::new();
            let mut query_error = None;
            for doc in &docs {
                match self.render(g, op, doc, query.as_ref()) {
                    Ok(t) => text.push_str(&t),
                    Err(e) => {
                        query_error = Some(e);
                        break;
                    }
                }
            }
            if !text.is_empty() {
                self.emit(g, &text)?;
            }
            if let Some(e) = query_error {
                return Err(e);
            }
        } else if self.output_format(g) == OutputFormat::YamlStream {
            // Streamed page by page too (each page as is, `--query` applied to each).
            let (text, query_error) = backends::yaml_stream_pages(pager.pages(), query.as_ref());
            if !text.is_empty() {
                self.emit(g, &text)?;
            }
            if let Some(e) = query_error {
                return Err(Failure::General(e, RC_GENERAL));
            }
        } else if failed.is_none() {
            self.print_result(g, op, &pager.full_result(), query.as_ref())?;
        }
        match failed {
            Some(f) => Err(f),
            None => Ok(RC_OK),
        }
    }

    /// Sends one request and parses its output (logging the request id under `--debug`).
    pub(crate) fn call_once(
        &self,
        svc: &'static ServiceDef,
        op: &OperationDef,
        client: &awslice_runtime::client::ServiceClient,
        body: &Value,
    ) -> Result<Value, Failure> {
        use awslice_runtime::protocol;
        use awslice_runtime::service::Protocol;

        let schema = OperationSchema {
            shapes: svc.shapes,
            operation: &op.wire,
        };
        let protocol = svc.meta.protocol;
        // An awsJson request that is the input's JSON as it is takes the client's fast path.
        let result = if protocol::aws_json::is_plain(svc.meta, schema) {
            let wire = awslice_pyfmt::dumps_compact(body);
            self.send(client.call(op.wire.name, wire.into_bytes()))?
        } else {
            let request = protocol::serialize(svc.meta, schema, body, protocol::JsonStyle::Python)
                .map_err(|e| Failure::Coded("ParamValidation", e.to_string(), RC_PARAM))?;
            self.send(client.send(op.wire.name, request))?
        };
        match result {
            Ok(resp) => {
                if let Some(id) = resp
                    .headers
                    .get("x-amzn-requestid")
                    .and_then(|v| v.to_str().ok())
                {
                    self.log("awslice.formatter", &format!("RequestId: {id}"));
                }
                let parsed = protocol::deserialize(
                    protocol,
                    schema,
                    protocol::Response {
                        status: resp.status,
                        headers: &resp.headers,
                        body: &resp.body,
                    },
                );
                let value = match (protocol, parsed) {
                    // awsJson output the AWS CLI cannot parse is read as no output.
                    (Protocol::AwsJson1_0 | Protocol::AwsJson1_1, Err(_)) => {
                        Value::Object(Map::new())
                    }
                    (_, parsed) => {
                        parsed.map_err(|e| Failure::General(e.to_string(), RC_GENERAL))?
                    }
                };
                let mut value = response::output_value(svc, op.wire.output, &value, &self.env)
                    .map_err(|e| Failure::General(e, RC_GENERAL))?;
                // After the model's filter: a member the rules read may be `null`, which the
                // AWS CLI prints.
                resp.finish_output(&op.wire, &mut value);
                Ok(value)
            }
            Err(e) => Err(call_failure(e)),
        }
    }

    /// Runs `call` on a current-thread runtime, with Ctrl-C handling in process mode.
    pub(crate) fn send(
        &self,
        call: impl std::future::Future<Output = Result<awslice_runtime::client::RawResponse, CallError>>,
    ) -> Result<Result<awslice_runtime::client::RawResponse, CallError>, Failure> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Failure::General(e.to_string(), RC_GENERAL))?;
        let sigint = self.handle_sigint;
        let fut = async move {
            if sigint {
                // Whichever finishes first: the call, or Ctrl-C (`None`). Written with
                // `poll_fn` rather than `tokio::select!` so tokio's `macros` feature (a
                // proc-macro crate to build) is not needed.
                let mut call = std::pin::pin!(call);
                let mut interrupt = std::pin::pin!(tokio::signal::ctrl_c());
                std::future::poll_fn(|cx| {
                    if let std::task::Poll::Ready(r) = call.as_mut().poll(cx) {
                        return std::task::Poll::Ready(Some(r));
                    }
                    interrupt.as_mut().poll(cx).map(|_| None)
                })
                .await
            } else {
                Some(call.await)
            }
        };
        let result = match &self.debug {
            Some(d) => {
                tracing::subscriber::with_default(crate::debug::DebugDispatch(d.clone()), || {
                    rt.block_on(fut)
                })
            }
            None => rt.block_on(fut),
        };
        result.ok_or(Failure::Interrupted)
    }
}
