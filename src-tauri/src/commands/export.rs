//! Exports from the window: the user picks the place in the system save dialog (rfd),
//! the PDF is made off the UI thread with progress events, written under a temporary
//! name and renamed. `export_pdf_to` does the same to a given path (test builds only).

use crate::commands::off_thread;
use crate::state::AppState;
use plm_core::reports::{self, certificates::Rule, layout::Paper, sheet::SheetOptions};
use plm_core::{Error, ErrorPayload, Store};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Emitter, Manager, Runtime};

type Res<T> = Result<T, ErrorPayload>;

/// What to export; fields not used by a kind are ignored.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct ExportRequest {
    /// attendance, plans, badges, certificates, summary, agenda, receipts, receipts_xlsx,
    /// report, report_docx
    pub kind: String,
    pub event_id: String,
    pub day: Option<i64>,
    pub session_id: Option<String>,
    pub blank: bool,
    /// print the phone column (attendance); off unless chosen
    pub phones: bool,
    pub paper: Option<String>,
    pub institution: Option<String>,
    /// any or all (certificates)
    pub rule: Option<String>,
    pub winners: bool,
}

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

/// A file name a facilitator recognises: "daftar-hadir-hari-1.pdf".
pub fn suggested_name(req: &ExportRequest) -> String {
    match req.kind.as_str() {
        "attendance" if req.blank => {
            format!("daftar-hadir-kosong-hari-{}.pdf", req.day.unwrap_or(1))
        }
        "attendance" if req.session_id.is_some() => "daftar-hadir-sesi.pdf".into(),
        "attendance" => format!("daftar-hadir-hari-{}.pdf", req.day.unwrap_or(1)),
        "plans" => "rencana-tindak-lanjut.pdf".into(),
        "badges" => "badge-peserta.pdf".into(),
        "certificates" if req.winners => "piagam-penghargaan.pdf".into(),
        "certificates" => "sertifikat-peserta.pdf".into(),
        "agenda" => "jadwal-acara.pdf".into(),
        "receipts" => "daftar-penerimaan.pdf".into(),
        "receipts_xlsx" => "daftar-penerimaan.xlsx".into(),
        "report" => "laporan-kegiatan.pdf".into(),
        "report_docx" => "laporan-kegiatan.docx".into(),
        _ => "ringkasan-kegiatan.pdf".into(),
    }
}

/// The file type a kind makes: (extension, filter name).
pub fn file_type(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "receipts_xlsx" => ("xlsx", "Excel"),
        "report_docx" => ("docx", "Word"),
        _ => ("pdf", "PDF"),
    }
}

fn json<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).expect("json")
}

/// Make the file's bytes for a request.
pub fn make(
    store: &Store,
    req: &ExportRequest,
    lang: plm_core::Lang,
    progress: &mut dyn FnMut(usize, usize),
) -> plm_core::Result<(Vec<u8>, usize, serde_json::Value)> {
    let bad = |what: &str| {
        Error::invalid(
            "kind",
            format!("Jenis ekspor tidak dikenal: {what}"),
            format!("Unknown export: {what}"),
        )
    };
    let paper = match req.paper.as_deref() {
        None | Some("") => Paper::A4,
        Some(p) => Paper::parse(p).ok_or_else(|| {
            Error::invalid(
                "paper",
                "Ukuran kertas harus A4 atau F4.",
                "The paper must be A4 or F4.",
            )
        })?,
    };
    match req.kind.as_str() {
        "agenda" => {
            let (bytes, i) = reports::agenda::build(store, &req.event_id, paper)?;
            Ok((bytes, i.pages, json(&i)))
        }
        "receipts" => {
            let (bytes, i) = reports::receipts::pdf(store, &req.event_id, paper)?;
            Ok((bytes, i.pages, json(&i)))
        }
        "receipts_xlsx" => {
            let (bytes, i) = reports::receipts::xlsx(store, &req.event_id)?;
            Ok((bytes, 0, json(&i)))
        }
        "report" => {
            let (bytes, i) = reports::activity::build_pdf(store, &req.event_id, lang)?;
            Ok((bytes, i.pages, json(&i)))
        }
        "report_docx" => {
            let (bytes, i) = reports::activity::build_docx(store, &req.event_id, lang)?;
            Ok((bytes, 0, json(&i)))
        }
        "attendance" => {
            let opts = SheetOptions {
                day: req.day,
                session_id: req.session_id.clone(),
                blank: req.blank,
                paper,
                phones: req.phones,
            };
            let (bytes, info) = reports::sheet::build(store, &req.event_id, &opts, progress)?;
            let pages = info.pages;
            Ok((bytes, pages, serde_json::to_value(info).expect("json")))
        }
        "plans" => {
            let (bytes, i) = reports::plans::build(
                store,
                &req.event_id,
                req.institution.as_deref().filter(|s| !s.trim().is_empty()),
            )?;
            Ok((
                bytes,
                i.pages,
                serde_json::json!({"plans": i.plans, "items": i.items}),
            ))
        }
        "badges" => {
            let (bytes, pages, n) = reports::badges::build(store, &req.event_id)?;
            Ok((bytes, pages, serde_json::json!({"badges": n})))
        }
        "certificates" => {
            let rule =
                Rule::parse(req.rule.as_deref().unwrap_or("any")).ok_or_else(|| bad("rule"))?;
            let (bytes, n) = reports::certificates::build(store, &req.event_id, rule, req.winners)?;
            Ok((bytes, n, serde_json::json!({"certificates": n})))
        }
        "summary" => {
            let (bytes, pages) = reports::summary::build(store, &req.event_id)?;
            Ok((bytes, pages, serde_json::json!({})))
        }
        other => Err(bad(other)),
    }
}

fn run<R: Runtime>(app: &AppHandle<R>, req: &ExportRequest, path: &Path) -> Res<ExportResult> {
    let state = app.state::<AppState>();
    let emitter = app.clone();
    let mut progress = move |done: usize, total: usize| {
        let _ = emitter.emit("export-progress", Progress { done, total });
    };
    let lang = state.lang();
    let (bytes, pages, detail) = state.with(|s| make(s, req, lang, &mut progress))?;
    // every paper but the agenda names people: private to this user
    state.with(|_| reports::write_private_atomic(path, &bytes))?;
    log::info!(
        "export {}: {} bytes, {} pages",
        req.kind,
        bytes.len(),
        pages
    );
    Ok(ExportResult {
        path: path.display().to_string(),
        bytes: bytes.len(),
        pages,
        detail,
    })
}

/// Ask where to save (system dialog), then export there. `None` when the user cancels.
#[tauri::command]
pub async fn export_pdf<R: Runtime>(
    app: AppHandle<R>,
    request: ExportRequest,
) -> Res<Option<ExportResult>> {
    let (ext, filter) = file_type(&request.kind);
    let mut dialog = rfd::AsyncFileDialog::new()
        .set_file_name(suggested_name(&request))
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
    let paper = Paper::parse(paper.as_deref().unwrap_or("a4")).unwrap_or(Paper::A4);
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
