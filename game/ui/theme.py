"""The look: the pygame_gui theme JSON (assets/ui/theme.json), scaled by the font-size
preference, and the palette the custom-drawn widgets share with it (its ``#palette`` block).

Stances use a colour-blind-safe diverging scale (ColorBrewer PuOr): purple for hostile to
Germany (-1), light grey for neutral (0), orange-brown for aligned (+1).
"""

from __future__ import annotations

import copy
import json
from functools import cache, lru_cache
from typing import Any

from .. import resources

THEME_PATH = resources.asset("ui", "theme.json")

Colour = tuple[int, int, int]

# ColorBrewer PuOr, 9 classes, from -1 (purple) to +1 (orange-brown).
STANCE_SCALE: tuple[Colour, ...] = (
    (84, 39, 136), (128, 115, 172), (178, 171, 210), (216, 218, 235), (240, 240, 240),
    (254, 224, 182), (253, 184, 99), (224, 130, 20), (179, 88, 6),
)
STANCE_WORDS = ((-0.6, "hostile"), (-0.2, "cool"), (0.2, "neutral"), (0.6, "friendly"), (2.0, "aligned"))


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


def stance_colour(value: float) -> Colour:
    """Colour of a stance in [-1, 1] on the diverging scale (interpolated)."""
    value = max(-1.0, min(1.0, float(value)))
    position = (value + 1.0) / 2.0 * (len(STANCE_SCALE) - 1)
    low = int(position)
    high = min(low + 1, len(STANCE_SCALE) - 1)
    t = position - low
    a, b = STANCE_SCALE[low], STANCE_SCALE[high]
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def stance_word(value: float) -> str:
    for limit, word in STANCE_WORDS:
        if value < limit:
            return word
    return "aligned"
