//! Attendance: check-ins per day, half day or session, signatures, undo and corrections,
//! paper entries, closing ("sealing") a day, and the append-only audit log.

use crate::db::{Store, Tx};
use crate::error::{Error, Localized, Result};
use crate::events::{self, Event};
use crate::i18n::Lang;
use crate::participants::{self, Participant};
use crate::places;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How long after a check-in the desk may simply undo it.
pub const UNDO_SECONDS: i64 = 60;
pub use crate::signature::{MAX_SIGNATURE_BYTES, MAX_SIGNATURE_H, MAX_SIGNATURE_W};
const MAX_STROKES_BYTES: usize = 400 * 1024;

mod audit;
mod error;
mod seals;
mod slots;

pub use audit::*;
pub use error::AttendanceError;
use seals::is_sealed;
pub use seals::*;
use slots::check_day;
pub use slots::*;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Attendance {
    pub id: String,
    pub participant_id: String,
    pub day: i64,
    pub slot: String,
    pub session_id: Option<String>,
    pub at: String,
    pub at_local: String,
    pub source: CheckinSource,
    pub sheet_ref: Option<String>,
    pub signed: bool,
    pub signed_at: Option<String>,
    pub signature_sha256: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Checkin {
    pub status: CheckinStatus,
    pub participant: Participant,
    pub at: String,
    pub at_local: String,
    pub attendance: Attendance,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SignatureInput {
    #[serde(skip)]
    pub png: Vec<u8>,
    pub strokes: Option<String>,
}

crate::code_enum! {
    /// Where a check-in was recorded: at the desk (now), or typed in afterwards from a
    /// paper sheet signed at the venue.
    #[derive(Default)]
    pub enum CheckinSource {
        #[default]
        Desk = "desk",
        Paper = "paper",
    }
}

impl CheckinSource {
    /// `desk` or `paper`, as the window and the command line send it.
    pub fn parse(v: &str) -> Result<CheckinSource, AttendanceError> {
        CheckinSource::from_code(v.trim())
            .ok_or_else(|| AttendanceError::BadSource(v.trim().chars().take(40).collect()))
    }
}

crate::code_enum! {
    /// What a check-in did: the person is now in, or was already in for this slot.
    pub enum CheckinStatus {
        CheckedIn = "checked_in",
        AlreadyCheckedIn = "already_checked_in",
    }
}

/// Who is checking in.
#[derive(Debug, Clone)]
pub enum Who {
    Code(String),
    Id(String),
}

#[derive(Debug, Clone)]
pub struct CheckinInput {
    pub who: Who,
    pub day: Option<i64>,
    pub session_id: Option<String>,
    pub half: Option<String>,
    pub source: CheckinSource,
    pub sheet_ref: Option<String>,
    pub signature: Option<SignatureInput>,
}

impl CheckinInput {
    pub fn desk(who: Who) -> CheckinInput {
        CheckinInput {
            who,
            day: None,
            session_id: None,
            half: None,
            source: CheckinSource::Desk,
            sheet_ref: None,
            signature: None,
        }
    }
}

/// A code as a USB scanner may type it under another keyboard layout: AZERTY digits
/// arrive as é"'(-è_çà and the like; case and spaces do not matter.
pub fn normalise_code(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '&' => Some('1'),
            'é' | 'É' => Some('2'),
            '"' => Some('3'),
            '\'' => Some('4'),
            '(' => Some('5'),
            '-' | '§' => Some('6'),
            'è' | 'È' => Some('7'),
            '_' | '!' => Some('8'),
            'ç' | 'Ç' => Some('9'),
            'à' | 'À' => Some('0'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_uppercase()),
            _ => None,
        })
        .collect()
}

/// Find a participant by badge code, also when a QWERTZ layout swapped Y and Z.
pub fn find_by_code(store: &Store, event_id: &str, raw: &str) -> Result<Participant> {
    let code = normalise_code(raw);
    if let Some(p) = participants::by_code(store, event_id, &code)? {
        return Ok(p);
    }
    let swapped: String = code
        .chars()
        .map(|c| match c {
            'Y' => 'Z',
            'Z' => 'Y',
            c => c,
        })
        .collect();
    if swapped != code {
        if let Some(p) = participants::by_code(store, event_id, &swapped)? {
            return Ok(p);
        }
    }
    Err(AttendanceError::UnknownCode(raw.trim().to_string()).into())
}

pub use crate::signature::check_png as check_signature_png;

const ATT_COLS: &str = "a.id, a.participant_id, a.day, a.slot, a.session_id, a.checked_in_at, a.source, a.sheet_ref, \
     (SELECT signed_at FROM signatures s WHERE s.attendance_id = a.id AND s.deleted_at IS NULL ORDER BY signed_at DESC LIMIT 1) AS signed_at, \
     (SELECT sha256 FROM signatures s WHERE s.attendance_id = a.id AND s.deleted_at IS NULL ORDER BY signed_at DESC LIMIT 1) AS signature_sha256";

