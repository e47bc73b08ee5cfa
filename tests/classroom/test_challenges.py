"""Students play teacher-set challenges in the browser; the teacher grades them as `grade` does."""

from __future__ import annotations

import csv
import html
import io
import re
import subprocess
import sys
import time

from .helpers import (
    REPO,
    SAMPLES,
    challenge_id_of,
    join,
    options,
    play_challenge,
    results_page,
    settled,
    teacher,
    upload,
)

RHINELAND = SAMPLES / "france_rhineland_1936.yaml"


def test_serve_prints_the_students_address_class_code_and_teachers_key(server):
    assert f"Students: open {server.url}/" in server.output
    assert len(server.codes) == 1 and len(server.codes[0]) == 6
    assert f"Teacher: {server.url}/teacher?key={server.key}" in server.output


def test_a_challenge_played_in_the_browser_is_stored_and_verified_by_re_simulation(server, tmp_path):
    t = teacher(server.url, server.key)
    r = upload(t, 1, RHINELAND)
    assert "added" in r.text
    challenge_id = challenge_id_of(r)
    ann = join(server.url, server.codes[0], "Ann")
    page = ann.get(f"/challenge/{challenge_id}").text
    assert "Objectives" in page and "Begin" in page  # the briefing
    attempt = play_challenge(ann, challenge_id)
    page = ann.get(attempt).text
    assert "Your result" in page and "<svg" in page and "What happened" in page
    result = ann.get(f"{attempt}/result.json")
    assert result.status_code == 200 and result.json()["student"] == "Ann"
    card = ann.get(f"{attempt}/card")
    assert "Your path beside history" in card.text and "Ann" in card.text
    # The teacher's table: the same verdict as grade, which re-runs the file.
    results = results_page(t, challenge_id)
    assert "<strong>verified</strong>" in results
    (tmp_path / "r.json").write_bytes(result.content)
    graded = subprocess.run([sys.executable, "-m", "game", "grade", str(tmp_path / "r.json"), "--challenge",
                             str(RHINELAND)], capture_output=True, text=True, cwd=REPO)
    assert graded.returncode == 0, graded.stdout + graded.stderr


def test_the_csv_export_is_identical_to_grade_csv_over_the_downloaded_results(server, tmp_path):
    t = teacher(server.url, server.key)
    r = upload(t, 1, RHINELAND)
    challenge_id = challenge_id_of(r)
    for name, pick in (("Bo", lambda opts, i: opts[-1]), ("Cleo", lambda opts, i: opts[i % len(opts)])):
        s = join(server.url, server.codes[0], name)
        play_challenge(s, challenge_id, pick)
    exported = t.get(f"/teacher/challenge/{challenge_id}/grades.csv").text
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert len(rows) >= 2 and {r["verdict"] for r in rows} == {"verified"}
    page = t.get(f"/teacher/challenge/{challenge_id}").text
    files = []
    for row, attempt in zip(rows, re.findall(r'/teacher/result/(\d+)\.json', page), strict=True):
        (tmp_path / row["file"]).write_bytes(t.get(f"/teacher/result/{attempt}.json").content)
        files.append(row["file"])
    out = tmp_path / "grade.csv"
    graded = subprocess.run([sys.executable, "-m", "game", "grade", *files, "--challenge", str(RHINELAND), "--csv",
                             str(out)], capture_output=True, text=True, cwd=tmp_path)
    assert out.read_bytes().decode("utf-8") == exported.replace("\r\n", "\n").replace("\n", "\r\n")
    # The dashboard's table: grade's own columns and words, row for row.
    printed = [line for line in graded.stdout.splitlines() if line.strip()]
    dashes = next(i for i, line in enumerate(printed) if set(line.replace(" ", "")) == {"-"})
    spans, start = [], 0
    for run in printed[dashes].split("  "):
        spans.append((start, start + len(run)))
        start += len(run) + 2
    terminal = [[line[a:b].strip() for a, b in spans] for line in printed[dashes - 1:dashes + 1 + len(rows)]
                if not set(line.replace(" ", "")) <= {"-"}]
    assert terminal[0] == ["name", "file", "seed", "score", "pass", "ending", "verdict", "why"]
    assert dashboard_table(page) == [[html.escape(c, quote=True).replace("&#x27;", "&#39;").replace("&quot;", "&#34;")
                                      for c in row] for row in terminal]


def dashboard_table(page: str) -> list[list[str]]:
    """The results table's header and cells, without the last column (the download links)."""
    table = page.split("<table>")[1].split("</table>")[0]
    head = re.findall(r'<th scope="col">([^<]*)</th>', table)[:-1]
    rows = []
    for tr in re.findall(r"<tr class=[^>]*>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<td>(.*?)</td>", tr, re.S)[:-1]
        rows.append([re.sub(r"</?strong>", "", c) for c in cells])
    return [head, *rows]


