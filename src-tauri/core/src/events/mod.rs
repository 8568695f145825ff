//! Events and their agenda: the PLM itself (title, place, dates, time zone) and its
//! sessions per day.

use crate::db::{Store, Tx};
use crate::error::{Error, Result};
use crate::places;
use chrono::NaiveDate;
use input::{text, ValidEvent};
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

pub const MAX_DAYS: i64 = 5;
const MAX_TEXT: usize = 200;
const MAX_PEOPLE_TEXT: usize = 300;

mod error;
mod input;
mod sessions;
#[cfg(test)]
mod tests;

pub use error::EventError;
pub(crate) use input::validate_event;
pub use input::{parse_date, EventInput};
pub(crate) use sessions::insert_session_if_absent;
pub use sessions::*;

crate::code_enum! {
    /// How attendance is counted at an event: once a day, per half day (morning and
    /// afternoon), or per session of the agenda.
    #[derive(Default)]
    pub enum AttendanceMode {
        #[default]
        Day = "day",
        HalfDay = "half_day",
        Session = "session",
    }
}

impl AttendanceMode {
    /// A mode as typed (the code, spaces around it ignored).
    pub fn parse(v: &str) -> Option<AttendanceMode> {
        AttendanceMode::from_code(v.trim())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Event {
    pub id: String,
    pub title: String,
    pub program_year: i64,
    pub province_code: String,
    pub province_name: String,
    pub regency_code: Option<String>,
    pub regency_name: String,
    pub venue: String,
    pub start_date: String,
    pub end_date: String,
    pub days: i64,
    pub wave: Option<i64>,
    pub organiser: String,
    pub timezone: String,
    pub zone_label: String,
    pub attendance_mode: AttendanceMode,
    /// Personal data is kept until this date (YYYY-MM-DD), then offered for erasure.
    pub retention_until: Option<String>,
    /// Who signs the sheets and certificates (sign-off block).
    pub signer_role: String,
    pub signer_name: String,
    pub signer_nip: String,
    pub has_signer_signature: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl Event {
    /// True once the retention date has passed (`today` in the venue's calendar).
    pub fn retention_due(&self, today: NaiveDate) -> bool {
        self.retention_until
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .is_some_and(|d| d < today)
    }

    /// "Hotel Aston Banua, Kota Banjarbaru, Kalimantan Selatan": venue, regency,
    /// province, whichever are given (every report's place line).
    pub fn place_line(&self) -> String {
        [
            self.venue.as_str(),
            self.regency_name.as_str(),
            self.province_name.as_str(),
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
    }

    pub fn start(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.start_date, "%Y-%m-%d").expect("stored dates are valid")
    }
    /// The calendar date of day `n` (1-based).
    pub fn date_of_day(&self, n: i64) -> NaiveDate {
        self.start() + chrono::Days::new((n - 1).max(0) as u64)
    }
}

const EVENT_COLS: &str = "id, title, program_year, province_code, province_name, regency_code, regency_name, venue, \
     start_date, days, wave, organiser, timezone, attendance_mode, created_at, updated_at, retention_until, \
     signer_role, signer_name, signer_nip, signer_signature IS NOT NULL AS has_signer_signature";

fn event_from_row(r: &Row) -> rusqlite::Result<Event> {
    let start_date: String = r.get("start_date")?;
    let days: i64 = r.get("days")?;
    let tz: String = r.get("timezone")?;
    let end_date = NaiveDate::parse_from_str(&start_date, "%Y-%m-%d")
        .map(|d| (d + chrono::Days::new((days - 1).max(0) as u64)).to_string())
        .unwrap_or_default();
    Ok(Event {
        id: r.get("id")?,
        title: r.get("title")?,
        program_year: r.get("program_year")?,
        province_code: r.get("province_code")?,
        province_name: r.get("province_name")?,
        regency_code: r.get("regency_code")?,
        regency_name: r.get("regency_name")?,
        venue: r.get("venue")?,
        start_date,
        end_date,
        days,
        wave: r.get("wave")?,
        organiser: r.get("organiser")?,
        zone_label: places::zone_label(&tz).to_string(),
        timezone: tz,
        attendance_mode: r.get("attendance_mode")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        retention_until: r.get("retention_until")?,
        signer_role: r.get("signer_role")?,
        signer_name: r.get("signer_name")?,
        signer_nip: r.get("signer_nip")?,
        has_signer_signature: r.get("has_signer_signature")?,
    })
}

/// Inside a transaction: a new event's row, checked first. An event is created with its
/// default award categories: use `desk::create_event`, which adds them.
pub(crate) fn insert_new(tx: &mut Tx, id: &str, input: &EventInput) -> Result<()> {
    let v = validate_event(input)?;
    insert_valid(tx, id, &v)?;
    log::info!("event created: {id}");
    Ok(())
}

fn insert_valid(tx: &mut Tx, id: &str, v: &ValidEvent) -> Result<()> {
    let s = tx.stamp();
    tx.execute(
        "INSERT INTO events (id, title, program_year, province_code, province_name, regency_code, regency_name,
            venue, start_date, days, wave, organiser, timezone, attendance_mode, created_at, updated_at, hlc, origin,
            retention_until)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16, ?17, ?18)",
        params![
            id, v.title, v.program_year, v.province.code, v.province.name, v.regency_code, v.regency_name,
            v.venue, v.start.to_string(), v.days, v.wave, v.organiser, v.timezone, v.mode, s.now, s.hlc, s.origin,
            default_retention(v.start, v.days).to_string()
        ],
    )?;
    Ok(())
}

/// Inside a transaction: the event with this id unless a row with the id exists (kept as
/// it is, removed or not: a kit opened twice changes nothing). True if it was inserted.
pub(crate) fn insert_if_absent(tx: &mut Tx, id: &str, input: &EventInput) -> Result<bool> {
    let v = validate_event(input)?;
    let there: Option<i64> = tx
        .query_row("SELECT 1 FROM events WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    if there.is_some() {
        return Ok(false);
    }
    insert_valid(tx, id, &v)?;
    Ok(true)
}

pub fn update(store: &mut Store, id: &str, input: &EventInput) -> Result<Event> {
    let v = validate_event(input)?;
    store.write(|tx| {
        exists(tx, id)?;
        let beyond: i64 = tx.query_row(
            "SELECT count(*) FROM sessions WHERE event_id = ?1 AND deleted_at IS NULL AND day > ?2",
            params![id, v.days],
            |r| r.get(0),
        )?;
        if beyond > 0 {
            return Err(EventError::SessionsBeyondDays { days: v.days, count: beyond }.into());
        }
        let s = tx.stamp();
        tx.execute(
            "UPDATE events SET title=?2, program_year=?3, province_code=?4, province_name=?5, regency_code=?6,
                regency_name=?7, venue=?8, start_date=?9, days=?10, wave=?11, organiser=?12, timezone=?13,
                attendance_mode=?14, updated_at=?15, hlc=?16, origin=?17
             WHERE id = ?1",
            params![
                id, v.title, v.program_year, v.province.code, v.province.name, v.regency_code, v.regency_name,
                v.venue, v.start.to_string(), v.days, v.wave, v.organiser, v.timezone, v.mode, s.now, s.hlc, s.origin
            ],
        )?;
        Ok(())
    })?;
    log::info!("event updated: {id}");
    get(store, id)
}

/// Two years after the last day, as the consent text says.
pub fn default_retention(start: NaiveDate, days: i64) -> NaiveDate {
    let last = start + chrono::Days::new((days - 1).max(0) as u64);
    last.checked_add_months(chrono::Months::new(24))
        .unwrap_or(last)
}

/// Change how long the event's personal data is kept (not before the event ends).
pub fn set_retention(store: &mut Store, id: &str, until: &str) -> Result<Event> {
    let ev = get(store, id)?;
    let date = parse_date(until)?;
    let end = NaiveDate::parse_from_str(&ev.end_date, "%Y-%m-%d").expect("stored dates are valid");
    if date < end {
        return Err(EventError::BadDate(until.trim().to_string()).into());
    }
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "UPDATE events SET retention_until=?2, updated_at=?3, hlc=?4, origin=?5 WHERE id=?1",
            params![id, date.to_string(), s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    get(store, id)
}

/// Who signs the attendance sheets and certificates: role (e.g. Ketua Panitia), name,
/// NIP (18 digits, optional) and the captured signature (PNG): `None` keeps the one
/// stored, `Some(None)` removes it, `Some(Some(png))` replaces it.
pub fn set_signer(
    store: &mut Store,
    id: &str,
    role: &str,
    name: &str,
    nip: &str,
    signature_png: Option<Option<&[u8]>>,
) -> Result<Event> {
    get(store, id)?;
    let role = text("role", role, MAX_TEXT, false)?;
    let name = text("name", name, MAX_TEXT, false)?;
    let nip = crate::fields::parse_nip(nip)
        .map_err(|_| EventError::BadNip(nip.trim().to_string()))?
        .unwrap_or_default();
    if let Some(Some(png)) = signature_png {
        crate::signature::check_png(png)?;
    }
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "UPDATE events SET signer_role=?2, signer_name=?3, signer_nip=?4, updated_at=?5, hlc=?6, origin=?7 WHERE id=?1",
            params![id, role, name, nip, s.now, s.hlc, s.origin],
        )?;
        if let Some(png) = signature_png {
            tx.execute("UPDATE events SET signer_signature=?2 WHERE id=?1", params![id, png])?;
        }
        Ok(())
    })?;
    get(store, id)
}

