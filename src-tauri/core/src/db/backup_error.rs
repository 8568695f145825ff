//! What can be wrong with a backup (made here by [`super::backup_conn`], or chosen to
//! restore by `backup`), in both languages.

/// What can be wrong with a backup, in both languages.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum BackupError {
    /// The file given to restore is damaged, or not a PLM Desk database.
    #[error("the backup {0} is damaged or not a PLM Desk database")]
    Damaged(String),
    /// A backup just written failed SQLite's integrity check (it was removed).
    #[error("the backup failed its integrity check")]
    CheckFailed,
    /// Restore asked for the newest good backup, and there is none.
    #[error("there is no good backup")]
    NoneGood,
}

crate::domain_error!(BackupError);

impl crate::error::Localized for BackupError {
    fn code(&self) -> &'static str {
        match self {
            BackupError::Damaged(_) => "backup.damaged",
            BackupError::CheckFailed => "backup.check_failed",
            BackupError::NoneGood => "backup.none_good",
        }
    }
    fn message(&self, lang: crate::i18n::Lang) -> String {
        match self {
            BackupError::Damaged(path) => lang.pick(
                format!("Cadangan {path} rusak atau bukan basis data PLM Desk; tidak dipulihkan."),
                format!("The backup {path} is damaged or not a PLM Desk database; nothing was restored."),
            ),
            BackupError::CheckFailed => lang.pick(
                "Cadangan gagal diperiksa (tidak utuh) dan dihapus; data yang tersimpan aman. Coba lagi.".into(),
                "The backup failed its check (not whole) and was removed; the saved data is safe. Try again.".into(),
            ),
            BackupError::NoneGood => lang.pick(
                "Tidak ada cadangan yang baik untuk dipulihkan.".into(),
                "There is no good backup to restore.".into(),
            ),
        }
    }
}
