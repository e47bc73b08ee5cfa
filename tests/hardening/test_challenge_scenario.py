"""Issue 15 point 10 (must-be 10): a challenge's scenario is looked up only by id or by a
path under the challenge's folder or the scenario folders; nothing outside is read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.challenges.load import check_challenge

FIXTURES = Path(__file__).resolve().parents[1] / "challenges" / "fixtures"


def challenge_with(tmp_path: Path, scenario: str) -> tuple[Path, list[str]]:
    folder = tmp_path / "class"
    folder.mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "small.yaml", folder / "small.yaml")
    text = (FIXTURES / "small_challenge.yaml").read_text().replace("scenario: small.yaml", f"scenario: {scenario}")
    path = folder / "c.yaml"
    path.write_text(text)
    _, diagnostics = check_challenge(path)
    return path, [str(d) for d in diagnostics.errors]


@pytest.mark.parametrize("scenario", ["../../etc/passwd", "/etc/passwd", "/proc/self/status",
                                      "../outside.yaml", "'/tmp/x.yaml'"])
def test_a_scenario_outside_the_allowed_folders_is_refused_without_reading_it(tmp_path, scenario):
    (tmp_path / "outside.yaml").write_text("root:x:0:0:secret\n")
    path, errors = challenge_with(tmp_path, scenario)
    assert errors and ("outside the challenge's folder" in errors[0] or "not a scenario file" in errors[0])
    assert "root:x" not in "".join(errors) and "secret" not in "".join(errors)


def test_an_empty_scenario_is_an_error_not_the_default(tmp_path):
    _, errors = challenge_with(tmp_path, '""')
    assert errors and "'scenario' is empty" in errors[0]


def test_a_scenario_beside_or_below_the_challenge_or_by_id_is_found(tmp_path):
    assert challenge_with(tmp_path, "small.yaml")[1] == []
    sub = tmp_path / "class" / "scenarios"
    sub.mkdir(parents=True)
    shutil.copy(FIXTURES / "small.yaml", sub / "small.yaml")
    assert challenge_with(tmp_path, "scenarios/small.yaml")[1] == []
    assert challenge_with(tmp_path, "small")[1] == []


def test_a_symlink_that_leads_outside_is_refused(tmp_path):
    (tmp_path / "elsewhere.yaml").write_text((FIXTURES / "small.yaml").read_text())
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "link.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    _, errors = challenge_with(tmp_path, "link.yaml")
    assert errors and "outside the challenge's folder" in errors[0]