/// The captured signature of the event's signer, if any.
pub fn signer_signature(store: &Store, id: &str) -> Result<Option<Vec<u8>>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT signer_signature FROM events WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

/// A fresh in-memory database with one two-day event in Kalimantan Selatan starting
/// 2022-07-05, for the tests of the modules that build on events.
#[cfg(test)]
pub(crate) fn test_event() -> (Store, String) {
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
    (s, e.id)
}

fn exists(tx: &Tx, id: &str) -> Result<()> {
    let found: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM events WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    found
        .map(|_| ())
        .ok_or_else(|| Error::not_found("event", id))
}

/// Mark an event deleted (a tombstone that travels to headquarters).
pub fn delete(store: &mut Store, id: &str) -> Result<()> {
    store.write(|tx| {
        exists(tx, id)?;
        tx.tombstone("events", "id", id)?;
        Ok(())
    })?;
    log::info!("event deleted: {id}");
    Ok(())
}

pub fn get(store: &Store, id: &str) -> Result<Event> {
    store
        .conn()
        .query_row(
            &format!("SELECT {EVENT_COLS} FROM events WHERE id = ?1 AND deleted_at IS NULL"),
            [id],
            event_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::not_found("event", id))
}

/// All events, newest start date first.
pub fn list(store: &Store) -> Result<Vec<Event>> {
    let mut st = store.conn().prepare(&format!(
        "SELECT {EVENT_COLS} FROM events WHERE deleted_at IS NULL ORDER BY start_date DESC, created_at DESC"
    ))?;
    let rows = st
        .query_map([], event_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The current event: the one the user chose, else the newest.
pub fn current(store: &Store) -> Result<Option<Event>> {
    if let Some(id) = crate::settings::get(store, crate::settings::Key::CurrentEvent)? {
        if let Ok(e) = get(store, &id) {
            return Ok(Some(e));
        }
    }
    Ok(list(store)?.into_iter().next())
}

pub fn set_current(store: &mut Store, id: &str) -> Result<Event> {
    let e = get(store, id)?;
    crate::settings::set(store, crate::settings::Key::CurrentEvent, id)?;
    Ok(e)
}
