"""The classroom server (``python -m game serve``): challenges and class games in the browser.

    store.py       everything kept, through SQLAlchemy Core (SQLite by default, PostgreSQL by URL)
    state.py       the server's state: store, challenge library, live games and attempts
    challenges.py  uploaded challenges, attempts (ChallengeRun), grading with game/challenges
    classgame.py   a class game: each student or team a power, the time limit, the chronicle
    whatif.py      the teacher's "what if" at a decision of a class game (game/whatif)
    svgmap.py      the map as SVG, in the window's colours
    security.py    limits, cross-site checks, headers
    app.py         the web pages (Starlette, Jinja2 templates in assets/classroom)
    server.py      ``serve``: addresses, uvicorn, clean stop

Needs the ``classroom`` extra (Starlette, uvicorn, Jinja2, SQLAlchemy, segno); no pygame.
"""
