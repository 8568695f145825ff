//! The headless command line: `plm-desk [--data DIR] [--json] <command>`.
//! Exit 0 on success, 1 on a user error (one line on stderr), 2 on a usage error.

mod backup;
mod desk;
mod events;
mod export;
mod hq;
mod outcomes;
mod papers;
mod participants;
mod sync;
mod vault;

use backup::*;
use desk::*;
use events::*;
use participants::*;
use vault::*;

use clap::{Args, Parser, Subcommand};
use plm_core::attendance::{self, CheckinInput, SignatureInput, Who};
use plm_core::error::Localized;
use plm_core::events::{Event, EventInput, Session, SessionInput};
use plm_core::participants::{Participant, ParticipantInput};
use plm_core::roster;
use plm_core::{settings, Lang, Store};
use serde_json::{json, Value};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "plm-desk",
    version,
    about = "PLM Desk: run a Peer Learning Meeting offline.",
    long_about = "PLM Desk: run a Peer Learning Meeting offline.\n\nWithout a command it opens the window. \
                  With a command it works headless on the same database, for headquarters' scripts and tests."
)]
pub struct Cli {
    /// Folder holding the database (default: the app's data folder)
    #[arg(long, global = true, env = "PLM_DESK_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Print machine-readable JSON
    #[arg(long, global = true)]
    pub json: bool,
    /// Language of messages: id or en (default: the app's setting)
    #[arg(long, global = true, value_name = "id|en", value_parser = ["id", "en"])]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create, list, show and edit events
    #[command(subcommand)]
    Event(EventCmd),
    /// The agenda: sessions per day
    #[command(subcommand)]
    Session(SessionCmd),
    /// Import a participant list (CSV, XLSX, XLS, ODS)
    #[command(subcommand)]
    Roster(RosterCmd),
    /// Participants: add, list, search, remove, erase on request
    #[command(subcommand)]
    Participant(ParticipantCmd),
    /// Check a participant in (exit 0 also when already checked in)
    Checkin(CheckinArgs),
    /// Attendance of a day or session
    #[command(subcommand)]
    Attendance(AttendanceCmd),
    /// Close (seal) or reopen a day
    #[command(subcommand)]
    Day(DayCmd),
    /// Backups of the database: list, create, restore
    #[command(subcommand)]
    Backup(BackupCmd),
    /// Follow-up plans (RTL): add items, list, change status
    #[command(subcommand)]
    Plan(crate::cli::outcomes::PlanCmd),
    /// Learning notes per session
    #[command(subcommand)]
    Note(crate::cli::outcomes::NoteCmd),
    /// Awards: categories, nominees, criteria, judges, scores, decision
    #[command(subcommand)]
    Award(crate::cli::outcomes::AwardCmd),
    /// Allowances paid at the event (for the receipt list): rates, signers
    #[command(subcommand)]
    Allowance(crate::cli::papers::AllowanceCmd),
    /// Photos of the event for the activity report
    #[command(subcommand)]
    Photo(crate::cli::papers::PhotoCmd),
    /// The activity report's background and objectives
    #[command(subcommand)]
    ReportText(crate::cli::papers::ReportTextCmd),
    /// Reports: attendance sheets, plans, badges, certificates, summary, agenda, receipt
    /// list, activity report, the SPJ bundle
    #[command(subcommand)]
    Export(crate::cli::export::ExportCmd),
    /// The data file for headquarters: export, import (merge), keys
    #[command(subcommand)]
    Sync(crate::cli::sync::SyncCmd),
    /// Headquarters: key pair and its backup, planned PLMs, receiving venue files, the
    /// national picture and report
    #[command(subcommand)]
    Hq(crate::cli::hq::HqCmd),
    /// Event kits: made by headquarters for a planned PLM, opened at the venue
    #[command(subcommand)]
    Kit(crate::cli::hq::KitCmd),
    /// The app passphrase that locks the window: status, or turn it off if forgotten
    #[command(subcommand)]
    Lock(LockCmd),
    /// Check this computer's data: the database's whole-file integrity, schema, backups
    Doctor,
    /// The database key: where it is kept, a recovery file, opening with a recovery key
    /// or the app passphrase when this computer lost it
    #[command(subcommand)]
    Key(KeyCmd),
    /// Measure search, check-in and import on generated data (in a temporary folder)
    #[cfg(dev_tools)]
    Bench {
        #[arg(long, default_value_t = 5000)]
        participants: usize,
        #[arg(long, default_value_t = 2000)]
        rows: usize,
        /// Only one part, while working on it: `hq` (receiving venue files, the
        /// dashboard, the workbook) or `pdf` (the attendance sheet); prints its details
        #[arg(long)]
        part: Option<String>,
    },
}

/// The result of a command: JSON for `--json`, text for people.
pub(crate) struct Out {
    pub json: Value,
    pub text: String,
}

/// Print a result. A reader that went away (`plm-desk … | head`) ends the command
/// quietly: a closed pipe is not an error of ours, and must never be a panic.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}").and_then(|_| out.flush());
}

