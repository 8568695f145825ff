//! What can go wrong with a data file, in the user's language. Every message is one line
//! in our own words; a library's own text goes to the log, never to the user.

use crate::error::Localized;
use crate::i18n::Lang;

/// Where a file was found damaged (cut short, garbled): each its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// The age header could not be read.
    Header,
    /// The encrypted payload ended early or does not decrypt.
    Payload,
    /// No manifest line after the magic.
    NoManifest,
    /// The manifest line is not the JSON it should be.
    Manifest,
    /// The compressed content is cut short or garbled.
    Content,
    /// Bytes follow the end of the compressed content.
    Trailing,
    /// The content is not the JSON it should be.
    ContentJson,
}

impl Damage {
    fn words(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Damage::Header, Lang::Id) => "kepala enkripsi tidak terbaca",
            (Damage::Header, Lang::En) => "the encryption header cannot be read",
            (Damage::Payload, Lang::Id) => "isi terenkripsi terpotong atau rusak",
            (Damage::Payload, Lang::En) => "the encrypted part is cut short or garbled",
            (Damage::NoManifest, Lang::Id) => "manifes tidak ada",
            (Damage::NoManifest, Lang::En) => "the manifest is missing",
            (Damage::Manifest, Lang::Id) => "manifes tidak terbaca",
            (Damage::Manifest, Lang::En) => "the manifest cannot be read",
            (Damage::Content, Lang::Id) => "isi terkompresi terpotong atau rusak",
            (Damage::Content, Lang::En) => "the compressed content is cut short or garbled",
            (Damage::Trailing, Lang::Id) => "ada data tambahan setelah akhir isi",
            (Damage::Trailing, Lang::En) => "there are extra bytes after the end of the content",
            (Damage::ContentJson, Lang::Id) => "isi tidak terbaca",
            (Damage::ContentJson, Lang::En) => "the content cannot be read",
        }
    }
}

/// Whose clock is wrong, as found when a file arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockSkew {
    /// The file says it was made further in the future than this computer's clock allows.
    MadeAhead { ahead_ms: u64 },
    /// A row's clock is further ahead of the file's own `made_at` than the tolerance.
    RowAhead {
        table: String,
        id: String,
        ahead_ms: u64,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("not a PLM Desk data file")]
    NotOurs,
    #[error("the file is damaged or incomplete: {0:?}")]
    Damaged(Damage),
    #[error("the manifest signature does not match")]
    BadSignature,
    #[error("the content was changed after the file was signed")]
    ContentChanged,
    #[error("encrypted for another key")]
    NotForUs {
        /// Whether this computer keeps headquarters' secret key.
        hq_key_here: bool,
    },
    #[error("made by a newer format version {0}")]
    NewerFormat(u32),
    #[error("no headquarters key")]
    NoRecipient,
    #[error("not a public key: {0}")]
    BadKey(String),
    #[error("the file is too large")]
    TooLarge,
    #[error("the file writes outside its event: {0}")]
    Forged(String),
    #[error("the manifest says encrypted={said}, the file arrived encrypted={was}")]
    EncryptionMismatch { said: bool, was: bool },
    #[error("bad row {table} {id}: {field}")]
    BadRow {
        table: String,
        id: String,
        field: String,
        problem: &'static str,
    },
    #[error("device {device} signed with another key")]
    DeviceKeyChanged {
        device: String,
        pinned: String,
        file: String,
    },
    #[error("clock of device {device} is ahead")]
    ClockAhead { device: String, skew: ClockSkew },
    #[error("unknown device {0}")]
    UnknownDevice(String),
}

crate::domain_error!(SyncError);

