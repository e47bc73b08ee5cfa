"""Issue 15 point 12 (must-be 9): cost is bounded and predictable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from game.scenario import load_scenario, yamlread
from game.scenario.cost import BUDGET, checks_per_world, cost_note
from game.scenario.diagnostics import SHOWN, Diagnostics

REPO = Path(__file__).resolve().parents[2]
SMALL = REPO / "tests" / "fixtures" / "small.yaml"
RULE = '''  - id: extra_{i}
    when: "flag.hitler_backed_down"
    effects: ["league_credibility += 0.001"]
    text: "Extra {i}."
    assumption: "test"
'''


def test_cost_per_world_counts_every_background_rule_at_every_event():
    spec = load_scenario(SMALL)
    base = checks_per_world(spec)
    assert base >= len(spec.events) * (len(spec.rules) + len(spec.endings))
    checks, text, over = cost_note(spec)
    assert checks == base and not over and f"{base:,} rule checks per world" in text


def test_validate_reports_the_cost_and_warns_above_the_budget(tmp_path):
    main = REPO / "scenarios" / "europe1936.yaml"
    spec = load_scenario(main)
    count = BUDGET // len(spec.events) + 10  # background rules enough to pass the budget
    text = main.read_text()
    marker = "\nendings:\n"
    assert marker in text and "\nrules:\n" in text
    big = tmp_path / "big.yaml"
    big.write_text(text.replace("\nrules:\n", "\nrules:\n" + "".join(RULE.format(i=i) for i in range(count)), 1))
    run = subprocess.run([sys.executable, "-m", "game", "validate", str(SMALL), str(big)], cwd=REPO,
                         capture_output=True, text=True)
    assert "small.yaml: cost: about" in run.stdout
    assert f"{big}:1:1: warning: this scenario is costly to play" in run.stdout and f"budget {BUDGET:,}" in run.stdout


def test_diagnostics_stop_after_a_sensible_number_with_and_n_more():
    diagnostics = Diagnostics("f.yaml")
    for i in range(5000):
        diagnostics.error(i + 1, 1, "bad")
    shown = diagnostics.sorted()
    assert len(shown) == SHOWN + 1 and shown[-1].message.startswith("... and 4,900 more problems")


def test_a_file_full_of_faults_gives_a_bounded_report(tmp_path):
    lines = ["scenario: 1", "id: x", "events:"] + [f"  - {{id: e{i}, date: 1936-02-30, bogus: 1}}" for i in range(20000)]
    path = tmp_path / "faults.yaml"
    path.write_text("\n".join(lines) + "\n")
    run = subprocess.run([sys.executable, "-m", "game", "validate", str(path)], cwd=REPO, capture_output=True,
                         text=True, timeout=300)
    output = (run.stdout + run.stderr).splitlines()
    assert run.returncode == 1 and len(output) <= SHOWN + 1
    assert "more problems not shown" in output[-1] or "more problems not shown" in run.stdout


def test_a_yaml_error_at_the_end_of_a_big_file_is_not_re_read_by_the_slow_parser(monkeypatch):
    data = ("a: [" + ", ".join(str(i) for i in range(60000)) + ", ]]\n").encode()
    assert len(data) > yamlread.PURE_REPARSE_LIMIT
    calls = []
    real = yamlread._events
    monkeypatch.setattr(yamlread, "_events", lambda text, fast: calls.append(fast) or real(text, fast))
    diagnostics = Diagnostics("x")
    assert yamlread.parse_yaml(data, diagnostics) is None and diagnostics.errors
    assert calls == [True]  # the pure-Python parser was not run
