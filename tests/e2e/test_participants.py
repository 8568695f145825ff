"""Participants in the real window: roster import with preview, search as you type, walk-in."""
from pathlib import Path

from conftest import ROOT, cli

FIXTURES = ROOT / "tests" / "fixtures"




def make_event(data_dir):
    return cli(data_dir, "event", "create", "--title", "PLM Kalsel", "--province", "63", "--start", "2022-07-05", "--days", "2")


def test_import_preview_then_import(open_app, data_dir):
    ev = make_event(data_dir)
    app = open_app(data_dir)
    app.click("#nav-participants")
    app.wait_text("#p-list", "Belum ada peserta")
    app.click("#btn-import")
    app.el("#roster-file").send_keys(str(FIXTURES / "roster-messy-semicolon-cp1252.csv"))
    preview = app.wait_text("#import-preview", "4 baru")
    assert "1 ditolak" in preview and "4 peringatan" in preview and "1 ganda" in preview
    assert "Ukuran Kaos" in preview
    assert "Baris 5" in preview and "1.97801E+17" in preview
    # nothing is written before the user confirms
    assert cli(data_dir, "participant", "list", "--event", ev["id"]) == []
    app.shot("10-import-preview-id")
    app.click("#roster-confirm")
    app.wait_text("#import-report", "Selesai")
    app.wait_text("#p-count", "4 peserta")
    names = [p["name"] for p in cli(data_dir, "participant", "list", "--event", ev["id"])]
    assert "Hj. Rabiatul Ma’rufah, S.Sos." in names

    # search as you type
    app.type("#p-search", "rabi")
    app.wait_text("#p-table", "Ma’rufah")
    assert len(app.d.find_elements("css selector", "#p-table tbody tr")) == 1
    app.shot("11-participants-search-id")


def test_walk_in_is_added_and_duplicate_refused(open_app, data_dir):
    ev = make_event(data_dir)
    app = open_app(data_dir)
    app.click("#nav-participants")
    app.click("#btn-add-participant")
    app.type("#p-name", "Siti Rahmah, S.Pd.")
    app.select("#p-gender", "P")
    app.select("#p-category", "perpustakaan_desa")
    app.type("#p-institution", "Perpustakaan Desa Tigarun")
    app.type("#p-phone", "0812 7777 8888")
    app.shot("12-walk-in-form-id")
    app.click("#p-save")
    app.wait_text("#p-count", "1 peserta")
    [p] = cli(data_dir, "participant", "list", "--event", ev["id"])
    assert p["phone"] == "+6281277778888" and p["source"] == "walk_in" and p["gender"] == "P"
    assert p["code"] in app.text("#p-table")

    # the same phone again is refused with the existing code
    app.click("#btn-add-participant")
    app.type("#p-name", "Siti R.")
    app.type("#p-phone", "+62 812-7777-8888")
    app.click("#p-save")
    msg = app.wait_text("#p-error", "sudah terdaftar")
    assert p["code"] in msg
    # a bad NIP gets a clear message
    app.type("#p-name", "Budi")
    app.type("#p-phone", "")
    app.type("#p-nip", "12345")
    app.click("#p-save")
    app.wait_text("#p-error", "18 angka")
    assert len(cli(data_dir, "participant", "list", "--event", ev["id"])) == 1
