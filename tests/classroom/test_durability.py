"""Nothing lost: whatever the server acknowledged survives a kill -9, and a restart resumes
every class, game and result."""

from __future__ import annotations

import time
from pathlib import Path

from .helpers import SAMPLES, Server, join, options, play_challenge, teacher, upload


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "stat").read_text().rsplit(")", 1)[1].split()[1] == str(pid):
                found.append(int(entry.name))
        except (OSError, IndexError):
            continue
    return found


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_killed_server_restarts_with_every_acknowledged_decision_and_result(tmp_path):
    db = str(tmp_path / "class.sqlite3")
    srv = Server(db, tmp_path).start()
    t = teacher(srv.url, srv.key)
    r = upload(t, 1, SAMPLES / "france_rhineland_1936.yaml")
    challenge_id = int(r.text.split("/teacher/challenge/")[1].split('"')[0])
    finished = join(srv.url, srv.codes[0], "Quinn")
    attempt = play_challenge(finished, challenge_id)
    half = join(srv.url, srv.codes[0], "Rosa")
    r = half.post(f"/challenge/{challenge_id}/start")
    half_path = r.url.path
    for _ in range(2):
        r = half.post(f"{half_path}/choose", {"option": options(r.text)[0],
                                              "justification": "one two three four five six seven eight"})
    half_page = half.get(half_path).text
    t.get("/teacher/class/1")
    game_id = int(t.post("/teacher/class/1/game", {"scenario": "europe1936", "others": "ai", "seed": "3"})
                  .url.path.rsplit("/", 1)[1])
    player = join(srv.url, srv.codes[0], "Sam")
    player.get(f"/game/{game_id}")
    player.post(f"/game/{game_id}/seat", {"power": "France"})
    t.post(f"/teacher/game/{game_id}/start")
    for _ in range(3):
        page = player.get(f"/game/{game_id}").text
        assert player.post(f"/game/{game_id}/decide", {"option": options(page)[0]}).status_code == 200
    game_before = t.get(f"/teacher/game/{game_id}").text.count("Rewind here")
    grades_before = t.get(f"/teacher/challenge/{challenge_id}/grades.csv").text
    key, codes = srv.key, srv.codes
    assert srv.proc is not None
    workers = children(srv.proc.pid)
    assert len(workers) >= 2  # the engine's worker processes (and the pool's resource tracker)

    srv.kill()  # SIGKILL: no shutdown, no flush
    deadline = time.monotonic() + 15
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [w for w in workers if alive(w)], "worker processes outlived the killed server"
    again = Server(db, tmp_path, port=srv.port).start()
    assert again.key == key and again.codes == codes
    assert finished.get(attempt).status_code == 200 and "Your result" in finished.get(attempt).text
    assert half.get(half_path).text.count('name="option"') == half_page.count('name="option"')
    t2 = teacher(again.url, key)
    assert t2.get(f"/teacher/game/{game_id}").text.count("Rewind here") == game_before == 3
    assert t2.get(f"/teacher/challenge/{challenge_id}/grades.csv").text == grades_before
    page = player.get(f"/game/{game_id}").text
    assert options(page)  # the game resumes where it was
    assert again.stop() in (0, 130)  # Ctrl+C: 130 as for every command, or 0
    assert "Server stopped." in again.output and "Traceback" not in again.output
