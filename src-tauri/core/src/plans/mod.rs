//! Follow-up plans (RTL, Rencana Tindak Lanjut): what each library commits to do after
//! the PLM. A plan belongs to an institution and names the participants who drafted it;
//! its items carry the brief's columns, one TPBIS strategy and a status.

use crate::db::{Store, Tx};
use crate::error::{Error, Localized, Result};
use crate::events;
use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// The four TPBIS strategies an item serves (labels: [`Strategy::label`]).
    pub enum Strategy {
        Layanan = "layanan",
        Pelibatan = "pelibatan",
        Advokasi = "advokasi",
        Publikasi = "publikasi",
    }
}

crate::code_enum! {
    /// Where an item stands (labels: [`Status::label`]).
    pub enum Status {
        Planned = "planned",
        InProgress = "in_progress",
        Done = "done",
        Dropped = "dropped",
    }
}
const MAX_TEXT: usize = 300;
const MAX_LONG: usize = 2000;

mod error;
mod fields;
mod items;
#[cfg(test)]
mod tests;

pub use error::PlanError;
use fields::text;
pub use fields::*;
pub use items::*;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Plan {
    pub id: String,
    pub event_id: String,
    pub institution: String,
    pub regency: String,
    pub members: Vec<String>,
    pub presented: bool,
    pub presented_at: Option<String>,
    pub items: Vec<Item>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Item {
    pub id: String,
    pub plan_id: String,
    pub position: i64,
    pub activity: String,
    pub objective: String,
    pub target_group: String,
    pub method: String,
    pub when_from: Option<String>,
    pub when_to: Option<String>,
    pub place: String,
    pub responsible: String,
    pub resources: String,
    pub funding: String,
    pub indicator: String,
    pub notes: String,
    pub strategy: Strategy,
    pub status: Status,
    pub status_changed: String,
}

impl Item {
    /// "Agustus 2022", "17 Agustus 2022", "Agustus – Oktober 2022" in the user's language.
    pub fn when_text(&self, lang: Lang) -> String {
        fn one(s: &str, lang: Lang) -> String {
            match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                Ok(d) => crate::i18n::short_date(d, lang),
                Err(_) => match NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d") {
                    Ok(d) => format!("{} {}", crate::i18n::month_name(d.month(), lang), d.year()),
                    Err(_) => s.to_string(),
                },
            }
        }
        match (&self.when_from, &self.when_to) {
            (Some(a), Some(b)) => format!("{} – {}", one(a, lang), one(b, lang)),
            (Some(a), None) => one(a, lang),
            _ => String::new(),
        }
    }
}

/// What a user types for a plan.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanInput {
    pub institution: String,
    pub regency: String,
    pub members: Vec<String>,
}

/// What a user types for one item. `when` is free text parsed by [`parse_when`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemInput {
    pub activity: String,
    pub objective: String,
    pub target_group: String,
    pub method: String,
    pub when: String,
    pub place: String,
    pub responsible: String,
    pub resources: String,
    pub funding: String,
    pub indicator: String,
    pub notes: String,
    pub strategy: String,
}

struct ValidItem {
    activity: String,
    objective: String,
    target_group: String,
    method: String,
    when_from: Option<String>,
    when_to: Option<String>,
    place: String,
    responsible: String,
    resources: String,
    funding: String,
    indicator: String,
    notes: String,
    strategy: Strategy,
}

fn validate_item(input: &ItemInput, event_year: i32) -> Result<ValidItem, PlanError> {
    let activity = text("activity", &input.activity, MAX_TEXT, true)?;
    if input.strategy.trim().is_empty() {
        return Err(PlanError::Required("strategy"));
    }
    let strategy = Strategy::parse(&input.strategy)?;
    let (when_from, when_to) = parse_when(&input.when, event_year)?;
    Ok(ValidItem {
        activity,
        objective: text("objective", &input.objective, MAX_LONG, false)?,
        target_group: text("target group", &input.target_group, MAX_TEXT, false)?,
        method: text("method", &input.method, MAX_TEXT, false)?,
        when_from,
        when_to,
        place: text("place", &input.place, MAX_TEXT, false)?,
        responsible: text("responsible", &input.responsible, MAX_TEXT, false)?,
        resources: text("resources", &input.resources, MAX_TEXT, false)?,
        funding: text("funding", &input.funding, MAX_TEXT, false)?,
        indicator: text("indicator", &input.indicator, MAX_LONG, false)?,
        notes: text("notes", &input.notes, MAX_LONG, false)?,
        strategy,
    })
}

