//! The merge: per row by clock, tombstones kept, unique places collapsed the same way
//! on every computer, whatever the order the files arrive in.

use super::codec::{from_json, read_row, read_row_with, write_row, Row, TableSql};
use super::error::{Damage, SyncError};
use super::file::Parsed;
use super::validate::TypedRows;
use super::TABLES;
use crate::db::Tx;
use crate::error::Result;
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq)]
pub struct Counts {
    pub added: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
    pub conflicts: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub table: String,
    pub id: String,
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProbableMatch {
    pub a: String,
    pub a_event: String,
    pub b: String,
    pub b_event: String,
    pub name_a: String,
    pub name_b: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub file: String,
    pub event_id: String,
    pub event_title: String,
    pub device_id: String,
    pub made_at: String,
    pub dry_run: bool,
    pub already_imported: bool,
    pub added: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
    pub conflicts: Vec<Conflict>,
    pub by_table: BTreeMap<String, Counts>,
    pub probable_matches: Vec<ProbableMatch>,
}

fn text<'a>(r: &'a Row, k: &str) -> &'a str {
    r.get(k).and_then(Json::as_str).unwrap_or("")
}

/// The winner of two versions of one row: newer clock, then larger origin, then the
/// larger serialisation (so even a forged tie is decided the same way everywhere).
fn newer<'a>(a: &'a Row, b: &'a Row) -> &'a Row {
    let ka = (text(a, "hlc"), text(a, "origin"));
    let kb = (text(b, "hlc"), text(b, "origin"));
    match ka.cmp(&kb) {
        std::cmp::Ordering::Greater => a,
        std::cmp::Ordering::Less => b,
        std::cmp::Ordering::Equal => {
            if serde_json::to_string(a).expect("json") >= serde_json::to_string(b).expect("json") {
                a
            } else {
                b
            }
        }
    }
}

/// The merged version: the newer row, with the earliest tombstone of either side.
fn merge_rows(local: &Row, incoming: &Row) -> Row {
    let mut out = newer(local, incoming).clone();
    if out.contains_key("deleted_at") {
        let dels: Vec<&str> = [local, incoming]
            .iter()
            .filter_map(|r| r.get("deleted_at").and_then(Json::as_str))
            .collect();
        if let Some(first) = dels.iter().min() {
            out.insert("deleted_at".into(), Json::String(first.to_string()));
        }
    }
    out
}

/// A deterministic replacement badge code for a participant whose code collides.
fn derived_code(id: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let h = Sha256::digest(id.as_bytes());
    h.iter()
        .take(6)
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// Rows that must be unique besides their id: which columns, among live rows.
fn unique_key(table: &str) -> Option<&'static [&'static str]> {
    match table {
        "attendance" => Some(&["participant_id", "slot"]),
        "award_scores" => Some(&["judge_id", "nominee_id", "criterion_id"]),
        _ => None,
    }
}

/// Of two rows that claim the same unique place, does `a` keep it? The earliest
/// check-in counts; for scores the newest entry counts. Ids decide exact ties.
fn keeps_place(table: &str, a: &Row, b: &Row) -> bool {
    match table {
        "attendance" => {
            (text(a, "checked_in_at"), text(a, "id")) <= (text(b, "checked_in_at"), text(b, "id"))
        }
        _ => {
            (text(a, "hlc"), text(a, "origin"), text(a, "id"))
                >= (text(b, "hlc"), text(b, "origin"), text(b, "id"))
        }
    }
}

