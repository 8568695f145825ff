"""Foundation: create an event and its agenda in the real window."""

from conftest import cli, open_db




def test_create_event_and_session_in_window(app):
    app.wait_text("#view h1", "Selamat datang")
    app.shot("01-welcome-id")
    app.click("#btn-create-first")
    app.type("#ev-title", "PLM Provinsi Kalimantan Selatan")
    app.select("#ev-province", "63")
    app.type("#ev-regency", "Kota Banjarmasin")
    app.type("#ev-venue", "Aston Banua Hotel")
    app.type("#ev-start", "2022-07-05")
    app.select("#ev-days", "2")
    app.type("#ev-wave", "3")
    app.shot("02-event-form-id")
    app.click("#ev-save")
    # after creating, the agenda opens
    app.wait_text("#view h1", "Agenda")
    assert "Selasa, 5 Juli 2022" in app.text("#day-tab-1")
    app.type("#s-title", "Pembukaan")
    app.select("#s-kind", "opening")
    app.type("#s-start", "08.00")
    app.type("#s-end", "09.00")
    app.type("#s-facilitators", "Master Trainer")
    app.click("#s-save")
    app.wait_text("#session-table", "Pembukaan")
    app.type("#s-title", "Paparan capaian perpustakaan")
    app.type("#s-start", "09.00")
    app.type("#s-end", "10.30")
    app.click("#s-save")
    app.wait_text("#session-table", "Paparan capaian perpustakaan")
    rows = app.d.find_elements("css selector", "#session-table tbody tr")
    assert [r.find_element("css selector", ".session-title").text.splitlines()[0] for r in rows] == [
        "Pembukaan", "Paparan capaian perpustakaan"]
    assert "08.00–09.00 WITA" in rows[0].text

    # an overlapping session is refused with a clear message, and nothing is added
    app.type("#s-title", "Diskusi")
    app.type("#s-start", "10.00")
    app.type("#s-end", "11.00")
    app.click("#s-save")
    msg = app.wait_text("#session-error", "bertabrakan")
    assert "Paparan capaian perpustakaan" in msg
    assert len(app.d.find_elements("css selector", "#session-table tbody tr")) == 2
    app.shot("03-agenda-id")

    # both are in the database, as the command line sees it
    events = cli(app.data_dir, "event", "list")
    assert [e["title"] for e in events] == ["PLM Provinsi Kalimantan Selatan"]
    assert events[0]["zone_label"] == "WITA" and events[0]["regency_code"] == "63.71"
    sessions = cli(app.data_dir, "session", "list", "--event", events[0]["id"])
    assert [(s["title"], s["start"], s["end"], s["kind"]) for s in sessions] == [
        ("Pembukaan", "08:00", "09:00", "opening"), ("Paparan capaian perpustakaan", "09:00", "10:30", "other")]

    app.click("#nav-home")
    app.wait_text("#view h1", "PLM Provinsi Kalimantan Selatan")
    # the event is in the past, so home shows its last day (the desk's day) and its count
    home = app.text("#view")
    assert "Agenda hari ke-2 · Rabu, 6 Juli 2022" in home and "0 dari 0 hadir" in home
    app.shot("04-home-id")


def test_bad_event_input_is_refused(app):
    app.click("#btn-create-first")
    app.type("#ev-title", "PLM Uji")
    app.select("#ev-province", "63")
    app.type("#ev-start", "2022-02-30")
    app.click("#ev-save")
    msg = app.wait_text("#event-error", "2022-02-30")
    assert "tidak valid" in msg
    assert app.el("#ev-start").get_attribute("aria-invalid") == "true"
    assert cli(app.data_dir, "event", "list") == []


def test_language_choice_is_remembered(open_app, data_dir):
    a = open_app(data_dir)
    assert a.text("#nav-home") == "Beranda"
    a.select("#lang-select", "en")
    a.wait_text("#nav-home", "Home")
    a.wait_text("#view h1", "Welcome")
    a.shot("05-welcome-en")
    a.quit()
    b = open_app(data_dir)
    assert b.text("#nav-home") == "Home"
    assert b.el("#lang-select").get_attribute("value") == "en"


def test_keyboard_shortcuts_open_views(app):
    from selenium.webdriver.common.keys import Keys
    body = app.el("body")
    body.send_keys(Keys.F1)
    app.wait_text("#view h1", "Bantuan")
    body.send_keys(Keys.ALT, "1")
    app.wait_text("#view h1", "Selamat datang")


def test_retention_passed_offers_erasure(app):
    ev = cli(app.data_dir, "event", "create", "--title", "PLM Lama", "--province", "63", "--start", "2021-07-05", "--days", "2")
    cli(app.data_dir, "participant", "add", "--event", ev["id"], "--name", "Ani Lestari", "--phone", "081234567890")
    app.d.refresh()
    app.ready()
    # just entered (a past event imported today): erasure is not offered, and home says why
    app.wait_text("#retention-recent", "14 hari terakhir")
    assert not app.d.find_elements("css selector", "#btn-erase-all")
    app.shot("06-retention-recent-id")
    # the same data entered long ago: erasure is offered
    db = open_db(app.data_dir)
    db.execute("UPDATE participants SET created_at = '2021-07-06T02:00:00.000Z'")
    db.commit()
    db.close()
    app.d.refresh()
    app.ready()
    app.wait_text("#retention-due", "berakhir")
    app.shot("06-retention-due-id")
    app.click("#btn-erase-all")
    app.click(".ask-box .ask-yes")
    app.wait_text("#toast", "Data pribadi 1 peserta dihapus")
    [p] = cli(app.data_dir, "participant", "list", "--event", ev["id"])
    assert p["erased"] and p["name"] == "" and p["phone"] is None
    # once erased, home no longer asks
    app.click("#nav-home")
    app.wait_text("#view h1", "PLM Lama")
    assert not app.d.find_elements("css selector", "#retention-due")


def test_delete_a_session_asks_in_the_page(app):
    ev = cli(app.data_dir, "event", "create", "--title", "PLM", "--province", "63", "--start", "2022-07-05", "--days", "1")
    cli(app.data_dir, "session", "add", "--event", ev["id"], "--day", "1", "--start", "08:00", "--end", "09:00", "--title", "Pembukaan")
    app.d.refresh()
    app.ready()
    app.click("#nav-agenda")
    app.wait_text("#session-table", "Pembukaan")
    app.click("#session-table button.danger")
    app.click(".ask-box .ask-no")
    assert len(cli(app.data_dir, "session", "list", "--event", ev["id"])) == 1, "No keeps it"
    app.click("#session-table button.danger")
    app.click(".ask-box .ask-yes")
    app.wait_text("#view", "Belum ada sesi")
    assert cli(app.data_dir, "session", "list", "--event", ev["id"]) == []
