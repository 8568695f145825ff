//! The year's planned PLMs at headquarters, typed in or read from a spreadsheet, and what
//! arrived for each: the venue table of headquarters' home.

use super::error::HqError;
use crate::db::Store;
use crate::error::Result;
use crate::events::{self, EventInput};
use crate::text::fold;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

/// Days after a PLM's last day before a missing file is overdue, unless set.
pub const DEFAULT_OVERDUE_DAYS: i64 = 14;
pub const MAX_TRAINERS: usize = 10;

/// What a user types (or a spreadsheet line holds) for one planned PLM.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanInput {
    /// Code ("63") or name ("Kalimantan Selatan").
    pub province: String,
    pub title: String,
    pub start_date: String,
    pub days: i64,
    pub wave: Option<i64>,
    pub city: String,
    pub venue: String,
    pub trainers: Vec<String>,
}

/// Where a planned PLM stands.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PlanState {
    Planned,
    KitSent,
    Received,
    Updated,
    Overdue,
    /// A file from an event headquarters had not planned.
    Unplanned,
}

impl PlanState {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanState::Planned => "planned",
            PlanState::KitSent => "kit_sent",
            PlanState::Received => "received",
            PlanState::Updated => "updated",
            PlanState::Overdue => "overdue",
            PlanState::Unplanned => "unplanned",
        }
    }
}

/// What arrived for an event: its files and what they hold now.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Arrival {
    pub files: usize,
    pub first_at: String,
    pub last_at: String,
    /// The laptops the files came from.
    pub devices: Vec<String>,
    pub participants: i64,
    pub checkins: i64,
    pub plan_items: i64,
    /// What the newest file changed (rows added, updated, removed).
    pub last_added: i64,
    pub last_updated: i64,
    pub last_deleted: i64,
    /// A later file changed something the first had (the row shows "updated").
    pub changed_later: bool,
}

/// One row of the venue table: a plan, an unplanned event that arrived, or both.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The plan's id (an unplanned event's row has none).
    pub id: Option<String>,
    pub province_code: String,
    pub province_name: String,
    pub wave: Option<i64>,
    pub title: String,
    pub start_date: String,
    pub end_date: String,
    pub days: i64,
    pub city: String,
    pub venue: String,
    pub trainers: Vec<String>,
    pub event_id: String,
    pub kit_saved_at: Option<String>,
    pub state: PlanState,
    pub arrival: Option<Arrival>,
}

fn end_of(start: &str, days: i64) -> String {
    NaiveDate::parse_from_str(start, "%Y-%m-%d")
        .map(|d| (d + chrono::Days::new((days - 1).max(0) as u64)).to_string())
        .unwrap_or_default()
}

struct Valid {
    province_code: String,
    province_name: String,
    wave: Option<i64>,
    title: String,
    start: String,
    days: i64,
    city: String,
    venue: String,
    trainers: Vec<String>,
}

fn validate(input: &PlanInput) -> Result<Valid> {
    let province = crate::places::find_province(&input.province);
    // a plan without a title is named after its province, as headquarters writes them
    let title = if input.title.trim().is_empty() {
        province
            .map(|p| format!("PLM Provinsi {}", p.name))
            // an unknown province is the problem to name, not the empty title
            .unwrap_or_else(|| "PLM".into())
    } else {
        input.title.clone()
    };
    let v = events::validate_event(&EventInput {
        title,
        province: input.province.clone(),
        regency: input.city.clone(),
        venue: input.venue.clone(),
        start_date: input.start_date.clone(),
        days: input.days,
        wave: input.wave,
        ..Default::default()
    })?;
    let trainers: Vec<String> = input
        .trainers
        .iter()
        .flat_map(|t| t.split([';', '\n']))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if trainers.len() > MAX_TRAINERS || trainers.iter().any(|t| t.chars().count() > 200) {
        return Err(HqError::TooManyTrainers.into());
    }
    Ok(Valid {
        province_code: v.province.code.to_string(),
        province_name: v.province.name.to_string(),
        wave: v.wave,
        title: v.title,
        start: v.start.to_string(),
        days: v.days,
        city: v.regency_name,
        venue: v.venue,
        trainers,
    })
}

fn insert(tx: &mut crate::db::Tx, v: &Valid) -> Result<String> {
    let id = crate::ids::new_id();
    let s = tx.stamp();
    tx.execute(
        "INSERT INTO hq_plans (id, province_code, province_name, wave, title, start_date, days, city, venue,
            trainers, event_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        params![
            id, v.province_code, v.province_name, v.wave, v.title, v.start, v.days, v.city, v.venue,
            serde_json::to_string(&v.trainers).expect("json"), crate::ids::new_id(), s.now
        ],
    )?;
    Ok(id)
}

