"""The rest of the coordinators' console: groups and their meeting times, locations, facilitators,
API keys, webhooks, feedback; then the person withdraws, and the coordinator signs out."""

import sqlite3
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import COORDINATOR_EMAIL, COORDINATOR_PASSWORD, GROUP_SLUG, wait_for


def visible(driver, css):
    elements = driver.find_elements(By.CSS_SELECTOR, css)
    return bool(elements) and elements[0].is_displayed()


def signed_in(driver, server, page):
    """Opens a console page, signing in first when the session is gone."""
    driver.get(server.base + "/admin/" + page)
    wait_for(driver, lambda d: "/admin/" in d.current_url and (visible(d, "#page-content") or visible(d, "#signin-form")))
    if visible(driver, "#signin-form"):
        driver.find_element(By.ID, "f-email").send_keys(COORDINATOR_EMAIL)
        driver.find_element(By.ID, "f-password").send_keys(COORDINATOR_PASSWORD)
        driver.find_element(By.ID, "signin-button").click()
        wait_for(driver, lambda d: visible(d, "#page-content"))


def group_id(server):
    status, group = server.api("GET", "/api/v1/groups/by-slug/" + GROUP_SLUG)
    assert status == 200
    return group["id"]


def test_by_slug_answers_like_the_group_resource(server):
    status, by_slug = server.api("GET", "/api/v1/groups/by-slug/" + GROUP_SLUG)
    assert status == 200
    status, by_id = server.api("GET", "/api/v1/groups/%d" % by_slug["id"])
    assert status == 200
    by_slug.pop("next_meeting", None), by_id.pop("next_meeting", None)
    assert by_slug == by_id
    assert server.api("GET", "/api/v1/groups/by-slug/no-such-group")[0] == 404
    assert server.api("GET", "/api/v1/groups/by-slug/Not%20A%20Slug")[0] == 404


def test_groups_list(driver, server, check):
    signed_in(driver, server, "groups.html")
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#rows li"))
    names = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#rows .row__title")]
    assert any("Walk and Talk" in n for n in names)
    check("groups")


def test_edit_a_group_its_meeting_times_and_one_date(driver, server, check):
    gid = group_id(server)
    signed_in(driver, server, "group.html?id=%d" % gid)
    wait_for(driver, lambda d: visible(d, "#group-form"))
    summary = driver.find_element(By.ID, "f-summary")
    summary.clear()
    summary.send_keys("A gentle walk and talk for people who are grieving.")
    driver.find_element(By.ID, "group-save").click()
    wait_for(driver, lambda d: d.find_element(By.ID, "group-saved").text == "Saved.")
    assert server.api("GET", "/api/v1/groups/%d" % gid)[1]["summary"] == "A gentle walk and talk for people who are grieving."

    # A second save must carry the new ETag (If-Match), not the one the page opened with.
    summary.send_keys(" All welcome.")
    driver.find_element(By.ID, "group-save").click()
    wait_for(driver, lambda d: d.find_element(By.ID, "group-saved").text == "Saved." and server.api("GET", "/api/v1/groups/%d" % gid)[1]["summary"].endswith("All welcome."))

    # A new weekly meeting time.
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#schedules details summary"))
    driver.find_element(By.CSS_SELECTOR, "#schedules details summary").click()
    form = driver.find_element(By.ID, "schedule-form")
    form.find_element(By.XPATH, ".//input[@name='weekdays' and @value='tuesday']/parent::label").click()
    start = form.find_element(By.ID, "f-start_time")
    driver.execute_script("arguments[0].value = '18:30';", start)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(driver, lambda d: any("Tuesday" in e.text for e in d.find_elements(By.CSS_SELECTOR, "#schedules .row__title")))

    # Cancel one date, with a note for members.
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#meetings li"))
    first = driver.find_elements(By.CSS_SELECTOR, "#meetings li")[0]
    first.find_element(By.XPATH, ".//button[starts-with(normalize-space(.), 'Cancel')]").click()
    wait_for(driver, lambda d: d.switch_to.active_element.tag_name == "h4")
    box = driver.find_element(By.CSS_SELECTOR, "#meetings form")
    box.find_element(By.CSS_SELECTOR, "input[name=note]").send_keys("Holiday: back next week")
    box.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # (The form's own hint quotes the same note, so wait for the cancellation itself.)
    wait_for(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "#meetings form")
             and any("Holiday: back next week" in e.text for e in d.find_elements(By.CSS_SELECTOR, "#schedules .rows li")))
    text = driver.find_element(By.ID, "schedules").text
    assert "Cancelled" in text, text
    check("group")


