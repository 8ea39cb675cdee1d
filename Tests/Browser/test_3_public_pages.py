"""The public pages people browse: accessible (axe-core), light, same-origin, and quick on a slow connection."""

import time

import pytest

from conftest import GROUP_SLUG, drain_logs

PAGES = [
    ("home", "/"),
    ("search", "/search?topic=grief"),
    ("search-city", "/search?city=Denver&day=tuesday"),
    ("group-page", f"/groups/{GROUP_SLUG}"),
    ("group-full", "/groups/after-a-suicide-loss"),
    ("group-stale", "/groups/young-adults-anxiety-check-in"),
    ("search-expect", "/search?childcare=true&open_seats=true"),
    ("today", "/today"),
    ("print", "/print?city=Denver"),
    ("cities", "/cities"),
    ("city", "/cities/co/denver"),
    ("topics", "/topics"),
    ("topic", "/topics/grief"),
]


@pytest.mark.parametrize("name,path", PAGES, ids=[name for name, _ in PAGES])
def test_public_page(driver, server, check, name, path):
    drain_logs(driver)
    driver.get(server.base + path)
    assert driver.find_elements("css selector", "main"), f"{name}: no main landmark"
    banner = driver.find_element("css selector", ".crisis").text
    assert "988" in banner and "911" in banner, f"{name}: the crisis banner is missing"
    check(f"public-{name}")


