"""Every screen, in both languages, at 1366x768 with a realistic event (80 people with long
Indonesian names and institutions, three sessions a day): every visible button, link and
field can be reached (the element under its centre, once scrolled into view, is the
element itself or inside it), and no view scrolls sideways."""
import pytest

from conftest import ROOT, cli

ROUTES = ["home", "event", "agenda", "desk", "participants", "notes", "plans", "awards", "reports", "papers", "datafile", "help"]

CHECK = r"""
const out = [];
const view = document.getElementById('view');
const scroller = document.scrollingElement;
if (scroller.scrollWidth > scroller.clientWidth + 1) out.push('the page scrolls sideways: ' + scroller.scrollWidth + ' > ' + scroller.clientWidth);
for (const el of document.querySelectorAll('main *, #view *')) {
  if (el.scrollWidth > el.clientWidth + 2 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)) {
    out.push('scrolls sideways: ' + (el.id || el.className || el.tagName));
  }
}
const controls = [...document.querySelectorAll('#view button, #view a[href], #view input, #view select, #view textarea, #nav button')]
  .filter((el) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return r.width > 2 && r.height > 2 && cs.visibility !== 'hidden' && cs.display !== 'none' && !el.closest('[hidden]');
  });
for (const el of controls) {
  el.scrollIntoView({ block: 'center', inline: 'center' });
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y);
  const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
  const ok = hit && (hit === el || el.contains(hit) || (label && (hit === label || label.contains(hit))) || (hit.tagName === 'LABEL' && hit.contains(el)));
  if (!ok) {
    const name = (el.id ? '#' + el.id : el.tagName.toLowerCase()) + ' "' + (el.textContent || el.placeholder || el.value || '').trim().slice(0, 40) + '"';
    const what = hit ? ((hit.id ? '#' + hit.id : hit.tagName.toLowerCase()) + '.' + (hit.className || '')) : 'nothing';
    out.push(name + ' is covered by ' + what);
  }
}
window.scrollTo(0, 0);
return out;
"""


def seed(data_dir):
    ev = cli(data_dir, "event", "create", "--title", "Peer Learning Meeting Provinsi Kalimantan Selatan Gelombang III Tahun 2022",
             "--province", "63", "--city", "Banjarbaru", "--venue", "Hotel Aston Banua Banjarmasin, Ruang Intan Permata",
             "--start", "2022-07-05", "--days", "3", "--wave", "3", "--organiser", "Perpustakaan Nasional Republik Indonesia")
    titles = ["Pembukaan dan pengarahan dari Dinas Perpustakaan dan Kearsipan Provinsi",
              "Presentasi capaian perpustakaan desa: layanan informasi, pelibatan masyarakat, advokasi, publikasi",
              "Diskusi kelompok: kendala dan solusi, dilanjutkan penyusunan rencana tindak lanjut"]
    for day in ("1", "2", "3"):
        for (start, end), title in zip([("08.30", "10.00"), ("10.15", "12.00"), ("13.00", "15.30")], titles):
            cli(data_dir, "session", "add", "--event", ev["id"], "--day", day, "--start", start, "--end", end,
                "--title", title, "--kind", "diskusi", "--facilitator", "Dra. Hj. Siti Rahmah Nurul Hidayati, M.Hum.")
    csv = data_dir.parent / f"{data_dir.name}-people.csv"
    lines = ["Nama,L/P,Kategori,Instansi,Kab/Kota"]
    for i in range(80):
        lines.append(f'"Hj. Rabiatul Ma’rufah Binti Haji Abdurrahman Nomor {i}, S.Sos., M.Si.",P,Perpustakaan Desa,'
                     f'Perpustakaan Desa Tambak Sari Panji Kecamatan Daha Selatan {i},Hulu Sungai Selatan')
    csv.write_text("\n".join(lines), encoding="utf-8")
    cli(data_dir, "roster", "import", str(csv), "--event", ev["id"])
    people = cli(data_dir, "participant", "list", "--event", ev["id"])
    for p in people[:20]:
        cli(data_dir, "checkin", "--event", ev["id"], "--participant", p["id"], "--day", "1",
            "--signature", str(ROOT / "tests" / "fixtures" / "signature.png"))
    cli(data_dir, "plan", "add", "--event", ev["id"], "--institution", "Perpustakaan Desa Tambak Sari Panji Kecamatan Daha Selatan 1",
        "--activity", "Kelas literasi digital untuk ibu-ibu PKK dan karang taruna setiap bulan", "--strategy", "pelibatan",
        "--when", "2022-08")
    cli(data_dir, "note", "add", "--event", ev["id"], "--kind", "obstacle",
        "--text", "Sinyal internet di desa sering putus sehingga pelaporan SIM TPBIS terlambat berminggu-minggu")
    cli(data_dir, "allowance", "set", "--event", ev["id"], "--role", "participant", "--per-day", "150000", "--deduction", "5")
    cli(data_dir, "photo", "add", "--event", ev["id"], str(ROOT / "tests" / "fixtures" / "photo-opening.jpg"),
        "--caption", "Pembukaan oleh Kepala Dinas Perpustakaan dan Kearsipan Provinsi Kalimantan Selatan")
    return ev


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_control_is_reachable_and_nothing_scrolls_sideways(open_app, data_dir, lang):
    seed(data_dir)
    app = open_app(data_dir)
    app.select("#lang-select", lang)
    app.wait_text("#nav-home", "Beranda" if lang == "id" else "Home")
    problems = []
    for route in ROUTES:
        app.click(f"#nav-{route}")
        app.wait.until(lambda d: d.execute_script(
            "return document.querySelector('#nav-%s[aria-current=page]') && document.getElementById('view').firstChild" % route))
        app.d.execute_script("return new Promise((r) => setTimeout(r, 300))")
        app.wait.until(lambda d: not d.execute_script("return document.getElementById('toast').classList.contains('show')"))
        for p in app.d.execute_script(CHECK):
            problems.append(f"{lang} {route}: {p}")
    assert not problems, "\n".join(problems)
