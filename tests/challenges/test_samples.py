"""The sample challenges in scenarios/challenges/: each validates cleanly, has a path that
passes and one that fails, and grading a tampered result of it fails. A small sweep of
random legal attempts checks that every finished attempt verifies."""

from __future__ import annotations

import random

import pytest

from game.challenges import list_challenges, load_challenge
from game.challenges.grade import verify
from game.challenges.result import build_result, read_result
from game.challenges.run import ChallengeRun
from game.scenario import check_scenario, default_scenario_path

from .helpers import edit, play_path, write_result

if check_scenario(default_scenario_path(), lint_warnings=False)[0] is None:
    pytest.skip("the main scenario (scenarios/europe1936.yaml) does not load yet", allow_module_level=True)

# challenge file -> (choices that pass, choices that fail); unlisted decisions take the
# first allowed option.
PATHS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "france_rhineland_1936.yaml": ({"rhineland": "mobilise"}, {"rhineland": "protest"}),
    "france_sudeten_1938.yaml": ({"berchtesgaden": "stand_by_treaty", "munich": "honour"},
                                 {"berchtesgaden": "press_prague", "fo_communique": "discount", "munich": "honour"}),
    "britain_moscow_talks_1939.yaml": (
        {"guarantees": "with_moscow", "western_answer": "accept", "political_talks": "meet_terms",
         "moscow_talks": "senior"},
        {"guarantees": "guarantee", "western_answer": "temporise", "political_talks": "drag",
         "moscow_talks": "drax"}),
    "poland_transit_1938.yaml": ({"godesberg": "allow", "teschen": "refrain"},
                                 {"godesberg": "refuse", "teschen": "take"}),
    "britain_sanctions_1935.yaml": ({"sanctions_vote": "lead", "oil": "press", "hoare_laval": "refuse"},
                                    {"sanctions_vote": "token"}),
}

SAMPLES = sorted(p.name for p in list_challenges())


def test_there_are_at_least_four_sample_challenges_for_different_powers_and_years():
    challenges = [load_challenge(p) for p in list_challenges()]
    assert len(challenges) >= 4
    assert len({c.powers for c in challenges}) >= 3
    assert len({c.start_day // 365 for c in challenges}) >= 3


@pytest.mark.parametrize("name", SAMPLES)
def test_a_sample_challenge_validates_without_warnings(name):
    from game.challenges import check_challenge

    path = next(p for p in list_challenges() if p.name == name)
    challenge, diagnostics = check_challenge(path)
    assert challenge is not None and not diagnostics.items, [str(d) for d in diagnostics.items]


@pytest.mark.parametrize("name", SAMPLES)
def test_a_sample_challenge_has_a_passing_and_a_failing_path(name):
    challenge = load_challenge(next(p for p in list_challenges() if p.name == name))
    passing, failing = PATHS[name]
    good = build_result(play_path(challenge, passing), "good")  # scored as the challenge scores it
    assert good["passed"], good["objectives"]
    bad = build_result(play_path(challenge, failing), "bad")
    assert not bad["passed"], bad["objectives"]


@pytest.mark.parametrize("name", SAMPLES)
def test_grading_a_tampered_result_of_a_sample_fails(name, tmp_path):
    challenge = load_challenge(next(p for p in list_challenges() if p.name == name))
    failing = PATHS[name][1]
    path = write_result(play_path(challenge, failing), "Student", tmp_path / "r.json")
    assert verify(read_result(path)[0], challenge).verified
    edit(path, lambda d: d.update(passed=True, score=d["max_score"]))
    graded = verify(read_result(path)[0], challenge)
    assert not graded.verified and any("score differs" in p for p in graded.problems)


@pytest.mark.parametrize("name", SAMPLES)
def test_random_legal_attempts_at_a_sample_all_verify(name):
    """Twenty random attempts: each finishes, and its result re-runs to the same record."""
    challenge = load_challenge(next(p for p in list_challenges() if p.name == name))
    rng = random.Random(name)
    for attempt in range(20):
        run = ChallengeRun(challenge, seed=attempt)
        while not run.is_over():
            decision = run.decision()
            allowed = [o.id for o in decision.options if o.legal]
            run.apply(rng.choice(allowed), "a reason in several words for the teacher")
        result = build_result(run, f"student {attempt}")
        graded = verify(result, challenge)
        assert graded.verified, graded.problems


def test_the_worked_example_in_the_teachers_guide_is_the_shipped_sample():
    """docs/teachers.md shows france_sudeten_1938.yaml verbatim, so the example validates."""
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    guide = (repo / "docs/teachers.md").read_text()
    sample = (repo / "scenarios/challenges/france_sudeten_1938.yaml").read_text()
    assert "```yaml\n" + sample + "```" in guide
