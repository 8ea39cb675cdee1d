""""Where?" on the search page, as a person uses it: the page's own hint typed in finds the groups near it,
nearest first with their distance; a shared town name asks which; nothing near shows the nearest beyond."""

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import drain_logs, wait_for


def test_the_hint_typed_into_where_finds_groups_nearest_first(driver, server, check):
    drain_logs(driver)
    driver.get(server.base + "/search")
    hint = driver.find_element(By.ID, "f-where-hint").text
    example = re.findall(r"\d{5}", hint)
    assert example, f"the hint gives no ZIP code: {hint}"
    box = driver.find_element(By.ID, "f-where")
    box.send_keys(example[0])
    box.send_keys(Keys.ENTER)
    wait_for(driver, lambda d: "where=" + example[0] in d.current_url, 10, "the search did not run")
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#results .result"), 10, "no group found near the hint's ZIP code")
    distances = [float(re.search(r"([\d.]+) mi away", card.text).group(1))
                 for card in driver.find_elements(By.CSS_SELECTOR, "#results .result")]
    assert distances and distances == sorted(distances) and distances[-1] <= 25, distances
    assert driver.find_element(By.ID, "results-remote").is_displayed(), "the groups online and by phone are not offered"
    check("public-search-where")

    # The same typed as a town with its state, without a comma.
    driver.get(server.base + "/search")
    box = driver.find_element(By.ID, "f-where")
    box.send_keys("denver co")
    box.send_keys(Keys.ENTER)
    wait_for(driver, lambda d: "near Denver, CO" in d.find_element(By.ID, "search-heading").text, 10, "Denver CO was not understood")


def test_a_shared_name_asks_which_and_nothing_near_shows_the_nearest(driver, server, check):
    drain_logs(driver)
    driver.get(server.base + "/search?where=Springfield")
    question = driver.find_element(By.ID, "place-question")
    assert "Which one do you mean?" in question.text
    check("public-search-which-place")
    question.find_element(By.LINK_TEXT, "Springfield, IL").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "results-beyond"), 10, "the nearest groups beyond the radius are not shown")
    assert "The nearest group is in" in driver.find_element(By.ID, "results-beyond").text
    assert not driver.find_elements(By.ID, "page-tools"), "the printable list is offered under zero results"
    assert driver.find_element(By.PARTIAL_LINK_TEXT, "Look within 50 miles")
    check("public-search-nothing-near")
