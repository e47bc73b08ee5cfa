"""The shape of a result file, checked after parsing and before any use (pydantic, strict):
every field has its type, numbers are finite, a seed fits the engine, texts are bounded.
Whether the content is *true* is for grading, which re-runs the game."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..limits import MAX_SEED

Short = Annotated[str, Field(max_length=200)]
Long = Annotated[str, Field(max_length=20_000)]
Number = Annotated[float, Field(ge=-1e12, le=1e12)]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, allow_inf_nan=False, extra="allow")


class ChallengeRef(Strict):
    id: Short
    sha256: Short
    title: Short = ""
    file: Short = ""


class ScenarioRef(Strict):
    sha256: Short
    id: Short = ""
    file: Short = ""


class ChoiceRow(Strict):
    event: Short
    power: Short
    option: Short
    date: Short = ""
    justification: Long = ""
    historical: Short | None = None
    lifted: bool = False


class ObjectiveRow(Strict):
    id: Short
    met: bool
    text: Long = ""
    checked: Short = ""
    points: Number = 0
    required: bool = False
    share: Annotated[float, Field(ge=0, le=1)] | None = None


class EndingRow(Strict):
    id: Short
    title: Long = ""
    date: Short = ""


class StudentPick(Strict):
    option: Short
    justification: Long = ""


class TurnRow(Strict):
    turn: Annotated[int, Field(ge=0, le=1_000_000)]
    date: Short
    event: Short
    choices: dict[Short, Short]
    student: dict[Short, StudentPick] = Field(default_factory=dict)
    fired: list[Short] = Field(default_factory=list)


class Chance(Strict):
    mode: Literal["fixed", "worlds"]
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] | None = None
    worlds: Annotated[int, Field(ge=1, le=1_000_000)] | None = None


class ResultFile(Strict):
    format: Literal["collective-security-result"]
    version: Annotated[int, Field(ge=1, le=2)]
    challenge: ChallengeRef
    scenario: ScenarioRef
    student: Short
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)]
    settings: dict[Short, Short | Number]
    choices: list[ChoiceRow] = Field(max_length=10_000)
    score: Number
    passed: bool
    objectives: list[ObjectiveRow] = Field(max_length=1_000)
    turns: list[TurnRow] = Field(max_length=10_000)
    chain: list[Short] = Field(max_length=10_000)
    genesis: Short | None = None
    chance: Chance | None = None
    powers: list[Short] = Field(default_factory=list)
    saved: Short = ""
    rewinds: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    max_score: Number = 0
    pass_mark: Number = 0
    ending: EndingRow | None = None
    played_score: Number | None = None
    played_passed: bool | None = None
