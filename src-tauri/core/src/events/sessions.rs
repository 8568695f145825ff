//! The agenda: sessions per day, their times in the venue's zone, no overlaps, moving a
//! session up or down the day.

use super::input::text;
use super::{get, Event, EventError, MAX_PEOPLE_TEXT, MAX_TEXT};
use crate::db::{Store, Tx};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use chrono::NaiveTime;
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

/// Session kinds (stored as these codes; the UI translates them).
pub const SESSION_KINDS: [&str; 9] = [
    "opening",
    "presentation",
    "sharing",
    "resource_person",
    "capacity",
    "rtl",
    "awards",
    "closing",
    "other",
];

/// A session kind as printed: "Paparan capaian", "Presentation".
pub fn kind_label(kind: &str, lang: Lang) -> &'static str {
    let (id, en) = match kind {
        "opening" => ("Pembukaan", "Opening"),
        "presentation" => ("Paparan capaian", "Presentation"),
        "sharing" => ("Berbagi dan diskusi", "Sharing and discussion"),
        "resource_person" => ("Narasumber lokal", "Local resource person"),
        "capacity" => ("Penguatan kapasitas", "Capacity session"),
        "rtl" => ("Penyusunan RTL", "Follow-up plan drafting"),
        "awards" => ("Penghargaan", "Awards"),
        "closing" => ("Penutupan", "Closing"),
        _ => ("Lainnya", "Other"),
    };
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Session {
    pub id: String,
    pub event_id: String,
    pub day: i64,
    pub date: String,
    pub start: String,
    pub end: String,
    pub title: String,
    pub kind: String,
    pub facilitators: String,
    pub resource_person: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionInput {
    pub day: i64,
    pub start: String,
    pub end: String,
    pub title: String,
    pub kind: Option<String>,
    pub facilitators: String,
    pub resource_person: String,
}

/// Parse "08:30", "08.30", "8.30", or a bare hour "9" (09.00) as a time of day.
pub fn parse_time(field: &'static str, v: &str) -> Result<NaiveTime, EventError> {
    let mut t = v.trim().replace('.', ":");
    if !t.is_empty() && t.len() <= 2 && t.chars().all(|c| c.is_ascii_digit()) {
        t.push_str(":00");
    }
    NaiveTime::parse_from_str(&t, "%H:%M").map_err(|_| EventError::BadTime {
        field,
        value: v.trim().to_string(),
    })
}

fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// Normalise a session kind typed in English or Indonesian.
pub fn parse_kind(v: &str) -> Result<&'static str, EventError> {
    let k = v.trim().to_lowercase().replace(['-', ' ', '/'], "_");
    let found = match k.as_str() {
        "" => "other",
        "pembukaan" => "opening",
        "presentasi" | "paparan" => "presentation",
        "sharing" | "diskusi" | "discussion" | "sharing_discussion" => "sharing",
        "narasumber" | "narasumber_lokal" | "local_resource_person" => "resource_person",
        "capacity_session" | "penguatan_kapasitas" | "kapasitas" => "capacity",
        "rtl" | "rtl_drafting" | "penyusunan_rtl" | "follow_up" => "rtl",
        "award" | "penghargaan" => "awards",
        "penutupan" => "closing",
        "lainnya" => "other",
        k => match SESSION_KINDS.iter().find(|x| **x == k) {
            Some(x) => x,
            None => return Err(EventError::UnknownKind(v.trim().to_string())),
        },
    };
    Ok(found)
}

struct ValidSession {
    day: i64,
    start: NaiveTime,
    end: NaiveTime,
    title: String,
    kind: &'static str,
    facilitators: String,
    resource_person: String,
}

fn validate_session(event: &Event, input: &SessionInput) -> Result<ValidSession, EventError> {
    let title = text("title", &input.title, MAX_TEXT, true)?;
    if input.start.trim().is_empty() {
        return Err(EventError::Required("start"));
    }
    if input.end.trim().is_empty() {
        return Err(EventError::Required("end"));
    }
    let start = parse_time("start", &input.start)?;
    let end = parse_time("end", &input.end)?;
    if end <= start {
        return Err(EventError::EndNotAfterStart {
            start: hhmm(start),
            end: hhmm(end),
        });
    }
    if input.day < 1 || input.day > event.days {
        return Err(EventError::DayOutsideEvent {
            day: input.day,
            days: event.days,
        });
    }
    let kind = parse_kind(input.kind.as_deref().unwrap_or(""))?;
    Ok(ValidSession {
        day: input.day,
        start,
        end,
        title,
        kind,
        facilitators: text("facilitators", &input.facilitators, MAX_PEOPLE_TEXT, false)?,
        resource_person: text(
            "resource person",
            &input.resource_person,
            MAX_PEOPLE_TEXT,
            false,
        )?,
    })
}

