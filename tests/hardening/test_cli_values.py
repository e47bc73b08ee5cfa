"""Issue 15 points 4 (outputs), 8 (FIFOs, devices, huge files) and 11 (command-line values):
every value range-checked with a message, no traceback, no hang, no half-written file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SMALL = REPO / "tests" / "fixtures" / "small.yaml"
CHALLENGE = REPO / "tests" / "challenges" / "fixtures" / "small_challenge.yaml"
LONG = "a" * 300


def game(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "SDL_VIDEODRIVER": "dummy"}, **kwargs)


@pytest.mark.parametrize("args,message", [
    (["replay", "--seed", "-1"], "a seed is a whole number from 0"),
    (["replay", "--seed", "9" * 30], "a seed is a whole number from 0"),
    (["replay", "--seed", "x"], "is not a whole number"),
    (["whatif", "--worlds", "1000000000000"], "--worlds must be at least 1 and at most"),
    (["whatif", "--worlds", "0"], "--worlds must be at least 1 and at most"),
    (["whatif", "--processes", "0"], "--processes must be at least 1"),
])
def test_out_of_range_values_are_usage_errors(args, message):
    run = game(*args)
    assert run.returncode == 2 and message in run.stderr and "Traceback" not in run.stderr


def test_worlds_that_do_not_fit_in_memory_are_refused_before_allocating(monkeypatch):

    from game.commands import whatif as whatif_cli
    from game.commands.common import UsageError
    from game.scenario import load_scenario

    spec = load_scenario(SMALL)
    monkeypatch.setattr(whatif_cli, "available_memory", lambda: 100_000_000)
    with pytest.raises(UsageError, match="needs about .* of memory; 95.4 MiB is free"):
        whatif_cli.check_memory(spec, 10_000_000, 4)
    whatif_cli.check_memory(spec, 1000, 1)


@pytest.mark.parametrize("target,message", [
    ("/nonexistent-folder/x.png", "does not exist"),
    ("/tmp", "this is a folder"),
    (f"/tmp/{LONG}.png", "the file name is 304 characters long"),
])
def test_a_plot_target_that_cannot_be_written_is_refused_before_the_run(target, message):
    run = game("whatif", str(SMALL), "--worlds", "10", "--plot", target)
    assert run.returncode == 2 and message in run.stderr and "Traceback" not in run.stderr
    run = game("grade", "x.json", "--challenge", str(CHALLENGE), "--plot", target)
    assert run.returncode == 2 and message in run.stderr


def test_the_report_is_printed_even_when_the_plot_cannot_be_written(tmp_path):
    code = (
        "import errno, sys\n"
        "import game.fileio as f\n"
        "def full(fd): raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "f.os.fsync = full\n"
        "from game.cli import main\n"
        f"sys.exit(main(['whatif', {str(SMALL)!r}, '--worlds', '20', '--processes', '1', '--plot', {str(tmp_path / 'p.png')!r}]))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         env={**os.environ, "SDL_VIDEODRIVER": "dummy"})
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "No space left on device" in run.stderr and "wrote" not in run.stderr
    assert "Endings" in run.stdout or "ending" in run.stdout.lower()
    assert not list(tmp_path.iterdir())


def test_replay_json_into_a_full_disk_is_an_error_not_a_traceback():
    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-m", "game", "replay", "--json"], cwd=REPO, stdout=full,
                             stderr=subprocess.PIPE, text=True, timeout=120)
    assert run.returncode == 1 and "No space left on device" in run.stderr
    assert "Traceback" not in run.stderr and "Exception ignored" not in run.stderr


def test_a_300_character_file_name_is_a_message():
    run = game("validate", LONG)
    assert run.returncode == 2 and "File name too long" in run.stderr and "Traceback" not in run.stderr


def test_new_challenge_on_a_full_disk_leaves_no_empty_file(tmp_path):
    code = (
        "import errno, sys\n"
        "import game.fileio as f\n"
        "def full(fd): raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "f.os.fsync = full\n"
        "from game.cli import main\n"
        f"sys.exit(main(['new-challenge', {str(tmp_path / 'mine.yaml')!r}, '--scenario', {str(SMALL)!r}]))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 1 and "No space left on device" in run.stderr and "wrote" not in run.stdout
    assert not list(tmp_path.iterdir())


# -- point 8: FIFOs, devices, huge files -------------------------------------------------
@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("args", [
    lambda f: ["replay", str(f)],
    lambda f: ["simulate", str(SMALL), "--as", "France", "--choices", str(f)],
    lambda f: ["grade", str(f), "--challenge", str(CHALLENGE)],
    lambda f: ["play", "--text", "--challenge", str(f)],
    lambda f: ["validate", str(f)],
])
def test_a_fifo_is_refused_not_waited_on(fifo, args):
    run = game(*args(fifo), timeout=60)  # a hang would time out
    assert run.returncode in (1, 2) and "Traceback" not in run.stderr
    assert "pipe" in run.stderr + run.stdout  # grade skips it as not a result file (a note on stdout)


def test_dev_zero_and_a_huge_sparse_file_are_refused_before_reading(tmp_path):
    sparse = tmp_path / "big.json"
    with open(sparse, "wb") as handle:
        handle.truncate(5 * 1024**3)
    run = game("grade", "/dev/zero", str(sparse), "--challenge", str(CHALLENGE), timeout=60)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "this is a device, not a file" in run.stdout and "result files are limited to" in run.stdout


def test_the_shared_reader_refuses_every_special_file(tmp_path, fifo):
    from game.fileio import Unreadable, read_limited

    for path, message in ((tmp_path, "folder"), (fifo, "pipe"), (Path("/dev/zero"), "device"),
                          (tmp_path / "missing", "no such file")):
        with pytest.raises(Unreadable, match=message):
            read_limited(path, 100)
    small = tmp_path / "f"
    small.write_bytes(b"x" * 101)
    with pytest.raises(Unreadable, match="limited to 100"):
        read_limited(small, 100)
    assert read_limited(small, 101) == b"x" * 101
