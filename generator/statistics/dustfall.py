"""Dust fall against the plan's cap: each county/district's yearly mean of its monthly records.

The plan (连政发〔2019〕10号 §19) caps each county/district's average dust fall at
6 t/(月·km²) (`targets.dustfall_max` in data/site.toml). The records are read by
sources/registers/dustfall.py.
"""

from __future__ import annotations

import pandas as pd

from generator.standards.rounding import round_half_even

# County-level divisions the plan's cap applies to (functional zones are reported, not assessed).
ASSESSED_KINDS = ("县", "区")
# Dust fall is reported to one decimal; the cap is checked on the reported value (GB/T 8170,
# round half to even), so a published 6.0 never reads as "over 6".
REPORT_DECIMALS = 1


def yearly_assessment(records: pd.DataFrame, cap: float) -> pd.DataFrame:
    """Each area's average monthly dust fall per calendar year, against the plan's cap.

    Columns: area, area_name, kind, year, months (with data), mean (reported, 1 decimal),
    max_month_value,
    months_over (months above the cap), meets (mean <= cap), complete (all 12 months).
    """
    if records.empty:
        return pd.DataFrame(
            columns=[
                "area",
                "area_name",
                "kind",
                "year",
                "months",
                "mean",
                "max_month_value",
                "months_over",
                "meets",
                "complete",
            ]
        )
    frame = records.assign(year=records["month"].dt.year, over=records["value"] > cap)
    out = (
        frame.groupby(["area", "area_name", "kind", "year"], sort=True)
        .agg(
            months=("value", "size"),
            mean=("value", "mean"),
            max_month_value=("value", "max"),
            months_over=("over", "sum"),
        )
        .reset_index()
    )
    out["months_over"] = out["months_over"].astype(int)
    out["mean"] = round_half_even(out["mean"].to_numpy(dtype=float), REPORT_DECIMALS)
    out["meets"] = out["mean"] <= cap
    out["complete"] = out["months"] == 12
    return out
