"""The registry of world state: one entry per kind of state the scenario's rules can read and change.

Each :class:`StateKind` says, in one place:

* storage: the array in :class:`~game.engine.state.WorldState` (``field``, world axis last),
  its dtype, and its starting values from the compiled :class:`~game.engine.spec.Spec`;
* bounds: the range an effect is clipped to (or none);
* display: how a value is shown in the chronicle ("0.40", "yes", "Germany") and in
  ``Game.snapshot()``;
* naming: how expressions name it, either ``head.name...`` with a fixed head word
  (``trust.France.USSR``, ``flag.munich``) or a head that is itself a declared name
  (``stance.France``: the attribute, then a power; a global such as ``league`` alone).

The expression compiler (names and effect targets), the engine (effects, clipping, the
chronicle's "changes", snapshots), the world state (storage, copying), lint and the what-if
tool all read this table. To add a kind of state, see docs/architecture.md ("A new kind of
state"): an entry here, its declaration in ``scenario/model.py`` and its starting values in
``scenario/build.py`` (put in ``Spec.state_initial[key]``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import UnknownName

if TYPE_CHECKING:
    from .spec import Spec

# The declared names expressions may use after (or as) a head, by namespace.
NAMESPACES: dict[str, Callable[[Spec], Sequence[str]]] = {
    "attributes": lambda spec: [a.name for a in spec.attributes],
    "powers": lambda spec: [p.id for p in spec.powers],
    "globals": lambda spec: [g.name for g in spec.globals],
    "flags": lambda spec: list(spec.flags),
    "territories": lambda spec: [t.id for t in spec.territories],
}
# Modules read KINDS and NAMESPACES as ``registry.KINDS`` at call time (not copied on import),
# so the table below is the only list of kinds there is.
SINGULAR = {"attributes": "attribute", "powers": "power", "globals": "global", "flags": "flag",
            "territories": "territory"}


@dataclass(frozen=True)
class StateKind:
    key: str  # the name effects use for it (Effect.table), e.g. "attr"
    field: str  # its array in WorldState.tables (and the attribute of that name), e.g. "attrs"
    snapshot_key: str  # its key in Game.snapshot(), e.g. "attributes"
    dtype: type
    value: str  # what an expression reading it gives: "num" | "bool" | "power"
    initial: Callable[[Spec], np.ndarray]  # starting values, without the world axis
    axes: tuple[str, ...]  # the namespace of each name after the head
    head: str | None = None  # fixed head word ("trust"), or None when ...
    head_namespace: str | None = None  # ... the head is a name of this namespace ("stance")
    bounds: Callable[[Spec, tuple[int, ...]], tuple[float, float] | None] = lambda spec, index: None
    show: Callable[[Spec, Any], str] = lambda spec, value: f"{float(value):.2f}"
    snapshot: Callable[[Spec, np.ndarray], Any] = lambda spec, values: values.tolist()


def _attr_bounds(spec: Spec, index: tuple[int, ...]) -> tuple[float, float]:
    attribute = spec.attributes[index[0]]
    return attribute.low, attribute.high


def _global_bounds(spec: Spec, index: tuple[int, ...]) -> tuple[float, float]:
    var = spec.globals[index[0]]
    return var.low, var.high


KINDS: tuple[StateKind, ...] = (
    StateKind(
        key="attr", field="attrs", snapshot_key="attributes", dtype=np.float64, value="num",
        initial=lambda spec: spec.attr_initial, head_namespace="attributes", axes=("powers",),
        bounds=_attr_bounds,
        snapshot=lambda spec, v: {a.name: {p.id: float(v[i, j]) for j, p in enumerate(spec.powers)}
                                  for i, a in enumerate(spec.attributes)},
    ),
    StateKind(
        key="global", field="globals", snapshot_key="globals", dtype=np.float64, value="num",
        initial=lambda spec: np.array([g.initial for g in spec.globals], dtype=np.float64),
        head_namespace="globals", axes=(), bounds=_global_bounds,
        snapshot=lambda spec, v: {g.name: float(v[i]) for i, g in enumerate(spec.globals)},
    ),
    StateKind(
        key="flag", field="flags", snapshot_key="flags", dtype=np.bool_, value="bool",
        initial=lambda spec: np.array(spec.flag_initial, dtype=bool).reshape(len(spec.flags)),
        head="flag", axes=("flags",),
        show=lambda spec, value: "yes" if value else "no",
        snapshot=lambda spec, v: [f for i, f in enumerate(spec.flags) if v[i]],
    ),
    StateKind(
        key="territory", field="territory", snapshot_key="territory", dtype=np.int16, value="power",
        initial=lambda spec: np.array([spec.power_index(t.holder) for t in spec.territories], dtype=np.int16),
        head="territory", axes=("territories",),
        show=lambda spec, value: spec.powers[int(value)].name,
        snapshot=lambda spec, v: {t.id: spec.powers[int(v[i])].id for i, t in enumerate(spec.territories)},
    ),
    StateKind(
        key="trust", field="trust", snapshot_key="trust", dtype=np.float64, value="num",
        initial=lambda spec: spec.trust_initial, head="trust", axes=("powers", "powers"),
        bounds=lambda spec, index: (-1.0, 1.0),
        snapshot=lambda spec, v: {a.id: {b.id: float(v[i, j]) for j, b in enumerate(spec.powers)}
                                  for i, a in enumerate(spec.powers)},
    ),
)



def kind(key: str) -> StateKind:
    """The registry entry for an effect table name such as ``"flag"``."""
    for entry in KINDS:
        if entry.key == key:
            return entry
    raise UnknownName(f"no kind of state '{key}'; kinds: {', '.join(k.key for k in KINDS)}")
