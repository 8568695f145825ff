//! What a user types for an event, checked: every field's rule in one place.

use super::{AttendanceMode, EventError, MAX_DAYS, MAX_TEXT};
use crate::places;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

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
    pub(crate) mode: AttendanceMode,
}

pub(super) fn text(
    field: &'static str,
    v: &str,
    max: usize,
    required: bool,
) -> Result<String, EventError> {
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
        None => AttendanceMode::Day,
        Some(m) => {
            AttendanceMode::parse(m).ok_or_else(|| EventError::UnknownMode(m.to_string()))?
        }
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
