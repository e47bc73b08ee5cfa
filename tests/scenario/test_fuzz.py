"""Fuzz the loader: random bytes, YAML-ish text and mutated valid scenarios.

Whatever the input, check_scenario_text returns diagnostics (it never raises) and
load_scenario raises nothing but DataFileError; a scenario that does validate must run
to an ending.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import HISTORY, Game
from game.scenario import DataFileError, load_scenario
from game.scenario.build import check_scenario_text
from game.scenario.diagnostics import Diagnostics

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MINI_LINES = (FIXTURES / "mini.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

YAML_BITS = [
    "- ", ": ", "{", "}", "[", "]", ",", "&a ", "*a", "!!str ", "!tag ", "? ", "|", ">", "'", '"',
    "#", "\n", "  ", "\t", "---\n", "...\n", "~", "null", "true", "1.5", "-3", ".inf", "0x1F",
    "format: 1\n", "id: x\n", "events:\n", "powers:\n", "when: ", "flag.", "stance.France",
    "__import__", "lambda", "**", "1936-03-07", "%YAML 1.2\n", "<<: ", "\\", "\x00", "é", "\ufeff",
]


def check_bytes(data: bytes) -> None:
    """The property: positioned diagnostics or a spec; a spec runs to an ending."""
    diagnostics = Diagnostics("fuzz.yaml")
    spec, diagnostics = check_scenario_text(data, diagnostics)
    for d in diagnostics.items:
        assert d.line >= 1 and d.col >= 1 and d.severity in ("error", "warning") and d.message
    if spec is None:
        assert diagnostics.errors, "refused without saying why"
        return
    assert not diagnostics.errors
    game = Game(spec, default_controller=HISTORY).run()
    assert game.is_over() and game.ending() is not None


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_give_diagnostics_not_exceptions(data):
    """Arbitrary bytes never raise out of the loader."""
    check_bytes(data)


@FUZZ
@given(st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=8), max_size=60))
def test_yaml_ish_text_gives_diagnostics_not_exceptions(parts):
    """Text made of YAML punctuation, keywords and scalars never raises out of the loader."""
    check_bytes("".join(parts).encode("utf-8", errors="surrogatepass"))


MUTATION = st.tuples(
    st.sampled_from(["delete", "duplicate", "swap", "insert", "replace_char", "indent", "dedent"]),
    st.integers(0, len(MINI_LINES) - 1),
    st.integers(0, len(MINI_LINES) - 1),
    st.sampled_from(YAML_BITS) | st.text(max_size=6),
)


def mutate(lines: list[str], mutation: tuple) -> list[str]:
    kind, i, j, bit = mutation
    lines = list(lines)
    i, j = i % len(lines), j % len(lines)
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "insert":
        lines.insert(i, bit + "\n")
    elif kind == "replace_char" and lines[i].strip():
        k = j % max(len(lines[i]) - 1, 1)
        lines[i] = lines[i][:k] + bit + lines[i][k + 1:]
    elif kind == "indent":
        lines[i] = "  " + lines[i]
    elif kind == "dedent":
        lines[i] = lines[i][2:] if lines[i].startswith("  ") else lines[i]
    return lines or ["\n"]


@FUZZ
@given(st.lists(MUTATION, min_size=1, max_size=4))
def test_mutated_scenario_gives_diagnostics_or_a_playable_game(mutations):
    """A valid scenario with lines deleted, swapped, re-indented or corrupted never raises;
    if it still validates, the historical replay reaches an ending."""
    lines = MINI_LINES
    for mutation in mutations:
        lines = mutate(lines, mutation)
    check_bytes("".join(lines).encode("utf-8", errors="surrogatepass"))


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=300))
def test_load_scenario_raises_only_data_file_error(tmp_path_factory, data):
    """Through a real file, the game's loader raises DataFileError and nothing else."""
    path = tmp_path_factory.mktemp("fuzz") / "f.yaml"
    path.write_bytes(data)
    try:
        load_scenario(path)
    except DataFileError as exc:
        assert exc.diagnostics
