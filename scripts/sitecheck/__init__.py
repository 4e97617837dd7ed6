"""Build-time checks for the Kerja Aman site: sources before MkDocs, built HTML after it.

Rules the MkDocs hooks apply too live once, beside the hooks in overrides/hooks/ (contact_book.py,
markdown_parts.py), because hooks cannot import from scripts/ (only their own folder is on sys.path while
MkDocs loads them); so this package puts that folder on the path and its modules import them from there.
"""

import sys
from pathlib import Path

HOOKS = Path(__file__).resolve().parents[2] / "overrides" / "hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))
