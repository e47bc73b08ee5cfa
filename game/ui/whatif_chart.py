"""Draw what-if results as a chart with pygame (used by ``whatif --plot`` and the window).

Three panels, readable without the text report: the endings (share of worlds with 95%
intervals, one bar per run), general war by month (one line per run) and each power's
stance over time (mean line, band of +- one standard deviation; one small panel per run).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from ..engine.dates import from_day, iso  # noqa: E402
from .style import Style, paper_style  # noqa: E402

POWER_FALLBACK = [(70, 70, 70), (30, 90, 200), (200, 40, 40), (40, 140, 60), (150, 100, 30),
                  (120, 60, 160), (20, 150, 160), (210, 130, 20), (100, 100, 100)]


def _hex(colour: str, index: int) -> tuple[int, int, int]:
    try:
        c = pygame.Color(colour)
        if (c.r, c.g, c.b) != (136, 136, 136):  # the scenario default grey: pick a distinct colour
            return c.r, c.g, c.b
    except (ValueError, TypeError):
        pass
    return POWER_FALLBACK[index % len(POWER_FALLBACK)]


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%" if x >= 0.095 or x == 0 else f"{100 * x:.1f}%"


# ------------------------------------------------------------------------ panels
def draw_endings(surface: pygame.Surface, rect: pygame.Rect, results: Sequence, labels: Sequence[str],
                 style: Style) -> None:
    """Horizontal bars: for each ending, one bar per run with its 95% interval."""
    spec = results[0].plan.spec
    style.blit(surface, style.fit("How the worlds end (share of worlds, 95% interval)", 22, rect.w), rect.topleft, 22)
    rows = [r.endings() for r in results]
    shown = [i for i in range(len(spec.endings)) if any(rs[i].count for rs in rows)] or [0]
    hidden = len(spec.endings) - len(shown)
    top = rect.top + style.step(22) + 4
    bottom = rect.bottom - style.step(15) - (style.step(15) if hidden else 2)
    label_w = min(int(rect.width * 0.38), max(style.width(spec.endings[i].title, 17) for i in shown) + 10)
    plot_left, plot_right = rect.left + label_w, rect.right - 48
    span = plot_right - plot_left
    group = (bottom - top) / len(shown)
    bar = max(3.0, min(18.0, (group - 6) / len(results)))
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = plot_left + span * tick
        pygame.draw.line(surface, style.grid, (x, top), (x, bottom), 1)
        style.blit(surface, f"{tick:.0%}", (x, bottom + 1), 15, style.muted, anchor="midtop")
    for g, i in enumerate(shown):
        y0 = top + g * group
        title = spec.endings[i].title
        size = 17 if group >= style.step(17) else 14  # many endings in a short panel: smaller labels
        fit = max(1, min(2, int(group // style.step(size))))
        for n, line in enumerate(style.wrap_lines(title, size, label_w - 8, fit)):
            style.blit(surface, line, (rect.left, y0 + 3 + n * style.step(size)), size)
        for k, rs in enumerate(rows):
            row = rs[i]
            y = y0 + 3 + k * bar
            colour = style.series_colour(k)
            width = span * row.share
            pygame.draw.rect(surface, colour, pygame.Rect(plot_left, y, max(1, int(width)), int(bar) - 1))
            cy = y + (bar - 1) / 2
            x_lo, x_hi = plot_left + span * row.low, plot_left + span * row.high
            pygame.draw.line(surface, style.ink, (x_lo, cy), (x_hi, cy), 1)
            pygame.draw.line(surface, style.ink, (x_lo, cy - 3), (x_lo, cy + 3), 1)
            pygame.draw.line(surface, style.ink, (x_hi, cy - 3), (x_hi, cy + 3), 1)
            if bar >= 9:
                style.blit(surface, _pct(row.share), (x_hi + 4, cy), 15, style.ink, anchor="midleft")
    if hidden:
        style.blit(surface, f"{hidden} other ending{'s' if hidden > 1 else ''}: reached in no world",
                   (rect.left, rect.bottom - style.step(15)), 15, style.muted)


def _month_axis(surface, style: Style, months: Sequence[int], left: float, right: float, y: float,
                size: int = 15) -> None:
    n = len(months)
    for m, day in enumerate(months):
        date = from_day(int(day))
        x = left + (right - left) * (m / max(1, n - 1))
        if date.month == 1 or m == 0:
            pygame.draw.line(surface, style.muted, (x, y), (x, y + 4), 1)
            style.blit(surface, str(date.year) if m else iso(int(day))[:7], (x, y + 5), size, style.muted,
                       anchor="midtop" if m else "topleft")


def draw_war(surface: pygame.Surface, rect: pygame.Rect, results: Sequence, labels: Sequence[str],
             style: Style) -> None:
    """Lines: share of worlds in general war by the end of each month, one per run."""
    war = results[0].plan.war
    style.blit(surface, style.fit("General war by each month (share of worlds)", 22, rect.w), rect.topleft, 22)
    style.blit(surface, f"general war = {war}" if war else "no definition of general war (use --war)",
          (rect.left, rect.top + style.step(22)), 15, style.muted)
    left, right = rect.left + style.width("100%", 15) + 8, rect.right - 10
    top, bottom = rect.top + style.step(22) + style.step(15) + 4, rect.bottom - style.step(15) - 6
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        y = bottom - (bottom - top) * tick
        pygame.draw.line(surface, style.grid, (left, y), (right, y), 1)
        style.blit(surface, f"{tick:.0%}", (left - 4, y), 15, style.muted, anchor="midright")
    months = results[0].months
    _month_axis(surface, style, months, left, right, bottom)
    if war is None:
        return
    n = len(months)
    for k, result in enumerate(results):
        share = result.war_share()
        points = [(left + (right - left) * (m / max(1, n - 1)), bottom - (bottom - top) * share[m])
                  for m in range(n)]
        colour = style.series_colour(k)
        if len(points) > 1:
            pygame.draw.lines(surface, colour, False, points, 3)
        style.blit(surface, _pct(share[-1]), (points[-1][0] - 2, points[-1][1] - 3 - style.step(15) * k), 15, colour,
                   anchor="bottomright")


def _power_colours(spec) -> list[tuple[int, int, int]]:
    return [_hex(p.color, i) for i, p in enumerate(spec.powers)]


def _row_colours(result) -> list[tuple[int, int, int]]:
    """One colour per row of the followed series: the powers' colours, or one for a global."""
    series = result.series
    if series is not None and series.kind == "global":
        return [_hex("#404040", 0)]
    return _power_colours(result.plan.spec)


