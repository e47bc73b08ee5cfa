"""World state as a struct of numpy arrays, world axis last.

The same arrays hold one world (play, replay, grading) or many (what-if statistics), so
every rule is written once, as array operations with masks instead of loops over worlds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .spec import Spec

NO_ENDING = -1


@dataclass
class WorldState:
    attrs: np.ndarray  # float64 [attribute, power, world]: stance, readiness, ... per power
    trust: np.ndarray  # float64 [from power, to power, world]: how far A trusts B, -1..1
    globals: np.ndarray  # float64 [global, world]: e.g. League credibility, German strength
    flags: np.ndarray  # bool [flag, world]: things that have happened
    territory: np.ndarray  # int16 [territory, world]: index of the power holding it
    settings: np.ndarray  # float64 [setting, world]: choice index or number per assumption
    fired: np.ndarray  # bool [background rule, world]: has this once-only rule fired
    ending: np.ndarray  # int16 [world]: index into spec.endings, NO_ENDING while running
    ending_date: np.ndarray  # int32 [world]: day the ending was reached
    turns: np.ndarray  # int32 [world]: number of turns played in this world
    date: int  # the current day number; the calendar is shared by all worlds

    @property
    def worlds(self) -> int:
        return int(self.ending.shape[0])

    @property
    def running(self) -> np.ndarray:
        """bool [world]: worlds that have not reached an ending."""
        return self.ending == NO_ENDING

    @classmethod
    def initial(cls, spec: Spec, settings: np.ndarray, worlds: int) -> "WorldState":
        """The scenario's starting position, repeated over ``worlds`` worlds.

        ``settings`` is float64 [setting] (the same in every world) or [setting, world].
        """
        if settings.ndim == 1:
            settings = np.repeat(settings[:, None], worlds, axis=1)
        holders = np.array([spec.power_index(t.holder) for t in spec.territories], dtype=np.int16)
        return cls(
            attrs=np.repeat(spec.attr_initial[:, :, None], worlds, axis=2).astype(np.float64),
            trust=np.repeat(spec.trust_initial[:, :, None], worlds, axis=2).astype(np.float64),
            globals=np.repeat(
                np.array([g.initial for g in spec.globals], dtype=np.float64).reshape(-1, 1),
                worlds,
                axis=1,
            ),
            flags=np.repeat(np.array(spec.flag_initial, dtype=bool).reshape(-1, 1), worlds, axis=1),
            territory=np.repeat(holders.reshape(-1, 1), worlds, axis=1),
            settings=settings.astype(np.float64).copy(),
            fired=np.zeros((len(spec.rules), worlds), dtype=bool),
            ending=np.full(worlds, NO_ENDING, dtype=np.int16),
            ending_date=np.zeros(worlds, dtype=np.int32),
            turns=np.zeros(worlds, dtype=np.int32),
            date=spec.start,
        )

    def copy(self) -> "WorldState":
        return WorldState(
            attrs=self.attrs.copy(),
            trust=self.trust.copy(),
            globals=self.globals.copy(),
            flags=self.flags.copy(),
            territory=self.territory.copy(),
            settings=self.settings.copy(),
            fired=self.fired.copy(),
            ending=self.ending.copy(),
            ending_date=self.ending_date.copy(),
            turns=self.turns.copy(),
            date=self.date,
        )

    def table(self, name: str) -> np.ndarray:
        """The array an effect writes to, by the effect's table name."""
        return {
            "attr": self.attrs,
            "trust": self.trust,
            "global": self.globals,
            "flag": self.flags,
            "territory": self.territory,
        }[name]
