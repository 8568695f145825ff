//! Events and their agenda: the PLM itself (title, place, dates, time zone) and its
//! sessions per day.

use crate::db::{Store, Tx};
use crate::error::{Error, Localized, Result};
use crate::i18n::Lang;
use crate::places;
use chrono::{Datelike, NaiveDate, NaiveTime};
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

pub const MAX_DAYS: i64 = 5;
const MAX_TEXT: usize = 200;
const MAX_PEOPLE_TEXT: usize = 300;

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

pub const ATTENDANCE_MODES: [&str; 3] = ["day", "half_day", "session"];

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EventError {
    #[error("the {0} is required")]
    Required(&'static str),
    #[error("the {field} is longer than {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("unknown province: {0}")]
    UnknownProvince(String),
    #[error("not a date: {0}")]
    BadDate(String),
    #[error("number of days must be 1 to 5, not {0}")]
    DaysOutOfRange(i64),
    #[error("program year out of range: {0}")]
    YearOutOfRange(i64),
    #[error("wave out of range: {0}")]
    WaveOutOfRange(i64),
    #[error("unknown time zone: {0}")]
    UnknownZone(String),
    #[error("unknown attendance mode: {0}")]
    UnknownMode(String),
    #[error("not a time of day for {field}: {value}")]
    BadTime { field: &'static str, value: String },
    #[error("end {end} is not after start {start}")]
    EndNotAfterStart { start: String, end: String },
    #[error("day {day} is outside the event's {days} days")]
    DayOutsideEvent { day: i64, days: i64 },
    #[error("overlaps session {title} ({start}-{end}) on day {day}")]
    Overlap {
        day: i64,
        title: String,
        start: String,
        end: String,
    },
    #[error("unknown session kind: {0}")]
    UnknownKind(String),
    #[error("{count} sessions are on days after day {days}")]
    SessionsBeyondDays { days: i64, count: i64 },
    #[error("the session cannot move further")]
    CannotMove,
    #[error("moving would push a session past midnight")]
    MovePastMidnight,
}

fn field_id(f: &str) -> &str {
    match f {
        "title" => "judul",
        "venue" => "tempat",
        "organiser" => "penyelenggara",
        "province" => "provinsi",
        "regency" => "kabupaten/kota",
        "facilitators" => "fasilitator",
        "resource person" => "narasumber",
        "start" => "jam mulai",
        "end" => "jam selesai",
        "start date" => "tanggal mulai",
        "role" => "jabatan penanda tangan",
        "name" => "nama penanda tangan",
        other => other,
    }
}

impl Localized for EventError {
    fn code(&self) -> &'static str {
        use EventError::*;
        match self {
            Required(_) => "event.required",
            TooLong { .. } => "event.too_long",
            UnknownProvince(_) => "event.unknown_province",
            BadDate(_) => "event.bad_date",
            DaysOutOfRange(_) => "event.days_out_of_range",
            YearOutOfRange(_) => "event.year_out_of_range",
            WaveOutOfRange(_) => "event.wave_out_of_range",
            UnknownZone(_) => "event.unknown_zone",
            UnknownMode(_) => "event.unknown_mode",
            BadTime { .. } => "session.bad_time",
            EndNotAfterStart { .. } => "session.end_before_start",
            DayOutsideEvent { .. } => "session.day_outside_event",
            Overlap { .. } => "session.overlap",
            UnknownKind(_) => "session.unknown_kind",
            SessionsBeyondDays { .. } => "event.sessions_beyond_days",
            CannotMove => "session.cannot_move",
            MovePastMidnight => "session.past_midnight",
        }
    }

    fn message(&self, lang: Lang) -> String {
        use EventError::*;
        match self {
            Required(f) => lang.pick(format!("Isi {} terlebih dahulu.", field_id(f)), format!("Please fill in the {f}.")),
            TooLong { field, max } => lang.pick(
                format!("Isian {} terlalu panjang (paling banyak {max} karakter).", field_id(field)),
                format!("The {field} is too long (at most {max} characters)."),
            ),
            UnknownProvince(p) => lang.pick(
                format!("Provinsi \"{p}\" tidak dikenal. Pilih salah satu dari 38 provinsi (kode Kemendagri, mis. 63 Kalimantan Selatan)."),
                format!("Unknown province \"{p}\". Choose one of the 38 provinces (Kemendagri code, e.g. 63 Kalimantan Selatan)."),
            ),
            BadDate(v) => lang.pick(
                format!("Tanggal \"{v}\" tidak valid. Gunakan format TTTT-BB-HH, mis. 2022-07-05."),
                format!("\"{v}\" is not a valid date. Use YYYY-MM-DD, e.g. 2022-07-05."),
            ),
            DaysOutOfRange(d) => lang.pick(
                format!("Jumlah hari harus 1 sampai {MAX_DAYS}, bukan {d}."),
                format!("The number of days must be 1 to {MAX_DAYS}, not {d}."),
            ),
            YearOutOfRange(y) => lang.pick(
                format!("Tahun program {y} tidak masuk akal (2000-2100)."),
                format!("Program year {y} is not plausible (2000-2100)."),
            ),
            WaveOutOfRange(w) => lang.pick(
                format!("Gelombang harus 1 sampai 20, bukan {w}."),
                format!("The wave must be 1 to 20, not {w}."),
            ),
            UnknownZone(z) => lang.pick(
                format!("Zona waktu \"{z}\" tidak dikenal. Pilih WIB, WITA atau WIT."),
                format!("Unknown time zone \"{z}\". Choose WIB, WITA or WIT."),
            ),
            UnknownMode(m) => lang.pick(
                format!("Cara pencatatan kehadiran \"{m}\" tidak dikenal (per hari, per setengah hari, per sesi)."),
                format!("Unknown attendance mode \"{m}\" (per day, per half day, per session)."),
            ),
            BadTime { field, value } => lang.pick(
                format!("{} \"{value}\" tidak valid. Tulis jam seperti 08.30 atau 08:30.", capitalise(field_id(field))),
                format!("The {field} time \"{value}\" is not valid. Write a time like 08:30."),
            ),
            EndNotAfterStart { start, end } => lang.pick(
                format!("Jam selesai ({end}) harus sesudah jam mulai ({start})."),
                format!("The end time ({end}) must be after the start time ({start})."),
            ),
            DayOutsideEvent { day, days } => lang.pick(
                format!("Hari ke-{day} di luar jadwal kegiatan, yang berlangsung {days} hari."),
                format!("Day {day} is outside the event, which lasts {days} day(s)."),
            ),
            Overlap { day, title, start, end } => lang.pick(
                format!("Waktunya bertabrakan dengan sesi \"{title}\" ({start}-{end}) pada hari ke-{day}. Ubah jamnya."),
                format!("The time overlaps the session \"{title}\" ({start}-{end}) on day {day}. Change the times."),
            ),
            UnknownKind(k) => lang.pick(format!("Jenis sesi \"{k}\" tidak dikenal."), format!("Unknown session kind \"{k}\".")),
            SessionsBeyondDays { days, count } => lang.pick(
                format!("Ada {count} sesi setelah hari ke-{days}. Pindahkan atau hapus dahulu sesi itu sebelum mengurangi jumlah hari."),
                format!("{count} session(s) are on days after day {days}. Move or delete them before shortening the event."),
            ),
            CannotMove => lang.pick("Sesi ini tidak bisa digeser lagi.".into(), "This session cannot move further.".into()),
            MovePastMidnight => lang.pick(
                "Pergeseran ini membuat sesi melewati tengah malam.".into(),
                "This move would push a session past midnight.".into(),
            ),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
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
    pub attendance_mode: String,
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

/// What a user types to create or edit an event.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EventInput {
    pub title: String,
    pub program_year: Option<i64>,
    /// Code ("63") or name ("Kalimantan Selatan").
    pub province: String,
    /// Regency or city name (or code such as "63.71").
    pub regency: String,
    pub venue: String,
    pub start_date: String,
    pub days: i64,
    pub wave: Option<i64>,
    pub organiser: String,
    /// WIB/WITA/WIT or an IANA name; default from the province.
    pub timezone: Option<String>,
    pub attendance_mode: Option<String>,
}

pub(crate) struct ValidEvent {
    pub(crate) title: String,
    pub(crate) program_year: i64,
    pub(crate) province: &'static places::Province,
    pub(crate) regency_code: Option<String>,
    pub(crate) regency_name: String,
    pub(crate) venue: String,
    pub(crate) start: NaiveDate,
    pub(crate) days: i64,
    pub(crate) wave: Option<i64>,
    pub(crate) organiser: String,
    pub(crate) timezone: &'static str,
    pub(crate) mode: String,
}

fn text(field: &'static str, v: &str, max: usize, required: bool) -> Result<String, EventError> {
    let t = v.trim();
    if required && t.is_empty() {
        return Err(EventError::Required(field));
    }
    if t.chars().count() > max {
        return Err(EventError::TooLong { field, max });
    }
    Ok(t.to_string())
}

/// Parse a date typed as 2022-07-05 (also 5/7/2022 or 05-07-2022, day first as in Indonesia).
pub fn parse_date(v: &str) -> Result<NaiveDate, EventError> {
    let t = v.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .or_else(|_| NaiveDate::parse_from_str(t, "%d-%m-%Y"))
        .map_err(|_| EventError::BadDate(t.to_string()))
}

pub(crate) fn validate_event(input: &EventInput) -> Result<ValidEvent, EventError> {
    let title = text("title", &input.title, MAX_TEXT, true)?;
    if input.province.trim().is_empty() {
        return Err(EventError::Required("province"));
    }
    let province = places::find_province(&input.province)
        .ok_or_else(|| EventError::UnknownProvince(input.province.trim().to_string()))?;
    let regency_name_in = text("regency", &input.regency, MAX_TEXT, false)?;
    let (regency_code, regency_name) = match places::find_regency(province.code, &regency_name_in) {
        Some(r) => (Some(r.code.to_string()), r.name.to_string()),
        None => (None, regency_name_in),
    };
    let venue = text("venue", &input.venue, MAX_TEXT, false)?;
    let organiser = text("organiser", &input.organiser, MAX_TEXT, false)?;
    if input.start_date.trim().is_empty() {
        return Err(EventError::Required("start date"));
    }
    let start = parse_date(&input.start_date)?;
    if !(2000..=2100).contains(&start.year()) {
        return Err(EventError::BadDate(input.start_date.trim().to_string()));
    }
    if !(1..=MAX_DAYS).contains(&input.days) {
        return Err(EventError::DaysOutOfRange(input.days));
    }
    let program_year = input.program_year.unwrap_or(start.year() as i64);
    if !(2000..=2100).contains(&program_year) {
        return Err(EventError::YearOutOfRange(program_year));
    }
    if let Some(w) = input.wave {
        if !(1..=20).contains(&w) {
            return Err(EventError::WaveOutOfRange(w));
        }
    }
    let timezone = match input
        .timezone
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => province.timezone,
        Some(z) => places::parse_zone(z).ok_or_else(|| EventError::UnknownZone(z.to_string()))?,
    };
    let mode = match input
        .attendance_mode
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => "day".to_string(),
        Some(m) if ATTENDANCE_MODES.contains(&m) => m.to_string(),
        Some(m) => return Err(EventError::UnknownMode(m.to_string())),
    };
    Ok(ValidEvent {
        title,
        program_year,
        province,
        regency_code,
        regency_name,
        venue,
        start,
        days: input.days,
        wave: input.wave,
        organiser,
        timezone,
        mode,
    })
}

const EVENT_COLS: &str = "id, title, program_year, province_code, province_name, regency_code, regency_name, venue, \
     start_date, days, wave, organiser, timezone, attendance_mode, created_at, updated_at, retention_until, \
     signer_role, signer_name, signer_nip, signer_signature IS NOT NULL";

fn event_from_row(r: &Row) -> rusqlite::Result<Event> {
    let start_date: String = r.get(8)?;
    let days: i64 = r.get(9)?;
    let tz: String = r.get(12)?;
    let end_date = NaiveDate::parse_from_str(&start_date, "%Y-%m-%d")
        .map(|d| (d + chrono::Days::new((days - 1).max(0) as u64)).to_string())
        .unwrap_or_default();
    Ok(Event {
        id: r.get(0)?,
        title: r.get(1)?,
        program_year: r.get(2)?,
        province_code: r.get(3)?,
        province_name: r.get(4)?,
        regency_code: r.get(5)?,
        regency_name: r.get(6)?,
        venue: r.get(7)?,
        start_date,
        end_date,
        days,
        wave: r.get(10)?,
        organiser: r.get(11)?,
        zone_label: places::zone_label(&tz).to_string(),
        timezone: tz,
        attendance_mode: r.get(13)?,
        created_at: r.get(14)?,
        updated_at: r.get(15)?,
        retention_until: r.get(16)?,
        signer_role: r.get(17)?,
        signer_name: r.get(18)?,
        signer_nip: r.get(19)?,
        has_signer_signature: r.get(20)?,
    })
}

pub fn create(store: &mut Store, input: &EventInput) -> Result<Event> {
    create_as(store, &crate::ids::new_id(), input)
}

/// Create an event with an id chosen elsewhere: headquarters' plan, carried by a kit, so
/// that the venue's data file arrives under the plan it was made for.
pub fn create_as(store: &mut Store, id: &str, input: &EventInput) -> Result<Event> {
    let v = validate_event(input)?;
    store.write(|tx| insert_valid(tx, id, &v))?;
    log::info!("event created: {id}");
    get(store, id)
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
    crate::awards::insert_defaults(tx, id)?;
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
    let nip = crate::participants::parse_nip(nip)
        .map_err(|_| {
            Error::invalid(
                "nip",
                format!("NIP \"{}\" tidak valid: harus 18 angka.", nip.trim()),
                format!("NIP \"{}\" is not valid: it must be 18 digits.", nip.trim()),
            )
        })?
        .unwrap_or_default();
    if let Some(Some(png)) = signature_png {
        crate::attendance::check_signature_png(png)?;
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
    let e = create(
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
        let s = tx.stamp();
        tx.execute(
            "UPDATE events SET deleted_at=?2, updated_at=?2, hlc=?3, origin=?4 WHERE id=?1",
            params![id, s.now, s.hlc, s.origin],
        )?;
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
    if let Some(id) = crate::settings::get(store, "current_event")? {
        if let Ok(e) = get(store, &id) {
            return Ok(Some(e));
        }
    }
    Ok(list(store)?.into_iter().next())
}

pub fn set_current(store: &mut Store, id: &str) -> Result<Event> {
    let e = get(store, id)?;
    crate::settings::set(store, "current_event", id)?;
    Ok(e)
}

// ---------------------------------------------------------------- agenda (sessions)

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
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
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
        let day: i64 = r.get(2)?;
        Ok(Session {
            id: r.get(0)?,
            event_id: r.get(1)?,
            day,
            date: event.date_of_day(day).to_string(),
            start: r.get(3)?,
            end: r.get(4)?,
            title: r.get(5)?,
            kind: r.get(6)?,
            facilitators: r.get(7)?,
            resource_person: r.get(8)?,
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
        let s = tx.stamp();
        tx.execute(
            "UPDATE sessions SET deleted_at=?2, updated_at=?2, hlc=?3, origin=?4 WHERE id=?1",
            params![id, s.now, s.hlc, s.origin],
        )?;
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

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn kalsel() -> EventInput {
        EventInput {
            title: "PLM Provinsi Kalimantan Selatan".into(),
            province: "63".into(),
            regency: "Kota Banjarmasin".into(),
            venue: "Aston Banua Hotel".into(),
            start_date: "2022-07-05".into(),
            days: 2,
            wave: Some(3),
            organiser: "Perpusnas RI".into(),
            ..Default::default()
        }
    }

    fn sess(day: i64, start: &str, end: &str, title: &str) -> SessionInput {
        SessionInput {
            day,
            start: start.into(),
            end: end.into(),
            title: title.into(),
            ..Default::default()
        }
    }

    fn count(store: &Store, table: &str) -> i64 {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn create_event_derives_zone_regency_and_year() {
        let mut s = Store::open_in_memory().unwrap();
        let e = create(&mut s, &kalsel()).unwrap();
        assert_eq!(e.province_name, "Kalimantan Selatan");
        assert_eq!(e.timezone, "Asia/Makassar");
        assert_eq!(e.zone_label, "WITA");
        assert_eq!(e.regency_code.as_deref(), Some("63.71"));
        assert_eq!(e.program_year, 2022);
        assert_eq!(e.end_date, "2022-07-06");
        assert_eq!(e.attendance_mode, "day");
        assert_eq!(
            e.retention_until.as_deref(),
            Some("2024-07-06"),
            "two years after the last day"
        );
        assert!(!e.retention_due(NaiveDate::from_ymd_opt(2024, 7, 6).unwrap()));
        assert!(e.retention_due(NaiveDate::from_ymd_opt(2024, 7, 7).unwrap()));
        assert_eq!(
            set_retention(&mut s, &e.id, "2022-07-01")
                .unwrap_err()
                .code(),
            "event.bad_date",
            "not before the event ends"
        );
        assert_eq!(
            set_retention(&mut s, &e.id, "2023-01-31")
                .unwrap()
                .retention_until
                .as_deref(),
            Some("2023-01-31")
        );
        assert!(crate::ids::is_uuid(&e.id));
        let (hlc, origin, deleted): (String, String, Option<String>) = s
            .conn()
            .query_row(
                "SELECT hlc, origin, deleted_at FROM events WHERE id=?1",
                [&e.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert!(crate::ids::Hlc::parse(&hlc).is_some());
        assert_eq!(origin, s.device_id());
        assert!(deleted.is_none());
    }

    #[test]
    fn explicit_zone_overrides_province() {
        let mut s = Store::open_in_memory().unwrap();
        let e = create(
            &mut s,
            &EventInput {
                timezone: Some("WIB".into()),
                ..kalsel()
            },
        )
        .unwrap();
        assert_eq!(e.zone_label, "WIB");
    }

    #[test]
    fn bad_event_input_is_refused_and_changes_nothing() {
        let mut s = Store::open_in_memory().unwrap();
        let cases: Vec<(EventInput, &str)> = vec![
            (
                EventInput {
                    province: "99".into(),
                    ..kalsel()
                },
                "event.unknown_province",
            ),
            (
                EventInput {
                    days: 0,
                    ..kalsel()
                },
                "event.days_out_of_range",
            ),
            (
                EventInput {
                    days: 9,
                    ..kalsel()
                },
                "event.days_out_of_range",
            ),
            (
                EventInput {
                    start_date: "2022-02-30".into(),
                    ..kalsel()
                },
                "event.bad_date",
            ),
            (
                EventInput {
                    start_date: "kemarin".into(),
                    ..kalsel()
                },
                "event.bad_date",
            ),
            (
                EventInput {
                    title: "   ".into(),
                    ..kalsel()
                },
                "event.required",
            ),
            (
                EventInput {
                    title: "x".repeat(201),
                    ..kalsel()
                },
                "event.too_long",
            ),
            (
                EventInput {
                    timezone: Some("CET".into()),
                    ..kalsel()
                },
                "event.unknown_zone",
            ),
            (
                EventInput {
                    wave: Some(0),
                    ..kalsel()
                },
                "event.wave_out_of_range",
            ),
            (
                EventInput {
                    attendance_mode: Some("hourly".into()),
                    ..kalsel()
                },
                "event.unknown_mode",
            ),
        ];
        for (input, code) in cases {
            let err = create(&mut s, &input).unwrap_err();
            assert_eq!(err.code(), code, "{input:?}");
            assert!(!err.message(Lang::Id).is_empty());
        }
        assert_eq!(count(&s, "events"), 0);
    }

    #[test]
    fn indonesian_date_format_is_accepted() {
        let mut s = Store::open_in_memory().unwrap();
        let e = create(
            &mut s,
            &EventInput {
                start_date: "5/7/2022".into(),
                ..kalsel()
            },
        )
        .unwrap();
        assert_eq!(e.start_date, "2022-07-05");
    }

    #[test]
    fn edit_event_and_current_event() {
        let mut s = Store::open_in_memory().unwrap();
        let a = create(&mut s, &kalsel()).unwrap();
        let b = create(
            &mut s,
            &EventInput {
                title: "PLM Bali".into(),
                province: "Bali".into(),
                start_date: "2022-08-01".into(),
                ..kalsel()
            },
        )
        .unwrap();
        assert_eq!(b.zone_label, "WITA");
        assert_eq!(current(&s).unwrap().unwrap().id, b.id, "newest by default");
        set_current(&mut s, &a.id).unwrap();
        assert_eq!(current(&s).unwrap().unwrap().id, a.id);
        let edited = update(
            &mut s,
            &a.id,
            &EventInput {
                days: 3,
                venue: "Hotel A".into(),
                ..kalsel()
            },
        )
        .unwrap();
        assert_eq!(edited.days, 3);
        assert_eq!(edited.venue, "Hotel A");
        assert_eq!(edited.created_at, a.created_at);
        assert_eq!(list(&s).unwrap().len(), 2);
        delete(&mut s, &b.id).unwrap();
        assert_eq!(list(&s).unwrap().len(), 1);
        assert_eq!(count(&s, "events"), 2, "deletion is a tombstone");
        assert_eq!(get(&s, &b.id).unwrap_err().code(), "not_found");
    }

    #[test]
    fn agenda_rules() {
        let mut s = Store::open_in_memory().unwrap();
        let e = create(&mut s, &kalsel()).unwrap();
        let open = add_session(
            &mut s,
            &e.id,
            &SessionInput {
                kind: Some("pembukaan".into()),
                ..sess(1, "08.00", "09:00", "Pembukaan")
            },
        )
        .unwrap();
        assert_eq!(open.kind, "opening");
        assert_eq!(open.date, "2022-07-05");
        add_session(&mut s, &e.id, &sess(1, "09:00", "10:30", "Paparan capaian")).unwrap();
        add_session(&mut s, &e.id, &sess(2, "08:00", "09:00", "RTL")).unwrap();

        let err = add_session(&mut s, &e.id, &sess(1, "10:00", "11:00", "Diskusi")).unwrap_err();
        assert_eq!(err.code(), "session.overlap");
        assert!(err.message(Lang::Id).contains("Paparan capaian"));
        assert_eq!(
            add_session(&mut s, &e.id, &sess(1, "11:00", "10:00", "X"))
                .unwrap_err()
                .code(),
            "session.end_before_start"
        );
        assert_eq!(
            add_session(&mut s, &e.id, &sess(1, "11:00", "11:00", "X"))
                .unwrap_err()
                .code(),
            "session.end_before_start"
        );
        assert_eq!(
            add_session(&mut s, &e.id, &sess(3, "08:00", "09:00", "X"))
                .unwrap_err()
                .code(),
            "session.day_outside_event"
        );
        assert_eq!(
            add_session(&mut s, &e.id, &sess(0, "08:00", "09:00", "X"))
                .unwrap_err()
                .code(),
            "session.day_outside_event"
        );
        assert_eq!(
            add_session(&mut s, &e.id, &sess(1, "25:00", "26:00", "X"))
                .unwrap_err()
                .code(),
            "session.bad_time"
        );
        assert_eq!(
            add_session(
                &mut s,
                &e.id,
                &SessionInput {
                    kind: Some("party".into()),
                    ..sess(1, "13:00", "14:00", "X")
                }
            )
            .unwrap_err()
            .code(),
            "session.unknown_kind"
        );
        assert_eq!(
            add_session(&mut s, "nope", &sess(1, "13:00", "14:00", "X"))
                .unwrap_err()
                .code(),
            "not_found"
        );
        assert_eq!(list_sessions(&s, &e.id).unwrap().len(), 3);

        // editing a session may keep its own slot
        let mut edit = sess(1, "08:00", "09:15", "Pembukaan resmi");
        edit.kind = Some("opening".into());
        assert_eq!(
            update_session(&mut s, &open.id, &edit).unwrap_err().code(),
            "session.overlap"
        );
        edit.end = "08:45".into();
        let edited = update_session(&mut s, &open.id, &edit).unwrap();
        assert_eq!(edited.title, "Pembukaan resmi");

        // shortening the event below a day that has sessions is refused
        let err = update(
            &mut s,
            &e.id,
            &EventInput {
                days: 1,
                ..kalsel()
            },
        )
        .unwrap_err();
        assert_eq!(err.code(), "event.sessions_beyond_days");
        assert_eq!(get(&s, &e.id).unwrap().days, 2);

        delete_session(&mut s, &edited.id).unwrap();
        assert_eq!(list_sessions(&s, &e.id).unwrap().len(), 2);
        assert_eq!(get_session(&s, &edited.id).unwrap_err().code(), "not_found");
    }

    #[test]
    fn reorder_keeps_durations_and_slot() {
        let mut s = Store::open_in_memory().unwrap();
        let e = create(&mut s, &kalsel()).unwrap();
        let a = add_session(&mut s, &e.id, &sess(1, "08:00", "09:00", "A")).unwrap();
        let b = add_session(&mut s, &e.id, &sess(1, "09:15", "11:15", "B")).unwrap();
        let list = move_session(&mut s, &b.id, true).unwrap();
        let titles: Vec<_> = list
            .iter()
            .map(|x| (x.title.as_str(), x.start.as_str(), x.end.as_str()))
            .collect();
        assert_eq!(
            titles,
            vec![("B", "08:00", "10:00"), ("A", "10:15", "11:15")]
        );
        assert_eq!(
            move_session(&mut s, &b.id, true).unwrap_err().code(),
            "session.cannot_move"
        );
        let list = move_session(&mut s, &b.id, false).unwrap();
        assert_eq!(list[0].title, "A");
        assert_eq!(
            (list[0].start.as_str(), list[1].end.as_str()),
            ("08:00", "11:15")
        );
        assert_eq!(a.day, 1);
    }
}