fn att_from_row(event: &Event) -> impl Fn(&rusqlite::Row) -> rusqlite::Result<Attendance> + '_ {
    move |r| {
        let at: String = r.get("checked_in_at")?;
        let signed_at: Option<String> = r.get("signed_at")?;
        Ok(Attendance {
            id: r.get("id")?,
            participant_id: r.get("participant_id")?,
            day: r.get("day")?,
            slot: r.get("slot")?,
            session_id: r.get("session_id")?,
            at_local: local_time(event, &at),
            at,
            source: r.get("source")?,
            sheet_ref: r.get("sheet_ref")?,
            signed: signed_at.is_some(),
            signed_at,
            signature_sha256: r.get("signature_sha256")?,
        })
    }
}

pub fn get(store: &Store, id: &str) -> Result<Attendance> {
    let event_id: String = store
        .conn()
        .query_row(
            "SELECT event_id FROM attendance WHERE id=?1 AND deleted_at IS NULL",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::not_found("check-in", id))?;
    let event = events::get(store, &event_id)?;
    Ok(store.conn().query_row(
        &format!("SELECT {ATT_COLS} FROM attendance a WHERE a.id=?1"),
        [id],
        att_from_row(&event),
    )?)
}

fn insert_signature(
    tx: &mut Tx,
    event_id: &str,
    participant_id: &str,
    attendance_id: &str,
    sig: &SignatureInput,
    print: Option<&crate::signature::Print>,
) -> Result<()> {
    let (w, h) = check_signature_png(&sig.png)?;
    if let Some(st) = &sig.strokes {
        if st.len() > MAX_STROKES_BYTES
            || serde_json::from_str::<serde_json::Value>(st)
                .map(|v| !v.is_array())
                .unwrap_or(true)
        {
            return Err(crate::signature::SignatureError("strokes are not a JSON list").into());
        }
    }
    let sha = hex::encode(Sha256::digest(&sig.png));
    let s = tx.stamp();
    let id = crate::ids::new_id();
    tx.execute(
        "INSERT INTO signatures (id, event_id, participant_id, attendance_id, png, strokes, width, height, sha256, signed_at, created_at, updated_at, hlc, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?10, ?11, ?12)",
        params![id, event_id, participant_id, attendance_id, sig.png, sig.strokes, w, h, sha, s.now, s.hlc, s.origin],
    )?;
    // the copy the attendance sheet prints (made before the transaction, by the caller)
    if let Some(p) = print {
        tx.execute(
            "INSERT INTO signature_prints (signature_id, width, height, pixels) VALUES (?1, ?2, ?3, ?4)",
            params![id, p.width as i64, p.height as i64, p.deflated],
        )?;
    }
    Ok(())
}

/// Check a person in. Idempotent: a second check-in for the same slot reports
/// `already_checked_in` with the first time and counts nothing twice.
pub fn checkin(store: &mut Store, event_id: &str, input: CheckinInput) -> Result<Checkin> {
    checkin_at(store, event_id, input, Utc::now())
}

pub fn checkin_at(
    store: &mut Store,
    event_id: &str,
    input: CheckinInput,
    now: DateTime<Utc>,
) -> Result<Checkin> {
    let event = events::get(store, event_id)?;
    let participant = match &input.who {
        Who::Code(c) => find_by_code(store, event_id, c)?,
        Who::Id(id) => participants::get_in(store, event_id, id)?,
    };
    let slot = slot_for(
        store,
        &event,
        input.day,
        input.session_id.as_deref(),
        input.half.as_deref(),
        now,
    )?;
    if let Some(sig) = &input.signature {
        check_signature_png(&sig.png)?;
    }
    // the signature's print copy, made outside the write lock
    let print = input
        .signature
        .as_ref()
        .and_then(|sig| crate::signature::print_copy(&sig.png));
    let sheet_ref = input
        .sheet_ref
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(100).collect::<String>());
    let who = actor(store);
    let (status, att_id) = store.write(|tx| {
        if is_sealed(tx, event_id, slot.day)? {
            return Err(AttendanceError::DaySealed { day: slot.day }.into());
        }
        let existing: Option<String> = tx
            .query_row(
                "SELECT id FROM attendance WHERE participant_id=?1 AND slot=?2 AND deleted_at IS NULL",
                params![participant.id, slot.key],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            return Ok((CheckinStatus::AlreadyCheckedIn, id));
        }
        let id = crate::ids::new_id();
        let at = crate::ids::fmt_utc(now);
        let s = tx.stamp();
        tx.execute(
            "INSERT INTO attendance (id, event_id, participant_id, day, slot, session_id, checked_in_at, source, sheet_ref, created_at, updated_at, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12)",
            params![id, event_id, participant.id, slot.day, slot.key, slot.session_id, at, input.source, sheet_ref, s.now, s.hlc, s.origin],
        )?;
        if let Some(sig) = &input.signature {
            insert_signature(tx, event_id, &participant.id, &id, sig, print.as_ref())?;
        }
        let action = match input.source {
            CheckinSource::Paper => "paper_entry",
            CheckinSource::Desk => "checkin",
        };
        audit(tx, event_id, &who, action, Some(&id), serde_json::json!({"participant": participant.id, "slot": slot.key, "sheet": sheet_ref}), None)?;
        Ok((CheckinStatus::CheckedIn, id))
    })?;
    let attendance = get(store, &att_id)?;
    Ok(Checkin {
        status,
        at: attendance.at.clone(),
        at_local: attendance.at_local.clone(),
        participant,
        attendance,
    })
}

