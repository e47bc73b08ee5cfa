"""Problems found in a data file, each with a place: ``FILE:LINE:COL: error: message``.

A broken file can hold thousands of faults; the first SHOWN (by position) are reported,
then one line "... and N more", so a bad 2 MB file cannot flood a terminal. At most KEPT
are stored at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int  # 1-based
    col: int  # 1-based
    severity: str  # "error" | "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"


SHOWN = 100  # diagnostics reported per file; the rest are counted in one "... and N more"
KEPT = 5_000  # diagnostics stored per file; more are only counted


@dataclass
class Diagnostics:
    """Collects every problem in a file instead of stopping at the first."""

    file: str
    items: list[Diagnostic] = field(default_factory=list)
    dropped: int = 0  # problems found beyond KEPT

    has_error: bool = False

    def _add(self, line: int, col: int, severity: str, message: str) -> None:
        # Past KEPT only a first error is still stored, so a file never looks valid by overflow.
        if len(self.items) >= KEPT and (severity == "warning" or self.has_error):
            self.dropped += 1
            return
        self.has_error = self.has_error or severity == "error"
        self.items.append(Diagnostic(self.file, line, col, severity, message))

    def error(self, line: int, col: int, message: str) -> None:
        self._add(line, col, "error", message)

    def warning(self, line: int, col: int, message: str) -> None:
        self._add(line, col, "warning", message)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self, limit: int | None = SHOWN) -> list[Diagnostic]:
        """Unique diagnostics in file order; past ``limit``, one last "... and N more" line
        (a note when the shown ones already include an error, so it adds none)."""
        unique = {(d.line, d.col, d.severity, d.message): d for d in self.items}
        ordered = sorted(unique.values(), key=lambda d: (d.line, d.col, d.severity, d.message))
        if limit is None or len(ordered) + self.dropped <= limit:
            return ordered
        shown = ordered[:limit]
        hidden = len(ordered) - limit + self.dropped
        last = shown[-1]
        # an error line only when the errors are all among the hidden ones
        hidden_error = self.has_error and not any(d.severity == "error" for d in shown)
        severity = "error" if hidden_error else "note"
        shown.append(Diagnostic(self.file, last.line, last.col, severity,
                                f"... and {hidden:,} more problem{'s' if hidden != 1 else ''} not shown "
                                "(fix these first)"))
        return shown


class DataFileError(Exception):
    """A data file (scenario, challenge, save, result) cannot be used; holds every problem."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))
