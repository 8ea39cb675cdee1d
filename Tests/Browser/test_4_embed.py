"""The embed on somebody else's site: a host page served from a second origin (a Python http.server on
another port) includes the widget's one script tag and the iframe variant.

The list renders inside a Shadow DOM with links to Circles, from the server's HTML fragment
(/embed/fragment, the frame's own template), never from /embed.json; axe finds nothing wrong in the widget;
the browser asks nothing of any origin but the two; the host page's aggressive CSS changes nothing
in the widget (its computed styles equal those on a plain host page); an unknown organization leaves
the host's own link in place. Also: Circles' own test page, and the console's import and snippets.
"""

import functools
import http.server
import json
import threading
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import ORGANIZATION_SLUG, _axe, _emulate, drain_logs, wait_for
from test_2_console import signed_in

HOSTILE_CSS = """
* { color: rgb(255, 0, 0) !important; font-family: "Courier New", monospace !important; letter-spacing: 4px !important;
    text-transform: uppercase !important; box-sizing: content-box !important; }
html, body { font-size: 31px; line-height: 3; text-align: right; font-style: italic; word-spacing: 9px; }
div { padding: 30px; border: 5px dashed blue; }
a { background: yellow; text-decoration: none; font-weight: 900; }
ul, li { list-style: square; margin: 40px; padding: 40px; }
h1, h2, h3, p { margin: 50px; font-size: 50px; }
section { display: none; }
"""

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>{css}</head>
<body><main><h1>{title}</h1>
<p>Our community center's page.</p>
<a href="{circles}/search?topic=grief" data-circles-fallback id="fallback">Our peer support groups</a>
<script src="{circles}/embed.js" data-organization="{organization}"{attributes} async></script>
{frame}
</main></body></html>
"""

# What the widget's look is made of; each must be the same with and without the host's CSS.
STYLE_PROPERTIES = ["color", "font-family", "font-size", "line-height", "letter-spacing", "text-transform", "font-style",
                    "text-align", "margin-top", "padding-left", "background-color", "font-weight", "display", "list-style-type"]


class HostSite:
    """A second origin: http.server on its own port, serving a few host pages."""

    def __init__(self, circles: str):
        self.folder = Path(__import__("tempfile").mkdtemp(prefix="circles-host-"))
        frame = f'<iframe src="{circles}/embed?organization={ORGANIZATION_SLUG}" title="Our peer support groups (Circles)" width="100%" height="500"></iframe>'
        (self.folder / "host.css").write_text(HOSTILE_CSS)
        pages = {
            "hostile.html": ("Hostile host", '<link rel="stylesheet" href="host.css">', ORGANIZATION_SLUG, frame, ""),
            "plain.html": ("Plain host", "", ORGANIZATION_SLUG, "", ""),
            "unknown.html": ("Unknown organization", "", "no-such-organization", "", ""),
            "spanish.html": ("Spanish host", "", ORGANIZATION_SLUG, "", ' data-lang="es" data-heading-level="3"'),
        }
        for name, (title, css, organization, frame_html, attributes) in pages.items():
            (self.folder / name).write_text(PAGE.format(title=title, css=css, circles=circles, organization=organization, frame=frame_html,
                                                        attributes=attributes))
        handler = functools.partial(QuietHandler, directory=str(self.folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def host(server):
    site = HostSite(server.base)
    assert site.base.split("://")[1] != server.base.split("://")[1], "the host must be another origin"
    yield site
    site.stop()


def shadow_root(driver):
    return driver.execute_script("const h = document.querySelector('[data-circles-embed]'); return h && h.shadowRoot;")


def rendered(driver):
    return driver.execute_script(
        "const h = document.querySelector('[data-circles-embed]');"
        "return !!(h && h.shadowRoot && h.shadowRoot.querySelector('.circles__group'));")


def widget_styles(driver):
    return driver.execute_script("""
        const root = document.querySelector('[data-circles-embed]').shadowRoot;
        const out = {};
        for (const selector of ['.circles', '.circles__title', '.circles__list', '.circles__group', '.circles__name a', '.circles__meta', '.circles__more a']) {
          const node = root.querySelector(selector);
          const style = getComputedStyle(node);
          out[selector] = Object.fromEntries(arguments[0].map(p => [p, style.getPropertyValue(p)]));
          out[selector]['width'] = Math.round(node.getBoundingClientRect().width);
        }
        return out;""", STYLE_PROPERTIES)


def requests_seen(driver):
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_the_widget_on_another_origin(driver, server, host, axe_source):
    drain_logs(driver)
    driver.get(host.base + "/plain.html")
    wait_for(driver, rendered, 15, "the widget did not render on the plain host page")
    plain = widget_styles(driver)

    drain_logs(driver)
    driver.get(host.base + "/hostile.html")
    wait_for(driver, rendered, 15, "the widget did not render on the hostile host page")
    # The list: groups of the organization, links back to Circles, the page's fallback link replaced.
    links = driver.execute_script(
        "return Array.from(document.querySelector('[data-circles-embed]').shadowRoot.querySelectorAll('a'), a => a.href);")
    group_links = [link for link in links if "/groups/" in link]
    assert len(group_links) >= 2, links
    # Every link leads back to Circles, but the crisis line's, which calls 988.
    assert all(link.startswith(server.base + "/") or link == "tel:988" for link in links), links
    assert not driver.find_elements(By.ID, "fallback"), "the fallback link stays after the list rendered"
    title = driver.execute_script("return document.querySelector('[data-circles-embed]').shadowRoot.querySelector('h2').textContent;")
    assert title.startswith("Groups of "), title

    # The host's CSS does not reach into the widget (and the widget's does not reach out: the host's own h1 keeps its look).
    hostile = widget_styles(driver)
    for selector, styles in plain.items():
        for prop, value in styles.items():
            if prop == "width":
                continue
            assert hostile[selector][prop] == value, f"{selector} {prop}: {hostile[selector][prop]!r} on the hostile page, {value!r} on the plain one"
    host_h1 = driver.execute_script("const s = getComputedStyle(document.querySelector('h1')); return [s.color, s.textTransform];")
    assert host_h1 == ["rgb(255, 0, 0)", "uppercase"], host_h1

    # The iframe variant renders too, framed by another origin.
    frame = driver.find_element(By.TAG_NAME, "iframe")
    driver.switch_to.frame(frame)
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".circles__group"), 15, "the frame is empty")
    frame_links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, ".circles a")]
    assert frame_links and all(link.startswith(server.base + "/") or link == "tel:988" for link in frame_links), frame_links
    assert all(a.get_attribute("target") == "_blank" for a in driver.find_elements(By.CSS_SELECTOR, ".circles a:not([href^='tel:'])"))
    driver.switch_to.default_content()

    # Only the two origins were asked anything; nothing was refused by a policy.
    time.sleep(0.3)
    urls = requests_seen(driver)
    others = [u for u in urls if not (u.startswith(server.base + "/") or u.startswith(host.base + "/") or u.split(":", 1)[0] in ("data", "blob", "about"))]
    assert not others, f"requests to other origins: {others}"
    # The list is the server's HTML fragment (the frame's template), not JSON drawn by the script.
    assert any(u.startswith(server.base + "/embed/fragment?") and "heading=2" in u for u in urls), urls
    assert not any("/embed.json" in u for u in urls), urls
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE" or "Refused" in e["message"]]
    assert not errors, errors

    # axe-core, in the widget only (the host page is not ours to judge), light and dark.
    for scheme in ("light", "dark"):
        _emulate(driver, scheme)
        driver.execute_script(axe_source)
        outcome = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document.querySelector('[data-circles-embed]'), {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},"
            " rules: {'region': {enabled: false}}, resultTypes: ['violations']})"
            ".then(r => done({violations: r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')), passes: r.passes.length}))"
            ".catch(e => done({error: String(e)}));")
        assert "error" not in outcome, outcome
        assert not outcome["violations"], outcome["violations"]
        assert outcome["passes"] > 5, outcome
    _emulate(driver, "light")


def test_the_widget_adapts_to_the_width_it_is_given(driver, server, host):
    driver.get(host.base + "/plain.html")
    wait_for(driver, rendered, 15)
    columns = {}
    for width in (360, 1280):
        driver.set_window_size(width, 900)
        time.sleep(0.3)
        columns[width] = driver.execute_script(
            "const ul = document.querySelector('[data-circles-embed]').shadowRoot.querySelector('.circles__list');"
            "return getComputedStyle(ul).gridTemplateColumns.split(' ').length;")
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        assert overflow <= 0, f"the host page scrolls sideways at {width} px"
    driver.set_window_size(1280, 900)
    assert columns[360] == 1 and columns[1280] >= 2, columns


def test_the_widget_in_spanish_at_the_hosts_heading_level(driver, server, host):
    driver.get(host.base + "/spanish.html")
    wait_for(driver, rendered, 15, "the Spanish widget did not render")
    seen = driver.execute_script("""
        const root = document.querySelector('[data-circles-embed]').shadowRoot;
        return {lang: root.querySelector('.circles').getAttribute('lang'),
                title: root.querySelector('.circles__title').tagName,
                names: Array.from(root.querySelectorAll('.circles__name'), n => n.tagName),
                links: Array.from(root.querySelectorAll('.circles__name a'), a => a.href),
                crisis: root.querySelector('.circles__crisis a').getAttribute('href'),
                count: root.querySelector('.circles__count').textContent,
                text: root.querySelector('.circles').textContent};""")
    assert seen["lang"] == "es" and seen["title"] == "H3" and seen["names"] and set(seen["names"]) == {"H4"}, seen
    assert all(link.startswith(server.base + "/es/groups/") for link in seen["links"]), seen["links"]
    assert seen["crisis"] == "tel:988" and "988" in seen["text"] and "grupo" in seen["count"], seen
    assert "Todos los grupos en Circles" in seen["text"] and "Next meeting" not in seen["text"], seen["text"]


def test_an_unknown_organization_keeps_the_hosts_link(driver, server, host):
    driver.get(host.base + "/unknown.html")
    wait_for(driver, lambda d: d.execute_script("return document.querySelector('script[data-circles-drawn]') !== null"), 10)
    time.sleep(1)
    fallback = driver.find_elements(By.ID, "fallback")
    assert fallback and fallback[0].is_displayed(), "the host's link disappeared"
    assert fallback[0].get_attribute("href") == server.base + "/search?topic=grief"


def test_circles_own_embed_test_page(driver, server, check):
    drain_logs(driver)
    driver.get(server.base + "/embed-test.html")
    wait_for(driver, rendered, 15)
    # The second widget: Spanish, its title one level below the page's h2.
    wait_for(driver, lambda d: d.execute_script(
        "const h = document.querySelectorAll('[data-circles-embed]')[1];"
        "return !!(h && h.shadowRoot && h.shadowRoot.querySelector('h3.circles__title'));"), 15, "the Spanish widget did not render")
    assert driver.execute_script(
        "return document.querySelectorAll('[data-circles-embed]')[1].shadowRoot.querySelector('.circles').getAttribute('lang');") == "es"
    driver.switch_to.frame(driver.find_element(By.TAG_NAME, "iframe"))
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".circles__group"), 15)
    driver.switch_to.default_content()
    check("embed-test")


def test_the_console_imports_a_spreadsheet_and_offers_the_snippets(driver, server, check, tmp_path):
    drain_logs(driver)
    signed_in(driver, server, "share.html")
    widget = driver.find_element(By.ID, "snippet-widget").get_attribute("value")
    assert f'data-organization="{ORGANIZATION_SLUG}"' in widget and server.base + "/embed.js" in widget and "data-circles-fallback" in widget
    assert f"/embed?organization={ORGANIZATION_SLUG}" in driver.find_element(By.ID, "snippet-frame").get_attribute("value")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,format,time_zone,frequency,weekdays,start_time,starts_on\r\n"
                   "Evening Circle,in_person,America/Los_Angeles,weekly,tuesday,25:00,2026-01-06\r\n")
    driver.find_element(By.ID, "f-file").send_keys(str(bad))
    driver.find_element(By.ID, "check-button").click()
    wait_for(driver, lambda d: "line 2" in d.find_element(By.ID, "import-result").text)
    assert "start_time" in driver.find_element(By.ID, "import-result").text
    assert driver.find_element(By.ID, "import-button").get_attribute("disabled") is not None
    good = tmp_path / "good.csv"
    good.write_text("name,slug,format,time_zone,frequency,weekdays,start_time,starts_on\r\n"
                    "Evening Circle,evening-circle-import,in_person,America/Los_Angeles,weekly,tuesday,19:00,2026-01-06\r\n")
    driver.find_element(By.ID, "f-file").send_keys(str(good))
    driver.find_element(By.ID, "check-button").click()
    wait_for(driver, lambda d: "The file is fine" in d.find_element(By.ID, "import-result").text)
    check("console-share")
    driver.find_element(By.ID, "import-button").click()
    wait_for(driver, lambda d: "Imported 1 new group," in d.find_element(By.ID, "import-result").text)
    assert server.api("GET", "/api/v1/groups/by-slug/evening-circle-import")[0] == 200
    # The same spreadsheet with a new summary: refused as a taken address, then an update with the box ticked.
    good.write_text("name,slug,format,time_zone,summary\r\n"
                    "Evening Circle,evening-circle-import,in_person,America/Los_Angeles,Now with tea.\r\n")
    driver.find_element(By.ID, "f-file").send_keys(str(good))
    driver.find_element(By.ID, "check-button").click()
    wait_for(driver, lambda d: "already taken" in d.find_element(By.ID, "import-result").text)
    driver.find_element(By.ID, "f-update").click()
    driver.find_element(By.ID, "check-button").click()
    wait_for(driver, lambda d: "1 updated group" in d.find_element(By.ID, "import-result").text)
    driver.find_element(By.ID, "import-button").click()
    wait_for(driver, lambda d: "Imported 0 new groups, 1 updated group" in d.find_element(By.ID, "import-result").text)
    assert server.api("GET", "/api/v1/groups/by-slug/evening-circle-import")[1]["summary"] == "Now with tea."
