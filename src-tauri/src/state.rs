//! The app's state: the store (being opened, open, or why it could not be),
//! its path, and the embedded default bank. The store is opened on a thread
//! of its own while the window appears, and commands wait for it. Then that
//! thread checks the file for damage (`opex_store::check`, which reads every
//! page: seconds on a large file), once the UI asks `check_database` for the
//! verdict after its first screen is shown (or [`CHECK_DELAY`] after opening,
//! whichever is first), so that the check does not take the CPU from the
//! first screen. Damage found closes the store without another write. On
//! exit the store takes its daily backup and closes cleanly.

use crate::error::{CmdResult, CommandError};
use chrono::Utc;
use opex_core::Bank;
use opex_service::ErrorKind;
use opex_store::Store;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// How long after opening the damage check waits for the UI to ask for it.
const CHECK_DELAY: Duration = Duration::from_secs(10);

/// Where the store is in its life.
enum Slot {
    /// Being opened and checked, on its own thread.
    Opening,
    Open(Store),
    /// Could not be opened: the UI shows why, and offers a backup.
    Failed(CommandError),
    /// Closed on exit, or while a backup is put in its place.
    Closed,
}

/// Where the damage check is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Not asked for yet.
    Waiting,
    /// Asked for, or its delay is up.
    Asked,
    Done,
}

/// The slot and the signal that it left `Opening`, and the damage check's
/// progress and its signal, shared with the thread that opens and checks
/// the store.
struct Shared {
    slot: Mutex<Slot>,
    ready: Condvar,
    check: Mutex<Check>,
    check_moved: Condvar,
}

pub struct AppState {
    shared: Arc<Shared>,
    db_path: PathBuf,
    bank: Result<Bank, CommandError>,
}

impl Shared {
    fn new(slot: Slot) -> Arc<Shared> {
        let check = if matches!(slot, Slot::Opening) {
            Check::Waiting
        } else {
            Check::Done
        };
        Arc::new(Shared {
            slot: Mutex::new(slot),
            ready: Condvar::new(),
            check: Mutex::new(check),
            check_moved: Condvar::new(),
        })
    }

    /// Opens the store at `path` and lets the commands in; then, once asked
    /// or after `delay`, checks the file for damage. Damage closes the
    /// store, writing nothing more, and becomes the error every command and
    /// `check_database` give.
    fn open_and_check(&self, path: &Path, delay: Duration) {
        let opened = Store::open(path);
        let open = opened.is_ok();
        self.settle(opened);
        let check = self.check_lock();
        let (mut check, _) = self
            .check_moved
            .wait_timeout_while(check, delay, |c| *c == Check::Waiting)
            .unwrap_or_else(|p| p.into_inner());
        *check = Check::Asked;
        drop(check);
        if open && let Err(e) = opex_store::check(path) {
            let mut slot = self.lock();
            if let Slot::Open(store) = std::mem::replace(&mut *slot, Slot::Failed(e.into())) {
                store.abandon();
            }
        }
        *self.check_lock() = Check::Done;
        self.check_moved.notify_all();
    }

    fn check_lock(&self) -> MutexGuard<'_, Check> {
        self.check.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Asks for the damage check now, and waits for it to finish.
    fn wait_checked(&self) {
        let mut check = self.check_lock();
        if *check == Check::Waiting {
            *check = Check::Asked;
            self.check_moved.notify_all();
        }
        while *check != Check::Done {
            check = self
                .check_moved
                .wait(check)
                .unwrap_or_else(|p| p.into_inner());
        }
    }

    fn settle(&self, opened: Result<Store, opex_store::StoreError>) {
        let mut slot = self.lock();
        *slot = match opened {
            Ok(store) => Slot::Open(store),
            Err(e) => Slot::Failed(e.into()),
        };
        self.ready.notify_all();
    }

    fn lock(&self) -> MutexGuard<'_, Slot> {
        // A panic elsewhere while holding the lock leaves the slot as it was.
        self.slot
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The slot once the opening thread is done.
    fn settled(&self) -> MutexGuard<'_, Slot> {
        let mut slot = self.lock();
        while matches!(*slot, Slot::Opening) {
            slot = self
                .ready
                .wait(slot)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        slot
    }
}

impl AppState {
    /// Starts opening the database at `path` (resolved like the CLI's) on a
    /// thread of its own and returns at once. A failure is kept, not raised,
    /// so the UI can show it in a dialog instead of starting half-broken.
    pub fn open(path: Option<PathBuf>) -> AppState {
        let bank = opex_core::default_bank().map_err(CommandError::from);
        let Some(db_path) = opex_store::resolve_db_path(path) else {
            let error = CommandError {
                kind: ErrorKind::Startup,
                message: "No data directory was found for the database. Start opex with --db PATH or set OPEX_DB.".into(),
            };
            return AppState {
                shared: Shared::new(Slot::Failed(error)),
                db_path: PathBuf::new(),
                bank,
            };
        };
        let shared = Shared::new(Slot::Opening);
        let (opener, path) = (shared.clone(), db_path.clone());
        std::thread::spawn(move || opener.open_and_check(&path, CHECK_DELAY));
        AppState {
            shared,
            db_path,
            bank,
        }
    }

