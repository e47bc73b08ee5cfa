"""The authors' loop on the command line: simulate says which choices it could not take,
whatif follows a global, validate --watch re-checks on save."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.whatif.test_coverage import DEAD


def _run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, **kwargs)


def test_simulate_reports_each_choice_it_could_not_take(tmp_path: Path) -> None:
    scenario = tmp_path / "dead.yaml"
    scenario.write_text(DEAD, encoding="utf-8")
    choices = tmp_path / "choices.yaml"
    choices.write_text("powers: [France, Germany]\ncrisis: {France: impossible}\nghost: {Germany: wait}\n",
                       encoding="utf-8")
    done = _run("simulate", str(scenario), "--choices", str(choices))
    assert done.returncode == 0, done.stderr
    assert ("note: crisis: France -> impossible was not taken: not available (its condition 'flag.never' "
            "was false); the AI chose 'protest' instead") in done.stderr
    assert "note: ghost: Germany -> wait was not taken: the event did not happen in this world" in done.stderr
    data = json.loads(_run("simulate", str(scenario), "--choices", str(choices), "--json").stdout)
    assert [(m["event"], m["option"]) for m in data["not_taken"]] == [("crisis", "impossible"), ("ghost", "wait")]


def test_simulate_is_silent_when_every_choice_was_taken(tmp_path: Path) -> None:
    scenario = tmp_path / "dead.yaml"
    scenario.write_text(DEAD, encoding="utf-8")
    choices = tmp_path / "choices.yaml"
    choices.write_text("powers: [France]\ncrisis: march\n", encoding="utf-8")
    done = _run("simulate", str(scenario), "--choices", str(choices))
    assert done.returncode == 0 and "not taken" not in done.stderr


def test_whatif_attribute_accepts_a_global() -> None:
    done = _run("whatif", "--worlds", "40", "--attribute", "league_credibility", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    series = data["runs"][0]["league_credibility"]
    assert list(series) == ["league_credibility"]
    assert 0 <= min(series["league_credibility"]["mean"]) <= max(series["league_credibility"]["mean"]) <= 1
    text = _run("whatif", "--worlds", "40", "--attribute", "league_credibility").stdout
    assert "League_credibility (a global) at the end of each month" in text


def test_whatif_attribute_unknown_lists_attributes_and_globals() -> None:
    done = _run("whatif", "--worlds", "10", "--attribute", "league_credibilty")
    assert done.returncode == 2
    assert "did you mean 'league_credibility'?" in done.stderr and "globals: league_credibility" in done.stderr


def _read_until(stream, marker: str, limit: int = 200) -> str:
    seen = []
    for _ in range(limit):
        line = stream.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            break
    return "".join(seen)


def test_validate_watch_rechecks_on_save_and_ctrl_c_exits_cleanly(tmp_path: Path) -> None:
    import signal
    import time

    scenario = tmp_path / "dead.yaml"
    scenario.write_text(DEAD, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "game", "validate", "--watch", str(scenario)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        first = _read_until(proc.stdout, "watching")
        assert f"{scenario}: ok" in first
        time.sleep(0.1)
        scenario.write_text(DEAD.replace("when: \"tension < -1\"", "when: \"tension <\""), encoding="utf-8")
        second = _read_until(proc.stdout, "watching")
        assert "changed, checking again" in second and f"{scenario}:" in second and "error:" in second
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1  # the last check found an error
    assert "stopped watching" in rest and "Traceback" not in rest


def test_play_as_in_the_window_splits_the_powers(monkeypatch) -> None:
    """'play SCENARIO --as Ethiopia' opened the window with the powers 'E', 't', 'h', ..."""
    import argparse

    import game.ui.app as app_module
    from game.commands import common

    seen = {}
    monkeypatch.setattr(app_module, "run", lambda **kwargs: seen.update(kwargs) or 0)
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    args = argparse.Namespace(scenario="abyssinia1935", powers="Ethiopia, Italy", challenge=None, frames=None)
    assert common.run_window(args) == 0
    assert seen["powers"] == ["Ethiopia", "Italy"]
