"""Print & export in the real window: the signer with a drawn signature, the signed and
blank attendance sheets, badges and the summary, written where the test says (no
dialog), checked with poppler."""
import subprocess

from conftest import ROOT, cli
from test_desk import draw


def pdf_text(path):
    """The text in drawing order with whitespace collapsed: a wrapped name reads whole."""
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def pages(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int([l for l in info.splitlines() if l.startswith("Pages:")][0].split()[1])


def test_exports_from_the_window(open_app, data_dir, tmp_path):
    ev = cli(data_dir, "event", "create", "--title", "PLM Kalimantan Selatan 2022", "--province", "63", "--city", "Banjarbaru", "--start", "2022-07-05", "--days", "2")
    cli(data_dir, "roster", "import", str(ROOT / "tests" / "fixtures" / "roster-kalsel.csv"), "--event", ev["id"])
    people = cli(data_dir, "participant", "list", "--event", ev["id"])
    for p in people[:5]:
        cli(data_dir, "checkin", "--event", ev["id"], "--code", p["code"], "--day", "1", "--signature", str(ROOT / "tests" / "fixtures" / "signature.png"))
    app = open_app(data_dir)
    app.d.execute_script("window.__PLM_EXPORT_DIR__ = arguments[0];", str(tmp_path))
    app.click("#nav-reports")

    # no signer yet: the page says so first, and the signer's card comes before the reports
    app.wait_text("#signer-missing", "Penanda tangan belum diisi")
    assert app.el("#signer-form").location["y"] < app.el("#export-sheet").location["y"]
    # who signs: role, name, NIP and a drawn signature
    app.type("#signer-role", "Ketua Panitia")
    app.type("#signer-name", "Dra. Hj. Nurul Hidayah")
    app.type("#signer-nip", "196805121990032001")
    app.d.execute_script("document.getElementById('signer-canvas').scrollIntoView({block: 'center'})")
    draw(app, "#signer-canvas")
    app.click("#signer-save")
    app.wait_text("#toast", "Penanda tangan disimpan")
    assert not app.d.find_elements("css selector", "#signer-missing")

    app.d.execute_script("document.getElementById('export-sheet').scrollIntoView({block: 'center'})")
    app.click("#export-sheet")
    app.wait_text("#export-done", "PDF tersimpan")
    assert "No. HP" not in pdf_text(tmp_path / "attendance.pdf"), "phones only when chosen"
    app.click("#sheet-phones")
    app.click("#export-sheet")
    app.wait.until(lambda d: "No. HP" in pdf_text(tmp_path / "attendance.pdf"))
    app.wait_text("#export-done", "PDF tersimpan")
    app.click("#sheet-phones")  # back to the default for the rest of the test
    app.shot("50-reports-id")
    sheet = tmp_path / "attendance.pdf"
    text = pdf_text(sheet)
    assert "DAFTAR HADIR" in text and "Selasa, 5 Juli 2022" in text
    assert "Dra. Hj. Nurul Hidayah" in text and "NIP. 196805121990032001" in text
    for p in people:
        assert p["name"] in text, p["name"]
    images = subprocess.run(["pdfimages", "-list", str(sheet)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert len(images) == 5 + 1, "five participants' signatures and the signer's"

    app.click("#export-blank")
    app.wait_text("#export-done", "attendance-blank.pdf")
    blank = pdf_text(tmp_path / "attendance-blank.pdf")
    assert f"{len(people) + 5}." in blank, "five empty rows for walk-ins"

    app.select("#sheet-paper", "f4")
    app.click("#export-sheet")
    app.wait_text("#export-done", "PDF tersimpan")
    info = subprocess.run(["pdfinfo", str(sheet)], capture_output=True, text=True, check=True).stdout
    assert "609.4" in info and "935.4" in info, info

    app.click("#export-badges")
    app.wait_text("#export-done", "badges.pdf")
    assert pages(tmp_path / "badges.pdf") == (len(people) + 7) // 8
    app.click("#export-summary")
    app.wait_text("#export-done", "summary.pdf")
    assert "RINGKASAN KEGIATAN" in pdf_text(tmp_path / "summary.pdf")
