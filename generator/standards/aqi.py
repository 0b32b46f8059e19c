"""HJ 633: individual indices (IAQI), AQI, primary pollutants, level, category and colour.

IAQI_P = (IAQI_Hi − IAQI_Lo) / (BP_Hi − BP_Lo) × (C_P − BP_Lo) + IAQI_Lo, rounded UP to an integer.

The round-up is exact: concentrations are scaled to integer millionths (every breakpoint is an
integer), so the IAQI is a ratio of integers small enough for float64 to hold exactly, and its
ceiling is exact (see _interpolate_ceil).
A naive float ceiling errs where the result is an integer: CO 24h 2.2 mg/m³ is 55.000000000000007
in floating point and ceil gives 56; here it is exactly 55. Inputs with more than six decimals are
first rounded to six.

Special cases (table parameters.csv):
- SO2 1h > 800 µg/m³: 2012 computes no 1h IAQI (NaN here; the hourly report falls back to the 24h
  average's IAQI when given), 2026 sets it to 200.
- O3 8h > 800 µg/m³: 2012 computes no 8h IAQI (NaN here; the O3 1h IAQI stands in), 2026 sets 300.
- Above the top breakpoint (e.g. PM2.5 > 500): undefined by both versions; capped at `iaqi_cap`
  (500, [N] common practice) — set the parameter to "nan" to leave such values without an IAQI.
- Missing (NaN) or negative concentrations give NaN.
- 2026 only: concentrations are rounded half-to-even before the IAQI (integer µg/m³, CO 1 decimal).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.standards.rounding import round_half_even
from generator.standards.rules import LABELS, RuleSet, rules_for, version_for_dates

_SCALE = 10**6  # concentrations as integer millionths

# Indicators of each report: output column -> (input column, pollutant, averaging time).
DAILY_INDICATORS = {
    "2012": {"pm25": ("pm25", "pm25", "24h"), "pm10": ("pm10", "pm10", "24h"),
             "so2": ("so2", "so2", "24h"), "no2": ("no2", "no2", "24h"), "co": ("co", "co", "24h"),
             "o3_8h": ("o3_8h_max", "o3", "8h"), "o3_1h": ("o3_1h_max", "o3", "1h")},
    "2026": {"pm25": ("pm25", "pm25", "24h"), "pm10": ("pm10", "pm10", "24h"),
             "so2": ("so2", "so2", "24h"), "no2": ("no2", "no2", "24h"), "co": ("co", "co", "24h"),
             "o3_8h": ("o3_8h_max", "o3", "8h")},
}
# Real-time report. PM 1h values are rated on the daily PM breakpoints (explicit in 2026; the
# national platform's practice under 2012). The 2012 moving averages count when present as columns.
HOURLY_INDICATORS = {
    "2012": {"pm25": ("pm25", "pm25", "1h"), "pm10": ("pm10", "pm10", "1h"),
             "so2": ("so2", "so2", "1h"), "no2": ("no2", "no2", "1h"), "co": ("co", "co", "1h"),
             "o3": ("o3", "o3", "1h"), "o3_8h": ("o3_8h", "o3", "8h"),
             "pm25_24h": ("pm25_24h", "pm25", "24h"), "pm10_24h": ("pm10_24h", "pm10", "24h")},
    "2026": {"pm25": ("pm25", "pm25", "1h"), "pm10": ("pm10", "pm10", "1h"),
             "so2": ("so2", "so2", "1h"), "no2": ("no2", "no2", "1h"), "co": ("co", "co", "1h"),
             "o3": ("o3", "o3", "1h")},
}
# Column name in the real-time report -> label in the primary-pollutant text.
HOURLY_LABELS = {"pm25": "PM2.5", "pm10": "PM10", "so2": "SO2", "no2": "NO2", "co": "CO", "o3": "O3",
                 "o3_8h": "O3_8h", "pm25_24h": "PM2.5_24h", "pm10_24h": "PM10_24h"}
DAILY_LABELS = {k: LABELS[k] for k in ("pm25", "pm10", "so2", "no2", "co", "o3_8h", "o3_1h")}


def _ruleset(rules: RuleSet | str) -> RuleSet:
    return rules_for(rules) if isinstance(rules, str) else rules


def _item(pollutant: str, period: str) -> str:
    if pollutant in ("pm25", "pm10"):
        return f"{pollutant}_24h"  # PM has only daily breakpoints; 1h values are rated on them
    item = f"{pollutant}_{period}"
    if pollutant not in LABELS or period not in ("1h", "8h", "24h"):
        raise ValueError(f"unknown pollutant/period '{pollutant}'/'{period}'")
    return item


def iaqi(pollutant: str, values, period: str, rules: RuleSet | str) -> np.ndarray:
    """IAQI (float array, integer-valued; NaN where none) of concentrations of one pollutant.

    pollutant: pm25, pm10, so2, no2, co, o3; period: "1h", "8h" (O3 only) or "24h".
    Units: µg/m³, CO mg/m³.
    """
    ruleset = _ruleset(rules)
    item = _item(pollutant, period)
    if item not in ruleset.breakpoints:
        raise ValueError(f"no {period} breakpoints for {pollutant} in rules {ruleset.version}")
    conc = np.array(values, dtype=float, ndmin=1)
    if ruleset.param("round_concentrations"):
        conc = round_half_even(conc, ruleset.reporting_decimals[pollutant])
    bp, idx = ruleset.breakpoints[item]
    top = bp[-1]
    inside = (conc >= 0) & (conc <= top)  # False for NaN
    if inside.all():  # the usual case: no gather/scatter needed
        return _interpolate_ceil(conc, bp, idx)
    out = np.full(conc.shape, np.nan)
    if inside.any():
        out[inside] = _interpolate_ceil(conc[inside], bp, idx)
    above = conc > top
    if above.any():
        out[above] = _above_top(item, ruleset)
    return out


def _interpolate_ceil(conc: np.ndarray, bp: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Exact ceil(I_lo + ΔI·(C − BP_lo)/ΔBP) for 0 ≤ C ≤ top.

    With C as integer millionths c, the IAQI is n/d with integers n = I_lo·ΔBP + ΔI·(c − BP_lo)
    = base + ΔI·c and d = ΔBP (millionths). Both stay below 2^53, so float64 holds them exactly and
    the division is correctly rounded: an integer n/d comes out exactly, and a non-integer one is at
    least 1/d (≥ 1e-9) above an integer k ≤ 500, far more than the rounding error (≤ 1e-13), so
    ceil(n/d) computed in float64 is the exact ceiling.
    """
    scaled = np.rint(conc * _SCALE)
    bp_scaled = np.rint(bp * _SCALE)
    d_bp = np.diff(bp_scaled)
    d_i = np.diff(idx).astype(float)
    base = idx[:-1] * d_bp - d_i * bp_scaled[:-1]
    seg = np.searchsorted(bp_scaled[1:-1], scaled, side="right")  # 0 .. segments−1
    numerator = d_i[seg]
    numerator *= scaled
    numerator += base[seg]
    numerator /= d_bp[seg]
    return np.ceil(numerator, out=numerator)


