"""The look: the pygame_gui theme JSON (assets/ui/theme.json), scaled by the font-size
preference, and the palette the custom-drawn widgets share with it (its ``#palette`` block).

The stance colour scale lives in game/colours.py (the classroom's SVG map uses it too) and
is re-exported here.
"""

from __future__ import annotations

import copy
import json
from functools import cache, lru_cache
from typing import Any

from .. import resources
from ..colours import STANCE_SCALE, STANCE_WORDS, Colour, stance_colour, stance_word

THEME_PATH = resources.asset("ui", "theme.json")


@lru_cache(maxsize=1)
def theme_data() -> dict[str, Any]:
    with THEME_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


def scaled_theme(scale: float) -> dict[str, Any]:
    """The theme with every font size multiplied by ``scale`` (for the font-size setting)."""
    data = copy.deepcopy(theme_data())

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            font = node.get("font")
            if isinstance(font, dict) and "size" in font:
                font["size"] = str(max(9, round(int(font["size"]) * scale)))
            for value in node.values():
                walk(value)

    walk(data)
    return data


def hex_colour(text: str) -> Colour:
    text = text.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


@cache
def colour(name: str) -> Colour:
    """A named colour from the theme's #palette block, falling back to its defaults."""
    data = theme_data()
    palette = data.get("#palette", {}).get("colours", {})
    if name in palette:
        return hex_colour(palette[name])
    return hex_colour(data["defaults"]["colours"][name])


__all__ = ["STANCE_SCALE", "STANCE_WORDS", "Colour", "colour", "hex_colour", "scaled_theme", "stance_colour",
           "stance_word", "theme_data"]
