"""Walk every main view in Indonesian and English and save a screenshot of each.

scripts/screenshots.sh runs this with PLM_DESK_SHOTS=docs/screenshots; in the normal test
run the pictures go to target/e2e-screenshots. Each view is also checked for horizontal
scrolling at 1366x768.
"""

from conftest import cli




def seed(data_dir):
    ev = cli(data_dir, "event", "create", "--title", "PLM Provinsi Kalimantan Selatan 2022", "--province", "63",
             "--city", "Kota Banjarmasin", "--venue", "Aston Banua Hotel, Banjarmasin", "--start", "2022-07-05",
             "--days", "2", "--wave", "3", "--organiser", "Perpustakaan Nasional RI")
    agenda = [
        ("1", "08:00", "09:00", "Pembukaan dan sambutan", "opening", "Panitia"),
        ("1", "09:00", "10:30", "Paparan capaian perpustakaan", "presentation", "Master Trainer"),
        ("1", "10:45", "12:00", "Berbagi kendala dan solusi", "sharing", "Fasilitator Daerah"),
        ("1", "13:00", "15:00", "Testimoni penerima manfaat", "other", "Master Trainer"),
        ("2", "08:30", "10:00", "Sesi narasumber lokal", "resource_person", "Narasumber"),
        ("2", "10:15", "12:00", "Penyusunan RTL", "rtl", "Master Trainer"),
        ("2", "13:00", "14:00", "Penghargaan dan penutupan", "awards", "Panitia"),
    ]
    for day, start, end, title, kind, fac in agenda:
        cli(data_dir, "session", "add", "--event", ev["id"], "--day", day, "--start", start, "--end", end,
            "--title", title, "--kind", kind, "--facilitator", fac)
    from conftest import ROOT
    cli(data_dir, "roster", "import", str(ROOT / "tests" / "fixtures" / "roster-kalsel.csv")
        if (ROOT / "tests" / "fixtures" / "roster-kalsel.csv").exists()
        else str(ROOT / "tests" / "fixtures" / "roster-excel-numbers.xlsx"), "--event", ev["id"])
    people = cli(data_dir, "participant", "list", "--event", ev["id"])
    for p in people[: len(people) // 2]:
        cli(data_dir, "checkin", "--event", ev["id"], "--participant", p["id"], "--day", "2")
    for inst, act, strategy, when in [
        ("Perpustakaan Desa Sungai Rangas", "Kelas literasi digital untuk ibu-ibu PKK", "layanan", "2022-08..2022-10"),
        ("Perpustakaan Desa Sungai Rangas", "Audiensi dengan kepala desa tentang Dana Desa", "advokasi", "2022-09"),
        ("Dinas Perpustakaan Kab. Banjar", "Lomba bercerita tingkat kabupaten", "publikasi", "2022-11"),
    ]:
        cli(data_dir, "plan", "add", "--event", ev["id"], "--institution", inst, "--activity", act, "--strategy", strategy, "--when", when,
            "--responsible", "Kepala perpustakaan")
    cli(data_dir, "note", "add", "--event", ev["id"], "--kind", "obstacle", "--text", "Sinyal internet lemah di desa", "--by", "Desa Tigarun")
    cli(data_dir, "note", "add", "--event", ev["id"], "--kind", "solution", "--text", "Modem bersama di balai desa")
    cat = cli(data_dir, "award", "list", "--event", ev["id"])[1]["category"]["id"]
    noms = [cli(data_dir, "award", "nominee", "--category", cat, "--institution", n)["id"] for n in ["Perpustakaan Desa Sungai Rangas", "Perpustakaan Desa Tigarun"]]
    crit = [cli(data_dir, "award", "criterion", "--category", cat, "--name", n, "--weight", w)["id"] for n, w in [("Kegiatan pelibatan masyarakat", "60"), ("Kemitraan", "40")]]
    judges = [cli(data_dir, "award", "judge", "--category", cat, "--name", n)["id"] for n in ["Juri 1", "Juri 2"]]
    for j, scores in zip(judges, [[80, 50, 70, 90], [90, 70, 60, 80]]):
        for (n, k), v in zip([(n, k) for n in noms for k in crit], scores):
            cli(data_dir, "award", "score", "--judge", j, "--nominee", n, "--criterion", k, "--score", str(v))
    cli(data_dir, "allowance", "set", "--event", ev["id"], "--role", "participant", "--per-day", "150000", "--deduction", "5")
    cli(data_dir, "allowance", "set", "--event", ev["id"], "--role", "facilitator", "--lump-sum", "1800000")
    cli(data_dir, "allowance", "set", "--event", ev["id"], "--role", "resource_person", "--lump-sum", "1000000")
    cli(data_dir, "allowance", "set", "--event", ev["id"], "--role", "committee", "--per-day", "0")
    cli(data_dir, "allowance", "signers", "--event", ev["id"], "--treasurer", "Siti Rahmah", "--officer-role", "Pejabat Pembuat Komitmen",
        "--officer", "Ahmad Fauzi")
    for f, caption, people in [("photo-opening.jpg", "Pembukaan oleh Kepala Dinas", False), ("photo-discussion.png", "Diskusi kelompok", True)]:
        args = ["photo", "add", "--event", ev["id"], str(ROOT / "tests" / "fixtures" / f), "--caption", caption]
        cli(data_dir, *(args + (["--shows-people"] if people else [])))
    return ev


VIEWS = ["home", "event", "agenda", "desk", "participants", "notes", "plans", "awards", "reports", "papers", "datafile", "help"]


def test_screenshots_of_every_view(open_app, data_dir):
    seed(data_dir)
    app = open_app(data_dir)
    for lang in ["id", "en"]:
        app.select("#lang-select", lang)
        app.wait.until(lambda d: d.execute_script("return document.documentElement.lang") == lang)
        for i, view in enumerate(VIEWS, 1):
            app.click(f"#nav-{view}")
            app.wait.until(lambda d: d.find_element("css selector", f"#nav-{view}").get_attribute("aria-current") == "page")
            overflow = app.d.execute_script(
                "const v = document.getElementById('view'); return v.scrollWidth - v.clientWidth;")
            assert overflow <= 0, f"{view} scrolls sideways by {overflow}px in {lang}"
            app.shot(f"{i:02d}-{view}-{lang}")
        # the app passphrase settings (below the menu, not a menu item)
        app.click("#lock-settings")
        app.el("#lock-set-form")
        app.shot(f"{len(VIEWS) + 1:02d}-security-{lang}")
    # and the lock screen (English is the language chosen last)
    app.type("#lock-new", "kalsel 2022")
    app.type("#lock-repeat", "kalsel 2022")
    app.click("#lock-save")
    app.wait_text("#lock-card h2", "Lock on")
    app.click("#lock-btn")
    app.wait.until(lambda d: d.execute_script("return document.body.dataset.locked === 'true'"))
    app.el("#lock-pass")
    app.shot(f"{len(VIEWS) + 2:02d}-locked-en")
