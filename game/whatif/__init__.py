"""What-if statistics: many worlds of a scenario at once, and how often each outcome happens.

    from game.whatif import Plan, run
    result = run(Plan(spec, settings={...}, worlds=10_000, war="flag.general_war"))
    result.endings(), result.war_share(), result.attr_mean(), result.attr_sd()

The command line is ``python -m game whatif`` (:mod:`game.whatif.cli`); the window's
"What if?" view is :mod:`game.ui.scenes.whatif`.
"""

from .runner import Cancelled, Plan, Result, default_war, history_before, run
from .stats import wilson

__all__ = ["Cancelled", "Plan", "Result", "default_war", "history_before", "run", "wilson"]