def draw_attribute_legend(surface: pygame.Surface, pos: tuple[int, int], result, style: Style) -> None:
    """The section heading for the attribute panels, with one colour key per row."""
    plan = result.plan
    series = result.series
    whose = "of each power" if series is None or series.kind == "attribute" else "(a global)"
    rect = style.blit(surface, f"{plan.attribute.capitalize()} {whose} by month "
                      "(line: mean over worlds; band: ±1 standard deviation)", pos, 22)
    x = rect.right + 20
    for name, colour in zip(series.rows if series else (), _row_colours(result)):
        pygame.draw.rect(surface, colour, pygame.Rect(x, rect.top + 3, 11, 11))
        x = style.blit(surface, name, (x + 15, rect.top + 1), 17, colour).right + 12


def draw_attribute(surface: pygame.Surface, rect: pygame.Rect, result, label: str, style: Style,
                   label_colour=None) -> None:
    """Mean of the followed attribute (per power) or global over time, with a +-1 sd band."""
    series = result.series
    if label:
        style.blit(surface, label, rect.topleft, 19, label_colour)
    left, right, top, bottom = rect.left + 38, rect.right - 8, rect.top + (22 if label else 6), rect.bottom - 20
    lo, hi = series.low, series.high

    def y_of(v: float) -> float:
        return bottom - (bottom - top) * ((v - lo) / (hi - lo) if hi > lo else 0.5)
    for tick in (lo, (lo + hi) / 2, hi):
        y = y_of(tick)
        pygame.draw.line(surface, style.grid, (left, y), (right, y), 1)
        label = f"{tick:+g}" if lo < 0 and tick else f"{tick:g}"
        style.blit(surface, label, (left - 4, y), 15, style.muted, anchor="midright")
    months = result.months
    n = len(months)
    _month_axis(surface, style, months, left, right, bottom)
    mean, sd = result.attr_mean(), result.attr_sd()
    xs = [left + (right - left) * (m / max(1, n - 1)) for m in range(n)]
    band = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    colours = _row_colours(result)
    for p in range(len(series.rows)):
        upper = [(x, y_of(min(hi, mean[p, m] + sd[p, m]))) for m, x in enumerate(xs)]
        lower = [(x, y_of(max(lo, mean[p, m] - sd[p, m]))) for m, x in enumerate(xs)]
        if n > 1:
            pygame.draw.polygon(band, (*colours[p], 36), upper + lower[::-1])
    surface.blit(band, (0, 0))
    for p in range(len(series.rows)):
        if n > 1:
            pygame.draw.lines(surface, colours[p], False, [(x, y_of(mean[p, m])) for m, x in enumerate(xs)], 2)


