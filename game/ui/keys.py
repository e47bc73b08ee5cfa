"""The documented keys (shown by F1 and in the Settings screen; README's Keys section mirrors it)."""

KEYS: list[tuple[str, str, str]] = [
    ("Everywhere", "Tab / Shift+Tab, Up / Down", "move the focus (the outlined item)"),
    ("Everywhere", "Enter or Space", "choose the focused item"),
    ("Everywhere", "Esc", "go back (from the game: to the title menu; the game is saved)"),
    ("Everywhere", "Page Up / Page Down, mouse wheel", "scroll long text"),
    ("Everywhere", "F11", "fullscreen on / off"),
    ("Everywhere", "F1", "this list of keys"),
    ("Everywhere", "Ctrl+Q", "quit"),
    ("Playing", "1 - 9", "take that option on the event card"),
    ("Playing", "W", "why: show or hide the rules and sources behind each consequence"),
    ("Playing", "T", "switch the map and its text twin (a table of powers, stances, territories)"),
    ("Playing", "R", "rewind to an earlier decision and choose differently"),
    ("Playing", "Enter", "continue after the consequences"),
    ("Playing", "F", "what if? many worlds for each option of the open decision (when installed)"),
    ("Replay", "Space", "play / pause"),
    ("Replay", "Left / Right", "step one turn back / forward"),
    ("Replay", "Home / End", "first turn / last turn"),
    ("New game, Settings", "Left / Right", "change the focused setting"),
    ("Ending", "Left / Right", "compare with history or with a rewound branch"),
]
