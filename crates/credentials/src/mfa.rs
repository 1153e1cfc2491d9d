//! Asking for an MFA code: `Enter MFA code for <mfa_serial>: `, read as Python's
//! `getpass` reads it (the terminal with echo off; else standard input, the prompt on
//! standard error, after a warning that the input may be echoed).

use std::fmt;
use std::io::{BufRead, Write};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use awslice_runtime::credentials::{CredentialsError, ProvideFuture};

/// Asks the user for the current code of an MFA device.
pub trait MfaPrompt: Send + Sync + fmt::Debug {
    /// Shows `prompt` (`Enter MFA code for <mfa_serial>: `) and returns what the user typed,
    /// without the line end. End of input is an error (with an empty text, as the AWS CLI's
    /// `EOFError`).
    fn token_code<'a>(&'a self, prompt: &'a str) -> ProvideFuture<'a, String>;
}

/// The AWS CLI's prompt: on `/dev/tty` with echo off; without a terminal, on standard input
/// (prompt and a warning on standard error). Dropping the future (Ctrl-C in the CLI) stops
/// the read and restores the terminal.
#[derive(Debug, Clone, Copy, Default)]
pub struct TerminalPrompt;

impl MfaPrompt for TerminalPrompt {
    fn token_code<'a>(&'a self, prompt: &'a str) -> ProvideFuture<'a, String> {
        let prompt = prompt.to_string();
        Box::pin(async move {
            let cancel = Arc::new(AtomicBool::new(false));
            // Set when this future is dropped before the read ends.
            struct CancelOnDrop(Arc<AtomicBool>);
            impl Drop for CancelOnDrop {
                fn drop(&mut self) {
                    self.0.store(true, Ordering::SeqCst);
                }
            }
            let _guard = CancelOnDrop(cancel.clone());
            let read = tokio::task::spawn_blocking(move || terminal::read_code(&prompt, &cancel));
            match read.await {
                Ok(result) => result,
                Err(e) => Err(CredentialsError::other(format!(
                    "the MFA prompt failed: {e}"
                ))),
            }
        })
    }
}

/// A prompt over any reader and writer (tests, embedding): writes the prompt to `output`,
/// reads one line from `input`.
pub struct ReaderPrompt {
    io: Mutex<(Box<dyn BufRead + Send>, Box<dyn Write + Send>)>,
}

impl ReaderPrompt {
    /// Reads codes from `input`, writing prompts to `output`.
    pub fn new(input: impl BufRead + Send + 'static, output: impl Write + Send + 'static) -> Self {
        ReaderPrompt {
            io: Mutex::new((Box::new(input), Box::new(output))),
        }
    }
}

impl fmt::Debug for ReaderPrompt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReaderPrompt")
    }
}

impl MfaPrompt for ReaderPrompt {
    fn token_code<'a>(&'a self, prompt: &'a str) -> ProvideFuture<'a, String> {
        Box::pin(async move {
            let mut io = self
                .io
                .lock()
                .map_err(|_| CredentialsError::other("the MFA prompt is poisoned"))?;
            let (input, output) = &mut *io;
            let _ = output.write_all(prompt.as_bytes());
            let _ = output.flush();
            let mut line = String::new();
            let n = input
                .read_line(&mut line)
                .map_err(|e| CredentialsError::other(e.to_string()))?;
            if n == 0 {
                return Err(CredentialsError::other(""));
            }
            let _ = output.write_all(b"\n");
            Ok(strip_newline(line))
        })
    }
}

fn strip_newline(mut line: String) -> String {
    if line.ends_with('\n') {
        line.pop();
    }
    line
}

#[cfg(unix)]
mod terminal {
    use std::fs::File;
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::sync::atomic::{AtomicBool, Ordering};

    use awslice_runtime::credentials::CredentialsError;

