"""The documented keys (shown by F1 and in the Settings screen; README's Keys section mirrors it)."""

KEYS: list[tuple[str, str, str]] = [
    ("Everywhere", "Tab / Shift+Tab, Up / Down", "move the focus (the outlined item)"),
    ("Everywhere", "Enter or Space", "choose the focused item"),
    ("Everywhere", "Esc", "go back (from the game: to the title menu; the game is saved)"),
    ("Everywhere", "Page Up / Page Down, mouse wheel", "scroll long text"),
    ("Everywhere", "F11", "fullscreen on / off"),
    ("Everywhere", "F1", "how to play, and this list of keys"),
    ("Everywhere", "Ctrl+Q", "quit"),
    ("Playing", "1 - 9", "take that option on the event card"),
    ("Playing", "W", "why: show or hide the rules and sources behind each consequence"),
    ("Playing", "T", "switch the map and its text twin (a table of powers, stances, territories)"),
    ("Playing", "R", "rewind to an earlier decision and choose differently"),
    ("Playing", "Enter", "next happening card; after the last, the next crisis"),
    ("Playing", "F", "what if? many worlds for each option of the open decision"),
    ("Playing", "S", "skip the happenings and go to your next decision"),
    ("Playing", "F5", "reload the scenario file from disk and replay your choices (for authors; "
                      "errors are shown on the card)"),
    ("Challenge", "1 - 9, W, T, R", "as when playing (R: go back, when the challenge allows it)"),
    ("Challenge", "H", "show or hide the teacher's hint for this decision"),
    ("Challenge", "Enter / Esc in the text box", "confirm the justification / cancel the choice"),
    ("Replay", "Space", "play / pause"),
    ("Replay", "Left / Right", "step one turn back / forward"),
    ("Replay", "Home / End", "first turn / last turn"),
    ("New game, Settings", "Left / Right", "change the focused setting"),
    ("Ending", "Left / Right", "compare with history or with a rewound branch"),
    ("Ending", "M", "show or fold the turns that match the compared path"),
]
