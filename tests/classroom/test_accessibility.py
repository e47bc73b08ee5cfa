"""What a screen reader meets, read from Chromium's accessibility tree (CDP
``Accessibility.getFullAXTree``) for each kind of page, at a phone's width (360 px): every
control has an accessible name, the landmarks (banner, navigation, main) exist, headings start
at level 1 and never skip a level going down, images and SVG have text alternatives, and every
piece of text meets WCAG AA contrast on the colour actually behind it (computed in the page).
No real screen reader runs here; this is the tree they read. Screenshots go to
$CLASSROOM_SCREENSHOTS (or the test's temporary folder)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from .helpers import SAMPLES, challenge_id_of, teacher, upload
from .test_browser import (
    CHROMIUM,
    DRIVER,
    _can_decide_or_done,
    _gone,
    browser,
    decide,
    fits_the_width,
    join_in_browser,
    wait_for,
)

pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="needs Debian's chromium and chromium-driver")

PHONE_360 = (360, 780)
CONTROLS = {"button", "link", "textbox", "combobox", "radio", "checkbox", "listbox", "spinbutton", "searchbox",
            "slider", "switch", "menuitem", "tab", "textField", "TextField", "PopUpButton"}
LANDMARKS = {"banner", "navigation", "main"}

# Every visible text's colour against the colour behind it (backgrounds composited up the tree
# over the white canvas), with WCAG's thresholds: 4.5:1, or 3:1 for large text.
CONTRAST_JS = r"""
function rgba(c) { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
  const p = m[1].split(',').map(parseFloat); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; }
function over(top, under) { const a = top[3];
  return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1]; }
function behind(el) { const layers = [];
  for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
  let colour = [255, 255, 255, 1]; for (const c of layers.reverse()) colour = over(c, colour); return colour; }
function lum(c) { const l = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; }
const bad = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const el = n.parentElement; if (!n.textContent.trim() || !el || el.closest('svg')) continue;
  const rect = el.getBoundingClientRect(); const s = getComputedStyle(el);
  if (rect.width === 0 || rect.height === 0 || s.visibility === 'hidden' || rect.right < 0) continue;
  if (el.closest('.unavailable') && el.closest('label')) continue;  // WCAG 1.4.3 exempts inactive controls
  const back = behind(el); const fore = over(rgba(s.color), back);
  const a = lum(fore), b = lum(back); const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight) >= 700;
  const need = (size >= 24 || (size >= 18.66 && bold)) ? 3 : 4.5;
  if (ratio < need) bad.push(n.textContent.trim().slice(0, 40) + ' : ' + ratio.toFixed(2) + ' < ' + need);
}
return bad;
"""

# Images and SVG in the page itself: each is hidden from the tree or named.
IMAGES_JS = r"""
const bad = [];
for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) bad.push(img.outerHTML.slice(0, 80));
for (const svg of document.querySelectorAll('svg')) {
  if (svg.closest('[aria-hidden="true"]') || svg.parentElement.closest('svg')) continue;
  const named = svg.getAttribute('aria-label') || svg.getAttribute('aria-labelledby') || svg.querySelector(':scope > title');
  if (!named) bad.push(svg.outerHTML.slice(0, 80));
}
return bad;
"""


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("CLASSROOM_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def phone(size: tuple[int, int] = PHONE_360):
    """Chromium showing pages as a 360 px wide phone (a headless window is at least 500 px wide)."""
    driver = browser(size)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": True})
    return driver


def ax_nodes(driver) -> list[dict]:
    driver.execute_cdp_cmd("Accessibility.enable", {})
    return [n for n in driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"] if not n.get("ignored")]


def role(node: dict) -> str:
    return str(node.get("role", {}).get("value", ""))


def name(node: dict) -> str:
    return str(node.get("name", {}).get("value", "")).strip()


def level(node: dict) -> int:
    for prop in node.get("properties", []):
        if prop.get("name") == "level":
            return int(prop["value"]["value"])
    return 0


def audit(driver, label: str, shots: Path) -> dict:
    """Check the page the driver shows; returns what was counted (for the test's own checks)."""
    wait_for(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    nodes = ax_nodes(driver)
    unnamed = [(role(n), n.get("backendDOMNodeId")) for n in nodes if role(n) in CONTROLS and not name(n)]
    assert not unnamed, f"{label}: controls without an accessible name: {unnamed}"
    roles = {role(n) for n in nodes}
    assert roles >= LANDMARKS, f"{label}: landmarks missing: {LANDMARKS - roles}"
    headings = [(level(n), name(n)) for n in nodes if role(n) == "heading"]
    assert headings and headings[0][0] == 1, f"{label}: the first heading is not h1: {headings[:3]}"
    for (before, _), (after, text) in zip(headings, headings[1:]):
        assert after <= before + 1, f"{label}: heading '{text}' (h{after}) skips a level after h{before}"
    images = [n for n in nodes if role(n) in ("image", "img")]
    assert all(name(n) for n in images), f"{label}: images without a text alternative"
    assert not driver.execute_script(IMAGES_JS), f"{label}: {driver.execute_script(IMAGES_JS)}"
    low = driver.execute_script(CONTRAST_JS)
    assert not low, f"{label}: text below WCAG AA contrast: {low[:8]}"
    assert driver.execute_script("return window.innerWidth") == PHONE_360[0]
    fits_the_width(driver)
    # The whole page, not just the first screenful, as a phone user scrolls through it.
    height = min(6000, int(driver.execute_script("return document.documentElement.scrollHeight")))
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"captureBeyondViewport": True, "clip": {
        "x": 0, "y": 0, "width": PHONE_360[0], "height": height, "scale": 1}})
    (shots / f"a11y-360-{label}.png").write_bytes(base64.b64decode(shot["data"]))
    return {"controls": sum(1 for n in nodes if role(n) in CONTROLS), "images": len(images),
            "headings": len(headings)}


