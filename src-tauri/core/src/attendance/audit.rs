//! The append-only audit log: who did what at the desk, and why when a reason is asked.

use super::*;

pub fn actor(store: &Store) -> String {
    crate::settings::operator(store)
}

/// Append to the audit log (the table refuses updates and deletes).
pub fn audit(
    tx: &mut Tx,
    event_id: &str,
    actor: &str,
    action: &str,
    target: Option<&str>,
    detail: serde_json::Value,
    reason: Option<&str>,
) -> Result<()> {
    let s = tx.stamp();
    tx.execute(
        "INSERT INTO audit_log (id, event_id, at, actor, action, target, detail, reason, hlc, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![crate::ids::new_id(), event_id, s.now, actor, action, target, detail.to_string(), reason, s.hlc, s.origin],
    )?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub detail: Option<String>,
    pub reason: Option<String>,
}

pub fn audit_log(store: &Store, event_id: &str) -> Result<Vec<AuditEntry>> {
    let mut st = store.conn().prepare("SELECT at, actor, action, target, detail, reason FROM audit_log WHERE event_id=?1 ORDER BY hlc")?;
    let rows = st
        .query_map([event_id], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                action: r.get(2)?,
                target: r.get(3)?,
                detail: r.get(4)?,
                reason: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
