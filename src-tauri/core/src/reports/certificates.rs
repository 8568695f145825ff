//! Certificates: of participation (one page each, only for people who attended, by the
//! rule the user chooses) and of appreciation for the award winners.

use super::layout::{self, Align, Doc};
use crate::attendance;
use crate::awards;
use crate::db::Store;
use crate::error::Result;
use crate::events::{self, Event};
use crate::i18n::{self, Lang};
use crate::participants;

/// Who gets a certificate of participation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// attended at least one day
    AnyDay,
    /// attended every day of the event
    AllDays,
}

impl Rule {
    pub fn parse(s: &str) -> Option<Rule> {
        match s.trim() {
            "any" | "any-day" | "any_day" => Some(Rule::AnyDay),
            "all" | "all-days" | "all_days" => Some(Rule::AllDays),
            _ => None,
        }
    }
}

/// The role a certificate names for a participant category.
pub fn role_of(category: &str) -> &'static str {
    match category {
        "master_trainer" => "Master Trainer",
        "fasilitator_daerah" => "Fasilitator Daerah",
        "narasumber" => "Narasumber",
        "panitia" => "Panitia",
        _ => "Peserta",
    }
}

fn dates(ev: &Event) -> String {
    let (a, b) = (ev.start(), ev.date_of_day(ev.days));
    if a == b {
        i18n::short_date(a, Lang::Id)
    } else {
        format!(
            "{} s.d. {}",
            i18n::short_date(a, Lang::Id),
            i18n::short_date(b, Lang::Id)
        )
    }
}

struct Page<'a> {
    title: &'a str,
    lead: &'a str,
    name: &'a str,
    sub: &'a str,
    as_what: String,
}

fn page(doc: &mut Doc, ev: &Event, signature: Option<usize>, pg: &Page) {
    let (w, h) = (doc.width, doc.height);
    doc.rect(8.0, 8.0, w - 16.0, h - 16.0, None, Some(0.2));
    doc.rect(10.5, 10.5, w - 21.0, h - 21.0, None, Some(0.55));
    let cx = 20.0;
    let cw = w - 40.0;
    let mut y = 30.0;
    doc.text_in(cx, y, cw, 30.0, true, Align::Center, pg.title);
    y += 16.0;
    doc.text_in(cx, y, cw, 12.0, false, Align::Center, pg.lead);
    y += 10.0;
    let mut size = 26.0;
    while layout::face(true).width(&layout::printable(pg.name), size) > cw - 10.0 && size > 14.0 {
        size -= 1.0;
    }
    for l in layout::wrap(&layout::printable(pg.name), size, true, cw - 10.0)
        .iter()
        .take(2)
    {
        doc.text_in(cx, y, cw, size, true, Align::Center, l);
        y += layout::line_height(size);
    }
    doc.line(w / 2.0 - 70.0, y + 1.0, w / 2.0 + 70.0, y + 1.0, 0.3);
    y += 4.0;
    if !pg.sub.is_empty() {
        doc.text_in(cx, y, cw, 12.0, false, Align::Center, pg.sub);
        y += 9.0;
    } else {
        y += 4.0;
    }
    let body = format!(
        "{} pada kegiatan {}{} di {} pada tanggal {}.",
        pg.as_what,
        ev.title,
        if ev.organiser.is_empty() {
            String::new()
        } else {
            format!(" yang diselenggarakan oleh {}", ev.organiser)
        },
        [
            ev.venue.as_str(),
            ev.regency_name.as_str(),
            ev.province_name.as_str()
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", "),
        dates(ev)
    );
    for l in layout::wrap(&layout::printable(&body), 12.5, false, cw - 40.0) {
        doc.text_in(cx, y, cw, 12.5, false, Align::Center, &l);
        y += layout::line_height(12.5) + 0.6;
    }
    // signer
    let bx = w - 20.0 - 85.0;
    let mut sy = h - 68.0;
    let city = if ev.regency_name.is_empty() {
        &ev.province_name
    } else {
        &ev.regency_name
    };
    doc.text_in(
        bx,
        sy,
        85.0,
        11.0,
        false,
        Align::Center,
        &format!(
            "{city}, {}",
            i18n::short_date(ev.date_of_day(ev.days), Lang::Id)
        ),
    );
    sy += 5.5;
    doc.text_in(
        bx,
        sy,
        85.0,
        11.0,
        false,
        Align::Center,
        if ev.signer_role.is_empty() {
            "Ketua Panitia"
        } else {
            &ev.signer_role
        },
    );
    sy += 4.0;
    if let Some(idx) = signature {
        doc.place(idx, bx + 15.0, sy, 55.0, 20.0);
    }
    sy += 22.0;
    let name = if ev.signer_name.is_empty() {
        "(...................................)"
    } else {
        &ev.signer_name
    };
    doc.text_in(bx, sy, 85.0, 11.0, true, Align::Center, name);
    sy += 5.5;
    if !ev.signer_nip.is_empty() {
        doc.text_in(
            bx,
            sy,
            85.0,
            10.0,
            false,
            Align::Center,
            &format!("NIP. {}", ev.signer_nip),
        );
    }
}

/// Certificates of participation for the people who meet `rule`; with `winners`,
/// certificates of appreciation for the award winners instead.
pub fn build(store: &Store, event_id: &str, rule: Rule, winners: bool) -> Result<(Vec<u8>, usize)> {
    let ev = events::get(store, event_id)?;
    let mut doc = Doc::new(297.0, 210.0, 10.0, &format!("Sertifikat {}", ev.title));
    let signature = match events::signer_signature(store, &ev.id)? {
        Some(png) => layout::signature_image(&png, 400, 150).map(|img| doc.add_image(img)),
        None => None,
    };
    let mut count = 0;
    if winners {
        for (category, nominee) in awards::winners(store, event_id)? {
            if count > 0 {
                doc.new_page();
            }
            let sub = nominee.regency.clone();
            page(
                &mut doc,
                &ev,
                signature,
                &Page {
                    title: "PIAGAM PENGHARGAAN",
                    lead: "diberikan kepada",
                    name: &nominee.institution,
                    sub: &sub,
                    as_what: format!("sebagai {category}"),
                },
            );
            count += 1;
        }
    } else {
        let days = attendance::days_attended(store, event_id)?;
        for p in participants::list(store, event_id)? {
            let n = days.get(&p.id).copied().unwrap_or(0);
            let ok = match rule {
                Rule::AnyDay => n >= 1,
                Rule::AllDays => n >= ev.days,
            };
            if !ok || p.erased {
                continue;
            }
            if count > 0 {
                doc.new_page();
            }
            page(
                &mut doc,
                &ev,
                signature,
                &Page {
                    title: "SERTIFIKAT",
                    lead: "diberikan kepada",
                    name: &p.name,
                    sub: &p.institution,
                    as_what: format!("sebagai {}", role_of(&p.category)),
                },
            );
            count += 1;
        }
    }
    if count == 0 {
        return Err(super::ReportError::NoCertificates { winners }.into());
    }
    Ok((doc.finish().map_err(super::pdf_error)?, count))
}
