"""Playing a challenge on the game board: map, timeline, the event card with the open
decision or everything that happened since the last one (with the rules and sources one key
away), and the challenge's objectives under the map, right at every moment.

The attempt is a :class:`game.challenges.run.ChallengeRun`, the object terminal play drives
too, so both enforce the same rules and compute the same score. When the challenge asks
why, choosing an option opens a text box under the card; its messages (word count, what
is missing) sit right under the box.
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui

from ...challenges.run import ChallengeRun, ObjectiveStatus
from ...engine import IllegalChoice
from ...transcript import long_date
from ..focus import ButtonItem, Focusable
from ..layout import PAD, challenge_layout
from ..text import Block
from ..theme import Colour, colour
from ..widgets.event_card import consequence_blocks, decision_blocks
from ..widgets.timeline_strip import marks_for
from .base import HANDLED, Result, Scene
from .board import Board

GOOD: Colour = (124, 204, 142)
BAD: Colour = (240, 124, 112)
WAIT: Colour = (236, 178, 92)
NOTE: Colour = (240, 190, 110)


def points(n: float) -> str:
    return f"{n:g} point" + ("" if n == 1 else "s")


def status_text(status: ObjectiveStatus) -> tuple[str, Colour]:
    """What an objective's state is now, in words, and its colour.

    Before it is decided an objective is described by what holds *now* (never "not yet",
    which reads as a promise): a condition that has just been broken shows as not holding.
    """
    if status.final:
        return ("achieved", GOOD) if status.met else ("failed", BAD)
    return ("holds now", GOOD) if status.met else ("does not hold now", WAIT)


def objective_blocks(run: ChallengeRun) -> list[Block]:
    challenge = run.challenge
    score = run.score()
    blocks = [Block("heading", f"Objectives (pass mark {challenge.pass_mark:g} of {challenge.max_score:g})")]
    for status in run.statuses():
        objective = status.objective
        word, tint = status_text(status)
        when = "checked at the end" if objective.at is None else f"checked on {long_date(objective.at)}"
        required = ", required" if objective.required else ""
        blocks.append(Block("text", f"{objective.text}: {word}", bold=True, colour=tint))
        blocks.append(Block("small", f"{points(objective.points)}, {when}{required}"))
    blocks.append(Block("small", f"Points decided so far: {score.points:g} of {score.max_points:g}"))
    return blocks


class EntryItem:
    """A pygame_gui text box in the focus ring: focusing it gives it the keyboard."""

    def __init__(self, key: str, entry: pygame_gui.elements.UITextEntryBox) -> None:
        self.key, self.entry = key, entry

    def rect(self) -> pygame.Rect | None:
        return self.entry.rect if self.entry.visible else None

    def activate(self) -> Result:
        self.entry.focus()
        return None

    def set_focused(self, on: bool) -> None:
        if on:
            self.entry.focus()
        else:
            self.entry.unfocus()


class ChallengePlayScene(Scene):
    title = "Challenge"

    def __init__(self, ctx, run: ChallengeRun, back_to: Any, note: str = "") -> None:
        """``back_to`` is the briefing: it opens the result and go-back screens."""
        super().__init__(ctx)
        self.run, self.back_to = run, back_to
        self.board = Board(ctx, self.doc("table"))
        self.doc("card")
        self.doc("objectives")
        self.why = False
        self.hints = False
        self.note = note
        self.error = ""  # shown on the card
        self.pending: str | None = None  # the option waiting for its justification
        self.typed = ""  # the justification typed so far (kept across rebuilds)
        self.entry: pygame_gui.elements.UITextEntryBox | None = None
        self._focus_entry = False
        game = run.game
        if game.turns and not run.choices:
            self.mode, self.turns, self.heading = "after", list(game.turns), "Before you take over"
        else:
            self.mode, self.turns, self.heading = "decide", [], ""
        self.shown = len(game.turns)

    @property
    def challenge(self):
        return self.run.challenge

    # ------------------------------------------------------------ content
    def hint_texts(self) -> list[str]:
        decision = self.run.decision()
        return self.run.hints_for(decision.event.id if decision else None)

    def card_blocks(self) -> list[Block]:
        spec, run = self.challenge.spec, self.run
        notes = [Block("text", n, colour=NOTE) for n in (self.note, self.error) if n]
        decision = run.decision()
        if self.mode == "after" or decision is None:
            return notes + consequence_blocks(spec, self.turns, list(self.challenge.powers), self.why,
                                              self.heading or "What followed", "")
        blocks = decision_blocks(spec, run.game.date, decision, hot_seat=False)
        for block in blocks:
            if block.id == f"opt:{self.pending}":
                block.highlight = True
        if self.hints:
            hints = self.hint_texts() or ["There is no hint for this decision."]
            blocks[3:3] = [Block("text", f"Hint: {h}", colour=colour("accent")) for h in hints]
        return notes + blocks

    def prompt_text(self) -> str:
        need = f" (at least {self.challenge.min_words} words)" if self.challenge.min_words else ""
        return f"Why this choice?{need}"

    def entry_message(self) -> tuple[str, Colour]:
        """The line under the justification box: the word count, or what is wrong."""
        if self.error:
            return self.error, BAD
        words = len(self.typed.split())
        need = self.challenge.min_words
        if need and words < need:
            return f"{words} of at least {need} words", WAIT
        return f"{words} word{'s' if words != 1 else ''}", colour("muted_ink")

    def continue_text(self) -> str | None:
        if self.mode == "after" or self.run.decision() is None:
            return "See your result (Enter)" if self.run.is_over() else "Continue to your next decision (Enter)"
        return None

    # ------------------------------------------------------------ layout
    def build(self) -> None:
        scale = self.ctx.prefs.font_scale
        layout = challenge_layout(*self.ctx.size, scale)
        self.board.relayout(layout)
        x, y, w, h = layout.card
        bh = layout.toolbar[3]
        bottom = y + h
        label = self.continue_text()
        if label is not None:
            self.button("continue", label, (x, bottom - bh, w, bh), style="@center_button")
            bottom -= bh + PAD
        self.entry = None
        for name in ("prompt", "message"):
            if name in self.docs:
                self.docs[name].set_rect((0, 0, 0, 0))
        if self.pending is not None:
            bottom = self._build_justification(x, w, bottom, bh)
        self.docs["card"].set_rect((x, y, w, bottom - y))
        self.docs["objectives"].set_rect(layout.objectives)
        self._build_toolbar(*layout.toolbar)
        self.refresh()

    def _build_justification(self, x: int, w: int, bottom: int, bh: int) -> int:
        """Prompt, text box, its message and Cancel / Confirm, stacked up from ``bottom``."""
        t = self.ctx.text
        half = (w - PAD) // 2
        self.button("confirm", "Confirm (Enter)", (x + half + PAD, bottom - bh, w - half - PAD, bh),
                    style="@center_button")
        self.button("cancel", "Cancel (Esc)", (x, bottom - bh, half, bh), style="@center_button")
        bottom -= bh + 4
        message = self.doc("message")
        message.background = None
        text, tint = self.entry_message()
        message.set_blocks([Block("small", text, colour=tint)])
        message_h = message.fit_height((x, 0, w, 3 * t.line_height(14) + 2 * message.pad)).h
        message.set_rect((x, bottom - message_h, w, message_h))
        bottom -= message_h + 2
        box_h = max(round(64 * self.ctx.prefs.font_scale), 2 * t.line_height(16) + 20)
        self.entry = pygame_gui.elements.UITextEntryBox(pygame.Rect(x, bottom - box_h, w, box_h), "",
                                                        manager=self.ctx.manager)
        if self.typed:
            self.entry.set_text(self.typed)  # with the cursor at the end
        bottom -= box_h + 2
        prompt = self.doc("prompt")
        prompt.background = None
        prompt.set_blocks([Block("text", self.prompt_text(), bold=True)])
        prompt_h = prompt.fit_height((x, 0, w, 2 * t.line_height(16, True) + 2 * prompt.pad)).h
        prompt.set_rect((x, bottom - prompt_h, w, prompt_h))
        return bottom - prompt_h - PAD

    def _build_toolbar(self, x: int, y: int, w: int, h: int) -> None:
        items = [("table", "Map (T)" if self.board.show_table else "Table (T)",
                  "Switch between the map and a table of the same facts"),
                 ("why", "Why? (W)", "Show or hide the rules and sources behind each consequence"),
                 ("hint", "Hint (H)", "Show or hide the teacher's hint for this decision"),
                 ("rewind", "Go back (R)", "Take an earlier decision again (if the challenge allows it)"),
                 ("briefing", "Briefing (Esc)", "Back to the briefing; your attempt is kept")]
        bw = (w - (len(items) - 1) * 8) // len(items)
        for i, (key, text, tip) in enumerate(items):
            button = self.button(key, text, (x + i * (bw + 8), y, bw, h), style="@center_button", tip=tip)
            if (key == "rewind" and not self.run.can_rewind()) or (key == "hint" and not self.hint_texts()) \
                    or (key == "hint" and self.mode != "decide"):
                button.disable()

    def refresh(self) -> None:
        game, spec = self.run.game, self.challenge.spec
        self.board.set_world(spec, game.snapshot())
        self.board.set_marks(spec, marks_for(game))
        powers = ", ".join(spec.power_name(p) for p in self.challenge.powers)
        self.board.set_header(self.challenge.title, game.date, len(self.run.choices) + 1, f"Playing: {powers}")
        card = self.docs["card"]
        card.set_blocks(self.card_blocks(), keep_scroll=self.mode == "after")
        if self.pending is not None:
            card.scroll_to(f"opt:{self.pending}")  # the option being justified stays in view
        self.docs["objectives"].set_blocks(objective_blocks(self.run), keep_scroll=True)
        self.refresh_focus()

    def focus_order(self) -> list[Focusable]:
        items: list[Focusable] = list(self.docs["card"].focus_items("card:"))
        if self.entry is not None:
            items.append(EntryItem("entry", self.entry))
        if self.board.show_table:
            items += self.docs["table"].focus_items("table:")
        return items + [ButtonItem(b, k) for k, b in self.buttons.by_key.items()]

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        if self.focus.current is None:
            if "continue" in self.buttons.by_key:
                self.focus.focus_key("continue")
            else:
                options = [i for i in self.docs["card"].clickable_ids() if i.startswith("opt:")]
                if options:
                    self.focus.focus_key(f"card:{options[0]}")

    def scroll_doc(self):
        return self.docs["card"]

    # ------------------------------------------------------------ acting
    def choose(self, option_id: str) -> Result:
        decision = self.run.decision()
        if decision is None:
            return None
        view = next((v for v in decision.options if v.id == option_id), None)
        if view is None:
            return None
        if not view.legal:
            self.error = f"Not possible: {view.reason}"
            self.refresh()
            return None
        self.error = ""
        if self.challenge.justification:
            self.pending = option_id
            self._focus_entry = True  # next frame, so the key that chose is not typed into the box
            self.rebuild()
            return None
        return self.apply(option_id, "")

    def apply(self, option_id: str, justification: str) -> Result:
        try:
            self.run.apply(option_id, justification)
        except IllegalChoice as exc:
            self.error = exc.reason[:1].upper() + exc.reason[1:] + "."
            self.rebuild()
            return None
        self.error = self.note = ""
        self.pending, self.typed = None, ""
        game = self.run.game
        self.turns, self.shown = list(game.turns[self.shown:]), len(game.turns)
        self.heading = "What followed"
        self.mode = "after" if self.turns or game.is_over() else "decide"
        self.focus.set_items([])
        self.rebuild()
        return None

    def confirm(self) -> Result:
        if self.pending is None:
            return None
        if self.entry is not None:
            self.typed = self.entry.get_text().rstrip("\n")  # the box has already taken the Enter
        return self.apply(self.pending, " ".join(self.typed.split()))

    def cancel(self) -> None:
        self.pending, self.error = None, ""
        if self.entry is not None:
            self.typed = self.entry.get_text()
        self.focus.set_items([])
        self.rebuild()

    def advance(self) -> Result:
        if self.run.is_over():
            return self.back_to.open_result(self.run)  # the briefing scene knows the result screen
        self.mode, self.turns, self.note = "decide", [], ""
        self.focus.set_items([])
        self.rebuild()
        return None

    # ------------------------------------------------------------ events
    def on_doc(self, doc: str, item: str) -> Result:
        if doc != "card":
            return None
        if item.startswith("opt:") and self.mode == "decide":
            return self.choose(item[4:])
        if item == "why":
            self.toggle_why()
        return None

    def toggle_why(self) -> None:
        self.why = not self.why
        self.docs["card"].set_blocks(self.card_blocks(), keep_scroll=True)

    def on_button(self, key: str) -> Result:
        if key == "continue":
            return self.advance()
        if key == "confirm":
            return self.confirm()
        if key == "cancel":
            self.cancel()
        elif key == "table":
            self.board.toggle_table()
            self.rebuild()
        elif key == "why":
            self.toggle_why()
        elif key == "hint":
            self.hints = not self.hints
            self.docs["card"].set_blocks(self.card_blocks(), keep_scroll=True)
        elif key == "rewind" and self.run.can_rewind():
            return self.back_to.open_rewind(self.run, self)
        elif key == "briefing":
            return self.back()
        return None

    def typing(self) -> bool:
        return self.entry is not None and self.entry.is_focused

    def on_key(self, event: pygame.event.Event) -> Result:
        key = event.key
        if self.typing():
            if key in (pygame.K_RETURN, pygame.K_KP_ENTER) and not event.mod & pygame.KMOD_SHIFT:
                return self.confirm() or HANDLED
            if key == pygame.K_ESCAPE:
                self.cancel()
                return HANDLED
            if key == pygame.K_TAB:
                return None  # the focus ring moves on
            return HANDLED  # the box took the key
        if key == pygame.K_ESCAPE and self.pending is not None:
            self.cancel()
            return HANDLED
        decision = self.run.decision()
        if self.mode == "decide" and decision is not None and pygame.K_1 <= key <= pygame.K_9:
            index = key - pygame.K_1
            if index < len(decision.options):
                return self.choose(decision.options[index].id) or HANDLED
            return HANDLED
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER) and "continue" in self.buttons.by_key \
                and not (self.focus.current and self.focus.current.key != "continue"):
            return self.advance() or HANDLED
        shortcuts = {pygame.K_w: "why", pygame.K_t: "table", pygame.K_h: "hint", pygame.K_r: "rewind"}
        if key in shortcuts:
            button = self.buttons.by_key.get(shortcuts[key])
            if button is not None and button.is_enabled:
                return self.on_button(shortcuts[key]) or HANDLED
            return HANDLED
        return None

    def handle(self, event: pygame.event.Event) -> Result:
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.entry:
            self.typed = self.entry.get_text()
            self.error = ""
            text, tint = self.entry_message()
            self.docs["message"].set_blocks([Block("small", text, colour=tint)])
            return None
        return super().handle(event)

    def update(self, dt: float) -> Result:
        if self._focus_entry and self.entry is not None:
            self._focus_entry = False
            self.focus.focus_key("entry")
        return None

    def back(self) -> Result:
        return self.back_to

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        return self.board.tooltip_at(pos)

    def draw(self, surface: pygame.Surface) -> None:
        self.board.draw(surface)
        for name in ("card", "objectives", "prompt", "message"):
            doc = self.docs.get(name)
            if doc is not None and doc.rect.w > 1 and (name in ("card", "objectives") or self.entry is not None):
                doc.draw(surface)
