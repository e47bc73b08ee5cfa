"""The window's Challenges screens: list, briefing, play with live objectives, result.

    scene = open_scene(back=title_scene)                       # the Challenges list
    scene = open_scene(back=None, challenge="my.yaml")         # straight to a briefing
    # each frame:  for e in events: nxt = scene.process_event(e)
    #              nxt = nxt or scene.update(dt); scene.draw(surface)
    # a returned scene (``back``) means the screens have closed.

A self-contained scene in the style of :mod:`game.ui.whatif_view`: it draws everything on
the surface it is given and never owns the display or the main loop. The attempt itself is a
:class:`game.challenges.run.ChallengeRun` (the same object terminal play drives), so the
window and the terminal enforce the same constraints and compute the same score.

Keys: Up/Down and Enter in lists, 1-9 to choose an option, Esc to go back, typing in the
justification and name fields (Enter to confirm).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from ..challenges.load import check_challenge, list_challenges  # noqa: E402
from ..challenges.result import build_result, default_filename, save_result  # noqa: E402
from ..challenges.run import ChallengeRun  # noqa: E402
from ..engine import IllegalChoice  # noqa: E402
from ..engine.dates import iso  # noqa: E402
from ..userdirs import ensure, user_challenges_dir, user_output_dir  # noqa: E402

from .text import TextCache  # noqa: E402
from .theme import colour  # noqa: E402

from .screen_text import (  # noqa: E402
    ACCENT, BACKGROUND, BAD, BORDER, BUTTON, BUTTON_BORDER, BUTTON_HOVER, INK, MUTED, PANEL, use,
)
from .screen_text import cache as _cache  # noqa: E402
from .screen_text import font as _font  # noqa: E402
from .screen_text import px as _px  # noqa: E402
from .screen_text import scaled as _s  # noqa: E402
from .screen_text import text as _text  # noqa: E402

PANEL_ALT = colour("panel_alt_bg")
GOOD = (124, 204, 142)
WAIT = (236, 178, 92)
DISABLED = colour("disabled_border")
DISABLED_BG = colour("disabled_bg")
DISABLED_INK = colour("disabled_text")
FIELD = colour("dark_bg")

_opened: list[Path] = []  # files opened with `play --challenge FILE` this session: listed too


def _wrap(text: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Wrap in the house font; a blank line in the text starts a new paragraph."""
    lines: list[str] = []
    paragraphs = [" ".join(part.split()) for part in str(text).strip().split("\n\n")]
    for k, paragraph in enumerate(paragraphs):
        if k:
            lines.append("")
        lines.extend(_cache().wrap(paragraph, _px(size), width, bold))
    return lines


def _para(surface, text: str, x: int, y: int, width: int, size: int = 22, colour=INK,
          bold: bool = False, limit: int | None = None) -> int:
    lines = _wrap(text, size, width, bold)
    if limit is not None and len(lines) > limit:
        lines = lines[:limit]
        lines[-1] += " ..."
    for line in lines:
        _text(surface, line, (x, y), size, colour, bold)
        y += _s(size * 0.9)
    return y


@dataclass
class _Button:
    rect: pygame.Rect
    action: Callable[[], Any]
    enabled: bool = True


