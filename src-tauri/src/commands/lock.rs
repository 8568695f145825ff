//! The lock screen's commands, and the gate that answers nothing else while the window
//! is locked (whatever the page asks, the Rust side refuses).

use crate::state::AppState;
use plm_core::applock::{self, LockError, LockSettings};
use plm_core::ErrorPayload;
use serde::Serialize;
use tauri::{Manager, Runtime, State};

type Res<T> = Result<T, ErrorPayload>;

/// Commands the window may call while locked: the lock screen itself and the check
/// that runs before it (whether the database opened at all).
pub const ALLOWED_WHILE_LOCKED: [&str; 6] = [
    "app_build",
    "lock_status",
    "lock_unlock",
    "lock_now",
    "recovery_info",
    "startup_check",
];

/// Wrap the generated handler: while locked, any other command is refused with
/// `{code: "app.locked"}` before it reaches the database.
pub fn gate<R: Runtime>(
    handler: impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static,
) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    move |invoke| {
        let cmd = invoke.message.command();
        if !ALLOWED_WHILE_LOCKED.contains(&cmd) {
            let webview = invoke.message.webview();
            if let Some(state) = webview.try_state::<AppState>() {
                if state.is_locked() {
                    let payload = plm_core::Error::from(LockError::Locked).payload(state.lang());
                    invoke.resolver.reject(payload);
                    return true;
                }
            }
        }
        handler(invoke)
    }
}

#[derive(Serialize)]
pub struct LockStatus {
    #[serde(flatten)]
    settings: LockSettings,
    locked: bool,
    language: String,
}

#[tauri::command]
pub async fn lock_status(state: State<'_, AppState>) -> Res<LockStatus> {
    let locked = state.is_locked();
    state.with(|s| {
        Ok(LockStatus {
            settings: applock::settings(s)?,
            locked,
            language: plm_core::settings::language(s).as_str().to_string(),
        })
    })
}

/// Lock now (the idle timer of the page, or the "Lock" button). Without a passphrase
/// there is nothing to unlock with, so it is refused.
#[tauri::command]
pub async fn lock_now(state: State<'_, AppState>) -> Res<()> {
    let enabled = state.with(|s| Ok(applock::settings(s)?.enabled))?;
    if !enabled {
        return Err(plm_core::Error::from(LockError::NotSet).payload(state.lang()));
    }
    state.set_locked(true);
    log::info!("window locked");
    Ok(())
}

#[tauri::command]
pub async fn lock_unlock(state: State<'_, AppState>, passphrase: String) -> Res<()> {
    if let Some(wait) = state.try_wait() {
        return Err(plm_core::Error::from(LockError::TooManyTries(wait)).payload(state.lang()));
    }
    let right = state.with(|s| applock::verify(s, &passphrase))?;
    state.note_try(right);
    if !right {
        log::warn!("wrong app passphrase");
        return Err(plm_core::Error::from(LockError::Wrong).payload(state.lang()));
    }
    state.set_locked(false);
    log::info!("window unlocked");
    Ok(())
}

/// Set or change the passphrase and the idle minutes; `new` empty keeps the passphrase
/// and changes only the minutes.
#[tauri::command]
pub async fn lock_set(
    state: State<'_, AppState>,
    current: Option<String>,
    new: String,
    repeat: String,
    minutes: u32,
) -> Res<LockSettings> {
    state.with(|s| {
        if new.is_empty() && repeat.is_empty() {
            applock::set_minutes(s, current.as_deref().unwrap_or(""), minutes)
        } else {
            applock::set_passphrase(s, current.as_deref(), &new, &repeat, minutes)
        }
    })
}

#[tauri::command]
pub async fn lock_clear(state: State<'_, AppState>, current: String) -> Res<LockSettings> {
    state.with(|s| {
        applock::clear(s, &current)?;
        applock::settings(s)
    })
}
