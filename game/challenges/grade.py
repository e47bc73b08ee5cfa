"""Grading: re-run every submitted result from its seed and choices and compare.

A result is *verified* when it was made for this version of the challenge and scenario, its
hash chain is whole, every choice replays legally (and keeps the challenge's constraints),
and the re-run game gives the same turns, objectives, score, pass and ending as the file.
Otherwise each difference is named.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ..engine import IllegalChoice
from ..scenario.diagnostics import Diagnostic
from .load import Challenge
from .result import canonical, chain, genesis, choices_json, objectives_json, read_result, turn_records
from .run import Choice, new_game, score


@dataclass
class Graded:
    file: str
    student: str = ""
    score: float | None = None  # as re-computed (or as claimed when the re-run failed)
    max_score: float = 0.0
    passed: bool | None = None
    ending: str = ""
    verified: bool = False
    problems: list[str] = field(default_factory=list)
    objectives: dict[str, bool] = field(default_factory=dict)
    unreadable: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth a look, but not a verification failure
    result: dict | None = None

    @property
    def status(self) -> str:
        if self.unreadable:
            return "unreadable"
        return "verified" if self.verified else "NOT VERIFIED"


def verify(result: dict, challenge: Challenge, file: str = "") -> Graded:
    """Re-simulate ``result`` under ``challenge`` and list every mismatch."""
    g = Graded(file=file, student=str(result.get("student", "")), max_score=challenge.max_score, result=result)
    problems = g.problems
    claimed = result.get("challenge", {})
    if claimed.get("id") != challenge.id:
        problems.append(f"made for challenge '{claimed.get('id')}', not '{challenge.id}'")
    elif claimed.get("sha256") != challenge.sha256:
        problems.append(f"challenge version differs: the result was made with a challenge file whose sha256 "
                        f"is {str(claimed.get('sha256'))[:12]}..., you are grading with {challenge.sha256[:12]}...")
    scenario_sha = result.get("scenario", {}).get("sha256")
    if scenario_sha != challenge.scenario_sha256:
        problems.append(f"scenario version differs: sha256 {str(scenario_sha)[:12]}... in the result, "
                        f"{challenge.scenario_sha256[:12]}... here")
    seed = result.get("seed")
    if challenge.seed is not None and seed != challenge.seed:
        problems.append(f"seed {seed} is not the challenge's fixed seed {challenge.seed}")
    settings = dict(challenge.spec.default_settings())
    settings.update(challenge.settings)
    if result.get("settings") != settings:
        problems.append(f"settings differ: {result.get('settings')} in the result, {settings} in the challenge")

    # The chain, as stored.
    turns, links = result.get("turns", []), result.get("chain", [])
    stored_genesis = result.get("genesis")
    if stored_genesis != genesis(result):
        problems.append("broken chain at its start: the name, seed, settings or challenge recorded in the "
                        "file were edited after it was saved")
    expected = chain(result, turns, start=stored_genesis if isinstance(stored_genesis, str) else None)
    if len(links) != len(turns):
        problems.append(f"broken chain: {len(turns)} turns but {len(links)} links")
    for i, (a, b) in enumerate(zip(expected, links)):
        if a != b:
            turn = turns[i] if isinstance(turns[i], dict) else {}
            problems.append(f"broken chain at turn {i + 1} ({turn.get('event', '?')}): the file was edited "
                            "after it was saved")
            break

    # Re-run the game from seed + choices.
    recorded = result.get("choices", [])
    keys = [(c["event"], c["power"], c["option"]) for c in recorded]
    g.score = result.get("score")
    g.passed = result.get("passed")
    ending = result.get("ending") or {}
    g.ending = str(ending.get("id", "")) if isinstance(ending, dict) else ""
    try:
        game = new_game(challenge, int(seed) if isinstance(seed, int) else 0, keys)
    except IllegalChoice as exc:
        problems.append(f"choices do not replay: {exc.reason}")
        return g
    for number, c in enumerate(recorded, 1):
        reason = challenge.is_forbidden(c["event"], c["power"], c["option"])
        if reason:
            problems.append(f"choice {number} ({c['event']}: {c['option']}) breaks a constraint: {reason}")
        if challenge.justification and len(str(c.get("justification", "")).split()) < max(1, challenge.min_words):
            problems.append(f"choice {number} ({c['event']}) lacks the required justification")
    if not game.is_over():
        decision = game.decision()
        where = f"{decision.event.id}/{decision.power}" if decision else "?"
        problems.append(f"the choices stop before the end (the game still asks {where}): unfinished attempt")
        return g
    final = score(challenge, game)
    rerun_ending = game.ending()
    g.score, g.passed = final.points, final.passed
    g.ending = rerun_ending.id if rerun_ending else ""
    g.objectives = {s.objective.id: bool(s.met and s.final) for s in final.statuses}
    choices = choices_json(challenge, [Choice(c["event"], c["power"], c["option"], c.get("date", ""),
                                              str(c.get("justification", ""))) for c in recorded])
    rerun_turns = turn_records(game, choices)
    if rerun_turns != turns:
        for i, (a, b) in enumerate(zip(turns, rerun_turns)):
            if a != b:
                problems.append(f"turn {i + 1} differs from the re-run: the file has {_turn_text(a)}, "
                                f"the re-run {_turn_text(b)}")
                break
        else:
            problems.append(f"the file has {len(turns)} turns, the re-run {len(rerun_turns)}")
    dates = [c.get("date") for c in recorded]
    if dates != [c["date"] for c in _dated(challenge, game, keys)]:
        problems.append("the dates of the choices differ from the re-run")
    if result.get("score") != final.points:
        problems.append(f"score differs: the file says {result.get('score')}, the re-run gives {final.points:g}")
    if result.get("passed") != final.passed:
        problems.append(f"pass differs: the file says {result.get('passed')}, the re-run gives {final.passed}")
    claimed_objectives = {o.get("id"): o.get("met") for o in result.get("objectives", []) if isinstance(o, dict)}
    for obj in objectives_json(final):
        if claimed_objectives.get(obj["id"]) != obj["met"]:
            problems.append(f"objective '{obj['id']}' differs: the file says "
                            f"{'met' if claimed_objectives.get(obj['id']) else 'not met'}, the re-run "
                            f"{'met' if obj['met'] else 'not met'}")
    claimed_ending = (result.get("ending") or {}).get("id") if isinstance(result.get("ending"), dict) else None
    if claimed_ending != g.ending:
        problems.append(f"ending differs: the file says '{claimed_ending}', the re-run '{g.ending}'")
    g.verified = not problems
    return g


def _dated(challenge: Challenge, game, keys) -> list[dict]:
    """The date each recorded choice was made, from the re-run's turns."""
    dates = {t.event: t.date for t in game.turns}
    from ..engine.dates import iso

    return [{"date": iso(dates[e]) if e in dates else ""} for e, _, _ in keys]