class ChallengeScenes:
    """Challenges list -> briefing -> play -> result. Returns ``back`` when closed."""

    def __init__(self, back: Any = None, challenge: str | Path | None = None,
                 extra: list[str | Path] | None = None, results_dir: str | Path | None = None) -> None:
        self.back = back
        self.closed = False
        self.results_dir = Path(results_dir) if results_dir is not None else user_output_dir()
        if challenge and Path(challenge) not in _opened:
            _opened.append(Path(challenge))
        extra = [Path(p) for p in (extra or [])] + _opened
        self.files = list_challenges(extra)
        self.entries: list[tuple[Path, Any, str]] = []  # (path, Challenge or None, first error)
        for path in self.files:
            loaded, diagnostics = check_challenge(path, warnings=False)
            self.entries.append((path, loaded, "" if loaded else str(diagnostics.sorted()[0])
                                 if diagnostics.items else "cannot be read"))
        self.selected = 0
        self.screen = "list"
        self.challenge = None
        self.run: ChallengeRun | None = None
        self.message = ""
        self.typing = ""  # text being typed into the open field
        self.pending: str | None = None  # option waiting for its justification
        self._swallow: str | None = None  # the digit whose key press opened the field
        self.rewinding = False
        self.student = ""
        self.saved: list[Path] = []
        self._buttons: list[_Button] = []
        self._hover = (-1, -1)
        # The app's text cache (font-size preference) when opened from the window; otherwise
        # this screen's own, made now so its fonts belong to the running pygame session.
        self._text: TextCache = TextCache(1.0)
        if challenge:
            index = next((i for i, e in enumerate(self.entries) if e[0] == Path(challenge)), None)
            if index is not None:
                self.selected = index
                self.open_briefing(index)

    # ------------------------------------------------------------------ actions
    def open_briefing(self, index: int) -> None:
        path, loaded, error = self.entries[index]
        if loaded is None:
            self.message = f"This challenge has errors: {error}"
            return
        self.challenge = loaded
        self.screen = "briefing"
        self.message = ""

    def begin(self) -> None:
        self.run = ChallengeRun(self.challenge)
        self.screen = "play"
        self.message = ""
        self._after_move()

    def choose(self, option_id: str) -> None:
        run = self.run
        decision = run.decision()
        view = next(v for v in decision.options if v.id == option_id)
        if not view.legal:
            self.message = f"Not possible: {view.reason}"
            return
        if self.challenge.justification:
            self.pending, self.typing, self.message = option_id, "", ""
            return
        self._apply(option_id, "")

    def _apply(self, option_id: str, justification: str) -> None:
        try:
            self.run.apply(option_id, justification)
        except IllegalChoice as exc:
            self.message = exc.reason
            return
        self.pending, self.typing, self.message = None, "", ""
        self._after_move()

    def _after_move(self) -> None:
        if self.run.is_over():
            self.screen = "result"
            self.typing = ""

    def go_back(self, index: int) -> None:
        self.run.rewind(index)
        self.rewinding = False
        self.pending = None
        self.message = f"Back to decision {index + 1}."

    def save(self) -> None:
        name = self.typing.strip()
        if not name:
            self.message = "Type your name first."
            return
        self.student = name
        path = self.results_dir / default_filename(self.challenge, name)
        stem, number = path.stem, 2
        while path.exists():
            path = path.with_name(f"{stem}-{number}.json")
            number += 1
        result = build_result(self.run, name)
        try:
            ensure(self.results_dir)
            save_result(result, path)
            from .report_card import render_report_card

            card = render_report_card(result, self.challenge, path.with_suffix(".png"))
        except OSError as exc:
            self.message = f"Could not save: {exc.strerror or exc}"
            return
        self.saved = [path, card]
        self.message = f"Saved in {self.results_dir}: {path.name} and {card.name}. Hand in the .json file."

    def close(self) -> Any:
        self.closed = True
        return self.back

    def escape(self) -> Any:
        if self.pending is not None or self.rewinding:
            self.pending, self.rewinding, self.typing = None, False, ""
            return None
        if self.screen in ("briefing", "result"):
            self.screen, self.message = "list", ""
            return None
        if self.screen == "play":
            self.screen = "briefing"
            return None
        return self.close()

    # ----------------------------------------------------------------- loop API
    def process_event(self, event: pygame.event.Event) -> Any:
        if event.type == pygame.MOUSEMOTION:
            self._hover = event.pos
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for button in reversed(self._buttons):
                if button.enabled and button.rect.collidepoint(event.pos):
                    result = button.action()
                    return self.back if self.closed else result
        if event.type == pygame.TEXTINPUT and self._field_open():
            swallow, self._swallow = self._swallow, None
            if event.text == swallow:
                return None  # the text of the key press that chose the option, not the answer
            if len(self.typing) < 400:
                self.typing += event.text
            return None
        if event.type != pygame.KEYDOWN:
            return None
        if event.key == pygame.K_ESCAPE:
            result = self.escape()
            return self.back if self.closed else result
        if self._field_open():
            if event.key == pygame.K_BACKSPACE:
                self.typing = self.typing[:-1]
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                if self.pending is not None:
                    self._apply(self.pending, self.typing)
                else:
                    self.save()
            return None
        if self.screen == "list":
            if event.key == pygame.K_DOWN:
                self.selected = min(self.selected + 1, len(self.entries) - 1)
            elif event.key == pygame.K_UP:
                self.selected = max(self.selected - 1, 0)
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.entries:
                self.open_briefing(self.selected)
        elif self.screen == "briefing" and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.begin()
        elif self.screen == "play" and pygame.K_1 <= event.key <= pygame.K_9:
            decision = self.run.decision()
            index = event.key - pygame.K_1
            if decision is not None and index < len(decision.options):
                self.choose(decision.options[index].id)
                if self.pending is not None:
                    self._swallow = str(index + 1)
        return None

    handle_event = process_event

    def _field_open(self) -> bool:
        return self.pending is not None or (self.screen == "result" and not self.saved)

    def update(self, dt: float = 0.0) -> Any:
        return self.back if self.closed else None

    # --------------------------------------------------------------------- draw
    def draw(self, surface: pygame.Surface) -> None:
        use(self._text)
        surface.fill(BACKGROUND)
        self._buttons = []
        self._message_at: tuple[int, int, int] | None = None  # a screen may place the message
        {"list": self._draw_list, "briefing": self._draw_briefing, "play": self._draw_play,
         "result": self._draw_result}[self.screen](surface)
        if self.message:
            W, H = surface.get_size()
            x, y, width = self._message_at or (28, H - 78, W - 300)
            _para(surface, self.message, x, y, width, 20, BAD if "Not" in self.message
                  or "error" in self.message else ACCENT, limit=2)

    def _button(self, surface, label: str, rect: pygame.Rect, action, enabled: bool = True,
                size: int = 22) -> pygame.Rect:
        hover = rect.collidepoint(self._hover) and enabled
        pygame.draw.rect(surface, BUTTON_HOVER if hover else (BUTTON if enabled else DISABLED_BG), rect, border_radius=4)
        pygame.draw.rect(surface, ACCENT if hover else (BUTTON_BORDER if enabled else DISABLED), rect,
                         2 if hover else 1, border_radius=4)
        _text(surface, label, rect.center, size, INK if enabled else DISABLED_INK, anchor="center")
        self._buttons.append(_Button(rect, action, enabled))
        return rect

    def _corner(self, surface, label: str, action) -> None:
        W, H = surface.get_size()
        width = _font(22).size(label)[0] + 36
        self._button(surface, label, pygame.Rect(W - width - 28, H - 48, width, 34), action)

    def _draw_list(self, surface) -> None:
        W, H = surface.get_size()
        dy = _s(42) - 42  # a larger font-size preference pushes the header down
        _text(surface, "Challenges", (28, 20), 40, bold=True)
        _text(surface, "Set by teachers: a power, a moment, objectives. Enter or click to read the briefing.",
              (28, 62 + dy), 20, MUTED)
        y = 100 + _s(38) - 38 + dy
        step, card = max(74, _s(74)), max(64, _s(64))
        if not self.entries:
            _text(surface, "No challenges found (samples or your own folder).", (28, y), 24)
        for i, (path, loaded, error) in enumerate(self.entries):
            rect = pygame.Rect(28, y, W - 56, card)
            chosen = i == self.selected
            pygame.draw.rect(surface, PANEL if not chosen else PANEL_ALT, rect, border_radius=6)
            pygame.draw.rect(surface, ACCENT if chosen else BORDER, rect, 2 if chosen else 1, border_radius=6)
            if loaded is not None:
                _text(surface, loaded.title, (rect.x + 14, rect.y + 8), 26, bold=True, fit=rect.width - 28)
                powers = ", ".join(loaded.spec.power_name(p) for p in loaded.powers)
                start = loaded.spec.events[loaded.start_index] if loaded.start_index < len(loaded.spec.events) else None
                detail = (f"{powers}  |  from {start.title if start else iso(loaded.start_day)}  |  "
                          f"by {loaded.author}  |  {path.name}")
                _text(surface, detail, (rect.x + 14, rect.y + _s(38)), 19, MUTED, fit=rect.width - 28)
            else:
                _text(surface, path.name, (rect.x + 14, rect.y + 8), 26, BAD, True, fit=rect.width - 28)
                _para(surface, error, rect.x + 14, rect.y + _s(36), rect.width - 28, 18, BAD, limit=1)
            self._buttons.append(_Button(rect, lambda i=i: self._pick(i)))
            y += step
            if y > H - 120:
                break
        _text(surface, f"Your own challenge files go in {user_challenges_dir()}", (28, H - 40), 18, MUTED,
              fit=W - 200)
        self._corner(surface, "Back", self.close)

    def _pick(self, index: int) -> None:
        self.selected = index
        self.open_briefing(index)

    def _draw_briefing(self, surface) -> None:
        c = self.challenge
        W, H = surface.get_size()
        dy = _s(42) - 42  # a larger font-size preference pushes the header down
        _text(surface, c.title, (28, 20), 40, bold=True)
        _text(surface, f"set by {c.author}  |  scenario: {c.spec.title}", (28, 62 + dy), 20, MUTED)
        powers = ", ".join(c.spec.power_name(p) for p in c.powers)
        start = c.spec.events[c.start_index] if c.start_index < len(c.spec.events) else None
        where = f"{start.title}, {iso(start.date)}" if start else iso(c.start_day)
        y = _para(surface, f"You play {powers}. You take over at: {where}. Everything before follows history.",
                  28, 96 + _s(34) - 34 + dy, W - 56, 24, bold=True) + 8
        y = _para(surface, c.briefing, 28, y, W - 56, 23) + 12
        y = self._draw_objectives(surface, 28, y, W - 56, None) + 10
        rules = [f"Not allowed in '{c.spec.event(e).title}': "
                 f"{next(o.text for o in c.spec.event(e).options[p] if o.id == o_id)} ({reason})"
                 for (e, p, o_id), reason in c.forbidden.items()]
        rules.append("You may go back to earlier decisions." if c.rewind else "No going back.")
        if c.justification:
            rules.append("You must write why you choose, at each decision"
                         + (f" (at least {c.min_words} words)." if c.min_words else "."))
        button_row = H - 56  # the Begin and Back buttons sit below this line, at the right
        for rule in rules:
            near_buttons = y + 2 * _s(22) > button_row
            y = _para(surface, "- " + rule, 28, y, (W - 344) if near_buttons else (W - 56), 20, MUTED)
        self._button(surface, "Begin", pygame.Rect(W - 300, H - 48, 120, 34), self.begin)
        self._corner(surface, "Back", lambda: self.escape())

    def _draw_objectives(self, surface, x: int, y: int, width: int, statuses) -> int:
        c = self.challenge
        _text(surface, f"Objectives  (pass mark {c.pass_mark:g} of {c.max_score:g})", (x, y), 22, ACCENT, bold=True,
              fit=width)
        y += _s(26)
        for i, objective in enumerate(c.objectives):
            when = "at the end" if objective.at is None else f"on {iso(objective.at)}"
            label, colour = "", MUTED
            if statuses is not None:
                s = statuses[i]
                label = s.label
                colour = GOOD if s.met and s.final else BAD if s.final else GOOD if s.met else WAIT
                pygame.draw.circle(surface, colour, (x + 7, y + _s(9)), 6)
            req = ", required" if objective.required else ""
            y = _para(surface, f"{objective.text} ({objective.points:g} pts, {when}{req})"
                      + (f"  - {label}" if label else ""), x + 20, y, width - 20, 20,
                      colour if statuses is not None else INK) + 4
        return y

    def _draw_play(self, surface) -> None:
        run, c = self.run, self.challenge
        W, H = surface.get_size()
        side = max(300, int(W * 0.32))
        left = W - side - 56
        decision = run.decision()
        # Right: the live objectives panel and the latest turn.
        panel = pygame.Rect(W - side - 28, 20, side, H - 90)
        pygame.draw.rect(surface, PANEL, panel, border_radius=6)
        pygame.draw.rect(surface, BORDER, panel, 1, border_radius=6)
        y = self._draw_objectives(surface, panel.x + 12, panel.y + 12, panel.width - 24, run.statuses())
        score = run.score()
        y = _para(surface, f"Points so far: {score.points:g}", panel.x + 12, y + 6, panel.width - 24, 20, MUTED)
        if run.game.turns:
            turn = run.game.turns[-1]
            _text(surface, f"Last turn: {turn.title} ({iso(turn.date)})", (panel.x + 12, y + 12), 20, bold=True,
                  fit=panel.width - 24)
            y += 12 + _s(24)
            for entry in turn.log[-8:]:
                if y > panel.bottom - 40:
                    break
                y = _para(surface, "- " + entry.text, panel.x + 12, y, panel.width - 24, 18, MUTED, limit=2)
        # Left: the decision card.
        if decision is None:
            _text(surface, "Waiting...", (28, 28), 28)
            return
        event = decision.event
        _text(surface, f"{iso(run.game.date)}  |  you are {c.spec.power_name(decision.power)}", (28, 18), 20, MUTED,
              fit=left)
        y = _para(surface, event.title, 28, 18 + _s(24), left - 10, 34, bold=True) + 4
        y = _para(surface, event.text, 28, y, left - 10, 21, limit=7) + 8
        for hint in c.hints:
            if hint.event == event.id:
                y = _para(surface, f"Hint: {hint.text}", 28, y, left - 10, 20, ACCENT) + 4
        if self.rewinding:
            _text(surface, "Go back to which decision?", (28, y + 4), 22, bold=True)
            y += 4 + _s(30)
            for i, choice in enumerate(run.choices):
                label = f"{i + 1}. {choice.date}  {c.spec.event(choice.event).title}: {choice.option}"
                self._button(surface, label, pygame.Rect(28, y, left, 32), lambda i=i: self.go_back(i), size=20)
                y += 38
            self._corner(surface, "Cancel", lambda: self.escape())
            return
        for i, view in enumerate(decision.options):
            lines = _wrap(f"{i + 1}. {view.text}" + ("   (what happened)" if view.historical else ""), 22, left - 34,
                          bold=view.legal)
            extra = view.hint if view.legal else view.reason
            extra_lines = _wrap(extra, 18, left - 34)[:2] if extra else []
            height = 14 + _s(21) * len(lines) + _s(17) * len(extra_lines)
            rect = pygame.Rect(28, y, left, height)
            selected = self.pending == view.id
            hover = rect.collidepoint(self._hover) and view.legal
            colour = PANEL_ALT if selected else BUTTON_HOVER if hover else BUTTON if view.legal else DISABLED_BG
            card = rect.copy()
            card.width -= 10  # a gap before the objectives panel
            pygame.draw.rect(surface, colour, card, border_radius=6)
            pygame.draw.rect(surface, ACCENT if selected or hover else (BUTTON_BORDER if view.legal else DISABLED), card,
                             2 if selected or hover else 1, border_radius=6)
            yy = rect.y + 7
            for line in lines:
                _text(surface, line, (rect.x + 12, yy), 22, INK if view.legal else DISABLED_INK, bold=view.legal)
                yy += _s(21)
            for line in extra_lines:
                _text(surface, line, (rect.x + 12, yy), 18, MUTED if view.legal else BAD)
                yy += _s(17)
            self._buttons.append(_Button(rect, lambda o=view.id: self.choose(o)))
            y += height + 8
        if self.pending is not None:
            need = f" (at least {c.min_words} words)" if c.min_words else ""
            below = _para(surface, f"Why do you choose this?{need}  Enter to confirm, Esc to cancel", 28, y + 4,
                          left - 10, 20, INK, bold=True)
            box = pygame.Rect(28, below + 6, left - 10, max(62, _s(62)))
            pygame.draw.rect(surface, FIELD, box, border_radius=4)
            pygame.draw.rect(surface, ACCENT, box, 2, border_radius=4)
            lines = _wrap(self.typing + "|", 20, box.width - 20)[-3:]
            for k, line in enumerate(lines):
                _text(surface, line, (box.x + 10, box.y + 6 + _s(18) * k), 20)
        if run.can_rewind():
            self._button(surface, "Go back", pygame.Rect(W - side - 28 - 150, H - 48, 120, 34),
                         lambda: setattr(self, "rewinding", True))
        self._corner(surface, "Briefing", lambda: self.escape())

    def _draw_result(self, surface) -> None:
        run, c = self.run, self.challenge
        W, H = surface.get_size()
        final = run.score()
        _text(surface, c.title, (28, 18), 30, bold=True)
        verdict = "PASSED" if final.passed else "NOT PASSED"
        _text(surface, f"{final.points:g} of {final.max_points:g} points - {verdict}", (28, 18 + _s(38)), 40,
              GOOD if final.passed else BAD, True)
        ending = run.game.ending()
        y = 18 + _s(38) + _s(44)
        if ending is not None:
            y = _para(surface, f"Ending ({iso(ending.date)}): {ending.title}", 28, y, W - 56, 24, bold=True)
            y = _para(surface, ending.text, 28, y, W - 56, 20, MUTED, limit=3) + 8
        for s in final.statuses:
            met = s.met and s.final
            pygame.draw.circle(surface, GOOD if met else BAD, (36, y + _s(9)), 6)
            y = _para(surface, f"{s.objective.text}: {'achieved' if met else 'failed'}, {s.points:g} of "
                      f"{s.objective.points:g} pts" + (" (required)" if s.objective.required else ""),
                      50, y, W - 90, 21) + 4
        if final.missing_required:
            y = _para(surface, "A required objective was not met, so the challenge is not passed.", 28, y,
                      W - 56, 20, BAD)
        if c.debrief:
            _text(surface, "Debrief", (28, y + 8), 22, ACCENT, bold=True)
            y = _para(surface, c.debrief, 28, y + 8 + _s(26), W - 56, 21, limit=8) + 8
        if not self.saved:
            _text(surface, "Your name, then Enter to save the result file and report card:", (28, y + 6), 20, bold=True,
                  fit=W - 56)
            box = pygame.Rect(28, y + 6 + _s(24), min(520, W - 56), max(34, _s(34)))
            pygame.draw.rect(surface, FIELD, box, border_radius=4)
            pygame.draw.rect(surface, ACCENT, box, 2, border_radius=4)
            _text(surface, self.typing + "|", (box.x + 10, box.centery), 22, anchor="midleft")
            self._button(surface, "Save", pygame.Rect(box.right + 12, box.y, 90, 34), self.save)
            _text(surface, f"Saved in {self.results_dir}", (28, box.bottom + 6), 18, MUTED, fit=W - 200)
            # Beside the field, so a larger font never pushes the field onto the message.
            self._message_at = (box.right + 116, box.y, max(120, W - box.right - 144))
        self._corner(surface, "Done", lambda: self.escape())


def open_scene(back: Any = None, challenge: str | Path | None = None, extra: list | None = None,
               results_dir: str | Path | None = None, **_: Any) -> ChallengeScenes:
    """The Challenges screens: the list (plus ``extra`` files), or straight to ``challenge``'s
    briefing when a file is given (``python -m game play --challenge FILE``). Returns ``back``
    when closed. Extra keyword arguments (theme, fonts, ...) are accepted; the window's
    ``app_context`` gives the text cache, so the font-size preference applies."""
    scene = ChallengeScenes(back=back, challenge=challenge, extra=extra, results_dir=results_dir)
    text = getattr(_.get("app_context"), "text", None)
    if isinstance(text, TextCache):
        scene._text = text
    return scene