def test_a_student_sees_the_verdict_in_grades_words_and_a_teacher_every_report_card(server):
    t = teacher(server.url, server.key)
    r = upload(t, 1, RHINELAND)
    challenge_id = challenge_id_of(r)
    gus = join(server.url, server.codes[0], "Gus")
    attempt = play_challenge(gus, challenge_id)
    page = gus.get(attempt).text
    for _ in range(300):  # the student's page does not wait for the re-run: it says so meanwhile
        if "<strong>being checked</strong>" not in page:
            break
        assert "the re-run is under way" in page and "<strong>verified</strong>" not in page
        time.sleep(0.2)
        page = gus.get(attempt).text
    assert re.search(r"Verdict \(re-run from your seed and choices, as <code>grade</code> does\): "
                     r"<strong>verified</strong>", page)
    card = gus.get(f"{attempt}/card").text
    assert "CHALLENGE REPORT CARD" in card and "Gus" in card and "NOT VERIFIED" not in card
    hana = join(server.url, server.codes[0], "Hana")
    play_challenge(hana, challenge_id, lambda opts, i: opts[-1])
    cards = t.get(f"/teacher/challenge/{challenge_id}/cards").text
    assert cards.count('<article class="reportcard"') == 2 and "Gus" in cards and "Hana" in cards
    assert gus.get(f"/teacher/challenge/{challenge_id}/cards").status_code == 403  # the teacher's only


def test_who_has_not_started_is_listed(server):
    t = teacher(server.url, server.key)
    r = upload(t, 1, RHINELAND)
    challenge_id = challenge_id_of(r)
    join(server.url, server.codes[0], "Dora Late")
    page = t.get(f"/teacher/challenge/{challenge_id}").text
    assert "Dora Late" in page.split("Not started")[1]


