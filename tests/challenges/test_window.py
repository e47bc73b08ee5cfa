"""The window's Challenges screens, driven headless through the App with synthetic events."""

from __future__ import annotations

import json

import pytest

pygame = pytest.importorskip("pygame")

from game.challenges import load_challenge  # noqa: E402
from game.challenges.grade import verify  # noqa: E402

from .helpers import SMALL  # noqa: E402

SUDETEN = SMALL.parents[3] / "scenarios" / "challenges" / "france_sudeten_1938.yaml"


@pytest.fixture()
def app(window_app):
    """A window on the small challenge by default (``app(None)``: the title screen)."""
    return lambda challenge=SMALL, size=(1280, 720): window_app(challenge, size)


def press(app, key, mod=0, text=""):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=text, scancode=0))
    if text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
    app.frame()
    app.frame()


def type_text(app, text):
    for char in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
    app.frame()
    app.frame()


def visible(app) -> str:
    return "\n".join(app.visible_text())


def test_briefing_play_justify_result_and_save_in_the_window(app, tmp_path):
    """Enter begins; a forbidden option is refused; the justification is typed into its box
    and its word-count message shows under it; the result and report card go to the user
    folder, which is shown on screen; the saved result verifies."""
    from game.ui.scenes.challenge_play import ChallengePlayScene
    from game.ui.scenes.challenges import ChallengeBriefingScene, ChallengeResultScene

    window = app()
    assert isinstance(window.scene, ChallengeBriefingScene)
    assert window.scene.focus.current.key == "begin"  # the focused control is outlined
    press(window, pygame.K_RETURN)
    play = window.scene
    assert isinstance(play, ChallengePlayScene)
    while play.mode == "after":  # what happened before the student takes over
        press(window, pygame.K_RETURN)
    press(window, pygame.K_2)
    assert "forbidden by the challenge" in play.error
    press(window, pygame.K_1, text="1")
    assert play.pending is not None and play.entry is not None
    assert play.entry.is_focused and play.entry.get_text() == ""  # the "1" that chose is not typed
    type_text(window, "because")
    press(window, pygame.K_RETURN)
    assert "at least 2 words" in play.error and play.pending is not None
    assert play.docs["message"].rect.top >= play.entry.rect.bottom  # the message sits under the box
    type_text(window, " of the treaty")
    assert "4 words" in visible(window)
    press(window, pygame.K_RETURN)
    assert play.pending is None and play.mode == "after"
    while not isinstance(window.scene, ChallengeResultScene):
        press(window, pygame.K_RETURN)
    result_scene = window.scene
    folder = tmp_path / "home" / "output"
    assert f"Results are saved in: {folder}" in visible(window)
    type_text(window, "Ada")
    press(window, pygame.K_RETURN)
    result = json.loads((folder / "small_crisis-ada.json").read_text())
    assert result["choices"][0]["justification"] == "because of the treaty"
    assert verify(result, load_challenge(SMALL)).verified
    assert (folder / "small_crisis-ada.png").exists()
    assert result_scene.saved and "Hand in the .json file" in visible(window)
    press(window, pygame.K_ESCAPE)
    assert isinstance(window.scene, ChallengeBriefingScene)


def test_every_happening_since_the_last_decision_is_shown(app):
    """France in 1938: after the last decision the card shows every turn up to the end,
    Munich included (it used to jump from Godesberg to "After Prague")."""
    window = app(SUDETEN)
    press(window, pygame.K_RETURN)
    play = window.scene
    run = play.run
    while True:
        while play.mode == "after":
            press(window, pygame.K_RETURN)
            if window.scene is not play:
                break
        if window.scene is not play or run.decision() is None:
            break
        seen_before = len(run.game.turns)
        play.choose(next(o.id for o in run.decision().options if o.legal))
        if play.pending is not None:
            play.entry.set_text("we keep our word to our allies because the treaty binds us")
            play.confirm()
        new_turns = run.game.turns[seen_before:]
        shown = "\n".join(b.text for b in play.docs["card"].blocks)
        for turn in new_turns:
            assert turn.title in shown, f"{turn.title} happened but is not shown"
    titles = [t.title for t in run.game.turns]
    assert any("Munich" in t for t in titles)


def test_objective_states_are_right_after_each_turn(app):
    """An objective that no longer holds is never shown as "not yet": before it is decided
    it says whether it holds now."""
    from game.ui.scenes.challenge_play import objective_blocks

    window = app(SUDETEN)
    press(window, pygame.K_RETURN)
    run = window.scene.run
    texts = "\n".join(b.text for b in objective_blocks(run))
    assert "not yet" not in texts
    for status in run.statuses():
        word = ("achieved" if status.met else "failed") if status.final else (
            "holds now" if status.met else "does not hold now")
        assert f"{status.objective.text}: {word}" in texts


def test_hints_are_a_button(app):
    window = app(SUDETEN)
    press(window, pygame.K_RETURN)
    play = window.scene
    while play.mode == "after":
        press(window, pygame.K_RETURN)
    hints = play.hint_texts()
    button = play.buttons.by_key["hint"]
    assert button.is_enabled == bool(hints)
    if hints:
        from tests.ui.helpers import click_button

        click_button(window, "hint")
        assert any(b.text == f"Hint: {hints[0]}" for b in play.docs["card"].blocks)


def test_the_list_shows_shipped_challenges_and_a_broken_file_with_its_error(app, tmp_path):
    """A broken file given on the command line is listed with its first error and refused."""
    from game.ui.scenes.challenges import ChallengeListScene

    bad = tmp_path / "bad.yaml"
    bad.write_text("challenge: 1\nid: x\n")
    window = app(bad)
    scene = window.scene
    assert isinstance(scene, ChallengeListScene)
    paths = [entry[0] for entry in scene.entries]
    assert bad in paths and SUDETEN.resolve() in [p.resolve() for p in paths]
    assert "missing required key" in scene.note
    assert "missing required key" in visible(window)
    press(window, pygame.K_ESCAPE)
    assert window.scene.title == "Title"


def test_a_result_that_cannot_be_saved_is_kept_and_another_folder_is_offered(app, tmp_path):
    """Issue 15: when the results folder cannot be written, the window says why, keeps a
    copy in the user folder and offers another folder; saving there gives a result that
    verifies."""
    from game.ui.scenes.challenge_play import ChallengePlayScene
    from game.ui.scenes.challenges import ChallengeResultScene

    window = app()
    press(window, pygame.K_RETURN)
    play = window.scene
    assert isinstance(play, ChallengePlayScene)
    while play.mode == "after":
        press(window, pygame.K_RETURN)
    press(window, pygame.K_1, text="1")
    type_text(window, "because of the treaty")
    press(window, pygame.K_RETURN)
    while not isinstance(window.scene, ChallengeResultScene):
        press(window, pygame.K_RETURN)
    scene = window.scene
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    scene.results_dir = blocked
    scene.rebuild()
    window.frame()
    type_text(window, "Ada")
    press(window, pygame.K_RETURN)
    assert not scene.saved
    assert f"Could not save in {blocked}" in scene.message
    kept = tmp_path / "home" / "output" / "results" / "small_crisis-ada.json"
    assert kept.exists() and f"A copy is kept in {kept}" in scene.message
    assert scene.folder_entry is not None  # another place is offered
    elsewhere = tmp_path / "usb"
    scene.folder_entry.set_text(str(elsewhere))
    press(window, pygame.K_RETURN)
    assert scene.saved and scene.saved[0] == elsewhere / "small_crisis-ada.json"
    assert verify(json.loads(scene.saved[0].read_text()), load_challenge(SMALL)).verified
