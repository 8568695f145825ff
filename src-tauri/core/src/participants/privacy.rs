//! The participant's rights under UU 27/2022: the consent text and its record, erasure on
//! request, and the retention date after which the event's personal data is offered for
//! erasure.

use super::{get, limited, Participant, ParticipantError, MAX_TEXT};
use crate::db::{Store, Tx};
use crate::error::Result;
use crate::i18n::Lang;
use rusqlite::params;
use serde::Serialize;

/// Version of the consent wording; stored with each consent.
pub const CONSENT_VERSION: &str = "2026-11-v1";

/// The consent text shown at check-in.
pub fn consent_text(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "Data Anda (nama, jenis kelamin, instansi, jabatan, kabupaten/kota, dan bila Anda isi: NIP, nomor HP, e-mail) \
dicatat oleh panitia untuk daftar hadir, sertifikat, dan laporan kegiatan PLM kepada Perpustakaan Nasional. \
Data disimpan selama program berjalan (paling lama 2 tahun) lalu dihapus. Anda boleh menolak: Anda tetap tercatat hadir, \
tetapi NIP, nomor HP, e-mail, dan data disabilitas tidak disimpan. Untuk melihat, memperbaiki, atau menghapus data Anda, \
hubungi fasilitator atau panitia.",
        Lang::En => "Your data (name, gender, institution, position, regency/city and, if you give them: civil-servant number, phone, e-mail) \
is recorded by the organisers for the attendance sheet, certificates and the PLM report to the National Library. \
It is kept while the program runs (at most 2 years) and then deleted. You may decline: you are still recorded as present, \
but your civil-servant number, phone, e-mail and disability data are not stored. To see, correct or delete your data, \
ask the facilitator or the organisers.",
    }
}

/// Erase on request: personal fields wiped; the record (its code, category and gender,
/// for counts) and its attendance stay.
pub fn erase(store: &mut Store, id: &str) -> Result<Participant> {
    let p = get(store, id)?;
    store.write(|tx| wipe(tx, id, &p.code))?;
    log::info!("participant erased on request: {id}");
    get(store, id)
}

/// Wipe a participant's personal fields (one row, inside the caller's transaction).
fn wipe(tx: &mut Tx, id: &str, code: &str) -> Result<()> {
    let s = tx.stamp();
    tx.execute(
        "UPDATE participants SET name='', institution='', position='', regency='', village='', nip=NULL, phone=NULL,
            email=NULL, disability=NULL, name_key='', inst_key='', search_text=?2, erased_at=?3, updated_at=?3,
            hlc=?4, origin=?5 WHERE id=?1",
        params![id, format!(" {} ", code.to_lowercase()), s.now, s.hlc, s.origin],
    )?;
    Ok(())
}

/// Data entered this recently (e.g. a past event just imported) is never offered for
/// erasure on sight, even when its retention date has passed.
pub const RECENT_DAYS: i64 = 14;

/// What the home screen says about an event's retention date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Retention {
    /// No date, a date still ahead, or nobody left to erase.
    NotDue,
    /// The date has passed: erasing `people` is offered (with a confirmation).
    Due { until: String, people: usize },
    /// The date has passed but `recent` of the `people` were entered in the last
    /// [`RECENT_DAYS`] days: erasure is not offered; the date can be moved instead.
    DueButRecent {
        until: String,
        people: usize,
        recent: usize,
    },
}

/// Decide what is offered about retention at `now` (the venue's calendar decides
/// "passed").
pub fn retention(
    store: &Store,
    event_id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Retention> {
    let ev = crate::events::get(store, event_id)?;
    let off = crate::places::zone_offset_minutes(&ev.timezone).unwrap_or(0) as i64;
    let today = (now + chrono::Duration::minutes(off)).date_naive();
    let Some(until) = ev
        .retention_until
        .clone()
        .filter(|_| ev.retention_due(today))
    else {
        return Ok(Retention::NotDue);
    };
    let since = crate::ids::fmt_utc(now - chrono::Duration::days(RECENT_DAYS));
    let (people, recent): (i64, i64) = store.conn().query_row(
        "SELECT COUNT(*), COALESCE(SUM(created_at > ?2), 0) FROM participants
          WHERE event_id=?1 AND erased_at IS NULL AND deleted_at IS NULL",
        params![event_id, since],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(match (people, recent) {
        (0, _) => Retention::NotDue,
        (p, 0) => Retention::Due {
            until,
            people: p as usize,
        },
        (p, r) => Retention::DueButRecent {
            until,
            people: p as usize,
            recent: r as usize,
        },
    })
}

/// Erase the personal data of every participant of an event (the retention date has
/// passed); counts by category and gender and attendance stay. Returns how many.
pub fn erase_all(store: &mut Store, event_id: &str) -> Result<usize> {
    crate::events::get(store, event_id)?;
    let n = store.write(|tx| {
        let ids: Vec<(String, String)> = {
            let mut st = tx.prepare("SELECT id, code FROM participants WHERE event_id=?1 AND erased_at IS NULL AND deleted_at IS NULL")?;
            let v = st.query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
            v
        };
        for (id, code) in &ids {
            wipe(tx, id, code)?;
        }
        Ok(ids.len())
    })?;
    log::info!("retention: personal data of {n} participants erased for event {event_id}");
    Ok(n)
}

/// Record the participant's answer to the consent text. Declining removes the optional
/// fields (NIP, phone, e-mail, disability).
/// Record the participant's answer to the consent text. `by` is who recorded it; empty
/// means the person at the desk ([`crate::settings::operator`]).
pub fn record_consent(store: &mut Store, id: &str, given: bool, by: &str) -> Result<Participant> {
    let p = get(store, id)?;
    if p.erased {
        return Err(ParticipantError::Erased.into());
    }
    let by = match by.trim() {
        "" => crate::settings::operator(store),
        named => limited("recorded by", named, MAX_TEXT)?,
    };
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "UPDATE participants SET consent=?2, consent_at=?3, consent_version=?4, consent_by=?5, updated_at=?3, hlc=?6, origin=?7
             WHERE id=?1",
            params![id, given as i64, s.now, CONSENT_VERSION, by, s.hlc, s.origin],
        )?;
        if !given {
            tx.execute("UPDATE participants SET nip=NULL, phone=NULL, email=NULL, disability=NULL WHERE id=?1", [id])?;
        }
        Ok(())
    })?;
    get(store, id)
}