fn check_members(tx: &Tx, event_id: &str, members: &[String]) -> Result<()> {
    for m in members {
        let ok: Option<i64> = tx
            .query_row(
                "SELECT 1 FROM participants WHERE id = ?1 AND event_id = ?2 AND deleted_at IS NULL",
                [m, event_id],
                |r| r.get(0),
            )
            .optional()?;
        if ok.is_none() {
            return Err(PlanError::UnknownMember(m.clone()).into());
        }
    }
    Ok(())
}

const ITEM_COLS: &str =
    "id, plan_id, position, activity, objective, target_group, method, when_from, when_to, place, \
    responsible, resources, funding, indicator, notes, strategy, status, status_changed";

fn item_from_row(r: &Row) -> rusqlite::Result<Item> {
    Ok(Item {
        id: r.get("id")?,
        plan_id: r.get("plan_id")?,
        position: r.get("position")?,
        activity: r.get("activity")?,
        objective: r.get("objective")?,
        target_group: r.get("target_group")?,
        method: r.get("method")?,
        when_from: r.get("when_from")?,
        when_to: r.get("when_to")?,
        place: r.get("place")?,
        responsible: r.get("responsible")?,
        resources: r.get("resources")?,
        funding: r.get("funding")?,
        indicator: r.get("indicator")?,
        notes: r.get("notes")?,
        strategy: r.get("strategy")?,
        status: r.get("status")?,
        status_changed: r.get("status_changed")?,
    })
}

