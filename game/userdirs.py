"""The folders that belong to the player (no pygame: the command line imports this too).

=====================  ==========================================  ==============================
folder                 default on Linux (platformdirs)             holds
=====================  ==========================================  ==============================
user_scenarios_dir()   ~/.local/share/collective-security/scenarios  the player's own scenarios
user_challenges_dir()  ~/.local/share/collective-security/challenges challenges a teacher handed out
saves_dir()            ~/.local/share/collective-security/saves    autosaves
user_config_dir()      ~/.config/collective-security               preferences
user_output_dir()      ~/Documents/Collective Security             challenge results, report cards,
                                                                   what-if charts
=====================  ==========================================  ==============================

On Windows and macOS platformdirs picks the usual places (``%LOCALAPPDATA%``,
``~/Library/Application Support``, the Documents folder). Setting the environment variable
``COLLECTIVE_SECURITY_HOME`` puts every folder under that one directory instead
(``data/``, ``config/``, ``output/``): the tests use it so they never touch a real home, and a
player can use it to keep the game portable (on a USB stick, say).

Functions only name folders; nothing is created until something is written
(:func:`ensure` creates one on demand).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "collective-security"  # folder name under the platform's data and config folders
OUTPUT_FOLDER = "Collective Security"  # folder name under the user's Documents
HOME_VARIABLE = "COLLECTIVE_SECURITY_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_VARIABLE, "").strip()
    return Path(value).expanduser() if value else None


def user_data_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_scenarios_dir() -> Path:
    """The player's own scenario files (``*.yaml``), listed beside the built-in ones."""
    return user_data_dir() / "scenarios"


def user_challenges_dir() -> Path:
    """Challenge files (``*.yaml``) the player keeps, listed beside the sample challenges."""
    return user_data_dir() / "challenges"


def saves_dir() -> Path:
    return user_data_dir() / "saves"


def user_output_dir() -> Path:
    """Where the window writes files for the player: challenge results, report cards, charts."""
    home = _home()
    if home is not None:
        return home / "output"
    return Path(platformdirs.user_documents_dir()) / OUTPUT_FOLDER


def ensure(folder: Path) -> Path:
    """``folder``, created (with its parents) if missing."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def yaml_files(folder: Path) -> list[Path]:
    """The ``*.yaml``/``*.yml`` files directly in ``folder``, sorted; none if it does not exist."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
