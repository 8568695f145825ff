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
pub const MAX_SIGNATURE_BYTES: usize = 200 * 1024;
pub const MAX_SIGNATURE_W: u32 = 1600;
pub const MAX_SIGNATURE_H: u32 = 800;
const MAX_STROKES_BYTES: usize = 400 * 1024;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AttendanceError {
    #[error("no participant with code {0}")]
    UnknownCode(String),
    #[error("day {day} is sealed")]
    DaySealed { day: i64 },
    #[error("day {day} is not sealed")]
    DayNotSealed { day: i64 },
    #[error("a session is required")]
    SessionRequired,
    #[error("the session is not part of this event")]
    SessionNotInEvent,
    #[error("half day must be am or pm")]
    BadHalf,
    #[error("no sessions on day {0}")]
    NoSessions(i64),
    #[error("invalid signature image: {0}")]
    BadSignature(&'static str),
    #[error("too late to undo")]
    TooLateToUndo,
    #[error("a reason is required")]
    ReasonRequired,
    #[error("unknown source {0}")]
    BadSource(String),
}

impl Localized for AttendanceError {
    fn code(&self) -> &'static str {
        use AttendanceError::*;
        match self {
            UnknownCode(_) => "checkin.unknown_code",
            DaySealed { .. } => "checkin.day_sealed",
            DayNotSealed { .. } => "checkin.day_not_sealed",
            SessionRequired => "checkin.session_required",
            SessionNotInEvent => "checkin.session_not_in_event",
            BadHalf => "checkin.bad_half",
            NoSessions(_) => "checkin.no_sessions",
            BadSignature(_) => "checkin.bad_signature",
            TooLateToUndo => "checkin.too_late_to_undo",
            ReasonRequired => "checkin.reason_required",
            BadSource(_) => "checkin.bad_source",
        }
    }
    fn message(&self, lang: Lang) -> String {
        use AttendanceError::*;
        match self {
            UnknownCode(c) => lang.pick(
                format!("Kode \"{c}\" tidak ditemukan. Cari dengan nama, atau daftarkan sebagai peserta baru."),
                format!("No participant has the code \"{c}\". Search by name, or register a new participant."),
            ),
            DaySealed { day } => lang.pick(
                format!("Hari ke-{day} sudah ditutup. Buka kembali hari itu (dengan alasan) untuk mengubah kehadiran."),
                format!("Day {day} is closed. Reopen it (with a reason) to change its attendance."),
            ),
            DayNotSealed { day } => lang.pick(format!("Hari ke-{day} belum ditutup."), format!("Day {day} is not closed.")),
            SessionRequired => lang.pick(
                "Kehadiran dicatat per sesi: pilih sesinya.".into(),
                "Attendance is taken per session: choose the session.".into(),
            ),
            SessionNotInEvent => lang.pick("Sesi itu bukan bagian dari kegiatan ini.".into(), "That session is not part of this event.".into()),
            BadHalf => lang.pick("Pilih pagi (am) atau siang (pm).".into(), "Choose morning (am) or afternoon (pm).".into()),
            NoSessions(d) => lang.pick(
                format!("Belum ada sesi pada hari ke-{d}. Tambahkan di Agenda."),
                format!("There are no sessions on day {d}. Add them in the Agenda."),
            ),
            BadSignature(why) => lang.pick(
                format!("Gambar tanda tangan ditolak ({why}). Bersihkan lalu tanda tangani lagi."),
                format!("The signature image was refused ({why}). Clear it and sign again."),
            ),
            TooLateToUndo => lang.pick(
                format!("Batal hanya bisa dalam {UNDO_SECONDS} detik. Untuk mengubah kehadiran, gunakan koreksi dengan alasan."),
                format!("Undo is only possible within {UNDO_SECONDS} seconds. To change attendance, use a correction with a reason."),
            ),
            ReasonRequired => lang.pick("Tuliskan alasannya.".into(), "Please give a reason.".into()),
            BadSource(s) => lang.pick(format!("Sumber \"{s}\" tidak dikenal (desk atau paper)."), format!("Unknown source \"{s}\" (desk or paper).")),
        }
    }
}

