"""World state as a struct of numpy arrays, world axis last.

The same arrays hold one world (play, replay, grading) or many (what-if statistics), so
every rule is written once, as array operations with masks instead of loops over worlds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import registry
from .spec import Spec

NO_ENDING = -1


@dataclass
class WorldState:
    """The world's changing state. ``tables`` holds one array per kind of state in the
    registry (:mod:`game.engine.registry`), by its key, world axis last:

    ``attr``       float64 [attribute, power, world]: stance, readiness, ... per power
    ``global``     float64 [global, world]: e.g. League credibility, German strength
    ``flag``       bool [flag, world]: things that have happened
    ``territory``  int16 [territory, world]: index of the power holding it
    ``trust``      float64 [from power, to power, world]: how far A trusts B, -1..1

    (also readable as ``attrs``, ``globals``, ``flags``, ``territory``, ``trust``).
    """

    tables: dict[str, np.ndarray]
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
    def initial(cls, spec: Spec, settings: np.ndarray, worlds: int) -> WorldState:
        """The scenario's starting position, repeated over ``worlds`` worlds.

        ``settings`` is float64 [setting] (the same in every world) or [setting, world].
        """
        if settings.ndim == 1:
            settings = np.repeat(settings[:, None], worlds, axis=1)
        tables = {}
        for kind in registry.KINDS:
            start: np.ndarray = np.asarray(kind.initial(spec), dtype=kind.dtype)
            tables[kind.key] = np.repeat(start[..., None], worlds, axis=-1)
        return cls(
            tables=tables,
            settings=settings.astype(np.float64).copy(),
            fired=np.zeros((len(spec.rules), worlds), dtype=bool),
            ending=np.full(worlds, NO_ENDING, dtype=np.int16),
            ending_date=np.zeros(worlds, dtype=np.int32),
            turns=np.zeros(worlds, dtype=np.int32),
            date=spec.start,
        )

    def copy(self) -> WorldState:
        return WorldState(
            tables={key: array.copy() for key, array in self.tables.items()},
            settings=self.settings.copy(),
            fired=self.fired.copy(),
            ending=self.ending.copy(),
            ending_date=self.ending_date.copy(),
            turns=self.turns.copy(),
            date=self.date,
        )

    def table(self, key: str) -> np.ndarray:
        """The array of one kind of state, by its registry key (an effect's ``table``)."""
        return self.tables[key]

    # The built-in kinds by the names the rest of the code has always used.
    @property
    def attrs(self) -> np.ndarray:
        return self.tables["attr"]

    @property
    def globals(self) -> np.ndarray:
        return self.tables["global"]

    @property
    def flags(self) -> np.ndarray:
        return self.tables["flag"]

    @property
    def territory(self) -> np.ndarray:
        return self.tables["territory"]

    @property
    def trust(self) -> np.ndarray:
        return self.tables["trust"]
