"""A person asks to join a group; a coordinator follows it up; the person sees the change.

The steps run in order and hand each other what they need through the `state` fixture.
"""

import re
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import COORDINATOR_EMAIL, COORDINATOR_PASSWORD, GROUP_SLUG, drain_logs, wait_for


def visible(driver, css):
    elements = driver.find_elements(By.CSS_SELECTOR, css)
    return bool(elements) and elements[0].is_displayed()


def label(driver, for_id):
    driver.find_element(By.CSS_SELECTOR, f"label[for='{for_id}']").click()


def choice(driver, name, value):
    driver.find_element(By.XPATH, f"//input[@name='{name}' and @value='{value}']/parent::label").click()


def top(driver, css):
    return driver.execute_script("return document.querySelector(arguments[0]).getBoundingClientRect().top + window.scrollY;", css)


def status_of(url):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/html"}), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_from_home_to_the_refer_page(driver, server, check, report):
    notes = report.setdefault("notes", {})
    driver.get(server.base + "/")
    driver.find_element(By.ID, "q").send_keys("grief", Keys.ENTER)
    wait_for(driver, lambda d: "/search" in d.current_url)
    group_page = server.base + "/groups/" + GROUP_SLUG
    links = driver.find_elements(By.CSS_SELECTOR, f"a[href$='/groups/{GROUP_SLUG}']")
    if links:
        links[0].click()
        wait_for(driver, lambda d: d.current_url.startswith(group_page))
    elif status_of(group_page) == 200:
        notes["search"] = "the search page did not list the group; went to its page directly"
        driver.get(group_page)
    if driver.current_url.startswith(group_page):
        refer = driver.find_elements(By.CSS_SELECTOR, "a[href*='/refer?group=']")
        if refer:
            refer[0].click()
        else:
            notes["group_page"] = "the group page has no link to /refer?group=…; went to the refer page directly"
            driver.get(server.base + "/refer?group=" + GROUP_SLUG)
    else:
        notes["group_page"] = f"/groups/{GROUP_SLUG} is not built yet; went to /refer?group={GROUP_SLUG} directly"
        driver.get(server.base + "/refer?group=" + GROUP_SLUG)
    wait_for(driver, lambda d: "/refer?group=" + GROUP_SLUG in d.current_url)
    notes["path"] = "home → search → group page → refer" if not notes else "partly direct (see the other notes)"
    drain_logs(driver)
    driver.get(server.base + "/refer?group=" + GROUP_SLUG)
    wait_for(driver, lambda d: visible(d, "#refer-form"))
    assert "Walk and Talk" in driver.find_element(By.ID, "page-title").text
    assert "Eastside Peer Support Collective" in driver.find_element(By.ID, "consent-label").text
    # The consent wording's version travels with the form, not shown to the person.
    assert driver.find_element(By.NAME, "consent_version").get_attribute("value") == "2026-11"
    assert "Consent wording version" not in driver.find_element(By.TAG_NAME, "main").text
    # The honeypot is out of sight and out of the accessibility tree.
    honeypot = driver.find_element(By.ID, "website")
    assert not honeypot.is_displayed() or honeypot.rect["x"] < 0
    assert driver.find_element(By.CSS_SELECTOR, ".hp").get_attribute("aria-hidden") == "true"
    check("refer")


