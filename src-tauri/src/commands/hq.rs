//! Headquarters' workspace in the window: the workspace choice, the key, planned PLMs and
//! kits, receiving many files with progress, the dashboard, probable same people and the
//! exports. Each command translates input and output around one `plm_core::hq` call.

use crate::commands::{blocking, off_thread, pick_file};
use crate::state::AppState;
use plm_core::hq::{self, dashboard::Filter, kit, people, plans};
use plm_core::{Error, ErrorPayload};
use serde::Serialize;
use std::path::PathBuf;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

type Res<T> = Result<T, ErrorPayload>;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[derive(Serialize)]
pub struct HqInfo {
    pub workspace: Option<hq::Workspace>,
    pub key: Option<hq::keys::KeyInfo>,
    /// How many plans are in each state.
    pub states: std::collections::BTreeMap<String, usize>,
    pub plans: usize,
    pub overdue_days: i64,
    /// Files received so far (the import ledger).
    pub files: usize,
}

#[tauri::command]
pub async fn hq_info(state: State<'_, AppState>) -> Res<HqInfo> {
    state.with(|s| {
        let list = plans::list(s, today())?;
        let mut states = std::collections::BTreeMap::new();
        for p in &list {
            *states.entry(p.state.as_str().to_string()).or_insert(0) += 1;
        }
        Ok(HqInfo {
            workspace: hq::workspace(s)?,
            key: hq::keys::info(s)?,
            plans: list.iter().filter(|p| p.id.is_some()).count(),
            states,
            overdue_days: plans::overdue_days(s),
            files: plm_core::sync::ledger(s)?.len(),
        })
    })
}

#[tauri::command]
pub async fn set_workspace(state: State<'_, AppState>, workspace: String) -> Res<hq::Workspace> {
    state.with(|s| hq::set_workspace(s, hq::Workspace::parse(&workspace)?))
}

#[tauri::command]
pub async fn hq_set_overdue_days(state: State<'_, AppState>, days: String) -> Res<i64> {
    state.with(|s| {
        plm_core::settings::set(s, plm_core::settings::Key::HqOverdueDays, days.trim())?;
        Ok(plans::overdue_days(s))
    })
}

#[tauri::command]
pub async fn hq_key_create(state: State<'_, AppState>) -> Res<hq::keys::KeyInfo> {
    state.with(|s| hq::keys::create(s).map(|(k, _)| k))
}

/// The public key as a QR code (SVG markup made here; no network, no library in the page).
#[tauri::command]
pub async fn hq_key_qr(state: State<'_, AppState>) -> Res<String> {
    state.with(|s| {
        let k = hq::keys::info(s)?.ok_or(hq::HqError::NoKey)?;
        Ok(hq::keys::qr_svg(&k.public_key))
    })
}

async fn save_dialog(name: &str, filter: &str, ext: &str) -> Option<PathBuf> {
    let mut d = rfd::AsyncFileDialog::new()
        .set_file_name(name)
        .add_filter(filter, &[ext]);
    if let Some(docs) = dirs::document_dir() {
        d = d.set_directory(docs);
    }
    let mut p = d.save_file().await?.path().to_path_buf();
    if p.extension().is_none() {
        p.set_extension(ext);
    }
    Some(p)
}

/// Save the secret key's backup where the user chooses (a USB stick). None on cancel.
#[tauri::command]
pub async fn hq_key_backup<R: Runtime>(app: AppHandle<R>) -> Res<Option<hq::keys::KeyInfo>> {
    let Some(path) = save_dialog("plm-hq-key-backup.txt", "Text", "txt").await else {
        return Ok(None);
    };
    blocking(app, move |s| hq::keys::save_backup(s, &path))
        .await
        .map(Some)
}

#[cfg(dev_tools)]
#[tauri::command]
pub async fn hq_key_backup_to<R: Runtime>(
    app: AppHandle<R>,
    path: String,
) -> Res<hq::keys::KeyInfo> {
    blocking(app, move |s| hq::keys::save_backup(s, &PathBuf::from(path))).await
}

