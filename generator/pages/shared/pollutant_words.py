"""The names a reader sees for the engine's pollutant codes: one table for every page, so a
primary pollutant reads 臭氧（8小时） on a weekly, monthly and year-to-date ranking alike, never
O3_8h."""

from __future__ import annotations

import re

from generator import i18n
from generator.i18n import _

PRIMARY_NAMES = {
    "PM2.5": "细颗粒物（PM2.5）",
    "PM10": "可吸入颗粒物（PM10）",
    "SO2": "二氧化硫（SO2）",
    "NO2": "二氧化氮（NO2）",
    "CO": "一氧化碳（CO）",
    "O3_8h": "臭氧（8小时）",
    "O3_1h": "臭氧（1小时）",
}
# The engine joins tied pollutants of a day with "," and a period's most frequent ones with "、".
_SEPARATORS = re.compile(r"[,、]")


def primary_words(primary) -> str:
    """'PM2.5,O3_8h' or 'PM2.5、O3_8h' -> '细颗粒物（PM2.5）、臭氧（8小时）' (in English from the
    names table: 'PM2.5 (fine particles), ozone (8-hour)')."""
    return _("、").join(
        i18n.name(PRIMARY_NAMES.get(p.strip(), p.strip())) for p in _SEPARATORS.split(str(primary))
    )
