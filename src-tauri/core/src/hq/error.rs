//! Headquarters' errors, each with its stable code and its message in both languages.

use crate::error::Localized;
use crate::i18n::Lang;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum HqError {
    /// A key pair is already kept here: it is never replaced.
    #[error("headquarters' key already exists ({0})")]
    KeyExists(String),
    /// A second headquarters key (from a backup) differs from the one kept here.
    #[error("another headquarters key is kept here ({kept}); the backup holds {backup}")]
    OtherKeyKept { kept: String, backup: String },
    #[error("no headquarters key on this computer")]
    NoKey,
    #[error("the backup file is a public key, not the secret one")]
    PublicNotSecret,
    #[error("not a headquarters key backup")]
    NotABackup,
    #[error("the key backup is damaged")]
    BackupDamaged,
    #[error("not an event kit")]
    NotAKit,
    #[error("the kit is damaged")]
    KitDamaged,
    #[error("the kit's signature does not verify")]
    KitForged,
    #[error("the kit comes from another headquarters key ({kit}; this laptop has {kept})")]
    KitOtherHq { kit: String, kept: String },
    #[error("kit format {0} is newer than this app")]
    KitTooNew(u32),
    #[error("plan not found: {0}")]
    PlanNotFound(String),
    #[error("the event is already attached to another plan")]
    EventTaken(String),
    #[error("a participant cannot be the same person as themself")]
    SamePair,
    #[error("unknown decision {0}")]
    BadDecision(String),
    #[error("unknown export {0}")]
    BadExportKind(String),
    /// More master trainers than a plan keeps, or a name over 200 characters.
    #[error("too many master trainers, or a name too long")]
    TooManyTrainers,
    /// `hq init --out DIR` where DIR already holds a secret key file (its path).
    #[error("{0} already exists")]
    KeyFileExists(String),
    /// A spreadsheet of planned PLMs whose header row has no province column.
    #[error("no Province column in the header row")]
    NoProvinceColumn,
}

crate::domain_error!(HqError);

