"""The check-in desk in the real window: typing, a scanned code, a drawn signature, a
walk-in, and closing the day."""
import datetime
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from conftest import ROOT, cli




def seed(data_dir):
    today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date().isoformat()
    ev = cli(data_dir, "event", "create", "--title", "PLM Kalsel", "--province", "63", "--start", today, "--days", "2")
    cli(data_dir, "roster", "import", str(ROOT / "tests" / "fixtures" / "roster-tab-english.tsv"), "--event", ev["id"])
    cli(data_dir, "participant", "add", "--event", ev["id"], "--name", "Muhammad Yusuf", "--institution", "Perpustakaan Desa Tigarun")
    cli(data_dir, "participant", "add", "--event", ev["id"], "--name", "Muh. Arsyad", "--institution", "Dinas Perpustakaan Kab. Banjar")
    people = {p["name"]: p for p in cli(data_dir, "participant", "list", "--event", ev["id"])}
    return ev, people


def present(data_dir, ev):
    rows = cli(data_dir, "attendance", "list", "--event", ev["id"], "--day", "1")["rows"]
    return {r["participant"]["name"]: r["attendance"] for r in rows if r["attendance"]}


def draw(app, css):
    canvas = app.el(css)
    chain = ActionChains(app.d)
    chain.move_to_element_with_offset(canvas, -120, 0).click_and_hold()
    for dx, dy in [(30, -25), (30, 40), (30, -30), (30, 25), (40, -10)]:
        chain.move_by_offset(dx, dy)
    chain.release().perform()


def test_desk_flow(open_app, data_dir):
    ev, people = seed(data_dir)
    app = open_app(data_dir)
    app.click("#nav-desk")
    app.wait_text("#desk-count", "0 dari 4 hadir")
    assert app.d.switch_to.active_element.get_attribute("id") == "desk-search", "the cursor starts in the search box"

    # 1. by typing: a unique name and Enter
    app.type("#desk-search", "ahmad")
    app.wait_text("#desk-results", "Ahmad Fauzi")
    app.el("#desk-search").send_keys(Keys.ENTER)
    app.wait_text("#desk-last", "Ahmad Fauzi")
    app.wait_text("#desk-count", "1 dari 4 hadir")
    app.click("#consent-yes")
    app.el("#sig-canvas")
    app.shot("20-desk-signature-id")
    draw(app, "#sig-canvas")
    app.click("#sig-save")
    app.wait_text("#desk-side", "Tanda tangan disimpan")
    att = present(data_dir, ev)["Ahmad Fauzi"]
    assert att["signed"] and len(att["signature_sha256"]) == 64 and att["source"] == "desk"

    # 2. several matches: arrows pick, Enter checks in the picked one
    app.type("#desk-search", "muh")
    app.wait.until(lambda d: len(d.find_elements("css selector", ".desk-result")) == 2)
    first = app.d.find_elements("css selector", ".desk-result")[0].text
    app.el("#desk-search").send_keys(Keys.ARROW_DOWN)
    app.el("#desk-search").send_keys(Keys.ENTER)
    second_name = "Muhammad Yusuf" if "Arsyad" in first else "Muh. Arsyad"
    app.wait_text("#desk-last", second_name)
    app.click("#sig-skip") if app.d.find_elements("css selector", "#sig-skip") else None

    # 3. a barcode scanner: the code and Enter, fired back to back, twice
    code = people["Nur Aisyah"]["code"]
    search = app.el("#desk-search")
    search.send_keys(code + Keys.ENTER)
    app.wait_text("#desk-last", "Nur Aisyah")
    app.wait_text("#desk-count", "3 dari 4 hadir")
    app.el("#desk-search").send_keys(code + Keys.ENTER)
    app.wait_text("#desk-last", "sudah tercatat hadir")
    time.sleep(0.3)
    assert "3 dari 4 hadir" in app.text("#desk-count"), "a second scan counts nothing"
    assert len(present(data_dir, ev)) == 3

    # 4. a walk-in
    app.click("#desk-walkin")
    app.type("#w-name", "Rahmat Hidayat")
    app.select("#w-gender", "L")
    app.type("#w-institution", "Perpustakaan Desa Batu Tanam")
    app.shot("21-desk-walkin-id")
    app.click("#w-save")
    app.wait_text("#desk-last", "Rahmat Hidayat")
    app.wait_text("#desk-count", "4 dari 5 hadir")
    assert "Rahmat Hidayat" in present(data_dir, ev)
    app.shot("22-desk-after-walkin-id")

    # 5. close the day: counts, absent list, seal
    app.click("#desk-close-day")
    summary = app.wait_text("#close-box", "4 dari 5 hadir")
    assert "Muhammad Yusuf" in summary or "Muh. Arsyad" in summary, "the absent person is named"
    assert "Laki-laki: 2 · Perempuan: 1 · Tidak diisi: 1" in summary
    app.shot("23-desk-close-day-id")
    app.click("#close-confirm")
    app.wait_text("#close-done", "ditutup")
    app.wait_text("#desk-sealed", "sudah ditutup")
    refused = cli(data_dir, "checkin", "--event", ev["id"], "--code", people["Muhammad Yusuf"]["code"], "--day", "1", ok=False)
    assert refused.returncode == 1 and "checkin.day_sealed" in refused.stderr
    log = [a["action"] for a in cli(data_dir, "attendance", "log", "--event", ev["id"])]
    assert log.count("checkin") == 4 and log[-1] == "seal_day" and "signature" in log


