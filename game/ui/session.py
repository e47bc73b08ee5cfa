"""One game being played in the window: the engine Game plus what the window keeps around it.

No pygame here. A session is a scenario (path + content hash), settings, a seed, the human
powers and the list of choices so far; everything else is re-derived by replaying them.
Rewinding keeps the abandoned choices as a :class:`Branch` so the ending can compare.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine import HISTORY, Game, IllegalChoice
from ..engine.errors import EngineError
from ..engine.hooks import Observer
from ..engine.log import TurnRecord
from ..engine.spec import Spec
from ..scenario import check_scenario, load_scenario

Choice = tuple[str, str, str]  # (event id, power, option id)


@dataclass
class Branch:
    """A path the player abandoned by rewinding: its choices and where it split off."""

    choices: list[Choice]
    split_at: int  # index of the first choice that differs from the path that replaced it
    label: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"choices": [list(c) for c in self.choices], "split_at": self.split_at, "label": self.label}

    @staticmethod
    def from_json(data: dict[str, Any]) -> Branch:
        return Branch([tuple(c) for c in data["choices"]], int(data["split_at"]), str(data.get("label", "")))


class TurnStates(Observer):
    """The world as each turn left it (``game.snapshot()`` by turn number), so that a card shown
    after the fact (a happening between two decisions) is drawn with the map of its own date."""

    def __init__(self) -> None:
        self.snapshots: dict[int, dict] = {}

    def after_event(self, game: Game, event) -> None:
        for turn in reversed(game.turns):  # the newest turns are at the end (sorted by date)
            if turn.turn not in self.snapshots:
                self.snapshots[turn.turn] = game.snapshot()


@dataclass
class Session:
    spec: Spec
    scenario_path: Path
    settings: dict[str, str | float]
    seed: int
    humans: list[str]
    game: Game = field(init=False)
    branches: list[Branch] = field(default_factory=list)
    save_name: str = ""  # file name of this session's autosave
    goals: list[str] = field(default_factory=list)  # the aims played for ("power.aim"), chosen in New game
    states: TurnStates = field(default_factory=TurnStates, repr=False)

    def __post_init__(self) -> None:
        self.game = self._new_game([])

    # ---------------------------------------------------------------- building
    @classmethod
    def start(cls, scenario_path: Path | str, settings: dict[str, str | float] | None = None,
              seed: int = 0, humans: list[str] | None = None, spec: Spec | None = None,
              goals: list[str] | None = None) -> Session:
        path = Path(scenario_path)
        spec = spec if spec is not None else load_scenario(path)
        return cls(spec, path, dict(settings or {}), int(seed), list(humans or []), goals=list(goals or []))

    def _new_game(self, choices: list[Choice]) -> Game:
        self.states = TurnStates()
        return Game.from_choices(self.spec, choices, settings=self.settings, seed=self.seed,
                                 humans=self.humans, observers=[self.states])

    def snapshot_after(self, turn: TurnRecord) -> dict:
        """The world as ``turn`` left it (the current world if that was not recorded)."""
        return self.states.snapshots.get(turn.turn) or self.game.snapshot()

    def replay(self, choices: list[Choice]) -> None:
        """Replace the game by one rebuilt from ``choices`` (raises IllegalChoice if they do not fit)."""
        self.game = self._new_game([(event, power, option) for event, power, option in choices])

    # ---------------------------------------------------------------- playing
    @property
    def choices(self) -> list[Choice]:
        return list(self.game.choices)

    def apply(self, option_id: str) -> None:
        self.game.apply(option_id)

    def rewind(self, index: int) -> None:
        """Go back to decision number ``index`` (0-based); the choices from there on are kept as a branch."""
        choices = self.choices
        if not 0 <= index < len(choices) + (0 if self.game.decision() is None else 1):
            raise IndexError(f"no decision number {index + 1}")
        if index < len(choices):
            event = self.spec.event(choices[index][0])
            label = f"Branch {len(self.branches) + 1}: from {event.title}"
            self.branches.append(Branch(choices, index, label))
        self.replay(choices[:index])

    def reload(self) -> list[str]:
        """Read the scenario file again and replay the choices so far on it (the authors' loop).

        Returns lines for the player: the file's errors as ``FILE:LINE:COL: error: ...`` (the
        game is then left as it was), or what was kept. Settings the new file no longer has
        are dropped; the choices are replayed until one no longer fits (a changed event or
        option), and the game continues from there.
        """
        spec, diagnostics = check_scenario(self.scenario_path, lint_warnings=False)
        if spec is None:
            lines = [str(d) for d in diagnostics.sorted() if d.severity == "error"]
            return [f"Not reloaded: {len(lines)} error{'s' if len(lines) != 1 else ''} in the file.", *lines]
        known = {s.id for s in spec.settings}
        settings = {k: v for k, v in self.settings.items() if k in known}
        try:
            spec.resolve_settings(settings)
        except EngineError:
            settings = {}  # a setting's values changed: start from the file's defaults
        humans = [p for p in self.humans if p in {q.id for q in spec.powers}]
        if not humans:
            return ["Not reloaded: the file no longer has the power(s) you play."]
        choices = self.choices
        states = TurnStates()
        game = Game(spec, settings=settings, seed=self.seed, humans=humans, observers=[states]).run()
        kept = 0
        note = ""
        for number, (event_id, power, option_id) in enumerate(choices, 1):
            decision = game.decision()
            try:
                if decision is None or (decision.event.id, decision.power) != (event_id, power):
                    raise IllegalChoice(f"the game no longer asks {power} about '{event_id}' there")
                game.apply(option_id)
            except IllegalChoice as exc:
                note = f" Choice {number} ({event_id}: {power} -> {option_id}) no longer fits: {exc}."
                break
            kept += 1
        self.spec, self.settings, self.humans, self.game, self.states = spec, settings, humans, game, states
        self.branches = []  # branches were played on the old file
        return [f"Reloaded {self.scenario_path.name}: replayed {kept} of {len(choices)} choices.{note}"]

    def history_game(self) -> Game:
        """The historical path under the same settings and seed, for comparison."""
        return Game(self.spec, settings=self.settings, seed=self.seed, default_controller=HISTORY,
                    historical_chance=True).run()

    def branch_game(self, branch: Branch) -> Game:
        return self._new_game(branch.choices)
