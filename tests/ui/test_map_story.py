"""The map tells the story: relations from the scenario drawn and named, war and occupation
shown, vanished states gone from map, table and trust lines, labels inside their own land,
trust lines visible over dark land, a full hover tip, and changes animated."""

from __future__ import annotations

import copy
from functools import lru_cache

import pygame
import pytest

from game.engine import Game
from game.mapdata import load_map
from game.scenario import load_scenario, resolve_scenario
from game.ui.text import TextCache
from game.ui.theme import colour, stance_colour
from game.ui.widgets import map_motion
from game.ui.widgets.map_view import HALO, WAR, MapView, world_view
from game.ui.widgets.table_view import table_blocks


@lru_cache(maxsize=1)
def europe():
    return load_scenario(resolve_scenario(None))


@lru_cache(maxsize=1)
def start_snapshot():
    return Game(europe()).snapshot()


@lru_cache(maxsize=1)
def end_of_replay():
    spec = europe()
    game = Game(spec, controllers={p.id: "history" for p in spec.powers}, historical_chance=True).run()
    assert game.is_over()
    return game.snapshot()


def snapshot_with(flags=(), territory=None, stance=None, trust=None):
    snap = copy.deepcopy(start_snapshot())
    snap["flags"] = list(snap["flags"]) + list(flags)
    snap["territory"].update(territory or {})
    snap["attributes"]["stance"].update(stance or {})
    for (a, b), value in (trust or {}).items():
        snap["trust"][a][b] = value
    return snap


class Clock:
    def __init__(self) -> None:
        self.now = 0

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def view_of():
    pygame.display.init()
    pygame.font.init()
    mapdata = load_map()
    widget = MapView(TextCache(1.0), mapdata)
    widget.set_rect((0, 0, 900, 560))
    widget.motion = map_motion.Motion(Clock())

    def draw(snapshot, players=()):
        widget.set_world(world_view(europe(), snapshot, mapdata, players))
        target = pygame.Surface((900, 560))
        widget.draw(target)
        return widget, target

    yield draw
    pygame.quit()


def capital(widget, power):
    return tuple(int(v) for v in widget._capital(power))


def along(widget, a, b, fraction):
    (x0, y0), (x1, y1) = widget._capital(a), widget._capital(b)
    return x0 + (x1 - x0) * fraction, y0 + (y1 - y0) * fraction


def colours_near(surface, point, radius=3):
    x, y = int(point[0]), int(point[1])
    return {tuple(surface.get_at((x + dx, y + dy)))[:3] for dx in range(-radius, radius + 1)
            for dy in range(-radius, radius + 1)}


def test_legend_lists_only_what_is_drawn(view_of):
    widget, _ = view_of(start_snapshot())
    kinds = widget.drawn_kinds()
    assert not {"pact", "alliance", "guarantee", "war", "occupied", "hatch"} & set(kinds)
    assert ("trust" in kinds) == bool(widget.view.trust_links)
    widget, _ = view_of(snapshot_with(territory={"sudetenland": "Germany"}))
    assert "hatch" in widget.drawn_kinds()


def test_pacts_and_guarantees_from_the_scenario_are_drawn_and_named_in_the_legend(view_of):
    widget, surface = view_of(snapshot_with(flags=["nazi_soviet_pact", "guarantee_poland"]))
    kinds = widget.drawn_kinds()
    assert kinds["pact"] == ["German-Soviet pact"] and kinds["guarantee"] == ["British guarantee to Poland"]
    assert "pact: German-Soviet pact" in widget._picture.drawn
    assert colour("pact_line") in colours_near(surface, along(widget, "Germany", "USSR", 0.5))
    assert colour("pact_line") in colours_near(surface, along(widget, "Britain", "Poland", 0.5))


def test_war_is_drawn_between_the_sides_and_named(view_of):
    widget, surface = view_of(snapshot_with(flags=["poland_invaded", "general_war_1939"]))
    assert {(link.a, link.b) for link in widget.view.links if link.kind == "war"} >= {
        ("Germany", "Poland"), ("Britain", "Germany"), ("France", "Germany")}
    assert WAR in colours_near(surface, along(widget, "France", "Germany", 0.5))
    assert "at war with Poland" in widget.name_at(capital(widget, "Germany")) or \
        "at war with" in widget.name_at(capital(widget, "Germany"))


