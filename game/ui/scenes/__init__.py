"""Screens. Each scene builds its widgets for the window size, handles events, and returns
the next scene (or a :class:`~game.ui.scenes.base.Choice` for the engine, or QUIT)."""
