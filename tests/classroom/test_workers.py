"""Engine work for the classroom in worker processes (game/classroom/workers.py): an attempt
stays with one worker, and the page after a decision comes from that worker, not from a replay
in the server's own process."""

from __future__ import annotations

import hashlib
import json
import pickle

from game.classroom import state as state_module
from game.classroom.workers import Engines
from game.scenario.registry import SCENARIO_DIR

SAMPLE = SCENARIO_DIR / "challenges" / "france_rhineland_1936.yaml"


def attempt_in(room):
    text = SAMPLE.read_text(encoding="utf-8")
    klass = room.store.create_class("Test class")
    student = room.store.add_student(klass.id, "Ada")
    challenge_id = room.store.add_challenge(klass.id, SAMPLE.name, text, hashlib.sha256(text.encode()).hexdigest(),
                                            "The Rhineland")
    return student, room.store.start_attempt(student.id, challenge_id, seed=1)


def test_the_page_after_a_decision_comes_from_the_worker_not_a_replay_in_the_server(room, monkeypatch):
    student, attempt_id = attempt_in(room)
    first = room.attempt_view(room.store.attempt(attempt_id))
    option = first["decision"].options[0].id
    room.choose(attempt_id, student, option, "Because the League must act before Germany fortifies the Rhineland.")
    built = []
    monkeypatch.setattr(state_module.LiveAttempt, "build", lambda *a, **k: built.append(a) or None)
    after = room.attempt_view(room.store.attempt(attempt_id))
    assert built == []  # the server did not rebuild the run to show the page
    assert len(after["choices"]) == len(first["choices"]) + 1


def test_an_open_decision_page_can_be_sent_between_processes(room):
    _student, attempt_id = attempt_in(room)
    view = room.attempt_view(room.store.attempt(attempt_id))
    again = pickle.loads(pickle.dumps(view))
    assert again["decision"].event.title == view["decision"].event.title
    assert [o.id for o in again["decision"].options] == [o.id for o in view["decision"].options]


def test_an_attempt_always_goes_to_the_same_worker():
    engines = Engines(processes=0)
    engines.pools = ["first", "second"]  # type: ignore[list-item]
    chosen = []
    engines._submit = lambda pool, fn, *args: chosen.append(pool)  # type: ignore[method-assign]
    for attempt_id in (7, 8, 7, 7, 8):
        engines.submit(print, route=attempt_id)
    assert chosen == ["second", "first", "second", "second", "first"]


def test_a_challenge_is_read_by_every_worker_when_it_is_uploaded_or_opened(room):
    _student, attempt_id = attempt_in(room)
    sent = []

    class Pool:
        def __init__(self, name: str) -> None:
            self.name = name

        def submit(self, fn, *args):
            sent.append((self.name, fn.__name__, args[0][0]))

    room.engines.pools = [Pool("first"), Pool("second")]
    try:
        room.prepare_challenge(room.store.attempt(attempt_id).challenge_id)
    finally:
        room.engines.pools = []
    assert sent == [("first", "prepare", SAMPLE.name), ("second", "prepare", SAMPLE.name)]


def play_through(room, student, attempt_id, words):
    """Every decision with its first option, through the classroom as the server takes them."""
    for _ in range(50):
        row = room.store.attempt(attempt_id)
        if row.result is not None:
            return row
        view = room.attempt_view(row)
        room.choose(attempt_id, student, view["decision"].options[0].id, words)
    raise AssertionError("the challenge did not end")


def test_a_path_another_student_played_is_not_played_again_and_keeps_each_students_words(room, monkeypatch):
    first, first_attempt = attempt_in(room)
    second = room.store.add_student(first.class_id, "Bea")
    second_attempt = room.store.start_attempt(second.id, room.store.attempt(first_attempt).challenge_id, seed=1)
    play_through(room, first, first_attempt, "Ada's reasons: the League must act before it is too late.")
    played = []
    real_choose = state_module.LiveAttempt.choose
    monkeypatch.setattr(state_module.LiveAttempt, "choose",
                        lambda self, *a: played.append(a) or real_choose(self, *a))
    row = play_through(room, second, second_attempt, "Bea's reasons: France cannot march alone, without Britain.")
    assert played == []  # the same options as Ada's: her game is reused, not played again
    result = json.loads(row.result)
    assert result["student"] == "Bea" and {c["justification"] for c in result["choices"]} == {
        "Bea's reasons: France cannot march alone, without Britain."}
    view = room.attempt_view(row)
    assert {c.justification for c in view["choices"]} == {"Bea's reasons: France cannot march alone, without Britain."}
    _, graded, _ = room.grades(row.challenge_id)
    assert [g.verdict for g in graded] == ["verified", "verified"]  # re-run from her own file, as grade does
