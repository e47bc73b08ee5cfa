"""The server's state: the store, the challenge library, and the games and attempts in memory.

Whatever is in memory is a cache of the database: a live game or attempt is rebuilt from
the stored decisions when it is first needed (after a restart, for instance). Changes go
to the database first and only then to the cache, each under the lock of its game or
attempt, so two players of one game never interleave.
"""

from __future__ import annotations

import contextlib
import secrets
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from ..challenges.load import Challenge
from ..challenges.result import clean_name
from ..engine import IllegalChoice
from ..engine.spec import Spec
from ..scenario import load_scenario
from ..scenario.registry import all_scenarios
from . import workers
from .challenges import Library, LiveAttempt, check_choice, result_filename
from .classgame import TEACHER_AI, LiveGame, Vote, settings_json
from .store import Store
from .workers import Engines


class Refused(Exception):
    """Something a browser asked that is not allowed now; the message is shown to it."""


class Classroom:
    def __init__(self, store: Store, engines: Engines | None = None) -> None:
        self.store = store
        self.engines = engines or Engines(processes=0)
        self.library = Library(self.engines, workers.grade)
        self.teacher_key = store.setting("teacher_key", lambda: secrets.token_urlsafe(18))
        self.boot = secrets.token_hex(3)  # live views reload after a restart
        self._games: dict[int, LiveGame] = {}
        self._attempts: dict[int, LiveAttempt] = {}
        self._finished: dict[int, dict] = {}  # finished attempts' page contents
        # a playing attempt's page contents, as the worker that took its last decision gave them,
        # with (rewinds, choices) they belong to
        self._views: dict[int, tuple[tuple[int, int], dict]] = {}
        self._versions: dict[int, int] = defaultdict(int)
        self._locks: dict[str, threading.RLock] = defaultdict(threading.RLock)
        # (rewinds, choices) -> the worker's job applying an attempt's last choice, until stored
        self._pending: dict[int, tuple[tuple[int, int], Future, bool]] = {}
        self._settler = ThreadPoolExecutor(1, thread_name_prefix="settle")  # stores what workers return
        # (challenge id, seed) -> the page of an attempt before its first choice: the same for
        # every student of the challenge (one seed per challenge), so it is built once, not per start
        self._openings: dict[tuple[int, int], dict] = {}
        self._lock = threading.Lock()
        self._specs: dict[str, Spec] = {}
        self._rows: dict[int, Any] = {}
        self._seats: dict[int, list[Any]] = {}
        self._students: dict[str, Any] = {}
        if not store.list_classes():
            store.create_class("My class")
        for klass in store.list_classes():  # after a restart: ready before the class comes back
            for row in store.class_challenges(klass.id, only_open=True):
                self.prepare_challenge(row.id)
        self.recover()

    def prepare_challenge(self, challenge_id: int) -> None:
        """Every worker reads the challenge now (uploaded or opened), so the first students to
        start it do not wait while each worker reads it."""
        self.engines.everywhere(workers.prepare, self._key(challenge_id))

    def close(self) -> None:
        self.engines.close()
        self._settler.shutdown(wait=True)
        self.library.close()
        self.store.close()

    # ------------------------------------------------------------ read cache
    # Polling asks for the same few rows every two seconds per student. They change only
    # through this process (one server per database), so they are kept in memory and dropped
    # whenever this process changes them; the database stays the record.
    def game_row(self, game_id: int) -> Any:
        with self._lock:
            if game_id in self._rows:
                return self._rows[game_id]
        row = self.store.game(game_id)
        if row is not None:
            with self._lock:
                self._rows[game_id] = row
        return row

    def seats(self, game_id: int) -> list[Any]:
        with self._lock:
            if game_id in self._seats:
                return self._seats[game_id]
        seats = self.store.game_seats(game_id)
        with self._lock:
            self._seats[game_id] = seats
        return seats

    def student(self, token: str) -> Any:
        with self._lock:
            if token in self._students:
                return self._students[token]
        student = self.store.student_by_token(token)
        if student is not None:
            with self._lock:
                self._students[token] = student
        return student

    def _changed(self, game_id: int) -> None:
        with self._lock:
            self._rows.pop(game_id, None)
            self._seats.pop(game_id, None)

    def lock(self, key: str) -> threading.RLock:
        with self._lock:
            return self._locks[key]

    # ------------------------------------------------------------- scenarios
    def scenarios(self) -> dict[str, Any]:
        """{id: file} of the scenarios a class game may use (built-in, then the teacher's own)."""
        return {entry.path.stem: entry.path for entry in all_scenarios()}

    def spec(self, scenario: str) -> Spec:
        with self._lock:
            if scenario in self._specs:
                return self._specs[scenario]
        files = self.scenarios()
        if scenario not in files:
            raise Refused(f"no scenario '{scenario}'")
        spec = load_scenario(files[scenario])
        with self._lock:
            self._specs[scenario] = spec
        return spec

    # ------------------------------------------------------------- challenges
    def challenge(self, challenge_id: int) -> tuple[Any, Challenge]:
        row = self.store.challenge(challenge_id)
        if row is None:
            raise Refused("no such challenge")
        return row, self.library.load(row.filename, row.text, row.sha256)

    def attempt(self, attempt_id: int) -> tuple[Any, Challenge]:
        """The attempt's row and its challenge."""
        row = self.store.attempt(attempt_id)
        if row is None:
            raise Refused("no such attempt")
        return row, self.challenge(row.challenge_id)[1]

    def _key(self, challenge_id: int) -> tuple[str, str, str]:
        row = self.store.challenge(challenge_id)
        if row is None:
            raise Refused("no such challenge")
        return (row.filename, row.text, row.sha256)

    def _stored(self, attempt_id: int) -> list[tuple[str, str]]:
        return [(c.option, c.justification) for c in self.store.attempt_choices(attempt_id)]

    def attempt_view(self, row: Any, wait: float | None = None) -> dict | None:
        """The attempt page's contents from its run (views.run_view), never built here: a finished
        attempt's from the worker that finished it (or rebuilt there), a playing one's from the
        worker that applied its last choice. With ``wait`` (seconds), None when that worker has
        not finished it by then: the page says so and reloads."""
        if row.result is not None:
            with self._lock:
                view = self._finished.get(row.id)
            if view is None:
                view = self.engines.run(workers.finished_view, row.id, self._key(row.challenge_id), row.seed,
                                        row.rewinds, self._stored(row.id), route=row.id)
                with self._lock:
                    self._finished[row.id] = view
            return view
        with self.lock(f"attempt:{row.id}"):
            stored = self._stored(row.id)
            ident = (row.rewinds, len(stored))
            with self._lock:
                kept, pending = self._views.get(row.id), self._pending.get(row.id)
                opening = self._openings.get((row.challenge_id, row.seed)) if not stored else None
            if kept is not None and kept[0] == ident:
                return kept[1]
            if opening is not None:
                return opening
            if pending is None or pending[0] != ident:
                pending = self._work(row, ident, workers.settle, stored, self.store.student_name(row.student_id))
        try:
            return dict(pending[1].result(timeout=wait)["view"])
        except FutureTimeout:
            return None

    def _work(self, row: Any, ident: tuple[int, int], job: Callable[..., dict], *args: Any) -> tuple:
        """Start ``job`` (workers.play or workers.settle) for the attempt on its worker; whatever it
        returns is stored by :meth:`_settle` when it is done. Called under the attempt's lock."""
        future = self.engines.submit(job, row.id, self._key(row.challenge_id), row.seed, row.rewinds, *args,
                                     route=row.id)
        pending = (ident, future, job is workers.play)
        with self._lock:
            self._pending[row.id] = pending
        if future.done():  # no worker processes: done already, stored now
            self._settle(row.id, pending)
        else:
            future.add_done_callback(lambda _: self._settler.submit(self._settle, row.id, pending))
        return pending

    def _settle(self, attempt_id: int, pending: tuple) -> None:
        """Keep a worker's page contents and store its result, if the attempt is still as the
        worker saw it (not rewound meanwhile). Idempotent: finish_attempt stores a result once."""
        ident, future, applies = pending
        with self.lock(f"attempt:{attempt_id}"):
            with self._lock:
                if self._pending.get(attempt_id) is not pending:
                    return  # settled already, or a later job replaced this one
                del self._pending[attempt_id]
            row = self.store.attempt(attempt_id)
            if row is None or (row.rewinds, len(self._stored(attempt_id))) != ident:
                return
            try:
                made = future.result()
            except IllegalChoice as exc:
                print(f"classroom: attempt {attempt_id}: the engine refuses a stored choice ({exc.reason})",
                      file=sys.stderr)
                if applies:  # the server's check let through the choice just made: it goes, not the attempt
                    self.store.drop_choice(attempt_id, ident[1] - 1)
                return
            except Exception as exc:  # noqa: BLE001 - the page asks again; the server goes on
                print(f"classroom: attempt {attempt_id}: {type(exc).__name__}: {exc}", file=sys.stderr)
                return
            with self._lock:
                self._views[attempt_id] = (ident, made["view"])
                if ident[1] == 0:
                    self._openings[(row.challenge_id, row.seed)] = made["view"]
            if made["over"]:
                text = self.store.finish_attempt(attempt_id, made["result"])
                with self._lock:
                    self._finished[attempt_id] = made["view"]
                _, challenge = self.challenge(row.challenge_id)
                self.library.prefetch(self._key(row.challenge_id), result_filename(
                    challenge, str(made["result"].get("student", "")), attempt_id), text)

    def recover(self) -> None:
        """After a crash: every attempt with choices but no result is worked out again from its
        stored choices, and its result stored if they end the game (not waited for)."""
        for row in self.store.unfinished_attempts():
            with self.lock(f"attempt:{row.id}"):
                stored = self._stored(row.id)
                self._work(row, (row.rewinds, len(stored)), workers.settle, stored, row.student_name)

    def _live_attempt(self, row: Any) -> LiveAttempt:
        with self._lock:
            live = self._attempts.get(row.id)
        if live is None:
            _, challenge = self.challenge(row.challenge_id)
            live = LiveAttempt.build(challenge, row.seed, row.rewinds, self.store.attempt_choices(row.id))
            with self._lock:
                self._attempts[row.id] = live
        return live

    def choose(self, attempt_id: int, student: Any, option: str, justification: str) -> None:
        """A student's decision in a challenge: checked against the open decision as the page
        showed it and stored, then answered; a worker applies it afterwards (the next decision,
        or the rest of the game and the result, which :meth:`_settle` stores). The answer never
        waits for the engine; the result derives from the stored choices alone."""
        with self.lock(f"attempt:{attempt_id}"):
            row = self.store.attempt(attempt_id)
            if row is None:
                raise Refused("no such attempt")
            if row.result is not None:
                raise Refused("this attempt is finished")
            stored = self._stored(attempt_id)
            view = self.attempt_view(row)  # kept, or the worker's answer to the previous decision
            assert view is not None
            _, challenge = self.challenge(row.challenge_id)
            try:
                event, power, option_id, date, text = check_choice(challenge, view, option, justification)
            except IllegalChoice as exc:
                raise Refused(exc.reason if not view.get("over") else "this attempt is finished") from None
            self.store.add_choice(attempt_id, len(stored), event, power, option_id, text, date)
            self._forget_attempt(attempt_id)  # the server's own copy (for rewinds) is stale now
            self._work(row, (row.rewinds, len(stored) + 1), workers.play, stored, option_id, text, student.name)

    def rewind(self, attempt_id: int, keep: int) -> None:
        with self.lock(f"attempt:{attempt_id}"):
            row = self.store.attempt(attempt_id)
            if row is None:
                raise Refused("no such attempt")
            with self._lock:
                pending = self._pending.get(attempt_id)
            if pending is not None and row.result is None:
                # a decision being applied may end the game: its result first, as before the answer
                with contextlib.suppress(Exception):
                    pending[1].result()
                self._settle(attempt_id, pending)
                row = self.store.attempt(attempt_id)
            if row.result is not None:
                raise Refused("this attempt is finished")
            live = self._live_attempt(row)
            try:
                live.run.rewind(keep)
            except IllegalChoice as exc:
                raise Refused(exc.reason) from None
            self.store.rewind_attempt(attempt_id, keep)

    def _forget_attempt(self, attempt_id: int) -> None:
        with self._lock:
            self._attempts.pop(attempt_id, None)
            self._views.pop(attempt_id, None)

    def grades(self, challenge_id: int) -> tuple[Challenge, list, list]:
        """(challenge, graded rows, attempts not finished) for the teacher."""
        challenge, graded, playing, _ = self.grading(challenge_id)
        return challenge, graded, playing

    def grading(self, challenge_id: int, wait: bool = True) -> tuple[Challenge, list, list, dict[int, Any]]:
        """grades(), and each finished attempt's graded row by attempt id; with ``wait=False``,
        nothing graded (empty) while a worker is still re-running one of the results."""
        _, challenge = self.challenge(challenge_id)
        rows = self.store.challenge_attempts(challenge_id)
        finished = [(r.id, result_filename(challenge, r.student_name, r.id), str(r.result)) for r in rows
                    if r.result]
        playing = [r for r in rows if r.result is None]
        pairs = [(name, result) for _, name, result in finished]
        if not wait and not self.library.done(pairs):
            self.library.grade_later(self._key(challenge_id), pairs)
            return challenge, [], playing, {}
        graded = self.library.grade(self._key(challenge_id), pairs)
        by_attempt = {i: g for (i, _, _), g in zip(finished, graded)}
        return challenge, graded, playing, by_attempt

    def results_now(self, challenge_id: int) -> tuple[Challenge, list, list, list]:
        """(challenge, graded rows, finished attempts still being re-run, attempts not finished)
        for the teacher's live table: what is graded so far, never waiting for a re-run (each
        starts, if it has not, and the table shows it when it is done). The copy check runs over
        the graded ones, as ``grade`` over the files handed in so far."""
        _, challenge = self.challenge(challenge_id)
        key = self._key(challenge_id)
        rows = self.store.challenge_attempts(challenge_id)
        done: list[tuple[Any, tuple[str, str]]] = []
        checking: list[tuple[Any, tuple[str, str]]] = []
        for r in rows:
            if r.result:
                pair = (result_filename(challenge, r.student_name, r.id), str(r.result))
                self.library.grade_later(key, [pair])
                (done if self.library.done([pair]) else checking).append((r, pair))
        graded = self.library.grade(key, [pair for _, pair in done])
        return challenge, graded, [r for r, _ in checking], [r for r in rows if r.result is None]

    def results_version(self, challenge_id: int) -> str:
        """Changes whenever the teacher's table of this challenge would: an attempt started,
        a choice or result stored, a rewind, a student joined, a re-run finished."""
        row = self.store.challenge(challenge_id)
        if row is None:
            raise Refused("no such challenge")
        return f"{self.boot}-{self.store.results_fingerprint(challenge_id)}-{self.library.completed(row.sha256)}"

    def graded_attempt(self, row: Any, wait: bool = True) -> Any:
        """The graded row of a finished attempt (verdict as the teacher's table shows it), or None
        (not finished, or with ``wait=False`` still being graded)."""
        if row.result is None:
            return None
        return self.grading(row.challenge_id, wait)[3].get(row.id)

    # ------------------------------------------------------------- class games
    def live_game(self, game_id: int) -> tuple[Any, LiveGame | None]:
        """The game's row and, once it has started, the game in memory."""
        row = self.game_row(game_id)
        if row is None:
            raise Refused("no such game")
        if row.status == "lobby":
            return row, None
        with self._lock:
            live = self._games.get(game_id)
        if live is None:
            live = self._build(row)
            with self._lock:
                self._games[game_id] = live
        return row, live

    def _build(self, row: Any) -> LiveGame:
        seats = self.seats(row.id)
        votes = [Vote(m.event, m.power, m.option, m.student_id, m.justification) for m in self.store.game_moves(row.id)]
        return LiveGame.build(self.spec(row.scenario), settings_json(row.settings), row.seed, row.others,
                              {s.power for s in seats}, votes)

    def version(self, game_id: int) -> str:
        return f"{self.boot}-{game_id}-{self._versions[game_id]}"

    def touched(self, game_id: int) -> None:
        with self._lock:
            self._versions[game_id] += 1

    def tick(self, game_id: int) -> None:
        """Apply the time limit: powers still undecided when it runs out go to the AI."""
        row = self.game_row(game_id)
        if row is None or row.status != "playing" or not row.time_limit:
            return  # no time limit: nothing to check, and a poll never waits for a decision's lock
        with self.lock(f"game:{game_id}"):
            row, live = self.live_game(game_id)
            if live is None:
                return
            key = live.open_key()
            if key is None:
                return
            now = time.time()
            if row.opened_key != key:
                self.store.mark_opened(game_id, key, now)
                self._changed(game_id)
                return
            if not row.time_limit or row.opened_at is None or now - row.opened_at < row.time_limit:
                return
            self._to_ai(game_id, live, live.waiting(), "")

    def let_ai_decide(self, game_id: int, power: str) -> None:
        """The teacher's way out of a game waiting for a power nobody can play now: what the
        time limit does when it runs out, for that power at the open event."""
        with self.lock(f"game:{game_id}"):
            _, live = self.live_game(game_id)
            if live is None or live.is_over():
                raise Refused("the game is not being played")
            if power not in live.waiting():
                raise Refused("that power has nothing to decide now")
            if not self._to_ai(game_id, live, [power], TEACHER_AI):
                raise Refused("that power has just decided")

    def _to_ai(self, game_id: int, live: LiveGame, powers: list[str], why: str) -> bool:
        """Store that the AI decides for ``powers`` at the open event (option None) and move on.
        Called under the game's lock."""
        decision = live.decision()
        assert decision is not None
        added = self.store.add_moves(game_id, [dict(event=decision.event.id, power=p, option=None, student_id=None,
                                                    justification=why) for p in powers])
        self._changed(game_id)
        rebuilt = self._build(self.game_row(game_id))  # the engine must not ask them now
        with self._lock:
            self._games[game_id] = rebuilt
        self._after_change(game_id, rebuilt)
        return added

    def _after_change(self, game_id: int, live: LiveGame) -> None:
        key = live.open_key()
        row = self.game_row(game_id)
        if key is not None and row is not None and row.time_limit:  # the clock matters only with a limit
            self.store.mark_opened(game_id, key, time.time())
        self._changed(game_id)
        self.touched(game_id)

    def vote(self, game_id: int, student: Any, option: str, justification: str) -> None:
        with self.lock(f"game:{game_id}"):
            row, live = self.live_game(game_id)
            if live is None:
                raise Refused("the game has not started yet")
            seat = next((s for s in self.seats(game_id) if s.student_id == student.id), None)
            if seat is None:
                raise Refused("you have no power in this game")
            problem = live.check_vote(seat.power, option)
            if problem:
                raise Refused(problem)
            decision = live.decision()
            assert decision is not None
            justification = clean_name(justification, limit=2000)
            if not self.store.add_moves(game_id, [dict(event=decision.event.id, power=seat.power, option=option,
                                                       student_id=student.id, justification=justification)]):
                raise Refused("your team has already decided")
            live.add_vote(Vote(decision.event.id, seat.power, option, student.id, justification))
            self._after_change(game_id, live)

    def start_game(self, game_id: int) -> None:
        with self.lock(f"game:{game_id}"):
            row = self.store.game(game_id)
            if row is None or row.status != "lobby":
                raise Refused("the game has already started")
            self.store.set_game_status(game_id, "playing")
            self._changed(game_id)
            _, live = self.live_game(game_id)
            assert live is not None
            self._after_change(game_id, live)

    def take_seat(self, game_id: int, student: Any, power: str) -> None:
        with self.lock(f"game:{game_id}"):
            row = self.game_row(game_id)  # kept in memory, dropped whenever this process changes it
            if row is None or row.class_id != student.class_id:
                raise Refused("no such game")
            # The rule the window's New game screen uses: a power the scenario marks not
            # playable never decides, so a student seated there would wait the whole game.
            if power not in [p.id for p in self.spec(row.scenario).powers if p.playable]:
                raise Refused("no such power to play in this scenario")
            seated = {s.power for s in self.seats(game_id)}
            if row.status != "lobby" and power not in seated:
                raise Refused("the game has started: join one of the powers already played (a team)")
            self.store.take_seat(game_id, student.id, power)
            self._changed(game_id)
            self.touched(game_id)

    def rewind_game(self, game_id: int, keep: int) -> int:
        """A new game of the class from decision ``keep`` of this one (the same seats)."""
        row = self.store.game(game_id)
        if row is None:
            raise Refused("no such game")
        moves = self.store.game_moves(game_id)
        if not 0 <= keep <= len(moves):
            raise Refused("no such decision")
        new = self.store.create_game(row.class_id, f"{row.title} (from decision {keep})"[:200], row.scenario,
                                     settings_json(row.settings), row.seed, row.others, row.time_limit,
                                     parent_id=game_id, branch_at=keep)
        self.store.copy_seats(game_id, new)
        self.store.copy_moves(game_id, new, keep)
        self.store.set_game_status(new, "playing")
        return new

    def forget_class(self, class_id: int) -> None:
        games = self.store.class_games(class_id)
        self.store.delete_class(class_id)
        with self._lock:
            for game in games:
                self._versions[game.id] += 1  # views kept for this id are stale (an id may be reused)
                self._games.pop(game.id, None)
                self._rows.pop(game.id, None)
                self._seats.pop(game.id, None)
            self._attempts.clear()
            self._views.clear()
            self._openings.clear()
            self._finished.clear()
            self._students.clear()


def student_name(text: str) -> str:
    return clean_name(text, limit=60)
