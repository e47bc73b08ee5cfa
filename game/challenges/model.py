"""The challenge file format as pydantic models: shape and types only.

Names that refer to the scenario (events, options, powers, settings, endings) and the
objective expressions are checked afterwards by :mod:`game.challenges.load`, which has
the scenario at hand.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from ..scenario.model import DateText, ExprText, Ident, Text, date_text


def _one_or_many(value: object) -> object:
    """Accept ``France`` as well as ``[France]``."""
    return [value] if isinstance(value, str) else value


def _checkpoint(value: object) -> object:
    return date_text(value)


Checkpoint = Annotated[
    str,
    BeforeValidator(_checkpoint),
    StringConstraints(pattern=r"^(end|\d{4}-\d{2}-\d{2})$"),
    Field(description="'end' (when the game ends) or a date YYYY-MM-DD"),
]
StartText = Annotated[
    str,
    BeforeValidator(date_text),
    StringConstraints(pattern=r"^([A-Za-z][A-Za-z0-9_]*|\d{4}-\d{2}-\d{2})$", max_length=64),
    Field(description="An event id, or a date YYYY-MM-DD: play starts at the first event on or after it"),
]


PowerName = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_ .'-]*$", max_length=64),
    Field(description="A power's id (USSR) or a name it is known by (Soviet Union, Russia)"),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, allow_inf_nan=False)


class ObjectiveDef(Strict):
    id: Ident
    text: Text = Field(description="What the student reads, e.g. 'Keep Czechoslovakia whole'")
    when: ExprText | None = Field(
        None, description="Condition over the game state (the scenario's expression language)")
    ending: Annotated[list[Ident], BeforeValidator(_one_or_many)] | None = Field(
        None, description="Ending id(s): met only if the game ends in one of them")
    at: Checkpoint = Field("end", description="When it is checked: 'end' or a date YYYY-MM-DD")
    points: float = Field(1, ge=0, description="Points when met")
    required: bool = Field(False, description="The challenge is failed without it, whatever the score")
    note: Text = ""


class ForbidDef(Strict):
    event: Ident
    option: Ident
    power: PowerName | None = Field(None, description="Only needed when several of the student's powers "
                                                  "decide this event")
    reason: Text = Field("", description="Shown to the student when they try it")


class ConstraintsDef(Strict):
    forbid: list[ForbidDef] = Field(default_factory=list, description="Options the student may not take")
    rewind: bool = Field(False, description="May the student go back to an earlier decision?")
    justification: bool = Field(False, description="Must the student write why, at each decision?")
    min_words: int = Field(0, ge=0, le=200, description="Shortest justification accepted, in words")


class HintDef(Strict):
    text: Text
    event: Ident | None = Field(None, description="Show it when this event's decision comes up")


Hint = Annotated[HintDef | Text, Field(description="A hint: text, or {text, event}")]


class WorldsDef(Strict):
    worlds: int = Field(ge=10, le=20_000, description="Worlds the student's choices are played in; "
                                                       "the score is the expected score over them")


Chance = Annotated[
    Literal["fixed"] | WorldsDef,
    Field(description="'fixed' (every student meets the same chances: set 'seed') or "
                      "{worlds: N} (the student's choices are scored over N worlds)"),
]


class ChallengeDef(Strict):
    """A Collective Security teacher challenge."""

    challenge: Literal[1] = Field(description="The format marker: always 1")
    id: Ident
    title: Text
    author: Text
    scenario: Text = Field(description="Scenario id (e.g. europe1936) or a path relative to this file")
    powers: Annotated[list[PowerName], BeforeValidator(_one_or_many)] = Field(
        description="The power(s) the student plays")
    start: StartText | None = Field(
        None, description="Where the student takes over; earlier turns follow history")
    until: StartText | None = Field(
        None, description="The last event (id, or a date) the student decides; after it their powers "
                           "are played like the others and the game runs to its end")
    others: Literal["ai", "history"] = Field(
        "ai", description="Who plays the other powers after the start: the AI or history")
    seed: int | None = Field(None, ge=0, le=2**63 - 1,
                             description="Fix the seed so every student meets the same chances")
    chance: Chance = "fixed"
    preset: Ident | None = Field(None, description="A scenario preset (a bundle of settings) to start from; "
                                                   "'settings' change single values on top")
    settings: dict[Ident, str | float] = Field(default_factory=dict,
                                              description="Scenario settings the teacher fixes")
    briefing: Text = Field("", description="Shown before play")
    debrief: Text = Field("", description="Shown on the result screen")
    questions: list[Annotated[str, StringConstraints(min_length=1, max_length=1_000)]] = Field(
        default_factory=list, max_length=20,
        description="Questions for the discussion after play: printed on the handout and shown with the debrief")
    objectives: list[ObjectiveDef] = Field(min_length=1)
    pass_mark: float = Field(ge=0, description="Points needed to pass")
    constraints: ConstraintsDef = Field(default_factory=ConstraintsDef)
    hints: list[Hint] = Field(default_factory=list)
    note: Text = ""


def json_schema() -> dict:
    schema = ChallengeDef.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Collective Security challenge"
    return schema


__all__ = ["ChallengeDef", "ConstraintsDef", "ForbidDef", "HintDef", "ObjectiveDef", "json_schema",
           "DateText"]
