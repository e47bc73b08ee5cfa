"""Engine work in worker processes, so the server's own process only answers requests.

Measured under the benchmark's load, the slow requests were not slow themselves: they waited
while another thread held Python's lock for engine work. Finishing a challenge plays the
rest of the game with the AI (about 0.3 s), and grading re-simulates each result (as long
again); a class of 30 finishing within a minute kept the server busy for most of it. Here
that work runs in a pool of processes, each with its own copies of the challenges:

* :func:`play` applies a student's choice, already checked and stored by the server, to the
  attempt rebuilt from its earlier stored choices (kept in the worker between calls while they
  match) and returns the next page's contents and, when the game is over, the result file;
* :func:`settle` does the same for an attempt as stored (after a restart, a result not stored);
* :func:`finished_view` gives an attempt's page contents from the kept run (after a restart,
  rebuilt);
* :func:`grade` verifies one result exactly as ``grade`` does (``grade_files``).

Each interactive worker is a pool of one process, and an attempt always goes to the same one
(by its id), so the run it keeps between decisions is there for the next decision: a decision
costs one step of the game, not a replay of every choice before it. Grading and the teacher's
what-if go to a separate background process at a lower priority, so a class finishing at
once never makes the next decision wait behind the gradings.

Nothing is stored here. The server commits a student's choice before it answers and before
a worker applies it; the result derives from the stored choices alone, so the server stores
it when the worker returns it, and at start for any attempt whose choices end the game but
whose result is missing (a crash in between). With ``processes=0`` the same functions run in the calling thread
(tests that build a Classroom without a server).
"""

from __future__ import annotations

import copy
import json
import multiprocessing
import os
import signal
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from ..challenges.grade import Graded, grade_files
from ..challenges.load import Challenge
from ..challenges.result import dumps
from .challenges import Library, LiveAttempt
from .views import run_view

T = TypeVar("T")
ChallengeKey = tuple[str, str, str]  # (file name, text, sha256) as stored
StoredChoice = tuple[str, str]  # (option, justification)

# ------------------------------------------------------------------ in the worker
_library: Library | None = None
_runs: OrderedDict[int, tuple[tuple, LiveAttempt]] = OrderedDict()
KEEP_RUNS = 200  # attempts kept in each worker between decisions
# Paths played in this worker: (challenge sha256, seed, options so far) -> the page there and,
# when the path ends the game, the finished run. The game depends on the seed and the options
# only (deterministic; the words do not count), and a class on a one-world challenge follows a
# handful of paths: each is played once per worker, not once per student.
_paths: OrderedDict[tuple, tuple[dict, LiveAttempt | None]] = OrderedDict()
KEEP_PATHS = 500
NICE = 2  # decisions and pages: just below the server's own process, which answers every request
BACKGROUND_NICE = 10  # grading and what-if: whatever the decisions leave


def _init_worker(nice: int = NICE) -> None:
    # Ctrl+C in the teacher's terminal reaches the whole process group: the server stops its
    # pool itself, so a worker must not die half-way through a job on the same signal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Answering a poll or a page takes milliseconds; a job here takes tenths of a second. On
    # a machine with few cores the server's own process should get the processor first.
    try:
        os.nice(nice)
    except OSError:  # not permitted here: run at the same priority
        pass
    # A server killed outright (kill -9, a crash) cannot stop its pool: a worker whose parent
    # is gone ends itself rather than wait for work forever.
    parent = os.getppid()
    threading.Thread(target=_end_with, args=(parent,), daemon=True, name="end-with-server").start()


def _end_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _challenge(key: ChallengeKey) -> Challenge:
    global _library
    if _library is None:
        _library = Library()
    filename, text, sha = key
    return _library.load(filename, text, sha)


class _Stored:
    def __init__(self, option: str, justification: str) -> None:
        self.option, self.justification = option, justification


