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

/// The four TPBIS strategies, as stored codes.
pub const STRATEGIES: [&str; 4] = ["layanan", "pelibatan", "advokasi", "publikasi"];
pub const STATUSES: [&str; 4] = ["planned", "in_progress", "done", "dropped"];
const MAX_TEXT: usize = 300;
const MAX_LONG: usize = 2000;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PlanError {
    #[error("the {0} is required")]
    Required(&'static str),
    #[error("the {field} is longer than {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("unknown strategy: {0}")]
    UnknownStrategy(String),
    #[error("unknown status: {0}")]
    UnknownStatus(String),
    #[error("not a month or date: {0}")]
    BadWhen(String),
    #[error("{value} is outside {from}..{to}")]
    WhenOutOfRange { value: String, from: i32, to: i32 },
    #[error("the item cannot move further")]
    CannotMove,
    #[error("participant {0} is not in this event")]
    UnknownMember(String),
}

fn field_id(f: &str) -> &str {
    match f {
        "institution" => "instansi",
        "activity" => "kegiatan",
        "objective" => "tujuan",
        "target group" => "sasaran",
        "method" => "metode",
        "place" => "tempat",
        "responsible" => "penanggung jawab",
        "resources" => "sumber daya/biaya",
        "funding" => "sumber dana",
        "indicator" => "indikator keberhasilan",
        "notes" => "keterangan",
        other => other,
    }
}

impl Localized for PlanError {
    fn code(&self) -> &'static str {
        use PlanError::*;
        match self {
            Required(_) => "plan.required",
            TooLong { .. } => "plan.too_long",
            UnknownStrategy(_) => "plan.unknown_strategy",
            UnknownStatus(_) => "plan.unknown_status",
            BadWhen(_) => "plan.bad_when",
            WhenOutOfRange { .. } => "plan.when_out_of_range",
            CannotMove => "plan.cannot_move",
            UnknownMember(_) => "plan.unknown_member",
        }
    }

    fn message(&self, lang: Lang) -> String {
        use PlanError::*;
        match self {
            Required(f) => lang.pick(format!("Isi {} terlebih dahulu.", field_id(f)), format!("Please fill in the {f}.")),
            TooLong { field, max } => lang.pick(
                format!("Isian {} terlalu panjang (paling banyak {max} karakter).", field_id(field)),
                format!("The {field} is too long (at most {max} characters)."),
            ),
            UnknownStrategy(s) => lang.pick(
                format!("Strategi \"{s}\" tidak dikenal. Pilih Layanan Informasi, Pelibatan Masyarakat, Advokasi atau Publikasi."),
                format!("Unknown strategy \"{s}\". Choose Information services, Community engagement, Advocacy or Publication."),
            ),
            UnknownStatus(s) => lang.pick(
                format!("Status \"{s}\" tidak dikenal (direncanakan, berjalan, selesai, batal)."),
                format!("Unknown status \"{s}\" (planned, in progress, done, dropped)."),
            ),
            BadWhen(v) => lang.pick(
                format!("Waktu \"{v}\" tidak dikenali. Tulis bulan (2022-08) atau tanggal (2022-08-17), atau rentang (2022-08..2022-10)."),
                format!("\"{v}\" is not a month or date. Write a month (2022-08), a date (2022-08-17) or a range (2022-08..2022-10)."),
            ),
            WhenOutOfRange { value, from, to } => lang.pick(
                format!("Waktu {value} tidak masuk akal untuk rencana ini: harus antara tahun {from} dan {to}."),
                format!("{value} is not a sensible time for this plan: it must fall between {from} and {to}."),
            ),
            CannotMove => lang.pick("Butir ini tidak bisa digeser lagi.".into(), "This item cannot move further.".into()),
            UnknownMember(_) => lang.pick(
                "Salah satu penyusun bukan peserta kegiatan ini.".into(),
                "One of the authors is not a participant of this event.".into(),
            ),
        }
    }
}

pub fn strategy_label(code: &str, lang: Lang) -> &'static str {
    match (code, lang) {
        ("layanan", Lang::Id) => "Layanan Informasi",
        ("layanan", Lang::En) => "Information services",
        ("pelibatan", Lang::Id) => "Pelibatan Masyarakat",
        ("pelibatan", Lang::En) => "Community engagement",
        ("advokasi", Lang::Id) => "Advokasi",
        ("advokasi", Lang::En) => "Advocacy",
        ("publikasi", Lang::Id) => "Publikasi",
        ("publikasi", Lang::En) => "Publication",
        _ => "",
    }
}

