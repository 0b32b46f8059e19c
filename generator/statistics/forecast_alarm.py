"""Each forecast against the warning grading rules, and against the register's notices.

A forecast is graded with the standards engine's warning rules (the `warnings check` logic,
generator/standards/warning_levels.py, with the configured rules: [warnings] grading_rules) on the
upper end of each day's AQI range: the worst the forecast allows, which is what the emergency plan
asks the city to prepare for. When it meets a warning level, a notice covers it if it is a city
warning (not a lift, not a provincial notice) of that level or higher, for the city as a whole (a
city forecast) or including the area (an area forecast), in force during at least one of the days
that met the level.

Only the latest forecast can still call for a warning: an uncovered finding of it is an *alarm* for
the editors (build log, /forecast/check/, `forecasts check`). Findings of earlier issues are kept as
history. Nothing here publishes a warning: only the bureau's notices do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd

from generator.sources.registers.forecast_rows import CITY
from generator.sources.registers.forecasts import Forecast
from generator.sources.registers.warnings import LEVEL_RANK, Notice, Register
from generator.standards.warning_levels import LEVEL_ZH, assess_warning


@dataclass(frozen=True)
class Finding:
    """A forecast (city or one area) that meets a warning level under the grading rules."""

    forecast: Forecast
    area: str  # CITY or an area slug
    area_name: str
    level: str  # yellow | orange | red
    explanation: str
    days: tuple[date, ...]  # the days of the run that met the level
    grading_rules: str
    covered_by: tuple[Notice, ...]

    @property
    def level_zh(self) -> str:
        return LEVEL_ZH[self.level]

    @property
    def covered(self) -> bool:
        return bool(self.covered_by)


def grade(forecast: Forecast, area: str, grading_rules: str):
    """The engine's assessment of one area's forecast days, on the upper end of each range."""
    days = forecast.area_days(area)
    # Built from lists, not a {date: AQI} dict: pandas reads a dict's keys one by one (an area has
    # each date once, so the series is the same).
    series = pd.Series([d.aqi_max for d in days], index=pd.DatetimeIndex([d.date for d in days]), dtype=float)
    return assess_warning(series, rules=grading_rules)


def _covers_area(notice: Notice, area: str) -> bool:
    if area == CITY:
        return notice.whole_city
    return notice.whole_city or any(a.slug == area for a in notice.areas)


def covering_notices(register: Register, area: str, level: str, days: tuple[date, ...]) -> tuple[Notice, ...]:
    """Warnings of `level` or higher for the area in force during at least one of `days`."""
    found = []
    for notice in register:
        # A provincial warning calls for the city's response; only the city's own warning answers it.
        if notice.is_lift or notice.provincial or LEVEL_RANK[notice.level] < LEVEL_RANK[level]:
            continue
        if not _covers_area(notice, area):
            continue
        zone = notice.effective_from.tzinfo
        for day in days:
            start = datetime.combine(day, time(), tzinfo=zone)
            if notice.effective_from < start + timedelta(days=1) and register.end(notice) > start:
                found.append(notice)
                break
    return tuple(found)


def findings(forecast: Forecast, register: Register, grading_rules: str) -> list[Finding]:
    """Every area of the forecast (city first) that meets a warning level, with the notices covering it."""
    out = []
    for area in forecast.areas:
        result = grade(forecast, area, grading_rules)
        if result.level == "none":
            continue
        days = tuple(d.date() for d in result.days)
        out.append(
            Finding(
                forecast=forecast,
                area=area,
                area_name=forecast.area_days(area)[0].area_name,
                level=result.level,
                explanation=result.explanation,
                days=days,
                grading_rules=grading_rules,
                covered_by=covering_notices(register, area, result.level, days),
            )
        )
    return out


def all_findings(forecasts: list[Forecast], register: Register, grading_rules: str) -> list[Finding]:
    return [f for forecast in forecasts for f in findings(forecast, register, grading_rules)]


def alarms(forecasts: list[Forecast], register: Register, grading_rules: str) -> list[Finding]:
    """Uncovered findings of the latest forecast: what the editors must look at now."""
    if not forecasts:
        return []
    latest = max(forecasts, key=lambda f: f.issued_at)
    return [f for f in findings(latest, register, grading_rules) if not f.covered]


def alarm_text(finding: Finding) -> str:
    """One line for the build log and the workflow annotation."""
    days = "、".join(d.isoformat() for d in finding.days)
    return (
        f"预报 {finding.forecast.id}（{finding.forecast.issued_at:%Y-%m-%d %H:%M} 发布）"
        f"{finding.area_name}达到{finding.level_zh}预警条件（{days}），登记册中没有覆盖它的"
        f"{finding.level_zh}或更高级别预警：{finding.explanation}"
    )


def rests_on(notice: Notice, forecasts: list[Forecast], found: list[Finding]) -> Forecast | None:
    """The forecast a warning rests on: the latest issued by the notice's issue time that met a
    warning level this notice covers."""
    if notice.is_lift:
        return None
    candidates = [
        f.forecast for f in found if f.forecast.issued_at <= notice.issued_at and notice in f.covered_by
    ]
    return max(candidates, key=lambda f: f.issued_at, default=None)
