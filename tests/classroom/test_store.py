"""The storage layer, the same code on SQLite and on a real PostgreSQL server started here."""

from __future__ import annotations

import pytest

from game.classroom.store import Store

from .postgres import Postgres, binaries


@pytest.fixture(scope="module")
def postgres():
    if binaries() is None:
        pytest.skip("needs Debian's postgresql package (initdb, pg_ctl)")
    server = Postgres().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    else:
        pg = request.getfixturevalue("postgres")
        url = pg.url
    s = Store(url)
    yield s
    if request.param == "postgresql":
        from game.classroom.store import metadata

        metadata.drop_all(s.engine)  # each test starts from empty tables
    s.close()


def test_classes_students_and_the_teachers_key_are_kept(store):
    key = store.setting("teacher_key", lambda: "abc")
    assert store.setting("teacher_key", lambda: "other") == key == "abc"
    room = store.create_class("5B")
    assert store.class_by_code(room.code.lower()) == room and len(room.code) == 6
    ann = store.add_student(room.id, "Ann")
    assert store.student_by_token(ann.token) == ann
    assert store.student_by_token("x" * 100) is None and store.student_by_token("") is None
    assert [s.name for s in store.class_students(room.id)] == ["Ann"]


def test_an_attempt_keeps_every_choice_rewinds_and_its_result(store):
    room = store.create_class("5B")
    ann = store.add_student(room.id, "Ann")
    challenge = store.add_challenge(room.id, "c.yaml", "challenge: 1\n", "0" * 64, "A challenge")
    attempt = store.start_attempt(ann.id, challenge, seed=7)
    assert store.start_attempt(ann.id, challenge, seed=9) == attempt  # one attempt per student
    for n, option in enumerate(["a", "b", "c"]):
        store.add_choice(attempt, n, f"e{n}", "France", option, "because ünïcode", "1938-09-01")
    store.rewind_attempt(attempt, keep=1)
    assert [c.option for c in store.attempt_choices(attempt)] == ["a"]
    assert store.attempt(attempt).rewinds == 1
    store.finish_attempt(attempt, {"score": 3, "student": "Ann"})
    rows = store.challenge_attempts(challenge)
    assert rows[0].student_name == "Ann" and '"score": 3' in rows[0].result


def test_a_class_game_keeps_seats_and_decisions_once_each(store):
    room = store.create_class("5B")
    a, b = store.add_student(room.id, "A"), store.add_student(room.id, "B")
    game = store.create_game(room.id, "G", "europe1936", {"x": 1}, 5, "ai", 60)
    store.take_seat(game, a.id, "France")
    store.take_seat(game, a.id, "Britain")  # a student has one seat: the last taken
    store.take_seat(game, b.id, "Britain")
    assert sorted((s.power, s.name) for s in store.game_seats(game)) == [("Britain", "A"), ("Britain", "B")]
    move = dict(event="rhineland", power="Britain", option="protest", student_id=a.id, justification="")
    assert store.add_moves(game, [move])
    assert not store.add_moves(game, [dict(move, student_id=b.id)])  # the team decided already
    assert store.add_moves(game, [dict(move, event="spain", option=None, student_id=None)])
    branch = store.create_game(room.id, "G2", "europe1936", {}, 5, "ai", None, parent_id=game, branch_at=1)
    store.copy_moves(game, branch, 1)
    store.copy_seats(game, branch)
    assert [(m.event, m.option) for m in store.game_moves(branch)] == [("rhineland", "protest")]
    assert len(store.game_seats(branch)) == 2


def test_deleting_a_class_deletes_everything_about_it(store):
    keep, gone = store.create_class("keep"), store.create_class("gone")
    for room in (keep, gone):
        s = store.add_student(room.id, "S")
        c = store.add_challenge(room.id, "c.yaml", "x", "0" * 64, "C")
        a = store.start_attempt(s.id, c, 1)
        store.add_choice(a, 0, "e", "France", "o", "", "1936-03-07")
        g = store.create_game(room.id, "G", "europe1936", {}, 1, "ai", None)
        store.take_seat(g, s.id, "France")
        store.add_moves(g, [dict(event="e", power="France", option="o", student_id=s.id, justification="")])
    store.delete_class(gone.id)
    assert store.class_by_id(gone.id) is None and store.class_students(gone.id) == []
    assert store.class_challenges(gone.id) == [] and store.class_games(gone.id) == []
    assert len(store.class_students(keep.id)) == 1 and len(store.class_games(keep.id)) == 1
    import sqlalchemy as sa

    from game.classroom import store as tables

    with store.tx() as c:
        for table in (tables.attempts, tables.attempt_choices, tables.moves, tables.seats):
            assert c.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 1, table.name


def test_the_server_runs_on_postgresql(postgres, tmp_path):
    """The whole server, with --db a PostgreSQL URL: a challenge played and graded."""
    from .helpers import SAMPLES, Server, challenge_id_of, join, play_challenge, results_page, teacher, upload

    srv = Server(postgres.url, tmp_path).start()
    try:
        assert "postgresql://127.0.0.1" in srv.output  # the URL is printed without user or password
        t = teacher(srv.url, srv.key)
        r = upload(t, 1, SAMPLES / "france_rhineland_1936.yaml")
        challenge_id = challenge_id_of(r)
        play_challenge(join(srv.url, srv.codes[0], "Pat"), challenge_id)
        assert "<strong>verified</strong>" in results_page(t, challenge_id)
    finally:
        srv.stop()
    from game.classroom.store import Store, metadata

    s = Store(postgres.url)
    metadata.drop_all(s.engine)
    s.close()
