"""The AQI science page (/science/aqi/): the engine's own tables and one real day worked through.

The breakpoint and level tables are read from the rules (standards/tables), so the page changes
with the rules; the worked example is computed by the same engine as every AQI on the site.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

from generator import i18n
from generator.i18n import N_, _
from generator.pages.shared import annual_figures as sd
from generator.pages.shared.pollutant_words import PRIMARY_NAMES, SEPARATORS
from generator.standards.aqi import DAILY_INDICATORS, daily_aqi
from generator.standards.rules import LABELS, load_rules, rules_for
from generator.statistics import figures

IAQI_ROWS = (0, 50, 100, 150, 200, 300, 400, 500)
ITEM_NAMES = {
    "so2_24h": (N_("二氧化硫（SO2）"), N_("24小时平均")),
    "so2_1h": (N_("二氧化硫（SO2）"), N_("1小时平均")),
    "no2_24h": (N_("二氧化氮（NO2）"), N_("24小时平均")),
    "no2_1h": (N_("二氧化氮（NO2）"), N_("1小时平均")),
    "co_24h": (N_("一氧化碳（CO）"), N_("24小时平均")),
    "co_1h": (N_("一氧化碳（CO）"), N_("1小时平均")),
    "o3_1h": (N_("臭氧（O3）"), N_("1小时平均")),
    "o3_8h": (N_("臭氧（O3）"), N_("8小时滑动平均")),
    "pm10_24h": (N_("颗粒物（PM10）"), N_("24小时平均")),
    "pm25_24h": (N_("细颗粒物（PM2.5）"), N_("24小时平均")),
}
# Primary-pollutant labels of the engine ("PM2.5", "O3_8h") in words for the public.
INDICATOR_NAMES = {
    "pm25": N_("PM2.5 日均浓度"),
    "pm10": N_("PM10 日均浓度"),
    "so2": N_("SO2 日均浓度"),
    "no2": N_("NO2 日均浓度"),
    "co": N_("CO 日均浓度"),
    "o3_8h": N_("臭氧日最大8小时平均"),
    "o3_1h": N_("臭氧日最大1小时浓度"),
}


def _unit(pollutant: str) -> str:
    return "mg/m³" if pollutant == "co" else "µg/m³"


def breakpoint_tables() -> list[dict]:
    """Each rule version's IAQI table, rows IAQI 0..500, columns the items (None: not defined)."""
    tables = []
    for version, ruleset in sorted(load_rules().items()):
        items = [i for i in ITEM_NAMES if i in ruleset.breakpoints]
        rows = []
        for value in IAQI_ROWS:
            cells = []
            for item in items:
                conc, idx = ruleset.breakpoints[item]
                hit = conc[idx == value]
                cells.append(float(hit[0]) if len(hit) else None)
            rows.append({"iaqi": value, "cells": cells})
        tables.append(
            {
                "version": version,
                "standard": ruleset.aqi_standard,
                "label": ruleset.label,
                "from": ruleset.effective_from.date(),
                "to": ruleset.effective_to.date() if ruleset.effective_to is not None else None,
                "columns": [
                    {
                        "item": i,
                        "name": _(ITEM_NAMES[i][0]),
                        "averaging": _(ITEM_NAMES[i][1]),
                        "unit": _unit(i.split("_")[0]),
                    }
                    for i in items
                ],
                "rows": rows,
                "so2_1h_over_800": ruleset.param("so2_1h_over_800"),
                "o3_8h_over_800": ruleset.param("o3_8h_over_800"),
                "indicators": [_(INDICATOR_NAMES[c]) for c in DAILY_INDICATORS[version]],
                "indicators_text": _("、").join(_(INDICATOR_NAMES[c]) for c in DAILY_INDICATORS[version]),
            }
        )
    return tables


def _range(level) -> str:
    """'101—150', or 'above 300' for the open top level."""
    if level.level < 6:
        return f"{level.aqi_min}—{level.aqi_max}"
    return _("大于%(n)s", n=level.aqi_min - 1)


def level_rows() -> list[dict]:
    """The six levels with both versions' ranges, health effects and advice (engine tables)."""
    old, new = rules_for("2012").levels, rules_for("2026").levels
    return [
        {
            "level": a.level,
            "grade": i18n.name(a.grade),
            "category": i18n.name(a.category),
            "colour_name": i18n.name(a.colour_name),
            "colour_hex": a.colour_hex,
            "colour_rgb": ",".join(map(str, a.colour_rgb)),
            "range_2012": _range(a),
            "range_2026": _range(b),
            "effect_2012": _(a.health_effect),
            "effect_2026": _(b.health_effect),
            "advice_2012": _(a.advice),
            "advice_2026": _(b.advice),
            "effect_changed": a.health_effect != b.health_effect,
            "advice_changed": a.advice != b.advice,
        }
        for a, b in zip(old, new, strict=True)
    ]


