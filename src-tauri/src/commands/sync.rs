//! The data file from the window: headquarters' key, export with a save dialog, import
//! with an open dialog, a preview before anything is written, and the result.

use crate::commands::{off_thread, pick_file};
use crate::state::AppState;
use plm_core::sync::{self, ExportStatus, ImportReport, Manifest};
use plm_core::{Error, ErrorPayload};
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, Manager, Runtime, State};

type Res<T> = Result<T, ErrorPayload>;

#[derive(Serialize)]
pub struct SyncInfo {
    pub hq_public_key: Option<String>,
    pub own_public_key: String,
    pub status: ExportStatus,
    pub records: usize,
    /// What the file holds, by table: "81 participants, 10 check-ins, 2 plan items".
    pub counts: std::collections::BTreeMap<String, usize>,
    pub imports: usize,
    /// What "include photos" would add: how many and about how many bytes.
    pub photos: plm_core::photos::Totals,
}

#[tauri::command]
pub async fn sync_info(state: State<'_, AppState>, event_id: String) -> Res<SyncInfo> {
    state.with(|s| {
        let counts: std::collections::BTreeMap<String, usize> =
            sync::counts(s, &event_id)?.into_iter().collect();
        Ok(SyncInfo {
            hq_public_key: sync::hq_key(s)?,
            own_public_key: sync::own_public_key(s)?,
            status: sync::export_status(s, &event_id)?,
            records: counts.values().sum(),
            counts,
            imports: sync::ledger(s)?.len(),
            photos: plm_core::photos::totals(s, &event_id)?,
        })
    })
}

#[tauri::command]
pub async fn sync_set_hq(state: State<'_, AppState>, key: String) -> Res<String> {
    state.with(|s| sync::set_hq_key(s, &key))
}

#[derive(Serialize)]
pub struct SyncExportResult {
    pub path: String,
    pub bytes: usize,
    pub manifest: Manifest,
}

fn export_to<R: Runtime>(
    app: &AppHandle<R>,
    event_id: &str,
    plain: bool,
    photos: bool,
    path: PathBuf,
) -> Res<SyncExportResult> {
    let state = app.state::<AppState>();
    state.with(|s| {
        let info = sync::export_to_file(s, event_id, &[], plain, photos, &path)?;
        Ok(SyncExportResult {
            path: path.display().to_string(),
            bytes: info.bytes,
            manifest: info.manifest,
        })
    })
}

fn file_name<R: Runtime>(app: &AppHandle<R>, event_id: &str) -> String {
    let title = app
        .state::<AppState>()
        .with(|s| plm_core::events::get(s, event_id))
        .map(|e| e.title)
        .unwrap_or_else(|_| "plm".into());
    let slug = plm_core::text::slug(&title);
    format!(
        "{}-{}.plmsync",
        slug.chars().take(60).collect::<String>(),
        chrono::Local::now().format("%Y%m%d-%H%M")
    )
}

/// Save the data file where the user chooses (None when cancelled).
#[tauri::command]
pub async fn sync_export<R: Runtime>(
    app: AppHandle<R>,
    event_id: String,
    plain: bool,
    photos: Option<bool>,
) -> Res<Option<SyncExportResult>> {
    let photos = photos.unwrap_or(false);
    let Some(file) = rfd::AsyncFileDialog::new()
        .set_file_name(file_name(&app, &event_id))
        .add_filter("PLM Desk", &["plmsync"])
        .save_file()
        .await
    else {
        return Ok(None);
    };
    let path = file.path().to_path_buf();
    off_thread(app, move |app| {
        export_to(&app, &event_id, plain, photos, path)
    })
    .await
    .map(Some)
}

#[cfg(dev_tools)]
#[tauri::command]
pub async fn sync_export_to<R: Runtime>(
    app: AppHandle<R>,
    event_id: String,
    plain: bool,
    photos: Option<bool>,
    path: String,
) -> Res<SyncExportResult> {
    let photos = photos.unwrap_or(false);
    off_thread(app, move |app| {
        export_to(&app, &event_id, plain, photos, PathBuf::from(path))
    })
    .await
}

/// Choose a data file to import (None when cancelled).
#[tauri::command]
pub async fn sync_pick_file(state: State<'_, AppState>) -> Res<Option<String>> {
    Ok(pick_file(&state, "PLM Desk", &["plmsync"]).await)
}

fn import<R: Runtime>(
    app: &AppHandle<R>,
    path: &str,
    dry_run: bool,
    accept_clock: bool,
) -> Res<ImportReport> {
    let state = app.state::<AppState>();
    let path = state.chosen(path)?;
    state.with(|s| {
        let bytes =
            std::fs::read(&path).map_err(|e| Error::from(e).in_file(path.display().to_string()))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let opts = sync::ImportOptions {
            dry_run,
            identities: vec![],
            accept_clock,
        };
        let files = [(name, bytes)];
        Ok(sync::import_many_with(s, &files, &opts)?.remove(0))
    })
}

/// What a file would change, without writing anything.
#[tauri::command]
pub async fn sync_preview<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    accept_clock: Option<bool>,
) -> Res<ImportReport> {
    let accept = accept_clock.unwrap_or(false);
    off_thread(app, move |app| import(&app, &path, true, accept)).await
}

/// Merge the file (one transaction, after a backup).
#[tauri::command]
pub async fn sync_import<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    accept_clock: Option<bool>,
) -> Res<ImportReport> {
    let accept = accept_clock.unwrap_or(false);
    off_thread(app, move |app| import(&app, &path, false, accept)).await
}

/// Who made a file (device, key fingerprint, when): for the decision about a refused file.
#[tauri::command]
pub async fn sync_peek<R: Runtime>(app: AppHandle<R>, path: String) -> Res<sync::FileInfo> {
    let path = app.state::<AppState>().chosen(&path)?;
    off_thread(app, move |app| {
        app.state::<AppState>().with(|s| {
            let bytes = std::fs::read(&path)
                .map_err(|e| Error::from(e).in_file(path.display().to_string()))?;
            sync::peek(s, &bytes, &[])
        })
    })
    .await
}

/// Accept a re-keyed laptop on purpose (recorded in the trust log).
#[tauri::command]
pub async fn sync_trust(
    state: State<'_, AppState>,
    device: String,
    key: String,
) -> Res<sync::DeviceTrust> {
    state.with(|s| sync::trust_device(s, &device, &key))
}
