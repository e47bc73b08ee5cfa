"""The window's one text kit: the house font, cached (:class:`TextCache`), and documents of
text blocks and clickable items laid out with it (:class:`Doc`, :class:`Block`).

Every screen, chart and printed card draws its text through this package, so the font and
the font-size preference are the same everywhere.
"""

from .cache import Colour, TextCache
from .doc import SIZES, Block, Doc

__all__ = ["SIZES", "Block", "Colour", "Doc", "TextCache"]
