//! Tauri commands for the papers after the event: allowance rates and signers, the
//! receipt list preview, photos, and the report's own text. Thin: parse, call
//! `plm_core`, map the error.

use crate::state::AppState;
use plm_core::allowance::{self, Rate, RateInput, ReceiptList, Signers, Target};
use plm_core::photos::{self, Photo};
use plm_core::reports::activity::texts::{self, Texts};
use plm_core::ErrorPayload;
use serde::Serialize;
use tauri::State;

type Res<T> = Result<T, ErrorPayload>;

fn target(kind: &str, code: &str) -> plm_core::Result<Target> {
    match kind {
        "category" => Target::category(code),
        _ => Target::role(code),
    }
}

#[derive(Serialize)]
pub struct Allowances {
    pub rates: Vec<Rate>,
    pub signers: Signers,
    /// The roles and categories a rate can be set for, with their printed names.
    pub roles: Vec<(String, String)>,
    pub categories: Vec<(String, String)>,
}

#[tauri::command]
pub async fn allowance_info(state: State<'_, AppState>, event_id: String) -> Res<Allowances> {
    let lang = state.lang();
    state.with(|s| {
        Ok(Allowances {
            rates: allowance::rates(s, &event_id)?
                .into_iter()
                .map(|mut r| {
                    r.label = r.label_in(lang);
                    r
                })
                .collect(),
            signers: allowance::signers(s, &event_id)?,
            roles: allowance::PayRole::ALL
                .iter()
                .map(|r| (r.code().to_string(), r.label(lang).to_string()))
                .collect(),
            categories: plm_core::participants::CATEGORIES
                .iter()
                .map(|(c, l)| (c.to_string(), l.to_string()))
                .collect(),
        })
    })
}

#[tauri::command]
pub async fn allowance_set(
    state: State<'_, AppState>,
    event_id: String,
    kind: String,
    code: String,
    input: RateInput,
) -> Res<Rate> {
    state.with(|s| allowance::set_rate(s, &event_id, &target(&kind, &code)?, &input))
}

#[tauri::command]
pub async fn allowance_remove(
    state: State<'_, AppState>,
    event_id: String,
    kind: String,
    code: String,
) -> Res<()> {
    state.with(|s| allowance::remove_rate(s, &event_id, &target(&kind, &code)?))
}

#[tauri::command]
pub async fn allowance_signers_set(
    state: State<'_, AppState>,
    event_id: String,
    signers: Signers,
) -> Res<Signers> {
    state.with(|s| allowance::set_signers(s, &event_id, &signers))
}

#[tauri::command]
pub async fn receipts_preview(state: State<'_, AppState>, event_id: String) -> Res<ReceiptList> {
    state.with(|s| allowance::receipts(s, &event_id))
}

/// Add a photo sent by the window as base64 (`name` is the file's name, for messages).
#[tauri::command]
pub async fn photo_add(
    state: State<'_, AppState>,
    event_id: String,
    session_id: Option<String>,
    name: String,
    data: String,
    caption: String,
    shows_people: bool,
) -> Res<Photo> {
    state.with(|s| {
        let bytes =
            crate::commands::from_base64(&data, photos::MAX_FILE_BYTES).map_err(|too_large| {
                if too_large {
                    photos::too_large(&name, data.len() / 4 * 3)
                } else {
                    crate::commands::error::ShellError::Garbled("photo").into()
                }
            })?;
        photos::add(
            s,
            &event_id,
            session_id.as_deref().filter(|x| !x.is_empty()),
            &bytes,
            &name,
            &caption,
            shows_people,
        )
    })
}

#[tauri::command]
pub async fn photo_list(state: State<'_, AppState>, event_id: String) -> Res<Vec<Photo>> {
    state.with(|s| photos::list(s, &event_id))
}

/// The kept JPEG as a `data:` URL for the grid.
#[tauri::command]
pub async fn photo_data(state: State<'_, AppState>, id: String) -> Res<String> {
    use base64::Engine;
    state.with(|s| {
        let b = photos::jpeg(s, &id)?;
        Ok(format!(
            "data:image/jpeg;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(b)
        ))
    })
}

#[tauri::command]
pub async fn photo_update(
    state: State<'_, AppState>,
    id: String,
    caption: String,
    shows_people: bool,
    in_report: bool,
) -> Res<Photo> {
    state.with(|s| photos::update(s, &id, &caption, shows_people, in_report))
}

#[tauri::command]
pub async fn photo_remove(state: State<'_, AppState>, id: String) -> Res<()> {
    state.with(|s| photos::remove(s, &id))
}

#[tauri::command]
pub async fn report_texts(state: State<'_, AppState>, event_id: String) -> Res<Texts> {
    let lang = state.lang();
    state.with(|s| texts::get(s, &event_id, lang))
}

#[tauri::command]
pub async fn report_texts_set(
    state: State<'_, AppState>,
    event_id: String,
    background: String,
    objectives: String,
) -> Res<Texts> {
    state.with(|s| texts::set(s, &event_id, &background, &objectives))
}
