//! Whether this laptop's clock can be trusted for what the desk records. Check-in times
//! are printed on the daftar hadir and travel to headquarters; a laptop with a dead clock
//! battery or a wrong year would print wrong dates without anyone noticing. The desk
//! asks this before the first check-in and says so plainly.

use crate::events::Event;
use crate::i18n::{long_date, Lang};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// The day this app was built: a laptop whose date is earlier has a wrong clock.
pub fn build_date() -> NaiveDate {
    NaiveDate::parse_from_str(env!("PLM_BUILD_DATE"), "%Y-%m-%d").expect("build.rs writes a date")
}

/// Why the desk warns about the laptop's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockProblem {
    /// The laptop's date is before the day this app was built: the clock is wrong.
    BeforeBuild,
    /// The laptop's date is not one of the event's days.
    OutsideEvent,
}

/// A warning for the desk: what is wrong and one line to show.
#[derive(Debug, Clone, Serialize)]
pub struct ClockWarning {
    pub problem: ClockProblem,
    /// The laptop's date in the venue's zone (YYYY-MM-DD).
    pub laptop_date: String,
    pub message: String,
}

/// The warning for a desk recording `day` of `event` at the laptop's time `now`, if any.
pub fn desk_warning(
    event: &Event,
    day: i64,
    now: DateTime<Utc>,
    lang: Lang,
) -> Option<ClockWarning> {
    let off = crate::places::zone_offset_minutes(&event.timezone).unwrap_or(0) as i64;
    let today = (now + chrono::Duration::minutes(off)).date_naive();
    let first = event.start();
    let last = event.date_of_day(event.days);
    let recording = event.date_of_day(day);
    let problem = if today < build_date() {
        ClockProblem::BeforeBuild
    } else if today < first || today > last {
        ClockProblem::OutsideEvent
    } else {
        return None;
    };
    let span = if first == last {
        long_date(first, lang)
    } else {
        format!("{} – {}", long_date(first, lang), long_date(last, lang))
    };
    let message = match (problem, lang) {
        (ClockProblem::BeforeBuild, Lang::Id) => format!(
            "Tanggal laptop {} lebih awal dari tanggal aplikasi ini dibuat: jam laptop salah. Betulkan tanggal dan jam laptop sebelum mencatat kehadiran; waktu yang tercetak di daftar hadir akan salah. Mencatat hari ke-{day}, {}.",
            long_date(today, lang), long_date(recording, lang)
        ),
        (ClockProblem::BeforeBuild, Lang::En) => format!(
            "The laptop's date, {}, is earlier than the day this app was built: its clock is wrong. Fix the laptop's date and time before recording attendance; the times printed on the sheet would be wrong. Recording day {day}, {}.",
            long_date(today, lang), long_date(recording, lang)
        ),
        (ClockProblem::OutsideEvent, Lang::Id) => format!(
            "Tanggal laptop {}, kegiatan {span}: periksa jam laptop. Mencatat hari ke-{day}, {}; hari ini bukan hari kegiatan.",
            long_date(today, lang), long_date(recording, lang)
        ),
        (ClockProblem::OutsideEvent, Lang::En) => format!(
            "The laptop's date is {}, the event runs {span}: check the laptop's clock. Recording day {day}, {}; today is not an event day.",
            long_date(today, lang), long_date(recording, lang)
        ),
    };
    Some(ClockWarning {
        problem,
        laptop_date: today.to_string(),
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Event {
        Event {
            start_date: "2027-07-05".into(),
            days: 2,
            timezone: "Asia/Makassar".into(),
            ..Default::default()
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn an_event_day_needs_no_warning() {
        // 23.30 UTC on the 4th is 07.30 WITA on the 5th
        assert!(desk_warning(&event(), 1, at("2027-07-04T23:30:00Z"), Lang::Id).is_none());
        assert!(desk_warning(&event(), 2, at("2027-07-06T10:00:00Z"), Lang::Id).is_none());
    }

    #[test]
    fn a_day_outside_the_event_is_said_plainly() {
        let w = desk_warning(&event(), 1, at("2027-07-08T02:00:00Z"), Lang::Id).unwrap();
        assert_eq!(w.problem, ClockProblem::OutsideEvent);
        assert!(
            w.message.contains("Tanggal laptop Kamis, 8 Juli 2027"),
            "{}",
            w.message
        );
        assert!(
            w.message.contains("Mencatat hari ke-1, Senin, 5 Juli 2027"),
            "{}",
            w.message
        );
        assert!(
            w.message.contains("hari ini bukan hari kegiatan"),
            "{}",
            w.message
        );
    }

    #[test]
    fn a_laptop_dated_before_the_build_has_a_wrong_clock() {
        let w = desk_warning(&event(), 1, at("2019-01-01T02:00:00Z"), Lang::En).unwrap();
        assert_eq!(w.problem, ClockProblem::BeforeBuild);
        assert!(
            w.message.contains("Tuesday, 1 January 2019"),
            "{}",
            w.message
        );
        assert!(w.message.contains("clock is wrong"), "{}", w.message);
    }
}