/// The event a check-in belongs to.
fn event_of(store: &Store, attendance_id: &str) -> Result<String> {
    Ok(store.conn().query_row(
        "SELECT event_id FROM attendance WHERE id=?1",
        [attendance_id],
        |r| r.get(0),
    )?)
}

/// Add (or replace) the signature of a check-in made earlier.
pub fn sign(store: &mut Store, attendance_id: &str, sig: &SignatureInput) -> Result<Attendance> {
    let a = get(store, attendance_id)?;
    let event_id = event_of(store, attendance_id)?;
    check_signature_png(&sig.png)?;
    // the signature's print copy, made outside the write lock
    let print = crate::signature::print_copy(&sig.png);
    let who = actor(store);
    store.write(|tx| {
        if is_sealed(tx, &event_id, a.day)? {
            return Err(AttendanceError::DaySealed { day: a.day }.into());
        }
        tx.tombstone("signatures", "attendance_id", attendance_id)?;
        insert_signature(
            tx,
            &event_id,
            &a.participant_id,
            attendance_id,
            sig,
            print.as_ref(),
        )?;
        audit(
            tx,
            &event_id,
            &who,
            "signature",
            Some(attendance_id),
            serde_json::json!({"participant": a.participant_id}),
            None,
        )
    })?;
    get(store, attendance_id)
}

fn remove(
    store: &mut Store,
    attendance_id: &str,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let a = get(store, attendance_id)?;
    let event_id = event_of(store, attendance_id)?;
    if reason.is_none() {
        let created: String = store.conn().query_row(
            "SELECT created_at FROM attendance WHERE id=?1",
            [attendance_id],
            |r| r.get(0),
        )?;
        let created = DateTime::parse_from_rfc3339(&created)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(now);
        if (now - created).num_seconds() > UNDO_SECONDS {
            return Err(AttendanceError::TooLateToUndo.into());
        }
    }
    let who = actor(store);
    store.write(|tx| {
        if is_sealed(tx, &event_id, a.day)? {
            return Err(AttendanceError::DaySealed { day: a.day }.into());
        }
        tx.tombstone("attendance", "id", attendance_id)?;
        tx.tombstone("signatures", "attendance_id", attendance_id)?;
        let action = if reason.is_some() {
            "correction_remove"
        } else {
            "undo"
        };
        audit(
            tx,
            &event_id,
            &who,
            action,
            Some(attendance_id),
            serde_json::json!({"participant": a.participant_id, "slot": a.slot}),
            reason,
        )
    })
}

/// Undo a check-in made a moment ago (within [`UNDO_SECONDS`]).
pub fn undo(store: &mut Store, attendance_id: &str) -> Result<()> {
    remove(store, attendance_id, None, Utc::now())
}

/// Remove a check-in later, as a correction with a reason (kept in the audit log).
pub fn correct_remove(store: &mut Store, attendance_id: &str, reason: &str) -> Result<()> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(AttendanceError::ReasonRequired.into());
    }
    remove(
        store,
        attendance_id,
        Some(&r.chars().take(500).collect::<String>()),
        Utc::now(),
    )
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub participant: Participant,
    pub attendance: Option<Attendance>,
}

/// Everyone of the event with their check-in for a slot (None = not yet).
pub fn list(store: &Store, event_id: &str, slot_key: &str) -> Result<Vec<Row>> {
    let event = events::get(store, event_id)?;
    let mut st = store.conn().prepare_cached(&format!(
        "SELECT {ATT_COLS} FROM attendance a WHERE a.event_id=?1 AND a.slot=?2 AND a.deleted_at IS NULL"
    ))?;
    let mut by_p: std::collections::HashMap<String, Attendance> = st
        .query_map(params![event_id, slot_key], att_from_row(&event))?
        .map(|r| r.map(|a| (a.participant_id.clone(), a)))
        .collect::<rusqlite::Result<_>>()?;
    Ok(participants::list(store, event_id)?
        .into_iter()
        .map(|p| Row {
            attendance: by_p.remove(&p.id),
            participant: p,
        })
        .collect())
}

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub present: i64,
    pub expected: i64,
}