def test_create_a_group_and_move_one_meeting(driver, server, check):
    signed_in(driver, server, "group.html")
    wait_for(driver, lambda d: visible(d, "#group-form"))
    driver.find_element(By.ID, "group-save").click()
    wait_for(driver, lambda d: d.find_element(By.ID, "f-name").get_attribute("aria-invalid") == "true")
    assert driver.switch_to.active_element.get_attribute("class") == "error-summary"
    check("group-new-errors")
    driver.find_element(By.ID, "f-name").send_keys("Evening Grief Circle")
    driver.find_element(By.XPATH, "//input[@name='topics' and @value='grief']/parent::label").click()
    driver.find_element(By.ID, "group-save").click()
    wait_for(driver, lambda d: "created=1" in d.current_url and visible(d, "#schedules"))
    assert driver.find_element(By.ID, "group-title").text == "Evening Grief Circle"
    driver.find_element(By.CSS_SELECTOR, "#schedules details summary").click()
    form = driver.find_element(By.ID, "schedule-form")
    form.find_element(By.XPATH, ".//input[@name='weekdays' and @value='thursday']/parent::label").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#meetings li"))
    first = driver.find_elements(By.CSS_SELECTOR, "#meetings li")[0]
    first.find_element(By.XPATH, ".//button[starts-with(normalize-space(.), 'Move')]").click()
    box = driver.find_element(By.CSS_SELECTOR, "#meetings form")
    driver.execute_script("arguments[0].value = '19:15';", box.find_element(By.CSS_SELECTOR, "input[name=moved_to_time]"))
    box.find_element(By.CSS_SELECTOR, "input[name=note]").send_keys("Room 12 this week")
    box.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # Times in words, as people say them (the console never shows 19:15).
    wait_for(driver, lambda d: "Moved at 7:15" in d.find_element(By.ID, "schedules").text)
    wait_for(driver, lambda d: "7:15" in d.find_element(By.ID, "meetings").text)
    assert "19:15" not in driver.find_element(By.ID, "schedules").text


def test_locations(driver, server, check):
    signed_in(driver, server, "locations.html")
    wait_for(driver, lambda d: visible(d, "#location-form"))
    driver.find_element(By.ID, "f-name").send_keys("Boyle Heights Library")
    Select(driver.find_element(By.ID, "f-kind")).select_by_value("library")
    driver.find_element(By.ID, "f-city").send_keys("Los Angeles")
    Select(driver.find_element(By.ID, "f-state")).select_by_visible_text("California")  # chosen by name, sent as CA
    driver.find_element(By.CSS_SELECTOR, "label[for='f-wheelchair_accessible']").click()
    driver.find_element(By.CSS_SELECTOR, "#location-form button[type=submit]").click()
    wait_for(driver, lambda d: any("Boyle Heights Library" in e.text for e in d.find_elements(By.CSS_SELECTOR, "#rows .row__title")))
    assert "Edit Boyle Heights Library" in driver.find_element(By.ID, "editor-title").text
    locations = server.api("GET", "/api/v1/locations?limit=100")[1]["data"]
    assert any(l["name"] == "Boyle Heights Library" and l["state"] == "CA" and l["accessibility"]["wheelchair_accessible"] for l in locations)
    check("locations")


def test_facilitators_with_trainings(driver, server, check):
    signed_in(driver, server, "facilitators.html")
    wait_for(driver, lambda d: visible(d, "#facilitator-form"))
    driver.find_element(By.ID, "f-display_name").send_keys("Marisol T.")
    driver.find_element(By.ID, "f-lived_experience").send_keys("grief, caregiving")
    driver.find_element(By.ID, "add-training").click()
    name = driver.switch_to.active_element
    assert name.get_attribute("data-field") == "trainings[0].name"
    # A training without a name: the API's error lands beside that field.
    driver.find_element(By.CSS_SELECTOR, "#facilitator-form button[type=submit]").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#facilitator-form .field--error"))
    assert name.get_attribute("aria-invalid") == "true"
    check("facilitators-errors")
    name.send_keys("Grief Support Group Facilitator Training")
    driver.find_element(By.CSS_SELECTOR, "#facilitator-form [data-field='trainings[0].expires_on']").send_keys("01012020")
    driver.find_element(By.CSS_SELECTOR, "#facilitator-form button[type=submit]").click()
    wait_for(driver, lambda d: any("Marisol T." in e.text for e in d.find_elements(By.CSS_SELECTOR, "#rows .row__title")))
    row = [e for e in driver.find_elements(By.CSS_SELECTOR, "#rows li") if "Marisol T." in e.text][0]
    assert "expired" in row.text
    check("facilitators")


