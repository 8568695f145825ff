"""The documented benchmark command works end to end, including the part that starts the
real window and waits for its first painted screen (small sizes: this checks the command,
the README's table comes from a release build with the default sizes)."""
import json
import subprocess

from conftest import BINARY


def test_bench_measures_startup_and_memory():
    out = subprocess.run([str(BINARY), "bench", "--participants", "60", "--rows", "30", "--json"],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    v = json.loads(out.stdout)
    assert v["participants"] == 60 and v["roster_import"]["rows"] == 30
    st = v["startup"]
    assert "error" not in st, st
    assert st["starts"] == 5
    assert 0 < st["first_start_ms"] < 60000 and 0 < st["median_ms"] <= st["max_ms"]
    assert st["window_peak_mb"] > 10 and st["window_with_webkit_pss_mb"] >= st["window_peak_mb"] * 0.5
    assert st["window_processes"] >= 2, "the app and at least WebKit's web process"
    assert v["bench_peak_mb"] > 10
    assert v["attendance_pdf"]["pages"] > 1 and v["sync"]["venues"] == 33
    # the after-event papers: the receipt list of the sheet's people, a small report
    assert v["attendance_pdf"]["receipts_pages"] >= 1 and v["attendance_pdf"]["receipts_ms"] > 0
    assert v["papers"]["photos"] == 3 and v["papers"]["docx_bytes"] > 0 and v["papers"]["pdf_bytes"] > 0

