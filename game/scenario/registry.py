"""Find scenario files by id or path."""

from __future__ import annotations

import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = REPO_ROOT / "scenarios"
DEFAULT_SCENARIO = "europe1936"


def default_scenario_path() -> Path:
    return SCENARIO_DIR / f"{DEFAULT_SCENARIO}.yaml"


def list_scenarios() -> list[Path]:
    """Scenario files shipped in scenarios/ (challenges live in scenarios/challenges/)."""
    return sorted(p for p in SCENARIO_DIR.glob("*.yaml") if p.is_file())


def resolve_scenario(name: str | None) -> Path:
    """A path for a scenario given as None (the default), an id, or a path.

    Raises FileNotFoundError with the known ids when nothing matches.
    """
    if not name:
        return default_scenario_path()
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    candidate = SCENARIO_DIR / f"{name}.yaml"
    if candidate.exists():
        return candidate
    for file in list_scenarios():
        head = file.read_text(encoding="utf-8", errors="replace")[:4000]
        if re.search(rf"^id:\s*['\"]?{re.escape(name)}['\"]?\s*$", head, re.M):
            return file
    known = ", ".join(p.stem for p in list_scenarios()) or "none"
    raise FileNotFoundError(f"no scenario '{name}' (known: {known})")
