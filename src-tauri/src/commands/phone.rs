//! Phone voting from the app: the networks to offer, starting and stopping a
//! voting session (crate opex-phone) for one workshop, its status, and
//! freeing a name. One session runs at a time; it binds only when the
//! facilitator starts it, and stops when they say so, when the workshop is
//! finished or deleted, or when the app exits. A phone's vote tells the
//! windows `workshop-changed` and `phone-changed`; a join, `phone-changed`.

use crate::commands::workshop::WORKSHOP_CHANGED;
use crate::error::{CmdResult, CommandError};
use crate::state::AppState;
use opex_phone::{Change, Failure, Running, Workshops};
use opex_service::ErrorKind;
use opex_service::views::phone::{NetworkChoiceDto, PhoneStatusDto};
use opex_store::Store;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

/// The event that phone voting started or stopped, or a phone joined or
/// voted; its payload is the assessment id.
pub const PHONE_CHANGED: &str = "phone-changed";

/// The voting session, when one runs.
#[derive(Default)]
pub struct PhoneVoting(Mutex<Option<Running>>);

impl PhoneVoting {
    fn lock(&self) -> MutexGuard<'_, Option<Running>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Tells the phones that workshop `id` changed at the facilitator's end.
    pub fn changed(&self, id: i64) {
        if let Some(r) = self.lock().as_ref().filter(|r| r.assessment_id() == id) {
            r.changed();
        }
    }

    /// Signs out the phone that joined as `participant_id`.
    pub fn free(&self, id: i64, participant_id: i64) {
        if let Some(r) = self.lock().as_ref().filter(|r| r.assessment_id() == id) {
            r.free(participant_id);
        }
    }

    fn status(&self, id: i64) -> Option<PhoneStatusDto> {
        self.lock()
            .as_ref()
            .filter(|r| r.assessment_id() == id)
            .map(Running::status)
    }

    /// Takes the session out when `which` says so, to stop it outside the lock.
    fn take_if(&self, which: impl FnOnce(&Running) -> bool) -> Option<Running> {
        let mut slot = self.lock();
        match slot.as_ref() {
            Some(r) if which(r) => slot.take(),
            _ => None,
        }
    }

    /// Stops the session on exit: phones are told, the port closes.
    pub fn shut_down(&self) {
        if let Some(r) = self.take_if(|_| true) {
            tauri::async_runtime::block_on(r.stop("opex was closed on the facilitator's laptop."));
        }
    }
}

/// The app's store, as the voting server reaches it.
struct AppWorkshops<R: Runtime>(AppHandle<R>);

impl<R: Runtime> Workshops for AppWorkshops<R> {
    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> opex_service::Result<T>,
    ) -> Result<T, Failure> {
        self.0
            .state::<AppState>()
            .with_store(f)
            .map_err(|e| Failure {
                kind: e.kind,
                message: e.message,
            })
    }
}

/// The phone page's files, from the UI built into the app.
struct AppPage<R: Runtime>(AppHandle<R>);

impl<R: Runtime> opex_phone::Page for AppPage<R> {
    fn file(&self, path: &str) -> Option<(Vec<u8>, String)> {
        let asset = self.0.asset_resolver().get(path.to_string())?;
        Some((asset.bytes, asset.mime_type))
    }
}

fn refused(message: String) -> CommandError {
    CommandError {
        kind: ErrorKind::Invalid,
        message,
    }
}

/// Stops the session of workshop `id` with `reason` for the phones, if one runs.
pub async fn stop_for<R: Runtime>(app: &AppHandle<R>, id: i64, reason: &str) {
    let Some(phones) = app.try_state::<PhoneVoting>() else {
        return;
    };
    if let Some(r) = phones.take_if(|r| r.assessment_id() == id) {
        r.stop(reason).await;
        let _ = app.emit(PHONE_CHANGED, id);
    }
}

/// After a deletion or a restored backup: stops the session if its workshop
/// is gone or finished.
pub async fn stop_if_gone<R: Runtime>(app: &AppHandle<R>) {
    let Some(id) = app
        .try_state::<PhoneVoting>()
        .and_then(|p| p.lock().as_ref().map(Running::assessment_id))
    else {
        return;
    };
    let open = app
        .state::<AppState>()
        .with_store(|s| Ok(!s.assessment(id)?.is_complete()))
        .unwrap_or(false);
    if !open {
        stop_for(app, id, "The workshop has ended.").await;
    }
}

#[tauri::command]
pub async fn phone_networks() -> CmdResult<Vec<NetworkChoiceDto>> {
    Ok(opex_phone::net::choices())
}

/// Starts phone voting for workshop `assessment_id` on `address`: a new link,
/// and any earlier link dead.
#[tauri::command]
pub async fn start_phone_voting<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    phones: State<'_, PhoneVoting>,
    assessment_id: i64,
    address: String,
) -> CmdResult<PhoneStatusDto> {
    let ip: IpAddr = address
        .trim()
        .parse()
        .map_err(|_| refused(format!("\"{address}\" is not an IP address")))?;
    state.with_store(|s| {
        let w = s.workshop(assessment_id)?;
        match w.assessment.is_complete() {
            true => Err(opex_store::StoreError::Closed(assessment_id).into()),
            false => Ok(()),
        }
    })?;
    if let Some(old) = phones.take_if(|_| true) {
        old.stop("The facilitator made a new link: scan the new QR code.")
            .await;
    }
    let notify = app.clone();
    // A vote changes what the presented view shows (workshop-changed) and
    // who has voted on the facilitator's screen (phone-changed: that screen
    // gets its own changes back from its commands, so it does not follow
    // workshop-changed); a join changes only who has joined.
    let on_change = Arc::new(move |c: Change| {
        if c == Change::Voted {
            let _ = notify.emit(WORKSHOP_CHANGED, assessment_id);
        }
        let _ = notify.emit(PHONE_CHANGED, assessment_id);
    });
    let running = opex_phone::start(
        opex_phone::Config::new(assessment_id, ip),
        Arc::new(AppWorkshops(app.clone())),
        Arc::new(AppPage(app.clone())),
        on_change,
    )
    .await
    .map_err(|e| CommandError {
        kind: ErrorKind::Io,
        message: format!("phone voting could not start on {ip}: {e}"),
    })?;
    let status = running.status();
    *phones.lock() = Some(running);
    let _ = app.emit(PHONE_CHANGED, assessment_id);
    Ok(status)
}

#[tauri::command]
pub async fn stop_phone_voting<R: Runtime>(app: AppHandle<R>, assessment_id: i64) -> CmdResult<()> {
    stop_for(&app, assessment_id, "The facilitator stopped phone voting.").await;
    Ok(())
}

/// Phone voting for workshop `assessment_id`, or null when it is not running.
#[tauri::command]
pub async fn phone_status(
    phones: State<'_, PhoneVoting>,
    assessment_id: i64,
) -> CmdResult<Option<PhoneStatusDto>> {
    Ok(phones.status(assessment_id))
}

/// Lets a participant join again from another phone.
#[tauri::command]
pub async fn free_phone_name<R: Runtime>(
    app: AppHandle<R>,
    phones: State<'_, PhoneVoting>,
    assessment_id: i64,
    participant_id: i64,
) -> CmdResult<PhoneStatusDto> {
    phones.free(assessment_id, participant_id);
    let _ = app.emit(PHONE_CHANGED, assessment_id);
    phones
        .status(assessment_id)
        .ok_or_else(|| refused("phone voting is not running for this workshop".into()))
}
