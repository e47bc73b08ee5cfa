"""Teacher-set challenges: an overlay on a scenario (start point, fixed settings, objectives,
constraints), played in the terminal or the window, saved as a verifiable result file and
graded by re-running every submission.

    load.py      challenge file -> Challenge (checked against its scenario)
    run.py       new_game (the engine with challenge controllers and checkpoints) and ChallengeRun (one attempt)
    result.py    result files: build, hash chain, read
    grade.py     re-simulate results, compare, table, CSV
    play.py      terminal play (``play --text --challenge FILE``)
    template.py  ``new-challenge`` starting file
"""

from .load import Challenge, Objective, check_challenge, list_challenges, load_challenge

__all__ = ["Challenge", "Objective", "check_challenge", "list_challenges", "load_challenge"]
