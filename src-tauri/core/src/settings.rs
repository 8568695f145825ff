//! Local settings of this laptop (not sent to headquarters): language, current event.

use crate::db::Store;
use crate::error::Result;
use crate::i18n::Lang;
use rusqlite::OptionalExtension;

const MAX_VALUE: usize = 4096;

crate::code_enum! {
    /// Every setting this laptop keeps, under the name it is stored as.
    pub enum Key {
        /// The window's language (`id`, `en`).
        Language = "language",
        /// The event the user works on.
        CurrentEvent = "current_event",
        /// Who is at the desk (see [`operator`]).
        Operator = "operator",
        /// Headquarters' age public key, which data files are encrypted to.
        HqPublicKey = "hq_public_key",
        /// The kits' signing key of the headquarters this laptop's kit came from (base64).
        HqSigningKey = "hq_signing_key",
        /// The last data file exported (JSON, for the export screen).
        LastExport = "last_export",
        /// What this computer is for: `venue` (a facilitator's laptop) or `hq`.
        Workspace = "workspace",
        /// Headquarters: days after a PLM's last day before a missing file is overdue.
        HqOverdueDays = "hq_overdue_days",
        /// The app passphrase's hash (PHC string).
        LockHash = "lock_hash",
        /// Minutes of idleness before the window locks.
        LockMinutes = "lock_minutes",
        /// When a recovery file of the database key was last saved.
        RecoveryFileSavedAt = "recovery_file_saved_at",
        /// The activity report's background, as the user rewrote it.
        ReportBackgroundTemplate = "report_background_template",
        /// The activity report's objectives, as the user rewrote them.
        ReportObjectivesTemplate = "report_objectives_template",
    }
}

pub fn get(store: &Store, key: Key) -> Result<Option<String>> {
    Ok(store
        .conn()
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get("value")
        })
        .optional()?)
}

/// What can be wrong with a setting, in both languages.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SettingsError {
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

impl crate::error::Localized for SettingsError {
    fn field(&self) -> Option<&'static str> {
        match self {
            SettingsError::BadOverdueDays(_) => Some("overdue_days"),
            SettingsError::BadLanguage(_) => Some("language"),
            SettingsError::OperatorTooLong => Some("operator"),
            _ => None,
        }
    }
    fn code(&self) -> &'static str {
        match self {
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

/// Set a setting after checking its value (the workspace, the overdue limit and the
/// language have rules of their own).
pub fn set(store: &mut Store, key: Key, value: &str) -> Result<()> {
    check(key, value)?;
    store.write(|tx| put(tx, key, value))
}

fn check(key: Key, value: &str) -> Result<(), SettingsError> {
    if value.len() > MAX_VALUE {
        return Err(SettingsError::TooLong);
    }
    match key {
        Key::Workspace if !matches!(value, "venue" | "hq") => Err(SettingsError::BadWorkspace(
            value.chars().take(40).collect(),
        )),
        Key::HqOverdueDays if !value.parse::<u32>().is_ok_and(|d| (1..=365).contains(&d)) => Err(
            SettingsError::BadOverdueDays(value.chars().take(20).collect()),
        ),
        Key::Language => parse_language(value).map(|_| ()),
        _ => Ok(()),
    }
}

/// Write a setting inside a transaction, as part of a larger change (its value checked
/// by the caller).
pub(crate) fn put(tx: &crate::db::Tx<'_>, key: Key, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        rusqlite::params![key, value],
    )?;
    Ok(())
}

/// Remove a setting inside a transaction.
pub(crate) fn remove(tx: &crate::db::Tx<'_>, key: Key) -> Result<()> {
    tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    Ok(())
}

/// The most characters an operator's name keeps.
pub const MAX_OPERATOR: usize = 100;

/// Who is at the desk, as consents, decisions and the audit log record it: the name the
/// user set, or "desk" when nobody did (the window and the command line alike).
pub fn operator(store: &Store) -> String {
    get(store, Key::Operator)
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
    set(store, Key::Operator, &n)?;
    Ok(n)
}

/// A language as the window and the command line send it (`id`, `en`).
pub fn parse_language(value: &str) -> Result<Lang, SettingsError> {
    Lang::parse(value).ok_or_else(|| SettingsError::BadLanguage(value.chars().take(20).collect()))
}

/// The language the user chose (Indonesian until they choose).
pub fn language(store: &Store) -> Lang {
    get(store, Key::Language)
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
        set(&mut s, Key::Language, "en").unwrap();
        assert_eq!(language(&s), Lang::En);
        assert!(set(&mut s, Key::Language, "fr").is_err());
        assert!(set(&mut s, Key::Workspace, "kantor").is_err());
        assert!(set(&mut s, Key::HqOverdueDays, "0").is_err());
        assert_eq!(language(&s), Lang::En);
    }
}
