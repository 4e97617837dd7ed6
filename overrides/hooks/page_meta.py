"""Front matter shown on the page: dates written the way each language writes them."""

import datetime

from babel.dates import format_date

import languages


def ka_date(value, language):
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    # Day, month name, year, as each language writes them: "17 Agustus 2026", "17 August 2026".
    return format_date(value, format="d MMMM y", locale=language)


def on_env(env, config, files):
    env.filters["ka_date"] = ka_date
    return languages.install(env, config)
