//! Receiving the venues' files at headquarters: many at once, each checked before
//! anything is written; a bad file is named with its reason and the others still go in.

use crate::db::Store;
use crate::error::{Localized, Result};
use crate::sync::{ImportOptions, ImportReport, Progress};
use crate::Lang;
use serde::Serialize;

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// New or changed records were taken in.
    Imported,
    /// Read and checked, but it brought nothing this computer did not have (the same file
    /// again, or an older file after a newer one).
    NothingNew,
    /// Refused: see `code` and `message`; nothing of it was written.
    Refused,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileResult {
    pub file: String,
    pub outcome: Outcome,
    pub code: Option<String>,
    pub message: Option<String>,
    pub report: Option<ImportReport>,
    /// The planned PLM this file belongs to, if any.
    pub plan_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Received {
    pub files: Vec<FileResult>,
    pub imported: usize,
    pub nothing_new: usize,
    pub refused: usize,
}

/// Receive a batch of files (name, bytes), reporting progress after each file is checked
/// and after each is merged.
pub fn receive(
    store: &mut Store,
    files: &[(String, Vec<u8>)],
    accept_clock: bool,
    lang: Lang,
    progress: &mut dyn FnMut(Progress),
) -> Result<Received> {
    let opts = ImportOptions {
        dry_run: false,
        identities: vec![],
        accept_clock,
    };
    let results = crate::sync::import_each(store, files, &opts, progress)?;
    let mut out = Received {
        files: Vec::with_capacity(files.len()),
        imported: 0,
        nothing_new: 0,
        refused: 0,
    };
    for ((name, _), r) in files.iter().zip(results) {
        out.files.push(match r {
            Ok(rep) => {
                let changed = rep.added + rep.updated + rep.deleted > 0;
                let outcome = if changed {
                    out.imported += 1;
                    Outcome::Imported
                } else {
                    out.nothing_new += 1;
                    Outcome::NothingNew
                };
                let plan_id = super::plans::plan_for_event(store, &rep.event_id)?;
                FileResult {
                    file: name.clone(),
                    outcome,
                    code: None,
                    message: None,
                    report: Some(rep),
                    plan_id,
                }
            }
            Err(e) => {
                out.refused += 1;
                FileResult {
                    file: name.clone(),
                    outcome: Outcome::Refused,
                    code: Some(e.code().to_string()),
                    message: Some(e.message(lang)),
                    report: None,
                    plan_id: None,
                }
            }
        });
    }
    log::info!(
        "hq receive: {} imported, {} nothing new, {} refused",
        out.imported,
        out.nothing_new,
        out.refused
    );
    Ok(out)
}
