"""Grading: re-run every submitted result from its seed and choices and compare.

A result is *verified* when it was made for this version of the challenge and scenario, its
hash chain is whole, every choice replays legally (and keeps the challenge's constraints),
and the re-run game gives the same turns, objectives, score, pass and ending as the file.
Otherwise each difference is named. Every recorded field counts: the turns and choices
(with their justifications and the recorded historical options), the dates, the lifted
constraints, the score (and, for a challenge scored over many worlds, the expected score
and the share of worlds per objective), and through the chain the name, seed, rewinds and
everything else in the header.

A copy (the same choices as another student's file, with justifications that match once
case, spacing and punctuation are ignored, or nearly so) is a verdict of its own that fails
grading unless the teacher allows copies. One bad file never stops the class: anything
that cannot be read or checked is an "unreadable" row with the reason.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..engine import IllegalChoice
from ..fileio import write_atomic
from ..scenario.diagnostics import Diagnostic
from ..text import csv_cell, shown
from .gradebook import problem_field
from .load import Challenge
from .result import chain, choices_json, genesis, objectives_json, read_result, turn_records
from .run import Choice, new_game, score

SIMILAR = 0.9  # justifications this similar (after normalising) with the same choices: a copy


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
    seed: int | None = None
    copy_of: str = ""  # "Name (file)" of the earlier result this one copies
    copies_allowed: bool = False
    version_file: str = ""  # an older challenge file the teacher kept, which this result was graded against

    @property
    def status(self) -> str:
        if self.unreadable:
            return "unreadable"
        if self.copy_of and not self.copies_allowed:
            return "copied"
        return "verified" if self.verified else "NOT VERIFIED"

    @property
    def verdict(self) -> str:
        """One word for the table: verified, tampered, copied, other version or unreadable."""
        if self.unreadable:
            return "unreadable"
        if self.copy_of and not self.copies_allowed:
            return "copied"
        if self.verified:
            return "other version" if self.version_file else "verified"
        kinds = {problem_field(p)[0] for p in self.problems}
        return "other version" if "version" in kinds else "tampered"

    @property
    def why(self) -> str:
        """What the verdict rests on, in a few words: the fields at fault, whom it copies, which
        version it was made with, why it cannot be read."""
        verdict = self.verdict
        if verdict == "unreadable":
            return shown(self.unreadable[0].message, 80) if self.unreadable else ""
        if verdict == "copied":
            return f"from {self.copy_of}"
        kept = f"graded against {Path(self.version_file).name}" if self.version_file else ""
        if self.verified:
            allowed = f"same as {self.copy_of} (copies allowed)" if self.copy_of else ""
            return "; ".join(x for x in (f"made with {Path(self.version_file).name}, verified against it"
                                          if kept else "", allowed) if x)
        fields = [problem_field(p) for p in self.problems]
        if verdict == "other version":
            made = ", ".join(dict.fromkeys(label for kind, label in fields if kind == "version"))
            return f"{made}: keep that file and add it with another --challenge to grade it"
        named = list(dict.fromkeys(label for kind, label in fields if kind == "tampered"))
        named.sort(key=lambda label: label.startswith("hash chain"))  # the field itself first, then the chain
        shown_fields = ", ".join(named[:4]) + (f" and {len(named) - 4} more" if len(named) > 4 else "")
        return "; ".join(x for x in (shown_fields, kept) if x)

    @property
    def accepted(self) -> bool:
        """Verified, and not a copy (unless the teacher allows copies)."""
        return self.status == "verified"


def verify(result: dict, challenge: Challenge, file: str = "") -> Graded:
    """Re-simulate ``result`` under ``challenge`` and list every mismatch.

    ``result`` is a dict that passed :func:`game.challenges.result.parse_result` (its shape
    is checked); anything else is reported as a problem, never raised.
    """
    g = Graded(file=file, student=str(result.get("student", "")), max_score=challenge.max_score, result=result)
    seed = result.get("seed")
    g.seed = seed if type(seed) is int else None
    problems = g.problems
    claimed = result.get("challenge", {})
    if claimed.get("id") != challenge.id:
        problems.append(f"made for challenge '{shown(claimed.get('id'), 60)}', not '{challenge.id}'")
    elif claimed.get("sha256") != challenge.sha256:
        problems.append(f"challenge version differs: the result was made with a challenge file whose sha256 "
                        f"is {shown(claimed.get('sha256'), 12)}..., you are grading with {challenge.sha256[:12]}...")
    scenario_sha = result.get("scenario", {}).get("sha256")
    if scenario_sha != challenge.scenario_sha256:
        problems.append(f"scenario version differs: sha256 {shown(scenario_sha, 12)}... in the result, "
                        f"{challenge.scenario_sha256[:12]}... here")
    if challenge.seed is not None and seed != challenge.seed:
        problems.append(f"seed {shown(seed, 30)} is not the challenge's fixed seed {challenge.seed}")
    settings = dict(challenge.spec.default_settings())
    settings.update(challenge.settings)
    if result.get("settings") != settings:
        problems.append(f"settings differ: {shown(result.get('settings'), 120)} in the result, "
                        f"{settings} in the challenge")
    chance = result.get("chance")
    if result.get("version", 1) >= 2 or chance is not None:
        from .result import chance_json

        if chance != chance_json(challenge):
            problems.append(f"chance differs: {shown(chance, 80)} in the result, "
                            f"{chance_json(challenge)} in the challenge")
    elif challenge.worlds > 1:
        problems.append("the challenge is scored over many worlds, but the result was made by an older version "
                        "of the game that scored one world; ask the student to play it again")

    # The chain, as stored.
    turns, links = result.get("turns", []), result.get("chain", [])
    stored_genesis = result.get("genesis")
    if stored_genesis != genesis(result):
        problems.append("broken chain at its start: the name, seed, settings, rewinds or another recorded field "
                        "was edited after the file was saved")
    expected = chain(result, turns, start=stored_genesis if isinstance(stored_genesis, str) else None)
    if len(links) != len(turns):
        problems.append(f"broken chain: {len(turns)} turns but {len(links)} links")
    for i, (a, b) in enumerate(zip(expected, links)):
        if a != b:
            turn = turns[i] if isinstance(turns[i], dict) else {}
            problems.append(f"broken chain at turn {i + 1} ({shown(turn.get('event', '?'), 60)}): the file was "
                            "edited after it was saved")
            break

    # Re-run the game from seed + choices, noting where play lifted a constraint.
    recorded = result.get("choices", [])
    keys = [(c["event"], c["power"], c["option"]) for c in recorded]
    g.score = result.get("score")
    g.passed = result.get("passed")
    ending = result.get("ending") or {}
    g.ending = str(ending.get("id", "")) if isinstance(ending, dict) else ""
    try:
        game, lifted = replay(challenge, g.seed or 0, keys)
    except IllegalChoice as exc:
        problems.append(f"choices do not replay: {exc.reason}")
        return g
    for number, c in enumerate(recorded, 1):
        reason = challenge.is_forbidden(c["event"], c["power"], c["option"])
        if reason and (c["event"], c["power"]) not in lifted:
            problems.append(f"choice {number} ({shown(c['event'], 60)}: {shown(c['option'], 60)}) breaks a "
                            f"constraint: {reason}")
        if challenge.justification and len(str(c.get("justification", "")).split()) < max(1, challenge.min_words):
            problems.append(f"choice {number} ({shown(c['event'], 60)}) lacks the required justification")
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
                                              str(c.get("justification", ""))) for c in recorded], lifted)
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
    for number, (mine, theirs) in enumerate(zip(recorded, choices), 1):
        expected_row = dict(theirs, date=mine.get("date", ""))
        if result.get("version", 1) < 2:
            expected_row.pop("lifted", None)
        different = sorted(k for k in set(mine) | set(expected_row) if mine.get(k) != expected_row.get(k))
        if different:
            problems.append(f"choice {number} ({shown(mine['event'], 60)}) differs from the re-run in "
                            f"{', '.join(shown(k, 30) for k in different[:5])}")
    claimed_score, claimed_pass = result.get("score"), result.get("passed")
    expected_score, expected_pass = final.points, final.passed
    claimed_objectives = {o.get("id"): o for o in result.get("objectives", []) if isinstance(o, dict)}
    if challenge.worlds > 1 and chance is not None:
        from .worlds import score_worlds

        outcome = score_worlds(challenge, keys)
        if result.get("played_score") != final.points:
            problems.append(f"played score differs: the file says {shown(result.get('played_score'), 20)}, "
                            f"the re-run gives {final.points:g}")
        expected_score, expected_pass = outcome.expected, outcome.passed
        g.score, g.passed = outcome.expected, outcome.passed
        for o, share in zip(challenge.objectives, outcome.shares):
            claimed_share = (claimed_objectives.get(o.id) or {}).get("share")
            if claimed_share != share:
                problems.append(f"objective '{o.id}' differs: the file says it held in "
                                f"{shown(claimed_share, 20)} of the worlds, the re-run {share:g}")
    if claimed_score != expected_score:
        problems.append(f"score differs: the file says {shown(claimed_score, 30)}, the re-run gives {expected_score:g}")
    if claimed_pass != expected_pass:
        problems.append(f"pass differs: the file says {shown(claimed_pass, 10)}, the re-run gives {expected_pass}")
    for obj in objectives_json(final):
        met = (claimed_objectives.get(obj["id"]) or {}).get("met")
        if met != obj["met"]:
            problems.append(f"objective '{obj['id']}' differs: the file says "
                            f"{'met' if met else 'not met'}, the re-run "
                            f"{'met' if obj['met'] else 'not met'}")
    claimed_ending = ending.get("id") if isinstance(ending, dict) else None
    if claimed_ending != g.ending:
        problems.append(f"ending differs: the file says '{shown(claimed_ending, 60)}', the re-run '{g.ending}'")
    g.verified = not problems
    return g


def replay(challenge: Challenge, seed: int, keys: list[tuple[str, str, str]]):
    """(game, lifted): the re-run game and the (event, power) decisions at which every option
    the engine allowed was forbidden, so play lifted the constraint. Raises IllegalChoice."""
    game = new_game(challenge, seed)
    lifted: set[tuple[str, str]] = set()
    for number, (event_id, power, option_id) in enumerate(keys, 1):
        decision = game.decision()
        if decision is None:
            raise IllegalChoice(f"choice {number} ({event_id}: {power} -> {option_id}) comes after the game ended")
        if (decision.event.id, decision.power) != (event_id, power):
            raise IllegalChoice(f"choice {number} is for {event_id}/{power}, but the game asks "
                                f"{decision.event.id}/{decision.power}")
        legal = [v.id for v in decision.options if v.legal]
        if legal and all(challenge.is_forbidden(event_id, power, o) for o in legal):
            lifted.add((event_id, power))
        game.apply(option_id)
    return game, lifted


def _dated(challenge: Challenge, game, keys) -> list[dict]:
    """The date each recorded choice was made, from the re-run's turns."""
    dates = {t.event: t.date for t in game.turns}
    from ..engine.dates import iso

    return [{"date": iso(dates[e]) if e in dates else ""} for e, _, _ in keys]


