"""Player preferences (window size, fullscreen, font size), kept as JSON in the config folder."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from ..fileio import Unreadable, read_limited
from ..userdirs import user_config_dir
from .files import atomic_write

FONT_SCALES = {"small": 0.88, "normal": 1.0, "large": 1.18, "largest": 1.36}
MIN_SIZE = (1024, 600)
MAX_SIZE = (16384, 16384)
DEFAULT_SIZE = (1280, 720)
MAX_BYTES = 64_000  # a preferences file is a few hundred bytes
MAX_POWERS = 20


@dataclass
class Prefs:
    font_size: str = "normal"
    fullscreen: bool = False
    width: int = DEFAULT_SIZE[0]
    height: int = DEFAULT_SIZE[1]
    replay_seconds: float = 2.5  # seconds per turn when the replay plays
    last_powers: list = field(default_factory=list)  # what the New game screen offers first
    volume: float = 0.6  # interface sounds, 0 to 1
    muted: bool = False
    tour_done: bool = False  # the guided first turn was finished or skipped: not offered again
    goals: bool = True  # New game: play for the powers' historical aims as optional goals
    goals_off: list = field(default_factory=list)  # the aims ("power.aim") the player unticked

    @property
    def font_scale(self) -> float:
        return FONT_SCALES.get(self.font_size, 1.0)


def prefs_path() -> Path:
    return user_config_dir() / "prefs.json"


def load_prefs(path: Path | None = None) -> Prefs:
    """Read preferences; the file is checked field by field, and a field that is missing or
    of the wrong type falls back to its default (the others are kept). Never raises."""
    path = path or prefs_path()
    prefs = Prefs()
    try:
        data = json.loads(read_limited(path, MAX_BYTES, "preference files").decode("utf-8"),
                          parse_constant=_no_constant)
    except (Unreadable, ValueError, RecursionError):  # ValueError: bad JSON, UTF-8, NaN/Infinity
        return prefs
    if not isinstance(data, dict):
        return prefs
    for f in fields(Prefs):
        if f.name in data:
            check = _CHECKS.get(f.name, _same_type(getattr(prefs, f.name)))
            value = check(data[f.name])
            if value is not None:
                setattr(prefs, f.name, value)
    return prefs


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _font_size(value: Any) -> str | None:
    return value if isinstance(value, str) and value in FONT_SCALES else None


def _boolean(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None  # "false" is text, not False


def _size(low: int, high: int):
    def check(value: Any) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        return min(max(value, low), high)
    return check


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return min(max(float(value), 0.2), 60.0)


def _volume(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return min(max(float(value), 0.0), 1.0)


def _powers(value: Any) -> list | None:
    if isinstance(value, str):  # "France" means [France], not ['F', 'r', ...]
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and len(v) <= 60 for v in value):
        return None
    return value[:MAX_POWERS]


def _same_type(default: Any):
    """For a field without its own check: the value only if it has the default's exact type."""
    return lambda value: value if type(value) is type(default) and not (
        isinstance(value, float) and not math.isfinite(value)) else None


_CHECKS = {
    "font_size": _font_size, "fullscreen": _boolean,
    "width": _size(MIN_SIZE[0], MAX_SIZE[0]), "height": _size(MIN_SIZE[1], MAX_SIZE[1]),
    "replay_seconds": _seconds, "last_powers": _powers, "volume": _volume, "muted": _boolean,
    "tour_done": _boolean, "goals": _boolean, "goals_off": _powers,
}


def save_prefs(prefs: Prefs, path: Path | None = None) -> None:
    atomic_write(path or prefs_path(), json.dumps(asdict(prefs), indent=1) + "\n")