/// Save the public key as a small file to hand out. None on cancel.
#[tauri::command]
pub async fn hq_key_save_public<R: Runtime>(app: AppHandle<R>) -> Res<Option<String>> {
    let Some(path) = save_dialog("plm-hq-public-key.txt", "Text", "txt").await else {
        return Ok(None);
    };
    blocking(app, move |s| {
        plm_core::files::write_atomic(&path, hq::keys::public_key_text(s)?.as_bytes())?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

#[tauri::command]
pub async fn hq_pick_file(state: State<'_, AppState>, kind: String) -> Res<Option<String>> {
    Ok(match kind.as_str() {
        "kit" => pick_file(&state, "PLM Desk kit", &["plmkit"]).await,
        "sheet" => pick_file(&state, "Spreadsheet", &["csv", "xlsx", "xls", "ods"]).await,
        _ => pick_file(&state, "Text", &["txt"]).await,
    })
}

fn read(path: &std::path::Path) -> plm_core::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::from(e).in_file(path.display().to_string()))
}

#[tauri::command]
pub async fn hq_key_restore<R: Runtime>(app: AppHandle<R>, path: String) -> Res<hq::keys::KeyInfo> {
    let path = app.state::<AppState>().chosen(&path)?;
    blocking(app, move |s| hq::keys::restore(s, &read(&path)?)).await
}

#[tauri::command]
pub async fn hq_plans(state: State<'_, AppState>) -> Res<Vec<plans::Plan>> {
    state.with(|s| plans::list(s, today()))
}

#[tauri::command]
pub async fn hq_plan_add(state: State<'_, AppState>, input: plans::PlanInput) -> Res<plans::Plan> {
    state.with(|s| plans::add(s, &input))
}

#[tauri::command]
pub async fn hq_plan_remove(state: State<'_, AppState>, id: String) -> Res<()> {
    state.with(|s| plans::remove(s, &id))
}

#[tauri::command]
pub async fn hq_plan_attach(
    state: State<'_, AppState>,
    id: String,
    event_id: String,
) -> Res<plans::Plan> {
    state.with(|s| plans::attach(s, &id, &event_id))
}

#[tauri::command]
pub async fn hq_plan_import<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    dry_run: bool,
) -> Res<plans::PlanImportReport> {
    let lang = app.state::<AppState>().lang();
    let path = app.state::<AppState>().chosen(&path)?;
    blocking(app, move |s| plans::import(s, &read(&path)?, dry_run, lang)).await
}

#[derive(Serialize)]
pub struct KitSaved {
    pub path: String,
    pub kit: kit::MadeKit,
}

fn make_kit<R: Runtime>(
    app: &AppHandle<R>,
    plan_id: &str,
    roster: Option<&str>,
    agenda_from: Option<&str>,
    out: PathBuf,
) -> Res<KitSaved> {
    let state = app.state::<AppState>();
    let lang = state.lang();
    let roster = roster.map(|p| state.chosen(p)).transpose()?;
    state.with(|s| {
        let roster = match roster {
            Some(p) => Some(read(&p)?),
            None => None,
        };
        let (bytes, made) = kit::make(s, plan_id, roster.as_deref(), agenda_from, lang)?;
        plm_core::files::write_private_atomic(&out, &bytes)?;
        Ok(KitSaved {
            path: out.display().to_string(),
            kit: made,
        })
    })
}

/// Save a plan's kit where the user chooses (None on cancel); the roster file, if any,
/// was chosen with `hq_pick_file`.
#[tauri::command]
pub async fn kit_make<R: Runtime>(
    app: AppHandle<R>,
    plan_id: String,
    roster: Option<String>,
    agenda_from: Option<String>,
) -> Res<Option<KitSaved>> {
    let name = app
        .state::<AppState>()
        .with(|s| plans::get(s, &plan_id))
        .map(|p| format!("{}.plmkit", plm_core::text::slug(&p.title)))
        .unwrap_or_else(|_| "plm.plmkit".into());
    let Some(path) = save_dialog(&name, "PLM Desk kit", "plmkit").await else {
        return Ok(None);
    };
    off_thread(app, move |app| {
        make_kit(
            &app,
            &plan_id,
            roster.as_deref(),
            agenda_from.as_deref(),
            path,
        )
    })
    .await
    .map(Some)
}