pub fn status_label(code: &str, lang: Lang) -> &'static str {
    match (code, lang) {
        ("planned", Lang::Id) => "Direncanakan",
        ("planned", Lang::En) => "Planned",
        ("in_progress", Lang::Id) => "Berjalan",
        ("in_progress", Lang::En) => "In progress",
        ("done", Lang::Id) => "Selesai",
        ("done", Lang::En) => "Done",
        ("dropped", Lang::Id) => "Batal",
        ("dropped", Lang::En) => "Dropped",
        _ => "",
    }
}

/// Accept the code or the label in either language ("Advokasi", "community engagement").
pub fn parse_strategy(v: &str) -> Result<&'static str, PlanError> {
    match (
        crate::i18n::code_of(&STRATEGIES, strategy_label, v),
        crate::participants::fold(v).as_str(),
    ) {
        (Some(c), _) => Ok(c),
        (None, "advocacy") => Ok("advokasi"),
        (None, "publication") => Ok("publikasi"),
        _ => Err(PlanError::UnknownStrategy(v.trim().to_string())),
    }
}

pub fn parse_status(v: &str) -> Result<&'static str, PlanError> {
    crate::i18n::code_of(&STATUSES, status_label, v)
        .ok_or_else(|| PlanError::UnknownStatus(v.trim().to_string()))
}

fn text(field: &'static str, v: &str, max: usize, required: bool) -> Result<String, PlanError> {
    let t = v.trim();
    if required && t.is_empty() {
        return Err(PlanError::Required(field));
    }
    if t.chars().count() > max {
        return Err(PlanError::TooLong { field, max });
    }
    Ok(t.to_string())
}

/// One end of a "when": a month (YYYY-MM, kept as such) or a date.
fn parse_when_part(v: &str) -> Result<(String, NaiveDate), PlanError> {
    let t = v.trim();
    let bad = || PlanError::BadWhen(t.to_string());
    if let Ok(d) = events::parse_date(t) {
        return Ok((d.to_string(), d));
    }
    // the forms the app itself prints: "Agustus 2022", "17 Agustus 2022" (and English)
    let words: Vec<&str> = t.split_whitespace().collect();
    if let [.., m, y] = words.as_slice() {
        if let (Some(m), Ok(y)) = (crate::i18n::month_from_name(m), y.parse::<i32>()) {
            return match words.len() {
                2 => {
                    let d = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
                    Ok((format!("{y:04}-{m:02}"), d))
                }
                3 => {
                    let day: u32 = words[0].parse().map_err(|_| bad())?;
                    let d = NaiveDate::from_ymd_opt(y, m, day).ok_or_else(bad)?;
                    Ok((d.to_string(), d))
                }
                _ => Err(bad()),
            };
        }
    }
    let (y, m) = t.split_once(['-', '/']).ok_or_else(bad)?;
    // accept 2022-08 and 08/2022
    let (y, m) = if y.len() == 4 { (y, m) } else { (m, y) };
    let y: i32 = y.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    let d = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
    Ok((format!("{y:04}-{m:02}"), d))
}

/// Parse "2022-08", "2022-08-17", "2022-08..2022-10" (also with " - " or " s.d. ").
/// A plan's times must fall between the year before the event and three years after it.
pub fn parse_when(v: &str, event_year: i32) -> Result<(Option<String>, Option<String>), PlanError> {
    let t = v.trim();
    if t.is_empty() {
        return Ok((None, None));
    }
    let parts: Vec<&str> = if let Some((a, b)) = t.split_once("..") {
        vec![a, b]
    } else if let Some((a, b)) = t
        .split_once(" s.d. ")
        .or_else(|| t.split_once(" - "))
        .or_else(|| t.split_once(" sd "))
    {
        vec![a, b]
    } else {
        vec![t]
    };
    let (from, to) = (event_year - 1, event_year + 3);
    let mut out = Vec::new();
    for p in parts {
        let (s, d) = parse_when_part(p)?;
        if d.year() < from || d.year() > to {
            return Err(PlanError::WhenOutOfRange { value: s, from, to });
        }
        out.push((s, d));
    }
    if out.len() == 2 && out[1].1 < out[0].1 {
        return Err(PlanError::BadWhen(t.to_string()));
    }
    let mut it = out.into_iter().map(|(s, _)| s);
    Ok((it.next(), it.next()))
}

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
    pub strategy: String,
    pub status: String,
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
    strategy: &'static str,
}

