"""One forecast issue's rows: the fields of a forecast day, and the checks on each.

A row is one day for the city (全市) or for one area: the date, the AQI range, the level or levels
it spans (良, 良至轻度污染), the primary pollutant(s) and free text. The level is checked against
the AQI range under the AQI rules in force on that day (HJ 633-2012 to 2026-02-28, HJ 633-2026
from 2026-03-01, generator/standards/rules.py), so a forecast cannot name a level its numbers do not
reach. Every error names the file, the row and the field. File-level checks are in forecasts.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from generator.config import SiteConfig
from generator.errors import InputError
from generator.sources.registers.area_names import WHOLE_CITY, city_or_area, known_areas
from generator.standards.aqi import aqi_levels
from generator.standards.rules import level_info, rules_for, version_for_date

# The city as a whole, in the `area` field.
CITY = WHOLE_CITY
# A forecast covers the days after its issue date, up to this many.
HORIZON_DAYS = 7
# How two levels are joined in the level field: 良至轻度污染 (also 良~轻度污染, 良-轻度污染).
_LEVEL_JOIN = re.compile(r"\s*(?:至|~|～|-|—|－|到)\s*")
# Primary pollutants as the public reports name them; written forms (upper-cased) -> label.
PRIMARY_LABELS = {
    "PM2.5": "PM2.5",
    "PM25": "PM2.5",
    "PM10": "PM10",
    "O3": "O3",
    "O3_8H": "O3",
    "NO2": "NO2",
    "SO2": "SO2",
    "CO": "CO",
    "臭氧": "O3",
    "细颗粒物": "PM2.5",
    "可吸入颗粒物": "PM10",
    "二氧化氮": "NO2",
    "二氧化硫": "SO2",
    "一氧化碳": "CO",
}
_PRIMARY_SPLIT = re.compile(r"\s*[、,，;；/和]\s*|\s+")
NO_PRIMARY = ("", "—", "-", "无")


@dataclass(frozen=True)
class ForecastDay:
    """One forecast day of the city or an area, validated."""

    area: str  # CITY or an area slug
    area_name: str
    date: date
    lead: int  # days after the issue date: 1 = tomorrow
    aqi_min: int
    aqi_max: int
    level_min: int  # AQI level (1-6) of aqi_min under the rules of the date
    level_max: int
    level_text: str  # the level(s) in words, as the standard names them: 良至轻度污染
    primary: tuple[str, ...]
    text: str
    rules: str  # AQI rules version of the date ("2012" or "2026")


def area_key(value: object, config: SiteConfig, fail) -> tuple[str, str]:
    """(key, name) of the area a row is for: 全市, or a configured area by name or slug."""
    if not isinstance(value, str) or not value.strip():
        fail("area", "缺少区域：写“全市”或县区名称")
    name = value.strip()
    found = city_or_area(name, config)
    if found is None:
        fail("area", f"未知的区域“{name}”；可用：全市、{known_areas(config)}")
    return found


def parse_day(value: object, issue_date: date, fail) -> tuple[date, int]:
    """The forecast date and its lead: one of the HORIZON_DAYS days after the issue date."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            fail("date", f"“{value}”不是日期；请写成 2026-11-23")
    if not isinstance(value, date) or isinstance(value, datetime):
        fail("date", f"“{value}”不是日期；请写成 2026-11-23")
    lead = (value - issue_date).days
    if not 1 <= lead <= HORIZON_DAYS:
        last = issue_date + timedelta(days=HORIZON_DAYS)
        fail(
            "date",
            f"预报日期 {value} 不在发布日 {issue_date} 之后的 {HORIZON_DAYS} 天内"
            f"（应为 {issue_date + timedelta(days=1)} 至 {last}）",
        )
    return value, lead


def parse_aqi(value: object, field: str, fail) -> int:
    if isinstance(value, str):
        text = value.strip()
        value = int(text) if re.fullmatch(r"\d{1,3}", text) else text
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 500:
        fail(field, f"“{value}”不是 0–500 之间的整数 AQI")
    return value


