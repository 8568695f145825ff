//! Tauri commands: thin wrappers that parse, call `plm_core` and map the error to
//! `{code, message}`. All are async so the window never waits on the database.

pub mod desk;
mod error;
pub mod events;
pub mod export;
pub mod hq;
pub mod lock;
pub mod outcomes;
pub mod papers;
pub mod participants;
pub mod sync;
pub mod vault;

use crate::state::AppState;
use plm_core::attendance::{
    self, Attendance, CheckinInput, DaySummary, Row, SignatureInput, Slot, Who,
};
use plm_core::events::{Event, EventInput, Session, SessionInput};
use plm_core::participants::{Participant, ParticipantInput};
use plm_core::roster::{self, Field, ImportReport, Preview};
use plm_core::{events as ev_mod, places, settings, Error, ErrorPayload};
use serde::Serialize;
use tauri::{AppHandle, Builder, Manager, Runtime, State};

pub use error::ShellError;

use desk::*;
use events::*;
use participants::*;

type Res<T> = Result<T, ErrorPayload>;

/// Do `f` on a worker thread so that the window keeps drawing; a worker that stops
/// without answering is reported in the user's language.
pub(crate) async fn off_thread<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    f: impl FnOnce(AppHandle<R>) -> Res<T> + Send + 'static,
) -> Res<T> {
    let lang = app.state::<AppState>().lang();
    tauri::async_runtime::spawn_blocking(move || f(app))
        .await
        .map_err(|e| ShellError::Task(e.to_string()).payload(lang))?
}

/// Choose one file in the system dialog (None on cancel). The file is remembered as the
/// user's choice: the commands that read files take only such paths.
pub(crate) async fn pick_file(state: &AppState, filter: &str, exts: &[&str]) -> Option<String> {
    let file = rfd::AsyncFileDialog::new()
        .add_filter(filter, exts)
        .pick_file()
        .await?;
    let path = file.path().to_path_buf();
    state.grant([path.clone()]);
    Some(path.display().to_string())
}

/// Do `f` with the database on a worker thread.
pub(crate) async fn blocking<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    f: impl FnOnce(&mut plm_core::Store) -> plm_core::Result<T> + Send + 'static,
) -> Res<T> {
    off_thread(app, move |app| app.state::<AppState>().with(f)).await
}

