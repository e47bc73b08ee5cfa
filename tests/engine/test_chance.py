"""Chance streams (game/engine/chance.py): each world's draws depend only on its key, the
draw site and the calendar step, so a world sees the same numbers alone or in a batch.

The reference below is SplitMix64 written with plain Python integers, from its published
definition (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
OOPSLA 2014; constants as in Vigna's splitmix64.c): the engine's numpy version must agree
with it bit for bit, because saved games, challenge results and golden transcripts replay
through these numbers.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.chance import uniform, world_keys

MASK = (1 << 64) - 1
GOLDEN, STEP = 0x9E3779B97F4A7C15, 0xD1B54A32D192ED03


def splitmix(x: int) -> int:
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def reference_uniform(key: int, site: int, step: int) -> float:
    counter = (site * GOLDEN + step * STEP) & MASK
    return (splitmix((key + counter) & MASK) >> 11) / 2**53


def test_world_keys_are_dealt_by_a_generator_seeded_with_the_run_seed():
    keys = world_keys(7, 5)
    assert keys.dtype == np.uint64 and keys.shape == (5,)
    expected = np.random.default_rng(7).integers(0, 2**63, size=5, dtype=np.uint64)
    assert keys.tolist() == expected.tolist()
    assert world_keys(8, 5).tolist() != keys.tolist()


def test_world_zero_of_a_batch_has_the_key_of_a_one_world_game():
    """The parity between the one-world path and the batch path starts here."""
    for seed in (0, 1, 12345):
        assert world_keys(seed, 1)[0] == world_keys(seed, 1000)[0]


def test_world_keys_stay_below_two_to_the_63():
    keys = world_keys(3, 20_000)
    assert int(keys.max()) < 2**63
    assert int(keys.max()) > 2**62  # the whole range is used, not a narrower one


@pytest.mark.parametrize("site,step", [(0, 0), (1, 0), (0, 1), (17, 40), (2**20, 999)])
def test_a_draw_is_splitmix64_of_key_plus_site_and_step_counters(site, step):
    keys = np.array([0, 1, 2**40 + 5, 2**63 - 1, 0x0123456789ABCDEF], dtype=np.uint64)
    got = uniform(keys, site, step)
    assert got.dtype == np.float64
    assert got.tolist() == [reference_uniform(int(k), site, step) for k in keys]


def test_a_world_draws_the_same_number_alone_or_in_a_batch():
    keys = world_keys(11, 300)
    batch = uniform(keys, 5, 12)
    alone = [uniform(keys[i:i + 1], 5, 12)[0] for i in (0, 1, 150, 299)]
    assert alone == [batch[i] for i in (0, 1, 150, 299)]


def test_draws_fill_zero_to_one_evenly_and_sites_and_steps_are_independent():
    keys = world_keys(2, 50_000)
    draws = uniform(keys, 3, 4)
    assert draws.min() >= 0.0 and draws.max() < 1.0
    assert draws.min() < 0.001 and draws.max() > 0.999
    assert abs(draws.mean() - 0.5) < 0.01
    for other in (uniform(keys, 4, 4), uniform(keys, 3, 5)):
        assert abs(np.corrcoef(draws, other)[0, 1]) < 0.02
        assert not np.array_equal(draws, other)


def test_counters_wrap_modulo_two_to_the_64_without_a_warning():
    """site * GOLDEN overflows for most sites; the wrap is the design, and a RuntimeWarning
    would be printed to a player's terminal."""
    import warnings

    keys = world_keys(5, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        draws = uniform(keys, 2**23, 10_000)
    assert draws.tolist() == [reference_uniform(int(k), 2**23, 10_000) for k in keys]
