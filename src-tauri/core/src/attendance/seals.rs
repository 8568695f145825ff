//! Closing ("sealing") a day and opening it again with a reason, and the day's summary
//! a facilitator checks before closing it.

use super::*;

pub(super) fn is_sealed(conn: &rusqlite::Connection, event_id: &str, day: i64) -> Result<bool> {
    let v: Option<i64> = conn
        .query_row(
            "SELECT sealed FROM day_seals WHERE event_id=?1 AND day=?2 AND deleted_at IS NULL",
            params![event_id, day],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v == Some(1))
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
