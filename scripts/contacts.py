"""Keep the contact numbers true: a call sheet for staff, and a record of each phone check.

    python scripts/contacts.py call-sheet
        (Re)writes the printable call sheet, docs/cetak/telepon.<language>.md for each language of mkdocs.yml,
        from scripts/call_sheet/<language>.md. The build
        fills its table from docs/_data/contacts.yml: every number the site shows, with its name, hours, the
        question to ask, and empty boxes for the date, the result and the caller's name.

    python scripts/contacts.py record kp2mi-call-center --called 2026-12-10 --by "Migrant Center Pontianak" \\
        --result answered [--note "…"]
        Adds the call to the contact's `calls:` in docs/_data/contacts.yml, keeping every comment and the
        order of the file (ruamel.yaml), then checks the whole file as the build does. Results: answered,
        no_answer, wrong_number, moved. A wrong_number or moved call takes the contact's numbers off the
        site at the next build, until a newer call is answered.

Bad input (unknown id, a date that is not YYYY-MM-DD or is in the future, an unknown result) gets one line,
Indonesian first, and exit code 2; the data file is then left exactly as it was.
"""

from __future__ import annotations

import argparse
import datetime
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))

import contacts_book  # noqa: E402
import share_numbers  # noqa: E402

SHEET = "docs/cetak/telepon"
# The sheet's page in each language of mkdocs.yml: scripts/call_sheet/<language>.md, with {reviewed} and {help}
# filled in here (a literal brace is doubled: {{ #lembar-telepon }}).
SHEET_TEMPLATES = Path(__file__).resolve().parent / "call_sheet"


def fail(message_id: str, message_en: str, fix: str) -> int:
    """One line, Indonesian first, naming the file and the fix; exit code 2."""
    print(f"{contacts_book.DATA_REL}: {message_id} / {message_en} — {fix}", file=sys.stderr)
    return 2


def _yaml():
    from ruamel.yaml import YAML
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def record(root: Path, contact_id: str, called: str, by: str, result: str, note: str | None,
           today: datetime.date | None = None, out=sys.stdout) -> int:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    today = today or datetime.date.today()
    path = root / contacts_book.DATA_REL
    if not path.is_file():
        return fail("file data kontak tidak ada", "the contact file does not exist", f"run this in the project folder")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", called or ""):
        return fail(f"tanggal '{called}' tidak bisa dibaca", f"the date '{called}' cannot be read",
                    "tulis --called TAHUN-BULAN-TANGGAL / write --called YYYY-MM-DD, e.g. --called 2026-12-10")
    try:
        day = datetime.date.fromisoformat(called)
    except ValueError:
        return fail(f"tanggal '{called}' tidak ada", f"the date '{called}' does not exist",
                    "periksa bulan dan tanggalnya / check the month and the day")
    if day > today:
        return fail(f"tanggal {called} belum lewat", f"the date {called} is in the future",
                    "tulis tanggal Anda menelepon / write the day you called")
    if result not in contacts_book.RESULTS:
        return fail(f"hasil '{result}' tidak dikenal", f"unknown result '{result}'",
                    f"pakai salah satu / use one of: {', '.join(contacts_book.RESULTS)}")
    if not (by or "").strip():
        return fail("nama penelepon kosong", "the caller's name is empty",
                    "tulis --by \"nama Anda atau kantor Anda\" / write --by \"your name or office\"")
    original = path.read_bytes()
    yaml = _yaml()
    try:
        data = yaml.load(original.decode("utf-8"))
    except Exception as error:  # noqa: BLE001 - any parse error: the build explains it better
        return fail("file data kontak tidak bisa dibaca", f"the contact file cannot be read ({type(error).__name__})",
                    "jalankan / run: python scripts/build.py, lalu perbaiki baris yang disebut / then fix the line it names")
    entries = data.get("contacts") if isinstance(data, dict) else None
    entry = next((c for c in entries or [] if isinstance(c, dict) and c.get("id") == contact_id), None)
    if entry is None:
        known = [str(c.get("id")) for c in entries or [] if isinstance(c, dict)]
        return fail(f"kontak '{contact_id}' tidak ada", f"no contact '{contact_id}'",
                    f"pakai id yang ada / use an existing id, e.g. {contacts_book._closest(contact_id, set(known))}")
    call = CommentedMap([("date", day), ("by", DoubleQuotedScalarString(by.strip())), ("result", result)])
    if note and note.strip():
        call["note"] = DoubleQuotedScalarString(note.strip())
    call.fa.set_flow_style()
    if entry.get("calls") is None:
        keys = list(entry.keys())
        where = keys.index("source_date") + 1 if "source_date" in keys else len(keys)
        if "calls" in keys:
            del entry["calls"]
            keys.remove("calls")
        entry.insert(where, "calls", CommentedSeq())
    if not isinstance(entry["calls"], list):
        return fail(f"'calls' kontak '{contact_id}' bukan daftar", f"'calls' of '{contact_id}' is not a list",
                    "perbaiki baris itu dulu / correct that line first")
    entry["calls"].append(call)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    text = buffer.getvalue()
    book, issues = contacts_book.load(root, _languages(root), text)
    if issues:
        print(f"{contacts_book.DATA_REL}: data belum dicatat, karena file akan rusak / not recorded, the file would "
              f"break — {issues[0]}", file=sys.stderr)
        return 2
    path.write_bytes(text.encode("utf-8"))
    contact = book.contacts[contact_id]
    print(f"Dicatat / recorded: {contact_id} {day} {by.strip()} {result}", file=out)
    if contact.withdrawn:
        numbers = ", ".join(n.display for n in contact.withdrawn)
        print(f"Nomor {numbers} akan hilang dari situs pada build berikutnya / will be taken off the site at the "
              f"next build, until a newer call is answered.", file=out)
    elif contact.checked_call:
        print("Kartu kontak akan menulis / the card will say: Dicek dengan menelepon / Checked by phone: "
              f"{day} ({by.strip()}).", file=out)
    print("Lalu / next: python scripts/build.py, commit, pull request (see CONTRIBUTING.md).", file=out)
    return 0


