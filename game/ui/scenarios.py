"""Which scenarios the window offers, loaded once per run (no pygame)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..engine.spec import Spec
from ..scenario import DataFileError, load_scenario, resolve_scenario
from ..scenario.registry import all_scenarios


@lru_cache(maxsize=16)
def load(path: str) -> Spec:
    return load_scenario(Path(path))


def available(extra: str | None = None) -> list[tuple[Path, Spec | None, str]]:
    """(path, spec or None, error) for each built-in scenario and each of the player's own
    (user scenarios folder), plus ``extra`` if given."""
    paths: list[Path] = []
    if extra:
        try:
            paths.append(resolve_scenario(extra))
        except FileNotFoundError:
            pass
    for path in (entry.path for entry in all_scenarios()):
        if all(path.resolve() != p.resolve() for p in paths):
            paths.append(path)
    out: list[tuple[Path, Spec | None, str]] = []
    for path in paths:
        try:
            out.append((path, load(str(path)), ""))
        except (DataFileError, OSError) as exc:
            out.append((path, None, str(exc).splitlines()[0] if str(exc) else "cannot be loaded"))
    return out
