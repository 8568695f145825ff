//! What can be wrong with an event or a session, in both languages.

use super::MAX_DAYS;
use crate::error::Localized;
use crate::i18n::Lang;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EventError {
    #[error("the {0} is required")]
    Required(&'static str),
    /// The signer's NIP as typed, not 18 digits.
    #[error("the NIP {0} is not 18 digits")]
    BadNip(String),
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

crate::domain_error!(EventError);

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
    fn field(&self) -> Option<&'static str> {
        match self {
            EventError::Required(f) => Some(f),
            EventError::BadNip(_) => Some("nip"),
            EventError::TooLong { field, .. } => Some(field),
            EventError::BadTime { field, .. } => Some(field),
            _ => None,
        }
    }
    fn code(&self) -> &'static str {
        use EventError::*;
        match self {
            Required(_) => "event.required",
            BadNip(_) => "event.bad_nip",
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
            BadNip(n) => lang.pick(
                format!("NIP \"{n}\" tidak valid: harus 18 angka."),
                format!("NIP \"{n}\" is not valid: it must be 18 digits."),
            ),
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
