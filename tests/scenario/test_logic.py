"""The range and reach analysis of conditions (game/scenario/logic.py), seen through the
warnings `validate` prints. The common cases are in test_logic_checks.py; here the cases a
mutation run found unpinned."""

from __future__ import annotations

from tests.scenario.test_logic_checks import RULE_WHEN, found


def test_a_date_under_not_is_checked_against_the_days_the_rule_can_run():
    # 'not (A or not B)' is 'not A and B': B, a date after the scenario's end, never holds
    # (mutant Reach._never_30 lost the last day under 'not' and crashed on it).
    late = 'when: "not (flag.hitler_withdrew or not date > 1937-06-01)"'
    assert found((RULE_WHEN, late)) == [
        "75:11: rule 'league_collapse' can never fire: the date in the condition comes after it could be checked"]
    assert found((RULE_WHEN, late.replace("1937-06-01", "1936-06-01"))) == []
