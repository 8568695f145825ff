//! Learning notes per session (achievements, obstacles, solutions, areas of improvement)
//! and impact stories from Impact/Dampak participants.

use crate::db::Store;
use crate::error::{Error, Result};
use crate::events;
use crate::i18n::Lang;
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

pub const NOTE_KINDS: [&str; 4] = ["achievement", "obstacle", "solution", "improvement"];
const MAX_NOTE: usize = 4000;
const MAX_TITLE: usize = 200;
const MAX_STORY: usize = 8000;

pub fn kind_label(kind: &str, lang: Lang) -> &'static str {
    match (kind, lang) {
        ("achievement", Lang::Id) => "Capaian",
        ("achievement", Lang::En) => "Achievement",
        ("obstacle", Lang::Id) => "Kendala",
        ("obstacle", Lang::En) => "Obstacle",
        ("solution", Lang::Id) => "Solusi",
        ("solution", Lang::En) => "Solution",
        ("improvement", Lang::Id) => "Area perbaikan",
        ("improvement", Lang::En) => "Area of improvement",
        _ => "",
    }
}

fn parse_kind(v: &str) -> Result<&'static str> {
    if v.trim().is_empty() {
        return Err(Error::invalid(
            "kind",
            "Pilih jenis catatan: capaian, kendala, solusi atau area perbaikan.",
            "Choose the kind of note: achievement, obstacle, solution or area of improvement.",
        ));
    }
    crate::i18n::code_of(&NOTE_KINDS, kind_label, v).ok_or_else(|| {
        Error::invalid(
            "kind",
            format!(
                "Jenis catatan \"{}\" tidak dikenal (capaian, kendala, solusi, area perbaikan).",
                v.trim()
            ),
            format!(
                "Unknown note kind \"{}\" (achievement, obstacle, solution, area of improvement).",
                v.trim()
            ),
        )
    })
}

fn text(field: &'static str, id_name: &str, v: &str, max: usize, required: bool) -> Result<String> {
    let t = v.trim();
    if required && t.is_empty() {
        return Err(Error::invalid(
            field,
            format!("Isi {id_name} terlebih dahulu."),
            format!("Please fill in the {field}."),
        ));
    }
    if t.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("Isian {id_name} terlalu panjang (paling banyak {max} karakter)."),
            format!("The {field} is too long (at most {max} characters)."),
        ));
    }
    Ok(t.to_string())
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Note {
    pub id: String,
    pub event_id: String,
    pub session_id: Option<String>,
    pub kind: String,
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
        id: r.get(0)?,
        event_id: r.get(1)?,
        session_id: r.get(2)?,
        kind: r.get(3)?,
        text: r.get(4)?,
        raised_by: r.get(5)?,
        created_at: r.get(6)?,
    })
}

const NOTE_COLS: &str = "id, event_id, session_id, kind, text, raised_by, created_at";

