"""The app passphrase in the real window: set it, the window locks when idle and hides the
participants, the Rust side refuses commands while locked, a wrong passphrase is refused,
the right one opens it again, and a restart opens locked."""
import time

from conftest import cli

NAME = "Rabiatul Adawiyah Syahrani"


def locked(app):
    return app.d.execute_script("return document.body.dataset.locked === 'true'")


def test_passphrase_locks_hides_and_unlocks(open_app, data_dir):
    ev = cli(data_dir, "event", "create", "--title", "PLM Kalsel", "--province", "63", "--start", "2022-07-05", "--days", "2")
    cli(data_dir, "participant", "add", "--event", ev["id"], "--name", NAME, "--institution", "Perpustakaan Desa Tigarun")
    app = open_app(data_dir)

    # no passphrase yet: the lock button leads to the settings
    app.click("#lock-btn")
    app.el("#lock-set-form")
    app.type("#lock-new", "abc")
    app.type("#lock-repeat", "abc")
    app.click("#lock-save")
    app.wait_text("#lock-set-error", "terlalu pendek")
    assert cli(data_dir, "lock", "status")["enabled"] is False, "a refused passphrase changed nothing"
    app.type("#lock-new", "kalsel 2022")
    app.type("#lock-repeat", "kalsel 2022")
    app.select("#lock-minutes", "5")
    app.click("#lock-save")
    app.wait_text("#lock-card h2", "Kunci aktif")
    assert cli(data_dir, "lock", "status") == {"enabled": True, "minutes": 5}
    app.shot("60-lock-settings-id")

    # the participants are on screen; after the idle time the window locks by itself
    app.click("#nav-participants")
    app.wait_text("#p-list", NAME)
    app.d.execute_script("window.__PLM_LOCK_AFTER_MS__ = 1500")
    app.wait.until(lambda d: locked(app))
    app.el("#lock-pass")
    body = app.d.execute_script("return document.body.innerText")
    assert NAME not in body, "nothing personal stays on a locked screen"
    assert app.d.execute_script("return document.getElementById('view').childElementCount") == 0
    app.shot("61-locked-id")

    # the Rust side refuses data while locked, whatever the page asks
    refused = app.d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__TAURI__.core.invoke('participant_list', {eventId: arguments[0]})"
        ".then(() => done('answered'), (e) => done(e.code));", ev["id"])
    assert refused == "app.locked"
    # shortcuts do nothing behind the lock
    app.d.execute_script("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'F2'}))")
    time.sleep(0.3)
    assert NAME not in app.d.execute_script("return document.body.innerText")

    app.type("#lock-pass", "kalsel 2021")
    app.click("#lock-open")
    app.wait_text("#lock-error", "salah")
    assert locked(app)
    app.d.execute_script("window.__PLM_LOCK_AFTER_MS__ = null")
    app.type("#lock-pass", "kalsel 2022")
    app.click("#lock-open")
    app.wait.until(lambda d: not locked(app))
    app.wait_text("#p-list", NAME)

    # "Lock screen" locks at once
    app.click("#lock-btn")
    app.wait.until(lambda d: locked(app))
    app.type("#lock-pass", "kalsel 2022")
    app.click("#lock-open")
    app.wait.until(lambda d: not locked(app))
    app.quit()

    # a restart opens locked; the view appears only after the passphrase
    app = open_app(data_dir)
    assert locked(app)
    assert app.d.execute_script("return document.body.dataset.ready") != "true"
    app.type("#lock-pass", "kalsel 2022")
    app.click("#lock-open")
    app.ready()
    app.wait_text("#view", "PLM Kalsel")

    # turning it off needs the passphrase
    app.click("#lock-settings")
    app.type("#lock-current", "salah sekali")
    app.click("#lock-off")
    app.wait_text("#lock-set-error", "salah")
    app.type("#lock-current", "kalsel 2022")
    app.click("#lock-off")
    app.wait_text("#lock-card h2", "belum dipasang")
    assert cli(data_dir, "lock", "status")["enabled"] is False