# ------------------------------------------------------------------------ chart
def draw_chart(surface: pygame.Surface, results: Sequence, subtitle: str = "", style: Style | None = None) -> None:
    """Draw the full chart for one run or several (a --vary comparison) onto ``surface``
    (on paper unless another ``style`` is given)."""
    style = style or paper_style()
    surface.fill(style.background)
    W, H = surface.get_size()
    first = results[0].plan
    labels = [r.plan.label for r in results]
    style.blit(surface, f"What if? {first.spec.title}", (24, 16), 32)
    info = f"{first.worlds:,} worlds per run, seed {first.seed}"
    fixed = {k: v for k, v in first.settings.items() if len(results) == 1 or not labels[0].startswith(k + "=")}
    if fixed:
        info += "; " + ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in sorted(fixed.items()))
    style.blit(surface, info, (24, 48), 19, style.muted)
    y = 66
    if subtitle:
        for line in style.wrap(subtitle, 17, W - 48)[:2]:
            style.blit(surface, line, (24, y), 17, style.muted)
            y += style.step(17)
    if len(results) > 1 or labels[0]:
        x = 24
        y += 4
        for k, label in enumerate(labels):
            colour = style.series_colour(k)
            pygame.draw.rect(surface, colour, pygame.Rect(x, y + 2, 14, 14))
            x = style.blit(surface, label or "result", (x + 20, y), 20, style.ink).right + 24
        y += 20
    top = y + 12
    note = ("A model's frequencies under the stated assumptions, not historical probabilities. "
            "Bars: share of worlds; whiskers: 95% Wilson interval.")
    attr_runs = results if first.attribute else []
    lower_h = (240 if len(attr_runs) <= 2 else 200) if attr_runs else 0
    rows_attr = (len(attr_runs) + 1) // 2 if len(attr_runs) > 1 else len(attr_runs)
    upper_bottom = H - 34 - rows_attr * lower_h - (52 if rows_attr else 0)
    half = (W - 72) // 2
    draw_endings(surface, pygame.Rect(24, top, half, upper_bottom - top), results, labels, style)
    draw_war(surface, pygame.Rect(48 + half, top, half, upper_bottom - top), results, labels, style)
    if attr_runs:
        draw_attribute_legend(surface, (24, upper_bottom + 26), attr_runs[0], style)
        columns = 1 if len(attr_runs) == 1 else 2
        width = (W - 48 - (columns - 1) * 24) // columns
        for k, result in enumerate(attr_runs):
            row, col = divmod(k, columns)
            rect = pygame.Rect(24 + col * (width + 24), upper_bottom + 52 + row * lower_h, width, lower_h - 14)
            several = len(results) > 1
            draw_attribute(surface, rect, result, labels[k] if several else "", style,
                           style.series_colour(k) if several else style.ink)
    style.blit(surface, note, (24, H - 24), 16, style.muted)


def chart_size(results: Sequence) -> tuple[int, int]:
    runs = len(results) if results[0].plan.attribute else 0
    rows = (runs + 1) // 2 if runs > 1 else runs
    return 1400, 560 + rows * (240 if runs <= 2 else 200)


def save_chart(results: Sequence, path: str, subtitle: str = "") -> None:
    """Write the chart as a PNG (headless: no window is opened)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    surface = pygame.Surface(chart_size(results))
    draw_chart(surface, results, subtitle)
    import io

    from ..fileio import write_atomic

    buffer = io.BytesIO()  # written atomically: a full disk leaves no 0-byte chart
    pygame.image.save(surface, buffer, "chart.png")
    write_atomic(path, buffer.getvalue())
