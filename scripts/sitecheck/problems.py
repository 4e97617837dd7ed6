"""A problem found in the site, told to an editor: which file, which line, what is wrong, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    fix: str
    line: int | None = None
    level: str = ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message} — {self.fix}"


def find_line(path: Path, needle: str) -> int | None:
    """The first line of a source file that contains `needle`, so an editor can jump to it."""
    if not needle:
        return None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number, text in enumerate(lines, start=1):
        if needle in text:
            return number
    return None


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == ERROR]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == WARNING]
