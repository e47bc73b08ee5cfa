"""A real headless browser (Debian's chromium and chromium-driver, through Selenium) plays a
challenge to its end and a two-student class game, at desktop and phone widths, and saves
screenshots (in $CLASSROOM_SCREENSHOTS, or the test's temporary folder)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from .helpers import SAMPLES, challenge_id_of, results_page, teacher, upload

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="needs Debian's chromium and chromium-driver")

PHONE = (390, 844)
DESKTOP = (1280, 900)


def browser(size: tuple[int, int]):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={size[0]},{size[1]}", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    if size == PHONE:  # a headless window is at least 500px wide: emulate the phone's screen instead
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": True})
    return driver


def fits_the_width(driver) -> None:
    """Nothing sticks out sideways: the page scrolls only up and down."""
    wide, seen = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert wide <= seen, f"the page is {wide}px wide in a {seen}px window"


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("CLASSROOM_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def wait_for(driver, test, timeout: float = 30):
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if test(driver):
                return
        except StaleElementReferenceException:
            pass  # htmx swapped the element while it was read: look again
        except WebDriverException as error:
            if "does not belong to the document" not in str(error):
                raise  # only the swap's other wording is retried
        time.sleep(0.2)
    raise AssertionError(f"timed out on {driver.current_url}:\n{driver.page_source[:2000]}")


def join_in_browser(driver, url: str, code: str, name: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{url}/?code={code}")
    assert driver.find_element(By.ID, "code").get_attribute("value") == code  # the QR code's address fills it
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_for(driver, lambda d: d.current_url.endswith("/me"))


def decide(driver, words: str = "") -> None:
    """Pick the first option that is possible, by keyboard, and submit the decision."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    radio = next(r for r in driver.find_elements(By.CSS_SELECTOR, "input[type=radio]") if r.is_enabled())
    radio.send_keys(Keys.SPACE)  # keyboard: a focused radio button is chosen with the space bar
    assert radio.is_selected()
    for area in driver.find_elements(By.CSS_SELECTOR, "textarea"):
        area.send_keys(words or "Because it keeps our allies with us and avoids war now")
    driver.find_element(By.XPATH, "//button[normalize-space()='Decide']").click()


def _gone(element) -> bool:
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        # Chrome says this instead of "stale" while the old page's nodes are being torn down
        if "does not belong to the document" in str(error):
            return True
        raise
    return False


def _can_decide_or_done(driver) -> bool:
    from selenium.webdriver.common.by import By

    if "Your result" in driver.page_source:
        return True
    return any(r.is_enabled() for r in driver.find_elements(By.CSS_SELECTOR, "input[type=radio]"))


def test_a_student_plays_a_challenge_to_its_end_in_a_real_browser(server, shots):
    from selenium.webdriver.common.by import By

    t = teacher(server.url, server.key)
    r = upload(t, 1, SAMPLES / "france_rhineland_1936.yaml")
    challenge_id = challenge_id_of(r)
    driver = browser(PHONE)
    try:
        join_in_browser(driver, server.url, server.codes[0], "Vera")
        driver.find_element(By.CSS_SELECTOR, f"a[href='/challenge/{challenge_id}']").click()
        driver.save_screenshot(str(shots / "challenge-briefing-phone.png"))
        driver.find_element(By.XPATH, "//button[normalize-space()='Begin']").click()
        wait_for(driver, lambda d: "/attempt/" in d.current_url)
        wait_for(driver, _can_decide_or_done)  # the page reloads itself while the engine works
        driver.save_screenshot(str(shots / "challenge-decision-phone.png"))
        fits_the_width(driver)
        for _ in range(60):
            if "Your result" in driver.page_source:
                break
            page = driver.find_element(By.TAG_NAME, "html")
            decide(driver)
            wait_for(driver, lambda d, page=page: _gone(page))  # the answer is a new page, not the old one
            wait_for(driver, _can_decide_or_done)
        assert "Your result" in driver.page_source
        fits_the_width(driver)
        driver.save_screenshot(str(shots / "challenge-result-phone.png"))
        driver.find_element(By.LINK_TEXT, "Report card (printable)").click()
        # the card is a new page: read it once loaded (an empty source was read mid-navigation once)
        wait_for(driver, lambda d: "Your path beside history" in d.page_source)
        driver.save_screenshot(str(shots / "challenge-report-card.png"))
    finally:
        driver.quit()
    results = results_page(t, challenge_id)
    assert "Vera" in results and "<strong>verified</strong>" in results


