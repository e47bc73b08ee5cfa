"""The command line: replay, simulate, play --text, validate, schema, list, help, packaging.

Uses the small fixtures so the tests do not depend on the historical scenario's content.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from game import cli
from game.scenario import check_scenario, list_scenarios

REPO = Path(__file__).resolve().parents[1]
SMALL = REPO / "tests" / "fixtures" / "small.yaml"
MINI = REPO / "tests" / "fixtures" / "mini.yaml"
FEATURES = REPO / "tests" / "fixtures" / "features.yaml"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def run(*argv: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m game ARGV`` as a user would; never a traceback."""
    done = subprocess.run([sys.executable, "-m", "game", *argv], input=stdin, capture_output=True,
                          text=True, cwd=REPO, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def main(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the CLI in this process (faster); return (status, stdout, stderr)."""
    try:
        status = cli.main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


# ------------------------------------------------------------------ help and packaging
def test_help_lists_the_commands():
    """`python -m game --help` works and names every headless command."""
    done = run("--help")
    assert done.returncode == 0
    for command in ("play", "replay", "simulate", "validate", "schema", "list"):
        assert command in done.stdout


def test_console_script_is_declared():
    """pyproject declares `collective-security = game.cli:main`, and that function exists."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["collective-security"] == "game.cli:main"
    assert callable(cli.main)
    assert project["requires-python"] == ">=3.11"
    assert {"pytest", "hypothesis"} <= {re.split(r"[<>=;\[ ]", d)[0] for d in project["optional-dependencies"]["test"]}


def test_console_script_runs_when_installed():
    """If the package is installed, the `collective-security` script answers --help."""
    script = shutil.which("collective-security")
    if script is None:
        pytest.skip("package not installed in this environment")
    done = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "replay" in done.stdout


# ------------------------------------------------------------------------------ replay
def test_replay_text_is_a_dated_chronicle_with_plain_reasons(capsys):
    """The chronicle has a dated heading per turn, each choice with its reason in words, and the ending."""
    status, out, _ = main(capsys, "replay", str(SMALL))
    assert status == 0
    assert out.startswith("Small test scenario\n")
    assert "== 15 September 1938: Sudeten crisis (turn 1)" in out
    assert "* France: Press Prague to cede" in out
    assert "why: What France did in history." in out
    assert "[1938-10-01] German troops occupy the Sudetenland." in out  # a rule's own date
    assert re.search(r"^ENDING \(\d+ \w+ 1938\): Peace for our time$", out, re.M)
    assert "source:" not in out and "because" not in out  # one step away: --details


def test_replay_details_add_the_rule_expression_and_source(capsys):
    status, out, _ = main(capsys, "replay", str(SMALL), "--details")
    assert status == 0
    assert "why: What France did in history." in out
    assert "rule: crisis.France.press_prague" in out
    assert "source: R.A.C. Parker, Chamberlain and Appeasement (1993)" in out
    assert "details: because not flag.war" in out  # the condition behind a consequence


EXPRESSION_SYNTAX = re.compile(r"(setting|flag|territory|trust)\.\w|\b[a-z_]+\.[A-Z]\w*|[\w')][ \t]*(==|!=|>=|<=)[ \t]*[\w'(]")


@pytest.mark.parametrize("preset", ["sceptic", "middle", "believer"])
def test_default_replay_shows_no_expression_syntax(capsys, preset):
    status, out, _ = main(capsys, "replay", str(FEATURES), "--preset", preset)
    assert status == 0
    assert "why: Under your setting" in out or "why: What" in out
    assert not EXPRESSION_SYNTAX.search(out), EXPRESSION_SYNTAX.search(out)


def test_default_replay_of_the_main_scenario_shows_no_expression_syntax(capsys):
    status, out, _ = main(capsys, "replay")
    assert status == 0
    assert not EXPRESSION_SYNTAX.search(out), EXPRESSION_SYNTAX.search(out)


def test_replay_details_do_show_the_expressions(capsys):
    status, out, _ = main(capsys, "replay", "--details")
    assert EXPRESSION_SYNTAX.search(out)  # the check above can fail


def test_default_text_play_shows_no_expression_syntax_and_details_do():
    answers = "1\n" * 40  # the first option at every decision (France honours the treaty: war)
    plain = run("play", "--text", str(FEATURES), "--as", "France,USSR", stdin=answers).stdout
    assert "why: Your choice." in plain
    assert not EXPRESSION_SYNTAX.search(plain), EXPRESSION_SYNTAX.search(plain)
    detailed = run("play", "--text", str(FEATURES), "--as", "France,USSR", "--details", stdin=answers).stdout
    assert EXPRESSION_SYNTAX.search(detailed)


def test_replay_json_has_the_documented_shape(capsys):
    """`replay --json` matches the shape documented in the issue and README."""
    status, out, _ = main(capsys, "replay", str(SMALL), "--json")
    assert status == 0
    data = json.loads(out)
    assert data["scenario"] == "small" and isinstance(data["seed"], int)
    assert data["settings"] == {"resolve": "firm", "red_army": 0.5}
    assert isinstance(data["players"], list)
    assert data["turns"], "no turns"
    for turn in data["turns"]:
        assert isinstance(turn["turn"], int) and DATE.match(turn["date"])
        assert isinstance(turn["event"], str) and isinstance(turn["title"], str)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in turn["choices"].items())
        for entry in turn["log"]:
            assert DATE.match(entry["date"]) and isinstance(entry["text"], str)
            assert entry["rule"] is None or isinstance(entry["rule"], str)
            assert all(isinstance(s, str) for s in entry["sources"])
    first = data["turns"][0]
    assert first["event"] == "crisis" and first["choices"] == {"France": "press_prague", "USSR": "aid_if_france"}
    ending = data["ending"]
    assert ending["id"] == "peace" and ending["title"] == "Peace for our time" and DATE.match(ending["date"])
    final = data["final"]
    assert set(final["stance"]) == {"Germany", "France", "USSR", "Czechoslovakia"}
    assert all(isinstance(v, (int, float)) for v in final["stance"].values())
    assert "munich" in final["flags"] and final["territory"] == {"sudetenland": "Germany"}


def test_replay_json_is_byte_identical_across_runs():
    """Same scenario, settings and seed: the same bytes, in a fresh process each time."""
    first = run("replay", str(SMALL), "--json", "--seed", "7")
    second = run("replay", str(SMALL), "--json", "--seed", "7")
    assert first.returncode == 0 and first.stdout == second.stdout


def test_set_chooses_an_assumption(capsys):
    """--set KEY=VALUE changes the settings used and reported."""
    status, out, _ = main(capsys, "replay", str(SMALL), "--json", "--set", "resolve=bluff", "--set", "red_army=0.9")
    assert status == 0
    assert json.loads(out)["settings"] == {"resolve": "bluff", "red_army": 0.9}


@pytest.mark.parametrize("pair, fragment", [
    ("resolv=firm", "unknown setting 'resolv' (did you mean 'resolve'?)"),
    ("resolve=frim", "setting 'resolve' has no value 'frim' (did you mean 'firm'?)"),
    ("red_army=lots", "could not convert"),
    ("red_army=7", "must be between"),
    ("resolve", "--set takes KEY=VALUE"),
])
def test_bad_set_is_a_usage_error_with_did_you_mean(capsys, pair, fragment):
    """A wrong --set key or value: exit 2, with a suggestion where one fits."""
    status, out, err = main(capsys, "replay", str(SMALL), "--set", pair)
    assert status == 2 and out == ""
    assert fragment in err


# ---------------------------------------------------------------------------- simulate
def test_simulate_with_a_choices_file(tmp_path, capsys):
    """The given power takes the file's choices; the others follow their AI; --json shape holds."""
    choices = tmp_path / "choices.yaml"
    choices.write_text("crisis: honour  # France stands by Prague\n")
    status, out, err = main(capsys, "simulate", str(SMALL), "--as", "France", "--choices", str(choices),
                            "--json", "--seed", "3")
    assert status == 0, err
    data = json.loads(out)
    assert data["players"] == ["France"]
    assert data["turns"][0]["choices"]["France"] == "honour"
    assert "france_fights" in data["final"]["flags"]
    status, text, _ = main(capsys, "simulate", str(SMALL), "--as", "France", "--choices", str(choices))
    assert status == 0 and "* France: Honour the treaty" in text and "why: Chosen in advance (a choices file)." in text


def test_simulate_with_several_powers_per_event(tmp_path, capsys):
    """{POWER: option} picks for each power you play in one event."""
    choices = tmp_path / "choices.yaml"
    choices.write_text("crisis: {France: honour, USSR: aid_alone}\n")
    status, out, err = main(capsys, "simulate", str(SMALL), "--as", "France,USSR", "--choices", str(choices), "--json")
    assert status == 0, err
    # aid_alone is not available (readiness too low): the AI's choice stands in, and says so.
    assert json.loads(out)["turns"][0]["choices"] == {"France": "honour", "USSR": "aid_if_france"}


@pytest.mark.parametrize("text, place, fragment", [
    ("crisis: honuor\n", "1:9", "France has no option 'honuor' in 'crisis' (did you mean 'honour'?)"),
    ("# mine\ncrisiss: honour\n", "2:1", "unknown event 'crisiss' (did you mean 'crisis'?)"),
    ("crisis: {Germany: fight}\n", "1:10", "'Germany' does not decide 'crisis'"),
    ("crisis: [honour\n", "1:9", "the list opened with '[' here is not closed"),
    ("- crisis\n", "1:1", "a choices file is a mapping"),
    ("crisis: &a honour\n", "1:9", "anchors"),
])
def test_broken_choices_file_gives_file_line_col(tmp_path, capsys, text, place, fragment):
    """A broken choices file: FILE:LINE:COL errors on stderr, exit 1."""
    choices = tmp_path / "choices.yaml"
    choices.write_text(text)
    status, out, err = main(capsys, "simulate", str(SMALL), "--as", "France", "--choices", str(choices))
    assert status == 1 and out == ""
    assert f"{choices}:{place}: error: " in err and fragment in err, err


def test_simulate_usage_errors(tmp_path, capsys):
    """Unknown power, or no --choices at all: exit 2."""
    choices = tmp_path / "c.yaml"
    choices.write_text("crisis: honour\n")
    status, _, err = main(capsys, "simulate", str(SMALL), "--as", "Frnace", "--choices", str(choices))
    assert status == 2 and "did you mean 'France'?" in err
    status, _, _ = main(capsys, "simulate", str(SMALL), "--as", "France")
    assert status == 2


# -------------------------------------------------------------------------- play --text
def test_play_text_driven_by_a_pipe_reaches_an_ending():
    """Pick a power and an option by number through stdin; the game shows the ending."""
    done = run("play", "--text", str(SMALL), stdin="2\n1\n")
    assert done.returncode == 0
    assert "Which power will you play?" in done.stdout
    assert "you are France" in done.stdout
    assert "ENDING, 1 November 1938: Germany victorious" in done.stdout
    assert "Sudeten crisis (France): Honour the treaty." in done.stdout


def test_play_text_bad_input_re_asks():
    """Words, zero and out-of-range numbers are answered with a hint and the question again."""
    done = run("play", "--text", str(SMALL), "--as", "France", stdin="hello\n0\n3\n\n2\n")
    assert done.returncode == 0
    assert done.stdout.count("Please type a number from 1 to 2, or s for the status.") == 4
    assert "ENDING" in done.stdout and "same as history" in done.stdout


def test_play_text_status_command():
    """'s' shows the stances without choosing."""
    done = run("play", "--text", str(SMALL), "--as", "France", stdin="s\n2\n")
    assert done.returncode == 0 and "Stance toward Germany" in done.stdout


@pytest.mark.parametrize("stdin", ["", "2\n", "2\nnonsense\n"])
def test_play_text_end_of_input_exits_cleanly(stdin):
    """EOF at any prompt ends the game politely with status 0."""
    done = run("play", "--text", str(SMALL), stdin=stdin)
    assert done.returncode == 0
    assert "Input ended; leaving the game." in done.stdout
    assert done.stderr == ""


# --------------------------------------------------------------------- scenario lookup
def test_scenario_may_be_a_path_or_an_id(tmp_path, monkeypatch, capsys):
    """SCENARIO is a path, a file stem in scenarios/, or an id declared inside a file there."""
    from game.scenario import registry

    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(SMALL, folder / "renamed.yaml")
    monkeypatch.setattr(registry, "SCENARIO_DIR", folder)
    by_path = main(capsys, "replay", str(SMALL), "--json")[1]
    by_stem = main(capsys, "replay", "renamed", "--json")[1]
    by_id = main(capsys, "replay", "small", "--json")[1]
    assert json.loads(by_path)["turns"] == json.loads(by_stem)["turns"] == json.loads(by_id)["turns"]
    status, _, err = main(capsys, "replay", "smal")
    assert status == 2 and "no scenario 'smal'" in err and "renamed" in err


@pytest.mark.parametrize("path", list_scenarios(), ids=lambda p: p.stem)
def test_shipped_scenarios_replay_by_id(path):
    """Each scenario that ships and validates replays by its id from the command line."""
    spec, _ = check_scenario(path)
    if spec is None:
        pytest.skip(f"{path.name} does not validate yet")
    done = run("replay", spec.id, "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["ending"] is not None


def test_a_broken_scenario_on_the_command_line_gives_file_line_col():
    """replay with an invalid scenario file: its errors as FILE:LINE:COL, exit 1."""
    bad = REPO / "tests" / "fixtures" / "bad" / "unknown_flag.yaml"
    done = run("replay", str(bad))
    assert done.returncode == 1
    assert f"{bad}:69:25: error: unknown flag 'hitler_withdraw'" in done.stderr


# ------------------------------------------------------------------- schema, list
def test_schema_is_valid_json_schema(capsys):
    """`schema` prints a JSON Schema (2020-12) that the fixtures satisfy."""
    status, out, _ = main(capsys, "schema")
    assert status == 0
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"format", "id", "powers", "events", "endings"} <= set(schema["properties"])
    assert {"format", "id", "events", "endings"} <= set(schema["required"])
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)
    from game.scenario.diagnostics import Diagnostics
    from game.scenario.yamlread import parse_yaml

    for fixture in (SMALL, MINI):
        tree = parse_yaml(fixture.read_bytes(), Diagnostics(str(fixture)))
        jsonschema.validate(json.loads(json.dumps(tree)), schema)