/// One place attendance is counted: a day, a half day or a session.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Slot {
    pub day: i64,
    pub date: String,
    pub key: String,
    pub session_id: Option<String>,
    pub half: Option<String>,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Attendance {
    pub id: String,
    pub participant_id: String,
    pub day: i64,
    pub slot: String,
    pub session_id: Option<String>,
    pub at: String,
    pub at_local: String,
    pub source: String,
    pub sheet_ref: Option<String>,
    pub signed: bool,
    pub signed_at: Option<String>,
    pub signature_sha256: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Checkin {
    pub status: &'static str,
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
    pub source: String,
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
            source: "desk".into(),
            sheet_ref: None,
            signature: None,
        }
    }
}

/// Local time of a UTC timestamp in the event's zone: "08.30 WITA".
pub fn local_time(event: &Event, at: &str) -> String {
    let off = places::zone_offset_minutes(&event.timezone).unwrap_or(0) as i64;
    match DateTime::parse_from_rfc3339(at) {
        Ok(t) => format!(
            "{} {}",
            (t.with_timezone(&Utc) + chrono::Duration::minutes(off)).format("%H.%M"),
            event.zone_label
        ),
        Err(_) => String::new(),
    }
}

fn local_now(event: &Event, now: DateTime<Utc>) -> chrono::NaiveDateTime {
    let off = places::zone_offset_minutes(&event.timezone).unwrap_or(0) as i64;
    (now + chrono::Duration::minutes(off)).naive_utc()
}

/// The event day of a moment (clamped to the event's days).
pub fn day_at(event: &Event, now: DateTime<Utc>) -> i64 {
    let date: NaiveDate = local_now(event, now).date();
    ((date - event.start()).num_days() + 1).clamp(1, event.days)
}

/// Turn a user's choice (day, session, half) into the slot attendance is counted in.
pub fn slot_for(
    store: &Store,
    event: &Event,
    day: Option<i64>,
    session_id: Option<&str>,
    half: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Slot> {
    let mut day = day.unwrap_or_else(|| day_at(event, now));
    match event.attendance_mode.as_str() {
        "session" => {
            let session = match session_id {
                Some(id) => {
                    let s = events::get_session(store, id)?;
                    if s.event_id != event.id {
                        return Err(AttendanceError::SessionNotInEvent.into());
                    }
                    s
                }
                None => {
                    let sessions: Vec<_> = events::list_sessions(store, &event.id)?
                        .into_iter()
                        .filter(|s| s.day == day)
                        .collect();
                    let now_hm = local_now(event, now).format("%H:%M").to_string();
                    sessions
                        .iter()
                        .find(|s| {
                            s.start.as_str() <= now_hm.as_str() && now_hm.as_str() < s.end.as_str()
                        })
                        .or_else(|| sessions.iter().find(|s| s.start.as_str() > now_hm.as_str()))
                        .or(sessions.last())
                        .cloned()
                        .ok_or(AttendanceError::NoSessions(day))?
                }
            };
            day = session.day;
            Ok(Slot {
                day,
                date: event.date_of_day(day).to_string(),
                key: format!("s:{}", session.id),
                label: format!("{}-{} {}", session.start, session.end, session.title),
                session_id: Some(session.id),
                half: None,
            })
        }
        "half_day" => {
            let half = match half {
                Some(h) if h == "am" || h == "pm" => h.to_string(),
                Some(_) => return Err(AttendanceError::BadHalf.into()),
                None => {
                    if local_now(event, now).format("%H").to_string().as_str() < "12" {
                        "am".into()
                    } else {
                        "pm".into()
                    }
                }
            };
            check_day(event, day)?;
            Ok(Slot {
                day,
                date: event.date_of_day(day).to_string(),
                key: format!("d{day}-{half}"),
                label: format!("{day} {half}"),
                session_id: None,
                half: Some(half),
            })
        }
        _ => {
            check_day(event, day)?;
            Ok(Slot {
                day,
                date: event.date_of_day(day).to_string(),
                key: format!("d{day}"),
                label: format!("{day}"),
                session_id: None,
                half: None,
            })
        }
    }
}

fn check_day(event: &Event, day: i64) -> Result<()> {
    if day < 1 || day > event.days {
        return Err(crate::events::EventError::DayOutsideEvent {
            day,
            days: event.days,
        }
        .into());
    }
    Ok(())
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

/// Check a PNG from the signature pad: real PNG header, sane size and dimensions.
pub fn check_signature_png(png: &[u8]) -> Result<(u32, u32), AttendanceError> {
    if png.len() > MAX_SIGNATURE_BYTES {
        return Err(AttendanceError::BadSignature("larger than 200 KB"));
    }
    if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(AttendanceError::BadSignature("not a PNG image"));
    }
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let reader = decoder
        .read_info()
        .map_err(|_| AttendanceError::BadSignature("damaged PNG"))?;
    let info = reader.info();
    let (w, h) = (info.width, info.height);
    if w == 0 || h == 0 || w > MAX_SIGNATURE_W || h > MAX_SIGNATURE_H {
        return Err(AttendanceError::BadSignature("unexpected dimensions"));
    }
    Ok((w, h))
}

fn is_sealed(conn: &rusqlite::Connection, event_id: &str, day: i64) -> Result<bool> {
    let v: Option<i64> = conn
        .query_row(
            "SELECT sealed FROM day_seals WHERE event_id=?1 AND day=?2 AND deleted_at IS NULL",
            params![event_id, day],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v == Some(1))
}

pub fn actor(store: &Store) -> String {
    crate::settings::get(store, "operator")
        .ok()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "desk".into())
}

