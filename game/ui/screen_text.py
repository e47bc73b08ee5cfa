"""House colours and text drawing for the self-contained screens (challenges, what-if).

Those screens draw with plain pygame calls rather than scenes and widgets; this module gives
them one shared set of theme colours and one text kit in the house font, following the
app's font-size preference once a screen calls :func:`use` with the app's TextCache.
"""

from __future__ import annotations

import pygame

from .text import TextCache
from .theme import colour

# The house theme (assets/ui/theme.json): dark navy panels, light ink, gold accent.
BACKGROUND = colour("window_bg")
PANEL = colour("panel_bg")
BORDER = colour("panel_border")
INK = colour("ink")
MUTED = colour("muted_ink")
ACCENT = colour("accent")
BAD = (240, 124, 112)
BUTTON = colour("normal_bg")
BUTTON_HOVER = colour("hovered_bg")
BUTTON_BORDER = colour("normal_border")

# The screens' sizes were chosen for pygame's default font; the house font (Noto Sans) is
# larger at the same point size, so sizes are mapped to it with this factor.
NOTO = 0.72
_active: list[TextCache] = [TextCache(1.0)]  # the app's TextCache while a screen draws


def use(cache: TextCache | None) -> None:
    """Draw with ``cache`` (the app's, carrying the font-size preference) from now on."""
    if cache is not None:
        _active[0] = cache


def cache() -> TextCache:
    if not pygame.font.get_init():
        pygame.font.init()
    return _active[0]


def px(size: int) -> int:
    return max(9, round(size * NOTO))


def scaled(n: float) -> int:
    """A vertical distance tied to text height, scaled by the font-size preference."""
    return int(n * _active[0].scale)


def font(size: int, bold: bool = False) -> pygame.font.Font:
    return cache().font(px(size), bold)


def text(surface: pygame.Surface, text: str, pos, size: int = 22, colour=INK, bold: bool = False,
         anchor: str = "topleft", fit: int | None = None) -> pygame.Rect:
    """One line of text in the house font; ``fit`` (pixels) shortens it with an ellipsis."""
    if fit is not None:
        text = cache().ellipsize(text, px(size), fit, bold)
    image = cache().render(text, px(size), tuple(colour), bold)
    rect = image.get_rect(**{anchor: (int(pos[0]), int(pos[1]))})
    surface.blit(image, rect)
    return rect


def wrap(text: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Word-wrap one paragraph (runs of white space count as one space); [] for no words."""
    words = " ".join(str(text).split())
    return cache().wrap(words, px(size), width, bold) if words else []
