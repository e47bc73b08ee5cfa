"""``python -m game grade RESULTS... --challenge FILE [--csv OUT] [--plot OUT.png] [--cards DIR] [--roster FILE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..challenges.grade import Graded, grade_files, table, write_csv
from ..challenges.gradebook import expand_results, not_submitted, read_roster
from ..challenges.load import Challenge, load_challenge
from ..fileio import Unreadable, describe_os_error
from ..outputs import check_output_path
from ..text import shown


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "grade", help="re-run students' result files, verify them and print a grade table",
        description="Re-simulates every result from its seed and choices and compares it with the "
                    "file. Each result gets one verdict: verified, tampered (which field), copied "
                    "(from whom), other version (of the challenge or scenario) or unreadable (why). "
                    "Everything is printed to standard output. Exit status: 0 all verified, 1 any "
                    "result was not (copies fail unless --allow-copies), or an output could not be written.")
    p.add_argument("results", nargs="+", metavar="RESULTS",
                   help="result files (.json), folders of them, or patterns such as 'results/*.json'; "
                        "other files (report cards, CSVs) are skipped with a note")
    p.add_argument("--challenge", required=True, action="append", metavar="FILE",
                   help="the challenge file they played; give it again for each older version you kept "
                        "(results made with one are graded against it)")
    p.add_argument("--csv", metavar="OUT", help="also write the class as CSV (names, verdicts, scores, "
                                                "objectives, every choice and justification)")
    p.add_argument("--plot", metavar="OUT.png", help="also draw every student's score and the endings")
    p.add_argument("--anonymous", action="store_true", help="the chart shows 'student 1, 2 ...' instead of names")
    p.add_argument("--cards", metavar="DIR",
                   help="write each student's report card (PNG) and one printable PDF of them all to DIR")
    p.add_argument("--roster", metavar="FILE",
                   help="the class list (one name per line, or a CSV whose first column is the name): "
                        "lists who has not handed in a result")
    p.add_argument("--details", action="store_true", help="list every problem found, not just the first three")
    p.add_argument("--allow-copies", action="store_true",
                   help="results with the same choices and justifications as another's are noted, not failed")
    p.set_defaults(handler=run_grade)


def run_grade(args: argparse.Namespace) -> int:
    for option, value in (("--csv", args.csv), ("--plot", args.plot)):
        if value:
            check_output_path(value, option)  # before grading: a bad path is a usage error at once
    versions = [load_challenge(path) for path in args.challenge]  # DataFileError -> printed, exit 1
    challenge, kept = versions[0], versions[1:]
    roster = _roster(args.roster)
    paths, skipped = expand_results(args.results)
    rows = grade_files(paths, challenge, allow_copies=args.allow_copies, kept=kept)
    print(f"{challenge.title} ({challenge.id}), pass mark {challenge.pass_mark:g} of {challenge.max_score:g}")
    for note in skipped:
        print(f"note: {note}")
    print()
    print(table(rows, challenge) if rows else "no result files to grade")
    problems = [r for r in rows if not r.accepted]
    _details(rows, problems, args.details)
    missing = not_submitted(roster, [r.student for r in rows if not r.unreadable]) if roster is not None else []
    if roster is not None:
        print()
        print(f"not handed in ({len(missing)} of {len(roster)} on the roster): {', '.join(missing)}" if missing
              else f"everyone on the roster ({len(roster)}) handed in a result")
    failed_output = _outputs(args, rows, challenge, missing)
    accepted = sum(1 for r in rows if r.accepted)
    copies = sum(1 for r in rows if r.verdict == "copied")
    passes = sum(1 for r in rows if r.accepted and r.passed)
    extra = f"; {copies} copied (use --allow-copies to accept copies)" if copies else ""
    print(f"\n{accepted} of {len(rows)} result(s) verified, {passes} verified pass(es){extra}")
    return 1 if problems or failed_output or not rows else 0


def _roster(path: str | None) -> list[str] | None:
    if path is None:
        return None
    try:
        return read_roster(path)
    except Unreadable as exc:
        print(f"{shown(path, 200)}:1:1: error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None


def _details(rows: list[Graded], problems: list[Graded], everything: bool) -> None:
    """Below the table, on standard output: what each verdict rests on, file by file."""
    lines = []
    for r in problems:
        name = shown(r.file, 200)
        if r.unreadable:
            lines += [f"{shown(d, 400)} (skipped)" for d in r.unreadable]
            continue
        listed = r.problems if everything else r.problems[:3]
        lines += [f"{name}: {r.verdict}: {shown(p, 400)}" for p in listed]
        if len(r.problems) > len(listed):
            lines.append(f"{name}: ... and {len(r.problems) - len(listed)} more (use --details)")
    for r in rows:
        lines += [f"{shown(r.file, 200)}: note: {shown(note, 400)}" for note in r.notes]
    if lines:
        print()
        print("\n".join(lines))


def _outputs(args: argparse.Namespace, rows: list[Graded], challenge: Challenge, missing: list[str]) -> bool:
    """Write the CSV, chart and report cards asked for; True when one could not be written."""
    failed = False
    if args.csv:
        try:
            write_csv(rows, challenge, args.csv, missing)
            print(f"\nwrote {args.csv}")
        except OSError as exc:
            print(f"error: cannot write {args.csv}: {describe_os_error(exc)}", file=sys.stderr)
            failed = True
    if args.plot or args.cards:
        try:
            from ..ui import report_card
        except ImportError as exc:
            print(f"error: cannot draw the chart or report cards ({exc})", file=sys.stderr)
            return True
    if args.plot:
        try:
            report_card.render_class_chart(rows, challenge, args.plot, anonymous=args.anonymous)
            print(f"wrote {args.plot}")
        except OSError as exc:
            print(f"error: cannot write {args.plot}: {describe_os_error(exc)}", file=sys.stderr)
            failed = True
    if args.cards:
        try:
            folder = Path(args.cards)
            folder.mkdir(parents=True, exist_ok=True)
            cards, class_file = report_card.render_cards(rows, challenge, folder)
            print(f"wrote {len(cards)} report card(s) and {class_file} (all of them, to print)")
        except OSError as exc:
            print(f"error: cannot write the report cards to {args.cards}: {describe_os_error(exc)}", file=sys.stderr)
            failed = True
    return failed
