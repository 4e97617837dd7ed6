"""A warm `python -m mkdocs` for the tests: the same build in a fresh process, without paying for imports.

scripts/build.py runs MkDocs in its own process (`python -m mkdocs build …`); starting Python and importing MkDocs,
Material, the plugins and their libraries costs more than building a fixture site. This server imports them once
and forks one child per build, so every build still starts from a clean process: nothing of the project (hooks,
their sibling modules, their caches) is ever imported here, only libraries, and whatever a build changes dies
with its child. Two more things a fresh process would redo every build are kept here: the regular expressions
a build compiled (Python's own `re` cache, filled here with the same patterns: Markdown's, soupsieve's, the hooks'),
and the bytecode of the project's modules (compiled in a child, kept in a folder of this server under a hash of
the source: the fixture sites are new copies, and PYTHONDONTWRITEBYTECODE may forbid __pycache__).

The tests start it (conftest.py) and hand it build.py's own command line. Protocol, one JSON line each way:
request {"args": [...mkdocs arguments], "cwd": ..., "env": {...}, "log": file for stdout+stderr}
answers {"pid": child} at once, then {"code": exit status} when the build ends.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
import sys
import sysconfig
import tempfile
import traceback
import types
from importlib.machinery import SourceFileLoader

LIBRARIES = tuple(sorted({os.path.realpath(sysconfig.get_path(name)) + os.sep
                          for name in ("stdlib", "platstdlib", "purelib", "platlib")}))
PROJECT_FREE = {"__main__", "__mp_main__"}


def library_modules() -> list[str]:
    """Modules loaded from the standard library or site-packages (never from a project folder)."""
    names = []
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if name not in PROJECT_FREE and path and os.path.realpath(path).startswith(LIBRARIES) and "/" not in name:
            names.append(name)
    return names


def run_child(request: dict) -> int:
    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    # As `python -m mkdocs` from cwd: the working folder first on sys.path, argv as the CLI sees it.
    sys.path[0] = request["cwd"]
    sys.argv = [sys.argv[0], *request["args"]]
    if CODE:
        SourceFileLoader.source_to_code = compiled_once
    from mkdocs.__main__ import cli
    try:
        cli.main(args=request["args"], prog_name="mkdocs")
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:
        traceback.print_exc()
        code = 1
    with open(request["log"] + ".modules", "w", encoding="utf-8") as modules:
        modules.write("\n".join(library_modules() + [LOCALE + name for name in loaded_locales()]))
    with open(request["log"] + ".regexes", "w", encoding="utf-8") as regexes:
        json.dump([[pattern.decode("latin-1"), True, flags] if isinstance(pattern, bytes) else [pattern, False, flags]
                   for _, pattern, flags in list(getattr(re, "_cache", {}))], regexes)
    return code


CODE: str | None = None  # the server's folder of compiled code, shared by its children
_compile_source = SourceFileLoader.source_to_code


def compiled_once(loader, data, path, *, _optimize=-1):
    """SourceFileLoader.source_to_code in a child: the code of a source compiled by an earlier child, under the
    path of this copy (its tracebacks name this file), or compiled now and kept for the next."""
    kept = os.path.join(CODE, hashlib.sha256(data if isinstance(data, bytes) else data.encode("utf-8")).hexdigest())
    try:
        with open(kept, "rb") as file:
            return _with_path(marshal.load(file), path)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    code = _compile_source(loader, data, path, _optimize=_optimize)
    with open(f"{kept}.{os.getpid()}", "wb") as file:
        marshal.dump(code, file)
    os.replace(f"{kept}.{os.getpid()}", kept)
    return code


def _with_path(code: types.CodeType, path: str) -> types.CodeType:
    return code.replace(co_filename=path, co_consts=tuple(
        _with_path(const, path) if isinstance(const, types.CodeType) else const for const in code.co_consts))


LOCALE = "babel-locale:"


def loaded_locales() -> list[str]:
    """The locales whose data Babel read from disk in this build (dates in the pages' languages)."""
    localedata = sys.modules.get("babel.localedata")
    return sorted(getattr(localedata, "_cache", {})) if localedata else []


def load_locale(name: str) -> None:
    import babel.localedata
    babel.localedata.load(name)


def main() -> None:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    import mkdocs.__main__  # noqa: F401
    global CODE
    with tempfile.TemporaryDirectory(prefix="warm-mkdocs-code-") as CODE:
        serve()


def serve() -> None:
    answers = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        answers.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = run_child(request)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        answers.write(json.dumps({"pid": pid}) + "\n")
        answers.flush()
        _, status = os.waitpid(pid, 0)
        answers.write(json.dumps({"code": os.waitstatus_to_exitcode(status)}) + "\n")
        answers.flush()
        warm_up(request["log"])


def warm_up(log: str) -> None:
    """Import here the libraries the last build needed (MkDocs' plugins, Markdown extensions, the hooks' libraries),
    read the Babel locale data it read and compile the regular expressions it compiled, so that the next child
    finds them ready."""
    try:
        with open(log + ".modules", encoding="utf-8") as modules:
            wanted = [name for name in modules.read().split("\n") if name and name not in sys.modules]
        with open(log + ".regexes", encoding="utf-8") as regexes:
            patterns = json.load(regexes)
    except OSError:
        wanted, patterns = [], []
    for suffix in (".modules", ".regexes"):
        try:
            os.unlink(log + suffix)
        except OSError:
            pass
    for name in wanted:
        try:
            load_locale(name[len(LOCALE):]) if name.startswith(LOCALE) else __import__(name)
        except Exception:  # a module that only imports in a build's context stays cold
            pass
    for pattern, is_bytes, flags in patterns:
        try:
            re.compile(pattern.encode("latin-1") if is_bytes else pattern, flags)
        except (re.error, TypeError, ValueError):
            pass


if __name__ == "__main__":
    main()
