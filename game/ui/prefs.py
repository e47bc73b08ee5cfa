"""Player preferences (window size, fullscreen, font size), kept as JSON in the config folder."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from ..userdirs import user_config_dir
from .files import atomic_write

FONT_SCALES = {"small": 0.88, "normal": 1.0, "large": 1.18, "largest": 1.36}
MIN_SIZE = (1024, 600)
DEFAULT_SIZE = (1280, 720)


@dataclass
class Prefs:
    font_size: str = "normal"
    fullscreen: bool = False
    width: int = DEFAULT_SIZE[0]
    height: int = DEFAULT_SIZE[1]
    replay_seconds: float = 2.5  # seconds per turn when the replay plays
    last_powers: list = field(default_factory=list)  # what the New game screen offers first

    @property
    def font_scale(self) -> float:
        return FONT_SCALES.get(self.font_size, 1.0)


def prefs_path() -> Path:
    return user_config_dir() / "prefs.json"


def load_prefs(path: Path | None = None) -> Prefs:
    """Read preferences; anything missing or unreadable falls back to the default."""
    path = path or prefs_path()
    prefs = Prefs()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return prefs
    if not isinstance(data, dict):
        return prefs
    for f in fields(Prefs):
        if f.name in data:
            value = data[f.name]
            try:
                setattr(prefs, f.name, type(getattr(prefs, f.name))(value))
            except (TypeError, ValueError):
                pass
    if prefs.font_size not in FONT_SCALES:
        prefs.font_size = "normal"
    prefs.width = max(MIN_SIZE[0], prefs.width)
    prefs.height = max(MIN_SIZE[1], prefs.height)
    return prefs


def save_prefs(prefs: Prefs, path: Path | None = None) -> None:
    atomic_write(path or prefs_path(), json.dumps(asdict(prefs), indent=1) + "\n")