def test_api_keys_shown_once_then_revoked(driver, server, check):
    signed_in(driver, server, "keys.html")
    wait_for(driver, lambda d: visible(d, "#key-form"))
    driver.find_element(By.ID, "f-name").send_keys("Westside Clinic referrals")
    driver.find_element(By.ID, "key-create").click()
    wait_for(driver, lambda d: visible(d, "#secret-value"))
    key = driver.find_element(By.ID, "secret-value").get_attribute("value")
    assert key.startswith("circles_")
    assert driver.switch_to.active_element.get_attribute("id") == "secret-title"
    driver.find_element(By.ID, "secret-copy").click()
    wait_for(driver, lambda d: d.find_element(By.ID, "secret-copied").text != "")
    # The key works for the API, and the list never shows it again.
    status, _ = server.api("GET", "/api/v1/referrals", headers={"Authorization": "Bearer " + key})
    assert status == 200
    wait_for(driver, lambda d: "Westside Clinic referrals" in d.find_element(By.ID, "rows").text)
    assert key not in driver.find_element(By.ID, "rows").text
    check("keys")
    row = [e for e in driver.find_elements(By.CSS_SELECTOR, "#rows li") if "Westside Clinic referrals" in e.text][0]
    row.find_element(By.XPATH, ".//button[starts-with(normalize-space(.), 'Revoke')]").click()
    driver.switch_to.alert.accept()
    wait_for(driver, lambda d: "Revoked" in d.find_element(By.ID, "rows").text)
    assert server.api("GET", "/api/v1/referrals", headers={"Authorization": "Bearer " + key})[0] == 401


def test_webhooks_secret_and_delivery_log(driver, server, check):
    signed_in(driver, server, "webhooks.html")
    wait_for(driver, lambda d: visible(d, "#webhook-form"))
    # Loopback is refused (webhooks reach public addresses only); a name under .invalid (RFC 6761)
    # never resolves, so the test sends nothing anywhere.
    driver.find_element(By.ID, "f-url").send_keys("https://hooks.example.invalid/circles-hook")
    driver.find_element(By.CSS_SELECTOR, "#webhook-form button[type=submit]").click()
    wait_for(driver, lambda d: visible(d, "#secret-value"))
    assert driver.find_element(By.ID, "secret-value").get_attribute("value")
    wait_for(driver, lambda d: "hooks.example.invalid" in d.find_element(By.ID, "rows").text)
    driver.find_element(By.XPATH, "//button[starts-with(normalize-space(.), 'Delivery log')]").click()
    wait_for(driver, lambda d: visible(d, "#deliveries .empty") or visible(d, "#deliveries table"))
    check("webhooks")


def test_feedback_moderation(driver, server, check):
    gid = group_id(server)
    status, _ = server.api("POST", "/api/v1/groups/%d/feedback" % gid, {"rating": 5, "comment": "The walk helped more than I expected."})
    assert status == 201
    signed_in(driver, server, "feedback.html")
    wait_for(driver, lambda d: "helped more than I expected" in d.find_element(By.ID, "rows").text)
    check("feedback")
    row = [e for e in driver.find_elements(By.CSS_SELECTOR, "#rows li") if "helped more" in e.text][0]
    row.find_element(By.XPATH, ".//button[starts-with(normalize-space(.), 'Approve')]").click()
    wait_for(driver, lambda d: "Approved" in d.find_element(By.ID, "rows").text)
    comments = server.api("GET", "/api/v1/groups/%d/feedback" % gid)[1]["comments"]
    assert any("helped more" in c["comment"] for c in comments)


STALE_SLUG = "koreatown-family-caregivers-circle"


