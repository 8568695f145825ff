//! Search as you type: every word of the query must start a word of the name,
//! institution or regency, or be the badge code. Case and accent insensitive. An exact
//! badge code comes first, then names that start with the query.
//!
//! The event's people are kept in memory (id, folded name key, code, folded search text)
//! while the database's participant counter (`participants_version`, moved by triggers on
//! every insert, update and delete, whoever makes it) stands still; a keystroke then scans
//! a few hundred kilobytes instead of asking SQLite to decode every row. The rules are the
//! ones the SQL scan used (see `tests::same_as_the_sql_scan`).

use super::{fold, from_row, Participant, COLS};
use crate::db::Store;
use crate::error::Result;

struct Entry {
    id: String,
    name_key: String,
    code: String,
    /// " name code institution regency ", folded
    text: String,
    /// how much of `text` is the name: up to and including the space before the code
    name_end: usize,
}

/// One event's people as search sees them, valid while the counter is `version`.
struct Index {
    event_id: String,
    version: i64,
    entries: Vec<Entry>,
}

fn version(store: &Store) -> Result<i64> {
    let mut st = store
        .conn()
        .prepare_cached("SELECT n FROM participants_version WHERE id = 1")?;
    Ok(st.query_row([], |r| r.get(0))?)
}

fn load(store: &Store, event_id: &str, version: i64) -> Result<Index> {
    let mut st = store.conn().prepare_cached(
        "SELECT id, name_key, code, search_text FROM participants
         WHERE event_id = ?1 AND deleted_at IS NULL",
    )?;
    let entries = st
        .query_map([event_id], |r| {
            let code: String = r.get("code")?;
            let text: String = r.get("search_text")?;
            // SQLite's lower() folds ASCII only; the first place the code stands as a word
            let name_end = text
                .find(&format!(" {} ", code.to_ascii_lowercase()))
                .map(|i| i + 1)
                .unwrap_or(0);
            Ok(Entry {
                id: r.get("id")?,
                name_key: r.get("name_key")?,
                code,
                text,
                name_end,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Index {
        event_id: event_id.to_string(),
        version,
        entries,
    })
}

/// The first `n` characters of `s` equal `t` (SQL's `substr(s, 1, n) = t`).
fn first_chars_equal(s: &str, n: usize, t: &str) -> bool {
    let end = s.char_indices().nth(n).map(|(i, _)| i).unwrap_or(s.len());
    &s[..end] == t
}

/// Search the event's live participants; at most `limit` (1 to 500) in rank order: the
/// exact badge code, names starting with the first word typed, names with a word starting
/// with it, then matches in institution or regency only; within a rank by name, then code.
pub fn search(
    store: &Store,
    event_id: &str,
    query: &str,
    limit: usize,
) -> Result<Vec<Participant>> {
    let terms: Vec<String> = fold(query)
        .split(' ')
        .filter(|t| !t.is_empty())
        .take(6)
        .map(|t| format!(" {t}"))
        .collect();
    if terms.is_empty() {
        return Ok(vec![]);
    }
    let code = query.trim().to_uppercase();
    let first = &terms[0][1..];
    let first_len = first.len();
    let now = version(store)?;
    let mut memo = store.memo().borrow_mut();
    let fresh = memo
        .as_ref()
        .and_then(|m| m.downcast_ref::<Index>())
        .is_some_and(|ix| ix.event_id == event_id && ix.version == now);
    if !fresh {
        *memo = Some(Box::new(load(store, event_id, now)?));
    }
    let index = memo
        .as_ref()
        .and_then(|m| m.downcast_ref::<Index>())
        .expect("just loaded");
    let mut hits: Vec<(u8, &Entry)> = index
        .entries
        .iter()
        .filter(|e| terms.iter().all(|t| e.text.contains(t.as_str())))
        .map(|e| {
            let rank = if e.code == code {
                0
            } else if first_chars_equal(&e.name_key, first_len, first) {
                1
            } else if e.text[..e.name_end].contains(terms[0].as_str()) {
                2
            } else {
                3
            };
            (rank, e)
        })
        .collect();
    let limit = limit.clamp(1, 500);
    fn key<'a>(h: &(u8, &'a Entry)) -> (u8, &'a str, &'a str) {
        (h.0, h.1.name_key.as_str(), h.1.code.as_str())
    }
    if hits.len() > limit {
        hits.select_nth_unstable_by(limit - 1, |a, b| key(a).cmp(&key(b)));
        hits.truncate(limit);
    }
    hits.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
    let ids: Vec<String> = hits.iter().map(|h| h.1.id.clone()).collect();
    drop(memo);
    let mut one = store
        .conn()
        .prepare_cached(&format!("SELECT {COLS} FROM participants WHERE id = ?1"))?;
    let rows = ids
        .iter()
        .map(|id| one.query_row([id], from_row))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::participants::{self, ParticipantInput};

    /// The SQL scan search used before the index, kept to compare against.
    fn by_sql_scan(store: &Store, event_id: &str, query: &str, limit: usize) -> Vec<String> {
        let terms: Vec<String> = fold(query)
            .split(' ')
            .filter(|t| !t.is_empty())
            .take(6)
            .map(str::to_string)
            .collect();
        if terms.is_empty() {
            return vec![];
        }
        let code = query.trim().to_uppercase();
        let mut sql = String::from(
            "SELECT id, (CASE WHEN code = ?2 THEN 0
                              WHEN substr(name_key, 1, ?4) = ?3 THEN 1
                              WHEN instr(substr(search_text, 1, instr(search_text, ' ' || lower(code) || ' ')), ?5) > 0 THEN 2
                              ELSE 3 END) AS rank
             FROM participants WHERE event_id = ?1 AND deleted_at IS NULL",
        );
        let mut args: Vec<rusqlite::types::Value> = vec![
            event_id.to_string().into(),
            code.into(),
            terms[0].clone().into(),
            (terms[0].len() as i64).into(),
            format!(" {}", terms[0]).into(),
        ];
        for t in &terms {
            args.push(format!(" {t}").into());
            sql.push_str(&format!(" AND instr(search_text, ?{}) > 0", args.len()));
        }
        sql.push_str(&format!(
            " ORDER BY rank, name_key, code LIMIT {}",
            limit.clamp(1, 500)
        ));
        let mut st = store.conn().prepare(&sql).unwrap();
        st.query_map(rusqlite::params_from_iter(args.iter()), |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<Vec<String>>>()
            .unwrap()
    }

    fn ids(store: &Store, ev: &str, q: &str, limit: usize) -> Vec<String> {
        search(store, ev, q, limit)
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect()
    }

    const FIRST: [&str; 16] = [
        "Muhammad",
        "Siti",
        "Nur",
        "Dewi",
        "Rina",
        "Ayu",
        "Ṡyahrani",
        "Élise",
        "Ñoman",
        "Hj. Aminah",
        "Dr. Ir. Budi",
        "Rabi'atul",
        "Ma’rufah",
        "Çandra",
        "Øyvind",
        "Anak Agung Ngurah",
    ];
    const LAST: [&str; 12] = [
        "Saputra",
        "Hidayat",
        "Rahmân",
        "Lestari",
        "Wahyudi",
        "Kurniawati",
        "S.IP.",
        "M.Pd.",
        "Hamdani",
        "Utami",
        "Nugroho",
        "de la Cruz",
    ];
    const PLACES: [&str; 6] = [
        "Banjar",
        "Tapin",
        "Kota Banjarmasin",
        "Dinas Perpustakaan Kab. Tanah Laut",
        "SMA 1 Barabai",
        "Perpustakaan Desa Sungai Rangas",
    ];

    fn corpus(store: &mut Store, n: usize) -> String {
        let ev = super::super::tests::event(store);
        for i in 0..n {
            let name = format!(
                "{} {} {}",
                FIRST[i % FIRST.len()],
                LAST[(i / FIRST.len()) % LAST.len()],
                i
            );
            participants::add(
                store,
                &ev,
                &ParticipantInput {
                    name,
                    institution: PLACES[i % PLACES.len()].into(),
                    regency: PLACES[(i / 3) % PLACES.len()].into(),
                    ..Default::default()
                },
                "manual",
            )
            .unwrap();
        }
        ev
    }

    #[test]
    fn same_as_the_sql_scan() {
        let mut store = Store::open_in_memory().unwrap();
        let ev = corpus(&mut store, 2500);
        let people = participants::list(&store, &ev).unwrap();
        let mut queries: Vec<String> = vec![
            "".into(),
            " ".into(),
            "a".into(),
            "s".into(),
            "sit".into(),
            "siti hid".into(),
            "rahman".into(),
            "RAHMÂN".into(),
            "elise".into(),
            "élise".into(),
            "noman".into(),
            "oyvind".into(),
            "candra".into(),
            "rabi".into(),
            "ma'ruf".into(),
            "ma’rufah".into(),
            "dr budi".into(),
            "hj aminah".into(),
            "s.ip".into(),
            "banjar".into(),
            "kota banjar".into(),
            "tanah laut nug".into(),
            "de la".into(),
            "anak agung ngurah 3".into(),
            "sma 1".into(),
            "zzz".into(),
            "a b c d e f g h".into(),
        ];
        for p in people.iter().step_by(97) {
            queries.push(p.code.clone());
            queries.push(p.code.to_lowercase());
            queries.push(p.code[..3].to_string());
            let name: String = p.name.chars().take(9).collect();
            queries.push(name.clone());
            queries.push(name.to_uppercase());
        }
        let found = queries
            .iter()
            .filter(|q| !ids(&store, &ev, q, 30).is_empty())
            .count();
        assert!(found * 3 > queries.len() * 2, "most queries find someone");
        for q in &queries {
            for limit in [1, 30, 500] {
                assert_eq!(
                    ids(&store, &ev, q, limit),
                    by_sql_scan(&store, &ev, q, limit),
                    "query {q:?}, limit {limit}"
                );
            }
        }
    }

    #[test]
    fn the_index_follows_every_change() {
        let mut store = Store::open_in_memory().unwrap();
        let ev = corpus(&mut store, 40);
        let names = |store: &Store, q: &str| -> Vec<String> {
            search(store, &ev, q, 50)
                .unwrap()
                .into_iter()
                .map(|p| p.name)
                .collect()
        };
        assert!(names(&store, "zubaidah").is_empty());
        // added at the desk
        let p = participants::add(
            &mut store,
            &ev,
            &ParticipantInput {
                name: "Zubaidah Nur".into(),
                ..Default::default()
            },
            "manual",
        )
        .unwrap();
        assert_eq!(names(&store, "zubaidah"), ["Zubaidah Nur"]);
        // edited
        participants::update(
            &mut store,
            &p.id,
            &ParticipantInput {
                name: "Zulaikha Nur".into(),
                ..Default::default()
            },
        )
        .unwrap();
        assert!(names(&store, "zubaidah").is_empty());
        assert_eq!(names(&store, "zulai"), ["Zulaikha Nur"]);
        // removed (tombstoned)
        participants::remove(&mut store, &p.id).unwrap();
        assert!(names(&store, "zulai").is_empty());
        // imported from a roster
        crate::roster::import(
            &mut store,
            &ev,
            b"Nama,Instansi\nYasmin Rahma,Perpustakaan Kota\n",
            None,
            false,
            crate::Lang::En,
        )
        .unwrap();
        assert_eq!(names(&store, "yasmin"), ["Yasmin Rahma"]);
        // erased on request
        let y = search(&store, &ev, "yasmin", 5).unwrap().remove(0);
        participants::erase(&mut store, &y.id).unwrap();
        assert!(names(&store, "yasmin").is_empty());
        // written by another connection (the command line beside the window)
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plm.db");
        let mut a = Store::open(&path).unwrap();
        let ev2 = super::super::tests::event(&mut a);
        assert!(search(&a, &ev2, "xaverius", 5).unwrap().is_empty());
        let mut b = Store::open(&path).unwrap();
        participants::add(
            &mut b,
            &ev2,
            &ParticipantInput {
                name: "Xaverius Lado".into(),
                ..Default::default()
            },
            "manual",
        )
        .unwrap();
        assert_eq!(search(&a, &ev2, "xaverius", 5).unwrap().len(), 1);
        // another event on the same store has its own people
        assert!(search(&a, &ev, "xaverius", 5).unwrap().is_empty());
        // merged from a venue's data file at headquarters, then changed by a later file
        let (secret, public) = crate::sync::hq_keypair();
        let mut hq = Store::open_in_memory().unwrap();
        crate::hq::keys::store_identity(&mut hq, &secret).unwrap();
        let send = |venue: &mut Store, hq: &mut Store, name: &str| {
            let (bytes, _) =
                crate::sync::export(venue, &ev2, std::slice::from_ref(&public), false).unwrap();
            crate::sync::import(hq, &bytes, name, false, &[]).unwrap();
        };
        send(&mut a, &mut hq, "first.plmsync");
        let x = search(&hq, &ev2, "xaverius", 5).unwrap();
        assert_eq!(x.len(), 1);
        participants::update(
            &mut a,
            &x[0].id,
            &ParticipantInput {
                name: "Yohanes Lado".into(),
                ..Default::default()
            },
        )
        .unwrap();
        send(&mut a, &mut hq, "second.plmsync");
        assert!(search(&hq, &ev2, "xaverius", 5).unwrap().is_empty());
        assert_eq!(search(&hq, &ev2, "yohanes", 5).unwrap().len(), 1);
        participants::remove(&mut a, &x[0].id).unwrap();
        send(&mut a, &mut hq, "third.plmsync");
        assert!(search(&hq, &ev2, "lado", 5).unwrap().is_empty());
    }
}
