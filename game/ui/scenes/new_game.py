"""New game: a scenario, one or more powers (several = hot-seat), the contested assumptions."""

from __future__ import annotations

import random

import pygame

from ...userdirs import user_scenarios_dir
from .. import scenarios
from ..debrief import chosen_goals, goals_blocks
from ..layout import bar_height
from ..session import Session
from ..text import Block
from .base import HANDLED, Result, Scene


class NewGameScene(Scene):
    title = "New game"

    def __init__(self, ctx, scenario: str | None = None) -> None:
        super().__init__(ctx)
        self.options = [(p, s) for p, s, _ in scenarios.available(scenario or ctx.scenario) if s is not None]
        self.index = 0
        self.powers: list[str] = []
        self.settings: dict[str, str | float] = {}
        self.error = ""
        self._select(0)

    @property
    def spec(self):
        return self.options[self.index][1] if self.options else None

    def _select(self, index: int) -> None:
        self.index = index
        spec = self.spec
        self.settings = dict(spec.default_settings()) if spec else {}
        playable = [p.id for p in spec.powers if p.playable] if spec else []
        self.powers = [p for p in self.ctx.prefs.last_powers if p in playable]  # none ticked for a first game

    # ------------------------------------------------------------ blocks
    def setup_blocks(self) -> list[Block]:
        blocks = [Block("title", "New game"), Block("heading", "Scenario")]
        for i, (path, spec) in enumerate(self.options):
            blocks.append(Block("item", spec.title, id=f"scenario:{i}", hint=spec.summary or path.name,
                                mark="radio-on" if i == self.index else "radio-off"))
        blocks.append(Block("small", f"Your own scenario files go in {user_scenarios_dir()}"))
        if not self.options:
            blocks.append(Block("text", "No scenario could be loaded from the scenarios folder."))
            return blocks
        if self.error:
            blocks.append(Block("text", self.error, colour=(240, 190, 110)))
        blocks += [Block("heading", "Powers you play"),
                   Block("small", "Pick one, or several to take turns at one computer (hot-seat). "
                                  "The AI plays the others.")]
        for power in self.spec.powers:
            if power.playable:
                blocks.append(Block("item", power.name, id=f"power:{power.id}",
                                    mark="check-on" if power.id in self.powers else "check-off"))
        prefs = self.ctx.prefs
        return blocks + goals_blocks(self.spec, self.powers, prefs.goals, prefs.goals_off)

    def settings_blocks(self) -> list[Block]:
        spec = self.spec
        blocks = [Block("title", "The contested questions")]
        if spec is None or not spec.settings:
            blocks.append(Block("text", "This scenario has no adjustable assumptions."))
            return blocks
        blocks.append(Block("small", "Historians disagree on these. Keep the defaults or choose the position you "
                                     "want to test (Enter or Left / Right on the focused question)."))
        if spec.presets:
            blocks.append(Block("heading", "Readings (presets)"))
            for preset in spec.presets:
                on = self.settings == spec.preset_settings(preset.id)
                blocks.append(Block("item", preset.title, id=f"preset:{preset.id}", hint=preset.description,
                                    mark="radio-on" if on else "radio-off",
                                    tag="default" if preset.default else ""))
            blocks.append(Block("heading", "Each question"))
        defaults = spec.default_settings()
        for setting in spec.settings:
            value = self.settings[setting.id]
            if setting.kind == "choice":
                shown = str(value)
                note = setting.value_notes.get(str(value), "")
            else:
                shown = f"{float(value):.2f}"
                note = f"a number from {setting.low:g} to {setting.high:g}; Left / Right change it by a tenth."
            hint = "\n".join(x for x in (setting.description, f"Position '{shown}': {note}" if note else "") if x)
            tag = "default" if value == defaults[setting.id] else f"default: {defaults[setting.id]}"
            blocks.append(Block("item", setting.title or setting.id, id=f"setting:{setting.id}", value=shown,
                                hint=hint, tag=tag))
        return blocks

    def build(self) -> None:
        w, h = self.ctx.size
        pad = 12
        bh = bar_height(self.ctx.prefs.font_scale)
        body_h = h - bh - 3 * pad
        left_w = max(330, int((w - 3 * pad) * 0.38))
        self.doc("setup").set_rect((pad, pad, left_w, body_h))
        self.doc("settings").set_rect((2 * pad + left_w, pad, w - 3 * pad - left_w, body_h))
        self.docs["setup"].set_blocks(self.setup_blocks(), keep_scroll=True)
        self.docs["settings"].set_blocks(self.settings_blocks(), keep_scroll=True)
        y = h - bh - pad
        self.button("start", "Start the game", (w - pad - 260, y, 260, bh), tip="Begin with these choices")
        self.button("defaults", "Defaults", (w - 2 * pad - 260 - 180, y, 180, bh),
                    tip="Put every assumption back to its default")
        self.button("back", "Back", (pad, y, 160, bh))

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        if self.focus.current is None:
            self.focus.focus_key("start")

    def _refresh(self) -> None:
        self.docs["setup"].set_blocks(self.setup_blocks(), keep_scroll=True)
        self.docs["settings"].set_blocks(self.settings_blocks(), keep_scroll=True)
        self.refresh_focus()

    def cycle(self, setting_id: str, step: int) -> None:
        setting = self.spec.setting(setting_id)
        value = self.settings[setting_id]
        if setting.kind == "choice":
            values = list(setting.values)
            self.settings[setting_id] = values[(values.index(value) + step) % len(values)]
        else:
            span = (setting.high - setting.low) / 10 or 0.1
            new = round(float(value) + step * span, 6)
            if new > setting.high + 1e-9:
                new = setting.low
            elif new < setting.low - 1e-9:
                new = setting.high
            self.settings[setting_id] = min(setting.high, max(setting.low, new))

    def on_doc(self, doc: str, item: str) -> Result:
        kind, _, ident = item.partition(":")
        if kind == "scenario":
            self._select(int(ident))
        elif kind == "power":
            self.error = ""
            if ident in self.powers:
                self.powers.remove(ident)
            else:
                order = [p.id for p in self.spec.powers]
                self.powers = sorted(self.powers + [ident], key=order.index)
        elif kind == "goals":
            self.ctx.prefs.goals = not self.ctx.prefs.goals
        elif kind == "goal":
            off = self.ctx.prefs.goals_off
            self.ctx.prefs.goals_off = [k for k in off if k != ident] if ident in off else off + [ident]
        elif kind == "setting":
            self.cycle(ident, 1)
        elif kind == "preset":
            self.settings = dict(self.spec.preset_settings(ident))
        self._refresh()
        return None

    def on_key(self, event: pygame.event.Event) -> Result:
        current = self.focus.current
        if event.key in (pygame.K_LEFT, pygame.K_RIGHT) and current and current.key.startswith("settings:setting:"):
            self.cycle(current.key.split(":", 2)[2], 1 if event.key == pygame.K_RIGHT else -1)
            self._refresh()
            return HANDLED
        return None

    def on_button(self, key: str) -> Result:
        if key == "back":
            return self.back()
        if key == "defaults" and self.spec is not None:
            self.settings = dict(self.spec.default_settings())
            self._refresh()
            return None
        if key == "start" and self.spec is not None:
            if not self.powers:
                self.error = "Tick the power you want to play (or several, to take turns) before starting."
                self._refresh()
                self.focus.focus_key(f"setup:power:{next(p.id for p in self.spec.powers if p.playable)}")
                return None
            return self.start()
        return None

    def start(self) -> Result:
        path, spec = self.options[self.index]
        seed = random.randrange(1, 2**31)
        self.ctx.prefs.last_powers = list(self.powers)
        self.ctx.save_prefs()
        goals = chosen_goals(spec, self.powers, self.ctx.prefs.goals, self.ctx.prefs.goals_off)
        self.ctx.session = Session.start(path, settings=self.settings, seed=seed, humans=list(self.powers), spec=spec,
                                         goals=goals)
        return self.ctx.open_scene("main", tour=not self.ctx.prefs.tour_done)

    def back(self) -> Result:
        return self.ctx.open_scene("title")
