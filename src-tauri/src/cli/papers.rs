//! `plm-desk allowance …`, `plm-desk photo …`, `plm-desk report-text …`: what the papers
//! after the event are made from. Decisions live in plm_core; this only translates.

use clap::Subcommand;
use plm_core::allowance::{self, RateInput, Signers, Target};
use plm_core::reports::activity::texts;
use plm_core::{photos, Lang, Store};
use serde_json::json;
use std::path::PathBuf;

use crate::cli::Out;

#[derive(Subcommand, Debug)]
pub enum AllowanceCmd {
    /// Set the amounts paid to a participant category or a role
    Set {
        #[arg(long)]
        event: String,
        /// A participant category (code or name); overrides its role's rate
        #[arg(long, conflicts_with = "role", required_unless_present = "role")]
        category: Option<String>,
        /// participant, facilitator, resource_person or committee
        #[arg(long)]
        role: Option<String>,
        /// Transport per day attended, in rupiah
        #[arg(long)]
        per_day: Option<i64>,
        /// A lump sum, in rupiah
        #[arg(long)]
        lump_sum: Option<i64>,
        /// A deduction in percent (e.g. tax withheld: 5 or 2,5)
        #[arg(long)]
        deduction: Option<String>,
    },
    /// Remove the rate of a category or a role
    Remove {
        #[arg(long)]
        event: String,
        #[arg(long, conflicts_with = "role", required_unless_present = "role")]
        category: Option<String>,
        #[arg(long)]
        role: Option<String>,
    },
    /// The rates, and the receipt list they give (people, totals)
    List {
        #[arg(long)]
        event: String,
    },
    /// Who signs the receipt list, and the ceiling for one amount
    Signers {
        #[arg(long)]
        event: String,
        #[arg(long, default_value = "")]
        treasurer: String,
        #[arg(long, default_value = "")]
        treasurer_nip: String,
        /// e.g. "Pejabat Pembuat Komitmen"
        #[arg(long, default_value = "")]
        officer_role: String,
        #[arg(long, default_value = "")]
        officer: String,
        #[arg(long, default_value = "")]
        officer_nip: String,
        /// No single amount may exceed this (rupiah)
        #[arg(long, default_value_t = allowance::DEFAULT_CEILING)]
        ceiling: i64,
    },
}

#[derive(Subcommand, Debug)]
pub enum PhotoCmd {
    /// Add a photo (JPEG or PNG), shrunk and stripped of its EXIF
    Add {
        #[arg(long)]
        event: String,
        #[arg(long)]
        session: Option<String>,
        file: PathBuf,
        #[arg(long, default_value = "")]
        caption: String,
        /// The photo shows participants: the report shows it only when kept (--in-report)
        #[arg(long)]
        shows_people: bool,
    },
    /// The event's photos
    List {
        #[arg(long)]
        event: String,
    },
    /// Change a photo's caption and whether the report shows it
    Set {
        id: String,
        #[arg(long)]
        caption: String,
        #[arg(long)]
        shows_people: bool,
        #[arg(long)]
        in_report: bool,
    },
    /// Remove a photo
    Remove { id: String },
}

#[derive(Subcommand, Debug)]
pub enum ReportTextCmd {
    /// The report's background and objectives (the template's until written)
    Show {
        #[arg(long)]
        event: String,
    },
    /// Write the background and objectives (one objective per line)
    Set {
        #[arg(long)]
        event: String,
        #[arg(long)]
        background: String,
        #[arg(long)]
        objectives: String,
    },
}

fn target(category: Option<String>, role: Option<String>) -> plm_core::Result<Target> {
    match (category, role) {
        (Some(c), _) => Target::category(&c),
        (None, Some(r)) => Target::role(&r),
        (None, None) => Target::role(""),
    }
}

