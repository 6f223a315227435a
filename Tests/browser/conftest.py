"""Fixtures for browser journeys: a private database, the real server binary, an SMTP sink and headless Chromium."""
import json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request, uuid

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PG_PORT = int(os.environ.get("PG_TEST_PORT", "54330"))
SCREENSHOTS = os.path.join(ROOT, ".data", "screenshots")
# pages re-render lists after each action: an element read while it is being replaced is retried, not a failure
STALE = (NoSuchElementException, StaleElementReferenceException)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql, db="postgres"):
    cmd = ["/usr/lib/postgresql/15/bin/psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-d", db,
           "-qAtc", sql]
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--"] + cmd
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def wait_http(url, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except Exception:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


class MailSink:
    def __init__(self, smtp_port=None):
        self.smtp_port = smtp_port or free_port()
        self.http_port = free_port()
        self.dir = tempfile.mkdtemp(prefix="mail-")
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "smtp_sink.py"), "--smtp-port", str(self.smtp_port),
                                      "--http-port", str(self.http_port), "--dir", self.dir], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_http(f"http://127.0.0.1:{self.http_port}/messages")
        return self

    def messages(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/messages") as r:
            return json.load(r)

    def wait_for(self, to, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = [m for m in self.messages() if to in (m["to"] or "")]
            if found:
                return found[-1]
            time.sleep(0.3)
        raise AssertionError(f"no e-mail to {to} within {timeout}s")

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


class Server:
    def __init__(self, smtp_port, demo=True):
        self.port = free_port()
        self.db = "e2e_" + uuid.uuid4().hex[:12]
        psql(f"CREATE DATABASE {self.db}")
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:{PG_PORT}/{self.db}", JWT_SECRET="e2e-secret-" + "x" * 40,
                   PORT=str(self.port), PUBLIC_URL=f"http://127.0.0.1:{self.port}", SMTP_HOST="127.0.0.1", SMTP_PORT=str(smtp_port),
                   DEMO_DATA="1" if demo else "0", WORKER_POLL_MS="100", LOG_LEVEL="warning")
        self.log = open(os.path.join(ROOT, ".data", f"server-{self.db}.log"), "w")
        self.proc = subprocess.Popen([os.path.join(ROOT, ".build", "debug", "platform-server"), "serve", "--migrate"], cwd=ROOT, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        wait_http(self.url("/readyz"))

    def url(self, path=""):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.proc.terminate()
        self.proc.wait(20)
        self.log.close()
        psql(f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)")


@pytest.fixture
def mail():
    sink = MailSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def server(mail):
    s = Server(mail.smtp_port)
    yield s
    s.stop()


def make_browser(width, height):
    options = Options()
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},{height}", "--lang=ru-RU"]:
        options.add_argument(arg)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


@pytest.fixture
def phone():
    """A 390×844 phone-sized browser: the smallest layout the front promises (down to 360 px)."""
    driver = make_browser(390, 844)
    yield driver
    driver.quit()


@pytest.fixture
def desktop():
    driver = make_browser(1280, 900)
    yield driver
    driver.quit()


def screenshot(driver, name):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    path = os.path.join(SCREENSHOTS, name + ".png")
    driver.save_screenshot(path)
    return path
