"""The one type that tells an editor what is wrong, from a hook's stop to the terminal and the preview box.

It lives beside the hooks because MkDocs loads a hook with only this folder on sys.path; sitecheck.model
imports it from here, so a data rule (contacts_book, glossary_data, print_markers), a check and the build
all report the same Problem and print it the same way.
"""

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
