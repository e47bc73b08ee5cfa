"""Text for the custom-drawn widgets: the same Noto Sans font pygame_gui uses, cached.

Surfaces are rendered once per (text, size, colour, style) and reused every frame, so a
widget re-renders text only when the text changes. ``TextCache.seen`` remembers every
string drawn since the last ``begin_frame`` (tests read it to check what is on screen).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources

import pygame

Colour = tuple[int, int, int]


def _font_file(bold: bool, italic: bool) -> str:
    name = "NotoSans-" + ("BoldItalic" if bold and italic else "Bold" if bold else "Italic" if italic else "Regular")
    return str(resources.files("pygame_gui.data").joinpath(name + ".ttf"))


class TextCache:
    def __init__(self, scale: float = 1.0, capacity: int = 1500) -> None:
        self.scale = scale
        self.capacity = capacity
        self._fonts: dict[tuple[int, bool, bool], pygame.font.Font] = {}
        self._surfaces: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self.seen: set[str] = set()
        self._recorders: list[set[str]] = []

    def set_scale(self, scale: float) -> None:
        if scale != self.scale:
            self.scale = scale
            self._surfaces.clear()

    def px(self, size: int) -> int:
        """A base font size scaled by the font-size preference."""
        return max(9, round(size * self.scale))

    def font(self, size: int, bold: bool = False, italic: bool = False) -> pygame.font.Font:
        key = (self.px(size), bold, italic)
        font = self._fonts.get(key)
        if font is None:
            if not pygame.font.get_init():
                pygame.font.init()  # pictures drawn without a window (report cards, charts)
            try:
                font = pygame.font.Font(_font_file(bold, italic), key[0])
            except (OSError, FileNotFoundError):
                font = pygame.font.Font(None, key[0])
            self._fonts[key] = font
        return font

    def render(self, text: str, size: int, colour: Colour, bold: bool = False, italic: bool = False) -> pygame.Surface:
        key = (text, size, colour, bold, italic, self.scale)
        surface = self._surfaces.get(key)
        if surface is None:
            surface = self.font(size, bold, italic).render(text, True, colour)
            self._surfaces[key] = surface
            if len(self._surfaces) > self.capacity:
                self._surfaces.popitem(last=False)
        else:
            self._surfaces.move_to_end(key)
        if text:
            self.seen.add(text)
            for recorder in self._recorders:
                recorder.add(text)
        return surface

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        """Collect the strings rendered inside the block (a cached widget replays them into
        ``seen`` each time it blits its cache)."""
        recorder: set[str] = set()
        self._recorders.append(recorder)
        try:
            yield recorder
        finally:
            self._recorders.remove(recorder)

    def line_height(self, size: int, bold: bool = False) -> int:
        return self.font(size, bold).get_linesize()

    def width(self, text: str, size: int, bold: bool = False) -> int:
        return self.font(size, bold).size(text)[0]

    def wrap(self, text: str, size: int, width: int, bold: bool = False) -> list[str]:
        """Greedy word wrap to ``width`` pixels; a word longer than the line is cut."""
        font = self.font(size, bold)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            words = paragraph.split(" ")
            line = ""
            for word in words:
                candidate = f"{line} {word}" if line else word
                if font.size(candidate)[0] <= width:
                    line = candidate
                    continue
                if line:
                    lines.append(line)
                while font.size(word)[0] > width and len(word) > 1:
                    cut = len(word)
                    while cut > 1 and font.size(word[:cut])[0] > width:
                        cut -= 1
                    lines.append(word[:cut])
                    word = word[cut:]
                line = word
            lines.append(line)
        return lines

    def ellipsize(self, text: str, size: int, width: int, bold: bool = False) -> str:
        font = self.font(size, bold)
        if font.size(text)[0] <= width:
            return text
        while text and font.size(text + "…")[0] > width:
            text = text[:-1]
        return text + "…"

    def blit(self, target: pygame.Surface, text: str, pos: tuple[int, int], size: int, colour: Colour,
             bold: bool = False, italic: bool = False, anchor: str = "topleft") -> pygame.Rect:
        surface = self.render(text, size, colour, bold, italic)
        rect = surface.get_rect(**{anchor: pos})
        target.blit(surface, rect)
        return rect

    def blit_halo(self, target: pygame.Surface, text: str, pos: tuple[int, int], size: int, colour: Colour,
                  halo: Colour, bold: bool = False, italic: bool = False, anchor: str = "center") -> pygame.Rect:
        """Text with a 1-pixel halo so it reads on any map colour."""
        back = self.render(text, size, halo, bold, italic)
        front = self.render(text, size, colour, bold, italic)
        rect = front.get_rect(**{anchor: pos})
        for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
            target.blit(back, rect.move(dx, dy))
        target.blit(front, rect)
        return rect
