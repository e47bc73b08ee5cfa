"""The README quick start: exactly two commands, and CI runs the second one as written."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
CI = (REPO / ".ci" / "run").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    return re.findall(r"^    \$ (.+)$", README, re.M)


def test_quick_start_has_exactly_two_commands():
    """One command installs and starts the game; the other installs the test tools and runs the tests."""
    commands = quick_start_commands()
    assert len(commands) == 2, commands
    play, test = commands
    assert play.startswith("python -m pip install -e . ") and play.endswith("&& python -m game")
    assert "pip install -e '.[test]'" in test and test.endswith("&& python -m pytest")
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert all(f"    $ {c}" in quick_start for c in commands)


def test_ci_runs_the_second_command_verbatim():
    """.ci/run takes its test command from the README, and gets exactly the second one."""
    line = next(line for line in CI.splitlines() if line.startswith("cmd=$("))
    done = subprocess.run(["bash", "-c", f'{line}\nprintf "%s" "$cmd"'], cwd=REPO,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0
    assert done.stdout == quick_start_commands()[1]
    assert 'bash -c "$cmd"' in CI


def test_ci_fails_when_no_tests_are_collected():
    """pytest's 'no tests collected' status (5) is turned into a failure."""
    assert re.search(r'"\$status" -eq 5 \]; then\s+echo .*\s+exit 1', CI)
