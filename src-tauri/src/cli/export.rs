//! `plm-desk export …`: the PDF reports from the command line.

use clap::Subcommand;
use plm_core::reports::{self, export, export::Kind, export::Request};
use plm_core::{Lang, Store};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

use crate::cli::Out;

#[derive(Subcommand, Debug)]
pub enum ExportCmd {
    /// Attendance sheet (daftar hadir) of a day or a session, signed or blank
    Attendance {
        #[arg(long)]
        event: String,
        #[arg(long, conflicts_with = "session", required_unless_present = "session")]
        day: Option<i64>,
        #[arg(long)]
        session: Option<String>,
        /// The sheet to sign on paper: no signatures, empty rows for walk-ins
        #[arg(long)]
        blank: bool,
        /// a4 or f4 (215 x 330 mm)
        #[arg(long, default_value = "a4", value_parser = ["a4", "f4"])]
        paper: String,
        /// Print everyone's phone number (off: the sheet goes round the room)
        #[arg(long)]
        phones: bool,
        #[arg(long)]
        out: PathBuf,
    },
    /// Follow-up plans (RTL), for the whole event or one institution
    Plans {
        #[arg(long)]
        event: String,
        #[arg(long)]
        institution: Option<String>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Name badges with QR codes, eight to an A4 page
    Badges {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Certificates of participation (or of appreciation for award winners)
    Certificates {
        #[arg(long)]
        event: String,
        /// Who qualifies: any (attended at least one day) or all (every day)
        #[arg(long, default_value = "any", value_parser = ["any", "all"])]
        rule: String,
        /// Certificates of appreciation for the award winners instead
        #[arg(long)]
        winners: bool,
        #[arg(long)]
        out: PathBuf,
    },
    /// One- or two-page summary of the event
    Summary {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// The agenda (jadwal acara) per day
    Agenda {
        #[arg(long)]
        event: String,
        #[arg(long, default_value = "a4", value_parser = ["a4", "f4"])]
        paper: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// The allowance receipt list (daftar penerimaan): F.pdf or F.xlsx
    Receipts {
        #[arg(long)]
        event: String,
        #[arg(long, default_value = "a4", value_parser = ["a4", "f4"])]
        paper: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// The activity report (laporan kegiatan): F.docx (editable) or F.pdf
    Report {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// The SPJ bundle into a folder: signed daftar hadir per day, receipt list, agenda,
    /// activity report
    Bundle {
        #[arg(long)]
        event: String,
        #[arg(long, default_value = "a4", value_parser = ["a4", "f4"])]
        paper: String,
        #[arg(long)]
        out: PathBuf,
    },
}

/// Make the paper, write it private to the user (every paper but the agenda names
/// people), and say what was written.
fn export(
    store: &Store,
    req: Request,
    out: &Path,
    lang: Lang,
    line: impl Fn(&Value) -> String,
) -> plm_core::Result<Out> {
    let made = export::make_to(store, &req, lang, out, &mut |_, _| {})?;
    Ok(Out {
        text: format!(
            "{}: {}, {} bytes",
            out.display(),
            line(&made.detail),
            made.bytes.len()
        ),
        json: json!({"path": out, "bytes": made.bytes.len(), "info": made.detail}),
    })
}

fn request(kind: Kind, event: String) -> Request {
    Request {
        kind: kind.as_str().to_string(),
        event_id: event,
        ..Default::default()
    }
}

pub fn export_cmd(store: &mut Store, c: ExportCmd, lang: Lang) -> plm_core::Result<Out> {
    let n = |d: &Value, k: &str| d[k].as_u64().unwrap_or(0);
    match c {
        ExportCmd::Agenda { event, paper, out } => {
            let req = Request {
                paper: Some(paper),
                ..request(Kind::Agenda, event)
            };
            export(store, req, &out, lang, |d| {
                format!("{} page(s), {} session(s)", n(d, "pages"), n(d, "sessions"))
            })
        }
        ExportCmd::Receipts { event, paper, out } => {
            let req = Request {
                paper: Some(paper),
                ..request(export::kind_for_file(Kind::Receipts, &out)?, event)
            };
            export(store, req, &out, lang, |d| {
                format!(
                    "{} people, {} ({})",
                    n(d, "people"),
                    plm_core::money::rupiah(d["total_net"].as_i64().unwrap_or(0)),
                    d["total_words"].as_str().unwrap_or("")
                )
            })
        }
        ExportCmd::Report { event, out } => {
            let req = request(export::kind_for_file(Kind::Report, &out)?, event);
            export(store, req, &out, lang, |d| {
                format!("{} photo(s)", n(d, "photos"))
            })
        }
        ExportCmd::Bundle { event, paper, out } => {
            let paper = export::paper_of(Some(&paper))?;
            let files = reports::bundle::write(store, &event, &out, paper, lang)?;
            Ok(Out {
                text: files
                    .iter()
                    .map(|f| format!("{}  {} ({} bytes)", f.file, f.what, f.bytes))
                    .collect::<Vec<_>>()
                    .join("\n"),
                json: json!({"folder": out, "files": files}),
            })
        }
        ExportCmd::Attendance {
            event,
            day,
            session,
            blank,
            paper,
            phones,
            out,
        } => {
            let req = Request {
                day,
                session_id: session,
                blank,
                paper: Some(paper),
                phones,
                ..request(Kind::Attendance, event)
            };
            export(store, req, &out, lang, |d| {
                format!(
                    "{} page(s), {} row(s), {} signature(s)",
                    n(d, "pages"),
                    n(d, "rows"),
                    n(d, "signatures")
                )
            })
        }
        ExportCmd::Plans {
            event,
            institution,
            out,
        } => {
            let req = Request {
                institution,
                ..request(Kind::Plans, event)
            };
            export(store, req, &out, lang, |d| {
                format!(
                    "{} page(s), {} plan(s), {} item(s)",
                    n(d, "pages"),
                    n(d, "plans"),
                    n(d, "items")
                )
            })
        }
        ExportCmd::Badges { event, out } => {
            export(store, request(Kind::Badges, event), &out, lang, |d| {
                format!("{} page(s), {} badge(s)", n(d, "pages"), n(d, "badges"))
            })
        }
        ExportCmd::Certificates {
            event,
            rule,
            winners,
            out,
        } => {
            let req = Request {
                rule: Some(rule),
                winners,
                ..request(Kind::Certificates, event)
            };
            export(store, req, &out, lang, |d| {
                format!("{} certificate(s)", n(d, "certificates"))
            })
        }
        ExportCmd::Summary { event, out } => {
            export(store, request(Kind::Summary, event), &out, lang, |d| {
                format!("{} page(s)", n(d, "pages"))
            })
        }
    }
}
