"""The engine of the build's checks; the checks themselves live with their features (see ARCHITECTURE.md).

- model.py: the types every check receives (Problem, Source, BuiltSite, Page); it imports no feature.
- registry.py: the list of features whose checks the build runs, in order.
- project.py, mkdocs_log.py, size_report.py, phone_metrics.py: reading mkdocs.yml, MkDocs' own warnings, page
  sizes, the phone measurements of the browser tests.

Each feature keeps its hook, its rules and its checks in overrides/hooks/ (contacts.py, contacts_book.py,
contacts_checks.py), because hooks cannot import from scripts/ (only their own folder is on sys.path while
MkDocs loads them); so this package puts that folder on the path, and the checks there import the model as
`sitecheck.model`.
"""

import sys
from pathlib import Path

HOOKS = Path(__file__).resolve().parents[2] / "overrides" / "hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))
