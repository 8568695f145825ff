//! `plm-desk hq …` (headquarters: key, plans, receiving files, the national picture) and
//! `plm-desk kit …` (event kits: made at headquarters, opened at the venue). Each command
//! reads its arguments, calls one `plm_core::hq` use case and shapes the output.

use clap::Subcommand;
use plm_core::hq::{self, dashboard::Filter, kit, people, plans};
use plm_core::{Lang, Store};
use serde_json::json;
use std::path::{Path, PathBuf};

use crate::cli::Out;

#[derive(Subcommand, Debug)]
pub enum HqCmd {
    /// Create headquarters' key pair once: hq-identity.txt (the secret, as a backup file)
    /// and hq-public-key.txt in DIR; refused if this database already keeps a key
    Init {
        #[arg(long)]
        out: PathBuf,
    },
    /// Headquarters' public key and whether its backup was saved
    Key,
    /// Save the secret key's backup file (keep it on a USB stick)
    BackupKey {
        #[arg(long)]
        out: PathBuf,
    },
    /// Take headquarters' key from a backup file (a second headquarters computer)
    RestoreKey { file: PathBuf },
    /// Give back a laptop's database key: FILE is its plm-desk.sqlite3.keys.json, or
    /// its database or a backup (every laptop key received in data files is tried)
    RecoverKey {
        file: PathBuf,
        /// Also save it as a recovery file (for the laptop's USB stick)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Planned PLMs: add, import from a spreadsheet, list with their state
    #[command(subcommand)]
    Plan(PlanCmd),
    /// Receive venue files: each checked; a bad one is named and the others go in
    Receive {
        files: Vec<PathBuf>,
        /// Take files whose clocks are wrong (recorded)
        #[arg(long)]
        accept_clock: bool,
    },
    /// The national picture (filters optional)
    Dashboard {
        #[arg(long)]
        year: Option<i64>,
        #[arg(long)]
        wave: Option<i64>,
        #[arg(long)]
        province: Option<String>,
    },
    /// Probable same people across venues, and headquarters' decisions
    People,
    /// Decide whether two participants are the same person (kept here, never sent)
    Decide {
        a: String,
        b: String,
        /// same or different
        decision: String,
    },
    /// The national report: tidy CSV, the analysts' XLSX workbook, or the summary PDF
    Report {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        year: Option<i64>,
        #[arg(long)]
        wave: Option<i64>,
        #[arg(long)]
        province: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum PlanCmd {
    /// Plan one PLM
    Add {
        /// Province code or name
        #[arg(long)]
        province: String,
        #[arg(long, default_value = "")]
        title: String,
        #[arg(long)]
        start: String,
        #[arg(long, default_value_t = 3)]
        days: i64,
        #[arg(long)]
        wave: Option<i64>,
        #[arg(long, default_value = "")]
        city: String,
        #[arg(long, default_value = "")]
        venue: String,
        /// A master trainer (repeat for more)
        #[arg(long = "trainer")]
        trainers: Vec<String>,
    },
    /// Plans from a spreadsheet (Provinsi, Judul, Tanggal mulai, Hari, Gelombang, Kota,
    /// Tempat, Master trainer)
    Import {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// Every plan with its state (planned, kit_sent, received, updated, overdue) and the
    /// events that arrived without a plan (unplanned)
    List,
    /// Remove a plan (what arrived for it stays)
    Remove { id: String },
    /// Attach an unplanned event that arrived to a plan
    Attach {
        id: String,
        #[arg(long)]
        event: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum KitCmd {
    /// Save a planned PLM's event kit (headquarters)
    Make {
        #[arg(long)]
        plan: String,
        /// A participant list to include (CSV, XLSX, XLS, ODS)
        #[arg(long)]
        roster: Option<PathBuf>,
        /// An event kept here whose agenda is the template
        #[arg(long)]
        agenda_from: Option<String>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Open an event kit (venue): the event, agenda and roster, headquarters' key set
    Open {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
}

fn read(f: &Path) -> plm_core::Result<Vec<u8>> {
    std::fs::read(f).map_err(|e| plm_core::Error::from(e).in_file(f.display().to_string()))
}

fn filter(year: Option<i64>, wave: Option<i64>, province: Option<String>) -> Filter {
    Filter {
        year,
        wave,
        province: province
            .and_then(|p| plm_core::places::find_province(&p).map(|p| p.code.to_string())),
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).expect("json")
}

pub fn hq_cmd(store: &mut Store, c: HqCmd, lang: Lang) -> plm_core::Result<Out> {
    match c {
        HqCmd::Init { out } => {
            let secret_path = out.join("hq-identity.txt");
            if secret_path.exists() {
                return Err(hq::HqError::KeyFileExists(secret_path.display().to_string()).into());
            }
            // refused before any file is written when a key is kept here already
            let (info, _) = hq::keys::create(store)?;
            std::fs::create_dir_all(&out)?;
            let text = hq::keys::backup_text(store)?;
            write_new_private(&secret_path, &text)?;
            hq::keys::record_backup(store)?;
            std::fs::write(
                out.join("hq-public-key.txt"),
                hq::keys::public_key_text(store)?,
            )?;
            Ok(Out {
                text: format!(
                    "headquarters' public key (give this to facilitators): {}\nsecret key: {} (kept in this app too)",
                    info.public_key,
                    secret_path.display()
                ),
                json: json!({"public_key": info.public_key, "identity_file": secret_path}),
            })
        }
        HqCmd::Key => {
            let k = hq::keys::info(store)?.ok_or(hq::HqError::NoKey)?;
            Ok(Out {
                text: format!(
                    "{}\nbackup saved: {}",
                    k.public_key,
                    k.backup_saved_at.as_deref().unwrap_or("never")
                ),
                json: to_json(&k),
            })
        }
        HqCmd::BackupKey { out } => {
            let k = hq::keys::save_backup(store, &out)?;
            Ok(Out {
                text: format!("{}: headquarters' key backup saved", out.display()),
                json: json!({"path": out, "public_key": k.public_key, "backup_saved_at": k.backup_saved_at}),
            })
        }
        HqCmd::RestoreKey { file } => {
            let k = hq::keys::restore(store, &read(&file)?)
                .map_err(|e| e.in_file(file.display().to_string()))?;
            Ok(Out {
                text: format!("headquarters' key taken from the backup: {}", k.public_key),
                json: to_json(&k),
            })
        }
        HqCmd::RecoverKey { file, out } => {
            let r = plm_core::hq::escrow::recover(store, &file)
                .map_err(|e| e.in_file(file.display().to_string()))?;
            if let Some(out) = &out {
                let key = plm_core::vault::DbKey::parse_recovery(&r.recovery_key)?;
                let label = r
                    .device_id
                    .clone()
                    .unwrap_or_else(|| file.display().to_string());
                plm_core::vault::write_recovery_file(out, &key, &label)?;
            }
            Ok(Out {
                text: format!(
                    "{}\n(device {}; type it on the laptop's \"cannot open the database\" screen, or `plm-desk key unlock --recovery-file`)",
                    r.recovery_key,
                    r.device_id.as_deref().unwrap_or("unknown")
                ),
                json: to_json(&r),
            })
        }
        HqCmd::Plan(p) => plan_cmd(store, p, lang),
        HqCmd::Receive {
            files,
            accept_clock,
        } => {
            let mut batch = Vec::with_capacity(files.len());
            for f in &files {
                batch.push((f.display().to_string(), read(f)?));
            }
            let r = hq::receive::receive(store, &batch, accept_clock, lang, &mut |_| {})?;
            let text = r
                .files
                .iter()
                .map(|f| match (&f.message, &f.report) {
                    (Some(m), _) => format!("refused  {m}"),
                    (None, Some(rep)) if f.outcome == hq::receive::Outcome::NothingNew => {
                        format!("nothing new  {}: {}", f.file, rep.event_title)
                    }
                    (None, Some(rep)) => format!(
                        "imported  {}: {} ({} added, {} updated, {} removed)",
                        f.file, rep.event_title, rep.added, rep.updated, rep.deleted
                    ),
                    _ => f.file.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Out {
                text,
                json: to_json(&r),
            })
        }
        HqCmd::Dashboard {
            year,
            wave,
            province,
        } => {
            let d = hq::dashboard::dashboard(store, &filter(year, wave, province))?;
            Ok(Out {
                text: format!(
                    "{} events, {} participants; {}",
                    d.events,
                    d.participants,
                    d.days
                        .iter()
                        .map(|r| format!("day {}: {}/{}", r.day, r.present, r.expected))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                json: to_json(&d),
            })
        }
        HqCmd::People => {
            let pairs = people::pairs(store)?;
            let text = pairs
                .iter()
                .map(|p| {
                    format!(
                        "{} ({}) ~ {} ({}) [{}] {}",
                        p.a.name,
                        p.a.province,
                        p.b.name,
                        p.b.province,
                        p.reason,
                        match p.decision {
                            Some(people::Decision::Same) => "same",
                            Some(people::Decision::Different) => "different",
                            None => "undecided",
                        }
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Out {
                text,
                json: to_json(&pairs),
            })
        }
        HqCmd::Decide { a, b, decision } => {
            people::decide(store, &a, &b, people::Decision::parse(&decision)?)?;
            Ok(Out {
                text: format!("{a} / {b}: {decision}"),
                json: json!({"a": a, "b": b, "decision": decision}),
            })
        }
        HqCmd::Report {
            out,
            year,
            wave,
            province,
        } => {
            let f = filter(year, wave, province);
            let kind = hq::ExportKind::of_path(&out)?;
            let rows = hq::national(store)?.len();
            let bytes = hq::export(store, kind, &f, lang)?;
            // the workbook holds the people of every venue: private to the user
            plm_core::files::write_private_atomic(&out, &bytes)?;
            Ok(Out {
                text: format!("{}: {} rows", out.display(), rows),
                json: json!({"path": out, "rows": rows, "bytes": bytes.len()}),
            })
        }
    }
}

fn plan_cmd(store: &mut Store, c: PlanCmd, lang: Lang) -> plm_core::Result<Out> {
    match c {
        PlanCmd::Add {
            province,
            title,
            start,
            days,
            wave,
            city,
            venue,
            trainers,
        } => {
            let p = plans::add(
                store,
                &plans::PlanInput {
                    province,
                    title,
                    start_date: start,
                    days,
                    wave,
                    city,
                    venue,
                    trainers,
                },
            )?;
            Ok(Out {
                text: format!(
                    "{}  {}  {}",
                    p.id.clone().unwrap_or_default(),
                    p.title,
                    p.start_date
                ),
                json: to_json(&p),
            })
        }
        PlanCmd::Import { file, dry_run } => {
            let r = plans::import(store, &read(&file)?, dry_run, lang)
                .map_err(|e| e.in_file(file.display().to_string()))?;
            let mut text = format!("{} plans added", r.added);
            for x in r.already_planned.iter().chain(&r.rejected) {
                text.push_str(&format!("\nline {}: {}", x.line, x.reason));
            }
            Ok(Out {
                text,
                json: to_json(&r),
            })
        }
        PlanCmd::List => {
            let today = chrono::Local::now().date_naive();
            let list = plans::list(store, today)?;
            let text = list
                .iter()
                .map(|p| {
                    format!(
                        "{}  {:<9} {}  {}  {}",
                        p.id.as_deref().unwrap_or("-"),
                        p.state.as_str(),
                        p.start_date,
                        p.province_name,
                        p.title
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Out {
                text,
                json: to_json(&list),
            })
        }
        PlanCmd::Remove { id } => {
            plans::remove(store, &id)?;
            Ok(Out {
                text: format!("plan {id} removed"),
                json: json!({"removed": id}),
            })
        }
        PlanCmd::Attach { id, event } => {
            let p = plans::attach(store, &id, &event)?;
            Ok(Out {
                text: format!("{} now follows event {event}", p.title),
                json: to_json(&p),
            })
        }
    }
}

pub fn kit_cmd(store: &mut Store, c: KitCmd, lang: Lang) -> plm_core::Result<Out> {
    match c {
        KitCmd::Make {
            plan,
            roster,
            agenda_from,
            out,
        } => {
            let roster_bytes = match &roster {
                Some(f) => Some(read(f)?),
                None => None,
            };
            let (bytes, made) = kit::make(
                store,
                &plan,
                roster_bytes.as_deref(),
                agenda_from.as_deref(),
                lang,
            )?;
            plm_core::files::write_private_atomic(&out, &bytes)?;
            Ok(Out {
                text: format!(
                    "{}: kit for {} ({} sessions, {} participants)",
                    out.display(),
                    made.title,
                    made.sessions,
                    made.participants
                ),
                json: json!({"path": out, "kit": made}),
            })
        }
        KitCmd::Open { file, dry_run } => {
            let r = kit::open(store, &read(&file)?, dry_run)
                .map_err(|e| e.in_file(file.display().to_string()))?;
            Ok(Out {
                text: format!(
                    "{}{}: event {} ({}), {} sessions and {} participants added, {} kept as they were",
                    if dry_run { "(preview) " } else { "" },
                    r.title,
                    r.event_id,
                    if r.event_created { "new" } else { "already here" },
                    r.sessions_added,
                    r.participants_added,
                    r.sessions_kept + r.participants_kept
                ),
                json: to_json(&r),
            })
        }
    }
}

/// A secret key file: readable by this user only, never written over an existing file.
fn write_new_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)?.write_all(text.as_bytes())
}