def _above_top(item: str, ruleset: RuleSet) -> float:
    if item == "so2_1h":
        rule = ruleset.param("so2_1h_over_800")
    elif item == "o3_8h":
        rule = ruleset.param("o3_8h_over_800")
    else:
        rule = ruleset.param("iaqi_cap")
    return float(rule) if isinstance(rule, int | float) else np.nan  # "use_24h"/"use_1h"/"nan"


def aqi_levels(aqi_values, rules: RuleSet | str) -> np.ndarray:
    """Level 1–6 of AQI values (0 where the AQI is missing)."""
    ruleset = _ruleset(rules)
    values = np.asarray(aqi_values, dtype=float)
    upper = np.array([lv.aqi_max for lv in ruleset.levels[:-1]], dtype=float)
    level = np.searchsorted(upper, values, side="left") + 1
    return np.where(np.isnan(values), 0, level).astype(np.int8)


def _summarise(block: np.ndarray, columns: list[str], labels: dict[str, str], ruleset: RuleSet,
               complete: np.ndarray) -> dict[str, np.ndarray]:
    """AQI, level, category, colour and primary pollutant(s) from a rows × indicators IAQI block."""
    with np.errstate(invalid="ignore"):
        any_valid = ~np.all(np.isnan(block), axis=1)
        aqi = np.full(len(block), np.nan)
        aqi[any_valid] = np.nanmax(block[any_valid], axis=1)
    threshold = ruleset.param("incomplete_aqi_publish_above")
    aqi[~complete & ~(aqi > threshold)] = np.nan  # 2026 §5.3: incomplete -> only an AQI above 100
    level = aqi_levels(aqi, ruleset)
    info = {lv.level: lv for lv in ruleset.levels}
    category = np.array([None] + [info[i].category for i in range(1, 7)], dtype=object)
    colour = np.array([None] + [info[i].colour_hex for i in range(1, 7)], dtype=object)
    # Primary pollutant(s): every indicator whose IAQI equals the AQI, when AQI > 50; ties listed.
    # Each row's set of indicators is a bit mask, looked up in a table of their joined labels.
    code = np.zeros(len(block), dtype=np.int64)
    with np.errstate(invalid="ignore"):
        high = aqi > 50
        for j in range(len(columns)):
            code |= ((block[:, j] == aqi) & high).astype(np.int64) << j
    names = [labels[c] for c in columns]
    lookup = np.array([",".join(n for j, n in enumerate(names) if k >> j & 1) or None
                       for k in range(2 ** len(columns))], dtype=object)
    return {"aqi": aqi, "level": level, "category": category[level], "colour": colour[level],
            "primary": lookup[code], "complete": complete}