    /// Reads one line from `fd`, a byte at a time, waiting in 100 ms steps so `cancel` is
    /// noticed. `None`: cancelled.
    fn read_line(fd: i32, cancel: &AtomicBool) -> Result<Option<Vec<u8>>, std::io::Error> {
        let mut line = Vec::new();
        loop {
            if cancel.load(Ordering::SeqCst) {
                return Ok(None);
            }
            let mut pfd = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd for the duration of the call.
            let ready = unsafe { libc::poll(&mut pfd, 1, 100) };
            if ready < 0 {
                let e = std::io::Error::last_os_error();
                if e.kind() == std::io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(e);
            }
            if ready == 0 {
                continue;
            }
            let mut byte = 0u8;
            // SAFETY: reads at most one byte into a valid one-byte buffer.
            let n = unsafe { libc::read(fd, (&raw mut byte).cast(), 1) };
            match n {
                1 if byte == b'\n' => return Ok(Some(line)),
                1 => {
                    if line.len() < 4096 {
                        line.push(byte);
                    }
                }
                0 if line.is_empty() => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                0 => return Ok(Some(line)),
                _ => {
                    let e = std::io::Error::last_os_error();
                    if e.kind() != std::io::ErrorKind::Interrupted {
                        return Err(e);
                    }
                }
            }
        }
    }

    /// Turns echo off on `fd` until dropped.
    struct EchoOff {
        fd: i32,
        saved: libc::termios,
    }

    impl EchoOff {
        fn new(fd: i32) -> Option<EchoOff> {
            // SAFETY: termios is plain data; tcgetattr fills it or fails.
            let mut saved: libc::termios = unsafe { std::mem::zeroed() };
            // SAFETY: fd is open; saved is a valid termios.
            if unsafe { libc::tcgetattr(fd, &mut saved) } != 0 {
                return None;
            }
            let mut quiet = saved;
            quiet.c_lflag &= !libc::ECHO;
            // SAFETY: as above.
            if unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &quiet) } != 0 {
                return None;
            }
            Some(EchoOff { fd, saved })
        }
    }

    impl Drop for EchoOff {
        fn drop(&mut self) {
            // SAFETY: restores the settings read in `new` on the same open fd.
            unsafe { libc::tcsetattr(self.fd, libc::TCSAFLUSH, &self.saved) };
        }
    }

    fn eof_or(e: std::io::Error) -> CredentialsError {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            CredentialsError::other("")
        } else {
            CredentialsError::other(e.to_string())
        }
    }

    fn finish(line: Option<Vec<u8>>) -> Result<String, CredentialsError> {
        match line {
            Some(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
            None => Err(CredentialsError::other("interrupted")),
        }
    }

    pub(super) fn read_code(prompt: &str, cancel: &AtomicBool) -> Result<String, CredentialsError> {
        if let Ok(mut tty) = File::options().read(true).write(true).open("/dev/tty") {
            let fd = tty.as_raw_fd();
            let echo = EchoOff::new(fd);
            let _ = tty.write_all(prompt.as_bytes());
            let _ = tty.flush();
            let line = read_line(fd, cancel);
            drop(echo);
            let _ = tty.write_all(b"\n");
            return finish(line.map_err(eof_or)?);
        }
        // No terminal: standard input, the prompt on standard error.
        let stdin = std::io::stdin();
        let fd = stdin.as_raw_fd();
        let mut err = std::io::stderr();
        let echo = EchoOff::new(fd);
        if echo.is_none() {
            let _ = err.write_all(
                b"GetPassWarning: Can not control echo on the terminal.\nWarning: Password input may be echoed.\n",
            );
        }
        let _ = err.write_all(prompt.as_bytes());
        let _ = err.flush();
        let line = read_line(fd, cancel);
        drop(echo);
        let _ = err.write_all(b"\n");
        finish(line.map_err(eof_or)?)
    }
}

#[cfg(not(unix))]
mod terminal {
    use std::io::{BufRead, Write};
    use std::sync::atomic::AtomicBool;

    use awslice_runtime::credentials::CredentialsError;

    pub(super) fn read_code(
        prompt: &str,
        _cancel: &AtomicBool,
    ) -> Result<String, CredentialsError> {
        let mut err = std::io::stderr();
        let _ = err.write_all(prompt.as_bytes());
        let _ = err.flush();
        let mut line = String::new();
        let n = std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| CredentialsError::other(e.to_string()))?;
        if n == 0 {
            return Err(CredentialsError::other(""));
        }
        let _ = err.write_all(b"\n");
        Ok(super::strip_newline(line)
            .trim_end_matches('\r')
            .to_string())
    }
}
