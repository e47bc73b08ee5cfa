"""Small file helpers shared by saves and preferences (kept light: imported at launch)."""

from __future__ import annotations

from pathlib import Path

from ..fileio import write_atomic


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` completely or not at all (game.fileio.write_atomic), creating
    the folder first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)
