"""Exceedances: a measurement above its applicable limit (the limit written beside it)."""

from __future__ import annotations

import pandas as pd


def flag_exceedances(records: pd.DataFrame) -> pd.DataFrame:
    """Add `exceed` (value strictly above the limit: equal to the limit complies) and `ratio`
    (value / limit, the multiple of the limit, used to rank how far above it a value went)."""
    out = records.copy()
    out["ratio"] = (out["value"] / out["limit"]).astype("float64")
    out["exceed"] = (out["value"] > out["limit"]).astype(bool)
    return out