pub fn run(args: Cli) -> i32 {
    // the language the user asked for on the command line, resolved once
    let flag_lang = args.lang.as_deref().and_then(Lang::parse);
    #[cfg(dev_tools)]
    if let Some(Command::Bench {
        participants,
        rows,
        part,
    }) = args.command
    {
        if let Some(part) = part {
            return match crate::bench::part(&part) {
                Ok(v) => {
                    emit(&serde_json::to_string_pretty(&v).expect("json"));
                    0
                }
                Err(e) => {
                    eprintln!("plm-desk: {} [{}]", e.message(Lang::En), e.code());
                    1
                }
            };
        }
        // works in its own temporary folder, never on the user's database
        return match crate::bench::run(participants.max(rows).max(10), rows.max(1)) {
            Ok(v) => {
                if args.json {
                    // `{"rows": [...], "detail": {...}}`: rows are the contract
                    emit(&serde_json::to_string_pretty(&v).expect("json"));
                } else {
                    emit(&crate::bench::table(&v));
                }
                0
            }
            Err(e) => {
                eprintln!("plm-desk: {} [{}]", e.message(Lang::En), e.code());
                1
            }
        };
    }
    let dir = args.data.clone().unwrap_or_else(crate::default_data_dir);
    crate::logging::init(&dir);
    if let Some(Command::Backup(BackupCmd::Restore { file })) = &args.command {
        // the database must not be open while it is replaced
        let lang = flag_lang.unwrap_or_default();
        return match restore(&dir, file.clone()) {
            Ok((from, aside)) => {
                if args.json {
                    emit(&json!({"restored_from": from, "previous_kept_at": aside}).to_string());
                } else {
                    emit(&format!(
                        "restored from {from}; the previous database is kept at {aside}"
                    ));
                }
                0
            }
            Err(e) => {
                eprintln!("plm-desk: {} [{}]", e.message(lang), e.code());
                1
            }
        };
    }
    if let Some(Command::Key(c)) = &args.command {
        // the key is what opens the database: these work without opening it
        let lang = flag_lang.unwrap_or_default();
        return finish(
            key_cmd(&dir.join(plm_core::db::DB_FILE), c),
            args.json,
            lang,
        );
    }
    let mut store = match plm_core::desk::open_for_command(&dir.join(plm_core::db::DB_FILE)) {
        Ok(s) => s,
        Err(e) => {
            let lang = flag_lang.unwrap_or_default();
            eprintln!("plm-desk: {} [{}]", e.message(lang), e.code());
            return 1;
        }
    };
    let lang = flag_lang.unwrap_or_else(|| settings::language(&store));
    let command = args.command.expect("a command");
    finish(execute(&mut store, command, lang), args.json, lang)
}

/// Print a command's answer (JSON or text) or its error (one line, or the JSON payload
/// with `--json`); the exit code.
fn finish(result: plm_core::Result<Out>, json: bool, lang: Lang) -> i32 {
    match result {
        Ok(out) => {
            if json {
                emit(&serde_json::to_string_pretty(&out.json).expect("json"));
            } else if !out.text.is_empty() {
                emit(out.text.trim_end());
            }
            0
        }
        Err(e) => {
            log::warn!("command failed: {}", e.code());
            if json {
                eprintln!("{}", serde_json::to_string(&e.payload(lang)).expect("json"));
            } else {
                eprintln!("plm-desk: {} [{}]", e.message(lang), e.code());
            }
            1
        }
    }
}

fn execute(store: &mut Store, command: Command, lang: Lang) -> plm_core::Result<Out> {
    match command {
        Command::Event(c) => event_cmd(store, c),
        Command::Session(c) => session_cmd(store, c),
        Command::Roster(c) => roster_cmd(store, c, lang),
        Command::Participant(c) => participant_cmd(store, c),
        Command::Checkin(a) => checkin_cmd(store, a),
        Command::Attendance(c) => attendance_cmd(store, c),
        Command::Day(c) => day_cmd(store, c),
        #[cfg(dev_tools)]
        Command::Bench { .. } => unreachable!("handled before the database opens"),
        Command::Key(_) => unreachable!("handled before the database opens"),
        Command::Backup(c) => backup_cmd(store, c),
        Command::Lock(c) => lock_cmd(store, c),
        Command::Doctor => {
            let h = plm_core::backup::health(store)?;
            let text = format!(
                "database: {}\nschema: version {} of {}\nintegrity: {}\nbackups: {}{}\n{}",
                h.database.as_deref().unwrap_or("(in memory)"),
                h.schema_version,
                h.schema_version_latest,
                h.integrity,
                h.backups,
                h.newest_backup
                    .as_deref()
                    .map(|b| format!(" (newest: {b})"))
                    .unwrap_or_default(),
                h.at_rest.lines()
            );
            Ok(Out {
                json: serde_json::to_value(&h).expect("json"),
                text,
            })
        }
        Command::Plan(c) => crate::cli::outcomes::plan_cmd(store, c, lang),
        Command::Note(c) => crate::cli::outcomes::note_cmd(store, c, lang),
        Command::Award(c) => crate::cli::outcomes::award_cmd(store, c),
        Command::Allowance(c) => crate::cli::papers::allowance_cmd(store, c),
        Command::Photo(c) => crate::cli::papers::photo_cmd(store, c),
        Command::ReportText(c) => crate::cli::papers::report_text_cmd(store, c, lang),
        Command::Export(c) => crate::cli::export::export_cmd(store, c, lang),
        Command::Sync(c) => crate::cli::sync::sync_cmd(store, c),
        Command::Hq(c) => crate::cli::hq::hq_cmd(store, c, lang),
        Command::Kit(c) => crate::cli::hq::kit_cmd(store, c, lang),
    }
}