def test_territory_taken_in_a_war_is_shown_occupied(view_of):
    widget, _ = view_of(snapshot_with(flags=["poland_invaded"], territory={"danzig_corridor": "Germany"}))
    assert "occupied" in widget.drawn_kinds()
    widget, _ = view_of(snapshot_with(territory={"danzig_corridor": "Germany"}))
    assert "occupied" not in widget.drawn_kinds() and "hatch" in widget.drawn_kinds()


def test_states_that_cease_to_exist_leave_map_table_and_trust_lines_at_the_end_of_the_replay(view_of):
    snapshot = end_of_replay()
    widget, surface = view_of(snapshot)
    gone = dict(widget.view.gone)
    assert gone["Poland"] == "Germany" and "Czechoslovakia" in gone and "Austria" in gone
    powers_on_map = {p for p, _ in widget.view.stance}
    assert not {"Poland", "Czechoslovakia"} & powers_on_map
    assert all(not {"Poland", "Czechoslovakia"} & {a, b} for a, b, _ in widget.view.trust_links)
    # Poland's own land no longer shows Poland's colour.
    poland = widget.transform.to_screen(*load_map().countries["Poland"].label)
    assert stance_colour(snapshot["attributes"]["stance"]["Poland"]) not in colours_near(surface, poland, 6)
    texts = [" | ".join(b.columns or [b.text]) for b in table_blocks(europe(), snapshot, widget.view)]
    rows = [t for t in texts if t.split(" | ")[0] in ("Poland", "Czechoslovakia") and t.count("|") == 3]
    assert rows == []
    assert not any("Czechoslovakia" in t.split(" | ")[3] for t in texts if t.count("|") == 3)
    assert any(t.startswith("No longer exists:") and "Poland (occupied by Germany)" in t for t in texts)
    assert widget.name_at(tuple(int(v) for v in poland)) == "Poland no longer exists: occupied by Germany"


@pytest.mark.parametrize("size", [(900, 560), (600, 330), (1300, 800)])
def test_labels_stay_inside_their_own_land_and_never_overlap(view_of, size):
    for snapshot in (start_snapshot(), end_of_replay()):
        widget, _ = view_of(snapshot)
        widget.set_rect((0, 0, *size))
        widget._render()
        rects = widget.label_rects
        assert any(text == "Germany" for text, _, _ in rects)
        for text, rect, owners in rects:
            assert widget._fits(rect, set(owners)), text
        for i, (_, a, _) in enumerate(rects):
            assert not any(a.colliderect(b) for _, b, _ in rects[i + 1:])


def test_czechoslovakia_is_labelled_without_spilling_into_germany(view_of):
    widget, _ = view_of(start_snapshot())
    widget.set_rect((0, 0, 736, 378))
    widget._render()
    label = [rect for text, rect, _ in widget.label_rects if text.startswith("Czech")]
    assert label, "Czechoslovakia has a label"
    hits = {widget.map.hit_test(*widget.transform.to_map(x, y)) for x in range(label[0].left + 2, label[0].right - 2, 3)
            for y in (label[0].centery,)}
    assert all(h is None or h.id != "Germany" for h in hits)


def test_dark_trust_lines_keep_a_light_halo_over_dark_land(view_of):
    widget, surface = view_of(snapshot_with(trust={("Germany", "Italy"): 0.9, ("Italy", "Germany"): 0.9}))
    assert ("Germany", "Italy", True) in widget.view.trust_links
    seen = set()
    for k in range(5, 40):
        seen |= colours_near(surface, along(widget, "Germany", "Italy", k / 100), 2)
    assert HALO in seen and colour("trust_line") in seen


def test_hover_tip_gives_stance_trust_with_the_players_powers_ties_and_holder(view_of):
    widget, _ = view_of(snapshot_with(flags=["nazi_soviet_pact"], territory={"sudetenland": "Germany"}),
                        players=("France",))
    tip = widget.name_at(capital(widget, "USSR"))
    assert tip.startswith("Soviet Union: stance")
    assert "Trust of France in Soviet Union" in tip and "Soviet Union toward France" in tip
    assert "pact with Germany (German-Soviet pact)" in tip
    sudeten = widget.transform.to_screen(*widget.map.territories["sudetenland"].label)
    tip = widget.name_at(tuple(int(v) for v in sudeten))
    assert tip.startswith("Sudetenland: held by Germany (held by Czechoslovakia in 1936)")
    assert "Germany: stance" in tip


