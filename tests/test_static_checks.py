"""ruff and mypy, with the rule set in pyproject.toml, report nothing.

Run as tests so that every change sees new findings in its own test run before it lands,
not only in CI. Both tools come with the [test] extra.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True,
                          timeout=600, check=False)


def test_ruff_reports_nothing():
    result = run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_reports_nothing_on_the_game_package():
    result = run("mypy", "--no-error-summary")
    assert result.returncode == 0, result.stdout + result.stderr
