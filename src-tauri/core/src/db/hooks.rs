//! Migration steps that need Rust: data a migration must compute, not only reshape.

use crate::text::{fold, name_key, search_text};
use rusqlite::params;

/// Fold every live person's search keys again (a migration hook: when the folding rule
/// changes, the stored keys follow). Erased people keep their emptied keys.
pub(super) fn refold_search_keys(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    let mut st = conn.prepare(
        "SELECT id, name, code, institution, regency FROM participants WHERE erased_at IS NULL",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, String>("id")?,
                r.get::<_, String>("name")?,
                r.get::<_, String>("code")?,
                r.get::<_, String>("institution")?,
                r.get::<_, String>("regency")?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut up = conn.prepare(
        "UPDATE participants SET name_key = ?2, inst_key = ?3, search_text = ?4 WHERE id = ?1",
    )?;
    for (id, name, code, institution, regency) in rows {
        up.execute(params![
            id,
            name_key(&name),
            fold(&institution),
            search_text(&name, &code, &institution, &regency)
        ])?;
    }
    Ok(())
}