def test_an_upload_with_errors_shows_validates_file_line_col_messages(server, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text(RHINELAND.read_text(encoding="utf-8").replace("pass_mark:", "pass_mark: 9999 #"), encoding="utf-8")
    t = teacher(server.url, server.key)
    page = upload(t, 1, bad).text
    validate = subprocess.run([sys.executable, "-m", "game", "validate", "broken.yaml"], capture_output=True,
                              text=True, cwd=tmp_path)
    errors = [line for line in validate.stdout.splitlines() + validate.stderr.splitlines() if ": error:" in line]
    assert errors and "not added" in page
    for line in errors:
        assert line.replace("'", "&#39;").replace('"', "&#34;") in page


def test_a_closed_challenge_is_not_offered_to_students(server):
    t = teacher(server.url, server.key)
    r = upload(t, 1, RHINELAND)
    challenge_id = challenge_id_of(r)
    t.post(f"/teacher/challenge/{challenge_id}/open", {"open": "0"})
    s = join(server.url, server.codes[0], "Eve")
    assert f"/challenge/{challenge_id}\"" not in s.get("/me").text
    assert s.get(f"/challenge/{challenge_id}").status_code == 400


def first_decision(server, name: str):
    """(student, page) of a new student of the uploaded Rhineland challenge at its first decision."""
    t = teacher(server.url, server.key)
    r = upload(t, 1, RHINELAND)
    challenge_id = challenge_id_of(r)
    s = join(server.url, server.codes[0], name)
    return s, settled(s, s.post(f"/challenge/{challenge_id}/start"))


def test_a_forbidden_or_unknown_option_is_refused_with_a_reason(server):
    s, r = first_decision(server, "Finn")
    assert options(r.text)
    words = "one two three four five six seven eight nine"
    refused = s.post(f"{r.url.path}/choose", {"option": "no_such_option", "justification": words})
    assert refused.status_code == 400 and "has no option" in refused.text.replace("&#39;", "")


def test_the_teachers_live_table_is_answered_304_until_something_in_it_changes(server):
    t = teacher(server.url, server.key)
    r = upload(t, 1, RHINELAND)
    challenge_id = challenge_id_of(r)
    live = {"hx-request": "true"}
    first = t.client.get(f"/teacher/challenge/{challenge_id}", headers=live)
    etag = first.headers["etag"]
    assert first.status_code == 200 and etag
    again = t.client.get(f"/teacher/challenge/{challenge_id}", headers={**live, "if-none-match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag
    join(server.url, server.codes[0], "Ivo Newcomer")  # a student joins: "not started" changes
    changed = t.client.get(f"/teacher/challenge/{challenge_id}", headers={**live, "if-none-match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert "Ivo Newcomer" in changed.text.split("Not started")[1]


def test_the_server_refuses_a_choice_in_the_engines_own_words_before_storing_it(tmp_path):
    """check_choice (the server's check, from the page) and ChallengeRun.apply (the engine's)
    refuse the same choices with the same reasons: the server stores only what the engine takes."""
    import copy

    import pytest

    from game.challenges.run import ChallengeRun
    from game.classroom.challenges import Library, check_choice
    from game.classroom.views import run_view
    from game.engine import IllegalChoice

    library, forbidden_seen = Library(), 0
    for sample in (RHINELAND, SAMPLES / "britain_moscow_talks_1939.yaml"):
        challenge, _ = library.check(sample.name, sample.read_bytes())
        assert challenge is not None
        run = ChallengeRun(challenge, challenge.seed)
        view = run_view(run)
        words = "one two three four five six seven eight"
        decision = view["decision"]
        cases = [("no_such_option", words), (decision.options[0].id, "too few words")]
        for event, power, option in challenge.forbidden:
            if (event, power) == (decision.event.id, decision.power):
                cases.append((option, words))
                forbidden_seen += 1
        for option, text in cases:
            with pytest.raises(IllegalChoice) as by_engine:
                copy.deepcopy(run).apply(option, text)
            with pytest.raises(IllegalChoice) as by_server:
                check_choice(challenge, view, option, text)
            assert by_server.value.reason == by_engine.value.reason
        legal = next(o.id for o in decision.options if o.legal)
        event, power, option, date, text = check_choice(challenge, view, legal, f"  {words} ")
        run.apply(option, f"  {words} ")
        made = run.choices[-1]
        assert (event, power, option, date, text) == (made.event, made.power, made.option, made.date,
                                                      made.justification)
    assert forbidden_seen  # a forbidden option was among the cases


def test_the_working_page_asks_whether_the_engine_is_done_and_is_told_to_reload_when_it_is(server):
    from .helpers import WORKING

    s, r = first_decision(server, "Rosa")
    path = r.url.path
    words = "one two three four five six seven eight nine"
    r = s.post(f"{path}/choose", {"option": options(r.text)[0], "justification": words})
    if WORKING in r.text:  # the page the browser shows meanwhile polls the check
        assert f'hx-get="{path}/ready"' in r.text
    deadline = time.monotonic() + 60
    check = s.client.get(f"{path}/ready")
    while check.status_code == 204 and time.monotonic() < deadline:
        time.sleep(0.05)
        check = s.client.get(f"{path}/ready")
    assert check.status_code == 200 and check.headers["hx-refresh"] == "true"
    assert WORKING not in s.get(path).text  # "done" means the next card or the result is there
    other = join(server.url, server.codes[0], "Sam")
    assert other.client.get(f"{path}/ready").status_code == 403  # someone else's attempt: nothing about it


def test_the_working_page_polls_its_ready_check_and_reloads_itself_without_scripts():
    # The server test above sees this page only when the engine happens to be busy; this one
    # renders it always, as the server does.
    from types import SimpleNamespace

    from game.classroom.app import READY_POLL, RELOAD_SECONDS, templates

    page = templates().get_template("attempt_working.html").render(
        row=SimpleNamespace(id=7, challenge_id=3), challenge=SimpleNamespace(title="Rhineland"), over=False)
    assert 'hx-get="/attempt/7/ready"' in page and f'hx-trigger="{READY_POLL}"' in page
    assert f'http-equiv="refresh" content="{RELOAD_SECONDS}"' in page  # a browser without scripts still gets there
    assert "Your decision is saved" in page


def test_points_are_worded_1_point_and_n_points_as_in_the_terminal(server):
    t = teacher(server.url, server.key)
    challenge_id = challenge_id_of(upload(t, 1, RHINELAND))
    s = join(server.url, server.codes[0], "Quin")
    briefing = s.get(f"/challenge/{challenge_id}").text
    assert "(1 point," in briefing and "1 points" not in briefing
    page = settled(s, s.post(f"/challenge/{challenge_id}/start")).text
    assert "(1 point," in page and "1 points" not in page


def test_the_general_hint_is_shown_only_on_request_and_a_decisions_own_hint_with_it(server):
    t = teacher(server.url, server.key)
    challenge_id = challenge_id_of(upload(t, 1, RHINELAND))
    s = join(server.url, server.codes[0], "Rae")
    page = settled(s, s.post(f"/challenge/{challenge_id}/start")).text
    general = "Look at what each option does to your allies&#39; trust, not only to Germany."
    assert f'<p class="hint">Hint: {general}' not in page
    assert re.search(rf'<details class="hint"><summary>Hint</summary><p>{re.escape(general)}</p></details>', page)
    assert '<h2 id="dec-h">The Rhineland</h2>' in page  # the challenge starts there: its own hint shows
    assert '<p class="hint">Hint: The French army was far stronger' in page
