//! The analysts' workbook (one XLSX, a sheet per subject) and the national summary PDF,
//! both from the dashboard's figures and the merged records. Personal contact fields
//! (phone, NIP, e-mail) are never in them; an erased person's name is not either.

use super::dashboard::{self, Dashboard, Filter};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::reports::layout::{Align, Cell, Column, Doc, Paper, Table, TableStyle};
use crate::Lang;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::figures::xlsx_error as xerr;

fn sheet(wb: &mut Workbook, name: &str, head: &[&str]) -> Result<()> {
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(name).map_err(xerr)?;
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xerr)?;
        ws.set_column_width(c as u16, 16).map_err(xerr)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xerr)?;
    Ok(())
}

/// A cell: numbers as numbers (analysts sum them), the rest as text.
enum V {
    S(String),
    N(f64),
}

fn put(ws: &mut Worksheet, row: u32, vals: Vec<V>) -> Result<()> {
    for (c, v) in vals.into_iter().enumerate() {
        match v {
            V::S(s) => ws.write_string(row, c as u16, s).map_err(xerr)?,
            V::N(n) => ws.write_number(row, c as u16, n).map_err(xerr)?,
        };
    }
    Ok(())
}

fn s(v: impl Into<String>) -> V {
    V::S(v.into())
}
fn n(v: impl Into<f64>) -> V {
    V::N(v.into())
}

fn event_ids(d: &Dashboard) -> Vec<String> {
    d.provinces.iter().map(|p| p.event_id.clone()).collect()
}

/// Sheet names in the workbook, in order.
pub const SHEETS: [&str; 7] = [
    "Ringkasan",
    "Provinsi",
    "Peserta",
    "Kehadiran",
    "Rencana tindak lanjut",
    "Penghargaan",
    // the tidy table keeps the name the one-sheet report gave it, for scripts that read it by name
    "PLM",
];

