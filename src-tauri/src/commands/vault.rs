//! The database key in the window: where it is kept, the recovery file for a USB stick,
//! opening the database again when this computer lost the key, and headquarters giving
//! a laptop's key back. Every decision is in `plm_core::vault`.

use crate::commands::{off_thread, pick_file};
use crate::state::AppState;
use plm_core::vault::{self, KeyReport};
use plm_core::ErrorPayload;
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, Manager, Runtime, State};

type Res<T> = Result<T, ErrorPayload>;

#[derive(Serialize)]
pub struct VaultStatus {
    #[serde(flatten)]
    report: KeyReport,
    /// When the user last saved a recovery file (None: never).
    recovery_saved_at: Option<String>,
}

fn db(state: &AppState) -> PathBuf {
    state.data_dir.join(plm_core::db::DB_FILE)
}

#[tauri::command]
pub async fn vault_status(state: State<'_, AppState>) -> Res<VaultStatus> {
    let report = vault::report(&db(&state)).map_err(|e| e.payload(state.lang()))?;
    let recovery_saved_at = state
        .with(|s| plm_core::backup::recovery_saved_at(s))
        .unwrap_or(None);
    Ok(VaultStatus {
        report,
        recovery_saved_at,
    })
}

fn save_recovery(state: &AppState, path: &std::path::Path) -> Res<String> {
    state.with(|s| plm_core::backup::save_recovery_for(s, path))?;
    Ok(path.display().to_string())
}

/// Save the recovery file where the user chooses (a USB stick). None on cancel.
#[tauri::command]
pub async fn vault_save_recovery<R: Runtime>(app: AppHandle<R>) -> Res<Option<String>> {
    let Some(path) = rfd::AsyncFileDialog::new()
        .set_file_name("plm-desk-kunci-pemulihan.txt")
        .add_filter("Text", &["txt"])
        .save_file()
        .await
        .map(|f| f.path().to_path_buf())
    else {
        return Ok(None);
    };
    let state = app.state::<AppState>();
    save_recovery(&state, &path).map(Some)
}

/// The same, to a path given by the caller: no dialog (test builds only).
#[cfg(dev_tools)]
#[tauri::command]
pub async fn vault_save_recovery_to(state: State<'_, AppState>, path: String) -> Res<String> {
    save_recovery(&state, &PathBuf::from(path))
}

/// The "cannot open the database" screen: the app passphrase or a recovery key (typed,
/// or a recovery file's text) gives this computer the key again; then the database opens.
#[tauri::command]
pub async fn recovery_unlock(state: State<'_, AppState>, kind: String, secret: String) -> Res<()> {
    let lang = state.lang();
    let db = db(&state);
    let given = match kind.as_str() {
        "passphrase" => vault::passphrase::recover(&db, &secret),
        _ => vault::unlock_with_recovery(&db, &secret),
    };
    drop(secret);
    given.map_err(|e| e.payload(lang))?;
    state.reopen()
}

/// Headquarters: a laptop's key from its database, backup or key description.
#[tauri::command]
pub async fn hq_recover_key<R: Runtime>(
    app: AppHandle<R>,
    path: String,
) -> Res<plm_core::hq::escrow::Recovered> {
    let path = app.state::<AppState>().chosen(&path)?;
    off_thread(app, move |app| {
        app.state::<AppState>().with(|s| {
            plm_core::hq::escrow::recover(s, &path)
                .map_err(|e| e.in_file(path.display().to_string()))
        })
    })
    .await
}

/// Choose the laptop's file for [`hq_recover_key`] (None on cancel).
#[tauri::command]
pub async fn hq_pick_laptop_file(state: State<'_, AppState>) -> Res<Option<String>> {
    Ok(pick_file(&state, "PLM Desk", &["sqlite3", "json"]).await)
}
