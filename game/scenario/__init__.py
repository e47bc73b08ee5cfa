"""Scenario files: YAML -> validated model -> compiled Spec, with positioned diagnostics."""

from .build import check_scenario, load_scenario
from .diagnostics import DataFileError, Diagnostic, Diagnostics
from .registry import SCENARIO_DIR, default_scenario_path, list_scenarios, resolve_scenario

__all__ = [
    "DataFileError", "Diagnostic", "Diagnostics", "SCENARIO_DIR", "check_scenario",
    "default_scenario_path", "list_scenarios", "load_scenario", "resolve_scenario",
]
