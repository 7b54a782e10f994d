//! Where things are: the workspace root, the cargo target directory, the app
//! binary, and the environment every child process starts with.

use std::env;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use crate::error::{Context, Error, Result};
use crate::process::Cmd;

pub struct Workspace {
    root: PathBuf,
    target_dir: PathBuf,
    /// Set only when the user set `CARGO_TARGET_DIR`; then it is made absolute,
    /// because children run from the root while the user may have meant a path
    /// relative to the directory they ran `cargo xtask` from.
    target_dir_env: Option<PathBuf>,
    /// `PATH` with cargo's bin directory added when it was missing, so that a
    /// freshly `cargo install`ed tauri-driver is found by us and by the e2e suite.
    path_env: Option<OsString>,
    cargo: OsString,
}

impl Workspace {
    pub fn locate() -> Result<Self> {
        // `cargo run` sets CARGO_MANIFEST_DIR at run time too; the compile-time
        // value covers running the built binary by hand.
        let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let root = manifest_dir
            .parent()
            .ok_or_else(|| {
                Error::new(format!(
                    "xtask's manifest directory {} has no parent; expected <workspace>/xtask",
                    manifest_dir.display()
                ))
            })?
            .to_path_buf();

        let target_dir_env = match env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
            Some(dir) => Some(absolute(Path::new(&dir))?),
            None => None,
        };
        let target_dir = target_dir_env
            .clone()
            .unwrap_or_else(|| root.join("target"));

        Ok(Self {
            root,
            target_dir,
            target_dir_env,
            path_env: path_with_cargo_bin(),
            // Cargo tells the programs it runs which cargo it is; use the same one.
            cargo: env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo")),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Cargo's target directory (`CARGO_TARGET_DIR`, else `target/`).
    pub fn target_dir(&self) -> &Path {
        &self.target_dir
    }

    /// Absolute path of the debug build of the desktop app.
    pub fn app_binary(&self) -> PathBuf {
        self.target_dir
            .join("debug")
            .join(format!("opex-app{}", env::consts::EXE_SUFFIX))
    }

    /// Absolute path of the debug build of the `opex` CLI.
    pub fn cli_binary(&self) -> PathBuf {
        self.target_dir
            .join("debug")
            .join(format!("opex{}", env::consts::EXE_SUFFIX))
    }

    /// The folder of the release builds, which `cargo xtask bench` measures.
    pub fn release_dir(&self) -> PathBuf {
        self.target_dir.join("release")
    }

    /// Where `cargo xtask bench` keeps its databases and outputs.
    pub fn bench_dir(&self) -> PathBuf {
        self.target_dir.join("bench")
    }

    /// A command that runs from the workspace root with the shared environment.
    pub fn cmd(&self, program: impl AsRef<OsStr>) -> Cmd {
        let mut cmd = Cmd::new(program);
        cmd.current_dir(&self.root);
        if let Some(path) = &self.path_env {
            cmd.env("PATH", path);
        }
        if let Some(dir) = &self.target_dir_env {
            cmd.env("CARGO_TARGET_DIR", dir);
        }
        cmd
    }

    pub fn cargo(&self) -> Cmd {
        self.cmd(&self.cargo)
    }

    pub fn cargo_program(&self) -> &OsStr {
        &self.cargo
    }
}

fn absolute(path: &Path) -> Result<PathBuf> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    let cwd = env::current_dir().context(|| "could not read the current directory".into())?;
    Ok(cwd.join(path))
}

/// `PATH` with `$CARGO_HOME/bin` (default `~/.cargo/bin`) appended, or `None`
/// when it is already there or cannot be worked out.
fn path_with_cargo_bin() -> Option<OsString> {
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))?;
    let bin = cargo_home.join("bin");
    let current = env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = env::split_paths(&current).collect();
    if dirs.contains(&bin) {
        return None;
    }
    dirs.push(bin);
    env::join_paths(dirs).ok()
}
