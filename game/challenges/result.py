"""Result files: what a student hands in.

A result is JSON: the challenge id and the SHA-256 of the challenge and scenario files, the
seed and settings, the student's name, every choice with its justification, the score and
objective results, the ending, the turns and a hash chain over them:

    link[0] = sha256(genesis + canonical(turn[0]))
    link[i] = sha256(link[i-1] + canonical(turn[i]))

where ``genesis`` is the sha256 of the canonical header (challenge, scenario, seed,
settings, student) and ``canonical`` is JSON with sorted keys and no spaces. The chain
catches a hand-edited turn; grading goes further and re-runs the whole game from the seed
and the choices, so an edited score or outcome is caught even if the chain was recomputed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Container
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..engine import Game
from ..engine.dates import iso
from ..fileio import Unreadable, read_limited, write_atomic
from ..scenario.diagnostics import Diagnostics
from ..text import ascii_fold, clean_text
from .load import Challenge
from .run import ChallengeRun, Score, score

FORMAT = "collective-security-result"
VERSION = 2  # 2: the chain's start covers every recorded field (rewinds, lifted constraints, chance)
MAX_BYTES = 5_000_000
# Fields outside the chain's start: the turns and the chain itself.
UNCHAINED = ("turns", "genesis", "chain")


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_text(text: str) -> str:
    # surrogatepass: a file may hold any JSON string, even a lone "\ud800"; hashing never fails
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def header(result: dict) -> dict:
    """The part of a result the chain starts from: in version 2 every field but the turns and
    the chain (so rewinds, lifted constraints and the date saved are covered too); version 1
    files kept only the challenge, scenario, seed, settings and student."""
    if result.get("version") == 1:
        return {
            "challenge": _get(result, "challenge", "id"),
            "challenge_sha256": _get(result, "challenge", "sha256"),
            "scenario_sha256": _get(result, "scenario", "sha256"),
            "seed": result.get("seed"),
            "settings": result.get("settings"),
            "student": result.get("student"),
        }
    return {k: v for k, v in result.items() if k not in UNCHAINED}


def _get(result: dict, part: str, key: str) -> Any:
    value = result.get(part)
    return value.get(key) if isinstance(value, dict) else None


def genesis(result: dict) -> str:
    return sha256_text(canonical(header(result)))


def chain(result: dict, turns: list[dict], start: str | None = None) -> list[str]:
    """The links over ``turns``, starting from the result's genesis (or ``start``)."""
    link = genesis(result) if start is None else start
    links = []
    for turn in turns:
        link = sha256_text(link + canonical(turn))
        links.append(link)
    return links


def turn_records(game: Game, choices: list[dict]) -> list[dict]:
    """The turns as recorded in a result: who chose what, which rules fired, justifications."""
    said = {(c["event"], c["power"]): c.get("justification", "") for c in choices}
    records = []
    for turn in game.turns:
        student = {power: {"option": option, "justification": said[(turn.event, power)]}
                   for power, option in turn.choices.items() if (turn.event, power) in said}
        records.append({
            "turn": turn.turn,
            "date": iso(turn.date),
            "event": turn.event,
            "choices": dict(turn.choices),
            "student": student,
            "fired": [entry.rule for entry in turn.log if entry.kind != "choice" and entry.rule],
        })
    return records


def objectives_json(result_score: Score) -> list[dict]:
    return [{
        "id": s.objective.id, "text": s.objective.text, "checked": s.objective.checked,
        "points": s.objective.points, "required": s.objective.required, "met": bool(s.met and s.final),
    } for s in result_score.statuses]


