"""A class game: students take powers, decisions are collected, the time limit hands an
undecided power to the AI, the teacher rewinds and asks what if."""

from __future__ import annotations

import re
import time

from .helpers import join, options, teacher


def new_game(t, **fields) -> int:
    t.get("/teacher/class/1")
    data = {"scenario": "europe1936", "preset": "", "title": "", "others": "ai", "time_limit": "", "seed": "7"}
    data.update(fields)
    r = t.post("/teacher/class/1/game", data)
    return int(r.url.path.rsplit("/", 1)[1])


def seat(s, game_id: int, power: str) -> None:
    s.get(f"/game/{game_id}")
    assert s.post(f"/game/{game_id}/seat", {"power": power}).status_code == 200


def test_two_students_play_a_class_game_to_the_debrief(server):
    t = teacher(server.url, server.key)
    game_id = new_game(t)
    players = {"France": join(server.url, server.codes[0], "Gil"), "Britain": join(server.url, server.codes[0], "Hana")}
    for power, s in players.items():
        seat(s, game_id, power)
    assert "Gil" in t.get(f"/teacher/game/{game_id}").text
    t.post(f"/teacher/game/{game_id}/start")
    decided = 0
    for _ in range(200):
        moved = False
        for s in players.values():
            page = s.get(f"/game/{game_id}").text
            if "Ending:" in page:
                break
            opts = options(page)
            if opts:
                r = s.post(f"/game/{game_id}/decide", {"option": opts[-1], "justification": "we decided together"})
                assert r.status_code == 200, r.text[:500]
                decided, moved = decided + 1, True
        else:
            assert moved, "nobody could decide and the game did not end"
            continue
        break
    assert decided > 5
    for s in players.values():
        page = s.get(f"/game/{game_id}").text
        assert "Ending:" in page and "path beside history" in page and "decided by the players" in page
    projector = t.get(f"/teacher/game/{game_id}/projector").text
    assert "<svg" in projector and "Timeline" in projector


def test_the_live_view_answers_no_content_until_something_changes(server):
    t = teacher(server.url, server.key)
    game_id = new_game(t)
    s = join(server.url, server.codes[0], "Ivo")
    seat(s, game_id, "France")
    t.post(f"/teacher/game/{game_id}/start")
    page = s.get(f"/game/{game_id}").text
    version = re.search(r"/live\?v=([\w-]+)", page).group(1)
    assert s.get(f"/game/{game_id}/live?v={version}").status_code == 204
    s.post(f"/game/{game_id}/decide", {"option": options(page)[0]})
    changed = s.get(f"/game/{game_id}/live?v={version}")
    assert changed.status_code == 200 and 'id="live"' in changed.text


def test_a_players_own_part_answers_no_content_until_what_they_may_do_changes(server):
    t = teacher(server.url, server.key)
    game_id = new_game(t)
    s = join(server.url, server.codes[0], "Uma")
    seat(s, game_id, "France")
    t.post(f"/teacher/game/{game_id}/start")
    page = s.get(f"/game/{game_id}").text
    key = re.search(r"/mine\?k=([^\"&]+)", page).group(1)
    assert s.get(f"/game/{game_id}/mine?k={key}").status_code == 204
    changed = s.get(f"/game/{game_id}/mine?k=stale")
    assert changed.status_code == 200 and f"/mine?k={key}" in changed.text and options(changed.text)


def test_when_the_time_limit_runs_out_the_ai_decides_and_the_chronicle_says_so(server):
    t = teacher(server.url, server.key)
    game_id = new_game(t, time_limit="1")
    s = join(server.url, server.codes[0], "Jo")
    seat(s, game_id, "France")
    t.post(f"/teacher/game/{game_id}/start")
    first = s.get(f"/game/{game_id}").text
    assert options(first)
    time.sleep(1.6)
    page = s.get(f"/game/{game_id}").text
    assert "the time ran out, so the AI decided for the players" in page
    assert "time ran out: the AI decided" in t.get(f"/teacher/game/{game_id}").text


def test_the_teacher_rewinds_to_a_decision_and_runs_a_what_if_there(server):
    t = teacher(server.url, server.key)
    game_id = new_game(t)
    s = join(server.url, server.codes[0], "Kai")
    seat(s, game_id, "France")
    t.post(f"/teacher/game/{game_id}/start")
    for _ in range(3):
        page = s.get(f"/game/{game_id}").text
        s.post(f"/game/{game_id}/decide", {"option": options(page)[0]})
    whatif = t.post(f"/teacher/game/{game_id}/whatif", {"keep": "1"})
    assert whatif.status_code == 200 and "Share of worlds" in whatif.text
    assert re.search(r"<h1>What if\? [^<(]+ \(\w[^)]*\)</h1>", whatif.text)  # the event and the power deciding
    branch = t.post(f"/teacher/game/{game_id}/rewind", {"keep": "1"})
    new_id = int(branch.url.path.rsplit("/", 1)[1])
    assert new_id != game_id and "branched from" in branch.text
    moves = branch.text.count("Rewind here")
    assert moves == 1  # the first decision is kept, the class plays on from the second
    assert options(s.get(f"/game/{new_id}").text)  # the same student still plays France there


