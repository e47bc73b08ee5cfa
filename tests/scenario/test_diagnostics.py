"""Problems in a data file, each with its place (game/scenario/diagnostics.py): the order they
are reported in, and the one "... and N more" line that keeps a broken file from flooding a
terminal."""

from __future__ import annotations

from game.scenario.diagnostics import KEPT, SHOWN, DataFileError, Diagnostic, Diagnostics


def test_problems_are_reported_once_each_in_file_order():
    diagnostics = Diagnostics("f.yaml")
    diagnostics.warning(9, 1, "w")
    diagnostics.error(3, 5, "b")
    diagnostics.error(3, 2, "a")
    diagnostics.error(3, 5, "b")
    assert [str(d) for d in diagnostics.sorted()] == [
        "f.yaml:3:2: error: a", "f.yaml:3:5: error: b", "f.yaml:9:1: warning: w"]
    assert diagnostics.has_error and len(diagnostics.errors) == 3 and len(diagnostics.warnings) == 1


def test_past_the_limit_one_note_counts_the_rest_at_the_last_shown_place():
    diagnostics = Diagnostics("f.yaml")
    for i in range(SHOWN + 2):
        diagnostics.error(i + 1, 7, "bad")
    shown = diagnostics.sorted()
    assert len(shown) == SHOWN + 1 and shown[SHOWN - 1] == Diagnostic("f.yaml", SHOWN, 7, "error", "bad")
    assert shown[-1] == Diagnostic("f.yaml", SHOWN, 7, "note", "... and 2 more problems not shown (fix these first)")
    assert diagnostics.sorted(SHOWN + 1)[-1].message == "... and 1 more problem not shown (fix these first)"
    assert len(diagnostics.sorted(None)) == SHOWN + 2 == len(diagnostics.sorted(SHOWN + 2))  # all fit: no note


def test_a_data_file_error_holds_its_problems_and_reads_as_their_lines():
    problems = [Diagnostic("f.yaml", 1, 2, "error", "a"), Diagnostic("f.yaml", 3, 4, "error", "b")]
    error = DataFileError(problems)
    assert error.diagnostics == problems and str(error) == "f.yaml:1:2: error: a\nf.yaml:3:4: error: b"


def test_the_last_line_is_an_error_when_every_error_is_among_the_hidden_ones():
    diagnostics = Diagnostics("f.yaml")
    for i in range(3):
        diagnostics.warning(i + 1, 1, "w")
    diagnostics.error(50, 1, "the one error")
    assert diagnostics.sorted(2)[-1] == Diagnostic(
        "f.yaml", 2, 1, "error", "... and 2 more problems not shown (fix these first)")


def test_past_what_is_kept_problems_are_counted_but_a_first_error_is_still_kept():
    diagnostics = Diagnostics("f.yaml")
    for i in range(KEPT + 10):
        diagnostics.warning(i + 1, 1, "w")
    assert len(diagnostics.items) == KEPT and diagnostics.dropped == 10 and not diagnostics.has_error
    diagnostics.error(1, 1, "late error")
    diagnostics.error(2, 1, "second late error")
    assert diagnostics.has_error and len(diagnostics.errors) == 1 and diagnostics.dropped == 11
    assert diagnostics.sorted()[-1].message == f"... and {KEPT + 12 - SHOWN:,} more problems not shown (fix these first)"
