"""The words of a ranking's cells: figures, primary pollutants, why an area is not ranked, its
rank and its change, the rules a figure follows; in the language being rendered."""

from __future__ import annotations

import re

from generator.i18n import _
from generator.pages.shared.pollutant_words import primary_words
from generator.standards.rules import level_info, rules_for
from generator.statistics import figures

is_missing = figures.is_missing


def fmt(value, decimals: int) -> str:
    """A reported figure: GB/T 8170 rounding to `decimals` places; missing shown as '—'."""
    return figures.text(value, decimals)


def fmt_rate(value) -> str:
    return figures.signed_percent_text(value)  # the engine's change rate: percent, 1 decimal


def primary_text(primary, aqi_days, rules) -> str:
    """The week's primary pollutant in words. HJ 633 names none on a day whose AQI is within the
    first level (优), so a week with AQI days but no primary pollutant says so; a week without
    any AQI day shows a dash with the reason."""
    if not is_missing(primary):
        return primary_words(primary)
    if is_missing(aqi_days) or int(aqi_days) == 0:
        return _("—（无有效日 AQI）")
    version = str(rules).split("+")[-1] if not is_missing(rules) else "2026"
    return _("无（AQI ≤ %(aqi)s）", aqi=level_info(1, version).aqi_max)


# The engine's reasons for not ranking (generator/standards/composite.py), said again in the
# page's language: "PM2.5有效天数3天，少于5天", "综合指数缺少数据", joined with "；".
_SHORT_DAYS = re.compile(r"^(?P<pollutant>.+?)有效天数(?P<days>\d+)天，少于(?P<needed>\d+)天$")
_NO_COMPOSITE = "综合指数缺少数据"


def reason_text(reason) -> str:
    """Why a row is not ranked, in the language being rendered (a part the page does not know
    stays as the engine wrote it)."""
    if not reason:
        return ""
    parts = []
    for part in str(reason).split("；"):
        short = _SHORT_DAYS.match(part)
        if short:
            part = _("%(pollutant)s有效天数%(days)s天，少于%(needed)s天", **short.groupdict())
        elif part == _NO_COMPOSITE:
            part = _("综合指数缺少数据")
        parts.append(part)
    return _("；").join(parts)


def rank_text(rank, tied: bool) -> str:
    if is_missing(rank):
        return "—"
    return _("%(rank)s（并列）", rank=int(rank)) if tied else f"{int(rank)}"


def rank_change_text(now, before) -> str:
    if is_missing(now) or is_missing(before):
        return _("名次无对比")
    delta = int(before) - int(now)
    if delta > 0:
        return _("名次↑%(delta)s（原第%(before)s）", delta=delta, before=int(before))
    if delta < 0:
        return _("名次↓%(delta)s（原第%(before)s）", delta=-delta, before=int(before))
    return _("名次持平（第%(before)s）", before=int(before))


def rules_label(version: str) -> str:
    """'2012' -> the label of that rule set; '2012+2026' (a week across 2026-03-01) -> both."""
    parts = [rules_for(v) for v in str(version).split("+")]
    return _("；").join(
        _("、").join((r.aqi_standard, r.assessment_standard, r.limits_standard)) for r in parts
    )


def rules_short(version: str) -> str:
    return "+".join(_("%(year)s年版", year=v) for v in str(version).split("+"))
