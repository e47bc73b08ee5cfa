"""Draw a challenge's handout (game/challenges/handout.py blocks) on A4 pages and write them
as one PDF, or as PNG pages when the output name ends in .png."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from ..fileio import write_atomic  # noqa: E402
from .pdf import pdf_pages  # noqa: E402
from .report_card import MARGIN, PAGE  # noqa: E402
from .style import Style, paper_style  # noqa: E402

# kind -> (font size, bold, space above, muted)
KINDS = {"title": (52, True, 0, False), "subtitle": (26, False, 6, True), "heading": (32, True, 30, False),
         "text": (27, False, 8, False), "item": (27, False, 8, False), "small": (22, False, 36, True)}


def draw_pages(blocks: list[tuple[str, str]], style: Style | None = None) -> list[pygame.Surface]:
    """The blocks laid out top to bottom, a new page when one is full (a heading never ends a page)."""
    style = style or paper_style()
    width = PAGE[0] - 2 * MARGIN
    bottom = PAGE[1] - MARGIN
    pages: list[pygame.Surface] = []
    page, y = _new_page(style, pages), MARGIN
    for index, (kind, text) in enumerate(blocks):
        size, bold, above, muted = KINDS.get(kind, KINDS["text"])
        indent = 36 if kind == "item" else 0
        lines = style.wrap(text, size, width - indent, bold)
        step = style.step(size)
        needed = above + step * len(lines)
        if kind == "heading" and index + 1 < len(blocks):
            needed += step * 2  # keep a heading with its first lines
        if y > MARGIN and y + needed > bottom:
            page, y = _new_page(style, pages), MARGIN
            above = 0
        y += above if y > MARGIN else 0
        if kind == "item":
            pygame.draw.circle(page, style.ink, (MARGIN + 12, y + step // 2), 5)
        for line in lines:
            if y + step > bottom:
                page, y = _new_page(style, pages), MARGIN
            style.blit(page, line, (MARGIN + indent, y), size, style.muted if muted else style.ink, bold)
            y += step
        if kind == "heading":
            pygame.draw.line(page, style.grid, (MARGIN, y + 2), (MARGIN + width, y + 2), 2)
            y += 8
    for number, surface in enumerate(pages, 1):
        style.blit(surface, f"{number} / {len(pages)}", (PAGE[0] - MARGIN, PAGE[1] - MARGIN // 2), 20, style.muted,
                   anchor="midright")
    return pages


def _new_page(style: Style, pages: list[pygame.Surface]) -> pygame.Surface:
    page = pygame.Surface(PAGE)
    page.fill(style.background)
    pages.append(page)
    return page


def render_handout(blocks: list[tuple[str, str]], path: Path) -> list[Path]:
    """Write the handout: a PDF (one file), or PNG pages (``NAME.png``, or ``NAME-1.png``,
    ``NAME-2.png`` ... when it takes several pages). Returns the files written; raises OSError."""
    pages = draw_pages(blocks)
    if path.suffix.lower() != ".png":
        data = pdf_pages([(p.get_width(), p.get_height(), pygame.image.tobytes(p, "RGB")) for p in pages])
        return [write_atomic(path, data)]
    import io

    written = []
    for number, page in enumerate(pages, 1):
        target = path if len(pages) == 1 else path.with_name(f"{path.stem}-{number}{path.suffix}")
        buffer = io.BytesIO()
        pygame.image.save(page, buffer, "page.png")
        written.append(write_atomic(target, buffer.getvalue()))
    return written
