//! Receiving data files: each file checked (decrypted, verified, validated, its device
//! and clock trusted) before anything is written, then merged in one transaction after
//! one backup; batches read in parallel, with progress; the report of what changed.

use super::ahead::{read_ahead, Ahead};
use super::error::{ClockSkew, SyncError};
use super::file::{read_file, Parsed, Reader};
use super::merge::*;
use super::trust::{check_clock, check_device, check_device_in, pin_device, record_clock_accepted};
use crate::db::{Store, Tx};
use crate::error::{Error, Result};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// How to take files in.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Preview only: everything is rolled back.
    pub dry_run: bool,
    /// Extra age identities (`AGE-SECRET-KEY-…` text) that may open the files.
    pub identities: Vec<String>,
    /// Take files whose clocks are wrong (recorded in the trust log); this computer's
    /// own clock still never moves past its wall time plus the tolerance.
    pub accept_clock: bool,
}

/// Merge a file's content: a preview (`dry_run`, everything rolled back) or one
/// transaction recorded in the import ledger. A backup is taken first (file databases).
pub fn import(
    store: &mut Store,
    bytes: &[u8],
    name: &str,
    dry_run: bool,
    extra_identities: &[String],
) -> Result<ImportReport> {
    let opts = ImportOptions {
        dry_run,
        identities: extra_identities.to_vec(),
        accept_clock: false,
    };
    let files = [(name.to_string(), bytes.to_vec())];
    let mut reports = import_many_with(store, &files, &opts).map_err(|e| match e {
        // one file: its name adds nothing to the message
        Error::InFile { source, .. } => *source,
        other => other,
    })?;
    Ok(reports.remove(0))
}

/// [`import_many_with`] with the default options.
pub fn import_many(
    store: &mut Store,
    files: &[(String, Vec<u8>)],
    dry_run: bool,
    extra_identities: &[String],
) -> Result<Vec<ImportReport>> {
    let opts = ImportOptions {
        dry_run,
        identities: extra_identities.to_vec(),
        accept_clock: false,
    };
    import_many_with(store, files, &opts)
}

/// Read and check one file completely (decrypt, signature, every row, the device's key,
/// the clocks); nothing is written.
fn check_file(
    store: &Store,
    bytes: &[u8],
    opts: &ImportOptions,
    now_ms: u64,
) -> Result<(Parsed, Option<ClockSkew>)> {
    let parsed = read_file(store, bytes, &opts.identities)?;
    check_device(store, &parsed.manifest)?;
    let skew = check_clock(&parsed.manifest, &parsed.tables, now_ms, opts.accept_clock)?;
    Ok((parsed, skew))
}

/// Headquarters' evening: many venue files. Every file is read and checked first (one
/// bad file stops everything before anything is written, and the error names it); then
/// one backup, then each file merged in its own transaction and ledger line. A file is
/// decrypted and parsed again when its turn comes, so memory holds one file's content
/// at a time, not all of them.
pub fn import_many_with(
    store: &mut Store,
    files: &[(String, Vec<u8>)],
    opts: &ImportOptions,
) -> Result<Vec<ImportReport>> {
    let now_ms = crate::ids::wall_millis();
    // two files of one batch that name the same new device with different keys: the
    // second is refused before anything is written, as it would be after the first
    let mut batch_keys: BTreeMap<String, String> = BTreeMap::new();
    // one file: keep what the check read, so it is not decrypted and parsed twice
    let mut only: Option<(Parsed, Option<ClockSkew>)> = None;
    for (name, bytes) in files {
        let (parsed, skew) =
            check_file(store, bytes, opts, now_ms).map_err(|e| e.in_file(name.clone()))?;
        same_key_in_batch(&mut batch_keys, &parsed.manifest)
            .map_err(|e| e.in_file(name.clone()))?;
        if files.len() == 1 {
            only = Some((parsed, skew));
        }
    }
    if !opts.dry_run && !files.is_empty() {
        crate::backup::create(store, "before-import")?;
    }
    let mut reports = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let (parsed, skew) = match only.take() {
            Some(checked) => checked,
            None => check_file(store, bytes, opts, now_ms).map_err(|e| e.in_file(name.clone()))?,
        };
        reports.push(
            merge_parsed(store, parsed, skew, name, opts.dry_run)
                .map_err(|e| e.in_file(name.clone()))?,
        );
    }
    Ok(reports)
}