/// Attach the commands to a builder (the real one or `tauri::test::mock_builder()`).
pub fn register<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder.invoke_handler(crate::commands::lock::gate(tauri::generate_handler![
        crate::commands::lock::lock_status,
        crate::commands::vault::vault_status,
        crate::commands::vault::vault_save_recovery,
        #[cfg(dev_tools)]
        crate::commands::vault::vault_save_recovery_to,
        crate::commands::vault::recovery_unlock,
        crate::commands::vault::hq_recover_key,
        crate::commands::vault::hq_pick_laptop_file,
        crate::commands::lock::lock_now,
        crate::commands::lock::lock_unlock,
        crate::commands::lock::lock_set,
        crate::commands::lock::lock_clear,
        app_info,
        app_build,
        app_constants,
        #[cfg(dev_tools)]
        dev_grant,
        app_painted,
        startup_check,
        recovery_info,
        recovery_restore,
        set_language,
        set_operator,
        provinces,
        event_list,
        event_get,
        event_current,
        event_set_current,
        event_create,
        event_update,
        event_delete,
        event_set_retention,
        participant_erase_all,
        participant_retention,
        session_list,
        session_add,
        session_update,
        session_delete,
        session_move,
        participant_list,
        participant_search,
        participant_get,
        participant_add,
        participant_update,
        participant_remove,
        participant_erase,
        participant_consent,
        consent_text,
        categories,
        desk_slot,
        checkin,
        checkin_sign,
        checkin_undo,
        attendance_list,
        attendance_correct,
        day_summary,
        day_close,
        day_reopen,
        roster_preview,
        roster_import,
        event_set_signer,
        backup_latest,
        crate::commands::export::export_pdf,
        #[cfg(dev_tools)]
        crate::commands::export::export_pdf_to,
        crate::commands::export::export_bundle,
        #[cfg(dev_tools)]
        crate::commands::export::export_bundle_to,
        crate::commands::papers::allowance_info,
        crate::commands::papers::allowance_set,
        crate::commands::papers::allowance_remove,
        crate::commands::papers::allowance_signers_set,
        crate::commands::papers::receipts_preview,
        crate::commands::papers::photo_add,
        crate::commands::papers::photo_list,
        crate::commands::papers::photo_data,
        crate::commands::papers::photo_update,
        crate::commands::papers::photo_remove,
        crate::commands::papers::report_texts,
        crate::commands::papers::report_texts_set,
        crate::commands::sync::sync_info,
        crate::commands::sync::sync_set_hq,
        crate::commands::sync::sync_export,
        #[cfg(dev_tools)]
        crate::commands::sync::sync_export_to,
        crate::commands::sync::sync_pick_file,
        crate::commands::sync::sync_preview,
        crate::commands::sync::sync_import,
        crate::commands::sync::sync_trust,
        crate::commands::sync::sync_peek,
        crate::commands::outcomes::plan_list,
        crate::commands::outcomes::plan_create,
        crate::commands::outcomes::plan_update,
        crate::commands::outcomes::plan_delete,
        crate::commands::outcomes::plan_presented,
        crate::commands::outcomes::plan_item_add,
        crate::commands::outcomes::plan_item_update,
        crate::commands::outcomes::plan_item_duplicate,
        crate::commands::outcomes::plan_item_move,
        crate::commands::outcomes::plan_item_delete,
        crate::commands::outcomes::plan_item_status,
        crate::commands::outcomes::note_list,
        crate::commands::outcomes::note_add,
        crate::commands::outcomes::note_update,
        crate::commands::outcomes::note_delete,
        crate::commands::outcomes::story_list,
        crate::commands::outcomes::story_add,
        crate::commands::outcomes::story_update,
        crate::commands::outcomes::story_delete,
        crate::commands::outcomes::award_list,
        crate::commands::outcomes::award_category_add,
        crate::commands::outcomes::award_category_delete,
        crate::commands::outcomes::award_nominee_add,
        crate::commands::outcomes::award_nominee_delete,
        crate::commands::outcomes::award_criterion_add,
        crate::commands::outcomes::award_criterion_delete,
        crate::commands::outcomes::award_judge_add,
        crate::commands::outcomes::award_judge_delete,
        crate::commands::outcomes::award_score,
        crate::commands::outcomes::award_decide,
        crate::commands::hq::hq_info,
        crate::commands::hq::set_workspace,
        crate::commands::hq::hq_set_overdue_days,
        crate::commands::hq::hq_key_create,
        crate::commands::hq::hq_key_qr,
        crate::commands::hq::hq_key_backup,
        #[cfg(dev_tools)]
        crate::commands::hq::hq_key_backup_to,
        crate::commands::hq::hq_key_save_public,
        crate::commands::hq::hq_key_restore,
        crate::commands::hq::hq_pick_file,
        crate::commands::hq::hq_plans,
        crate::commands::hq::hq_plan_add,
        crate::commands::hq::hq_plan_remove,
        crate::commands::hq::hq_plan_attach,
        crate::commands::hq::hq_plan_import,
        crate::commands::hq::kit_make,
        #[cfg(dev_tools)]
        crate::commands::hq::kit_make_to,
        crate::commands::hq::kit_open,
        crate::commands::hq::hq_receive,
        crate::commands::hq::hq_receive_from,
        crate::commands::hq::hq_dashboard,
        crate::commands::hq::hq_people,
        crate::commands::hq::hq_decide,
        crate::commands::hq::hq_export,
        #[cfg(dev_tools)]
        crate::commands::hq::hq_export_to,
        crate::commands::hq::hq_event_view,
    ]))
}

#[derive(Serialize)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub device_id: String,
    pub language: String,
    pub operator: String,
    pub schema_version: i64,
    /// `venue`, `hq`, or null until the first-run choice.
    pub workspace: Option<plm_core::hq::Workspace>,
}

/// What this build is: its version, and whether it is a test or bench build (then the
/// page reads its test hooks, `window.__PLM_*__`). Answered while locked: nothing personal.
#[derive(Serialize)]
pub struct AppBuild {
    pub version: String,
    pub dev_tools: bool,
}

/// Values the page shows or waits on that Rust decides: read once at start, never copied.
#[derive(Serialize)]
pub struct AppConstants {
    /// How long after a check-in the desk offers a plain undo (seconds).
    pub undo_seconds: i64,
    /// The follow-up plans' strategies and item statuses, as stored.
    pub strategies: Vec<plm_core::plans::Strategy>,
    pub statuses: Vec<plm_core::plans::Status>,
}

#[tauri::command]
pub async fn app_constants() -> Res<AppConstants> {
    Ok(AppConstants {
        undo_seconds: attendance::UNDO_SECONDS,
        strategies: plm_core::plans::Strategy::ALL.to_vec(),
        statuses: plm_core::plans::Status::ALL.to_vec(),
    })
}

#[tauri::command]
pub async fn app_build() -> Res<AppBuild> {
    Ok(AppBuild {
        version: env!("CARGO_PKG_VERSION").to_string(),
        dev_tools: cfg!(dev_tools),
    })
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Res<AppInfo> {
    let dir = state.data_dir.display().to_string();
    state.with(|s| {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            data_dir: dir,
            device_id: s.device_id().to_string(),
            language: settings::language(s).as_str().to_string(),
            operator: settings::get(s, settings::Key::Operator)?.unwrap_or_default(),
            schema_version: s.schema_version()?,
            workspace: plm_core::hq::workspace(s)?,
        })
    })
}