/// Append to the audit log (the table refuses updates and deletes).
pub fn audit(
    tx: &mut Tx,
    event_id: &str,
    actor: &str,
    action: &str,
    target: Option<&str>,
    detail: serde_json::Value,
    reason: Option<&str>,
) -> Result<()> {
    let s = tx.stamp();
    tx.execute(
        "INSERT INTO audit_log (id, event_id, at, actor, action, target, detail, reason, hlc, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![crate::ids::new_id(), event_id, s.now, actor, action, target, detail.to_string(), reason, s.hlc, s.origin],
    )?;
    Ok(())
}

const ATT_COLS: &str = "a.id, a.participant_id, a.day, a.slot, a.session_id, a.checked_in_at, a.source, a.sheet_ref, \
     (SELECT signed_at FROM signatures s WHERE s.attendance_id = a.id AND s.deleted_at IS NULL ORDER BY signed_at DESC LIMIT 1), \
     (SELECT sha256 FROM signatures s WHERE s.attendance_id = a.id AND s.deleted_at IS NULL ORDER BY signed_at DESC LIMIT 1)";

fn att_from_row(event: &Event) -> impl Fn(&rusqlite::Row) -> rusqlite::Result<Attendance> + '_ {
    move |r| {
        let at: String = r.get(5)?;
        let signed_at: Option<String> = r.get(8)?;
        Ok(Attendance {
            id: r.get(0)?,
            participant_id: r.get(1)?,
            day: r.get(2)?,
            slot: r.get(3)?,
            session_id: r.get(4)?,
            at_local: local_time(event, &at),
            at,
            source: r.get(6)?,
            sheet_ref: r.get(7)?,
            signed: signed_at.is_some(),
            signed_at,
            signature_sha256: r.get(9)?,
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
) -> Result<()> {
    let (w, h) = check_signature_png(&sig.png)?;
    if let Some(st) = &sig.strokes {
        if st.len() > MAX_STROKES_BYTES
            || serde_json::from_str::<serde_json::Value>(st)
                .map(|v| !v.is_array())
                .unwrap_or(true)
        {
            return Err(AttendanceError::BadSignature("strokes are not a JSON list").into());
        }
    }
    let sha = hex::encode(Sha256::digest(&sig.png));
    let s = tx.stamp();
    tx.execute(
        "INSERT INTO signatures (id, event_id, participant_id, attendance_id, png, strokes, width, height, sha256, signed_at, created_at, updated_at, hlc, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?10, ?11, ?12)",
        params![crate::ids::new_id(), event_id, participant_id, attendance_id, sig.png, sig.strokes, w, h, sha, s.now, s.hlc, s.origin],
    )?;
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
    if input.source != "desk" && input.source != "paper" {
        return Err(AttendanceError::BadSource(input.source).into());
    }
    let participant = match &input.who {
        Who::Code(c) => find_by_code(store, event_id, c)?,
        Who::Id(id) => {
            let p = participants::get(store, id)?;
            if p.event_id != event_id {
                return Err(Error::not_found("participant", id.clone()));
            }
            p
        }
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
            return Ok(("already_checked_in", id));
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
            insert_signature(tx, event_id, &participant.id, &id, sig)?;
        }
        let action = if input.source == "paper" { "paper_entry" } else { "checkin" };
        audit(tx, event_id, &who, action, Some(&id), serde_json::json!({"participant": participant.id, "slot": slot.key, "sheet": sheet_ref}), None)?;
        Ok(("checked_in", id))
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

/// Add (or replace) the signature of a check-in made earlier.
pub fn sign(store: &mut Store, attendance_id: &str, sig: &SignatureInput) -> Result<Attendance> {
    let a = get(store, attendance_id)?;
    let event_id: String = store.conn().query_row(
        "SELECT event_id FROM attendance WHERE id=?1",
        [attendance_id],
        |r| r.get(0),
    )?;
    check_signature_png(&sig.png)?;
    let who = actor(store);
    store.write(|tx| {
        if is_sealed(tx, &event_id, a.day)? {
            return Err(AttendanceError::DaySealed { day: a.day }.into());
        }
        let s = tx.stamp();
        tx.execute(
            "UPDATE signatures SET deleted_at=?2, updated_at=?2, hlc=?3, origin=?4 WHERE attendance_id=?1 AND deleted_at IS NULL",
            params![attendance_id, s.now, s.hlc, s.origin],
        )?;
        insert_signature(tx, &event_id, &a.participant_id, attendance_id, sig)?;
        audit(tx, &event_id, &who, "signature", Some(attendance_id), serde_json::json!({"participant": a.participant_id}), None)
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
    let event_id: String = store.conn().query_row(
        "SELECT event_id FROM attendance WHERE id=?1",
        [attendance_id],
        |r| r.get(0),
    )?;
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
        let s = tx.stamp();
        tx.execute("UPDATE attendance SET deleted_at=?2, updated_at=?2, hlc=?3, origin=?4 WHERE id=?1", params![attendance_id, s.now, s.hlc, s.origin])?;
        tx.execute(
            "UPDATE signatures SET deleted_at=?2, updated_at=?2, hlc=?3, origin=?4 WHERE attendance_id=?1 AND deleted_at IS NULL",
            params![attendance_id, s.now, s.hlc, s.origin],
        )?;
        let action = if reason.is_some() { "correction_remove" } else { "undo" };
        audit(tx, &event_id, &who, action, Some(attendance_id), serde_json::json!({"participant": a.participant_id, "slot": a.slot}), reason)
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

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CategoryCount {
    pub category: String,
    pub label: String,
    pub l: i64,
    pub p: i64,
    pub unknown: i64,
    pub total: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DaySummary {
    pub day: i64,
    pub date: String,
    pub present: i64,
    pub expected: i64,
    pub by_category: Vec<CategoryCount>,
    pub male: i64,
    pub female: i64,
    pub absent: Vec<Participant>,
    pub sealed: bool,
    pub backup: Option<String>,
}

/// Who attended a day (any slot of it), by category and gender, and who is missing.
pub fn day_summary(store: &Store, event_id: &str, day: i64) -> Result<DaySummary> {
    let event = events::get(store, event_id)?;
    check_day(&event, day)?;
    let present_ids: std::collections::HashSet<String> = {
        let mut st = store.conn().prepare_cached("SELECT DISTINCT participant_id FROM attendance WHERE event_id=?1 AND day=?2 AND deleted_at IS NULL")?;
        let ids = st
            .query_map(params![event_id, day], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids
    };
    let all = participants::list(store, event_id)?;
    let mut by_category: Vec<CategoryCount> = participants::CATEGORIES
        .iter()
        .map(|(c, l)| CategoryCount {
            category: c.to_string(),
            label: l.to_string(),
            l: 0,
            p: 0,
            unknown: 0,
            total: 0,
        })
        .collect();
    let (mut male, mut female, mut present) = (0, 0, 0);
    let mut absent = vec![];
    for p in all.iter() {
        if !present_ids.contains(&p.id) {
            absent.push(p.clone());
            continue;
        }
        present += 1;
        let c = by_category
            .iter_mut()
            .find(|c| c.category == p.category)
            .expect("known category");
        c.total += 1;
        match p.gender.as_deref() {
            Some("L") => {
                c.l += 1;
                male += 1;
            }
            Some("P") => {
                c.p += 1;
                female += 1;
            }
            _ => c.unknown += 1,
        }
    }
    by_category.retain(|c| c.total > 0);
    Ok(DaySummary {
        day,
        date: event.date_of_day(day).to_string(),
        present,
        expected: all.len() as i64,
        by_category,
        male,
        female,
        absent,
        sealed: is_sealed(store.conn(), event_id, day)?,
        backup: None,
    })
}

fn set_seal(
    store: &mut Store,
    event_id: &str,
    day: i64,
    sealed: bool,
    reason: Option<&str>,
) -> Result<()> {
    let who = actor(store);
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "INSERT INTO day_seals (id, event_id, day, sealed, changed_at, reason, created_at, updated_at, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?5, ?7, ?8)
             ON CONFLICT(event_id, day) DO UPDATE SET sealed=excluded.sealed, changed_at=excluded.changed_at,
                reason=excluded.reason, updated_at=excluded.updated_at, hlc=excluded.hlc, origin=excluded.origin",
            params![crate::ids::new_id(), event_id, day, sealed as i64, s.now, reason, s.hlc, s.origin],
        )?;
        audit(tx, event_id, &who, if sealed { "seal_day" } else { "reopen_day" }, None, serde_json::json!({"day": day}), reason)
    })
}

/// "Tutup hari": back the database up, then lock the day's attendance.
pub fn close_day(store: &mut Store, event_id: &str, day: i64) -> Result<DaySummary> {
    let event = events::get(store, event_id)?;
    check_day(&event, day)?;
    if is_sealed(store.conn(), event_id, day)? {
        return Err(AttendanceError::DaySealed { day }.into());
    }
    let backup = crate::backup::create(store, &format!("close-day-{day}"))?.map(|b| b.path);
    set_seal(store, event_id, day, true, None)?;
    log::info!("day {day} closed for event {event_id}");
    let mut summary = day_summary(store, event_id, day)?;
    summary.backup = backup;
    Ok(summary)
}

pub fn reopen_day(store: &mut Store, event_id: &str, day: i64, reason: &str) -> Result<()> {
    let event = events::get(store, event_id)?;
    check_day(&event, day)?;
    let r = reason.trim();
    if r.is_empty() {
        return Err(AttendanceError::ReasonRequired.into());
    }
    if !is_sealed(store.conn(), event_id, day)? {
        return Err(AttendanceError::DayNotSealed { day }.into());
    }
    set_seal(
        store,
        event_id,
        day,
        false,
        Some(&r.chars().take(500).collect::<String>()),
    )?;
    log::info!("day {day} reopened for event {event_id}");
    Ok(())
}

pub fn sealed_days(store: &Store, event_id: &str) -> Result<Vec<i64>> {
    let mut st = store.conn().prepare_cached("SELECT day FROM day_seals WHERE event_id=?1 AND sealed=1 AND deleted_at IS NULL ORDER BY day")?;
    let days = st
        .query_map([event_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(days)
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub detail: Option<String>,
    pub reason: Option<String>,
}

pub fn audit_log(store: &Store, event_id: &str) -> Result<Vec<AuditEntry>> {
    let mut st = store.conn().prepare("SELECT at, actor, action, target, detail, reason FROM audit_log WHERE event_id=?1 ORDER BY hlc")?;
    let rows = st
        .query_map([event_id], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                action: r.get(2)?,
                target: r.get(3)?,
                detail: r.get(4)?,
                reason: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
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
        "SELECT png FROM signatures WHERE attendance_id = ?1 AND deleted_at IS NULL ORDER BY signed_at DESC LIMIT 1",
    )?;
    let mut rows = Vec::new();
    for p in participants::list(store, event_id)? {
        if p.erased {
            continue;
        }
        let attendance = by_p.remove(&p.id);
        let signature_png = match &attendance {
            Some(a) if a.signed => sig.query_row([&a.id], |r| r.get(0)).optional()?,
            _ => None,
        };
        rows.push(SheetRow {
            participant: p,
            attendance,
            signature_png,
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
