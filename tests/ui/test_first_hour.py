"""A first hour: F1 explains how to play as well as the keys."""

from __future__ import annotations

from pathlib import Path

import pygame

from .helpers import press, text_on_screen

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "europe1936.yaml"


def test_f1_explains_how_to_play_as_well_as_the_keys(make_app):
    app = make_app()
    press(app, pygame.K_F1, frames=2)
    text = text_on_screen(app)
    assert "How to play" in text and "A decision" in text and "Rewind and what if" in text
    assert "Keys" in text


def start_new_game(app, power: str = "France") -> None:
    from .helpers import click_button, click_doc_item

    click_doc_item(app, "setup", f"power:{power}")
    click_button(app, "start")


def test_a_first_game_starts_with_a_guided_turn_over_card_map_why_rewind_whatif(make_app):
    from game.ui.scenes.main import MainScene
    from game.ui.tour import STEPS

    app = make_app(scenario=str(SCENARIO))
    start_new_game(app)
    scene = app.scene
    assert isinstance(scene, MainScene) and scene.touring
    targets = []
    for _ in STEPS:
        targets.append(scene.tour.step.target)
        assert scene.tour.step.heading in text_on_screen(app)
        press(app, pygame.K_1, frames=2)  # an option key does nothing while the tour speaks
        assert app.ctx.session.choices == []
        press(app, pygame.K_RETURN, frames=2)
    assert targets == ["card", "map", "why", "rewind", "whatif"]
    assert not scene.touring and app.ctx.prefs.tour_done


def test_the_guided_turn_can_be_skipped_and_is_remembered(make_app):
    from game.ui.prefs import load_prefs

    from .helpers import click_button

    app = make_app(scenario=str(SCENARIO))
    start_new_game(app)
    assert app.scene.touring
    press(app, pygame.K_ESCAPE, frames=2)
    assert not app.scene.touring and app.ctx.session is not None
    assert load_prefs().tour_done
    again = make_app(scenario=str(SCENARIO))
    assert again.scene.powers == ["France"]  # remembered from the first game
    click_button(again, "start")
    assert not again.scene.touring


def test_new_game_offers_the_powers_historical_aims_as_goals(make_app):
    from .helpers import click_doc_item

    app = make_app(scenario=str(SCENARIO))
    click_doc_item(app, "setup", "power:USSR")
    text = text_on_screen(app)
    assert "Optional goals" in text and "Never fight Germany alone" in text


def test_the_ending_scores_the_aims(make_app):
    from game.engine import HISTORY
    from game.ui.debrief import aims_blocks, aims_met, chosen_goals
    from game.ui.session import Session

    session = Session.start(SCENARIO, humans=["Germany"])
    game = session.game
    while (decision := game.decision()) is not None:  # Germany plays history
        game.apply(next(o.id for o in decision.options if o.historical and o.legal))
    assert HISTORY  # history's choices: Austria and the Sudetenland taken
    goals = chosen_goals(game.spec, ["Germany"], True, [])
    scored = dict((text, ok) for _, text, ok in aims_met(game, goals))
    assert scored["Bring Austria into the Reich"] and scored["Take the Sudetenland"]
    heading = aims_blocks(game, goals)[0].text
    assert heading.startswith("Your goals (historical aims): ") and heading.endswith(f"of {len(scored)} met")
    # Only the goals switched on are scored: one ticked, one scored; goals off, none.
    one = [g for g in goals if g.endswith(".anschluss")] or goals[:1]
    assert len(aims_met(game, one)) == 1 and aims_blocks(game, one)[0].text.endswith("of 1 met")
    assert aims_blocks(game, chosen_goals(game.spec, ["Germany"], False, [])) == []


def test_goals_can_be_switched_off_and_one_unticked_and_new_game_remembers(make_app):
    from game.ui.scenes.new_game import NewGameScene

    from .helpers import click_button, click_doc_item

    app = make_app(scenario=str(SCENARIO))
    click_doc_item(app, "setup", "power:France")
    offered = {b.id: b.text for b in app.scene.docs["setup"].blocks if b.id.startswith("goal")}
    assert offered["goal:France.rhine_closed"] == "Keep German troops out of the Rhineland"
    click_doc_item(app, "setup", "goal:France.rhine_closed")  # untick one goal
    click_button(app, "start")
    assert app.scene.session.goals == ["France.czech_whole", "France.eastern_alliance"]
    again = NewGameScene(app.ctx, scenario=str(SCENARIO))
    app.switch(again)
    app.frame()
    marks = {b.id: b.mark for b in again.docs["setup"].blocks if b.id}
    assert marks["goals"] == "check-on" and marks["goal:France.rhine_closed"] == "check-off"  # remembered
    click_doc_item(app, "setup", "goals")  # goals off: the aims are no longer offered, none is played for
    assert "goal:France.czech_whole" not in {b.id for b in again.docs["setup"].blocks}
    click_button(app, "start")
    assert app.scene.session.goals == []


def test_the_goals_are_shown_during_play_with_whether_each_holds_now(make_app):
    from game.ui.debrief import chosen_goals
    from game.ui.session import Session

    from .helpers import look, press

    app = make_app(scenario=str(SCENARIO))
    session = Session.start(SCENARIO, humans=["France"])
    session.goals = chosen_goals(session.spec, ["France"], True, [])
    app.ctx.session = session
    app.switch(app.ctx.open_scene("main"))
    look(app)
    card = "\n".join(b.text for b in app.scene.docs["card"].blocks)
    assert "Your goals: 2 of 3 hold now" in card  # the Rhineland is not yet remilitarised
    assert "Holds: Keep German troops out of the Rhineland" in card
    press(app, pygame.K_1)  # protest without mobilising: the Rhineland is lost
    while app.scene.mode != "decide":
        press(app, pygame.K_RETURN)
        look(app)
    card = "\n".join(b.text for b in app.scene.docs["card"].blocks)
    assert "Does not hold: Keep German troops out of the Rhineland" in card


def test_a_save_keeps_the_goals_played_for(tmp_path):
    from game.ui import saves
    from game.ui.session import Session

    session = Session.start(SCENARIO, humans=["USSR"], goals=["USSR.never_alone"])
    path = saves.autosave(session, tmp_path)
    assert saves.load(path).session.goals == ["USSR.never_alone"]


def test_the_ending_scores_only_the_goals_played_for(make_app):
    from game.ui.session import Session

    app = make_app(scenario=str(SCENARIO))
    session = Session.start(SCENARIO, humans=["Germany"], goals=["Germany.anschluss"])
    game = session.game
    while (decision := game.decision()) is not None:
        game.apply(next(o.id for o in decision.options if o.historical and o.legal))
    app.ctx.session = session
    ending = app.ctx.open_scene("ending")
    try:
        text = "\n".join(b.text for b in ending.ending_blocks())
        assert "Your goals (historical aims): 1 of 1 met" in text and "Take the Sudetenland" not in text
        session.goals = []  # played without goals: nothing scored
        assert "Your goals" not in "\n".join(b.text for b in ending.ending_blocks())
    finally:
        ending.runs.cancel()
