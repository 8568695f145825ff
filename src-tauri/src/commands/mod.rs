//! Tauri commands: thin wrappers that parse, call `plm_core` and map the error to
//! `{code, message}`. All are async so the window never waits on the database.

mod error;
pub mod export;
pub mod hq;
pub mod lock;
pub mod outcomes;
pub mod papers;
pub mod sync;
pub mod vault;

use crate::state::AppState;
use plm_core::attendance::{
    self, Attendance, CheckinInput, DaySummary, Row, SignatureInput, Slot, Who,
};
use plm_core::events::{self, Event, EventInput, Session, SessionInput};
use plm_core::participants::{self, Participant, ParticipantInput};
use plm_core::roster::{self, Field, ImportReport, Preview};
use plm_core::{events as ev_mod, places, settings, Error, ErrorPayload};
use serde::Serialize;
use tauri::{AppHandle, Builder, Manager, Runtime, State};

pub use error::ShellError;

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
        let lang = plm_core::Lang::parse(&language).ok_or_else(|| {
            Error::from(settings::SettingsError::BadLanguage(
                language.chars().take(20).collect(),
            ))
            .payload(state.lang())
        })?;
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

#[derive(Serialize)]
pub struct ProvinceInfo {
    code: &'static str,
    name: &'static str,
    timezone: &'static str,
    zone_label: &'static str,
    regencies: &'static [places::Regency],
}

#[tauri::command]
pub async fn provinces() -> Vec<ProvinceInfo> {
    places::PROVINCES
        .iter()
        .map(|p| ProvinceInfo {
            code: p.code,
            name: p.name,
            timezone: p.timezone,
            zone_label: places::zone_label(p.timezone),
            regencies: places::regencies(p.code),
        })
        .collect()
}

#[tauri::command]
pub async fn event_list(state: State<'_, AppState>) -> Res<Vec<Event>> {
    state.with(|s| events::list(s))
}

#[tauri::command]
pub async fn event_get(state: State<'_, AppState>, id: String) -> Res<Event> {
    state.with(|s| events::get(s, &id))
}

#[tauri::command]
pub async fn event_current(state: State<'_, AppState>) -> Res<Option<Event>> {
    state.with(|s| events::current(s))
}

#[tauri::command]
pub async fn event_set_current(state: State<'_, AppState>, id: String) -> Res<Event> {
    state.with(|s| events::set_current(s, &id))
}

#[tauri::command]
pub async fn event_create(state: State<'_, AppState>, input: EventInput) -> Res<Event> {
    state.with(|s| plm_core::desk::create_event_and_choose(s, &input))
}

#[tauri::command]
pub async fn event_update(state: State<'_, AppState>, id: String, input: EventInput) -> Res<Event> {
    state.with(|s| events::update(s, &id, &input))
}

#[tauri::command]
pub async fn event_delete(state: State<'_, AppState>, id: String) -> Res<()> {
    state.with(|s| events::delete(s, &id))
}

#[tauri::command]
pub async fn session_list(state: State<'_, AppState>, event_id: String) -> Res<Vec<Session>> {
    state.with(|s| events::list_sessions(s, &event_id))
}

#[tauri::command]
pub async fn session_add(
    state: State<'_, AppState>,
    event_id: String,
    input: SessionInput,
) -> Res<Session> {
    state.with(|s| events::add_session(s, &event_id, &input))
}

#[tauri::command]
pub async fn session_update(
    state: State<'_, AppState>,
    id: String,
    input: SessionInput,
) -> Res<Session> {
    state.with(|s| events::update_session(s, &id, &input))
}

#[tauri::command]
pub async fn session_delete(state: State<'_, AppState>, id: String) -> Res<()> {
    state.with(|s| events::delete_session(s, &id))
}

#[tauri::command]
pub async fn session_move(state: State<'_, AppState>, id: String, up: bool) -> Res<Vec<Session>> {
    state.with(|s| events::move_session(s, &id, up))
}

#[tauri::command]
pub async fn participant_list(
    state: State<'_, AppState>,
    event_id: String,
) -> Res<Vec<Participant>> {
    state.with(|s| participants::list(s, &event_id))
}

#[tauri::command]
pub async fn participant_search(
    state: State<'_, AppState>,
    event_id: String,
    query: String,
) -> Res<Vec<Participant>> {
    if query.len() > 200 {
        return Ok(vec![]);
    }
    state.with(|s| participants::search(s, &event_id, &query, 30))
}

#[tauri::command]
pub async fn participant_get(state: State<'_, AppState>, id: String) -> Res<Participant> {
    state.with(|s| participants::get(s, &id))
}