def test_confirm_a_stale_listing_and_cancel_its_next_meeting(driver, server, check):
    status, group = server.api("GET", "/api/v1/groups/by-slug/" + STALE_SLUG)
    assert status == 200 and group["not_recently_confirmed"], "the demo has one listing nobody confirmed for months"
    gid = group["id"]
    signed_in(driver, server, "group.html?id=%d" % gid)
    wait_for(driver, lambda d: visible(d, "#confirm-listing") and visible(d, "#cancel-next"))
    assert "Not recently confirmed" in driver.find_element(By.ID, "listing-state").text
    check("group-listing-stale")
    driver.find_element(By.ID, "confirm-listing").click()
    wait_for(driver, lambda d: "Not recently" not in d.find_element(By.ID, "listing-state").text)
    assert server.api("GET", "/api/v1/groups/%d" % gid)[1]["not_recently_confirmed"] is False

    # One click cancels the next meeting; every output shows it.
    next_meeting = group["next_meeting"]
    wait_for(driver, lambda d: visible(d, "#cancel-next"))
    driver.find_element(By.ID, "cancel-next").click()
    wait_for(driver, lambda d: "Cancelled" in d.find_element(By.ID, "schedules").text)
    date = next_meeting["original_date"]
    import datetime
    until = (datetime.date.fromisoformat(next_meeting["ends_at"][:10]) + datetime.timedelta(days=1)).isoformat()
    meetings = server.api("GET", "/api/v1/groups/%d/meetings?from=%s&to=%s" % (gid, date, until))[1]["data"]
    assert [m["status"] for m in meetings if m["original_date"] == date] == ["cancelled"]
    driver.get(server.base + "/groups/" + STALE_SLUG)
    assert driver.find_elements(By.CSS_SELECTOR, ".date--cancelled .badge--cancelled")
    assert not driver.find_elements(By.ID, "freshness-note")

    # Back in the console: the following meeting is confirmed in one click.
    signed_in(driver, server, "group.html?id=%d" % gid)
    wait_for(driver, lambda d: d.find_elements(By.XPATH, "//ul[@id='meetings']//button[starts-with(normalize-space(.), 'Confirm')]"))
    driver.find_element(By.XPATH, "//ul[@id='meetings']//button[starts-with(normalize-space(.), 'Confirm')]").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#meetings .badge--confirmed"))
    check("group-listing-confirmed")


def test_a_suggested_correction_is_worked_in_the_queue(driver, server, check):
    gid = group_id(server)
    status, _ = server.api("POST", "/api/v1/groups/%d/change-requests" % gid,
                           {"kind": "other", "details": "Coffee is now at the kiosk by the pond.", "reply_email": "walker@example.net"})
    assert status == 201
    signed_in(driver, server, "changes.html")
    wait_for(driver, lambda d: "kiosk by the pond" in d.find_element(By.ID, "rows").text)
    assert "walker@example.net" not in driver.find_element(By.ID, "rows").text
    check("changes")

    def row():
        return [e for e in driver.find_elements(By.CSS_SELECTOR, "#rows li") if "kiosk by the pond" in e.text][0]
    row().find_element(By.XPATH, ".//button[starts-with(normalize-space(.), 'Show the reply address')]").click()
    wait_for(driver, lambda d: "walker@example.net" in row().text)
    row().find_element(By.XPATH, ".//button[starts-with(normalize-space(.), 'Mark applied')]").click()
    wait_for(driver, lambda d: "Applied" in row().text)
    assert driver.switch_to.active_element.tag_name == "h2"


def test_choose_referral_notices_by_email(driver, server, check):
    signed_in(driver, server, "mail.html")
    wait_for(driver, lambda d: visible(d, "#notices-form"))
    # The browser tests' server has no relay: the page says mail is off, and keeps the choice anyway.
    assert visible(driver, "#mail-off-note")
    assert not driver.find_element(By.ID, "outbox-panel").is_displayed(), "the outbox is for administrators"
    Select(driver.find_element(By.ID, "f-referral_notices")).select_by_value("immediate")
    driver.find_element(By.ID, "notices-save").click()
    wait_for(driver, lambda d: "Saved" in d.page_source)
    check("mail")
    driver.get(server.base + "/admin/mail.html")
    wait_for(driver, lambda d: visible(d, "#notices-form"))
    assert Select(driver.find_element(By.ID, "f-referral_notices")).first_selected_option.get_attribute("value") == "immediate"