fn merge_parsed(
    store: &mut Store,
    parsed: Parsed,
    skew: Option<ClockSkew>,
    name: &str,
    dry_run: bool,
) -> Result<ImportReport> {
    let work = |tx: &mut Tx<'_>| merge_in(tx, &parsed, skew.as_ref(), dry_run);
    let merged = if dry_run {
        store.dry_run(work)?
    } else {
        store.write(work)?
    };
    Ok(report(&parsed, merged, name, dry_run))
}

/// What merging one file did: whether its bytes were in the ledger already, the counts
/// per table, the conflicts, the probable same people.
struct Merged {
    already: bool,
    by_table: BTreeMap<String, Counts>,
    conflicts: Vec<Conflict>,
    matches: Vec<ProbableMatch>,
}

/// Merge one checked file inside the caller's transaction, with its ledger line.
fn merge_in(
    tx: &mut Tx<'_>,
    parsed: &Parsed,
    skew: Option<&ClockSkew>,
    dry_run: bool,
) -> Result<Merged> {
    // references are checked when the file's rows are all in, not row by row (see
    // `dangling_references`); the setting ends with the transaction
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    let already = tx
        .prepare_cached("SELECT 1 FROM sync_imports WHERE file_sha256 = ?1")?
        .query_row([&parsed.file_sha256], |_| Ok(()))
        .optional()?
        .is_some();
    pin_device(tx, &parsed.manifest)?;
    if let Some(skew) = skew {
        record_clock_accepted(tx, &parsed.manifest, skew)?;
    }
    let (by_table, conflicts) = merge_all(tx, parsed)?;
    if dangling_references(tx) {
        return Err(SyncError::Forged("rows that refer to records found nowhere".into()).into());
    }
    let matches = probable_matches(tx, &parsed.manifest.event_id)?;
    if !dry_run {
        let s = tx.stamp();
        if let Some(e) = &parsed.key_escrow {
            super::escrow::receive(
                tx,
                &parsed.manifest.device_id,
                &parsed.manifest.event_id,
                e,
                &s.now,
            )?;
        }
        tx.execute(
            "INSERT INTO sync_imports (id, file_sha256, device_id, device_key, event_id, made_at, imported_at, counts)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                crate::ids::new_id(),
                parsed.file_sha256,
                parsed.manifest.device_id,
                parsed.manifest.public_key,
                parsed.manifest.event_id,
                parsed.manifest.made_at,
                s.now,
                serde_json::to_string(&by_table).expect("json")
            ],
        )?;
    }
    Ok(Merged {
        already,
        by_table,
        conflicts,
        matches,
    })
}

/// Whether rows written in this transaction refer to records that are not there (a
/// file whose rows name a participant or an event neither it nor this computer has).
/// Foreign keys are deferred during the merge: checked row by row, each insert would
/// keep a journal of every index page it touches, in case it had to be undone alone.
fn dangling_references(tx: &Tx<'_>) -> bool {
    let (mut current, mut highest) = (0, 0);
    // SAFETY: the handle is this open connection's; sqlite3_db_status only reads a
    // counter of it (the deferred constraint violations of the open transaction)
    let rc = unsafe {
        rusqlite::ffi::sqlite3_db_status(
            tx.handle(),
            rusqlite::ffi::SQLITE_DBSTATUS_DEFERRED_FKS,
            &mut current,
            &mut highest,
            0,
        )
    };
    rc != rusqlite::ffi::SQLITE_OK || current > 0
}

fn report(parsed: &Parsed, merged: Merged, name: &str, dry_run: bool) -> ImportReport {
    let Merged {
        already,
        by_table,
        conflicts,
        matches,
    } = merged;
    let sum = |f: fn(&Counts) -> usize| by_table.values().map(f).sum::<usize>();
    let m = &parsed.manifest;
    log::info!(
        "sync import{}: event {}, {} tables",
        if dry_run { " (dry run)" } else { "" },
        m.event_id,
        by_table.len()
    );
    ImportReport {
        file: name.to_string(),
        event_id: m.event_id.clone(),
        event_title: m.event_title.clone(),
        device_id: m.device_id.clone(),
        made_at: m.made_at.clone(),
        dry_run,
        already_imported: already,
        added: sum(|c| c.added),
        updated: sum(|c| c.updated),
        deleted: sum(|c| c.deleted),
        unchanged: sum(|c| c.unchanged),
        conflicts,
        by_table,
        probable_matches: matches,
    }
}

/// A step of [`import_each`]: `done` of `total` files checked (phase `check`) or merged
/// (phase `merge`).
#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub phase: &'static str,
    pub done: usize,
    pub total: usize,
    pub file: String,
}