fn validate_item(input: &ItemInput, event_year: i32) -> Result<ValidItem, PlanError> {
    let activity = text("activity", &input.activity, MAX_TEXT, true)?;
    if input.strategy.trim().is_empty() {
        return Err(PlanError::Required("strategy"));
    }
    let strategy = parse_strategy(&input.strategy)?;
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
        id: r.get(0)?,
        plan_id: r.get(1)?,
        position: r.get(2)?,
        activity: r.get(3)?,
        objective: r.get(4)?,
        target_group: r.get(5)?,
        method: r.get(6)?,
        when_from: r.get(7)?,
        when_to: r.get(8)?,
        place: r.get(9)?,
        responsible: r.get(10)?,
        resources: r.get(11)?,
        funding: r.get(12)?,
        indicator: r.get(13)?,
        notes: r.get(14)?,
        strategy: r.get(15)?,
        status: r.get(16)?,
        status_changed: r.get(17)?,
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
    let key = crate::participants::fold(institution);
    let mut st =
        tx.prepare("SELECT id, institution FROM plans WHERE event_id = ?1 AND deleted_at IS NULL")?;
    let rows = st.query_map([event_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (id, inst) = row?;
        if crate::participants::fold(&inst) == key {
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
        let s = tx.stamp();
        tx.execute("UPDATE plan_items SET deleted_at=?2, updated_at=?2, hlc=?3, origin=?4 WHERE plan_id=?1 AND deleted_at IS NULL", params![id, s.now, s.hlc, s.origin])?;
        tx.execute("UPDATE plans SET deleted_at=?2, updated_at=?2, hlc=?3, origin=?4 WHERE id=?1", params![id, s.now, s.hlc, s.origin])?;
        Ok(())
    })
}

fn event_year(store: &Store, plan_id: &str) -> Result<i32> {
    let plan = get(store, plan_id)?;
    Ok(events::get(store, &plan.event_id)?.start().year())
}

pub fn get_item(store: &Store, id: &str) -> Result<Item> {
    store
        .conn()
        .query_row(
            &format!("SELECT {ITEM_COLS} FROM plan_items WHERE id = ?1 AND deleted_at IS NULL"),
            [id],
            item_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::not_found("plan item", id))
}

fn insert_item(
    tx: &mut Tx,
    plan_id: &str,
    position: i64,
    v: &ValidItem,
    status: &str,
) -> Result<String> {
    let id = crate::ids::new_id();
    let s = tx.stamp();
    tx.execute(
        "INSERT INTO plan_items (id, plan_id, position, activity, objective, target_group, method, when_from, when_to, place,
            responsible, resources, funding, indicator, notes, strategy, status, status_changed, created_at, updated_at, hlc, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19, ?20, ?21)",
        params![
            id, plan_id, position, v.activity, v.objective, v.target_group, v.method, v.when_from, v.when_to, v.place,
            v.responsible, v.resources, v.funding, v.indicator, v.notes, v.strategy, status, &s.now[..10], s.now, s.hlc, s.origin
        ],
    )?;
    Ok(id)
}

fn next_position(tx: &Tx, plan_id: &str) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM plan_items WHERE plan_id = ?1 AND deleted_at IS NULL",
        [plan_id],
        |r| r.get(0),
    )?)
}

pub fn add_item(store: &mut Store, plan_id: &str, input: &ItemInput) -> Result<Item> {
    let year = event_year(store, plan_id)?;
    let v = validate_item(input, year)?;
    let id = store.write(|tx| {
        let pos = next_position(tx, plan_id)?;
        insert_item(tx, plan_id, pos, &v, "planned")
    })?;
    get_item(store, &id)
}

pub fn update_item(store: &mut Store, id: &str, input: &ItemInput) -> Result<Item> {
    let old = get_item(store, id)?;
    let v = validate_item(input, event_year(store, &old.plan_id)?)?;
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "UPDATE plan_items SET activity=?2, objective=?3, target_group=?4, method=?5, when_from=?6, when_to=?7, place=?8,
                responsible=?9, resources=?10, funding=?11, indicator=?12, notes=?13, strategy=?14, updated_at=?15, hlc=?16, origin=?17
             WHERE id=?1",
            params![
                id, v.activity, v.objective, v.target_group, v.method, v.when_from, v.when_to, v.place, v.responsible,
                v.resources, v.funding, v.indicator, v.notes, v.strategy, s.now, s.hlc, s.origin
            ],
        )?;
        Ok(())
    })?;
    get_item(store, id)
}

