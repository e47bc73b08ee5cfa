"""Drive a headless App the way a player would: keys, clicks, frames."""

from __future__ import annotations

import pygame


def press(app, key: int, mod: int = 0, frames: int = 1) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0))
    for _ in range(frames):
        app.frame()


def look(app, seconds: float = 0.5) -> None:
    """Let a frame of ``seconds`` pass, as a player reading the screen (a card needs to be seen)."""
    app.frame()
    app.frame(seconds)


def click(app, pos, frames: int = 2) -> None:
    pos = (int(pos[0]), int(pos[1]))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    for _ in range(frames):
        app.frame()


def click_button(app, key: str) -> None:
    button = app.scene.buttons.by_key[key]
    click(app, button.rect.center)


def click_doc_item(app, doc: str, item: str) -> None:
    app.scene.docs[doc].scroll_to(item)  # as a player scrolls to it (the list grows with the scenarios)
    app.frame()
    rect = app.scene.docs[doc].screen_rect(item)
    assert rect is not None, f"{item} is not visible in {doc}"
    click(app, rect.center)


def colours(surface: pygame.Surface, step: int = 7) -> int:
    """How many distinct colours a sample of the screen has (a blank screen has one)."""
    w, h = surface.get_size()
    return len({tuple(surface.get_at((x, y))) for x in range(0, w, step) for y in range(0, h, step)})


def text_on_screen(app) -> str:
    return "\n".join(sorted(app.visible_text()))
