//! Tauri commands for the PLM's outcomes: follow-up plans, learning notes, impact
//! stories and awards. Thin: parse, call `plm_core`, map the error.

use crate::state::AppState;
use plm_core::awards::{self, Category, Criterion, Judge, Nominee, Ranked};
use plm_core::notes::{self, Note, NoteInput, Story, StoryInput};
use plm_core::plans::{self, Item, ItemInput, Plan, PlanInput};
use plm_core::ErrorPayload;
use serde::Serialize;
use tauri::State;

type Res<T> = Result<T, ErrorPayload>;

#[tauri::command]
pub async fn plan_list(state: State<'_, AppState>, event_id: String) -> Res<Vec<Plan>> {
    state.with(|s| plans::list(s, &event_id))
}

#[tauri::command]
pub async fn plan_create(
    state: State<'_, AppState>,
    event_id: String,
    input: PlanInput,
) -> Res<Plan> {
    state.with(|s| plans::create(s, &event_id, &input))
}

#[tauri::command]
pub async fn plan_update(state: State<'_, AppState>, id: String, input: PlanInput) -> Res<Plan> {
    state.with(|s| plans::update(s, &id, &input))
}

#[tauri::command]
pub async fn plan_delete(state: State<'_, AppState>, id: String) -> Res<()> {
    state.with(|s| plans::delete(s, &id))
}

#[tauri::command]
pub async fn plan_presented(state: State<'_, AppState>, id: String, presented: bool) -> Res<Plan> {
    state.with(|s| plans::set_presented(s, &id, presented))
}

#[tauri::command]
pub async fn plan_item_add(
    state: State<'_, AppState>,
    plan_id: String,
    input: ItemInput,
) -> Res<Item> {
    state.with(|s| plans::add_item(s, &plan_id, &input))
}

#[tauri::command]
pub async fn plan_item_update(
    state: State<'_, AppState>,
    id: String,
    input: ItemInput,
) -> Res<Item> {
    state.with(|s| plans::update_item(s, &id, &input))
}

#[tauri::command]
pub async fn plan_item_duplicate(state: State<'_, AppState>, id: String) -> Res<Item> {
    state.with(|s| plans::duplicate_item(s, &id))
}

#[tauri::command]
pub async fn plan_item_move(state: State<'_, AppState>, id: String, up: bool) -> Res<Vec<Item>> {
    state.with(|s| plans::move_item(s, &id, up))
}

#[tauri::command]
pub async fn plan_item_delete(state: State<'_, AppState>, id: String) -> Res<()> {
    state.with(|s| plans::delete_item(s, &id))
}

#[tauri::command]
pub async fn plan_item_status(state: State<'_, AppState>, id: String, status: String) -> Res<Item> {
    state.with(|s| plans::set_status(s, &id, &status, None))
}

#[tauri::command]
pub async fn note_list(
    state: State<'_, AppState>,
    event_id: String,
    session_id: Option<String>,
) -> Res<Vec<Note>> {
    state.with(|s| notes::list_notes(s, &event_id, session_id.as_deref()))
}

#[tauri::command]
pub async fn note_add(state: State<'_, AppState>, event_id: String, input: NoteInput) -> Res<Note> {
    state.with(|s| notes::add_note(s, &event_id, &input))
}

#[tauri::command]
pub async fn note_update(state: State<'_, AppState>, id: String, input: NoteInput) -> Res<Note> {
    state.with(|s| notes::update_note(s, &id, &input))
}

#[tauri::command]
pub async fn note_delete(state: State<'_, AppState>, id: String) -> Res<()> {
    state.with(|s| notes::delete_note(s, &id))
}

#[tauri::command]
pub async fn story_list(state: State<'_, AppState>, event_id: String) -> Res<Vec<Story>> {
    state.with(|s| notes::list_stories(s, &event_id))
}

#[tauri::command]
pub async fn story_add(
    state: State<'_, AppState>,
    event_id: String,
    input: StoryInput,
) -> Res<Story> {
    state.with(|s| notes::add_story(s, &event_id, &input))
}

#[tauri::command]
pub async fn story_update(state: State<'_, AppState>, id: String, input: StoryInput) -> Res<Story> {
    state.with(|s| notes::update_story(s, &id, &input))
}

#[tauri::command]
pub async fn story_delete(state: State<'_, AppState>, id: String) -> Res<()> {
    state.with(|s| notes::delete_story(s, &id))
}

/// A category with its ranking, as the awards screen shows it.
#[derive(Serialize)]
pub struct AwardView {
    #[serde(flatten)]
    pub category: Category,
    pub ranking: Vec<Ranked>,
}

fn view(c: Category) -> AwardView {
    let ranking = awards::ranking(&c);
    AwardView {
        category: c,
        ranking,
    }
}

#[tauri::command]
pub async fn award_list(state: State<'_, AppState>, event_id: String) -> Res<Vec<AwardView>> {
    state.with(|s| Ok(awards::list(s, &event_id)?.into_iter().map(view).collect()))
}

#[tauri::command]
pub async fn award_category_add(
    state: State<'_, AppState>,
    event_id: String,
    name: String,
) -> Res<AwardView> {
    state.with(|s| awards::add_category(s, &event_id, &name).map(view))
}

#[tauri::command]
pub async fn award_category_delete(state: State<'_, AppState>, id: String) -> Res<()> {
    state.with(|s| awards::delete_category(s, &id))
}

#[tauri::command]
pub async fn award_nominee_add(
    state: State<'_, AppState>,
    category_id: String,
    institution: String,
    regency: Option<String>,
) -> Res<Nominee> {
    state.with(|s| {
        awards::add_nominee(
            s,
            &category_id,
            &institution,
            regency.as_deref().unwrap_or(""),
        )
    })
}

#[tauri::command]
pub async fn award_nominee_delete(state: State<'_, AppState>, id: String) -> Res<()> {
    state.with(|s| awards::delete_nominee(s, &id))
}

#[tauri::command]
pub async fn award_criterion_add(
    state: State<'_, AppState>,
    category_id: String,
    name: String,
    weight: f64,
    max_score: f64,
) -> Res<Criterion> {
    state.with(|s| awards::add_criterion(s, &category_id, &name, weight, max_score))
}

#[tauri::command]
pub async fn award_criterion_delete(state: State<'_, AppState>, id: String) -> Res<()> {
    state.with(|s| awards::delete_criterion(s, &id))
}

#[tauri::command]
pub async fn award_judge_add(
    state: State<'_, AppState>,
    category_id: String,
    name: String,
) -> Res<Judge> {
    state.with(|s| awards::add_judge(s, &category_id, &name))
}

#[tauri::command]
pub async fn award_judge_delete(state: State<'_, AppState>, id: String) -> Res<()> {
    state.with(|s| awards::delete_judge(s, &id))
}

#[tauri::command]
pub async fn award_score(
    state: State<'_, AppState>,
    judge_id: String,
    nominee_id: String,
    criterion_id: String,
    score: Option<f64>,
) -> Res<AwardView> {
    state.with(|s| {
        let cat = awards::set_score(s, &judge_id, &nominee_id, &criterion_id, score)?;
        awards::get(s, &cat).map(view)
    })
}

#[tauri::command]
pub async fn award_decide(
    state: State<'_, AppState>,
    category_id: String,
    winner_id: Option<String>,
    note: String,
) -> Res<AwardView> {
    state.with(|s| awards::decide(s, &category_id, winner_id.as_deref(), &note).map(view))
}
