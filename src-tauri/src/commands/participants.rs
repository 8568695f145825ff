//! Participants: rosters, the list and search, adding and editing, consent, removal and erasure.

use super::*;
use plm_core::participants;

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

/// A roster file from the window (at most the roster size limit).
pub(super) fn decode_file(data: &str) -> Result<Vec<u8>, Error> {
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
