"""Checking a path the user asks us to write to, before the work that produces the output."""

from __future__ import annotations

import os
from pathlib import Path


class OutputPathError(ValueError):
    """A path we cannot write to; ``str(exc)`` says why."""


def output_problem(path: str | os.PathLike) -> str | None:
    """Why ``path`` cannot be written (a sentence), or None if it looks writable."""
    text = os.fspath(path)
    if not text or "\x00" in text:
        return "the file name is empty" if not text else "the file name contains a NUL character"
    target = Path(text)
    if len(target.name.encode("utf-8", "surrogateescape")) > 255:
        return f"the file name is {len(target.name)} characters long; at most 255 bytes are possible"
    if target.is_dir():
        return "this is a folder; give a file name"
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        return f"the folder {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if not os.access(folder, os.W_OK):
        return f"the folder {folder} is not writable"
    return None


def check_output_path(path: str | os.PathLike, option: str) -> None:
    """Raise the CLI's UsageError when ``path`` (given with ``option``) cannot be written."""
    problem = output_problem(path)
    if problem:
        from .commands.common import UsageError

        raise UsageError(f"{option} {os.fspath(path)!s}: {problem}")
