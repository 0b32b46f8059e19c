"""How old the data is at build time: a site built long after its data ends must not call the
latest ranking "this week's".

The data is stale when the latest complete (published) week ended more than
`site.stale_after_days` days (data/site.toml, default 10) before the build date. The scheduled
build runs every Monday, so fresh data is at most a day old; 10 days allow one missed run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.errors import InputError
from generator.i18n import _, ngettext
from generator.statistics import iso_weeks

DEFAULT_STALE_AFTER_DAYS = 10


def stale_after_days(config) -> int:
    value = config.site.get("stale_after_days", DEFAULT_STALE_AFTER_DAYS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(
            config.path, f"must be a whole number of days ≥ 0, got {value!r}", field="site.stale_after_days"
        )
    return value


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from `earlier` to `later` (2019-12-29 -> 2020-01-28 is 0)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def age_text(earlier: date, later: date) -> str:
    """'2 年 11 个月', '3 个月', '25 天' (2 years 11 months): how long ago `earlier` was, seen from
    `later`, in the language being rendered."""
    months = months_between(earlier, later)
    if months < 1:
        return ngettext("%(num)s 天", "%(num)s 天", (later - earlier).days)
    years, months = divmod(months, 12)
    month_text = ngettext("%(num)s 个月", "%(num)s 个月", months)
    if not years:
        return month_text
    return ngettext("%(num)s 年", "%(num)s 年", years) + (f" {month_text}" if months else "")


@dataclass(frozen=True)
class Freshness:
    data_end: date  # the Sunday of the latest complete week (or the last day with data)
    built_on: date
    stale_after_days: int
    # The last day with any data (2019-12-31 when the latest complete week ends 2019-12-29): what
    # the notice names, so it never says the data ends before days the site shows.
    last_day: date | None = None

    @property
    def age_days(self) -> int:
        return (self.built_on - self.data_end).days

    @property
    def is_stale(self) -> bool:
        return self.age_days > self.stale_after_days

    @property
    def notice(self) -> str:
        """'数据截至 2019-12-31，已 6 年 10 个月未更新' (empty when fresh)."""
        if not self.is_stale:
            return ""
        last = max(self.last_day or self.data_end, self.data_end)
        age = age_text(last, self.built_on)
        return _("数据截至 %(day)s，已 %(age)s未更新", day=last.isoformat(), age=age)


def freshness(ctx) -> Freshness | None:
    """The build's Freshness, or None when there is no data at all."""
    if ctx.as_of is None:
        return None
    published = iso_weeks.weeks(ctx)
    data_end = published[-1].end if published else ctx.as_of.date()
    last_day = ctx.as_of.astimezone(ctx.built_at.tzinfo).date() if ctx.as_of.tzinfo else ctx.as_of.date()
    return Freshness(data_end, ctx.built_at.date(), stale_after_days(ctx.config), last_day)


def stale_notice(ctx) -> str:
    """The notice when the data is stale, else ''."""
    fresh = freshness(ctx)
    return fresh.notice if fresh is not None else ""
