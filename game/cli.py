"""The command line: ``python -m game [COMMAND] ...`` (also ``collective-security``).

Without a command the desktop window opens. Every other command is headless.
Each sub-command is a module in ``game/commands`` that registers itself (the list is
``game.commands.COMMANDS``). How errors end a command (also in docs/architecture.md):

====================================  ====================================  ====
error                                 printed (stderr)                      exit
====================================  ====================================  ====
UsageError (bad arguments)            ``error: <message>``                  2
engine UnknownName, InvalidSetting,   ``error: <message>``                  2
SetupError (a name or value the
scenario does not have)
scenario.DataFileError (a file)       one ``FILE:LINE:COL: error: ...``     1
                                      line per problem
engine IllegalChoice (recorded        ``error: <message>``                  1
choices that do not fit)
any other engine EngineError          ``error: <message>``                  1
broken pipe (output closed)           nothing                               0
Ctrl+C                                nothing                               130
====================================  ====================================  ====
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from . import __version__
from .commands import COMMANDS
from .commands.common import UsageError, run_window
from .engine.errors import EngineError, IllegalChoice, InvalidSetting, SetupError, UnknownName
from .scenario import DataFileError


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", run_window)
    try:
        return handler(args)
    except UsageError as exc:
        return _fail(str(exc), 2)
    except DataFileError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return 1
    except (UnknownName, InvalidSetting, SetupError) as exc:
        return _fail(str(exc), 2)
    except IllegalChoice as exc:
        return _fail(exc.reason, 1)
    except EngineError as exc:
        return _fail(str(exc), 1)
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a full disk under `> file`, a name too long, a read-only folder
        where = f"{exc.filename}: " if exc.filename else ("output: " if _is_stdout_error(exc) else "")
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        _silence_stdout()
        return 1


def _is_stdout_error(exc: OSError) -> bool:
    return exc.errno in (28, 5, 27, 122)  # ENOSPC, EIO, EFBIG, EDQUOT: writing the output failed


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _fail(message: str, status: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="collective-security",
        description="Collective Security: Europe 1936-1939, a counterfactual diplomacy game.",
        epilog="Run without a command to open the game window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--frames", type=_positive, metavar="N",
                        help="close the window after N frames (a smoke test: "
                             "SDL_VIDEODRIVER=dummy python -m game --frames 30)")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    for module in COMMANDS:
        module.register(sub)
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not '{text}'")
    return value
