"""Find scenario files by id or path: the built-in ones and the player's own.

Built-in scenarios come from :mod:`game.resources`; the player's own live in
:func:`game.userdirs.user_scenarios_dir`. When both hold the same id, the built-in one wins
(so a stray file cannot change what ``replay europe1936`` means); ``list`` shows both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import resources, userdirs

SCENARIO_DIR = resources.scenarios_dir()
DEFAULT_SCENARIO = "europe1936"
BUILT_IN = "built-in"
USER = "user folder"


@dataclass(frozen=True)
class ScenarioFile:
    path: Path
    origin: str  # BUILT_IN or USER


def default_scenario_path() -> Path:
    return SCENARIO_DIR / f"{DEFAULT_SCENARIO}.yaml"


def list_scenarios() -> list[Path]:
    """The built-in scenario files (challenges live in scenarios/challenges/), the default
    first (New game and What-if open on it), then by name."""
    return sorted((p for p in SCENARIO_DIR.glob("*.yaml") if p.is_file()),
                  key=lambda p: (p.stem != DEFAULT_SCENARIO, p.name))


def user_scenarios() -> list[Path]:
    """The player's own scenario files, in the user scenarios folder."""
    return userdirs.yaml_files(userdirs.user_scenarios_dir())


def all_scenarios() -> list[ScenarioFile]:
    """Built-in scenarios, then the player's own: what ``list`` and New game offer."""
    return ([ScenarioFile(p, BUILT_IN) for p in list_scenarios()]
            + [ScenarioFile(p, USER) for p in user_scenarios()])


def resolve_scenario(name: str | None) -> Path:
    """A path for a scenario given as None (the default), an id, or a path.

    An id is a file stem or the ``id:`` declared inside a file, looked up among the
    built-in scenarios first, then the player's own. Raises FileNotFoundError with the
    known ids when nothing matches.
    """
    if not name:
        return default_scenario_path()
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    files = [entry.path for entry in all_scenarios()]
    for file in files:
        if file.stem == name:
            return file
    for file in files:
        head = file.read_text(encoding="utf-8", errors="replace")[:4000]
        if re.search(rf"^id:\s*['\"]?{re.escape(name)}['\"]?\s*$", head, re.M):
            return file
    known = ", ".join(p.stem for p in files) or "none"
    raise FileNotFoundError(f"no scenario '{name}' (known: {known})")
