//! Running child processes: echo the command line, stream its output, and turn a
//! failure to start or a non-zero exit into an error that names the command.

use std::ffi::{OsStr, OsString};
use std::io;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

use crate::error::{Error, Result};

pub struct Cmd {
    inner: Command,
    program: OsString,
    args: Vec<OsString>,
}

impl Cmd {
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        let program = program.as_ref().to_os_string();
        Self {
            inner: Command::new(&program),
            program,
            args: Vec::new(),
        }
    }

    pub fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut Self {
        self.args.push(arg.as_ref().to_os_string());
        self.inner.arg(arg);
        self
    }

    pub fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for arg in args {
            self.arg(arg);
        }
        self
    }

    pub fn env(&mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> &mut Self {
        self.inner.env(key, value);
        self
    }

    pub fn current_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.inner.current_dir(dir);
        self
    }

    /// Runs with inherited stdio and fails unless the command exits with 0.
    pub fn run(&mut self) -> Result<()> {
        let status = self.status()?;
        if status.success() {
            Ok(())
        } else {
            Err(Error::new(format!("`{self}` {}", describe(status))))
        }
    }

    /// Runs with inherited stdio and returns the exit status, whatever it is.
    pub fn status(&mut self) -> Result<ExitStatus> {
        println!("$ {self}");
        self.inner.status().map_err(|e| self.spawn_error(&e))
    }

    /// Runs with stderr inherited and returns its stdout, failing unless it exits
    /// with 0: for output we parse, such as `cargo metadata`'s JSON.
    pub fn stdout(&mut self) -> Result<String> {
        println!("$ {self}");
        let output = self
            .inner
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| self.spawn_error(&e))?;
        if !output.status.success() {
            return Err(Error::new(format!("`{self}` {}", describe(output.status))));
        }
        String::from_utf8(output.stdout)
            .map_err(|e| Error::new(format!("`{self}` printed output that is not UTF-8: {e}")))
    }

    /// Runs silently and tells whether it started and exited with 0: for probes
    /// such as "is tauri-driver installed?".
    pub fn succeeds(&mut self) -> bool {
        self.inner
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    }

    /// Runs silently and returns its stdout, or `None` if it could not start or
    /// exited non-zero. Also for probes.
    pub fn probe_stdout(&mut self) -> Option<String> {
        let output = self
            .inner
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if output.status.success() {
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            None
        }
    }

    fn spawn_error(&self, e: &io::Error) -> Error {
        let program = self.program.to_string_lossy();
        if e.kind() == io::ErrorKind::NotFound {
            Error::new(format!(
                "could not run `{self}`: `{program}` was not found on PATH (run `cargo xtask setup`?)"
            ))
        } else {
            Error::new(format!("could not run `{self}`: {e}"))
        }
    }
}

fn describe(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exited with status {code}"),
        None => format!("was stopped ({status})"),
    }
}

impl std::fmt::Display for Cmd {
    /// The command line as one could paste it into a shell.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&shell_quote(&self.program))?;
        for arg in &self.args {
            write!(f, " {}", shell_quote(arg))?;
        }
        Ok(())
    }
}

fn shell_quote(word: &OsStr) -> String {
    let word = word.to_string_lossy();
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@^%".contains(c));
    if plain {
        word.into_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_quotes_only_what_a_shell_would_split_or_expand() {
        let mut cmd = Cmd::new("xvfb-run");
        cmd.args(["-a", "-s", "-screen 0 1280x800x24", "it's", ""]);
        assert_eq!(
            cmd.to_string(),
            r"xvfb-run -a -s '-screen 0 1280x800x24' 'it'\''s' ''"
        );
    }

    #[test]
    fn run_reports_the_exit_status() {
        let err = Cmd::new("sh")
            .args(["-c", "exit 3"])
            .run()
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("`sh -c 'exit 3'` exited with status 3")
        );
    }

    #[test]
    fn stdout_returns_what_the_command_printed() {
        let out = Cmd::new("sh").args(["-c", "echo hi"]).stdout().ok();
        assert_eq!(out.as_deref(), Some("hi\n"));
        let err = Cmd::new("sh")
            .args(["-c", "echo hi; exit 2"])
            .stdout()
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("`sh -c 'echo hi; exit 2'` exited with status 2")
        );
    }

    #[test]
    fn a_missing_program_is_named() {
        let err = Cmd::new("no-such-program-xtask")
            .run()
            .err()
            .map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.contains("`no-such-program-xtask` was not found on PATH")),
            "{err:?}"
        );
    }
}
