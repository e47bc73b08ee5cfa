"""A scrollable document of text blocks and clickable items, drawn with the shared text cache.

The event card, the consequences, the ending and the menus' lists are all Docs: a list of
blocks laid out to the widget's width, rendered once to a surface, and blitted with a scroll
offset. Clickable items (options, settings, links, rows) report their id when clicked or
activated from the keyboard, and take part in the focus ring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pygame

from ..focus import CallbackItem
from ..theme import Colour, colour
from .cache import TextCache

# Base sizes (scaled by the font-size preference in TextCache).
SIZES = {"title": 24, "heading": 18, "text": 16, "small": 14, "option": 16}


@dataclass
class Block:
    kind: str  # title | heading | text | small | option | item | link | row | rule | gap | bar
    text: str = ""
    id: str = ""
    hint: str = ""
    number: int = 0
    enabled: bool = True
    tag: str = ""  # short badge, e.g. "what happened" or "you"
    mark: str = ""  # item marker: "radio-on", "radio-off", "check-on", "check-off", "value"
    value: str = ""
    columns: list[str] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    highlight: bool = False
    bold: bool = False
    colour: Colour | None = None
    height: int = 0


def _display_format(surface: pygame.Surface) -> pygame.Surface:
    return surface.convert() if pygame.display.get_surface() is not None else surface


class Doc:
    def __init__(self, text: TextCache, on_activate: Callable[[str], Any] | None = None) -> None:
        self.text = text
        self.blocks: list[Block] = []
        self.rect = pygame.Rect(0, 0, 100, 100)
        self.scroll = 0
        self.on_activate = on_activate
        self.hover: str | None = None
        self.focused: str | None = None
        self.background: Colour | None = colour("panel_bg")
        self._surface: pygame.Surface | None = None
        self._hits: dict[str, pygame.Rect] = {}
        self._content_h = 0
        self._dirty = True
        self._drawn: set[str] = set()

    # ------------------------------------------------------------- content
    def set_blocks(self, blocks: list[Block], keep_scroll: bool = False) -> None:
        self.blocks = blocks
        if not keep_scroll:
            self.scroll = 0
        self._dirty = True

    def set_rect(self, rect: pygame.Rect | tuple[int, int, int, int]) -> None:
        rect = pygame.Rect(rect)
        if rect != self.rect:
            self.rect = rect
            self._dirty = True

    def fit_height(self, rect: pygame.Rect | tuple[int, int, int, int]) -> pygame.Rect:
        """Place the doc in ``rect``, as tall as its content needs (at most ``rect``'s height)."""
        self.set_rect(rect)
        self.ensure()
        self.set_rect((self.rect.x, self.rect.y, self.rect.w, min(self.rect.h, self._content_h)))
        return self.rect

    def clickable_ids(self) -> list[str]:
        return [b.id for b in self.blocks if b.id and b.kind in ("option", "item", "link", "row") and b.enabled]

    def focus_items(self, prefix: str = "") -> list[CallbackItem]:
        return [self._focus_item(prefix, i) for i in self.clickable_ids()]

    def _focus_item(self, prefix: str, item_id: str) -> CallbackItem:
        return CallbackItem(prefix + item_id, lambda: self.screen_rect(item_id), lambda: self.activate(item_id))

    def activate(self, item_id: str) -> Any:
        return self.on_activate(item_id) if self.on_activate else None

    def set_focused(self, item_id: str | None) -> None:
        if item_id != self.focused:
            self.focused = item_id
            self._dirty = True
            if item_id is not None:
                self.scroll_to(item_id)

    # --------------------------------------------------------------- layout
    @property
    def inner_width(self) -> int:
        return self.rect.w - 2 * self.pad - 10  # room for the scroll bar

    @property
    def pad(self) -> int:
        return 14

    def _render(self) -> None:
        width = max(120, self.inner_width)
        pieces: list[tuple[Block, list, int]] = []
        y = self.pad
        self._hits = {}
        layouts = []
        for block in self.blocks:
            h, draw = self._layout(block, width)
            layouts.append((block, y, h, draw))
            if block.id:
                self._hits[block.id] = pygame.Rect(self.pad - 4, y - 3, width + 8, h + 6)
            y += h + self._gap(block)
        self._content_h = y + self.pad
        size = (self.rect.w, max(self.rect.h, self._content_h))
        if self.background is not None:
            surface = _display_format(pygame.Surface(size))  # opaque: cheap to blit every frame
            surface.fill(self.background)
        else:
            surface = pygame.Surface(size, pygame.SRCALPHA)
        with self.text.recording() as drawn:
            for _block, top, h, draw in layouts:
                draw(surface, self.pad, top, width, h)
        self._drawn = drawn
        self._surface = surface
        self.scroll = max(0, min(self.scroll, self.max_scroll))
        self._dirty = False
        del pieces

    def _gap(self, block: Block) -> int:
        return {"title": 4, "heading": 6, "gap": 0, "rule": 8, "option": 10, "item": 8, "row": 2}.get(block.kind, 6)

    def _layout(self, block: Block, width: int) -> tuple[int, Callable]:
        t = self.text
        ink, muted, accent = colour("ink"), colour("muted_ink"), colour("accent")
        if block.kind == "gap":
            return int(block.height or 8), lambda *a: None
        if block.kind == "rule":
            def draw_rule(s, x, y, w, h):
                pygame.draw.line(s, colour("panel_border"), (x, y + 1), (x + w, y + 1), 1)
            return 3, draw_rule
        if block.kind in ("title", "heading", "text", "small"):
            size = SIZES[block.kind]
            bold = block.kind in ("title", "heading") or block.bold
            fg = block.colour or (accent if block.kind == "heading" else muted if block.kind == "small" else ink)
            lines = t.wrap(block.text, size, width, bold)
            lh = t.line_height(size, bold)

            def draw_text(s, x, y, w, h, lines=lines, size=size, bold=bold, fg=fg, lh=lh):
                for i, line in enumerate(lines):
                    s.blit(t.render(line, size, fg, bold), (x, y + i * lh))
            return lh * len(lines), draw_text
        if block.kind == "link":
            size = SIZES["small"]
            lh = t.line_height(size, True)

            def draw_link(s, x, y, w, h):
                focused = self.focused == block.id or self.hover == block.id
                img = t.render(block.text, size, accent, True)
                s.blit(img, (x, y))
                if focused:
                    pygame.draw.line(s, accent, (x, y + lh - 2), (x + img.get_width(), y + lh - 2), 1)
            return lh, draw_link
        if block.kind in ("option", "item"):
            return self._layout_option(block, width)
        if block.kind == "row":
            return self._layout_row(block, width)
        if block.kind == "bar":
            return self._layout_bar(block, width)
        raise ValueError(f"unknown block kind {block.kind}")

    def _layout_option(self, block: Block, width: int) -> tuple[int, Callable]:
        t = self.text
        size, small = SIZES["option"], SIZES["small"]
        badge_w = t.px(30) if block.number else (t.px(26) if block.mark else 0)
        text_w = width - badge_w - 20
        value_w = 0
        if block.value:
            value_w = min(text_w // 2, t.width(block.value, size, True) + 16)
            text_w -= value_w
        title = t.wrap(block.text, size, text_w, True)
        hint = t.wrap(block.hint, small, width - badge_w - 20) if block.hint else []
        tag = [block.tag] if block.tag else []
        lh, slh = t.line_height(size, True), t.line_height(small)
        height = 16 + lh * len(title) + slh * (len(hint) + len(tag))

        def draw(s, x, y, w, h):
            hot = block.enabled and (self.focused == block.id or self.hover == block.id)
            bg = colour("hovered_bg") if hot else colour("normal_bg") if block.enabled else colour("disabled_bg")
            if block.highlight:
                bg = colour("divergent_bg")
            rect = pygame.Rect(x - 4, y - 3, w + 8, h + 6)
            pygame.draw.rect(s, bg, rect, border_radius=6)
            edge = colour("accent") if (hot or block.highlight) else colour("normal_border")
            pygame.draw.rect(s, edge, rect, width=2 if hot else 1, border_radius=6)
            fg = colour("ink") if block.enabled else colour("disabled_text")
            cx = x + 8
            if block.number:
                badge = pygame.Rect(cx, y + 6, t.px(22), t.px(22))
                pygame.draw.rect(s, colour("accent") if block.enabled else colour("disabled_border"), badge,
                                 border_radius=4)
                num = t.render(str(block.number), small, (25, 22, 16), True)
                s.blit(num, num.get_rect(center=badge.center))
            elif block.mark:
                self._draw_mark(s, block.mark, pygame.Rect(cx, y + 8, t.px(16), t.px(16)))
            tx = cx + badge_w
            ty = y + 5
            for line in title:
                s.blit(t.render(line, size, fg, True), (tx, ty))
                ty += lh
            if block.value:
                img = t.render(block.value, size, colour("accent"), True)
                s.blit(img, (x + w - img.get_width() - 6, y + 5))
            for line in hint:
                ink = colour("muted_ink") if block.enabled else colour("disabled_text")
                s.blit(t.render(line, small, ink), (tx, ty))
                ty += slh
            for line in tag:
                s.blit(t.render(line, small, colour("accent"), False, True), (tx, ty))
                ty += slh
        return height, draw

    def _draw_mark(self, s: pygame.Surface, mark: str, box: pygame.Rect) -> None:
        accent, edge = colour("accent"), colour("ink")
        if mark.startswith("radio"):
            pygame.draw.circle(s, edge, box.center, box.w // 2, 2)
            if mark.endswith("on"):
                pygame.draw.circle(s, accent, box.center, box.w // 2 - 4)
        elif mark.startswith("check"):
            pygame.draw.rect(s, edge, box, 2, border_radius=3)
            if mark.endswith("on"):
                pygame.draw.lines(s, accent, False, [(box.x + 3, box.centery), (box.x + box.w // 2 - 1, box.bottom - 4),
                                                     (box.right - 3, box.y + 3)], 3)

    def _layout_row(self, block: Block, width: int) -> tuple[int, Callable]:
        t = self.text
        size = SIZES["small"] if not block.bold else SIZES["small"]
        widths = block.widths or [1 / len(block.columns)] * len(block.columns)
        gap = 10
        col_px = [max(30, int(width * f) - gap) for f in widths]
        wrapped = [t.wrap(text, size, w, block.bold) for text, w in zip(block.columns, col_px)]
        lh = t.line_height(size, block.bold)
        height = 6 + lh * max(len(w) for w in wrapped)

        def draw(s, x, y, w, h):
            if block.highlight:
                pygame.draw.rect(s, colour("divergent_bg"), (x - 4, y - 2, w + 8, h + 2), border_radius=3)
            elif block.bold:
                pygame.draw.rect(s, colour("panel_alt_bg"), (x - 4, y - 2, w + 8, h + 2), border_radius=3)
            if block.id and (self.focused == block.id or self.hover == block.id):
                pygame.draw.rect(s, colour("accent"), (x - 4, y - 2, w + 8, h + 2), 1, border_radius=3)
            cx = x
            fg = block.colour or colour("ink")
            for lines, f in zip(wrapped, widths):
                for i, line in enumerate(lines):
                    s.blit(t.render(line, size, fg, block.bold), (cx, y + 2 + i * lh))
                cx += int(width * f)
        return height, draw

    def _layout_bar(self, block: Block, width: int) -> tuple[int, Callable]:
        """A stance bar: label, a -1..+1 track with this value (and optionally a reference tick)."""
        from ..theme import stance_colour

        t = self.text
        size = SIZES["small"]
        lh = t.line_height(size)
        label_w = min(int(width * 0.32), t.px(150))
        value = float(block.value or 0)
        ref = float(block.hint) if block.hint else None

        def draw(s, x, y, w, h):
            s.blit(t.render(t.ellipsize(block.text, size, label_w - 6), size, colour("ink")), (x, y))
            track = pygame.Rect(x + label_w, y + lh // 2 - 5, w - label_w - t.px(60), 10)
            pygame.draw.rect(s, colour("panel_alt_bg"), track, border_radius=4)
            mid = track.centerx
            px = int(mid + value * track.w / 2)
            bar = pygame.Rect(min(mid, px), track.y, abs(px - mid) or 2, track.h)
            pygame.draw.rect(s, stance_colour(value), bar, border_radius=3)
            pygame.draw.line(s, colour("muted_ink"), (mid, track.y - 3), (mid, track.bottom + 3), 1)
            if ref is not None:
                rx = int(mid + ref * track.w / 2)
                pygame.draw.line(s, colour("ink"), (rx, track.y - 5), (rx, track.bottom + 5), 2)
            s.blit(t.render(f"{value:+.2f}", size, colour("ink")), (track.right + 8, y))
        return lh + 4, draw

    # -------------------------------------------------------------- drawing
    @property
    def max_scroll(self) -> int:
        return max(0, self._content_h - self.rect.h)

    def ensure(self) -> None:
        if self._dirty or self._surface is None:
            self._render()

    def scroll_by(self, dy: int) -> None:
        self.ensure()
        self.scroll = max(0, min(self.max_scroll, self.scroll + dy))

    def scroll_to(self, item_id: str) -> None:
        self.ensure()
        hit = self._hits.get(item_id)
        if hit is None:
            return
        if hit.top - 8 < self.scroll:
            self.scroll = max(0, hit.top - 8)
        elif hit.bottom + 8 > self.scroll + self.rect.h:
            self.scroll = min(self.max_scroll, hit.bottom + 8 - self.rect.h)

    def screen_rect(self, item_id: str) -> pygame.Rect | None:
        self.ensure()
        hit = self._hits.get(item_id)
        if hit is None:
            return None
        rect = hit.move(self.rect.x, self.rect.y - self.scroll)
        return rect.clip(self.rect) if rect.colliderect(self.rect) else None

    def draw(self, surface: pygame.Surface) -> None:
        self.ensure()
        assert self._surface is not None
        area = pygame.Rect(0, self.scroll, self.rect.w, self.rect.h)
        surface.blit(self._surface, self.rect.topleft, area)
        self.text.seen.update(self._drawn)
        pygame.draw.rect(surface, colour("panel_border"), self.rect, 1, border_radius=4)
        if self.max_scroll > 0:
            track = pygame.Rect(self.rect.right - 8, self.rect.y + 4, 4, self.rect.h - 8)
            pygame.draw.rect(surface, colour("panel_alt_bg"), track, border_radius=2)
            knob_h = max(24, track.h * self.rect.h // self._content_h)
            knob_y = track.y + (track.h - knob_h) * self.scroll // self.max_scroll
            pygame.draw.rect(surface, colour("muted_ink"), (track.x, knob_y, 4, knob_h), border_radius=2)

    # --------------------------------------------------------------- events
    def item_at(self, pos: tuple[int, int]) -> str | None:
        if not self.rect.collidepoint(pos):
            return None
        x, y = pos[0] - self.rect.x, pos[1] - self.rect.y + self.scroll
        for item_id, hit in self._hits.items():
            if hit.collidepoint(x, y) and item_id in self.clickable_ids():
                return item_id
        return None

    def handle(self, event: pygame.event.Event) -> tuple[bool, Any]:
        """Mouse clicks, hover and the wheel; returns (handled, result of an activation)."""
        if event.type == pygame.MOUSEMOTION:
            hover = self.item_at(event.pos)
            if hover != self.hover:
                self.hover = hover
                self._dirty = True
            return False, None
        if event.type == pygame.MOUSEWHEEL:
            if self.rect.collidepoint(pygame.mouse.get_pos()):
                self.scroll_by(-event.y * 40)
                return True, None
            return False, None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            item = self.item_at(event.pos)
            if item is not None:
                return True, self.activate(item)
        return False, None
