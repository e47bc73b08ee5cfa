"""The window for scenario authors: F5 reloads the file and replays the choices; a scenario's
own map, subtitle and main-attribute labels are drawn from the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pygame

from game.scenario import list_scenarios
from game.ui.scenes.main import MainScene
from game.ui.scenes.title import TitleScene

from .conftest import SMALL
from .helpers import press, text_on_screen

ABYSSINIA = str(next(p for p in list_scenarios() if p.stem == "abyssinia1935"))


def _own_copy(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    shutil.copy(SMALL, path)
    return path


def test_f5_reloads_the_scenario_and_replays_the_choices(make_app, tmp_path):
    path = _own_copy(tmp_path)
    app = make_app(scenario=str(path), powers=["France"])
    press(app, pygame.K_1, frames=2)
    assert app.ctx.session.choices == [("crisis", "France", "honour")]
    path.write_text(path.read_text(encoding="utf-8").replace('title: "Aftermath"', 'title: "The morning after"'),
                    encoding="utf-8")
    press(app, pygame.K_F5, frames=2)
    session = app.ctx.session
    assert isinstance(app.scene, MainScene)
    assert session.choices == [("crisis", "France", "honour")]
    assert session.spec.event("aftermath").title == "The morning after"
    assert "Reloaded mine.yaml: replayed 1 of 1 choices." in text_on_screen(app)


def test_f5_shows_the_files_errors_as_file_line_col_and_keeps_the_game(make_app, tmp_path):
    path = _own_copy(tmp_path)
    app = make_app(scenario=str(path), powers=["France"])
    press(app, pygame.K_1, frames=2)
    before = app.ctx.session.game
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title: "Aftermath"', 'title: "Aftermath"\n    colour: red'),
                    encoding="utf-8")
    line = text.splitlines().index('    title: "Aftermath"') + 2
    press(app, pygame.K_F5, frames=2)
    shown = text_on_screen(app).replace("\n", "")  # a long path wraps on the card
    assert "Not reloaded: 1 error in the file." in shown
    assert f"{path}:{line}:5: error: unknown key 'colour'" in app.scene.error  # what the card shows, unwrapped
    assert f":{line}:5: error:" in shown
    assert app.ctx.session.game is before


def test_a_scenario_with_its_own_shapes_is_drawn_on_them(make_app):
    app = make_app(scenario=ABYSSINIA, powers=["Ethiopia"])
    spec = app.ctx.session.spec
    mapdata = app.ctx.map_for(spec)
    assert "Ethiopia" in mapdata.countries and "Germany" not in mapdata.countries
    assert set(mapdata.territories) == {t.id for t in spec.territories}
    assert app.scene.board.map.map is mapdata
    text = text_on_screen(app)
    assert "Stance toward Italy:" in text and "+1 accommodating" in text
    assert "Off the map: Italy" in text  # powers without a shape are listed, not lost


def test_title_subtitle_comes_from_the_scenario(make_app):
    app = make_app()
    assert "Europe, March 1936 - December 1939" in text_on_screen(app)
    app.ctx.scenario = ABYSSINIA
    app.scene = TitleScene(app.ctx)
    app.scene.build()
    app.frame()
    assert "East Africa and Geneva, December 1934 - July 1936" in text_on_screen(app)
