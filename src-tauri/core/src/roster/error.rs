//! What can be wrong with a roster file as a whole (nothing is imported), in both
//! languages.

use super::*;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RosterError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is too large ({0} bytes)")]
    TooLarge(usize),
    #[error("too many rows ({0})")]
    TooManyRows(usize),
    #[error("unreadable spreadsheet: {0}")]
    Unreadable(String),
    #[error("no name column; columns found: {0:?}")]
    NoNameColumn(Vec<String>),
    #[error("column {0} does not exist")]
    BadMapping(usize),
    #[error("two columns are mapped to {0}")]
    MappedTwice(String),
}

crate::domain_error!(RosterError);

impl Localized for RosterError {
    fn code(&self) -> &'static str {
        match self {
            RosterError::Empty => "roster.empty",
            RosterError::TooLarge(_) => "roster.too_large",
            RosterError::TooManyRows(_) => "roster.too_many_rows",
            RosterError::Unreadable(_) => "roster.unreadable",
            RosterError::NoNameColumn(_) => "roster.no_name_column",
            RosterError::BadMapping(_) => "roster.bad_mapping",
            RosterError::MappedTwice(_) => "roster.mapped_twice",
        }
    }
    fn message(&self, lang: Lang) -> String {
        match self {
            RosterError::Empty => lang.pick("File kosong: tidak ada baris untuk diimpor.".into(), "The file is empty: there are no rows to import.".into()),
            RosterError::TooLarge(n) => lang.pick(
                format!("File terlalu besar ({} MB; paling besar 20 MB).", n / 1_000_000),
                format!("The file is too large ({} MB; at most 20 MB).", n / 1_000_000),
            ),
            RosterError::TooManyRows(n) => lang.pick(
                format!("File berisi {n} baris; paling banyak {MAX_ROWS} baris sekali impor."),
                format!("The file has {n} rows; at most {MAX_ROWS} rows can be imported at once."),
            ),
            RosterError::Unreadable(why) => lang.pick(
                format!("File tidak dapat dibaca sebagai CSV, XLSX atau ODS ({why}). Simpan ulang dari Excel sebagai CSV atau XLSX."),
                format!("The file cannot be read as CSV, XLSX or ODS ({why}). Save it again from Excel as CSV or XLSX."),
            ),
            RosterError::NoNameColumn(cols) => lang.pick(
                format!("Kolom nama tidak ditemukan. Baris judul harus memuat \"Nama\". Kolom yang ada: {}. Tidak ada yang diimpor.", cols.join(", ")),
                format!("No name column found. The header row must contain \"Nama\" (or \"Name\"). Columns found: {}. Nothing was imported.", cols.join(", ")),
            ),
            RosterError::BadMapping(i) => lang.pick(format!("Kolom {} tidak ada di file.", i + 1), format!("Column {} does not exist in the file.", i + 1)),
            RosterError::MappedTwice(f) => lang.pick(format!("Dua kolom dipetakan ke {f}."), format!("Two columns are mapped to {f}.")),
        }
    }
}
