"""A 1024x600 screen at the largest font: every option of a crisis is in view, the map keeps a
fair share of the window, timeline titles are never cut, and a happening card is drawn with
the world of its own date (issue 11, points 1, 2, 4 and 5 of the follow-up)."""

from __future__ import annotations

import pygame
import pytest

from game.ui.prefs import Prefs
from game.ui.widgets.timeline_strip import Mark

from .helpers import look, press

SMALL_SCREEN = dict(size=(1024, 600), prefs=Prefs(font_size="largest", tour_done=True))


def _to_decision(app) -> None:
    """Enter through the happening cards to the next decision (or the ending)."""
    for _ in range(200):
        scene = app.scene
        if getattr(scene, "mode", "") == "decide" or type(scene).__name__ != "MainScene":
            return
        press(app, pygame.K_RETURN)
        look(app)


@pytest.mark.parametrize("power", ["France", "USSR"])
def test_every_option_of_every_crisis_is_in_view_at_1024x600_largest(make_app, power):
    """Played through by number keys: at each decision every option lies whole inside the
    window and inside the visible part of its doc, with no scrolling."""
    app = make_app(powers=[power], **SMALL_SCREEN)
    window = app.ctx.screen.get_rect()
    decisions = 0
    _to_decision(app)
    while type(app.scene).__name__ == "MainScene" and app.scene.game.decision() is not None:
        scene = app.scene
        options = scene.docs["options"]
        ids = [b.id for b in options.blocks if b.kind == "option"]  # those not possible too
        assert len(ids) == len(scene.game.decision().options)
        for item in ids:
            rect = options.screen_rect(item)
            assert rect is not None and options.rect.contains(rect) and window.contains(rect), (
                f"{scene.game.decision().event.id}: {item} is not wholly in view ({rect}, doc {options.rect})")
        assert options.scroll == 0
        decisions += 1
        legal = [n for n, o in enumerate(scene.game.decision().options) if o.legal]
        press(app, pygame.K_1 + legal[-1])  # the last one possible: the one most often below the fold
        look(app)
        _to_decision(app)
    assert decisions >= 5


def test_options_dock_leaves_the_crisis_text_a_scrolling_place_above(make_app):
    app = make_app(powers=["France"], **SMALL_SCREEN)
    _to_decision(app)
    card, options = app.scene.docs["card"], app.scene.docs["options"]
    assert card.rect.bottom < options.rect.top and card.rect.h > 60
    assert any(b.kind == "title" for b in card.blocks) and not any(b.kind == "option" for b in card.blocks)


def test_the_map_keeps_a_fair_share_at_1024x600_largest(make_app):
    """The gauges go beside the map when that draws it larger, and the map is at least as
    large as with the gauges under it."""
    app = make_app(powers=["France"], **SMALL_SCREEN)
    board = app.scene.board
    x, y, w, h = board.layout.map
    assert board.gauges.rect.x > board.map_rect.right  # beside, not under
    assert not board.gauges.rect.colliderect(board.map_rect)
    assert board.map_rect.h == h
    under = board._map_scale(w, h - board.gauges.height_for(w, h // 3))
    assert board.map.transform.scale >= 1.3 * under
    for cell in board.gauges.cells():  # every gauge whole in its column
        assert board.gauges.rect.contains(cell)


def test_the_gauges_stay_under_a_map_that_has_the_room(make_app):
    app = make_app(powers=["France"], size=(1920, 1080), prefs=Prefs(tour_done=True))
    board = app.scene.board
    assert board.gauges.rect.y >= board.map_rect.bottom


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720)])
@pytest.mark.parametrize("font", ["normal", "largest"])
def test_timeline_titles_are_whole_or_left_to_the_tooltip(make_app, size, font):
    """'The Hossbach conferen...' said nothing: a title on the strip is whole (on one line or
    two), the current one always, and every mark's tooltip names it."""
    app = make_app(powers=["France"], size=size, prefs=Prefs(font_size=font, tour_done=True))
    strip = app.scene.board.timeline
    spec = app.scene.session.spec
    for current in ("hossbach", "soviet_war_1938", "munich"):
        event = spec.event(current)
        marks = tuple(Mark(e.id, e.title, e.date, "current" if e.id == current else "coming") for e in spec.events)
        strip.set_marks(spec.start, spec.end, marks)
        surface = pygame.Surface(app.ctx.size)
        strip.draw(surface)
        assert strip.drawn_titles and strip.drawn_titles[0][0] == event.title
        for title, lines in strip.drawn_titles:
            assert " ".join(lines) == title and len(lines) <= 2
            assert not any(line.endswith(("...", "\u2026")) for line in lines)
        x = next(x for mark, x in strip._points if mark.event_id == current)
        tip = strip.title_at((strip.rect.x + x, strip.rect.centery))
        assert tip is not None and event.title in tip


def test_a_happening_card_shows_the_world_of_its_date(make_app):
    """Stepping through the cards after a decision, the map and gauges are those of each card's
    turn, not of the latest state; at the decision they are the latest state again."""
    app = make_app(powers=["France"], size=(1280, 720), prefs=Prefs(tour_done=True))
    _to_decision(app)
    press(app, pygame.K_1)
    look(app)
    scene = app.scene
    assert scene.mode == "after" and len(scene.happenings.turns) > 2
    seen_old = False
    while scene.mode == "after":
        turn = scene.happenings.current
        shown = scene.board._snapshot
        assert shown == scene.session.snapshot_after(turn)
        seen_old |= shown != scene.game.snapshot()
        states = {m.event_id: m.state for m in scene.board.timeline.marks}
        assert states[turn.event] == "current"
        assert all(states[t.event] == "coming" for t in scene.game.turns if t.turn > turn.turn)  # not yet, then
        assert scene.board.date_text.startswith(scene.board.date_text.split("   ")[0])
        press(app, pygame.K_RETURN)
        look(app)
        scene = app.scene
    assert seen_old, "no card showed a world other than the latest one"
    assert scene.board._snapshot == scene.game.snapshot()


def test_a_narrow_legend_wraps_and_cuts_nothing(make_app):
    """The legend at the end of history (pacts, guarantees, wars, the off-map list) in a
    narrow box: every entry fits the width and no name is cut."""
    from game.ui.widgets.map_view import world_view

    app = make_app(powers=["France"], **SMALL_SCREEN)
    session = app.scene.session
    board = app.scene.board
    end = session.history_game()
    board.map.set_world(world_view(session.spec, end.snapshot(), board.map.map, ["France"]))
    t = app.ctx.text
    for width in (300, 412, 700):
        rows = board.map._legend_rows(width)
        assert len(rows) > 3
        for row in rows:
            assert sum(entry[2] for entry in row) <= width - 20 or len(row) == 1
            for kind, label, _ in row:
                assert not label.endswith(("...", "\u2026")), label
                if kind != "scale":
                    assert t.width(label, board.map.LEGEND_SIZE) <= width - 20


def test_a_challenge_on_a_short_window_keeps_the_main_screens_map():
    """At 1024x600 the objectives go under the card, not under the map: the challenge's map
    box is the main screen's; on a tall window they stay under the map."""
    from game.ui.layout import challenge_layout, main_layout

    for scale in (1.0, 1.36):
        short, main = challenge_layout(1024, 600, scale), main_layout(1024, 600, scale)
        assert short.map == main.map
        assert short.objectives[0] == main.card[0] and short.objectives[1] > short.card[1] + short.card[3]
    tall, main = challenge_layout(1920, 1080), main_layout(1920, 1080)
    assert tall.card == main.card and tall.objectives[1] > tall.map[1] + tall.map[3]
