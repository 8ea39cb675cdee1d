"""The console saves a coordinator time: the inbox is a table whose rows change status in one step, name the
person and their language, and offer a text message to those who prefer texts; an urgent referral's "contact
this person first" panel goes once someone has; a stale listing is confirmed from the groups list in one step."""

import sqlite3

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import GROUP_SLUG, wait_for
from test_2_console import group_id, signed_in, visible


def overflow(driver) -> int:
    return driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")


@pytest.fixture(scope="module")
def texter(server):
    """An urgent referral, in Spanish, from a person who prefers texts."""
    status, created = server.api("POST", "/api/v1/referrals", {
        "group_id": group_id(server), "person_name": "Marisol Vega", "person_phone": "555-0142",
        "preferred_contact_method": "text", "language": "es", "urgent": True,
        "referrer_type": "self", "consent": True, "consent_version": "2026-11"})
    assert status == 201, created
    return created


@pytest.mark.parametrize("width", [320, 1280])
def test_the_inbox_is_a_table_that_names_the_person_and_the_language(driver, server, check, texter, width):
    driver.set_window_size(width, 900)
    try:
        signed_in(driver, server, "referrals.html?status=open")
        row_css = "#referral-%d" % texter["id"]
        wait_for(driver, lambda d: visible(d, row_css))
        row = driver.find_element(By.CSS_SELECTOR, row_css)
        text = row.text
        assert "Marisol" in text and "Vega" not in text, text
        assert "Spanish" in text and "Urgent" in text and "Walk and Talk" in text, text
        assert row.find_element(By.CSS_SELECTOR, "a.sms-link").get_attribute("href") == "sms:5550142"
        assert overflow(driver) <= 0, f"the inbox scrolls sideways at {width} px"
        if width == 1280:
            check("inbox-table")
    finally:
        driver.set_window_size(1280, 900)


def test_one_step_changes_a_status_and_the_contact_first_panel_goes(driver, server, check, texter):
    rid = texter["id"]
    signed_in(driver, server, "referral.html?id=%d" % rid)
    wait_for(driver, lambda d: visible(d, "#status-form"))
    page = driver.find_element(By.ID, "referral").text
    assert "contact this person first" in page and "FHIR" not in page and "Speaks Spanish" in page
    assert driver.find_element(By.CSS_SELECTOR, "a[href^='sms:']").get_attribute("href") == "sms:5550142"

    signed_in(driver, server, "referrals.html?status=open")
    wait_for(driver, lambda d: visible(d, "#move-%d" % rid))
    Select(driver.find_element(By.ID, "move-%d" % rid)).select_by_value("contacted")
    driver.find_element(By.CSS_SELECTOR, "#referral-%d .inline-status button" % rid).click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#referral-%d .badge--contacted" % rid))
    assert server.api("GET", texter["status_api"])[1]["status"] == "contacted"
    # Focus stays in the row, on its control for the next step.
    assert driver.switch_to.active_element.get_attribute("id") == "move-%d" % rid
    check("inbox-after-one-step")

    signed_in(driver, server, "referral.html?id=%d" % rid)
    wait_for(driver, lambda d: visible(d, "#status-form"))
    page = driver.find_element(By.ID, "referral").text
    assert "contact this person first" not in page and "Urgent" in page


@pytest.mark.parametrize("width", [320, 1280])
def test_a_stale_listing_is_confirmed_from_the_groups_list(driver, server, check, width):
    gid = group_id(server)
    with sqlite3.connect(server.database) as db:
        db.execute("UPDATE groups SET last_confirmed_at = '2025-01-02T03:04:05Z' WHERE slug = ?", (GROUP_SLUG,))
    assert server.api("GET", "/api/v1/groups/%d" % gid)[1]["not_recently_confirmed"] is True
    driver.set_window_size(width, 900)
    try:
        signed_in(driver, server, "groups.html")
        wait_for(driver, lambda d: visible(d, "#confirm-%d" % gid))
        row = driver.find_element(By.ID, "group-%d" % gid)
        assert "Not recently confirmed" in row.text
        assert "not been confirmed recently" in driver.find_element(By.ID, "stale-count").text
        assert overflow(driver) <= 0, f"the groups list scrolls sideways at {width} px"
        if width == 1280:
            check("groups-stale")
        driver.find_element(By.ID, "confirm-%d" % gid).click()
        wait_for(driver, lambda d: "Not recently confirmed" not in d.find_element(By.ID, "group-%d" % gid).text)
        assert not driver.find_elements(By.ID, "confirm-%d" % gid)
        assert server.api("GET", "/api/v1/groups/%d" % gid)[1]["not_recently_confirmed"] is False
    finally:
        driver.set_window_size(1280, 900)


def test_a_coordinator_gives_the_texts_in_spanish_and_the_spanish_page_shows_them(driver, server, check):
    """The language of the texts is chosen by name; a fieldset holds them in the other page language."""
    gid = group_id(server)
    signed_in(driver, server, "group.html?id=%d" % gid)
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[name='translations.es.name']"))
    language = Select(driver.find_element(By.NAME, "content_language"))
    assert language.first_selected_option.text.startswith("English"), language.first_selected_option.text
    spanish = driver.find_element(By.CSS_SELECTOR, "fieldset.translation[data-language='es']")
    assert spanish.is_displayed() and not driver.find_element(By.CSS_SELECTOR, "fieldset.translation[data-language='en']").is_displayed()
    check("console-group-translations")
    name = driver.find_element(By.CSS_SELECTOR, "[name='translations.es.name']")
    assert name.get_attribute("lang") == "es"
    name.clear()
    name.send_keys("Caminata y Charla para el Duelo")
    driver.find_element(By.ID, "group-save").click()
    wait_for(driver, lambda d: server.api("GET", "/api/v1/groups/%d" % gid)[1].get("translations", {}).get("es", {}).get("name")
             == "Caminata y Charla para el Duelo", message="the Spanish name was not saved")
    page = server.api("GET", "/api/v1/groups/%d" % gid)[1]
    driver.get(server.base + "/es/groups/" + GROUP_SLUG)
    assert "Caminata y Charla para el Duelo" in driver.find_element(By.TAG_NAME, "h1").text
    driver.get(server.base + "/groups/" + GROUP_SLUG)
    assert page["name"] in driver.find_element(By.TAG_NAME, "h1").text
    # Leave the group as the other tests know it: no Spanish name.
    signed_in(driver, server, "group.html?id=%d" % gid)
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[name='translations.es.name']"))
    driver.find_element(By.CSS_SELECTOR, "[name='translations.es.name']").clear()
    driver.find_element(By.ID, "group-save").click()
    wait_for(driver, lambda d: not server.api("GET", "/api/v1/groups/%d" % gid)[1].get("translations", {}).get("es", {}).get("name"),
             message="the Spanish name was not removed")
