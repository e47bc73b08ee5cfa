"""Autosaves: one JSON file per game in the user data folder, written atomically.

A save holds what is needed to rebuild the game exactly: the scenario (id, path, sha256),
the settings, the seed, the human powers, the list of choices and any abandoned branches.
Resuming replays the choices. A file that cannot be read is never changed or deleted:
:func:`load` raises :class:`SaveError` with a sentence a player can read.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import userdirs
from .files import atomic_write

if TYPE_CHECKING:  # the engine and the loader are imported when a save is resumed, not at launch
    from .session import Session
FORMAT = 1
KEEP = 12  # newest readable saves kept; older readable ones are pruned, unreadable ones never


class SaveError(Exception):
    """A save that cannot be resumed; ``str(exc)`` says why, for the player."""


def saves_dir() -> Path:
    return userdirs.saves_dir()


def new_save_name() -> str:
    return time.strftime("game-%Y%m%d-%H%M%S") + f"-{os.getpid() % 10000:04d}.json"


def to_json(session: "Session") -> dict[str, Any]:
    return {
        "format": FORMAT,
        "scenario": session.spec.id,
        "scenario_path": str(session.scenario_path),
        "scenario_sha256": session.spec.content_hash,
        "settings": dict(session.settings),
        "seed": session.seed,
        "humans": list(session.humans),
        "choices": [list(c) for c in session.choices],
        "branches": [b.to_json() for b in session.branches],
        "saved_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def autosave(session: "Session", folder: Path | None = None) -> Path:
    """Write ``session`` to its own save file (named on first save); return the path."""
    folder = folder or saves_dir()
    if not session.save_name:
        session.save_name = new_save_name()
    path = folder / session.save_name
    atomic_write(path, json.dumps(to_json(session), indent=1, ensure_ascii=False) + "\n")
    prune(folder, keep_name=session.save_name)
    return path


def list_saves(folder: Path | None = None) -> list[Path]:
    """Save files, newest first."""
    folder = folder or saves_dir()
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob("*.json") if p.is_file()]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def latest(folder: Path | None = None) -> Path | None:
    files = list_saves(folder)
    return files[0] if files else None


def prune(folder: Path, keep_name: str = "") -> None:
    readable = []
    for path in list_saves(folder):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == FORMAT:
                readable.append(path)
        except (OSError, ValueError):
            continue  # unreadable saves are left alone
    for path in readable[KEEP:]:
        if path.name != keep_name:
            try:
                path.unlink()
            except OSError:
                pass


@dataclass
class Loaded:
    session: "Session"
    note: str  # shown to the player, e.g. the scenario changed since the save


def load(path: Path) -> Loaded:
    """Rebuild the session saved in ``path``; raise SaveError (file untouched) if impossible."""
    from ..engine import IllegalChoice
    from ..scenario import DataFileError, load_scenario, resolve_scenario
    from .session import Branch, Session

    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SaveError(f"The save {path.name} could not be read ({exc}).") from None
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise SaveError(f"The save {path.name} is damaged: it is not valid JSON ({exc.args[0]}).") from None
    if not isinstance(data, dict):
        raise SaveError(f"The save {path.name} is damaged: it does not hold a saved game.")
    version = data.get("format")
    if version != FORMAT:
        raise SaveError(f"The save {path.name} was written in save format {version!r}; this version of the "
                        f"game reads format {FORMAT} only.")
    try:
        scenario_path = Path(str(data["scenario_path"]))
        if not scenario_path.exists():
            scenario_path = resolve_scenario(str(data["scenario"]))
        spec = load_scenario(scenario_path)
        settings = dict(data["settings"])
        seed = int(data["seed"])
        humans = [str(h) for h in data["humans"]]
        choices = [tuple(str(x) for x in c) for c in data["choices"]]
        branches = [Branch.from_json(b) for b in data.get("branches", [])]
    except (KeyError, TypeError, ValueError) as exc:
        raise SaveError(f"The save {path.name} is damaged: a field is missing or wrong ({exc}).") from None
    except (FileNotFoundError, DataFileError) as exc:
        raise SaveError(f"The scenario of the save {path.name} cannot be loaded ({exc}).") from None
    note = ""
    if spec.content_hash != data.get("scenario_sha256"):
        note = "The scenario file has changed since this game was saved; the choices were replayed on the new version."
    try:
        session = Session(spec, scenario_path, settings, seed, humans, branches=branches, save_name=path.name)
        session.replay(choices)
    except (IllegalChoice, KeyError, ValueError) as exc:
        raise SaveError(f"The save {path.name} no longer fits its scenario: {exc}") from None
    return Loaded(session, note)
