"""Build and check the real site for the tests, in a process of its own beside them (conftest.py starts it):

    python tests/real_build.py FOLDER     the site goes to FOLDER/site, what the build said to FOLDER/real-site.json

The tests' workers meanwhile run the tests that do not need it. This is scripts/build.py's build, unchanged
(MkDocs in a new process of its own, as `make build` runs it)."""

from __future__ import annotations

import io
import json
import os
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def main(folder: Path) -> None:
    try:
        import build
        from sitecheck.project import Project
        out = io.StringIO()
        code = build.build(Project.load(ROOT), (folder / "site").resolve(), out=out)
        said = {"code": code, "output": out.getvalue()}
    except BaseException:
        said = {"code": 1, "output": traceback.format_exc()}
    part = folder / "real-site.json.part"
    part.write_text(json.dumps(said), encoding="utf-8")
    os.replace(part, folder / "real-site.json")  # whole or not there: the tests wait for this file


if __name__ == "__main__":
    main(Path(sys.argv[1]))
