"""Draws one step of the guided first turn: the screen dimmed except the part the step is
about (outlined), and beside it a box with the step's heading, text and the keys."""

from __future__ import annotations

import pygame

from ..text import TextCache
from ..theme import colour
from ..tour import Step


def draw_step(surface: pygame.Surface, text: TextCache, target: pygame.Rect, step: Step, footer: str) -> pygame.Rect:
    """Draw ``step`` pointing at ``target``; returns the box drawn (for tests)."""
    w, h = surface.get_size()
    veil = pygame.Surface((w, h), pygame.SRCALPHA)
    veil.fill((10, 14, 22, 150))
    veil.fill((0, 0, 0, 0), target.inflate(8, 8))  # the part explained stays bright
    surface.blit(veil, (0, 0))
    pygame.draw.rect(surface, colour("accent"), target.inflate(8, 8), 3, border_radius=6)
    box_w = min(440, w - 40)
    lines = text.wrap(step.text, 16, box_w - 28)
    lh, head_h, foot_h = text.line_height(16), text.line_height(20, True), text.line_height(13)
    box_h = 14 + head_h + 6 + len(lines) * lh + 10 + foot_h + 14
    box = pygame.Rect(0, 0, box_w, box_h)
    # Beside the target where there is room: right of it, else left of it, else above or below.
    if target.right + 16 + box_w <= w:
        box.midleft = (target.right + 16, target.centery)
    elif target.left - 16 - box_w >= 0:
        box.midright = (target.left - 16, target.centery)
    elif target.top - 16 - box_h >= 0:
        box.midbottom = (target.centerx, target.top - 16)
    else:
        box.midtop = (target.centerx, min(target.bottom + 16, h - box_h))
    box.clamp_ip(surface.get_rect())
    pygame.draw.rect(surface, colour("dark_bg"), box, border_radius=8)
    pygame.draw.rect(surface, colour("accent"), box, 2, border_radius=8)
    y = box.y + 14
    text.blit(surface, step.heading, (box.x + 14, y), 20, colour("accent"), True)
    y += head_h + 6
    for line in lines:
        text.blit(surface, line, (box.x + 14, y), 16, colour("ink"))
        y += lh
    text.blit(surface, footer, (box.x + 14, y + 10), 13, colour("muted_ink"))
    return box
