"""What a class game's players see (game/classroom/app.py, Web.shared_view) is read from the
game only while no decision is being applied to it, and each player's own part from the same
reading."""

from __future__ import annotations

import threading

from game.classroom import classgame
from game.classroom.app import Web
from game.classroom.state import Classroom


def started_game(room: Classroom) -> tuple[int, dict]:
    klass = room.store.create_class("Test class")
    game_id = room.store.create_game(klass.id, "Europe", "europe1936", {}, 7, "ai", None)
    students = {power: room.store.add_student(klass.id, name) for power, name in (("France", "Gil"),
                                                                                   ("Britain", "Hana"))}
    for power, student in students.items():
        room.take_seat(game_id, student, power)
    room.start_game(game_id)
    return game_id, students


def test_a_view_asked_for_while_a_decision_is_applied_waits_for_it_and_shows_it(room, monkeypatch):
    game_id, students = started_game(room)
    web = Web(room)
    before = web.shared_view(game_id)
    power = before["waiting"][0]
    option = next(c.id for c in before["choices_by_power"][power] if c.legal)

    halfway, go = threading.Event(), threading.Event()
    real_advance = classgame.LiveGame.advance

    def slow_advance(live):  # the vote is recorded; the engine has not applied it yet
        halfway.set()
        assert go.wait(30)
        real_advance(live)

    monkeypatch.setattr(classgame.LiveGame, "advance", slow_advance)
    voter = threading.Thread(target=room.vote, args=(game_id, students[power], option, "we agreed"))
    voter.start()
    assert halfway.wait(30)
    room.touched(game_id)  # even told that the game changed, a reader must not read it halfway
    seen: list[dict] = []
    reader = threading.Thread(target=lambda: seen.append(web.shared_view(game_id)))
    reader.start()
    reader.join(0.3)
    assert reader.is_alive(), "the view was read from a game halfway through a decision"
    go.set()
    voter.join(30)
    reader.join(30)
    view = seen[0]
    assert view["version"] == room.version(game_id)
    assert power not in view["waiting"] and power not in view["choices_by_power"]


def test_each_players_choices_and_decision_key_come_from_the_same_reading(room):
    game_id, _ = started_game(room)
    web = Web(room)
    view = web.shared_view(game_id)
    assert view["waiting"] and set(view["choices_by_power"]) == set(view["waiting"])
    deciding = view["waiting"][0]
    watching = next(p for p in ("France", "Britain") if p not in view["waiting"]) \
        if len(view["waiting"]) < 2 else None
    key = web.mine_key(view, deciding)
    assert key.endswith(f"-{view['open_key']}-True-False")
    if watching is not None:
        assert web.mine_key(view, watching).endswith("-False-False")