#[cfg(dev_tools)]
#[tauri::command]
pub async fn kit_make_to<R: Runtime>(
    app: AppHandle<R>,
    plan_id: String,
    roster: Option<String>,
    agenda_from: Option<String>,
    path: String,
) -> Res<KitSaved> {
    off_thread(app, move |app| {
        make_kit(
            &app,
            &plan_id,
            roster.as_deref(),
            agenda_from.as_deref(),
            PathBuf::from(path),
        )
    })
    .await
}

/// Open a kit at the venue: a preview (`dry_run`), then for real.
#[tauri::command]
pub async fn kit_open<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    dry_run: bool,
) -> Res<kit::Opened> {
    let path = app.state::<AppState>().chosen(&path)?;
    blocking(app, move |s| {
        kit::open(s, &read(&path)?, dry_run).map_err(|e| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            e.in_file(name)
        })
    })
    .await
}

fn receive_paths<R: Runtime>(
    app: &AppHandle<R>,
    paths: Vec<String>,
    accept_clock: bool,
    progress: Channel<plm_core::sync::Progress>,
) -> Res<hq::receive::Received> {
    let state = app.state::<AppState>();
    let lang = state.lang();
    let paths = paths
        .iter()
        .map(|p| state.chosen(p))
        .collect::<Result<Vec<_>, _>>()?;
    state.with(|s| {
        let mut files = Vec::with_capacity(paths.len());
        let mut unreadable = Vec::new();
        for p in &paths {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_else(|| p.display().to_string());
            match std::fs::read(p) {
                Ok(b) => files.push((name, b)),
                Err(e) => unreadable.push((name, Error::from(e))),
            }
        }
        let mut r = hq::receive::receive(s, &files, accept_clock, lang, &mut |step| {
            let _ = progress.send(step);
        })?;
        for (name, e) in unreadable {
            use plm_core::error::Localized;
            r.refused += 1;
            r.files.push(hq::receive::FileResult {
                file: name.clone(),
                outcome: hq::receive::Outcome::Refused,
                code: Some(e.code().to_string()),
                message: Some(format!("{name}: {}", e.message(lang))),
                report: None,
                plan_id: None,
            });
        }
        Ok(r)
    })
}

/// Choose many venue files and receive them; progress arrives on the channel. None on cancel.
#[tauri::command]
pub async fn hq_receive<R: Runtime>(
    app: AppHandle<R>,
    accept_clock: Option<bool>,
    progress: Channel<plm_core::sync::Progress>,
) -> Res<Option<hq::receive::Received>> {
    let Some(files) = rfd::AsyncFileDialog::new()
        .add_filter("PLM Desk", &["plmsync"])
        .pick_files()
        .await
    else {
        return Ok(None);
    };
    let paths: Vec<String> = files
        .iter()
        .map(|f| f.path().display().to_string())
        .collect();
    app.state::<AppState>()
        .grant(files.iter().map(|f| f.path().to_path_buf()));
    let accept = accept_clock.unwrap_or(false);
    off_thread(app, move |app| receive_paths(&app, paths, accept, progress))
        .await
        .map(Some)
}

#[tauri::command]
pub async fn hq_receive_from<R: Runtime>(
    app: AppHandle<R>,
    paths: Vec<String>,
    accept_clock: Option<bool>,
    progress: Channel<plm_core::sync::Progress>,
) -> Res<hq::receive::Received> {
    let accept = accept_clock.unwrap_or(false);
    off_thread(app, move |app| receive_paths(&app, paths, accept, progress)).await
}

#[tauri::command]
pub async fn hq_dashboard(
    state: State<'_, AppState>,
    filter: Filter,
) -> Res<hq::dashboard::Dashboard> {
    state.with(|s| hq::dashboard::dashboard(s, &filter))
}

#[tauri::command]
pub async fn hq_people(state: State<'_, AppState>) -> Res<Vec<people::Pair>> {
    state.with(|s| people::pairs(s))
}