def _attempt(attempt_id: int, key: ChallengeKey, seed: int, rewinds: int,
             stored: Sequence[StoredChoice]) -> LiveAttempt:
    """The attempt with exactly the stored choices: the kept one if it matches, else rebuilt."""
    ident = (key[2], seed, rewinds, tuple(stored))
    kept = _runs.get(attempt_id)
    if kept is not None and kept[0] == ident:
        _runs.move_to_end(attempt_id)
        return kept[1]
    live = LiveAttempt.build(_challenge(key), seed, rewinds, [_Stored(o, j) for o, j in stored])
    _keep(attempt_id, ident, live)
    return live


def _keep(attempt_id: int, ident: tuple, live: LiveAttempt) -> None:
    _runs[attempt_id] = (ident, live)
    _runs.move_to_end(attempt_id)
    while len(_runs) > KEEP_RUNS:
        _runs.popitem(last=False)


def _path(key: ChallengeKey, seed: int, stored: Sequence[StoredChoice]) -> tuple:
    return (key[2], seed, tuple(option for option, _ in stored))


def _shared(key: ChallengeKey, seed: int, rewinds: int, stored: Sequence[StoredChoice],
            student: str | None) -> dict | None:
    """What :func:`_outcome` gives, from a path another attempt has played here already: its
    page with this student's own justifications, and (``student`` given) this student's result
    from the same finished game. None when no attempt has played this path here yet."""
    path = _path(key, seed, stored)
    found = _paths.get(path)
    if found is None:
        return None
    _paths.move_to_end(path)
    view, finished = found
    # A path's choices differ between students only in their words (and the dates are the path's).
    choices = [replace(c, justification=words) for c, (_, words) in zip(view["choices"], stored, strict=True)]
    out: dict[str, Any] = dict(view=dict(view, choices=choices), over=finished is not None)
    if finished is not None and student is not None:
        run = copy.copy(finished.run)  # the finished game is only read; this student's choices and rewinds
        run.choices, run.rewinds = choices, rewinds
        out["result"] = LiveAttempt(run).result(student)
    return out


def _record(key: ChallengeKey, seed: int, stored: Sequence[StoredChoice], live: LiveAttempt, view: dict) -> None:
    """Keep a path's page, and its game once over (never changed again), for the next attempts."""
    path = _path(key, seed, stored)
    _paths[path] = (view, live if live.run.is_over() else None)
    _paths.move_to_end(path)
    while len(_paths) > KEEP_PATHS:
        _paths.popitem(last=False)


def play(attempt_id: int, key: ChallengeKey, seed: int, rewinds: int, stored: Sequence[StoredChoice],
         option: str, justification: str, student: str) -> dict:
    """Apply a choice the server has already checked and stored (raises IllegalChoice if it does
    not fit after all); returns the next page's contents (``view``), whether the game is over,
    and then the result. A path played here before is not played again."""
    shared = _shared(key, seed, rewinds, (*stored, (option, justification)), student)
    if shared is not None:
        _runs.pop(attempt_id, None)  # its kept run is a decision behind now
        return shared
    live = _attempt(attempt_id, key, seed, rewinds, stored)
    try:
        live.choose(option, justification)
    except BaseException:
        _runs.pop(attempt_id, None)  # a failed apply may leave the run half-changed
        raise
    made = live.run.choices[-1]
    after = (*tuple(stored), (made.option, made.justification))
    _keep(attempt_id, (key[2], seed, rewinds, after), live)
    return _outcome(key, seed, after, live, student)


def settle(attempt_id: int, key: ChallengeKey, seed: int, rewinds: int, stored: Sequence[StoredChoice],
           student: str) -> dict:
    """The page's contents of an attempt with exactly these stored choices, and its result if
    they end the game (an attempt whose result was not stored before a crash)."""
    shared = _shared(key, seed, rewinds, stored, student)
    if shared is not None:
        return shared
    return _outcome(key, seed, stored, _attempt(attempt_id, key, seed, rewinds, stored), student)


