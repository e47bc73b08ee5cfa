"""No input file produces a traceback or a hang: each hostile file gives positioned errors.

Covers binary junk, empty files, a 50 MB file, deep nesting, an alias bomb, custom tags,
expressions with __import__, dunders, lambdas, comprehensions or 10,000 characters; and runs
a few through the command line to check the exit status and that no traceback is printed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.scenario import DataFileError, check_scenario, load_scenario

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REPO = Path(__file__).resolve().parents[2]
MINI = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
CONDITION = 'when: "league_credibility < 0.2"'

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")]
)


def with_condition(condition: str) -> str:
    return MINI.replace(CONDITION, f"when: {condition}")


HOSTILE = {
    "binary_junk": bytes(range(256)) * 64,
    "png_header": b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
    "nul_bytes": b"format: 1\x00\x00\n",
    "utf16": "format: 1\n".encode("utf-16"),
    "empty": b"",
    "blank_lines": b"\n\n   \n\t\n",
    "only_comments": b"# nothing here\n# at all\n",
    "a_scalar": b"hello",
    "a_list": b"- 1\n- 2\n",
    "null_document": b"~\n",
    "alias_bomb": BILLION_LAUGHS.encode(),
    "flow_nesting": b"x: " + b"[" * 100_000,
    "mapping_nesting": b"x: " + b"{a: " * 50_000,
    "block_nesting": "".join(f"{'  ' * i}a:\n" for i in range(1000)).encode(),
    "complex_key": b"? [a, b]\n: c\n",
    "huge_integer": b"format: " + b"9" * 5000 + b"\n",
    "python_tag": b"x: !!python/object/apply:os.system ['echo hacked']\n",
    "local_tag": b"x: !thing 1\n",
    "merge_key": b"base: &b {x: 1}\nother:\n  <<: *b\n",
    "tabs": b"format: 1\n\tid: x\n",
    "unclosed_quote": b'title: "never closed\n',
    "dunder_import": with_condition("\"__import__('os').system('echo hacked')\"").encode(),
    "dunder_class": with_condition('"().__class__.__bases__[0].__subclasses__()"').encode(),
    "lambda": with_condition('"(lambda: 1)() == 1"').encode(),
    "comprehension": with_condition('"[x for x in range(10**9)] == 1"').encode(),
    "generator": with_condition('"any(x for x in (1, 2))"').encode(),
    "power_bomb": with_condition('"9 ** 9 ** 9 ** 9 > 1"').encode(),
    "expression_10000": with_condition('"' + "1 + " * 2499 + '1 > 0"').encode(),
    "nested_parens": with_condition('"' + "(" * 240 + "1" + ")" * 240 + ' > 0"').encode(),
    "walrus": with_condition('"(x := 1) > 0"').encode(),
    "fstring": with_condition("\"f'{1}' == 'a'\"").encode(),
    "subscript": with_condition('"stance[0] > 0"').encode(),
    "null_in_expression": with_condition('"1 > 0\\0"').encode(),
}


def check(path: Path) -> list[str]:
    """Load ``path`` the way the game does; return the error lines (never any other exception)."""
    started = time.perf_counter()
    try:
        load_scenario(path)
    except DataFileError as exc:
        lines = [str(d) for d in exc.diagnostics if d.severity == "error"]
    else:
        lines = []
    assert time.perf_counter() - started < 20, "took too long"
    return lines


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_gives_positioned_errors(tmp_path, name):
    """Each hostile file is refused with FILE:LINE:COL errors, never a traceback or a hang."""
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(HOSTILE[name])
    errors = check(path)
    assert errors, f"{name} was accepted"
    for line in errors:
        assert line.startswith(f"{path}:") and ": error: " in line, line


def test_alias_bomb_is_refused_at_the_first_anchor(tmp_path):
    """A billion-laughs file is refused before anything expands, at its first anchor."""
    path = tmp_path / "bomb.yaml"
    path.write_text(BILLION_LAUGHS)
    assert check(path) == [f"{path}:1:4: error: YAML anchors (&name) are not allowed in data files"]


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path):
    """A 50 MB file is refused by its size at once."""
    path = tmp_path / "huge.yaml"
    with path.open("w") as handle:
        line = "note: " + "x" * 993 + "\n"
        for _ in range(50_000):
            handle.write(line)
    assert path.stat().st_size == 50_000_000
    started = time.perf_counter()
    errors = check(path)
    assert time.perf_counter() - started < 1
    assert len(errors) == 1 and "limited to 2,000,000 bytes" in errors[0]


def test_file_just_under_the_size_limit_is_read(tmp_path):
    """A 1.9 MB file is read in full (and then refused only for what it says)."""
    path = tmp_path / "big.yaml"
    path.write_text("items:\n" + "".join(f"  - item {i} with some words\n" for i in range(60_000)))
    assert 1_500_000 < path.stat().st_size < 2_000_000
    errors = check(path)
    assert any("missing required key 'format'" in e for e in errors)


def test_missing_file_and_folder_are_errors(tmp_path):
    """A path that is not a file is a DataFileError, not an OSError."""
    assert "no such file" in check(tmp_path / "absent.yaml")[0]
    assert "folder" in check(tmp_path)[0]


def test_validator_keeps_going_after_an_expression_fault(tmp_path):
    """Several faults in one file are all reported, not just the first."""
    text = (MINI.replace(CONDITION, 'when: "__import__(1)"')
            .replace("holder: Germany", "holder: Germny")
            .replace("sources: [taylor]\n    options", "sources: [tailor]\n    options"))
    path = tmp_path / "several.yaml"
    path.write_text(text)
    _, diagnostics = check_scenario(path)
    messages = " | ".join(d.message for d in diagnostics.errors)
    assert "'__import__'" in messages and "Germny" in messages and "tailor" in messages


@pytest.mark.parametrize("name, status", [
    ("binary_junk", 1), ("empty", 1), ("alias_bomb", 1), ("flow_nesting", 1),
    ("dunder_import", 1), ("expression_10000", 1),
])
def test_validate_command_on_hostile_files(tmp_path, name, status):
    """`python -m game validate` on hostile files: exit 1, errors on stderr, no traceback."""
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(HOSTILE[name])
    run = subprocess.run([sys.executable, "-m", "game", "validate", str(path)],
                         capture_output=True, text=True, cwd=REPO, timeout=60)
    assert run.returncode == status
    assert "Traceback" not in run.stderr
    assert f"{path}:" in run.stderr and ": error: " in run.stderr


def test_validate_command_on_a_fifty_megabyte_file(tmp_path):
    """The 50 MB file through the command line: exit 1 at once, no traceback."""
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB of NUL bytes
    run = subprocess.run([sys.executable, "-m", "game", "validate", str(path)],
                         capture_output=True, text=True, cwd=REPO, timeout=60)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"{path}:1:1: error: file is 50,000,000 bytes" in run.stderr


def test_validate_usage_errors_exit_2(tmp_path):
    """No files, an unknown flag, or a path that is not a file: exit 2 (usage), no traceback."""
    for argv in (["validate"], ["validate", "--bogus", str(FIXTURES / "mini.yaml")],
                 ["validate", str(tmp_path / "absent.yaml")], ["validate", str(tmp_path)]):
        run = subprocess.run([sys.executable, "-m", "game", *argv],
                             capture_output=True, text=True, cwd=REPO, timeout=60)
        assert run.returncode == 2, argv
        assert "Traceback" not in run.stderr


def test_validate_exit_0_for_valid_files_even_with_warnings(tmp_path):
    """Warnings do not fail validation; the file is reported ok with its warning count."""
    text = MINI.replace('when: "flag.hitler_withdrew"', 'when: "flag.hitler_withdrew and date < 1936-01-01"')
    path = tmp_path / "warned.yaml"
    path.write_text(text)
    run = subprocess.run([sys.executable, "-m", "game", "validate", str(path), str(FIXTURES / "mini.yaml")],
                         capture_output=True, text=True, cwd=REPO, timeout=60)
    assert run.returncode == 0, run.stderr
    assert f"{path}:84:11: warning: ending 'withdrawal' can never be reached" in run.stdout
    assert f"{path}: ok (1 warning)" in run.stdout
