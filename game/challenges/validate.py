"""``python -m game validate`` for challenge files (dispatched here by game.cli)."""

from __future__ import annotations

from pathlib import Path

from ..scenario.diagnostics import Diagnostics
from .load import check_challenge


def check_challenge_file(path: str | Path) -> Diagnostics:
    """Every problem in a challenge file, each with FILE:LINE:COL."""
    _, diagnostics = check_challenge(path)
    return diagnostics
