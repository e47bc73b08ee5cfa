"""The desktop game window (pygame-ce + pygame_gui): the only package that imports pygame.

Entry point: :func:`game.ui.app.run`. Modules with one job each:

    app.py        the process_events -> update -> draw loop, scene switching, AppContext
    session.py    one game being played: spec, settings, seed, humans, rewind branches (no pygame)
    saves.py      autosave files, atomic writes, clear errors for corrupt or old saves (no pygame)
    prefs.py      window and font-size preferences in the user config folder (no pygame)
    layout.py     rectangles for each screen at any window size (no pygame)
    theme.py      the pygame_gui theme JSON, font scaling, the colour palette and stance scale
    text/         the one text kit: cached house-font text (TextCache), documents of blocks (Doc)
    style.py      palette and fonts handed to charts and report cards (paper or window)
    focus.py      keyboard focus ring over buttons (Tab / arrows / Enter), drawn visibly
    scenes/       every screen is a Scene: title, new game, main, ending, replay, settings,
                  message, challenges (list, briefing, play, result), what-if
    widgets/      map view, text twin of the map, event card, timeline strip, stance bars
    whatif_chart.py, report_card.py   pictures drawn in a given Style (window or paper)

A new screen is a :class:`game.ui.scenes.base.Scene` subclass in ``scenes/``.
"""
