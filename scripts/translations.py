"""Keep the English pages in step with their Indonesian originals.

    python scripts/translations.py report                      what needs attention: translations that fell
                                                               behind, pages not reviewed and contacts not confirmed for
                                                               12 months
    python scripts/translations.py update docs/kontak.en.md    after translating: record that this English
                                                               page follows today's Indonesian
    python scripts/translations.py update --all                record it for every translated page

`update` writes one line into the English page's front matter: `translation_of: <fingerprint of the
Indonesian text>`. When the Indonesian text changes later, the build warns that the English is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitecheck.model import read_sources  # noqa: E402  (puts overrides/hooks on the path)
from sitecheck.project import Project  # noqa: E402
from freshness_checks import (  # noqa: E402
    MAX_AGE_MONTHS, contact_age_problems, review_age_problems, translations, write_record)

ROOT = Path(__file__).resolve().parent.parent


def report(project: Project, out=sys.stdout) -> int:
    sources, unreadable = read_sources(project)
    for problem in unreadable:
        print(f"  {problem}", file=out)
    found = translations(project, sources)
    stale = [t for t in found if t.state == "stale"]
    unrecorded = [t for t in found if t.state == "unrecorded"]
    print(f"Translations: {len(found)} pages, {len(stale)} stale, {len(unrecorded)} not recorded.", file=out)
    for item in stale:
        print(f"  STALE       {project.rel(item.path)}: {project.rel(item.original)} changed since it was translated",
              file=out)
    for item in unrecorded:
        print(f"  UNRECORDED  {project.rel(item.path)}: does not record which version of "
              f"{project.rel(item.original)} it translates", file=out)
    old_pages = review_age_problems(project, sources)
    old_contacts = contact_age_problems(project)
    print(f"Reviews older than {MAX_AGE_MONTHS} months: {len(old_pages)} pages, {len(old_contacts)} contacts.",
          file=out)
    for problem in old_pages + old_contacts:
        print(f"  OLD         {problem}", file=out)
    if stale or unrecorded:
        print("\nAfter updating a translation: python scripts/translations.py update docs/<page>.en.md", file=out)
    return 0


def update(project: Project, paths: list[Path], every: bool, out=sys.stdout) -> int:
    sources, unreadable = read_sources(project)
    if unreadable:
        for problem in unreadable:
            print(f"  {problem}", file=out)
        return 1
    found = {t.path.resolve(): t for t in translations(project, sources)}
    if every:
        chosen = list(found.values())
    else:
        chosen = []
        for path in paths:
            inside = project.root / path
            item = found.get((inside if inside.exists() else path).resolve())
            if item is None:
                print(f"{path}: not a translated page with an original beside it "
                      f"(give the English file, e.g. docs/kontak.en.md)", file=out)
                return 1
            chosen.append(item)
    changed = 0
    for item in chosen:
        if write_record(item.path, item.current):
            changed += 1
            print(f"updated  {project.rel(item.path)}: translation_of: {item.current}", file=out)
    print(f"{changed} page(s) updated, {len(chosen) - changed} already up to date.", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=ROOT, help="folder with mkdocs.yml (default: this project)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("report", help="list stale or unrecorded translations and old reviews")
    updating = commands.add_parser("update", help="record that English pages follow today's Indonesian")
    updating.add_argument("pages", nargs="*", type=Path, help="English pages, e.g. docs/kontak.en.md")
    updating.add_argument("--all", action="store_true", help="every translated page")
    args = parser.parse_args(argv)
    project = Project.load(args.project)
    if args.command == "report":
        return report(project)
    if not args.pages and not args.all:
        parser.error("name the English page(s) to update, or use --all")
    return update(project, args.pages, args.all)


if __name__ == "__main__":
    sys.exit(main())
