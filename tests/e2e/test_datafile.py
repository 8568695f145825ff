"""The data file in the real window: headquarters' key pasted, the file saved (no
dialog: the test names the folder), a second desk's file previewed then merged."""
from conftest import ROOT, cli, open_db


def test_export_for_headquarters_and_merge_a_second_desk(open_app, data_dir, tmp_path):
    hq_dir, keys, desk_b = tmp_path / "hq", tmp_path / "keys", tmp_path / "desk-b"
    public = cli(hq_dir, "hq", "init", "--out", str(keys))["public_key"]
    ev = cli(data_dir, "event", "create", "--title", "PLM Kalimantan Selatan", "--province", "63", "--start", "2022-07-05", "--days", "2")
    cli(data_dir, "roster", "import", str(ROOT / "tests" / "fixtures" / "roster-kalsel.csv"), "--event", ev["id"])
    people = cli(data_dir, "participant", "list", "--event", ev["id"])
    own = cli(data_dir, "sync", "key")["public_key"]
    # desk B starts from the venue's file and checks in two people (one also at desk A)
    b_key = cli(desk_b, "sync", "key")["public_key"]
    base = tmp_path / "base.plmsync"
    cli(data_dir, "sync", "export", "--event", ev["id"], "--out", str(base), "--to", b_key)
    cli(desk_b, "sync", "import", str(base))
    cli(data_dir, "checkin", "--event", ev["id"], "--code", people[0]["code"], "--day", "1")
    cli(desk_b, "checkin", "--event", ev["id"], "--code", people[0]["code"], "--day", "1")
    cli(desk_b, "checkin", "--event", ev["id"], "--code", people[1]["code"], "--day", "1")
    from_b = tmp_path / "desk-b.plmsync"
    cli(desk_b, "sync", "export", "--event", ev["id"], "--out", str(from_b), "--to", own)

    app = open_app(data_dir)
    app.d.execute_script("window.__PLM_EXPORT_DIR__ = arguments[0]; window.__PLM_IMPORT_FILE__ = arguments[1];", str(tmp_path), str(from_b))
    app.click("#nav-datafile")
    app.wait_text("#sync-state", "sudah berubah")  # the base file, then a check-in
    # saving before headquarters' key is known: the message sits under the button and the
    # key field is focused and marked
    app.click("#sync-export")
    app.wait_text("#sync-export-error", "Kunci publik Perpusnas belum diisi")
    assert app.d.execute_script("return document.activeElement.id") == "hq-key"
    assert app.d.execute_script("return document.querySelector('#hq-key').getAttribute('aria-invalid')") == "true"
    gap = app.d.execute_script("const b=document.querySelector('#sync-export').getBoundingClientRect(), a=document.querySelector('#sync-export-error').getBoundingClientRect(); return a.top - b.bottom")
    assert 0 <= gap < 40, f"the error is {gap}px below the button"
    # a wrong key is refused with a clear message
    app.type("#hq-key", "bukan kunci")
    app.click("#hq-key-save")
    app.wait_text("#hq-key-error", "bukan kunci publik yang valid")
    app.type("#hq-key", public)
    app.click("#hq-key-save")
    app.wait_text("#toast", "Kunci Perpusnas disimpan")

    app.click("#sync-import")
    app.wait_text("#sync-preview", "1 data ganda")
    assert cli(data_dir, "attendance", "list", "--event", ev["id"], "--day", "1")["present"] == 1, "a preview writes nothing"
    app.shot("60-datafile-preview-id")
    app.click("#sync-apply")
    app.wait_text("#sync-imported", "File digabungkan")
    assert cli(data_dir, "attendance", "list", "--event", ev["id"], "--day", "1")["present"] == 2, "each person counted once"
    app.wait_text("#sync-state", "sudah berubah")

    app.click("#sync-export")
    app.wait_text("#sync-exported", "Terenkripsi untuk Perpusnas")
    app.wait_text("#sync-state", "tidak ada perubahan")
    app.shot("61-datafile-exported-id")
    report = cli(hq_dir, "sync", "import", str(tmp_path / "event.plmsync"))
    assert report["added"] > len(people)


def test_a_reinstalled_desk_is_taken_only_by_a_confirmed_decision(open_app, data_dir, tmp_path):
    desk_b = tmp_path / "desk-b"
    ev = cli(data_dir, "event", "create", "--title", "PLM Kalimantan Selatan", "--province", "63", "--start", "2022-07-05", "--days", "2")
    cli(data_dir, "participant", "add", "--event", ev["id"], "--name", "Siti Aminah")
    own = cli(data_dir, "sync", "key")["public_key"]
    b_key = cli(desk_b, "sync", "key")["public_key"]
    base = tmp_path / "base.plmsync"
    cli(data_dir, "sync", "export", "--event", ev["id"], "--out", str(base), "--to", b_key)
    cli(desk_b, "sync", "import", str(base))
    first = tmp_path / "b1.plmsync"
    cli(desk_b, "sync", "export", "--event", ev["id"], "--out", str(first), "--to", own)
    cli(data_dir, "sync", "import", str(first))  # desk B's key is pinned here
    # desk B is reinstalled: same device id, a new signing key
    db = open_db(desk_b)
    db.execute("DELETE FROM meta WHERE key = 'sync_signing_key'")
    db.commit()
    db.close()
    cli(desk_b, "participant", "add", "--event", ev["id"], "--name", "Rahmat Hidayat")
    second = tmp_path / "b2.plmsync"
    b2 = cli(desk_b, "sync", "export", "--event", ev["id"], "--out", str(second), "--to", own)

    app = open_app(data_dir)
    app.d.execute_script("window.__PLM_IMPORT_FILE__ = arguments[0];", str(second))
    app.click("#nav-datafile")
    app.click("#sync-import")
    app.wait_text("#sync-error", "ditandatangani dengan kunci lain")
    question = app.wait_text("#sync-decision", "dipasang ulang")
    assert b2["manifest"]["device_id"] in question
    assert not app.el("#sync-decide").is_enabled(), "nothing happens without the confirmation"
    app.shot("62-datafile-rekeyed-id")
    app.click("#sync-decide-sure")
    app.click("#sync-decide")
    app.wait_text("#sync-preview", "1 baru")  # the preview of the file now taken: one new person
    app.click("#sync-apply")
    app.wait_text("#sync-imported", "File digabungkan")
    names = [p["name"] for p in cli(data_dir, "participant", "list", "--event", ev["id"])]
    assert "Rahmat Hidayat" in names
    ledger = cli(data_dir, "sync", "ledger")
    assert len({e["key_fingerprint"] for e in ledger if e["device_id"] == b2["manifest"]["device_id"]}) == 1
