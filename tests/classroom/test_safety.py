"""Safe by default: the teacher's key, a student's own work only, escaping, cross-site
forms, size and rate limits, nothing read from files."""

from __future__ import annotations

import httpx

from .helpers import SAMPLES, challenge_id_of, join, play_challenge, teacher, upload


def test_teacher_pages_need_the_key(server):
    for path in ("/teacher", "/teacher/class/1", "/teacher/challenge/1/grades.csv", "/teacher/game/1/projector"):
        assert httpx.get(server.url + path).status_code == 403
        assert httpx.get(server.url + path + "?key=wrong").status_code == 403
    assert httpx.get(server.url + f"/teacher?key={server.key}").status_code in (200, 303)


def test_a_student_sees_only_their_own_attempt(server):
    t = teacher(server.url, server.key)
    r = upload(t, 1, SAMPLES / "france_rhineland_1936.yaml")
    challenge_id = challenge_id_of(r)
    owner, other = join(server.url, server.codes[0], "Nia"), join(server.url, server.codes[0], "Oto")
    attempt = play_challenge(owner, challenge_id)
    for path in (attempt, f"{attempt}/result.json", f"{attempt}/card"):
        refused = other.get(path)
        assert refused.status_code == 400 and "not your attempt" in refused.text
    assert httpx.get(server.url + attempt, follow_redirects=True).status_code == 400  # nobody signed in


def test_names_and_texts_are_escaped(server):
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    s = join(server.url, server.codes[0], evil)
    page = s.get("/me").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    t = teacher(server.url, server.key)
    assert "<script>alert" not in t.get("/teacher/class/1").text


def test_forms_without_the_token_or_from_another_site_are_refused(server):
    s = join(server.url, server.codes[0], "Pia")
    no_token = s.client.post("/join", data={"code": server.codes[0], "name": "x"})
    assert no_token.status_code == 400 and "expired" in no_token.text
    cross = s.client.post("/join", data={"csrf": s.csrf, "code": server.codes[0], "name": "x"},
                          headers={"origin": "http://evil.example"})
    assert cross.status_code == 403


def test_request_size_is_limited_even_when_the_length_is_not_declared(server):
    big = {"content-type": "application/x-www-form-urlencoded"}
    assert httpx.post(server.url + "/join", content=b"a" * 200_000, headers=big).status_code == 413

    def chunks():
        for _ in range(100):
            yield b"a" * 10_000

    assert httpx.post(server.url + "/join", content=chunks(), headers=big).status_code == 413


def test_a_flood_of_requests_is_rate_limited(server):
    s = join(server.url, server.codes[0], "Tia")  # one student's browser: 10 a second, bursts of 60
    statuses = [s.client.get("/static/style.css").status_code for _ in range(200)]
    assert 429 in statuses and statuses[0] == 200
    assert join(server.url, server.codes[0], "Uma").get("/me").status_code == 200  # the others are not slowed


def test_static_files_cannot_reach_outside_their_folder(server):
    for path in ("/static/../../pyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static//etc/passwd"):
        r = httpx.get(server.url + path)
        assert r.status_code == 404 and "[project]" not in r.text


def test_a_scenario_outside_the_list_cannot_be_loaded_for_a_class_game(server):
    t = teacher(server.url, server.key)
    t.get("/teacher/class/1")
    r = t.post("/teacher/class/1/game", {"scenario": "/etc/passwd", "preset": "", "others": "ai"})
    assert r.status_code == 400 and "no scenario" in r.text


def test_pages_forbid_framing_and_foreign_scripts(server):
    r = httpx.get(server.url + "/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY" and r.headers["referrer-policy"] == "no-referrer"
