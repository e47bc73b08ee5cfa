"""Nothing lost: whatever the server acknowledged survives a kill -9, and a restart resumes
every class, game and result."""

from __future__ import annotations

import csv
import hashlib
import io
import time
from pathlib import Path

from .helpers import SAMPLES, Server, challenge_id_of, join, options, play_challenge, settled, teacher, upload


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
    challenge_id = challenge_id_of(r)
    finished = join(srv.url, srv.codes[0], "Quinn")
    attempt = play_challenge(finished, challenge_id)
    half = join(srv.url, srv.codes[0], "Rosa")
    r = settled(half, half.post(f"/challenge/{challenge_id}/start"))
    half_path = r.url.path
    r = settled(half, half.post(f"{half_path}/choose", {"option": options(r.text)[0],
                                                        "justification": "one two three four five six seven eight"}))
    half_page = r.text
    assert options(half_page)  # one decision made, the next one open
    # Tess's last decision is answered, then the server dies at once: her result (worked out
    # after the answer) may not be stored yet; the restart must finish it.
    last = join(srv.url, srv.codes[0], "Tess")
    r = settled(last, last.post(f"/challenge/{challenge_id}/start"))
    last_path = r.url.path
    r = settled(last, last.post(f"{last_path}/choose", {"option": options(r.text)[0],
                                                        "justification": "one two three four five six seven eight"}))
    answered = last.client.post(f"{last_path}/choose", data={
        "csrf": last.csrf, "option": options(r.text)[-1], "justification": "nine ten eleven twelve thirteen fourteen fifteen sixteen"},
        follow_redirects=False)
    assert answered.status_code == 303
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
    assert options(settled(half, half.get(half_path)).text) == options(half_page)
    t2 = teacher(again.url, key)
    assert t2.get(f"/teacher/game/{game_id}").text.count("Rewind here") == game_before == 3
    grades = list(csv.DictReader(io.StringIO(t2.get(f"/teacher/challenge/{challenge_id}/grades.csv").text.lstrip("\ufeff"))))
    assert sorted(g["name"] for g in grades) == ["Quinn", "Tess"]  # Tess's result, finished by the restart
    assert {g["verdict"] for g in grades} == {"verified"}
    assert "Your result" in settled(last, last.get(last_path)).text
    page = player.get(f"/game/{game_id}").text
    assert options(page)  # the game resumes where it was
    assert again.stop() in (0, 130)  # Ctrl+C: 130 as for every command, or 0
    assert "Server stopped." in again.output and "Traceback" not in again.output


def test_a_restart_stores_the_result_of_an_attempt_whose_choices_end_the_game(tmp_path):
    """The state a kill -9 between the answer and the stored result leaves, made for certain:
    every choice stored, no result. The server finishes it when it starts, not when asked."""
    from game.classroom.store import Store

    from .helpers import results_page

    db = str(tmp_path / "class.sqlite3")
    store = Store(f"sqlite:///{db}")
    klass = store.create_class("My class")
    text = (SAMPLES / "france_rhineland_1936.yaml").read_text(encoding="utf-8")
    challenge_id = store.add_challenge(klass.id, "france_rhineland_1936.yaml", text,
                                       hashlib.sha256(text.encode("utf-8")).hexdigest(), "The Rhineland")
    student = store.add_student(klass.id, "Uma")
    store.close()
    srv = Server(db, tmp_path).start()
    try:
        s = join(srv.url, srv.codes[0], "Vic")  # plays to the end through the server, for the choices
        path = play_challenge(s, challenge_id)
    finally:
        srv.stop()
    store = Store(f"sqlite:///{db}")
    played = store.attempt(int(path.rsplit("/", 1)[1]))
    attempt_id = store.start_attempt(student.id, challenge_id, played.seed)
    for n, c in enumerate(store.attempt_choices(played.id)):
        store.add_choice(attempt_id, n, c.event, c.power, c.option, "Uma's own reasons for this choice, in more than eight words", c.date)
    assert store.attempt(attempt_id).result is None
    store.close()
    again = Server(db, tmp_path).start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            store = Store(f"sqlite:///{db}")
            stored = store.attempt(attempt_id).result
            store.close()
            if stored is not None:
                break
            time.sleep(0.2)
        assert stored is not None and '"student": "Uma"' in stored  # nobody asked for Uma's page
        assert "Uma" in results_page(teacher(again.url, again.key), challenge_id)
    finally:
        again.stop()
