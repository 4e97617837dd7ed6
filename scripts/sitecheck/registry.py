"""Every check of the build, feature by feature, in the order their problems are printed.

Each feature keeps its checks beside its hook, in overrides/hooks/<feature>_checks.py, and lists them there:
SOURCE_CHECKS take (project, sources) before MkDocs runs, SITE_CHECKS take the built site after it. A new
check goes into its feature's lists; a new feature is one more line below. scripts/build.py runs exactly this.
"""

from __future__ import annotations

import changes_checks
import contacts_checks
import freshness_checks
import glossary_checks
import headers_checks
import journey_checks
import languages_checks
import pages_checks
import phone_checks
import print_checks
import share_checks
import site_settings_checks
import offer_checks
import tppo_checks

FEATURES = [
    site_settings_checks,  # this site's settings under 'extra:' in mkdocs.yml
    languages_checks,  # each language of mkdocs.yml has its interface strings
    pages_checks,      # every page: links, front matter, headings, twins, title, alt text
    contacts_checks,   # docs/_data/contacts.yml, contact cards, tel: links
    print_checks,      # handouts and the booklet
    journey_checks,    # step-by-step pages
    glossary_checks,   # docs/_data/glossary.yml and term links
    share_checks,      # WhatsApp message, link previews, sitemap, redirects
    tppo_checks,       # the job-offer checklist
    offer_checks,      # the message check's rules (docs/_data/offer-signs.*.yml)
    freshness_checks,  # stale translations, old reviews
    changes_checks,    # change notes
    headers_checks,    # the Content Security Policy
    phone_checks,      # page weight, print documents, the offline zip
]


def source_checks() -> list:
    return [check for feature in FEATURES for check in feature.SOURCE_CHECKS]


def site_checks() -> list:
    return [check for feature in FEATURES for check in feature.SITE_CHECKS]


def stopping_checks() -> list:
    """Source checks whose problems stop the build before MkDocs, like an unreadable file."""
    return [check for feature in FEATURES for check in getattr(feature, "STOPPING_CHECKS", [])]