def test_a_missing_field_is_shown_beside_it_and_nothing_is_lost(driver, server, check):
    driver.find_element(By.ID, "person_phone").send_keys("555-0199")
    choice(driver, "preferred_contact_method", "text")
    driver.find_element(By.ID, "preferred_times").send_keys("weekday evenings")
    driver.find_element(By.ID, "note").send_keys("I would like to try the walking group.")
    label(driver, "consent")
    driver.find_element(By.ID, "submit-button").click()

    wait_for(driver, lambda d: visible(d, "#error-summary"))
    assert driver.switch_to.active_element.get_attribute("id") == "error-summary"
    name = driver.find_element(By.ID, "person_name")
    assert name.get_attribute("aria-invalid") == "true"
    assert "person_name-error" in name.get_attribute("aria-describedby").split()
    error = driver.find_element(By.ID, "person_name-error")
    assert error.is_displayed() and "name" in error.text.lower()
    # The error sits next to its field: between the label and the input.
    assert top(driver, "#person_name-error") < top(driver, "#person_name") < top(driver, "#person_name-error") + 120
    # Every answer is still there.
    assert driver.find_element(By.ID, "person_phone").get_attribute("value") == "555-0199"
    assert driver.find_element(By.CSS_SELECTOR, "input[name=preferred_contact_method][value=text]").is_selected()
    assert driver.find_element(By.ID, "preferred_times").get_attribute("value") == "weekday evenings"
    assert driver.find_element(By.ID, "note").get_attribute("value") == "I would like to try the walking group."
    assert driver.find_element(By.ID, "consent").is_selected()
    check("refer-errors")

    # The summary's link takes the keyboard to the field.
    driver.find_element(By.CSS_SELECTOR, "#error-list a").click()
    assert driver.switch_to.active_element.get_attribute("id") == "person_name"

    # An error only the API finds (a phone number it cannot read) is shown the same way.
    driver.switch_to.active_element.send_keys("Alex Rivera")
    phone = driver.find_element(By.ID, "person_phone")
    phone.clear()
    phone.send_keys("call me")
    driver.find_element(By.ID, "submit-button").click()
    wait_for(driver, lambda d: visible(d, "#person_phone-error"))
    assert "digits" in driver.find_element(By.ID, "person_phone-error").text
    assert driver.find_element(By.ID, "person_phone").get_attribute("aria-invalid") == "true"
    assert driver.find_element(By.ID, "person_name").get_attribute("aria-invalid") is None
    assert driver.find_element(By.ID, "person_name").get_attribute("value") == "Alex Rivera"
    assert driver.switch_to.active_element.get_attribute("id") == "error-summary"


def test_urgent_shows_988_and_911_before_anything_else(driver, server, check):
    assert not visible(driver, "#crisis-panel")
    label(driver, "urgent")
    wait_for(driver, lambda d: visible(d, "#crisis-panel"))
    assert visible(driver, "#urgent-inline")
    panel = driver.find_element(By.ID, "crisis-panel")
    hrefs = [a.get_attribute("href") for a in panel.find_elements(By.TAG_NAME, "a")]
    assert hrefs == ["tel:988", "sms:988", "tel:911"]
    # First in the main content: above the heading and the form.
    assert top(driver, "#crisis-panel") < top(driver, "#page-title") < top(driver, "#refer-form")
    check("refer-urgent")


def test_too_many_says_how_long_to_wait_in_seconds(driver, server):
    # The server's 429 comes with Retry-After; under a minute the wait is said in seconds, as the page
    # without scripts says it (it said "about 1 minute" for 20 seconds). The answer is made in the page.
    driver.execute_script(
        """
        window.realFetch = window.fetch;
        window.fetch = function (url, options) {
          if (!options || options.method !== 'POST') return window.realFetch(url, options);
          return Promise.resolve(new Response(JSON.stringify({ status: 429, title: 'Too Many Requests' }),
            { status: 429, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '20' } }));
        };
        """
    )
    try:
        driver.find_element(By.ID, "submit-button").click()
        wait_for(driver, lambda d: "20 seconds" in d.find_element(By.ID, "form-problem").text)
        assert "minute" not in driver.find_element(By.ID, "form-problem").text
    finally:
        driver.execute_script("window.fetch = window.realFetch;")