/// Plan one PLM.
pub fn add(store: &mut Store, input: &PlanInput) -> Result<Plan> {
    let v = validate(input)?;
    let id = store.write(|tx| insert(tx, &v))?;
    log::info!("hq plan added: {id}");
    get(store, &id)
}

/// Remove a plan (its event and files, if any arrived, stay).
pub fn remove(store: &mut Store, id: &str) -> Result<()> {
    store.write(|tx| {
        let s = tx.stamp();
        let n = tx.execute(
            "UPDATE hq_plans SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            params![id, s.now],
        )?;
        if n == 0 {
            return Err(HqError::PlanNotFound(id.to_string()).into());
        }
        Ok(())
    })
}

/// Attach a file's event that was not planned to a planned row: the row now follows it.
pub fn attach(store: &mut Store, plan_id: &str, event_id: &str) -> Result<Plan> {
    events::get(store, event_id)?;
    store.write(|tx| {
        let taken: Option<String> = tx
            .query_row(
                "SELECT title FROM hq_plans WHERE event_id = ?1 AND deleted_at IS NULL AND id <> ?2",
                params![event_id, plan_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(t) = taken {
            return Err(HqError::EventTaken(t).into());
        }
        let s = tx.stamp();
        let n = tx.execute(
            "UPDATE hq_plans SET event_id = ?2, updated_at = ?3 WHERE id = ?1 AND deleted_at IS NULL",
            params![plan_id, event_id, s.now],
        )?;
        if n == 0 {
            return Err(HqError::PlanNotFound(plan_id.to_string()).into());
        }
        Ok(())
    })?;
    get(store, plan_id)
}

/// Note that the plan's kit was saved (its state becomes "kit sent").
pub(crate) fn mark_kit_saved(store: &mut Store, plan_id: &str) -> Result<()> {
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "UPDATE hq_plans SET kit_saved_at = ?2 WHERE id = ?1",
            params![plan_id, s.now],
        )?;
        Ok(())
    })
}

/// The plan an event's files belong to, if any.
pub fn plan_for_event(store: &Store, event_id: &str) -> Result<Option<String>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT id FROM hq_plans WHERE event_id = ?1 AND deleted_at IS NULL",
            [event_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The overdue limit in days (setting, else the default).
pub fn overdue_days(store: &Store) -> i64 {
    crate::settings::get(store, crate::settings::Key::HqOverdueDays)
        .ok()
        .flatten()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_OVERDUE_DAYS)
}

fn plan_from_row(r: &Row) -> rusqlite::Result<Plan> {
    let start: String = r.get("start_date")?;
    let days: i64 = r.get("days")?;
    let trainers: String = r.get("trainers")?;
    Ok(Plan {
        id: Some(r.get("id")?),
        province_code: r.get("province_code")?,
        province_name: r.get("province_name")?,
        wave: r.get("wave")?,
        title: r.get("title")?,
        end_date: end_of(&start, days),
        start_date: start,
        days,
        city: r.get("city")?,
        venue: r.get("venue")?,
        trainers: serde_json::from_str(&trainers).unwrap_or_default(),
        event_id: r.get("event_id")?,
        kit_saved_at: r.get("kit_saved_at")?,
        state: PlanState::Planned,
        arrival: None,
    })
}

