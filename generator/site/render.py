"""Jinja2 environment: templates turn page models into Markdown/HTML. Templates compute nothing.

Every value printed by a template is escaped twice over: for HTML (autoescape) and for Markdown
(`[`, `*`, `_`, backticks...), because text from input files is untrusted and a page is Markdown
before it is HTML. A template never marks input as safe.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import shutil
import sys
from datetime import date, datetime
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator import i18n
from generator.i18n import dates as i18n_dates
from generator.i18n import language
from generator.statistics import figures

# HTML's special characters and those that would start Markdown syntax (links, emphasis, code,
# headings, tables), each replaced by a numeric character reference in one pass.
_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+-!|~="})


def escape_text(value) -> Markup:
    """Escape a value for both HTML and Markdown. Markup (already escaped) passes unchanged."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(str(value).translate(_ESCAPES))


def relative_url(target: str, page_url: str) -> str:
    """A link from the page at `page_url` (a directory URL like 'rankings/2026-W47/') to `target`.

    Both are site-relative paths without a leading slash. Relative links keep the site working
    when it is served from a sub-path (GitHub Pages project sites).
    """
    target = target.lstrip("/")
    base = page_url.strip("/")  # a page URL is its directory
    rel = posixpath.relpath(target or ".", base or ".")
    if (target == "" or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    if rel == "./":
        return "./"
    return rel


@jinja2.pass_context
def _rel(context, target: str) -> str:
    # No default: a macro imported without context has no page URL, and resolving its links
    # against the site root instead would make every one of them wrong on a sub-page.
    if "page_url" not in context:
        raise jinja2.TemplateRuntimeError(
            f"|rel used without a page URL in {context.name}: import macros 'with context'"
        )
    return relative_url(target, context["page_url"])


def _fmt_number(value, digits: int = 0) -> str:
    """Fixed decimals for display, rounded as every reported figure is (generator.statistics.figures);
    NaN/None shown as an em dash."""
    try:
        return figures.text(value, digits)
    except (TypeError, ValueError):
        return str(value)


def _fmt_percent(value, digits: int = 1) -> str:
    """A fraction as a percentage (0.857 -> 85.7%), rounded as every reported figure is."""
    return figures.percent_text(value, digits)


def _fmt_kilobytes(size: int, digits: int = 1) -> str:
    """A file size in bytes as kilobytes of 1024 bytes (the unit is the template's to print)."""
    return _fmt_number(size / 1024, digits)


def _fmt_datetime(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if value is not None else "—"


# Messages in templates: `{{ _("…") }}` and `{% trans x=… %}…{{ x }}…{% endtrans %}` (Jinja's
# i18n extension, "new style": placeholders are filled by the call, %(x)s). The message text is the
# template's own (trusted, it may hold Markdown); what fills a placeholder is escaped for HTML and
# Markdown like any printed value, so an editor's text inside a sentence stays text.
def _filled(message: str, variables: dict) -> Markup:
    return Markup(message) % {k: escape_text(v) for k, v in variables.items()}


@jinja2.pass_context
def _gettext(context, message: str, **variables) -> Markup:
    return _filled(language.translated(message), variables)


@jinja2.pass_context
def _ngettext(context, singular: str, plural: str, num: int, **variables) -> Markup:
    return _filled(language.translated_plural(singular, plural, num), {"num": num, **variables})


@jinja2.pass_context
def _pgettext(context, message_context: str, message: str, **variables) -> Markup:
    return _filled(language.translated_in_context(message_context, message), variables)


# The language filters take the context only so that Jinja never evaluates them when it compiles
# a template (it folds a filter of a constant, `{{ "黄色"|name }}`, into the compiled code: in
# whichever language compiled it).
@jinja2.pass_context
def _name(context, value):
    """A proper name in the language being rendered (generator/i18n/names.py); a name the names
    table has no English form for stays Chinese, marked <span lang="zh"> in another edition."""
    if i18n.current() == i18n.SOURCE_LANGUAGE or value is None or i18n.has_name(value, i18n.current()):
        return i18n.name(value)
    return _chinese_runs(context, value)


@jinja2.pass_context
def _name_text(context, value):
    """A proper name as plain text (where no element can mark it: an attribute, a <title>, front
    matter); a name with no English form stays Chinese, unmarked."""
    return i18n.name(value)


def _per_render(function):
    @jinja2.pass_context
    def filter_(context, value):
        return function(value)

    filter_.__doc__ = function.__doc__
    return filter_


@jinja2.pass_context
def _chinese_text(context, value) -> Markup:
    """Text that has no English form (an editor's words, an enterprise's name), escaped; in
    another edition marked as Chinese (<span lang="zh">), so readers' tools and the site check
    know it."""
    text = escape_text(value)
    if i18n.current() == i18n.SOURCE_LANGUAGE or not str(text):
        return text
    return Markup('<span lang="zh">') + text + Markup("</span>")


# Han characters, CJK punctuation and full-width forms: the runs `zh_runs` marks.
_CHINESE_RUNS = re.compile("([\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+)")


@jinja2.pass_context
def _chinese_runs(context, value) -> Markup:
    """Text that may hold a name with no English form inside English words (a chart's title,
    "<unit's name>: daily mean of …", an outlet's name in a table), escaped; in another edition
    each run of Chinese in it is marked <span lang="zh">."""
    text = str(escape_text(value))
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        return Markup(text)
    return Markup(_CHINESE_RUNS.sub(r'<span lang="zh">\1</span>', text))


# What the compiled templates depend on besides their source: this module (the environment's
# settings and filters) and the versions of Jinja and Python. Part of the bytecode cache's folder
# name, so a change to any of them never meets templates compiled before it.
_COMPILED_WITH = hashlib.sha256(
    Path(__file__).read_bytes() + f"jinja2 {jinja2.__version__} {sys.version}".encode()
).hexdigest()[:16]


def make_env(cache_dir: Path | None = None) -> jinja2.Environment:
    """The page templates' environment. `cache_dir`: where compiled templates are kept between
    builds (Jinja's bytecode cache, keyed by each template's name and a checksum of its source, in a
    subfolder named for this module and the Jinja and Python versions); compiling them was a twentieth
    of a warm rebuild."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(_bytecode_dir(cache_dir))) if cache_dir else None,
        autoescape=True,
        finalize=escape_text,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Whitespace inside {% trans %} is collapsed, so a message id does not depend on indentation.
    env.policies["ext.i18n.trimmed"] = True
    env.newstyle_gettext = True  # read when templates are compiled: placeholders go to the call
    env.globals.update(gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext)
    env.filters["rel"] = _rel
    env.filters["num"] = _fmt_number
    env.filters["pct"] = _fmt_percent
    env.filters["kb"] = _fmt_kilobytes
    env.filters["dt"] = _fmt_datetime
    env.filters["name"] = _name
    env.filters["name_text"] = _name_text  # in an attribute, a <title> or front matter: no marks
    env.filters["zh"] = _chinese_text
    env.filters["zh_runs"] = _chinese_runs
    # Dates in words (numeric dates and times need no translation): generator/i18n/dates.py.
    env.filters["day_text"] = _per_render(i18n_dates.day_text)
    env.filters["short_day_text"] = _per_render(i18n_dates.short_day_text)
    env.filters["month_text"] = _per_render(i18n_dates.month_text)
    env.filters["weekday_text"] = _per_render(i18n_dates.weekday_text)
    return env


def _bytecode_dir(cache_dir: Path) -> Path:
    folder = Path(cache_dir) / _COMPILED_WITH
    folder.mkdir(parents=True, exist_ok=True)
    for old in Path(cache_dir).iterdir():  # templates compiled by other code or versions
        if old.is_dir() and old.name != _COMPILED_WITH:
            shutil.rmtree(old, ignore_errors=True)
    return folder
