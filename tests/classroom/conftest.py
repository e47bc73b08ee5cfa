"""A classroom server process per test module (starting one takes a second or two)."""

from __future__ import annotations

import pytest

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
