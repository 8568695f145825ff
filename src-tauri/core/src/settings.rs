//! Local settings of this laptop (not sent to headquarters): language, current event.

use crate::db::Store;
use crate::error::Result;
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

/// What can be wrong with a setting, in both languages.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SettingsError {
    #[error("unknown setting {0}")]
    Unknown(String),
    #[error("the setting's value is too long")]
    TooLong,
    #[error("unknown workspace {0}")]
    BadWorkspace(String),
    #[error("the overdue limit must be 1 to 365 days, not {0}")]
    BadOverdueDays(String),
    #[error("unknown language {0}")]
    BadLanguage(String),
    #[error("the operator's name is too long")]
    OperatorTooLong,
}

crate::domain_error!(SettingsError);

impl SettingsError {
    /// The form field at fault, when there is one.
    fn field_at_fault(&self) -> Option<&'static str> {
        match self {
            SettingsError::BadOverdueDays(_) => Some("overdue_days"),
            SettingsError::BadLanguage(_) => Some("language"),
            SettingsError::OperatorTooLong => Some("operator"),
            _ => None,
        }
    }
}

impl crate::error::Localized for SettingsError {
    fn field(&self) -> Option<&'static str> {
        self.field_at_fault()
    }
    fn code(&self) -> &'static str {
        match self {
            SettingsError::Unknown(_) => "settings.unknown",
            SettingsError::TooLong => "settings.too_long",
            // the workspace's code as headquarters' scripts know it
            SettingsError::BadWorkspace(_) => "hq.bad_workspace",
            SettingsError::BadOverdueDays(_) => "settings.bad_overdue_days",
            SettingsError::BadLanguage(_) => "settings.bad_language",
            SettingsError::OperatorTooLong => "settings.operator_too_long",
        }
    }
    fn message(&self, lang: Lang) -> String {
        match self {
            SettingsError::Unknown(k) => lang.pick(
                format!("Pengaturan tidak dikenal: {k}"),
                format!("Unknown setting: {k}"),
            ),
            SettingsError::TooLong => lang.pick(
                "Nilai pengaturan terlalu panjang.".into(),
                "The setting value is too long.".into(),
            ),
            SettingsError::BadWorkspace(w) => lang.pick(
                format!("Ruang kerja tidak dikenal: {w} (pilih venue atau hq)."),
                format!("Unknown workspace: {w} (choose venue or hq)."),
            ),
            SettingsError::BadOverdueDays(v) => lang.pick(
                format!("Batas terlambat harus 1 sampai 365 hari, bukan {v}."),
                format!("The overdue limit must be 1 to 365 days, not {v}."),
            ),
            SettingsError::BadLanguage(v) => lang.pick(
                format!("Bahasa tidak dikenal: {v} (pilih id atau en)"),
                format!("Unknown language: {v} (choose id or en)"),
            ),
            SettingsError::OperatorTooLong => lang.pick(
                "Nama petugas terlalu panjang.".into(),
                "The operator's name is too long.".into(),
            ),
        }
    }
}

pub fn set(store: &mut Store, key: &str, value: &str) -> Result<()> {
    if !KNOWN.contains(&key) {
        return Err(SettingsError::Unknown(key.chars().take(40).collect()).into());
    }
    if value.len() > MAX_VALUE {
        return Err(SettingsError::TooLong.into());
    }
    if key == WORKSPACE && !matches!(value, "venue" | "hq") {
        return Err(SettingsError::BadWorkspace(value.chars().take(40).collect()).into());
    }
    if key == HQ_OVERDUE_DAYS && !value.parse::<u32>().is_ok_and(|d| (1..=365).contains(&d)) {
        return Err(SettingsError::BadOverdueDays(value.chars().take(20).collect()).into());
    }
    if key == "language" && Lang::parse(value).is_none() {
        return Err(SettingsError::BadLanguage(value.chars().take(20).collect()).into());
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
        return Err(SettingsError::OperatorTooLong.into());
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