def _outcome(key: ChallengeKey, seed: int, stored: Sequence[StoredChoice], live: LiveAttempt, student: str) -> dict:
    out: dict[str, Any] = dict(view=run_view(live.run), over=live.run.is_over())
    _record(key, seed, stored, live, out["view"])
    if out["over"]:
        out["result"] = live.result(student)
    return out


def finished_view(attempt_id: int, key: ChallengeKey, seed: int, rewinds: int,
                  stored: Sequence[StoredChoice]) -> dict:
    shared = _shared(key, seed, rewinds, stored, None)
    if shared is not None:
        return dict(shared["view"])
    return run_view(_attempt(attempt_id, key, seed, rewinds, stored).run)


def grade(key: ChallengeKey, name: str, text: str) -> Graded:
    """One result (as stored) graded by ``grade_files`` in a folder of this worker, under its
    file name, written exactly as the result download writes it."""
    result = json.loads(text)
    challenge = _challenge(key)
    assert _library is not None
    folder = _library.folder / "results" / key[2]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(name).name
    path.write_text(dumps(result), encoding="utf-8")
    graded = grade_files([str(path)], challenge)[0]
    graded.file = name
    path.unlink(missing_ok=True)
    return graded


def prepare(key: ChallengeKey) -> int:
    """Read a challenge and its scenario now (about 0.4 s), before the first student needs it."""
    _challenge(key)
    return 0


def warm() -> int:
    """Imports done, the map loaded: the first real job is not slower than the rest."""
    from .svgmap import the_map

    the_map()
    return 0


# ------------------------------------------------------------------ in the server
class Engines:
    """The worker processes; ``processes=0`` runs every job in the calling thread.

    ``processes`` interactive workers (decisions and attempt pages, routed by attempt id so each
    attempt stays with the worker that keeps its run) and one background worker (grading and
    what-if)."""

    def __init__(self, processes: int = 2) -> None:
        self.pools: list[ProcessPoolExecutor] = []
        self.background: ProcessPoolExecutor | None = None
        if processes > 0:
            # spawn: a fresh interpreter, not a fork of a process that has threads running
            spawn = multiprocessing.get_context("spawn")
            self.pools = [ProcessPoolExecutor(1, mp_context=spawn, initializer=_init_worker, initargs=(NICE,))
                          for _ in range(processes)]
            self.background = ProcessPoolExecutor(1, mp_context=spawn, initializer=_init_worker,
                                                  initargs=(BACKGROUND_NICE,))
            # Started and warmed before the server says it is ready, not while the class joins.
            for future in [pool.submit(warm) for pool in (*self.pools, self.background)]:
                future.result()

    def submit(self, fn: Callable[..., T], *args: Any, route: int = 0) -> Future[T]:
        """An interactive job, on the worker ``route`` picks (an attempt's id: always the same one)."""
        return self._submit(self.pools[route % len(self.pools)] if self.pools else None, fn, *args)

    def everywhere(self, fn: Callable[..., T], *args: Any) -> list[Future[T]]:
        """The same job on every interactive worker (not waited for); nothing without workers."""
        return [pool.submit(fn, *args) for pool in self.pools]

    def submit_background(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Grading and what-if: on the background worker, never ahead of a student's decision."""
        return self._submit(self.background, fn, *args)

    def run(self, fn: Callable[..., T], *args: Any, route: int = 0) -> T:
        return self.submit(fn, *args, route=route).result()

    def run_background(self, fn: Callable[..., T], *args: Any) -> T:
        return self.submit_background(fn, *args).result()

    @staticmethod
    def _submit(pool: ProcessPoolExecutor | None, fn: Callable[..., T], *args: Any) -> Future[T]:
        if pool is None:
            future: Future[T] = Future()
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # noqa: BLE001 - handed to whoever waits, as the pool does
                future.set_exception(exc)
            return future
        return pool.submit(fn, *args)

    def close(self) -> None:
        for pool in (*self.pools, self.background):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
