"""The challenge examples in docs/teachers.md are real: each part validates inside the worked
example, and each sample error is what `validate` prints, so the guide cannot drift from the
scenario again (it once named a setting, endings and an event that europe1936 does not have).

A fenced block is an example when the line before it is a marker:
    <!-- challenge example: part ... -->
        top-level keys of a challenge; they replace the same keys of the worked example
        (scenarios/challenges/france_sudeten_1938.yaml) and the result must have no error.
    <!-- challenge example: errors of FILE with "old" -> "new", ... -->
        FILE from scenarios/challenges/ with each "old" replaced once by "new"; the block is
        exactly the errors `validate` reports for it (lines starting with '$' are commands).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.challenges.validate import check_challenge_file

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "teachers.md"
SAMPLES = REPO / "scenarios" / "challenges"
WORKED = SAMPLES / "france_sudeten_1938.yaml"
MARKED = re.compile(r"^<!-- challenge example: (?P<kind>part|errors)(?P<rest>.*?)-->\n```[a-z]*\n(?P<body>.*?)^```$",
                    re.M | re.S)
TOP_KEY = re.compile(r"^([A-Za-z_]\w*):")


def examples() -> list[tuple[str, str, str]]:
    return [(m["kind"], m["rest"].strip(), m["body"]) for m in MARKED.finditer(GUIDE.read_text())]


def with_keys_replaced(sample: str, part: str) -> str:
    """``sample`` with the top-level keys ``part`` sets taken out, then ``part`` appended."""
    keys = set(TOP_KEY.findall("\n".join(line for line in part.splitlines() if not line[:1].isspace())))
    kept, skipping = [], False
    for line in sample.splitlines(keepends=True):
        if line.strip() and not line[0].isspace():
            key = TOP_KEY.match(line)
            skipping = key is not None and key.group(1) in keys
        if not skipping:
            kept.append(line)
    return "".join(kept) + "\n" + part


def test_the_guide_marks_its_challenge_examples():
    kinds = [kind for kind, _, _ in examples()]
    assert kinds.count("part") >= 2 and kinds.count("errors") >= 2, kinds


@pytest.mark.parametrize("body", [body for kind, _, body in examples() if kind == "part"])
def test_every_challenge_example_in_the_teachers_guide_validates(tmp_path, body):
    path = tmp_path / "example.yaml"
    path.write_text(with_keys_replaced(WORKED.read_text(), body))
    diagnostics = check_challenge_file(path)
    assert not diagnostics.errors, [str(d) for d in diagnostics.sorted()]


@pytest.mark.parametrize("rest, body", [(rest, body) for kind, rest, body in examples() if kind == "errors"])
def test_every_sample_error_in_the_teachers_guide_is_what_validate_prints(tmp_path, rest, body):
    source, _, changes = rest.partition(" with ")
    text = (SAMPLES / source.removeprefix("of ").strip()).read_text()
    for old, new in re.findall(r'"([^"]*)" -> "([^"]*)"', changes):
        assert old in text, old
        text = text.replace(old, new, 1)
    shown = [line for line in body.splitlines() if line and not line.startswith("$")]
    name = shown[0].split(":")[0]
    path = tmp_path / name
    path.write_text(text)
    printed = [str(d).replace(str(path), name, 1) for d in check_challenge_file(path).sorted()]
    assert printed == shown