impl Localized for SyncError {
    fn code(&self) -> &'static str {
        match self {
            SyncError::NotOurs => "sync.not_ours",
            SyncError::Damaged(_) => "sync.damaged",
            SyncError::BadSignature => "sync.bad_signature",
            SyncError::ContentChanged => "sync.content_changed",
            SyncError::NotForUs { .. } => "sync.not_for_us",
            SyncError::NewerFormat(_) => "sync.newer_format",
            SyncError::NoRecipient => "sync.no_recipient",
            SyncError::BadKey(_) => "sync.bad_key",
            SyncError::TooLarge => "sync.too_large",
            SyncError::Forged(_) => "sync.forged",
            SyncError::EncryptionMismatch { .. } => "sync.encryption_mismatch",
            SyncError::BadRow { .. } => "sync.bad_row",
            SyncError::DeviceKeyChanged { .. } => "sync.device_key_changed",
            SyncError::ClockAhead { .. } => "sync.clock_ahead",
            SyncError::UnknownDevice(_) => "sync.unknown_device",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let unchanged = lang.pick(
            "Tidak ada data yang diubah.".into(),
            "Nothing was changed.".into(),
        );
        let m = match self {
            SyncError::NotOurs => lang.pick(
                "File ini bukan file data PLM Desk (.plmsync).".into(),
                "This is not a PLM Desk data file (.plmsync).".into(),
            ),
            SyncError::Damaged(d) => lang.pick(
                format!("File data rusak atau tidak lengkap ({}; mungkin terpotong saat disalin atau dikirim). Minta fasilitator mengirim ulang file itu.", d.words(lang)),
                format!("The data file is damaged or incomplete ({}; perhaps cut short while copying or sending). Ask the facilitator to send it again.", d.words(lang)),
            ),
            SyncError::BadSignature => lang.pick(
                "Tanda tangan digital file tidak cocok: manifes file telah diubah setelah dibuat. File ditolak.".into(),
                "The file's digital signature does not match: its manifest was changed after it was made. The file is refused.".into(),
            ),
            SyncError::ContentChanged => lang.pick(
                "Isi file telah diubah setelah ditandatangani (isinya utuh, tetapi bukan yang ditandatangani laptop itu). File ditolak; minta file asli dari fasilitator.".into(),
                "The file's content was changed after it was signed (it is intact, but not what the laptop signed). The file is refused; ask the facilitator for the original file.".into(),
            ),
            SyncError::NotForUs { hq_key_here: true } => lang.pick(
                "File ini dienkripsi untuk kunci lain, bukan untuk kunci Perpusnas yang tersimpan di komputer ini. Periksa kunci publik yang dipakai fasilitator saat ekspor.".into(),
                "This file is encrypted for another key, not for the headquarters key kept on this computer. Check the public key the facilitator used when exporting.".into(),
            ),
            SyncError::NotForUs { hq_key_here: false } => lang.pick(
                "File ini dienkripsi untuk kunci lain, dan komputer ini belum menyimpan kunci rahasia Perpusnas. Di komputer Perpusnas, pulihkan kunci dari file cadangannya (plm-desk hq restore-key FILE) atau buka dengan --identity hq-identity.txt.".into(),
                "This file is encrypted for another key, and this computer keeps no headquarters secret key. At headquarters, restore the key from its backup file (plm-desk hq restore-key FILE) or open it with --identity hq-identity.txt.".into(),
            ),
            SyncError::NewerFormat(v) => lang.pick(
                format!("File dibuat oleh PLM Desk yang lebih baru (format {v}). Perbarui PLM Desk di komputer ini."),
                format!("The file was made by a newer PLM Desk (format {v}). Update PLM Desk on this computer."),
            ),
            SyncError::NoRecipient => lang.pick(
                "Kunci publik Perpusnas belum diisi. Tempel kunci (age1…) dari Perpusnas, atau pilih ekspor tanpa enkripsi dengan sadar.".into(),
                "Headquarters' public key is missing. Paste the key (age1…) from headquarters, or knowingly choose an unencrypted export.".into(),
            ),
            SyncError::BadKey(k) => lang.pick(
                format!("\"{k}\" bukan kunci publik yang valid (harus diawali age1…)."),
                format!("\"{k}\" is not a valid public key (it starts with age1…)."),
            ),
            SyncError::TooLarge => lang.pick("File terlalu besar untuk file data PLM Desk.".into(), "The file is too large for a PLM Desk data file.".into()),
            SyncError::Forged(d) => lang.pick(
                format!("Isi file tidak sesuai dengan manifesnya ({d}). File ditolak."),
                format!("The file's content does not match its manifest ({d}). The file is refused."),
            ),
            SyncError::EncryptionMismatch { said, .. } => lang.pick(
                format!("Manifes file menyatakan file {} padahal file datang {}. File ditolak.",
                    if *said { "terenkripsi" } else { "tidak terenkripsi" },
                    if *said { "tanpa enkripsi" } else { "terenkripsi" }),
                format!("The file's manifest says it is {} but it arrived {}. The file is refused.",
                    if *said { "encrypted" } else { "not encrypted" },
                    if *said { "unencrypted" } else { "encrypted" }),
            ),
            SyncError::BadRow { table, id, field, problem } => lang.pick(
                format!("Baris tidak valid di tabel {table}, id {id}, kolom {field}: {}. File ditolak.", problem_words(problem, lang)),
                format!("Invalid row in table {table}, id {id}, field {field}: {}. The file is refused.", problem_words(problem, lang)),
            ),
            SyncError::DeviceKeyChanged { device, pinned, file } => lang.pick(
                format!("File mengaku dari laptop {device}, tetapi ditandatangani dengan kunci lain (dikenal: {pinned}, file: {file}). Mungkin file palsu. Jika laptop itu memang dipasang ulang, terima kunci barunya dengan sadar (plm-desk sync trust {device} --key {file})."),
                format!("The file claims to come from laptop {device} but is signed with another key (known: {pinned}, file: {file}). It may be forged. If that laptop really was reinstalled, accept its new key knowingly (plm-desk sync trust {device} --key {file})."),
            ),
            SyncError::ClockAhead { device, skew: ClockSkew::MadeAhead { ahead_ms } } => lang.pick(
                format!("Jam laptop {device} lebih cepat {} dari jam komputer ini (file dibuat \"di masa depan\"). Minta fasilitator membetulkan tanggal dan jam laptop lalu mengekspor ulang, atau terima file ini dengan sadar (--accept-clock).", span(*ahead_ms, lang)),
                format!("The clock of laptop {device} is {} ahead of this computer's (the file was made \"in the future\"). Ask the facilitator to fix the laptop's date and time and export again, or accept this file knowingly (--accept-clock).", span(*ahead_ms, lang)),
            ),
            SyncError::ClockAhead { device, skew: ClockSkew::RowAhead { table, id, ahead_ms } } => lang.pick(
                format!("Jam perubahan baris {table} {id} {} lebih lambat dari waktu pembuatan file (laptop {device}): jam sebuah laptop salah atau file diubah. Terima dengan sadar hanya jika Anda yakin (--accept-clock).", span(*ahead_ms, lang)),
                format!("The change clock of row {table} {id} is {} later than when the file was made (laptop {device}): a laptop's clock is wrong or the file was altered. Accept it knowingly only if you are sure (--accept-clock).", span(*ahead_ms, lang)),
            ),
            SyncError::UnknownDevice(d) => lang.pick(
                format!("Laptop {d} belum pernah mengirim file ke komputer ini."),
                format!("Laptop {d} has never sent a file to this computer."),
            ),
        };
        format!("{m} {unchanged}")
    }
}

