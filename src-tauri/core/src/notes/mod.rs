//! Learning notes per session (achievements, obstacles, solutions, areas of improvement)
//! and impact stories from Impact/Dampak participants.

use crate::db::Store;
use crate::error::{Error, Result};
use crate::events;
use crate::i18n::Lang;
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

mod error;

pub use error::NoteError;

crate::code_enum! {
    /// What a learning note records (labels: [`NoteKind::label`]).
    pub enum NoteKind {
        Achievement = "achievement",
        Obstacle = "obstacle",
        Solution = "solution",
        Improvement = "improvement",
    }
}

const MAX_NOTE: usize = 4000;
const MAX_TITLE: usize = 200;
const MAX_STORY: usize = 8000;

impl NoteKind {
    /// The kind as people read it, in their language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (NoteKind::Achievement, Lang::Id) => "Capaian",
            (NoteKind::Achievement, Lang::En) => "Achievement",
            (NoteKind::Obstacle, Lang::Id) => "Kendala",
            (NoteKind::Obstacle, Lang::En) => "Obstacle",
            (NoteKind::Solution, Lang::Id) => "Solusi",
            (NoteKind::Solution, Lang::En) => "Solution",
            (NoteKind::Improvement, Lang::Id) => "Area perbaikan",
            (NoteKind::Improvement, Lang::En) => "Area of improvement",
        }
    }

    /// What people type: the code or the label in either language. None chosen is
    /// asked for, never given a silent default.
    pub fn parse(v: &str) -> Result<NoteKind, NoteError> {
        if v.trim().is_empty() {
            return Err(NoteError::NoKind);
        }
        NoteKind::from_typed(v, NoteKind::label)
            .ok_or_else(|| NoteError::UnknownKind(v.trim().to_string()))
    }
}

fn text(
    field: &'static str,
    id_name: &'static str,
    v: &str,
    max: usize,
    required: bool,
) -> Result<String, NoteError> {
    let t = v.trim();
    if required && t.is_empty() {
        return Err(NoteError::Required { field, id_name });
    }
    if t.chars().count() > max {
        return Err(NoteError::TooLong {
            field,
            id_name,
            max,
        });
    }
    Ok(t.to_string())
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Note {
    pub id: String,
    pub event_id: String,
    pub session_id: Option<String>,
    pub kind: NoteKind,
    pub text: String,
    pub raised_by: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NoteInput {
    pub session_id: Option<String>,
    pub kind: String,
    pub text: String,
    pub raised_by: String,
}

fn note_from_row(r: &Row) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get("id")?,
        event_id: r.get("event_id")?,
        session_id: r.get("session_id")?,
        kind: r.get("kind")?,
        text: r.get("text")?,
        raised_by: r.get("raised_by")?,
        created_at: r.get("created_at")?,
    })
}

const NOTE_COLS: &str = "id, event_id, session_id, kind, text, raised_by, created_at";

struct ValidNote {
    session_id: Option<String>,
    kind: NoteKind,
    text: String,
    raised_by: String,
}

fn validate_note(store: &Store, event_id: &str, input: &NoteInput) -> Result<ValidNote> {
    let session_id = input
        .session_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    if let Some(sid) = &session_id {
        let s = events::get_session(store, sid)?;
        if s.event_id != event_id {
            return Err(Error::not_found("session", sid.clone()));
        }
    }
    Ok(ValidNote {
        session_id,
        kind: NoteKind::parse(&input.kind)?,
        text: text("note", "catatan", &input.text, MAX_NOTE, true)?,
        raised_by: text("raised by", "penyampai", &input.raised_by, MAX_TITLE, false)?,
    })
}

