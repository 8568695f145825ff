//! `plm-desk sync …`: the data file for headquarters (export, import, keys, trust).

use clap::Subcommand;
use plm_core::{sync, Store};
use serde_json::json;
use std::path::PathBuf;

use crate::cli::Out;

#[derive(Subcommand, Debug)]
pub enum SyncCmd {
    /// Write the event's data file (.plmsync), encrypted to headquarters' public key
    Export {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
        /// Headquarters' (or another laptop's) public key file, or the key itself (age1…);
        /// default: the key saved in this app
        #[arg(long)]
        to: Vec<String>,
        /// Write personal data without encryption (only if you really mean it)
        #[arg(long)]
        plain: bool,
        /// Include the event's photos (the file grows by about their size)
        #[arg(long)]
        photos: bool,
    },
    /// Merge data files into this database (a preview with --dry-run)
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        dry_run: bool,
        /// A secret key file that may open the files (headquarters' hq-identity.txt)
        #[arg(long)]
        identity: Option<PathBuf>,
        /// Take files whose laptop clock is wrong (recorded in the trust log)
        #[arg(long)]
        accept_clock: bool,
    },
    /// Accept a laptop's new signing key on purpose (a reinstalled laptop)
    Trust {
        /// The device id the refusal named
        device: String,
        /// The new key: its fingerprint as the refusal showed it, or the key itself
        #[arg(long)]
        key: String,
    },
    /// This laptop's public key, for a second desk to send files to it
    Key,
    /// Save headquarters' public key in this app (used by export)
    SetHq { key: String },
    /// The files merged so far
    Ledger,
}

fn read_key(arg: &str) -> plm_core::Result<String> {
    if arg.trim_start().starts_with("age1") {
        return Ok(arg.trim().to_string());
    }
    Ok(std::fs::read_to_string(arg)?)
}

pub fn sync_cmd(store: &mut Store, c: SyncCmd) -> plm_core::Result<Out> {
    match c {
        SyncCmd::Export {
            event,
            out,
            to,
            plain,
            photos,
        } => {
            let keys: Vec<String> = to
                .iter()
                .map(|t| read_key(t))
                .collect::<plm_core::Result<_>>()?;
            let info = sync::export_to_file(store, &event, &keys, plain, photos, &out)?;
            let bytes = info.bytes;
            let total: usize = info.manifest.counts.values().sum();
            let text = format!(
                "{}: {} records, {} bytes, {}",
                out.display(),
                total,
                bytes,
                if info.manifest.encrypted {
                    "encrypted"
                } else {
                    "NOT encrypted"
                }
            );
            Ok(Out {
                json: json!({"path": out, "bytes": bytes, "manifest": info.manifest}),
                text,
            })
        }
        SyncCmd::Import {
            files,
            dry_run,
            identity,
            accept_clock,
        } => {
            let extra = match identity {
                Some(p) => vec![std::fs::read_to_string(p)?],
                None => vec![],
            };
            // every file is read and checked first; one bad file stops before anything is written
            let mut loaded = Vec::new();
            for f in &files {
                let bytes = std::fs::read(f).map_err(|e| with_file(e.into(), f))?;
                loaded.push((f.display().to_string(), bytes));
            }
            let opts = sync::ImportOptions {
                dry_run,
                identities: extra,
                accept_clock,
            };
            let reports_ = sync::import_many_with(store, &loaded, &opts)?;
            let mut text = String::new();
            for r in &reports_ {
                text.push_str(&format!(
                    "{}{}: {} added, {} updated, {} deleted, {} unchanged, {} conflicts{}\n",
                    if r.dry_run {
                        "(dry run, nothing written) "
                    } else {
                        ""
                    },
                    r.file,
                    r.added,
                    r.updated,
                    r.deleted,
                    r.unchanged,
                    r.conflicts.len(),
                    if r.probable_matches.is_empty() {
                        String::new()
                    } else {
                        format!(
                            ", {} probable matches with other venues",
                            r.probable_matches.len()
                        )
                    }
                ));
            }
            let json = if reports_.len() == 1 {
                serde_json::to_value(&reports_[0]).expect("json")
            } else {
                serde_json::to_value(&reports_).expect("json")
            };
            Ok(Out { json, text })
        }
        SyncCmd::Key => {
            let k = sync::own_public_key(store)?;
            Ok(Out {
                text: k.clone(),
                json: json!({"public_key": k}),
            })
        }
        SyncCmd::SetHq { key } => {
            let k = read_key(&key)?;
            let r = sync::set_hq_key(store, &k)?;
            Ok(Out {
                text: format!("headquarters' key saved: {r}"),
                json: json!({"hq_public_key": r}),
            })
        }
        SyncCmd::Trust { device, key } => {
            let d = sync::trust_device(store, &device, &key)?;
            Ok(Out {
                text: format!(
                    "device {} now trusted with key {}",
                    d.device_id, d.key_fingerprint
                ),
                json: serde_json::to_value(&d).expect("json"),
            })
        }
        SyncCmd::Ledger => {
            let l = sync::ledger(store)?;
            let devices = sync::devices(store)?;
            let fp_of = |id: &str| {
                devices
                    .iter()
                    .find(|d| d.device_id == id)
                    .map(|d| d.key_fingerprint.clone())
                    .unwrap_or_default()
            };
            let text = l
                .iter()
                .map(|e| {
                    format!(
                        "{}  {}  device {} (key {})  event {}",
                        e.imported_at,
                        &e.file_sha256[..12],
                        e.device_id,
                        fp_of(&e.device_id),
                        e.event_id
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            // the list stays as it was for scripts; each entry gains its device's key
            let entries: Vec<serde_json::Value> = l
                .iter()
                .map(|e| {
                    let mut v = serde_json::to_value(e).expect("json");
                    v["key_fingerprint"] = json!(fp_of(&e.device_id));
                    v
                })
                .collect();
            Ok(Out {
                json: serde_json::Value::Array(entries),
                text,
            })
        }
    }
}

fn with_file(e: plm_core::Error, f: &std::path::Path) -> plm_core::Error {
    e.in_file(f.display().to_string())
}
