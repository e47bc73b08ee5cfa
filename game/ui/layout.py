"""Where things go, for any window size from 1024x600 up. Plain rectangles, no pygame.

Each function takes the window size (and the font scale where text height matters) and
returns named (x, y, w, h) boxes that never overlap.
"""

from __future__ import annotations

from dataclasses import dataclass

Box = tuple[int, int, int, int]

PAD = 10


def bar_height(scale: float) -> int:
    """Height of a row of buttons and of the top bar: 44 px, taller with larger fonts."""
    return round(44 * max(1.0, scale))


def centred_column(screen_width: int, width: int = 900) -> tuple[int, int]:
    """x and width of a text column at most ``width`` wide, centred, with 30 px margins."""
    col = min(width, screen_width - 60)
    return (screen_width - col) // 2, col


@dataclass(frozen=True)
class MainLayout:
    top_bar: Box
    map: Box
    card: Box
    timeline: Box
    toolbar: Box


def main_layout(width: int, height: int, scale: float = 1.0) -> MainLayout:
    """Top bar; then on the left the map, the toolbar and the timeline strip, and on the right
    the card, the full height of the window: a crisis's options need the height more than the
    strip needs the width (at 1024x600 a card beside a full-width strip hid option 2)."""
    top_h = bar_height(scale)
    tool_h = round(40 * max(1.0, scale))
    timeline_h = max(74, round(56 * scale) + 24)  # two lines of titles above the axis and its years
    card_w = max(400, min(560, round(width * 0.40)))
    body_y = top_h + PAD
    body_h = height - top_h - 2 * PAD
    map_w = width - card_w - 3 * PAD
    map_h = body_h - timeline_h - tool_h - 2 * PAD
    return MainLayout(
        top_bar=(0, 0, width, top_h),
        map=(PAD, body_y, map_w, map_h),
        toolbar=(PAD, body_y + map_h + PAD, map_w, tool_h),
        card=(PAD * 2 + map_w, body_y, card_w, body_h),
        timeline=(PAD, height - timeline_h - PAD, map_w, timeline_h),
    )


@dataclass(frozen=True)
class ChallengeLayout:
    top_bar: Box
    map: Box
    objectives: Box
    card: Box
    timeline: Box
    toolbar: Box


def challenge_layout(width: int, height: int, scale: float = 1.0) -> ChallengeLayout:
    """The main layout with the challenge's objectives under the map (beside the card); on a
    short window (a map box under 480 px: 1024x600, large fonts) under the card instead, so
    that the map keeps the height it has on the main screen."""
    main = main_layout(width, height, scale)
    x, y, w, h = main.map
    objectives_h = max(round(100 * scale), round(h * 0.36))
    if h < 480:
        cx, cy, cw, ch = main.card
        return ChallengeLayout(
            top_bar=main.top_bar,
            map=main.map,
            objectives=(cx, cy + ch - objectives_h, cw, objectives_h),
            card=(cx, cy, cw, ch - objectives_h - PAD),
            timeline=main.timeline,
            toolbar=main.toolbar,
        )
    return ChallengeLayout(
        top_bar=main.top_bar,
        map=(x, y, w, h - objectives_h - PAD),
        objectives=(x, y + h - objectives_h, w, objectives_h),
        card=main.card,
        timeline=main.timeline,
        toolbar=main.toolbar,
    )


def window_geometry(desktop: tuple[int, int], wanted: tuple[int, int],
                    minimum: tuple[int, int]) -> tuple[int, int, int, int]:
    """(x, y, w, h) of a window: the size ``wanted`` (the player's last size), at most 90% of
    the desktop and centred on it, so no part of it is ever off-screen. On a desktop too
    small for ``minimum`` at 90%, the window fills the desktop (the layouts need ``minimum``)."""
    dw, dh = desktop
    w = min(wanted[0], dw * 9 // 10)
    h = min(wanted[1], dh * 9 // 10)
    if w < minimum[0]:
        w = min(minimum[0], dw)
    if h < minimum[1]:
        h = min(minimum[1], dh)
    return (dw - w) // 2, (dh - h) // 2, w, h
