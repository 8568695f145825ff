//! Headquarters: the workspace of the Perpusnas staff who plan the year's PLMs, hand out
//! event kits, receive the venues' data files and read the national picture.
//!
//! - [`keys`]: headquarters' key pair, made once, backed up, restored;
//! - [`plans`]: the planned PLMs and what arrived for each (the venue table);
//! - [`kit`]: event kits, made here and opened at the venue;
//! - [`receive`]: many venue files at once, each checked, with progress;
//! - [`dashboard`]: the national picture by year, wave and province;
//! - [`people`]: probable same people across venues, and headquarters' decisions;
//! - [`figures`] and [`workbook`]: the tidy table, the analysts' workbook, the summary PDF.

pub mod dashboard;
mod error;
pub mod escrow;
pub mod figures;
pub mod keys;
pub mod kit;
pub mod people;
pub mod plans;
pub mod receive;
pub mod workbook;

pub use error::HqError;
pub use figures::{national, to_csv, to_xlsx, Figure};

/// The national exports headquarters hands on: the analysts' workbook, the printable
/// report, the figures as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportKind {
    Xlsx,
    Pdf,
    Csv,
}

impl ExportKind {
    /// From the window's choice or a file name's extension (`xlsx`, `.PDF`, `csv`).
    pub fn parse(v: &str) -> Result<ExportKind, HqError> {
        match v
            .trim()
            .trim_start_matches('.')
            .to_ascii_lowercase()
            .as_str()
        {
            "xlsx" => Ok(ExportKind::Xlsx),
            "pdf" => Ok(ExportKind::Pdf),
            "csv" => Ok(ExportKind::Csv),
            other => Err(HqError::BadExportKind(other.chars().take(40).collect())),
        }
    }

    /// The kind a file name asks for by its extension.
    pub fn of_path(path: &std::path::Path) -> Result<ExportKind, HqError> {
        ExportKind::parse(path.extension().and_then(|e| e.to_str()).unwrap_or(""))
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportKind::Xlsx => "xlsx",
            ExportKind::Pdf => "pdf",
            ExportKind::Csv => "csv",
        }
    }

    /// The name the save dialog suggests.
    pub fn file_name(self) -> String {
        format!("plm-nasional.{}", self.extension())
    }
}

/// A national export's bytes, for the chosen years, waves and provinces (the CSV holds
/// every figure).
pub fn export(
    store: &Store,
    kind: ExportKind,
    filter: &dashboard::Filter,
    lang: crate::i18n::Lang,
) -> Result<Vec<u8>> {
    match kind {
        ExportKind::Xlsx => workbook::xlsx(store, filter),
        ExportKind::Pdf => workbook::pdf(store, filter, lang),
        ExportKind::Csv => Ok(to_csv(&national(store)?)),
    }
}

use crate::db::Store;
use crate::error::Result;
use serde::{Deserialize, Serialize};

/// What this computer is for.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Workspace {
    /// A facilitator's laptop at a venue (the default).
    Venue,
    /// Headquarters (Perpusnas).
    Hq,
}

/// The workspace chosen here; None until the first-run choice is made.
pub fn workspace(store: &Store) -> Result<Option<Workspace>> {
    Ok(
        match crate::settings::get(store, crate::settings::Key::Workspace)?.as_deref() {
            Some("hq") => Some(Workspace::Hq),
            Some("venue") => Some(Workspace::Venue),
            _ => None,
        },
    )
}

/// Choose (or switch) the workspace. Nothing else changes: the venue's events and
/// headquarters' data stay where they are.
impl Workspace {
    /// `venue` or `hq`, as the window and the command line send it.
    pub fn parse(v: &str) -> Result<Workspace, crate::settings::SettingsError> {
        match v.trim() {
            "venue" => Ok(Workspace::Venue),
            "hq" => Ok(Workspace::Hq),
            other => Err(crate::settings::SettingsError::BadWorkspace(
                other.chars().take(40).collect(),
            )),
        }
    }
}

pub fn set_workspace(store: &mut Store, w: Workspace) -> Result<Workspace> {
    let v = match w {
        Workspace::Venue => "venue",
        Workspace::Hq => "hq",
    };
    crate::settings::set(store, crate::settings::Key::Workspace, v)?;
    Ok(w)
}
