//! Closing the app's window the way a window manager does when someone clicks
//! its close button: a WM_DELETE_WINDOW message to the app's top-level window,
//! so that the app's own close handling runs (unlike ending the WebDriver
//! session, which stops the process).

use std::time::{Duration, Instant};
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{AtomEnum, ClientMessageEvent, ConnectionExt, EventMask, Window};
use x11rb::rust_connection::RustConnection;

fn atom(conn: &RustConnection, name: &str) -> u32 {
    conn.intern_atom(false, name.as_bytes())
        .map_err(x11rb::errors::ReplyError::from)
        .and_then(|c| c.reply())
        .unwrap_or_else(|e| panic!("cannot intern the X atom {name}: {e}"))
        .atom
}

/// The top-level windows on the display whose `_NET_WM_PID` is `pid`.
fn windows_of(conn: &RustConnection, root: Window, pid: u32) -> Vec<Window> {
    let net_wm_pid = atom(conn, "_NET_WM_PID");
    let tree = conn
        .query_tree(root)
        .map_err(x11rb::errors::ReplyError::from)
        .and_then(|c| c.reply())
        .unwrap_or_else(|e| panic!("cannot list the X windows: {e}"));
    tree.children
        .into_iter()
        .filter(|&w| {
            conn.get_property(false, w, net_wm_pid, AtomEnum::CARDINAL, 0, 1)
                .ok()
                .and_then(|c| c.reply().ok())
                .and_then(|r| r.value32().and_then(|mut v| v.next()))
                == Some(pid)
        })
        .collect()
}

/// The pid of the running app started on `db`.
pub fn app_pid(db: &std::path::Path) -> u32 {
    let out = std::process::Command::new("pgrep")
        .args(["-n", "-f", &format!("opex-app --db {}", db.display())])
        .output()
        .unwrap_or_else(|e| panic!("cannot run pgrep: {e}"));
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("no opex-app process runs on {}", db.display()))
}

/// How many top-level windows process `pid` has on the display.
pub fn window_count(pid: u32) -> usize {
    let (conn, screen) =
        x11rb::connect(None).unwrap_or_else(|e| panic!("cannot connect to the X display: {e}"));
    let root = conn.setup().roots[screen].root;
    windows_of(&conn, root, pid).len()
}

/// Asks every top-level window of process `pid` to close, as the close button
/// would; returns how many windows were asked.
pub fn request_close(pid: u32) -> usize {
    let (conn, screen) =
        x11rb::connect(None).unwrap_or_else(|e| panic!("cannot connect to the X display: {e}"));
    let root = conn.setup().roots[screen].root;
    let windows = windows_of(&conn, root, pid);
    assert!(
        !windows.is_empty(),
        "process {pid} has no top-level window on the display"
    );
    let protocols = atom(&conn, "WM_PROTOCOLS");
    let delete = atom(&conn, "WM_DELETE_WINDOW");
    let asked = windows.len();
    for w in windows {
        let event =
            ClientMessageEvent::new(32, w, protocols, [delete, x11rb::CURRENT_TIME, 0, 0, 0]);
        conn.send_event(false, w, EventMask::NO_EVENT, event)
            .unwrap_or_else(|e| panic!("cannot send WM_DELETE_WINDOW: {e}"));
    }
    conn.flush()
        .unwrap_or_else(|e| panic!("cannot flush the X connection: {e}"));
    asked
}

/// Waits up to `limit` for process `pid` to exit; false if it is still running.
pub fn wait_exit(pid: u32, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        let proc_dir = std::path::PathBuf::from(format!("/proc/{pid}"));
        let status = std::fs::read_to_string(proc_dir.join("status")).unwrap_or_default();
        // Gone, or a zombie waiting for its parent: either way it has exited.
        if status.is_empty()
            || status
                .lines()
                .any(|l| l.starts_with("State:") && l.contains('Z'))
        {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// What process `pid` is doing, for a failure message: each thread's name and
/// kernel wait channel, and its stacks when gdb is installed.
pub fn describe(pid: u32) -> String {
    let mut out = format!("{} top-level window(s)\n", window_count(pid));
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for t in tasks.filter_map(|t| t.ok()) {
            let read = |f: &str| {
                std::fs::read_to_string(t.path().join(f))
                    .unwrap_or_default()
                    .trim()
                    .to_string()
            };
            out.push_str(&format!(
                "thread {} {:?} waits in {:?}\n",
                t.file_name().to_string_lossy(),
                read("comm"),
                read("wchan")
            ));
        }
    }
    if let Ok(o) = std::process::Command::new("gdb")
        .args([
            "-p",
            &pid.to_string(),
            "-batch",
            "-ex",
            "thread apply all bt 12",
        ])
        .output()
    {
        out.push_str(&String::from_utf8_lossy(&o.stdout));
    }
    out
}

/// Asks process `pid` to close as its close button would, and waits for it to
/// exit: up to `limit` in all, asking again every 8 s. Under Xvfb (no window
/// manager) a close request is now and then never seen by GTK at all (no
/// close event reaches the app, and it sits idle with both its windows), so a
/// person would click again. Returns how many times it asked, or `None` if the
/// process is still running after `limit`.
pub fn close_and_wait(pid: u32, limit: Duration) -> Option<usize> {
    let start = Instant::now();
    let mut asked = 0;
    while start.elapsed() < limit {
        request_close(pid);
        asked += 1;
        let left = limit.saturating_sub(start.elapsed());
        if wait_exit(pid, left.min(Duration::from_secs(8))) {
            if asked > 1 {
                eprintln!("process {pid} closed after {asked} close requests");
            }
            return Some(asked);
        }
    }
    None
}