def test_list_names_the_shipped_scenarios(capsys):
    """`list` prints one line per built-in scenario: id, title, "built-in" and its path."""
    status, out, _ = main(capsys, "list")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == len(list_scenarios()) + 1  # plus where the player's own go
    for path, line in zip(list_scenarios(), lines):
        spec, _ = check_scenario(path, lint_warnings=False)
        assert line.split()[0] == spec.id and spec.title in line and f"built-in: {path}" in line


def test_list_includes_the_players_own_scenarios(capsys, user_home):
    from game.userdirs import ensure, user_scenarios_dir

    folder = ensure(user_scenarios_dir())
    shutil.copy(SMALL, folder / "mine.yaml")
    status, out, _ = main(capsys, "list")
    assert status == 0
    mine = out.splitlines()[len(list_scenarios())]
    assert mine.startswith("small ") and f"user folder: {folder / 'mine.yaml'}" in mine
    assert f"Your own scenarios go in {folder}" in out


def test_list_without_any_scenario_fails_loudly(capsys, monkeypatch, tmp_path):
    """No built-in and no user scenario (a broken install): exit 1 and say where it looked."""
    from game.scenario import registry

    monkeypatch.setattr(registry, "SCENARIO_DIR", tmp_path / "empty")
    status, out, err = main(capsys, "list")
    assert status == 1 and out == ""
    assert "no scenarios found" in err