def test_paper_round_trip_and_correction(open_app, data_dir):
    ev, people = seed(data_dir)
    app = open_app(data_dir)
    app.click("#nav-desk")
    app.click("#desk-paper")
    app.type("#paper-sheet", "Lembar 2")
    tick = app.el(f".paper-tick[data-id='{people['Nur Aisyah']['id']}']")
    tick.click()
    app.wait_text("#desk-count", "1 dari 4 hadir")
    att = present(data_dir, ev)["Nur Aisyah"]
    assert att["source"] == "paper" and att["sheet_ref"] == "Lembar 2"
    app.shot("24-desk-paper-id")
    # a later correction needs a reason and lands in the audit log
    app.click("#paper-table button.small")
    app.type(".correct-reason", "salah centang")
    app.click("#paper-table button.danger")
    app.wait_text("#desk-count", "0 dari 4 hadir")
    assert present(data_dir, ev) == {}
    log = cli(data_dir, "attendance", "log", "--event", ev["id"])
    assert [a["action"] for a in log] == ["paper_entry", "correction_remove"]
    assert log[-1]["reason"] == "salah centang"


def test_scanner_firing_codes_back_to_back(open_app, data_dir):
    ev, people = seed(data_dir)
    app = open_app(data_dir)
    app.click("#nav-desk")
    app.wait_text("#desk-count", "0 dari 4 hadir")
    codes = [p["code"] for p in people.values()]
    # one burst, as a scanner types: code, Enter, code, Enter, ... and the first again
    app.el("#desk-search").send_keys("".join(c + Keys.ENTER for c in codes + codes[:1]))
    app.wait_text("#desk-count", "4 dari 4 hadir")
    time.sleep(0.5)
    assert "4 dari 4 hadir" in app.text("#desk-count")
    assert len(present(data_dir, ev)) == 4
    assert app.el("#desk-search").get_attribute("value") == ""


def test_desk_warns_when_the_laptop_date_is_not_an_event_day(open_app, data_dir):
    # an event in 2022 opened today: the desk says so before the first check-in
    ev = cli(data_dir, "event", "create", "--title", "PLM Lampau", "--province", "63", "--start", "2022-07-05", "--days", "2")
    cli(data_dir, "participant", "add", "--event", ev["id"], "--name", "Siti Rahmah", "--institution", "Desa Tigarun")
    app = open_app(data_dir)
    app.click("#nav-desk")
    text = app.wait_text("#desk-clock-warning", "periksa jam laptop")
    assert "kegiatan Selasa, 5 Juli 2022 – Rabu, 6 Juli 2022" in text, text
    assert "Mencatat hari ke-2, Rabu, 6 Juli 2022; hari ini bukan hari kegiatan" in text, text
    app.shot("25-desk-clock-warning-id")
    # an event that runs today: no warning
    today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date().isoformat()
    ev2 = cli(data_dir, "event", "create", "--title", "PLM Hari Ini", "--province", "63", "--start", today, "--days", "1")
    app.d.refresh()
    app.ready()
    app.click("#nav-desk")
    app.wait_text("#desk-count", "0 dari 0 hadir")
    assert app.d.find_elements("css selector", "#desk-clock-warning") == [], ev2["id"]


