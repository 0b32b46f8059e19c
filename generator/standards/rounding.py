"""Rounding as the standards do it: GB/T 8170 (round half to even), applied only where a figure is
reported (or where HJ 633-2026 asks for it before the IAQI), never inside the statistics.

Floating point cannot hold most decimal halves exactly (0.85 is stored as 0.8499999…), so a value
within 1e-9 (relative to the value itself, at least 1) of a half in the last kept decimal is
treated as that exact half. The tolerance is per value, so one huge or infinite glitch in an
array cannot change how the other values round. Monitoring values carry at most a few decimals,
so a true value that close to a half and not on it does not occur.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from generator.standards.rules import RuleSet

_HALF_TOLERANCE = 1e-9  # relative to each scaled value (at least 1)


_MAX_TOLERANCE = 1e-3  # far above float error for any value below 1e12; keeps huge values exact


def half_tolerance(scaled: np.ndarray) -> np.ndarray:
    """How far from a half a scaled value may sit and still be taken as that half.

    Relative to the value, but never more than _MAX_TOLERANCE: above 2^52 every float is a whole
    number, and a relative tolerance would grow past 0.5 and take whole numbers for halves.
    """
    return np.minimum(_HALF_TOLERANCE * np.maximum(1.0, np.abs(scaled)), _MAX_TOLERANCE)


def round_half_even(values, decimals: int = 0):
    """Round half to even to `decimals` places; NaN stays NaN. Scalars in, scalar out."""
    if isinstance(values, (int, float, np.number)):
        return _round_scalar(float(values), decimals)
    # At least 1-d: arithmetic on a 0-d array gives a numpy scalar, whose .flat is a copy, so the
    # half correction below would be lost for a single value (1.275 -> 1.27 instead of 1.28).
    array = np.atleast_1d(np.asarray(values, dtype=float))
    scale = 10.0**decimals
    scaled = array * scale if decimals else array
    out = np.rint(scaled)  # half-to-even already, where the half is exact in binary
    # Values a hair below or above a half (0.85 × 10 = 8.4999999999999982) are taken as the half.
    with np.errstate(invalid="ignore"):
        tolerance = half_tolerance(scaled)
        gap = np.abs(scaled - out)
        near = np.flatnonzero((gap > 0.5 - tolerance) & (gap < 0.5))
    if near.size:
        lower = np.floor(scaled.flat[near] + tolerance.flat[near])  # the integer below the half
        out.flat[near] = np.where(np.fmod(lower, 2) == 0, lower, lower + 1)
    if decimals:
        out /= scale
    if np.ndim(values) == 0:
        return float(out[0])
    if isinstance(values, pd.Series):
        return pd.Series(out, index=values.index, name=values.name)
    return out


def _round_scalar(value: float, decimals: int) -> float:
    """round_half_even of one number, the same steps in plain floats: a page prints thousands of
    figures one by one, and numpy's set-up costs far more than the arithmetic."""
    if not math.isfinite(value):
        return value
    scale = 10.0**decimals
    scaled = value * scale if decimals else value
    out = math.copysign(float(round(scaled)), scaled)  # half-to-even, like np.rint (sign of zero too)
    tolerance = min(_HALF_TOLERANCE * max(1.0, abs(scaled)), _MAX_TOLERANCE)
    gap = abs(scaled - out)
    if 0.5 - tolerance < gap < 0.5:
        lower = float(math.floor(scaled + tolerance))
        out = lower if math.fmod(lower, 2) == 0 else lower + 1
    return out / scale if decimals else out


def report_concentrations(
    frame: pd.DataFrame, rules: RuleSet, columns: dict[str, str] | None = None
) -> pd.DataFrame:
    """A copy with concentrations rounded as HJ 663 reports them (integer µg/m³, CO 1 decimal).

    `columns` maps column name -> pollutant; by default every column named after a pollutant.
    """
    columns = columns or {p: p for p in rules.reporting_decimals if p in frame.columns}
    out = frame.copy()
    for column, pollutant in columns.items():
        out[column] = round_half_even(out[column].to_numpy(dtype=float), rules.reporting_decimals[pollutant])
    return out
