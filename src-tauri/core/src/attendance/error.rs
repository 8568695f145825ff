//! What can be wrong at the desk, in both languages.

use super::*;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AttendanceError {
    #[error("no participant with code {0}")]
    UnknownCode(String),
    /// A check-in that names nobody (no participant chosen, no code typed).
    #[error("no participant chosen")]
    NoOneChosen,
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
    #[error("too late to undo")]
    TooLateToUndo,
    #[error("a reason is required")]
    ReasonRequired,
    #[error("unknown source {0}")]
    BadSource(String),
}

crate::domain_error!(AttendanceError);

impl Localized for AttendanceError {
    fn field(&self) -> Option<&'static str> {
        match self {
            AttendanceError::NoOneChosen => Some("who"),
            _ => None,
        }
    }
    fn code(&self) -> &'static str {
        use AttendanceError::*;
        match self {
            UnknownCode(_) => "checkin.unknown_code",
            NoOneChosen => "checkin.no_one_chosen",
            DaySealed { .. } => "checkin.day_sealed",
            DayNotSealed { .. } => "checkin.day_not_sealed",
            SessionRequired => "checkin.session_required",
            SessionNotInEvent => "checkin.session_not_in_event",
            BadHalf => "checkin.bad_half",
            NoSessions(_) => "checkin.no_sessions",
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
            NoOneChosen => lang.pick(
                "Pilih peserta atau ketik kodenya.".into(),
                "Choose a participant or type the code.".into(),
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
            TooLateToUndo => lang.pick(
                format!("Batal hanya bisa dalam {UNDO_SECONDS} detik. Untuk mengubah kehadiran, gunakan koreksi dengan alasan."),
                format!("Undo is only possible within {UNDO_SECONDS} seconds. To change attendance, use a correction with a reason."),
            ),
            ReasonRequired => lang.pick("Tuliskan alasannya.".into(), "Please give a reason.".into()),
            BadSource(s) => lang.pick(format!("Sumber \"{s}\" tidak dikenal (desk atau paper)."), format!("Unknown source \"{s}\" (desk or paper).")),
        }
    }
}
