"""Follow-up plans, learning notes and awards in the real window: a plan with three items
drafted by keyboard, an award scored by two judges, a note and a story."""
from selenium.webdriver.common.keys import Keys

from conftest import cli


def seed(data_dir):
    ev = cli(data_dir, "event", "create", "--title", "PLM Kalimantan Selatan", "--province", "63", "--start", "2022-07-05", "--days", "2")
    cli(data_dir, "participant", "add", "--event", ev["id"], "--name", "Rahmah", "--institution", "Perpustakaan Desa Sungai Rangas")
    cli(data_dir, "session", "add", "--event", ev["id"], "--day", "1", "--start", "09:00", "--end", "10:30", "--title", "Berbagi kendala dan solusi", "--kind", "sharing")
    return ev


def test_plan_with_three_items_by_keyboard(open_app, data_dir):
    ev = seed(data_dir)
    app = open_app(data_dir)
    app.click("#nav-plans")
    app.wait_text("#plans-empty", "Belum ada rencana")
    app.type("#plan-institution", "Perpustakaan Desa Sungai Rangas")
    app.el("#plan-institution").send_keys(Keys.ENTER)
    app.wait_text("#plan-tabs", "Perpustakaan Desa Sungai Rangas (0)")
    app.wait_text("#plan-box", "Disusun oleh: Rahmah")

    # item 1: typed, Enter saves, the cursor goes back to Activity
    app.type("#i-activity", "Kelas literasi digital untuk ibu-ibu PKK")
    app.type("#i-when", "2022-08..2022-10")
    app.type("#i-responsible", "Rahmah")
    app.el("#i-responsible").send_keys(Keys.ENTER)
    app.wait_text("#item-table", "Kelas literasi digital")
    app.wait.until(lambda d: d.switch_to.active_element.get_attribute("id") == "i-activity")
    # item 2 with another strategy
    app.select("#i-strategy", "advokasi")
    app.type("#i-activity", "Audiensi dengan kepala desa tentang Dana Desa")
    app.type("#i-when", "2022-09")
    app.el("#i-when").send_keys(Keys.ENTER)
    app.wait_text("#item-table", "Audiensi")
    # a refused item: a date far outside the plan's span, with a clear message
    app.type("#i-activity", "Lomba bercerita")
    app.type("#i-when", "2035-01")
    app.el("#i-when").send_keys(Keys.ENTER)
    app.wait_text("#item-error", "tidak masuk akal")
    app.type("#i-when", "2022-11")
    app.el("#i-when").send_keys(Keys.ENTER)
    app.wait_text("#item-table", "Lomba bercerita")
    app.wait_text("#plan-tabs", "(3)")
    # reorder: the third moves up
    rows = app.d.find_elements("css selector", "#item-table tbody tr")
    rows[2].find_element("css selector", "button[aria-label='Geser ke atas']").click()
    app.wait.until(lambda d: "Lomba" in d.execute_script("return document.querySelectorAll('#item-table tbody tr')[1]?.innerText || ''"))
    # status of the first item
    app.select("#item-table tbody tr:first-child select.item-status", "in_progress")
    app.wait_text("#toast", "Status disimpan")
    app.click("#plan-presented")
    app.wait_text("#plan-tabs", "✓")
    app.shot("40-plans-id")

    plans = cli(data_dir, "plan", "list", "--event", ev["id"])
    assert len(plans) == 1 and plans[0]["presented"]
    items = plans[0]["items"]
    assert [i["activity"][:5] for i in items] == ["Kelas", "Lomba", "Audie"]
    # the strategy stays chosen for the next item (drafting goes strategy by strategy)
    assert [i["strategy"] for i in items] == ["layanan", "advokasi", "advokasi"]
    assert (items[0]["when_from"], items[0]["when_to"]) == ("2022-08", "2022-10")
    assert items[0]["status"] == "in_progress"


