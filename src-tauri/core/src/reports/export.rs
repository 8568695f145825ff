//! One paper by kind, for the window and the command line alike: which builder makes it,
//! its file type and suggested name, the paper size and certificate rule read from the
//! request, and what is said about it (`detail`). Every paper is written private to the
//! user ([`crate::files::write_private_atomic`]): all but the agenda name people, and the agenda
//! costs nothing to protect too.

use super::certificates::Rule;
use super::layout::Paper;
use super::sheet::SheetOptions;
use super::ReportError;
use crate::db::Store;
use crate::error::Result;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The papers a facilitator exports, as the window and scripts name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Attendance,
    Plans,
    Badges,
    Certificates,
    Summary,
    Agenda,
    Receipts,
    ReceiptsXlsx,
    Report,
    ReportDocx,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Attendance,
        Kind::Plans,
        Kind::Badges,
        Kind::Certificates,
        Kind::Summary,
        Kind::Agenda,
        Kind::Receipts,
        Kind::ReceiptsXlsx,
        Kind::Report,
        Kind::ReportDocx,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Attendance => "attendance",
            Kind::Plans => "plans",
            Kind::Badges => "badges",
            Kind::Certificates => "certificates",
            Kind::Summary => "summary",
            Kind::Agenda => "agenda",
            Kind::Receipts => "receipts",
            Kind::ReceiptsXlsx => "receipts_xlsx",
            Kind::Report => "report",
            Kind::ReportDocx => "report_docx",
        }
    }

    pub fn parse(v: &str) -> Result<Kind, ReportError> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == v.trim())
            .ok_or_else(|| ReportError::UnknownKind(v.trim().chars().take(40).collect()))
    }

    /// The file's extension and the save dialog's filter name.
    pub fn file_type(self) -> (&'static str, &'static str) {
        match self {
            Kind::ReceiptsXlsx => ("xlsx", "Excel"),
            Kind::ReportDocx => ("docx", "Word"),
            _ => ("pdf", "PDF"),
        }
    }
}

/// The paper size a user chose: A4 unless F4 is named; anything else is refused (the
/// window, the command line and the bundle alike).
pub fn paper_of(choice: Option<&str>) -> Result<Paper, ReportError> {
    match choice.map(str::trim) {
        None | Some("") => Ok(Paper::A4),
        Some(p) => {
            Paper::parse(p).ok_or_else(|| ReportError::BadPaper(p.chars().take(20).collect()))
        }
    }
}

/// What to export; fields a kind does not use are ignored.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Request {
    /// One of [`Kind`]'s names (`attendance`, `receipts_xlsx`, …).
    pub kind: String,
    pub event_id: String,
    pub day: Option<i64>,
    pub session_id: Option<String>,
    pub blank: bool,
    /// Print the phone column (attendance); off unless chosen.
    pub phones: bool,
    /// `a4` (the default) or `f4`.
    pub paper: Option<String>,
    pub institution: Option<String>,
    /// `any` (the default: attended a day) or `all` (every day): certificates.
    pub rule: Option<String>,
    pub winners: bool,
}

impl Request {
    /// The paper size asked for ([`paper_of`]).
    pub fn paper(&self) -> Result<Paper, ReportError> {
        paper_of(self.paper.as_deref())
    }

    fn rule(&self) -> Result<Rule, ReportError> {
        match self.rule.as_deref().map(str::trim) {
            None | Some("") => Ok(Rule::AnyDay),
            Some(r) => {
                Rule::parse(r).ok_or_else(|| ReportError::BadRule(r.chars().take(20).collect()))
            }
        }
    }

    /// A file name a facilitator recognises: "daftar-hadir-hari-1.pdf".
    pub fn suggested_name(&self) -> Result<String, ReportError> {
        let day = self.day.unwrap_or(1);
        Ok(match Kind::parse(&self.kind)? {
            Kind::Attendance if self.blank => format!("daftar-hadir-kosong-hari-{day}.pdf"),
            Kind::Attendance if self.session_id.is_some() => "daftar-hadir-sesi.pdf".into(),
            Kind::Attendance => format!("daftar-hadir-hari-{day}.pdf"),
            Kind::Plans => "rencana-tindak-lanjut.pdf".into(),
            Kind::Badges => "badge-peserta.pdf".into(),
            Kind::Certificates if self.winners => "piagam-penghargaan.pdf".into(),
            Kind::Certificates => "sertifikat-peserta.pdf".into(),
            Kind::Agenda => "jadwal-acara.pdf".into(),
            Kind::Receipts => "daftar-penerimaan.pdf".into(),
            Kind::ReceiptsXlsx => "daftar-penerimaan.xlsx".into(),
            Kind::Report => "laporan-kegiatan.pdf".into(),
            Kind::ReportDocx => "laporan-kegiatan.docx".into(),
            Kind::Summary => "ringkasan-kegiatan.pdf".into(),
        })
    }
}

/// A paper made in memory: its bytes, its pages (0 for XLSX and DOCX) and what is said
/// about it (rows, signatures, people, totals…, by kind).
#[derive(Debug, Clone)]
pub struct Made {
    pub kind: Kind,
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub detail: serde_json::Value,
}

fn value<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).expect("report info is plain data")
}

