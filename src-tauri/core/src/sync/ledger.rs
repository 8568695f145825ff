//! The import ledger: every file merged here, by its hash.

use crate::db::Store;
use crate::error::Result;
use serde::Serialize;

/// The import ledger, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerEntry {
    pub file_sha256: String,
    pub device_id: String,
    pub event_id: String,
    pub made_at: String,
    pub imported_at: String,
}

pub fn ledger(store: &Store) -> Result<Vec<LedgerEntry>> {
    let mut st = store.conn().prepare("SELECT file_sha256, device_id, event_id, made_at, imported_at FROM sync_imports ORDER BY imported_at DESC")?;
    let rows = st.query_map([], |r| {
        Ok(LedgerEntry {
            file_sha256: r.get(0)?,
            device_id: r.get(1)?,
            event_id: r.get(2)?,
            made_at: r.get(3)?,
            imported_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