def choices_json(challenge: Challenge, choices, lifted: Container[tuple[str, str]] = frozenset()) -> list[dict]:
    """One row per choice; ``lifted`` marks the decisions where the game lifted a constraint
    that forbade every option (recorded so grading applies the constraint as play did)."""
    spec = challenge.spec
    rows = []
    for c in choices:
        options = spec.event(c.event).options[c.power]
        history = next((o.id for o in options if o.historical), None)
        row = {"event": c.event, "power": c.power, "option": c.option, "date": c.date,
               "justification": clean_text(c.justification), "historical": history}
        if (c.event, c.power) in lifted:
            row["lifted"] = True
        rows.append(row)
    return rows


def build_result(run: ChallengeRun, student: str) -> dict:
    """The result file's content for a finished attempt."""
    challenge, game = run.challenge, run.game
    final = score(challenge, game)
    ending = game.ending()
    student = clean_name(student)
    result: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "challenge": {"id": challenge.id, "title": challenge.title, "sha256": challenge.sha256,
                      "file": challenge.path.name},
        "scenario": {"id": challenge.spec.id, "sha256": challenge.scenario_sha256,
                     "file": challenge.scenario_path.name},
        "student": student,
        "seed": run.seed,
        "chance": chance_json(challenge),
        "settings": dict(game.settings),
        "powers": list(challenge.powers),
        "saved": datetime.now(UTC).isoformat(timespec="seconds"),
        "rewinds": run.rewinds,
        "choices": choices_json(challenge, run.choices, set(getattr(run, "lifted", ()))),
        "score": final.points,
        "max_score": final.max_points,
        "pass_mark": challenge.pass_mark,
        "passed": final.passed,
        "objectives": objectives_json(final),
        "ending": None if ending is None else {"id": ending.id, "title": ending.title, "date": iso(ending.date)},
    }
    if challenge.worlds > 1:
        add_worlds_score(result, challenge, [c.key() for c in run.choices])
    result["turns"] = turn_records(game, result["choices"])
    result["genesis"] = genesis(result)
    result["chain"] = chain(result, result["turns"])
    return result


def chance_json(challenge: Challenge) -> dict:
    """How chance was handled: one fixed world, or the expected score over many worlds."""
    if challenge.worlds > 1:
        return {"mode": "worlds", "worlds": challenge.worlds, "seed": challenge.worlds_seed}
    return {"mode": "fixed", "seed": challenge.seed}


def add_worlds_score(result: dict, challenge: Challenge, keys: list[tuple[str, str, str]]) -> None:
    """Score over many worlds: ``score`` and ``passed`` become the expected score and its pass,
    each objective gets the share of worlds where it held; the world played stays recorded."""
    from .worlds import score_worlds

    outcome = score_worlds(challenge, keys)
    result["played_score"] = result["score"]
    result["played_passed"] = result["passed"]
    result["score"] = outcome.expected
    result["passed"] = outcome.passed
    for row, share in zip(result["objectives"], outcome.shares):
        row["share"] = share


def clean_name(name: str, limit: int = 80) -> str:
    """A student's name as stored: one line of printable text, at most ``limit`` characters."""
    return " ".join(clean_text(name, printable=True).split())[:limit]


