"""Reported figures: the one rounding and text path for every figure a page, a download or a chart
shows, so that a CSV never says 2.67 where its page says 2.68.

Rounding is GB/T 8170 (half to even, generator/standards/rounding.py), applied where a figure is
reported, never inside the statistics. How many decimals a kind of figure keeps is in DECIMALS;
concentrations keep the decimals of their rule version (standards table reporting.csv). Shares
(优良天数比例, 超标率, 占标率, coverage) are reported as percentages; a download that keeps them as
fractions keeps two more decimals, so both hold the same rounded number.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.standards.rounding import round_half_even
from generator.standards.rules import rules_for

# Kind of figure -> decimals as reported (pages, downloads and chart labels alike).
DECIMALS = {
    "composite": 2,  # 综合指数 (published practice; standards parameter composite_decimals)
    "single_index": 2,  # 单项指数 = C_i / S_i
    "change_percent": 1,  # 综合指数变化率, %
    "share_percent": 1,  # 优良天数比例、超标率、占标率, %
    "coverage_percent": 0,  # 站·日覆盖率, %
    "times_over": 2,  # 超标倍数 = (C − S) ÷ S
    "emission_value": 1,  # an enterprise's measured value and its limit (mg/m³, kg/h)
    "hourly_mean": 1,  # a mean of hourly values drawn in a science chart (µg/m³)
}
MISSING = "—"


def decimals_of(kind: str | int) -> int:
    """Decimals of a kind of figure (a key of DECIMALS), or an explicit number of decimals."""
    return kind if isinstance(kind, int) else DECIMALS[kind]


def concentration_decimals(pollutant: str, version: str = "2026") -> int:
    """Decimals of a reported concentration ('pm25', 'co', …) under a rule version."""
    return rules_for(str(version).split("+")[-1]).reporting_decimals[pollutant]


def rounded(values, kind: str | int):
    """Values rounded as reported (GB/T 8170); scalars, arrays and Series keep their shape."""
    if isinstance(values, pd.Series):
        return round_half_even(pd.to_numeric(values, errors="coerce").astype(float), decimals_of(kind))
    return round_half_even(values, decimals_of(kind))


def rounded_share(fractions, kind: str = "share_percent"):
    """A share kept as a fraction (0.857) holding exactly the reported percentage (85.7 %)."""
    return rounded(fractions, decimals_of(kind) + 2)


def percent(fractions, kind: str = "share_percent"):
    """A share as the reported percentage (0.8571 -> 85.7)."""
    if isinstance(fractions, pd.Series):
        fractions = pd.to_numeric(fractions, errors="coerce").astype(float)
    return rounded(np.multiply(fractions, 100.0), kind)


def is_missing(value) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return bool(value != value)  # NaN
    except (TypeError, ValueError):
        return False


def text(value, kind: str | int, suffix: str = "") -> str:
    """A figure as printed: rounded (GB/T 8170) to its decimals; missing shown as '—'."""
    if is_missing(value):
        return MISSING
    decimals = decimals_of(kind)
    return f"{rounded(float(value), decimals) + 0.0:.{decimals}f}{suffix}"  # + 0.0: no "-0.0"


def percent_text(fraction, kind: str = "share_percent") -> str:
    """A share as printed: 0.85714 -> '85.7%'."""
    if is_missing(fraction):
        return MISSING
    return text(100.0 * float(fraction), kind, "%")


def signed_percent_text(value, kind: str = "change_percent") -> str:
    """A change rate already in percent, with its sign (a true minus sign): '+16.7%', '−3.0%'."""
    if is_missing(value):
        return MISSING
    decimals = decimals_of(kind)
    return f"{rounded(float(value), decimals) + 0.0:+.{decimals}f}%".replace("-", "−")
