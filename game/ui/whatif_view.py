"""The window's "What if?" view: at an open decision, run worlds for every option and compare.

    scene = open_scene(game, back=decision_scene)      # starts the runs at once
    # each frame:  for e in events: nxt = scene.process_event(e)
    #              nxt = nxt or scene.update(dt); scene.draw(surface)
    # a returned scene (``back``) means the view has closed.

For each legal option of the open decision it runs 2,000 worlds (by default) from the
current state (see :mod:`game.whatif.branch`) on a worker thread, in chunks of 250, and
draws a progress bar, then the ending distributions side by side with 95% intervals and
the share of worlds in general war by each month. Esc, Backspace or the Cancel button stop
the run and close the view; the window keeps drawing throughout.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Iterator

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from ..whatif.branch import DEFAULT_WORLDS, BackgroundRuns, option_plans  # noqa: E402
from . import whatif_chart  # noqa: E402
from .text import TextCache  # noqa: E402
from .theme import colour  # noqa: E402
from .whatif_chart import draw_endings, draw_war  # noqa: E402

from .screen_text import (  # noqa: E402
    ACCENT, BACKGROUND, BAD, BORDER, BUTTON, BUTTON_BORDER, BUTTON_HOVER, INK, MUTED, PANEL, use,
)
from .screen_text import cache as _cache  # noqa: E402
from .screen_text import font as _font  # noqa: E402
from .screen_text import px as _px  # noqa: E402
from .screen_text import scaled as _step  # noqa: E402
from .screen_text import text as _house_text  # noqa: E402
from .screen_text import wrap as _wrap  # noqa: E402

# whatif_chart stays light for printed PNGs; while this view draws its panels, the chart is
# lent the dark palette and the house font.
GRID = colour("panel_border")
TRACK = colour("unfilled_bar")
# Run colours that read on the dark panels (same order as whatif_chart.RUN_COLOURS).
RUN_COLOURS = [(104, 162, 232), (240, 134, 76), (98, 196, 126), (196, 128, 216), (228, 196, 72),
               (74, 196, 206), (238, 104, 136), (170, 170, 178)]


def _text(surface: pygame.Surface, text: str, pos, size: int = 20, colour=INK,
          anchor: str = "topleft") -> pygame.Rect:
    """The house text call in whatif_chart's signature (anchor is its sixth argument)."""
    return _house_text(surface, text, pos, size, colour, anchor=anchor)


