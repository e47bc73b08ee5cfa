"""Collective Security: a counterfactual diplomacy game about Europe, 1936-1939."""

__version__ = "0.1.0"