fn problem_words(p: &str, lang: Lang) -> &'static str {
    match (p, lang) {
        ("missing", Lang::Id) => "wajib diisi tetapi kosong",
        ("missing", Lang::En) => "required but missing",
        ("type", Lang::Id) => "jenis nilainya salah",
        ("type", Lang::En) => "its value has the wrong type",
        ("hlc", Lang::Id) => "bukan jam logis yang sah (0183a1b2c3d4e-0000)",
        ("hlc", Lang::En) => "not a valid logical clock (0183a1b2c3d4e-0000)",
        ("timestamp", Lang::Id) => "bukan waktu UTC yang sah (2022-07-05T00:30:00.000Z)",
        ("timestamp", Lang::En) => "not a valid UTC time (2022-07-05T00:30:00.000Z)",
        ("date", Lang::Id) => "bukan tanggal yang sah (2022-07-05)",
        ("date", Lang::En) => "not a valid date (2022-07-05)",
        ("uuid", Lang::Id) => "bukan UUID yang sah",
        ("uuid", Lang::En) => "not a valid UUID",
        ("slot", Lang::Id) => "bukan slot kehadiran yang sah (d1, d1-am, s:<sesi>)",
        ("slot", Lang::En) => "not a valid attendance slot (d1, d1-am, s:<session>)",
        ("unknown", Lang::Id) => "kolom tidak dikenal",
        ("unknown", Lang::En) => "unknown column",
        (_, Lang::Id) => "nilai tidak sah",
        (_, Lang::En) => "invalid value",
    }
}

/// A duration as people say it: "3 tahun 2 hari", "5 jam", "12 menit".
pub(crate) fn span(ms: u64, lang: Lang) -> String {
    let mins = ms / 60_000;
    let (hours, days) = (mins / 60, mins / 1440);
    let (years, rest_days) = (days / 365, days % 365);
    match lang {
        Lang::Id if years > 0 => format!("{years} tahun {rest_days} hari"),
        Lang::Id if days > 0 => format!("{days} hari"),
        Lang::Id if hours > 0 => format!("{hours} jam"),
        Lang::Id => format!("{} menit", mins.max(1)),
        Lang::En if years > 0 => format!("{years} years {rest_days} days"),
        Lang::En if days > 0 => format!("{days} days"),
        Lang::En if hours > 0 => format!("{hours} hours"),
        Lang::En => format!("{} minutes", mins.max(1)),
    }
}
