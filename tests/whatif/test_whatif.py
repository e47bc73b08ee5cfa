"""What-if statistics (issue 6): parity with the one-world path, reproducibility, the report."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from game.cli import main
from game.engine import Game
from game.engine.chance import world_keys
from game.whatif import Plan, history_before, run, wilson
from game.whatif.runner import merge_controllers
from game.whatif.stats import month_ends, month_label

from ..conftest import FIXTURES

SMALL = str(FIXTURES / "small.yaml")


def _final_state_of_one_world_game(game: Game) -> dict[str, np.ndarray]:
    s = game.state
    return {"ending": s.ending, "ending_date": s.ending_date, "flags": s.flags,
            "territory": s.territory, "attrs": s.attrs, "globals": s.globals}


@pytest.mark.parametrize("controllers", [{}, {"France": {"crisis": "honour"}}])
def test_batch_path_equals_one_world_path_world_by_world(small_spec, controllers):
    """Parity: every world of a chunked, two-process what-if run ends exactly as the one-world
    game (the path play uses, with its log) with that world's key: same ending and date, same
    final flags, territory, stances and globals, and the log names the same ending."""
    plan = Plan(small_spec, controllers=controllers, seed=21, worlds=60, chunk=7, keep_worlds=True,
                war="flag.war")
    outcomes = run(plan, processes=2).tally.outcomes
    for i, key in enumerate(world_keys(21, 60)):
        single = Game(small_spec, controllers=controllers, keys=[key]).run()  # traced, as in play
        for name, array in _final_state_of_one_world_game(single).items():
            np.testing.assert_array_equal(array[..., 0], outcomes[name][..., i], err_msg=f"{name}, world {i}")
        logged = [e.text for e in single.log if e.kind == "ending"]
        assert logged == [f"Ending: {small_spec.endings[int(outcomes['ending'][i])].title}"]


def test_world_zero_of_a_whatif_run_is_the_one_world_game_with_the_same_seed(small_spec):
    plan = Plan(small_spec, seed=9, worlds=5, keep_worlds=True)
    batch = run(plan, processes=1).tally.outcomes
    single = Game(small_spec, seed=9).run()
    assert single.state.ending[0] == batch["ending"][0]
    np.testing.assert_array_equal(single.state.attrs[..., 0], batch["attrs"][..., 0])


def test_numbers_do_not_depend_on_chunk_size_or_process_count(small_spec):
    """Counts are exact whatever the chunking; one chunking gives bit-identical sums."""
    plan = Plan(small_spec, seed=3, worlds=500, war="flag.war", attribute="stance", chunk=100)
    a = run(plan, processes=1).tally
    b = run(plan, processes=2).tally
    c = run(replace(plan, chunk=37), processes=2).tally
    for other in (b, c):
        np.testing.assert_array_equal(a.endings, other.endings)
        np.testing.assert_array_equal(a.war, other.war)
        np.testing.assert_array_equal(a.ending_month, other.ending_month)
        np.testing.assert_allclose(a.attr_sum, other.attr_sum, rtol=1e-12)
    np.testing.assert_array_equal(a.attr_sum, b.attr_sum)


def test_same_command_and_seed_print_identical_numbers(capsys):
    """Reproducible: the whatif command run twice with the same seed prints the same JSON."""
    outputs = []
    for _ in range(2):
        assert main(["whatif", SMALL, "--worlds", "300", "--seed", "4", "--json", "--vary", "resolve"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert main(["whatif", SMALL, "--worlds", "300", "--seed", "5", "--json"]) == 0
    assert capsys.readouterr().out != outputs[0]


def test_war_by_month_starts_with_the_sudeten_crisis_and_matches_the_war_flag(small_spec):
    """In the small scenario war can only break out at the crisis of 15 September 1938."""
    result = run(Plan(small_spec, seed=1, worlds=400, war="flag.war", keep_worlds=True), processes=1)
    share = result.war_share()
    months = [month_label(int(d)) for d in result.months]
    september = months.index("1938-09")
    assert np.all(share[:september] == 0)
    assert 0 < share[september] == share[-1]
    war = result.tally.outcomes["flags"][small_spec.flag_index("war")]
    assert result.tally.war[-1] == war.sum()


def test_ending_shares_add_up_and_intervals_contain_them(small_spec):
    result = run(Plan(small_spec, seed=2, worlds=300), processes=1)
    rows = result.endings()
    assert sum(r.count for r in rows) == 300
    assert all(r.low <= r.share <= r.high for r in rows)
    assert result.tally.ending_month[:, -1].sum() == 300


def test_from_event_follows_history_before_it(small_spec):
    """--from aftermath: the Sudeten crisis goes as in history (France presses Prague, no war)."""
    assert history_before(small_spec, "aftermath") == {
        "Germany": {}, "France": {"crisis": "press_prague"}, "USSR": {"crisis": "aid_if_france"},
        "Czechoslovakia": {}}
    controllers = merge_controllers(history_before(small_spec, "aftermath"))
    result = run(Plan(small_spec, controllers=controllers, worlds=200), processes=1)
    assert [r.id for r in result.endings() if r.count] == ["peace"]


def test_choices_file_fixes_a_powers_option_in_every_world(tmp_path, capsys):
    """--as France --choices: France honours the treaty everywhere, so every world goes to war."""
    choices = tmp_path / "france.yaml"
    choices.write_text("crisis: honour\n")
    assert main(["whatif", SMALL, "--as", "France", "--choices", str(choices), "--worlds", "200",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["runs"][0]["war_by_month"][-1] == 1.0


def test_vary_number_setting_tries_points_across_its_range(capsys):
    assert main(["whatif", SMALL, "--worlds", "50", "--json", "--vary", "red_army"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["label"] for r in data["runs"]] == [
        "red_army=0", "red_army=0.25", "red_army=0.5", "red_army=0.75", "red_army=1"]


def test_text_report_shows_endings_war_and_stance_side_by_side(capsys):
    assert main(["whatif", SMALL, "--worlds", "100", "--vary", "resolve=firm,bluff"]) == 0
    out = capsys.readouterr().out
    assert "resolve=firm" in out and "resolve=bluff" in out
    assert "Peace for our time" in out and "General war by the end of each month" in out
    assert "1938-09" in out and "not historical probabilities" in out


@pytest.mark.parametrize("argv, message", [
    (["--vary", "red_amry"], "did you mean 'red_army'"),
    (["--war", "flag.wr"], "did you mean 'war'"),
    (["--as", "France"], "--as needs --choices"),
    (["--from", "crisiss"], "did you mean 'crisis'"),
    (["--worlds", "0"], "at least 1"),
])
def test_usage_errors_exit_2_with_a_reason(capsys, argv, message):
    assert main(["whatif", SMALL, *argv]) == 2
    assert message in capsys.readouterr().err


def test_wilson_interval_matches_known_values():
    """0 of 10 -> (0, 0.2775); 50 of 100 -> (0.4038, 0.5962) (Wilson 1927, z = 1.96)."""
    assert wilson(0, 10) == (0.0, pytest.approx(0.2775, abs=1e-4))
    low, high = wilson(50, 100)
    assert low == pytest.approx(0.4038, abs=1e-4) and high == pytest.approx(0.5962, abs=1e-4)


def test_month_ends_cover_the_scenario_and_stop_at_its_end():
    from game.engine.dates import iso, parse_iso

    ends = month_ends(parse_iso("1936-03-07"), parse_iso("1939-09-03"))
    assert len(ends) == 43
    assert iso(ends[0]) == "1936-03-31" and iso(ends[11]) == "1937-02-28" and iso(ends[-1]) == "1939-09-03"


# ------------------------------------------------------------------ window: per option
def test_option_plans_cover_the_legal_options_of_the_open_decision(small_spec):
    """aid_alone is not legal for the USSR at the start, so it gets no column."""
    from game.whatif.branch import option_plans

    game = Game(small_spec, humans=["USSR"], seed=3).run()
    assert [p.option for p in option_plans(game, worlds=10)] == ["aid_if_france"]
    game = Game(small_spec, humans=["France"], seed=3).run()
    plans = option_plans(game, worlds=10)
    assert [p.option for p in plans] == ["honour", "press_prague"]
    assert plans[0].plan.controllers["France"] == {"crisis": "honour"}


def test_world_zero_of_an_option_plan_continues_the_players_own_world(small_spec):
    """From the current state: world 0 replays the player's game (same seed, same choices)
    and then takes the candidate option, exactly as if the player had chosen it."""
    from game.whatif.branch import option_plans

    for seed in range(6):
        game = Game(small_spec, humans=["France", "USSR"], seed=seed).run()
        game.apply("honour")  # France has chosen; the USSR's decision is open
        for option in option_plans(game, worlds=20):
            plan = replace(option.plan, keep_worlds=True)
            world0 = int(run(plan, processes=1).tally.outcomes["ending"][0])
            played = Game(small_spec, humans=["France", "USSR"], seed=seed).run()
            played.apply("honour")
            played.apply(option.option)
            assert small_spec.endings[world0].id == played.ending().id


def test_background_runs_report_progress_and_results(small_spec):
    from game.whatif.branch import BackgroundRuns

    plans = [Plan(small_spec, worlds=600, chunk=100, war="flag.war"),
             Plan(small_spec, worlds=300, chunk=100, seed=1)]
    runs = BackgroundRuns(plans).start()
    runs.join(30)
    assert runs.done and not runs.cancelled and runs.error is None
    assert runs.progress == 1.0
    assert [r.worlds for r in runs.results] == [600, 300]


def test_background_runs_can_be_cancelled_between_chunks(small_spec):
    from game.whatif.branch import BackgroundRuns

    runs = BackgroundRuns([Plan(small_spec, worlds=200_000, chunk=50)])
    runs.cancel()  # cancelled before the first chunk finishes
    runs.start().join(30)
    assert runs.done and runs.cancelled and runs.results == [None]
    assert runs.progress < 0.01


def test_plot_writes_a_png_chart(tmp_path, capsys):
    """--plot draws with pygame (headless) and the text output stays clean."""
    pytest.importorskip("pygame")
    out = tmp_path / "chart.png"
    assert main(["whatif", SMALL, "--worlds", "100", "--vary", "resolve", "--plot", str(out), "--json"]) == 0
    json.loads(capsys.readouterr().out)  # no banner or other noise on stdout
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------ probes and presets
FEATURES = str(FIXTURES / "features.yaml")


def test_probe_by_name_needs_no_other_flag(capsys, monkeypatch):
    from game.scenario import registry

    monkeypatch.setattr(registry, "SCENARIO_DIR", FIXTURES)
    assert main(["whatif", FEATURES, "--worlds", "50", "--choices", "france_honours", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "France plays the choices in france_honours.yaml" in data["players"]


def test_unknown_probe_name_lists_the_probes(capsys, monkeypatch):
    from game.scenario import registry

    monkeypatch.setattr(registry, "SCENARIO_DIR", FIXTURES)
    assert main(["whatif", FEATURES, "--worlds", "50", "--choices", "france_honour"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'france_honours'" in err and "probes: france_honours" in err


def test_whatif_preset_changes_the_settings_of_the_run(capsys):
    assert main(["whatif", FEATURES, "--worlds", "50", "--preset", "sceptic", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["runs"][0]["settings"] == {"resolve": "bluff", "red_army": 0.2}
