"""A damaged database: the window explains, keeps the damaged file, and restores the newest backup."""
from conftest import cli


def test_damaged_database_is_restored_from_the_window(open_app, data_dir):
    ev = cli(data_dir, "event", "create", "--title", "PLM Sulsel", "--province", "73", "--start", "2022-08-01", "--days", "2")
    cli(data_dir, "backup", "create")
    db = data_dir / "plm-desk.sqlite3"
    for side in ["plm-desk.sqlite3-wal", "plm-desk.sqlite3-shm"]:
        (data_dir / side).unlink(missing_ok=True)
    db.write_bytes(b"\x00garbage after a bad copy" * 500)
    app = open_app(data_dir)
    app.wait_text("#view h1", "dipulihkan")
    app.shot("30-recovery-id")
    app.click("#recovery button.primary")
    app.ready()
    app.wait_text("#view h1", "PLM Sulsel")
    kept = [p.name for p in data_dir.iterdir() if ".damaged-" in p.name]
    assert kept, "the damaged file is kept aside"
    assert cli(data_dir, "event", "list")[0]["id"] == ev["id"]


def test_a_lost_key_is_given_back_in_the_window(open_app, data_dir, tmp_path):
    """Windows reinstalled: the key store is gone. The window says the database is locked
    (not damaged), refuses a wrong passphrase and another laptop's key with their own
    messages, and opens with the key headquarters gives back from the data file."""
    from conftest import key_file
    hq = tmp_path / "hq"
    public = cli(hq, "hq", "init", "--out", str(tmp_path / "hq-keys"))["public_key"]
    ev = cli(data_dir, "event", "create", "--title", "PLM Kalimantan Barat", "--province", "61", "--start", "2022-08-01", "--days", "2")
    cli(data_dir, "participant", "add", "--event", ev["id"], "--name", "Yohanes Kurniawan")
    cli(data_dir, "sync", "set-hq", public)
    data_file = tmp_path / "kalbar.plmsync"
    cli(data_dir, "sync", "export", "--event", ev["id"], "--out", str(data_file))
    cli(hq, "sync", "import", str(data_file))
    key_file(data_dir).unlink()
    before = (data_dir / "plm-desk.sqlite3").read_bytes()

    app = open_app(data_dir)
    app.wait_text("#view h1", "terkunci")
    app.wait_text("#recovery-message", "Perpusnas")
    app.shot("31-key-missing-id")
    app.el("#unlock-passphrase").send_keys("bukan kata sandinya")
    app.click("#unlock-pass-btn")
    app.wait_text("#unlock-error", "kata sandi")
    app.el("#unlock-recovery").send_keys("PLMK-" + "-".join(["0123"] * 16) + "-ABCD")
    app.click("#unlock-rec-btn")
    app.wait_text("#unlock-error", "salah ketik")
    assert (data_dir / "plm-desk.sqlite3").read_bytes() == before, "nothing changed"

    # headquarters' window gives the key back from the laptop's key description
    given = cli(hq, "hq", "recover-key", str(data_dir / "plm-desk.sqlite3.keys.json"))["recovery_key"]
    app.el("#unlock-recovery").clear()
    app.el("#unlock-recovery").send_keys(given)
    app.click("#unlock-rec-btn")
    app.ready()
    app.wait_text("#view h1", "PLM Kalimantan Barat")
    assert key_file(data_dir).exists(), "the key is kept on this computer again"
    # the security view says where the key is and that headquarters holds a copy
    app.click("#lock-settings")
    app.wait_text("#vault-where", "berkas")
    app.wait_text("#vault-ways", "Perpusnas")
    app.shot("32-key-kept-id")


def test_headquarters_window_gives_a_laptop_key_back(open_app, data_dir, tmp_path):
    venue = tmp_path / "venue"
    public = cli(data_dir, "hq", "init", "--out", str(tmp_path / "hq-keys"))["public_key"]
    ev = cli(venue, "event", "create", "--title", "PLM Bali", "--province", "51", "--start", "2022-08-01", "--days", "1")
    cli(venue, "sync", "set-hq", public)
    cli(venue, "sync", "export", "--event", ev["id"], "--out", str(tmp_path / "bali.plmsync"))
    cli(data_dir, "hq", "receive", str(tmp_path / "bali.plmsync"))
    from conftest import open_db
    db = open_db(data_dir)  # this computer is headquarters' (the first-run choice)
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('workspace', 'hq')")
    db.commit()
    db.close()
    app = open_app(data_dir)
    app.d.execute_script("window.__PLM_IMPORT_FILE__ = arguments[0];", str(venue / "plm-desk.sqlite3"))
    app.click("#nav-hq_keys")
    app.click("#hq-laptop-key")
    text = app.wait_text("#hq-laptop-key-text", "PLMK-")
    app.shot("33-hq-laptop-key-id")
    # the key shown opens the laptop's database
    key_file_path = tmp_path / "given.txt"
    key_file_path.write_text(text)
    from conftest import key_file
    key_file(venue).unlink()
    cli(venue, "key", "unlock", "--recovery-file", str(key_file_path))
    assert cli(venue, "event", "list")[0]["id"] == ev["id"]


