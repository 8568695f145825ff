//! The report's own words: background and objectives, kept with the event. Until the
//! facilitator writes them, they come from a template (a setting the user can change)
//! with the event's title, province and dates filled in.

use crate::db::Store;
use crate::error::Result;
use crate::i18n::{self, Lang};
use crate::{events, ids, settings};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

const BACKGROUND_TEMPLATE: settings::Key = settings::Key::ReportBackgroundTemplate;
const OBJECTIVES_TEMPLATE: settings::Key = settings::Key::ReportObjectivesTemplate;
const MAX: usize = 20_000;

fn default_background(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "Program Transformasi Perpustakaan Berbasis Inklusi Sosial (TPBIS) mendorong perpustakaan menjadi pusat kegiatan masyarakat yang meningkatkan kualitas hidup. Peer Learning Meeting (PLM) mempertemukan pengelola perpustakaan provinsi, kabupaten/kota dan desa untuk saling belajar dari capaian, kendala dan solusi, lalu menyusun rencana tindak lanjut.\n\n{title} diselenggarakan di {place} pada {dates}.",
        Lang::En => "The library transformation programme for social inclusion (TPBIS) helps libraries become centres of community activity that improve people's lives. A Peer Learning Meeting (PLM) brings together provincial, district and village librarians to learn from each other's achievements, obstacles and solutions, and to draw up follow-up plans.\n\n{title} was held at {place} on {dates}.",
    }
}

fn default_objectives(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "Berbagi capaian, kendala dan solusi pelaksanaan TPBIS antarperpustakaan.\nMenyusun rencana tindak lanjut (RTL) setiap lembaga.\nMemberikan penghargaan kepada perpustakaan dan mitra terbaik.\nMenghimpun kisah dampak dari penerima manfaat.",
        Lang::En => "Share achievements, obstacles and solutions in carrying out TPBIS between libraries.\nDraw up each institution's follow-up plan (RTL).\nGive awards to the best libraries and partners.\nCollect impact stories from beneficiaries.",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Texts {
    pub background: String,
    pub objectives: String,
    /// True while the text is the template's (nothing written for this event yet).
    #[serde(default)]
    pub from_template: bool,
}

fn fill(template: &str, ev: &events::Event, lang: Lang) -> String {
    let dates = if ev.days == 1 {
        i18n::long_date(ev.start(), lang)
    } else {
        format!(
            "{} – {}",
            i18n::short_date(ev.start(), lang),
            i18n::short_date(ev.date_of_day(ev.days), lang)
        )
    };
    template
        .replace("{title}", &ev.title)
        .replace("{place}", &ev.place_line())
        .replace("{province}", &ev.province_name)
        .replace("{dates}", &dates)
}

/// The templates in force (the user's, else the built-in ones).
pub fn templates(store: &Store, lang: Lang) -> Result<(String, String)> {
    Ok((
        settings::get(store, BACKGROUND_TEMPLATE)?
            .unwrap_or_else(|| default_background(lang).to_string()),
        settings::get(store, OBJECTIVES_TEMPLATE)?
            .unwrap_or_else(|| default_objectives(lang).to_string()),
    ))
}

pub fn set_templates(store: &mut Store, background: &str, objectives: &str) -> Result<()> {
    check(background, objectives)?;
    settings::set(store, BACKGROUND_TEMPLATE, background.trim())?;
    settings::set(store, OBJECTIVES_TEMPLATE, objectives.trim())
}

pub fn get(store: &Store, event_id: &str, lang: Lang) -> Result<Texts> {
    let ev = events::get(store, event_id)?;
    let kept: Option<(Option<String>, Option<String>)> = store
        .conn()
        .query_row(
            "SELECT background, objectives FROM event_papers WHERE event_id=?1",
            [event_id],
            |r| Ok((r.get("background")?, r.get("objectives")?)),
        )
        .optional()?;
    let (bg_t, obj_t) = templates(store, lang)?;
    let (bg, obj) = kept.unwrap_or((None, None));
    Ok(Texts {
        from_template: bg.is_none() && obj.is_none(),
        background: bg.unwrap_or_else(|| fill(&bg_t, &ev, lang)),
        objectives: obj.unwrap_or_else(|| fill(&obj_t, &ev, lang)),
    })
}

fn check(background: &str, objectives: &str) -> Result<()> {
    for (field, v) in [("background", background), ("objectives", objectives)] {
        if v.chars().count() > MAX {
            return Err(crate::reports::ReportError::TextTooLong { field, max: MAX }.into());
        }
    }
    Ok(())
}

pub fn set(store: &mut Store, event_id: &str, background: &str, objectives: &str) -> Result<Texts> {
    events::get(store, event_id)?;
    check(background, objectives)?;
    store.write(|tx| {
        tx.execute(
            "INSERT INTO event_papers (event_id, background, objectives, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (event_id) DO UPDATE SET background=excluded.background,
               objectives=excluded.objectives, updated_at=excluded.updated_at",
            params![event_id, background.trim(), objectives.trim(), ids::now_utc()],
        )?;
        Ok(())
    })?;
    get(store, event_id, settings::language(store))
}
