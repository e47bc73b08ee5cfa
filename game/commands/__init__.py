"""The sub-commands of ``python -m game``: one module each, listed here in help order.

Each module has ``register(subparsers)``, which adds its sub-command(s) with a ``handler``
default; :func:`game.cli.build_parser` calls them in this order. A new command is a new
module here plus one entry in ``COMMANDS``.
"""

from . import basic, check, grade, handout, new_challenge, serve, whatif

COMMANDS = (basic, whatif, check, handout, grade, new_challenge, serve)

__all__ = ["COMMANDS"]
