//! Probable same people across venues (same NIP, or same phone and a similar name), for
//! headquarters to review. A decision is kept and shown; records are never merged, and
//! nothing of it travels back to a venue.

use super::error::HqError;
use crate::db::Store;
use crate::error::Result;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Same,
    Different,
}

impl Decision {
    /// `same` or `different`, as the window and the command line send it.
    pub fn parse(s: &str) -> Result<Decision, HqError> {
        match s.trim() {
            "same" => Ok(Decision::Same),
            "different" => Ok(Decision::Different),
            other => Err(HqError::BadDecision(other.chars().take(40).collect())),
        }
    }
    fn as_str(self) -> &'static str {
        match self {
            Decision::Same => "same",
            Decision::Different => "different",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Side {
    pub id: String,
    pub name: String,
    pub institution: String,
    pub event_id: String,
    pub event: String,
    pub province: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Pair {
    pub a: Side,
    pub b: Side,
    /// `nip` or `phone`
    pub reason: String,
    pub decision: Option<Decision>,
    pub decided_at: Option<String>,
}

fn side(store: &Store, id: &str) -> Result<Option<Side>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT p.id, p.name, p.institution, e.id, e.title, e.province_name FROM participants p
             JOIN events e ON e.id = p.event_id WHERE p.id = ?1",
            [id],
            |r| {
                Ok(Side {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    institution: r.get(2)?,
                    event_id: r.get(3)?,
                    event: r.get(4)?,
                    province: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// Every probable pair across events, undecided first, then by province.
pub fn pairs(store: &Store) -> Result<Vec<Pair>> {
    let mut seen = std::collections::BTreeMap::new();
    for ev in crate::events::list(store)? {
        for m in crate::sync::probable_matches(store.conn(), &ev.id)? {
            let (a, b) = if m.a < m.b { (m.a, m.b) } else { (m.b, m.a) };
            seen.entry((a, b)).or_insert(m.reason);
        }
    }
    let mut out = Vec::new();
    for ((a, b), reason) in seen {
        let (Some(sa), Some(sb)) = (side(store, &a)?, side(store, &b)?) else {
            continue;
        };
        let d: Option<(String, String)> = store
            .conn()
            .query_row(
                "SELECT decision, decided_at FROM hq_same_person WHERE a = ?1 AND b = ?2",
                params![a, b],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        out.push(Pair {
            a: sa,
            b: sb,
            reason,
            decision: d.as_ref().and_then(|d| Decision::parse(&d.0).ok()),
            decided_at: d.map(|d| d.1),
        });
    }
    out.sort_by(|x, y| {
        (x.decision.is_some(), &x.a.province, &x.a.name).cmp(&(
            y.decision.is_some(),
            &y.a.province,
            &y.a.name,
        ))
    });
    Ok(out)
}

/// Keep headquarters' decision on a pair (it can be changed; it is never sent anywhere).
/// Keep headquarters' decision about a pair, recorded as made by the person at this
/// computer ([`crate::settings::operator`]).
pub fn decide(store: &mut Store, a: &str, b: &str, decision: Decision) -> Result<()> {
    if a == b {
        return Err(HqError::SamePair.into());
    }
    let (a, b) = if a < b { (a, b) } else { (b, a) };
    crate::participants::get(store, a)?;
    crate::participants::get(store, b)?;
    let by = crate::settings::operator(store);
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "INSERT INTO hq_same_person (a, b, decision, decided_at, decided_by) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(a, b) DO UPDATE SET decision = excluded.decision, decided_at = excluded.decided_at,
                decided_by = excluded.decided_by",
            params![a, b, decision.as_str(), s.now, by],
        )?;
        Ok(())
    })
}
