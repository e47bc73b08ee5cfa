"""Printable pictures for challenges, drawn with pygame on headless surfaces.

render_report_card(result, challenge, path)  one A4 page (150 dpi): name, challenge, score,
                                             objectives, the path beside history
render_class_chart(rows, challenge, path)    a class's scores and endings (``grade --plot``)
render_cards(rows, challenge, folder)        ``grade --cards``: a card per student and one PDF of them all

Called lazily from the terminal mode and the grading command, so nothing outside game/ui
imports pygame.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from .style import Style, paper_style  # noqa: E402

PAGE = (1240, 1754)  # A4 at 150 dpi


def _paragraph(surface, style: Style, text: str, x: int, y: int, width: int, size: int = 26, colour=None,
               bold: bool = False, max_lines: int | None = None) -> int:
    """Draw wrapped text; return the y below it."""
    lines = style.wrap(text, size, width, bold)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1] + " ..."
    step = int(size * 0.95)
    for line in lines:
        style.blit(surface, line, (x, y), size, colour, bold)
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
    """Write the PNG atomically: complete or not at all (raises OSError)."""
    import io

    from ..fileio import write_atomic

    buffer = io.BytesIO()
    pygame.image.save(surface, buffer, "card.png")
    return write_atomic(Path(path), buffer.getvalue())


# --------------------------------------------------------------------- report card
MARGIN = 90
# The path table's columns (x from the margin, width): date, decision, your choice, history.
# They end at the right margin (PAGE width - 2 x MARGIN = 1060).
PATH_COLUMNS = ((0, 130), (140, 300), (450, 300), (760, 300))


def path_cells(choice: dict, spec, style: Style) -> list[tuple[list[str], tuple[int, int, int], bool]]:
    """One row of the path table: (wrapped lines, colour, bold) per column. Lines are wrapped at
    words and never cut, so a long option is printed whole."""
    event, power = choice.get("event", "?"), choice.get("power", "?")
    same = choice.get("historical") == choice.get("option")
    history = "same as history" if same else _option_text(spec, event, power, choice.get("historical"))
    return [
        ([str(choice.get("date", ""))], style.ink, False),
        (style.wrap(_event_title(spec, event), 24, PATH_COLUMNS[1][1]), style.ink, False),
        (style.wrap(_option_text(spec, event, power, choice.get("option")), 24, PATH_COLUMNS[2][1], True),
         style.good if same else style.ink, True),
        (style.wrap(history, 24, PATH_COLUMNS[3][1]), style.muted, False),
    ]


def draw_report_card(result: dict, challenge, style: Style | None = None, verdict: str = "") -> pygame.Surface:
    """One student's page; ``verdict`` (from grading) is printed under the score when the result
    is not verified, so a printed card never passes for a checked one."""
    style = style or paper_style()
    spec = challenge.spec
    page = pygame.Surface(PAGE)
    page.fill(style.background)
    margin, width = MARGIN, PAGE[0] - 2 * MARGIN
    x, y = margin, 80
    style.blit(page, "COLLECTIVE SECURITY  -  CHALLENGE REPORT CARD", (x, y), 26, style.muted, bold=True)
    y += 40
    y = _paragraph(page, style, challenge.title, x, y, width, 56, bold=True)
    style.blit(page, f"set by {challenge.author}   |   scenario: {spec.title}", (x, y + 4), 26, style.muted)
    y += 50
    pygame.draw.line(page, style.grid, (x, y), (x + width, y), 2)
    y += 24

    # Name and score.
    style.blit(page, "Student", (x, y), 24, style.muted)
    style.blit(page, str(result.get("student", "?")), (x, y + 26), 52, bold=True)
    saved = str(result.get("saved", ""))[:10]
    powers = ", ".join(spec.power_name(p) for p in result.get("powers", challenge.powers))
    style.blit(page, f"played {powers}" + (f" on {saved}" if saved else ""), (x, y + 74), 26, style.muted)
    passed = bool(result.get("passed"))
    box = pygame.Rect(x + width - 380, y - 6, 380, 120)
    pygame.draw.rect(page, style.shade, box, border_radius=10)
    pygame.draw.rect(page, style.good if passed else style.bad, box, 4, border_radius=10)
    style.blit(page, f"{result.get('score', 0):g} / {result.get('max_score', challenge.max_score):g}",
          (box.centerx, box.top + 12), 64, style.ink, True, "midtop")
    style.blit(page, ("PASSED" if passed else "NOT PASSED") + f"  (pass mark {challenge.pass_mark:g})",
          (box.centerx, box.bottom - 14), 28, style.good if passed else style.bad, True, "midbottom")
    y += 140
    if verdict:
        style.blit(page, verdict, (x, y - 10), 26, style.bad, True)
        y += 30

    # Ending.
    ending = result.get("ending") or {}
    style.blit(page, "Ending", (x, y), 24, style.muted)
    title = ending.get("title", "-") if isinstance(ending, dict) else "-"
    date = ending.get("date", "") if isinstance(ending, dict) else ""
    y = _paragraph(page, style, f"{title}" + (f"  ({date})" if date else ""), x, y + 26, width, 34, bold=True) + 14

    # Objectives.
    style.blit(page, "Objectives", (x, y), 24, style.muted)
    y += 30
    for objective in result.get("objectives", []):
        met = bool(objective.get("met"))
        mark = pygame.Rect(x, y + 2, 24, 24)
        pygame.draw.rect(page, style.good if met else style.bad, mark, 3, border_radius=4)
        if met:
            pygame.draw.lines(page, style.good, False, [(x + 5, y + 14), (x + 11, y + 21), (x + 20, y + 6)], 4)
        else:
            pygame.draw.line(page, style.bad, (x + 6, y + 8), (x + 18, y + 20), 3)
            pygame.draw.line(page, style.bad, (x + 18, y + 8), (x + 6, y + 20), 3)
        points = f"{objective.get('points', 0) if met else 0:g} / {objective.get('points', 0):g}"
        style.blit(page, points, (x + width, y + 2), 28, style.ink, True, "topright")
        checked = objective.get("checked", "end")
        note = "at the end" if checked == "end" else f"on {checked}"
        required = ", required" if objective.get("required") else ""
        y = _paragraph(page, style, f"{objective.get('text', objective.get('id'))}  ({note}{required})",
                       x + 40, y + 2, width - 170, 28, max_lines=2) + 10
    y += 8
    pygame.draw.line(page, style.grid, (x, y), (x + width, y), 2)
    y += 20

    # The path beside history.
    style.blit(page, "Your path beside history", (x, y), 24, style.muted)
    y += 32
    # Four columns that end at the margin; every cell wraps at words and the row grows to fit.
    for c, head in zip(PATH_COLUMNS, ("date", "decision", "your choice", "history")):
        style.blit(page, head, (x + c[0], y), 22, style.muted, True)
    y += 28
    choices = result.get("choices", [])
    bottom = PAGE[1] - 150
    for i, c in enumerate(choices):
        cells = path_cells(c, spec, style)
        quote = style.wrap(f"\u201c{c['justification']}\u201d", 22, width - 140) if c.get("justification") else []
        quote = quote[:6]
        lines = max(len(cell[0]) for cell in cells)
        height = lines * 23 + len(quote) * 21
        if y + height > bottom:
            style.blit(page, f"... and {len(choices) - i} more decision(s)", (x, y), 24, style.muted)
            y += 30
            break
        if i % 2 == 0:
            pygame.draw.rect(page, style.shade, (x - 8, y - 5, width + 16, height + 10))
        for (cx, _), (cell_lines, colour, bold) in zip(PATH_COLUMNS, cells):
            for k, line in enumerate(cell_lines):
                style.blit(page, line, (x + cx, y + 23 * k), 24, colour, bold)
        qy = y + lines * 23
        for k, line in enumerate(quote):
            style.blit(page, line, (x + PATH_COLUMNS[1][0], qy + 21 * k), 22, style.muted)
        y += height + 12
    if not choices:
        style.blit(page, "(no decisions)", (x, y), 24, style.muted)

    # Footer: what a teacher needs to verify it.
    fy = PAGE[1] - 110
    pygame.draw.line(page, style.grid, (x, fy), (x + width, fy), 2)
    chain = result.get("chain") or [""]
    footer = (f"challenge {result.get('challenge', {}).get('id', '?')} sha256 "
              f"{str(result.get('challenge', {}).get('sha256', ''))[:16]}   scenario sha256 "
              f"{str(result.get('scenario', {}).get('sha256', ''))[:16]}   seed {result.get('seed')}   "
              f"chain {str(chain[-1])[:16]}")
    style.blit(page, footer, (x, fy + 14), 20, style.muted)
    style.blit(page, "Verify with: python -m game grade RESULT.json --challenge CHALLENGE.yaml",
          (x, fy + 40), 20, style.muted)
    return page


def render_report_card(result: dict, challenge, path: str | Path, style: Style | None = None,
                       verdict: str = "") -> Path:
    """Write the report card PNG for a result; return its path."""
    return _save(draw_report_card(result, challenge, style, verdict), path)


def render_cards(rows: Sequence, challenge, folder: Path, style: Style | None = None) -> tuple[list[Path], Path]:
    """``grade --cards``: each graded student's card as ``<result file name>.png`` in ``folder``
    and every card in one printable ``<challenge id>-report-cards.pdf`` (unreadable files have
    no card). Returns (the cards, the PDF)."""
    from ..fileio import write_atomic
    from .pdf import pdf_pages

    style = style or paper_style()
    cards, pages = [], []
    for r in rows:
        if r.unreadable or r.result is None:
            continue
        verdict = "" if r.accepted else f"NOT VERIFIED: {r.verdict}" + (f" ({r.why})" if r.why else "")
        page = draw_report_card(_graded_result(r), challenge, style, verdict[:110])
        cards.append(_save(page, folder / f"{Path(r.file).stem}.png"))
        pages.append((page.get_width(), page.get_height(), pygame.image.tobytes(page, "RGB")))
    class_file = write_atomic(folder / f"{challenge.id}-report-cards.pdf", pdf_pages(pages))
    return cards, class_file


def _graded_result(row) -> dict:
    """The result as graded: the score and pass are the re-run's, never the file's claim."""
    result = dict(row.result)
    if row.score is not None:
        result["score"] = row.score
    result["passed"] = bool(row.passed) and row.accepted
    return result


# ---------------------------------------------------------------------- class chart
def chart_summary(rows: Sequence) -> str:
    """The chart's count line: only verified results (not copies) count as passes."""
    unreadable = sum(1 for r in rows if getattr(r, "unreadable", None))
    accepted = [r for r in rows if r.accepted]
    return (f"{len(rows)} result(s), {len(accepted)} verified, {sum(1 for r in accepted if r.passed)} "
            "verified pass(es)" + (f", {unreadable} unreadable" if unreadable else ""))


