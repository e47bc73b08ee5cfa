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


# Names a power is known by, as shown in the game and in common use. A scenario's powers are
# matched to a group by their id or display name; every other name in the group then means
# that power (in challenge files) or is suggested for it (in scenarios and expressions).
COMMON_NAMES: tuple[tuple[str, ...], ...] = (
    ("USSR", "Soviet Union", "Russia", "Soviet Russia", "Soviets", "U.S.S.R.", "CCCP", "SSSR"),
    ("Britain", "Great Britain", "United Kingdom", "UK", "U.K.", "GB", "England", "British Empire"),
    ("Czechoslovakia", "Czech Republic", "Czechia", "Czechoslovak Republic", "CSR"),
    ("Germany", "German Reich", "Third Reich", "Nazi Germany", "Reich", "Deutschland"),
    ("USA", "United States", "United States of America", "US", "U.S.", "U.S.A.", "America"),
    ("Italy", "Kingdom of Italy", "Fascist Italy", "Italia"),
    ("France", "French Republic", "Third Republic"),
    ("Poland", "Polish Republic", "Second Polish Republic", "Polska"),
    ("Romania", "Rumania", "Roumania", "Kingdom of Romania"),
    ("Hungary", "Kingdom of Hungary"),
    ("Austria", "Republic of Austria", "Osterreich"),
    ("Japan", "Empire of Japan", "Nippon"),
    ("Slovakia", "Slovak Republic"),
    ("Lithuania", "Lietuva"),
    ("Yugoslavia", "Kingdom of Yugoslavia"),
    ("Ethiopia", "Abyssinia", "Ethiopian Empire"),
    ("Spain", "Spanish Republic", "Nationalist Spain"),
    ("Turkey", "Turkiye"),
)


def name_key(name: str) -> str:
    """A name compared loosely: case, dots, spaces, '_', '-' and a leading 'the' ignored."""
    text = name.strip().lower()
    if text.startswith("the "):
        text = text[4:]
    return "".join(ch for ch in text if ch.isalnum())


def power_aliases(powers: Sequence[tuple[str, str]]) -> dict[str, str]:
    """{loose name: power id} for ``powers`` given as (id, display name): each id, display
    name and common name of a power. A name two powers could claim is left out."""
    own: dict[str, str] = {}
    for pid, title in powers:
        own.setdefault(name_key(pid), pid)
        own.setdefault(name_key(title), pid)
    found = dict(own)
    taken: set[str] = set()
    for group in COMMON_NAMES:
        keys = [name_key(n) for n in group]
        owners = {own[k] for k in keys if k in own}
        if len(owners) != 1:
            continue
        (pid,) = owners
        for key in keys:
            if key in own or key in taken:
                continue
            if key in found and found[key] != pid:
                taken.add(key)
                del found[key]
                continue
            found[key] = pid
    return found


def resolve_power(name: str, powers: Sequence[tuple[str, str]]) -> str | None:
    """The id of the power ``name`` means ('Soviet Union', 'Russia', 'uk'), or None."""
    return power_aliases(powers).get(name_key(name))


def suggest_power(name: str, powers: Sequence[tuple[str, str]]) -> str:
    """' (did you mean X?)' for a power: by a name it is known by, else by spelling."""
    ids = [pid for pid, _ in powers]
    meant = resolve_power(name, powers)
    if meant is not None and meant != name:
        return f" (this scenario calls {name.strip()} '{meant}')"
    aliases = power_aliases(powers)
    close = difflib.get_close_matches(name_key(name), list(aliases), n=1, cutoff=0.75)
    if close:
        return f" (did you mean '{aliases[close[0]]}'?)"
    return suggest(name, ids)


def unknown_power(name: str, powers: Sequence[tuple[str, str]]) -> str:
    """The message for a name that is not a power: a suggestion and the list of powers."""
    ids = [pid for pid, _ in powers]
    return f"unknown power '{name}'{suggest_power(name, powers)}; powers: {', '.join(ids)}"
