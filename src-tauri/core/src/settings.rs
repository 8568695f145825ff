//! Local settings of this laptop (not sent to headquarters): language, current event.

use crate::db::Store;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use rusqlite::OptionalExtension;

const MAX_VALUE: usize = 4096;
/// Headquarters' age public key, which data files are encrypted to.
pub const HQ_PUBLIC_KEY: &str = "hq_public_key";
/// What this computer is for: `venue` (a facilitator's laptop) or `hq` (headquarters).
pub const WORKSPACE: &str = "workspace";
/// Headquarters: days after a PLM's last day before a missing file counts as overdue.
pub const HQ_OVERDUE_DAYS: &str = "hq_overdue_days";
/// The kits' signing key of the headquarters this laptop's kit came from (base64).
pub const HQ_SIGNING_KEY: &str = "hq_signing_key";
const KNOWN: [&str; 7] = [
    "language",
    "current_event",
    "operator",
    "hq_public_key",
    "last_export",
    "workspace",
    "hq_overdue_days",
];

pub fn get(store: &Store, key: &str) -> Result<Option<String>> {
    Ok(store
        .conn()
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set(store: &mut Store, key: &str, value: &str) -> Result<()> {
    if !KNOWN.contains(&key) {
        return Err(Error::invalid(
            "setting",
            format!("Pengaturan tidak dikenal: {key}"),
            format!("Unknown setting: {key}"),
        ));
    }
    if value.len() > MAX_VALUE {
        return Err(Error::invalid(
            "setting",
            "Nilai pengaturan terlalu panjang.",
            "The setting value is too long.",
        ));
    }
    if key == WORKSPACE && !matches!(value, "venue" | "hq") {
        return Err(crate::hq::HqError::BadWorkspace(value.chars().take(40).collect()).into());
    }
    if key == HQ_OVERDUE_DAYS && !value.parse::<u32>().is_ok_and(|d| (1..=365).contains(&d)) {
        return Err(Error::invalid(
            "overdue_days",
            format!("Batas terlambat harus 1 sampai 365 hari, bukan {value}."),
            format!("The overdue limit must be 1 to 365 days, not {value}."),
        ));
    }
    if key == "language" && Lang::parse(value).is_none() {
        return Err(Error::invalid(
            "language",
            format!("Bahasa tidak dikenal: {value} (pilih id atau en)"),
            format!("Unknown language: {value} (choose id or en)"),
        ));
    }
    store.write(|tx| put(tx, key, value))
}

/// Write a setting inside a transaction (modules with settings of their own that the
/// generic `set` does not accept, e.g. the app passphrase's hash).
pub(crate) fn put(tx: &crate::db::Tx<'_>, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// Remove a setting inside a transaction.
pub(crate) fn remove(tx: &crate::db::Tx<'_>, key: &str) -> Result<()> {
    tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    Ok(())
}

/// The most characters an operator's name keeps.
pub const MAX_OPERATOR: usize = 100;

/// Who is at the desk, as consents, decisions and the audit log record it: the name the
/// user set, or "desk" when nobody did (the window and the command line alike).
pub fn operator(store: &Store) -> String {
    get(store, "operator")
        .ok()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "desk".into())
}

/// Set who is at the desk: spaces collapsed; an empty name clears it. The name as kept.
pub fn set_operator(store: &mut Store, name: &str) -> Result<String> {
    let n: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if n.chars().count() > MAX_OPERATOR {
        return Err(Error::invalid(
            "operator",
            "Nama petugas terlalu panjang.",
            "The operator's name is too long.",
        ));
    }
    set(store, "operator", &n)?;
    Ok(n)
}

/// The language the user chose (Indonesian until they choose).
pub fn language(store: &Store) -> Lang {
    get(store, "language")
        .ok()
        .flatten()
        .and_then(|s| Lang::parse(&s))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_defaults_to_indonesian_and_is_remembered() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(language(&s), Lang::Id);
        set(&mut s, "language", "en").unwrap();
        assert_eq!(language(&s), Lang::En);
        assert!(set(&mut s, "language", "fr").is_err());
        assert!(set(&mut s, "colour", "x").is_err());
        assert_eq!(language(&s), Lang::En);
    }
}