    /// A state over an in-memory database, for tests.
    pub fn in_memory() -> CmdResult<AppState> {
        Ok(AppState {
            shared: Shared::new(Slot::Open(Store::open_in_memory()?)),
            db_path: PathBuf::from(":memory:"),
            bank: opex_core::default_bank().map_err(CommandError::from),
        })
    }

    fn settled(&self) -> MutexGuard<'_, Slot> {
        self.shared.settled()
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// Why the database could not be opened, once opening is done.
    pub fn startup_error(&self) -> Option<CommandError> {
        match &*self.settled() {
            Slot::Failed(e) => Some(e.clone()),
            _ => None,
        }
    }

    /// Why the database cannot be used, once the damage check is done too:
    /// asks for the check if it has not started, and waits for it on a
    /// thread of the blocking pool, not on one of the few that run commands.
    pub async fn checked_error(&self) -> Option<CommandError> {
        let shared = self.shared.clone();
        // A join error is a panic in the wait; the slot then says what it can.
        let _waited = tauri::async_runtime::spawn_blocking(move || shared.wait_checked()).await;
        self.startup_error()
    }

    pub fn bank(&self) -> CmdResult<&Bank> {
        self.bank.as_ref().map_err(Clone::clone)
    }

    /// Runs `f` on the store: the one way commands reach the database.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> opex_service::Result<T>,
    ) -> CmdResult<T> {
        match &mut *self.settled() {
            Slot::Open(store) => f(store).map_err(CommandError::from),
            Slot::Failed(e) => Err(e.clone()),
            Slot::Opening | Slot::Closed => Err(CommandError {
                kind: ErrorKind::Startup,
                message: "the database is closed".into(),
            }),
        }
    }

    /// Puts `backup` in place of the database and opens it: the store is
    /// closed first, and the file it replaces is set aside, never deleted.
    /// Returns where that file went.
    pub fn restore(&self, backup: &Path) -> CmdResult<Option<String>> {
        let mut slot = self.settled();
        if let Slot::Open(store) = std::mem::replace(&mut *slot, Slot::Closed) {
            // Folds the -wal into the file being set aside.
            let _ = store.close();
        }
        let restored = opex_service::database::restore(&self.db_path, backup);
        *slot = match Store::open(&self.db_path) {
            Ok(store) => Slot::Open(store),
            Err(e) => Slot::Failed(e.into()),
        };
        restored.map_err(CommandError::from)
    }

    /// On exit: the daily backup (at most one a day), then a clean close
    /// that checkpoints the -wal into the file. Failures are reported on
    /// stderr, since the window is gone.
    pub fn shut_down(&self) {
        let mut slot = self.settled();
        if let Slot::Open(store) = std::mem::replace(&mut *slot, Slot::Closed) {
            if let Err(e) = store.daily_backup(Utc::now()) {
                eprintln!("opex: the daily backup was not taken: {e}");
            }
            if let Err(e) = store.close() {
                eprintln!("opex: the database did not close cleanly: {e}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

    use super::*;

    /// A store opened and checked on its own thread, as the app does, with
    /// the check waiting for `delay`.
    fn opening(delay: Duration) -> (Arc<Shared>, std::thread::JoinHandle<()>, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("opex.sqlite3");
        let shared = Shared::new(Slot::Opening);
        let opener = shared.clone();
        let thread = std::thread::spawn(move || opener.open_and_check(&path, delay));
        (shared, thread, dir)
    }

    #[test]
    fn the_damage_check_waits_until_the_ui_asks_for_it() {
        let (shared, thread, _dir) = opening(Duration::from_secs(3600));
        assert!(
            matches!(*shared.settled(), Slot::Open(_)),
            "commands get in at once"
        );
        std::thread::sleep(Duration::from_millis(50));
        assert!(
            *shared.check_lock() == Check::Waiting,
            "the check has not started"
        );
        shared.wait_checked();
        assert!(*shared.check_lock() == Check::Done);
        thread.join().unwrap();
        assert!(
            matches!(*shared.settled(), Slot::Open(_)),
            "a sound file stays open"
        );
    }

    #[test]
    fn the_damage_check_runs_by_itself_when_nobody_asks() {
        let (shared, thread, _dir) = opening(Duration::from_millis(20));
        // The thread ends only once the check is done.
        thread.join().unwrap();
        assert!(*shared.check_lock() == Check::Done);
        assert!(matches!(*shared.settled(), Slot::Open(_)));
    }
}
