"""``python -m game serve [--host H] [--port P] [--db PATH_OR_URL]``: the classroom server."""

from __future__ import annotations

import argparse

from .common import UsageError


def port_value(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError("a port is a whole number from 1 to 65535")
    return int(text)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve", help="run the classroom server: challenges and class games in the students' browsers",
        description="Starts a web server for a class on the school network. Students open the printed "
                    "address and type the class code; the teacher opens the address with ?key=... "
                    "Needs the web extra: python -m pip install -e '.[classroom]'.")
    p.add_argument("--host", default="0.0.0.0",
                   help="address to listen on (default 0.0.0.0: every network of this machine)")
    p.add_argument("--port", type=port_value, default=8000, help="port (default 8000)")
    p.add_argument("--db", metavar="PATH_OR_URL",
                   help="database: a SQLite file path, or a URL such as postgresql://user:pw@host/db "
                        "(default: classroom.sqlite3 in the user data folder)")
    p.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    try:
        from ..classroom.server import serve
    except ImportError as exc:
        raise UsageError(f"the classroom server needs the web extra ({exc.name} is missing): "
                         "python -m pip install -e '.[classroom]'") from None
    try:
        return serve(args.host, args.port, args.db)
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