/// Headquarters' batch where one bad file does not hold back the others. One backup
/// first (when any file is new here); then one transaction in which every file is read
/// and checked (decrypted, verified, every row against the schema, its clocks: on the
/// other cores, a few files ahead) and, in the order given, checked against what this
/// computer knows (the device's key) and merged; the files are committed together (one
/// commit, one checkpoint). Nothing is durable before every file has been checked.
///
/// A file refused while it is merged (rows that name a record found nowhere, a
/// constraint of the schema) takes the whole transaction back, and the batch is run
/// again without it: a savepoint per file would have SQLite keep a copy of every page
/// each file touches, for a failure that checked files almost never meet. An error that
/// is not a file's (a full disk, a damaged database) ends the batch with nothing written.
/// Each file's own result, in the order given.
pub fn import_each(
    store: &mut Store,
    files: &[(String, Vec<u8>)],
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<Result<ImportReport>>> {
    let now_ms = crate::ids::wall_millis();
    let total = files.len();
    let shas: Vec<String> = files
        .iter()
        .map(|(_, b)| hex::encode(Sha256::digest(b)))
        .collect();
    // the very bytes of a file taken in before: verified then, nothing new now
    let mut known: Vec<Option<ImportReport>> = Vec::with_capacity(total);
    for (i, (name, _)) in files.iter().enumerate() {
        known.push(known_file(store.conn(), &shas[i], name, opts.dry_run)?);
    }
    if known.iter().all(Option::is_some) {
        for (i, (name, _)) in files.iter().enumerate() {
            progress(Progress {
                phase: "merge",
                done: i + 1,
                total,
                file: name.clone(),
            });
        }
        return Ok(known.into_iter().flatten().map(Ok).collect());
    }
    let reader = Reader::new(store, &opts.identities)?;
    // on the reader threads: the file read and checked, and its clocks (which need
    // nothing of this computer's but the time)
    let read = |bytes: &[u8]| -> Result<Read> {
        let parsed = reader.read(bytes)?;
        let clock = check_clock(&parsed.manifest, &parsed.tables, now_ms, opts.accept_clock);
        Ok(Read { parsed, clock })
    };
    if !opts.dry_run {
        crate::backup::create(store, "before-import")?;
    }
    // files refused during their merge: the batch runs again without them
    let mut refused: BTreeMap<usize, Error> = BTreeMap::new();
    let merged = loop {
        let mut failed: Option<usize> = None;
        let todo: Vec<usize> = (0..total)
            .filter(|i| known[*i].is_none() && !refused.contains_key(i))
            .collect();
        let batch = Batch {
            files,
            shas: &shas,
            known: &known,
            todo: &todo,
            opts,
        };
        let attempt = store.write_batch(opts.dry_run, |tx| {
            batch.run(tx, &read, &mut failed, progress)
        });
        match (attempt, failed) {
            (Err(e), Some(i)) => {
                refused.insert(i, e);
            }
            (other, _) => break other,
        }
    };
    Ok(merged?
        .into_iter()
        .enumerate()
        .map(|(i, r)| match r {
            Some(r) => r,
            None => Err(refused
                .remove(&i)
                .expect("a file without a result was refused")),
        })
        .collect())
}

/// One run of [`import_each`]'s batch.
struct Batch<'a> {
    files: &'a [(String, Vec<u8>)],
    shas: &'a [String],
    /// The files whose bytes were taken in before.
    known: &'a [Option<ImportReport>],
    /// The files to read and merge (neither known nor refused in an earlier run).
    todo: &'a [usize],
    opts: &'a ImportOptions,
}

