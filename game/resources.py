"""Where the game's own data lives: the one module that knows (no pygame).

The repository keeps its data at the top: ``scenarios/`` (with ``scenarios/challenges/``)
and ``assets/`` (map, theme, fonts). The wheel and the sdist carry the same folders inside
the package, as ``game/_data/scenarios`` and ``game/_data/assets`` (``setup.py`` maps them),
and this module reads them there through :mod:`importlib.resources`. In a source checkout
(``pip install -e .``, the README's quick start) there is no ``game/_data``, and the
folders are read where they are, beside ``game/``.

Everything else asks here: :func:`scenario_files`, :func:`builtin_challenges`,
:func:`asset`. Files the player owns live elsewhere (see :mod:`game.userdirs`).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

PACKAGED = "_data"  # folder inside the installed package holding scenarios/ and assets/


class MissingDataError(FileNotFoundError):
    """The installation lacks the game's data (a broken or partial install)."""


@lru_cache(maxsize=1)
def data_root() -> Path:
    """The folder holding ``scenarios/`` and ``assets/``.

    Installed from a wheel or sdist: the package's ``_data`` folder. From a source
    checkout: the checkout's top folder (the package's parent).
    """
    package = resources.files("game")
    if not isinstance(package, Path):  # e.g. imported from a zip file: not supported
        raise MissingDataError(f"the game must be installed as files on disk, not in {package}")
    packaged = package / PACKAGED
    if (packaged / "scenarios").is_dir():
        return packaged
    checkout = package.parent
    if (checkout / "scenarios").is_dir() and (checkout / "assets").is_dir():
        return checkout
    raise MissingDataError(f"the game's data (scenarios, map, theme) is missing from {package}; "
                           "reinstall the game (python -m pip install --force-reinstall collective-security)")


def scenarios_dir() -> Path:
    """The folder of built-in scenario files."""
    return data_root() / "scenarios"


def scenario_files() -> list[Path]:
    """The built-in scenario files (``*.yaml`` in the scenarios folder), sorted."""
    return sorted(p for p in scenarios_dir().glob("*.yaml") if p.is_file())


def challenges_dir() -> Path:
    """The folder of sample challenges (``scenarios/challenges``)."""
    return scenarios_dir() / "challenges"


def builtin_challenges() -> list[Path]:
    """The sample challenge files, sorted."""
    folder = challenges_dir()
    return sorted(p for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else []


def asset(*parts: str) -> Path:
    """A file under ``assets/``, e.g. ``asset("ui", "theme.json")``; raises if missing."""
    path = data_root().joinpath("assets", *parts)
    if not path.exists():
        raise MissingDataError(f"the game's file assets/{'/'.join(parts)} is missing ({path}); "
                               "reinstall the game")
    return path
