"""Replay history in the window: the historical choices unfold turn by turn on the same map,
card and timeline, with play / pause / step and the reasons one key (W) away."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from ...engine import HISTORY, Game, Observer
from ...transcript import long_date
from .. import scenarios
from ..text import Block
from ..widgets.event_card import consequence_blocks
from ..widgets.timeline_strip import Mark
from .base import HANDLED, Result, Scene
from .board import Board


@dataclass
class Frame:
    turns: int  # how many turns have happened
    date: int
    snapshot: dict


class _Frames(Observer):
    """Engine observer: the world before the first event, then after every turn."""

    def __init__(self) -> None:
        self.frames: list[Frame] = []

    def on_start(self, game: Game) -> None:
        self.frames.append(Frame(0, game.date, game.snapshot()))

    def after_event(self, game: Game, event) -> None:
        if len(game.turns) > self.frames[-1].turns:
            self.frames.append(Frame(len(game.turns), game.date, game.snapshot()))


def history_frames(spec, settings: dict | None = None, seed: int = 0) -> tuple[Game, list[Frame]]:
    recorder = _Frames()
    game = Game(spec, settings=settings or {}, seed=seed, default_controller=HISTORY,
                observers=[recorder], historical_chance=True).run()
    return game, recorder.frames


class ReplayScene(Scene):
    title = "Replay"

    def __init__(self, ctx, scenario: str | None = None) -> None:
        super().__init__(ctx)
        choices = [(p, s) for p, s, _ in scenarios.available(scenario or ctx.scenario) if s is not None]
        self.spec = choices[0][1] if choices else None
        self.board = Board(ctx, self.doc("table"))
        self.doc("card")
        self.game: Game | None = None
        self.frames: list[Frame] = []
        if self.spec is not None:
            self.game, self.frames = history_frames(self.spec)
        self.step = 0
        self.playing = False
        self.clock = 0.0
        self.why = False

    @property
    def last(self) -> int:
        return len(self.frames) - 1

    def build(self) -> None:
        layout = self.board.relayout()
        self.docs["card"].set_rect(layout.card)
        x, y, w, h = layout.toolbar
        items = [("prev", "Back (Left)"), ("play", "Pause (Space)" if self.playing else "Play (Space)"),
                 ("next", "Next (Right)"), ("why", "Why? (W)"),
                 ("table", "Map (T)" if self.board.show_table else "Table (T)"),
                 ("menu", "Menu (Esc)")]
        bw = (w - (len(items) - 1) * 6) // len(items)
        for i, (key, text) in enumerate(items):
            self.button(key, text, (x + i * (bw + 6), y, bw, h), style="@center_button")
        self.refresh()

    def focus_order(self) -> list:
        from ..focus import ButtonItem

        items = [ButtonItem(b, k) for k, b in self.buttons.by_key.items()]
        return items + self.docs["card"].focus_items("card:")

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        if self.focus.current is None:
            self.focus.focus_key("play")

    def refresh(self) -> None:
        if self.spec is None or self.game is None:
            self.docs["card"].set_blocks([Block("title", "No scenario to replay")])
            return
        frame = self.frames[self.step]
        spec, game = self.spec, self.game
        self.board.set_world(spec, frame.snapshot)
        fired = [t.event for t in game.turns[:frame.turns]]
        current = fired[-1] if fired else None
        later = {t.event for t in game.turns[frame.turns:]}
        marks = []
        for event in spec.events:
            state = ("current" if event.id == current else "past" if event.id in fired else
                     "coming" if event.id in later or event.date > frame.date else "skipped")
            marks.append(Mark(event.id, event.title, event.date, state))
        self.board.set_marks(spec, tuple(marks))
        self.board.set_header(f"History · {spec.title}", frame.date, frame.turns,
                              f"Turn {frame.turns} of {self.last}" + ("  (playing)" if self.playing else ""))
        if self.step == 0:
            blocks = [Block("small", long_date(spec.start).upper()), Block("title", spec.title),
                      Block("text", spec.summary or ""), Block("gap", height=6),
                      Block("text", "Press Space to play history, or Right to go one turn at a time."),
                      Block("option", "Next turn", id="next", hint="Right arrow")]
        else:
            turn = game.turns[frame.turns - 1]
            event = spec.event(turn.event)
            blocks = [Block("small", f"TURN {turn.turn} · {long_date(turn.date).upper()}"), Block("title", event.title)]
            if turn.text:  # the briefing as it read when the turn opened
                blocks.append(Block("text", turn.text))
            blocks += consequence_blocks(spec, [turn], [], self.why, "What happened", "")[1:]
            ending = game.ending() if self.step == self.last else None
            if ending is not None:
                blocks += [Block("rule"), Block("heading", f"Ending: {ending.title}"), Block("text", ending.text)]
        self.docs["card"].set_blocks(blocks)
        play = self.buttons.by_key.get("play")
        if play is not None:
            play.set_text("Pause (Space)" if self.playing else "Play (Space)")

    def go(self, step: int) -> None:
        self.step = max(0, min(self.last, step))
        if self.step == self.last:
            self.playing = False
        self.clock = 0.0
        self.refresh()

    def on_doc(self, doc: str, item: str) -> Result:
        if item == "why":
            self.why = not self.why
            self.refresh()
        elif item in ("next", "continue"):
            if self.step >= self.last:
                return self.back()
            self.go(self.step + 1)
        return None

    def on_button(self, key: str) -> Result:
        if key == "prev":
            self.go(self.step - 1)
        elif key == "next":
            self.go(self.step + 1)
        elif key == "play":
            self.toggle_play()
        elif key == "why":
            self.why = not self.why
            self.refresh()
        elif key == "table":
            self.board.toggle_table()
            self.rebuild()
        elif key == "menu":
            return self.back()
        return None

    def toggle_play(self) -> None:
        if not self.playing and self.step >= self.last:
            self.step = 0
        self.playing = not self.playing
        self.clock = 0.0
        self.refresh()

    def on_key(self, event: pygame.event.Event) -> Result:
        key = event.key
        actions = {pygame.K_RIGHT: lambda: self.go(self.step + 1), pygame.K_LEFT: lambda: self.go(self.step - 1),
                   pygame.K_HOME: lambda: self.go(0), pygame.K_END: lambda: self.go(self.last),
                   pygame.K_SPACE: self.toggle_play, pygame.K_w: lambda: self.on_button("why"),
                   pygame.K_t: lambda: self.on_button("table")}
        if key in actions:
            actions[key]()
            return HANDLED
        return None

    def update(self, dt: float) -> Result:
        if self.playing:
            self.clock += dt
            if self.clock >= self.ctx.prefs.replay_seconds:
                self.go(self.step + 1)
        return None

    def back(self) -> Result:
        return self.ctx.open_scene("title")

    def scroll_doc(self):
        return self.docs["card"]

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        return self.board.tooltip_at(pos)

    def draw(self, surface: pygame.Surface) -> None:
        self.board.draw(surface)
        self.docs["card"].draw(surface)
