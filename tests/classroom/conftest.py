"""A classroom server process per test module (starting one takes a second or two), and a
classroom in this process over a fresh SQLite file, with the engine run in place."""

from __future__ import annotations

import pytest

from game.classroom.state import Classroom
from game.classroom.store import Store
from game.classroom.workers import Engines

from .helpers import Server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("classroom-home")
    srv = Server(str(home / "class.sqlite3"), home).start()
    yield srv
    if srv.proc and srv.proc.poll() is None:
        srv.stop()
        # the server's own log (tracebacks of any 500), for a failing test's report
        print(srv.output[-6000:])


@pytest.fixture
def room(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'class.sqlite3'}")
    room = Classroom(store, Engines(processes=0))
    yield room
    room.close()
