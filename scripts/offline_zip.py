"""Build the offline copy of the whole site as one zip, for a Migrant Center computer.

    python scripts/offline_zip.py              (or: make offline)

First the normal checked build (scripts/build.py) publishes site/; then the same sources are built
again with Material's offline plugin (OFFLINE=true: page links end in .html, the search index is
inlined per language as search/search_index.js, the iframe-worker shim is our vendored copy), and
zipped into site/kerja-aman-offline.zip (folder kerja-aman/ inside). Unzip it anywhere and open
kerja-aman/index.html (English: kerja-aman/en/index.html); it needs no network and no server.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build  # noqa: E402
from sitecheck.project import Project  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ZIP_NAME = "kerja-aman-offline.zip"
FOLDER = "kerja-aman"


def build_offline(project_root: Path, out_dir: Path) -> None:
    env = dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
                             "-f", str(project_root / "mkdocs.yml"), "-d", str(out_dir)],
                            cwd=project_root, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit("the offline build failed:\n" + (result.stdout + result.stderr)[-3000:])


def write_zip(site: Path, target: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file() and path.suffix != ".map" and not path.name.startswith("sitemap.xml"):
                archive.write(path, f"{FOLDER}/{path.relative_to(site).as_posix()}")
    partial.replace(target)
    return target.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--out", type=Path, help=f"the zip to write (default: <project>/site/{ZIP_NAME})")
    parser.add_argument("--no-check", action="store_true", help="skip the normal checked build first")
    args = parser.parse_args(argv)
    root = args.project.resolve()
    if not args.no_check and build.build(Project.load(root), (root / "site").resolve()):
        return 1
    work = root / ".build" / "offline-site"
    shutil.rmtree(work, ignore_errors=True)
    build_offline(root, work)
    target = (args.out or root / "site" / ZIP_NAME).resolve()
    size = write_zip(work, target)
    print(f"Offline copy: {target} ({size / 1024:.0f} KiB). Unzip it and open {FOLDER}/index.html.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
