"""``python -m game check CHALLENGE``: what a student can do, and what it scores."""

from __future__ import annotations

import argparse

from ..challenges.explore import CHANCE_WORLDS, LIMIT, explore, report
from ..challenges.load import load_challenge
from ..limits import MAX_WORLDS


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "check", help="explore every route a student can take through a challenge and score it",
        description="Plays every route of the student's choices (a sample of them when there are more "
                    f"than --routes, default {LIMIT}), scores each as the challenge does, and reports the "
                    "lowest, typical and highest score, whether a pass is reachable and by which route "
                    "(a model answer), which decisions move the score, and whether chance moves it more "
                    "than choices do. Exit status: 0, or 1 when no route reaches the pass mark.")
    p.add_argument("challenge", metavar="CHALLENGE", help="the challenge file (.yaml)")
    p.add_argument("--routes", type=_count(1, 4096), default=LIMIT, metavar="N",
                   help=f"visit every route when there are at most N, else sample N (default {LIMIT})")
    p.add_argument("--worlds", type=_count(0, min(MAX_WORLDS, 20_000)), default=CHANCE_WORLDS, metavar="N",
                   help=f"play each route in N worlds with other dice to measure chance (default "
                        f"{CHANCE_WORLDS}; 0 skips it)")
    p.set_defaults(handler=run_check)


def _count(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"give a whole number from {low} to {high:,}")
        return value
    return parse


def run_check(args: argparse.Namespace) -> int:
    challenge = load_challenge(args.challenge)  # DataFileError -> FILE:LINE:COL, exit 1
    found = explore(challenge, limit=args.routes, chance_worlds=args.worlds)
    print(report(found))
    return 0 if found.passing else 1
