"""The desktop game window (pygame-ce + pygame_gui): the only package that imports pygame.

Entry point: :func:`game.ui.app.run`. Modules with one job each:

    app.py        the process_events -> update -> draw loop, scene switching, AppContext
    session.py    one game being played: spec, settings, seed, humans, rewind branches (no pygame)
    saves.py      autosave files, atomic writes, clear errors for corrupt or old saves (no pygame)
    prefs.py      window and font-size preferences in the user config folder (no pygame)
    layout.py     rectangles for each screen at any window size (no pygame)
    theme.py      the pygame_gui theme JSON, font scaling, the colour palette and stance scale
    text.py       cached text rendering and word wrapping for the custom-drawn widgets
    focus.py      keyboard focus ring over buttons (Tab / arrows / Enter), drawn visibly
    hooks.py      optional screens from other packages (challenges, what-if)
    scenes/       title, new game, main, ending, replay, settings, message
    widgets/      map view, text twin of the map, event card, timeline strip, stance bars

Screens from other packages plug in through :mod:`game.ui.hooks`.
"""