def _turn_text(turn: dict) -> str:
    if not isinstance(turn, dict):
        return shown(repr(turn), 60)
    choices = ", ".join(f"{p}: {o}" for p, o in (turn.get("choices") or {}).items())
    return shown(f"{turn.get('event')} on {turn.get('date')} ({choices or 'no choices'})", 160)


def grade_files(paths: list[str], challenge: Challenge, allow_copies: bool = False,
                kept: list[Challenge] | tuple[Challenge, ...] = ()) -> list[Graded]:
    """Grade every file; one that cannot be read or checked is an "unreadable" row.

    ``kept`` are older versions of the challenge file the teacher kept: a result made with one
    of them (same id and sha256) is graded against it, and its verdict says so."""
    graded = []
    for path in paths:
        result, diagnostics = read_result(path)
        if result is None:
            graded.append(Graded(file=str(path), unreadable=diagnostics.sorted()))
            continue
        try:
            against = _version_of(result, challenge, kept)
            row = verify(result, against, file=str(path))
            if against is not challenge:
                row.version_file = str(against.path)
        except Exception as exc:  # noqa: BLE001 - one file must never stop the class
            row = Graded(file=str(path), unreadable=[Diagnostic(str(path), 1, 1, "error",
                                                                 f"cannot be checked: {shown(exc, 160)}")])
        row.copies_allowed = allow_copies
        graded.append(row)
    mark_copies(graded)
    return graded


