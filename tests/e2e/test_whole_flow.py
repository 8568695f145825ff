"""The facilitator's whole PLM in the real window, as a new user would run it: create the
event, import the roster, print blank sheets and badges, check in with a signature,
learning notes, a follow-up plan, an award, close the day, print the signed sheet and
the summary, and save the file for headquarters. A screenshot of every screen passed."""
import datetime
import subprocess

from selenium.webdriver.common.keys import Keys

from conftest import ROOT, cli
from test_desk import draw


def test_whole_plm(open_app, data_dir, tmp_path):
    hq_public = cli(tmp_path / "hq", "hq", "init", "--out", str(tmp_path / "keys"))["public_key"]
    today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date().isoformat()
    app = open_app(data_dir)
    app.d.execute_script("window.__PLM_EXPORT_DIR__ = arguments[0];", str(tmp_path))
    step = iter(range(1, 100))

    def shot(name):
        app.shot(f"flow-{next(step):02d}-{name}")

    # before: welcome, create the event
    app.wait_text("#view h1", "Selamat datang")
    shot("welcome")
    app.click("#btn-create-first")
    app.type("#ev-title", "PLM Provinsi Kalimantan Selatan")
    app.select("#ev-province", "63")
    app.type("#ev-regency", "Kota Banjarbaru")
    app.type("#ev-venue", "Hotel Aston Banua")
    app.type("#ev-start", today)
    app.select("#ev-days", "2")
    shot("event-form")
    app.click("#ev-save")
    app.wait_text("#event-title", "PLM Provinsi Kalimantan Selatan")
    ev = cli(data_dir, "event", "list")[0]

    # the agenda
    app.click("#nav-agenda")
    for title, start, end in [("Pembukaan", "08.00", "09.00"), ("Berbagi kendala dan solusi", "09.00", "10.30")]:
        app.type("#s-title", title)
        app.type("#s-start", start)
        app.type("#s-end", end)
        app.click("#s-save")
        app.wait_text("#session-table", title)
    shot("agenda")

    # the roster
    app.click("#nav-participants")
    app.click("#btn-import")
    app.el("#roster-file").send_keys(str(ROOT / "tests" / "fixtures" / "roster-kalsel.csv"))
    app.wait_text("#import-preview", "24 baru")
    shot("import-preview")
    app.click("#roster-confirm")
    app.wait_text("#import-report", "Selesai")
    people = cli(data_dir, "participant", "list", "--event", ev["id"])
    assert len(people) == 24

    # print the blank sheet and the badges the evening before
    app.click("#nav-reports")
    app.type("#signer-name", "Dra. Hj. Nurul Hidayah")
    app.click("#signer-save")
    app.wait_text("#toast", "Penanda tangan disimpan")
    app.click("#export-blank")
    app.wait_text("#export-done", "attendance-blank.pdf")
    app.click("#export-badges")
    app.wait_text("#export-done", "badges.pdf")
    shot("reports-before")

    # during: the desk, one key away
    app.el("body").send_keys(Keys.F2)
    app.wait_text("#desk-count", "0 dari 24 hadir")
    app.type("#desk-search", people[0]["code"])
    app.el("#desk-search").send_keys(Keys.ENTER)
    app.wait_text("#desk-last", people[0]["name"])
    app.click("#consent-yes")
    draw(app, "#sig-canvas")
    shot("desk-signature")
    app.click("#sig-save")
    app.wait_text("#desk-side", "Tanda tangan disimpan")
    for p in people[1:6]:
        app.el("#desk-search").send_keys(p["code"] + Keys.ENTER)
        app.wait_text("#desk-last", p["name"])
        if app.d.find_elements("css selector", "#consent-yes"):
            app.click("#consent-yes")
        if app.d.find_elements("css selector", "#sig-skip"):
            app.click("#sig-skip")
    app.wait_text("#desk-count", "6 dari 24 hadir")
    shot("desk")

    # home shows today, the count and who is missing
    app.click("#nav-home")
    app.wait_text("#home-present", "6 dari 24 hadir")
    app.wait_text("#home-during", "18 peserta belum hadir")
    shot("home-during")

    # sessions: a learning note, a plan, an award, each two clicks from home
    app.click("#nav-notes")
    app.select("#n-kind", "obstacle")
    app.type("#n-text", "Sinyal internet lemah di desa")
    app.el("#n-text").send_keys(Keys.CONTROL, Keys.ENTER)
    app.wait_text("#note-list", "Kendala (1)")
    shot("notes")
    app.click("#nav-plans")
    app.type("#plan-institution", "Perpustakaan Desa Sungai Rangas")
    app.el("#plan-institution").send_keys(Keys.ENTER)
    app.wait_text("#plan-tabs", "Sungai Rangas (0)")
    app.type("#i-activity", "Kelas literasi digital")
    app.type("#i-when", (datetime.date.fromisoformat(today) + datetime.timedelta(days=40)).strftime("%Y-%m"))
    app.el("#i-when").send_keys(Keys.ENTER)
    app.wait_text("#item-table", "Kelas literasi digital")
    shot("plans")
    app.click("#nav-awards")
    app.wait_text("#award-tabs", "Perpustakaan Desa Terbaik")
    app.d.find_element("css selector", "#award-tabs button[role=tab]:nth-child(2)").click()
    app.type("#nominee-name", "Perpustakaan Desa Sungai Rangas")
    app.el("#nominee-name").send_keys(Keys.ENTER)
    app.wait_text("#nominee-card", "Sungai Rangas")
    app.type("#criterion-name", "Kegiatan pelibatan masyarakat")
    app.type("#criterion-weight", "100")
    app.el("#criterion-weight").send_keys(Keys.ENTER)
    app.wait_text("#criterion-card", "Kegiatan pelibatan")
    app.type("#judge-name", "Juri Satu")
    app.el("#judge-name").send_keys(Keys.ENTER)
    app.wait_text("#judge-card", "Juri Satu")
    app.wait_text("#score-sheet", "Kegiatan pelibatan masyarakat (0–100)")
    score = app.el("#sheet-table input.score-input")
    score.send_keys("88\t")
    app.wait_text("#ranking-table", "88.00")
    app.d.find_elements("css selector", "#ranking-table button.decide")[0].click()
    app.click("#decide-yes")
    app.wait_text("#decision", "Pemenang: Perpustakaan Desa Sungai Rangas")
    shot("awards")

    # after: close the day, print the signed sheet and the summary, save the data file
    app.click("#nav-desk")
    app.click("#desk-close-day")
    app.wait_text("#close-box", "6 dari 24 hadir")
    app.click("#close-confirm")
    app.wait_text("#close-done", "ditutup")
    shot("day-closed")
    app.click("#nav-reports")
    app.click("#export-sheet")
    app.wait_text("#export-done", "attendance.pdf")
    app.click("#export-summary")
    app.wait_text("#export-done", "summary.pdf")
    app.click("#export-winners")
    app.wait_text("#export-done", "certificates-winners.pdf")
    shot("reports-after")
    sheet = subprocess.run(["pdftotext", "-raw", str(tmp_path / "attendance.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert people[0]["name"] in " ".join(sheet.split()) and "Dra. Hj. Nurul Hidayah" in sheet
    images = subprocess.run(["pdfimages", "-list", str(tmp_path / "attendance.pdf")], capture_output=True, text=True, check=True).stdout
    assert len(images.splitlines()) - 2 == 1, "one signature captured"

    # after the event: amounts, photos, the report's text, then the SPJ bundle
    app.click("#nav-papers")
    app.wait_text("#receipts-problem", "Belum ada besaran uang")
    app.select("#rate-target", "role:participant")
    app.type("#rate-per-day", "150.000")
    app.type("#rate-deduction", "x")
    app.click("#rate-save")
    app.wait_text("#rate-error", "bukan persentase")
    assert app.d.execute_script("return document.activeElement.id") == "rate-deduction"
    app.type("#rate-deduction", "5")
    app.click("#rate-save")
    app.wait_text("#rate-table", "Rp150.000")
    # 6 checked in on day 1: 6 x 150,000 less 5 %
    app.wait_text("#receipts-total", "6 orang menerima, jumlah Rp855.000")
    app.wait_text("#receipts-words", "Delapan ratus lima puluh lima ribu rupiah")
    app.type("#treasurer-name", "Siti Bendahara")
    app.type("#officer-name", "Ahmad Fauzi")
    app.click("#treasurer-save")
    app.wait_text("#toast", "Penanda tangan disimpan")
    app.el("#photo-file").send_keys(str(ROOT / "tests" / "fixtures" / "photo-opening.jpg"))
    app.type("#photo-caption", "Pembukaan oleh Kepala Dinas")
    app.click("#photo-add")
    app.wait_text("#photo-grid", "Pembukaan oleh Kepala Dinas")
    app.el("#photo-file").send_keys(str(ROOT / "tests" / "fixtures" / "photo-discussion.png"))
    app.type("#photo-caption", "Diskusi kelompok")
    app.click("#photo-people")
    app.click("#photo-add")
    app.wait_text("#photo-grid", "menampilkan peserta")
    photos = cli(data_dir, "photo", "list", "--event", ev["id"])
    assert [(p["width"], p["in_report"]) for p in photos] == [(1600, True), (900, False)]
    app.wait.until(lambda d: d.execute_script("return [...document.querySelectorAll('#photo-grid img')].every(i => i.complete && i.naturalWidth > 0)"))
    app.type("#texts-background", "PLM ini mempertemukan 24 pustakawan desa.")
    app.click("#texts-save")
    app.wait_text("#toast", "Teks laporan disimpan")
    shot("after-event")
    bundle = tmp_path / "spj"
    bundle.mkdir()
    app.d.execute_script("window.__PLM_EXPORT_DIR__ = arguments[0];", str(bundle))
    app.click("#bundle-save")
    app.wait_text("#bundle-done", "Paket SPJ disimpan: 7 berkas")
    app.wait_text("#bundle-files", "Laporan kegiatan (DOCX, dapat diedit)")
    shot("spj-bundle")
    app.d.execute_script("window.__PLM_EXPORT_DIR__ = arguments[0];", str(tmp_path))
    assert sorted(f.name for f in bundle.iterdir()) == sorted([
        "daftar-penerimaan.pdf", "daftar-penerimaan.xlsx", "daftar-hadir-hari-1.pdf", "daftar-hadir-hari-2.pdf",
        "jadwal-acara.pdf", "laporan-kegiatan.docx", "laporan-kegiatan.pdf"])
    receipts = " ".join(subprocess.run(["pdftotext", str(bundle / "daftar-penerimaan.pdf"), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "Rp855.000 (Delapan ratus lima puluh lima ribu rupiah)" in receipts and "Siti Bendahara" in receipts
    report = " ".join(subprocess.run(["pdftotext", str(bundle / "laporan-kegiatan.pdf"), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "PLM ini mempertemukan 24 pustakawan desa." in report and "Pembukaan oleh Kepala Dinas" in report
    assert "Diskusi kelompok" not in report, "a photo with people stays out until kept"
    # the same papers one by one from Print & export
    app.click("#nav-reports")
    app.click("#export-agenda")
    app.wait_text("#export-done", "agenda.pdf")
    app.click("#export-receipts-xlsx")
    app.wait_text("#export-done", "receipts_xlsx.xlsx")
    app.click("#export-report-docx")
    app.wait_text("#export-done", "report_docx.docx")

    app.click("#nav-datafile")
    app.type("#hq-key", hq_public)
    app.click("#hq-key-save")
    app.wait_text("#toast", "Kunci Perpusnas disimpan")
    # the photos go along only when asked: the box says how much larger the file gets
    app.wait_text("#sync-photos-label", "Sertakan foto (2 foto")
    app.click("#sync-photos")
    app.click("#sync-export")
    app.wait_text("#sync-exported", "Terenkripsi untuk Perpusnas")
    shot("datafile")
    app.click("#nav-home")
    app.wait_text("#home-export-state", "tidak ada perubahan")
    shot("home-after")

    # headquarters reads it all
    report = cli(tmp_path / "hq", "sync", "import", str(tmp_path / "event.plmsync"))
    assert report["by_table"]["participants"]["added"] == 24
    assert report["by_table"]["attendance"]["added"] == 6
    assert report["by_table"]["plan_items"]["added"] == 1
    assert report["by_table"]["learning_notes"]["added"] == 1
    assert report["by_table"]["photos"]["added"] == 2
