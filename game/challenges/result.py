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
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..engine import Game
from ..engine.dates import iso
from ..scenario.diagnostics import Diagnostics
from .load import Challenge
from .run import ChallengeRun, Score, score

FORMAT = "collective-security-result"
VERSION = 1
MAX_BYTES = 5_000_000


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def header(result: dict) -> dict:
    """The part of a result the chain starts from."""
    return {
        "challenge": result.get("challenge", {}).get("id"),
        "challenge_sha256": result.get("challenge", {}).get("sha256"),
        "scenario_sha256": result.get("scenario", {}).get("sha256"),
        "seed": result.get("seed"),
        "settings": result.get("settings"),
        "student": result.get("student"),
    }


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


def choices_json(challenge: Challenge, choices) -> list[dict]:
    spec = challenge.spec
    rows = []
    for c in choices:
        options = spec.event(c.event).options[c.power]
        history = next((o.id for o in options if o.historical), None)
        rows.append({"event": c.event, "power": c.power, "option": c.option, "date": c.date,
                     "justification": c.justification, "historical": history})
    return rows


def build_result(run: ChallengeRun, student: str) -> dict:
    """The result file's content for a finished attempt."""
    challenge, game = run.challenge, run.game
    final = score(challenge, game)
    ending = game.ending()
    result: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "challenge": {"id": challenge.id, "title": challenge.title, "sha256": challenge.sha256,
                      "file": challenge.path.name},
        "scenario": {"id": challenge.spec.id, "sha256": challenge.scenario_sha256,
                     "file": challenge.scenario_path.name},
        "student": student,
        "seed": run.seed,
        "settings": dict(game.settings),
        "powers": list(challenge.powers),
        "saved": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "rewinds": run.rewinds,
        "choices": choices_json(challenge, run.choices),
        "score": final.points,
        "max_score": final.max_points,
        "pass_mark": challenge.pass_mark,
        "passed": final.passed,
        "objectives": objectives_json(final),
        "ending": None if ending is None else {"id": ending.id, "title": ending.title, "date": iso(ending.date)},
    }
    result["turns"] = turn_records(game, result["choices"])
    result["genesis"] = genesis(result)
    result["chain"] = chain(result, result["turns"])
    return result


def dumps(result: dict) -> str:
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def default_filename(challenge: Challenge, student: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "_", student).strip("_").lower() or "student"
    return f"{challenge.id}-{slug}.json"


def save_result(result: dict, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(dumps(result), encoding="utf-8")
    return path


# ------------------------------------------------------------------------- reading
REQUIRED = {
    "format": str, "challenge": dict, "scenario": dict, "student": str, "seed": int,
    "settings": dict, "choices": list, "score": (int, float), "passed": bool,
    "objectives": list, "turns": list, "chain": list,
}


def read_result(path: str | Path) -> tuple[dict | None, Diagnostics]:
    """Read a result file; a truncated or garbled one gives a positioned error instead."""
    path = Path(path)
    diagnostics = Diagnostics(str(path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        diagnostics.error(1, 1, "no such file")
        return None, diagnostics
    except OSError as exc:
        diagnostics.error(1, 1, f"cannot read file: {exc.strerror or exc}")
        return None, diagnostics
    if len(data) > MAX_BYTES:
        diagnostics.error(1, 1, f"file is {len(data):,} bytes; result files are limited to {MAX_BYTES:,}")
        return None, diagnostics
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        diagnostics.error(before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1,
                          "not UTF-8 text: this is not a result file")
        return None, diagnostics
    if not text.strip():
        diagnostics.error(1, 1, "the file is empty")
        return None, diagnostics
    try:
        result = json.loads(text)
    except json.JSONDecodeError as exc:
        cut = exc.pos >= len(text.rstrip()) or not text.rstrip().endswith("}")
        hint = " (the file looks cut short)" if cut else ""
        diagnostics.error(exc.lineno, exc.colno, f"not valid JSON: {exc.msg}{hint}")
        return None, diagnostics
    except RecursionError:
        diagnostics.error(1, 1, "not a result file: nested too deeply")
        return None, diagnostics
    if not isinstance(result, dict) or result.get("format") != FORMAT:
        diagnostics.error(1, 1, f"not a result file (no \"format\": \"{FORMAT}\")")
        return None, diagnostics
    for key, kind in REQUIRED.items():
        if key not in result:
            diagnostics.error(*_key_position(text, key), f"missing \"{key}\"")
        elif not isinstance(result[key], kind) or (kind is int and isinstance(result[key], bool)):
            diagnostics.error(*_key_position(text, key), f"\"{key}\" has the wrong type")
    for i, choice in enumerate(result.get("choices") or []):
        if not (isinstance(choice, dict) and all(isinstance(choice.get(k), str)
                                                 for k in ("event", "power", "option"))):
            diagnostics.error(*_key_position(text, "choices"), f"choice {i + 1} is not "
                              "{\"event\", \"power\", \"option\"}")
            break
    if diagnostics.errors:
        return None, diagnostics
    return result, diagnostics


def _key_position(text: str, key: str) -> tuple[int, int]:
    """Line and column of a top-level key in JSON text (best effort)."""
    match = re.search(r'^\s*"' + re.escape(key) + r'"\s*:', text, re.M)
    if not match:
        return 1, 1
    start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1
