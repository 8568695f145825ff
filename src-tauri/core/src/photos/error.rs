//! What can be wrong with a photo, in both languages; each names the file.

use crate::error::Localized;
use crate::i18n::Lang;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PhotoError {
    /// Over [`super::MAX_FILE_BYTES`] (its size in MB).
    #[error("the photo {name} is too large ({mb} MB)")]
    TooLarge { name: String, mb: usize },
    /// HEIC, as iPhones save by default.
    #[error("the photo {0} is HEIC")]
    Heic(String),
    #[error("the photo {0} is AVIF")]
    Avif(String),
    #[error("the file {0} is not a JPEG or PNG photo")]
    NotAPhoto(String),
    /// Over [`super::MAX_SIDE`] pixels a side, or more memory than a photo needs.
    #[error("the photo {0} is too large to open")]
    TooLargeToOpen(String),
    /// The decoder's own words, when it has any, go into the message.
    #[error("the photo {name} is damaged")]
    Damaged {
        name: String,
        detail: Option<String>,
    },
    #[error("the caption is too long")]
    CaptionTooLong,
}

crate::domain_error!(PhotoError);

impl Localized for PhotoError {
    fn code(&self) -> &'static str {
        match self {
            PhotoError::TooLarge { .. } => "photo.too_large",
            PhotoError::Heic(_) => "photo.heic",
            PhotoError::Avif(_) => "photo.avif",
            PhotoError::NotAPhoto(_) => "photo.not_a_photo",
            PhotoError::TooLargeToOpen(_) => "photo.too_large_to_open",
            PhotoError::Damaged { .. } => "photo.damaged",
            PhotoError::CaptionTooLong => "photo.caption_too_long",
        }
    }

    fn field(&self) -> Option<&'static str> {
        Some(match self {
            PhotoError::CaptionTooLong => "caption",
            _ => "photo",
        })
    }

    fn message(&self, lang: Lang) -> String {
        let most = super::MAX_FILE_BYTES / (1024 * 1024);
        let side = super::MAX_SIDE;
        match self {
            PhotoError::TooLarge { name, mb } => lang.pick(
                format!("Foto {name} terlalu besar ({mb} MB; paling besar {most} MB)."),
                format!("The photo {name} is too large ({mb} MB; at most {most} MB)."),
            ),
            PhotoError::Heic(name) => lang.pick(
                format!("Foto {name} berformat HEIC (iPhone), yang belum dapat dibaca PLM Desk. Simpan sebagai JPEG dulu (di iPhone: Pengaturan > Kamera > Format > Paling Kompatibel), lalu tambahkan lagi."),
                format!("The photo {name} is HEIC (iPhone), which PLM Desk cannot read yet. Save it as JPEG first (on the iPhone: Settings > Camera > Formats > Most Compatible), then add it again."),
            ),
            PhotoError::Avif(name) => lang.pick(
                format!("Foto {name} berformat AVIF, yang belum dapat dibaca PLM Desk. Simpan sebagai JPEG atau PNG dulu."),
                format!("The photo {name} is AVIF, which PLM Desk cannot read yet. Save it as JPEG or PNG first."),
            ),
            PhotoError::NotAPhoto(name) => lang.pick(
                format!("Berkas {name} bukan foto JPEG atau PNG."),
                format!("The file {name} is not a JPEG or PNG photo."),
            ),
            PhotoError::TooLargeToOpen(name) => lang.pick(
                format!("Foto {name} terlalu besar untuk dibuka (lebih dari {side} piksel atau terlalu banyak memori)."),
                format!("The photo {name} is too large to open (over {side} pixels or too much memory)."),
            ),
            PhotoError::Damaged { name, detail: Some(d) } => lang.pick(
                format!("Foto {name} rusak dan tidak dapat dibaca ({d})."),
                format!("The photo {name} is damaged and cannot be read ({d})."),
            ),
            PhotoError::Damaged { name, detail: None } => lang.pick(
                format!("Foto {name} rusak dan tidak dapat dibaca."),
                format!("The photo {name} is damaged and cannot be read."),
            ),
            PhotoError::CaptionTooLong => lang.pick(
                "Keterangan foto terlalu panjang (paling banyak 300 huruf).".into(),
                "The caption is too long (at most 300 characters).".into(),
            ),
        }
    }
}
