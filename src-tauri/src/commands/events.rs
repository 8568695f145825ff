//! Events and their agenda, the provinces to choose from, an event's signer and retention.

use super::*;
use plm_core::events;

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
pub async fn event_set_retention(
    state: State<'_, AppState>,
    id: String,
    until: String,
) -> Res<Event> {
    state.with(|s| events::set_retention(s, &id, &until))
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