def test_stances_fade_to_their_new_colour(view_of):
    widget, _ = view_of(start_snapshot())
    clock = widget.motion.clock
    point = widget.transform.to_screen(*widget.map.countries["France"].label)
    point = (int(point[0]), int(point[1]) + 25)
    old = start_snapshot()["attributes"]["stance"]["France"]
    widget, surface = view_of(snapshot_with(stance={"France": 1.0}))
    assert widget.motion.active(widget)
    clock.now = map_motion.FADE_MS // 2
    surface = pygame.Surface((900, 560))
    widget.draw(surface)
    middle = surface.get_at(point)[:3]
    assert middle not in (stance_colour(old), stance_colour(1.0))
    clock.now = map_motion.PULSE_MS + 10
    widget.draw(surface)
    assert surface.get_at(point)[:3] == stance_colour(1.0)


def test_territories_that_change_hands_pulse(view_of):
    widget, _ = view_of(start_snapshot())
    clock = widget.motion.clock
    widget, surface = view_of(snapshot_with(territory={"rhineland": "France"}))
    point = widget.transform.to_screen(*widget.map.territories["rhineland"].label)
    final = widget.picture().get_at((int(point[0]), int(point[1])))[:3]
    clock.now = map_motion.BEAT_MS + map_motion.BEAT_MS // 2  # the middle of the second beat, fade done
    widget.draw(surface)
    pulsing = surface.get_at((int(point[0]), int(point[1])))[:3]
    assert sum(pulsing) > sum(final)
    clock.now = map_motion.PULSE_MS + 1
    widget.draw(surface)
    assert surface.get_at((int(point[0]), int(point[1])))[:3] == final


def test_new_pacts_draw_in_from_one_capital_to_the_other(view_of):
    widget, _ = view_of(start_snapshot())
    clock = widget.motion.clock
    widget, surface = view_of(snapshot_with(flags=["nazi_soviet_pact"]))
    clock.now = map_motion.FADE_MS + 1  # the fade is over, the line is still growing
    assert clock.now < map_motion.DRAW_MS
    surface = pygame.Surface((900, 560))
    widget.draw(surface)
    near, far = along(widget, "Germany", "USSR", 0.2), along(widget, "Germany", "USSR", 0.95)
    assert colour("pact_line") in colours_near(surface, near)
    assert colour("pact_line") not in colours_near(surface, far, 1)
    clock.now = map_motion.DRAW_MS + 1
    widget.draw(surface)
    assert colour("pact_line") in colours_near(surface, far, 1)


def test_animating_frames_do_not_render_the_map_again(view_of):
    widget, _ = view_of(start_snapshot())
    clock = widget.motion.clock
    widget, surface = view_of(snapshot_with(flags=["nazi_soviet_pact"], territory={"rhineland": "France"},
                                            stance={"France": 0.5}))
    renders = widget.renders
    for step in range(1, 60):
        clock.now = step * 30
        widget.draw(surface)
    assert widget.renders == renders


def test_a_state_that_does_not_exist_yet_is_not_listed_off_the_map_nor_in_the_table(view_of):
    widget, _ = view_of(start_snapshot())
    assert "Slovakia" in dict(widget.view.names)
    assert not any(entry.startswith("Slovakia ") for entry in widget.view.off_map)  # part of Czechoslovakia in 1936
    assert any(entry.startswith("Japan ") for entry in widget.view.off_map)  # no shape at all: off the map
    texts = [" | ".join(b.columns or [b.text]) for b in table_blocks(europe(), start_snapshot(), widget.view)]
    assert not any(t.startswith("Slovakia | ") and t.count("|") == 3 for t in texts)  # power rows; its land has a territory row
    later = snapshot_with(territory={"slovakia": "Slovakia"})
    widget, _ = view_of(later)
    texts = [" | ".join(b.columns or [b.text]) for b in table_blocks(europe(), later, widget.view)]
    assert any(t.startswith("Slovakia | ") and t.count("|") == 3 for t in texts)
    assert not any(entry.startswith("Slovakia ") for entry in widget.view.off_map)  # drawn as the land it holds
    assert "Slovakia" in dict(widget.view.stance)  # in its own stance colour, not as land not in play
