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

from functools import lru_cache

import numpy as np
import pandas as pd

from generator.standards.rounding import half_tolerance, round_half_even
from generator.standards.rules import LABELS, RuleSet, rules_for, version_for_dates

_SCALE = 10**6  # concentrations as integer millionths

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
    conc = np.asarray(values, dtype=float)
    shape = conc.shape if conc.ndim else (1,)
    conc = np.ascontiguousarray(conc).reshape(-1)  # a view of the caller's array, never written
    out = np.empty(conc.size)
    if conc.size == 0:
        return out.reshape(shape)
    bp, idx = ruleset.breakpoints[item]
    above = _above_top(item, ruleset)
    if ruleset.param("round_concentrations"):
        _rounded_iaqi(conc, ruleset.reporting_decimals[pollutant], bp, idx, above, out)
    else:
        _exact_iaqi(conc, bp, idx, above, out)
    return out.reshape(shape)


# The arrays are processed in chunks that stay in the CPU cache: every step below is a whole-chunk
# numpy operation into reused buffers, so no full-size temporaries are allocated.
_CHUNK = 1 << 14


def _chunks(n: int):
    for start in range(0, n, _CHUNK):
        yield start, min(start + _CHUNK, n)


def _exact_iaqi(conc: np.ndarray, bp: np.ndarray, idx: np.ndarray, above: float, out: np.ndarray) -> None:
    """IAQI of unrounded concentrations into `out`: exactly _interpolate_ceil's figures.

    Every breakpoint is a whole number, so each unit interval [j, j+1) of concentration lies in one
    segment: the segment's three integers (ΔI, base, ΔBP of _interpolate_ceil) are gathered from
    small tables indexed by j = floor(C), instead of searching the breakpoints. A C just below j+1
    can round to j+1 millionths, the segment's closed upper end, where its formula still holds.
    """
    tables = _unit_tables(*_key(bp, idx))
    if tables is None:  # breakpoints with decimals: no unit cells; search each value's segment
        _exact_iaqi_searched(conc, bp, idx, above, out)
        return
    d_i, base, d_bp = tables
    top = bp[-1]
    scaled = np.empty(_CHUNK)
    work = np.empty(_CHUNK)
    cell = np.empty(_CHUNK, dtype=np.intp)
    clean = bool(conc.min() >= 0) and bool(conc.max() <= top)  # False when any is NaN
    with np.errstate(invalid="ignore", over="ignore"):
        for start, stop in _chunks(conc.size):
            c, o = conc[start:stop], out[start:stop]
            m = stop - start
            s, w, j = scaled[:m], work[:m], cell[:m]
            np.multiply(c, _SCALE, out=s)
            np.rint(s, out=s)
            if clean:
                np.copyto(j, c, casting="unsafe")  # floor: c >= 0
            else:
                np.fmax(c, 0.0, out=w)  # NaN -> 0 (s stays NaN, so the result is NaN)
                np.fmin(w, top, out=w)  # out-of-range values are replaced below
                np.copyto(j, w, casting="unsafe")
            np.take(d_i, j, out=o, mode="clip")
            o *= s
            np.take(base, j, out=w, mode="clip")
            o += w
            np.take(d_bp, j, out=w, mode="clip")
            o /= w
            np.ceil(o, out=o)
        if clean:
            return
        low, high = np.fmin.reduce(conc), np.fmax.reduce(conc)  # NaN only if all NaN
        if high > top:
            out[conc > top] = above
        if low < 0:
            out[conc < 0] = np.nan


def _exact_iaqi_searched(conc, bp, idx, above, out) -> None:
    out.fill(np.nan)
    inside = (conc >= 0) & (conc <= bp[-1])  # False for NaN
    if inside.any():
        out[inside] = _interpolate_ceil(conc[inside], bp, idx)
    out[conc > bp[-1]] = above


