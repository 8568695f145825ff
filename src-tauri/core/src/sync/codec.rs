//! Rows as JSON: how a database row travels in the file, and back.

use super::error::{Damage, SyncError};
use super::TABLES;
use crate::db::Tx;
use crate::error::Result;
use base64::Engine;
use rusqlite::types::{Value, ValueRef};
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;

fn to_json(v: ValueRef<'_>) -> Json {
    match v {
        ValueRef::Null => Json::Null,
        ValueRef::Integer(i) => json!(i),
        ValueRef::Real(f) => json!(f),
        ValueRef::Text(t) => Json::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => json!({ "b64": base64::engine::general_purpose::STANDARD.encode(b) }),
    }
}

pub(super) fn from_json(v: &Json) -> std::result::Result<Value, String> {
    Ok(match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(*b as i64),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().ok_or("number")?),
        },
        Json::String(s) => Value::Text(s.clone()),
        Json::Object(o) => match o.get("b64").and_then(Json::as_str) {
            Some(b) => Value::Blob(
                base64::engine::general_purpose::STANDARD
                    .decode(b)
                    .map_err(|_| "base64")?,
            ),
            None => return Err("object".into()),
        },
        Json::Array(_) => return Err("array".into()),
    })
}

/// One row as it travels: column name to JSON value.
pub type Row = Map<String, Json>;

pub(super) fn columns(conn: &rusqlite::Connection, table: &str) -> Result<Vec<String>> {
    let mut st = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let cols = st
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols)
}

/// Every synced row of an event, table by table (photos only when `include_photos`).
pub fn collect(
    conn: &rusqlite::Connection,
    event_id: &str,
    include_photos: bool,
) -> Result<BTreeMap<String, Vec<Row>>> {
    let mut out = BTreeMap::new();
    for (table, filter) in TABLES {
        if !include_photos && super::OPTIONAL_TABLES.contains(&table) {
            continue;
        }
        let cols = columns(conn, table)?;
        let mut st = conn.prepare(&format!("SELECT * FROM {table} WHERE {filter} ORDER BY id"))?;
        let mut rows = st.query([event_id])?;
        let mut list = Vec::new();
        while let Some(r) = rows.next()? {
            let mut m = Map::new();
            for (i, c) in cols.iter().enumerate() {
                m.insert(c.clone(), to_json(r.get_ref(i)?));
            }
            list.push(m);
        }
        out.insert(table.to_string(), list);
    }
    Ok(out)
}

/// A table's columns and the statements that read and write one of its rows by id,
/// built once per table rather than once per row.
pub(super) struct TableSql {
    pub cols: Vec<String>,
    pub select: String,
    pub insert: String,
    update: String,
}

impl TableSql {
    pub(super) fn of(conn: &rusqlite::Connection, table: &str) -> Result<TableSql> {
        let cols = columns(conn, table)?;
        let sets: Vec<String> = cols
            .iter()
            .enumerate()
            .filter(|(_, c)| *c != "id")
            .map(|(i, c)| format!("{c} = ?{}", i + 1))
            .collect();
        let id_pos = cols.iter().position(|c| c == "id").expect("id column") + 1;
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        Ok(TableSql {
            select: format!("SELECT * FROM {table} WHERE id = ?1"),
            // a failed insert rolls back the whole file, so the statement needs no journal
            // of its own (`OR FAIL` instead of the default `ABORT`; with the merge's
            // deferred foreign keys, inserting a participant journals no index pages)
            insert: format!(
                "INSERT OR FAIL INTO {table} ({}) VALUES ({})",
                cols.join(", "),
                marks.join(", ")
            ),
            update: format!(
                "UPDATE {table} SET {} WHERE id = ?{id_pos}",
                sets.join(", ")
            ),
            cols,
        })
    }
}

pub(super) fn read_row(tx: &Tx, t: &TableSql, id: &str) -> Result<Option<Row>> {
    let mut st = tx.prepare_cached(&t.select)?;
    read_row_with(&mut st, t, id)
}

/// [`read_row`] with the table's `select` statement held by the caller (a loop over
/// many rows looks it up once, not once a row).
pub(super) fn read_row_with(
    st: &mut rusqlite::Statement<'_>,
    t: &TableSql,
    id: &str,
) -> Result<Option<Row>> {
    let mut rows = st.query([id])?;
    match rows.next()? {
        None => Ok(None),
        Some(r) => {
            let mut m = Map::new();
            for (i, c) in t.cols.iter().enumerate() {
                m.insert(c.clone(), to_json(r.get_ref(i)?));
            }
            Ok(Some(m))
        }
    }
}

fn values(row: &Row, cols: &[String]) -> std::result::Result<Vec<Value>, String> {
    cols.iter()
        .map(|c| row.get(c).map(from_json).unwrap_or(Ok(Value::Null)))
        .collect()
}

pub(super) fn write_row(tx: &Tx, t: &TableSql, row: &Row, exists: bool) -> Result<()> {
    // rows were checked against the schema before the merge began (validate.rs)
    let vals = values(row, &t.cols).map_err(|e| {
        log::warn!("sync merge: {e}");
        SyncError::Damaged(Damage::ContentJson)
    })?;
    let sql = if exists { &t.update } else { &t.insert };
    tx.prepare_cached(sql)?
        .execute(rusqlite::params_from_iter(vals))?;
    Ok(())
}

/// A canonical dump of every synced row (all events), for comparing two databases.
pub fn canonical_dump(conn: &rusqlite::Connection) -> Result<BTreeMap<String, Vec<String>>> {
    let mut out = BTreeMap::new();
    for (table, _) in TABLES {
        let cols = columns(conn, table)?;
        let mut st = conn.prepare(&format!("SELECT * FROM {table} ORDER BY id"))?;
        let mut rows = st.query([])?;
        let mut list = Vec::new();
        while let Some(r) = rows.next()? {
            let mut m = BTreeMap::new();
            for (i, c) in cols.iter().enumerate() {
                m.insert(c.clone(), to_json(r.get_ref(i)?));
            }
            list.push(serde_json::to_string(&m).expect("json"));
        }
        out.insert(table.to_string(), list);
    }
    Ok(out)
}