impl Batch<'_> {
    /// Every file's result (`None` for a file refused in an earlier run), or the error
    /// that ends the run: `failed` then names the file whose merge failed, if that is
    /// what it was.
    fn run(
        &self,
        tx: &mut Tx<'_>,
        read: &(dyn Fn(&[u8]) -> Result<Read> + Sync),
        failed: &mut Option<usize>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vec<Option<Result<ImportReport>>>> {
        let Batch {
            files,
            shas,
            known,
            todo,
            opts,
        } = *self;
        let (total, dry_run) = (files.len(), opts.dry_run);
        let own = tx.device_id().to_string();
        // two files of one batch that name the same new device with different keys: the
        // second is refused, as it would be after the first
        let mut batch_keys: BTreeMap<String, String> = BTreeMap::new();
        let mut out = Vec::with_capacity(total);
        let mut checked = total - todo.len();
        read_ahead(read, files, todo, &mut |event| match event {
            Ahead::Read(i) => {
                checked += 1;
                progress(Progress {
                    phase: "check",
                    done: checked,
                    total,
                    file: files[i].0.clone(),
                });
                Ok(())
            }
            Ahead::Turn(i, read, bury) => {
                let name = &files[i].0;
                let r = match (&known[i], read) {
                    (Some(k), _) => Some(Ok(k.clone())),
                    // refused in an earlier run
                    (None, None) => None,
                    (None, Some(read)) => Some(match known_file(tx, &shas[i], name, dry_run)? {
                        // the same file twice in one batch: the second finds the first
                        Some(k) => Ok(k),
                        None => match (*read).and_then(|Read { parsed, clock }| {
                            check_device_in(tx, &own, &parsed.manifest)?;
                            let skew = clock?;
                            same_key_in_batch(&mut batch_keys, &parsed.manifest)?;
                            Ok((parsed, skew))
                        }) {
                            Err(e) => Err(e),
                            Ok((parsed, skew)) => {
                                let merged = merge_in(tx, &parsed, skew.as_ref(), dry_run);
                                let r = merged.map(|m| report(&parsed, m, name, dry_run));
                                let _ = bury.send(parsed);
                                match r {
                                    Ok(rep) => Ok(rep),
                                    Err(e) if files_fault(&e) => {
                                        *failed = Some(i);
                                        return Err(e);
                                    }
                                    Err(e) => return Err(e),
                                }
                            }
                        },
                    }),
                };
                out.push(r);
                progress(Progress {
                    phase: "merge",
                    done: out.len(),
                    total,
                    file: name.clone(),
                });
                Ok(())
            }
        })?;
        Ok(out)
    }
}

/// Whether an error met while merging a checked file is that file's (its rows do not
/// fit what is here) rather than this computer's (a full disk, a damaged database).
fn files_fault(e: &Error) -> bool {
    match e {
        Error::InFile { source, .. } => files_fault(source),
        Error::Domain(_) | Error::NotFound { .. } => true,
        Error::Db(rusqlite::Error::SqliteFailure(f, _)) => {
            f.code == rusqlite::ErrorCode::ConstraintViolation
        }
        // a value that does not convert: the file's content
        Error::Db(_) => true,
        Error::Corrupt(_)
        | Error::NewerVersion { .. }
        | Error::DiskFull(_)
        | Error::Migration(_)
        | Error::Io(_) => false,
    }
}

/// A file as the reader threads leave it: read and checked, with its clocks' verdict.
struct Read {
    parsed: Parsed,
    clock: Result<Option<ClockSkew>>,
}

/// Two files of one batch that name the same new device with different keys: the second
/// is refused before anything is written, as it would be after the first was merged.
/// `seen` maps each device of the batch so far to its key's fingerprint.
fn same_key_in_batch(seen: &mut BTreeMap<String, String>, m: &super::Manifest) -> Result<()> {
    let fp = super::keys::fingerprint(&m.public_key);
    match seen.get(&m.device_id) {
        Some(first) if *first != fp => Err(SyncError::DeviceKeyChanged {
            device: m.device_id.clone(),
            pinned: first.clone(),
            file: fp,
        }
        .into()),
        Some(_) => Ok(()),
        None => {
            seen.insert(m.device_id.clone(), fp);
            Ok(())
        }
    }
}

/// The report for a file whose exact bytes were imported before: nothing to decrypt,
/// check or merge again. Its rows are counted as unchanged (what its first import saw).
fn known_file(
    conn: &rusqlite::Connection,
    sha: &str,
    name: &str,
    dry_run: bool,
) -> Result<Option<ImportReport>> {
    let row: Option<(String, String, String, String)> = conn
        .query_row(
            "SELECT event_id, device_id, made_at, counts FROM sync_imports WHERE file_sha256 = ?1 ORDER BY imported_at LIMIT 1",
            [sha],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((event_id, device_id, made_at, counts)) = row else {
        return Ok(None);
    };
    let first: BTreeMap<String, Counts> = serde_json::from_str(&counts).unwrap_or_default();
    let by_table: BTreeMap<String, Counts> = first
        .into_iter()
        .map(|(t, c)| {
            let rows = c.added + c.updated + c.deleted + c.unchanged;
            (
                t,
                Counts {
                    unchanged: rows,
                    ..Default::default()
                },
            )
        })
        .collect();
    let event_title = conn
        .query_row("SELECT title FROM events WHERE id = ?1", [&event_id], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or_default();
    Ok(Some(ImportReport {
        file: name.to_string(),
        event_id,
        event_title,
        device_id,
        made_at,
        dry_run,
        already_imported: true,
        added: 0,
        updated: 0,
        deleted: 0,
        unchanged: by_table.values().map(|c| c.unchanged).sum(),
        conflicts: vec![],
        by_table,
        probable_matches: vec![],
    }))
}
