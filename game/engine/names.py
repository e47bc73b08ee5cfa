"""'Did you mean ...?' for misspelt names, shared by the engine's messages and the loaders."""

from __future__ import annotations

import difflib
from collections.abc import Sequence


def suggest(name: str, candidates: Sequence[str]) -> str:
    """' (did you mean X?)' for a misspelt name, or ''."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in candidates}
        if name.lower() in lowered:
            close = [lowered[name.lower()]]
    return f" (did you mean '{close[0]}'?)" if close else ""
