"""Issue 15 point 9: dates must be YYYY-MM-DD, NaN and infinity never enter the world,
numbers in files are finite."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.engine import HISTORY, Game
from game.engine.errors import ExpressionError
from game.engine.expr import compile_expression
from game.scenario import check_scenario, load_scenario
from tests.engine.test_expr import SYMBOLS

REPO = Path(__file__).resolve().parents[2]
SMALL = REPO / "tests" / "fixtures" / "small.yaml"


@pytest.mark.parametrize("text,fix", [("date < 1936-3-7", "1936-03-07"), ("date >= 1938-9-30", "1938-09-30"),
                                      ("date == 1938-09-3", "1938-09-03")])
def test_a_date_not_written_yyyy_mm_dd_is_an_error_not_a_subtraction(text, fix):
    with pytest.raises(ExpressionError) as caught:
        compile_expression(text, SYMBOLS, "bool")
    assert "YYYY-MM-DD" in caught.value.message and fix in caught.value.message
    assert caught.value.offset == text.index("19")


def test_a_full_date_and_plain_subtraction_still_compile():
    compile_expression("date < 1936-03-07", SYMBOLS, "bool")
    compile_expression("league - 1 - 2 > 0", SYMBOLS, "bool")


def test_an_infinite_literal_is_refused():
    with pytest.raises(ExpressionError, match="finite"):
        compile_expression("league + 1e999 - 1e999 > 0", SYMBOLS, "bool")


def _scenario(tmp_path, old: str, new: str) -> Path:
    text = SMALL.read_text()
    assert old in text
    path = tmp_path / "s.yaml"
    path.write_text(text.replace(old, new, 1))
    return path


def test_validate_reports_a_loose_date_in_a_rule(tmp_path):
    path = _scenario(tmp_path, '"german_strength -= 0.4"', '"german_strength -= 0.4 * (date < 1936-3-7)"')
    spec, diagnostics = check_scenario(path)
    assert spec is None and any("YYYY-MM-DD" in d.message for d in diagnostics.errors)


def test_an_infinite_ai_weight_is_refused(tmp_path):
    path = _scenario(tmp_path, "ai: {weight: 1}", "ai: {weight: .inf}")
    spec, diagnostics = check_scenario(path)
    assert spec is None and "finite" in diagnostics.errors[0].message


def test_an_effect_that_computes_nan_leaves_the_value_and_logs_a_warning(tmp_path, caplog):
    nan = "(german_strength * 1e308 * 10) - (german_strength * 1e308 * 10)"
    path = _scenario(tmp_path, '"german_strength += 0.1"', f'"german_strength = {nan}"')
    spec = load_scenario(path)
    with caplog.at_level(logging.WARNING, logger="game.engine.game"):
        game = Game(spec, seed=0, default_controller=HISTORY, worlds=4).run()
    assert np.isfinite(game.state.globals).all() and np.isfinite(game.state.attrs).all()
    # history cedes the Sudetenland, so the rule ran and the warning was logged
    assert game.state.flags[spec.flags.index("munich")].all() if isinstance(spec.flags, list) else True
    assert any("not a finite number" in r.getMessage() for r in caplog.records)


def test_replay_json_never_prints_nan(tmp_path):
    nan = "(german_strength * 1e308 * 10) - (german_strength * 1e308 * 10)"
    path = _scenario(tmp_path, '"german_strength += 0.1"', f'"german_strength = {nan}"')
    run = subprocess.run([sys.executable, "-m", "game", "replay", str(path), "--json"], cwd=REPO,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "NaN" not in run.stdout and "RuntimeWarning" not in run.stderr
    json.loads(run.stdout, parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))
