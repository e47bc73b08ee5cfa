"""Playing a challenge: history before the start, dated checkpoints, constraints, rewind."""

from __future__ import annotations

import pytest

from game.challenges.run import ChallengeRun, checkpoints_of, new_game
from game.engine import IllegalChoice

from .helpers import play_path


def test_turns_before_the_start_follow_history(challenge, tmp_path):
    """With start at 'aftermath', France is not asked in the crisis: it presses Prague, as in history."""
    from dataclasses import replace

    late = replace(challenge, start_index=[e.id for e in challenge.spec.events].index("aftermath"))
    game = new_game(late, seed=0)
    crisis = game.turns[0]
    assert crisis.event == "crisis" and crisis.choices == {"France": "press_prague", "USSR": "aid_if_france"}
    assert "what happened in history" in crisis.log[0].why


def test_an_objective_at_a_date_is_judged_on_the_world_of_that_date(challenge):
    """'early' (2 Oct) is judged before the November turn; 'whole' (end) on the final world."""
    run = play_path(challenge, {"crisis": "honour"}, seed=3)
    game = run.game
    snapshots = checkpoints_of(game).snapshots
    assert set(snapshots) == {challenge.objectives[1].at}
    snapshot = snapshots[challenge.objectives[1].at]
    assert snapshot.turns[0] == 1  # the crisis had happened, the aftermath not yet
    assert [s.label for s in run.statuses()] == ["achieved", "achieved", "achieved"]


def test_live_status_is_provisional_until_the_date_or_the_end(challenge):
    """Before anything is decided, objectives read 'on track' / 'not yet'."""
    run = ChallengeRun(challenge)
    assert [s.label for s in run.statuses()] == ["on track", "on track", "not yet"]
    assert not run.score().passed


def test_a_forbidden_option_is_refused_with_the_teachers_reason(challenge):
    run = ChallengeRun(challenge)
    view = next(v for v in run.decision().options if v.id == "press_prague")
    assert not view.legal and "Paris has promised to stand firm." in view.reason
    with pytest.raises(IllegalChoice, match="Paris has promised"):
        run.apply("press_prague", "because I want peace")


def test_a_required_justification_must_be_long_enough(challenge):
    run = ChallengeRun(challenge)
    with pytest.raises(IllegalChoice, match="at least 2 words"):
        run.apply("honour", "because")
    run.apply("honour", "because Czechoslovakia is our ally")
    assert run.choices[0].justification == "because Czechoslovakia is our ally"


def test_rewind_replays_the_kept_choices(challenge):
    """Going back restarts from the recorded prefix; the attempt counts the rewind."""
    run = ChallengeRun(challenge)
    run.apply("honour", "stand firm")
    assert run.is_over()
    run.rewind(0)
    assert not run.is_over() and run.choices == [] and run.rewinds == 1
    assert run.decision().event.id == "crisis"


def test_rewind_is_refused_when_the_challenge_forbids_it(challenge):
    from dataclasses import replace

    strict = replace(challenge, rewind=False)
    run = ChallengeRun(strict)
    run.apply("honour", "stand firm")
    with pytest.raises(IllegalChoice, match="does not allow"):
        run.rewind(0)


def test_when_every_option_is_forbidden_the_constraint_is_lifted(challenge):
    from dataclasses import replace

    tight = replace(challenge, forbidden={("crisis", "France", "honour"): "no",
                                          ("crisis", "France", "press_prague"): "no"})
    run = ChallengeRun(tight)
    assert run.constraint_lifted(run.game.decision())
    assert all(v.legal for v in run.decision().options)


def test_a_failing_path_misses_the_required_objective(challenge):
    """Without the constraint, pressing Prague loses the Sudetenland: required objective failed."""
    from dataclasses import replace

    free = replace(challenge, forbidden={})
    run = play_path(free, {"crisis": "press_prague"})
    final = run.score()
    assert not final.passed and final.missing_required == ("whole",)
