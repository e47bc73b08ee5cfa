"""The main screen: map, date and turn, timeline strip, and the card with the current crisis
(options by click or number key) or, after each decision, what followed and then every
happening up to the next decision, one short card each (Enter: next, S: skip), with the rules
and sources one key (W) away. Autosaves after every turn.

A decision needs its card to have been on screen for a moment (``CARD_SECONDS``): an Enter
pressed twice to leave the previous card never picks an option the player has not seen."""

from __future__ import annotations

import pygame

from ...engine import IllegalChoice
from .. import saves
from ..debrief import goals_now_blocks
from ..happenings import Happenings
from ..text import Block
from ..tour import Tour
from ..widgets.event_card import decision_blocks, handover_blocks
from ..widgets.happening_card import happening_blocks
from ..widgets.timeline_strip import marks_for
from ..widgets.tour_overlay import draw_step
from .base import HANDLED, Choice, Result, Scene
from .board import Board

CARD_SECONDS = 0.35  # a decision card must have been shown this long before a key or click counts


class MainScene(Scene):
    title = "Game"

    def __init__(self, ctx, note: str = "", fresh: bool | None = None, tour: bool = False) -> None:
        super().__init__(ctx)
        self.tour = Tour() if tour else None  # the guided first turn, over the first decision card
        self.session = ctx.session
        self.board = Board(ctx, self.doc("table"))
        self.doc("card")
        self.doc("options")  # a decision's options, docked at the bottom of the card (see place_card)
        self.card_area = pygame.Rect(0, 0, 0, 0)  # the card and its options share this box
        self.why = False
        self.note = note
        self.error = ""
        game = self.session.game
        self.last_power: str | None = None
        if fresh is None:
            fresh = not game.choices
        self.card_age = 0.0  # seconds the current card has been on screen
        self._drawn = False
        if fresh and game.turns:
            self.mode, self.happenings = "after", Happenings(game.turns, "Before your first decision")
        else:
            self.mode, self.happenings = "decide", Happenings([], "")
        self.shown = len(game.turns)
        if self.mode == "decide" and self.hot_seat and game.decision() is not None:
            self.mode = "handover"
        if self.mode == "decide" and game.is_over():
            self.mode, self.happenings = "after", Happenings(game.turns[-1:], "The game is over")
        self._autosave()

    # ------------------------------------------------------------- state
    @property
    def game(self):
        return self.session.game

    @property
    def hot_seat(self) -> bool:
        return len(self.session.humans) > 1

    def _autosave(self) -> None:
        try:
            saves.autosave(self.session)
        except OSError as exc:
            self.error = f"Could not autosave: {exc}"

    @property
    def card_ready(self) -> bool:
        """Whether the decision card has been on screen long enough for a choice to count."""
        return self.card_age >= CARD_SECONDS

    @property
    def touring(self) -> bool:
        """The guided first turn is on screen (over the first decision card)."""
        return self.tour is not None and self.tour.active and self.mode == "decide"

    def tour_target(self) -> pygame.Rect:
        target = self.tour.step.target if self.tour is not None and self.tour.step else "card"
        if target == "card":
            return pygame.Rect(self.card_area)
        if target == "map":
            return self.board.map.rect
        return self.buttons.by_key[target].rect

    def end_tour(self) -> None:
        if self.tour is not None:
            self.tour.skip()
        self.ctx.prefs.tour_done = True  # finished or skipped: not offered again
        self.ctx.save_prefs()
        self.card_age = 0.0  # the card is seen afresh before a choice counts

    def handle(self, event: pygame.event.Event) -> Result:
        if not self.touring:
            return super().handle(event)
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE,
                                                          pygame.K_RIGHT):
            assert self.tour is not None
            self.tour.next()
            if not self.tour.active:
                self.end_tour()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.end_tour()
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            assert self.tour is not None
            self.tour.next()
            if not self.tour.active:
                self.end_tour()
        return None  # nothing else reaches the game while the tour speaks

    def refresh(self) -> None:
        game, spec = self.game, self.session.spec
        decision = game.decision()
        happening = self.happenings.current if self.mode == "after" else None
        # The map and the gauges show the world as of the card: a happening's own date, not now.
        world = self.session.snapshot_after(happening) if happening is not None else game.snapshot()
        self.board.set_world(spec, world, self.session.humans)
        self.board.set_marks(spec, marks_for(game, happening.event if happening else None,
                                             happening.turn if happening else None))
        playing = ", ".join(spec.power_name(p) for p in self.session.humans)
        if happening is not None:  # the header dates the card, not the next decision
            self.board.set_header(spec.title, happening.date, happening.turn, f"Playing: {playing}")
        else:
            self.board.set_header(spec.title, game.date, len(game.turns) + (1 if decision else 0),
                                  f"Playing: {playing}")
        card = self.docs["card"]
        if self.mode == "after":
            blocks = happening_blocks(spec, self.happenings, self.session.humans, self.why)
        elif self.mode == "handover" and decision is not None:
            blocks = handover_blocks(spec, decision.power, game.date, decision.event.title)
        elif decision is not None:
            blocks = decision_blocks(spec, game.date, decision, self.hot_seat)
            blocks += goals_now_blocks(spec, game.state, self.session.goals)  # scrolls with the crisis's text
        else:
            blocks = [Block("title", "The game is over")]
        notes = [Block("text", n, colour=(240, 190, 110)) for n in (self.note, self.error) if n]
        options = [b for b in blocks if b.kind == "option"] if self.mode == "decide" else []
        card.set_blocks(notes + [b for b in blocks if b.kind != "option" or not options])
        self.docs["options"].set_blocks(options)
        self.place_card()
        self.refresh_focus(self._default_focus())

    OPTIONS_SHARE = 0.8  # at most this share of the card's height goes to the docked options

    def place_card(self) -> None:
        """The options of a decision stay in view: docked at the bottom of the card, as tall as
        they need (up to OPTIONS_SHARE of it, scrolling beyond), the crisis's text scrolling above."""
        card, options = self.docs["card"], self.docs["options"]
        area = self.card_area
        if not options.blocks:
            options.set_rect((0, 0, 0, 0))
            card.set_rect(area)
            return
        limit = round(area.h * self.OPTIONS_SHARE)
        fitted = options.fit_height((area.x, area.bottom - limit, area.w, limit))
        options.set_rect((area.x, area.bottom - fitted.h, area.w, fitted.h))
        card.set_rect((area.x, area.y, area.w, area.h - fitted.h - 4))

    def continue_text(self) -> str | None:
        """The fixed button under the card, when the card waits for the player to go on."""
        decision = self.game.decision()
        if self.mode == "after" and not self.happenings.is_last:
            return "Next (Enter)"
        if self.game.is_over():
            return "See the ending (Enter)"
        if self.mode == "handover" and decision is not None:
            return f"I am {self.session.spec.power_name(decision.power)}: show the crisis (Enter)"
        if self.mode == "after":
            return "Continue to the next crisis (Enter)"
        return None

    def set_mode(self, mode: str) -> None:
        if mode == "decide" and self.game.decision() is not None:
            self.ctx.play("crisis")
        self.mode = mode
        self.card_age, self._drawn = 0.0, False
        self.rebuild()
        default = self._default_focus()
        if default:
            self.focus.focus_key(default)

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        default = self._default_focus()
        if self.focus.current is None and default:
            self.focus.focus_key(default)

    def _default_focus(self) -> str | None:
        if "continue" in self.buttons.by_key:
            return "continue"
        options = [i for i in self.docs["options"].clickable_ids() if i.startswith("opt:")]
        return f"options:{options[0]}" if options else None

    # ------------------------------------------------------------ layout
    def build(self) -> None:
        layout = self.board.relayout()
        x, y, w, h = layout.card
        label = self.continue_text()
        if label is not None:
            bh = layout.toolbar[3] + 8
            self.card_area = pygame.Rect(x, y, w, h - bh - 8)
            skip_w = 0
            if self.mode == "after" and not self.happenings.is_last:
                skip_w = max(120, w // 3)
                self.button("skip", "Skip (S)", (x, y + h - bh, skip_w - 8, bh), style="@center_button",
                            tip="Skip the happenings and go to your next decision")
            self.button("continue", label, (x + skip_w, y + h - bh, w - skip_w, bh), style="@center_button")
        else:
            self.card_area = pygame.Rect(layout.card)
        x, y, w, h = layout.toolbar
        items = [("table", "Map (T)" if self.board.show_table else "Table (T)",
                  "Switch between the map and a table of the same facts"),
                 ("why", "Why? (W)", "Show or hide the rules and sources behind each consequence"),
                 ("rewind", "Rewind (R)", "Go back to an earlier decision and choose differently"),
                 ("whatif", "What if? (F)", "Run many worlds for each option of this decision"),
                 ("menu", "Menu (Esc)", "Back to the title menu; the game is saved")]
        bw = (w - (len(items) - 1) * 8) // len(items)
        for i, (key, text, tip) in enumerate(items):
            self.button(key, text, (x + i * (bw + 8), y, bw, h), style="@center_button", tip=tip)
        self.refresh()

    def focus_order(self) -> list:
        items = self.docs["card"].focus_items("card:") + self.docs["options"].focus_items("options:")
        if self.board.show_table:
            items += self.docs["table"].focus_items("table:")
        from ..focus import ButtonItem
        buttons = [ButtonItem(b, k) for k, b in self.buttons.by_key.items()]
        return items + buttons + self.board.gauges.focus_items()

    def scroll_doc(self):
        return self.docs["card"]

    # ------------------------------------------------------------ events
    def on_doc(self, doc: str, item: str) -> Result:
        if doc not in ("card", "options"):
            return None
        if item.startswith("opt:"):
            return Choice(item[4:]) if self.card_ready else None
        if item == "why":
            self.toggle_why()
        elif item == "continue":
            return self.advance()
        return None

    def toggle_why(self) -> None:
        self.why = not self.why
        if self.mode == "after":
            self.refresh()

    def apply_choice(self, choice: Choice) -> Result:
        decision = self.game.decision()
        if decision is None:
            return None
        try:
            self.session.apply(choice.option)
        except IllegalChoice as exc:
            self.error = f"Not possible: {exc.reason}"
            self.refresh()
            return None
        self.error = self.note = ""
        self.last_power = decision.power
        self.ctx.play("decision")
        self._autosave()
        pending = self.game.turns[self.shown:]
        self.shown = len(self.game.turns)
        if not pending and not self.game.is_over():
            self.mode = "decide"
            return self.advance()
        self.happenings = Happenings(pending, "What followed")
        self.set_mode("after")
        return None

    def skip(self) -> Result:
        """Go past the remaining happenings to the next decision (or the ending)."""
        self.happenings.skip()
        return self.advance()

    def advance(self) -> Result:
        game = self.game
        if self.mode == "after" and self.happenings.next():
            self.set_mode("after")
            return None
        if game.is_over():
            self.ctx.play("ending")
            return self.ctx.open_scene("ending")
        decision = game.decision()
        self.note = ""
        if self.mode != "handover" and self.hot_seat and decision is not None and decision.power != self.last_power:
            self.set_mode("handover")
        else:
            self.last_power = decision.power if decision else None
            self.set_mode("decide")
        return None

    def on_button(self, key: str) -> Result:
        if key == "table":
            self.board.toggle_table()
            self.rebuild()
        elif key == "why":
            self.toggle_why()
        elif key == "rewind":
            return self.open_rewind()
        elif key == "menu":
            return self.back()
        elif key == "continue":
            return self.advance()
        elif key == "skip":
            return self.skip()
        elif key == "whatif":
            return self.open_whatif()
        return None

    def open_whatif(self) -> Result:
        if self.mode != "decide" or self.game.decision() is None:
            self.note = "What if? works at an open decision: continue to the next crisis first."
            self.refresh()
            return None
        return self.ctx.open_scene("whatif", game=self.game, back_to=self)

    def open_rewind(self) -> Result:
        return self.ctx.open_scene("rewind", back_to=self)

    def on_key(self, event: pygame.event.Event) -> Result:
        key = event.key
        decision = self.game.decision()
        if self.mode == "decide" and decision is not None and pygame.K_1 <= key <= pygame.K_9:
            index = key - pygame.K_1
            if index < len(decision.options) and self.card_ready:
                option = decision.options[index]
                if option.legal:
                    return Choice(option.id)
                self.error = f"Not possible: {option.reason}"
                self.refresh()
            return HANDLED
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER) and "continue" in self.buttons.by_key:
            return self.advance() or HANDLED
        if key == pygame.K_s and self.mode == "after":
            return self.skip() or HANDLED
        if key == pygame.K_w:
            self.toggle_why()
            return HANDLED
        if key == pygame.K_t:
            self.on_button("table")
            return HANDLED
        if key == pygame.K_r:
            return self.open_rewind()
        if key == pygame.K_f:
            return self.open_whatif() or HANDLED
        if key == pygame.K_F5:
            self.reload()
            return HANDLED
        return None

    def reload(self) -> None:
        """F5: read the scenario file again and replay the choices so far (for authors)."""
        from ..scenarios import load

        lines = self.session.reload()
        load.cache_clear()  # New game must see the file as it is now
        self.ctx.forget_maps()
        self.error = "\n".join(lines[:8]) + (f"\n... and {len(lines) - 8} more" if len(lines) > 8 else "")
        game = self.game
        self.mode, self.pending, self.heading = "decide", [], ""
        if game.is_over():
            self.mode, self.pending, self.heading = "after", list(game.turns[-1:]), "The game is over"
        self.shown = len(game.turns)
        self._autosave()
        self.refresh()

    def back(self) -> Result:
        self._autosave()
        return self.ctx.open_scene("title")

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        return self.board.tooltip_at(pos)

    def draw_over(self, surface: pygame.Surface) -> None:
        super().draw_over(surface)
        self.board.draw_over(surface)
        if self.touring and self.tour is not None and self.tour.step is not None:
            draw_step(surface, self.ctx.text, self.tour_target(), self.tour.step, self.tour.footer())

    def update(self, dt: float) -> Result:
        if self._drawn and not self.touring:
            self.card_age += dt
        return None

    def draw(self, surface: pygame.Surface) -> None:
        self.board.draw(surface)
        self.docs["card"].draw(surface)
        if self.docs["options"].rect.h > 0:
            self.docs["options"].draw(surface)
        self._drawn = True