def _languages(root: Path) -> list[str]:
    """The project's languages, the default first, as MkDocs reads mkdocs.yml."""
    from sitecheck.project import Project
    return Project.load(root).languages


def call_sheet(root: Path, today: datetime.date | None = None, out=sys.stdout) -> int:
    today = today or datetime.date.today()
    book, issues = contacts_book.load(root, _languages(root))
    if issues or book is None:
        for issue in issues or [f"{contacts_book.DATA_REL}: missing"]:
            print(str(issue), file=sys.stderr)
        return 2
    numbers = sum(len(c.phones) + len(c.whatsapp) for c in book.contacts.values())
    for language in book.languages:
        source = SHEET_TEMPLATES / f"{language}.md"
        if not source.is_file():
            print(f"{source.relative_to(ROOT).as_posix()}: the call sheet has no page in '{language}' — copy "
                  f"{SHEET_TEMPLATES.relative_to(ROOT).as_posix()}/{book.languages[0]}.md there and translate it",
                  file=sys.stderr)
            return 2
        template = source.read_text(encoding="utf-8")
        path = root / f"{SHEET}.{language}.md"
        reviewed = today.isoformat()
        if path.is_file():
            match = re.search(r"^reviewed:\s*(\S+)", path.read_text(encoding="utf-8"), re.M)
            reviewed = match.group(1) if match else reviewed
        text = template.format(reviewed=reviewed, help=share_numbers.help_line(book, language))
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        # The English page's `translation_of:` line (scripts/translations.py) is kept where it is.
        if re.sub(r"^translation_of:.*\n", "", old, flags=re.M) == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        kept = re.search(r"^translation_of:.*\n", old, re.M)
        if kept:  # the translation record stays; translations.py says when the English falls behind
            text = text.replace("\n---\n", f"\n{kept.group(0)}---\n", 1)
        if old != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {SHEET}.{language}.md", file=out)
    print(f"The call sheet lists {numbers} numbers; the build fills it from {contacts_book.DATA_REL}. "
          f"Print /cetak/telepon/ (2 A4 pages at most).", file=out)
    return 0


class _Parser(argparse.ArgumentParser):
    """Argument mistakes in one line, Indonesian first, like every other mistake here."""

    def error(self, message: str):
        print(f"{contacts_book.DATA_REL}: perintah tidak lengkap atau salah / bad command ({message}) — "
              "contoh / example: python scripts/contacts.py record kp2mi-call-center --called 2026-12-10 "
              "--by \"Migrant Center Pontianak\" --result answered", file=sys.stderr)
        raise SystemExit(2)


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=ROOT, help="folder with mkdocs.yml (default: this project)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("call-sheet", help="write the printable call sheet (docs/cetak/telepon.*.md)")
    rec = commands.add_parser("record", help="record a phone check in docs/_data/contacts.yml")
    rec.add_argument("id", help="the contact id, e.g. kp2mi-call-center")
    rec.add_argument("--called", required=True, help="the day of the call, YYYY-MM-DD")
    rec.add_argument("--by", required=True, help="who called: a name or an office")
    rec.add_argument("--result", required=True, help=f"one of: {', '.join(contacts_book.RESULTS)}")
    rec.add_argument("--note", help="optional: what you learnt (e.g. the hours)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 2
    root = args.project.resolve()
    if args.command == "call-sheet":
        return call_sheet(root)
    return record(root, args.id, args.called, args.by, args.result, args.note)


if __name__ == "__main__":
    sys.exit(main())
