"""The names a reader sees for the engine's pollutant codes: one table for every page, so a
primary pollutant reads 臭氧（8小时） on a weekly, monthly and year-to-date ranking alike, never
O3_8h."""

from __future__ import annotations

import re

from generator.i18n import N_, _

PRIMARY_NAMES = {
    "PM2.5": N_("细颗粒物（PM2.5）"),
    "PM10": N_("可吸入颗粒物（PM10）"),
    "SO2": N_("二氧化硫（SO2）"),
    "NO2": N_("二氧化氮（NO2）"),
    "CO": N_("一氧化碳（CO）"),
    "O3_8h": N_("臭氧（8小时）"),
    "O3_1h": N_("臭氧（1小时）"),
}
# The engine joins tied pollutants of a day with "," and a period's most frequent ones with "、".
SEPARATORS = re.compile(r"[,、]")


def primary_words(primary) -> str:
    """'PM2.5,O3_8h' or 'PM2.5、O3_8h' -> '细颗粒物（PM2.5）、臭氧（8小时）' (in the language being
    rendered)."""
    codes = [p.strip() for p in SEPARATORS.split(str(primary))]
    return _("、").join(_(PRIMARY_NAMES[c]) if c in PRIMARY_NAMES else c for c in codes)
