//! Headquarters gives a laptop its database key back, from the sealed copies that came
//! inside the laptop's data files (`sync::escrow`) or beside its database.

use crate::error::Result;
use crate::vault::escrow::{open, Escrowed};
use crate::vault::VaultError;

/// A laptop's key given back by headquarters.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Recovered {
    /// The laptop, when headquarters knows it.
    pub device_id: Option<String>,
    /// The key as the laptop's "cannot open the database" screen takes it.
    pub recovery_key: String,
}

/// Headquarters gives back the key of a laptop's database: `file` is the laptop's key
/// description (`plm-desk.sqlite3.keys.json`, its sealed copy opened with
/// headquarters' key) or the database or a backup itself (every laptop key received in
/// data files is tried on it).
pub fn recover(store: &crate::db::Store, file: &std::path::Path) -> Result<Recovered> {
    let identity: age::x25519::Identity = super::keys::secret(store)?
        .trim()
        .parse()
        .map_err(|_| crate::Error::Corrupt("hq identity".into()))?;
    let bytes = std::fs::read(file)?;
    if let Ok(side) = serde_json::from_slice::<crate::vault::Sidecar>(&bytes) {
        let e = side.escrow.as_ref().ok_or(VaultError::NoEscrow)?;
        let key = open(e, &identity)?;
        let device_id = store
            .conn()
            .query_row(
                "SELECT device_id FROM key_escrow WHERE key_check = ?1",
                [key.check()],
                |r| r.get("device_id"),
            )
            .ok();
        log::info!("laptop key given back from its key description");
        return Ok(Recovered {
            device_id,
            recovery_key: key.recovery_text().to_string(),
        });
    }
    if crate::vault::file_kind(file)? != crate::vault::FileKind::Encrypted {
        return Err(VaultError::NotRecoverable.into());
    }
    let mut st = store
        .conn()
        .prepare("SELECT device_id, sealed, hq_key FROM key_escrow ORDER BY received_at DESC")?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, String>("device_id")?,
                Escrowed {
                    sealed: r.get("sealed")?,
                    hq_key: r.get("hq_key")?,
                    check: String::new(),
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (device_id, e) in rows {
        let Ok(key) = open(&e, &identity) else {
            continue;
        };
        if crate::vault::opens(file, &key).unwrap_or(false) {
            log::info!("laptop key given back for a database file");
            return Ok(Recovered {
                device_id: Some(device_id),
                recovery_key: key.recovery_text().to_string(),
            });
        }
    }
    Err(VaultError::NoEscrow.into())
}
