"""``python -m game grade RESULT... --challenge FILE [--csv OUT] [--plot OUT.png]``."""

from __future__ import annotations

import argparse
import sys

from ..challenges.grade import grade_files, table, write_csv
from ..challenges.load import load_challenge


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "grade", help="re-run students' result files, verify them and print a grade table",
        description="Re-simulates every result from its seed and choices and compares it with the "
                    "file. Exit status: 0 all verified, 1 any result failed verification or could "
                    "not be read.")
    p.add_argument("results", nargs="+", metavar="RESULT", help="result files (JSON) handed in")
    p.add_argument("--challenge", required=True, metavar="FILE", help="the challenge file they played")
    p.add_argument("--csv", metavar="OUT", help="also write the table as CSV")
    p.add_argument("--plot", metavar="OUT.png", help="also draw scores and endings across the class")
    p.add_argument("--details", action="store_true", help="list every problem found, not just the first")
    p.set_defaults(handler=run_grade)


def run_grade(args: argparse.Namespace) -> int:
    challenge = load_challenge(args.challenge)  # DataFileError -> printed by game.cli, exit 1
    rows = grade_files(args.results, challenge)
    print(f"{challenge.title} ({challenge.id}), pass mark {challenge.pass_mark:g} of {challenge.max_score:g}")
    print()
    print(table(rows, challenge))
    problems = [r for r in rows if r.unreadable or not r.verified]
    if problems:
        print()
    for r in problems:
        if r.unreadable:
            for diagnostic in r.unreadable:
                print(f"{diagnostic} (skipped)", file=sys.stderr)
            continue
        shown = r.problems if args.details else r.problems[:3]
        for problem in shown:
            print(f"{r.file}: not verified: {problem}", file=sys.stderr)
        if len(r.problems) > len(shown):
            print(f"{r.file}: ... and {len(r.problems) - len(shown)} more (use --details)", file=sys.stderr)
    for r in rows:
        for note in r.notes:
            print(f"{r.file}: note: {note}")
    if args.csv:
        write_csv(rows, challenge, args.csv)
        print(f"\nwrote {args.csv}")
    if args.plot:
        try:
            from ..ui.report_card import render_class_chart
        except ImportError as exc:
            print(f"error: cannot draw the chart ({exc})", file=sys.stderr)
            return 1
        render_class_chart(rows, challenge, args.plot)
        print(f"wrote {args.plot}")
    verified = sum(1 for r in rows if r.verified)
    print(f"\n{verified} of {len(rows)} result(s) verified")
    return 1 if problems else 0
