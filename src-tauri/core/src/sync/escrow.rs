//! A laptop's database key sealed to headquarters (`vault::escrow`) arrives inside its
//! data file; headquarters keeps it by device. This laptop keeps its own sealed copy
//! beside the database whenever it knows headquarters' key.

use crate::error::Result;
use crate::vault::escrow::{keep, Escrowed};

/// Keep at headquarters a laptop's sealed key that came inside its data file.
pub(super) fn receive(
    tx: &crate::db::Tx<'_>,
    device_id: &str,
    event_id: &str,
    e: &Escrowed,
    now: &str,
) -> Result<()> {
    if e.check.len() != 16
        || e.sealed.len() > 4096
        || !e.check.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return Ok(()); // not ours to keep; the rows of the file are what matter
    }
    tx.prepare_cached(
        "INSERT INTO key_escrow (device_id, key_check, hq_key, sealed, event_id, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (device_id, key_check) DO UPDATE SET
           hq_key = excluded.hq_key, sealed = excluded.sealed,
           event_id = excluded.event_id, received_at = excluded.received_at",
    )?
    .execute(rusqlite::params![
        device_id, e.check, e.hq_key, e.sealed, event_id, now
    ])?;
    Ok(())
}

/// [`crate::vault::escrow::keep`] for an open database, with the headquarters key it knows (if any): called
/// when the store opens and whenever this laptop learns headquarters' key. A failure is
/// logged, not fatal (the data file carries the sealed key anyway; the next start tries
/// again).
pub fn keep_for(store: &crate::db::Store) {
    let (Some(path), Some(key)) = (store.path(), store.key()) else {
        return;
    };
    if let Ok(Some(hq)) = crate::settings::get(store, crate::settings::Key::HqPublicKey) {
        if let Err(e) = keep(path, key, &hq) {
            use crate::error::Localized;
            log::warn!("key escrow not kept: {}", e.code());
        }
    }
}
