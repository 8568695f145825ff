"""The documented benchmark command works end to end, including the parts that start the
real window (start-up, memory, search typed through WebDriver) and the bare Tauri window
it compares with (small sizes: this checks the command and that every row the README and
headquarters' scripts rely on is there; the figures come from a release build with the
default sizes and are not judged here)."""
import json
import subprocess

from conftest import BINARY

ROWS = [
    "search_p99_ms", "window_search_p95_ms", "checkin_vs_sqlite", "encryption_insert_cost", "startup_vs_bare",
    "rss_vs_bare", "pdf_vs_libreoffice", "hq_33_files_s", "hq_33_again_s", "roster_2000_s",
    "cli_start_ms",
    "search_growth_1", "search_growth_2", "checkin_growth_1", "checkin_growth_2",
    "roster_growth_1", "roster_growth_2", "pdf_growth_1", "pdf_growth_2",
    "hq_growth_1", "hq_growth_2",
]
FIELDS = {"measure", "label", "ours", "baseline", "ratio", "target", "target_of", "unit", "met"}


def test_bench_rows_are_all_there():
    out = subprocess.run([str(BINARY), "bench", "--participants", "60", "--rows", "30", "--json"],
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr
    v = json.loads(out.stdout)
    rows = {r["measure"]: r for r in v["rows"]}
    missing = [m for m in ROWS if m not in rows]
    assert not missing, missing
    for r in v["rows"]:
        assert set(r) == FIELDS, r
        assert r["target_of"] in ("ours", "ratio"), r
    # the window-driven rows measured something (not null): the window started, painted,
    # and took keystrokes; the bare window and the console program were found
    for m in ["window_search_p95_ms", "startup_vs_bare", "rss_vs_bare", "cli_start_ms",
              "search_p99_ms", "hq_33_files_s", "checkin_vs_sqlite"]:
        assert rows[m]["ours"] is not None, (m, v["detail"].get("window_search"), v["detail"].get("startup"))
    for m in ["startup_vs_bare", "rss_vs_bare", "search_p99_ms", "checkin_vs_sqlite"]:
        assert rows[m]["baseline"] is not None and rows[m]["ratio"] is not None, rows[m]
    d = v["detail"]
    assert d["window_search"]["keys"] >= 100
    assert d["cli"]["program"] == "plm-desk-cli"
    assert d["startup"]["starts"] == 5 and d["startup"]["bare_starts"] == 5
    assert d["sync"]["venues"] == 33 and [g["files"] for g in d["sync"]["growth"]] == [11, 33, 99]
