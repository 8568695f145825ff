//! The headless command line: `plm-desk [--data DIR] [--json] <command>`.
//! Exit 0 on success, 1 on a user error (one line on stderr), 2 on a usage error.

mod export;
mod hq;
mod outcomes;
mod papers;
mod sync;

use clap::{Args, Parser, Subcommand};
use plm_core::attendance::{self, CheckinInput, SignatureInput, Who};
use plm_core::backup;
use plm_core::error::Localized;
use plm_core::events::{self, Event, EventInput, Session, SessionInput};
use plm_core::participants::{self, Participant, ParticipantInput};
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
pub enum KeyCmd {
    /// Where the key is kept; whether the database and backups are encrypted
    Status,
    /// Save the recovery file (the key as a person can type it) to OUT, e.g. a USB stick
    RecoveryFile { out: PathBuf },
    /// Give this computer the key again: from a recovery file or key, or the app
    /// passphrase (read from the first line of standard input)
    #[command(group(clap::ArgGroup::new("key").required(true).args(["recovery_file", "recovery_key", "passphrase"])))]
    Unlock {
        /// A recovery file (from `key recovery-file` or `hq recover-key --out`)
        #[arg(long, conflicts_with_all = ["recovery_key", "passphrase"])]
        recovery_file: Option<PathBuf>,
        /// The recovery key as text (PLMK-…)
        #[arg(long, conflicts_with = "passphrase")]
        recovery_key: Option<String>,
        /// Read the app passphrase from standard input
        #[arg(long)]
        passphrase: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum LockCmd {
    /// Whether a passphrase is set, and after how many idle minutes the window locks
    Status,
    /// Remove the passphrase (for a forgotten one; needs this laptop's user account)
    Clear,
}

#[derive(Subcommand, Debug)]
pub enum BackupCmd {
    /// List the backups, newest first
    List,
    /// Take a backup now
    Create,
    /// Replace the database by a backup (the current file is kept aside, not deleted)
    Restore {
        /// The backup file (default: the newest good one)
        file: Option<PathBuf>,
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

#[derive(Subcommand, Debug)]
pub enum EventCmd {
    /// Create an event (it becomes the current one)
    Create(EventCreate),
    /// List events
    List,
    /// Show one event
    Show { id: String },
    /// Change fields of an event
    Update(EventUpdate),
    /// Make an event the current one
    Use { id: String },
    /// Delete an event (kept as a tombstone for headquarters)
    Delete { id: String },
    /// Keep the event's personal data until a date (YYYY-MM-DD), not before it ends
    Retention {
        id: String,
        #[arg(long)]
        until: String,
    },
}

#[derive(Args, Debug)]
pub struct EventCreate {
    #[arg(long)]
    title: String,
    /// Province code (63) or name (Kalimantan Selatan)
    #[arg(long)]
    province: String,
    /// Regency or city
    #[arg(long, visible_alias = "regency", default_value = "")]
    city: String,
    #[arg(long, default_value = "")]
    venue: String,
    /// First day, YYYY-MM-DD
    #[arg(long)]
    start: String,
    /// Number of days, 1 to 5
    #[arg(long, allow_negative_numbers = true)]
    days: i64,
    /// Wave (gelombang)
    #[arg(long, allow_negative_numbers = true)]
    wave: Option<i64>,
    #[arg(long, default_value = "")]
    organiser: String,
    /// Time zone: WIB, WITA, WIT or Asia/Jakarta, Asia/Makassar, Asia/Jayapura (default from the province)
    #[arg(long)]
    tz: Option<String>,
    /// Program year (default: the year of the start date)
    #[arg(long)]
    year: Option<i64>,
    /// Attendance per day, half_day or session
    #[arg(long)]
    attendance: Option<String>,
}

#[derive(Args, Debug)]
pub struct EventUpdate {
    id: String,
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    province: Option<String>,
    #[arg(long, visible_alias = "regency")]
    city: Option<String>,
    #[arg(long)]
    venue: Option<String>,
    #[arg(long)]
    start: Option<String>,
    #[arg(long, allow_negative_numbers = true)]
    days: Option<i64>,
    #[arg(long, allow_negative_numbers = true)]
    wave: Option<i64>,
    #[arg(long)]
    organiser: Option<String>,
    #[arg(long)]
    tz: Option<String>,
    #[arg(long)]
    year: Option<i64>,
    #[arg(long)]
    attendance: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum SessionCmd {
    /// Add a session to the agenda
    Add(SessionAdd),
    /// List the agenda of an event
    List {
        #[arg(long)]
        event: String,
    },
    /// Delete a session
    Delete { id: String },
    /// Move a session one place earlier (--up) or later (--down) on its day
    Move {
        id: String,
        #[arg(long, conflicts_with = "down", required_unless_present = "down")]
        up: bool,
        #[arg(long)]
        down: bool,
    },
}

#[derive(Args, Debug)]
pub struct SessionAdd {
    #[arg(long)]
    event: String,
    #[arg(long, allow_negative_numbers = true)]
    day: i64,
    /// Start time, 08:30
    #[arg(long)]
    start: String,
    /// End time, 10:00
    #[arg(long)]
    end: String,
    #[arg(long)]
    title: String,
    /// opening, presentation, sharing, resource_person, capacity, rtl, awards, closing, other
    #[arg(long)]
    kind: Option<String>,
    /// Facilitator (repeat for several)
    #[arg(long)]
    facilitator: Vec<String>,
    #[arg(long, default_value = "")]
    resource_person: String,
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

fn key_cmd(db: &std::path::Path, c: &KeyCmd) -> plm_core::Result<Out> {
    use plm_core::vault;
    match c {
        KeyCmd::Status => {
            let r = vault::report(db)?;
            Ok(Out {
                text: r.lines(),
                json: serde_json::to_value(&r).expect("json"),
            })
        }
        KeyCmd::RecoveryFile { out } => {
            vault::save_recovery_file(db, out)?;
            Ok(Out {
                text: format!(
                    "recovery file saved: {} (keep it apart from the laptop)",
                    out.display()
                ),
                json: json!({ "saved": out.display().to_string() }),
            })
        }
        KeyCmd::Unlock {
            recovery_file,
            recovery_key,
            passphrase,
        } => {
            let kept = if let Some(f) = recovery_file {
                let text = std::fs::read_to_string(f)
                    .map_err(|e| plm_core::Error::from(e).in_file(f.display().to_string()))?;
                vault::unlock_with_recovery(db, &text)?
            } else if let Some(k) = recovery_key {
                vault::unlock_with_recovery(db, k)?
            } else if *passphrase {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                let kept = vault::passphrase::recover(db, line.trim_end_matches(['\r', '\n']));
                line.clear();
                kept?
            } else {
                unreachable!("clap requires one of --recovery-file, --recovery-key, --passphrase")
            };
            Ok(Out {
                text: format!(
                    "the database opens again; its key is kept in the {} store",
                    kept.as_str()
                ),
                json: json!({ "unlocked": true, "key_store": kept.as_str() }),
            })
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
            let h = backup::health(store)?;
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

fn restore(dir: &std::path::Path, file: Option<PathBuf>) -> plm_core::Result<(String, String)> {
    let from = match file {
        Some(f) => f,
        None => PathBuf::from(backup::newest_good(dir)?.path),
    };
    let aside = backup::restore(dir, &from)?;
    Ok((from.display().to_string(), aside.display().to_string()))
}

fn lock_cmd(store: &mut Store, c: LockCmd) -> plm_core::Result<Out> {
    use plm_core::applock;
    if let LockCmd::Clear = c {
        applock::clear_forgotten(store)?;
    }
    let st = applock::settings(store)?;
    let text = match (&c, st.enabled) {
        (LockCmd::Clear, _) => {
            "The app passphrase is removed; the window opens without a lock.".to_string()
        }
        (_, true) => format!(
            "A passphrase is set: the window opens locked and locks after {} idle minutes.",
            st.minutes
        ),
        (_, false) => "No app passphrase is set.".to_string(),
    };
    Ok(Out {
        json: serde_json::to_value(&st).expect("json"),
        text,
    })
}

fn backup_cmd(store: &mut Store, c: BackupCmd) -> plm_core::Result<Out> {
    match c {
        BackupCmd::List => {
            let list = match store.backup_dir() {
                Some(d) => backup::list(&d)?,
                None => vec![],
            };
            let text = if list.is_empty() {
                "No backups yet.".to_string()
            } else {
                list.iter()
                    .map(|b| {
                        format!(
                            "{}  {}  {} bytes  {}",
                            b.taken_at, b.reason, b.bytes, b.path
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Ok(Out {
                json: serde_json::to_value(&list).expect("json"),
                text,
            })
        }
        BackupCmd::Create => {
            let b = backup::create(store, "manual")?;
            Ok(Out {
                text: b
                    .as_ref()
                    .map(|b| format!("backup: {}", b.path))
                    .unwrap_or_default(),
                json: serde_json::to_value(&b).expect("json"),
            })
        }
        BackupCmd::Restore { .. } => unreachable!("handled before the database opens"),
    }
}

fn checkin_cmd(store: &mut Store, a: CheckinArgs) -> plm_core::Result<Out> {
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

fn attendance_cmd(store: &mut Store, c: AttendanceCmd) -> plm_core::Result<Out> {
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

fn day_cmd(store: &mut Store, c: DayCmd) -> plm_core::Result<Out> {
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

fn roster_cmd(store: &mut Store, c: RosterCmd, lang: Lang) -> plm_core::Result<Out> {
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

fn participant_line(p: &Participant) -> String {
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

fn participants_out(list: Vec<Participant>, empty: &str) -> Out {
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

fn in_event(store: &Store, event: &str, id: &str) -> plm_core::Result<()> {
    participants::get_in(store, event, id).map(|_| ())
}

fn participant_cmd(store: &mut Store, c: ParticipantCmd) -> plm_core::Result<Out> {
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

fn event_line(e: &Event) -> String {
    format!(
        "{}  {}  {} ({} {}), {} day(s) from {} {}",
        e.id,
        e.title,
        e.province_name,
        e.province_code,
        e.regency_name,
        e.days,
        e.start_date,
        e.zone_label
    )
}

fn event_out(e: Event) -> Out {
    Out {
        text: event_line(&e),
        json: serde_json::to_value(&e).expect("json"),
    }
}

fn event_cmd(store: &mut Store, c: EventCmd) -> plm_core::Result<Out> {
    match c {
        EventCmd::Create(a) => {
            let input = EventInput {
                title: a.title,
                program_year: a.year,
                province: a.province,
                regency: a.city,
                venue: a.venue,
                start_date: a.start,
                days: a.days,
                wave: a.wave,
                organiser: a.organiser,
                timezone: a.tz,
                attendance_mode: a.attendance,
            };
            let e = plm_core::desk::create_event_and_choose(store, &input)?;
            Ok(event_out(e))
        }
        EventCmd::List => {
            let list = events::list(store)?;
            let text = if list.is_empty() {
                "No events yet. Create one with: plm-desk event create --help".to_string()
            } else {
                list.iter().map(event_line).collect::<Vec<_>>().join("\n")
            };
            Ok(Out {
                json: serde_json::to_value(&list).expect("json"),
                text,
            })
        }
        EventCmd::Show { id } => Ok(event_out(events::get(store, &id)?)),
        EventCmd::Use { id } => Ok(event_out(events::set_current(store, &id)?)),
        EventCmd::Retention { id, until } => {
            Ok(event_out(events::set_retention(store, &id, &until)?))
        }
        EventCmd::Delete { id } => {
            events::delete(store, &id)?;
            Ok(Out {
                json: json!({"deleted": id}),
                text: format!("deleted {id}"),
            })
        }
        EventCmd::Update(a) => {
            let old = events::get(store, &a.id)?;
            let input = EventInput {
                title: a.title.unwrap_or(old.title),
                program_year: Some(a.year.unwrap_or(old.program_year)),
                province: a.province.unwrap_or(old.province_code),
                regency: a.city.unwrap_or(old.regency_name),
                venue: a.venue.unwrap_or(old.venue),
                start_date: a.start.unwrap_or(old.start_date),
                days: a.days.unwrap_or(old.days),
                wave: a.wave.or(old.wave),
                organiser: a.organiser.unwrap_or(old.organiser),
                timezone: Some(a.tz.unwrap_or(old.timezone)),
                attendance_mode: Some(
                    a.attendance
                        .unwrap_or_else(|| old.attendance_mode.code().to_string()),
                ),
            };
            Ok(event_out(events::update(store, &a.id, &input)?))
        }
    }
}

fn session_line(s: &Session) -> String {
    format!(
        "{}  day {}  {}-{}  {}  [{}]  {}",
        s.id, s.day, s.start, s.end, s.title, s.kind, s.facilitators
    )
}

fn sessions_out(list: Vec<Session>) -> Out {
    let text = if list.is_empty() {
        "No sessions yet. Add one with: plm-desk session add --help".to_string()
    } else {
        list.iter().map(session_line).collect::<Vec<_>>().join("\n")
    };
    Out {
        json: serde_json::to_value(&list).expect("json"),
        text,
    }
}

fn session_cmd(store: &mut Store, c: SessionCmd) -> plm_core::Result<Out> {
    match c {
        SessionCmd::Add(a) => {
            let input = SessionInput {
                day: a.day,
                start: a.start,
                end: a.end,
                title: a.title,
                kind: a.kind,
                facilitators: a.facilitator.join(", "),
                resource_person: a.resource_person,
            };
            let s = events::add_session(store, &a.event, &input)?;
            Ok(Out {
                text: session_line(&s),
                json: serde_json::to_value(&s).expect("json"),
            })
        }
        SessionCmd::List { event } => Ok(sessions_out(events::list_sessions(store, &event)?)),
        SessionCmd::Delete { id } => {
            events::delete_session(store, &id)?;
            Ok(Out {
                json: json!({"deleted": id}),
                text: format!("deleted {id}"),
            })
        }
        SessionCmd::Move { id, up, down: _ } => {
            Ok(sessions_out(events::move_session(store, &id, up)?))
        }
    }
}
