//! A document that could not be made, or a place it cannot go, in both languages.

/// A document that could not be made (a library's failure, named in the message), or a
/// place it cannot go.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ReportError {
    #[error("the PDF could not be made: {0}")]
    Pdf(String),
    #[error("the XLSX could not be made: {0}")]
    Xlsx(String),
    #[error("the DOCX could not be made: {0}")]
    Docx(String),
    #[error("the folder {0} does not exist")]
    NoFolder(String),
    #[error("unknown paper {0}")]
    UnknownKind(String),
    #[error("unknown paper size {0}")]
    BadPaper(String),
    #[error("unknown certificate rule {0}")]
    BadRule(String),
    #[error("{file}: the file name must end in {accepted}")]
    BadExtension { file: String, accepted: String },
    /// The activity report's background or objectives over their limit.
    #[error("the {field} is too long (at most {max} characters)")]
    TextTooLong { field: &'static str, max: usize },
    /// Certificates asked for with nobody to give one to: no winner yet (`winners`), or
    /// nobody meeting the attendance rule.
    #[error("no one to give a certificate to")]
    NoCertificates { winners: bool },
    /// Plans asked for an institution that has none (as typed).
    #[error("no follow-up plan for the institution {0}")]
    NoPlanFor(String),
}

crate::domain_error!(ReportError);

impl crate::error::Localized for ReportError {
    fn code(&self) -> &'static str {
        match self {
            ReportError::Pdf(_) => "report.pdf_failed",
            ReportError::Xlsx(_) => "report.xlsx_failed",
            ReportError::Docx(_) => "report.docx_failed",
            ReportError::NoFolder(_) => "report.no_folder",
            ReportError::UnknownKind(_) => "report.unknown_kind",
            ReportError::BadPaper(_) => "report.bad_paper",
            ReportError::BadRule(_) => "report.bad_rule",
            ReportError::BadExtension { .. } => "report.bad_extension",
            ReportError::TextTooLong { .. } => "report.text_too_long",
            ReportError::NoCertificates { .. } => "report.no_certificates",
            ReportError::NoPlanFor(_) => "report.no_plan_for",
        }
    }
    fn field(&self) -> Option<&'static str> {
        match self {
            ReportError::TextTooLong { field, .. } => Some(field),
            ReportError::NoCertificates { .. } => Some("certificates"),
            ReportError::NoPlanFor(_) => Some("institution"),
            _ => None,
        }
    }
    fn message(&self, lang: crate::i18n::Lang) -> String {
        match self {
            ReportError::Pdf(e) => lang.pick(
                format!("PDF gagal dibuat: {e}"),
                format!("The PDF could not be made: {e}"),
            ),
            ReportError::Xlsx(e) => lang.pick(
                format!("XLSX gagal dibuat: {e}"),
                format!("The XLSX could not be made: {e}"),
            ),
            ReportError::Docx(e) => lang.pick(
                format!("DOCX gagal dibuat: {e}"),
                format!("The DOCX could not be made: {e}"),
            ),
            ReportError::NoFolder(d) => lang.pick(
                format!("Folder {d} tidak ada."),
                format!("The folder {d} does not exist."),
            ),
            ReportError::UnknownKind(k) => lang.pick(format!("Jenis dokumen \"{k}\" tidak dikenal."), format!("Unknown paper \"{k}\".")),
            ReportError::BadPaper(p) => lang.pick(format!("Ukuran kertas harus A4 atau F4, bukan \"{p}\"."), format!("The paper must be A4 or F4, not \"{p}\".")),
            ReportError::BadRule(r) => lang.pick(
                format!("Aturan sertifikat harus any (hadir sehari) atau all (hadir semua hari), bukan \"{r}\"."),
                format!("The certificate rule must be any (attended a day) or all (every day), not \"{r}\"."),
            ),
            ReportError::BadExtension { file, accepted } => lang.pick(
                format!("{file}: akhiran nama berkas harus {accepted}."),
                format!("{file}: the file name must end in {accepted}."),
            ),
            ReportError::TextTooLong { max, .. } => lang.pick(
                format!("Teks terlalu panjang (paling banyak {max} huruf)."),
                format!("The text is too long (at most {max} characters)."),
            ),
            ReportError::NoCertificates { winners: true } => lang.pick(
                "Belum ada pemenang penghargaan yang ditetapkan.".into(),
                "No award winners have been recorded yet.".into(),
            ),
            ReportError::NoCertificates { winners: false } => lang.pick(
                "Belum ada peserta yang memenuhi aturan kehadiran untuk sertifikat.".into(),
                "Nobody meets the attendance rule for a certificate yet.".into(),
            ),
            ReportError::NoPlanFor(name) => lang.pick(
                format!("Tidak ada rencana tindak lanjut untuk lembaga \"{name}\"."),
                format!("There is no follow-up plan for the institution \"{name}\"."),
            ),
        }
    }
}
