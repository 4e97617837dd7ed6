"""A warm `python -m mkdocs` for the tests: the same build in a fresh process, without paying for imports.

scripts/build.py runs MkDocs in its own process (`python -m mkdocs build …`); starting Python and importing MkDocs,
Material, the plugins and their libraries costs more than building a fixture site. This server imports them once
and forks one child per build, so every build still starts from a clean process: nothing of the project (hooks,
their sibling modules, their caches) is ever imported here, only libraries, and whatever a build changes dies
with its child.

The tests start it (conftest.py) and hand it build.py's own command line. Protocol, one JSON line each way:
request {"args": [...mkdocs arguments], "cwd": ..., "env": {...}, "log": file for stdout+stderr}
answers {"pid": child} at once, then {"code": exit status} when the build ends.
"""

from __future__ import annotations

import json
import os
import sys
import sysconfig
import traceback

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
    return code


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
        # Warm up for the next build: import here the libraries this one needed (MkDocs' plugins, Markdown
        # extensions, the hooks' libraries) and read the Babel locale data it read, so that the next child
        # finds them loaded.
        try:
            with open(request["log"] + ".modules", encoding="utf-8") as modules:
                wanted = [name for name in modules.read().split("\n") if name and name not in sys.modules]
            os.unlink(request["log"] + ".modules")
        except OSError:
            wanted = []
        for name in wanted:
            try:
                load_locale(name[len(LOCALE):]) if name.startswith(LOCALE) else __import__(name)
            except Exception:  # a module that only imports in a build's context stays cold
                pass


if __name__ == "__main__":
    main()
