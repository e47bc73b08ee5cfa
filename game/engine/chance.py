"""Seeded chance that gives every world its own stream, whatever the batch size.

A run's seed feeds a ``numpy.random.Generator`` that deals one 64-bit key per world
(``default_rng(seed).integers(..., size=N)``: world 0 of a batch gets the same key as a
one-world game with that seed). Each chance draw is then a counter-based hash of
(world key, draw site, calendar step), so world *i* sees the same numbers whether it is
run alone or among 100,000 others, and whatever order rules are evaluated in. That is what
lets the one-world path and the batch path agree exactly (the parity test).
"""

from __future__ import annotations

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_STEP = np.uint64(0xD1B54A32D192ED03)


def world_keys(seed: int, worlds: int) -> np.ndarray:
    """uint64 [world]: one key per world, dealt by a Generator seeded with ``seed``."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, 2**63, size=worlds, dtype=np.uint64)


def _splitmix(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(30))
    x = x * _MIX1
    x = x ^ (x >> np.uint64(27))
    x = x * _MIX2
    return x ^ (x >> np.uint64(31))


def uniform(keys: np.ndarray, site: int, step: int) -> np.ndarray:
    """float64 [world] in [0, 1): the draw for this site and calendar step in every world."""
    with np.errstate(over="ignore"):
        counter = np.uint64(site) * _GOLDEN + np.uint64(step) * _STEP
        bits = _splitmix(keys + counter)
    return (bits >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)
