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