def test_a_student_cannot_decide_for_a_power_they_do_not_play(server):
    t = teacher(server.url, server.key)
    game_id = new_game(t)
    a, b = join(server.url, server.codes[0], "Lu"), join(server.url, server.codes[0], "Max")
    seat(a, game_id, "France")
    t.post(f"/teacher/game/{game_id}/start")
    page = a.get(f"/game/{game_id}").text
    b.get(f"/game/{game_id}")
    refused = b.post(f"/game/{game_id}/decide", {"option": options(page)[0]})
    assert refused.status_code == 400 and "no power in this game" in refused.text


def test_only_playable_powers_are_offered_as_seats(server):
    t = teacher(server.url, server.key)
    game_id = new_game(t)
    s = join(server.url, server.codes[0], "Ned")
    page = s.get(f"/game/{game_id}").text
    offered = set(re.findall(r'<option value="(\w+)"', page))
    assert {"France", "Britain", "Germany", "USSR"} <= offered
    assert not offered & {"Japan", "USA", "Belgium", "Austria", "Hungary"}


def test_take_seat_refuses_a_power_that_is_not_playable(server):
    t = teacher(server.url, server.key)
    game_id = new_game(t)
    s = join(server.url, server.codes[0], "Olle")
    s.get(f"/game/{game_id}")
    refused = s.post(f"/game/{game_id}/seat", {"power": "Japan"})
    assert refused.status_code == 400 and "no such power" in refused.text
    assert "Olle" not in t.get(f"/teacher/game/{game_id}").text


def test_the_teachers_list_shows_each_decision_as_the_options_text(server):
    t = teacher(server.url, server.key)
    game_id = new_game(t)
    s = join(server.url, server.codes[0], "Pia")
    seat(s, game_id, "France")
    t.post(f"/teacher/game/{game_id}/start")
    page = s.get(f"/game/{game_id}").text
    option = options(page)[0]
    text = re.search(rf'value="{option}"[^>]*>\s*<label[^>]*><strong>([^<]+)</strong>', page).group(1)
    assert text != option
    s.post(f"/game/{game_id}/decide", {"option": option})
    cell = re.search(r"<td>France</td><td>(.*?)</td>", t.get(f"/teacher/game/{game_id}").text).group(1)
    assert cell.startswith(text)  # the text players read; the id only beside it


def test_the_teacher_lets_the_ai_decide_for_a_waiting_power_and_the_game_moves_on(server):
    t = teacher(server.url, server.key)
    game_id = new_game(t)  # no time limit: without the button the game would wait for ever
    s = join(server.url, server.codes[0], "Sam")
    seat(s, game_id, "France")
    t.post(f"/teacher/game/{game_id}/start")
    before = s.get(f"/game/{game_id}").text
    assert options(before)
    page = t.get(f"/teacher/game/{game_id}").text
    assert "Let the AI decide for France" in page
    outsider = join(server.url, server.codes[0], "Tom")  # no teacher key: refused
    assert outsider.client.post(f"/teacher/game/{game_id}/ai", data={"power": "France"}).status_code == 403
    no_csrf = t.client.post(f"/teacher/game/{game_id}/ai", data={"power": "France"})
    assert no_csrf.status_code in (400, 403)
    assert "No decision yet." in t.get(f"/teacher/game/{game_id}").text  # neither moved the game
    r = t.post(f"/teacher/game/{game_id}/ai", {"power": "France"})
    assert r.status_code == 200 and "the AI decided (the teacher let it)" in r.text
    after = s.get(f"/game/{game_id}").text
    assert "the teacher let the AI decide for the players" in after
    open_event = re.compile(r'<h2 id="dec-h">([^<]+)</h2>')
    assert "Ending:" in after or open_event.search(after).group(1) != open_event.search(before).group(1)
    again = t.post(f"/teacher/game/{game_id}/ai", {"power": "Japan"})
    assert again.status_code == 400 and "nothing to decide" in again.text


def test_a_student_who_joins_again_takes_the_power_already_played_and_decides(server):
    t = teacher(server.url, server.key)
    game_id = new_game(t)
    seat(join(server.url, server.codes[0], "Uma"), game_id, "France")
    t.post(f"/teacher/game/{game_id}/start")
    again = join(server.url, server.codes[0], "Uma")  # the cookie was lost: a new student of the class
    page = again.get(f"/game/{game_id}").text
    assert "Join a power already played" in page and '<option value="France"' in page
    assert again.post(f"/game/{game_id}/seat", {"power": "France"}).status_code == 200
    page = again.get(f"/game/{game_id}").text
    assert again.post(f"/game/{game_id}/decide", {"option": options(page)[0]}).status_code == 200
    assert "No decision yet." not in t.get(f"/teacher/game/{game_id}").text  # the game moved on
