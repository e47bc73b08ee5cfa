"""Bounds on values a person gives the game (seeds, numbers of worlds), in one place."""

from __future__ import annotations

MAX_SEED = 2**63 - 1  # seeds are 0 .. 2**63-1 (numpy's generator takes them; JSON keeps them exact)
MAX_WORLDS = 10_000_000  # a what-if beyond this would run for hours; the report's intervals are tight long before


def state_bytes_per_world(spec) -> int:
    """Bytes one world of ``spec`` holds while it is played (its state and the record of
    choices), measured on a one-world state."""
    import numpy as np

    from .engine.state import WorldState

    settings = np.zeros(len(spec.settings), dtype=np.float64)
    state = WorldState.initial(spec, settings, 1)
    arrays = [value for value in vars(state).values() if isinstance(value, np.ndarray)]
    return sum(a.nbytes for a in arrays) + len(spec.events) * len(spec.powers) * 2 + 8


def available_memory() -> int | None:
    """Bytes of memory free for a new allocation, or None where the system cannot say."""
    import os

    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def human_bytes(count: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if count < 1024 or unit == "PiB":
            return f"{count:,.0f} {unit}" if unit == "bytes" else f"{count:,.1f} {unit}"
        count /= 1024
    return f"{count:,.1f} PiB"
