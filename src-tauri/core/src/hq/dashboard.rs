//! The national picture: every imported event, filtered by year, wave and province, as
//! the figures headquarters' dashboard draws. Counted in SQL over the filtered events.

use crate::db::Store;
use crate::error::Result;
use crate::participants::CATEGORIES;
use rusqlite::params_from_iter;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Filter {
    pub year: Option<i64>,
    pub wave: Option<i64>,
    /// Province code ("63").
    pub province: Option<String>,
}

/// People by category and gender: the same rows as a day's summary at the venue.
pub use crate::attendance::CategoryCount as CategoryRow;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DayRow {
    pub day: i64,
    pub present: i64,
    pub expected: i64,
}

/// Items per TPBIS strategy and status (the summary's counting, across the events).
pub type StrategyRow = crate::plans::StrategyCount;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Winner {
    pub event_id: String,
    pub category: String,
    pub institution: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ProvinceRow {
    pub code: String,
    pub name: String,
    pub wave: Option<i64>,
    pub event_id: String,
    pub event: String,
    pub start_date: String,
    pub participants: i64,
    /// Present person-days over expected person-days, in percent (one decimal).
    pub attendance_percent: f64,
    pub plan_items: i64,
    pub notes: i64,
    pub stories: i64,
    pub winners: Vec<Winner>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Dashboard {
    pub filter: Filter,
    /// What the filter boxes offer (over every event, not only the filtered ones).
    pub years: Vec<i64>,
    pub waves: Vec<i64>,
    pub events: usize,
    pub participants: i64,
    pub with_disability: i64,
    pub by_category: Vec<CategoryRow>,
    pub days: Vec<DayRow>,
    pub strategies: Vec<StrategyRow>,
    pub notes: i64,
    pub stories: i64,
    pub provinces: Vec<ProvinceRow>,
}

/// An event the filter keeps: id, province code and name, wave, title, start, days.
type EventRow = (String, String, String, Option<i64>, String, String, i64);

fn filtered_events(store: &Store, f: &Filter) -> Result<Vec<EventRow>> {
    let mut st = store.conn().prepare_cached(
        "SELECT id, province_code, province_name, wave, title, start_date, days FROM events
         WHERE deleted_at IS NULL AND (?1 IS NULL OR program_year = ?1) AND (?2 IS NULL OR wave = ?2)
           AND (?3 IS NULL OR province_code = ?3)
         ORDER BY province_code, start_date",
    )?;
    let rows = st
        .query_map(rusqlite::params![f.year, f.wave, f.province], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The dashboard for a filter.
pub fn dashboard(store: &Store, filter: &Filter) -> Result<Dashboard> {
    let c = store.conn();
    let evs = filtered_events(store, filter)?;
    let ids: Vec<&str> = evs.iter().map(|e| e.0.as_str()).collect();
    let list = |n: usize| vec!["?"; n].join(",");
    let inn = list(ids.len().max(1));
    let ids_or_none: Vec<&str> = if ids.is_empty() {
        vec![""]
    } else {
        ids.clone()
    };

    let mut by_category: Vec<CategoryRow> = CATEGORIES
        .iter()
        .map(|(code, label)| CategoryRow {
            category: code.to_string(),
            label: label.to_string(),
            l: 0,
            p: 0,
            unknown: 0,
            total: 0,
        })
        .collect();
    let mut with_disability = 0;
    // one pass over the people: by category and gender, and how many per event
    let mut people: std::collections::HashMap<String, i64> = Default::default();
    {
        let mut st = c.prepare(&format!(
            "SELECT event_id, category, coalesce(gender, ''), count(*), sum(coalesce(disability, '') <> '')
             FROM participants WHERE deleted_at IS NULL AND event_id IN ({inn}) GROUP BY 1, 2, 3"
        ))?;
        let mut rows = st.query(params_from_iter(ids_or_none.iter()))?;
        while let Some(r) = rows.next()? {
            let (ev, cat, g, n, d): (String, String, String, i64, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            *people.entry(ev).or_insert(0) += n;
            with_disability += d;
            if let Some(row) = by_category.iter_mut().find(|x| x.category == cat) {
                match g.as_str() {
                    "L" => row.l += n,
                    "P" => row.p += n,
                    _ => row.unknown += n,
                }
                row.total += n;
            }
        }
    }
    let participants = by_category.iter().map(|r| r.total).sum();

    // per event: plan items, notes, stories
    let per_event = |sql: &str| -> Result<std::collections::HashMap<String, i64>> {
        let mut st = c.prepare(&sql.replace("{inn}", &inn))?;
        let rows = st
            .query_map(params_from_iter(ids_or_none.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    };
    // who was present on which day, per event: one pass over the attendance rows
    let mut present_by: std::collections::HashMap<(String, i64), i64> = Default::default();
    {
        let mut st = c.prepare(&format!(
            // the few people removed are set aside once, rather than each check-in
            // looking its person up
            "SELECT a.event_id, a.day, count(DISTINCT a.participant_id) FROM attendance a
             WHERE a.deleted_at IS NULL AND a.event_id IN ({inn})
               AND a.participant_id NOT IN (SELECT id FROM participants WHERE deleted_at IS NOT NULL)
             GROUP BY 1, 2"
        ))?;
        let mut rows = st.query(params_from_iter(ids_or_none.iter()))?;
        while let Some(r) = rows.next()? {
            present_by.insert((r.get(0)?, r.get(1)?), r.get(2)?);
        }
    }
    let mut present: std::collections::HashMap<String, i64> = Default::default();
    for ((ev, _), n) in &present_by {
        *present.entry(ev.clone()).or_insert(0) += n;
    }
    let items = per_event(
        "SELECT p.event_id, count(*) FROM plan_items i JOIN plans p ON p.id = i.plan_id
         WHERE p.deleted_at IS NULL AND i.deleted_at IS NULL AND p.event_id IN ({inn}) GROUP BY 1",
    )?;
    let notes = per_event("SELECT event_id, count(*) FROM learning_notes WHERE deleted_at IS NULL AND event_id IN ({inn}) GROUP BY 1")?;
    let stories = per_event("SELECT event_id, count(*) FROM impact_stories WHERE deleted_at IS NULL AND event_id IN ({inn}) GROUP BY 1")?;

    let max_days = evs.iter().map(|e| e.6).max().unwrap_or(0);
    let mut days = Vec::new();
    for d in 1..=max_days {
        let expected: i64 = evs
            .iter()
            .filter(|e| e.6 >= d)
            .map(|e| people.get(&e.0).copied().unwrap_or(0))
            .sum();
        let present: i64 = present_by
            .iter()
            .filter(|((_, day), _)| *day == d)
            .map(|(_, n)| n)
            .sum();
        days.push(DayRow {
            day: d,
            present,
            expected,
        });
    }

    let mut strategies: Vec<StrategyRow> = crate::plans::StrategyCount::each_strategy();
    {
        let mut st = c.prepare(&format!(
            "SELECT i.strategy, i.status, count(*) AS n FROM plan_items i JOIN plans p ON p.id = i.plan_id
             WHERE p.deleted_at IS NULL AND i.deleted_at IS NULL AND p.event_id IN ({inn}) GROUP BY 1, 2"
        ))?;
        let mut rows = st.query(params_from_iter(ids_or_none.iter()))?;
        while let Some(r) = rows.next()? {
            let strategy: crate::plans::Strategy = r.get("strategy")?;
            if let Some(row) = strategies.iter_mut().find(|x| x.strategy == strategy) {
                row.add(r.get("status")?, r.get("n")?);
            }
        }
    }

    let all_ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    let winners = crate::awards::winners_in(store, &all_ids)?;
    let mut provinces = Vec::with_capacity(evs.len());
    for (id, code, name, wave, title, start, ndays) in &evs {
        let n = people.get(id).copied().unwrap_or(0);
        let expected = n * ndays;
        let here = present.get(id).copied().unwrap_or(0);
        let winners = winners
            .iter()
            .filter(|w| &w.0 == id)
            .map(|(event_id, category, institution)| Winner {
                event_id: event_id.clone(),
                category: category.clone(),
                institution: institution.clone(),
            })
            .collect();
        provinces.push(ProvinceRow {
            code: code.clone(),
            name: name.clone(),
            wave: *wave,
            event_id: id.clone(),
            event: title.clone(),
            start_date: start.clone(),
            participants: n,
            attendance_percent: if expected > 0 {
                (here as f64 * 1000.0 / expected as f64).round() / 10.0
            } else {
                0.0
            },
            plan_items: items.get(id).copied().unwrap_or(0),
            notes: notes.get(id).copied().unwrap_or(0),
            stories: stories.get(id).copied().unwrap_or(0),
            winners,
        });
    }
    let options = |col: &str| -> Result<Vec<i64>> {
        let mut st = c.prepare(&format!(
            "SELECT DISTINCT {col} FROM events WHERE deleted_at IS NULL AND {col} IS NOT NULL ORDER BY 1"
        ))?;
        let v = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(v)
    };
    Ok(Dashboard {
        filter: filter.clone(),
        years: options("program_year")?,
        waves: options("wave")?,
        events: evs.len(),
        participants,
        with_disability,
        by_category,
        days,
        strategies,
        notes: notes.values().sum(),
        stories: stories.values().sum(),
        provinces,
    })
}
