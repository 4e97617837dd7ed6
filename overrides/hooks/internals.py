"""The few places where a hook reaches into MkDocs, Material, Jinja or watchdog (ARCHITECTURE.md, "Patched
internals"): each is used only on the exact versions it was written for, and can be switched off.

A patch names the versions it was read against (`written_for`, the pins of requirements.txt; a test keeps the two
equal). On any other installed version, or with its name in KA_NO_PATCH (a comma list, or "all"), the hook takes
MkDocs' normal path. A version that does not match says so once per process, on one line of its own that MkDocs'
strict mode does not count (a slower or plainer preview is no reason to stop a build).
"""

from __future__ import annotations

import functools
import os
import sys
from importlib import metadata

SWITCH = "KA_NO_PATCH"


def installed(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def switched_off(name: str) -> bool:
    off = {part.strip() for part in os.environ.get(SWITCH, "").split(",")}
    return "all" in off or name in off


def allowed(name: str, written_for: dict[str, str]) -> bool:
    """Whether the patch `name` may be applied: not switched off, and each package at the version it was written for."""
    if switched_off(name):
        return False
    found = tuple((package, installed(package)) for package in written_for)
    return _versions_match(name, tuple(written_for.items()), found)


@functools.lru_cache(maxsize=None)  # keyed by the versions: one line per patch and process, not per rebuild
def _versions_match(name: str, wanted: tuple, found: tuple) -> bool:
    differ = [f"{package} {version} (found {now or 'none'})" for (package, version), (_, now) in zip(wanted, found)
              if now != version]
    if differ:
        print(f"kerja-aman: {name} is off, the normal path runs: it was written for {', '.join(differ)} — "
              f"check it against the new version (ARCHITECTURE.md, 'Patched internals')", file=sys.stderr)
    return not differ