pub fn allowance_cmd(store: &mut Store, c: AllowanceCmd) -> plm_core::Result<Out> {
    match c {
        AllowanceCmd::Set {
            event,
            category,
            role,
            per_day,
            lump_sum,
            deduction,
        } => {
            let t = target(category, role)?;
            let rate = allowance::set_rate(
                store,
                &event,
                &t,
                &RateInput {
                    per_day,
                    lump_sum,
                    deduction_percent: deduction,
                },
            )?;
            Ok(Out {
                text: format!(
                    "{}: {} per day, {} lump sum{}",
                    rate.label,
                    plm_core::money::rupiah(rate.per_day.unwrap_or(0)),
                    plm_core::money::rupiah(rate.lump_sum.unwrap_or(0)),
                    rate.deduction_bp
                        .map(|bp| format!(", deduction {}", allowance::percent_label(bp)))
                        .unwrap_or_default()
                ),
                json: serde_json::to_value(&rate).expect("json"),
            })
        }
        AllowanceCmd::Remove {
            event,
            category,
            role,
        } => {
            let t = target(category, role)?;
            allowance::remove_rate(store, &event, &t)?;
            Ok(Out {
                text: "removed".into(),
                json: json!({"removed": true}),
            })
        }
        AllowanceCmd::List { event } => {
            let rates = allowance::rates(store, &event)?;
            let receipts = if rates.is_empty() {
                None
            } else {
                Some(allowance::receipts(store, &event)?)
            };
            let mut text: Vec<String> = rates
                .iter()
                .map(|r| {
                    format!(
                        "{} {}: {}/day, {} lump sum{}",
                        r.target_kind,
                        r.label,
                        plm_core::money::rupiah(r.per_day.unwrap_or(0)),
                        plm_core::money::rupiah(r.lump_sum.unwrap_or(0)),
                        r.deduction_bp
                            .map(|bp| format!(", -{}", allowance::percent_label(bp)))
                            .unwrap_or_default()
                    )
                })
                .collect();
            if let Some(r) = &receipts {
                text.push(format!(
                    "{} people, total {} ({})",
                    r.lines.len(),
                    plm_core::money::rupiah(r.total_net),
                    r.total_words
                ));
            }
            Ok(Out {
                text: text.join("\n"),
                json: json!({"rates": rates, "receipts": receipts}),
            })
        }
        AllowanceCmd::Signers {
            event,
            treasurer,
            treasurer_nip,
            officer_role,
            officer,
            officer_nip,
            ceiling,
        } => {
            let s = allowance::set_signers(
                store,
                &event,
                &Signers {
                    treasurer_name: treasurer,
                    treasurer_nip,
                    officer_role,
                    officer_name: officer,
                    officer_nip,
                    ceiling,
                },
            )?;
            Ok(Out {
                text: format!(
                    "treasurer {}, {} {}",
                    s.treasurer_name, s.officer_role, s.officer_name
                ),
                json: serde_json::to_value(&s).expect("json"),
            })
        }
    }
}

pub fn photo_cmd(store: &mut Store, c: PhotoCmd) -> plm_core::Result<Out> {
    match c {
        PhotoCmd::Add {
            event,
            session,
            file,
            caption,
            shows_people,
        } => {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let bytes =
                std::fs::read(&file).map_err(|e| plm_core::Error::from(e).in_file(name.clone()))?;
            let p = photos::add(
                store,
                &event,
                session.as_deref(),
                &bytes,
                &name,
                &caption,
                shows_people,
            )?;
            Ok(Out {
                text: format!("{}: {}x{}, {} bytes", p.id, p.width, p.height, p.bytes),
                json: serde_json::to_value(&p).expect("json"),
            })
        }
        PhotoCmd::List { event } => {
            let list = photos::list(store, &event)?;
            Ok(Out {
                text: list
                    .iter()
                    .map(|p| {
                        format!(
                            "{} {}x{} {}{}",
                            p.id,
                            p.width,
                            p.height,
                            p.caption,
                            if p.in_report { "" } else { " (not in report)" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                json: serde_json::to_value(&list).expect("json"),
            })
        }
        PhotoCmd::Set {
            id,
            caption,
            shows_people,
            in_report,
        } => {
            let p = photos::update(store, &id, &caption, shows_people, in_report)?;
            Ok(Out {
                text: format!("{}: {}", p.id, p.caption),
                json: serde_json::to_value(&p).expect("json"),
            })
        }
        PhotoCmd::Remove { id } => {
            photos::remove(store, &id)?;
            Ok(Out {
                text: format!("removed {id}"),
                json: json!({"removed": id}),
            })
        }
    }
}

pub fn report_text_cmd(store: &mut Store, c: ReportTextCmd, lang: Lang) -> plm_core::Result<Out> {
    let t = match c {
        ReportTextCmd::Show { event } => texts::get(store, &event, lang)?,
        ReportTextCmd::Set {
            event,
            background,
            objectives,
        } => texts::set(store, &event, &background, &objectives)?,
    };
    Ok(Out {
        text: format!("{}\n\n{}", t.background, t.objectives),
        json: serde_json::to_value(&t).expect("json"),
    })
}
