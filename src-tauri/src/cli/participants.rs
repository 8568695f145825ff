//! Participants: rosters read from a spreadsheet, added one by one, listed, searched, removed, erased on request.

use super::*;
use plm_core::events;
use plm_core::participants;

#[derive(Subcommand, Debug)]
pub enum RosterCmd {
    /// Import a roster file into an event (exit 1 on a fatal error; nothing written then)
    Import {
        file: PathBuf,
        #[arg(long)]
        event: String,
        /// Report what would happen without writing anything
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ParticipantCmd {
    /// Add one participant (refused if the person is already registered)
    Add(ParticipantAdd),
    /// List the participants of an event
    List {
        #[arg(long)]
        event: String,
    },
    /// Search by name, badge code, institution or regency
    Search {
        #[arg(long)]
        event: String,
        query: String,
    },
    /// Remove a participant (a tombstone that reaches headquarters)
    Remove {
        #[arg(long)]
        event: String,
        id: String,
    },
    /// Erase a participant's personal data on request (attendance counts are kept)
    Erase {
        #[arg(long)]
        event: String,
        id: String,
    },
    /// Erase the personal data of every participant (after the retention date)
    EraseAll {
        #[arg(long)]
        event: String,
    },
    /// Whether the retention date has passed and erasure is offered
    Retention {
        #[arg(long)]
        event: String,
    },
    /// Record the participant's answer to the consent text
    Consent {
        #[arg(long)]
        event: String,
        id: String,
        #[arg(
            long,
            conflicts_with = "declined",
            required_unless_present = "declined"
        )]
        given: bool,
        #[arg(long)]
        declined: bool,
        /// Who recorded it
        #[arg(long, default_value = "")]
        by: String,
    },
}

#[derive(Args, Debug)]
pub struct ParticipantAdd {
    #[arg(long)]
    event: String,
    #[arg(long)]
    name: String,
    /// L or P
    #[arg(long, default_value = "")]
    gender: String,
    #[arg(long, default_value = "")]
    category: String,
    #[arg(long, default_value = "")]
    institution: String,
    #[arg(long, default_value = "")]
    position: String,
    #[arg(long, visible_alias = "city", default_value = "")]
    regency: String,
    #[arg(long, default_value = "")]
    village: String,
    #[arg(long, default_value = "")]
    nip: String,
    #[arg(long, default_value = "")]
    phone: String,
    #[arg(long, default_value = "")]
    email: String,
    /// Registered at the venue, not on the list
    #[arg(long)]
    walk_in: bool,
}

pub(super) fn roster_cmd(store: &mut Store, c: RosterCmd, lang: Lang) -> plm_core::Result<Out> {
    match c {
        RosterCmd::Import {
            file,
            event,
            dry_run,
        } => {
            let bytes = std::fs::read(&file)?;
            let r = roster::import(store, &event, &bytes, None, dry_run, lang)?;
            let mut text = format!(
                "{}{} imported, {} updated, {} duplicates, {} rejected, {} warnings",
                if dry_run {
                    "(dry run, nothing written) "
                } else {
                    ""
                },
                r.imported,
                r.updated,
                r.duplicates.len(),
                r.rejected.len(),
                r.warnings.len()
            );
            for d in &r.duplicates {
                text.push_str(&format!(
                    "\nline {}: duplicate of {}",
                    d.line,
                    d.same_as_line
                        .map(|l| format!("line {l}"))
                        .unwrap_or_else(|| "a participant already in the event".into())
                ));
            }
            for x in &r.rejected {
                text.push_str(&format!("\nline {}: rejected: {}", x.line, x.reason));
            }
            for w in &r.warnings {
                text.push_str(&format!(
                    "\nline {}, column {}: {:?}: {}",
                    w.line, w.column, w.value, w.reason
                ));
            }
            if !r.unknown_columns.is_empty() {
                text.push_str(&format!(
                    "\nunknown columns (ignored): {}",
                    r.unknown_columns.join(", ")
                ));
            }
            Ok(Out {
                json: serde_json::to_value(&r).expect("json"),
                text,
            })
        }
    }
}

