"""Terminal play of a challenge through a pipe: briefing, prompts, result file, report card."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from game.challenges import load_challenge
from game.challenges.grade import verify
from game.challenges.play import play_challenge
from game.ui.report_card import render_report_card

from .helpers import SMALL, text_session

REPO = Path(__file__).resolve().parents[2]


def test_a_piped_game_saves_a_verifiable_result_and_a_report_card(tmp_path):
    """Forbidden option refused, short justification re-asked, name asked, files written."""
    challenge = load_challenge(SMALL)
    session, out = text_session(["", "o", "2", "1", "hm", "the treaty binds France", "Ada Lovelace", ""])
    assert play_challenge(session, challenge, directory=tmp_path, render_card=render_report_card) == 0
    text = out.getvalue()
    assert "CHALLENGE: Stand by Prague" in text and "You are France in September 1938." in text
    assert "Objectives now: whole: on track" in text
    assert "Not possible: forbidden by the challenge: Paris has promised to stand firm." in text
    assert "please write at least 2 words" in text
    assert "CHALLENGE RESULT: 4 of 4 points - PASSED" in text and "Debrief:" in text
    result = json.loads((tmp_path / "small_crisis-ada_lovelace.json").read_text())
    assert result["student"] == "Ada Lovelace" and result["choices"][0]["option"] == "honour"
    assert verify(result, challenge).verified
    card = tmp_path / "small_crisis-ada_lovelace.png"
    assert card.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_rewind_in_the_terminal(tmp_path):
    """'r' goes back to an earlier decision when the challenge allows it."""
    from dataclasses import replace

    challenge = load_challenge(SMALL)
    # Give France a second decision by starting before the crisis is impossible here, so check
    # the command is offered and explains there is nothing to go back to yet.
    session, out = text_session(["", "r", "1", "two words", "Ada", ""])
    play_challenge(session, challenge, directory=tmp_path)
    assert "There is no earlier decision yet." in out.getvalue()
    strict = replace(challenge, rewind=False)
    session, out = text_session(["", "r", "1", "two words", "Ada", ""])
    play_challenge(session, strict, directory=tmp_path)
    assert "r = go back" not in out.getvalue()


def test_end_of_input_leaves_cleanly_without_a_result(tmp_path):
    challenge = load_challenge(SMALL)
    session, out = text_session([""])
    assert play_challenge(session, challenge, directory=tmp_path) == 0
    assert "Input ended; leaving the challenge (no result saved)." in out.getvalue()
    assert not list(tmp_path.glob("*.json"))


def test_play_text_challenge_command_runs_through_a_pipe(tmp_path, user_home):
    """`python -m game play --text --challenge FILE` end to end, from another directory: the
    result goes to the user output folder, never the current directory."""
    run = subprocess.run([sys.executable, "-m", "game", "play", "--text", "--challenge", str(SMALL)],
                         input="\n1\nwe stand firm\nBea\n\n", cwd=tmp_path, capture_output=True, text=True,
                         env={**__import__("os").environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 0, run.stderr
    assert (user_home / "output" / "small_crisis-bea.json").exists()
    assert f"Results are saved in {user_home / 'output'}" in run.stdout
    assert not list(tmp_path.glob("*.json"))


def test_play_challenge_refuses_set_and_other_powers():
    run = subprocess.run([sys.executable, "-m", "game", "play", "--text", "--challenge", str(SMALL),
                          "--set", "resolve=bluff"], cwd=REPO, capture_output=True, text=True, input="")
    assert run.returncode == 2 and "fixes the settings" in run.stderr
    run = subprocess.run([sys.executable, "-m", "game", "play", "--text", "--challenge", str(SMALL),
                          "--as", "USSR"], cwd=REPO, capture_output=True, text=True, input="")
    assert run.returncode == 2 and "played as France" in run.stderr


def test_going_back_in_the_terminal_replays_to_the_chosen_decision(tmp_path):
    """With rewind allowed, 'r' then a number returns to that decision; the result records
    only the final path and counts the rewind, and still verifies."""
    from dataclasses import replace

    from game.challenges import list_challenges

    path = next((p for p in list_challenges() if p.name == "britain_moscow_talks_1939.yaml"), None)
    if path is None:
        import pytest

        pytest.skip("sample challenge not present")
    challenge = replace(load_challenge(path), rewind=True)
    why = "Stalin must see that London means business this time"
    lines = ["", "1", why, "r", "1", "3", why] + ["1", why] * 8 + ["Ada", ""]
    session, out = text_session(lines)
    play_challenge(session, challenge, directory=tmp_path)
    text = out.getvalue()
    assert "Go back to which decision?" in text and "Back to decision 1." in text
    result = json.loads(next(tmp_path.glob("*.json")).read_text())
    assert result["rewinds"] == 1 and result["choices"][0]["option"] == "with_moscow"
    assert verify(result, challenge).verified
