"""Palette and fonts for pictures drawn with plain pygame calls: charts and report cards.

A :class:`Style` is passed to every drawing function, so the same chart can be drawn light
on paper (``paper_style()``: PNG files, printed cards) or dark in the window
(``screen_style(text)``: the house theme and the player's font size). Nothing is stored at
module level: each style carries its own :class:`~game.ui.text.TextCache`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from .text import Colour, TextCache
from .theme import colour

# Chart point sizes were chosen for pygame's default font; Noto Sans (the house font) is
# larger at the same size, so they are mapped to it with this factor.
NOTO = 0.72

PAPER_SERIES: tuple[Colour, ...] = ((38, 98, 172), (214, 96, 38), (46, 150, 84), (150, 60, 160), (190, 160, 20),
                                    (30, 160, 170), (200, 50, 80), (100, 100, 100))
# The same hues, lighter, so they read on the window's dark panels.
SCREEN_SERIES: tuple[Colour, ...] = ((104, 162, 232), (240, 134, 76), (98, 196, 126), (196, 128, 216),
                                     (228, 196, 72), (74, 196, 206), (238, 104, 136), (170, 170, 178))


@dataclass(frozen=True)
class Style:
    text: TextCache
    background: Colour
    ink: Colour
    muted: Colour
    grid: Colour  # grid lines and rules
    shade: Colour  # alternate rows, boxes
    good: Colour
    bad: Colour
    series: tuple[Colour, ...]  # one colour per run / ending, in order

    def series_colour(self, index: int) -> Colour:
        return self.series[index % len(self.series)]

    def px(self, size: int) -> int:
        return max(9, round(size * NOTO))

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        return self.text.font(self.px(size), bold)

    def width(self, text: str, size: int, bold: bool = False) -> int:
        return self.font(size, bold).size(text)[0]

    def step(self, size: int) -> int:
        """Line spacing for ``size`` (follows the font-size preference)."""
        return self.text.line_height(self.px(size))

    def blit(self, surface: pygame.Surface, text: str, pos: tuple[float, float], size: int = 20,
             colour: Colour | None = None, bold: bool = False, anchor: str = "topleft") -> pygame.Rect:
        image = self.text.render(text, self.px(size), colour or self.ink, bold)
        rect = image.get_rect(**{anchor: (int(pos[0]), int(pos[1]))})
        surface.blit(image, rect)
        return rect

    def fit(self, text: str, size: int, width: int, bold: bool = False) -> str:
        """``text`` shortened with an ellipsis to fit ``width`` pixels."""
        return self.text.ellipsize(text, self.px(size), width, bold)

    def wrap_lines(self, text: str, size: int, width: int, limit: int) -> list[str]:
        """At most ``limit`` wrapped lines; the last is shortened with an ellipsis if text remains."""
        lines = self.wrap(text, size, width)
        if len(lines) <= limit:
            return lines
        return lines[:limit - 1] + [self.fit(" ".join(lines[limit - 1:]), size, width)]

    def wrap(self, text: str, size: int, width: int, bold: bool = False) -> list[str]:
        """Word-wrap; a newline starts a new line, runs of spaces count as one."""
        lines: list[str] = []
        for paragraph in str(text).split("\n"):
            words = " ".join(paragraph.split())
            lines += self.text.wrap(words, self.px(size), width, bold) if words else [""]
        return lines


def paper_style(text: TextCache | None = None) -> Style:
    """Dark ink on white, for PNG files (charts, report cards)."""
    return Style(text or TextCache(1.0), background=(255, 255, 255), ink=(25, 25, 30), muted=(105, 105, 115),
                 grid=(210, 208, 200), shade=(244, 242, 236), good=(36, 128, 66), bad=(180, 40, 40),
                 series=PAPER_SERIES)


def screen_style(text: TextCache) -> Style:
    """The window's theme: light ink on dark panels, at the player's font size."""
    return Style(text, background=colour("panel_bg"), ink=colour("ink"), muted=colour("muted_ink"),
                 grid=colour("panel_border"), shade=colour("panel_alt_bg"), good=(124, 204, 142),
                 bad=(240, 124, 112), series=SCREEN_SERIES)