/// What arrived for one event (None: no file yet).
pub fn arrival(store: &Store, event_id: &str) -> Result<Option<Arrival>> {
    let c = store.conn();
    let mut st = c.prepare_cached(
        "SELECT device_id, imported_at, counts, file_sha256 FROM sync_imports WHERE event_id = ?1 ORDER BY imported_at, id",
    )?;
    let mut seen = std::collections::HashSet::new();
    // the same file received twice is one file
    let files: Vec<(String, String, String)> = st
        .query_map([event_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|f| seen.insert(f.3.clone()))
        .map(|f| (f.0, f.1, f.2))
        .collect();
    let Some(last) = files.last() else {
        return Ok(None);
    };
    let changes = |json: &str| -> i64 {
        let c: std::collections::BTreeMap<String, crate::sync::Counts> =
            serde_json::from_str(json).unwrap_or_default();
        c.values()
            .map(|c| (c.added + c.updated + c.deleted) as i64)
            .sum()
    };
    let changed_later = files.iter().skip(1).any(|f| changes(&f.2) > 0);
    let mut devices: Vec<String> = files.iter().map(|f| f.0.clone()).collect();
    devices.sort();
    devices.dedup();
    let counts: std::collections::BTreeMap<String, crate::sync::Counts> =
        serde_json::from_str(&last.2).unwrap_or_default();
    let sum = |f: fn(&crate::sync::Counts) -> usize| counts.values().map(f).sum::<usize>() as i64;
    let one = |sql: &str| -> Result<i64> { Ok(c.query_row(sql, [event_id], |r| r.get(0))?) };
    Ok(Some(Arrival {
        files: files.len(),
        first_at: files[0].1.clone(),
        last_at: last.1.clone(),
        devices,
        participants: one("SELECT count(*) FROM participants WHERE event_id = ?1 AND deleted_at IS NULL")?,
        checkins: one("SELECT count(*) FROM attendance WHERE event_id = ?1 AND deleted_at IS NULL")?,
        plan_items: one(
            "SELECT count(*) FROM plan_items WHERE deleted_at IS NULL AND plan_id IN (SELECT id FROM plans WHERE event_id = ?1 AND deleted_at IS NULL)",
        )?,
        last_added: sum(|c| c.added),
        last_updated: sum(|c| c.updated),
        last_deleted: sum(|c| c.deleted),
        changed_later,
    }))
}

fn state_of(p: &Plan, today: NaiveDate, overdue_days: i64) -> PlanState {
    if let Some(a) = &p.arrival {
        // a later file that changed nothing leaves the row as it was
        return if a.changed_later {
            PlanState::Updated
        } else {
            PlanState::Received
        };
    }
    let late = NaiveDate::parse_from_str(&p.end_date, "%Y-%m-%d")
        .map(|end| today > end + chrono::Days::new(overdue_days.max(0) as u64))
        .unwrap_or(false);
    if late {
        PlanState::Overdue
    } else if p.kit_saved_at.is_some() {
        PlanState::KitSent
    } else {
        PlanState::Planned
    }
}

/// One plan with its state (`today` in headquarters' calendar).
pub fn get(store: &Store, id: &str) -> Result<Plan> {
    let p = store
        .conn()
        .query_row(
            "SELECT * FROM hq_plans WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            plan_from_row,
        )
        .optional()?
        .ok_or_else(|| HqError::PlanNotFound(id.to_string()))?;
    let today = chrono::Local::now().date_naive();
    finish(store, p, today)
}

fn finish(store: &Store, mut p: Plan, today: NaiveDate) -> Result<Plan> {
    p.arrival = arrival(store, &p.event_id)?;
    p.state = state_of(&p, today, overdue_days(store));
    Ok(p)
}

/// The venue table: every plan (by start date, then province) and, after them, every
/// event that arrived in a file without a plan.
pub fn list(store: &Store, today: NaiveDate) -> Result<Vec<Plan>> {
    let mut st = store.conn().prepare(
        "SELECT * FROM hq_plans WHERE deleted_at IS NULL ORDER BY start_date, province_code, title",
    )?;
    let plans: Vec<Plan> = st
        .query_map([], plan_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(plans.len());
    for p in plans {
        out.push(finish(store, p, today)?);
    }
    let mut st = store.conn().prepare(
        "SELECT DISTINCT event_id FROM sync_imports
         WHERE event_id NOT IN (SELECT event_id FROM hq_plans WHERE deleted_at IS NULL)",
    )?;
    let unplanned: Vec<String> = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut extra = Vec::new();
    for id in unplanned {
        let Ok(e) = events::get(store, &id) else {
            continue;
        };
        extra.push(Plan {
            id: None,
            province_code: e.province_code,
            province_name: e.province_name,
            wave: e.wave,
            title: e.title,
            start_date: e.start_date,
            end_date: e.end_date,
            days: e.days,
            city: e.regency_name,
            venue: e.venue,
            trainers: vec![],
            arrival: arrival(store, &id)?,
            event_id: id,
            kit_saved_at: None,
            state: PlanState::Unplanned,
        });
    }
    extra.sort_by(|a, b| (&a.start_date, &a.province_code).cmp(&(&b.start_date, &b.province_code)));
    out.extend(extra);
    Ok(out)
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlanLineProblem {
    pub line: usize,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanImportReport {
    pub added: usize,
    /// Lines already planned (same province and start date): nothing added twice.
    pub already_planned: Vec<PlanLineProblem>,
    pub rejected: Vec<PlanLineProblem>,
    pub unknown_columns: Vec<String>,
    pub dry_run: bool,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Col {
    Province,
    Title,
    Start,
    Days,
    Wave,
    City,
    Venue,
    Trainers,
}

fn col_for(header: &str) -> Option<Col> {
    let h = fold(header).replace(['_', '-', '.'], " ");
    let h = h.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match h.as_str() {
        "provinsi" | "province" | "kode provinsi" | "province code" => Col::Province,
        "judul" | "title" | "nama kegiatan" | "kegiatan" | "event" => Col::Title,
        "tanggal" | "tanggal mulai" | "mulai" | "start" | "start date" | "date" => Col::Start,
        "hari" | "lama" | "jumlah hari" | "days" | "lama hari" => Col::Days,
        "gelombang" | "wave" | "tahap" => Col::Wave,
        "kota" | "kabupaten kota" | "kab kota" | "kabupaten" | "city" | "regency" => Col::City,
        "tempat" | "lokasi" | "venue" | "hotel" => Col::Venue,
        "master trainer" | "master trainers" | "fasilitator" | "trainer" | "trainers"
        | "pelatih" => Col::Trainers,
        _ => return None,
    })
}

/// Plans from a spreadsheet (CSV, XLSX, XLS or ODS; the roster's reader): one line per
/// PLM, a report line for each line refused. One transaction; a line already planned
/// (same province and start date) is not added twice.
pub fn import(
    store: &mut Store,
    bytes: &[u8],
    dry_run: bool,
    lang: crate::Lang,
) -> Result<PlanImportReport> {
    use crate::error::Localized;
    let t = crate::roster::read_table(bytes)?;
    let header = t
        .rows
        .iter()
        .take(10)
        .position(|(_, cells)| cells.iter().any(|c| col_for(c) == Some(Col::Province)))
        .ok_or(HqError::NoProvinceColumn)?;
    let cols: Vec<Option<Col>> = t.rows[header].1.iter().map(|h| col_for(h)).collect();
    let unknown_columns = t.rows[header]
        .1
        .iter()
        .zip(&cols)
        .filter(|(h, c)| {
            c.is_none() && !h.trim().is_empty() && !matches!(fold(h).as_str(), "no" | "nomor")
        })
        .map(|(h, _)| h.clone())
        .collect();
    let run = |tx: &mut crate::db::Tx| -> Result<PlanImportReport> {
        let mut rep = PlanImportReport {
            added: 0,
            already_planned: vec![],
            rejected: vec![],
            unknown_columns,
            dry_run,
        };
        for (line, cells) in &t.rows[header + 1..] {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let get = |c: Col| -> String {
                cols.iter()
                    .position(|x| *x == Some(c))
                    .and_then(|i| cells.get(i))
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default()
            };
            let num = |c: Col| -> std::result::Result<Option<i64>, String> {
                let v = get(c);
                if v.is_empty() {
                    return Ok(None);
                }
                v.trim_end_matches(".0")
                    .parse::<i64>()
                    .map(Some)
                    .map_err(|_| v)
            };
            let days = match num(Col::Days) {
                Ok(d) => d.unwrap_or(3),
                Err(v) => {
                    rep.rejected.push(PlanLineProblem {
                        line: *line,
                        reason: lang.pick(
                            format!("jumlah hari bukan angka: {v}"),
                            format!("days is not a number: {v}"),
                        ),
                    });
                    continue;
                }
            };
            let wave = match num(Col::Wave) {
                Ok(w) => w,
                Err(v) => {
                    rep.rejected.push(PlanLineProblem {
                        line: *line,
                        reason: lang.pick(
                            format!("gelombang bukan angka: {v}"),
                            format!("wave is not a number: {v}"),
                        ),
                    });
                    continue;
                }
            };
            let input = PlanInput {
                province: get(Col::Province),
                title: get(Col::Title),
                start_date: get(Col::Start),
                days,
                wave,
                city: get(Col::City),
                venue: get(Col::Venue),
                trainers: vec![get(Col::Trainers).replace(',', ";")],
            };
            let v = match validate(&input) {
                Ok(v) => v,
                Err(e) => {
                    rep.rejected.push(PlanLineProblem {
                        line: *line,
                        reason: e.message(lang),
                    });
                    continue;
                }
            };
            let there: Option<String> = tx
                .query_row(
                    "SELECT title FROM hq_plans WHERE province_code = ?1 AND start_date = ?2 AND deleted_at IS NULL",
                    params![v.province_code, v.start],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(title) = there {
                rep.already_planned.push(PlanLineProblem {
                    line: *line,
                    reason: lang.pick(
                        format!("sudah direncanakan: {title}"),
                        format!("already planned: {title}"),
                    ),
                });
                continue;
            }
            insert(tx, &v)?;
            rep.added += 1;
        }
        Ok(rep)
    };
    if dry_run {
        store.dry_run(run)
    } else {
        store.write(run)
    }
}

#[cfg(test)]
mod tests;
