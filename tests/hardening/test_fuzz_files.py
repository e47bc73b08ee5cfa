"""Issue 15 point 11: random and mutated result, save and preference files fed through
``grade`` and the window's loaders (no window): each is graded or refused with a message,
never an exception, a hang or a crash."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.challenges import load_challenge
from game.challenges.grade import csv_text, grade_files, table
from game.challenges.result import build_result, dumps
from game.ui import prefs as prefs_mod
from game.ui import saves
from game.ui.session import Session
from tests.challenges.helpers import SMALL as SMALL_CHALLENGE
from tests.challenges.helpers import play_path

REPO = Path(__file__).resolve().parents[2]
SMALL = REPO / "tests" / "fixtures" / "small.yaml"
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

CHALLENGE = load_challenge(SMALL_CHALLENGE)
RESULT = json.loads(dumps(build_result(play_path(CHALLENGE, {"crisis": "honour"}, seed=3), "Ada")))
with tempfile.TemporaryDirectory() as _folder:
    SAVE = json.loads(saves.autosave(Session.start(SMALL, humans=["France"]), Path(_folder)).read_text())
PREFS = {"font_size": "large", "fullscreen": False, "width": 1280, "height": 720, "replay_seconds": 2.5,
         "last_powers": ["France"]}

JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False),
                      st.text(max_size=20), st.sampled_from(["\x1b[2J", "=1+1", "\ud800", "\n", "Infinity"]))
JSON = st.recursive(JSON_LEAF, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                    max_leaves=12)


def paths(data):
    """Every (container, key) inside ``data``."""
    found = []
    stack = [data]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            found.append((node, key))
            stack.append(value)
    return found


@st.composite
def mutated(draw, original: dict):
    """A deep copy of ``original`` with a few values replaced, deleted or duplicated."""
    data = json.loads(json.dumps(original))
    for _ in range(draw(st.integers(1, 4))):
        spots = paths(data)
        if not spots:
            break
        node, key = spots[draw(st.integers(0, len(spots) - 1))]
        action = draw(st.sampled_from(["replace", "delete", "wrap"]))
        if action == "replace":
            node[key] = draw(JSON)
        elif action == "delete" and isinstance(node, dict):
            del node[key]
        else:
            node[key] = [node[key]]
    return data


def as_bytes(draw_value) -> bytes:
    if isinstance(draw_value, bytes):
        return draw_value
    return json.dumps(draw_value, ensure_ascii=False).encode("utf-8", "surrogatepass")


FILES_FOR = {
    "result": st.one_of(mutated(RESULT), JSON, st.binary(max_size=200)),
    "save": st.one_of(mutated(SAVE), JSON, st.binary(max_size=200)),
    "prefs": st.one_of(mutated(PREFS), JSON, st.binary(max_size=200)),
}


def cut_or_whole(data: bytes, cut: int | None) -> bytes:
    return data if cut is None else data[: cut % (len(data) + 1)]


@FUZZ
@given(content=FILES_FOR["result"], cut=st.none() | st.integers(0, 10_000))
def test_grade_survives_any_result_file(tmp_path_factory, content, cut):
    folder = tmp_path_factory.mktemp("r")
    bad = folder / "bad.json"
    bad.write_bytes(cut_or_whole(as_bytes(content), cut))
    good = folder / "good.json"
    good.write_text(dumps(RESULT), encoding="utf-8")
    rows = grade_files([str(bad), str(good)], CHALLENGE)
    assert rows[1].status == "verified"
    assert rows[0].status in ("unreadable", "NOT VERIFIED", "verified", "copied")
    text = table(rows, CHALLENGE) + csv_text(rows, CHALLENGE)
    text.encode("utf-8")
    assert "\x1b" not in text and len(table(rows, CHALLENGE).splitlines()) == 4


@FUZZ
@given(content=FILES_FOR["save"], cut=st.none() | st.integers(0, 10_000))
def test_the_save_loader_survives_any_save_file(tmp_path_factory, content, cut):
    path = tmp_path_factory.mktemp("s") / "game-x.json"
    path.write_bytes(cut_or_whole(as_bytes(content), cut))
    try:
        saves.load(path)
    except saves.SaveError as exc:
        assert path.name in str(exc)
    assert isinstance(saves.summary(path), str)
    saves.prune(path.parent)
    assert path.exists()  # an unreadable save is never deleted


@FUZZ
@given(content=FILES_FOR["prefs"], cut=st.none() | st.integers(0, 10_000))
def test_the_preferences_loader_survives_any_file(tmp_path_factory, content, cut):
    path = tmp_path_factory.mktemp("p") / "prefs.json"
    path.write_bytes(cut_or_whole(as_bytes(content), cut))
    prefs = prefs_mod.load_prefs(path)
    assert prefs.font_size in prefs_mod.FONT_SCALES and isinstance(prefs.fullscreen, bool)
    assert prefs_mod.MIN_SIZE[0] <= prefs.width <= prefs_mod.MAX_SIZE[0]
    assert all(isinstance(p, str) for p in prefs.last_powers)
