"""``python -m game handout CHALLENGE [--output PATH]``: a printable briefing for the class."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import userdirs
from ..challenges.handout import handout_blocks
from ..challenges.load import load_challenge
from ..outputs import check_output_path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "handout", help="write a printable briefing of a challenge (PDF, or PNG pages)",
        description="Writes the challenge's briefing for students: who they play and when, the briefing, "
                    "the objectives with their points, the pass mark, the rules (chance, fixed settings, "
                    "forbidden options, going back, justifications) and the questions for discussion. "
                    "By default a PDF in your output folder; the command prints where.")
    p.add_argument("challenge", metavar="CHALLENGE", help="the challenge file (.yaml)")
    p.add_argument("--output", metavar="PATH",
                   help="the file to write: .pdf (default) or .png (one file per page: NAME-1.png ...); "
                        "default: <challenge id>-handout.pdf in your output folder")
    p.set_defaults(handler=run_handout)


def run_handout(args: argparse.Namespace) -> int:
    if args.output:
        check_output_path(args.output, "--output")  # a bad path is a usage error before any work
    challenge = load_challenge(args.challenge)  # DataFileError -> FILE:LINE:COL, exit 1
    if args.output:
        path = Path(args.output)
    else:
        path = userdirs.ensure(userdirs.user_output_dir()) / f"{challenge.id}-handout.pdf"
    from ..ui.handout import render_handout  # pygame: only here

    written = render_handout(handout_blocks(challenge), path)
    for file in written:
        print(f"wrote {file.resolve()}")
    return 0
