"""Grading at a glance (issue 12 point 4): one verdict per result, everything on stdout,
folders and globs, the CSV a teacher marks from, the class chart, report cards, a roster."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.challenges import load_challenge
from game.challenges.grade import csv_text, grade_files, table
from game.challenges.result import chain, genesis

from .helpers import FIXTURES, SMALL, edit, play_path, write_result

REPO = Path(__file__).resolve().parents[2]


def _game(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=REPO, capture_output=True, text=True)


def _resign(d: dict) -> None:
    d["genesis"] = genesis(d)
    d["chain"] = chain(d, d["turns"])


@pytest.fixture
def folder(challenge, tmp_path):
    """A class folder: Ada (genuine), Bob (score edited), Cy (Ada's copy), Dee (cut short), Zoë
    (genuine, other words), and Ada's report-card PNG."""
    results = tmp_path / "results"
    results.mkdir()
    write_result(play_path(challenge, {"crisis": "honour"}, seed=3, why="we keep our treaty"), "Ada",
                 results / "ada.json")
    shutil.copy(results / "ada.json", results / "bob.json")
    edit(results / "bob.json", lambda d: (d.update(student="Bob"), _resign(d), d.update(score=0)))
    shutil.copy(results / "ada.json", results / "cy.json")
    edit(results / "cy.json", lambda d: (d.update(student="Cy", saved="2999-01-01T00:00:00+00:00"), _resign(d)))
    (results / "dee.json").write_text((results / "ada.json").read_text()[:400])
    write_result(play_path(challenge, {"crisis": "honour"}, seed=3, why="Prague must not stand alone, ever"),
                 "Zoë", results / "zoe.json")
    (results / "ada.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return results


def test_each_result_gets_one_verdict_with_what_it_rests_on(challenge, folder):
    rows = grade_files([str(folder / f"{n}.json") for n in ("ada", "bob", "cy", "dee", "zoe")], challenge)
    assert [r.verdict for r in rows] == ["verified", "tampered", "copied", "unreadable", "verified"]
    assert rows[1].why.startswith("score, hash chain")
    assert rows[2].why.startswith("from Ada (")
    assert "not valid JSON" in rows[3].why
    text = table(rows, challenge)
    for word in ("verdict", "why", "TAMPERED", "COPIED", "UNREADABLE", "verified", "Zoë"):
        assert word in text


def test_a_result_of_another_version_is_graded_against_the_kept_file(challenge, tmp_path):
    old_dir, new_dir = tmp_path / "v1", tmp_path / "v2"
    for d in (old_dir, new_dir):
        d.mkdir()
        shutil.copy(FIXTURES / "small.yaml", d / "small.yaml")
    shutil.copy(SMALL, old_dir / "c.yaml")
    (new_dir / "c.yaml").write_text(SMALL.read_text().replace("You are France", "You are France (v2)"))
    old = load_challenge(old_dir / "c.yaml")
    result = write_result(play_path(old, {"crisis": "honour"}, seed=3, why="we keep our treaty"), "Ada",
                          tmp_path / "ada.json")
    alone = grade_files([str(result)], load_challenge(new_dir / "c.yaml"))[0]
    assert alone.verdict == "other version" and not alone.accepted
    assert "another version of the challenge file" in alone.why and "--challenge" in alone.why
    kept = grade_files([str(result)], load_challenge(new_dir / "c.yaml"), kept=[old])[0]
    assert kept.verdict == "other version" and kept.accepted and "verified against it" in kept.why
    run = _game("grade", str(result), "--challenge", str(new_dir / "c.yaml"), "--challenge", str(old_dir / "c.yaml"))
    assert run.returncode == 0 and "OTHER VERSION" in run.stdout, run.stdout + run.stderr


def test_grade_takes_a_folder_or_a_glob_and_skips_files_that_are_not_results(folder):
    run = _game("grade", str(folder), "--challenge", str(SMALL))
    assert "note: skipped a file that is not a result (*.png; results end in .json): ada.png" in run.stdout
    assert run.stdout.count("ada.json") >= 1 and "ada.png  " not in run.stdout
    pattern = _game("grade", str(folder / "*"), "--challenge", str(SMALL))
    assert "not a result" in pattern.stdout and "5 result(s)" in pattern.stdout.splitlines()[-1]


def test_the_reasons_go_to_stdout_so_a_redirected_table_keeps_them(folder):
    run = _game("grade", str(folder), "--challenge", str(SMALL))
    assert run.returncode == 1 and not run.stderr
    assert "bob.json: tampered: score differs" in run.stdout
    assert "dee.json:" in run.stdout and "(skipped)" in run.stdout
    assert "2 of 5 result(s) verified, 2 verified pass(es); 1 copied" in run.stdout


def test_the_csv_has_a_bom_names_verdicts_objective_texts_ending_titles_and_every_justification(challenge, folder):
    rows = grade_files(sorted(str(p) for p in folder.glob("*.json")), challenge)
    text = csv_text(rows, challenge, missing=["Eve"])
    assert text.startswith("\ufeff")
    table_rows = list(csv.DictReader(text[1:].splitlines()))
    head = list(table_rows[0])
    assert head[:4] == ["name", "file", "verdict", "why"]
    assert "Keep the Sudetenland Czechoslovak" in head and "whole" not in head
    zoe = next(r for r in table_rows if r["name"] == "Zoë")
    assert zoe["verdict"] == "verified" and zoe["choice 1"] == "Honour the treaty"
    assert zoe["decision 1"] == "Sudeten crisis" and zoe["justification 1"] == "Prague must not stand alone, ever"
    ending_titles = {e.title for e in challenge.spec.endings}
    assert zoe["ending"] in ending_titles
    assert table_rows[-1]["name"] == "Eve" and table_rows[-1]["verdict"] == "not submitted"


def test_the_class_chart_shows_every_student_and_counts_only_verified_passes(challenge, folder):
    from game.challenges.grade import Graded
    from game.ui.report_card import chart_bars, chart_summary

    rows = grade_files(sorted(str(p) for p in folder.glob("*.json")), challenge)
    rows.append(Graded(file="nil.json", student="Nil", score=0.0, max_score=4, passed=False, verified=True))
    bars = chart_bars(rows)
    assert len(bars) == 6
    assert (bars[-2][0], bars[-2][1], bars[-2][3]) == ("Nil", 0.0, "")  # a zero score is a bar too
    assert any(b[1] is None and b[3] == "unreadable" for b in bars)
    assert next(b for b in bars if b[0] == "Cy")[3] == "copied"
    assert "2 verified pass(es)" in chart_summary(rows)  # Cy's copy passes but does not count
    hidden = chart_bars(rows, anonymous=True)
    assert {b[0] for b in hidden} == {f"student {n}" for n in range(1, 7)}


def test_grade_cards_writes_a_card_per_student_and_one_printable_pdf(folder, tmp_path):
    cards = tmp_path / "cards"
    run = _game("grade", str(folder), "--challenge", str(SMALL), "--cards", str(cards), "--plot",
                str(tmp_path / "class.png"), "--anonymous")
    assert "wrote 4 report card(s)" in run.stdout, run.stdout + run.stderr
    assert sorted(p.name for p in cards.glob("*.png")) == ["ada.png", "bob.png", "cy.png", "zoe.png"]
    pdf = (cards / "small_crisis-report-cards.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-1.4") and b"/Count 4" in pdf and pdf.rstrip().endswith(b"%%EOF")


def test_a_roster_lists_who_has_not_handed_in(folder, tmp_path):
    roster = tmp_path / "roster.txt"
    roster.write_text("# class 4B\nAda\nbob\nZOE\nEve Smith\n\n", encoding="utf-8")  # Zoë typed without accents
    run = _game("grade", str(folder), "--challenge", str(SMALL), "--roster", str(roster))
    assert "not handed in (1 of 4 on the roster): Eve Smith" in run.stdout


def test_a_long_option_on_the_report_card_is_wrapped_at_words_and_the_history_column_fits(challenge):
    from game.ui.report_card import MARGIN, PAGE, PATH_COLUMNS, path_cells
    from game.ui.style import paper_style

    style = paper_style()
    long_text = "Guarantee Poland, and insist that Moscow be brought into the front before anything is signed"
    spec = challenge.spec
    option = spec.event("crisis").options["France"][0]
    object.__setattr__(option, "text", long_text)
    try:
        cells = path_cells({"event": "crisis", "power": "France", "option": option.id, "historical": "press_prague",
                            "date": "1938-09-15"}, spec, style)
    finally:
        object.__setattr__(option, "text", "Honour the treaty")
    assert " ".join(cells[2][0]) == long_text  # every word, none cut
    for (x, width), (lines, _, bold) in zip(PATH_COLUMNS, cells):
        assert MARGIN + x + width <= PAGE[0] - MARGIN
        assert all(style.text.width(line, style.px(24), bold) <= width for line in lines), lines


def test_an_accented_name_keeps_its_letters_in_the_result_file_name(challenge):
    from game.challenges.result import default_filename

    assert default_filename(challenge, "Zoë Ørsted") == "small_crisis-zoe_orsted.json"
