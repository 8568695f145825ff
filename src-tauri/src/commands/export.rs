//! Exports from the window: the user picks the place in the system save dialog (rfd),
//! the PDF is made off the UI thread with progress events, written under a temporary
//! name and renamed. `export_pdf_to` does the same to a given path (test builds only).

use crate::commands::off_thread;
use crate::state::AppState;
use plm_core::reports;
use plm_core::{Error, ErrorPayload};
use serde::Serialize;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Emitter, Manager, Runtime};

type Res<T> = Result<T, ErrorPayload>;

/// What to export: the domain crate's request (kind, event, day, paper, …).
pub use plm_core::reports::export::Request as ExportRequest;

#[derive(Debug, Clone, Serialize)]
pub struct ExportResult {
    pub path: String,
    pub bytes: usize,
    pub pages: usize,
    pub detail: serde_json::Value,
}

#[derive(Clone, Serialize)]
struct Progress {
    done: usize,
    total: usize,
}

fn run<R: Runtime>(app: &AppHandle<R>, req: &ExportRequest, path: &Path) -> Res<ExportResult> {
    let state = app.state::<AppState>();
    let emitter = app.clone();
    let mut progress = move |done: usize, total: usize| {
        let _ = emitter.emit("export-progress", Progress { done, total });
    };
    let lang = state.lang();
    let made = state.with(|s| reports::export::make_to(s, req, lang, path, &mut progress))?;
    Ok(ExportResult {
        path: path.display().to_string(),
        bytes: made.bytes.len(),
        pages: made.pages,
        detail: made.detail,
    })
}

/// Ask where to save (system dialog), then export there. `None` when the user cancels.
#[tauri::command]
pub async fn export_pdf<R: Runtime>(
    app: AppHandle<R>,
    request: ExportRequest,
) -> Res<Option<ExportResult>> {
    let lang = app.state::<AppState>().lang();
    let fail = |e: reports::ReportError| Error::from(e).payload(lang);
    let (ext, filter) = reports::export::Kind::parse(&request.kind)
        .map_err(fail)?
        .file_type();
    let mut dialog = rfd::AsyncFileDialog::new()
        .set_file_name(request.suggested_name().map_err(fail)?)
        .add_filter(filter, &[ext]);
    if let Some(docs) = dirs::document_dir() {
        dialog = dialog.set_directory(docs);
    }
    let Some(file) = dialog.save_file().await else {
        return Ok(None);
    };
    let mut path = file.path().to_path_buf();
    if path.extension().is_none() {
        path.set_extension(ext);
    }
    export_to(app, request, path).await.map(Some)
}

/// Ask for a folder (system dialog), then save the SPJ bundle there. `None` on cancel.
#[tauri::command]
pub async fn export_bundle<R: Runtime>(
    app: AppHandle<R>,
    event_id: String,
    paper: Option<String>,
) -> Res<Option<BundleResult>> {
    let mut dialog = rfd::AsyncFileDialog::new();
    if let Some(docs) = dirs::document_dir() {
        dialog = dialog.set_directory(docs);
    }
    let Some(dir) = dialog.pick_folder().await else {
        return Ok(None);
    };
    bundle_to(app, event_id, paper, dir.path().to_path_buf())
        .await
        .map(Some)
}

/// Save the SPJ bundle into a given folder (no dialog; test builds only).
#[cfg(dev_tools)]
#[tauri::command]
pub async fn export_bundle_to<R: Runtime>(
    app: AppHandle<R>,
    event_id: String,
    paper: Option<String>,
    path: String,
) -> Res<BundleResult> {
    bundle_to(app, event_id, paper, PathBuf::from(path)).await
}

#[derive(Debug, Clone, Serialize)]
pub struct BundleResult {
    pub folder: String,
    pub files: Vec<reports::bundle::Written>,
}

async fn bundle_to<R: Runtime>(
    app: AppHandle<R>,
    event_id: String,
    paper: Option<String>,
    dir: PathBuf,
) -> Res<BundleResult> {
    let lang = app.state::<AppState>().lang();
    let paper =
        reports::export::paper_of(paper.as_deref()).map_err(|e| Error::from(e).payload(lang))?;
    off_thread(app, move |app| {
        let state = app.state::<AppState>();
        let files = state.with(|s| reports::bundle::write(s, &event_id, &dir, paper, lang))?;
        Ok(BundleResult {
            folder: dir.display().to_string(),
            files,
        })
    })
    .await
}

/// Export to a given path (no dialog; test builds only).
#[cfg(dev_tools)]
#[tauri::command]
pub async fn export_pdf_to<R: Runtime>(
    app: AppHandle<R>,
    request: ExportRequest,
    path: String,
) -> Res<ExportResult> {
    export_to(app, request, PathBuf::from(path)).await
}

async fn export_to<R: Runtime>(
    app: AppHandle<R>,
    request: ExportRequest,
    path: PathBuf,
) -> Res<ExportResult> {
    off_thread(app, move |app| run(&app, &request, &path)).await
}
