"""The site's languages: Chinese, the language the pages are written in, and English, translated
through message catalogs (gettext, read with Babel) and a names table.

A build renders every page once per language (generator/build.py) inside `use(language)`; the
functions here read that language, so one page model and one template make both editions.

- `_("…")` (Python) and `{{ _("…") }}` / `{% trans %}…{% endtrans %}` (templates): a message. The
  message id is the Chinese text itself; the Chinese edition prints it as it is, the English
  edition prints its translation from `generator/i18n/en/*.po`. Placeholders are `%(name)s`.
- `N_("…")`: marks a message kept in a constant; it is translated where it is printed, `_(CONST)`.
- `name("海州区")`: a proper name (area, station, city, pollutant, level, standard) from the names
  table `names.csv`, with its official English form.

This package does no I/O beyond its own catalogs and table (like the standards' tables), so every
stage may use it.
"""

from generator.i18n.language import (
    LANGUAGES,
    N_,
    SOURCE_LANGUAGE,
    _,
    current,
    edition_prefix,
    gettext,
    ngettext,
    pgettext,
    use,
)
from generator.i18n.names import has_name, name

__all__ = [
    "LANGUAGES",
    "SOURCE_LANGUAGE",
    "N_",
    "_",
    "current",
    "edition_prefix",
    "gettext",
    "has_name",
    "name",
    "ngettext",
    "pgettext",
    "use",
]
