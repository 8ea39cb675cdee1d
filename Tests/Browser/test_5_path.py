"""The person's path in: a moved meeting shows where it moves to on every surface, at phone and desktop
widths, with and without JavaScript; crisis words in a referral's note make it urgent."""

import pytest

from conftest import drain_logs

# The demo moves this group's coming Tuesday meeting from the clinic to the Colfax center, at 6:30 pm.
MOVED_SLUG = "open-door-opioid-recovery-group"
MOVED_NOTE = "This week we meet at the Colfax center at 6:30 pm"


@pytest.fixture
def scripts(driver, request):
    """Runs the test with JavaScript on, or off as on a phone that blocks it; always back on afterwards."""
    off = request.param == "no-js"
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": off})
    yield request.param
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def first_screen(driver, selector: str) -> dict:
    return driver.execute_script(
        "const e = document.querySelector(arguments[0]); if (!e) return null;"
        "const r = e.getBoundingClientRect(); return {top: r.top + scrollY, text: e.textContent, height: innerHeight};", selector)


@pytest.mark.parametrize("scripts", ["js", "no-js"], indirect=True)
@pytest.mark.parametrize("width", [320, 1280])
def test_a_moved_meeting_shows_its_new_place_on_every_surface(driver, server, scripts, width):
    status, group = server.api("GET", "/api/v1/groups/by-slug/" + MOVED_SLUG)
    assert status == 200 and group["next_meeting"]["status"] == "moved", group.get("next_meeting")
    driver.set_window_size(width, 900)
    try:
        driver.get(server.base + "/groups/" + MOVED_SLUG)
        top = first_screen(driver, "#next-meeting")
        assert top, "no next meeting at the top of the group page"
        assert "Changed" in top["text"] and "Colfax" in top["text"] and MOVED_NOTE in top["text"], top["text"]
        assert "6:30 pm" in top["text"], top["text"]
        assert top["top"] < top["height"], f"the next meeting starts below the first screen at {width} px: {top}"

        driver.get(server.base + "/search?city=Denver&topic=substance-use")
        cards = driver.execute_script(
            "return Array.from(document.querySelectorAll('.result'), c => c.textContent).filter(t => t.includes(arguments[0]));",
            group["name"])
        assert cards and "Changed" in cards[0] and "Colfax" in cards[0] and MOVED_NOTE in cards[0], cards

        driver.get(server.base + "/embed?city=Denver&limit=50")
        body = driver.find_element("css selector", "body").text
        assert "Changed: at" in body and "Colfax" in body, body[:2000]
        assert "988" in body.split(group["name"])[0], "the widget's crisis line is not before the groups"

        driver.get(server.base + "/print?city=Denver")
        printed = driver.find_element("css selector", "main").text
        assert "at Colfax" in printed and MOVED_NOTE in printed
        assert printed.index("988") < printed.index("Changes in the next two weeks")
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        assert overflow <= 0, f"the printed list scrolls sideways by {overflow} px at {width} px"
    finally:
        driver.set_window_size(1280, 900)


def test_the_moved_group_page_is_accessible(driver, server, check):
    drain_logs(driver)
    driver.get(server.base + "/groups/" + MOVED_SLUG)
    check("group-moved-meeting")


@pytest.mark.parametrize("width", [320, 1280])
def test_the_crisis_bar_links_are_comfortable_tap_targets(driver, server, width):
    driver.set_window_size(width, 900)
    try:
        driver.get(server.base + "/search")
        sizes = driver.execute_script(
            "return Array.from(document.querySelectorAll('.crisis a'), a => { const r = a.getBoundingClientRect(); return [a.textContent, r.width, r.height]; });")
        assert sizes and all(w >= 44 and h >= 44 for _, w, h in sizes), sizes
    finally:
        driver.set_window_size(1280, 900)
