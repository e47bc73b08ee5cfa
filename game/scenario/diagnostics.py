"""Problems found in a data file, each with a place: ``FILE:LINE:COL: error: message``."""

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


@dataclass
class Diagnostics:
    """Collects every problem in a file instead of stopping at the first."""

    file: str
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, line: int, col: int, message: str) -> None:
        self.items.append(Diagnostic(self.file, line, col, "error", message))

    def warning(self, line: int, col: int, message: str) -> None:
        self.items.append(Diagnostic(self.file, line, col, "warning", message))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        unique = {(d.line, d.col, d.severity, d.message): d for d in self.items}
        return sorted(unique.values(), key=lambda d: (d.line, d.col, d.severity, d.message))


class DataFileError(Exception):
    """A data file (scenario, challenge, save, result) cannot be used; holds every problem."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))
