//! The database key (where it is kept, a recovery file, opening again) and the app passphrase that locks the window.

use super::*;

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

pub(super) fn key_cmd(db: &std::path::Path, c: &KeyCmd) -> plm_core::Result<Out> {
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

pub(super) fn lock_cmd(store: &mut Store, c: LockCmd) -> plm_core::Result<Out> {
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