def chart_bars(rows: Sequence, anonymous: bool = False) -> list[tuple[str, float | None, str, str]]:
    """(label, score or None when unreadable, ending, verdict shown when not verified) for
    every result, zero scores included, highest score first; unreadable files last.
    ``anonymous`` labels them 'student 1, 2 ...' in the order given."""
    labels = {id(r): f"student {n}" for n, r in enumerate(rows, 1)} if anonymous else {}
    bars: list[tuple[str, float | None, str, str]] = []
    for r in rows:
        if getattr(r, "unreadable", None):
            bars.append((labels.get(id(r)) or Path(r.file).name, None, "", "unreadable"))
        else:
            bars.append((labels.get(id(r)) or r.student or "?", float(r.score or 0), r.ending,
                         "" if r.accepted else r.verdict))
    return sorted(bars, key=lambda b: (b[1] is None, -(b[1] or 0), b[0]))


def draw_class_chart(rows: Sequence, challenge, size: tuple[int, int] = (1400, 860),
                     style: Style | None = None, anonymous: bool = False) -> pygame.Surface:
    """Left: every student's score, zero included, with the number above each bar (bar colour =
    ending; pass mark dashed; a result that is not verified outlined in red with its verdict;
    an unreadable file as an empty slot). Right: how many games ended each way. Only verified
    results count as passes. ``anonymous`` writes 'student 1, 2 ...' instead of names."""
    style = style or paper_style()
    surface = pygame.Surface(size)
    surface.fill(style.background)
    w, h = size
    style.blit(surface, f"{challenge.title}: scores and endings across the class", (40, 28), 36, style.ink, True)
    graded = [r for r in rows if not getattr(r, "unreadable", None)]
    summary = chart_summary(rows)
    style.blit(surface, summary, (40, 66), 26, style.muted)
    endings = [e.id for e in challenge.spec.endings]
    titles = {e.id: e.title for e in challenge.spec.endings}
    colour = {e: style.series_colour(i) for i, e in enumerate(endings)}

    # Scores panel.
    panel = pygame.Rect(90, 140, int(w * 0.62) - 90, h - 290)
    top_score = max(challenge.max_score, 1e-9)
    for k in range(5):
        value = top_score * k / 4
        yy = panel.bottom - panel.height * k / 4
        pygame.draw.line(surface, style.grid, (panel.left, yy), (panel.right, yy), 1)
        style.blit(surface, f"{value:g}", (panel.left - 10, yy), 22, style.muted, anchor="midright")
    bars = chart_bars(rows, anonymous)
    n = max(len(bars), 1)
    slot = panel.width / n
    bar = max(6, min(60, slot * 0.7))
    label_size = 20 if n <= 30 else 16
    for i, (name, score, ending, marker) in enumerate(bars):
        cx = panel.left + slot * (i + 0.5)
        if score is None:
            style.blit(surface, "?", (cx, panel.bottom - 4), 22, style.bad, True, "midbottom")
        else:
            height = panel.height * score / top_score
            rect = pygame.Rect(int(cx - bar / 2), int(panel.bottom - height), int(bar), max(int(height), 3))
            pygame.draw.rect(surface, colour.get(ending, (160, 160, 160)), rect)
            if marker:
                pygame.draw.rect(surface, style.bad, rect.inflate(6, 6), 3)
            style.blit(surface, f"{round(score, 2):g}", (cx, rect.top - 4), 18, style.ink, True, "midbottom")
        if marker:
            style.blit(surface, marker, (cx, panel.top + 4 + 18 * (i % 2)), 16, style.bad, anchor="midtop")
        label = style.text.render(name[:18], style.px(label_size), style.ink)
        label = pygame.transform.rotate(label, 50)
        surface.blit(label, label.get_rect(topright=(int(cx + 6), panel.bottom + 6)))
    pass_y = panel.bottom - panel.height * challenge.pass_mark / top_score
    for xx in range(panel.left, panel.right, 16):
        pygame.draw.line(surface, style.good, (xx, pass_y), (min(xx + 8, panel.right), pass_y), 3)
    style.blit(surface, f"pass mark {challenge.pass_mark:g}", (panel.right, pass_y - 4), 22, style.good,
               anchor="bottomright")
    style.blit(surface, "score (bar colour = ending, as on the right; red outline = not verified)",
               (panel.left, panel.top - 26), 22, style.muted)
    pygame.draw.line(surface, style.ink, panel.bottomleft, panel.bottomright, 2)
    pygame.draw.line(surface, style.ink, panel.topleft, panel.bottomleft, 2)

    # Endings panel.
    right = pygame.Rect(int(w * 0.66), 120, int(w * 0.34) - 40, h - 200)
    style.blit(surface, "Endings reached", right.topleft, 28, style.ink, True)
    counts = {e: sum(1 for r in graded if r.ending == e) for e in endings}
    reached = [e for e in endings if counts[e]] or endings[:1]
    most = max([counts[e] for e in reached] + [1])
    yy = right.top + 50
    for e in reached:
        style.blit(surface, titles[e][:40], (right.left, yy), 24)
        length = (right.width - 60) * counts[e] / most
        pygame.draw.rect(surface, colour[e], (right.left, yy + 24, max(int(length), 2), 26))
        style.blit(surface, str(counts[e]), (right.left + length + 8, yy + 24), 26, style.ink, True)
        yy += 70
    return surface


def render_class_chart(rows: Sequence, challenge, path: str | Path, style: Style | None = None,
                       anonymous: bool = False) -> Path:
    return _save(draw_class_chart(rows, challenge, style=style, anonymous=anonymous), path)