def test_two_students_play_a_class_game_with_live_updates(server, shots):
    from selenium.webdriver.common.by import By

    t = teacher(server.url, server.key)
    t.get("/teacher/class/1")
    game_id = int(t.post("/teacher/class/1/game", {"scenario": "europe1936", "others": "ai", "seed": "11",
                                                   "title": "Europe 1936, period 3"}).url.path.rsplit("/", 1)[1])
    players = {"France": browser(DESKTOP), "Britain": browser(PHONE)}
    projector = browser(DESKTOP)
    try:
        for (power, driver), name in zip(players.items(), ("Wes", "Xia")):
            join_in_browser(driver, server.url, server.codes[0], name)
            driver.get(f"{server.url}/game/{game_id}")
            from selenium.webdriver.support.ui import Select

            Select(driver.find_element(By.ID, "power")).select_by_value(power)
            driver.find_element(By.XPATH, "//button[normalize-space()='Take this power']").click()
            wait_for(driver, lambda d: "You play" in d.page_source)
        projector.get(f"{server.url}/teacher?key={server.key}")
        projector.get(f"{server.url}/teacher/game/{game_id}/projector")
        t.post(f"/teacher/game/{game_id}/start")
        # Nobody reloads: the pages update themselves (htmx polling) once the game starts.
        for driver in players.values():
            wait_for(driver, lambda d: "Chronicle" in d.page_source)
        wait_for(projector, lambda d: "Yet to decide" in d.page_source)
        projector.save_screenshot(str(shots / "classgame-projector.png"))
        # Live: France decides; Britain's page shows it without a reload (the chronicle or
        # Britain's own decision appears by polling).
        france, britain = players["France"], players["Britain"]
        wait_for(france, lambda d: d.find_elements(By.CSS_SELECTOR, "input[type=radio]:not([disabled])"))
        france.save_screenshot(str(shots / "classgame-decision-desktop.png"))
        before = britain.find_element(By.ID, "live").get_attribute("hx-get")
        decide(france, "We protest but keep the army at home")
        wait_for(britain, lambda d: d.find_element(By.ID, "live").get_attribute("hx-get") != before)
        britain.save_screenshot(str(shots / "classgame-decision-phone.png"))
        # Then play on to the end; a player with nothing to decide reloads rather than waiting
        # two seconds for the next poll, to keep the test short.
        for _ in range(400):
            if all("Ending:" in d.page_source for d in players.values()):
                break
            moved = False
            for driver in players.values():
                if driver.find_elements(By.CSS_SELECTOR, "#mine input[type=radio]:not([disabled])"):
                    decide(driver, "We agreed on this as a team")
                    moved = True
                else:
                    driver.refresh()
            if not moved:
                time.sleep(0.2)
        for driver in players.values():
            wait_for(driver, lambda d: "Ending:" in d.page_source, timeout=20)
        players["France"].save_screenshot(str(shots / "classgame-debrief-desktop.png"))
        players["Britain"].save_screenshot(str(shots / "classgame-debrief-phone.png"))
        fits_the_width(players["Britain"])
        assert "path beside history" in players["Britain"].page_source
        wait_for(projector, lambda d: "Ending:" in d.page_source, timeout=20)
        projector.save_screenshot(str(shots / "classgame-projector-end.png"))
    finally:
        for driver in (*players.values(), projector):
            driver.quit()