struct ValidNote {
    session_id: Option<String>,
    kind: &'static str,
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
        kind: parse_kind(&input.kind)?,
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
        let s = tx.stamp();
        tx.execute(
            "UPDATE learning_notes SET deleted_at=?2, updated_at=?2, hlc=?3, origin=?4 WHERE id=?1",
            params![id, s.now, s.hlc, s.origin],
        )?;
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

const STORY_COLS: &str = "s.id, s.event_id, s.participant_id, coalesce(p.name, ''), s.title, s.service, s.story, s.publishable, s.created_at";

fn story_from_row(r: &Row) -> rusqlite::Result<Story> {
    Ok(Story {
        id: r.get(0)?,
        event_id: r.get(1)?,
        participant_id: r.get(2)?,
        person: r.get(3)?,
        title: r.get(4)?,
        service: r.get(5)?,
        story: r.get(6)?,
        publishable: r.get(7)?,
        created_at: r.get(8)?,
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
            return Err(Error::invalid(
                "consent",
                format!("{} belum memberi persetujuan data pribadi. Minta persetujuannya di meja registrasi dahulu, atau tulis kisahnya tanpa nama.", p.name),
                format!("{} has not given consent for personal data. Ask for consent at the desk first, or write the story without a name.", p.name),
            ));
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
        let s = tx.stamp();
        tx.execute(
            "UPDATE impact_stories SET deleted_at=?2, updated_at=?2, hlc=?3, origin=?4 WHERE id=?1",
            params![id, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Localized;
    use crate::events::{EventInput, SessionInput};
    use crate::participants::ParticipantInput;

    fn setup() -> (Store, String, String) {
        let mut s = Store::open_in_memory().unwrap();
        let e = crate::desk::create_event(
            &mut s,
            &EventInput {
                title: "PLM".into(),
                province: "63".into(),
                start_date: "2022-07-05".into(),
                days: 2,
                ..Default::default()
            },
        )
        .unwrap();
        let sess = events::add_session(
            &mut s,
            &e.id,
            &SessionInput {
                day: 1,
                start: "09:00".into(),
                end: "10:00".into(),
                title: "Berbagi".into(),
                kind: Some("sharing".into()),
                ..Default::default()
            },
        )
        .unwrap();
        (s, e.id, sess.id)
    }

    #[test]
    fn notes_per_session_with_kind_in_either_language() {
        let (mut s, ev, sess) = setup();
        let n = add_note(
            &mut s,
            &ev,
            &NoteInput {
                session_id: Some(sess.clone()),
                kind: "Kendala".into(),
                text: "Internet lambat".into(),
                raised_by: "Desa A".into(),
            },
        )
        .unwrap();
        assert_eq!(n.kind, "obstacle");
        add_note(
            &mut s,
            &ev,
            &NoteInput {
                kind: "solution".into(),
                text: "Modem bersama".into(),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(list_notes(&s, &ev, Some(&sess)).unwrap().len(), 1);
        assert_eq!(list_notes(&s, &ev, None).unwrap().len(), 2);
        let e = add_note(
            &mut s,
            &ev,
            &NoteInput {
                kind: "gossip".into(),
                text: "x".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(e.message(Lang::Id).contains("Jenis catatan"));
        // no kind chosen: asked for, never a silent default
        let e = add_note(
            &mut s,
            &ev,
            &NoteInput {
                kind: " ".into(),
                text: "x".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("kind"));
        assert!(e.message(Lang::Id).starts_with("Pilih jenis catatan"));
        let e = add_note(
            &mut s,
            &ev,
            &NoteInput {
                kind: "obstacle".into(),
                text: "   ".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.code(), "invalid_input");
        let e = add_note(
            &mut s,
            &ev,
            &NoteInput {
                session_id: Some("nope".into()),
                kind: "obstacle".into(),
                text: "x".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.code(), "not_found");
        delete_note(&mut s, &n.id).unwrap();
        assert_eq!(list_notes(&s, &ev, None).unwrap().len(), 1);
    }

    #[test]
    fn a_story_names_a_person_only_with_consent() {
        let (mut s, ev, _) = setup();
        let p = crate::participants::add(
            &mut s,
            &ev,
            &ParticipantInput {
                name: "Siti Aminah".into(),
                category: "impact".into(),
                ..Default::default()
            },
            "walk_in",
        )
        .unwrap();
        let input = StoryInput {
            participant_id: Some(p.id.clone()),
            title: "Usaha kue".into(),
            story: "Belajar resep dari pojok baca.".into(),
            ..Default::default()
        };
        let e = add_story(&mut s, &ev, &input).unwrap_err();
        assert!(
            e.message(Lang::En).contains("consent"),
            "{}",
            e.message(Lang::En)
        );
        crate::participants::record_consent(&mut s, &p.id, true, "op").unwrap();
        let st = add_story(
            &mut s,
            &ev,
            &StoryInput {
                publishable: true,
                ..input
            },
        )
        .unwrap();
        assert_eq!(st.person, "Siti Aminah");
        assert!(st.publishable);
        assert_eq!(list_stories(&s, &ev).unwrap().len(), 1);
    }
}
