//! The activity report (laporan kegiatan): one content model gathered from the event
//! ([`gather`]), written as an editable DOCX ([`docx`]) and as a PDF ([`pdf`]) so both
//! say exactly the same. The background and objectives are text kept with the event,
//! prefilled from templates the user can change ([`texts`]).

pub mod docx;
pub mod pdf;
pub mod texts;

use crate::db::Store;
use crate::error::Result;
use crate::i18n::{self, Lang};
use crate::participants::CATEGORIES;
use crate::{attendance, awards, events, notes, photos, plans};
use serde::Serialize;

/// One piece of the report, in reading order.
#[derive(Debug, Clone)]
pub enum Block {
    /// A numbered chapter title ("1. Latar belakang").
    Heading(String),
    Para(String),
    Bullet(String),
    /// Column titles, relative widths, rows; the last row is bold when `total`.
    Table {
        head: Vec<String>,
        widths: Vec<f32>,
        rows: Vec<Vec<String>>,
        total: bool,
    },
    Photo {
        jpeg: Vec<u8>,
        width: u32,
        height: u32,
        caption: String,
    },
}

#[derive(Debug, Clone)]
pub struct Report {
    pub lang: Lang,
    /// "LAPORAN KEGIATAN"
    pub kind: String,
    pub title: String,
    /// Place and dates, organiser.
    pub cover_lines: Vec<String>,
    pub blocks: Vec<Block>,
    pub signer_city_date: String,
    pub signer_role: String,
    pub signer_name: String,
    pub signer_nip: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportInfo {
    pub pages: usize,
    pub photos: usize,
    pub bytes: usize,
}

/// "Hari ke-2" / "Day 2"
fn day_label(lang: Lang, day: i64) -> String {
    match lang {
        Lang::Id => format!("Hari ke-{day}"),
        Lang::En => format!("Day {day}"),
    }
}

fn tr(lang: Lang, id: &str, en: &str) -> String {
    match lang {
        Lang::Id => id.to_string(),
        Lang::En => en.to_string(),
    }
}

/// Gather everything the report says, in `lang`.
pub fn gather(store: &Store, event_id: &str, lang: Lang) -> Result<Report> {
    let ev = events::get(store, event_id)?;
    let sessions = events::list_sessions(store, event_id)?;
    let people = crate::participants::list(store, event_id)?;
    let t = |id: &str, en: &str| tr(lang, id, en);
    let mut b = Vec::new();
    let mut chapter = 0;
    let mut heading = |b: &mut Vec<Block>, title: String| {
        chapter += 1;
        b.push(Block::Heading(format!("{chapter}. {title}")));
    };

    // background and objectives: the user's text, else the template
    let texts = texts::get(store, event_id, lang)?;
    heading(&mut b, t("Latar belakang", "Background"));
    for p in texts
        .background
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
    {
        b.push(Block::Para(p.trim().to_string()));
    }
    heading(&mut b, t("Tujuan", "Objectives"));
    for line in texts.objectives.lines().filter(|l| !l.trim().is_empty()) {
        let l = line.trim().trim_start_matches(['-', '•', '*']).trim();
        b.push(Block::Bullet(l.to_string()));
    }

    // agenda
    heading(&mut b, t("Jadwal acara", "Agenda"));
    for day in 1..=ev.days {
        b.push(Block::Para(format!(
            "{}: {}",
            day_label(lang, day),
            i18n::long_date(ev.date_of_day(day), lang)
        )));
        let rows: Vec<Vec<String>> = sessions
            .iter()
            .filter(|s| s.day == day)
            .map(|s| {
                vec![
                    super::agenda::time_range(s, &ev),
                    s.title.clone(),
                    s.facilitators.clone(),
                    s.resource_person.clone(),
                ]
            })
            .collect();
        if rows.is_empty() {
            b.push(Block::Para(t("Belum ada sesi.", "No sessions yet.")));
        } else {
            b.push(Block::Table {
                head: vec![
                    t("Waktu", "Time"),
                    t("Acara/Materi", "Session"),
                    t("Fasilitator", "Facilitators"),
                    t("Narasumber", "Resource person"),
                ],
                widths: vec![2.2, 4.5, 2.6, 2.2],
                rows,
                total: false,
            });
        }
    }

    // participants by category and gender
    let live: Vec<_> = people.iter().collect();
    heading(
        &mut b,
        format!(
            "{} ({})",
            t(
                "Peserta menurut kategori dan jenis kelamin",
                "Participants by category and gender"
            ),
            live.len()
        ),
    );
    let mut rows = Vec::new();
    let (mut tl, mut tp, mut tu) = (0, 0, 0);
    for (code, label) in CATEGORIES {
        let of: Vec<_> = live.iter().filter(|p| p.category == code).collect();
        if of.is_empty() {
            continue;
        }
        let l = of
            .iter()
            .filter(|p| p.gender.as_deref() == Some("L"))
            .count();
        let p = of
            .iter()
            .filter(|p| p.gender.as_deref() == Some("P"))
            .count();
        let u = of.len() - l - p;
        tl += l;
        tp += p;
        tu += u;
        rows.push(vec![
            label.to_string(),
            l.to_string(),
            p.to_string(),
            u.to_string(),
            of.len().to_string(),
        ]);
    }
    rows.push(vec![
        t("Jumlah", "Total"),
        tl.to_string(),
        tp.to_string(),
        tu.to_string(),
        live.len().to_string(),
    ]);
    b.push(Block::Table {
        head: vec![
            t("Kategori", "Category"),
            t("L", "M"),
            t("P", "F"),
            t("Tidak diisi", "Not given"),
            t("Jumlah", "Total"),
        ],
        widths: vec![5.0, 1.2, 1.2, 1.8, 1.5],
        rows,
        total: true,
    });
    let disabled = live
        .iter()
        .filter(|p| {
            p.disability
                .as_deref()
                .is_some_and(|d| !d.trim().is_empty())
        })
        .count();
    if disabled > 0 {
        b.push(Block::Para(format!(
            "{}: {disabled}",
            t(
                "Peserta penyandang disabilitas",
                "Participants with a disability"
            )
        )));
    }

    // attendance per day
    heading(&mut b, t("Kehadiran per hari", "Attendance per day"));
    let mut rows = Vec::new();
    for day in 1..=ev.days {
        let s = attendance::day_summary(store, event_id, day)?;
        let pct = if s.expected > 0 {
            s.present * 100 / s.expected
        } else {
            0
        };
        rows.push(vec![
            format!(
                "{} · {}",
                day_label(lang, day),
                i18n::short_date(ev.date_of_day(day), lang)
            ),
            s.present.to_string(),
            s.expected.to_string(),
            format!("{pct}%"),
            format!("{} / {}", s.male, s.female),
        ]);
    }
    b.push(Block::Table {
        head: vec![
            t("Hari", "Day"),
            t("Hadir", "Present"),
            t("Terdaftar", "Registered"),
            "%".into(),
            t("L / P", "M / F"),
        ],
        widths: vec![4.0, 1.5, 1.7, 1.2, 1.6],
        rows,
        total: false,
    });

    // what was learnt
    heading(&mut b, t("Hasil pembelajaran", "What was learnt"));
    let all_notes = notes::list_notes(store, event_id, None)?;
    if all_notes.is_empty() {
        b.push(Block::Para(t(
            "Belum ada catatan pembelajaran.",
            "No learning notes yet.",
        )));
    }
    for &k in notes::NoteKind::ALL {
        let of: Vec<_> = all_notes.iter().filter(|n| n.kind == k).collect();
        if of.is_empty() {
            continue;
        }
        b.push(Block::Para(format!("{} ({})", k.label(lang), of.len())));
        for n in of {
            let by = if n.raised_by.is_empty() {
                String::new()
            } else {
                format!(" — {}", n.raised_by)
            };
            b.push(Block::Bullet(format!("{}{by}", n.text)));
        }
    }

    // follow-up plans by institution and strategy
    let plan_list = plans::list(store, event_id)?;
    heading(
        &mut b,
        format!(
            "{} ({})",
            t("Rencana tindak lanjut", "Follow-up plans"),
            plan_list.len()
        ),
    );
    let counts = plans::counts_by_strategy(store, event_id)?;
    if !counts.is_empty() {
        b.push(Block::Table {
            head: vec![
                t("Strategi TPBIS", "TPBIS strategy"),
                plans::Status::Planned.label(lang).into(),
                plans::Status::InProgress.label(lang).into(),
                plans::Status::Done.label(lang).into(),
                plans::Status::Dropped.label(lang).into(),
                t("Jumlah", "Total"),
            ],
            widths: vec![4.0, 1.6, 1.4, 1.3, 1.3, 1.3],
            rows: counts
                .iter()
                .map(|c| {
                    vec![
                        c.strategy.label(lang).into(),
                        c.planned.to_string(),
                        c.in_progress.to_string(),
                        c.done.to_string(),
                        c.dropped.to_string(),
                        c.total.to_string(),
                    ]
                })
                .collect(),
            total: false,
        });
    }
    for p in &plan_list {
        let place = if p.regency.is_empty() {
            String::new()
        } else {
            format!(" ({})", p.regency)
        };
        b.push(Block::Para(format!("{}{place}", p.institution)));
        for it in &p.items {
            b.push(Block::Bullet(format!(
                "{} — {}, {} ({})",
                it.activity,
                it.strategy.label(lang),
                it.when_text(lang),
                it.status.label(lang)
            )));
        }
    }

    // awards
    let cats = awards::list(store, event_id)?;
    heading(&mut b, t("Penghargaan", "Awards"));
    if cats.is_empty() {
        b.push(Block::Para(t("Tidak ada penghargaan.", "No awards.")));
    } else {
        let rows = cats
            .iter()
            .map(|c| {
                let ranking = awards::ranking(c);
                let w = c
                    .winner_id
                    .as_deref()
                    .and_then(|w| ranking.iter().find(|r| r.nominee_id == w));
                match w {
                    Some(r) => vec![
                        c.name.clone(),
                        format!(
                            "{}{}",
                            r.institution,
                            if r.regency.is_empty() {
                                String::new()
                            } else {
                                format!(" ({})", r.regency)
                            }
                        ),
                        if r.sheets_complete > 0 {
                            format!("{:.2}", r.score)
                        } else {
                            "—".into()
                        },
                    ],
                    None => vec![
                        c.name.clone(),
                        t("belum ditetapkan", "not decided"),
                        String::new(),
                    ],
                }
            })
            .collect();
        b.push(Block::Table {
            head: vec![
                t("Kategori", "Category"),
                t("Pemenang", "Winner"),
                t("Nilai", "Score"),
            ],
            widths: vec![4.0, 5.0, 1.5],
            rows,
            total: false,
        });
    }

    // impact stories the person agreed to publish
    let stories = notes::list_stories(store, event_id)?;
    let shown: Vec<_> = stories.iter().filter(|s| s.publishable).collect();
    heading(&mut b, t("Kisah dampak", "Impact stories"));
    if shown.is_empty() {
        b.push(Block::Para(t(
            "Tidak ada kisah dampak yang boleh dipublikasikan.",
            "No impact story may be published.",
        )));
    }
    for s in &shown {
        let who = [s.person.as_str(), s.service.as_str()]
            .iter()
            .filter(|x| !x.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        b.push(Block::Para(if who.is_empty() {
            s.title.clone()
        } else {
            format!("{} ({who})", s.title)
        }));
        b.push(Block::Para(s.story.clone()));
    }
    if stories.len() > shown.len() {
        b.push(Block::Para(format!(
            "{} {}",
            stories.len() - shown.len(),
            t(
                "kisah lain dicatat tanpa izin publikasi dan tidak dimuat.",
                "other stories were noted without consent to publish and are not included."
            )
        )));
    }

    // photos
    let pics = photos::for_report(store, event_id)?;
    heading(&mut b, t("Dokumentasi", "Photos"));
    if pics.is_empty() {
        b.push(Block::Para(t("Tidak ada foto.", "No photos.")));
    }
    for (p, jpeg) in pics {
        let session = p
            .session_id
            .as_deref()
            .and_then(|id| sessions.iter().find(|s| s.id == id))
            .map(|s| format!(" ({}, {})", day_label(lang, s.day).to_lowercase(), s.title))
            .unwrap_or_default();
        b.push(Block::Photo {
            jpeg,
            width: p.width,
            height: p.height,
            caption: format!("{}{session}", p.caption),
        });
    }

    // appendices
    heading(&mut b, t("Lampiran", "Appendices"));
    for day in 1..=ev.days {
        b.push(Block::Bullet(format!(
            "{}, {} ({})",
            t("Daftar hadir bertanda tangan", "Signed attendance sheet"),
            day_label(lang, day).to_lowercase(),
            i18n::short_date(ev.date_of_day(day), lang)
        )));
    }
    b.push(Block::Bullet(t(
        "Rencana tindak lanjut (RTL) per lembaga",
        "Follow-up plans (RTL) per institution",
    )));
    b.push(Block::Bullet(t(
        "Daftar penerimaan uang transport/paket",
        "Allowance receipt list",
    )));
    b.push(Block::Bullet(t("Jadwal acara", "Agenda")));

    let place = ev.place_line();
    let when = if ev.days == 1 {
        i18n::long_date(ev.start(), lang)
    } else {
        format!(
            "{} – {}",
            i18n::short_date(ev.start(), lang),
            i18n::short_date(ev.date_of_day(ev.days), lang)
        )
    };
    let city = if ev.regency_name.is_empty() {
        ev.province_name.clone()
    } else {
        ev.regency_name.clone()
    };
    Ok(Report {
        lang,
        kind: t("LAPORAN KEGIATAN", "ACTIVITY REPORT"),
        title: ev.title.clone(),
        cover_lines: [
            place,
            when,
            ev.wave
                .map(|w| format!("{} {w}", t("Gelombang", "Wave")))
                .unwrap_or_default(),
            ev.organiser.clone(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect(),
        blocks: b,
        signer_city_date: format!(
            "{city}, {}",
            i18n::short_date(ev.date_of_day(ev.days), lang)
        ),
        signer_role: if ev.signer_role.is_empty() {
            t("Ketua Panitia", "Head of the committee")
        } else {
            ev.signer_role.clone()
        },
        signer_name: ev.signer_name.clone(),
        signer_nip: ev.signer_nip.clone(),
    })
}

/// The report as DOCX and as PDF, in `lang`.
pub fn build_docx(store: &Store, event_id: &str, lang: Lang) -> Result<(Vec<u8>, ReportInfo)> {
    docx::render(&gather(store, event_id, lang)?)
}

pub fn build_pdf(store: &Store, event_id: &str, lang: Lang) -> Result<(Vec<u8>, ReportInfo)> {
    pdf::render(&gather(store, event_id, lang)?)
}