/// The national workbook for a filter.
pub fn xlsx(store: &Store, filter: &Filter) -> Result<Vec<u8>> {
    let d = dashboard::dashboard(store, filter)?;
    let ids = event_ids(&d);
    let mut wb = Workbook::new();

    sheet(&mut wb, SHEETS[0], &["ukuran / measure", "nilai / value"])?;
    {
        let ws = wb.worksheet_from_name(SHEETS[0]).map_err(xerr)?;
        let mut rows: Vec<(String, f64)> = vec![
            ("kegiatan / events".into(), d.events as f64),
            ("peserta / participants".into(), d.participants as f64),
            (
                "penyandang disabilitas / with disability".into(),
                d.with_disability as f64,
            ),
            (
                "catatan pembelajaran / learning notes".into(),
                d.notes as f64,
            ),
            ("kisah dampak / impact stories".into(), d.stories as f64),
        ];
        for c in d.by_category.iter().filter(|c| c.total > 0) {
            rows.push((format!("peserta {} L", c.label), c.l as f64));
            rows.push((format!("peserta {} P", c.label), c.p as f64));
            rows.push((
                format!("peserta {} (tidak diisi)", c.label),
                c.unknown as f64,
            ));
        }
        for (i, (k, v)) in rows.into_iter().enumerate() {
            put(ws, i as u32 + 1, vec![s(k), n(v)])?;
        }
    }

    sheet(
        &mut wb,
        SHEETS[1],
        &[
            "kode",
            "provinsi",
            "gelombang",
            "kegiatan",
            "tanggal mulai",
            "peserta",
            "kehadiran %",
            "butir RTL",
            "catatan",
            "kisah",
            "pemenang",
        ],
    )?;
    {
        let ws = wb.worksheet_from_name(SHEETS[1]).map_err(xerr)?;
        for (i, p) in d.provinces.iter().enumerate() {
            put(
                ws,
                i as u32 + 1,
                vec![
                    s(&p.code),
                    s(&p.name),
                    p.wave.map(|w| n(w as f64)).unwrap_or(s("")),
                    s(&p.event),
                    s(&p.start_date),
                    n(p.participants as f64),
                    n(p.attendance_percent),
                    n(p.plan_items as f64),
                    n(p.notes as f64),
                    n(p.stories as f64),
                    s(p.winners
                        .iter()
                        .map(|w| format!("{}: {}", w.category, w.institution))
                        .collect::<Vec<_>>()
                        .join("; ")),
                ],
            )?;
        }
    }

    let c = store.conn();
    let inn = vec!["?"; ids.len().max(1)].join(",");
    let ids_or_none: Vec<String> = if ids.is_empty() {
        vec![String::new()]
    } else {
        ids.clone()
    };
    sheet(
        &mut wb,
        SHEETS[2],
        &[
            "provinsi",
            "kegiatan",
            "kode",
            "nama",
            "L/P",
            "kategori",
            "instansi",
            "jabatan",
            "kabupaten/kota",
            "disabilitas",
            "hari hadir",
        ],
    )?;
    {
        let ws = wb.worksheet_from_name(SHEETS[2]).map_err(xerr)?;
        let mut st = c.prepare(&format!(
            "SELECT e.province_name, e.title, p.code, p.name, p.erased_at IS NOT NULL, coalesce(p.gender, ''), p.category,
                    p.institution, p.position, p.regency, coalesce(p.disability, ''),
                    (SELECT count(DISTINCT a.day) FROM attendance a WHERE a.participant_id = p.id AND a.deleted_at IS NULL)
             FROM participants p JOIN events e ON e.id = p.event_id
             WHERE p.deleted_at IS NULL AND p.event_id IN ({inn}) ORDER BY e.province_code, e.start_date, p.code"
        ))?;
        let mut rows = st.query(rusqlite::params_from_iter(ids_or_none.iter()))?;
        let mut i = 1;
        while let Some(r) = rows.next()? {
            let erased: bool = r.get(4)?;
            let g = |k: usize| -> rusqlite::Result<String> { r.get(k) };
            put(
                ws,
                i,
                vec![
                    s(g(0)?),
                    s(g(1)?),
                    s(g(2)?),
                    // erased: the record stays counted, the name does not travel
                    s(if erased { String::new() } else { g(3)? }),
                    s(g(5)?),
                    s(crate::participants::category_label(&g(6)?)),
                    s(if erased { String::new() } else { g(7)? }),
                    s(if erased { String::new() } else { g(8)? }),
                    s(g(9)?),
                    s(if erased { String::new() } else { g(10)? }),
                    n(r.get::<_, i64>(11)? as f64),
                ],
            )?;
            i += 1;
        }
    }

    sheet(
        &mut wb,
        SHEETS[3],
        &[
            "provinsi",
            "kegiatan",
            "hari",
            "hadir",
            "terdaftar",
            "persen",
        ],
    )?;
    {
        let ws = wb.worksheet_from_name(SHEETS[3]).map_err(xerr)?;
        let mut i = 1;
        for id in &ids {
            let ev = crate::events::get(store, id)?;
            for day in 1..=ev.days {
                let sm = crate::attendance::day_summary(store, id, day)?;
                let pct = if sm.expected > 0 {
                    (sm.present as f64 * 1000.0 / sm.expected as f64).round() / 10.0
                } else {
                    0.0
                };
                put(
                    ws,
                    i,
                    vec![
                        s(&ev.province_name),
                        s(&ev.title),
                        n(day as f64),
                        n(sm.present as f64),
                        n(sm.expected as f64),
                        n(pct),
                    ],
                )?;
                i += 1;
            }
        }
    }

    sheet(
        &mut wb,
        SHEETS[4],
        &[
            "provinsi",
            "kegiatan",
            "instansi",
            "kegiatan RTL",
            "strategi",
            "status",
            "sasaran",
            "waktu mulai",
            "waktu selesai",
            "indikator",
        ],
    )?;
    {
        let ws = wb.worksheet_from_name(SHEETS[4]).map_err(xerr)?;
        let mut st = c.prepare(&format!(
            "SELECT e.province_name, e.title, p.institution, i.activity, i.strategy, i.status, i.target_group,
                    coalesce(i.when_from, ''), coalesce(i.when_to, ''), i.indicator
             FROM plan_items i JOIN plans p ON p.id = i.plan_id JOIN events e ON e.id = p.event_id
             WHERE i.deleted_at IS NULL AND p.deleted_at IS NULL AND p.event_id IN ({inn})
             ORDER BY e.province_code, p.institution, i.position"
        ))?;
        let mut rows = st.query(rusqlite::params_from_iter(ids_or_none.iter()))?;
        let mut i = 1;
        while let Some(r) = rows.next()? {
            let vals = (0..10)
                .map(|k| r.get::<_, String>(k).map(s))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            put(ws, i, vals)?;
            i += 1;
        }
    }

    sheet(
        &mut wb,
        SHEETS[5],
        &["provinsi", "kegiatan", "kategori", "pemenang"],
    )?;
    {
        let ws = wb.worksheet_from_name(SHEETS[5]).map_err(xerr)?;
        let mut i = 1;
        for p in &d.provinces {
            for w in &p.winners {
                put(
                    ws,
                    i,
                    vec![s(&p.name), s(&p.event), s(&w.category), s(&w.institution)],
                )?;
                i += 1;
            }
        }
    }

    // the tidy table (as the CSV), for pivot tables
    let figures: Vec<super::Figure> = super::national(store)?
        .into_iter()
        .filter(|f| ids.contains(&f.event_id))
        .collect();
    let ws = wb.add_worksheet();
    ws.set_name(SHEETS[6]).map_err(xerr)?;
    super::figures::write_tidy(ws, &figures)?;
    wb.save_to_buffer().map_err(xerr)
}