#[tauri::command]
pub async fn participant_add(
    state: State<'_, AppState>,
    event_id: String,
    input: ParticipantInput,
    walk_in: bool,
) -> Res<Participant> {
    state.with(|s| {
        participants::add(
            s,
            &event_id,
            &input,
            if walk_in { "walk_in" } else { "manual" },
        )
    })
}

#[tauri::command]
pub async fn participant_update(
    state: State<'_, AppState>,
    id: String,
    input: ParticipantInput,
) -> Res<Participant> {
    state.with(|s| participants::update(s, &id, &input))
}

#[tauri::command]
pub async fn participant_remove(state: State<'_, AppState>, id: String) -> Res<()> {
    state.with(|s| participants::remove(s, &id))
}

#[tauri::command]
pub async fn participant_erase(state: State<'_, AppState>, id: String) -> Res<Participant> {
    state.with(|s| participants::erase(s, &id))
}

#[tauri::command]
pub async fn participant_consent(
    state: State<'_, AppState>,
    id: String,
    given: bool,
) -> Res<Participant> {
    state.with(|s| participants::record_consent(s, &id, given, ""))
}

#[derive(Serialize)]
pub struct ConsentText {
    version: &'static str,
    text: &'static str,
}

#[tauri::command]
pub async fn consent_text(state: State<'_, AppState>) -> Res<ConsentText> {
    let lang = state.lang();
    Ok(ConsentText {
        version: participants::CONSENT_VERSION,
        text: participants::consent_text(lang),
    })
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

/// A roster file from the window (at most the roster size limit).
fn decode_file(data: &str) -> Result<Vec<u8>, Error> {
    from_base64(data, roster::MAX_FILE_BYTES).map_err(|too_large| {
        if too_large {
            roster::RosterError::TooLarge(data.len() / 4 * 3).into()
        } else {
            crate::commands::error::ShellError::Garbled("file").into()
        }
    })
}

#[tauri::command]
pub async fn roster_preview(state: State<'_, AppState>, data: String) -> Res<Preview> {
    state.with(|_| roster::preview(&decode_file(&data)?))
}

#[tauri::command]
pub async fn roster_import(
    state: State<'_, AppState>,
    event_id: String,
    data: String,
    mapping: Option<Vec<Option<Field>>>,
    dry_run: bool,
) -> Res<ImportReport> {
    let lang = state.lang();
    state.with(|s| {
        roster::import(
            s,
            &event_id,
            &decode_file(&data)?,
            mapping.as_deref(),
            dry_run,
            lang,
        )
    })
}

#[derive(Serialize)]
pub struct Category {
    code: &'static str,
    label: &'static str,
}

#[tauri::command]
pub async fn categories() -> Vec<Category> {
    participants::CATEGORIES
        .iter()
        .map(|(code, label)| Category { code, label })
        .collect()
}

/// Which day / half day / session the desk counts (None = from the clock and agenda).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SlotChoice {
    day: Option<i64>,
    session_id: Option<String>,
    half: Option<String>,
}

#[derive(Serialize)]
pub struct DeskSlot {
    slot: Slot,
    present: i64,
    expected: i64,
    sealed_days: Vec<i64>,
    /// Set when the laptop's date is not an event day (or before the app was built).
    clock_warning: Option<plm_core::clock::ClockWarning>,
}

#[tauri::command]
pub async fn desk_slot(
    state: State<'_, AppState>,
    event_id: String,
    choice: SlotChoice,
) -> Res<DeskSlot> {
    state.with(|s| {
        let ev = ev_mod::get(s, &event_id)?;
        let now = chrono::Utc::now();
        let slot = attendance::slot_for(
            s,
            &ev,
            choice.day,
            choice.session_id.as_deref(),
            choice.half.as_deref(),
            now,
        )?;
        let c = attendance::count(s, &event_id, &slot.key)?;
        let lang = settings::language(s);
        Ok(DeskSlot {
            clock_warning: plm_core::clock::desk_warning(&ev, slot.day, now, lang),
            present: c.present,
            expected: c.expected,
            sealed_days: attendance::sealed_days(s, &event_id)?,
            slot,
        })
    })
}

#[derive(serde::Deserialize)]
pub struct CheckinRequest {
    code: Option<String>,
    participant_id: Option<String>,
    #[serde(default)]
    choice: SlotChoice,
    source: Option<String>,
    sheet_ref: Option<String>,
}