def _version_of(result: dict, challenge: Challenge, kept) -> Challenge:
    """The challenge file a result was made with, among the current one and those kept."""
    made = result.get("challenge")
    if not isinstance(made, dict) or made.get("sha256") == challenge.sha256:
        return challenge
    return next((c for c in kept if c.id == made.get("id") and c.sha256 == made.get("sha256")), challenge)


def normalise(text: object) -> str:
    """Justification text with case, spacing and punctuation ignored."""
    return " ".join(re.sub(r"[^\w\s]", " ", str(text).casefold()).split())


def _evidence(g: Graded) -> tuple[tuple, str] | None:
    choices = (g.result or {}).get("choices") or []
    words = " | ".join(normalise(c.get("justification", "")) for c in choices)
    if not choices or not words.replace("|", "").strip():
        return None  # without justifications, equal choices are no evidence of copying
    return tuple((c.get("event"), c.get("power"), c.get("option")) for c in choices), words


def mark_copies(graded: list[Graded]) -> None:
    """Flag results whose choices equal another student's and whose justifications are the same
    or nearly so after normalising: a copied file with a new name and a recomputed chain still
    replays. The earliest saved of a group is the original; the others are copies of it."""
    groups: dict[tuple, list[tuple[Graded, str]]] = {}
    for g in graded:
        if not g.verified:
            continue  # an edited or broken file is failed already; it must not make an honest one a "copy"
        evidence = _evidence(g)
        if evidence is not None:
            groups.setdefault(evidence[0], []).append((g, evidence[1]))
    for members in groups.values():
        members.sort(key=lambda m: (str((m[0].result or {}).get("saved", "")), m[0].file))
        for i, (g, words) in enumerate(members):
            for original, their_words in members[:i]:
                if original.student == g.student and original.result == g.result:
                    continue
                if words == their_words or difflib.SequenceMatcher(None, words, their_words).ratio() >= SIMILAR:
                    g.copy_of = f"{shown(original.student, 60)} ({original.file})"
                    g.notes.append(f"copied: same choices and justifications as {g.copy_of}")
                    original.notes.append(f"{shown(g.student, 60)} ({g.file}) handed in the same choices and "
                                          "justifications")
                    break


