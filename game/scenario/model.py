"""The scenario file format as pydantic models: shape and types only.

Names that refer to other items (powers, flags, sources...) and expressions are checked
afterwards by :mod:`game.scenario.build`, which knows the whole file.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Ident = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(max_length=20_000)]
ExprText = Annotated[str, StringConstraints(max_length=100_000)]  # the compiler caps length itself


def date_text(value: object) -> object:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return value


DateText = Annotated[
    str,
    BeforeValidator(date_text),
    StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"),
    Field(description="A date, YYYY-MM-DD"),
]


OptionRef = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$",
                                              max_length=130)]
By = Annotated[dict[Ident, OptionRef | list[OptionRef]], Field(
    description="{POWER: OPTION or EVENT.OPTION or a list of them}: the choices this line's text presupposes")]
DelayText = Annotated[str, Field(description="A delay: '30 days', '2 weeks' or '3 months'")]


def _empty_mapping(value: object) -> object:
    return {} if value is None else value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, allow_inf_nan=False)


class Provenanced(Strict):
    note: Text = Field("", description="Free text for readers of the file and the 'why' panel")
    sources: list[Ident] = Field(default_factory=list, description="Keys of the top-level sources table")
    assumption: Text | None = Field(None, description="Set for invented mechanics (a model assumption)")


class AttributeDef(Strict):
    min: float
    max: float
    default: float = 0.0
    title: Text = Field("", description="What it means, shown in legends, tables and endings "
                                        "(e.g. 'Stance toward Germany'); default: the name")
    min_label: Text = Field("", description="A word for the low end of the scale (e.g. 'hostile')")
    max_label: Text = Field("", description="A word for the high end of the scale (e.g. 'aligned')")
    note: Text = ""


class GlobalDef(Strict):
    value: float
    min: float = 0.0
    max: float = 1.0
    title: Text = ""
    note: Text = ""


class PowerDef(Strict):
    name: Text
    in_text: Text = Field("", description="How a sentence names the power, e.g. 'the Soviet Union' (default: its name)")
    playable: bool = True
    color: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] = "#888888"
    attributes: dict[Ident, float] = Field(default_factory=dict)
    note: Text = ""


class FlagDef(Strict):
    value: bool = False
    note: Text = ""


class TerritoryDef(Strict):
    name: Text
    holder: Ident
    note: Text = ""


class SettingDef(Strict):
    title: Text
    description: Text = ""
    values: dict[Ident, Text] | None = Field(None, description="A choice: each value with the position behind it")
    min: float | None = None
    max: float | None = None
    default: str | float
    sources: list[Ident] = Field(default_factory=list)
    note: Text = ""


class PresetDef(Strict):
    title: Text
    description: Text = Field(description="Whose reading of the contested questions it encodes (name the historians)")
    default: bool = Field(False, description="The preset used when none is named (exactly one)")
    settings: Annotated[dict[Ident, str | float], BeforeValidator(_empty_mapping)] = Field(
        default_factory=dict, description="Setting values; settings not named keep their own default")
    note: Text = ""


class AiModifierDef(Strict):
    when: ExprText
    factor: float = Field(ge=0)
    why: Text = ""


class AiDef(Strict):
    weight: float = Field(1.0, ge=0)
    modifiers: list[AiModifierDef] = Field(default_factory=list)


class OptionDef(Provenanced):
    id: Ident
    text: Text
    hint: Text = ""
    historical: bool = False
    available: ExprText | None = None
    unavailable: Text = Field("", description="Why the option is unavailable, shown to the player")
    effects: list[ExprText] = Field(default_factory=list)
    log: Text = Field("", description="Chronicle line written when the option is taken")
    date: DateText | None = Field(None, description="Date written on the chronicle line")
    after: DelayText | None = Field(None, description="The effects land this long after the choice")
    by: By = Field(default_factory=dict)  # other powers' choices the option's 'log' states
    ai: AiDef = Field(default_factory=AiDef)


class RuleDef(Provenanced):
    id: Ident
    when: ExprText | None = None
    chance: ExprText | None = None
    historical: Literal["fires", "fails"] | None = Field(
        None, description="With 'chance': what happened in history; replay forces it")
    effects: list[ExprText] = Field(default_factory=list)
    else_effects: list[ExprText] = Field(default_factory=list)
    text: Text = ""
    else_text: Text = ""
    date: DateText | None = None
    once: bool = True
    every: Literal["event", "month"] = Field(
        "event", description="Background rules: checked after every event, or on the 1st of every month")
    after: DelayText | None = Field(None, description="The effects land this long after the rule fires")
    by: By = Field(default_factory=dict)


class EventDef(Provenanced):
    id: Ident
    date: DateText
    title: Text
    text: Text = ""
    when: ExprText | None = None
    options: dict[Ident, list[OptionDef]] = Field(default_factory=dict)
    order: list[Ident] | None = Field(
        None, description="Powers decide one after another in this order, each seeing the earlier choices")
    resolve: list[RuleDef] = Field(default_factory=list)


class EndingDef(Provenanced):
    id: Ident
    title: Text
    text: Text = ""
    when: ExprText | None = None
    priority: int = 0
    fallback: bool = False


GaugeRef = Annotated[str, StringConstraints(
    pattern=r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*){0,2}$", max_length=200)]


class GaugeDef(Strict):
    """A quantity the game screen shows as a labelled gauge with the change of the last turn."""

    show: GaugeRef = Field(description="What it reads: a global (league_credibility), an attribute "
                                       "of a power (will.Britain) or trust (trust.USSR.France)")
    label: Text = Field("", description="Its name on screen; a global's title when left out")
    explain: Text = Field(description="One sentence shown when the player hovers or focuses the gauge")


class RelationDef(Strict):
    """A tie between powers the map draws (and the table names) while a flag is set."""

    flag: Ident = Field(description="The flag that makes the relation true")
    kind: Literal["pact", "alliance", "guarantee", "war", "occupation"]
    powers: list[Ident] = Field(min_length=1, description="pact/alliance: the powers bound to one another; "
                                "guarantee/war/occupation: the guarantors, one side, or the occupier")
    to: list[Ident] = Field(default_factory=list, description="guarantee: the powers guaranteed; war: the "
                            "other side; occupation: the states occupied, which cease to exist on the map")
    label: Text = Field(description="Its name in the legend and the table, e.g. 'German-Soviet pact'")


class AimDef(Provenanced):
    """A historical aim of one power, offered to its player as an optional goal and scored at the end."""

    id: Ident
    text: Text = Field(description="The aim as the player reads it, e.g. 'Keep Czechoslovakia whole'")
    when: ExprText = Field(description="A condition on the final state: true if the aim was met")

class MapDef(Strict):
    shapes: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        None, description="A GeoJSON file beside the scenario file with the map's shapes (lon/lat)")
    view: list[float] | None = Field(
        None, description="[west longitude, south latitude, east longitude, north latitude] shown; "
                          "default: the box around the shapes")
    builtin: Ident | None = Field(None, description="A map that ships with the game: 'europe1936' (the default)")


class ScenarioDef(Strict):
    """A Collective Security scenario file."""

    format: Literal[1]
    id: Ident
    title: Text
    subtitle: Text = Field("", description="Place and period shown under the title "
                                           "(default: the months of 'start' and 'end')")
    summary: Text = ""
    map: MapDef = Field(default_factory=MapDef, description="The built-in Europe map, or shapes of its own")
    start: DateText
    end: DateText
    sources: dict[Ident, Text] = Field(default_factory=dict)
    attributes: dict[Ident, AttributeDef]
    globals: dict[Ident, GlobalDef] = Field(default_factory=dict)
    powers: dict[Ident, PowerDef]
    trust: dict[Ident, dict[Ident, float]] = Field(default_factory=dict)
    flags: Annotated[dict[Ident, Annotated[FlagDef, BeforeValidator(_empty_mapping)]],
                     BeforeValidator(_empty_mapping)] = Field(default_factory=dict)
    territories: dict[Ident, TerritoryDef] = Field(default_factory=dict)
    settings: dict[Ident, SettingDef] = Field(default_factory=dict)
    presets: dict[Ident, PresetDef] = Field(default_factory=dict,
                                            description="Named bundles of settings, one of them the default")
    events: list[EventDef]
    rules: list[RuleDef] = Field(default_factory=list)
    endings: list[EndingDef]
    gauges: list[GaugeDef] = Field(default_factory=list, description="What the game screen shows as gauges")
    relations: list[RelationDef] = Field(default_factory=list,
                                         description="Pacts, alliances, guarantees, wars and occupations the map draws")


    aims: dict[Ident, list[AimDef]] = Field(
        default_factory=dict, description="Optional: each power's historical aims (power -> list), offered "
                                          "as goals in free play and scored at the end of the game")
    note: Text = ""


def json_schema() -> dict:
    schema = ScenarioDef.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Collective Security scenario"
    return schema
