//! `plm-desk export …`: the PDF reports from the command line.

use clap::Subcommand;
use plm_core::reports::{self, layout::Paper};
use plm_core::Store;
use serde_json::json;
use std::path::PathBuf;

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

/// The file's kind from its extension, or a refusal naming the accepted ones.
fn kind_of(out: &std::path::Path, accepted: &[&str]) -> plm_core::Result<String> {
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if accepted.contains(&ext.as_str()) {
        Ok(ext)
    } else {
        let list = accepted
            .iter()
            .map(|a| format!(".{a}"))
            .collect::<Vec<_>>()
            .join(", ");
        Err(plm_core::Error::invalid(
            "out",
            format!("{}: akhiran nama berkas harus {list}.", out.display()),
            format!("{}: the file name must end in {list}.", out.display()),
        ))
    }
}

fn written(
    out: &std::path::Path,
    bytes: &[u8],
    what: String,
    extra: serde_json::Value,
) -> plm_core::Result<Out> {
    reports::write_atomic(out, bytes)?;
    Ok(Out {
        text: format!("{}: {what}, {} bytes", out.display(), bytes.len()),
        json: json!({"path": out, "bytes": bytes.len(), "info": extra}),
    })
}

pub fn export_cmd(store: &mut Store, c: ExportCmd, lang: plm_core::Lang) -> plm_core::Result<Out> {
    match c {
        ExportCmd::Agenda { event, paper, out } => {
            let (bytes, i) =
                reports::agenda::build(store, &event, Paper::parse(&paper).unwrap_or(Paper::A4))?;
            written(
                &out,
                &bytes,
                format!("{} page(s), {} session(s)", i.pages, i.sessions),
                serde_json::to_value(&i).expect("json"),
            )
        }
        ExportCmd::Receipts { event, paper, out } => {
            let (bytes, i) = match kind_of(&out, &["pdf", "xlsx"])?.as_str() {
                "pdf" => reports::receipts::pdf(
                    store,
                    &event,
                    Paper::parse(&paper).unwrap_or(Paper::A4),
                )?,
                _ => reports::receipts::xlsx(store, &event)?,
            };
            reports::write_private_atomic(&out, &bytes)?;
            Ok(Out {
                text: format!(
                    "{}: {} people, {} ({})",
                    out.display(),
                    i.people,
                    plm_core::money::rupiah(i.total_net),
                    i.total_words
                ),
                json: json!({"path": out, "bytes": bytes.len(), "info": i}),
            })
        }
        ExportCmd::Report { event, out } => {
            let (bytes, i) = match kind_of(&out, &["docx", "pdf"])?.as_str() {
                "docx" => reports::activity::build_docx(store, &event, lang)?,
                _ => reports::activity::build_pdf(store, &event, lang)?,
            };
            reports::write_private_atomic(&out, &bytes)?;
            Ok(Out {
                text: format!(
                    "{}: {} photo(s), {} bytes",
                    out.display(),
                    i.photos,
                    bytes.len()
                ),
                json: json!({"path": out, "bytes": bytes.len(), "info": i}),
            })
        }
        ExportCmd::Bundle { event, paper, out } => {
            let files = reports::bundle::write(
                store,
                &event,
                &out,
                Paper::parse(&paper).unwrap_or(Paper::A4),
                lang,
            )?;
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
            let opts = reports::sheet::SheetOptions {
                day,
                session_id: session,
                blank,
                paper: Paper::parse(&paper).unwrap_or(Paper::A4),
                phones,
            };
            let (bytes, info) = reports::sheet::build(store, &event, &opts, &mut |_, _| {})?;
            reports::write_atomic(&out, &bytes)?;
            let text = format!(
                "{}: {} page(s), {} row(s), {} signature(s), {} bytes",
                out.display(),
                info.pages,
                info.rows,
                info.signatures,
                bytes.len()
            );
            Ok(Out {
                json: json!({"path": out, "bytes": bytes.len(), "info": info}),
                text,
            })
        }
        ExportCmd::Plans {
            event,
            institution,
            out,
        } => {
            let (bytes, i) = reports::plans::build(store, &event, institution.as_deref())?;
            written(
                &out,
                &bytes,
                format!(
                    "{} page(s), {} plan(s), {} item(s)",
                    i.pages, i.plans, i.items
                ),
                json!({"pages": i.pages, "plans": i.plans, "items": i.items}),
            )
        }
        ExportCmd::Badges { event, out } => {
            let (bytes, pages, n) = reports::badges::build(store, &event)?;
            written(
                &out,
                &bytes,
                format!("{pages} page(s), {n} badge(s)"),
                json!({"pages": pages, "badges": n}),
            )
        }
        ExportCmd::Certificates {
            event,
            rule,
            winners,
            out,
        } => {
            let rule = reports::certificates::Rule::parse(&rule)
                .unwrap_or(reports::certificates::Rule::AnyDay);
            let (bytes, n) = reports::certificates::build(store, &event, rule, winners)?;
            written(
                &out,
                &bytes,
                format!("{n} certificate(s)"),
                json!({"certificates": n}),
            )
        }
        ExportCmd::Summary { event, out } => {
            let (bytes, pages) = reports::summary::build(store, &event)?;
            written(
                &out,
                &bytes,
                format!("{pages} page(s)"),
                json!({"pages": pages}),
            )
        }
    }
}