pub fn count(store: &Store, event_id: &str, slot_key: &str) -> Result<Count> {
    let present = store.conn().query_row(
        "SELECT count(*) FROM attendance a JOIN participants p ON p.id = a.participant_id
         WHERE a.event_id=?1 AND a.slot=?2 AND a.deleted_at IS NULL AND p.deleted_at IS NULL",
        params![event_id, slot_key],
        |r| r.get(0),
    )?;
    Ok(Count {
        present,
        expected: participants::count(store, event_id)?,
    })
}

/// The PNG of a check-in's signature, if any.
pub fn signature_png(store: &Store, attendance_id: &str) -> Result<Option<Vec<u8>>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT png FROM signatures WHERE attendance_id=?1 AND deleted_at IS NULL ORDER BY signed_at DESC LIMIT 1",
            [attendance_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// One line of a printed attendance sheet: the person, their check-in (if any) and the
/// captured signature image (if any).
pub struct SheetRow {
    pub participant: Participant,
    pub attendance: Option<Attendance>,
    pub signature_png: Option<Vec<u8>>,
    /// The signature's print copy, where this laptop made one when it was captured.
    pub signature_print: Option<crate::signature::Print>,
}

/// Everyone of the event for a printed sheet, with the check-in of one session
/// (`session_id`) or of a whole day (any slot of the day, the signed one first, then
/// the earliest). Erased people are left out: their names are gone.
pub fn sheet_rows(
    store: &Store,
    event_id: &str,
    day: i64,
    session_id: Option<&str>,
) -> Result<Vec<SheetRow>> {
    let event = events::get(store, event_id)?;
    check_day(&event, day)?;
    let (filter, arg) = match session_id {
        Some(s) => ("a.session_id = ?2", s.to_string()),
        None => ("a.day = CAST(?2 AS INTEGER)", day.to_string()),
    };
    let mut st = store.conn().prepare(&format!(
        "SELECT {ATT_COLS} FROM attendance a WHERE a.event_id = ?1 AND {filter} AND a.deleted_at IS NULL ORDER BY a.checked_in_at"
    ))?;
    let mut by_p: std::collections::HashMap<String, Attendance> = std::collections::HashMap::new();
    for a in st.query_map(params![event_id, arg], att_from_row(&event))? {
        let a = a?;
        match by_p.get(&a.participant_id) {
            Some(old) if old.signed || !a.signed => {}
            _ => {
                by_p.insert(a.participant_id.clone(), a);
            }
        }
    }
    let mut sig = store.conn().prepare_cached(
        "SELECT s.png, p.width, p.height, p.pixels FROM signatures s
         LEFT JOIN signature_prints p ON p.signature_id = s.id
         WHERE s.attendance_id = ?1 AND s.deleted_at IS NULL ORDER BY s.signed_at DESC LIMIT 1",
    )?;
    let mut rows = Vec::new();
    for p in participants::list(store, event_id)? {
        if p.erased {
            continue;
        }
        let attendance = by_p.remove(&p.id);
        let signed = match &attendance {
            Some(a) if a.signed => sig
                .query_row([&a.id], |r| {
                    let png: Vec<u8> = r.get("png")?;
                    let print = match r.get::<_, Option<Vec<u8>>>("pixels")? {
                        Some(deflated) => Some(crate::signature::Print {
                            width: r.get::<_, i64>("width")? as usize,
                            height: r.get::<_, i64>("height")? as usize,
                            deflated,
                        }),
                        None => None,
                    };
                    Ok((png, print))
                })
                .optional()?,
            _ => None,
        };
        let (signature_png, signature_print) = match signed {
            Some((png, print)) => (Some(png), print),
            None => (None, None),
        };
        rows.push(SheetRow {
            participant: p,
            attendance,
            signature_png,
            signature_print,
        });
    }
    Ok(rows)
}

/// How many different days each participant attended (any slot of a day counts).
pub fn days_attended(
    store: &Store,
    event_id: &str,
) -> Result<std::collections::HashMap<String, i64>> {
    let mut st = store.conn().prepare(
        "SELECT participant_id, count(DISTINCT day) FROM attendance WHERE event_id = ?1 AND deleted_at IS NULL GROUP BY participant_id",
    )?;
    let rows = st.query_map([event_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