def test_every_kind_of_page_reads_well_in_the_accessibility_tree_at_360px(server, shots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    t = teacher(server.url, server.key)
    r = upload(t, 1, SAMPLES / "france_rhineland_1936.yaml")
    challenge_id = challenge_id_of(r)
    t.get("/teacher/class/1")
    game_id = int(t.post("/teacher/class/1/game", {"scenario": "europe1936", "others": "ai", "seed": "7"})
                  .url.path.rsplit("/", 1)[1])
    student, desk = phone(), phone()
    counted: dict[str, dict] = {}
    try:
        student.get(f"{server.url}/?code={server.codes[0]}")
        counted["join"] = audit(student, "join", shots)
        join_in_browser(student, server.url, server.codes[0], "Ines")
        counted["me"] = audit(student, "me", shots)
        student.get(f"{server.url}/challenge/{challenge_id}")
        counted["briefing"] = audit(student, "briefing", shots)
        student.find_element(By.XPATH, "//button[normalize-space()='Begin']").click()
        wait_for(student, lambda d: "/attempt/" in d.current_url)
        wait_for(student, _can_decide_or_done)  # the page reloads itself while the engine works
        attempt = student.current_url
        counted["decision"] = audit(student, "challenge-decision", shots)
        for _ in range(60):
            if "Your result" in student.page_source:
                break
            page = student.find_element(By.TAG_NAME, "html")
            decide(student)
            wait_for(student, lambda d, page=page: _gone(page))
            wait_for(student, _can_decide_or_done)
        counted["result"] = audit(student, "challenge-result", shots)
        student.get(f"{attempt}/card")
        counted["card"] = audit(student, "report-card", shots)
        student.get(f"{server.url}/challenge/999999")
        counted["message"] = audit(student, "message", shots)
        student.get(f"{server.url}/game/{game_id}")
        counted["lobby"] = audit(student, "classgame-lobby", shots)
        Select(student.find_element(By.ID, "power")).select_by_value("France")
        student.find_element(By.XPATH, "//button[normalize-space()='Take this power']").click()
        wait_for(student, lambda d: "You play" in d.page_source)
        t.post(f"/teacher/game/{game_id}/start")
        student.get(f"{server.url}/game/{game_id}")
        wait_for(student, lambda d: d.find_elements(By.CSS_SELECTOR, "#mine input[type=radio]"))
        counted["classgame"] = audit(student, "classgame-decision", shots)

        desk.get(f"{server.url}/teacher?key={server.key}")
        counted["teacher"] = audit(desk, "teacher-home", shots)
        for label, path in (("teacher-class", "/teacher/class/1"),
                            ("teacher-results", f"/teacher/challenge/{challenge_id}"),
                            ("teacher-cards", f"/teacher/challenge/{challenge_id}/cards"),
                            ("teacher-game", f"/teacher/game/{game_id}"),
                            ("projector", f"/teacher/game/{game_id}/projector")):
            desk.get(server.url + path)
            counted[label] = audit(desk, label, shots)
        desk.get(f"{server.url}/teacher/class/1")
        desk.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(SAMPLES / "france_rhineland_1936.yaml"))
        desk.find_element(By.XPATH, "//button[normalize-space()='Upload']").click()
        wait_for(desk, lambda d: "Upload" in d.title)
        counted["upload"] = audit(desk, "teacher-upload", shots)
    finally:
        student.quit()
        desk.quit()
    # The checks above had something to check: forms, the map, the decision's options.
    assert counted["decision"]["controls"] >= 3 and counted["decision"]["images"] >= 1
    assert counted["classgame"]["images"] >= 1 and counted["teacher-class"]["controls"] >= 5