fn filter_line(f: &Filter, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(y) = f.year {
        parts.push(lang.pick(format!("tahun {y}"), format!("year {y}")));
    }
    if let Some(w) = f.wave {
        parts.push(lang.pick(format!("gelombang {w}"), format!("wave {w}")));
    }
    if let Some(p) = &f.province {
        parts.push(
            crate::places::find_province(p)
                .map(|p| p.name.to_string())
                .unwrap_or_else(|| p.clone()),
        );
    }
    if parts.is_empty() {
        lang.pick("semua kegiatan".into(), "all events".into())
    } else {
        parts.join(" · ")
    }
}

/// The national summary as a PDF of a few pages: totals, participants per province as
/// bars, people by category and gender, attendance per day, the strategy x status grid,
/// and every province's row.
pub fn pdf(store: &Store, filter: &Filter, lang: Lang) -> Result<Vec<u8>> {
    let d = dashboard::dashboard(store, filter)?;
    let t = |id: &str, en: &str| lang.pick(id.to_string(), en.to_string());
    let (pw, ph) = Paper::A4.size();
    let mut doc = Doc::new(
        pw,
        ph,
        15.0,
        &t("Gambaran nasional PLM", "PLM national picture"),
    );
    let (x, w) = (doc.margin, doc.content_width());
    let y = doc.y;
    doc.text_in(
        x,
        y,
        w,
        15.0,
        true,
        Align::Center,
        &t(
            "GAMBARAN NASIONAL PEER LEARNING MEETING",
            "PEER LEARNING MEETING: THE NATIONAL PICTURE",
        ),
    );
    doc.y += 8.0;
    doc.paragraph(10.0, false, Align::Center, &filter_line(filter, lang));
    doc.y += 3.0;
    doc.paragraph(
        10.0,
        false,
        Align::Left,
        &lang.pick(
            format!(
                "{} kegiatan, {} peserta ({} penyandang disabilitas), {} catatan pembelajaran, {} kisah dampak, {} butir rencana tindak lanjut.",
                d.events, d.participants, d.with_disability, d.notes, d.stories,
                d.strategies.iter().map(|s| s.planned + s.in_progress + s.done + s.dropped).sum::<i64>()
            ),
            format!(
                "{} events, {} participants ({} with a disability), {} learning notes, {} impact stories, {} follow-up items.",
                d.events, d.participants, d.with_disability, d.notes, d.stories,
                d.strategies.iter().map(|s| s.planned + s.in_progress + s.done + s.dropped).sum::<i64>()
            ),
        ),
    );
    doc.y += 3.0;

    // bars: participants per province
    doc.paragraph(
        11.0,
        true,
        Align::Left,
        &t("Peserta per provinsi", "Participants per province"),
    );
    let max = d
        .provinces
        .iter()
        .map(|p| p.participants)
        .max()
        .unwrap_or(0)
        .max(1) as f32;
    let label_w = 52.0;
    let bar_w = w - label_w - 22.0;
    for p in &d.provinces {
        if doc.y + 6.0 > doc.bottom() {
            doc.new_page();
        }
        let y = doc.y;
        doc.text_in(x, y, label_w - 2.0, 8.0, false, Align::Left, &p.name);
        let len = bar_w * p.participants as f32 / max;
        // text is placed by its top: the bar spans the line of 8 pt text beside it
        doc.rect(x + label_w, y + 0.2, len.max(0.3), 3.2, Some(0.35), None);
        doc.text(
            x + label_w + len + 2.0,
            y,
            8.0,
            false,
            &format!("{} · {:.1}%", p.participants, p.attendance_percent),
        );
        doc.y += 5.5;
    }
    doc.y += 4.0;

    let style = TableStyle::default();
    let people = Table {
        columns: vec![
            Column::new(t("Kategori", "Category"), w - 4.0 * 22.0),
            Column::new("L", 22.0).centered(),
            Column::new("P", 22.0).centered(),
            Column::new(t("Tidak diisi", "Not given"), 22.0).centered(),
            Column::new(t("Jumlah", "Total"), 22.0).centered(),
        ],
        style,
        on_new_page: None,
    };
    if doc.y + 40.0 > doc.bottom() {
        doc.new_page();
    }
    doc.paragraph(
        11.0,
        true,
        Align::Left,
        &t(
            "Peserta menurut kategori dan jenis kelamin",
            "Participants by category and gender",
        ),
    );
    people.header(&mut doc);
    for c in d.by_category.iter().filter(|c| c.total > 0) {
        people.row(
            &mut doc,
            &[
                c.label.clone().into(),
                c.l.to_string().into(),
                c.p.to_string().into(),
                c.unknown.to_string().into(),
                c.total.to_string().into(),
            ],
            None,
        );
    }
    doc.y += 4.0;

    let days = Table {
        columns: vec![
            Column::new(t("Hari", "Day"), 30.0),
            Column::new(t("Hadir", "Present"), 40.0).centered(),
            Column::new(t("Terdaftar", "Registered"), 40.0).centered(),
            Column::new("%", 30.0).centered(),
        ],
        style: TableStyle::default(),
        on_new_page: None,
    };
    if doc.y + 30.0 > doc.bottom() {
        doc.new_page();
    }
    doc.paragraph(
        11.0,
        true,
        Align::Left,
        &t("Kehadiran per hari", "Attendance per day"),
    );
    days.header(&mut doc);
    for r in &d.days {
        let pct = if r.expected > 0 {
            r.present as f64 * 100.0 / r.expected as f64
        } else {
            0.0
        };
        days.row(
            &mut doc,
            &[
                r.day.to_string().into(),
                r.present.to_string().into(),
                r.expected.to_string().into(),
                format!("{pct:.1}").into(),
            ],
            None,
        );
    }
    doc.y += 4.0;

    let grid = Table {
        columns: vec![
            Column::new(t("Strategi TPBIS", "TPBIS strategy"), w - 4.0 * 26.0),
            Column::new(t("Rencana", "Planned"), 26.0).centered(),
            Column::new(t("Berjalan", "In progress"), 26.0).centered(),
            Column::new(t("Selesai", "Done"), 26.0).centered(),
            Column::new(t("Batal", "Dropped"), 26.0).centered(),
        ],
        style: TableStyle::default(),
        on_new_page: None,
    };
    if doc.y + 40.0 > doc.bottom() {
        doc.new_page();
    }
    doc.paragraph(
        11.0,
        true,
        Align::Left,
        &t(
            "Rencana tindak lanjut: strategi x status",
            "Follow-up plans: strategy x status",
        ),
    );
    grid.header(&mut doc);
    for r in &d.strategies {
        grid.row(
            &mut doc,
            &[
                r.strategy.label(lang).to_string().into(),
                r.planned.to_string().into(),
                r.in_progress.to_string().into(),
                r.done.to_string().into(),
                r.dropped.to_string().into(),
            ],
            None,
        );
    }
    doc.y += 4.0;

    let prov = Table {
        columns: vec![
            Column::new(t("Provinsi", "Province"), 40.0),
            Column::new(t("Gel.", "Wave"), 12.0).centered(),
            Column::new(t("Peserta", "People"), 18.0).centered(),
            Column::new(t("Hadir %", "Present %"), 18.0).centered(),
            Column::new(t("RTL", "Items"), 14.0).centered(),
            Column::new(t("Pemenang penghargaan", "Award winners"), w - 102.0),
        ],
        style: TableStyle::default(),
        on_new_page: None,
    };
    if doc.y + 30.0 > doc.bottom() {
        doc.new_page();
    }
    doc.paragraph(11.0, true, Align::Left, &t("Per provinsi", "By province"));
    prov.header(&mut doc);
    for p in &d.provinces {
        prov.row(
            &mut doc,
            &[
                Cell {
                    text: p.name.clone(),
                    small: p.start_date.clone(),
                    bold: false,
                },
                p.wave.map(|w| w.to_string()).unwrap_or_default().into(),
                p.participants.to_string().into(),
                format!("{:.1}", p.attendance_percent).into(),
                p.plan_items.to_string().into(),
                p.winners
                    .iter()
                    .map(|w| format!("{}: {}", w.category, w.institution))
                    .collect::<Vec<_>>()
                    .join("; ")
                    .into(),
            ],
            None,
        );
    }
    let made = chrono::Local::now().format("%Y-%m-%d %H:%M").to_string();
    doc.footer(|page, pages| {
        (
            format!("PLM Desk · {} · {made}", filter_line(filter, lang)),
            lang.pick(
                format!("Halaman {page} dari {pages}"),
                format!("Page {page} of {pages}"),
            ),
        )
    });
    doc.finish()
        .map_err(|e| Error::from(crate::reports::ReportError::Pdf(e.to_string())))
}