def _turn_text(turn: dict) -> str:
    if not isinstance(turn, dict):
        return repr(turn)[:60]
    choices = ", ".join(f"{p}: {o}" for p, o in (turn.get("choices") or {}).items())
    return f"{turn.get('event')} on {turn.get('date')} ({choices or 'no choices'})"


def grade_files(paths: list[str], challenge: Challenge) -> list[Graded]:
    graded = []
    for path in paths:
        result, diagnostics = read_result(path)
        if result is None:
            graded.append(Graded(file=str(path), unreadable=diagnostics.sorted()))
            continue
        graded.append(verify(result, challenge, file=str(path)))
    _mark_copies(graded)
    return graded


def _mark_copies(graded: list[Graded]) -> None:
    """Results with the same seed, choices and justifications as another student's are
    flagged: a copied file with a new name and a recomputed chain still replays."""
    first: dict[str, Graded] = {}
    for g in graded:
        if g.result is None or not g.result.get("choices"):
            continue
        if not any(str(c.get("justification", "")).strip() for c in g.result["choices"]):
            continue  # without justifications, equal choices are no evidence of copying
        key = canonical([g.result.get("seed"), g.result["choices"]])
        if key in first and first[key].student != g.student:
            g.notes.append(f"same choices and justifications as {first[key].student} ({first[key].file})")
        first.setdefault(key, g)


def table(rows: list[Graded], challenge: Challenge) -> str:
    """A plain text table: name, score, pass, ending, verified."""
    head = ("name", "score", "pass", "ending", "verified")
    body = []
    for r in rows:
        if r.unreadable:
            body.append((Path(r.file).name, "-", "-", "-", "unreadable"))
            continue
        score_text = "-" if r.score is None else f"{r.score:g}/{r.max_score:g}"
        passed = "-" if r.passed is None else ("pass" if r.passed else "fail")
        body.append((r.student or "?", score_text, passed, r.ending or "-",
                     "yes" if r.verified else "NO"))
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(row, widths)).rstrip() for row in (head, *body)]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_csv(rows: list[Graded], challenge: Challenge, path: str | Path) -> None:
    objective_ids = [o.id for o in challenge.objectives]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "name", "score", "max_score", "passed", "ending", "verified",
                         *objective_ids, "problems"])
        for r in rows:
            problems = "; ".join(str(d) for d in r.unreadable) if r.unreadable else "; ".join(r.problems + r.notes)
            writer.writerow([
                r.file, r.student, "" if r.score is None else f"{r.score:g}", f"{r.max_score:g}",
                "" if r.passed is None else ("yes" if r.passed else "no"), r.ending,
                "unreadable" if r.unreadable else ("yes" if r.verified else "no"),
                *[("yes" if r.objectives[o] else "no") if o in r.objectives else "" for o in objective_ids],
                problems,
            ])
