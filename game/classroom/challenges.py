"""Challenges on the server: uploaded files, students' attempts and the class's grades.

The server keeps a challenge's text in the database. To load it with the game's own loader
(game/challenges), the text is written to a private folder of this process under its
uploaded name, so its problems read ``NAME.yaml:LINE:COL: error: ...`` exactly as
``python -m game validate NAME.yaml`` prints them. An attempt is a
:class:`~game.challenges.run.ChallengeRun` rebuilt from the stored choices; a finished
attempt's result is the result file ``play`` would save (``build_result``), and grading
runs ``grade_files`` over those files, so verdicts, columns and CSV are ``grade``'s own.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import threading
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from ..challenges.grade import Graded, csv_text, mark_copies
from ..challenges.load import Challenge, check_challenge
from ..challenges.result import build_result, default_filename
from ..challenges.run import ChallengeRun
from ..engine import IllegalChoice
from ..scenario.diagnostics import Diagnostic

MAX_CHALLENGE_BYTES = 512_000
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str) -> str:
    """An uploaded file's name reduced to a plain ``NAME.yaml`` (no folders, no odd characters)."""
    base = SAFE_NAME.sub("_", Path(name.replace("\\", "/")).name).strip("._") or "challenge"
    if not base.endswith((".yaml", ".yml")):
        base += ".yaml"
    return base[-120:]


class Library:
    """Challenge files materialised from the database into a private folder, loaded once each."""

    def __init__(self, engines: Any = None, grader: Any = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="cs-classroom-"))
        # workers.Engines and workers.grade, given by the server (workers imports this module)
        self.engines, self.grader = engines, grader
        self._loaded: dict[str, Challenge] = {}
        self._graded: dict[tuple[str, str], Future] = {}
        self._completed: dict[str, int] = {}
        self._tables: dict[str, tuple[tuple, list[Graded]]] = {}  # challenge sha -> (results, graded rows)
        self._lock = threading.Lock()

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def check(self, filename: str, data: bytes) -> tuple[Challenge | None, list[Diagnostic]]:
        """Check an upload: the challenge, or None, and every diagnostic (as ``validate``)."""
        sha = hashlib.sha256(data).hexdigest()
        path = self._write(sha, filename, data)
        challenge, diagnostics = check_challenge(path)
        shown = [Diagnostic(filename, d.line, d.col, d.severity, d.message.replace(str(path), filename))
                 for d in diagnostics.sorted()]
        if challenge is not None:
            with self._lock:
                self._loaded[sha] = challenge
        return challenge, shown

    def load(self, filename: str, text: str, sha: str) -> Challenge:
        with self._lock:
            if sha in self._loaded:
                return self._loaded[sha]
        challenge, _ = check_challenge(self._write(sha, filename, text.encode("utf-8")), warnings=False)
        if challenge is None:
            raise ValueError(f"the stored challenge {filename} no longer loads (has its scenario changed?)")
        with self._lock:
            self._loaded[sha] = challenge
        return challenge

    def _write(self, sha: str, filename: str, data: bytes) -> Path:
        folder = self.folder / "challenges" / sha
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / filename
        if not path.exists():
            path.write_bytes(data)
        return path

    # ----------------------------------------------------------------- grading
    # Results are given as the JSON text the database holds: hashing that text names a result
    # without parsing and re-serialising every result of the class on every look.
    def _grading(self, key: tuple[str, str, str], name: str, text: str) -> Future:
        """The grading of one result: done, under way, or started now in a worker process."""
        ident = (name, hashlib.sha256(text.encode("utf-8")).hexdigest())
        with self._lock:
            future = self._graded.get(ident)
            started = future is None or (future.done() and future.exception() is not None)
            if started:
                future = self.engines.submit_background(self.grader, key, name, text)
                self._graded[ident] = future
        assert future is not None
        if started:  # outside the lock: without worker processes the callback runs at once
            future.add_done_callback(lambda _: self._count(key[2]))
        return future

    def _count(self, sha: str) -> None:
        with self._lock:
            self._completed[sha] = self._completed.get(sha, 0) + 1

    def completed(self, sha: str) -> int:
        """How many gradings of this challenge have finished: part of the teacher's table's version."""
        with self._lock:
            return self._completed.get(sha, 0)

    def done(self, results: list[tuple[str, str]]) -> bool:
        """Whether every one of these ``(file name, stored text)`` results has been graded."""
        idents = [(name, hashlib.sha256(text.encode("utf-8")).hexdigest()) for name, text in results]
        with self._lock:
            futures = [self._graded.get(ident) for ident in idents]
        return all(f is not None and f.done() for f in futures)

    def grade_later(self, key: tuple[str, str, str], results: list[tuple[str, str]]) -> None:
        """Start grading whatever is not graded yet (after a restart, say), without waiting."""
        for name, text in results:
            self._grading(key, name, text)

    def prefetch(self, key: tuple[str, str, str], name: str, text: str) -> None:
        """Start grading a result as soon as it is stored: it is ready when the teacher looks."""
        self._grading(key, name, text)

    def grade(self, key: tuple[str, str, str], results: list[tuple[str, str]]) -> list[Graded]:
        """Grade ``(file name, stored text)`` results as ``grade`` grades those files in one folder.

        Each result is verified once, in a worker (re-simulation is the slow part), and kept;
        the class-wide copy check then runs over all of them, as in ``grade_files``.
        """
        futures = [self._grading(key, name, text) for name, text in results]
        # The class's table changes only when a result does: a report card or a student's page
        # asking again gets the rows made last time (callers only read them).
        idents = tuple((name, hashlib.sha256(text.encode("utf-8")).hexdigest()) for name, text in results)
        with self._lock:
            kept = self._tables.get(key[2])
        if kept is not None and kept[0] == idents:
            return kept[1]
        # The copy check writes only each row's notes and copy_of: a fresh row with its own notes,
        # the rest (the result file, read only) shared, rather than a deep copy of every result.
        rows = [replace(future.result(), notes=list(future.result().notes)) for future in futures]
        mark_copies(rows)
        with self._lock:
            self._tables[key[2]] = (idents, rows)
        return rows


