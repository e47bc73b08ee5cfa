"""Packaged data: every file the game reads at run time is found through game/resources.py,
and the sdist and the wheel carry all of it."""

from __future__ import annotations

import email
import json
import os
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from game import resources

REPO = Path(__file__).resolve().parents[1]
DATA_FOLDERS = ("scenarios", "assets")


def test_built_in_scenarios_include_the_historical_one():
    names = [p.name for p in resources.scenario_files()]
    assert "europe1936.yaml" in names


def test_sample_challenges_are_found():
    challenges = resources.builtin_challenges()
    assert challenges and all(p.suffix == ".yaml" and p.is_file() for p in challenges)


def test_assets_the_game_reads_exist():
    assert json.loads(resources.asset("ui", "theme.json").read_text(encoding="utf-8"))
    assert json.loads(resources.asset("map", "europe1936.json").read_text(encoding="utf-8"))["countries"]


def test_a_missing_asset_is_a_clear_error():
    try:
        resources.asset("ui", "no-such-theme.json")
    except resources.MissingDataError as exc:
        assert "assets/ui/no-such-theme.json" in str(exc) and "reinstall" in str(exc)
    else:
        raise AssertionError("a missing asset must raise MissingDataError")


# ------------------------------------------------------------------ the built sdist and wheel
def data_files() -> list[str]:
    """Every file under the top-level data folders, as a path relative to the repository."""
    return sorted(p.relative_to(REPO).as_posix() for folder in DATA_FOLDERS
                  for p in (REPO / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(sdist, wheel built from that sdist), as `python -m build` makes them (no isolation: quick)."""
    try:  # the [test] extra installs build; by metadata, as ./build (setuptools' folder) is no module
        metadata.version("build")
    except metadata.PackageNotFoundError:
        pytest.skip("needs the 'build' package (pip install -e '.[test]')")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)],
                          cwd=out, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return next(out.glob("*.tar.gz")), next(out.glob("*.whl"))


def test_the_sdist_carries_every_data_file(built):
    sdist, _ = built
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert data_files() and set(data_files()) <= names
    assert {"LICENSE", "setup.py", "pyproject.toml", "README.md"} <= names


def test_the_wheel_carries_every_data_file_inside_the_package(built):
    _, wheel = built
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in data_files() if f"game/_data/{f}" not in names]
    assert not missing
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


def test_the_wheel_metadata_has_the_licence_version_and_pythons(built):
    _, wheel = built
    archive = zipfile.ZipFile(wheel)
    metadata = email.message_from_bytes(archive.read(next(n for n in archive.namelist()
                                                          if n.endswith(".dist-info/METADATA"))))
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert metadata["Version"] == project["version"]
    assert metadata["License-Expression"] == "MIT"
    classifiers = metadata.get_all("Classifier")
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert "pygame-ce>=2.5.3" in metadata.get_all("Requires-Dist")


def test_the_unpacked_wheel_finds_its_data_away_from_the_checkout(built, tmp_path):
    """Run from elsewhere with only the wheel's files on the path: `list` and the map and
    theme come from inside the package, not from this checkout."""
    _, wheel = built
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    env = dict(os.environ, PYTHONPATH=str(unpacked))
    done = subprocess.run([sys.executable, "-m", "game", "list"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"built-in: {unpacked / 'game' / '_data' / 'scenarios' / 'europe1936.yaml'}" in done.stdout
    probe = ("from game import resources, mapdata; from game.ui import theme; "
             "print(resources.data_root(), mapdata.DEFAULT_MAP_PATH, theme.THEME_PATH, sep='\\n')")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert all(Path(line).is_relative_to(unpacked / "game" / "_data") for line in done.stdout.split())


def test_ci_runs_the_installed_wheel_from_the_root_folder():
    """.ci/run builds the wheel, installs it in a fresh venv and runs each command from /."""
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "-m build" in ci and "cd /" in ci and "pip install -q \"$wheel\"" in ci
    for command in ("list", "replay", "validate", "whatif --worlds 2000", "--frames 30"):
        assert f"\"${{game[@]}}\" {command}" in ci, command
    assert 'for v in "${versions[@]}"' in ci and "sort -V" in ci
