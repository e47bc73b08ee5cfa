"""Result files and grading: verified results, tampering caught, unreadable files skipped."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.challenges.grade import grade_files, verify
from game.challenges.result import read_result

from .helpers import SMALL, edit

REPO = Path(__file__).resolve().parents[2]


def test_a_genuine_result_is_verified(challenge, genuine):
    """Seed + choices re-run to the same turns, score, objectives and ending."""
    result, _ = read_result(genuine)
    assert result["score"] == 4 and result["passed"] and len(result["chain"]) == len(result["turns"])
    assert result["choices"][0]["justification"] == "we keep our treaty"
    graded = verify(result, challenge)
    assert graded.verified, graded.problems


@pytest.mark.parametrize("change,expected", [
    (lambda d: d.update(score=5), "score differs: the file says 5, the re-run gives 4"),
    (lambda d: d.update(passed=False), "pass differs"),
    (lambda d: d.update(student="Mallory"), "broken chain at its start"),
    (lambda d: d["turns"][0]["choices"].update(USSR="aid_alone"), "broken chain at turn 1 (crisis)"),
    (lambda d: d["choices"][0].update(option="press_prague"), "breaks a constraint"),
    (lambda d: d["objectives"][2].update(met=False), "objective 'soviets' differs"),
    (lambda d: d["ending"].update(id="peace"), "ending differs"),
    (lambda d: d["challenge"].update(sha256="0" * 64), "challenge version differs"),
    (lambda d: d.update(seed=4), "seed 4 is not the challenge's fixed seed 3"),
    (lambda d: d["choices"][0].update(option="surrender"), "choices do not replay"),
    (lambda d: d.update(choices=[]), "unfinished attempt"),
])
def test_a_tampered_result_fails_verification_and_says_what(challenge, genuine, change, expected):
    edit(genuine, change)
    result, _ = read_result(genuine)
    graded = verify(result, challenge)
    assert not graded.verified
    assert any(expected in p for p in graded.problems), graded.problems


def test_a_recomputed_chain_does_not_hide_an_edited_outcome(challenge, genuine):
    """Even with the chain rebuilt, the re-run catches a changed turn."""
    from game.challenges.result import chain, genesis

    def forge(d):
        d["turns"][0]["choices"]["USSR"] = "aid_alone"
        d["genesis"] = genesis(d)
        d["chain"] = chain(d, d["turns"])
    edit(genuine, forge)
    graded = verify(read_result(genuine)[0], challenge)
    assert not graded.verified and any("turn 1 differs from the re-run" in p for p in graded.problems)


def test_truncated_and_garbage_files_are_reported_and_skipped(challenge, genuine, tmp_path):
    """A cut-off JSON file gets FILE:LINE:COL; the others are still graded."""
    cut = tmp_path / "cut.json"
    cut.write_text(genuine.read_text()[:500])
    junk = tmp_path / "junk.json"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    rows = grade_files([str(cut), str(genuine), str(junk)], challenge)
    assert [r.status for r in rows] == ["unreadable", "verified", "unreadable"]
    message = str(rows[0].unreadable[0])
    assert message.startswith(f"{cut}:") and "not valid JSON" in message and "cut short" in message
    assert "not UTF-8" in str(rows[2].unreadable[0]) or "not valid JSON" in str(rows[2].unreadable[0])


def test_a_copied_result_under_another_name_is_noted(challenge, genuine, tmp_path):
    from game.challenges.result import chain, genesis

    copy = tmp_path / "copy.json"
    copy.write_text(genuine.read_text())

    def rename(d):
        d["student"] = "Bob"
        d["genesis"] = genesis(d)
        d["chain"] = chain(d, d["turns"])
    edit(copy, rename)
    rows = grade_files([str(genuine), str(copy)], challenge)
    assert rows[1].verified and "same choices and justifications as Ada" in rows[1].notes[0]


def test_grade_command_prints_a_table_writes_csv_and_chart_and_fails_on_tampering(challenge, genuine, tmp_path):
    """`python -m game grade` exits 1 when any result fails; table, CSV and PNG are written."""
    bad = tmp_path / "bad.json"
    bad.write_text(genuine.read_text())
    edit(bad, lambda d: d.update(score=5))
    cut = tmp_path / "cut.json"
    cut.write_text(genuine.read_text()[:300])
    out_csv, out_png = tmp_path / "class.csv", tmp_path / "class.png"
    run = subprocess.run([sys.executable, "-m", "game", "grade", str(genuine), str(bad), str(cut),
                          "--challenge", str(SMALL), "--csv", str(out_csv), "--plot", str(out_png)],
                         cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "name" in run.stdout and "verified" in run.stdout and "Ada" in run.stdout
    assert "score differs" in run.stdout and f"{cut}:" in run.stdout and not run.stderr
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8-sig")))
    assert [r["verdict"] for r in rows] == ["verified", "tampered", "unreadable"]
    assert out_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    ok = subprocess.run([sys.executable, "-m", "game", "grade", str(genuine), "--challenge", str(SMALL)],
                        cwd=REPO, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr


def test_a_result_for_another_challenge_is_not_verified(challenge, genuine):
    data = json.loads(genuine.read_text())
    data["challenge"]["id"] = "other"
    assert "made for challenge 'other'" in verify(data, challenge).problems[0]
