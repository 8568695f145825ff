//! What the home screen shows of the data file: counts and whether the last export is current.

use super::TABLES;
use crate::db::Store;
use crate::error::Result;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Record counts for export previews and the home screen.
/// (Counted in SQL: the home screen asks for this, and reading every row, signature
/// images included, just to count them would be wasted work.)
pub fn counts(store: &Store, event_id: &str) -> Result<HashMap<String, usize>> {
    let mut out = HashMap::new();
    for (table, filter) in TABLES {
        let n: i64 = store.conn().query_row(
            &format!("SELECT count(*) FROM {table} WHERE {filter}"),
            [event_id],
            |r| r.get(0),
        )?;
        out.insert(table.to_string(), n as usize);
    }
    Ok(out)
}

/// Whether the event's data file is up to date: when and where it was last exported, and
/// whether anything changed since (this laptop's clock moved).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ExportStatus {
    pub event_id: String,
    pub at: Option<String>,
    pub path: Option<String>,
    pub hlc: Option<String>,
    pub up_to_date: bool,
}

pub fn export_status(store: &Store, event_id: &str) -> Result<ExportStatus> {
    let current = crate::db::get_meta(store.conn(), "hlc")?;
    let last: Option<ExportStatus> = crate::settings::get(store, crate::settings::Key::LastExport)?
        .and_then(|s| serde_json::from_str(&s).ok());
    Ok(match last {
        Some(mut l) if l.event_id == event_id => {
            l.up_to_date = l.hlc.is_some() && l.hlc == current;
            l
        }
        _ => ExportStatus {
            event_id: event_id.to_string(),
            ..Default::default()
        },
    })
}

/// Remember a finished export (shown on the home screen).
pub fn record_export(store: &mut Store, event_id: &str, path: &str) -> Result<()> {
    let st = ExportStatus {
        event_id: event_id.to_string(),
        at: Some(crate::ids::now_utc()),
        path: Some(path.to_string()),
        hlc: crate::db::get_meta(store.conn(), "hlc")?,
        up_to_date: true,
    };
    crate::settings::set(
        store,
        crate::settings::Key::LastExport,
        &serde_json::to_string(&st).expect("json"),
    )
}
