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
from typing import Any

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from ..whatif.branch import DEFAULT_WORLDS, BackgroundRuns, option_plans  # noqa: E402
from .whatif_chart import BACKGROUND, INK, MUTED, RUN_COLOURS, _font, _text, _wrap, draw_endings, draw_war  # noqa: E402

ACCENT = (38, 98, 172)
TRACK = (225, 223, 215)
BUTTON = (235, 233, 226)
BUTTON_HOVER = (220, 218, 208)


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
        surface.fill(BACKGROUND)
        W, H = surface.get_size()
        margin = 28
        if self.decision is None:
            _text(surface, "What if? There is no open decision.", (margin, margin), 30)
            self._draw_button(surface, "Back", W, H)
            return
        event, power = self.decision.event, self.decision.power
        _text(surface, f"What if? {event.title}", (margin, 18), 32)
        worlds = self.options[0].plan.worlds if self.options else 0
        sub = (f"{self.game.spec.power_name(power)}'s options, {worlds:,} worlds each, from the current "
               "state: your choices so far are replayed, chance and the AI are sampled in every world.")
        y = 52
        for line in _wrap(sub, 19, W - 2 * margin):
            _text(surface, line, (margin, y), 19, MUTED)
            y += 17
        y += 6
        x = margin
        for k, option in enumerate(self.options):
            colour = RUN_COLOURS[k % len(RUN_COLOURS)]
            pygame.draw.rect(surface, colour, pygame.Rect(x, y + 2, 14, 14))
            x = _text(surface, option.text, (x + 20, y), 20).right + 24
            if x > W - 200:
                x, y = margin, y + 20
        y += 30
        runs = self.runs
        finished = [r for r in runs.results if r is not None]
        if not runs.done or runs.cancelled or runs.error:
            self._draw_progress(surface, pygame.Rect(margin, y, W - 2 * margin, 22))
            y += 40
        if runs.error is not None:
            _text(surface, f"The run failed: {runs.error}", (margin, y), 20, (180, 40, 40))
        elif runs.done and not runs.cancelled and len(finished) == len(self.options) and finished:
            half = (W - 3 * margin) // 2
            area = pygame.Rect(margin, y, half, H - y - 70)
            draw_endings(surface, area, finished, [o.text for o in self.options])
            draw_war(surface, pygame.Rect(2 * margin + half, y, half, H - y - 70), finished,
                     [o.text for o in self.options])
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
        pygame.draw.rect(surface, BUTTON_HOVER if self._hover else BUTTON, self._button, border_radius=6)
        pygame.draw.rect(surface, MUTED, self._button, 1, border_radius=6)
        _text(surface, label, self._button.center, 22, INK, "center")


def open_scene(game, back: Any = None, worlds: int = DEFAULT_WORLDS, **_: Any) -> WhatIfScene:
    """The What-if view for ``game``'s open decision; returns ``back`` when it closes.

    Extra keyword arguments (theme, fonts, ...) are accepted and ignored so a scene manager
    can pass its usual context.
    """
    return WhatIfScene(game, back=back, worlds=worlds)
