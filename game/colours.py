"""The stance colour scale, shared by the window (game/ui) and the classroom's SVG map
(game/classroom), so both draw the same world in the same colours. No pygame here.

Stances use a colour-blind-safe diverging scale (ColorBrewer PuOr): purple for hostile to
Germany (-1), light grey for neutral (0), orange-brown for aligned (+1).
"""

from __future__ import annotations

Colour = tuple[int, int, int]

# ColorBrewer PuOr, 9 classes, from -1 (purple) to +1 (orange-brown).
STANCE_SCALE: tuple[Colour, ...] = (
    (84, 39, 136), (128, 115, 172), (178, 171, 210), (216, 218, 235), (240, 240, 240),
    (254, 224, 182), (253, 184, 99), (224, 130, 20), (179, 88, 6),
)
STANCE_WORDS = ((-0.6, "hostile"), (-0.2, "cool"), (0.2, "neutral"), (0.6, "friendly"), (2.0, "aligned"))


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
