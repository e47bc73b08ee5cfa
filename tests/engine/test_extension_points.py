"""The engine's public extension points: explicit start, controllers, observers, from_choices."""

from __future__ import annotations

import pytest

from game.engine import (
    HISTORY,
    ChallengeController,
    Controller,
    Game,
    HistoryController,
    NotStarted,
    Observer,
    ScriptedController,
    SetupError,
    as_controller,
)


class Recorder(Observer):
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def on_start(self, game):
        self.calls.append(("start", len(game.turns), game.date))

    def before_event(self, game, event):
        self.calls.append(("before", event.id, len(game.turns)))

    def after_event(self, game, event):
        self.calls.append(("after", event.id, len(game.turns)))

    def on_end(self, game):
        self.calls.append(("end", game.is_over(), game.calendar_ended))


def test_building_a_game_does_not_advance_it(small_spec):
    game = Game(small_spec, humans=["France"])
    assert game.turns == [] and game.log == [] and game.date == small_spec.start and not game.started
    with pytest.raises(NotStarted):
        game.decision()
    assert game.run() is game
    assert game.decision().event.id == "crisis"


def test_run_twice_does_not_start_twice(small_spec):
    recorder = Recorder()
    game = Game(small_spec, humans=["France"], observers=[recorder]).run().run()
    assert recorder.calls == [("start", 0, small_spec.start)]
    game.apply("press_prague")
    game.run()
    assert [c[0] for c in recorder.calls].count("end") == 1


def test_observers_see_each_event_before_and_after_it_resolves_then_the_end(small_spec):
    recorder = Recorder()
    Game(small_spec, default_controller=HISTORY, observers=[recorder]).run()
    # History: no war, so 'aftermath' (when: flag.war) does not fire; the calendar runs out.
    assert recorder.calls == [
        ("start", 0, small_spec.start),
        ("before", "crisis", 0), ("after", "crisis", 1),
        ("end", True, True),
    ]


def test_on_end_says_when_the_game_ended_before_the_calendar_ran_out(small_spec):
    recorder = Recorder()
    controllers = {"France": {"crisis": "honour"}, "Germany": HISTORY}
    game = Game(small_spec, controllers=controllers, seed=1, observers=[recorder]).run()
    assert game.ending().id in ("german_defeat", "german_victory")
    assert recorder.calls[-1] == ("end", True, False)


class AlwaysSecond(Controller):
    """A custom controller: takes each power's second option when it has one."""

    name = "second"

    def fixed(self, game, event, power):
        options = event.options[power]
        return (options[1].id, "always the second") if len(options) > 1 else None


def test_a_custom_controller_decides_through_the_public_protocol(small_spec):
    game = Game(small_spec, controllers={"France": AlwaysSecond()}, default_controller=HISTORY).run()
    assert game.turns[0].choices["France"] == "press_prague"
    entry = next(e for e in game.turns[0].log if e.power == "France")
    assert entry.why == "always the second"
    # The USSR's second option (aid_alone) is not available: the AI decides there, and says so.
    ussr = Game(small_spec, controllers={"USSR": AlwaysSecond()}, default_controller=HISTORY).run()
    why = next(e for e in ussr.turns[0].log if e.power == "USSR").why
    assert ussr.turns[0].choices["USSR"] == "aid_if_france" and "was not possible" in why


def test_controller_names_map_to_stock_controllers():
    assert isinstance(as_controller(HISTORY), HistoryController)
    assert as_controller({"crisis": "honour"}) == ScriptedController({"crisis": "honour"})
    with pytest.raises(SetupError, match="unknown controller"):
        as_controller("robot")


def test_challenge_controller_asks_only_inside_its_window(small_spec):
    events = [e.id for e in small_spec.events]
    after_crisis = events.index("crisis") + 1
    before = Game(small_spec, controllers={"France": ChallengeController(after_crisis, len(events))}).run()
    assert before.humans == ["France"]
    assert before.turns[0].choices["France"] == "press_prague"  # history, not asked
    inside = Game(small_spec, controllers={"France": ChallengeController(0, len(events))}).run()
    assert inside.decision().power == "France"


def test_from_choices_returns_the_class_it_is_called_on(small_spec):
    class MyGame(Game):
        pass

    game = MyGame.from_choices(small_spec, [("crisis", "France", "honour")], humans=["France"], seed=2)
    assert type(game) is MyGame and game.choices == [("crisis", "France", "honour")]
