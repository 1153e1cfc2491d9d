//! The output stage: `--query`, the `--output` formatters, colour, and the pager.

use serde_json::Value;

use crate::failure::Failure;
use crate::globals::{Color, Globals, OutputFormat};
use crate::schema::OperationDef;
use crate::{Command, PROG, RC_CONFIG, RC_GENERAL, backends, config, pager};

impl Command<'_> {
    /// `--output`, else the configured default.
    pub(crate) fn output_format(&self, g: &Globals) -> OutputFormat {
        g.output
            .unwrap_or_else(|| config::default_output(self.config.as_ref(), &self.env))
    }

    pub(crate) fn print_result(
        &mut self,
        g: &Globals,
        op: &OperationDef,
        value: &Value,
        query: Option<&backends::Query>,
    ) -> Result<(), Failure> {
        let text = self.render(g, op, value, query)?;
        // The AWS CLI opens its output stream (and splits the pager command) even when
        // there is nothing to print.
        self.check_pager(g)?;
        if text.is_empty() {
            return Ok(());
        }
        self.emit(g, &text)
    }

    /// Fails as the AWS CLI does when opening its output stream: it splits the pager command
    /// (`shlex.split`, whose errors surface here) at once but starts the pager lazily, at
    /// the first write.
    pub(crate) fn check_pager(&self, g: &Globals) -> Result<(), Failure> {
        if let Some(cmd) = self.pager_command(g) {
            pager::split(&cmd).map_err(|e| Failure::General(e.to_owned(), RC_GENERAL))?;
        }
        Ok(())
    }

    /// Writes formatted output, through the pager when one applies.
    pub(crate) fn emit(&mut self, g: &Globals, text: &str) -> Result<(), Failure> {
        match self.pager_command(g) {
            Some(cmd) => self.page(&cmd, text),
            None => self.out(text),
        }
    }

    /// Applies `--query` and formats with `--output`.
    pub(crate) fn render(
        &self,
        g: &Globals,
        op: &OperationDef,
        value: &Value,
        query: Option<&backends::Query>,
    ) -> Result<String, Failure> {
        let value = match query {
            Some(q) => q
                .search_shared(value)
                .map_err(|e| Failure::General(e, RC_GENERAL))?,
            None => backends::Queried::plain(value.clone()),
        };
        let opts = backends::FormatOptions {
            title: op.wire.name.to_owned(),
            color: match g.color {
                Color::On => true,
                Color::Off => false,
                Color::Auto => self.stdout_is_tty,
            },
            terminal_width: self.stdout_is_tty.then(|| {
                // shutil.get_terminal_size(): COLUMNS first, then 80.
                self.env
                    .get("COLUMNS")
                    .and_then(|c| c.trim().parse().ok())
                    .unwrap_or(80)
            }),
        };
        backends::format_queried(&value, self.output_format(g).name(), &opts)
            .map_err(|e| Failure::General(e, RC_GENERAL))
    }

    /// The pager to use: only when stdout is a terminal and `--no-cli-pager` is not given;
    /// `AWS_PAGER`, then the profile's `cli_pager`, then `PAGER`, then `less`. An empty
    /// value turns paging off.
    pub(crate) fn pager_command(&self, g: &Globals) -> Option<String> {
        if !self.stdout_is_tty || g.no_cli_pager {
            return None;
        }
        let cmd = self
            .env
            .get("AWS_PAGER")
            .cloned()
            .or_else(|| {
                self.config
                    .as_ref()
                    .and_then(|c| c.profile_value("cli_pager"))
                    .map(str::to_owned)
            })
            .or_else(|| self.env.get("PAGER").cloned())
            .unwrap_or_else(|| "less".to_owned());
        // Python tests the string's truth: only an empty one turns paging off.
        (!cmd.is_empty()).then_some(cmd)
    }

    /// Pipes `text` through the pager (`LESS=FRX` unless `LESS` is set); see `pager::page`.
    pub(crate) fn page(&mut self, cmd: &str, text: &str) -> Result<(), Failure> {
        pager::page(cmd, text, &self.env).map_err(|e| match e {
            pager::PageError::NotFound(error) => Failure::Coded(
                "Pager",
                format!(
                    "Unable to redirect output to pager. Received the following error when opening pager:\n{error}\n\nLearn more about configuring the output pager by running \"{PROG} help config-vars\"."
                ),
                RC_CONFIG,
            ),
            pager::PageError::General(msg) => Failure::General(msg, RC_GENERAL),
        })
    }
}