def _rounded_iaqi(
    conc: np.ndarray, decimals: int, bp: np.ndarray, idx: np.ndarray, above: float, out: np.ndarray
) -> None:
    """IAQI after rounding half-to-even to `decimals` (HJ 633-2026) into `out`.

    A rounded concentration is k / 10^decimals for an integer k, so its IAQI is looked up in a table
    over k made by _interpolate_ceil from the same floats: one gather per value, the same figures.
    The rounding is round_half_even's, step by step (the same per-value tolerance), stopping at
    the integer k instead of dividing.
    """
    grid = _grid_table(*_key(bp, idx), decimals)
    if grid is None:  # too fine a grid for a table: round, then compute
        _exact_iaqi(round_half_even(conc, decimals), bp, idx, above, out)
        return
    k_max = grid.size - 1
    table = np.concatenate([grid, [above, np.nan]])  # index k_max+1: above the top; -1: none
    scale = 10.0**decimals
    scaled = np.empty(_CHUNK)
    rounded = np.empty(_CHUNK)
    cell = np.empty(_CHUNK, dtype=np.intp)
    with np.errstate(invalid="ignore"):
        for start, stop in _chunks(conc.size):
            c = conc[start:stop]
            m = stop - start
            s, r, j = scaled[:m], rounded[:m], cell[:m]
            if decimals:
                np.multiply(c, scale, out=s)
            else:
                s = c
            np.rint(s, out=r)
            gap = np.subtract(s, r, out=out[start:stop])  # out as scratch, overwritten below
            np.abs(gap, out=gap)
            tolerance = half_tolerance(s)
            near = np.flatnonzero(gap > 0.5 - tolerance)
            if near.size:
                near = near[gap[near] < 0.5]
            if near.size:  # as round_half_even: a hair from a half is the half, to even
                lower = np.floor(s[near] + tolerance[near])
                r[near] = np.where(np.fmod(lower, 2) == 0, lower, lower + 1)
            np.fmax(r, -1.0, out=r)  # NaN and negatives -> -1 (-0.0 stays: IAQI 0)
            np.fmin(r, k_max + 1, out=r)
            np.copyto(j, r, casting="unsafe")
            np.take(table, j, out=out[start:stop], mode="wrap")  # -1 wraps to the NaN entry


def _key(bp: np.ndarray, idx: np.ndarray) -> tuple[bytes, bytes]:
    """A breakpoint table as hashable bytes, to cache what is derived from it."""
    return bp.astype(np.float64).tobytes(), idx.astype(np.int64).tobytes()


@lru_cache(maxsize=64)
def _unit_tables(bp_bytes: bytes, idx_bytes: bytes):
    """(ΔI, base, ΔBP) of the segment holding each unit interval [j, j+1), j = 0 … top."""
    bp, idx = np.frombuffer(bp_bytes), np.frombuffer(idx_bytes, dtype=np.int64)
    if np.any(bp != np.round(bp)) or bp[0] != 0:
        return None
    bp_scaled = np.rint(bp * _SCALE)
    d_bp = np.diff(bp_scaled)
    d_i = np.diff(idx).astype(float)
    base = idx[:-1] * d_bp - d_i * bp_scaled[:-1]
    seg = np.searchsorted(bp[1:-1], np.arange(int(bp[-1]) + 1), side="right")
    return d_i[seg], base[seg], d_bp[seg]


@lru_cache(maxsize=64)
def _grid_table(bp_bytes: bytes, idx_bytes: bytes, decimals: int):
    """IAQI of every concentration k / 10^decimals from 0 to the top breakpoint (None if too many)."""
    bp, idx = np.frombuffer(bp_bytes), np.frombuffer(idx_bytes, dtype=np.int64)
    k_max = int(np.floor(bp[-1] * 10**decimals))
    if k_max > 200_000:
        return None
    values = np.arange(k_max + 1, dtype=float)
    if decimals:
        values /= 10.0**decimals  # the same division round_half_even ends with
    return _interpolate_ceil(values, bp, idx)


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
