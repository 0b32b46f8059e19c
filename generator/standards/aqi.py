"""HJ 633 reports: the daily (日报) and real-time (实时报) AQI of each row, its level, category,
colour and primary pollutants, under the rules in force on the row's date.

Each indicator's IAQI comes from standards/iaqi.py; the AQI is their maximum. Under 2026 (§5.3) an
incomplete day or hour publishes an AQI only above 100.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.standards.iaqi import iaqi, ruleset_of
from generator.standards.rules import LABELS, RuleSet, rules_for, version_for_dates

# Indicators of each report: output column -> (input column, pollutant, averaging time).
DAILY_INDICATORS = {
    "2012": {
        "pm25": ("pm25", "pm25", "24h"),
        "pm10": ("pm10", "pm10", "24h"),
        "so2": ("so2", "so2", "24h"),
        "no2": ("no2", "no2", "24h"),
        "co": ("co", "co", "24h"),
        "o3_8h": ("o3_8h_max", "o3", "8h"),
        "o3_1h": ("o3_1h_max", "o3", "1h"),
    },
    "2026": {
        "pm25": ("pm25", "pm25", "24h"),
        "pm10": ("pm10", "pm10", "24h"),
        "so2": ("so2", "so2", "24h"),
        "no2": ("no2", "no2", "24h"),
        "co": ("co", "co", "24h"),
        "o3_8h": ("o3_8h_max", "o3", "8h"),
    },
}
# Real-time report. PM 1h values are rated on the daily PM breakpoints (explicit in 2026; the
# national platform's practice under 2012). The 2012 moving averages count when present as columns.
HOURLY_INDICATORS = {
    "2012": {
        "pm25": ("pm25", "pm25", "1h"),
        "pm10": ("pm10", "pm10", "1h"),
        "so2": ("so2", "so2", "1h"),
        "no2": ("no2", "no2", "1h"),
        "co": ("co", "co", "1h"),
        "o3": ("o3", "o3", "1h"),
        "o3_8h": ("o3_8h", "o3", "8h"),
        "pm25_24h": ("pm25_24h", "pm25", "24h"),
        "pm10_24h": ("pm10_24h", "pm10", "24h"),
    },
    "2026": {
        "pm25": ("pm25", "pm25", "1h"),
        "pm10": ("pm10", "pm10", "1h"),
        "so2": ("so2", "so2", "1h"),
        "no2": ("no2", "no2", "1h"),
        "co": ("co", "co", "1h"),
        "o3": ("o3", "o3", "1h"),
    },
}
# Column name in the real-time report -> label in the primary-pollutant text.
HOURLY_LABELS = {
    "pm25": "PM2.5",
    "pm10": "PM10",
    "so2": "SO2",
    "no2": "NO2",
    "co": "CO",
    "o3": "O3",
    "o3_8h": "O3_8h",
    "pm25_24h": "PM2.5_24h",
    "pm10_24h": "PM10_24h",
}
DAILY_LABELS = {k: LABELS[k] for k in ("pm25", "pm10", "so2", "no2", "co", "o3_8h", "o3_1h")}


def aqi_levels(aqi_values, rules: RuleSet | str) -> np.ndarray:
    """Level 1–6 of AQI values (0 where the AQI is missing)."""
    ruleset = ruleset_of(rules)
    values = np.asarray(aqi_values, dtype=float)
    level = np.ones(values.shape, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        for lv in ruleset.levels[:-1]:  # one level up for each upper bound exceeded
            level += values > lv.aqi_max
    level[np.isnan(values)] = 0
    return level


def _summarise(
    iaqis: list[np.ndarray],
    columns: list[str],
    labels: dict[str, str],
    ruleset: RuleSet,
    complete: np.ndarray,
) -> dict[str, np.ndarray]:
    """AQI, level, category, colour and primary pollutant(s) from the indicators' IAQI arrays."""
    aqi = iaqis[0].copy()
    for values in iaqis[1:]:
        np.fmax(aqi, values, out=aqi)  # the maximum of those present; NaN where none
    threshold = ruleset.param("incomplete_aqi_publish_above")
    if not complete.all():
        with np.errstate(invalid="ignore"):
            aqi[~complete & ~(aqi > threshold)] = np.nan  # 2026 §5.3: incomplete -> only above 100
    level = aqi_levels(aqi, ruleset)
    rank = level.astype(np.intp)  # index for the three lookups below
    info = {lv.level: lv for lv in ruleset.levels}
    category = np.array([None] + [info[i].category for i in range(1, 7)], dtype=object)
    colour = np.array([None] + [info[i].colour_hex for i in range(1, 7)], dtype=object)
    # Primary pollutant(s): every indicator whose IAQI equals the AQI, when AQI > 50; ties listed.
    # Each row's set of indicators is a bit mask, looked up in a table of their joined labels.
    code_type = np.uint16 if len(iaqis) <= 16 else np.intp
    code = np.zeros(len(aqi), dtype=code_type)
    bit = np.empty(len(aqi), dtype=code_type)
    with np.errstate(invalid="ignore"):
        for j, values in enumerate(iaqis):
            np.equal(values, aqi, out=bit, casting="unsafe")
            bit <<= j
            code |= bit
        code *= (aqi > 50).view(np.uint8)  # AQI ≤ 50 or none: no primary pollutant
    names = [labels[c] for c in columns]
    lookup = np.array(
        [",".join(n for j, n in enumerate(names) if k >> j & 1) or None for k in range(2 ** len(columns))],
        dtype=object,
    )
    return {
        "aqi": aqi,
        "level": level,
        "category": category.take(rank),
        "colour": colour.take(rank),
        "primary": lookup.take(code),
        "complete": complete,
    }


