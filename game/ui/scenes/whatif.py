"""What if? At an open decision, run worlds for every option and compare them side by side.

For each legal option it runs 2,000 worlds (by default) from the current state (see
:mod:`game.whatif.branch`) on a worker thread, in chunks, while the window keeps drawing a
progress bar; then the ending distributions with 95% intervals and the share of worlds in
general war by each month (:mod:`game.ui.whatif_chart`, drawn in the window's style).
Esc, Backspace, W or the Cancel button stop the run and go back.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui

from ...engine.spec import Spec
from ...transcript import long_date
from ...whatif.branch import DEFAULT_WORLDS, BackgroundRuns, option_plans
from ..layout import bar_height, centred_column
from ..style import screen_style
from ..text import Block
from ..theme import colour
from ..whatif_chart import draw_endings, draw_war
from .base import HANDLED, Result, Scene

MARGIN = 20
NOTE = "A model's frequencies under the game's settings, not historical probabilities."


class WhatIfScene(Scene):
    title = "What if?"

    def __init__(self, ctx, game, back_to: Scene, worlds: int = DEFAULT_WORLDS) -> None:
        super().__init__(ctx)
        self.game, self.back_to = game, back_to
        self.decision = game.decision()
        self.options = option_plans(game, worlds)
        self.runs = BackgroundRuns([o.plan for o in self.options]).start()
        self.style = screen_style(ctx.text)
        self.chart_area = pygame.Rect(0, 0, 0, 0)  # where the two chart panels go
        self._chart: pygame.Surface | None = None  # drawn once, when every run has finished
        self._chart_text: set[str] = set()
        self._was_running = True
        self.bar: pygame_gui.elements.UIProgressBar | None = None
        self.status: pygame_gui.elements.UILabel | None = None

    # ------------------------------------------------------------ state
    @property
    def running(self) -> bool:
        return not self.runs.done

    @property
    def finished(self) -> bool:
        """Every option's worlds have run (not cancelled, no error)."""
        runs = self.runs
        return (runs.done and not runs.cancelled and runs.error is None and bool(self.options)
                and all(r is not None for r in runs.results))

    def head_blocks(self) -> list[Block]:
        if self.decision is None:
            return [Block("title", "What if?"), Block("text", "There is no open decision to explore.")]
        spec = self.game.spec
        worlds = self.options[0].plan.worlds if self.options else 0
        blocks = [Block("title", f"What if? {self.decision.event.title}"),
                  Block("small", f"{spec.power_name(self.decision.power)}'s options, {worlds:,} worlds each, from "
                                 "the current state: your choices so far are replayed, chance and the AI are "
                                 "sampled in every world.")]
        for k, option in enumerate(self.options):
            blocks.append(Block("text", f"{k + 1}. {option.text}", bold=True, colour=self.style.series_colour(k)))
        return blocks

    # ------------------------------------------------------------ layout
    def build(self) -> None:
        w, h = self.ctx.size
        scale = self.ctx.prefs.font_scale
        bh = round(40 * max(1.0, scale))
        head = self.doc("head")
        head.set_blocks(self.head_blocks())
        top = head.fit_height((MARGIN, MARGIN, w - 2 * MARGIN, h // 3)).bottom + 12
        self.button("back", "Cancel (Esc)" if self.running else "Back (Esc)",
                    (w - MARGIN - round(200 * max(1.0, scale)), h - MARGIN - bh, round(200 * max(1.0, scale)), bh),
                    style="@center_button", tip="Stop the worlds and go back" if self.running else "Go back")
        self.bar = self.status = None
        if not self.finished:
            line = self.ctx.text.line_height(14) + 8
            self.bar = pygame_gui.elements.UIProgressBar(pygame.Rect(MARGIN, top, w - 2 * MARGIN, round(24 * scale)),
                                                         manager=self.ctx.manager)
            self.status = self.label(self.status_text(), (MARGIN, self.bar.rect.bottom + 4, w - 2 * MARGIN, line),
                                     "@small")
            top = self.status.rect.bottom + 10
        self.chart_area = pygame.Rect(MARGIN, top, w - 2 * MARGIN, h - MARGIN - bh - 12 - top)
        self._chart = None
        self.update(0.0)

    def status_text(self) -> str:
        runs = self.runs
        total = sum(o.plan.worlds for o in self.options)
        if runs.error is not None:
            return f"The run failed: {runs.error}"
        if runs.cancelled:
            return "Cancelled"
        return f"Running worlds: {int(runs.progress * total):,} of {total:,} ({runs.progress:.0%})"

    # ------------------------------------------------------------ events
    def update(self, dt: float) -> Result:
        if self._was_running and not self.running:
            self._was_running = False
            self.rebuild()  # the progress bar goes, the chart comes, Cancel becomes Back
            return None
        if self.bar is not None:
            self.bar.set_current_progress(100 * self.runs.progress)
        if self.status is not None:
            text = self.status_text()
            if text != self.status.text:
                self.status.set_text(text)
        return None

    def on_button(self, key: str) -> Result:
        return self.back()

    def on_key(self, event: pygame.event.Event) -> Result:
        if event.key in (pygame.K_BACKSPACE, pygame.K_w):
            return self.back()
        if event.key in (pygame.K_UP, pygame.K_DOWN):
            return HANDLED  # one button: nothing to move between
        return None

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        self.focus.focus_key("back")

    def back(self) -> Result:
        self.runs.cancel()  # stops at the next chunk
        return self.back_to

    # ------------------------------------------------------------ drawing
    def _draw_chart(self) -> pygame.Surface:
        area = self.chart_area
        surface = pygame.Surface(area.size)
        surface.fill(colour("window_bg"))
        gap = MARGIN
        half = (area.w - gap) // 2
        finished = [r for r in self.runs.results if r is not None]
        labels = [o.text for o in self.options]
        with self.ctx.text.recording() as drawn:
            for k, draw in enumerate((draw_endings, draw_war)):
                frame = pygame.Rect(k * (half + gap), 0, half, area.h)
                pygame.draw.rect(surface, colour("panel_bg"), frame, border_radius=6)
                pygame.draw.rect(surface, colour("panel_border"), frame, 1, border_radius=6)
                draw(surface, frame.inflate(-20, -16), finished, labels, self.style)
        self._chart_text = drawn
        return surface

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        t = self.ctx.text
        w, h = surface.get_size()
        if self.finished and self.chart_area.w > 40 and self.chart_area.h > 40:
            if self._chart is None:
                self._chart = self._draw_chart()
            surface.blit(self._chart, self.chart_area)
            t.seen.update(self._chart_text)
            back = self.buttons.by_key["back"].rect
            t.blit(surface, t.ellipsize(NOTE, 14, back.x - 2 * MARGIN), (MARGIN, back.centery), 14,
                   colour("muted_ink"), anchor="midleft")


def game_at(path, spec, event_id: str, power: str):
    """A game with ``power`` human, history followed up to ``event_id``'s decision; None if
    following history never reaches that decision."""
    from ..session import Session

    game = Session.start(path, humans=[power], spec=spec).game
    while (decision := game.decision()) is not None and decision.event.id != event_id:
        legal = [o for o in decision.options if o.legal]
        if not legal:
            return None
        game.apply(next((o.id for o in legal if o.historical), legal[0].id))
    return game if game.decision() is not None else None


class WhatIfPickScene(Scene):
    """Which decision to explore: the saved game's open decision, or any decision of the
    scenario reached by following history up to it."""

    title = "What if? Choose a decision"

    def __init__(self, ctx, back_to: Scene, save_path=None) -> None:
        super().__init__(ctx)
        from .. import saves, scenarios

        self.back_to = back_to
        self.note = ""
        self.saved_game = None
        if save_path is not None:
            try:
                self.saved_game = saves.load(save_path).session.game
            except saves.SaveError:
                self.saved_game = None
        if self.saved_game is not None and self.saved_game.decision() is None:
            self.saved_game = None
        loaded = [(p, s) for p, s, _ in scenarios.available(ctx.scenario) if s is not None]
        self.path: Path | None = loaded[0][0] if loaded else None
        self.spec: Spec | None = loaded[0][1] if loaded else None
        deciders = self.deciders()
        remembered = [p for p in ctx.prefs.last_powers if p in deciders]
        self.power: str | None = (remembered or deciders or [None])[0]  # whose decisions are listed

    def deciders(self) -> list[str]:
        """The powers with a real choice (two options or more) somewhere in the scenario, in its order."""
        if self.spec is None:
            return []
        found = {p for e in self.spec.events for p in e.deciders if len(e.options.get(p, ())) >= 2}
        return [p.id for p in self.spec.powers if p.id in found]

    def blocks(self) -> list[Block]:
        blocks = [Block("title", "What if? Choose a decision"),
                  Block("small", "Each option of the decision is played out in thousands of worlds, from the "
                                 "moment of the decision, and the endings are compared.")]
        if self.note:
            blocks.append(Block("text", self.note, colour=(240, 190, 110)))
        decision = self.saved_game.decision() if self.saved_game is not None else None
        if self.saved_game is not None and decision is not None:
            spec = self.saved_game.spec
            blocks += [Block("heading", "Your saved game"),
                       Block("option", f"{decision.event.title}: {spec.power_name(decision.power)} decides",
                             id="saved", hint=f"{long_date(self.saved_game.date)}, with your choices so far")]
        if self.spec is None:
            blocks.append(Block("text", "No scenario could be loaded."))
            return blocks
        blocks.append(Block("heading", f"{self.spec.title}: history up to the decision"))
        blocks.append(Block("small", "Whose decision?"))
        for power in self.deciders():
            blocks.append(Block("item", self.spec.power_name(power), id=f"power:{power}",
                                mark="radio-on" if power == self.power else "radio-off"))
        blocks.append(Block("gap", height=6))
        for event in self.spec.events:
            if self.power in event.deciders and len(event.options.get(self.power, ())) >= 2:
                blocks.append(Block("option", f"{event.title}: {self.spec.power_name(self.power)} decides",
                                    id=f"at:{event.id}:{self.power}", hint=long_date(event.date)))
        return blocks

    def build(self) -> None:
        w, h = self.ctx.size
        x, col = centred_column(w)
        bh = bar_height(self.ctx.prefs.font_scale)
        self.doc("list").set_rect((x, 20, col, h - bh - 50))
        self.docs["list"].set_blocks(self.blocks(), keep_scroll=True)
        self.button("back", "Back (Esc)", (x + col - 220, h - bh - 16, 220, bh), style="@center_button")

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        if self.focus.current is None:
            self.focus.move(1)

    def on_doc(self, doc: str, item: str) -> Result:
        if item == "saved":
            return WhatIfScene(self.ctx, self.saved_game, back_to=self)
        if item.startswith("power:"):
            self.power = item.split(":", 1)[1]
            self.docs["list"].set_blocks(self.blocks(), keep_scroll=True)
            self.refresh_focus(f"list:{item}")
            return None
        _, event_id, power = item.split(":")
        game = game_at(self.path, self.spec, event_id, power) if self.spec is not None else None
        if game is None:
            self.note = "Following history, this decision is never reached. Choose another."
            self.rebuild()
            return None
        return WhatIfScene(self.ctx, game, back_to=self)

    def on_button(self, key: str) -> Result:
        return self.back()

    def back(self) -> Result:
        return self.back_to
