//! Awards: categories (best district/city library and best village library of the
//! province by default), nominees (institutions), criteria with weights entered by the
//! user, one score sheet per judge, the weighted ranking and the recorded decision.
//! The app invents no criteria.

use crate::db::{Store, Tx};
use crate::error::{Error, Localized, Result};
use crate::events;
use crate::i18n::Lang;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Categories every new event starts with (the brief's provincial awards).
pub const DEFAULT_CATEGORIES: [&str; 2] = [
    "Perpustakaan Kabupaten/Kota Terbaik",
    "Perpustakaan Desa Terbaik",
];

mod error;

pub use error::AwardError;

const MAX_TEXT: usize = 200;

fn text(field: &'static str, v: &str) -> Result<String, AwardError> {
    let t = v.trim();
    if t.is_empty() {
        return Err(AwardError::Required(field));
    }
    if t.chars().count() > MAX_TEXT {
        return Err(AwardError::TooLong {
            field,
            max: MAX_TEXT,
        });
    }
    Ok(t.to_string())
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Nominee {
    pub id: String,
    pub institution: String,
    pub regency: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Criterion {
    pub id: String,
    pub name: String,
    pub weight: f64,
    pub max_score: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Judge {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Score {
    pub judge_id: String,
    pub nominee_id: String,
    pub criterion_id: String,
    pub score: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Category {
    pub id: String,
    pub event_id: String,
    pub name: String,
    pub position: i64,
    pub winner_id: Option<String>,
    pub decision_note: String,
    pub decided_at: Option<String>,
    pub nominees: Vec<Nominee>,
    pub criteria: Vec<Criterion>,
    pub judges: Vec<Judge>,
    pub scores: Vec<Score>,
}

/// One line of the ranking.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Ranked {
    pub nominee_id: String,
    pub institution: String,
    pub regency: String,
    /// Weighted score 0..100, the mean of the judges' complete sheets.
    pub score: f64,
    /// Rank 1, 2, … (equal scores share a rank: 1, 1, 3).
    pub rank: usize,
    pub tie: bool,
    /// Judges whose sheet for this nominee has every criterion scored.
    pub sheets_complete: usize,
    pub judges: usize,
}

pub(crate) fn insert_defaults(tx: &mut Tx, event_id: &str) -> Result<()> {
    for (n, name) in DEFAULT_CATEGORIES.iter().enumerate() {
        let s = tx.stamp();
        tx.execute(
            "INSERT INTO award_categories (id, event_id, name, position, created_at, updated_at, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)",
            params![crate::ids::new_id(), event_id, name, n as i64 + 1, s.now, s.hlc, s.origin],
        )?;
    }
    Ok(())
}

fn category_event(conn: &rusqlite::Connection, id: &str) -> Result<String> {
    conn.query_row(
        "SELECT event_id FROM award_categories WHERE id = ?1 AND deleted_at IS NULL",
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::not_found("award category", id))
}

pub fn get(store: &Store, id: &str) -> Result<Category> {
    let conn = store.conn();
    let mut c = conn
        .query_row(
            "SELECT id, event_id, name, position, winner_id, decision_note, decided_at FROM award_categories
             WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            |r| {
                Ok(Category {
                    id: r.get("id")?,
                    event_id: r.get("event_id")?,
                    name: r.get("name")?,
                    position: r.get("position")?,
                    winner_id: r.get("winner_id")?,
                    decision_note: r.get("decision_note")?,
                    decided_at: r.get("decided_at")?,
                    nominees: vec![],
                    criteria: vec![],
                    judges: vec![],
                    scores: vec![],
                })
            },
        )
        .optional()?
        .ok_or_else(|| Error::not_found("award category", id))?;
    c.nominees = conn
        .prepare_cached("SELECT id, institution, regency FROM award_nominees WHERE category_id = ?1 AND deleted_at IS NULL ORDER BY created_at, id")?
        .query_map([id], |r| Ok(Nominee { id: r.get("id")?, institution: r.get("institution")?, regency: r.get("regency")? }))?
        .collect::<rusqlite::Result<_>>()?;
    c.criteria = conn
        .prepare_cached("SELECT id, name, weight, max_score FROM award_criteria WHERE category_id = ?1 AND deleted_at IS NULL ORDER BY position, created_at")?
        .query_map([id], |r| Ok(Criterion { id: r.get("id")?, name: r.get("name")?, weight: r.get("weight")?, max_score: r.get("max_score")? }))?
        .collect::<rusqlite::Result<_>>()?;
    c.judges = conn
        .prepare_cached("SELECT id, name FROM award_judges WHERE category_id = ?1 AND deleted_at IS NULL ORDER BY created_at, id")?
        .query_map([id], |r| Ok(Judge { id: r.get("id")?, name: r.get("name")? }))?
        .collect::<rusqlite::Result<_>>()?;
    c.scores = conn
        .prepare_cached("SELECT judge_id, nominee_id, criterion_id, score FROM award_scores WHERE category_id = ?1 AND deleted_at IS NULL")?
        .query_map([id], |r| Ok(Score { judge_id: r.get("judge_id")?, nominee_id: r.get("nominee_id")?, criterion_id: r.get("criterion_id")?, score: r.get("score")? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(c)
}

pub fn list(store: &Store, event_id: &str) -> Result<Vec<Category>> {
    events::get(store, event_id)?;
    let ids: Vec<String> = store
        .conn()
        .prepare("SELECT id FROM award_categories WHERE event_id = ?1 AND deleted_at IS NULL ORDER BY position, created_at")?
        .query_map([event_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.iter().map(|id| get(store, id)).collect()
}

pub fn add_category(store: &mut Store, event_id: &str, name: &str) -> Result<Category> {
    events::get(store, event_id)?;
    let name = text("name", name)?;
    let id = crate::ids::new_id();
    store.write(|tx| {
        let exists: Option<i64> = tx
            .query_row("SELECT 1 FROM award_categories WHERE event_id = ?1 AND lower(name) = lower(?2) AND deleted_at IS NULL", [event_id, &name], |r| r.get(0))
            .optional()?;
        if exists.is_some() {
            return Err(AwardError::Exists(name.clone()).into());
        }
        let pos: i64 = tx.query_row("SELECT coalesce(max(position), 0) + 1 FROM award_categories WHERE event_id = ?1", [event_id], |r| r.get(0))?;
        let s = tx.stamp();
        tx.execute(
            "INSERT INTO award_categories (id, event_id, name, position, created_at, updated_at, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)",
            params![id, event_id, name, pos, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    get(store, &id)
}

fn tombstone(store: &mut Store, table: &'static str, id: &str, what: &'static str) -> Result<()> {
    store.write(|tx| {
        if tx.tombstone(table, "id", id)? == 0 {
            return Err(Error::not_found(what, id));
        }
        // scores that pointed at what was removed go too
        let col = match table {
            "award_nominees" => Some("nominee_id"),
            "award_criteria" => Some("criterion_id"),
            "award_judges" => Some("judge_id"),
            "award_categories" => Some("category_id"),
            _ => None,
        };
        if let Some(col) = col {
            tx.tombstone("award_scores", col, id)?;
        }
        Ok(())
    })
}

pub fn delete_category(store: &mut Store, id: &str) -> Result<()> {
    tombstone(store, "award_categories", id, "award category")
}

pub fn add_nominee(
    store: &mut Store,
    category_id: &str,
    institution: &str,
    regency: &str,
) -> Result<Nominee> {
    category_event(store.conn(), category_id)?;
    let institution = text("institution", institution)?;
    let regency = regency.trim().chars().take(MAX_TEXT).collect::<String>();
    let id = crate::ids::new_id();
    store.write(|tx| {
        let key = crate::text::fold(&institution);
        let mut st = tx.prepare("SELECT institution FROM award_nominees WHERE category_id = ?1 AND deleted_at IS NULL")?;
        let dup = st.query_map([category_id], |r| r.get::<_, String>(0))?.filter_map(|r| r.ok()).any(|n| crate::text::fold(&n) == key);
        drop(st);
        if dup {
            return Err(AwardError::Exists(institution.clone()).into());
        }
        let s = tx.stamp();
        tx.execute(
            "INSERT INTO award_nominees (id, category_id, institution, regency, created_at, updated_at, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)",
            params![id, category_id, institution, regency, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    Ok(Nominee {
        id,
        institution,
        regency,
    })
}

pub fn delete_nominee(store: &mut Store, id: &str) -> Result<()> {
    tombstone(store, "award_nominees", id, "nominee")
}

pub fn add_criterion(
    store: &mut Store,
    category_id: &str,
    name: &str,
    weight: f64,
    max_score: f64,
) -> Result<Criterion> {
    category_event(store.conn(), category_id)?;
    let name = text("criterion", name)?;
    if !(weight.is_finite() && weight > 0.0 && weight <= 100.0) {
        return Err(AwardError::BadWeight(weight).into());
    }
    if !(max_score.is_finite() && max_score > 0.0 && max_score <= 1000.0) {
        return Err(AwardError::BadMax(max_score).into());
    }
    let id = crate::ids::new_id();
    store.write(|tx| {
        let pos: i64 = tx.query_row("SELECT coalesce(max(position), 0) + 1 FROM award_criteria WHERE category_id = ?1", [category_id], |r| r.get(0))?;
        let s = tx.stamp();
        tx.execute(
            "INSERT INTO award_criteria (id, category_id, name, weight, max_score, position, created_at, updated_at, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
            params![id, category_id, name, weight, max_score, pos, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    Ok(Criterion {
        id,
        name,
        weight,
        max_score,
    })
}

pub fn delete_criterion(store: &mut Store, id: &str) -> Result<()> {
    tombstone(store, "award_criteria", id, "criterion")
}

pub fn add_judge(store: &mut Store, category_id: &str, name: &str) -> Result<Judge> {
    category_event(store.conn(), category_id)?;
    let name = text("judge", name)?;
    let id = crate::ids::new_id();
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "INSERT INTO award_judges (id, category_id, name, created_at, updated_at, hlc, origin) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)",
            params![id, category_id, name, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    Ok(Judge { id, name })
}

pub fn delete_judge(store: &mut Store, id: &str) -> Result<()> {
    tombstone(store, "award_judges", id, "judge")
}

fn category_of(tx: &Tx, table: &str, id: &str, what: &'static str) -> Result<String> {
    tx.query_row(
        &format!("SELECT category_id FROM {table} WHERE id = ?1 AND deleted_at IS NULL"),
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::not_found(what, id))
}

/// Enter one score of a judge's sheet (replacing an earlier one); `None` clears it.
/// Returns the category's id.
pub fn set_score(
    store: &mut Store,
    judge_id: &str,
    nominee_id: &str,
    criterion_id: &str,
    score: Option<f64>,
) -> Result<String> {
    store.write(|tx| {
        let cat = category_of(tx, "award_judges", judge_id, "judge")?;
        if category_of(tx, "award_nominees", nominee_id, "nominee")? != cat || category_of(tx, "award_criteria", criterion_id, "criterion")? != cat {
            return Err(AwardError::Mismatch.into());
        }
        let (cname, max): (String, f64) = tx.query_row("SELECT name, max_score FROM award_criteria WHERE id = ?1", [criterion_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if let Some(v) = score {
            if !(v.is_finite() && (0.0..=max).contains(&v)) {
                return Err(AwardError::ScoreOutOfRange { score: v, max, criterion: cname }.into());
            }
        }
        let s = tx.stamp();
        let existing: Option<String> = tx
            .query_row(
                "SELECT id FROM award_scores WHERE judge_id = ?1 AND nominee_id = ?2 AND criterion_id = ?3 AND deleted_at IS NULL",
                [judge_id, nominee_id, criterion_id],
                |r| r.get(0),
            )
            .optional()?;
        match (existing, score) {
            (Some(id), Some(v)) => {
                tx.execute("UPDATE award_scores SET score=?2, updated_at=?3, hlc=?4, origin=?5 WHERE id=?1", params![id, v, s.now, s.hlc, s.origin])?;
            }
            (Some(id), None) => {
                tx.tombstone("award_scores", "id", &id)?;
            }
            (None, Some(v)) => {
                tx.execute(
                    "INSERT INTO award_scores (id, category_id, judge_id, nominee_id, criterion_id, score, created_at, updated_at, hlc, origin)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
                    params![crate::ids::new_id(), cat, judge_id, nominee_id, criterion_id, v, s.now, s.hlc, s.origin],
                )?;
            }
            (None, None) => {}
        }
        Ok(cat)
    })
}

/// The weighted ranking. A judge's sheet for a nominee counts once every criterion has a
/// score: sum(weight x score / max) / sum(weight) x 100. A nominee's score is the mean of
/// the complete sheets. Scores equal to two decimals share a rank and are marked as ties.
pub fn ranking(c: &Category) -> Vec<Ranked> {
    let total_weight: f64 = c.criteria.iter().map(|k| k.weight).sum();
    let mut rows: Vec<Ranked> = c
        .nominees
        .iter()
        .map(|n| {
            let mut sheets = Vec::new();
            for j in &c.judges {
                let mut sum = 0.0;
                let mut complete = !c.criteria.is_empty();
                for k in &c.criteria {
                    match c.scores.iter().find(|s| {
                        s.judge_id == j.id && s.nominee_id == n.id && s.criterion_id == k.id
                    }) {
                        Some(s) => sum += k.weight * s.score / k.max_score,
                        None => complete = false,
                    }
                }
                if complete && total_weight > 0.0 {
                    sheets.push(sum / total_weight * 100.0);
                }
            }
            let score = if sheets.is_empty() {
                0.0
            } else {
                sheets.iter().sum::<f64>() / sheets.len() as f64
            };
            Ranked {
                nominee_id: n.id.clone(),
                institution: n.institution.clone(),
                regency: n.regency.clone(),
                score: (score * 100.0).round() / 100.0,
                rank: 0,
                tie: false,
                sheets_complete: sheets.len(),
                judges: c.judges.len(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.score.total_cmp(&a.score).then_with(|| {
            a.institution
                .to_lowercase()
                .cmp(&b.institution.to_lowercase())
        })
    });
    for i in 0..rows.len() {
        rows[i].rank = if i > 0 && rows[i].score == rows[i - 1].score {
            rows[i - 1].rank
        } else {
            i + 1
        };
    }
    for i in 0..rows.len() {
        let s = rows[i].score;
        rows[i].tie = rows.iter().filter(|r| r.score == s).count() > 1;
    }
    rows
}

/// Record the decision: the winning nominee and an optional note (e.g. how a tie was
/// settled). `None` clears the decision.
pub fn decide(
    store: &mut Store,
    category_id: &str,
    winner: Option<&str>,
    note: &str,
) -> Result<Category> {
    category_event(store.conn(), category_id)?;
    let note: String = note.trim().chars().take(2000).collect();
    store.write(|tx| {
        if let Some(w) = winner {
            if category_of(tx, "award_nominees", w, "nominee")? != category_id {
                return Err(AwardError::Mismatch.into());
            }
        }
        let s = tx.stamp();
        let at = winner.map(|_| s.now.clone());
        tx.execute(
            "UPDATE award_categories SET winner_id=?2, decision_note=?3, decided_at=?4, updated_at=?5, hlc=?6, origin=?7 WHERE id=?1",
            params![category_id, winner, note, at, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    get(store, category_id)
}

/// Winners of the event: (category name, nominee) for each decided category.
pub fn winners(store: &Store, event_id: &str) -> Result<Vec<(String, Nominee)>> {
    let mut out = Vec::new();
    for c in list(store, event_id)? {
        if let Some(w) = &c.winner_id {
            if let Some(n) = c.nominees.iter().find(|n| &n.id == w) {
                out.push((c.name.clone(), n.clone()));
            }
        }
    }
    Ok(out)
}

/// The winners of many events in one query (headquarters' dashboard): event id, category,
/// winning institution, in category order. The same rule as [`winners`]: a live category
/// whose chosen nominee is live.
pub fn winners_in(store: &Store, event_ids: &[String]) -> Result<Vec<(String, String, String)>> {
    if event_ids.is_empty() {
        return Ok(vec![]);
    }
    let mut st = store.conn().prepare(&format!(
        "SELECT c.event_id, c.name, n.institution FROM award_categories c
         JOIN award_nominees n ON n.id = c.winner_id AND n.category_id = c.id AND n.deleted_at IS NULL
         WHERE c.deleted_at IS NULL AND c.event_id IN ({})
         ORDER BY c.event_id, c.position",
        vec!["?"; event_ids.len()].join(",")
    ))?;
    let rows = st
        .query_map(rusqlite::params_from_iter(event_ids.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests;
