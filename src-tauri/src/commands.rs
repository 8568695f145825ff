//! Tauri commands: thin wrappers that parse, call `plm_core` and map the error to
//! `{code, message}`. All are async so the window never waits on the database.

use crate::state::AppState;
use plm_core::events::{self, Event, EventInput, Session, SessionInput};
use plm_core::{places, settings, ErrorPayload};
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