def dumps(result: dict) -> str:
    return json.dumps(result, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def default_filename(challenge: Challenge, student: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "_", ascii_fold(student)).strip("_").lower()[:60] or "student"
    return f"{challenge.id}-{slug}.json"


def save_result(result: dict, path: str | Path) -> Path:
    """Write the result atomically (complete or not at all); raises OSError on failure."""
    return write_atomic(Path(path), dumps(result))


class ResultNotSaved(Exception):
    """The result could not be written where asked. ``reason`` says why; ``fallback`` is the
    copy kept in the user folder (None if even that failed): the attempt is not lost."""

    def __init__(self, path: Path, reason: str, fallback: Path | None) -> None:
        self.path, self.reason, self.fallback = path, reason, fallback
        kept = f"; a copy is kept in {fallback}" if fallback else "; no copy could be kept either"
        super().__init__(f"could not save {path}: {reason}{kept}")


def write_result(result: dict, path: str | Path, fallback_dir: Path | None = None) -> Path:
    """Save ``result`` at ``path`` and return it. If that fails, a copy goes to the user's
    results folder (or ``fallback_dir``) and :class:`ResultNotSaved` says where, so the caller
    can offer another place."""
    path = Path(path)
    try:
        return save_result(result, path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
    fallback: Path | None = None
    try:
        folder = fallback_dir if fallback_dir is not None else _results_dir()
        folder.mkdir(parents=True, exist_ok=True)
        candidate = unused_path(folder / (path.name if len(path.name) <= 120 else "result.json"))
        fallback = save_result(result, candidate)
    except OSError:
        fallback = None
    raise ResultNotSaved(path, reason, fallback)


def _results_dir() -> Path:
    try:
        from ..userdirs import user_output_dir  # the user's folder for results (game.userdirs)

        return Path(user_output_dir()) / "results"
    except ImportError:  # pragma: no cover - before game.userdirs exists
        import platformdirs

        return Path(platformdirs.user_documents_dir()) / "Collective Security" / "results"


def unused_path(path: Path) -> Path:
    """``path``, or ``NAME-2.json``, ``NAME-3.json`` ... if it exists: never overwrite a result."""
    stem, number = path.stem, 2
    while path.exists():
        path = path.with_name(f"{stem}-{number}{path.suffix}")
        number += 1
    return path


# ------------------------------------------------------------------------- reading
def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a result may hold")


def read_result(path: str | Path) -> tuple[dict | None, Diagnostics]:
    """Read a result file; a truncated, garbled or wrongly shaped one gives a positioned error."""
    path = Path(path)
    diagnostics = Diagnostics(str(path))
    try:
        data = read_limited(path, MAX_BYTES, "result files")
    except Unreadable as exc:
        diagnostics.error(1, 1, str(exc))
        return None, diagnostics
    result = parse_result(data, diagnostics)
    return result, diagnostics


def parse_result(data: bytes, diagnostics: Diagnostics) -> dict | None:
    """Result bytes -> the checked result dict, or None with diagnostics."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        diagnostics.error(before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1,
                          "not UTF-8 text: this is not a result file")
        return None
    if not text.strip():
        diagnostics.error(1, 1, "the file is empty")
        return None
    try:
        result = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        cut = exc.pos >= len(text.rstrip()) or not text.rstrip().endswith("}")
        hint = " (the file looks cut short)" if cut else ""
        diagnostics.error(exc.lineno, exc.colno, f"not valid JSON: {exc.msg}{hint}")
        return None
    except RecursionError:
        diagnostics.error(1, 1, "not a result file: nested too deeply")
        return None
    except ValueError as exc:  # NaN/Infinity, or an integer of thousands of digits
        diagnostics.error(1, 1, f"not a result file: {str(exc)[:120]}")
        return None
    if not isinstance(result, dict) or result.get("format") != FORMAT:
        diagnostics.error(1, 1, f"not a result file (no \"format\": \"{FORMAT}\")")
        return None
    version = result.get("version")
    if type(version) is not int or not 1 <= version <= VERSION:
        diagnostics.error(*_key_position(text, "version"),
                          f"result format version {str(version)[:20]} is not one this game reads (1 to {VERSION}); "
                          "the file was made by another version of the game")
        return None
    from .result_model import ResultFile

    try:
        ResultFile.model_validate(result)
    except ValidationError as exc:
        for error in exc.errors()[:20]:
            where = ".".join(str(part) for part in error["loc"])
            line, col = _key_position(text, str(error["loc"][0])) if error["loc"] else (1, 1)
            diagnostics.error(line, col, f"\"{where}\": {error['msg']}")
        return None
    return result


def _key_position(text: str, key: str) -> tuple[int, int]:
    """Line and column of a top-level key in JSON text (best effort)."""
    match = re.search(r'^\s*"' + re.escape(key) + r'"\s*:', text, re.M)
    if not match:
        return 1, 1
    start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1