@contextmanager
def _house_chart() -> Iterator[None]:
    """Lend whatif_chart the dark palette and house font while this view draws (restored after)."""
    names = ("INK", "MUTED", "GRID", "RUN_COLOURS", "_font", "_text", "_wrap")
    saved = {name: getattr(whatif_chart, name) for name in names}
    lent = {"INK": INK, "MUTED": MUTED, "GRID": GRID, "RUN_COLOURS": RUN_COLOURS,
            "_font": _font, "_text": _text, "_wrap": _wrap}
    try:
        for name, value in lent.items():
            setattr(whatif_chart, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(whatif_chart, name, value)


class WhatIfScene:
    """A self-contained scene; it does not own the display or the main loop."""

    def __init__(self, game, back: Any = None, worlds: int = DEFAULT_WORLDS) -> None:
        self.game = game
        self.back = back
        self.decision = game.decision()
        self.options = option_plans(game, worlds)
        self.runs = BackgroundRuns([o.plan for o in self.options]).start()
        self.closed = False
        self._button = pygame.Rect(0, 0, 0, 0)
        self._hover = False
        # The app's text cache (font-size preference) when opened from the window; otherwise
        # this screen's own, made now so its fonts belong to the running pygame session.
        self._text: TextCache = TextCache(1.0)

    # ------------------------------------------------------------------ loop API
    def process_event(self, event: pygame.event.Event) -> Any:
        """Handle one pygame event; returns ``back`` when the view closes."""
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE, pygame.K_w):
            return self.close()
        if event.type == pygame.MOUSEMOTION:
            self._hover = self._button.collidepoint(event.pos)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self._button.collidepoint(event.pos):
            return self.close()
        return None

    handle_event = process_event

    def update(self, dt: float = 0.0) -> Any:
        return self.back if self.closed else None

    def close(self) -> Any:
        """Cancel any run in progress (it stops at the next chunk) and go back."""
        self.runs.cancel()
        self.closed = True
        return self.back

    # --------------------------------------------------------------------- draw
    def draw(self, surface: pygame.Surface) -> None:
        use(self._text)
        surface.fill(BACKGROUND)
        W, H = surface.get_size()
        margin = 28
        if self.decision is None:
            surface.blit(_cache().render("What if? There is no open decision.", _px(30), INK, bold=True),
                         (margin, margin))
            self._draw_button(surface, "Back", W, H)
            return
        event, power = self.decision.event, self.decision.power
        surface.blit(_cache().render(f"What if? {event.title}", _px(32), INK, bold=True), (margin, 18))
        worlds = self.options[0].plan.worlds if self.options else 0
        sub = (f"{self.game.spec.power_name(power)}'s options, {worlds:,} worlds each, from the current "
               "state: your choices so far are replayed, chance and the AI are sampled in every world.")
        y = 18 + max(34, _cache().line_height(_px(32), True) - 4)
        for line in _wrap(sub, 19, W - 2 * margin):
            _text(surface, line, (margin, y), 19, MUTED)
            y += _step(17)
        y += 6
        x = margin
        for k, option in enumerate(self.options):
            colour = RUN_COLOURS[k % len(RUN_COLOURS)]
            if x > margin and x + 20 + _font(20).size(option.text)[0] > W - margin:
                x, y = margin, y + _step(20)  # would be cut off at the right edge: next row
            pygame.draw.rect(surface, colour, pygame.Rect(x, y + 2, 14, 14))
            x = _text(surface, option.text, (x + 20, y), 20).right + 24
            if x > W - 200:
                x, y = margin, y + _step(20)
        y += _step(30)
        runs = self.runs
        finished = [r for r in runs.results if r is not None]
        if not runs.done or runs.cancelled or runs.error:
            self._draw_progress(surface, pygame.Rect(margin, y, W - 2 * margin, 22))
            y += 40
        if runs.error is not None:
            _text(surface, f"The run failed: {runs.error}", (margin, y), 20, BAD)
        elif runs.done and not runs.cancelled and len(finished) == len(self.options) and finished:
            half = (W - 3 * margin) // 2
            area = pygame.Rect(margin, y, half, H - y - 70)
            war_area = pygame.Rect(2 * margin + half, y, half, H - y - 70)
            for box in (area, war_area):
                frame = box.inflate(20, 16)
                pygame.draw.rect(surface, PANEL, frame, border_radius=6)
                pygame.draw.rect(surface, BORDER, frame, 1, border_radius=6)
            with _house_chart():
                draw_endings(surface, area, finished, [o.text for o in self.options])
                draw_war(surface, war_area, finished, [o.text for o in self.options])
            _text(surface, "A model's frequencies under the game's settings, not historical probabilities.",
                  (margin, H - 30), 17, MUTED)
        self._draw_button(surface, "Back" if runs.done else "Cancel", W, H)

    def _draw_progress(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        runs = self.runs
        pygame.draw.rect(surface, TRACK, rect, border_radius=6)
        filled = rect.copy()
        filled.width = int(rect.width * runs.progress)
        if filled.width:
            pygame.draw.rect(surface, ACCENT, filled, border_radius=6)
        total = sum(o.plan.worlds for o in self.options)
        if runs.cancelled:
            label = "Cancelled"
        else:
            label = f"Running worlds: {int(runs.progress * total):,} of {total:,} ({runs.progress:.0%})"
        _text(surface, label, (rect.left, rect.bottom + 3), 17, MUTED)

    def _draw_button(self, surface: pygame.Surface, label: str, W: int, H: int) -> None:
        size = _font(22).size(label)
        self._button = pygame.Rect(W - size[0] - 60, H - 46, size[0] + 32, 32)
        pygame.draw.rect(surface, BUTTON_HOVER if self._hover else BUTTON, self._button, border_radius=4)
        pygame.draw.rect(surface, ACCENT if self._hover else BUTTON_BORDER, self._button, 2 if self._hover else 1,
                         border_radius=4)
        _text(surface, label, self._button.center, 22, INK, "center")


def open_scene(game, back: Any = None, worlds: int = DEFAULT_WORLDS, **_: Any) -> WhatIfScene:
    """The What-if view for ``game``'s open decision; returns ``back`` when it closes.

    Extra keyword arguments (theme, fonts, ...) are accepted so a scene manager can pass its
    usual context; the window's ``app_context`` gives the text cache (font-size preference).
    """
    scene = WhatIfScene(game, back=back, worlds=worlds)
    text = getattr(_.get("app_context"), "text", None)
    if isinstance(text, TextCache):
        scene._text = text
    return scene