def test_sending_shows_what_happens_next_and_the_status_link(driver, server, check, state):
    phone = driver.find_element(By.ID, "person_phone")
    phone.clear()
    phone.send_keys("555-0199")
    # A double click sends one referral (the second click is ignored while the first is on its way,
    # and a retry would carry the same Idempotency-Key).
    driver.execute_script("const b = document.getElementById('submit-button'); b.click(); b.click();")
    # The confirmation is the status page's, the same as after the form sent without JavaScript.
    wait_for(driver, lambda d: "/referrals/status/" in d.current_url and visible(d, "#sent"))
    assert driver.current_url.endswith("?done=sent")
    assert driver.switch_to.active_element.get_attribute("id") == "sent-title"
    # Urgent: the crisis help comes right under the confirmation, and no promise of "a few days".
    assert visible(driver, "#crisis-panel")
    assert top(driver, "#sent-title") < top(driver, "#crisis-panel") < top(driver, "#sent-next")
    assert "Walk and Talk" in driver.find_element(By.ID, "sent-next").text
    assert "marked urgent" in driver.find_element(By.ID, "sent-next").text
    assert "few days" not in driver.find_element(By.ID, "sent").text
    url = driver.find_element(By.ID, "status-link").get_attribute("href")
    assert re.fullmatch(re.escape(server.base) + r"/referrals/status/[A-Za-z0-9]{16,64}", url), url
    assert driver.find_element(By.ID, "status-link").text == url
    driver.find_element(By.ID, "copy-button").click()
    wait_for(driver, lambda d: d.find_element(By.ID, "copy-result").text != "")
    state["status_url"] = url
    check("confirmation")


def test_the_status_page_says_new(driver, server, check, state):
    driver.get(state["status_url"])
    wait_for(driver, lambda d: visible(d, "#status-view"))
    word = driver.find_element(By.ID, "status-word")
    assert word.get_attribute("data-status") == "new"
    assert "waiting for the group" in word.text
    assert len(driver.find_elements(By.CSS_SELECTOR, "#history li")) == 1
    assert visible(driver, "#withdraw-button")
    # No personal data on the page.
    page = driver.find_element(By.TAG_NAME, "main").text
    assert "Alex" not in page and "555-0199" not in page
    # The token is a secret: the access log holds the route pattern, never the link.
    token = state["status_url"].rsplit("/", 1)[1]
    assert token not in server.access_log.read_text()
    check("status")


def test_a_coordinator_signs_in(driver, server, check):
    driver.get(server.base + "/admin/")
    wait_for(driver, lambda d: visible(d, "#signin-form"))
    check("signin")
    driver.find_element(By.ID, "f-email").send_keys(COORDINATOR_EMAIL)
    driver.find_element(By.ID, "f-password").send_keys("not the password")
    driver.find_element(By.ID, "signin-button").click()
    wait_for(driver, lambda d: d.find_element(By.ID, "signin-problem").text != "")
    problem = driver.find_element(By.ID, "signin-problem")
    assert problem.get_attribute("role") == "alert" and "not right" in problem.text
    assert driver.switch_to.active_element.get_attribute("id") == "signin-problem"
    assert driver.find_element(By.ID, "f-email").get_attribute("value") == COORDINATOR_EMAIL
    check("signin-error")
    password = driver.find_element(By.ID, "f-password")
    password.clear()
    password.send_keys(COORDINATOR_PASSWORD, Keys.ENTER)
    wait_for(driver, lambda d: d.current_url.endswith("/admin/referrals.html"))


def test_the_inbox_lists_the_referral_urgent_first(driver, server, check, state):
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#rows tr"))
    rows = driver.find_elements(By.CSS_SELECTOR, "#rows tr")
    assert len(rows) == 1, "the double click made a second referral"
    first = rows[0].text
    assert "Walk and Talk" in first and "Urgent" in first and "New" in first and ("ago" in first or "just now" in first)
    check("inbox")
    # Filters: nothing is enrolled yet.
    driver.find_element(By.CSS_SELECTOR, "#filter-status option[value=enrolled]").click()
    driver.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
    wait_for(driver, lambda d: visible(d, "#empty"))
    assert "status=enrolled" in driver.current_url
    driver.find_element(By.CSS_SELECTOR, "#filter-status option[value=open]").click()
    driver.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#rows tr a"))
    link = driver.find_element(By.CSS_SELECTOR, "#rows tr a")
    state["referral_url"] = link.get_attribute("href")
    link.click()


