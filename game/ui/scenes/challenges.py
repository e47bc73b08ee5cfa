"""The Challenges screens around play: the list, a challenge's briefing, going back to an
earlier decision, and the result (saved, with its report card, to the player's folder).

    ChallengeListScene -> ChallengeBriefingScene -> ChallengePlayScene -> ChallengeResultScene
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pygame_gui

from ...challenges.load import Challenge, check_challenge, list_challenges
from ...challenges.result import ResultNotSaved, build_result, default_filename, write_result
from ...challenges.run import ChallengeRun
from ...challenges.worlds import grade_of
from ...engine.dates import iso
from ...transcript import long_date
from ...userdirs import ensure, user_challenges_dir, user_output_dir
from ..layout import bar_height, centred_column
from ..text import Block
from ..theme import colour
from .base import HANDLED, Result, Scene
from .challenge_play import BAD, GOOD, ChallengePlayScene, points

Entry = tuple[Path, Challenge | None, str]  # (file, the challenge or None, its first error)


def load_entries(extra: list[Path]) -> list[Entry]:
    entries: list[Entry] = []
    for path in list_challenges(extra):
        loaded, diagnostics = check_challenge(path, warnings=False)
        error = "" if loaded else (str(diagnostics.sorted()[0]) if diagnostics.items else "cannot be read")
        entries.append((path, loaded, error))
    return entries


def paragraphs(text: str) -> list[str]:
    """A teacher's text as paragraphs: a blank line separates them, single line breaks are
    only where the file wrapped the line."""
    return [" ".join(part.split()) for part in text.split("\n\n") if part.strip()]


class ChallengeListScene(Scene):
    title = "Challenges"

    def __init__(self, ctx, back_to: Scene, note: str = "") -> None:
        super().__init__(ctx)
        self.back_to = back_to
        extra = [Path(ctx.challenge)] if ctx.challenge else []
        self.entries = load_entries(extra)
        self.note = note

    def blocks(self) -> list[Block]:
        blocks = [Block("title", "Challenges"),
                  Block("small", "Set by teachers: a power, a moment, objectives. Choose one to read its briefing."),
                  Block("small", f"Your own challenge files go in {user_challenges_dir()}")]
        if self.note:
            blocks.append(Block("text", self.note, colour=BAD))
        if not self.entries:
            blocks.append(Block("text", "No challenges were found."))
        for i, (path, loaded, error) in enumerate(self.entries):
            if loaded is None:
                blocks.append(Block("item", path.name, id=f"c:{i}", hint=f"This file has errors: {error}"))
                continue
            spec = loaded.spec
            powers = ", ".join(spec.power_name(p) for p in loaded.powers)
            start = spec.events[loaded.start_index] if loaded.start_index < len(spec.events) else None
            detail = (f"{powers}, from {start.title if start else iso(loaded.start_day)}. "
                      f"Set by {loaded.author}. File: {path.name}")
            blocks.append(Block("item", loaded.title, id=f"c:{i}", hint=detail))
        return blocks

    def build(self) -> None:
        w, h = self.ctx.size
        x, col = centred_column(self.ctx.size[0])
        bh = bar_height(self.ctx.prefs.font_scale)
        self.doc("list").set_rect((x, 20, col, h - bh - 50))
        self.docs["list"].set_blocks(self.blocks(), keep_scroll=True)
        self.button("back", "Back (Esc)", (x + col - 220, h - bh - 16, 220, bh), style="@center_button")

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        if self.focus.current is None:
            self.focus.move(1)

    def on_doc(self, doc: str, item: str) -> Result:
        index = int(item.split(":")[1])
        path, loaded, error = self.entries[index]
        if loaded is None:
            self.note = f"{path.name} has errors, so it cannot be played: {error}"
            self.rebuild()
            return None
        return ChallengeBriefingScene(self.ctx, loaded, back_to=self)

    def on_button(self, key: str) -> Result:
        return self.back()

    def back(self) -> Result:
        return self.back_to


def briefing_blocks(challenge: Challenge) -> list[Block]:
    spec = challenge.spec
    powers = ", ".join(spec.power_name(p) for p in challenge.powers)
    start = spec.events[challenge.start_index] if challenge.start_index < len(spec.events) else None
    where = f"{start.title}, {long_date(start.date)}" if start else long_date(challenge.start_day)
    blocks = [Block("title", challenge.title),
              Block("small", f"Set by {challenge.author}. Scenario: {spec.title}."),
              Block("heading", f"You play {powers}"),
              Block("text", f"You take over at: {where}. Everything before follows history.")]
    if challenge.briefing:
        blocks += [Block("text", p) for p in paragraphs(challenge.briefing)]
    blocks.append(Block("heading", f"Objectives (pass mark {challenge.pass_mark:g} of {challenge.max_score:g})"))
    for objective in challenge.objectives:
        when = "at the end" if objective.at is None else f"on {long_date(objective.at)}"
        required = ", required" if objective.required else ""
        blocks.append(Block("text", f"• {objective.text} ({points(objective.points)}, {when}{required})"))
    blocks.append(Block("heading", "Rules"))
    for (event_id, power, option_id), reason in challenge.forbidden.items():
        event = spec.event(event_id)
        option = next(o.text for o in event.options[power] if o.id == option_id)
        blocks.append(Block("text", f"• Not allowed in \u201c{event.title}\u201d: {option} ({reason})"))
    blocks.append(Block("text", "• You may go back to earlier decisions." if challenge.rewind else "• No going back."))
    if challenge.justification:
        need = f" (at least {challenge.min_words} words)" if challenge.min_words else ""
        blocks.append(Block("text", f"• At each decision you write why you choose{need}."))
    if challenge.hints:
        blocks.append(Block("text", "• The teacher left hints: the Hint button shows them during play."))
    return blocks


class ChallengeBriefingScene(Scene):
    title = "Briefing"

    def __init__(self, ctx, challenge: Challenge, back_to: Scene) -> None:
        super().__init__(ctx)
        self.challenge, self.back_to = challenge, back_to
        self.run: ChallengeRun | None = None  # the attempt, kept while the player reads the briefing again

    def build(self) -> None:
        w, h = self.ctx.size
        x, col = centred_column(self.ctx.size[0])
        bh = bar_height(self.ctx.prefs.font_scale)
        self.doc("briefing").set_rect((x, 20, col, h - bh - 50))
        self.docs["briefing"].set_blocks(briefing_blocks(self.challenge), keep_scroll=True)
        bw = min(260, (col - 2 * 12) // 3)
        y = h - bh - 16
        self.button("back", "Back (Esc)", (x + col - bw, y, bw, bh), style="@center_button")
        if self.run is None:
            self.button("begin", "Begin (Enter)", (x + col - 2 * bw - 12, y, bw, bh), style="@center_button")
        else:
            self.button("resume", "Resume (Enter)", (x + col - 2 * bw - 12, y, bw, bh), style="@center_button")
            self.button("again", "Start again", (x + col - 3 * bw - 24, y, bw, bh), style="@center_button")

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        if self.focus.current is None:
            self.focus.focus_key("resume" if self.run is not None else "begin")

    def on_button(self, key: str) -> Result:
        if key == "back":
            return self.back()
        if key == "begin" or key == "again" or self.run is None:
            self.run = ChallengeRun(self.challenge)
            self.focus.set_items([])
            return ChallengePlayScene(self.ctx, self.run, back_to=self)
        return ChallengePlayScene(self.ctx, self.run, back_to=self, note="Resumed where you left off.")

    def open_result(self, run: ChallengeRun) -> Scene:
        return ChallengeResultScene(self.ctx, run, back_to=self)

    def open_rewind(self, run: ChallengeRun, play: ChallengePlayScene) -> Scene:
        return ChallengeRewindScene(self.ctx, run, back_to=play)

    def rebuild(self) -> None:
        if self.run is not None and self.run.is_over():
            self.run = None  # a finished attempt is not resumed
        super().rebuild()

    def back(self) -> Result:
        return self.back_to


class ChallengeRewindScene(Scene):
    title = "Go back"

    def __init__(self, ctx, run: ChallengeRun, back_to: ChallengePlayScene) -> None:
        super().__init__(ctx)
        self.run, self.back_to = run, back_to

    def blocks(self) -> list[Block]:
        spec = self.run.challenge.spec
        blocks = [Block("title", "Go back to an earlier decision"),
                  Block("text", "Choose the decision to take again. The decisions after it are undone.")]
        for i, choice in enumerate(self.run.choices):
            event = spec.event(choice.event)
            option = next(o.text for o in event.options[choice.power] if o.id == choice.option)
            blocks.append(Block("option", f"{long_date(event.date)}: {event.title}", id=f"at:{i}",
                                hint=f"You chose: {option}"))
        return blocks

    def build(self) -> None:
        w, h = self.ctx.size
        x, col = centred_column(self.ctx.size[0], 820)
        bh = bar_height(self.ctx.prefs.font_scale)
        self.doc("list").set_rect((x, 20, col, h - bh - 50))
        self.docs["list"].set_blocks(self.blocks(), keep_scroll=True)
        self.button("back", "Cancel (Esc)", (x + col - 220, h - bh - 16, 220, bh), style="@center_button")

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        if self.focus.current is None:
            self.focus.move(-1)

    def on_doc(self, doc: str, item: str) -> Result:
        index = int(item.split(":")[1])
        self.run.rewind(index)
        return ChallengePlayScene(self.ctx, self.run, back_to=self.back_to.back_to,
                                  note=f"Back to decision {index + 1}. Choose again.")

    def on_button(self, key: str) -> Result:
        return self.back()

    def back(self) -> Result:
        return self.back_to


def result_blocks(run: ChallengeRun) -> list[Block]:
    challenge, final = run.challenge, run.score()
    graded = grade_of(run)  # a challenge scored over many worlds: the grade is the average
    passed = graded.passed if graded is not None else final.passed
    points_text = f"{graded.expected:g}" if graded is not None else f"{final.points:g}"
    verdict = "passed" if passed else "not passed"
    blocks = [Block("small", challenge.title.upper()),
              Block("title", f"{points_text} of {final.max_points:g} points: {verdict}",
                    colour=GOOD if passed else BAD)]
    if graded is not None:
        blocks.append(Block("text", f"This is the average over {graded.worlds:,} worlds with different luck; "
                                    f"in the world you played you scored {final.points:g}. Held in: "
                                    + "; ".join(f"{o.text}: {share:.0%} of the worlds"
                                                for o, share in zip(challenge.objectives, graded.shares))))
    ending = run.game.ending()
    if ending is not None:
        blocks += [Block("heading", f"Ending ({long_date(ending.date)}): {ending.title}"), Block("text", ending.text)]
    blocks.append(Block("heading", "Objectives" if graded is None else "Objectives in the world you played"))
    for status in final.statuses:
        met = status.met and status.final
        required = " (required)" if status.objective.required else ""
        blocks.append(Block("text", f"{status.objective.text}: {'achieved' if met else 'failed'}, "
                                    f"{status.points:g} of {points(status.objective.points)}{required}",
                            bold=True, colour=GOOD if met else BAD))
    if final.missing_required:
        blocks.append(Block("text", "A required objective was not met, so the challenge is not passed.", colour=BAD))
    if challenge.debrief:
        blocks.append(Block("heading", "Debrief"))
        blocks += [Block("text", p) for p in paragraphs(challenge.debrief)]
    if challenge.definition.questions:
        blocks.append(Block("heading", "For discussion"))
        blocks += [Block("text", f"{n}. {q}") for n, q in enumerate(challenge.definition.questions, 1)]
    return blocks


class ChallengeResultScene(Scene):
    """The score, the ending, the debrief; the student's name saves the result file and
    its report card to the player's folder, which is shown on screen."""

    title = "Challenge result"

    def __init__(self, ctx, run: ChallengeRun, back_to: Scene, results_dir: Path | None = None) -> None:
        super().__init__(ctx)
        self.run, self.back_to = run, back_to
        self.results_dir = results_dir if results_dir is not None else user_output_dir()
        self.name = ""
        self.message = ""
        self.saved: list[Path] = []
        self.entry: pygame_gui.elements.UITextEntryLine | None = None
        # After a failed save the student may type another folder (issue 15: an attempt is never lost).
        self.other_folder: str | None = None
        self.folder_entry: pygame_gui.elements.UITextEntryLine | None = None

    def build(self) -> None:
        w, h = self.ctx.size
        t = self.ctx.text
        x, col = centred_column(self.ctx.size[0], 960)
        bh = bar_height(self.ctx.prefs.font_scale)
        line = t.line_height(14) + 4
        bottom = h - 16
        self.button("done", "Done (Esc)", (x + col - 200, bottom - bh, 200, bh), style="@center_button")
        folder = self.doc("folder")
        folder.background = None
        folder.set_blocks(self.folder_blocks())
        folder_h = max(bh, folder.fit_height((x, 0, col - 212, 4 * line + 2 * folder.pad)).h)
        folder.set_rect((x, bottom - folder_h, col - 212, folder_h))
        bottom -= folder_h + 6
        message = self.doc("message")
        message.background = None
        if self.message:
            message.set_blocks([Block("small", self.message, colour=colour("accent"))])
            message_h = message.fit_height((x, 0, col, 3 * line + 2 * message.pad)).h
            message.set_rect((x, bottom - message_h, col, message_h))
            bottom -= message_h + 4
        else:
            message.set_rect((0, 0, 0, 0))
        self.entry = None
        self.folder_entry = None
        if not self.saved and self.other_folder is not None:
            self.folder_entry = pygame_gui.elements.UITextEntryLine(pygame.Rect(x, bottom - bh, col - 212, bh),
                                                                    manager=self.ctx.manager,
                                                                    placeholder_text="Another folder")
            self.folder_entry.set_text(self.other_folder)
            self.folder_entry.set_text_length_limit(400)
            bottom -= bh + 4
            label = self.label("Save in another folder (for example a USB stick):",
                               (x, bottom - line - 4, col, line + 4), "@small")
            bottom = label.rect.y - 4
        if not self.saved:
            self.button("save", "Save (Enter)", (x + col - 200, bottom - bh, 200, bh), style="@center_button")
            self.entry = pygame_gui.elements.UITextEntryLine(pygame.Rect(x, bottom - bh, col - 212, bh),
                                                             manager=self.ctx.manager,
                                                             placeholder_text="Your name")
            self.entry.set_text(self.name)
            self.entry.set_text_length_limit(80)
            bottom -= bh + 4
            label = self.label("Your name, to save the result file and report card:",
                               (x, bottom - line - 4, col, line + 4), "@small")
            bottom = label.rect.y
        self.doc("result").set_rect((x, 20, col, bottom - 30))
        self.docs["result"].set_blocks(result_blocks(self.run), keep_scroll=True)

    def folder_blocks(self) -> list[Block]:
        where = (f"Results are saved in: {self.results_dir}" if self.other_folder is None or self.saved
                 else "Not saved yet: the folder above could not be written.")
        if self.saved:
            return [Block("small", f"Saved {self.saved[0].name} and {self.saved[1].name}. Hand in the .json file."),
                    Block("small", where)]
        return [Block("small", where)]

    def focus_order(self) -> list:
        from .challenge_play import EntryItem

        items = super().focus_order()
        if self.folder_entry is not None:
            items.insert(0, EntryItem("folder", self.folder_entry))  # type: ignore[arg-type]
        if self.entry is not None:
            items.insert(0, EntryItem("name", self.entry))  # type: ignore[arg-type]
        return items

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        if self.focus.current is None:
            self.focus.focus_key("name" if self.entry is not None else "done")

    def save(self) -> Result:
        name = " ".join((self.entry.get_text() if self.entry is not None else self.name).split())
        self.name = name
        if self.folder_entry is not None:
            self.other_folder = self.folder_entry.get_text().strip()
        if not name:
            self.message = "Type your name first."
            self.rebuild()
            return None
        folder = Path(self.other_folder).expanduser() if self.other_folder else Path(self.results_dir)
        result = build_result(self.run, name)
        try:
            path = self.save_into(folder, name, result)
        except ResultNotSaved as exc:
            kept = (f"A copy is kept in {exc.fallback}." if exc.fallback
                    else "No copy could be kept either.")
            self.message = f"Could not save in {folder}: {exc.reason}. {kept} Type another folder and press Save."
            self.other_folder = str(folder)
            self.rebuild()
            return None
        self.results_dir = path.parent
        from ..report_card import render_report_card

        try:
            card = render_report_card(result, self.run.challenge, path.with_suffix(".png"))
        except OSError as exc:
            self.saved = [path, path]
            self.message = f"The result is saved, but its report card could not be written: {exc.strerror or exc}"
        else:
            self.saved = [path, card]
            self.message = ""
        self.focus.set_items([])
        self.rebuild()
        return None

    def save_into(self, folder: Path, name: str, result: dict) -> Path:
        """Write ``result`` into ``folder`` under an unused name; :class:`ResultNotSaved` says
        why not and where a copy was kept (write_result keeps one in the user folder)."""
        try:
            ensure(folder)
        except OSError:
            pass  # the write below fails too, and write_result keeps a copy and says why
        path = folder / default_filename(self.run.challenge, name)
        stem, number = path.stem, 2
        while path.exists():
            path = path.with_name(f"{stem}-{number}.json")
            number += 1
        return write_result(result, path)

    def on_key(self, event: pygame.event.Event) -> Result:
        typing = any(box is not None and box.is_focused for box in (self.entry, self.folder_entry))
        if typing and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.save() or HANDLED
        if typing and event.key not in (pygame.K_ESCAPE, pygame.K_TAB):
            return HANDLED
        return None

    def on_button(self, key: str) -> Result:
        if key == "save":
            return self.save()
        return self.back()

    def back(self) -> Result:
        return self.back_to


def open_challenges(ctx: Any, back_to: Scene, challenge: str | None = None) -> Scene:
    """The Challenges list, or straight to ``challenge``'s briefing when that file loads."""
    listing = ChallengeListScene(ctx, back_to=back_to)
    if challenge:
        for path, loaded, error in listing.entries:
            if path.resolve() == Path(challenge).resolve():
                if loaded is not None:
                    return ChallengeBriefingScene(ctx, loaded, back_to=listing)
                listing.note = f"{path.name} has errors, so it cannot be played: {error}"
    return listing