def test_largest_page_renders_within_a_second_on_a_slow_connection(driver, server):
    """A throttled connection like a weak mobile signal: 150 ms round trips, 1.6 Mbit/s down, no cache."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": 150, "downloadThroughput": 1_600_000 // 8, "uploadThroughput": 750_000 // 8})
    try:
        timings = {}
        for path in ("/search?topic=grief", f"/groups/{GROUP_SLUG}", "/"):
            driver.get(server.base + path)
            timings[path] = driver.execute_script(
                "const paint = performance.getEntriesByName('first-contentful-paint')[0];"
                "const nav = performance.getEntriesByType('navigation')[0];"
                "return {paint: paint ? paint.startTime : null, load: nav.loadEventEnd};")
        for path, timing in timings.items():
            # The load event comes after the HTML, the stylesheet and the scripts have arrived and been applied.
            assert 0 < timing["load"] < 1000, f"{path}: loaded at {timing['load']} ms: {timings}"
            assert timing["paint"] is None or timing["paint"] < 1000, f"{path}: first paint at {timing['paint']} ms: {timings}"
        print("throttled timings (ms):", timings)
    finally:
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})


def test_feedback_from_the_group_page(driver, server, check):
    status, group = server.api("GET", f"/api/v1/groups/by-slug/{GROUP_SLUG}")
    assert status == 200
    status, before = server.api("GET", f"/api/v1/groups/{group['id']}/feedback")
    drain_logs(driver)
    driver.get(server.base + f"/groups/{GROUP_SLUG}")
    form = driver.find_element("css selector", "form[data-feedback]")
    assert form.is_displayed(), "the feedback form stays hidden although JavaScript runs"
    form.find_element("css selector", "button[type=submit]").click()
    error = driver.find_element("css selector", "#rating-error")
    assert error.is_displayed() and "rating" in error.text.lower()
    check("public-group-feedback-error")
    driver.find_element("xpath", "//input[@name='rating' and @value='4']/parent::label").click()
    driver.find_element("css selector", "#feedback-comment").send_keys("Warm and welcoming.")
    form.find_element("css selector", "button[type=submit]").click()
    import time
    deadline = time.time() + 10
    while time.time() < deadline and "Thank you" not in driver.find_element("css selector", ".feedback-form__status").text:
        time.sleep(0.1)
    assert "Thank you" in driver.find_element("css selector", ".feedback-form__status").text
    status, after = server.api("GET", f"/api/v1/groups/{group['id']}/feedback")
    # A rating waits for the organization's review before it counts in public.
    assert after["rating_count"] == before["rating_count"]


def test_suggest_a_correction_from_the_group_page(driver, server, check):
    import time
    drain_logs(driver)
    driver.get(server.base + f"/groups/{GROUP_SLUG}")
    form = driver.find_element("css selector", "form[data-correction]")
    assert form.is_displayed(), "the correction form stays hidden although JavaScript runs"
    assert not driver.find_element("css selector", ".correction-fallback").is_displayed()
    form.find_element("css selector", "button[type=submit]").click()
    summary = driver.find_element("css selector", "#correction-errors")
    assert summary.is_displayed() and driver.switch_to.active_element.get_attribute("id") == "correction-errors"
    assert "Choose what is wrong" in driver.find_element("css selector", "#correction-kind-error").text
    assert driver.find_element("css selector", "input[name=kind]").get_attribute("aria-invalid") == "true"
    assert "not sent" in driver.find_element("css selector", ".correction-form__status").text
    check("public-group-correction-errors")
    driver.find_element("xpath", "//input[@name='kind' and @value='place']/parent::label").click()
    driver.find_element("css selector", "#correction-value").send_keys("The picnic tables by the north gate")
    driver.find_element("css selector", "#correction-email").send_keys("not an address")
    form.find_element("css selector", "button[type=submit]").click()
    assert driver.find_element("css selector", "#correction-email-error").is_displayed()
    assert driver.find_element("css selector", "#correction-email").get_attribute("aria-invalid") == "true"
    driver.find_element("css selector", "#correction-email").clear()
    form.find_element("css selector", "button[type=submit]").click()
    deadline = time.time() + 10
    while time.time() < deadline and "Thank you" not in driver.find_element("css selector", ".correction-form__status").text:
        time.sleep(0.1)
    assert "Thank you" in driver.find_element("css selector", ".correction-form__status").text
    assert not summary.is_displayed()


def _results(driver) -> dict:
    """What the search shows: heading, title, count, cards and paging, as a person (or a screen reader) gets them."""
    return driver.execute_script("""
        const section = document.getElementById('search-results');
        return {
          heading: document.getElementById('search-heading').textContent,
          title: document.title,
          status: document.getElementById('results-status').textContent,
          cards: Array.from(section.querySelectorAll('.result'), li => li.innerText),
          pager: Array.from(section.querySelectorAll('.pager a'), a => [a.textContent, a.getAttribute('href')]),
          tools: Array.from(section.querySelectorAll('.page-tools a'), a => a.getAttribute('href')),
          empty: document.getElementById('results-empty').hidden,
          more: (document.querySelector('.filters__more > summary') || {}).textContent,
        };""")


def test_the_live_search_shows_what_the_server_renders(driver, server, check):
    """A filter changed on /search swaps in the server's results part (/search/results): the same heading,
    count, cards and links as the page at that address; the live region says the count; Back and
    "Show more groups" work without a reload; focus goes to the heading; axe-clean, no sideways scroll at 320 px."""
    from selenium.webdriver.common.by import By
    from conftest import wait_for

    drain_logs(driver)
    driver.get(server.base + "/search?state=CO")
    assert driver.find_element(By.ID, "search-heading").text == "Groups in Colorado"
    driver.execute_script("window.liveRegion = document.getElementById('results-status'); window.notReloaded = true;")
    before = _results(driver)

    # After a search a phone shows the results first: "Change the search" opens the filters.
    fold = driver.find_element(By.CSS_SELECTOR, ".search-fold__summary")
    if fold.is_displayed():
        fold.click()
    # A filter behind "More filters": the list follows at once, the address too.
    driver.find_element(By.CSS_SELECTOR, ".filters__more > summary").click()
    driver.find_element(By.XPATH, "//input[@name='free']/parent::label").click()
    wait_for(driver, lambda d: "free=true" in d.current_url, 10, "the address did not follow the filter")
    wait_for(driver, lambda d: _results(d)["more"].endswith("(1 chosen)"), 10, "the results were not swapped in")
    live = _results(driver)
    assert driver.execute_script("return window.notReloaded === true"), "the page was reloaded instead of updated"
    assert driver.execute_script("return window.liveRegion === document.getElementById('results-status')"), \
        "the live region was replaced, so screen readers would not announce the count"
    assert live["heading"] == "Groups in Colorado", live["heading"]  # once "All support groups"
    assert all("Free" in card for card in live["cards"]), live["cards"]
    check("public-search-live")

    # The same address loaded as a page shows exactly what the live update showed.
    address = driver.current_url
    driver.get(address)
    assert _results(driver) == live, (_results(driver), live)

    # Paging without a reload: focus on the heading, "Back" returns to the first page.
    driver.get(server.base + "/search")
    driver.execute_script("window.notReloaded = true;")
    first = _results(driver)
    assert any(text == "Show more groups" for text, _ in first["pager"]), first["pager"]
    driver.find_element(By.CSS_SELECTOR, "#pager a[rel=next]").click()
    wait_for(driver, lambda d: "cursor=" in d.current_url and _results(d)["status"].startswith("More groups:"), 10)
    assert driver.switch_to.active_element.get_attribute("id") == "search-heading"
    second = _results(driver)
    assert second["cards"] and not set(second["cards"]) & set(first["cards"])
    assert any(text == "Back to the first groups" for text, _ in second["pager"])
    driver.back()
    wait_for(driver, lambda d: "cursor=" not in d.current_url and _results(d)["status"] == first["status"], 10)
    assert _results(driver)["cards"] == first["cards"]
    assert driver.execute_script("return window.notReloaded === true")

    # Nothing found: the server's empty state, with its suggestions.
    search = driver.find_element(By.ID, "f-q")
    search.send_keys("zzqqxx")
    wait_for(driver, lambda d: "q=zzqqxx" in d.current_url and not _results(d)["empty"], 10)
    assert _results(driver)["status"] == "No groups match these filters."
    assert driver.execute_script("return window.notReloaded === true")

    # A 320 px phone: nothing scrolls sideways after the update.
    original = driver.get_window_size()
    try:
        driver.set_window_size(320, 800)
        time.sleep(0.25)
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        assert overflow <= 0, f"the search scrolls sideways at 320 px by {overflow} px"
    finally:
        driver.set_window_size(original["width"], original["height"])


def test_results_come_first_on_a_phone(driver, server, check):
    """At 320 px after a search, the count and the first result are on the first screen (the filters fold
    behind "Change the search", which opens them); at 1280 px the filters stay beside the results. The online
    groups beside a place give their time on the place's clock, and no time wraps between the number and "pm"."""
    from selenium.webdriver.common.by import By

    original = driver.get_window_size()
    try:
        # A small phone's screen: 320 by 568 CSS pixels inside the browser's own bars.
        driver.set_window_size(320, 568)
        chrome = driver.execute_script("return window.outerHeight - window.innerHeight")
        driver.set_window_size(320, 568 + chrome)
        driver.get(server.base + "/search?where=80202")
        height = driver.execute_script("return window.innerHeight")
        assert abs(height - 568) <= 2, height
        first = driver.find_element(By.CSS_SELECTOR, "#results .result h2")
        status = driver.find_element(By.ID, "results-status")
        assert status.text.endswith("found.") and status.rect["y"] < height, status.rect
        assert first.rect["y"] + first.rect["height"] <= height, f"the first result ends at {first.rect}, the screen at {height}"
        assert not driver.find_element(By.ID, "f-where").is_displayed(), "the filters are folded"
        driver.find_element(By.CSS_SELECTOR, ".search-fold__summary").click()
        assert driver.find_element(By.ID, "f-where").is_displayed() and driver.find_element(By.ID, "f-where").get_attribute("value") == "80202"
        # Every time on the page keeps "7:00 pm" on one line.
        times = driver.execute_script(
            "return Array.from(document.querySelectorAll('.result__next time, .local-time'), e => e.textContent)")
        assert times and all(" am" not in t and " pm" not in t for t in times), times
        check("public-search-phone")
        driver.set_window_size(1280, 900)
        driver.get(server.base + "/search?where=80202")
        assert driver.find_element(By.ID, "f-where").is_displayed(), "the filters stay beside the results on a wide screen"
        remote = driver.find_elements(By.CSS_SELECTOR, "time[data-place-zone='America/Denver']")
        assert remote, "the online groups beside Denver carry Denver's time"
    finally:
        driver.set_window_size(original["width"], original["height"])
