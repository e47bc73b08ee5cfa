"""WorldState: a copy is a snapshot that later play does not change (challenge checkpoints
keep copies of the state)."""

from __future__ import annotations

import numpy as np

from game.engine import HISTORY, Game


def test_a_copy_of_the_state_is_equal_and_independent(small_spec):
    game = Game(small_spec, default_controller=HISTORY).run()
    state = game.state
    copy = state.copy()
    arrays = {"settings": (state.settings, copy.settings), "fired": (state.fired, copy.fired),
              "ending": (state.ending, copy.ending), "ending_date": (state.ending_date, copy.ending_date),
              "turns": (state.turns, copy.turns),
              **{f"tables[{key}]": (array, copy.tables[key]) for key, array in state.tables.items()}}
    assert copy.date == state.date and set(copy.tables) == set(state.tables)
    for name, (original, copied) in arrays.items():
        assert isinstance(copied, np.ndarray), name
        assert copied.dtype == original.dtype and np.array_equal(copied, original), name
        assert copied.size, f"{name} is empty: the check below would prove nothing"
        before = copied.copy()
        original[...] = ~original if original.dtype == np.bool_ else original + 1
        assert np.array_equal(copied, before), f"{name} is shared with the original"
