"""Browser tests of the referral pages and the coordinators' console.

A real `circles serve` (debug build) runs with demo data in a temporary folder; headless Chromium
drives it through Selenium and Debian's chromedriver. Every page checked with `check_page` is
also run through axe-core, photographed at 360 px and 1280 px, weighed (HTML + CSS + JS gzipped)
and watched for requests to other origins and Content-Security-Policy violations.
"""

from __future__ import annotations

import base64
import gzip
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PAGE_BUDGET = 50 * 1024
COORDINATOR_EMAIL = "casey@example.org"
COORDINATOR_PASSWORD = "correct horse battery staple"
# A demo group and the demo organization that runs it.
GROUP_SLUG = "grief-walk-and-talk"
ORGANIZATION_SLUG = "eastside-peer-collective"


def _binary() -> Path:
    path = Path(os.environ.get("CIRCLES_BIN", ROOT / ".build" / "debug" / "circles"))
    if not path.exists():
        subprocess.run(["swift", "build"], cwd=ROOT, check=True)
    return path


def _axe_source() -> str:
    """axe-core as shipped inside the PyPI package axe-playwright-python (found, not imported)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec and spec.submodule_search_locations, "pip install axe-playwright-python"
    return (Path(list(spec.submodule_search_locations)[0]) / "axe.min.js").read_text(encoding="utf-8")


class Server:
    """`circles serve --port 0` on a temporary database, with the address it printed."""

    def __init__(self, port: int = 0, extra: list[str] | None = None, public: Path | None = None) -> None:
        self.port = port
        self.extra = extra or []
        self.public = public or ROOT / "Public"
        self.folder = Path(tempfile.mkdtemp(prefix="circles-browser-"))
        self.database = self.folder / "circles.sqlite"
        self.key = self.folder / "circles.key"
        self.access_log = self.folder / "access.log"
        self.binary = _binary()
        self.process: subprocess.Popen | None = None
        self.base = ""

    def common(self) -> list[str]:
        return ["--database", str(self.database), "--migrations", str(ROOT / "Migrations"), "--secret-key-file", str(self.key)]

    def start(self) -> None:
        log = open(self.access_log, "wb")
        self.process = subprocess.Popen(
            [str(self.binary), "serve", "--port", str(self.port), "--demo", "--public", str(self.public), *self.extra, *self.common()],
            cwd=ROOT, stdout=log, stderr=subprocess.PIPE, text=True,
        )
        deadline = time.time() + 120
        while time.time() < deadline:
            line = self.process.stderr.readline()
            if not line and self.process.poll() is not None:
                raise RuntimeError("circles serve exited with status %s" % self.process.returncode)
            match = re.search(r"Circles is listening on (http://\S+)", line)
            if match:
                self.base = match.group(1).rstrip("/")
                # Keep reading what the server says, so that a full pipe never blocks it.
                threading.Thread(target=self._drain, daemon=True).start()
                self.wait_for_demo(deadline)
                return
        raise RuntimeError("circles serve did not print its address in time")

    def _drain(self) -> None:
        with open(self.folder / "server.log", "a") as log:
            for line in self.process.stderr:
                log.write(line)

    def wait_for_demo(self, deadline: float) -> None:
        """The address may be printed before the demo data is in: wait until the demo group answers."""
        while time.time() < deadline:
            try:
                if self.api("GET", "/api/v1/groups/by-slug/" + GROUP_SLUG)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the demo data did not appear in time")

    def add_user(self, email: str, password: str, organization: str, role: str = "coordinator", name: str = "Casey Coordinator") -> None:
        env = dict(os.environ, CIRCLES_PASSWORD=password)
        command = [str(self.binary), "user", "add", "--email", email, "--name", name, "--role", role, "--organization", organization,
                   *self.common()]
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"circles user add failed: {result.stderr.strip()}"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)

    def api(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json", "Accept": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                text = response.read().decode()
                return response.status, (json.loads(text) if text else None)
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, (json.loads(text) if text else None)


@pytest.fixture(scope="session")
def server():
    server = Server()
    server.start()
    server.add_user(COORDINATOR_EMAIL, COORDINATOR_PASSWORD, ORGANIZATION_SLUG)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--force-color-profile=srgb", "--hide-scrollbars",
                     "--disable-background-networking", "--disable-component-update", "--no-first-run",
                     "--disable-sync", "--disable-extensions", "--lang=en-US"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    browser = webdriver.Chrome(options=options, service=service)
    browser.set_page_load_timeout(30)
    # Instant scrolling, so that clicks land where Selenium scrolled to.
    _emulate(browser, "light")
    yield browser
    browser.quit()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return _axe_source()


@pytest.fixture(scope="session")
def report():
    """Collects what each checked page measured; written next to the screenshots at the end."""
    results: dict[str, dict] = {}
    yield results
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "report.json").write_text(json.dumps(results, indent=2, sort_keys=True))


@pytest.fixture
def check(driver, server, axe_source, report):
    """check("name"): `check_page` on the page the browser shows now."""
    return lambda name, **options: check_page(driver, server, axe_source, report, name, **options)


@pytest.fixture(scope="session")
def state() -> dict:
    """What one step of the flow hands to the next (the status link, the referral's id)."""
    return {}


def wait_for(driver, condition, timeout: float = 10, message: str = ""):
    """Waits until `condition(driver)` is true; elements redrawn meanwhile (stale) are simply looked up again."""
    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(lambda d: condition(d), message)


def drain_logs(driver) -> None:
    driver.get_log("performance")
    driver.get_log("browser")


def _full_page_png(driver) -> bytes:
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 8000), "scale": 1},
    })
    return base64.b64decode(shot["data"])


