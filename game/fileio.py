"""Reading and writing the files a person hands us or keeps: one safe way each.

read_limited(path, limit)  the bytes of a regular file no bigger than ``limit``; the size is
                           checked before reading, and folders, pipes (FIFOs), devices and
                           sockets are refused, so ``/dev/zero`` or a FIFO can never exhaust
                           memory or hang the game. Raises :class:`Unreadable` with a sentence.
write_atomic(path, data)   complete or not at all: a temporary file in the same folder,
                           flushed to disk, then renamed over ``path``. A failure removes the
                           temporary file and raises OSError; ``path`` is untouched.
remove_stale_temps(folder) removes the temporary files interrupted writes left behind.

No pygame, no engine: imported by every reader and writer.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"
STALE_SECONDS = 120  # a temporary file older than this belongs to a write that was interrupted


class Unreadable(Exception):
    """A file we refuse to read; ``str(exc)`` says why in plain words."""


def _refusal(mode: int) -> str | None:
    if stat.S_ISDIR(mode):
        return "this is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "this is a pipe (FIFO), not a file; save the data to a file first"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "this is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "this is a socket, not a file"
    if not stat.S_ISREG(mode):
        return "this is not a regular file"
    return None


def read_limited(path: str | os.PathLike, limit: int, what: str = "data files") -> bytes:
    """The bytes of ``path``; raise Unreadable for a missing, special or too large file."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise Unreadable("no such file") from None
    except NotADirectoryError:
        raise Unreadable("no such file (a part of the path is not a folder)") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise Unreadable(f"cannot read file: {getattr(exc, 'strerror', None) or exc}") from None
    refusal = _refusal(info.st_mode)
    if refusal:
        raise Unreadable(refusal)
    if info.st_size > limit:
        raise Unreadable(f"file is {info.st_size:,} bytes; {what} are limited to {limit:,} bytes")
    # O_NONBLOCK: if the path was swapped for a FIFO after the check, open() must not wait for
    # a writer; the fstat below then refuses it.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise Unreadable(f"cannot read file: {exc.strerror or exc}") from None
    try:
        refusal = _refusal(os.fstat(fd).st_mode)
        if refusal:
            raise Unreadable(refusal)
        chunks, total = [], 0
        while total <= limit:  # read at most the limit (+1 to notice growth)
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise Unreadable(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if total > limit:
        raise Unreadable(f"file grew past {limit:,} bytes while it was read; {what} are limited to that")
    return b"".join(chunks)


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` (text is UTF-8) to ``path`` completely or not at all; return the path.

    Raises OSError (``path`` unchanged, no temporary file left) when the folder is missing,
    read-only or full, or ``path`` is a folder.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if path.is_dir():
        raise IsADirectoryError(21, "this is a folder, not a file", str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=TEMP_SUFFIX, dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def remove_stale_temps(folder: str | os.PathLike, older_than: float = STALE_SECONDS) -> int:
    """Delete our temporary files (``.NAME.XXXX.tmp``) older than ``older_than`` seconds in
    ``folder``; return how many. A write in progress is younger, so it is left alone."""
    folder = Path(folder)
    removed = 0
    now = time.time()
    try:
        candidates = list(folder.glob(f".*{TEMP_SUFFIX}"))
    except OSError:
        return 0
    for candidate in candidates:
        try:
            info = candidate.lstat()
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than:
                candidate.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def describe_os_error(exc: OSError) -> str:
    """``No space left on device`` rather than ``[Errno 28] ...``."""
    return exc.strerror or str(exc)
