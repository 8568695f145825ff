//! Tauri commands: thin wrappers that parse, call `plm_core` and map the error to
//! `{code, message}`. All are async so the window never waits on the database.

use crate::state::AppState;
use plm_core::events::{self, Event, EventInput, Session, SessionInput};
use plm_core::participants::{self, Participant, ParticipantInput};
use plm_core::roster::{self, Field, ImportReport, Preview};
use plm_core::{places, settings, Error, ErrorPayload};
use serde::Serialize;
use tauri::{Builder, Runtime, State};

type Res<T> = Result<T, ErrorPayload>;

/// Attach the commands to a builder (the real one or `tauri::test::mock_builder()`).
pub fn register<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        app_info,
        set_language,
        provinces,
        event_list,
        event_get,
        event_current,
        event_set_current,
        event_create,
        event_update,
        event_delete,
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
        roster_preview,
        roster_import,
    ])
}

#[derive(Serialize)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub device_id: String,
    pub language: String,
    pub schema_version: i64,
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
            schema_version: s.schema_version()?,
        })
    })
}

#[tauri::command]
pub async fn set_language(state: State<'_, AppState>, language: String) -> Res<String> {
    state.with(|s| {
        settings::set(s, "language", &language)?;
        Ok(settings::language(s).as_str().to_string())
    })
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
    state.with(|s| {
        let e = events::create(s, &input)?;
        events::set_current(s, &e.id)?;
        Ok(e)
    })
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
pub async fn session_add(state: State<'_, AppState>, event_id: String, input: SessionInput) -> Res<Session> {
    state.with(|s| events::add_session(s, &event_id, &input))
}

#[tauri::command]
pub async fn session_update(state: State<'_, AppState>, id: String, input: SessionInput) -> Res<Session> {
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
pub async fn participant_list(state: State<'_, AppState>, event_id: String) -> Res<Vec<Participant>> {
    state.with(|s| participants::list(s, &event_id))
}

#[tauri::command]
pub async fn participant_search(state: State<'_, AppState>, event_id: String, query: String) -> Res<Vec<Participant>> {
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
pub async fn participant_add(state: State<'_, AppState>, event_id: String, input: ParticipantInput, walk_in: bool) -> Res<Participant> {
    state.with(|s| participants::add(s, &event_id, &input, if walk_in { "walk_in" } else { "manual" }))
}

#[tauri::command]
pub async fn participant_update(state: State<'_, AppState>, id: String, input: ParticipantInput) -> Res<Participant> {
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
pub async fn participant_consent(state: State<'_, AppState>, id: String, given: bool) -> Res<Participant> {
    state.with(|s| {
        let by = settings::get(s, "operator")?.unwrap_or_else(|| "desk".into());
        participants::record_consent(s, &id, given, &by)
    })
}

#[derive(Serialize)]
pub struct ConsentText {
    version: &'static str,
    text: &'static str,
}

#[tauri::command]
pub async fn consent_text(state: State<'_, AppState>) -> Res<ConsentText> {
    let lang = state.lang();
    Ok(ConsentText { version: participants::CONSENT_VERSION, text: participants::consent_text(lang) })
}

/// File bytes from the window, as base64 (at most the roster size limit).
fn decode_file(data: &str) -> Result<Vec<u8>, Error> {
    use base64::Engine;
    if data.len() > roster::MAX_FILE_BYTES / 3 * 4 + 8 {
        return Err(roster::RosterError::TooLarge(data.len() / 4 * 3).into());
    }
    base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|_| Error::invalid("file", "Isi file rusak saat dikirim.", "The file's content arrived damaged."))
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
    state.with(|s| roster::import(s, &event_id, &decode_file(&data)?, mapping.as_deref(), dry_run, lang))
}

#[derive(Serialize)]
pub struct Category {
    code: &'static str,
    label: &'static str,
}

#[tauri::command]
pub async fn categories() -> Vec<Category> {
    participants::CATEGORIES.iter().map(|(code, label)| Category { code, label }).collect()
}
