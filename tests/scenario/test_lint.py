"""Warnings about what a scenario's choices change (game/scenario/lint.py). The common cases
are in test_lint_warnings.py; here the cases a mutation run found unpinned."""

from __future__ import annotations

from tests.scenario.test_logic_checks import found

NO_EFFECTS = ('          effects: ["stance.France += 0.1", "league_credibility -= 0.1"]\n', "")
RESOLVE_EFFECTS = '        effects: ["flag.rhineland_remilitarised = true"]\n'


def option_warnings(*changes: tuple[str, str]) -> list[str]:
    return [w for w in found(*changes) if "has no effects" in w]


def test_an_option_without_effects_that_an_event_rule_names_in_by_is_not_idle():
    # An event's own 'resolve' rule may name its option short ('protest'), in full
    # ('rhineland.protest') or in a list; each makes the choice matter (mutant lint_4).
    assert option_warnings(NO_EFFECTS) == [
        "51:11: option 'protest' of France has no effects and no rule's 'by:' names it: choosing it "
        "changes nothing later in the game"]
    for by in ("protest", "rhineland.protest", "[mobilise, protest]"):
        assert option_warnings(NO_EFFECTS, (RESOLVE_EFFECTS, RESOLVE_EFFECTS + f"        by: {{France: {by}}}\n")) == []