def test_version_comes_from_the_installed_metadata():
    """`--version` prints pyproject's version, read through importlib.metadata."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    done = run("--version")
    assert done.returncode == 0 and done.stdout.split() == ["collective-security", project["version"]]


def test_frames_closes_the_window_after_n_frames():
    """`--frames N` (the CI smoke test) draws N frames under the dummy driver, then exits 0."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    done = subprocess.run([sys.executable, "-m", "game", "--frames", "5"], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "window: 5 frames drawn" in done.stdout and "last screen: Title" in done.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux (X11/Wayland)")
def test_window_without_a_display_says_so_instead_of_running_unseen():
    """On Linux with no X11/Wayland display the window command exits 2 and points to --text."""

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    out = subprocess.run([sys.executable, "-m", "game"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 2 and "play --text" in out.stderr and "Traceback" not in out.stderr


def test_choices_file_points_at_a_power_that_does_not_decide_the_event(tmp_path):
    """In {event: {POWER: option}} a wrong power is reported at its own key, not the event's."""
    bad = tmp_path / "choices.yaml"
    bad.write_text("crisis:\n  France: honour\n  Narnia: x\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "game", "simulate", str(SMALL),
                          "--as", "France", "--choices", str(bad)], capture_output=True, text=True)
    assert out.returncode == 1
    assert f"{bad}:3:3: error: 'Narnia' does not decide 'crisis'" in out.stderr


# ------------------------------------------------------------------ presets and probes
PROBE = REPO / "tests" / "fixtures" / "probes" / "france_honours.yaml"


@pytest.mark.parametrize("command", ["replay", "simulate", "play"])
def test_every_command_with_set_takes_preset(capsys, command):
    extra = {"simulate": ["--choices", str(PROBE)], "play": ["--text", "--as", "France"]}.get(command, [])
    if command == "play":
        done = run(command, str(FEATURES), *extra, "--preset", "sceptic", stdin="")
        status, out = done.returncode, done.stdout
    else:
        status, out, _ = main(capsys, command, str(FEATURES), *extra, "--preset", "sceptic", "--json")
        assert json.loads(out)["settings"] == {"resolve": "bluff", "red_army": 0.2}
    assert status == 0


def test_set_overrides_a_single_value_on_top_of_the_preset(capsys):
    status, out, _ = main(capsys, "replay", str(FEATURES), "--preset", "sceptic", "--set", "red_army=0.7", "--json")
    assert status == 0
    assert json.loads(out)["settings"] == {"resolve": "bluff", "red_army": 0.7}


def test_without_preset_the_default_preset_applies(capsys):
    status, out, _ = main(capsys, "replay", str(FEATURES), "--json")
    assert json.loads(out)["settings"] == {"resolve": "firm", "red_army": 0.6}


def test_unknown_preset_is_a_usage_error_listing_the_presets(capsys):
    status, _, err = main(capsys, "replay", str(FEATURES), "--preset", "sceptik")
    assert status == 2
    assert "did you mean 'sceptic'" in err and "sceptic, middle, believer" in err


def test_presets_command_lists_each_preset_with_its_values(capsys):
    status, out, _ = main(capsys, "presets", str(FEATURES))
    assert status == 0
    assert "middle (default): Middle" in out and "red_army = 0.2" in out and "Hochman" in out


def test_simulate_takes_the_powers_from_the_probe_file(capsys):
    status, out, _ = main(capsys, "simulate", str(FEATURES), "--choices", str(PROBE), "--json")
    assert status == 0
    data = json.loads(out)
    assert data["players"] == ["France"]
    assert data["turns"][0]["choices"]["France"] == "honour"


def test_choices_file_without_powers_or_as_names_the_missing_key(tmp_path, capsys):
    bare = tmp_path / "bare.yaml"
    bare.write_text("crisis: honour\n")
    status, _, err = main(capsys, "simulate", str(FEATURES), "--choices", str(bare))
    assert status == 1
    assert f"{bare}:1:1: error:" in err and "powers: [POWER" in err


def test_probe_naming_an_unknown_power_is_an_error_at_its_line(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("powers: [Frnace]\ncrisis: honour\n")
    status, _, err = main(capsys, "simulate", str(FEATURES), "--choices", str(bad))
    assert status == 1
    assert f"{bad}:1:10: error: unknown power 'Frnace'" in err


def test_text_play_in_an_ordered_event_shows_what_the_earlier_power_chose():
    out = run("play", "--text", str(FEATURES), "--as", "France,USSR", stdin="1\n3\n").stdout
    before, after = out.split("you are Soviet Union", 1)
    assert "Already decided: France: Honour the treaty" in after
    assert "Already decided" not in before
    assert "* France: Honour the treaty" not in before  # the turn is shown once it is complete
