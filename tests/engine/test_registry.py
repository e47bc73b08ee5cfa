"""The state registry: every kind of world state is described once, and a new kind needs no
change to the compiler, the state, the engine or the what-if tool."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from game.engine import HISTORY, Game, registry
from game.engine.expr import Symbols, compile_effect, compile_expression
from game.engine.registry import StateKind


def test_snapshot_has_one_entry_per_kind(small_spec):
    game = Game(small_spec, default_controller=HISTORY).run()
    assert list(game.snapshot()) == [kind.snapshot_key for kind in registry.KINDS]
    assert game.snapshot()["territory"]["sudetenland"] == "Germany"


def test_chronicle_shows_values_the_way_the_registry_says(small_spec):
    game = Game(small_spec, default_controller=HISTORY).run()
    changes = [c for entry in game.log for c in entry.changes]
    assert "flag.munich: no -> yes" in changes
    assert "territory.sudetenland: Czechoslovakia -> Germany" in changes
    assert any(c.startswith("trust.USSR.France: ") for c in changes)


@pytest.fixture
def with_pacts(monkeypatch, small_spec):
    """A kind added the documented way: a registry entry, starting values in Spec.state_initial."""
    pact = StateKind(
        key="pact", field="pacts", snapshot_key="pacts", dtype=np.bool_, value="bool",
        initial=lambda spec: spec.state_initial["pact"], head="pact", axes=("powers", "powers"),
        show=lambda spec, value: "signed" if value else "none",
        snapshot=lambda spec, v: sorted(f"{a.id}-{b.id}" for i, a in enumerate(spec.powers)
                                        for j, b in enumerate(spec.powers) if v[i, j]),
    )
    monkeypatch.setattr(registry, "KINDS", (*registry.KINDS, pact))
    powers = len(small_spec.powers)
    return replace(small_spec, state_initial={"pact": np.zeros((powers, powers), dtype=bool)})


def test_a_new_kind_of_state_works_everywhere_from_its_registry_entry(with_pacts):
    spec = with_pacts
    symbols = Symbols.of(spec)
    effect = compile_effect("pact.France.USSR = true", symbols)
    assert effect.table == "pact" and effect.label == "pact.France.USSR"
    condition = compile_expression("pact.France.USSR and not pact.USSR.France", symbols)
    rule = replace(spec.events[0].resolve[0], id="sign", when=None, effects=(effect,), text="")
    spec = replace(spec, events=(replace(spec.events[0], resolve=(rule,)), *spec.events[1:]))
    game = Game(spec, default_controller=HISTORY).run()
    assert game.snapshot()["pacts"] == ["France-USSR"]
    assert "pact.France.USSR: none -> signed" in [c for e in game.log for c in e.changes]
    assert bool(condition.holds(game.state)[0])
    copy = game.state.copy()
    assert copy.table("pact") is not game.state.table("pact") and copy.table("pact")[..., 0].any()


def test_a_new_kind_is_named_with_its_head_and_axes(with_pacts):
    with pytest.raises(Exception, match="'pact' takes 2 name"):
        compile_expression("pact.France", Symbols.of(with_pacts))


def test_an_unknown_kind_of_state_names_the_kinds_there_are():
    from game.engine.errors import UnknownName

    assert registry.kind("flag").field == "flags"
    with pytest.raises(UnknownName) as caught:
        registry.kind("pact")
    assert str(caught.value) == "no kind of state 'pact'; kinds: " + ", ".join(k.key for k in registry.KINDS)
