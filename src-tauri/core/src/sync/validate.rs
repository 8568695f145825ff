//! Every row of a file is checked before anything is written: known columns only, each
//! with the type the migrations give it, required columns present, clocks in the one
//! format that compares correctly as text, timestamps and dates that parse, ids that are
//! UUIDs, attendance slots that match their day and session. One bad row refuses the
//! whole file, and the message names the table, the row id and the field.

use super::codec::Row;
use super::error::SyncError;
use crate::error::Result;
use crate::ids::Hlc;
use rusqlite::types::Value;
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// One column as the receiving database declares it.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub name: String,
    pub kind: String,
    pub required: bool,
}

/// The columns of a table (`PRAGMA table_info`), with whether a value must be given.
pub(crate) fn table_columns(conn: &rusqlite::Connection, table: &str) -> Result<Vec<Column>> {
    let mut st = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let cols = st
        .query_map([], |r| {
            let notnull: i64 = r.get("notnull")?;
            let default: Option<String> = r.get("dflt_value")?;
            Ok(Column {
                name: r.get("name")?,
                kind: r.get::<_, String>("type")?.to_ascii_uppercase(),
                required: notnull == 1 && default.is_none(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols)
}

/// What a column holds beyond its SQL type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Clock,
    Timestamp,
    Date,
    Uuid,
    Any,
}

fn shape_of(column: &str) -> Shape {
    match column {
        "hlc" => Shape::Clock,
        "at" => Shape::Timestamp,
        c if c.ends_with("_at") => Shape::Timestamp,
        "start_date" | "retention_until" => Shape::Date,
        "id" | "origin" => Shape::Uuid,
        // audit_log.event_id is not a foreign key but is still the event's UUID
        c if c.ends_with("_id") => Shape::Uuid,
        _ => Shape::Any,
    }
}

/// Whether `s` is a clock in the canonical form: 13 lower-case hex digits, `-`, 4
/// lower-case hex digits. Only that form compares correctly as text.
pub(crate) fn is_canonical_hlc(s: &str) -> bool {
    let b = s.as_bytes();
    let hex = |c: &u8| c.is_ascii_digit() || (b'a'..=b'f').contains(c);
    b.len() == 18
        && b[13] == b'-'
        && b[..13].iter().all(hex)
        && b[14..].iter().all(hex)
        && Hlc::parse(s).is_some()
}

fn is_timestamp(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

fn is_date(s: &str) -> bool {
    s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// A JSON value as the SQL value of a column of type `kind`, or `None` when it is not
/// one (a string in an INTEGER column, a blob that is not base64).
fn typed_value(kind: &str, v: &Json) -> Option<Value> {
    match kind {
        "TEXT" => v.as_str().map(|s| Value::Text(s.to_string())),
        "INTEGER" => v.as_i64().map(Value::Integer),
        "REAL" => v.as_f64().map(Value::Real),
        "BLOB" => v
            .as_object()
            .and_then(|o| o.get("b64"))
            .and_then(Json::as_str)
            .and_then(|b| {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD.decode(b).ok()
            })
            .map(Value::Blob),
        _ => super::codec::from_json(v).ok(),
    }
}

/// The manifest's own ids and time.
pub(crate) fn check_manifest(m: &super::Manifest) -> Result<()> {
    let bad = |field: &str, problem: &'static str| -> crate::error::Error {
        SyncError::BadRow {
            table: "manifest".into(),
            id: m.event_id.chars().take(64).collect(),
            field: field.into(),
            problem,
        }
        .into()
    };
    if !crate::ids::is_uuid(&m.event_id) {
        return Err(bad("event_id", "uuid"));
    }
    if !crate::ids::is_uuid(&m.device_id) {
        return Err(bad("device_id", "uuid"));
    }
    if !is_timestamp(&m.made_at) {
        return Err(bad("made_at", "timestamp"));
    }
    Ok(())
}

/// One table's rows of a file as SQL values, each row's values in the order of `cols`
/// (the receiving database's columns, as `PRAGMA table_info` gives them).
#[derive(Debug, Clone, Default)]
pub(crate) struct TypedRows {
    pub cols: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// A file's rows as the SQL values they are written as, table by table.
pub(crate) type Typed = BTreeMap<String, TypedRows>;

/// Check every row of every table against this database's schema, and give each row's
/// values as they will be written (so the merge converts nothing, and headquarters
/// converts on the cores that read the files).
pub(crate) fn check_rows(
    schema: &BTreeMap<String, Vec<Column>>,
    tables: &BTreeMap<String, Vec<Row>>,
) -> Result<Typed> {
    let mut typed = Typed::new();
    for (table, rows) in tables {
        let cols = schema
            .get(table)
            .ok_or_else(|| SyncError::Forged(format!("unknown table {table}")))?;
        let rows = rows
            .iter()
            .map(|row| check_row(table, cols, row))
            .collect::<Result<Vec<_>>>()?;
        let cols = cols.iter().map(|c| c.name.clone()).collect();
        typed.insert(table.clone(), TypedRows { cols, rows });
    }
    Ok(typed)
}

fn check_row(table: &str, cols: &[Column], row: &Row) -> Result<Vec<Value>> {
    let id = row.get("id").and_then(Json::as_str).unwrap_or("?");
    let bad = |field: &str, problem: &'static str| -> crate::error::Error {
        SyncError::BadRow {
            table: table.to_string(),
            id: id.chars().take(64).collect(),
            field: field.chars().take(64).collect(),
            problem,
        }
        .into()
    };
    for k in row.keys() {
        if !cols.iter().any(|c| &c.name == k) {
            return Err(bad(k, "unknown"));
        }
    }
    let mut values = Vec::with_capacity(cols.len());
    for c in cols {
        let v = row.get(&c.name).unwrap_or(&Json::Null);
        if v.is_null() {
            if c.required {
                return Err(bad(&c.name, "missing"));
            }
            values.push(Value::Null);
            continue;
        }
        let Some(value) = typed_value(&c.kind, v) else {
            return Err(bad(&c.name, "type"));
        };
        if let Value::Text(s) = &value {
            let ok = match shape_of(&c.name) {
                Shape::Clock => is_canonical_hlc(s),
                Shape::Timestamp => is_timestamp(s),
                Shape::Date => is_date(s),
                Shape::Uuid => crate::ids::is_uuid(s),
                Shape::Any => true,
            };
            if !ok {
                let problem = match shape_of(&c.name) {
                    Shape::Clock => "hlc",
                    Shape::Timestamp => "timestamp",
                    Shape::Date => "date",
                    Shape::Uuid => "uuid",
                    Shape::Any => "value",
                };
                return Err(bad(&c.name, problem));
            }
        }
        values.push(value);
    }
    if table == "attendance" && !slot_ok(row) {
        return Err(bad("slot", "slot"));
    }
    if table == "photos" && !jpeg_ok(row) {
        return Err(bad("jpeg", "value"));
    }
    Ok(values)
}

/// A photo is a JPEG (as PLM Desk keeps them), or nothing once removed.
fn jpeg_ok(row: &Row) -> bool {
    let deleted = row.get("deleted_at").is_some_and(|v| !v.is_null());
    match row.get("jpeg").map(super::codec::from_json) {
        Some(Ok(rusqlite::types::Value::Blob(b))) => {
            b.starts_with(&[0xFF, 0xD8, 0xFF]) || (deleted && b.is_empty())
        }
        _ => false,
    }
}

/// `d<day>`, `d<day>-am`, `d<day>-pm` (the row's own day), or `s:<session_id>` (the row's
/// own session).
fn slot_ok(row: &Row) -> bool {
    let slot = row.get("slot").and_then(Json::as_str).unwrap_or("");
    let day = row.get("day").and_then(Json::as_i64).unwrap_or(-1);
    if let Some(sid) = slot.strip_prefix("s:") {
        return row.get("session_id").and_then(Json::as_str) == Some(sid);
    }
    let plain = format!("d{day}");
    slot == plain || slot == format!("{plain}-am") || slot == format!("{plain}-pm")
}

/// The columns of every synced table as `docs/sync-format.md` lists them, made from this
/// database's schema (the migrations), so the document cannot drift from the code.
pub fn schema_markdown(conn: &rusqlite::Connection) -> Result<String> {
    let mut out = String::new();
    for (table, _) in super::TABLES {
        out.push_str(&format!(
            "\n#### `{table}`\n\n| column | JSON type | required | must be |\n|---|---|---|---|\n"
        ));
        for c in table_columns(conn, table)? {
            let json_type = match c.kind.as_str() {
                "TEXT" => "string",
                "INTEGER" => "integer",
                "REAL" => "number",
                "BLOB" => "`{\"b64\": …}`",
                _ => "any",
            };
            let shape = match shape_of(&c.name) {
                _ if table == "attendance" && c.name == "slot" => {
                    "`d<day>`, `d<day>-am`, `d<day>-pm` or `s:<session_id>`, matching the row's `day` / `session_id`"
                }
                Shape::Clock => "a clock: 13 + 4 lower-case hex digits",
                Shape::Timestamp => "an RFC 3339 time",
                Shape::Date => "a date, `YYYY-MM-DD`",
                Shape::Uuid => "a UUID",
                Shape::Any => "",
            };
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                c.name,
                json_type,
                if c.required { "yes" } else { "" },
                shape
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_canonical_clock_form_is_a_clock() {
        assert!(is_canonical_hlc("0183a1b2c3d4e-0000"));
        assert!(!is_canonical_hlc("not-an-hlc"));
        assert!(
            !is_canonical_hlc("0183A1B2C3D4E-0000"),
            "upper case sorts wrongly"
        );
        assert!(
            !is_canonical_hlc("183a1b2c3d4e-0"),
            "short forms sort wrongly"
        );
        assert!(!is_canonical_hlc("0183a1b2c3d4e-00000"));
        assert!(!is_canonical_hlc("zzzzzzzzzzzzz-0000"));
    }

    #[test]
    fn slots_match_their_day_and_session() {
        let row = |slot: &str, day: i64, sid: Option<&str>| -> Row {
            let mut r = Row::new();
            r.insert("slot".into(), Json::from(slot));
            r.insert("day".into(), Json::from(day));
            if let Some(s) = sid {
                r.insert("session_id".into(), Json::from(s));
            }
            r
        };
        assert!(slot_ok(&row("d2", 2, None)));
        assert!(slot_ok(&row("d1-pm", 1, None)));
        assert!(!slot_ok(&row("d1", 2, None)));
        assert!(!slot_ok(&row("d1-noon", 1, None)));
        assert!(slot_ok(&row("s:abc", 1, Some("abc"))));
        assert!(!slot_ok(&row("s:abc", 1, Some("xyz"))));
        assert!(!slot_ok(&row("", 1, None)));
    }
}