fn check_overlap(
    tx: &Tx,
    event_id: &str,
    day: i64,
    start: &str,
    end: &str,
    except: Option<&str>,
) -> Result<()> {
    let other: Option<(String, String, String)> = tx
        .query_row(
            "SELECT title, start_time, end_time FROM sessions
             WHERE event_id = ?1 AND day = ?2 AND deleted_at IS NULL AND id IS NOT ?5
               AND start_time < ?4 AND ?3 < end_time
             ORDER BY start_time LIMIT 1",
            params![event_id, day, start, end, except],
            |r| Ok((r.get("title")?, r.get("start_time")?, r.get("end_time")?)),
        )
        .optional()?;
    match other {
        Some((title, start, end)) => Err(EventError::Overlap {
            day,
            title,
            start,
            end,
        }
        .into()),
        None => Ok(()),
    }
}

const SESSION_COLS: &str =
    "id, event_id, day, start_time, end_time, title, kind, facilitators, resource_person";

fn session_from_row(event: &Event) -> impl Fn(&Row) -> rusqlite::Result<Session> + '_ {
    move |r| {
        let day: i64 = r.get("day")?;
        Ok(Session {
            id: r.get("id")?,
            event_id: r.get("event_id")?,
            day,
            date: event.date_of_day(day).to_string(),
            start: r.get("start_time")?,
            end: r.get("end_time")?,
            title: r.get("title")?,
            kind: r.get("kind")?,
            facilitators: r.get("facilitators")?,
            resource_person: r.get("resource_person")?,
        })
    }
}

