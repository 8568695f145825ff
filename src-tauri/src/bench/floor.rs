//! What the storage itself costs on this machine, measured in the same run as the app's
//! figures: SQLite's own durable insert and an FTS5 prefix query over the same names.

use rusqlite::Connection;
use std::path::Path;
use std::time::{Duration, Instant};

/// One `BEGIN IMMEDIATE; INSERT; COMMIT` of a row shaped like a check-in, on a file
/// database in `dir` with the pragmas the app uses (WAL, `synchronous=FULL`), `n` times;
/// with `encrypted`, the file is SQLCipher's under a random raw key, as the app's is
/// (what encryption at rest costs a check-in, measured against the plain file).
pub fn durable_insert(dir: &Path, n: usize, encrypted: bool) -> rusqlite::Result<Vec<Duration>> {
    let path = dir.join(if encrypted {
        "floor-insert-encrypted.db"
    } else {
        "floor-insert.db"
    });
    let _ = std::fs::remove_file(&path);
    let conn = Connection::open(&path)?;
    if encrypted {
        let key = plm_core::vault::DbKey::random();
        plm_core::vault::apply_key(&conn, &key).map_err(|_| rusqlite::Error::InvalidQuery)?;
    }
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute_batch(
        "CREATE TABLE attendance (id TEXT PRIMARY KEY, participant_id TEXT NOT NULL, slot TEXT NOT NULL,
            checked_in_at TEXT NOT NULL, source TEXT NOT NULL, hlc TEXT NOT NULL);
         CREATE UNIQUE INDEX attendance_once ON attendance(participant_id, slot);",
    )?;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        conn.execute_batch("BEGIN IMMEDIATE")?;
        conn.prepare_cached(
            "INSERT INTO attendance (id, participant_id, slot, checked_in_at, source, hlc)
             VALUES (?1, ?2, 'd1', '2022-07-05T08:00:00Z', 'desk', ?3)",
        )?
        .execute((
            format!("0190f0aa-0000-7000-8000-{i:012}"),
            format!("p{i}"),
            format!("{i:013}-0000-dev"),
        ))?;
        conn.execute_batch("COMMIT")?;
        out.push(t.elapsed());
    }
    Ok(out)
}

/// An FTS5 table (prefix indexes, diacritics removed) over `texts`, then each query run
/// as a prefix query of every word; the time of each.
pub fn fts5_prefix(texts: &[String], queries: &[String]) -> rusqlite::Result<Vec<Duration>> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch(
        "CREATE VIRTUAL TABLE people USING fts5(text, prefix='1 2 3', tokenize='unicode61 remove_diacritics 2')",
    )?;
    {
        let mut ins = conn.prepare("INSERT INTO people (text) VALUES (?1)")?;
        for t in texts {
            ins.execute([t])?;
        }
    }
    let mut out = Vec::with_capacity(queries.len());
    let mut st =
        conn.prepare("SELECT rowid FROM people WHERE people MATCH ?1 ORDER BY rank LIMIT 30")?;
    for q in queries {
        let m: Vec<String> = q
            .split_whitespace()
            .map(|w| {
                w.chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .map(|w| format!("\"{w}\"*"))
            .collect();
        if m.is_empty() {
            continue;
        }
        let t = Instant::now();
        let n = st.query_map([m.join(" ")], |r| r.get::<_, i64>(0))?.count();
        out.push(t.elapsed());
        std::hint::black_box(n);
    }
    Ok(out)
}
