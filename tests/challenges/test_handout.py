"""`handout`: a printable briefing (PDF or PNG pages) with objectives, rules and questions;
the optional `questions:` key, validated, shown after play in the terminal and the window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.challenges import check_challenge, load_challenge
from game.challenges.handout import handout_blocks, rules
from game.challenges.play import show_result

from .helpers import FIXTURES, SMALL, play_path, text_session

REPO = Path(__file__).resolve().parents[2]
SUDETEN = REPO / "scenarios" / "challenges" / "france_sudeten_1938.yaml"
POLAND = REPO / "scenarios" / "challenges" / "poland_transit_1938.yaml"
RHINELAND = REPO / "scenarios" / "challenges" / "france_rhineland_1936.yaml"


def _game(*args: str, env: dict | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "SDL_VIDEODRIVER": "dummy", "PYTHONPATH": str(REPO), **(env or {})})


def test_the_handout_holds_who_and_when_objectives_pass_mark_rules_and_questions():
    challenge = load_challenge(SUDETEN)
    text = "\n".join(t for _, t in handout_blocks(challenge))
    assert "France, from 15 September 1938 (Berchtesgaden)" in text
    assert "You decide until 31 October 1938" in text
    for objective in challenge.objectives:
        assert objective.text in text
    assert "pass mark: 3 points of 6" in text and "required:" not in text  # nothing is required here
    rhineland = "\n".join(t for _, t in handout_blocks(load_challenge(RHINELAND)))
    assert "required: without it you do not pass" in rhineland
    assert "1,000 worlds" in text and "Not allowed: \"Sign the Munich Agreement\"" in text
    assert "cannot go back" in text and "at least 8 words" in text
    for question in challenge.definition.questions:
        assert question in text


def test_the_handout_rules_say_how_chance_is_handled():
    assert "everyone in the class plays the same world" in rules(load_challenge(POLAND))[0]
    assert "average over them" in rules(load_challenge(SUDETEN))[0]


def test_handout_writes_a_pdf_in_the_user_folder_by_default_and_says_where(tmp_path):
    home, elsewhere = tmp_path / "home", tmp_path / "cwd"
    elsewhere.mkdir()
    run = _game("handout", str(SUDETEN), env={"COLLECTIVE_SECURITY_HOME": str(home)}, cwd=elsewhere)
    assert run.returncode == 0, run.stderr
    written = home / "output" / "france_sudeten_1938-handout.pdf"
    assert f"wrote {written}" in run.stdout
    assert written.read_bytes().startswith(b"%PDF-1.4") and b"/Count 1" in written.read_bytes()
    assert not list(elsewhere.iterdir())  # never the current folder


def test_handout_writes_png_pages_when_asked(tmp_path):
    run = _game("handout", str(SMALL), "--output", str(tmp_path / "small.png"))
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "small.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = _game("handout", str(SMALL), "--output", str(tmp_path / "missing" / "x.pdf"))
    assert bad.returncode == 2 and "does not exist" in bad.stderr


def test_a_long_handout_takes_several_pages():
    pytest.importorskip("pygame")
    from game.ui.handout import draw_pages

    blocks = [("title", "T")] + [("item", "a question for the class " * 12)] * 40
    assert len(draw_pages(blocks)) >= 2


@pytest.mark.parametrize("value,message", [
    ('questions: "Why?"', "must be a list"),
    ('questions: [""]', "at least 1 character"),
    ("questions: [" + ", ".join(['"q"'] * 21) + "]", "at most 20"),
])
def test_questions_are_validated(tmp_path, value, message):
    (tmp_path / "small.yaml").write_text((FIXTURES / "small.yaml").read_text())
    path = tmp_path / "c.yaml"
    path.write_text(SMALL.read_text() + value + "\n")
    challenge, diagnostics = check_challenge(path)
    assert challenge is None
    assert any(message in str(d) and ":38:" in str(d) for d in diagnostics.errors), [str(d) for d in diagnostics.errors]


def test_the_debrief_shows_the_questions_for_discussion_in_the_terminal_and_the_window(tmp_path):
    (tmp_path / "small.yaml").write_text((FIXTURES / "small.yaml").read_text())
    path = tmp_path / "c.yaml"
    path.write_text(SMALL.read_text() + 'questions: ["Would Moscow have fought?"]\n')
    challenge = load_challenge(path)
    run = play_path(challenge, {"crisis": "honour"}, seed=3)
    session, out = text_session([])
    show_result(session, run)
    assert "For discussion:\n  1. Would Moscow have fought?" in out.getvalue()
    pytest.importorskip("pygame")
    from game.ui.scenes.challenges import result_blocks

    texts = [b.text for b in result_blocks(run)]
    assert "For discussion" in texts and "1. Would Moscow have fought?" in texts


def test_the_result_of_a_worlds_challenge_shows_the_expected_score_not_the_one_world():
    challenge = load_challenge(SUDETEN)
    run = play_path(challenge, {"berchtesgaden": "stand_by_treaty", "munich": "honour"})
    session, out = text_session([])
    show_result(session, run)
    from game.challenges.worlds import grade_of

    graded = grade_of(run)
    assert f"CHALLENGE RESULT: {graded.expected:g} of 6 points" in out.getvalue()
    assert "average over 1,000 worlds" in out.getvalue() and "% of the" in out.getvalue()
