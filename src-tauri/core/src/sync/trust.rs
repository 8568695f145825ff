//! Whom a file is trusted to come from, and whether its clocks are sane.
//!
//! **Device keys.** A laptop signs every file with its own Ed25519 key. The first file
//! received from a device pins that key (by its 128-bit fingerprint); a later file that
//! names the same device but is signed with another key is refused, until someone here
//! accepts the new key on purpose (a reinstalled laptop): `plm-desk sync trust DEVICE
//! --key KEY` or the button in the window. Every pin and every acceptance is kept in the
//! trust log. The signature proves that the file was not changed since a holder of that
//! key made it; it does not prove who the holder is the first time a device is seen.
//!
//! **Clocks.** A file whose `made_at` is more than a day ahead of this computer's clock,
//! or a row whose clock is more than [`CLOCK_TOLERANCE_MS`] ahead of its file's
//! `made_at`, is refused (the message says which laptop and by how much) unless accepted
//! on purpose; even then this computer's own clock never moves past its wall time plus
//! the tolerance (see `Tx::observe`).

use super::error::{ClockSkew, SyncError};
use super::file::Manifest;
use super::keys::fingerprint;
use super::Row;
use crate::db::{Store, Tx};
use crate::error::Result;
use crate::ids::Hlc;
pub use crate::ids::CLOCK_TOLERANCE_MS;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// How far a file's `made_at` may be ahead of this computer's clock: one day (time
/// zones set wrongly on either side stay well inside it).
pub const MADE_AT_AHEAD_MS: u64 = 24 * 60 * 60 * 1000;

fn millis_of(ts: &str) -> Option<u64> {
    chrono::DateTime::parse_from_rfc3339(ts)
        .ok()
        .map(|t| t.timestamp_millis().max(0) as u64)
}

/// The key fingerprint pinned for a device: its pin, or (for a ledger older than pins)
/// the key of its earliest import.
fn pinned(conn: &rusqlite::Connection, device: &str) -> Result<Option<String>> {
    if let Some(fp) = conn
        .query_row(
            "SELECT key_fingerprint FROM sync_devices WHERE device_id = ?1",
            [device],
            |r| r.get::<_, String>(0),
        )
        .optional()?
    {
        return Ok(Some(fp));
    }
    Ok(conn
        .query_row(
            "SELECT device_key FROM sync_imports WHERE device_id = ?1 ORDER BY imported_at LIMIT 1",
            [device],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .map(|k| fingerprint(&k)))
}

/// Refuse a file whose device is known here with another key (this computer's own id
/// included: only this computer's own key may speak for it). Reads only.
pub(crate) fn check_device(store: &Store, m: &Manifest) -> Result<()> {
    check_device_in(store.conn(), store.device_id(), m)
}

/// [`check_device`] on a connection (inside a transaction), `own` being this computer's
/// device id.
pub(crate) fn check_device_in(conn: &rusqlite::Connection, own: &str, m: &Manifest) -> Result<()> {
    let file_fp = fingerprint(&m.public_key);
    let known = if m.device_id == own {
        crate::db::get_meta(conn, "sync_signing_key")?
            .map(|hexkey| {
                let bytes: [u8; 32] = hex::decode(hexkey)
                    .ok()
                    .and_then(|b| b.try_into().ok())
                    .unwrap_or([0; 32]);
                let vk = ed25519_dalek::SigningKey::from_bytes(&bytes).verifying_key();
                use base64::Engine;
                fingerprint(&base64::engine::general_purpose::STANDARD.encode(vk.to_bytes()))
            })
            // this computer never signed a file, so no file can be its own
            .or_else(|| Some("-".into()))
    } else {
        pinned(conn, &m.device_id)?
    };
    match known {
        Some(fp) if fp != file_fp => Err(SyncError::DeviceKeyChanged {
            device: m.device_id.clone(),
            pinned: fp,
            file: file_fp,
        }
        .into()),
        _ => Ok(()),
    }
}

/// Inside the merge: pin the device's key at its first file.
pub(crate) fn pin_device(tx: &mut Tx, m: &Manifest) -> Result<()> {
    if m.device_id == tx.device_id() {
        return Ok(());
    }
    let fp = fingerprint(&m.public_key);
    let known = pinned(tx, &m.device_id)?;
    let s = tx.stamp();
    let inserted = tx.execute(
        "INSERT INTO sync_devices (device_id, key_fingerprint, device_key, pinned_at, last_event)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(device_id) DO UPDATE SET last_event = excluded.last_event,
             device_key = CASE WHEN sync_devices.device_key = '' AND sync_devices.key_fingerprint = excluded.key_fingerprint
                               THEN excluded.device_key ELSE sync_devices.device_key END",
        params![m.device_id, known.clone().unwrap_or(fp.clone()), m.public_key, s.now, m.event_title],
    )?;
    if inserted == 1 && known.is_none() {
        log_decision(tx, &m.device_id, "pin", None, Some(&fp), None)?;
    }
    Ok(())
}

fn log_decision(
    tx: &mut Tx,
    device: &str,
    decision: &str,
    old: Option<&str>,
    new: Option<&str>,
    detail: Option<&str>,
) -> Result<()> {
    let s = tx.stamp();
    tx.execute(
        "INSERT INTO sync_trust_log (id, at, device_id, decision, old_key, new_key, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            crate::ids::new_id(),
            s.now,
            device,
            decision,
            old,
            new,
            detail
        ],
    )?;
    Ok(())
}

