"""Smoke test in a real X window: Xvfb + xdotool click from the title menu to the first
decision and through one turn. Skips (with the reason) only when Xvfb or xdotool is missing.

Where to click is read from a headless twin of the same screens at the same size (the
layout is deterministic); the real window's autosave tells the twin which game it is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="needs the Debian packages xvfb and xdotool (.ci/run installs them)",
)


def free_display() -> int:
    for number in range(90, 400):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number")


def wait_for(check, timeout: float = 60.0, what: str = "") -> object:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def saved(folder: Path) -> dict | None:
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if not files:
        return None
    try:
        return json.loads(files[-1].read_text())
    except ValueError:
        return None


@pytest.fixture
def xserver(tmp_path):
    number = free_display()
    proc = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 10, "Xvfb")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(5)


def test_click_from_title_through_one_turn(xserver, tmp_path, monkeypatch):
    from game.ui import saves
    from game.ui.app import CAPTION, App
    from game.ui.scenes.base import Choice
    from game.ui.scenes.main import MainScene

    env = dict(os.environ, DISPLAY=xserver, COLLECTIVE_SECURITY_HOME=str(tmp_path / "home"),
               SDL_AUDIODRIVER="dummy")
    env.pop("SDL_VIDEODRIVER", None)
    game = subprocess.Popen([sys.executable, "-m", "game"], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def xdo(*args: str) -> str:
        return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=20).stdout

    def click(window: str, pos) -> None:
        xdo("mousemove", "--window", window, str(int(pos[0])), str(int(pos[1])))
        time.sleep(0.15)
        xdo("click", "--window", window, "1")
        time.sleep(0.4)

    try:
        window = wait_for(lambda: xdo("search", "--classname", "collective-security").split(), 60,
                          "the game window")[0]

        def on_screen(name: str, timeout: float = 60) -> None:
            try:
                wait_for(lambda: xdo("getwindowname", window).strip().endswith(name), timeout, f"the {name} screen")
            except AssertionError as exc:  # say where the window is instead, for whoever reads CI's log
                raise AssertionError(f"{exc}; the window says {xdo('getwindowname', window).strip()!r}") from None

        time.sleep(0.5)
        # The headless twin (same user folders, same size) says where things are.
        monkeypatch.setenv("COLLECTIVE_SECURITY_HOME", str(tmp_path / "twin-home"))
        from game.ui.layout import window_geometry
        from game.ui.prefs import MIN_SIZE

        size = window_geometry((1280, 720), (1280, 720), MIN_SIZE)[2:]  # 90% of the desktop
        twin = App(size=size)
        twin.frame()
        # A click on a window still starting on a busy machine was lost once in CI (the title then
        # rebuilt its menu after the first frame; it no longer does). It is sent again, only while
        # the window still shows the title, so nothing is clicked twice.
        for attempt in range(6):
            click(window, twin.scene.buttons.by_key["new"].rect.center)
            try:
                on_screen("New game", timeout=10)
                break
            except AssertionError:
                if attempt == 5 or xdo("getwindowname", window).strip() != CAPTION:
                    raise
        twin.apply_result(twin.scene.on_button("new"))
        twin.frame()
        setup = twin.scene.docs["setup"]
        notches = 0  # the powers are below the scenarios: scroll the list with the wheel, as a player does
        while setup.screen_rect("power:France") is None and notches < 40:
            setup.scroll_by(40)  # one notch, as Doc.handle scrolls on a wheel event
            twin.frame()
            notches += 1
        if notches:
            xdo("mousemove", "--window", window, str(setup.rect.centerx), str(setup.rect.centery))
            time.sleep(0.15)
            for _ in range(notches):
                xdo("click", "--window", window, "5")  # X button 5: the wheel turned down one notch
                time.sleep(0.05)
            time.sleep(0.4)
        click(window, setup.screen_rect("power:France").center)  # no power is ticked at first
        click(window, twin.scene.buttons.by_key["start"].rect.center)
        on_screen("Game")
        time.sleep(0.5)
        xdo("key", "--window", window, "Escape")  # skip the guided first turn
        time.sleep(0.5)

        folder = tmp_path / "home" / "data" / "saves"
        first = wait_for(lambda: saved(folder), 60, "the autosave at the start of the game")
        assert first["choices"] == []
        twin.ctx.session = saves.load(sorted(folder.glob("*.json"))[-1]).session
        twin.switch(MainScene(twin.ctx, fresh=True))
        if "continue" in twin.scene.buttons.by_key:  # turns before the first decision
            key = "skip" if "skip" in twin.scene.buttons.by_key else "continue"
            click(window, twin.scene.buttons.by_key[key].rect.center)
            twin.apply_result(twin.scene.skip())
            time.sleep(1.0)
        assert twin.scene.mode == "decide"
        option = twin.scene.docs["options"].clickable_ids()[0]
        twin.frame()
        click(window, twin.scene.docs["options"].screen_rect(option).center)
        after = wait_for(lambda: (s := saved(folder)) and s["choices"] and s, 60, "the autosave after one turn")
        assert after["choices"][0][2] == option[4:]

        # Through the consequences to the next decision.
        twin.apply_result(twin.scene.apply_choice(Choice(option[4:])))
        if "continue" in twin.scene.buttons.by_key:
            click(window, twin.scene.buttons.by_key["continue"].rect.center)
        shot = tmp_path / "shot.png"
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(shot)], env=env, timeout=20)
        if shot.exists():
            import pygame

            image = pygame.image.load(str(shot))
            sample = {tuple(image.get_at((x, y))) for x in range(0, image.get_width(), 16)
                      for y in range(0, image.get_height(), 16)}
            assert len(sample) > 30, "the real window looks blank"
        xdo("key", "--window", window, "ctrl+q")
        assert game.wait(60) == 0
    finally:
        if game.poll() is None:
            game.kill()
            game.wait(5)