/// Test builds only: the tests hand the page a file path (a hook in place of the system
/// dialog), and this lets the commands that read chosen files take it.
#[cfg(dev_tools)]
#[tauri::command]
pub async fn dev_grant(state: State<'_, AppState>, paths: Vec<String>) -> Res<()> {
    state.grant(paths.into_iter().map(std::path::PathBuf::from));
    Ok(())
}

/// The whole-file check started with the window: true when the file is whole. False
/// closes the database; the page then starts again on the recovery screen.
#[tauri::command]
pub async fn startup_check(state: State<'_, AppState>) -> Res<bool> {
    Ok(state.whole_check_verdict().await)
}

/// The page drew its first screen: logged once with the time since the process
/// started; under `plm-desk bench` (PLM_DESK_STARTUP_PROBE) also printed for the bench.
#[tauri::command]
pub async fn app_painted() -> Res<()> {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let ms = crate::STARTED
            .get()
            .map(|t| t.elapsed().as_millis())
            .unwrap_or(0);
        log::info!("first screen painted {ms} ms after start");
        #[cfg(dev_tools)]
        if std::env::var_os(crate::bench::window::PROBE_ENV).is_some() {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{} {ms}", crate::bench::window::PAINTED_LINE);
            let _ = out.flush();
        }
    });
    Ok(())
}

#[derive(Serialize)]
pub struct RecoveryInfo {
    damaged: bool,
    /// Why the database did not open (`storage.corrupt`, `vault.key_missing`, …) and
    /// what to tell the user.
    code: Option<String>,
    message: Option<String>,
    /// The key is what is missing: the screen offers the passphrase and a recovery key.
    key_missing: bool,
    data_dir: String,
    backups: Vec<plm_core::backup::BackupInfo>,
}

/// Whether the database opened; if not, the good backups to restore, newest first.
#[tauri::command]
pub async fn recovery_info(state: State<'_, AppState>) -> Res<RecoveryInfo> {
    let damaged = state.open_error().is_some();
    let backups = if damaged {
        plm_core::backup::good(&state.data_dir)
    } else {
        vec![]
    };
    let code = state.open_error();
    let message = state.open_message();
    Ok(RecoveryInfo {
        key_missing: code.as_deref().is_some_and(|c| c.starts_with("vault.")),
        code,
        message,
        damaged,
        data_dir: state.data_dir.display().to_string(),
        backups,
    })
}

#[tauri::command]
pub async fn recovery_restore(state: State<'_, AppState>, name: String) -> Res<()> {
    // only a backup from this data folder's backups/, by file name
    if name.contains(['/', '\\']) || name.contains("..") {
        return Err(state.fail(ShellError::BackupName(name)));
    }
    let path = state.data_dir.join("backups").join(&name);
    state.restore(&path)
}

#[tauri::command]
pub async fn set_language(state: State<'_, AppState>, language: String) -> Res<String> {
    // without a database (the recovery screen) the choice lasts until the window closes
    if state.open_error().is_some() {
        let lang = settings::parse_language(&language)
            .map_err(|e| Error::from(e).payload(state.lang()))?;
        state.set_lang(lang);
        return Ok(lang.as_str().to_string());
    }
    let lang = state.with(|s| {
        settings::set(s, settings::Key::Language, &language)?;
        Ok(settings::language(s))
    })?;
    state.set_lang(lang);
    Ok(lang.as_str().to_string())
}

/// The name of the person at the desk: recorded with consents and in the audit log.
#[tauri::command]
pub async fn set_operator(state: State<'_, AppState>, name: String) -> Res<String> {
    state.with(|s| settings::set_operator(s, &name))
}

/// Bytes the window sent as base64 (a `data:` URL prefix is allowed): `Err(true)` when
/// larger than `max` bytes, `Err(false)` when not base64. The size is checked first.
pub(crate) fn from_base64(data: &str, max: usize) -> Result<Vec<u8>, bool> {
    use base64::Engine;
    let d = data.trim();
    let d = d.split_once(";base64,").map(|(_, b)| b).unwrap_or(d);
    if d.len() > max / 3 * 4 + 8 {
        return Err(true);
    }
    base64::engine::general_purpose::STANDARD
        .decode(d)
        .map_err(|_| false)
}

/// The newest backup of this database (shown on the home screen).
#[tauri::command]
pub async fn backup_latest(
    state: State<'_, AppState>,
) -> Res<Option<plm_core::backup::BackupInfo>> {
    state.with(|s| match s.backup_dir() {
        Some(d) => Ok(plm_core::backup::list(&d)?.into_iter().next()),
        None => Ok(None),
    })
}
