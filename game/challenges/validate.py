"""``python -m game validate`` for challenge files (dispatched here by game.cli)."""

from __future__ import annotations

from pathlib import Path

from ..scenario.diagnostics import Diagnostics
from ..scenario.yamlread import parse_mapping, position, read_bytes
from .load import check_challenge


def check_challenge_file(path: str | Path) -> Diagnostics:
    """Every problem in a challenge file, each with FILE:LINE:COL; for a file without errors,
    also the fast part of ``check``: a warning when no route reaches the pass mark."""
    challenge, diagnostics = check_challenge(path)
    if challenge is not None and not diagnostics.errors:
        from .explore import fast_warning

        warning = fast_warning(challenge)
        if warning:
            line, col = _pass_mark_position(Path(path))
            diagnostics.warning(line, col, warning)
    return diagnostics


def _pass_mark_position(path: Path) -> tuple[int, int]:
    scratch = Diagnostics(str(path))
    data = read_bytes(path, scratch)
    tree = parse_mapping(data, scratch, "") if data is not None else None
    return position(tree, ("pass_mark",)) if isinstance(tree, dict) else (1, 1)
