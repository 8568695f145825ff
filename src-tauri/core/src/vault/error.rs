use crate::error::Localized;
use crate::i18n::Lang;

/// Why the database key could not be found, kept or taken back. No variant carries the
/// key or anything derived from it.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum VaultError {
    #[error("the database is encrypted and this computer does not have its key")]
    KeyMissing,
    #[error("the key kept on this computer is not the key of this database")]
    KeyStoreMismatch,
    #[error("this key does not open this database")]
    KeyDoesNotOpen,
    #[error("this is not a recovery key")]
    RecoveryUnreadable,
    #[error("the recovery key has a mistyped character")]
    RecoveryMistyped,
    #[error("the key description beside the database is damaged")]
    SidecarUnreadable,
    #[error("the key could not be kept: {0}")]
    KeyStoreUnavailable(String),
    #[error("wrong passphrase for this database")]
    PassphraseWrong,
    #[error("no copy of the key is wrapped by a passphrase")]
    NoPassphraseCopy,
    #[error("this file holds no database key for this headquarters")]
    NoEscrow,
    #[error("this file is neither a database, a backup nor a key description")]
    NotRecoverable,
}

crate::domain_error!(VaultError);

impl Localized for VaultError {
    fn code(&self) -> &'static str {
        use VaultError::*;
        match self {
            KeyMissing => "vault.key_missing",
            KeyStoreMismatch => "vault.key_store_mismatch",
            KeyDoesNotOpen => "vault.key_does_not_open",
            RecoveryUnreadable => "vault.recovery_unreadable",
            RecoveryMistyped => "vault.recovery_mistyped",
            SidecarUnreadable => "vault.sidecar_unreadable",
            KeyStoreUnavailable(_) => "vault.key_store_unavailable",
            PassphraseWrong => "vault.passphrase_wrong",
            NoPassphraseCopy => "vault.no_passphrase_copy",
            NoEscrow => "vault.no_escrow",
            NotRecoverable => "vault.not_recoverable",
        }
    }

    fn message(&self, lang: Lang) -> String {
        use VaultError::*;
        let (id, en): (&str, String) = match self {
            KeyMissing => (
                "Basis data ini terenkripsi dan kuncinya tidak ada di komputer ini (Windows dipasang ulang, akun pengguna baru, atau folder data dipindah). Buka dengan kata sandi aplikasi, dengan berkas/kunci pemulihan, atau minta kunci laptop ini ke Perpusnas. Data tidak diubah.",
                "This database is encrypted and this computer does not have its key (Windows reinstalled, a new user account, or the data folder moved). Open it with the app passphrase, with the recovery file or key, or ask headquarters for this laptop's key. Nothing was changed.".into(),
            ),
            KeyStoreMismatch => (
                "Kunci yang tersimpan di komputer ini bukan kunci basis data ini. Buka dengan kata sandi aplikasi atau kunci pemulihan. Data tidak diubah.",
                "The key kept on this computer is not this database's key. Open it with the app passphrase or the recovery key. Nothing was changed.".into(),
            ),
            KeyDoesNotOpen => (
                "Kunci ini tidak membuka basis data ini: mungkin kunci laptop lain. Data tidak diubah.",
                "This key does not open this database: it may be another laptop's key. Nothing was changed.".into(),
            ),
            RecoveryUnreadable => (
                "Ini bukan kunci pemulihan PLM Desk: kunci pemulihan diawali PLMK- dan berisi 17 kelompok 4 karakter.",
                "This is not a PLM Desk recovery key: a recovery key starts with PLMK- and has 17 groups of 4 characters.".into(),
            ),
            RecoveryMistyped => (
                "Kunci pemulihan ini salah ketik (ada karakter yang keliru). Periksa lagi huruf dan angkanya.",
                "This recovery key is mistyped (a character is wrong). Check its letters and digits again.".into(),
            ),
            SidecarUnreadable => (
                "Berkas keterangan kunci di samping basis data (plm-desk.sqlite3.keys.json) rusak. Buka dengan kunci pemulihan.",
                "The key description beside the database (plm-desk.sqlite3.keys.json) is damaged. Open it with the recovery key.".into(),
            ),
            KeyStoreUnavailable(why) => (
                "Kunci basis data tidak bisa disimpan di komputer ini (penyimpanan kunci sistem dan folder kunci tidak bisa ditulis). Data tidak diubah.",
                format!("The database key could not be kept on this computer (neither the system's key store nor the key folder can be written: {why}). Nothing was changed."),
            ),
            PassphraseWrong => (
                "Kata sandi ini tidak membuka basis data ini. Data tidak diubah.",
                "This passphrase does not open this database. Nothing was changed.".into(),
            ),
            NoPassphraseCopy => (
                "Basis data ini tidak bisa dibuka dengan kata sandi (kata sandi aplikasi belum pernah diatur di sini). Pakai kunci pemulihan atau minta kunci ke Perpusnas.",
                "This database cannot be opened with a passphrase (no app passphrase was ever set here). Use the recovery key or ask headquarters for the key.".into(),
            ),
            NoEscrow => (
                "Berkas ini tidak memuat kunci laptop yang bisa dibuka dengan kunci Perpusnas ini, dan tidak ada kunci laptop yang diterima Perpusnas yang membukanya.",
                "This file holds no laptop key this headquarters can open, and no laptop key headquarters has received opens it.".into(),
            ),
            NotRecoverable => (
                "Berkas ini bukan basis data, cadangan, atau keterangan kunci PLM Desk.",
                "This file is not a PLM Desk database, backup or key description.".into(),
            ),
        };
        lang.pick(id.to_string(), en)
    }
}
