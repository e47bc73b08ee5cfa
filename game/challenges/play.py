"""Play a challenge in the terminal: ``python -m game play --text --challenge FILE``.

Briefing, objectives with live status at every decision, forbidden options marked,
justification prompts where the challenge requires them, going back where it allows it,
then the result screen (score, pass or fail objective by objective, the debrief), the
student's name and the result file (JSON) with its report card (PNG) beside it.

Reads stdin and writes stdout, so a pipe can drive it; end of input leaves cleanly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import userdirs
from ..engine import IllegalChoice
from ..engine.dates import iso
from ..textplay import WIDTH, InputClosed, TextSession, show_decision, show_ending, show_status
from ..transcript import long_date
from .load import Challenge
from .result import ResultNotSaved, build_result, clean_name, default_filename, unused_path, write_result
from .run import ChallengeRun, ObjectiveStatus
from .worlds import grade_of

# Draws a result's report card: (result, challenge, PNG path). The command line passes the
# window's renderer (game.ui.report_card); without one no card is drawn.
CardRenderer = Callable[[dict[str, Any], Challenge, Path], object]


def reflow(text: str) -> str:
    """YAML block text -> paragraphs: single line breaks become spaces, blank lines stay."""
    paragraphs = [" ".join(part.split()) for part in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


# ------------------------------------------------------------------------- screens
def show_briefing(session: TextSession, challenge: Challenge) -> None:
    spec = challenge.spec
    session.say("=" * WIDTH)
    session.say(f"CHALLENGE: {challenge.title}")
    session.say(f"set by {challenge.author}  |  scenario: {spec.title}")
    session.say("=" * WIDTH)
    powers = ", ".join(spec.power_name(p) for p in challenge.powers)
    start = spec.events[challenge.start_index] if challenge.start_index < len(spec.events) else None
    where = f"{start.title}, {long_date(start.date)}" if start else long_date(challenge.start_day)
    session.wrap(f"You play {powers}. You take over at: {where}. Everything before follows history.")
    if challenge.briefing:
        session.say("")
        session.wrap(reflow(challenge.briefing))
    session.say("")
    show_objectives(session, challenge, None)
    rules = []
    for (event, power, option), reason in challenge.forbidden.items():
        ev = spec.event(event)
        text = next(o.text for o in ev.options[power] if o.id == option)
        rules.append(f"In '{ev.title}' you may not choose: {text} ({reason})")
    rules.append("You may go back to an earlier decision (r)." if challenge.rewind
                 else "You may not go back to an earlier decision.")
    if challenge.justification:
        extra = f" (at least {challenge.min_words} words)" if challenge.min_words else ""
        rules.append(f"At each decision you must write why you chose it{extra}.")
    session.say("")
    session.say("Rules of this challenge:")
    for rule in rules:
        session.wrap(f"- {rule}", indent="  ")


def show_objectives(session: TextSession, challenge: Challenge, statuses: list[ObjectiveStatus] | None) -> None:
    session.say(f"Objectives (pass mark {challenge.pass_mark:g} of {challenge.max_score:g} points):")
    for i, objective in enumerate(challenge.objectives):
        when = "at the end" if objective.at is None else f"on {long_date(objective.at)}"
        required = ", required" if objective.required else ""
        status = f"  [{statuses[i].label}]" if statuses is not None else ""
        session.wrap(f"- {objective.text} ({_points(objective.points)}, checked {when}{required}){status}",
                     indent="  ")


def _points(value: float) -> str:
    return f"{value:g} point" + ("" if value == 1 else "s")


def show_live(session: TextSession, run: ChallengeRun) -> None:
    parts = [f"{s.objective.id}: {s.label}" for s in run.statuses()]
    session.wrap("Objectives now: " + " | ".join(parts))


def show_turns(session: TextSession, run: ChallengeRun, start: int) -> None:
    """Turns since ``start``: one line each before the challenge starts, in full after."""
    from ..textplay import show_turns as full

    game = run.game
    history = [t for t in game.turns[start:] if _before_start(run, t.event)]
    if history:
        session.say("")
        session.say("History until you take over:")
        for turn in history:
            picks = ", ".join(f"{game.spec.power_name(p)}: {o}" for p, o in turn.choices.items())
            session.wrap(f"{iso(turn.date)}  {turn.title}{f' ({picks})' if picks else ''}", indent="  ")
    full(session, game, start + len(history))


def _before_start(run: ChallengeRun, event_id: str) -> bool:
    ids = [e.id for e in run.challenge.spec.events]
    return event_id in ids and ids.index(event_id) < run.challenge.start_index


def show_result(session: TextSession, run: ChallengeRun) -> None:
    final = run.score()
    challenge = run.challenge
    session.say("")
    session.say("*" * WIDTH)
    if challenge.worlds > 1:
        # The grade is the expected score over the worlds, not this one world's (issue 12 point 2).
        graded = grade_of(run)
        assert graded is not None
        verdict = "PASSED" if graded.passed else "NOT PASSED"
        session.say(f"CHALLENGE RESULT: {graded.expected:g} of {final.max_points:g} points - {verdict} "
                    f"(pass mark {challenge.pass_mark:g})")
        session.wrap(f"This is the average over {graded.worlds:,} worlds with different luck; in the world you "
                     f"played you scored {final.points:g}.")
        session.say("*" * WIDTH)
        for s, share in zip(final.statuses, graded.shares):
            required = " (required)" if s.objective.required else ""
            mine = "achieved" if s.met and s.final else "failed"
            session.wrap(f"- {s.objective.text}{required}: held in {share:.0%} of the worlds "
                         f"({_points(s.objective.points)}); in your world {mine}", indent="  ")
    else:
        verdict = "PASSED" if final.passed else "NOT PASSED"
        session.say(f"CHALLENGE RESULT: {final.points:g} of {final.max_points:g} points - {verdict} "
                    f"(pass mark {challenge.pass_mark:g})")
        session.say("*" * WIDTH)
        for s in final.statuses:
            mark = "[x]" if s.met and s.final else "[ ]"
            required = " (required)" if s.objective.required else ""
            session.wrap(f"{mark} {s.objective.text}{required}: {'achieved' if s.met and s.final else 'failed'}, "
                         f"{s.points:g} of {_points(s.objective.points)}", indent="  ")
        if final.missing_required:
            session.wrap("A required objective was not met, so the challenge is not passed.")
    if challenge.debrief:
        session.say("")
        session.say("Debrief:")
        session.wrap(reflow(challenge.debrief), indent="  ")
    if challenge.definition.questions:
        session.say("")
        session.say("For discussion:")
        for number, question in enumerate(challenge.definition.questions, 1):
            session.wrap(f"{number}. {question}", indent="  ")


# ---------------------------------------------------------------------------- play
def play_challenge(session: TextSession, challenge: Challenge, seed: int = 0,
                   directory: Path | None = None, render_card: CardRenderer | None = None) -> int:
    """Run one attempt through ``session``; save the result file (by default in the user
    output folder, game/userdirs.py); return an exit status."""
    directory = userdirs.user_output_dir() if directory is None else directory
    try:
        show_briefing(session, challenge)
        session.say("")
        session.ask("Press Enter to begin. ")
        run = ChallengeRun(challenge, seed)
        shown = _play(session, run)
        show_turns(session, run, shown)
        show_ending(session, run.game)
        show_result(session, run)
        _save(session, run, directory, render_card)
        return 0
    except InputClosed:
        session.say("")
        session.say("Input ended; leaving the challenge (no result saved).")
        return 0


def _play(session: TextSession, run: ChallengeRun) -> int:
    """Play to the end; return how many turns have been shown."""
    shown = 0
    while not run.is_over():
        show_turns(session, run, shown)
        shown = len(run.game.turns)
        decision = run.decision()
        if decision is None:
            break
        show_decision(session, run.game, decision)
        if run.constraint_lifted(decision):
            session.wrap("(The challenge forbids every option here, so its constraint is lifted.)")
        for hint in run.challenge.hints:
            if hint.event == decision.event.id:
                session.wrap(f"Hint: {hint.text}")
        show_live(session, run)

        def go_back() -> None:
            if not run.can_rewind():
                session.say("This challenge does not let you go back." if not run.challenge.rewind
                            else "There is no earlier decision yet.")
                return
            session.say("Go back to which decision?")
            for i, c in enumerate(run.choices, 1):
                title = run.challenge.spec.event(c.event).title
                session.wrap(f"{i}. {c.date} {title}: you chose {c.option}", indent="  ")
            index = session.pick(f"Decision 1-{len(run.choices)}: ", len(run.choices))
            run.rewind(index)
            session.say(f"Back to decision {index + 1}.")
            raise _Rewound

        def show_hints(event_id: str = decision.event.id) -> None:
            hints = run.hints_for(event_id)
            for hint in hints:
                session.wrap(f"Hint: {hint}")
            if not hints:
                session.say("No hints.")

        commands = {
            "o": lambda: show_objectives(session, run.challenge, run.statuses()),
            "s": lambda: show_status(session, run.game),
            "h": show_hints,
            "b": lambda: session.wrap(reflow(run.challenge.briefing) or "(no briefing)"),
        }
        if run.challenge.rewind:
            commands["r"] = go_back
        keys = ", ".join(f"{k} = {name}" for k, name in (("o", "objectives"), ("s", "status"), ("h", "hints"),
                                                         ("b", "briefing"), ("r", "go back"))
                         if k in commands)
        try:
            while True:
                index = session.pick(f"Choose 1-{len(decision.options)} ({keys}): ",
                                     len(decision.options), commands)
                view = decision.options[index]
                if not view.legal:
                    session.say(f"Not possible: {view.reason}")
                    continue
                justification = _justify(session, run) if run.challenge.justification else ""
                try:
                    run.apply(view.id, justification)
                    break
                except IllegalChoice as exc:
                    session.say(f"Not possible: {exc.reason}")
        except _Rewound:
            shown = len(run.game.turns)
            continue
    return shown


class _Rewound(Exception):
    pass


def _justify(session: TextSession, run: ChallengeRun) -> str:
    need = f" (at least {run.challenge.min_words} words)" if run.challenge.min_words else ""
    while True:
        text = session.ask(f"Why do you choose this?{need} ")
        problem = run.justification_problem(text)
        if problem is None:
            return text
        session.say(f"Please say why: {problem}.")


def _save(session: TextSession, run: ChallengeRun, directory: Path, render_card: CardRenderer | None) -> Path | None:
    """Ask for the name and the file; write the result. If it cannot be written there, say
    why, keep a copy in the user folder and offer another place until one works or the
    student leaves it at the copy. Returns where the result is."""
    session.say("")
    while True:
        name = clean_name(session.ask("Your name (for the result file): "))
        if name and len(name) <= 80:
            break
        session.say("Please type your name (up to 80 characters).")
    default = directory / default_filename(run.challenge, name)
    session.say(f"Results are saved in {directory}")
    answer = session.ask(f"Save the result as [{default.name}]: ").strip()
    result = build_result(run, name)
    kept: Path | None = None
    while True:
        path = _result_path(answer, default, directory)
        try:
            try:
                userdirs.ensure(path.parent)  # the user folder may not exist yet
            except OSError:
                pass  # write_result reports it and keeps a copy
            path = write_result(result, path)
            break
        except ResultNotSaved as exc:
            session.say(f"Could not save {path}: {exc.reason}.")
            if exc.fallback is not None:
                kept = kept or exc.fallback
                session.say(f"A copy of your result is kept in {kept}.")
            answer = session.ask("Save it somewhere else? Type a file or folder (Enter to stop): ").strip()
            if not answer:
                if kept is None:
                    session.say("The result could not be saved anywhere; your attempt is shown above.")
                    return None
                session.say(f"Hand in {kept} to your teacher.")
                return kept
    session.say(f"Result saved: {path}")
    card = path.with_suffix(".png")
    try:
        if render_card is not None:
            render_card(result, run.challenge, card)
            session.say(f"Report card: {card}")
    except Exception as exc:  # noqa: BLE001 - the result file is saved; the card is a bonus
        session.say(f"(No report card: {exc})")
    session.say("Hand in the result file to your teacher.")
    return path


def _result_path(answer: str, default: Path, directory: Path) -> Path:
    """The file a typed answer names: the default, a file (``.json`` added) or a folder."""
    path = Path(answer).expanduser() if answer else default
    if not path.is_absolute():
        path = directory / path
    if path.is_dir():
        path = path / default.name
    if path.suffix.lower() != ".json":
        path = path.with_suffix(".json") if len(path.name) < 250 else path
    return unused_path(path)