/// Accept a re-keyed laptop on purpose: `key` is its new public key (base64, as in the
/// file) or the fingerprint the refusal showed. Recorded in the trust log.
pub fn trust_device(store: &mut Store, device: &str, key: &str) -> Result<DeviceTrust> {
    let key = key.trim();
    let looks_like_fp = key.len() == 39 && key.split('-').all(|g| g.len() == 4);
    let (fp, full) = if looks_like_fp {
        (key.to_ascii_lowercase(), String::new())
    } else {
        use base64::Engine;
        let ok = base64::engine::general_purpose::STANDARD
            .decode(key)
            .is_ok_and(|b| b.len() == 32);
        if !ok {
            return Err(SyncError::BadKey(key.chars().take(80).collect()).into());
        }
        (fingerprint(key), key.to_string())
    };
    let old = pinned(store.conn(), device)?;
    if old.is_none() {
        return Err(SyncError::UnknownDevice(device.to_string()).into());
    }
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "INSERT INTO sync_devices (device_id, key_fingerprint, device_key, pinned_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(device_id) DO UPDATE SET key_fingerprint = excluded.key_fingerprint,
                 device_key = excluded.device_key, pinned_at = excluded.pinned_at",
            params![device, fp, full, s.now],
        )?;
        log_decision(tx, device, "rekey", old.as_deref(), Some(&fp), None)
    })?;
    log::info!("sync trust: device {device} re-keyed");
    Ok(devices(store)?
        .into_iter()
        .find(|d| d.device_id == device)
        .expect("just pinned"))
}

/// A device known here, for the ledger and the window.
#[derive(Debug, Clone, Serialize)]
pub struct DeviceTrust {
    pub device_id: String,
    pub key_fingerprint: String,
    pub pinned_at: String,
    pub last_event: String,
    pub files: i64,
}

/// Every device this computer has received files from, with its pinned key.
pub fn devices(store: &Store) -> Result<Vec<DeviceTrust>> {
    let conn = store.conn();
    let mut st = conn.prepare(
        "SELECT DISTINCT device_id FROM sync_imports
         UNION SELECT device_id FROM sync_devices ORDER BY 1",
    )?;
    let ids: Vec<String> = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let (pinned_at, last_event): (String, String) = conn
            .query_row(
                "SELECT pinned_at, last_event FROM sync_devices WHERE device_id = ?1",
                [&id],
                |r| Ok((r.get("pinned_at")?, r.get("last_event")?)),
            )
            .optional()?
            .unwrap_or_default();
        let files: i64 = conn.query_row(
            "SELECT count(*) FROM sync_imports WHERE device_id = ?1",
            [&id],
            |r| r.get(0),
        )?;
        out.push(DeviceTrust {
            key_fingerprint: pinned(conn, &id)?.unwrap_or_default(),
            device_id: id,
            pinned_at,
            last_event,
            files,
        });
    }
    Ok(out)
}

/// Check the clocks of a file against this computer's `now_ms`: `Ok(None)` when sane,
/// `Ok(Some(skew))` when wrong but accepted on purpose, an error otherwise.
pub(crate) fn check_clock(
    m: &Manifest,
    tables: &BTreeMap<String, Vec<Row>>,
    now_ms: u64,
    accept: bool,
) -> Result<Option<ClockSkew>> {
    let made = millis_of(&m.made_at).ok_or_else(|| SyncError::BadRow {
        table: "manifest".into(),
        id: m.event_id.chars().take(64).collect(),
        field: "made_at".into(),
        problem: "timestamp",
    })?;
    let mut skew = None;
    if made > now_ms + MADE_AT_AHEAD_MS {
        skew = Some(ClockSkew::MadeAhead {
            ahead_ms: made - now_ms,
        });
    } else {
        'rows: for (table, rows) in tables {
            for r in rows {
                let Some(h) = r.get("hlc").and_then(Json::as_str).and_then(Hlc::parse) else {
                    continue;
                };
                if h.millis > made + CLOCK_TOLERANCE_MS {
                    skew = Some(ClockSkew::RowAhead {
                        table: table.clone(),
                        id: r
                            .get("id")
                            .and_then(Json::as_str)
                            .unwrap_or("?")
                            .chars()
                            .take(64)
                            .collect(),
                        ahead_ms: h.millis - made,
                    });
                    break 'rows;
                }
            }
        }
    }
    match skew {
        Some(s) if !accept => Err(SyncError::ClockAhead {
            device: m.device_id.clone(),
            skew: s,
        }
        .into()),
        other => Ok(other),
    }
}

/// Inside the merge: record that a file with a wrong clock was accepted on purpose.
pub(crate) fn record_clock_accepted(tx: &mut Tx, m: &Manifest, skew: &ClockSkew) -> Result<()> {
    let detail = match skew {
        ClockSkew::MadeAhead { ahead_ms } => format!("made_at ahead by {ahead_ms} ms"),
        ClockSkew::RowAhead {
            table,
            id,
            ahead_ms,
        } => format!("{table} {id} ahead of made_at by {ahead_ms} ms"),
    };
    log_decision(tx, &m.device_id, "accept_clock", None, None, Some(&detail))
}