fn items_of(conn: &rusqlite::Connection, plan_id: &str) -> Result<Vec<Item>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {ITEM_COLS} FROM plan_items WHERE plan_id = ?1 AND deleted_at IS NULL ORDER BY position, created_at"
    ))?;
    let rows = st
        .query_map([plan_id], item_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn plan_from_row(r: &Row) -> rusqlite::Result<Plan> {
    let members: String = r.get(4)?;
    Ok(Plan {
        id: r.get(0)?,
        event_id: r.get(1)?,
        institution: r.get(2)?,
        regency: r.get(3)?,
        members: serde_json::from_str(&members).unwrap_or_default(),
        presented: r.get(5)?,
        presented_at: r.get(6)?,
        items: Vec::new(),
        updated_at: r.get(7)?,
    })
}

const PLAN_COLS: &str =
    "id, event_id, institution, regency, members, presented, presented_at, updated_at";

pub fn get(store: &Store, id: &str) -> Result<Plan> {
    let mut p = store
        .conn()
        .query_row(
            &format!("SELECT {PLAN_COLS} FROM plans WHERE id = ?1 AND deleted_at IS NULL"),
            [id],
            plan_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::not_found("plan", id))?;
    p.items = items_of(store.conn(), id)?;
    Ok(p)
}

/// The event's plans with their items, by institution.
pub fn list(store: &Store, event_id: &str) -> Result<Vec<Plan>> {
    events::get(store, event_id)?;
    let mut st = store.conn().prepare(&format!(
        "SELECT {PLAN_COLS} FROM plans WHERE event_id = ?1 AND deleted_at IS NULL ORDER BY institution COLLATE NOCASE, created_at"
    ))?;
    let mut plans = st
        .query_map([event_id], plan_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for p in &mut plans {
        p.items = items_of(store.conn(), &p.id)?;
    }
    Ok(plans)
}

fn find_by_institution(tx: &Tx, event_id: &str, institution: &str) -> Result<Option<String>> {
    let key = crate::text::fold(institution);
    let mut st =
        tx.prepare("SELECT id, institution FROM plans WHERE event_id = ?1 AND deleted_at IS NULL")?;
    let rows = st.query_map([event_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (id, inst) = row?;
        if crate::text::fold(&inst) == key {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// Create a plan for an institution. An institution has one plan per event: asking again
/// returns the existing one (with the new members added).
pub fn create(store: &mut Store, event_id: &str, input: &PlanInput) -> Result<Plan> {
    events::get(store, event_id)?;
    let institution = text("institution", &input.institution, MAX_TEXT, true)?;
    let regency = text("regency", &input.regency, MAX_TEXT, false)?;
    let id = store.write(|tx| {
        check_members(tx, event_id, &input.members)?;
        if let Some(id) = find_by_institution(tx, event_id, &institution)? {
            let old: String = tx.query_row("SELECT members FROM plans WHERE id = ?1", [&id], |r| r.get(0))?;
            let mut members: Vec<String> = serde_json::from_str(&old).unwrap_or_default();
            let before = members.len();
            for m in &input.members {
                if !members.contains(m) {
                    members.push(m.clone());
                }
            }
            if members.len() != before {
                let s = tx.stamp();
                tx.execute(
                    "UPDATE plans SET members=?2, updated_at=?3, hlc=?4, origin=?5 WHERE id=?1",
                    params![id, serde_json::to_string(&members).expect("json"), s.now, s.hlc, s.origin],
                )?;
            }
            return Ok(id);
        }
        let id = crate::ids::new_id();
        let s = tx.stamp();
        tx.execute(
            "INSERT INTO plans (id, event_id, institution, regency, members, created_at, updated_at, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
            params![id, event_id, institution, regency, serde_json::to_string(&input.members).expect("json"), s.now, s.hlc, s.origin],
        )?;
        Ok(id)
    })?;
    get(store, &id)
}

pub fn update(store: &mut Store, id: &str, input: &PlanInput) -> Result<Plan> {
    let plan = get(store, id)?;
    let institution = text("institution", &input.institution, MAX_TEXT, true)?;
    let regency = text("regency", &input.regency, MAX_TEXT, false)?;
    store.write(|tx| {
        check_members(tx, &plan.event_id, &input.members)?;
        let s = tx.stamp();
        tx.execute(
            "UPDATE plans SET institution=?2, regency=?3, members=?4, updated_at=?5, hlc=?6, origin=?7 WHERE id=?1",
            params![id, institution, regency, serde_json::to_string(&input.members).expect("json"), s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    get(store, id)
}

/// Mark (or unmark) the plan as presented in plenary.
pub fn set_presented(store: &mut Store, id: &str, presented: bool) -> Result<Plan> {
    get(store, id)?;
    store.write(|tx| {
        let s = tx.stamp();
        let at = presented.then(|| s.now.clone());
        tx.execute(
            "UPDATE plans SET presented=?2, presented_at=?3, updated_at=?4, hlc=?5, origin=?6 WHERE id=?1",
            params![id, presented, at, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    get(store, id)
}

/// Delete a plan and its items (tombstones).
pub fn delete(store: &mut Store, id: &str) -> Result<()> {
    get(store, id)?;
    store.write(|tx| {
        tx.tombstone("plan_items", "plan_id", id)?;
        tx.tombstone("plans", "id", id)?;
        Ok(())
    })
}

/// Items per strategy and status, for the summary.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StrategyCount {
    pub strategy: Strategy,
    pub total: i64,
    pub planned: i64,
    pub in_progress: i64,
    pub done: i64,
    pub dropped: i64,
}

impl StrategyCount {
    /// One empty count per strategy, in their order.
    pub fn each_strategy() -> Vec<StrategyCount> {
        Strategy::ALL
            .iter()
            .map(|&strategy| StrategyCount {
                strategy,
                total: 0,
                planned: 0,
                in_progress: 0,
                done: 0,
                dropped: 0,
            })
            .collect()
    }

    /// `n` more items of this strategy in `status`.
    pub fn add(&mut self, status: Status, n: i64) {
        self.total += n;
        match status {
            Status::Planned => self.planned += n,
            Status::InProgress => self.in_progress += n,
            Status::Done => self.done += n,
            Status::Dropped => self.dropped += n,
        }
    }
}

pub fn counts_by_strategy(store: &Store, event_id: &str) -> Result<Vec<StrategyCount>> {
    let mut out = StrategyCount::each_strategy();
    let mut st = store.conn().prepare(
        "SELECT i.strategy, i.status, count(*) AS n FROM plan_items i JOIN plans p ON p.id = i.plan_id
         WHERE p.event_id = ?1 AND p.deleted_at IS NULL AND i.deleted_at IS NULL GROUP BY 1, 2",
    )?;
    let rows = st.query_map([event_id], |r| {
        Ok((
            r.get::<_, Strategy>("strategy")?,
            r.get::<_, Status>("status")?,
            r.get::<_, i64>("n")?,
        ))
    })?;
    for row in rows {
        let (strategy, status, n) = row?;
        if let Some(c) = out.iter_mut().find(|c| c.strategy == strategy) {
            c.add(status, n);
        }
    }
    Ok(out)
}
