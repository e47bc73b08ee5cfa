"""What grading needs besides re-running results: which files to grade, what each problem
says about the file (its verdict and the field at fault), and the class roster.

expand_results(args)    folders, globs and files -> (result files, one-line notes on skipped files)
problem_field(text)     a verification problem -> ("version" | "tampered", the field at fault)
read_roster(path)       the class list: one name per line (or the first column of a CSV)
"""

from __future__ import annotations

import glob
import re
from pathlib import Path

from ..fileio import read_limited
from ..text import ascii_fold, shown

RESULT_SUFFIX = ".json"
ROSTER_BYTES = 1_000_000


def expand_results(arguments: list[str]) -> tuple[list[str], list[str]]:
    """Result files named by ``arguments``: a folder gives its ``*.json`` files, a pattern
    (``results/*``, quoted so the shell leaves it) its matches. Files that are not results
    (report-card PNGs, CSVs: any other extension) are skipped with a one-line note; a name
    without an extension, or that matches nothing, is kept, so grading says why it cannot be
    read."""
    paths: list[str] = []
    notes: list[str] = []
    skipped: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() or p.is_symlink())
            matches = [str(p) for p in found]
            if not any(p.suffix.lower() == RESULT_SUFFIX for p in found):
                notes.append(f"{shown(argument, 200)}: no result files (.json) in this folder")
        elif not path.exists() and glob.has_magic(argument):
            matches = sorted(glob.glob(argument))
            if not matches:
                notes.append(f"{shown(argument, 200)}: matches no file")
        else:
            matches = [argument]
        for match in matches:
            suffix = Path(match).suffix.lower()
            if suffix and suffix != RESULT_SUFFIX and Path(match).exists():
                skipped.append(match)
            elif match not in paths:
                paths.append(match)
    if skipped:
        kinds = ", ".join(sorted({"*" + Path(p).suffix.lower() for p in skipped}))
        names = shown(", ".join(Path(p).name for p in skipped), 160)
        what = "a file that is not a result" if len(skipped) == 1 else f"{len(skipped)} files that are not results"
        notes.append(f"skipped {what} ({kinds}; results end in .json): {names}")
    return paths, notes


# A verification problem (as worded by game.challenges.grade.verify) -> its kind and field.
_VERSION = (
    (r"^made for challenge '(.*?)'", "made for challenge '{0}'"),
    (r"^challenge version differs", "another version of the challenge file"),
    (r"^scenario version differs", "another version of the scenario"),
    (r"^the challenge is scored over many worlds, but the result was made by an older version",
     "an older version of the game"),
)
_TAMPERED = (
    (r"^seed ", "seed"),
    (r"^settings differ", "settings"),
    (r"^chance differs", "chance"),
    (r"^broken chain at its start", "hash chain (name, seed or another recorded field)"),
    (r"^broken chain at turn (\d+) \((.*?)\)", "hash chain (turn {0}, {1})"),
    (r"^broken chain", "hash chain"),
    (r"^choices do not replay", "choices"),
    (r"^choice (\d+) \((.*?)[:)].*breaks a constraint", "choice {0} ({1}): forbidden option"),
    (r"^choice (\d+) \((.*?)\) lacks the required justification", "justification {0} ({1})"),
    (r"^choice (\d+) \((.*?)\) differs from the re-run in (.*)", "choice {0} ({1}): {2}"),
    (r"unfinished attempt", "choices (unfinished)"),
    (r"^turn (\d+) differs", "turn {0}"),
    (r"^the file has \d+ turns", "turns"),
    (r"^the dates of the choices", "dates"),
    (r"^played score differs", "played score"),
    (r"^objective '(.*?)' differs", "objective {0}"),
    (r"^score differs", "score"),
    (r"^pass differs", "pass"),
    (r"^ending differs", "ending"),
)


def problem_field(problem: str) -> tuple[str, str]:
    """("version", what) for a result made with another version; ("tampered", field) otherwise."""
    for kind, table in (("version", _VERSION), ("tampered", _TAMPERED)):
        for pattern, label in table:
            match = re.search(pattern, problem)
            if match:
                return kind, label.format(*match.groups())
    return "tampered", shown(problem, 40)


# ------------------------------------------------------------------------- roster
def read_roster(path: str | Path) -> list[str]:
    """Names, one per line; in a CSV the first column (a header 'name' is skipped); '#' lines
    and blank lines ignored. Raises OSError (or Unreadable) when the file cannot be read."""
    data = read_limited(Path(path), ROSTER_BYTES)
    text = data.decode("utf-8-sig", errors="replace")
    names: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if Path(path).suffix.lower() == ".csv" or ("," in line and ";" not in line):
            line = line.split(",")[0].strip().strip('"')
        if line.casefold() in ("name", "names", "student", "students") and not names:
            continue
        names.append(shown(line, 120))
    return names


def name_key(name: str) -> str:
    """Names compared without case, accents, spacing or punctuation ("Zoe Orsted" is "Zoë Ørsted")."""
    return " ".join(re.sub(r"[^\w\s]", " ", ascii_fold(name).casefold()).split())


def not_submitted(roster: list[str], students: list[str]) -> list[str]:
    handed_in = {name_key(s) for s in students}
    return [name for name in roster if name_key(name) not in handed_in]