pub(super) fn participant_line(p: &Participant) -> String {
    format!(
        "{}  {}  {}  {}  {}  {}  {}",
        p.code,
        if p.erased { "[erased]" } else { &p.name },
        p.gender.as_deref().unwrap_or("-"),
        p.category_label,
        p.institution,
        p.regency,
        p.phone.as_deref().unwrap_or("")
    )
}

pub(super) fn participants_out(list: Vec<Participant>, empty: &str) -> Out {
    let text = if list.is_empty() {
        empty.to_string()
    } else {
        list.iter()
            .map(participant_line)
            .collect::<Vec<_>>()
            .join("\n")
    };
    Out {
        json: serde_json::to_value(&list).expect("json"),
        text,
    }
}

pub(super) fn in_event(store: &Store, event: &str, id: &str) -> plm_core::Result<()> {
    participants::get_in(store, event, id).map(|_| ())
}

pub(super) fn participant_cmd(store: &mut Store, c: ParticipantCmd) -> plm_core::Result<Out> {
    match c {
        ParticipantCmd::Add(a) => {
            let input = ParticipantInput {
                name: a.name,
                gender: a.gender,
                category: a.category,
                institution: a.institution,
                position: a.position,
                regency: a.regency,
                village: a.village,
                nip: a.nip,
                phone: a.phone,
                email: a.email,
                disability: String::new(),
            };
            let p = participants::add(
                store,
                &a.event,
                &input,
                if a.walk_in { "walk_in" } else { "manual" },
            )?;
            Ok(Out {
                text: participant_line(&p),
                json: serde_json::to_value(&p).expect("json"),
            })
        }
        ParticipantCmd::List { event } => Ok(participants_out(
            participants::list(store, &event)?,
            "No participants yet. Import a roster with: plm-desk roster import FILE --event ID",
        )),
        ParticipantCmd::Search { event, query } => {
            events::get(store, &event)?;
            Ok(participants_out(
                participants::search(store, &event, &query, 50)?,
                "No match.",
            ))
        }
        ParticipantCmd::Remove { event, id } => {
            in_event(store, &event, &id)?;
            participants::remove(store, &id)?;
            Ok(Out {
                json: json!({"removed": id}),
                text: format!("removed {id}"),
            })
        }
        ParticipantCmd::Erase { event, id } => {
            in_event(store, &event, &id)?;
            let p = participants::erase(store, &id)?;
            Ok(Out {
                text: format!("erased the personal data of {}", p.code),
                json: serde_json::to_value(&p).expect("json"),
            })
        }
        ParticipantCmd::Retention { event } => {
            let r = participants::retention(store, &event, chrono::Utc::now())?;
            let text = match &r {
                participants::Retention::NotDue => "retention: not due".to_string(),
                participants::Retention::Due { until, people } => {
                    format!("retention: kept until {until}; {people} people may be erased")
                }
                participants::Retention::DueButRecent { until, people, recent } => format!(
                    "retention: kept until {until}; {recent} of {people} people were entered in the last {} days, so erasure is not offered",
                    participants::RECENT_DAYS
                ),
            };
            Ok(Out {
                json: serde_json::to_value(&r).expect("json"),
                text,
            })
        }
        ParticipantCmd::EraseAll { event } => {
            let n = participants::erase_all(store, &event)?;
            Ok(Out {
                json: json!({"erased": n}),
                text: format!("erased the personal data of {n} participants"),
            })
        }
        ParticipantCmd::Consent {
            event,
            id,
            given,
            declined: _,
            by,
        } => {
            in_event(store, &event, &id)?;
            let p = participants::record_consent(store, &id, given, &by)?;
            Ok(Out {
                text: participant_line(&p),
                json: serde_json::to_value(&p).expect("json"),
            })
        }
    }
}