/// Merge one table's incoming rows (`typed`: the same rows as the values they are
/// written as, when the reader gave them).
fn merge_table(
    tx: &mut Tx,
    table: &str,
    rows: &[Row],
    typed: Option<&TypedRows>,
    counts: &mut Counts,
    conflicts: &mut Vec<Conflict>,
) -> Result<()> {
    let t = TableSql::of(tx, table)?;
    // the values the reader made, when they are in this table's column order
    let typed = typed
        .filter(|v| v.cols == t.cols && v.rows.len() == rows.len())
        .map(|v| &v.rows);
    // the statement that finds another live row in the same unique place
    let place_sql = unique_key(table).map(|key| {
        let wh: Vec<String> = key
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", i + 2))
            .collect();
        format!(
            "SELECT id FROM {table} WHERE id <> ?1 AND deleted_at IS NULL AND {}",
            wh.join(" AND ")
        )
    });
    // this computer's clock moves past every version it takes in (the canonical clocks
    // compare as text, so the newest is enough)
    if table != "audit_log" {
        if let Some(h) = rows
            .iter()
            .filter_map(|r| r.get("hlc").and_then(Json::as_str))
            .max()
        {
            tx.observe(h);
        }
    }
    let tx: &Tx = tx;
    // looked up once for all the rows, not once a row
    let mut select = tx.prepare_cached(&t.select)?;
    let mut insert = tx.prepare_cached(&t.insert)?;
    // a row new here: written as it came, from the reader's values when there are any
    let mut add = |i: usize, row: &Row| -> Result<()> {
        match typed {
            Some(v) => {
                insert.execute(rusqlite::params_from_iter(&v[i]))?;
                Ok(())
            }
            None => write_row(tx, &t, row, false),
        }
    };
    for (i, incoming) in rows.iter().enumerate() {
        let id = text(incoming, "id").to_string();
        if table == "audit_log" {
            // append-only: a known entry is never rewritten
            if read_row_with(&mut select, &t, &id)?.is_some() {
                counts.unchanged += 1;
            } else {
                add(i, incoming)?;
                counts.added += 1;
            }
            continue;
        }
        let local = read_row_with(&mut select, &t, &id)?;
        // a row new here is written as it came (no copy)
        let mut merged: std::borrow::Cow<Row> = match &local {
            Some(l) => std::borrow::Cow::Owned(merge_rows(l, incoming)),
            None => std::borrow::Cow::Borrowed(incoming),
        };
        // a second desk's check-in for the same person and slot, a second seal of a day,
        // a second score for the same cell: one keeps its place, the other is tombstoned
        if let (Some(key), Some(sql)) = (unique_key(table), &place_sql) {
            if merged.get("deleted_at").is_none_or(Json::is_null) {
                let mut vals: Vec<Value> = vec![Value::Text(id.clone())];
                for c in key.iter() {
                    vals.push(
                        merged
                            .get(*c)
                            .map(from_json)
                            .transpose()
                            .map_err(|_| SyncError::Damaged(Damage::ContentJson))?
                            .unwrap_or(Value::Null),
                    );
                }
                let other: Option<String> = tx
                    .prepare_cached(sql)?
                    .query_row(rusqlite::params_from_iter(vals), |r| r.get(0))
                    .optional()?;
                if let Some(other_id) = other {
                    let other_row = read_row_with(&mut select, &t, &other_id)?.expect("found");
                    let tomb = |r: &Row, at: &str| {
                        let mut t = r.clone();
                        t.insert("deleted_at".into(), Json::String(at.to_string()));
                        t
                    };
                    conflicts.push(Conflict {
                        table: table.into(),
                        id: id.clone(),
                        kind: "duplicate".into(),
                        detail: format!("same place as {other_id}; one kept"),
                    });
                    if keeps_place(table, &other_row, &merged) {
                        let at = text(&merged, "updated_at").to_string();
                        merged = std::borrow::Cow::Owned(tomb(&merged, &at));
                    } else {
                        let at = text(&other_row, "updated_at").to_string();
                        write_row(tx, &t, &tomb(&other_row, &at), true)?;
                    }
                }
            }
        }
        if table == "day_seals" {
            // one seal per event and day: the smaller id keeps the row, the newer content wins
            let other: Option<String> = tx
                .prepare_cached(
                    "SELECT id FROM day_seals WHERE event_id = ?1 AND day = ?2 AND id <> ?3",
                )?
                .query_row(
                    params![
                        text(&merged, "event_id"),
                        merged.get("day").and_then(Json::as_i64).unwrap_or(0),
                        id
                    ],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(other_id) = other {
                let other_row = read_row(tx, &t, &other_id)?.expect("found");
                let mut content = newer(&other_row, &merged).clone();
                let keep = if other_id < id {
                    other_id.clone()
                } else {
                    id.clone()
                };
                content.insert("id".into(), Json::String(keep.clone()));
                if content == other_row {
                    counts.unchanged += 1;
                    continue;
                }
                conflicts.push(Conflict {
                    table: table.into(),
                    id: id.clone(),
                    kind: "duplicate".into(),
                    detail: format!("day sealed on two laptops; kept {keep}"),
                });
                tx.execute("DELETE FROM day_seals WHERE id = ?1", [&other_id])?;
                write_row(tx, &t, &content, false)?;
                counts.updated += 1;
                continue;
            }
        }
        if table == "participants" {
            // a badge code taken by another person: the smaller id keeps it
            let code = text(&merged, "code").to_string();
            let other: Option<String> = tx
                .prepare_cached(
                    "SELECT id FROM participants WHERE event_id = ?1 AND code = ?2 AND id <> ?3",
                )?
                .query_row(params![text(&merged, "event_id"), code, id], |r| r.get(0))
                .optional()?;
            if let Some(other_id) = other {
                conflicts.push(Conflict {
                    table: table.into(),
                    id: id.clone(),
                    kind: "code".into(),
                    detail: format!("badge code {code} also used by {other_id}"),
                });
                if other_id < id {
                    merged
                        .to_mut()
                        .insert("code".into(), Json::String(derived_code(&id)));
                } else {
                    let mut o = read_row(tx, &t, &other_id)?.expect("found");
                    o.insert("code".into(), Json::String(derived_code(&other_id)));
                    write_row(tx, &t, &o, true)?;
                }
            }
        }
        match &local {
            None => {
                match &merged {
                    std::borrow::Cow::Borrowed(_) => add(i, incoming)?,
                    std::borrow::Cow::Owned(changed) => write_row(tx, &t, changed, false)?,
                }
                counts.added += 1;
            }
            Some(l) if *l == *merged => counts.unchanged += 1,
            Some(l) => {
                let was_live = l.get("deleted_at").is_none_or(Json::is_null);
                let now_dead = merged.get("deleted_at").is_some_and(|d| !d.is_null());
                write_row(tx, &t, &merged, true)?;
                if was_live && now_dead {
                    counts.deleted += 1;
                } else {
                    counts.updated += 1;
                }
            }
        }
    }
    Ok(())
}

/// People who probably are the same person in different events (same NIP, or same phone
/// and a similar name). Listed for headquarters to confirm; never merged.
pub fn probable_matches(conn: &rusqlite::Connection, event_id: &str) -> Result<Vec<ProbableMatch>> {
    // two indexed lookups (by NIP, by phone) rather than one join with OR, which would
    // compare every pair of people
    let mut st = conn.prepare(
        "SELECT a.id, a.event_id, b.id, b.event_id, a.name, b.name, 'nip'
         FROM participants a JOIN participants b INDEXED BY participants_nip ON b.nip = a.nip
         WHERE a.event_id = ?1 AND a.nip IS NOT NULL AND b.event_id <> ?1 AND a.deleted_at IS NULL AND b.deleted_at IS NULL
         UNION ALL
         SELECT a.id, a.event_id, b.id, b.event_id, a.name, b.name, 'phone'
         FROM participants a JOIN participants b INDEXED BY participants_phone ON b.phone = a.phone
         WHERE a.event_id = ?1 AND a.phone IS NOT NULL AND b.event_id <> ?1 AND a.deleted_at IS NULL AND b.deleted_at IS NULL
           AND (a.nip IS NULL OR b.nip IS NULL OR a.nip <> b.nip)
           AND substr(a.name_key, 1, 4) = substr(b.name_key, 1, 4)",
    )?;
    let rows = st.query_map([event_id], |r| {
        Ok(ProbableMatch {
            a: r.get(0)?,
            a_event: r.get(1)?,
            b: r.get(2)?,
            b_event: r.get(3)?,
            name_a: r.get(4)?,
            name_b: r.get(5)?,
            reason: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn merge_all(
    tx: &mut Tx,
    p: &Parsed,
) -> Result<(BTreeMap<String, Counts>, Vec<Conflict>)> {
    let mut by_table = BTreeMap::new();
    let mut conflicts = Vec::new();
    for (table, _) in TABLES {
        let mut c = Counts::default();
        if let Some(rows) = p.tables.get(table) {
            merge_table(tx, table, rows, p.typed.get(table), &mut c, &mut conflicts)?;
        }
        c.conflicts = conflicts.iter().filter(|x| x.table == table).count();
        by_table.insert(table.to_string(), c);
    }
    Ok((by_table, conflicts))
}
