"""The ending screen as a debrief: what made the ending (measured), the settings in force,
the turns that match folded away, a compared branch's own ending, the final map."""

from __future__ import annotations

import pygame

from game.ui.scenes.ending import EndingScene

from .conftest import SMALL
from .helpers import click_button, click_doc_item, colours, look, press, text_on_screen


def ending_after(app, option_key=pygame.K_1) -> EndingScene:
    press(app, option_key, frames=2)
    for _ in range(10):
        if isinstance(app.scene, EndingScene):
            break
        press(app, pygame.K_RETURN, frames=2)
    scene = app.scene
    assert isinstance(scene, EndingScene)
    scene.runs.join(120)
    app.frame()
    return scene


def test_ending_names_the_decision_that_most_changed_it(make_app):
    app = make_app(scenario=SMALL, powers=["France"])
    scene = ending_after(app)  # option 1: honour the treaty, where history pressed Prague
    assert scene.points and scene.points[0].deviation.chosen == "honour"
    assert "What made this ending" in text_on_screen(app)
    texts = [b.text for b in scene.docs["ending"].blocks]
    assert any(t.startswith('1. Sudeten crisis (France): "Honour the treaty" made it') for t in texts)
    assert any(t.startswith("Chance: with every one of your choices kept") for t in texts)


def test_ending_says_which_settings_were_in_force(make_app):
    app = make_app(scenario=SMALL, powers=["France"])
    ending_after(app)
    text = text_on_screen(app)
    assert "Settings in force" in text and "Soviet resolve: Firm" in text


def test_a_setting_whose_title_asks_a_question_is_not_followed_by_a_colon():
    from game.engine.spec import Setting
    from game.ui.debrief import labelled, shown_value

    question = Setting("delay", "Did delay favour the West or Germany?", "", "choice", ("west", "germany"))
    assert f"{labelled(question.title)} {shown_value(question, 'germany')}" == \
        "Did delay favour the West or Germany? Germany"
    nerve = Setting("nerve", "Hitler's nerve", "", "choice", ("gamble", "hold_on"))
    assert f"{labelled(nerve.title)} {shown_value(nerve, 'hold_on')}" == "Hitler's nerve: Hold on"


def test_turns_that_match_history_fold_away(make_app):
    app = make_app(scenario=SMALL, powers=["France"])
    scene = ending_after(app, pygame.K_2)  # history's option: most turns match
    rows = [b for b in scene.docs["path"].blocks if b.kind == "row"][1:]  # after the column headings
    assert all(r.highlight for r in rows)
    press(app, pygame.K_m, frames=2)
    unfolded = [b for b in scene.docs["path"].blocks if b.kind == "row"][1:]
    assert len(unfolded) > len(rows) and any(not r.highlight for r in unfolded)


def test_a_compared_branch_shows_its_own_ending(make_app):
    app = make_app(scenario=SMALL, powers=["France"])
    first = ending_after(app)
    first_ending = app.ctx.session.game.ending().title
    click_button(app, "rewind")
    click_doc_item(app, "list", "at:0")
    look(app)
    scene = ending_after(app, pygame.K_2)
    assert app.ctx.session.game.ending().title != first_ending or first is not scene
    press(app, pygame.K_RIGHT, frames=2)  # compare with the branch given up
    assert scene.compare_to == "branch:0"
    assert f"Branch 1: from Sudeten crisis's ending: {first_ending}" in text_on_screen(app)


def test_ending_shows_the_final_map(make_app):
    app = make_app(scenario=SMALL, powers=["France"])
    scene = ending_after(app)
    window = app.ctx.screen.get_rect()
    assert window.contains(scene.map.rect) and scene.map.rect.h > 100
    assert colours(app.ctx.screen.subsurface(scene.map.rect)) > 10
    assert not scene.map.rect.colliderect(scene.docs["ending"].rect)
