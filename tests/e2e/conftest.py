"""End-to-end tests: the real PLM Desk window, driven through tauri-driver and WebKitWebDriver.

Run under an X server (the test script wraps pytest in xvfb-run). Each test gets its own
data folder, so each starts on an empty database.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import JavascriptException, NoSuchElementException, StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("PLM_DESK_BIN", ROOT / "target" / "debug" / "plm-desk"))
SHOTS = Path(os.environ.get("PLM_DESK_SHOTS", ROOT / "target" / "e2e-screenshots"))
# database keys of the test data folders go to key files in one place of their own (the
# app and the command line read the same variables), so a test can read or lose a key
KEY_DIR = Path(tempfile.mkdtemp(prefix="plm-e2e-keys-"))
os.environ["PLM_DESK_KEY_DIR"] = str(KEY_DIR)
os.environ["PLM_DESK_KEY_STORE"] = "file"


def key_file(data_dir):
    """Where the database key of `data_dir` is kept (a key file, see above)."""
    import json
    side = json.loads((Path(data_dir) / "plm-desk.sqlite3.keys.json").read_text())
    return KEY_DIR / f"{side['store_id']}.key"


def open_db(data_dir):
    """The window's encrypted database, opened with its key (for a test to age or break data)."""
    import sqlcipher3
    db = sqlcipher3.connect(str(Path(data_dir) / "plm-desk.sqlite3"))
    db.execute(f"PRAGMA key = \"x'{key_file(data_dir).read_text().strip()}'\"")
    # the app makes its databases with 8 KiB pages (vault::PAGE_SIZE)
    db.execute("PRAGMA cipher_page_size = 8192")
    return db


def cli(data_dir, *args, ok=True):
    """Run the headless command line on a window's data folder; JSON result (or the process)."""
    import json
    out = subprocess.run([str(BINARY), "--data", str(data_dir), "--json", *args], capture_output=True, text=True)
    if not ok:
        return out
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"tauri-driver did not listen on {port}")


@pytest.fixture(scope="session")
def tauri_driver():
    assert BINARY.exists(), f"build the app first: {BINARY}"
    exe = shutil.which("tauri-driver") or str(Path.home() / ".cargo" / "bin" / "tauri-driver")
    port, native = _free_port(), _free_port()
    env = dict(os.environ, GDK_BACKEND="x11", GSETTINGS_BACKEND="memory")
    proc = subprocess.Popen([exe, "--port", str(port), "--native-port", str(native)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


class App:
    """One running window on one data folder."""

    def __init__(self, url, data_dir):
        self.data_dir = data_dir
        opts = ArgOptions()
        opts.set_capability("browserName", "wry")
        opts.set_capability("tauri:options", {"application": str(BINARY), "args": ["--data", str(data_dir)]})
        self.d = webdriver.Remote(command_executor=url, options=opts)
        # The driver runs on this machine: file inputs take local paths, no upload.
        self.d._is_remote = False
        self.d.implicitly_wait(0)
        self.wait = WebDriverWait(self.d, 15)
        # started (or, with an app passphrase, showing the lock screen)
        self.wait.until(lambda d: d.execute_script(
            "return document.body.dataset.ready === 'true' || document.body.dataset.locked === 'true'"))

    # helpers -----------------------------------------------------------------
    def ready(self):
        """Wait until the page (re)loaded and finished starting; safe across a reload."""
        def check(d):
            try:
                return d.execute_script("return document.body.dataset.ready === 'true' && !!document.getElementById('view').firstChild")
            except WebDriverException:
                return False  # the page is unloading
        self.wait.until(check)

    def el(self, css):
        return self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))

    def click(self, css):
        self.wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, css))).click()

    def type(self, css, text, clear=True):
        e = self.el(css)
        if clear:
            e.clear()
        if text:
            e.send_keys(text)
        return e

    def select(self, css, value):
        # Clicking a <select> in WebKitGTK opens a native GTK menu that blocks the
        # driver; choose the option as keyboard users do, by setting the value and
        # firing the same change event.
        e = self.el(css)
        ok = self.d.execute_script(
            "const s = arguments[0]; if (![...s.options].some(o => o.value === arguments[1])) return false;"
            "s.focus(); s.value = arguments[1]; s.dispatchEvent(new Event('input', {bubbles: true}));"
            "s.dispatchEvent(new Event('change', {bubbles: true})); return true;", e, value)
        assert ok, f"{css} has no option {value!r}"

    def text(self, css):
        return self.el(css).text

    def wait_text(self, css, needle):
        """Wait until the element's text contains `needle`; return that text."""
        seen = {}

        def check(d):
            # innerText in the page: WebDriver's own text call trips over some elements
            # (a <datalist> inside makes WebKitWebDriver fail its displayedness check)
            try:
                seen["text"] = d.execute_script("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css)
            except (JavascriptException, WebDriverException):
                return False
            return seen["text"] is not None and needle in seen["text"]

        try:
            self.wait.until(check)
        except TimeoutException:
            raise AssertionError(f"{css} never showed {needle!r}; last text: {seen.get('text')!r}")
        return seen["text"]

    def shot(self, name):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.d.save_screenshot(str(SHOTS / f"{name}.png"))

    def quit(self):
        try:
            self.d.quit()
        except Exception:
            pass


@pytest.fixture
def data_dir():
    d = tempfile.mkdtemp(prefix="plm-e2e-")
    yield Path(d)
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def app(tauri_driver, data_dir):
    a = App(tauri_driver, data_dir)
    yield a
    a.quit()


@pytest.fixture
def open_app(tauri_driver):
    """Start (or restart) the window on a given data folder."""
    apps = []

    def _open(data_dir):
        a = App(tauri_driver, data_dir)
        apps.append(a)
        return a

    yield _open
    for a in apps:
        a.quit()