def test_a_newer_versions_database_is_not_offered_an_old_backup(open_app, data_dir):
    """A laptop that ran a newer PLM Desk, then got the older one again: the window says to
    install the newer version and offers no backup (restoring one would lose data)."""
    from conftest import open_db
    cli(data_dir, "event", "create", "--title", "PLM Jambi", "--province", "15", "--start", "2022-08-01", "--days", "1")
    cli(data_dir, "backup", "create")
    db = open_db(data_dir)
    db.execute("PRAGMA user_version = 999")
    db.commit()
    db.close()
    before = (data_dir / "plm-desk.sqlite3").read_bytes()
    app = open_app(data_dir)
    app.wait_text("#view h1", "versi terbaru")
    app.wait_text("#recovery-message", "jangan pulihkan cadangan lama")
    assert not app.d.find_elements("css selector", "#recovery button"), "no restore offered"
    out = cli(data_dir, "event", "list", ok=False)
    assert out.returncode == 1 and "storage.newer_version" in out.stderr
    assert (data_dir / "plm-desk.sqlite3").read_bytes() == before


def test_damage_found_by_the_check_beside_the_start(open_app, data_dir):
    """Pages damaged deep inside the file (not the first): the window starts without
    waiting for the whole-file check, the check finds the damage and the window turns to
    the recovery screen; the newest good backup brings the data back."""
    ev = cli(data_dir, "event", "create", "--title", "PLM Gorontalo", "--province", "75", "--start", "2022-08-01", "--days", "1")
    rows = "Nama,Instansi,Jabatan\n" + "".join(f"Peserta Nomor {i},Perpustakaan Desa {i},Pengelola perpustakaan\n" for i in range(3000))
    roster = data_dir.parent / "gorontalo.csv"
    roster.write_text(rows)
    cli(data_dir, "roster", "import", str(roster), "--event", ev["id"])
    cli(data_dir, "backup", "create")
    db = data_dir / "plm-desk.sqlite3"
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 40 * page
    for k in range(len(data) // page - 6, len(data) // page - 1):
        data[k * page + 100:k * page + 400] = b"\x5a" * 300
    db.write_bytes(bytes(data))
    app = open_app(data_dir)
    app.wait_text("#view h1", "dipulihkan")
    app.click("#recovery button.primary")
    app.ready()
    app.wait_text("#view h1", "PLM Gorontalo")
    assert len(cli(data_dir, "participant", "list", "--event", ev["id"])) == 3000


def test_headquarters_is_asked_for_a_recovery_file(open_app, data_dir, tmp_path):
    """Headquarters' database holds every province's people and the secret key: once the
    key's backup is saved, home asks for the database's recovery file until one is saved."""
    from conftest import open_db
    out = tmp_path / "usb"
    out.mkdir()
    cli(data_dir, "hq", "init", "--out", str(tmp_path / "hq-keys"))
    cli(data_dir, "hq", "backup-key", "--out", str(out / "hq-key-backup.txt"))
    db = open_db(data_dir)
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('workspace', 'hq')")
    db.commit()
    db.close()
    app = open_app(data_dir)
    app.d.execute_script("window.__PLM_EXPORT_DIR__ = arguments[0];", str(out))
    app.wait_text("#vault-banner", "flashdisk")
    app.shot("34-hq-recovery-ask-id")
    app.click("#btn-vault-banner")
    app.click("#vault-save-recovery")
    app.wait_text("#toast", "Berkas pemulihan disimpan")
    assert "PLMK-" in (out / "plm-desk-kunci-pemulihan.txt").read_text()
    app.click("#nav-hq_home")
    app.el("#hq-key-card")  # drawn after the banner would have been
    assert not app.d.find_elements("css selector", "#vault-banner"), "asked no more"