def ending_title(challenge: Challenge, ending_id: str) -> str:
    return next((e.title for e in challenge.spec.endings if e.id == ending_id), ending_id)


def table(rows: list[Graded], challenge: Challenge) -> str:
    """A plain text table, one line per result: name, file, seed, score, pass, ending, verdict
    and why. Names are cleaned: no control characters reach the terminal and each result
    stays on one line."""
    head = ("name", "file", "seed", "score", "pass", "ending", "verdict", "why")
    body = []
    for r in rows:
        verdict = r.verdict if r.verdict == "verified" else r.verdict.upper()
        if r.unreadable:
            body.append(("-", _file_name(r.file, challenge), "-", "-", "-", "-", verdict, shown(r.why, 70)))
            continue
        score_text = "-" if r.score is None else f"{_number(r.score)}/{r.max_score:g}"
        passed = "-" if r.passed is None else ("pass" if r.passed else "fail")
        body.append((shown(r.student, 30) or "?", _file_name(r.file, challenge),
                     "-" if r.seed is None else str(r.seed), score_text, passed,
                     shown(ending_title(challenge, r.ending), 30) if r.ending else "-", verdict, shown(r.why, 70)))
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(row, widths)).rstrip() for row in (head, *body)]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _file_name(file: str, challenge: Challenge) -> str:
    """The file's name without the folder and the '<challenge id>-' every result starts with."""
    name = Path(file).name
    prefix = f"{challenge.id}-"
    return shown(name[len(prefix):] if name.startswith(prefix) and len(name) > len(prefix) else name, 30)


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else shown(value, 20)