/// Make the paper a request asks for. `progress` hears (done, total) for the long ones.
pub fn make(
    store: &Store,
    req: &Request,
    lang: Lang,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Made> {
    let kind = Kind::parse(&req.kind)?;
    let paper = req.paper()?;
    let ev = req.event_id.as_str();
    let (bytes, pages, detail) = match kind {
        Kind::Agenda => {
            let (b, i) = super::agenda::build(store, ev, paper)?;
            (b, i.pages, value(&i))
        }
        Kind::Receipts => {
            let (b, i) = super::receipts::pdf(store, ev, paper)?;
            (b, i.pages, value(&i))
        }
        Kind::ReceiptsXlsx => {
            let (b, i) = super::receipts::xlsx(store, ev)?;
            (b, 0, value(&i))
        }
        Kind::Report => {
            let (b, i) = super::activity::build_pdf(store, ev, lang)?;
            (b, i.pages, value(&i))
        }
        Kind::ReportDocx => {
            let (b, i) = super::activity::build_docx(store, ev, lang)?;
            (b, 0, value(&i))
        }
        Kind::Attendance => {
            let opts = SheetOptions {
                day: req.day,
                session_id: req.session_id.clone(),
                blank: req.blank,
                paper,
                phones: req.phones,
            };
            let (b, i) = super::sheet::build(store, ev, &opts, progress)?;
            (b, i.pages, value(&i))
        }
        Kind::Plans => {
            let institution = req.institution.as_deref().filter(|s| !s.trim().is_empty());
            let (b, i) = super::plans::build(store, ev, institution)?;
            let detail = json!({"pages": i.pages, "plans": i.plans, "items": i.items});
            (b, i.pages, detail)
        }
        Kind::Badges => {
            let (b, pages, n) = super::badges::build(store, ev)?;
            (b, pages, json!({"pages": pages, "badges": n}))
        }
        Kind::Certificates => {
            let (b, n) = super::certificates::build(store, ev, req.rule()?, req.winners)?;
            (b, n, json!({"certificates": n}))
        }
        Kind::Summary => {
            let (b, pages) = super::summary::build(store, ev)?;
            (b, pages, json!({"pages": pages}))
        }
    };
    Ok(Made {
        kind,
        bytes,
        pages,
        detail,
    })
}

/// Make the paper and write it where the user chose, private to them; its detail.
pub fn make_to(
    store: &Store,
    req: &Request,
    lang: Lang,
    path: &std::path::Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Made> {
    let made = make(store, req, lang, progress)?;
    crate::files::write_private_atomic(path, &made.bytes)?;
    log::info!(
        "export {}: {} bytes, {} pages",
        made.kind.as_str(),
        made.bytes.len(),
        made.pages
    );
    Ok(made)
}

/// The kinds a file name can be for a paper that comes in two file types: the receipt
/// list (`.pdf`, `.xlsx`) and the activity report (`.pdf`, `.docx`).
pub fn kind_for_file(pdf: Kind, path: &std::path::Path) -> Result<Kind, ReportError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let other = match pdf {
        Kind::Receipts => Some(Kind::ReceiptsXlsx),
        Kind::Report => Some(Kind::ReportDocx),
        _ => None,
    };
    match (ext.as_str(), other) {
        ("pdf", _) => Ok(pdf),
        (e, Some(o)) if e == o.file_type().0 => Ok(o),
        _ => Err(ReportError::BadExtension {
            file: path.display().to_string(),
            accepted: std::iter::once(pdf)
                .chain(other)
                .map(|k| format!(".{}", k.file_type().0))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Localized;

    #[test]
    fn kinds_paper_and_rules_are_read_once_for_every_caller() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()).unwrap(), k);
            // the wire name is the serde name: the window's JSON and the Rust side agree
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        assert_eq!(
            Kind::parse("pdf").unwrap_err().code(),
            "report.unknown_kind"
        );
        assert_eq!(paper_of(None).unwrap(), Paper::A4);
        assert_eq!(paper_of(Some(" F4 ")).unwrap(), Paper::F4);
        let e = paper_of(Some("legal")).unwrap_err();
        assert_eq!(e.code(), "report.bad_paper");
        assert!(e.message(Lang::Id).contains("A4 atau F4"));
        let req = Request {
            kind: "certificates".into(),
            rule: Some("sometimes".into()),
            ..Default::default()
        };
        assert_eq!(req.rule().unwrap_err().code(), "report.bad_rule");
        let req = Request {
            kind: "attendance".into(),
            day: Some(2),
            blank: true,
            ..Default::default()
        };
        assert_eq!(
            req.suggested_name().unwrap(),
            "daftar-hadir-kosong-hari-2.pdf"
        );
    }

    #[test]
    fn a_paper_with_two_file_types_is_chosen_by_the_file_name() {
        let p = std::path::Path::new;
        assert_eq!(
            kind_for_file(Kind::Receipts, p("a.XLSX")).unwrap(),
            Kind::ReceiptsXlsx
        );
        assert_eq!(
            kind_for_file(Kind::Receipts, p("a.pdf")).unwrap(),
            Kind::Receipts
        );
        assert_eq!(
            kind_for_file(Kind::Report, p("a.docx")).unwrap(),
            Kind::ReportDocx
        );
        let e = kind_for_file(Kind::Report, p("laporan.xlsx")).unwrap_err();
        assert_eq!(e.code(), "report.bad_extension");
        assert!(
            e.message(Lang::En).contains(".pdf, .docx"),
            "{}",
            e.message(Lang::En)
        );
    }
}