def _versions(times: pd.Series) -> tuple[np.ndarray, list]:
    """The rule version of each row, and the versions found in order of first appearance.

    When the first and the last day fall under one version, every row between does too (versions
    follow one another in time), so the dates are not converted one by one.
    """
    n = len(times)
    if not n:
        return np.array([], dtype=object), []
    if pd.api.types.is_datetime64_any_dtype(times) and not times.hasnans:
        ends = version_for_dates(pd.Series([times.min(), times.max()]))
        if ends[0] == ends[1]:
            return np.broadcast_to(ends[:1], (n,)).copy(), [ends[0]]
    versions = version_for_dates(times)
    return versions, list(pd.unique(versions))


def _report(
    frame: pd.DataFrame, time_column: str, indicators: dict, labels: dict, hourly: bool
) -> pd.DataFrame:
    n = len(frame)
    versions, found = _versions(frame[time_column])
    all_columns = list(dict.fromkeys(c for spec in indicators.values() for c in spec))
    new: dict[str, np.ndarray] = {}
    if len(found) != 1:  # rows under several versions: each version fills its rows
        new = {f"iaqi_{c}": np.full(n, np.nan) for c in all_columns}
        new.update(
            aqi=np.full(n, np.nan),
            level=np.zeros(n, dtype=np.int8),
            category=np.full(n, None, dtype=object),
            colour=np.full(n, None, dtype=object),
            primary=np.full(n, None, dtype=object),
            complete=np.zeros(n, dtype=bool),
        )
    for version in found:
        ruleset = rules_for(str(version))
        every = len(found) == 1
        mask = None if every else versions == version
        rows = slice(None) if every else mask

        def column(name, mask=mask):
            values = frame[name].to_numpy(dtype=float)
            return values if mask is None else values[mask]

        present = np.ones(n if every else int(mask.sum()), dtype=bool)
        used, block = [], []
        for name, (source, pollutant, period) in indicators[str(version)].items():
            if source not in frame.columns:
                if hourly and name in ("o3_8h", "pm25_24h", "pm10_24h"):
                    continue  # optional moving averages of the 2012 real-time report
                raise KeyError(f"missing column '{source}' for the {version} report")
            values = column(source)
            present &= ~np.isnan(values)
            result = iaqi(pollutant, values, period, ruleset)
            if (
                name == "so2"
                and hourly
                and ruleset.param("so2_1h_over_800") == "use_24h"
                and "so2_24h" in frame.columns
            ):
                fallback = iaqi("so2", column("so2_24h"), "24h", ruleset)
                result = np.where(values > 800, fallback, result)
            if every:
                new[f"iaqi_{name}"] = result
            else:
                new[f"iaqi_{name}"][rows] = result
            used.append(name)
            block.append(result)
        summary = _summarise(block, used, labels, ruleset, present)
        for key, values in summary.items():
            if every:
                new[key] = values
            else:
                new[key][rows] = values
    # Same columns and order as before for every version: indicators a version lacks stay NaN.
    ordered = {f"iaqi_{c}": new.get(f"iaqi_{c}") for c in all_columns}
    for key in ("aqi", "level", "category", "colour", "primary", "complete"):
        ordered[key] = new.get(key)
    for key, values in ordered.items():
        if values is None:
            ordered[key] = np.full(n, np.nan)
    ordered["rules"] = versions
    return _with_columns(frame, ordered)