def _option_text(challenge: Challenge, event: str, power: str, option: str) -> str:
    try:
        options = challenge.spec.event(event).options[power]
    except (KeyError, ValueError):
        return str(option)
    return next((o.text for o in options if o.id == option), str(option))


def _event_title(challenge: Challenge, event: str) -> str:
    try:
        return challenge.spec.event(event).title
    except (KeyError, ValueError):
        return str(event)


def csv_text(rows: list[Graded], challenge: Challenge, missing: Sequence[str] = ()) -> str:
    """The class as CSV (UTF-8 with a byte order mark, so spreadsheets read accents): one row per
    result with the name, verdict and why, score, the ending's title, one column per objective
    (headed by its text: yes/no, or the share of worlds), and every choice with its
    justification; then one row per roster name with no result. Every cell is cleaned and
    formula-neutralised."""
    objectives = challenge.objectives
    width = max([len((r.result or {}).get("choices") or []) for r in rows] + [0])
    handle = io.StringIO()
    writer = csv.writer(handle, lineterminator="\r\n")
    head = ["name", "file", "verdict", "why", "seed", "score", "max_score", "passed", "ending",
            *[o.text for o in objectives]]
    for i in range(1, width + 1):
        head += [f"decision {i}", f"choice {i}", f"justification {i}"]
    writer.writerow([csv_cell(x) for x in (*head, "problems", "notes")])
    worlds = challenge.worlds > 1
    for r in rows:
        result = r.result or {}
        shares = {o.get("id"): o.get("share") for o in result.get("objectives") or [] if isinstance(o, dict)}
        cells: list[object] = [
            r.student, r.file, r.verdict, r.why,
            "" if r.seed is None else r.seed, "" if r.score is None else _number(r.score), f"{r.max_score:g}",
            "" if r.passed is None else ("yes" if r.passed else "no"),
            ending_title(challenge, r.ending) if r.ending else "",
        ]
        for o in objectives:
            if o.id not in r.objectives:
                cells.append("")
            elif worlds and isinstance(shares.get(o.id), (int, float)):
                cells.append(f"{shares[o.id]:.0%} of worlds")
            else:
                cells.append("yes" if r.objectives[o.id] else "no")
        choices = [c for c in result.get("choices") or [] if isinstance(c, dict)]
        for c in choices:
            event, power, option = str(c.get("event", "")), str(c.get("power", "")), str(c.get("option", ""))
            cells += [_event_title(challenge, event), _option_text(challenge, event, power, option),
                      c.get("justification", "")]
        cells += [""] * (3 * (width - len(choices)))
        problems = "; ".join(str(d) for d in r.unreadable) if r.unreadable else "; ".join(r.problems)
        cells += [problems, "; ".join(r.notes)]
        writer.writerow([csv_cell(x) for x in cells])
    for name in missing:
        writer.writerow([csv_cell(x) for x in (name, "", "not submitted")])
    return "\ufeff" + handle.getvalue()


def write_csv(rows: list[Graded], challenge: Challenge, path: str | Path, missing: Sequence[str] = ()) -> Path:
    """Write the CSV atomically (raises OSError; no partial file is left)."""
    return write_atomic(Path(path), csv_text(rows, challenge, missing))