def result_filename(challenge: Challenge, student: str, attempt_id: int) -> str:
    """The name of a result file: the one ``play`` suggests, made unique by the attempt."""
    return default_filename(challenge, student).removesuffix(".json") + f"-{attempt_id}.json"


def grades_csv(rows: list[Graded], challenge: Challenge) -> str:
    return csv_text(rows, challenge)


class _Rules:
    """Just the challenge, for ChallengeRun's own justification rule (it reads nothing else)."""

    def __init__(self, challenge: Challenge) -> None:
        self.challenge = challenge


def check_choice(challenge: Challenge, view: dict, option: str, justification: str) -> tuple[str, str, str, str, str]:
    """What ``ChallengeRun.apply`` checks, in its order and words, from the open decision as the
    page shows it (views.run_view): (event, power, option, date, justification) to store, or
    IllegalChoice. The server stores a decision with this and answers; a worker applies it after."""
    decision = view.get("decision")
    if decision is None or view.get("over"):
        raise IllegalChoice("no decision is open")
    chosen = next((v for v in decision.options if v.id == option), None)
    if chosen is not None and not chosen.legal:
        raise IllegalChoice(f"'{chosen.text}' is not possible: {chosen.reason}")
    problem = ChallengeRun.justification_problem(cast(ChallengeRun, _Rules(challenge)), justification)
    if problem:
        raise IllegalChoice(problem)
    if chosen is None:
        known = ", ".join(o.id for o in decision.options)
        raise IllegalChoice(f"{challenge.spec.power_name(decision.power)} has no option '{option}' in "
                            f"'{decision.event.title}'; options: {known}")
    return decision.event.id, decision.power, option, str(view["day"]), justification.strip()


@dataclass
class LiveAttempt:
    """One student's attempt in memory."""

    run: ChallengeRun

    @classmethod
    def build(cls, challenge: Challenge, seed: int, rewinds: int, choices: list[Any]) -> LiveAttempt:
        run = ChallengeRun(challenge, seed)
        for c in choices:
            run.apply(c.option, c.justification)
        run.rewinds = rewinds
        return cls(run)

    def choose(self, option: str, justification: str) -> tuple[str, str, str, str]:
        """Apply a choice; returns (event, power, option, date) to store. Raises IllegalChoice."""
        if self.run.is_over():
            raise IllegalChoice("the game is over")
        before = len(self.run.choices)
        self.run.apply(option, justification)
        made = self.run.choices[before]
        return made.event, made.power, made.option, made.date

    def result(self, student: str) -> dict:
        return build_result(self.run, student)
