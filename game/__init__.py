"""Collective Security: a counterfactual diplomacy game about Europe, 1936-1939."""

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "collective-security"

try:  # the one source of truth is pyproject.toml's [project] version, as installed
    __version__ = version(DISTRIBUTION)
except PackageNotFoundError:  # a checkout on sys.path that was never pip-installed
    __version__ = "0+unknown"