impl Localized for HqError {
    fn code(&self) -> &'static str {
        match self {
            HqError::KeyExists(_) => "hq.key_exists",
            HqError::OtherKeyKept { .. } => "hq.other_key_kept",
            HqError::NoKey => "hq.no_key",
            HqError::PublicNotSecret => "hq.public_not_secret",
            HqError::NotABackup => "hq.not_a_backup",
            HqError::BackupDamaged => "hq.backup_damaged",
            HqError::NotAKit => "kit.not_a_kit",
            HqError::KitDamaged => "kit.damaged",
            HqError::KitForged => "kit.bad_signature",
            HqError::KitOtherHq { .. } => "kit.other_hq",
            HqError::KitTooNew(_) => "kit.too_new",
            HqError::PlanNotFound(_) => "hq.plan_not_found",
            HqError::EventTaken(_) => "hq.event_taken",
            HqError::SamePair => "hq.same_pair",
            HqError::BadDecision(_) => "hq.bad_decision",
            HqError::BadExportKind(_) => "hq.bad_export_kind",
            HqError::TooManyTrainers => "hq.too_many_trainers",
            HqError::KeyFileExists(_) => "hq.key_file_exists",
            HqError::NoProvinceColumn => "hq.no_province_column",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let (id, en) = match self {
            HqError::KeyExists(fp) => (
                format!("Kunci kantor pusat sudah ada di komputer ini (kunci publik {fp}). Kunci dibuat sekali saja dan tidak pernah ditimpa, karena file dari venue dienkripsi ke kunci itu. Tidak ada yang diubah."),
                format!("Headquarters' key already exists on this computer (public key {fp}). The key is made once and never replaced, because venue files are encrypted to it. Nothing was changed."),
            ),
            HqError::OtherKeyKept { kept, backup } => (
                format!("Komputer ini sudah menyimpan kunci kantor pusat lain ({kept}); file cadangan berisi {backup}. Kunci yang ada tidak ditimpa. Tidak ada yang diubah."),
                format!("This computer already keeps another headquarters key ({kept}); the backup file holds {backup}. The key kept here is not replaced. Nothing was changed."),
            ),
            HqError::NoKey => (
                "Komputer ini belum punya kunci kantor pusat. Buat kunci di menu Kunci, atau ambil dari file cadangan kunci.".into(),
                "This computer has no headquarters key yet. Create one under Keys, or take it from a key backup file.".into(),
            ),
            HqError::PublicNotSecret => (
                "File ini berisi kunci PUBLIK kantor pusat (age1…), bukan cadangan kunci rahasia. Pilih file cadangan yang disimpan saat kunci dibuat (plm-hq-key-backup…). Tidak ada yang diubah.".into(),
                "This file holds headquarters' PUBLIC key (age1…), not the backup of the secret key. Choose the backup file saved when the key was made (plm-hq-key-backup…). Nothing was changed.".into(),
            ),
            HqError::NotABackup => (
                "File ini bukan cadangan kunci kantor pusat PLM Desk. Tidak ada yang diubah.".into(),
                "This file is not a PLM Desk headquarters key backup. Nothing was changed.".into(),
            ),
            HqError::BackupDamaged => (
                "File cadangan kunci rusak (isinya tidak cocok dengan tanda periksanya). Pakai salinan lain dari cadangan itu. Tidak ada yang diubah.".into(),
                "The key backup file is damaged (its content does not match its check mark). Use another copy of the backup. Nothing was changed.".into(),
            ),
            HqError::NotAKit => (
                "File ini bukan paket kegiatan (kit) PLM Desk. Tidak ada yang diubah.".into(),
                "This file is not a PLM Desk event kit. Nothing was changed.".into(),
            ),
            HqError::KitDamaged => (
                "Paket kegiatan rusak atau tidak utuh (mungkin terpotong saat dikirim). Minta kantor pusat mengirim ulang. Tidak ada yang diubah.".into(),
                "The event kit is damaged or incomplete (perhaps cut off in transit). Ask headquarters to send it again. Nothing was changed.".into(),
            ),
            HqError::KitForged => (
                "Tanda tangan paket kegiatan tidak sah: isinya telah diubah setelah dibuat kantor pusat. Jangan pakai file ini; minta kantor pusat mengirim ulang. Tidak ada yang diubah.".into(),
                "The event kit's signature does not verify: it was changed after headquarters made it. Do not use this file; ask headquarters to send it again. Nothing was changed.".into(),
            ),
            HqError::KitOtherHq { kit, kept } => (
                format!("Paket kegiatan ini dibuat dengan kunci kantor pusat yang tidak dikenal ({kit}); laptop ini memakai kunci {kept}. Tanyakan ke kantor pusat. Tidak ada yang diubah."),
                format!("This event kit was made with an unknown headquarters key ({kit}); this laptop uses key {kept}. Ask headquarters. Nothing was changed."),
            ),
            HqError::KitTooNew(v) => (
                format!("Paket kegiatan versi {v} lebih baru dari aplikasi ini. Perbarui PLM Desk. Tidak ada yang diubah."),
                format!("The event kit is version {v}, newer than this app. Update PLM Desk. Nothing was changed."),
            ),
            HqError::PlanNotFound(id) => (
                format!("Rencana kegiatan tidak ditemukan ({id})."),
                format!("The planned PLM was not found ({id})."),
            ),
            HqError::EventTaken(title) => (
                format!("Kegiatan itu sudah terhubung ke rencana lain ({title})."),
                format!("That event is already attached to another plan ({title})."),
            ),
            HqError::SamePair => (
                "Pasangan peserta harus dua orang yang berbeda.".into(),
                "A pair must be two different participants.".into(),
            ),
            HqError::BadDecision(d) => (
                format!("Keputusan harus same (orang yang sama) atau different (orang berbeda), bukan \"{d}\"."),
                format!("The decision must be same or different, not \"{d}\"."),
            ),
            HqError::BadExportKind(k) => (
                format!("Ekspor nasional \"{k}\" tidak dikenal: pilih .xlsx, .pdf atau .csv."),
                format!("Unknown national export \"{k}\": choose .xlsx, .pdf or .csv."),
            ),
            HqError::TooManyTrainers => {
                let most = super::plans::MAX_TRAINERS;
                (
                    format!("Paling banyak {most} master trainer, masing-masing 200 huruf."),
                    format!("At most {most} master trainers, 200 characters each."),
                )
            }
            HqError::KeyFileExists(path) => (
                format!("{path} sudah ada: kunci rahasia tidak pernah ditimpa. Tidak ada yang diubah."),
                format!("{path} already exists: a secret key is never overwritten. Nothing was changed."),
            ),
            HqError::NoProvinceColumn => (
                "Tidak ada kolom Provinsi di baris judul. Kolom yang dikenali: Provinsi, Judul, Tanggal mulai, Hari, Gelombang, Kota, Tempat, Master trainer.".into(),
                "There is no Province column in the header row. Known columns: Province, Title, Start date, Days, Wave, City, Venue, Master trainers.".into(),
            ),
        };
        lang.pick(id, en)
    }
}
