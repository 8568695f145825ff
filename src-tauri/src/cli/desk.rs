//! The desk: check-in, a day's or session's attendance, closing and reopening a day.

use super::*;
use plm_core::events;

#[derive(Args, Debug)]
pub struct CheckinArgs {
    #[arg(long)]
    event: String,
    /// Badge code (as typed or scanned)
    #[arg(
        long,
        conflicts_with = "participant",
        required_unless_present = "participant"
    )]
    code: Option<String>,
    /// Participant id
    #[arg(long)]
    participant: Option<String>,
    /// Day number (default: today at the venue)
    #[arg(long, conflicts_with = "session")]
    day: Option<i64>,
    /// Session id (events that take attendance per session)
    #[arg(long)]
    session: Option<String>,
    /// am or pm (events that take attendance per half day)
    #[arg(long)]
    half: Option<String>,
    /// A PNG signature image
    #[arg(long)]
    signature: Option<PathBuf>,
    /// desk (default) or paper
    #[arg(long, default_value = "desk")]
    source: String,
    /// Reference of the paper sheet (with --source paper)
    #[arg(long)]
    sheet: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum AttendanceCmd {
    /// Everyone with their check-in for a day or session
    List {
        #[arg(long)]
        event: String,
        #[arg(long, conflicts_with = "session")]
        day: Option<i64>,
        #[arg(long)]
        session: Option<String>,
        #[arg(long)]
        half: Option<String>,
    },
    /// Remove a check-in as a correction (the reason goes to the audit log)
    Remove {
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// The audit log of an event
    Log {
        #[arg(long)]
        event: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum DayCmd {
    /// Close a day: show its counts, back up the database, lock its attendance
    Close {
        #[arg(long)]
        event: String,
        #[arg(long)]
        day: i64,
    },
    /// Reopen a closed day (the reason goes to the audit log)
    Reopen {
        #[arg(long)]
        event: String,
        #[arg(long)]
        day: i64,
        #[arg(long)]
        reason: String,
    },
}

pub(super) fn checkin_cmd(store: &mut Store, a: CheckinArgs) -> plm_core::Result<Out> {
    let who = match (a.code, a.participant) {
        (Some(c), _) => Who::Code(c),
        (None, Some(id)) => Who::Id(id),
        (None, None) => unreachable!("clap requires one"),
    };
    let signature = match a.signature {
        Some(path) => Some(SignatureInput {
            png: std::fs::read(path)?,
            strokes: None,
        }),
        None => None,
    };
    let input = CheckinInput {
        who,
        day: a.day,
        session_id: a.session,
        half: a.half,
        source: attendance::CheckinSource::parse(&a.source)?,
        sheet_ref: a.sheet,
        signature,
    };
    let r = attendance::checkin(store, &a.event, input)?;
    let text = format!(
        "{}: {} ({}) at {}",
        if r.status == "checked_in" {
            "checked in"
        } else {
            "already checked in"
        },
        r.participant.name,
        r.participant.code,
        r.at_local
    );
    Ok(Out {
        json: json!({"status": r.status, "participant": r.participant, "at": r.at, "at_local": r.at_local, "attendance": r.attendance}),
        text,
    })
}

pub(super) fn attendance_cmd(store: &mut Store, c: AttendanceCmd) -> plm_core::Result<Out> {
    match c {
        AttendanceCmd::List {
            event,
            day,
            session,
            half,
        } => {
            let ev = events::get(store, &event)?;
            let slot = attendance::slot_for(
                store,
                &ev,
                day,
                session.as_deref(),
                half.as_deref(),
                chrono::Utc::now(),
            )?;
            let rows = attendance::list(store, &event, &slot.key)?;
            let count = attendance::count(store, &event, &slot.key)?;
            let mut text = format!(
                "day {} ({}), slot {}: {} of {} present",
                slot.day, slot.date, slot.key, count.present, count.expected
            );
            for r in &rows {
                text.push_str(&format!(
                    "\n{}  {}  {}",
                    r.participant.code,
                    r.participant.name,
                    r.attendance
                        .as_ref()
                        .map(|a| format!(
                            "{} {}{}",
                            a.at_local,
                            a.source,
                            if a.signed { " signed" } else { "" }
                        ))
                        .unwrap_or_else(|| "-".into())
                ));
            }
            Ok(Out {
                json: json!({"slot": slot, "present": count.present, "expected": count.expected, "rows": rows}),
                text,
            })
        }
        AttendanceCmd::Remove { id, reason } => {
            attendance::correct_remove(store, &id, &reason)?;
            Ok(Out {
                json: json!({"removed": id}),
                text: format!("removed check-in {id}"),
            })
        }
        AttendanceCmd::Log { event } => {
            events::get(store, &event)?;
            let log = attendance::audit_log(store, &event)?;
            let text = log
                .iter()
                .map(|a| {
                    format!(
                        "{}  {}  {}  {}",
                        a.at,
                        a.actor,
                        a.action,
                        a.reason.as_deref().unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Out {
                json: serde_json::to_value(&log).expect("json"),
                text,
            })
        }
    }
}

pub(super) fn day_cmd(store: &mut Store, c: DayCmd) -> plm_core::Result<Out> {
    match c {
        DayCmd::Close { event, day } => {
            let s = attendance::close_day(store, &event, day)?;
            let mut text = format!(
                "day {} ({}) closed: {} of {} present ({} L, {} P)",
                s.day, s.date, s.present, s.expected, s.male, s.female
            );
            for c in &s.by_category {
                text.push_str(&format!(
                    "\n  {}: {} (L {}, P {})",
                    c.label, c.total, c.l, c.p
                ));
            }
            if !s.absent.is_empty() {
                text.push_str(&format!(
                    "\nabsent: {}",
                    s.absent
                        .iter()
                        .map(|p| p.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if let Some(b) = &s.backup {
                text.push_str(&format!("\nbackup: {b}"));
            }
            Ok(Out {
                json: serde_json::to_value(&s).expect("json"),
                text,
            })
        }
        DayCmd::Reopen { event, day, reason } => {
            attendance::reopen_day(store, &event, day, &reason)?;
            Ok(Out {
                json: json!({"reopened": day}),
                text: format!("day {day} reopened"),
            })
        }
    }
}