def test_award_scored_by_two_judges(open_app, data_dir):
    ev = seed(data_dir)
    app = open_app(data_dir)
    app.click("#nav-awards")
    app.wait_text("#award-tabs", "Perpustakaan Desa Terbaik")
    app.d.find_element("css selector", "#award-tabs button[role=tab]:nth-child(2)").click()
    for name in ["Perpustakaan Desa Sungai Rangas", "Perpustakaan Desa Tigarun"]:
        app.type("#nominee-name", name)
        app.el("#nominee-name").send_keys(Keys.ENTER)
        app.wait_text("#nominee-card", name)
    for name, weight in [("Kegiatan pelibatan masyarakat", "60"), ("Kemitraan", "40")]:
        app.type("#criterion-name", name)
        app.type("#criterion-weight", weight)
        app.el("#criterion-weight").send_keys(Keys.ENTER)
        app.wait_text("#criterion-card", name)
    for name in ["Juri Satu", "Juri Dua"]:
        app.type("#judge-name", name)
        app.el("#judge-name").send_keys(Keys.ENTER)
        app.wait_text("#judge-card", name)
    app.wait_text("#score-sheet", "Lembar nilai")

    def fill(scores):
        inputs = app.d.find_elements("css selector", "#sheet-table input.score-input")
        assert len(inputs) == 4
        for inp, v in zip(inputs, scores):
            inp.clear()
            inp.send_keys(v + "\t")
        app.wait.until(lambda d: all(i.get_attribute("aria-invalid") is None for i in d.find_elements("css selector", "#sheet-table input.score-input")))

    # judge 1: Rangas 80/50, Tigarun 70/90 ; judge 2: Rangas 90/70, Tigarun 60/80
    fill(["80", "50", "70", "90"])
    app.wait_text("#ranking-table", "1/2")
    app.select("#sheet-judge", [j for j in app.d.find_elements("css selector", "#sheet-judge option")][1].get_attribute("value"))
    app.wait.until(lambda d: all(i.get_attribute("value") == "" for i in d.find_elements("css selector", "#sheet-table input.score-input")))
    fill(["90", "70", "60", "80"])
    # Rangas: (0.68 + 0.82)/2 = 75.00 ; Tigarun: (0.78 + 0.68)/2 = 73.00
    app.wait_text("#ranking-table", "2/2")
    text = app.text("#ranking-table")
    assert text.index("Sungai Rangas") < text.index("Tigarun"), text
    assert "75.00" in text and "73.00" in text, text
    # an out-of-range score is refused
    first = app.d.find_elements("css selector", "#sheet-table input.score-input")[0]
    first.send_keys(Keys.CONTROL, "a")
    first.send_keys("150\t")
    app.wait.until(lambda d: d.find_elements("css selector", "#sheet-table input.score-input")[0].get_attribute("aria-invalid") == "true")
    app.wait_text("#toast", "di luar rentang")
    app.d.find_elements("css selector", "#ranking-table button.decide")[0].click()
    app.type("#decision-note", "Rapat dewan juri")
    app.click("#decide-yes")
    app.wait_text("#decision", "Pemenang: Perpustakaan Desa Sungai Rangas")
    app.shot("41-awards-id")
    cats = cli(data_dir, "award", "list", "--event", ev["id"])
    desa = [c for c in cats if c["category"]["name"] == "Perpustakaan Desa Terbaik"][0]
    assert [r["score"] for r in desa["ranking"]] == [75.0, 73.0]
    assert desa["category"]["winner_id"] == desa["ranking"][0]["nominee_id"]
    assert len(desa["category"]["scores"]) == 8


def test_learning_note_and_story(open_app, data_dir):
    ev = seed(data_dir)
    app = open_app(data_dir)
    app.click("#nav-notes")
    session = cli(data_dir, "session", "list", "--event", ev["id"])[0]
    app.select("#n-session", session["id"])
    # no kind chosen yet: the note is not saved under a silent default; the kind is asked for
    app.type("#n-text", "Sinyal internet lemah di desa")
    app.el("#n-text").send_keys(Keys.CONTROL, Keys.ENTER)
    app.wait_text("#note-error", "Pilih jenis catatan")
    assert app.d.execute_script("return document.activeElement.id") == "n-kind"
    assert cli(data_dir, "note", "list", "--event", ev["id"]) == []
    app.select("#n-kind", "obstacle")
    app.el("#n-text").send_keys(Keys.CONTROL, Keys.ENTER)
    app.wait_text("#note-list", "Kendala (1)")
    app.type("#st-title", "Dari pojok baca ke usaha kue")
    app.type("#st-story", "Saya belajar resep dari buku di perpustakaan desa.")
    app.click("#st-save")
    app.wait_text("#story-list", "Dari pojok baca")
    app.shot("42-notes-id")
    notes = cli(data_dir, "note", "list", "--event", ev["id"], "--session", session["id"])
    assert [(n["kind"], n["text"]) for n in notes] == [("obstacle", "Sinyal internet lemah di desa")]