def _report(frame: pd.DataFrame, time_column: str, indicators: dict, labels: dict,
            hourly: bool) -> pd.DataFrame:
    n = len(frame)
    versions = version_for_dates(frame[time_column]) if n else np.array([], dtype=object)
    all_columns = list(dict.fromkeys(c for spec in indicators.values() for c in spec))
    new = {f"iaqi_{c}": np.full(n, np.nan) for c in all_columns}
    new.update(aqi=np.full(n, np.nan), level=np.zeros(n, dtype=np.int8),
               category=np.full(n, None, dtype=object), colour=np.full(n, None, dtype=object),
               primary=np.full(n, None, dtype=object), complete=np.zeros(n, dtype=bool))
    for version in pd.unique(versions):
        ruleset = rules_for(str(version))
        mask = versions == version
        every = bool(mask.all())
        rows = slice(None) if every else mask

        def column(name, every=every, mask=mask):
            values = frame[name].to_numpy(dtype=float)
            return values if every else values[mask]

        present = np.ones(int(mask.sum()), dtype=bool)
        used, block = [], []
        for name, (source, pollutant, period) in indicators[str(version)].items():
            if source not in frame.columns:
                if hourly and name in ("o3_8h", "pm25_24h", "pm10_24h"):
                    continue  # optional moving averages of the 2012 real-time report
                raise KeyError(f"missing column '{source}' for the {version} report")
            values = column(source)
            present &= ~np.isnan(values)
            result = iaqi(pollutant, values, period, ruleset)
            if name == "so2" and hourly and ruleset.param("so2_1h_over_800") == "use_24h" \
                    and "so2_24h" in frame.columns:
                fallback = iaqi("so2", column("so2_24h"), "24h", ruleset)
                result = np.where(values > 800, fallback, result)
            new[f"iaqi_{name}"][rows] = result
            used.append(name)
            block.append(result)
        summary = _summarise(np.column_stack(block), used, labels, ruleset, present)
        for key, values in summary.items():
            new[key][rows] = values
    out = frame.copy()
    for key, values in new.items():
        out[key] = values
    out["rules"] = versions
    return out


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