def _weigh(server: Server, urls: list[str]) -> dict[str, int]:
    """Each same-origin HTML, CSS and JS resource's size gzipped, as a browser would transfer it."""
    sizes = {}
    for url in urls:
        request = urllib.request.Request(url, headers={"Accept": "text/html,*/*", "Accept-Encoding": "gzip"})
        try:
            response = urllib.request.urlopen(request, timeout=20)
        except urllib.error.HTTPError as error:  # a page that answers 404 (an unknown group) weighs the same
            response = error
        with response:
            body = response.read()
            if response.headers.get("Content-Encoding") != "gzip":
                body = gzip.compress(body, 9)
        sizes[url.replace(server.base, "")] = len(body)
    return sizes


def _emulate(driver, scheme: str) -> None:
    """Reduced motion always (instant scrolling for clicks); the given colour scheme."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
        {"name": "prefers-reduced-motion", "value": "reduce"}, {"name": "prefers-color-scheme", "value": scheme}]})


def _axe(driver, axe_source: str, disable_rules: tuple[str, ...]) -> dict:
    """Runs axe-core (WCAG 2.0–2.2 A and AA, and best practices) on the page as it is now."""
    driver.execute_script(axe_source)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},"
        " rules: arguments[0], resultTypes: ['violations']})"
        ".then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)})), passes: r.passes.length}))"
        ".catch(e => done({error: String(e)}));", {rule: {"enabled": False} for rule in disable_rules})


def check_page(driver, server: Server, axe_source: str, report: dict, name: str, *, disable_rules: tuple[str, ...] = ()) -> dict:
    """Accessibility, layout at 320, 360 and 640 px (200 % zoom), weight, origin and CSP checks of the page as it is now; screenshots."""
    # Requests and console messages since the last drain belong to this page.
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    console = [entry["message"] for entry in driver.get_log("browser")]
    foreign = [url for url in requests if not (url.startswith(server.base + "/") or url.split(":", 1)[0] in ("data", "blob", "about"))]
    assert not foreign, f"{name}: requests left our origin: {foreign}"
    csp = [line for line in console if "Content Security Policy" in line or "Refused to" in line]
    assert not csp, f"{name}: Content-Security-Policy violations: {csp}"

    # axe-core in both colour schemes: the dark one has its own palette to get right.
    violations, passes = [], 0
    for scheme in ("light", "dark"):
        _emulate(driver, scheme)
        outcome = _axe(driver, axe_source, disable_rules)
        if outcome.get("violations"):
            # A page still updating (a list re-rendered after an API call) can be caught half-painted;
            # a real violation is there again a moment later, so only the second look counts.
            time.sleep(0.5)
            outcome = _axe(driver, axe_source, disable_rules)
        assert "error" not in outcome, f"{name}: axe failed ({scheme}): {outcome.get('error')}"
        violations += [dict(v, scheme=scheme) for v in outcome["violations"]]
        passes = max(passes, outcome["passes"])
    _emulate(driver, "light")

    resources = driver.execute_script(
        "return [location.href].concat("
        "Array.from(document.querySelectorAll('link[rel=stylesheet]'), l => l.href),"
        "Array.from(document.querySelectorAll('script[src]'), s => s.src),"
        "Array.from(document.querySelectorAll('link[rel=modulepreload]'), l => l.href));")
    sizes = _weigh(server, [url for url in resources if url.startswith(server.base)])
    total = sum(sizes.values())

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = driver.get_window_size()
    overflow = {}
    # 320 px is WCAG's reflow width (a 1280 px window at 400 % zoom); 640 px is the same window at 200 %:
    # zooming scales CSS pixels, so the layout a zoomed page gets is the one of a window that much narrower.
    for width in (320, 360, 640, 1280):
        driver.set_window_size(width, 900)
        time.sleep(0.25)
        overflow[width] = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        if width in (360, 1280):
            (SCREENSHOTS / f"{name}-{width}.png").write_bytes(_full_page_png(driver))
    driver.set_window_size(original["width"], original["height"])
    time.sleep(0.25)  # let the page settle at its size before the test goes on clicking

    report[name] = {"axe_violations": [v["id"] + " (" + v["scheme"] + ")" for v in violations], "axe_rules_passed": passes,
                    "gzipped_bytes": total, "resources": sizes, "requests": len(requests), "overflow_320": overflow[320], "overflow_360": overflow[360], "overflow_640": overflow[640]}
    assert not violations, f"{name}: axe violations:\n" + json.dumps(violations, indent=2)
    assert total < PAGE_BUDGET, f"{name}: HTML+CSS+JS is {total} bytes gzipped, over {PAGE_BUDGET}: {sizes}"
    for width in (320, 360, 640):
        assert overflow[width] <= 0, f"{name}: the page scrolls sideways at {width} px by {overflow[width]} px"
    return report[name]
