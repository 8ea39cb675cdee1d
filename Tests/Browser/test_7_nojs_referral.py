"""A referral sent and followed with JavaScript off (issue 15, items 4 and 5), at 320 and 1280 px:
from the group page's "Ask to join" to the server-rendered form, a refused post answered with the form
and its problems, the sent form answered with the status page that confirms it, then withdrawn.
Every page is axe-clean and never scrolls sideways."""

import os
import shutil
import time

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import GROUP_SLUG, _emulate, check_page, drain_logs

WIDTHS = [320, 1280]


@pytest.fixture(scope="module")
def nojs_driver():
    """A Chromium of its own with the pages' JavaScript off, as on a phone that turned it off.

    Scripts are blocked through DevTools (`Emulation.setScriptExecutionDisabled`) rather than the content
    setting (`profile.managed_default_content_settings.javascript: 2`): under that setting axe-core's
    asynchronous run never finishes, while this one can be lifted for axe once a page has loaded without
    its scripts (they are never run: a page's scripts are skipped when it is parsed)."""
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
    _emulate(browser, "light")
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    yield browser
    browser.quit()


def scripts_ran(driver) -> bool:
    """status.js unhides its buttons and refer.js hides the helper's section for a self-referral;
    without them the buttons stay hidden and the section shown."""
    return bool(driver.execute_script(
        "const b = document.getElementById('copy-button') || document.getElementById('withdraw-button');"
        "const s = document.getElementById('referrer-section');"
        "return (!!b && !b.hidden) || (!!s && s.hidden);"))


def sideways(driver) -> int:
    return driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")


def left(page):
    """A wait's condition: the browser has left `page` (its `html` element) for a new document."""
    def condition(driver) -> bool:
        try:
            page.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            # Chromedriver may report a node of the page just left this way instead of as stale; it also
            # says so of a live node after a resize, so a new document must be there to say the page was left.
            if "does not belong to the document" not in str(error):
                raise
            return driver.find_element(By.TAG_NAME, "html").id != page.id
    return condition


def submit(driver, button_id: str) -> None:
    """Sends a form as the person would; waits out the referral rate limit if earlier tests used it up."""
    def send() -> None:
        page = driver.find_element(By.TAG_NAME, "html")
        for attempt in range(3):
            try:
                driver.find_element(By.ID, button_id).click()
                break
            except WebDriverException as error:
                # Chromedriver sometimes loses a node's id just after the window was resized ("Node with given
                # id does not belong to the document"); the click did not happen, so it is tried again.
                if attempt == 2 or "does not belong to the document" not in str(error):
                    raise
                time.sleep(0.5)
        WebDriverWait(driver, 20).until(left(page))

    send()
    if "Too many referrals" in driver.find_element(By.TAG_NAME, "main").text:
        time.sleep(61)
        send()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_referral_sent_and_withdrawn_without_javascript(nojs_driver, server, axe_source, report, width):
    driver = nojs_driver
    driver.set_window_size(width, 900)

    def check(name: str) -> None:
        assert sideways(driver) <= 0, f"{name}: scrolls sideways at {width} px"
        assert not scripts_ran(driver), f"{name}: the page's scripts ran"
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
        try:
            check_page(driver, server, axe_source, report, f"nojs-{name}-{width}")
        finally:
            driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        assert not scripts_ran(driver), f"{name}: the page's scripts ran once axe could"
        driver.set_window_size(width, 900)

    # The group page leads to the form.
    drain_logs(driver)
    driver.get(server.base + "/groups/" + GROUP_SLUG)
    link = driver.find_element(By.CSS_SELECTOR, f"a[href$='/refer?group={GROUP_SLUG}']")
    driver.get(link.get_attribute("href"))
    assert driver.current_url.endswith("/refer?group=" + GROUP_SLUG)

    # The form is whole without a script: the group's card, and a form that posts to the server.
    form = driver.find_element(By.ID, "refer-form")
    assert form.get_attribute("method") == "post" and form.get_attribute("action").endswith("/refer?group=" + GROUP_SLUG)
    assert "Walk and Talk" in driver.find_element(By.CSS_SELECTOR, "#group-card .result__name").text
    assert driver.find_elements(By.CSS_SELECTOR, "#group-card .result__next")
    assert driver.find_element(By.ID, "referrer-section").is_displayed()
    assert "Back to" in driver.find_element(By.ID, "group-link").text
    check("refer")

    # A post without a name: the form again, the problem beside the field and in the summary, nothing lost.
    driver.find_element(By.ID, "person_phone").send_keys("555-0166")
    driver.find_element(By.CSS_SELECTOR, "input[name=preferred_contact_method][value=text]").click()
    driver.find_element(By.ID, "note").send_keys("Evenings are best.")
    driver.find_element(By.ID, "consent").click()
    submit(driver, "submit-button")
    summary = driver.find_element(By.ID, "error-summary")
    assert summary.is_displayed() and "name" in summary.text.lower()
    name = driver.find_element(By.ID, "person_name")
    assert name.get_attribute("aria-invalid") == "true"
    assert "person_name-error" in name.get_attribute("aria-describedby").split()
    assert driver.find_element(By.ID, "person_name-error").is_displayed()
    assert driver.find_element(By.CSS_SELECTOR, "#error-list a").get_attribute("href").endswith("#person_name")
    assert driver.find_element(By.ID, "person_phone").get_attribute("value") == "555-0166"
    assert driver.find_element(By.CSS_SELECTOR, "input[name=preferred_contact_method][value=text]").is_selected()
    assert driver.find_element(By.ID, "note").get_attribute("value") == "Evenings are best."
    assert driver.find_element(By.ID, "consent").is_selected()
    check("refer-errors")

    # Sent: the status page confirms it once, with the link to keep and the next meeting.
    driver.find_element(By.ID, "person_name").send_keys("Jamie")
    submit(driver, "submit-button")
    assert "/referrals/status/" in driver.current_url and driver.current_url.endswith("?done=sent")
    sent = driver.find_element(By.ID, "sent")
    assert "Your referral was sent" in sent.text and "Walk and Talk: Grief in Motion has your referral" in sent.text
    assert "Consent wording" not in driver.find_element(By.TAG_NAME, "main").text
    link = driver.find_element(By.ID, "status-link")
    assert link.text == link.get_attribute("href") and link.text == driver.current_url.split("?")[0]
    assert not driver.find_element(By.ID, "copy-button").is_displayed()  # the copy button is the script's
    assert driver.find_element(By.ID, "status-next").text
    check("status-sent")

    # Withdrawn, by the status page's own form.
    submit(driver, "withdraw-yes")
    assert driver.current_url.endswith("?done=withdrawn")
    assert driver.find_element(By.ID, "status-word").get_attribute("data-status") == "withdrawn"
    assert "withdrawn" in driver.find_element(By.ID, "result").text
    check("status-withdrawn")
