"""The gauges under the map: which, their names and explanations come from the scenario;
each shows the change since the last state shown; hover and keyboard focus explain it."""

from __future__ import annotations

import pygame

from game.ui.scenes.base import Choice
from game.ui.widgets.gauges import delta_text

from .conftest import SMALL
from .helpers import text_on_screen


def europe_app(make_app):
    return make_app(powers=["France"])


def test_game_screen_shows_the_scenarios_gauges_by_their_labels(make_app):
    app = europe_app(make_app)
    spec = app.ctx.session.spec
    text = text_on_screen(app)
    for gauge in spec.gauges:
        assert gauge.label in text
    panel = app.scene.board.gauges
    assert panel.rect.h > 0 and panel.rect.bottom <= app.scene.board.layout.map[1] + app.scene.board.layout.map[3]
    assert not panel.rect.colliderect(app.scene.board.map.rect)


def test_a_scenario_without_gauges_gives_the_map_the_whole_box(make_app):
    app = make_app(scenario=SMALL, powers=["France"])
    board = app.scene.board
    assert board.gauges.rect.h == 0
    assert board.map.rect.h == board.layout.map[3]


def test_gauges_show_the_change_of_the_last_turn_coloured(make_app):
    app = europe_app(make_app)
    panel = app.scene.board.gauges
    before = panel.current()
    while app.ctx.session.game.decision() is not None and panel.current() == before:
        option = next(o for o in app.ctx.session.game.decision().options if o.legal)
        app.apply_result(app.scene.apply_choice(Choice(option.id)))
        app.frame()
    moved = [i for i, c in enumerate(panel.changes) if c]
    assert moved, "some gauge moved during the game"
    for i in moved:
        gauge = panel.gauges[i]
        assert abs(panel.values[i] - before[gauge.show] - panel.changes[i]) < 1e-9
        assert delta_text(panel.changes[i], gauge.low, gauge.high) in text_on_screen(app)
    app.scene.rebuild()  # redrawing the same state keeps the changes on screen
    app.frame()
    assert [i for i, c in enumerate(panel.changes) if c] == moved


def test_delta_text_is_signed_and_empty_when_unchanged():
    assert delta_text(0.05, 0, 1) == "+0.05"
    assert delta_text(-0.1, 0, 1) == "\u22120.10"
    assert delta_text(0.001, 0, 1) == ""
    assert delta_text(1.0, 0, 6) == "+1"


def test_hovering_a_gauge_explains_it_in_one_sentence(make_app):
    app = europe_app(make_app)
    panel = app.scene.board.gauges
    cell = panel.cells()[1]
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=cell.center, rel=(0, 0), buttons=(0, 0, 0)))
    app.frame()
    assert app.scene.tooltip is not None and panel.gauges[1].explain in app.scene.tooltip


def test_focusing_a_gauge_with_the_keyboard_explains_it(make_app):
    app = europe_app(make_app)
    panel = app.scene.board.gauges
    assert app.scene.focus.focus_key("gauge:2")
    app.frame()
    assert panel.focused == 2
    explanation = panel.explanation(2)
    assert panel.gauges[2].explain in explanation
    drawn = app.visible_text()
    assert any(line and line in explanation for line in drawn if len(line) > 20)
    app.scene.focus.focus_key("gauge:0")
    assert panel.focused == 0