def _is_object(values) -> bool:
    return isinstance(values, np.ndarray) and pd.api.types.is_object_dtype(values.dtype)


def _with_columns(frame: pd.DataFrame, new: dict[str, np.ndarray]) -> pd.DataFrame:
    """A copy of `frame` with the columns of `new` set (replaced in place or appended, in order).

    Built in one constructor call on the copied columns and the new arrays, without the copy that
    each `out[key] = values` makes.
    """
    out = frame.copy()
    if not frame.columns.is_unique:
        for key, values in new.items():
            out[key] = (
                pd.Series(values, index=out.index, dtype=object, copy=False) if _is_object(values) else values
            )
        return out
    columns = {name: out[name] for name in out.columns}
    # category, colour and primary are text or None: kept as object so a missing one stays None
    # (pandas 3 would infer its string dtype from an object array and turn None into NaN).
    columns.update(
        {
            key: pd.Series(values, index=out.index, dtype=object, copy=False)
            if _is_object(values)
            else values
            for key, values in new.items()
        }
    )
    result = pd.DataFrame(columns, index=out.index, copy=False)
    result.columns.name = frame.columns.name
    result.attrs = out.attrs
    return result


def daily_aqi(daily: pd.DataFrame) -> pd.DataFrame:
    """The daily report (日报) for each row, under the rules of the row's `date`.

    Input columns: date, pm25, pm10, so2, no2, co, o3_8h_max, and o3_1h_max (needed for dates under
    the 2012 rules, where the O3 daily maximum 1-hour value is the seventh indicator).
    Adds iaqi_pm25, iaqi_pm10, iaqi_so2, iaqi_no2, iaqi_co, iaqi_o3_8h, iaqi_o3_1h (NaN under 2026),
    aqi (float, NaN = no AQI), level (1–6, 0 = none), category, colour (hex), primary (e.g.
    "PM2.5,PM10"; None when AQI ≤ 50), complete (every indicator present) and rules (version id).
    """
    return _report(daily, "date", DAILY_INDICATORS, DAILY_LABELS, hourly=False)


def hourly_aqi(hourly: pd.DataFrame) -> pd.DataFrame:
    """The real-time report (实时报) for each row, under the rules of the row's `time`.

    Input: the hourly wide frame (time, pm25, pm10, so2, no2, o3, co). Under the 2012 rules the
    columns o3_8h, pm25_24h and pm10_24h (moving averages, see assessment.moving_averages) are
    further indicators when present, and so2_24h is the fallback when SO2 1h is above 800.
    Adds iaqi_<indicator>, aqi, level, category, colour, primary, complete, rules as daily_aqi.
    """
    return _report(hourly, "time", HOURLY_INDICATORS, HOURLY_LABELS, hourly=True)


def aqi_of(iaqis: dict[str, float]) -> int | None:
    """AQI of a few IAQI values (for a hand calculation): their maximum, None if all missing."""
    valid = [v for v in iaqis.values() if v is not None and not np.isnan(v)]
    return int(max(valid)) if valid else None