pub fn add_session(store: &mut Store, event_id: &str, input: &SessionInput) -> Result<Session> {
    let event = get(store, event_id)?;
    let v = validate_session(&event, input)?;
    let id = crate::ids::new_id();
    store.write(|tx| {
        let (start, end) = (hhmm(v.start), hhmm(v.end));
        check_overlap(tx, event_id, v.day, &start, &end, None)?;
        let s = tx.stamp();
        tx.execute(
            "INSERT INTO sessions (id, event_id, day, start_time, end_time, title, kind, facilitators,
                resource_person, created_at, updated_at, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12)",
            params![id, event_id, v.day, start, end, v.title, v.kind, v.facilitators, v.resource_person, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    get_session(store, &id)
}

pub fn update_session(store: &mut Store, id: &str, input: &SessionInput) -> Result<Session> {
    let old = get_session(store, id)?;
    let event = get(store, &old.event_id)?;
    let v = validate_session(&event, input)?;
    store.write(|tx| {
        let (start, end) = (hhmm(v.start), hhmm(v.end));
        check_overlap(tx, &event.id, v.day, &start, &end, Some(id))?;
        let s = tx.stamp();
        tx.execute(
            "UPDATE sessions SET day=?2, start_time=?3, end_time=?4, title=?5, kind=?6, facilitators=?7,
                resource_person=?8, updated_at=?9, hlc=?10, origin=?11 WHERE id=?1",
            params![id, v.day, start, end, v.title, v.kind, v.facilitators, v.resource_person, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    get_session(store, id)
}

pub fn delete_session(store: &mut Store, id: &str) -> Result<()> {
    get_session(store, id)?;
    store.write(|tx| {
        tx.tombstone("sessions", "id", id)?;
        Ok(())
    })
}

pub fn get_session(store: &Store, id: &str) -> Result<Session> {
    let event_id: String = store
        .conn()
        .query_row(
            "SELECT event_id FROM sessions WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::not_found("session", id))?;
    let event = get(store, &event_id)?;
    Ok(store.conn().query_row(
        &format!("SELECT {SESSION_COLS} FROM sessions WHERE id = ?1"),
        [id],
        session_from_row(&event),
    )?)
}

/// The agenda in order: by day, then start time.
pub fn list_sessions(store: &Store, event_id: &str) -> Result<Vec<Session>> {
    let event = get(store, event_id)?;
    let mut st = store.conn().prepare(&format!(
        "SELECT {SESSION_COLS} FROM sessions WHERE event_id = ?1 AND deleted_at IS NULL ORDER BY day, start_time"
    ))?;
    let rows = st
        .query_map([event_id], session_from_row(&event))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Swap a session with its neighbour on the same day (`up` = earlier). Each keeps its
/// duration; the pair keeps the slot it occupied and the gap between them.
pub fn move_session(store: &mut Store, id: &str, up: bool) -> Result<Vec<Session>> {
    let me = get_session(store, id)?;
    let all = list_sessions(store, &me.event_id)?;
    let same_day: Vec<&Session> = all.iter().filter(|s| s.day == me.day).collect();
    let pos = same_day.iter().position(|s| s.id == me.id).expect("listed");
    let other_pos = if up {
        pos.checked_sub(1)
    } else {
        Some(pos + 1).filter(|p| *p < same_day.len())
    };
    let other = match other_pos {
        Some(p) => same_day[p],
        None => return Err(EventError::CannotMove.into()),
    };
    let (first, second) = if up { (other, &me) } else { (&me, other) };
    let t = |s: &str| parse_time("start", s).expect("stored times are valid");
    let (f_start, f_end, s_start, s_end) = (
        t(&first.start),
        t(&first.end),
        t(&second.start),
        t(&second.end),
    );
    let gap = s_start - f_end;
    let new_second_start = f_start; // the later one moves to the front
    let new_second_end = new_second_start + (s_end - s_start);
    let (new_first_start, o1) = new_second_end.overflowing_add_signed(gap);
    let (new_first_end, o2) = new_first_start.overflowing_add_signed(f_end - f_start);
    if o1 != 0 || o2 != 0 || new_first_end < new_first_start {
        return Err(EventError::MovePastMidnight.into());
    }
    let (first_id, second_id) = (first.id.clone(), second.id.clone());
    store.write(|tx| {
        let s = tx.stamp();
        let upd = "UPDATE sessions SET start_time=?2, end_time=?3, updated_at=?4, hlc=?5, origin=?6 WHERE id=?1";
        tx.execute(upd, params![second_id, hhmm(new_second_start), hhmm(new_second_end), s.now, s.hlc, s.origin])?;
        let s = tx.stamp();
        tx.execute(upd, params![first_id, hhmm(new_first_start), hhmm(new_first_end), s.now, s.hlc, s.origin])?;
        Ok(())
    })?;
    list_sessions(store, &me.event_id)
}

/// Inside a transaction: a session with this id unless a row with the id exists (also a
/// removed one: what the facilitator removed stays removed). True if inserted. A session
/// that would overlap one already there is skipped too (the facilitator's agenda wins).
pub(crate) fn insert_session_if_absent(
    tx: &mut Tx,
    id: &str,
    event_id: &str,
    event_days: i64,
    input: &SessionInput,
) -> Result<bool> {
    let ev = Event {
        days: event_days,
        ..Default::default()
    };
    let v = validate_session(&ev, input)?;
    let there: Option<i64> = tx
        .query_row("SELECT 1 FROM sessions WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    if there.is_some() {
        return Ok(false);
    }
    let (start, end) = (hhmm(v.start), hhmm(v.end));
    if check_overlap(tx, event_id, v.day, &start, &end, None).is_err() {
        return Ok(false);
    }
    let s = tx.stamp();
    tx.execute(
        "INSERT INTO sessions (id, event_id, day, start_time, end_time, title, kind, facilitators,
            resource_person, created_at, updated_at, hlc, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12)",
        params![
            id,
            event_id,
            v.day,
            start,
            end,
            v.title,
            v.kind,
            v.facilitators,
            v.resource_person,
            s.now,
            s.hlc,
            s.origin
        ],
    )?;
    Ok(true)
}

#[cfg(test)]
mod time_tests {
    use super::parse_time;

    #[test]
    fn a_bare_hour_means_the_full_hour() {
        let hm = |v: &str| parse_time("start", v).unwrap().format("%H:%M").to_string();
        assert_eq!(hm("9"), "09:00");
        assert_eq!(hm("13"), "13:00");
        assert_eq!(hm("8.30"), "08:30");
        assert!(parse_time("start", "25").is_err());
        assert!(parse_time("start", "930").is_err());
    }
}
