"""The public pages people browse: accessible (axe-core), light, same-origin, and quick on a slow connection."""

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
    assert after["rating_count"] == before["rating_count"] + 1


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
