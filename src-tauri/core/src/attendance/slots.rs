//! Where a check-in counts: the day, half day or session, found from the venue's clock
//! or chosen, and the times shown in the venue's zone.

use super::*;
use crate::events::AttendanceMode;

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
    match event.attendance_mode {
        AttendanceMode::Session => {
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
        AttendanceMode::HalfDay => {
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
        AttendanceMode::Day => {
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

pub(super) fn check_day(event: &Event, day: i64) -> Result<()> {
    if day < 1 || day > event.days {
        return Err(crate::events::EventError::DayOutsideEvent {
            day,
            days: event.days,
        }
        .into());
    }
    Ok(())
}
