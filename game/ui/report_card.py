"""Printable pictures for challenges, drawn with pygame on headless surfaces.

render_report_card(result, challenge, path)  one A4 page (150 dpi): name, challenge, score,
                                             objectives, the path beside history
render_class_chart(rows, challenge, path)    a class's scores and endings (``grade --plot``)

Called lazily from the terminal mode and the grading command, so nothing outside game/ui
imports pygame.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

PAGE = (1240, 1754)  # A4 at 150 dpi
PAPER = (255, 255, 255)
INK = (25, 25, 30)
MUTED = (105, 105, 115)
RULE = (200, 198, 190)
SHADE = (244, 242, 236)
GOOD = (36, 128, 66)
BAD = (180, 40, 40)
ENDING_COLOURS = [(38, 98, 172), (214, 96, 38), (46, 150, 84), (150, 60, 160), (190, 160, 20),
                  (30, 160, 170), (200, 50, 80), (110, 110, 110)]

_fonts: dict[tuple[int, bool], pygame.font.Font] = {}


def _font(size: int, bold: bool = False) -> pygame.font.Font:
    if not pygame.font.get_init():
        pygame.font.init()
    key = (size, bold)
    if key not in _fonts:
        font = pygame.font.Font(None, size)
        font.set_bold(bold)
        _fonts[key] = font
    return _fonts[key]


def _text(surface, text: str, pos, size: int = 26, colour=INK, bold: bool = False,
          anchor: str = "topleft") -> pygame.Rect:
    image = _font(size, bold).render(text, True, colour)
    rect = image.get_rect(**{anchor: (int(pos[0]), int(pos[1]))})
    surface.blit(image, rect)
    return rect


def _wrap(text: str, size: int, width: int, bold: bool = False) -> list[str]:
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if _font(size, bold).size(trial)[0] > width and line:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def _paragraph(surface, text: str, x: int, y: int, width: int, size: int = 26, colour=INK,
               bold: bool = False, max_lines: int | None = None) -> int:
    """Draw wrapped text; return the y below it."""
    lines = _wrap(text, size, width, bold)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1] + " ..."
    step = int(size * 0.95)
    for line in lines:
        _text(surface, line, (x, y), size, colour, bold)
        y += step
    return y


def _option_text(spec, event_id: str, power: str, option_id: str | None) -> str:
    if option_id is None:
        return "-"
    try:
        options = spec.event(event_id).options[power]
    except (KeyError, ValueError, AttributeError):
        return option_id
    return next((o.text for o in options if o.id == option_id), option_id)


def _event_title(spec, event_id: str) -> str:
    try:
        return spec.event(event_id).title
    except (KeyError, ValueError, AttributeError):
        return event_id


def _save(surface: pygame.Surface, path: str | Path) -> Path:
    path = Path(path)
    pygame.image.save(surface, str(path))
    return path


# --------------------------------------------------------------------- report card
def draw_report_card(result: dict, challenge) -> pygame.Surface:
    spec = challenge.spec
    page = pygame.Surface(PAGE)
    page.fill(PAPER)
    margin, width = 90, PAGE[0] - 180
    x, y = margin, 80
    _text(page, "COLLECTIVE SECURITY  -  CHALLENGE REPORT CARD", (x, y), 26, MUTED, bold=True)
    y += 40
    y = _paragraph(page, challenge.title, x, y, width, 56, bold=True)
    _text(page, f"set by {challenge.author}   |   scenario: {spec.title}", (x, y + 4), 26, MUTED)
    y += 50
    pygame.draw.line(page, RULE, (x, y), (x + width, y), 2)
    y += 24

    # Name and score.
    _text(page, "Student", (x, y), 24, MUTED)
    _text(page, str(result.get("student", "?")), (x, y + 26), 52, bold=True)
    saved = str(result.get("saved", ""))[:10]
    powers = ", ".join(spec.power_name(p) for p in result.get("powers", challenge.powers))
    _text(page, f"played {powers}" + (f" on {saved}" if saved else ""), (x, y + 74), 26, MUTED)
    passed = bool(result.get("passed"))
    box = pygame.Rect(x + width - 380, y - 6, 380, 120)
    pygame.draw.rect(page, SHADE, box, border_radius=10)
    pygame.draw.rect(page, GOOD if passed else BAD, box, 4, border_radius=10)
    _text(page, f"{result.get('score', 0):g} / {result.get('max_score', challenge.max_score):g}",
          (box.centerx, box.top + 12), 64, INK, True, "midtop")
    _text(page, ("PASSED" if passed else "NOT PASSED") + f"  (pass mark {challenge.pass_mark:g})",
          (box.centerx, box.bottom - 14), 28, GOOD if passed else BAD, True, "midbottom")
    y += 140

    # Ending.
    ending = result.get("ending") or {}
    _text(page, "Ending", (x, y), 24, MUTED)
    title = ending.get("title", "-") if isinstance(ending, dict) else "-"
    date = ending.get("date", "") if isinstance(ending, dict) else ""
    y = _paragraph(page, f"{title}" + (f"  ({date})" if date else ""), x, y + 26, width, 34, bold=True) + 14

    # Objectives.
    _text(page, "Objectives", (x, y), 24, MUTED)
    y += 30
    for objective in result.get("objectives", []):
        met = bool(objective.get("met"))
        mark = pygame.Rect(x, y + 2, 24, 24)
        pygame.draw.rect(page, GOOD if met else BAD, mark, 3, border_radius=4)
        if met:
            pygame.draw.lines(page, GOOD, False, [(x + 5, y + 14), (x + 11, y + 21), (x + 20, y + 6)], 4)
        else:
            pygame.draw.line(page, BAD, (x + 6, y + 8), (x + 18, y + 20), 3)
            pygame.draw.line(page, BAD, (x + 18, y + 8), (x + 6, y + 20), 3)
        points = f"{objective.get('points', 0) if met else 0:g} / {objective.get('points', 0):g}"
        _text(page, points, (x + width, y + 2), 28, INK, True, "topright")
        checked = objective.get("checked", "end")
        note = "at the end" if checked == "end" else f"on {checked}"
        required = ", required" if objective.get("required") else ""
        y = _paragraph(page, f"{objective.get('text', objective.get('id'))}  ({note}{required})",
                       x + 40, y + 2, width - 170, 28, max_lines=2) + 10
    y += 8
    pygame.draw.line(page, RULE, (x, y), (x + width, y), 2)
    y += 20

    # The path beside history.
    _text(page, "Your path beside history", (x, y), 24, MUTED)
    y += 32
    col = [x, x + 150, x + 530, x + 820]
    for c, head in zip(col, ("date", "decision", "your choice", "history")):
        _text(page, head, (c, y), 22, MUTED, True)
    y += 28
    choices = result.get("choices", [])
    bottom = PAGE[1] - 150
    for i, c in enumerate(choices):
        if y > bottom - 60:
            _text(page, f"... and {len(choices) - i} more decision(s)", (x, y), 24, MUTED)
            y += 30
            break
        event, power = c.get("event", "?"), c.get("power", "?")
        same = c.get("historical") == c.get("option")
        cells = [
            (col[0], 140, [str(c.get("date", ""))], INK, False),
            (col[1], 360, _wrap(_event_title(spec, event), 24, 360)[:2], INK, False),
            (col[2], 270, _wrap(_option_text(spec, event, power, c.get("option")), 24, 270, True)[:3],
             GOOD if same else INK, True),
            (col[3], width - 740, _wrap("same as history" if same else
                                        _option_text(spec, event, power, c.get("historical")), 24,
                                        width - 740)[:3], MUTED, False),
        ]
        quote = _wrap(f"\u201c{c['justification']}\u201d", 22, width - 160)[:2] if c.get("justification") else []
        height = max(len(cell[2]) for cell in cells) * 23 + len(quote) * 21
        if i % 2 == 0:
            pygame.draw.rect(page, SHADE, (x - 8, y - 5, width + 16, height + 10))
        for cx, _, lines, colour, bold in cells:
            for k, line in enumerate(lines):
                _text(page, line, (cx, y + 23 * k), 24, colour, bold)
        qy = y + max(len(cell[2]) for cell in cells) * 23
        for k, line in enumerate(quote):
            _text(page, line, (col[1], qy + 21 * k), 22, MUTED)
        y += height + 12
    if not choices:
        _text(page, "(no decisions)", (x, y), 24, MUTED)

    # Footer: what a teacher needs to verify it.
    fy = PAGE[1] - 110
    pygame.draw.line(page, RULE, (x, fy), (x + width, fy), 2)
    chain = result.get("chain") or [""]
    footer = (f"challenge {result.get('challenge', {}).get('id', '?')} sha256 "
              f"{str(result.get('challenge', {}).get('sha256', ''))[:16]}   scenario sha256 "
              f"{str(result.get('scenario', {}).get('sha256', ''))[:16]}   seed {result.get('seed')}   "
              f"chain {str(chain[-1])[:16]}")
    _text(page, footer, (x, fy + 14), 20, MUTED)
    _text(page, "Verify with: python -m game grade RESULT.json --challenge CHALLENGE.yaml",
          (x, fy + 40), 20, MUTED)
    return page


def render_report_card(result: dict, challenge, path: str | Path) -> Path:
    """Write the report card PNG for a result; return its path."""
    return _save(draw_report_card(result, challenge), path)


# ---------------------------------------------------------------------- class chart
def draw_class_chart(rows: Sequence, challenge, size: tuple[int, int] = (1400, 860)) -> pygame.Surface:
    """Left: each student's score (bar colour = ending; pass mark dashed; unverified outlined
    in red and labelled). Right: how many games ended each way."""
    surface = pygame.Surface(size)
    surface.fill(PAPER)
    w, h = size
    _text(surface, f"{challenge.title}: scores and endings across the class", (40, 28), 36, INK, True)
    graded = [r for r in rows if not getattr(r, "unreadable", None)]
    unreadable = len(rows) - len(graded)
    summary = (f"{len(graded)} result(s), {sum(1 for r in graded if r.verified)} verified, "
               f"{sum(1 for r in graded if r.passed)} passed" + (f", {unreadable} unreadable" if unreadable else ""))
    _text(surface, summary, (40, 66), 26, MUTED)
    endings = [e.id for e in challenge.spec.endings]
    titles = {e.id: e.title for e in challenge.spec.endings}
    colour = {e: ENDING_COLOURS[i % len(ENDING_COLOURS)] for i, e in enumerate(endings)}

    # Scores panel.
    panel = pygame.Rect(90, 140, int(w * 0.62) - 90, h - 290)
    top_score = max(challenge.max_score, 1e-9)
    for k in range(5):
        value = top_score * k / 4
        yy = panel.bottom - panel.height * k / 4
        pygame.draw.line(surface, RULE, (panel.left, yy), (panel.right, yy), 1)
        _text(surface, f"{value:g}", (panel.left - 10, yy), 22, MUTED, anchor="midright")
    ordered = sorted(graded, key=lambda r: (-(r.score or 0), r.student))
    n = max(len(ordered), 1)
    slot = panel.width / n
    bar = max(6, min(60, slot * 0.7))
    for i, r in enumerate(ordered):
        cx = panel.left + slot * (i + 0.5)
        height = panel.height * (r.score or 0) / top_score
        rect = pygame.Rect(int(cx - bar / 2), int(panel.bottom - height), int(bar), max(int(height), 2))
        pygame.draw.rect(surface, colour.get(r.ending, (160, 160, 160)), rect)
        if not r.verified:
            pygame.draw.rect(surface, BAD, rect.inflate(6, 6), 3)
            _text(surface, "not verified", (cx, rect.top - 8), 18, BAD, anchor="midbottom")
        label = _font(20).render((r.student or "?")[:18], True, INK)
        label = pygame.transform.rotate(label, 50)
        surface.blit(label, label.get_rect(topright=(int(cx + 6), panel.bottom + 6)))
    pass_y = panel.bottom - panel.height * challenge.pass_mark / top_score
    for xx in range(panel.left, panel.right, 16):
        pygame.draw.line(surface, GOOD, (xx, pass_y), (min(xx + 8, panel.right), pass_y), 3)
    _text(surface, f"pass mark {challenge.pass_mark:g}", (panel.right, pass_y - 4), 22, GOOD, anchor="bottomright")
    _text(surface, "score (bar colour = ending, as on the right; red outline = not verified)",
          (panel.left, panel.top - 26), 22, MUTED)
    pygame.draw.line(surface, INK, panel.bottomleft, panel.bottomright, 2)
    pygame.draw.line(surface, INK, panel.topleft, panel.bottomleft, 2)

    # Endings panel.
    right = pygame.Rect(int(w * 0.66), 120, int(w * 0.34) - 40, h - 200)
    _text(surface, "Endings reached", right.topleft, 28, INK, True)
    counts = {e: sum(1 for r in graded if r.ending == e) for e in endings}
    shown = [e for e in endings if counts[e]] or endings[:1]
    most = max([counts[e] for e in shown] + [1])
    yy = right.top + 50
    for e in shown:
        _text(surface, titles[e][:40], (right.left, yy), 24)
        length = (right.width - 60) * counts[e] / most
        pygame.draw.rect(surface, colour[e], (right.left, yy + 24, max(int(length), 2), 26))
        _text(surface, str(counts[e]), (right.left + length + 8, yy + 24), 26, INK, True)
        yy += 70
    return surface


def render_class_chart(rows: Sequence, challenge, path: str | Path) -> Path:
    return _save(draw_class_chart(rows, challenge), path)
