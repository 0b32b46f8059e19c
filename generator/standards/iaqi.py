"""HJ 633: the individual air quality index (IAQI) of concentrations, computed exactly.

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

from generator.standards.rounding import half_tolerance, round_half_even
from generator.standards.rules import LABELS, RuleSet, rules_for

_SCALE = 10**6  # concentrations as integer millionths


def ruleset_of(rules: RuleSet | str) -> RuleSet:
    """A rule set given as itself or by its version id."""
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
    ruleset = ruleset_of(rules)
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
