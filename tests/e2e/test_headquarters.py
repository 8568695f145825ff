"""Headquarters' year in the real window: choose headquarters, create and back up the key,
plan three PLMs (one typed, two from a spreadsheet), save a kit; a venue window opens the
kit and runs a small event; back at headquarters a batch with a corrupt file and a file
twice is received, the venue table and the dashboard show the numbers `hq dashboard`
gives, a probable same person is marked, and the workbook and PDF are saved. Every
headquarters screen is photographed in Indonesian and English."""
import json
import zipfile

from conftest import cli

SCREENS = ["hq_home", "hq_plans", "hq_receive", "hq_national", "hq_people", "hq_export", "hq_keys"]


def plan_id(hq_dir, province):
    """A plan by province code or name."""
    return next(p for p in cli(hq_dir, "hq", "plan", "list") if province in (p["province_code"], p["province_name"]))


def test_headquarters_year(open_app, tmp_path):
    hq_dir, venue_dir, venue2_dir = tmp_path / "hq", tmp_path / "venue", tmp_path / "venue2"
    out = tmp_path / "out"
    out.mkdir()

    # --- headquarters: the first-run choice, the key and its backup, the plans
    app = open_app(hq_dir)
    app.d.execute_script("window.__PLM_EXPORT_DIR__ = arguments[0];", str(out))
    app.click("#btn-workspace-hq")
    app.click(".ask-yes")
    app.el("#nav-hq_home")
    assert app.d.execute_script("return !document.querySelector('#nav-desk')"), "a headquarters computer shows no venue menu"
    app.wait_text("#hq-no-key", "belum punya kunci")
    app.click("#hq-go-keys")
    app.click("#hq-key-create")
    app.wait_text("#hq-backup-ask", "Simpan cadangannya")
    app.click("#hq-backup-now")
    app.wait_text("#toast", "Cadangan kunci disimpan")
    assert (out / "plm-hq-key-backup.txt").read_text().count("AGE-SECRET-KEY-") == 1
    assert app.text("#hq-backup-status") != "belum pernah"
    public = app.text("#hq-public-key")
    assert public.startswith("age1") and cli(hq_dir, "hq", "key")["public_key"] == public
    assert app.d.execute_script("return document.querySelectorAll('#hq-qr svg path').length") == 1
    app.click("#hq-key-create-again")
    app.wait_text("#hq-key-exists", "sudah ada")
    assert cli(hq_dir, "hq", "key")["public_key"] == public, "never replaced"

    app.click("#nav-hq_plans")
    app.select("#hq-plan-form select[name=province]", "63")
    app.d.execute_script("document.querySelector('#hq-plan-form [name=start_date]').value = '2022-07-05';")
    app.type("#hq-plan-form [name=wave]", "3")
    app.type("#hq-plan-form [name=days]", "2")
    app.type("#hq-plan-form [name=venue]", "Hotel Aston Banua")
    app.type("#hq-plan-form [name=trainers]", "Budi Santoso; Sari Dewi")
    app.click("#hq-plan-save")
    app.wait_text("#hq-plan-table", "Kalimantan Selatan")
    sheet = tmp_path / "rencana.csv"
    sheet.write_text("Provinsi;Gelombang;Tanggal mulai;Hari;Kota;Master trainer\n"
                     "Aceh;1;10/05/2022;2;Banda Aceh;Rudi\n"
                     "Papua;5;2022-09-01;3;Jayapura;Maria\n"
                     "Atlantis;5;2022-09-01;3;;\n", encoding="utf-8")
    app.d.execute_script("window.__PLM_IMPORT_FILE__ = arguments[0];", str(sheet))
    app.click("#hq-plan-import-btn")
    report = app.wait_text("#hq-import-report", "2 rencana ditambahkan")
    assert "Baris 4" in report and "Atlantis" in report, report
    app.d.execute_script("window.__PLM_IMPORT_FILE__ = null;")
    kalsel = plan_id(hq_dir, "63")
    assert kalsel["trainers"] == ["Budi Santoso", "Sari Dewi"]
    app.click("#nav-hq_plans")
    app.click(f"#kit-save-{kalsel['id']}")
    app.wait_text("#kit-saved", "Paket kegiatan disimpan")
    kit = out / "kit-63.plmkit"
    assert kit.exists()
    assert plan_id(hq_dir, "63")["state"] in ("kit_sent", "overdue")
    app.quit()

    # Aceh's venue works from the command line: its kit, one person with a NIP
    aceh = plan_id(hq_dir, "11")
    kit2 = tmp_path / "aceh.plmkit"
    cli(hq_dir, "kit", "make", "--plan", aceh["id"], "--out", str(kit2))
    opened = cli(venue2_dir, "kit", "open", str(kit2))
    cli(venue2_dir, "participant", "add", "--event", opened["event_id"], "--name", "Siti Aminah", "--nip", "198703152010012003", "--category", "perpustakaan_desa")
    aceh_file = tmp_path / "aceh.plmsync"
    cli(venue2_dir, "sync", "export", "--event", opened["event_id"], "--out", str(aceh_file))

    # --- the venue: the kit opened in the window after a preview
    venue = open_app(venue_dir)
    venue.d.execute_script("window.__PLM_IMPORT_FILE__ = arguments[0];", str(kit))
    venue.click("#btn-kit-open-first")
    venue.wait_text("#kit-preview", "Kalimantan Selatan")
    venue.wait_text("#kit-preview-summary", "Kegiatan baru dibuat")
    venue.shot("hq-kit-preview-id")
    venue.click("#kit-apply")
    venue.wait_text("#event-title", "Kalimantan Selatan")
    venue.quit()
    ev = cli(venue_dir, "event", "list")[0]
    assert ev["id"] == kalsel["event_id"], "the venue's event carries the plan's id"
    for name, nip in [("Siti Aminah", "198703152010012003"), ("Rahmat Hidayat", ""), ("Nur Aini", "")]:
        args = ["participant", "add", "--event", ev["id"], "--name", name, "--category", "perpustakaan_desa", "--gender", "P"]
        cli(venue_dir, *(args + (["--nip", nip] if nip else [])))
    for p in cli(venue_dir, "participant", "list", "--event", ev["id"])[:2]:
        cli(venue_dir, "checkin", "--event", ev["id"], "--code", p["code"], "--day", "1")
    kalsel_file = tmp_path / "kalsel.plmsync"
    cli(venue_dir, "sync", "export", "--event", ev["id"], "--out", str(kalsel_file))  # no --to: the kit set the key
    corrupt = tmp_path / "rusak.plmsync"
    corrupt.write_bytes(kalsel_file.read_bytes()[:200])

    # --- headquarters receives the batch
    app = open_app(hq_dir)
    app.d.execute_script("window.__PLM_EXPORT_DIR__ = arguments[0]; window.__PLM_RECEIVE_FILES__ = arguments[1];",
                         str(out), [str(kalsel_file), str(corrupt), str(aceh_file), str(kalsel_file)])
    app.el("#nav-hq_home")
    app.click("#nav-hq_receive")
    app.click("#hq-receive-btn")
    app.wait_text("#hq-progress-text", "2 file masuk, 1 tanpa data baru, 1 ditolak")
    outcomes = app.d.execute_script("return [...document.querySelectorAll('#hq-receive-table tbody tr')].map(r => r.dataset.outcome)")
    assert outcomes == ["imported", "refused", "imported", "nothing_new"], outcomes
    assert "rusak.plmsync" in app.text("#hq-receive-table")
    app.shot("hq-receive-done-id")

    # the page alone cannot make Rust read a file: a drop event the page makes up (no file
    # was dropped onto the window, the user never chose this copy) is refused, nothing read
    dropped = aceh_file.with_name("dibawa-usb.plmsync")
    dropped.write_bytes(aceh_file.read_bytes())
    app.d.execute_script("window.__TAURI__.event.emit('tauri://drag-drop', {paths: [arguments[0]], position: {x: 10, y: 10}});", str(dropped))
    app.wait_text("#hq-receive-result", "tidak dipilih di jendela ini")
    assert "dibawa-usb.plmsync" in app.text("#hq-receive-result")
    # files dropped onto the window go in as chosen: Rust sees the operating system's drop
    # first (here the test builds' stand-in for it, then the same event to the page)
    app.d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__TAURI__.core.invoke('dev_grant', {paths: [arguments[0]]}).then(() => {"
        "  window.__TAURI__.event.emit('tauri://drag-drop', {paths: [arguments[0]], position: {x: 10, y: 10}}); done(); });",
        str(dropped))
    app.wait_text("#hq-progress-text", "0 file masuk, 1 tanpa data baru, 0 ditolak")

    app.click("#nav-hq_plans")
    # the overdue limit: a wrong value is refused where it was typed, a good one kept
    app.type("#hq-overdue-days", "0")
    app.click("#hq-overdue-form button")
    app.wait_text("#hq-overdue-error", "1 sampai 365")
    app.type("#hq-overdue-days", "30")
    app.click("#hq-overdue-form button")
    app.wait_text("#toast", "Batas terlambat disimpan")
    assert app.el("#hq-overdue-days").get_attribute("value") == "30"
    row = app.el(f"tr[data-plan='{kalsel['id']}']")
    assert row.get_attribute("data-state") == "received"
    assert "3 peserta · 2 check-in" in row.text, row.text
    assert app.el("tr[data-plan='%s']" % plan_id(hq_dir, "Papua")["id"]).get_attribute("data-state") in ("overdue", "planned")

    # the dashboard shows what `hq dashboard` computes
    app.click("#nav-hq_national")
    d = cli(hq_dir, "hq", "dashboard")
    assert d["participants"] == 4 and d["events"] == 2
    app.wait_text("#hq-totals [data-total=participants]", str(d["participants"]))
    widths = app.d.execute_script("return [...document.querySelectorAll('.bar')].map(b => b.getBoundingClientRect().width)")
    assert len(widths) == 2 and widths[0] < widths[1] / 2, f"Aceh's 1 person against Kalimantan Selatan's 3: {widths}"
    day1 = app.text("#hq-days tr[data-day='1']")
    assert f"{d['days'][0]['present']}" in day1 and f"{d['days'][0]['expected']}" in day1, day1
    app.select("#hq-filter-wave", "1")
    app.wait_text("#hq-totals [data-total=participants]", "1")
    app.select("#hq-filter-wave", "")
    app.wait_text("#hq-totals [data-total=participants]", "4")
    app.click(f"#hq-province-table tr[data-event='{ev['id']}'] button")
    app.wait_text("#hq-readonly", "Hanya baca")
    app.wait_text("#hq-event-people", "Rahmat Hidayat")

    # the same NIP at two venues: marked as the same person, nothing merged
    app.click("#nav-hq_people")
    app.wait_text("#hq-people-table", "NIP sama")
    app.click("#hq-people-table tbody tr button.primary")
    app.wait_text("#hq-people-table", "orang yang sama")
    assert cli(hq_dir, "hq", "people")[0]["decision"] == "same"
    assert len(cli(hq_dir, "participant", "list", "--event", ev["id"])) == 3

    app.click("#nav-hq_export")
    for kind in ("xlsx", "pdf"):
        app.click(f"#hq-export-{kind}")
        app.wait_text("#hq-export-done", f"plm-nasional.{kind}")
    with zipfile.ZipFile(out / "plm-nasional.xlsx") as z:
        book = z.read("xl/workbook.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode()
    for sheet_name in ("Ringkasan", "Provinsi", "Peserta", "Kehadiran", "Penghargaan"):
        assert sheet_name in book
    assert "Rahmat Hidayat" in strings and "198703152010012003" not in strings, "no NIPs in the workbook"
    assert (out / "plm-nasional.pdf").read_bytes().startswith(b"%PDF")

    # every headquarters screen, in both languages
    for lang in ("id", "en"):
        if lang == "en":
            app.select("#lang-select", "en")
            app.wait_text("#nav-hq_home", "HQ home")
        for screen in SCREENS:
            app.click(f"#nav-{screen}")
            app.el("#view h1")
            app.shot(f"{screen}-{lang}")
