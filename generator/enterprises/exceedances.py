"""Exceedances: a measurement above its applicable limit (the limit written beside it).

The terms of enforcement notices and HJ practice: 占标率 (share of the limit) = C ÷ S, for every
value; 超标倍数 (times over the limit) = (C − S) ÷ S, stated only for a value above its limit, so a
value at 1.25 × the limit is "超标 0.25 倍" and a value below the limit has no 超标倍数 at all.
"""

from __future__ import annotations

import pandas as pd


def flag_exceedances(records: pd.DataFrame) -> pd.DataFrame:
    """Add `exceed` (value strictly above the limit: equal to the limit complies), `load_ratio`
    (占标率 as a fraction, C ÷ S) and `times_over` (超标倍数, (C − S) ÷ S; NaN unless exceeding)."""
    out = records.copy()
    out["exceed"] = (out["value"] > out["limit"]).astype(bool)
    out["load_ratio"] = (out["value"] / out["limit"]).astype("float64")
    out["times_over"] = ((out["value"] - out["limit"]) / out["limit"]).astype("float64").where(out["exceed"])
    return out