def parse_levels(value: object, aqi_min: int, aqi_max: int, version: str, fail) -> tuple[int, int, str]:
    """The level(s) named, checked against the levels of the AQI range under the rules of the date."""
    ruleset = rules_for(version)
    names = {lv.category: lv.level for lv in ruleset.levels}
    if not isinstance(value, str) or not value.strip():
        fail("level", "缺少级别：写 优、良、轻度污染、中度污染、重度污染、严重污染，或如“良至轻度污染”")
    parts = [p for p in _LEVEL_JOIN.split(value.strip()) if p]
    if not 1 <= len(parts) <= 2 or any(p not in names for p in parts):
        fail("level", f"无法识别的级别“{value}”；应为 {'、'.join(names)} 之一，或两级如“良至轻度污染”")
    named = [names[p] for p in parts]
    if len(named) == 2 and named[0] >= named[1]:
        fail("level", f"级别“{value}”应从低到高写，例如“良至轻度污染”")
    expected = [int(x) for x in aqi_levels([aqi_min, aqi_max], ruleset)]
    if (named[0], named[-1]) != (expected[0], expected[1]):
        want = level_text(expected[0], expected[1], version)
        fail(
            "level",
            f"级别“{value}”与 AQI {aqi_min}–{aqi_max} 不符：按 {ruleset.aqi_standard}"
            f"（{ruleset.label}），该范围为“{want}”",
        )
    return expected[0], expected[1], level_text(expected[0], expected[1], version)


def level_text(low: int, high: int, version: str) -> str:
    """良, or 良至轻度污染: the categories of two AQI levels."""
    first = level_info(low, version).category
    return first if low == high else f"{first}至{level_info(high, version).category}"


def parse_primary(value: object, level_max: int, fail) -> tuple[str, ...]:
    """Primary pollutant labels; none when the whole range is 优 (HJ 633: no primary pollutant)."""
    if value is None:
        value = ""
    if isinstance(value, list):
        items = value
    elif isinstance(value, str):
        items = [] if value.strip() in NO_PRIMARY else _PRIMARY_SPLIT.split(value.strip())
    else:
        fail("primary", f"“{value}”应为污染物名称，例如 PM2.5 或 “PM2.5、O3”")
    labels = []
    for item in items:
        label = PRIMARY_LABELS.get(str(item).strip().upper()) if isinstance(item, str) else None
        if label is None:
            fail("primary", f"未知的首要污染物“{item}”；可用：PM2.5、PM10、O3、NO2、SO2、CO")
        if label in labels:
            fail("primary", f"首要污染物“{label}”写了两次")
        labels.append(label)
    if level_max == 1 and labels:
        fail("primary", "AQI 在 50 以下（优）时没有首要污染物：请留空")
    if level_max > 1 and not labels:
        fail("primary", "缺少首要污染物（AQI 超过 50 时必填），例如 PM2.5")
    return tuple(labels)


def parse_text(value: object, fail) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        fail("text", "应为一段文字")
    return str(value).strip()


def read_row(row: dict, issue_date: date, config: SiteConfig, fail) -> ForecastDay:
    """One row's fields, in the order an editor reads them; `fail(field, message)` raises."""
    area, area_name = area_key(row.get("area"), config, fail)
    day, lead = parse_day(row.get("date"), issue_date, fail)
    aqi_min = parse_aqi(row.get("aqi_min"), "aqi_min", fail)
    aqi_max = parse_aqi(row.get("aqi_max"), "aqi_max", fail)
    if aqi_min > aqi_max:
        fail("aqi_max", f"AQI 范围倒置：下限 {aqi_min} 大于上限 {aqi_max}")
    version = version_for_date(day)
    low, high, text = parse_levels(row.get("level"), aqi_min, aqi_max, version, fail)
    return ForecastDay(
        area=area,
        area_name=area_name,
        date=day,
        lead=lead,
        aqi_min=aqi_min,
        aqi_max=aqi_max,
        level_min=low,
        level_max=high,
        level_text=text,
        primary=parse_primary(row.get("primary"), high, fail),
        text=parse_text(row.get("text"), fail),
        rules=version,
    )


def row_failer(path: Path, row: int | None, prefix: str = ""):
    """A `fail(field, message)` that raises InputError naming the file, the row and the field."""

    def fail(field: str | None, message: str):
        raise InputError(path, message, row=row, field=f"{prefix}{field}" if field else None)

    return fail
