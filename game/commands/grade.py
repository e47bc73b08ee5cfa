"""``python -m game grade RESULT... --challenge FILE [--csv OUT] [--plot OUT.png]``."""

from __future__ import annotations

import argparse
import sys

from ..challenges.grade import grade_files, table, write_csv
from ..challenges.load import load_challenge
from ..fileio import describe_os_error
from ..outputs import check_output_path
from ..text import shown


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "grade", help="re-run students' result files, verify them and print a grade table",
        description="Re-simulates every result from its seed and choices and compares it with the "
                    "file. Exit status: 0 all verified, 1 any result failed verification, was copied "
                    "(unless --allow-copies), could not be read, or an output could not be written.")
    p.add_argument("results", nargs="+", metavar="RESULT", help="result files (JSON) handed in")
    p.add_argument("--challenge", required=True, metavar="FILE", help="the challenge file they played")
    p.add_argument("--csv", metavar="OUT", help="also write the table as CSV")
    p.add_argument("--plot", metavar="OUT.png", help="also draw scores and endings across the class")
    p.add_argument("--details", action="store_true", help="list every problem found, not just the first")
    p.add_argument("--allow-copies", action="store_true",
                   help="results with the same choices and justifications as another's are noted, not failed")
    p.set_defaults(handler=run_grade)


def run_grade(args: argparse.Namespace) -> int:
    for option, value in (("--csv", args.csv), ("--plot", args.plot)):
        if value:
            check_output_path(value, option)  # before grading: a bad path is a usage error at once
    challenge = load_challenge(args.challenge)  # DataFileError -> printed by game.cli, exit 1
    rows = grade_files(args.results, challenge, allow_copies=args.allow_copies)
    print(f"{challenge.title} ({challenge.id}), pass mark {challenge.pass_mark:g} of {challenge.max_score:g}")
    print()
    print(table(rows, challenge))
    problems = [r for r in rows if not r.accepted]
    if problems:
        print()
    for r in problems:
        name = shown(r.file, 200)
        if r.unreadable:
            for diagnostic in r.unreadable:
                print(f"{shown(diagnostic, 400)} (skipped)", file=sys.stderr)
            continue
        shown_problems = r.problems if args.details else r.problems[:3]
        for problem in shown_problems:
            print(f"{name}: not verified: {shown(problem, 400)}", file=sys.stderr)
        if len(r.problems) > len(shown_problems):
            print(f"{name}: ... and {len(r.problems) - len(shown_problems)} more (use --details)", file=sys.stderr)
    for r in rows:
        for note in r.notes:
            print(f"{shown(r.file, 200)}: note: {shown(note, 400)}")
    failed_output = False
    if args.csv:
        try:
            write_csv(rows, challenge, args.csv)
            print(f"\nwrote {args.csv}")
        except OSError as exc:
            print(f"error: cannot write {args.csv}: {describe_os_error(exc)}", file=sys.stderr)
            failed_output = True
    if args.plot:
        try:
            from ..ui.report_card import render_class_chart
        except ImportError as exc:
            print(f"error: cannot draw the chart ({exc})", file=sys.stderr)
            return 1
        try:
            render_class_chart(rows, challenge, args.plot)
            print(f"wrote {args.plot}")
        except OSError as exc:
            print(f"error: cannot write {args.plot}: {describe_os_error(exc)}", file=sys.stderr)
            failed_output = True
    verified = sum(1 for r in rows if r.accepted)
    copies = sum(1 for r in rows if r.status == "copied")
    extra = f"; {copies} copied (use --allow-copies to accept copies)" if copies else ""
    print(f"\n{verified} of {len(rows)} result(s) verified{extra}")
    return 1 if problems or failed_output else 0