#[tauri::command]
pub async fn hq_decide(
    state: State<'_, AppState>,
    a: String,
    b: String,
    decision: String,
) -> Res<()> {
    state.with(|s| people::decide(s, &a, &b, people::Decision::parse(&decision)?))
}

#[derive(Serialize)]
pub struct HqExported {
    pub path: String,
    pub bytes: usize,
}

fn export_to<R: Runtime>(
    app: &AppHandle<R>,
    kind: &str,
    filter: &Filter,
    path: PathBuf,
) -> Res<HqExported> {
    let state = app.state::<AppState>();
    let lang = state.lang();
    state.with(|s| {
        let bytes = hq::export(s, hq::ExportKind::parse(kind)?, filter, lang)?;
        plm_core::files::write_private_atomic(&path, &bytes)?;
        Ok(HqExported {
            path: path.display().to_string(),
            bytes: bytes.len(),
        })
    })
}

#[tauri::command]
pub async fn hq_export<R: Runtime>(
    app: AppHandle<R>,
    kind: String,
    filter: Filter,
) -> Res<Option<HqExported>> {
    let lang = app.state::<AppState>().lang();
    let k = hq::ExportKind::parse(&kind).map_err(|e| plm_core::Error::from(e).payload(lang))?;
    let label = match k {
        hq::ExportKind::Pdf => "PDF",
        hq::ExportKind::Csv => "CSV",
        hq::ExportKind::Xlsx => "Excel",
    };
    let Some(path) = save_dialog(&k.file_name(), label, k.extension()).await else {
        return Ok(None);
    };
    off_thread(app, move |app| export_to(&app, &kind, &filter, path))
        .await
        .map(Some)
}

#[cfg(dev_tools)]
#[tauri::command]
pub async fn hq_export_to<R: Runtime>(
    app: AppHandle<R>,
    kind: String,
    filter: Filter,
    path: String,
) -> Res<HqExported> {
    off_thread(app, move |app| {
        export_to(&app, &kind, &filter, PathBuf::from(path))
    })
    .await
}

/// One event as headquarters reads it (read-only): agenda, people, attendance per day,
/// plans, awards, stories.
#[derive(Serialize)]
pub struct EventView {
    pub event: plm_core::events::Event,
    pub sessions: Vec<plm_core::events::Session>,
    pub participants: Vec<PersonRow>,
    pub days: Vec<hq::dashboard::DayRow>,
    pub plans: Vec<plm_core::plans::Plan>,
    pub winners: Vec<(String, String)>,
    pub stories: Vec<String>,
    pub notes: usize,
}

#[derive(Serialize)]
pub struct PersonRow {
    pub code: String,
    pub name: String,
    pub gender: Option<String>,
    pub category: String,
    pub institution: String,
}

#[tauri::command]
pub async fn hq_event_view(state: State<'_, AppState>, event_id: String) -> Res<EventView> {
    state.with(|s| {
        let event = plm_core::events::get(s, &event_id)?;
        let mut days = Vec::new();
        for d in 1..=event.days {
            let sm = plm_core::attendance::day_summary(s, &event_id, d)?;
            days.push(hq::dashboard::DayRow {
                day: d,
                present: sm.present as i64,
                expected: sm.expected as i64,
            });
        }
        Ok(EventView {
            sessions: plm_core::events::list_sessions(s, &event_id)?,
            participants: plm_core::participants::list(s, &event_id)?
                .into_iter()
                .map(|p| PersonRow {
                    code: p.code,
                    name: p.name,
                    gender: p.gender,
                    category: p.category_label,
                    institution: p.institution,
                })
                .collect(),
            days,
            plans: plm_core::plans::list(s, &event_id)?,
            winners: plm_core::awards::winners(s, &event_id)?
                .into_iter()
                .map(|(c, n)| (c, n.institution))
                .collect(),
            stories: plm_core::notes::list_stories(s, &event_id)?
                .into_iter()
                .map(|st| st.title)
                .collect(),
            notes: plm_core::notes::list_notes(s, &event_id, None)?.len(),
            event,
        })
    })
}