def test_enter_takes_the_highlight_ranked_by_where_the_match_is(open_app, data_dir):
    today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date().isoformat()
    ev = cli(data_dir, "event", "create", "--title", "PLM Kalsel", "--province", "63", "--start", today, "--days", "1")
    for name, inst in [("Budi Santoso", "Perpustakaan Desa Tambak Sari Panji"), ("Nur Sari Dewi", "Dinas Perpustakaan Kab. Banjar"),
                       ("Sari Wulandari", "Perpustakaan Desa Tigarun"), ("Hj. Rabiatul Ma’rufah, S.Sos.", "Dinas Perpustakaan Provinsi")] \
            + [(f"Ahmad Fikri {i}", "Desa Batu Tanam") for i in range(10)]:
        cli(data_dir, "participant", "add", "--event", ev["id"], "--name", name, "--institution", inst)
    app = open_app(data_dir)
    app.click("#nav-desk")
    # the highlighted row is the one a name starts with, and Enter takes it
    app.type("#desk-search", "sari")
    app.wait.until(lambda d: len(d.find_elements("css selector", ".desk-result")) == 3)
    rows = app.d.find_elements("css selector", ".desk-result")
    assert "Sari Wulandari" in rows[0].text and "Budi Santoso" in rows[2].text, [r.text for r in rows]
    assert rows[0].get_attribute("aria-selected") == "true"
    app.el("#desk-search").send_keys(Keys.ENTER)
    app.wait_text("#desk-last", "Sari Wulandari")
    app.click("#sig-skip") if app.d.find_elements("css selector", "#sig-skip") else None
    # apostrophes folded away
    app.type("#desk-search", "marufah")
    app.wait_text("#desk-results", "Ma’rufah")
    # more than eight: the list says how many more
    app.type("#desk-search", "ahmad")
    more = app.wait_text("#desk-more", "+2 lagi")
    assert len(app.d.find_elements("css selector", ".desk-result")) == 8, more
    # a code the scanner typed that nobody has never checks anyone in by name
    app.type("#desk-search", "Wuland")
    app.el("#desk-search").send_keys(Keys.ENTER)
    app.wait_text("#toast", "Kode tidak dikenal")
    rows = cli(data_dir, "attendance", "list", "--event", ev["id"], "--day", "1")
    assert rows["present"] == 1, rows["present"]


def test_keyboard_path_kept_day_walkin_beside_and_closed_day(open_app, data_dir):
    ev, people = seed(data_dir)
    app = open_app(data_dir)
    app.click("#nav-desk")
    app.wait_text("#desk-count", "0 dari 4 hadir")
    active = lambda: app.d.switch_to.active_element.get_attribute("id")
    # check in by Enter; the keyboard goes to consent, then to the pad, then back
    app.type("#desk-search", "ahmad")
    app.wait_text("#desk-results", "Ahmad Fauzi")
    app.el("#desk-search").send_keys(Keys.ENTER)
    app.el("#consent-yes")
    app.wait.until(lambda d: active() == "consent-yes")
    assert "Enter = Setuju" in app.text("#consent-box")
    # undoing the check-in is a named button, distinct from clearing a signature
    assert "Batalkan check-in Ahmad Fauzi" in app.text("#desk-undo")
    app.d.switch_to.active_element.send_keys(Keys.ENTER)
    app.el("#sig-canvas")
    app.wait.until(lambda d: active() == "sig-save")
    assert "Ctrl+Z" in app.text("#sig-box")
    draw(app, "#sig-canvas")
    app.wait.until(lambda d: active() == "sig-save")
    strokes = lambda: app.d.execute_script("return document.getElementById('sig-canvas').toDataURL().length")
    drawn = strokes()
    app.d.switch_to.active_element.send_keys(Keys.CONTROL, "z")
    app.wait.until(lambda d: strokes() < drawn)  # the stroke is gone
    app.d.switch_to.active_element.send_keys(Keys.ESCAPE)
    app.wait.until(lambda d: active() == "desk-search")
    assert present(data_dir, ev)["Ahmad Fauzi"]["signed"] is False
    # a walk-in opens beside the search, where consent and signature appear
    app.click("#desk-walkin")
    app.wait.until(lambda d: d.find_elements("css selector", "#desk-side #walkin-form"))
    save = app.el("#w-save")
    assert save.location["y"] + save.size["height"] <= 768, "Save is on screen at 768 px"
    app.el("#walkin-form button[type=button]").click()
    # a day chosen by hand is kept after visiting another screen
    app.select("#desk-day", "2")
    app.wait.until(lambda d: d.execute_script("return document.getElementById('desk-day').value") == "2")
    app.click("#nav-participants")
    app.click("#nav-desk")
    app.wait.until(lambda d: d.execute_script("return document.getElementById('desk-day') && document.getElementById('desk-day').value") == "2")
    # a closed day says so in the search box itself
    cli(data_dir, "day", "close", "--event", ev["id"], "--day", "2")
    app.click("#nav-participants")
    app.click("#nav-desk")
    app.wait_text("#desk-sealed", "sudah ditutup")
    search = app.el("#desk-search")
    assert not search.is_enabled() and "sudah ditutup" in search.get_attribute("placeholder")
