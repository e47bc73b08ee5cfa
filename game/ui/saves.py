"""Autosaves: one JSON file per game in the user data folder, written atomically.

A save holds what is needed to rebuild the game exactly: the scenario (id, path, sha256),
the settings, the seed, the human powers, the list of choices and any abandoned branches.
Resuming replays the choices. A file that cannot be read is never changed or deleted:
:func:`load` raises :class:`SaveError` with a sentence a player can read.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import userdirs
from ..fileio import Unreadable, read_limited, remove_stale_temps
from ..limits import MAX_SEED
from .files import atomic_write

if TYPE_CHECKING:  # the engine and the loader are imported when a save is resumed, not at launch
    from .session import Session
FORMAT = 1
KEEP = 12  # newest readable saves kept; older readable ones are pruned, unreadable ones never
MAX_BYTES = 5_000_000  # a save of thousands of choices is a few hundred KB

Name = Annotated[str, Field(max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, allow_inf_nan=False, extra="ignore")


class BranchFile(_Strict):
    choices: list[Annotated[list[Name], Field(min_length=3, max_length=3)]] = Field(max_length=10_000)
    split_at: Annotated[int, Field(ge=0, le=10_000)]
    label: Annotated[str, Field(max_length=500)] = ""


class SaveFile(_Strict):
    """The shape of a save, checked before anything is rebuilt from it."""

    format: Literal[1]
    scenario: Name
    scenario_path: Annotated[str, Field(max_length=4096)]
    scenario_sha256: Name = ""
    settings: dict[Name, Name | float]
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)]
    humans: list[Name] = Field(max_length=50)
    choices: list[Annotated[list[Name], Field(min_length=3, max_length=3)]] = Field(max_length=10_000)
    branches: list[BranchFile] = Field(default_factory=list, max_length=1_000)
    goals: list[Name] = Field(default_factory=list, max_length=200)  # the aims played for (older saves: none)
    saved_at: Name = ""


class SaveError(Exception):
    """A save that cannot be resumed; ``str(exc)`` says why, for the player."""


def saves_dir() -> Path:
    return userdirs.saves_dir()


def new_save_name(folder: Path | None = None) -> str:
    """A name no other game uses: the time, the process and a random part (two games started
    in the same second, even in one process, differ), checked against ``folder``."""
    while True:
        name = time.strftime("game-%Y%m%d-%H%M%S") + f"-{os.getpid() % 10000:04d}-{secrets.token_hex(3)}.json"
        if folder is None or not (folder / name).exists():
            return name


def to_json(session: Session) -> dict[str, Any]:
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
        "goals": list(session.goals),
        "saved_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def autosave(session: Session, folder: Path | None = None) -> Path:
    """Write ``session`` to its own save file (named on first save); return the path."""
    folder = folder or saves_dir()
    if not session.save_name:
        session.save_name = new_save_name(folder)
    path = folder / session.save_name
    atomic_write(path, json.dumps(to_json(session), indent=1, ensure_ascii=False, allow_nan=False) + "\n")
    remove_stale_temps(folder)  # temporary files of saves a kill -9 interrupted
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
            read_save(path)
            readable.append(path)
        except SaveError:
            continue  # unreadable saves are left alone
    for path in readable[KEEP:]:
        if path.name != keep_name:
            try:
                path.unlink()
            except OSError:
                pass


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a save may hold")


def read_save(path: Path) -> SaveFile:
    """The save's checked content; raise SaveError with a sentence (file untouched)."""
    try:
        raw = read_limited(path, MAX_BYTES, "saves")
    except Unreadable as exc:
        raise SaveError(f"The save {path.name} could not be read ({exc}).") from None
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise SaveError(f"The save {path.name} is damaged: it is not UTF-8 text.") from None
    except RecursionError:
        raise SaveError(f"The save {path.name} is damaged: it is nested too deeply.") from None
    except ValueError as exc:
        raise SaveError(f"The save {path.name} is damaged: it is not valid JSON ({str(exc)[:100]}).") from None
    if not isinstance(data, dict):
        raise SaveError(f"The save {path.name} is damaged: it does not hold a saved game.")
    version = data.get("format")
    if version != FORMAT:
        shown = repr(version) if isinstance(version, (int, float, type(None))) else repr(str(version)[:20])
        raise SaveError(f"The save {path.name} was written in save format {shown}; this version of "
                        f"the game reads format {FORMAT} only.")
    try:
        return SaveFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise SaveError(f"The save {path.name} is damaged: a field is missing or wrong "
                        f"(\"{where}\": {first['msg'].lower()}).") from None


def summary(path: Path) -> str:
    """One line for the title screen's Continue button (never raises)."""
    try:
        data = read_save(path)
    except SaveError:
        return "Resume the last game"
    powers = ", ".join(data.humans)
    return f"Resume {powers or 'your game'} ({len(data.choices)} decisions made, saved {data.saved_at})"


@dataclass
class Loaded:
    session: Session
    note: str  # shown to the player, e.g. the scenario changed since the save


def load(path: Path) -> Loaded:
    """Rebuild the session saved in ``path``; raise SaveError (file untouched) if impossible."""
    from ..engine import IllegalChoice
    from ..scenario import DataFileError, load_scenario, resolve_scenario
    from .session import Branch, Session

    data = read_save(path)
    try:
        scenario_path = Path(data.scenario_path)
        if not scenario_path.is_file():
            scenario_path = resolve_scenario(data.scenario)
        spec = load_scenario(scenario_path)
        settings = dict(data.settings)
        seed = data.seed
        humans = list(data.humans)
        choices = [(event, power, option) for event, power, option in data.choices]
        branches = [Branch.from_json(b.model_dump()) for b in data.branches]
    except (FileNotFoundError, DataFileError, OSError, ValueError) as exc:
        raise SaveError(f"The scenario of the save {path.name} cannot be loaded ({exc}).") from None
    note = ""
    if spec.content_hash != data.scenario_sha256:
        note = "The scenario file has changed since this game was saved; the choices were replayed on the new version."
    try:
        session = Session(spec, scenario_path, settings, seed, humans, branches=branches, save_name=path.name,
                          goals=list(data.goals))
        session.replay(choices)
    except (IllegalChoice, KeyError, ValueError, TypeError, IndexError) as exc:
        raise SaveError(f"The save {path.name} no longer fits its scenario: {exc}") from None
    return Loaded(session, note)
