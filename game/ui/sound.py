"""Interface sounds: a new crisis, a decision, war, the ending (``assets/sounds``, made by
``scripts/make_sounds.py``), at the player's volume, or nothing when muted.

The mixer starts on the first sound, not at launch. If it cannot start (no sound device)
or a file cannot be read, the game stays silent and carries on; under
``SDL_AUDIODRIVER=dummy`` sounds "play" without a device.
"""

from __future__ import annotations

import pygame

from .. import resources
from .prefs import Prefs

NAMES = ("crisis", "decision", "war", "ending")


class Sounds:
    def __init__(self, prefs: Prefs) -> None:
        self.prefs = prefs
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self._ready: bool | None = None  # None: the mixer has not been tried yet
        self.played: list[str] = []  # names asked for while sound was on (tests read it)

    def _start(self) -> bool:
        if self._ready is None:
            try:
                if not pygame.mixer.get_init():
                    pygame.mixer.init(22050, -16, 1, 512)
                for name in NAMES:
                    self._sounds[name] = pygame.mixer.Sound(str(resources.asset("sounds", f"{name}.wav")))
                self._ready = True
            except (pygame.error, OSError, resources.MissingDataError):
                self._ready = False  # no device or no file: stay silent
        return self._ready

    @property
    def audible(self) -> bool:
        return not self.prefs.muted and self.prefs.volume > 0

    def play(self, name: str) -> None:
        """Play one of NAMES at the player's volume; nothing when muted."""
        if name not in NAMES or not self.audible:
            return
        self.played.append(name)
        if self._start():
            sound = self._sounds[name]
            sound.set_volume(self.prefs.volume)
            sound.play()
