//! The accountability bundle (SPJ) in one folder: the signed daftar hadir of every day,
//! the receipt list (PDF and XLSX), the agenda, and the activity report (DOCX and PDF).
//! Everything is made in memory first; a refusal (e.g. no allowance amounts yet) writes
//! nothing.

use super::layout::Paper;
use super::{activity, agenda, receipts, sheet};
use crate::db::Store;
use crate::error::Result;
use crate::events;
use crate::files::write_private_atomic;
use crate::i18n::Lang;
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Serialize)]
pub struct Written {
    pub file: String,
    /// What it is, in the user's language: "Daftar hadir hari ke-1".
    pub what: String,
    pub bytes: usize,
}

pub fn write(
    store: &Store,
    event_id: &str,
    dir: &Path,
    paper: Paper,
    lang: Lang,
) -> Result<Vec<Written>> {
    let ev = events::get(store, event_id)?;
    if !dir.is_dir() {
        return Err(super::ReportError::NoFolder(dir.display().to_string()).into());
    }
    let t = |id: String, en: String| match lang {
        Lang::Id => id,
        Lang::En => en,
    };
    let mut files: Vec<(String, String, Vec<u8>)> = Vec::new();
    // the receipt list first: it is the one that can be refused
    let (pdf, _) = receipts::pdf(store, event_id, paper)?;
    files.push((
        "daftar-penerimaan.pdf".into(),
        t(
            "Daftar penerimaan (PDF)".into(),
            "Receipt list (PDF)".into(),
        ),
        pdf,
    ));
    let (xlsx, _) = receipts::xlsx(store, event_id)?;
    files.push((
        "daftar-penerimaan.xlsx".into(),
        t(
            "Daftar penerimaan (XLSX)".into(),
            "Receipt list (XLSX)".into(),
        ),
        xlsx,
    ));
    for day in 1..=ev.days {
        let opts = sheet::SheetOptions {
            day: Some(day),
            session_id: None,
            blank: false,
            paper,
            phones: false,
        };
        let (pdf, _) = sheet::build(store, event_id, &opts, &mut |_, _| {})?;
        files.push((
            format!("daftar-hadir-hari-{day}.pdf"),
            t(
                format!("Daftar hadir hari ke-{day}"),
                format!("Attendance sheet, day {day}"),
            ),
            pdf,
        ));
    }
    let (pdf, _) = agenda::build(store, event_id, paper)?;
    files.push((
        "jadwal-acara.pdf".into(),
        t("Jadwal acara".into(), "Agenda".into()),
        pdf,
    ));
    let report = activity::gather(store, event_id, lang)?;
    let (docx, _) = activity::docx::render(&report)?;
    files.push((
        "laporan-kegiatan.docx".into(),
        t(
            "Laporan kegiatan (DOCX, dapat diedit)".into(),
            "Activity report (DOCX, editable)".into(),
        ),
        docx,
    ));
    let (pdf, _) = activity::pdf::render(&report)?;
    files.push((
        "laporan-kegiatan.pdf".into(),
        t(
            "Laporan kegiatan (PDF)".into(),
            "Activity report (PDF)".into(),
        ),
        pdf,
    ));
    let mut out = Vec::new();
    for (file, what, bytes) in files {
        write_private_atomic(&dir.join(&file), &bytes)?;
        out.push(Written {
            file,
            what,
            bytes: bytes.len(),
        });
    }
    log::info!("bundle: {} files written for event {event_id}", out.len());
    Ok(out)
}