/// Copy an item right after itself (status back to planned), for quick drafting.
pub fn duplicate_item(store: &mut Store, id: &str) -> Result<Item> {
    let old = get_item(store, id)?;
    let v = ValidItem {
        activity: old.activity.clone(),
        objective: old.objective.clone(),
        target_group: old.target_group.clone(),
        method: old.method.clone(),
        when_from: old.when_from.clone(),
        when_to: old.when_to.clone(),
        place: old.place.clone(),
        responsible: old.responsible.clone(),
        resources: old.resources.clone(),
        funding: old.funding.clone(),
        indicator: old.indicator.clone(),
        notes: old.notes.clone(),
        strategy: parse_strategy(&old.strategy)?,
    };
    let new_id = store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "UPDATE plan_items SET position = position + 1, updated_at=?3, hlc=?4, origin=?5
             WHERE plan_id = ?1 AND position > ?2 AND deleted_at IS NULL",
            params![old.plan_id, old.position, s.now, s.hlc, s.origin],
        )?;
        insert_item(tx, &old.plan_id, old.position + 1, &v, "planned")
    })?;
    get_item(store, &new_id)
}

/// Swap an item with its neighbour (`up` = earlier).
pub fn move_item(store: &mut Store, id: &str, up: bool) -> Result<Vec<Item>> {
    let me = get_item(store, id)?;
    let items = items_of(store.conn(), &me.plan_id)?;
    let pos = items.iter().position(|i| i.id == me.id).expect("listed");
    let other = if up {
        pos.checked_sub(1)
    } else {
        Some(pos + 1).filter(|p| *p < items.len())
    };
    let Some(other) = other.map(|p| &items[p]) else {
        return Err(PlanError::CannotMove.into());
    };
    store.write(|tx| {
        // renumber all items 1..n with the two swapped, so equal positions never linger
        let s = tx.stamp();
        for (n, it) in items.iter().enumerate() {
            let target = if it.id == me.id {
                items.iter().position(|i| i.id == other.id).unwrap()
            } else if it.id == other.id {
                pos
            } else {
                n
            } as i64
                + 1;
            if target != it.position {
                tx.execute(
                    "UPDATE plan_items SET position=?2, updated_at=?3, hlc=?4, origin=?5 WHERE id=?1",
                    params![it.id, target, s.now, s.hlc, s.origin],
                )?;
            }
        }
        Ok(())
    })?;
    items_of(store.conn(), &me.plan_id)
}

pub fn delete_item(store: &mut Store, id: &str) -> Result<()> {
    get_item(store, id)?;
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "UPDATE plan_items SET deleted_at=?2, updated_at=?2, hlc=?3, origin=?4 WHERE id=?1",
            params![id, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })
}