#[tauri::command]
pub async fn checkin(
    state: State<'_, AppState>,
    event_id: String,
    request: CheckinRequest,
) -> Res<attendance::Checkin> {
    state.with(|s| {
        let who = match (request.code, request.participant_id) {
            (_, Some(id)) => Who::Id(id),
            (Some(c), None) if c.len() <= 64 => Who::Code(c),
            _ => return Err(attendance::AttendanceError::NoOneChosen.into()),
        };
        let input = CheckinInput {
            who,
            day: request.choice.day,
            session_id: request.choice.session_id,
            half: request.choice.half,
            source: match request.source.as_deref() {
                Some(v) => attendance::CheckinSource::parse(v)?,
                None => attendance::CheckinSource::Desk,
            },
            sheet_ref: request.sheet_ref,
            signature: None,
        };
        attendance::checkin(s, &event_id, input)
    })
}

/// A signature PNG from the window's pad.
fn decode_signature(data: &str) -> Result<Vec<u8>, Error> {
    from_base64(data, attendance::MAX_SIGNATURE_BYTES).map_err(|too_large| {
        plm_core::signature::SignatureError(if too_large {
            "larger than 200 KB"
        } else {
            "not a PNG image"
        })
        .into()
    })
}

#[tauri::command]
pub async fn checkin_sign(
    state: State<'_, AppState>,
    attendance_id: String,
    png: String,
    strokes: Option<String>,
) -> Res<Attendance> {
    state.with(|s| {
        let sig = SignatureInput {
            png: decode_signature(&png)?,
            strokes,
        };
        attendance::sign(s, &attendance_id, &sig)
    })
}

#[tauri::command]
pub async fn checkin_undo(state: State<'_, AppState>, attendance_id: String) -> Res<()> {
    state.with(|s| attendance::undo(s, &attendance_id))
}

#[tauri::command]
pub async fn attendance_list(
    state: State<'_, AppState>,
    event_id: String,
    choice: SlotChoice,
) -> Res<Vec<Row>> {
    state.with(|s| {
        let ev = ev_mod::get(s, &event_id)?;
        let slot = attendance::slot_for(
            s,
            &ev,
            choice.day,
            choice.session_id.as_deref(),
            choice.half.as_deref(),
            chrono::Utc::now(),
        )?;
        attendance::list(s, &event_id, &slot.key)
    })
}

#[tauri::command]
pub async fn attendance_correct(
    state: State<'_, AppState>,
    attendance_id: String,
    reason: String,
) -> Res<()> {
    state.with(|s| attendance::correct_remove(s, &attendance_id, &reason))
}

#[tauri::command]
pub async fn day_summary(
    state: State<'_, AppState>,
    event_id: String,
    day: i64,
) -> Res<DaySummary> {
    state.with(|s| attendance::day_summary(s, &event_id, day))
}

#[tauri::command]
pub async fn day_close(state: State<'_, AppState>, event_id: String, day: i64) -> Res<DaySummary> {
    state.with(|s| attendance::close_day(s, &event_id, day))
}

#[tauri::command]
pub async fn day_reopen(
    state: State<'_, AppState>,
    event_id: String,
    day: i64,
    reason: String,
) -> Res<()> {
    state.with(|s| attendance::reopen_day(s, &event_id, day, &reason))
}

#[tauri::command]
pub async fn event_set_retention(
    state: State<'_, AppState>,
    id: String,
    until: String,
) -> Res<Event> {
    state.with(|s| events::set_retention(s, &id, &until))
}

#[tauri::command]
pub async fn participant_retention(
    state: State<'_, AppState>,
    event_id: String,
) -> Res<participants::Retention> {
    state.with(|s| participants::retention(s, &event_id, chrono::Utc::now()))
}

#[tauri::command]
pub async fn participant_erase_all(state: State<'_, AppState>, event_id: String) -> Res<usize> {
    state.with(|s| participants::erase_all(s, &event_id))
}

#[tauri::command]
pub async fn event_set_signer(
    state: State<'_, AppState>,
    id: String,
    role: String,
    name: String,
    nip: String,
    signature: Option<String>,
    clear_signature: Option<bool>,
) -> Res<Event> {
    state.with(|s| {
        let png = match signature.as_deref().filter(|b| !b.is_empty()) {
            Some(b) => Some(decode_signature(b)?),
            None => None,
        };
        let change = match (&png, clear_signature.unwrap_or(false)) {
            (Some(p), _) => Some(Some(p.as_slice())),
            (None, true) => Some(None),
            (None, false) => None,
        };
        events::set_signer(s, &id, &role, &name, &nip, change)
    })
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
