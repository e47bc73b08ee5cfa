"""The window: one process_events -> update -> draw loop and the scene that owns the screen.

``run()`` is what ``python -m game`` calls. Tests and the benchmark build an :class:`App`
headless (SDL_VIDEODRIVER=dummy), post events and call :meth:`App.frame`.

Global keys: F11 fullscreen, F1 the keys help, Ctrl+Q quit. Scenes handle the rest.
"""

from __future__ import annotations

import os
import time
import warnings
from dataclasses import dataclass, field
from typing import Any

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
os.environ.setdefault("SDL_VIDEO_X11_WMCLASS", "collective-security")  # xdotool search --classname

import pygame  # noqa: E402
import pygame_gui  # noqa: E402

from ..mapdata import MapData, MapFileError, load_map, scenario_map  # noqa: E402
from . import prefs as prefs_mod  # noqa: E402
from .layout import window_geometry  # noqa: E402
from .prefs import MIN_SIZE, Prefs  # noqa: E402
from .scenes.base import QUIT, Choice, Scene  # noqa: E402
from .sound import Sounds  # noqa: E402
from .text import TextCache  # noqa: E402
from .theme import colour, scaled_theme  # noqa: E402

CAPTION = "Collective Security - Europe 1936-1939"


def desktop_size() -> tuple[int, int]:
    """The size of the first desktop (before any window is open), or the default window size."""
    try:
        sizes = pygame.display.get_desktop_sizes()
    except pygame.error:
        sizes = []
    return tuple(sizes[0]) if sizes else (prefs_mod.DEFAULT_SIZE[0], prefs_mod.DEFAULT_SIZE[1])  # type: ignore[return-value]


@dataclass
class AppContext:
    """What scenes share: the window, the GUI manager, preferences, text, map, the game."""

    screen: pygame.Surface
    manager: pygame_gui.UIManager
    prefs: Prefs
    text: TextCache
    session: Any = None  # game.ui.session.Session while a game is open
    scenario: str | None = None  # scenario asked for on the command line
    challenge: str | None = None
    messages: list[str] = field(default_factory=list)
    _map: MapData | None = None
    app: Any = None
    sounds: Any = None  # game.ui.sound.Sounds

    def play(self, name: str) -> None:
        """An interface sound (see game/ui/sound.py); nothing when muted or without sound."""
        if self.sounds is not None:
            self.sounds.play(name)

    @property
    def size(self) -> tuple[int, int]:
        return self.screen.get_size()

    _maps: dict = field(default_factory=dict)

    @property
    def mapdata(self) -> MapData:
        if self._map is None:
            self._map = load_map()
        return self._map

    def open_scene(self, name: str, **kwargs: Any) -> Scene:
        """A new scene of the kind ``name`` (see :func:`scene_classes`). Scenes open one another
        through here, so that no scene imports another and they cannot import round a loop."""
        return scene_classes()[name](self, **kwargs)

    def forget_maps(self) -> None:
        """Read scenario maps again next time (after a scenario file was reloaded)."""
        self._maps.clear()

    def map_for(self, spec) -> MapData:
        """The map ``spec`` is drawn on: its own shapes or a built-in map (read once each).
        Shapes that can no longer be read (changed since the scenario was checked) give the
        built-in map rather than no map."""
        key = (spec.map, tuple((t.id, t.holder) for t in spec.territories))
        if key not in self._maps:
            try:
                self._maps[key] = scenario_map(spec.map, dict(key[1]))
            except MapFileError as exc:
                self.messages.append(f"The scenario's map could not be read ({exc}); showing the built-in map.")
                self._maps[key] = self.mapdata
        return self._maps[key]

    def save_prefs(self) -> None:
        try:
            prefs_mod.save_prefs(self.prefs)
        except OSError:
            pass  # preferences are a convenience; never stop the game for them