/// Change an item's status; the date of the change is kept (today, or `on` if given).
pub fn set_status(store: &mut Store, id: &str, status: &str, on: Option<&str>) -> Result<Item> {
    let status = parse_status(status)?;
    get_item(store, id)?;
    let on = match on.map(str::trim).filter(|s| !s.is_empty()) {
        Some(d) => Some(events::parse_date(d)?.to_string()),
        None => None,
    };
    store.write(|tx| {
        let s = tx.stamp();
        let date = on.clone().unwrap_or_else(|| s.now[..10].to_string());
        tx.execute(
            "UPDATE plan_items SET status=?2, status_changed=?3, updated_at=?4, hlc=?5, origin=?6 WHERE id=?1",
            params![id, status, date, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    get_item(store, id)
}

/// Items per strategy and status, for the summary.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct StrategyCount {
    pub strategy: String,
    pub total: i64,
    pub planned: i64,
    pub in_progress: i64,
    pub done: i64,
    pub dropped: i64,
}

pub fn counts_by_strategy(store: &Store, event_id: &str) -> Result<Vec<StrategyCount>> {
    let mut out: Vec<StrategyCount> = STRATEGIES
        .iter()
        .map(|s| StrategyCount {
            strategy: s.to_string(),
            ..Default::default()
        })
        .collect();
    let mut st = store.conn().prepare(
        "SELECT i.strategy, i.status, count(*) FROM plan_items i JOIN plans p ON p.id = i.plan_id
         WHERE p.event_id = ?1 AND p.deleted_at IS NULL AND i.deleted_at IS NULL GROUP BY 1, 2",
    )?;
    let rows = st.query_map([event_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (strategy, status, n) = row?;
        if let Some(c) = out.iter_mut().find(|c| c.strategy == strategy) {
            c.total += n;
            match status.as_str() {
                "planned" => c.planned += n,
                "in_progress" => c.in_progress += n,
                "done" => c.done += n,
                _ => c.dropped += n,
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod month_name_tests {
    use super::parse_when;

    #[test]
    fn dates_in_the_form_the_app_prints_are_accepted() {
        let ok = |v: &str| parse_when(v, 2022).unwrap();
        assert_eq!(ok("Agustus 2022"), (Some("2022-08".into()), None));
        assert_eq!(ok("agu 2022"), (Some("2022-08".into()), None));
        assert_eq!(ok("August 2022"), (Some("2022-08".into()), None));
        assert_eq!(ok("17 Agustus 2022"), (Some("2022-08-17".into()), None));
        assert_eq!(
            ok("Agustus 2022 s.d. Oktober 2022"),
            (Some("2022-08".into()), Some("2022-10".into()))
        );
        assert!(parse_when("31 Februari 2022", 2022).is_err());
        assert!(parse_when("Agustusan 2022", 2022).is_err());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (Store, String) {
        events::test_event()
    }

    fn item(activity: &str, strategy: &str, when: &str) -> ItemInput {
        ItemInput {
            activity: activity.into(),
            strategy: strategy.into(),
            when: when.into(),
            ..Default::default()
        }
    }

    #[test]
    fn strategies_and_statuses_parse_in_both_languages() {
        assert_eq!(parse_strategy("Advokasi").unwrap(), "advokasi");
        assert_eq!(parse_strategy("community engagement").unwrap(), "pelibatan");
        assert_eq!(parse_strategy("LAYANAN").unwrap(), "layanan");
        assert_eq!(parse_strategy("publication").unwrap(), "publikasi");
        assert!(matches!(
            parse_strategy("lainnya"),
            Err(PlanError::UnknownStrategy(_))
        ));
        assert_eq!(parse_status("done").unwrap(), "done");
        assert_eq!(parse_status("Selesai").unwrap(), "done");
        assert_eq!(parse_status("in progress").unwrap(), "in_progress");
        assert_eq!(parse_status("berjalan").unwrap(), "in_progress");
        assert!(parse_status("finished?").is_err());
    }

    #[test]
    fn when_accepts_months_dates_and_ranges_within_a_sensible_span() {
        assert_eq!(
            parse_when("2022-08", 2022).unwrap(),
            (Some("2022-08".into()), None)
        );
        assert_eq!(
            parse_when("08/2022", 2022).unwrap(),
            (Some("2022-08".into()), None)
        );
        assert_eq!(
            parse_when("17/08/2022", 2022).unwrap(),
            (Some("2022-08-17".into()), None)
        );
        assert_eq!(
            parse_when("2022-08..2022-10", 2022).unwrap(),
            (Some("2022-08".into()), Some("2022-10".into()))
        );
        assert_eq!(
            parse_when("2022-08 s.d. 2022-12", 2022).unwrap(),
            (Some("2022-08".into()), Some("2022-12".into()))
        );
        assert_eq!(parse_when("", 2022).unwrap(), (None, None));
        assert!(matches!(
            parse_when("2099-01", 2022),
            Err(PlanError::WhenOutOfRange { .. })
        ));
        assert!(matches!(
            parse_when("2020-01", 2022),
            Err(PlanError::WhenOutOfRange { .. })
        ));
        assert!(matches!(
            parse_when("2022-13", 2022),
            Err(PlanError::BadWhen(_))
        ));
        assert!(matches!(
            parse_when("besok", 2022),
            Err(PlanError::BadWhen(_))
        ));
        assert!(
            matches!(
                parse_when("2022-10..2022-08", 2022),
                Err(PlanError::BadWhen(_))
            ),
            "range backwards"
        );
    }

    #[test]
    fn a_plan_with_items_in_order_duplicate_move_and_status() {
        let (mut s, ev) = setup();
        let p = create(
            &mut s,
            &ev,
            &PlanInput {
                institution: "Perpustakaan Desa Sungai Rangas".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let a = add_item(
            &mut s,
            &p.id,
            &item("Kelas literasi digital", "layanan", "2022-08"),
        )
        .unwrap();
        let b = add_item(
            &mut s,
            &p.id,
            &item("Audiensi dengan kepala desa", "advokasi", "2022-09-01"),
        )
        .unwrap();
        let c = duplicate_item(&mut s, &a.id).unwrap();
        let order: Vec<String> = get(&s, &p.id)
            .unwrap()
            .items
            .iter()
            .map(|i| i.id.clone())
            .collect();
        assert_eq!(
            order,
            vec![a.id.clone(), c.id.clone(), b.id.clone()],
            "duplicate goes right after its original"
        );
        assert_eq!(c.activity, a.activity);
        let moved = move_item(&mut s, &b.id, true).unwrap();
        assert_eq!(
            moved.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
            vec![a.id.as_str(), b.id.as_str(), c.id.as_str()]
        );
        assert_eq!(
            moved.iter().map(|i| i.position).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        assert!(matches!(
            move_item(&mut s, &a.id, true),
            Err(Error::Plan(PlanError::CannotMove))
        ));
        let done = set_status(&mut s, &b.id, "done", Some("2022-09-02")).unwrap();
        assert_eq!(
            (done.status.as_str(), done.status_changed.as_str()),
            ("done", "2022-09-02")
        );
        let counts = counts_by_strategy(&s, &ev).unwrap();
        let adv = counts.iter().find(|c| c.strategy == "advokasi").unwrap();
        assert_eq!((adv.total, adv.done), (1, 1));
        assert_eq!(
            counts
                .iter()
                .find(|c| c.strategy == "layanan")
                .unwrap()
                .planned,
            2
        );
        delete_item(&mut s, &c.id).unwrap();
        assert_eq!(get(&s, &p.id).unwrap().items.len(), 2);
    }

    #[test]
    fn bad_items_are_refused_and_change_nothing() {
        let (mut s, ev) = setup();
        let p = create(
            &mut s,
            &ev,
            &PlanInput {
                institution: "Dinas Perpustakaan Kab. Banjar".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let before = s.write_count();
        let e = add_item(&mut s, &p.id, &item("  ", "layanan", "")).unwrap_err();
        assert_eq!(e.code(), "plan.required");
        assert!(e.message(Lang::Id).contains("kegiatan"));
        let e = add_item(&mut s, &p.id, &item("Lomba", "layanan", "2035-01")).unwrap_err();
        assert_eq!(e.code(), "plan.when_out_of_range");
        assert!(
            e.message(Lang::En).contains("2021 and 2025"),
            "{}",
            e.message(Lang::En)
        );
        let e = add_item(&mut s, &p.id, &item("Lomba", "", "")).unwrap_err();
        assert_eq!(e.code(), "plan.required");
        assert_eq!(s.write_count(), before);
        assert!(get(&s, &p.id).unwrap().items.is_empty());
        let e = set_status(&mut s, "nope", "done", None).unwrap_err();
        assert_eq!(e.code(), "not_found");
    }

    #[test]
    fn one_plan_per_institution_and_members_must_belong_to_the_event() {
        let (mut s, ev) = setup();
        let a = create(
            &mut s,
            &ev,
            &PlanInput {
                institution: "Perpustakaan Desa Maju".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let b = create(
            &mut s,
            &ev,
            &PlanInput {
                institution: " perpustakaan desa MAJU ".into(),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(a.id, b.id);
        let e = create(
            &mut s,
            &ev,
            &PlanInput {
                institution: "X".into(),
                members: vec!["ghost".into()],
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.code(), "plan.unknown_member");
        assert_eq!(list(&s, &ev).unwrap().len(), 1);
        let p = set_presented(&mut s, &a.id, true).unwrap();
        assert!(p.presented && p.presented_at.is_some());
        delete(&mut s, &a.id).unwrap();
        assert!(list(&s, &ev).unwrap().is_empty());
    }

    #[test]
    fn when_reads_as_words() {
        let (mut s, ev) = setup();
        let p = create(
            &mut s,
            &ev,
            &PlanInput {
                institution: "A".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let i = add_item(&mut s, &p.id, &item("x", "publikasi", "2022-08..2022-10")).unwrap();
        assert_eq!(i.when_text(Lang::Id), "Agustus 2022 – Oktober 2022");
        let i = add_item(&mut s, &p.id, &item("y", "publikasi", "2022-08-17")).unwrap();
        assert_eq!(i.when_text(Lang::Id), "17 Agustus 2022");
        assert_eq!(i.when_text(Lang::En), "17 August 2022");
    }
}
