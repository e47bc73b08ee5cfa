"""'What if the class had chosen otherwise here?': the teacher's discussion tool.

The class game is rebuilt up to one of its decisions; then each option open at that point is
played on in many worlds (game/whatif, the same runs as the window's What-if view: the
class's own choices before it, the AI for the seated powers after it) and the endings are
counted with their 95% intervals.
"""

from __future__ import annotations

from typing import Any

from ..whatif.branch import option_plans
from ..whatif.runner import run
from .classgame import LiveGame, Vote, settings_json

WORLDS = 400  # enough to tell the options apart in a lesson; a few seconds on a laptop


def what_if(room: Any, row: Any, keep: int, worlds: int = WORLDS) -> dict:
    """{'row', 'keep', 'decision', 'options': [{'text', 'endings': [EndingRow], 'war'}]}."""
    from .state import Refused

    moves = room.store.game_moves(row.id)
    if not 0 <= keep <= len(moves):
        raise Refused("no such decision")
    votes = [Vote(m.event, m.power, m.option, m.student_id, m.justification) for m in moves[:keep]]
    seats = room.store.game_seats(row.id)
    live = LiveGame.build(room.spec(row.scenario), settings_json(row.settings), row.seed, row.others,
                          {s.power for s in seats}, votes)
    decision = live.decision()
    if decision is None:
        raise Refused("nothing was being decided there: the game was over")
    options = []
    for plan in option_plans(live.game, worlds=worlds, chunk=worlds):
        result = run(plan.plan, processes=1)
        war = result.war_share()
        options.append({"text": plan.text, "id": plan.option,
                        "endings": [e for e in result.endings() if e.count],
                        "war": None if war is None else float(war[-1])})
    return {"row": row, "keep": keep, "decision": decision, "options": options, "worlds": worlds,
            "power": live.spec.power_name(decision.power)}