def test_a_family_member_refers_someone(driver, server, check):
    driver.get(server.base + "/refer?group=" + GROUP_SLUG)
    wait_for(driver, lambda d: visible(d, "#refer-form"))
    assert not visible(driver, "#referrer-section")
    driver.find_element(By.XPATH, "//input[@name='referrer_type' and @value='family']/parent::label").click()
    wait_for(driver, lambda d: visible(d, "#referrer-section"))
    assert driver.find_element(By.ID, "person_name-label").text == "Their name"
    assert "The person has agreed" in driver.find_element(By.ID, "consent-label").text
    driver.find_element(By.ID, "person_name").send_keys("Sam")
    driver.find_element(By.ID, "person_email").send_keys("sam@example.org")
    driver.find_element(By.XPATH, "//input[@name='preferred_contact_method' and @value='email']/parent::label").click()
    driver.find_element(By.CSS_SELECTOR, "label[for=consent]").click()
    driver.find_element(By.ID, "submit-button").click()
    wait_for(driver, lambda d: visible(d, "#referrer_name-error"))
    assert driver.find_element(By.ID, "referrer_name").get_attribute("aria-invalid") == "true"
    check("refer-family-errors")
    driver.find_element(By.ID, "referrer_name").send_keys("Jordan")
    driver.find_element(By.ID, "submit-button").click()
    wait_for(driver, lambda d: "/referrals/status/" in d.current_url and visible(d, "#sent"))
    assert not visible(driver, "#crisis-panel")
    assert driver.switch_to.active_element.get_attribute("id") == "sent-title"
    assert "few days" in driver.find_element(By.ID, "sent-next").text
    # The page after the post: a reload shows the status page, never the form sent a second time.
    driver.refresh()
    wait_for(driver, lambda d: visible(d, "#status-view"))


def test_an_unknown_group_says_so(driver, server, check):
    driver.get(server.base + "/refer?group=no-such-group")
    wait_for(driver, lambda d: visible(d, "#group-missing"))
    assert not visible(driver, "#refer-form")
    check("refer-unknown-group")


def test_the_person_withdraws(driver, server, check, state):
    driver.get(state["status_url"])
    wait_for(driver, lambda d: visible(d, "#withdraw-button"))
    driver.find_element(By.ID, "withdraw-button").click()
    wait_for(driver, lambda d: visible(d, "#withdraw-confirm"))
    assert driver.switch_to.active_element.get_attribute("id") == "confirm-title"
    check("status-withdraw-confirm")
    driver.find_element(By.ID, "withdraw-yes").click()
    wait_for(driver, lambda d: d.find_element(By.ID, "status-word").get_attribute("data-status") == "withdrawn")
    assert not visible(driver, "#withdraw-section")
    assert "withdrawn" in driver.find_element(By.ID, "result").text


def test_the_person_says_i_went(driver, server, check):
    status, created = server.api("POST", "/api/v1/referrals", {
        "group_id": group_id(server), "person_name": "Robin", "person_phone": "555-0177", "preferred_contact_method": "phone",
        "referrer_type": "self", "consent": True, "consent_version": "2026-11"})
    assert status == 201
    driver.get(server.base + created["status_url"])
    # Not asked before the person could have been to a meeting.
    wait_for(driver, lambda d: visible(d, "#status-word"))
    assert not driver.find_elements(By.ID, "report-attended")
    # Weeks later (the referral's date moved back; the group meets monthly), a meeting has taken place: now it asks.
    with sqlite3.connect(server.database) as db:
        db.execute("UPDATE referrals SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-40 days') WHERE id = ?", (created["id"],))
    driver.get(server.base + created["status_url"])
    wait_for(driver, lambda d: visible(d, "#report-attended"))
    check("status-report")
    driver.find_element(By.ID, "report-attended").click()
    wait_for(driver, lambda d: d.find_element(By.ID, "status-word").get_attribute("data-status") == "attended")
    assert "knows you went" in driver.find_element(By.ID, "result").text
    assert not visible(driver, "#report-attended") and visible(driver, "#report-not-for-me")
    assert server.api("GET", created["status_api"])[1]["fhir_status"] == "in-progress"


def test_sign_out(driver, server):
    signed_in(driver, server, "referrals.html")
    wait_for(driver, lambda d: visible(d, "#sign-out"))
    driver.find_element(By.ID, "sign-out").click()
    wait_for(driver, lambda d: "signed_out=1" in d.current_url and visible(d, "#signed-out"))
    driver.get(server.base + "/admin/referrals.html")
    wait_for(driver, lambda d: visible(d, "#signin-form"))
    assert "next=%2Fadmin%2Freferrals.html" in driver.current_url
    time.sleep(0.1)
