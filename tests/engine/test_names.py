"""Names a power is known by and 'did you mean ...?' (game/engine/names.py): what an author
or a teacher reads when a scenario, an expression or a challenge file misnames a power."""

from __future__ import annotations

from game.engine.names import name_key, power_aliases, resolve_power, suggest, suggest_power, unknown_power

POWERS = [("USSR", "Soviet Union"), ("Britain", "Great Britain"), ("Germany", "Germany")]


def test_names_compare_without_case_dots_spaces_dashes_and_a_leading_the():
    assert name_key(" The U.S.S.R. ") == "ussr"
    assert name_key("Great-Britain_") == "greatbritain"
    assert name_key("Theodor") == "theodor"  # 'the' only as a word of its own


def test_a_power_is_found_by_its_id_its_name_and_its_common_names():
    assert [resolve_power(n, POWERS) for n in ("ussr", "the Soviet Union", "Russia", "U.K.", "England",
                                               "Third Reich", "Italy")] == [
        "USSR", "USSR", "USSR", "Britain", "Britain", "Germany", None]
    aliases = power_aliases(POWERS)
    assert aliases["cccp"] == "USSR" and aliases["greatbritain"] == "Britain" and "italy" not in aliases


def test_a_common_name_two_powers_could_claim_means_neither():
    # 'Germany' names the power 'Reich', 'German Reich' the power 'Germany': the group of
    # German names has two owners, so none of its other names ('Third Reich') is added.
    assert power_aliases([("Reich", "Germany"), ("Germany", "German Reich")]) == {
        "reich": "Reich", "germany": "Reich", "germanreich": "Germany"}
    assert resolve_power("Third Reich", [("Reich", "Germany"), ("Germany", "German Reich")]) is None


def test_a_misnamed_power_is_answered_with_the_name_the_scenario_uses():
    assert suggest_power("Russia", POWERS) == " (this scenario calls Russia 'USSR')"
    assert suggest_power(" Russia ", POWERS) == " (this scenario calls Russia 'USSR')"
    assert suggest_power("Sovjet Union", POWERS) == " (did you mean 'USSR'?)"
    assert suggest_power("Grmany", POWERS) == " (did you mean 'Germany'?)"
    assert suggest_power("Fra", POWERS) == ""
    assert unknown_power("Rusia", POWERS) == (
        "unknown power 'Rusia' (did you mean 'USSR'?); powers: USSR, Britain, Germany")


def test_a_misspelt_name_is_suggested_by_spelling_then_by_case():
    assert suggest("Germani", ["Germany", "France"]) == " (did you mean 'Germany'?)"
    assert suggest("FRANCE", ["Germany", "France"]) == " (did you mean 'France'?)"
    assert suggest("xyz", ["Germany", "France"]) == ""