pub fn add_note(store: &mut Store, event_id: &str, input: &NoteInput) -> Result<Note> {
    events::get(store, event_id)?;
    let v = validate_note(store, event_id, input)?;
    let id = crate::ids::new_id();
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "INSERT INTO learning_notes (id, event_id, session_id, kind, text, raised_by, created_at, updated_at, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
            params![id, event_id, v.session_id, v.kind, v.text, v.raised_by, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    get_note(store, &id)
}

pub fn update_note(store: &mut Store, id: &str, input: &NoteInput) -> Result<Note> {
    let old = get_note(store, id)?;
    let v = validate_note(store, &old.event_id, input)?;
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "UPDATE learning_notes SET session_id=?2, kind=?3, text=?4, raised_by=?5, updated_at=?6, hlc=?7, origin=?8 WHERE id=?1",
            params![id, v.session_id, v.kind, v.text, v.raised_by, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    get_note(store, id)
}

pub fn get_note(store: &Store, id: &str) -> Result<Note> {
    store
        .conn()
        .query_row(
            &format!("SELECT {NOTE_COLS} FROM learning_notes WHERE id = ?1 AND deleted_at IS NULL"),
            [id],
            note_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::not_found("note", id))
}

/// Notes of the event (or of one session), in the order they were written.
pub fn list_notes(store: &Store, event_id: &str, session_id: Option<&str>) -> Result<Vec<Note>> {
    let mut st = store.conn().prepare(&format!(
        "SELECT {NOTE_COLS} FROM learning_notes WHERE event_id = ?1 AND deleted_at IS NULL
           AND (?2 IS NULL OR session_id = ?2) ORDER BY created_at, id"
    ))?;
    let rows = st
        .query_map(params![event_id, session_id], note_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn delete_note(store: &mut Store, id: &str) -> Result<()> {
    get_note(store, id)?;
    store.write(|tx| {
        tx.tombstone("learning_notes", "id", id)?;
        Ok(())
    })
}

// ---------------------------------------------------------------- impact stories

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Story {
    pub id: String,
    pub event_id: String,
    pub participant_id: Option<String>,
    /// The person's name, looked up (empty when erased or not linked).
    pub person: String,
    pub title: String,
    pub service: String,
    pub story: String,
    pub publishable: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StoryInput {
    pub participant_id: Option<String>,
    pub title: String,
    pub service: String,
    pub story: String,
    pub publishable: bool,
}

const STORY_COLS: &str = "s.id, s.event_id, s.participant_id, coalesce(p.name, '') AS person, s.title, s.service, s.story, s.publishable, s.created_at";

fn story_from_row(r: &Row) -> rusqlite::Result<Story> {
    Ok(Story {
        id: r.get("id")?,
        event_id: r.get("event_id")?,
        participant_id: r.get("participant_id")?,
        person: r.get("person")?,
        title: r.get("title")?,
        service: r.get("service")?,
        story: r.get("story")?,
        publishable: r.get("publishable")?,
        created_at: r.get("created_at")?,
    })
}

struct ValidStory {
    participant_id: Option<String>,
    title: String,
    service: String,
    story: String,
    publishable: bool,
}

/// A story may name a participant only if that person gave consent; it may be marked
/// publishable only then too (or when it names nobody).
fn validate_story(store: &Store, event_id: &str, input: &StoryInput) -> Result<ValidStory> {
    let participant_id = input
        .participant_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    if let Some(pid) = &participant_id {
        let p = crate::participants::get(store, pid)?;
        if p.event_id != event_id {
            return Err(Error::not_found("participant", pid.clone()));
        }
        if p.consent != Some(true) {
            return Err(NoteError::NoConsent(p.name).into());
        }
    }
    Ok(ValidStory {
        participant_id,
        title: text("title", "judul", &input.title, MAX_TITLE, true)?,
        service: text(
            "service",
            "layanan perpustakaan",
            &input.service,
            MAX_TITLE,
            false,
        )?,
        story: text("story", "kisah", &input.story, MAX_STORY, true)?,
        publishable: input.publishable,
    })
}

pub fn add_story(store: &mut Store, event_id: &str, input: &StoryInput) -> Result<Story> {
    events::get(store, event_id)?;
    let v = validate_story(store, event_id, input)?;
    let id = crate::ids::new_id();
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "INSERT INTO impact_stories (id, event_id, participant_id, title, service, story, publishable, created_at, updated_at, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
            params![id, event_id, v.participant_id, v.title, v.service, v.story, v.publishable, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    get_story(store, &id)
}

pub fn update_story(store: &mut Store, id: &str, input: &StoryInput) -> Result<Story> {
    let old = get_story(store, id)?;
    let v = validate_story(store, &old.event_id, input)?;
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "UPDATE impact_stories SET participant_id=?2, title=?3, service=?4, story=?5, publishable=?6, updated_at=?7, hlc=?8, origin=?9
             WHERE id=?1",
            params![id, v.participant_id, v.title, v.service, v.story, v.publishable, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    get_story(store, id)
}

pub fn get_story(store: &Store, id: &str) -> Result<Story> {
    store
        .conn()
        .query_row(
            &format!("SELECT {STORY_COLS} FROM impact_stories s LEFT JOIN participants p ON p.id = s.participant_id WHERE s.id = ?1 AND s.deleted_at IS NULL"),
            [id],
            story_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::not_found("story", id))
}

pub fn list_stories(store: &Store, event_id: &str) -> Result<Vec<Story>> {
    let mut st = store.conn().prepare(&format!(
        "SELECT {STORY_COLS} FROM impact_stories s LEFT JOIN participants p ON p.id = s.participant_id
         WHERE s.event_id = ?1 AND s.deleted_at IS NULL ORDER BY s.created_at"
    ))?;
    let rows = st
        .query_map([event_id], story_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn delete_story(store: &mut Store, id: &str) -> Result<()> {
    get_story(store, id)?;
    store.write(|tx| {
        tx.tombstone("impact_stories", "id", id)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests;
