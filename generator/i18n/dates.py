"""Dates in words, in the language being rendered: 2026年12月7日 / 7 December 2026.

Numeric dates and times (2026-12-07, 08:00) are the same in both editions and need none of this.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from generator.i18n.language import current

_LOCALES = {"zh": "zh_Hans_CN", "en": "en_GB"}


def day_text(value: date) -> str:
    """2026年12月7日 / 7 December 2026."""
    if current() == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return format_date(value, "d MMMM y", locale=_LOCALES[current()])


def short_day_text(value: date) -> str:
    """12月7日 / 7 December (the year said elsewhere on the page)."""
    if current() == "zh":
        return f"{value.month}月{value.day}日"
    return format_date(value, "d MMMM", locale=_LOCALES[current()])


def month_text(value: date) -> str:
    """2026年12月 / December 2026."""
    if current() == "zh":
        return f"{value.year}年{value.month}月"
    return format_date(value, "MMMM y", locale=_LOCALES[current()])


def weekday_text(value: date) -> str:
    """星期一 / Monday."""
    return format_date(value, "EEEE", locale=_LOCALES[current()])
