"""One way to read YAML for the hooks and the checks: the data files (docs/_data/*.yml) and front matter.

libyaml's safe loader when PyYAML was built with it (many times faster on the contact list), else PyYAML's own
safe loader; both accept the same files and raise the same yaml.YAMLError with its line. Not a hook.
"""

from __future__ import annotations

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str):
    """Like yaml.safe_load(text)."""
    return yaml.load(text, Loader=LOADER)