EXAMPLE_THRESHOLDS = (100, 50, -1)


def example_day(ctx) -> tuple[pd.Series, int] | None:
    """The most recent day with every indicator present and AQI above 100 (failing that, above
    50, then any), and the threshold it passed."""
    daily = sd.city_daily(ctx)
    complete = daily[daily["complete"] & daily["aqi"].notna()]
    for threshold in EXAMPLE_THRESHOLDS:
        picked = complete[complete["aqi"] > threshold]
        if not picked.empty:
            return picked.iloc[-1], threshold
    return None


# The words of pollutant_words.PRIMARY_NAMES, marked for the catalogs (that table is shared with
# the rankings; its words are translated where printed).
_PRIMARY_WORDS = (
    N_("细颗粒物（PM2.5）"),
    N_("可吸入颗粒物（PM10）"),
    N_("二氧化硫（SO2）"),
    N_("二氧化氮（NO2）"),
    N_("一氧化碳（CO）"),
    N_("臭氧（8小时）"),
    N_("臭氧（1小时）"),
)


def primary_text(primary) -> str:
    """The engine's primary pollutant(s) ("PM2.5,PM10") in words; "无" when AQI ≤ 50."""
    if not primary:
        return _("无")
    codes = (p.strip() for p in SEPARATORS.split(str(primary)))
    return _("、").join(_(PRIMARY_NAMES.get(code, code)) for code in codes)


def _segment(item: str, ruleset, conc: float) -> dict | None:
    """The breakpoint segment a concentration falls in, and the formula's unrounded value.

    For display only: the IAQI itself is the engine's. Exact fractions show the arithmetic the
    reader can redo; the engine's integer IAQI is its ceiling.
    """
    bps, idx = ruleset.breakpoints[item]
    if np.isnan(conc) or conc > bps[-1]:
        return None
    i = int(min(max(np.searchsorted(bps, conc, side="right") - 1, 0), len(bps) - 2))
    lo, hi, ilo, ihi = Fraction(str(bps[i])), Fraction(str(bps[i + 1])), int(idx[i]), int(idx[i + 1])
    value = Fraction(ihi - ilo) / (hi - lo) * (Fraction(str(conc)) - lo) + ilo
    return {"bp_lo": float(lo), "bp_hi": float(hi), "iaqi_lo": ilo, "iaqi_hi": ihi, "exact": float(value)}


def worked_example(ctx) -> dict | None:
    """A real day from the data, computed by the engine from its published (rounded) concentrations."""
    found = example_day(ctx)
    if found is None:
        return None
    day, threshold = found
    version = str(day["rules"])
    ruleset = rules_for(version)
    when = day["date"].date()
    spec = DAILY_INDICATORS[version]
    # Computed exactly as the site's daily AQI: from the reported concentrations where the rules
    # round them first (HJ 633-2026), else from the daily means themselves (HJ 633-2012), shown
    # with one decimal more than published so that the arithmetic can be redone.
    rounds_first = bool(ruleset.param("round_concentrations"))
    extra = 0 if rounds_first else 1
    published = {"date": [day["date"]]}
    for source, pollutant, _period in spec.values():
        decimals = ruleset.reporting_decimals[pollutant] + extra
        published[source] = [figures.rounded(float(day[source]), decimals)]
    for source in ("pm25", "pm10", "so2", "no2", "co", "o3_8h_max", "o3_1h_max"):
        published.setdefault(source, [float("nan")])
    report = daily_aqi(pd.DataFrame(published)).iloc[0]
    rows = []
    for column, (source, pollutant, period) in spec.items():
        item = f"{pollutant}_{'24h' if pollutant in ('pm25', 'pm10') else period}"
        conc = float(published[source][0])
        rows.append(
            {
                "column": column,
                "name": _(INDICATOR_NAMES[column]),
                "label": LABELS[column],
                "concentration": conc,
                "decimals": ruleset.reporting_decimals[pollutant] + extra,
                "unit": _unit(pollutant),
                "iaqi": float(report[f"iaqi_{column}"]),
                "segment": _segment(item, ruleset, conc),
                "is_primary": LABELS[column] in str(report["primary"] or "").split(","),
            }
        )
    primary_rows = [r for r in rows if r["is_primary"]]
    return {
        "date": when,
        "version": version,
        "standard": ruleset.aqi_standard,
        "rules_label": ruleset.label,
        "rounds_first": rounds_first,
        "rows": rows,
        "aqi": float(report["aqi"]),
        "level": int(report["level"]),
        "category": i18n.name(report["category"]),
        "colour": report["colour"],
        "primary": primary_text(report["primary"]),
        "threshold": threshold,
        "primary_rows": primary_rows,
        "site_aqi": float(day["aqi"]),
        "same_as_site": float(day["aqi"]) == float(report["aqi"]),
        "n_indicators": len(rows),
    }
