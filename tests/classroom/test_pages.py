"""Pages work with a keyboard and a screen reader: every field has a label, landmarks and a
language are declared, headings start at h1, and the colours meet WCAG AA contrast."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from game import resources

from .helpers import SAMPLES, challenge_id_of, join, teacher, upload


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: list[dict] = []
        self.labels: set[str] = set()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.fields.append(a)


def check(html: str) -> None:
    page = Page()
    page.feed(html)
    names = [t for t, _ in page.tags]
    assert ("html", {"lang": "en"}) in [(t, {"lang": a.get("lang")}) for t, a in page.tags if t == "html"]
    assert names.count("main") == 1 and "header" in names and "footer" in names
    headings = [t for t in names if re.fullmatch(r"h[1-6]", t)]
    assert headings and headings[0] == "h1"
    for field in page.fields:
        assert field.get("id") in page.labels or field.get("aria-label"), field


def test_every_page_labels_its_fields_and_declares_its_landmarks(server):
    t = teacher(server.url, server.key)
    r = upload(t, 1, SAMPLES / "france_rhineland_1936.yaml")
    challenge_id = challenge_id_of(r)
    t.get("/teacher/class/1")
    game_id = int(t.post("/teacher/class/1/game", {"scenario": "europe1936", "others": "ai"}).url.path
                  .rsplit("/", 1)[1])
    s = join(server.url, server.codes[0], "Zed")
    check(t.get("/teacher").text)
    for path in ("/me", f"/challenge/{challenge_id}", f"/game/{game_id}"):
        check(s.get(path).text)
    check(s.post(f"/challenge/{challenge_id}/start").text)
    s.post(f"/game/{game_id}/seat", {"power": "France"})
    t.post(f"/teacher/game/{game_id}/start")
    check(s.get(f"/game/{game_id}").text)
    for path in ("/teacher/class/1", f"/teacher/challenge/{challenge_id}", f"/teacher/game/{game_id}",
                 f"/teacher/game/{game_id}/projector"):
        check(t.get(path).text)
    from .helpers import Session

    check(Session(server.url).get("/").text)


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_text_colours_meet_wcag_aa_contrast():
    css = resources.asset("classroom", "static", "style.css").read_text(encoding="utf-8")
    var = dict(re.findall(r"--([a-z]+): (#[0-9a-f]{6})", css))
    pairs = [(var["ink"], var["paper"]), (var["muted"], var["paper"]), (var["muted"], var["card"]),
             ("#ffffff", "#0b4f8a"), ("#0b4f8a", var["paper"]), (var["good"], var["card"]), (var["bad"], var["card"])]
    for ink, background in pairs:
        assert contrast(ink, background) >= 4.5, (ink, background)
