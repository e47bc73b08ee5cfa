"""'What if the class had chosen otherwise here?': the teacher's discussion tool.

The class game is rebuilt up to one of its decisions; then each option open at that point is
played on in many worlds (game/whatif, the same runs as the window's What-if view: the
class's own choices before it, the AI for the seated powers after it) and the endings are
counted with their 95% intervals. That is seconds of computing, so it runs in one of the
server's worker processes (workers.py), never where requests are answered.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..engine.spec import Spec
from ..scenario import load_scenario
from ..whatif.branch import option_plans
from ..whatif.runner import run
from .classgame import LiveGame, Vote, settings_json

WORLDS = 400  # enough to tell the options apart in a lesson; a few seconds on a laptop


def what_if(room: Any, row: Any, keep: int, worlds: int = WORLDS) -> dict:
    """{'row', 'keep', 'worlds', 'event_title', 'power', 'options': [{'text', 'id', 'endings', 'war'}]}."""
    from .state import Refused

    moves = room.store.game_moves(row.id)
    if not 0 <= keep <= len(moves):
        raise Refused("no such decision")
    votes = [(m.event, m.power, m.option, m.student_id, m.justification) for m in moves[:keep]]
    humans = sorted({s.power for s in room.store.game_seats(row.id)})
    files = room.scenarios()
    if row.scenario not in files:
        raise Refused(f"no scenario '{row.scenario}'")
    branched = room.engines.run_background(branch, str(files[row.scenario]), row.settings, row.seed, row.others,
                                           humans, votes, worlds)
    if branched is None:
        raise Refused("nothing was being decided there: the game was over")
    return {"row": row, "keep": keep, "worlds": worlds, **branched}


@lru_cache(maxsize=8)
def _spec(path: str) -> Spec:
    return load_scenario(path)


def branch(path: str, settings: str, seed: int, others: str, humans: list[str], votes: list[tuple],
           worlds: int) -> dict | None:
    """In a worker: the game rebuilt from ``votes``, and each option open there played on in
    ``worlds`` worlds; None when nothing was being decided (the game was over)."""
    spec = _spec(path)
    live = LiveGame.build(spec, settings_json(settings), seed, others, humans, [Vote(*v) for v in votes])
    decision = live.decision()
    if decision is None:
        return None
    options = []
    for plan in option_plans(live.game, worlds=worlds, chunk=worlds):
        result = run(plan.plan, processes=1)
        war = result.war_share()
        options.append({"text": plan.text, "id": plan.option,
                        "endings": [e for e in result.endings() if e.count],
                        "war": None if war is None else float(war[-1])})
    return {"event_title": decision.event.title, "power": spec.power_name(decision.power), "options": options}