def test_the_coordinator_marks_it_contacted(driver, server, check, state):
    wait_for(driver, lambda d: visible(d, "#status-form"))
    person = driver.find_element(By.ID, "person-title").find_element(By.XPATH, "..").text
    assert "Alex Rivera" in person and "555-0199" in person and "I would like to try the walking group." in person
    offered = {i.get_attribute("value") for i in driver.find_elements(By.CSS_SELECTOR, "#status-form input[name=status]")}
    assert offered == {"contacted", "waitlisted", "unreachable", "declined", "closed"}
    check("referral")
    choice(driver, "status", "contacted")
    driver.find_element(By.ID, "f-note").send_keys("Sent a text; calling back on Thursday.")
    driver.find_element(By.ID, "status-save").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "status-result"))
    assert "Contacted" in driver.find_element(By.ID, "status-result").text
    history = driver.find_element(By.ID, "history-title").find_element(By.XPATH, "..").text
    assert "New → Contacted" in history and "calling back on Thursday" in history
    offered = {i.get_attribute("value") for i in driver.find_elements(By.CSS_SELECTOR, "#status-form input[name=status]")}
    assert offered == {"waitlisted", "enrolled", "attended", "declined", "unreachable", "closed"}


def test_a_move_the_server_refuses_is_shown_clearly(driver, server, check):
    # As if another coordinator had changed the referral meanwhile: offer a move that is no longer allowed.
    driver.execute_script("const r = document.querySelector('#status-form input[name=status]'); r.value = 'new';")
    driver.find_element(By.CSS_SELECTOR, "#status-form label.choice").click()
    driver.find_element(By.ID, "status-save").click()
    # The page reloads the referral to show its current state, and keeps the message, focused.
    wait_for(driver, lambda d: d.execute_script(
        "const p = document.querySelector('#status-form .form-problem');"
        "return !!p && p.textContent.includes('not possible') && document.activeElement === p;"))
    problem = driver.find_element(By.CSS_SELECTOR, "#status-form .form-problem")
    assert problem.get_attribute("role") == "alert" and "contacted" in problem.text
    check("referral-conflict")


def test_the_person_sees_the_change(driver, server, check, state):
    driver.get(state["status_url"])
    wait_for(driver, lambda d: visible(d, "#status-view"))
    assert driver.find_element(By.ID, "status-word").get_attribute("data-status") == "contacted"
    history = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#history li")]
    assert len(history) == 2 and "got in touch" in history[1]
    assert "Thursday" not in driver.find_element(By.TAG_NAME, "main").text  # coordinators' notes stay private
    check("status-contacted")


def test_a_check_in_link_asks_its_one_question(driver, server, check, state):
    """The check-in mail's links (`?ask=`) open the status page on the question they name, its button
    focused; nothing is done until the button is pressed."""
    driver.get(state["status_url"] + "?ask=attended")
    wait_for(driver, lambda d: visible(d, "#ask-report"))
    assert visible(driver, "#report-attended") and visible(driver, "#report-not-for-me")
    wait_for(driver, lambda d: d.execute_script("return document.activeElement.id;") == "report-attended",
             message="the I went button has the focus")
    check("status-ask-attended")
    driver.get(state["status_url"] + "?ask=withdraw")
    wait_for(driver, lambda d: visible(d, "#withdraw-confirm") and visible(d, "#ask-withdraw"))
    assert driver.find_element(By.ID, "withdraw-button").get_attribute("aria-expanded") == "true"
    check("status-ask-withdraw")
    assert driver.find_element(By.ID, "status-word").get_attribute("data-status") == "contacted"