def scene_classes() -> dict[str, type[Scene]]:
    """The scenes one scene may open by name (AppContext.open_scene). Imported on first use:
    the window starts on one screen and most players never see the others."""
    from .scenes.challenges import ChallengeListScene
    from .scenes.confirm import ConfirmScene
    from .scenes.ending import EndingScene
    from .scenes.main import MainScene
    from .scenes.message import MessageScene
    from .scenes.new_game import NewGameScene
    from .scenes.replay import ReplayScene
    from .scenes.rewind import RewindScene
    from .scenes.settings import KeysScene, SettingsScene
    from .scenes.title import TitleScene
    from .scenes.whatif import WhatIfPickScene, WhatIfScene

    return {"title": TitleScene, "new_game": NewGameScene, "main": MainScene, "ending": EndingScene,
            "rewind": RewindScene, "replay": ReplayScene, "settings": SettingsScene, "keys": KeysScene,
            "challenges": ChallengeListScene, "message": MessageScene, "whatif": WhatIfScene,
            "whatif_pick": WhatIfPickScene, "confirm": ConfirmScene}


class App:
    def __init__(self, scenario: str | None = None, powers: list[str] | None = None,
                 challenge: str | None = None, size: tuple[int, int] | None = None,
                 prefs: Prefs | None = None) -> None:
        pygame.display.init()  # the mixer starts with the first sound (game/ui/sound.py)
        pygame.font.init()
        self.prefs = prefs if prefs is not None else prefs_mod.load_prefs()
        self.exact_size = size  # a size asked for (tests, benchmarks) is opened as it is
        if size is not None:
            self.prefs.width, self.prefs.height = size
        screen = self._open_window()
        text = TextCache(self.prefs.font_scale)
        manager = pygame_gui.UIManager(screen.get_size(), scaled_theme(self.prefs.font_scale),
                                       enable_live_theme_updates=False)
        self.ctx = AppContext(screen, manager, self.prefs, text, scenario=scenario, challenge=challenge, app=self,
                              sounds=Sounds(self.prefs))
        self.clock = pygame.time.Clock()
        self.running = True
        self.frames = 0
        self.launch_time = 0.0  # seconds run() took to open the window
        self.scene: Scene = self._first_scene(scenario, powers, challenge)
        self.scene.rebuild()
        self.set_caption()

    # ------------------------------------------------------------ window
    def _open_window(self) -> pygame.Surface:
        """Open the window at the player's last size, at most 90% of the desktop, centred."""
        pygame.display.set_caption(CAPTION)
        wanted = (self.prefs.width, self.prefs.height)
        desktop = desktop_size()
        x, y, w, h = window_geometry(desktop, wanted, MIN_SIZE)
        if self.exact_size is not None:  # tests, benchmarks, screenshots: that size, centred, from 0,0 if larger
            w, h = self.exact_size
            x, y = max(0, (desktop[0] - w) // 2), max(0, (desktop[1] - h) // 2)
        self.window_rect = (x, y, w, h)
        if self.prefs.fullscreen:
            screen = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            os.environ["SDL_VIDEO_WINDOW_POS"] = f"{x},{y}"  # read by SDL when the window is made
            screen = pygame.display.set_mode((w, h), pygame.RESIZABLE)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                window = pygame.Window.from_display_module()
            window.minimum_size = (min(MIN_SIZE[0], w), min(MIN_SIZE[1], h))
            if not self.prefs.fullscreen:
                window.position = (x, y)  # also when leaving fullscreen, where the env var is not read again
        except (AttributeError, pygame.error):
            pass
        return screen

    def set_fullscreen(self, on: bool) -> None:
        self.prefs.fullscreen = on
        self.ctx.screen = self._open_window()
        self._relayout()
        self.ctx.save_prefs()

    def set_font_scale(self, name: str) -> None:
        self.prefs.font_size = name
        self.ctx.text.set_scale(self.prefs.font_scale)
        self.ctx.manager = pygame_gui.UIManager(self.ctx.size, scaled_theme(self.prefs.font_scale),
                                                enable_live_theme_updates=False)
        self.scene.rebuild()
        self.ctx.save_prefs()

    def _relayout(self) -> None:
        self.ctx.screen = pygame.display.get_surface() or self.ctx.screen
        self.ctx.manager.set_window_resolution(self.ctx.size)
        self.scene.rebuild()

    def _first_scene(self, scenario: str | None, powers: list[str] | None, challenge: str | None) -> Scene:
        from .scenes.title import TitleScene

        if challenge:
            from .scenes.challenges import open_challenges

            return open_challenges(self.ctx, back_to=TitleScene(self.ctx), challenge=challenge)
        if powers:
            from ..scenario import resolve_scenario
            from .debrief import chosen_goals
            from .scenes.main import MainScene
            from .session import Session

            session = Session.start(resolve_scenario(scenario), humans=list(powers))
            session.goals = chosen_goals(session.spec, session.humans, self.prefs.goals, self.prefs.goals_off)
            self.ctx.session = session
            return MainScene(self.ctx)
        if scenario:
            from .scenes.new_game import NewGameScene

            return NewGameScene(self.ctx, scenario=scenario)
        return TitleScene(self.ctx, launch=True)

    # -------------------------------------------------------------- loop
    def switch(self, scene: Scene) -> None:
        self.scene = scene
        self.scene.rebuild()
        self.set_caption()

    def set_caption(self) -> None:
        """The window title names the screen (players see it in the taskbar; tests wait on it)."""
        name = getattr(self.scene, "title", "")
        pygame.display.set_caption(f"{CAPTION} - {name}" if name and name != "Title" else CAPTION)

    def apply_result(self, result: Any) -> None:
        if result is None:
            return
        if result is QUIT:
            self.running = False
        elif isinstance(result, Choice):
            follow = self.scene.apply_choice(result)  # type: ignore[attr-defined]
            self.apply_result(follow)
        elif isinstance(result, Scene):
            self.switch(result)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE and not self.prefs.fullscreen:
            width, height = max(MIN_SIZE[0], event.w), max(MIN_SIZE[1], event.h)
            self.prefs.width, self.prefs.height = width, height
            if (width, height) != (event.w, event.h):
                pygame.display.set_mode((width, height), pygame.RESIZABLE)
            self._relayout()
            self.ctx.save_prefs()  # the next start opens at this size
            return
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_F11:
                self.set_fullscreen(not self.prefs.fullscreen)
                return
            if event.key == pygame.K_q and event.mod & pygame.KMOD_CTRL:
                self.running = False
                return
            if event.key == pygame.K_F1:
                from .scenes.settings import KeysScene

                self.switch(KeysScene(self.ctx, back_to=self.scene))
                return
        self.ctx.manager.process_events(event)
        self.apply_result(self.scene.handle(event))

    def frame(self, dt: float = 1 / 60) -> None:
        """One turn of the loop: events, update, draw, flip."""
        for event in pygame.event.get():
            self.handle(event)
            if not self.running:
                return
        self.ctx.manager.update(dt)
        self.apply_result(self.scene.update(dt))
        self.draw()
        pygame.display.flip()
        self.frames += 1

    def draw(self) -> None:
        self.ctx.text.seen.clear()
        screen = self.ctx.screen
        screen.fill(colour("window_bg"))
        self.scene.draw(screen)
        self.ctx.manager.draw_ui(screen)
        self.scene.draw_over(screen)

    def run(self, frames: int | None = None) -> int:
        """The main loop, until the player quits (or after ``frames`` frames: ``--frames``)."""
        while self.running and (frames is None or self.frames < frames):
            dt = self.clock.tick(60) / 1000.0
            self.frame(dt)
        self.ctx.save_prefs()
        pygame.quit()
        return 0

    # ------------------------------------------------------------ testing
    def visible_text(self) -> set[str]:
        """Every string drawn in the last frame: custom text plus the GUI's labels and buttons."""
        texts = set(self.ctx.text.seen)
        root = self.ctx.manager.get_root_container()
        for element in getattr(root, "elements", []):
            text = getattr(element, "text", None)
            if isinstance(text, str) and element.visible:
                texts.add(text)
        return texts


def run(scenario: str | None = None, powers: list[str] | None = None, challenge: str | None = None,
        frames: int | None = None) -> int:
    """Open the game window (``python -m game``); returns the exit status.

    ``frames``: close after that many frames and say what was on screen (``--frames N``).
    """
    started = time.perf_counter()
    app = App(scenario=scenario, powers=powers, challenge=challenge)
    app.launch_time = time.perf_counter() - started
    if frames is None:
        return app.run()
    status = app.run(frames)
    screen = getattr(app.scene, "title", "") or type(app.scene).__name__
    print(f"window: {app.frames} frames drawn at {app.prefs.width}x{app.prefs.height}, "
          f"last screen: {screen}; closed after --frames {frames}")
    return status
