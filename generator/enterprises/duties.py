"""What the duty registers say at build time: each execution report's status (on time, late,
missing, not yet due) and each unit's cut at each warning level beside the emergency plan's ratio
for that level (plan §27: yellow 30%, orange 40%, red 50%; the ratios are configuration,
`warnings.reduction_ratio` in data/site.toml)."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from generator.enterprises.responses import LEVELS

STATUS_TEXT = {"on_time": "按时提交", "late": "逾期提交", "missing": "逾期未提交", "pending": "未到期"}


def report_status(reports: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """`reports` with status (a STATUS_TEXT key), status_text, days_late (days past the due date,
    at submission or, when missing, at `now`) and turned_late (the first moment it was late)."""
    today = pd.Timestamp(now).tz_convert("Asia/Shanghai").normalize()
    submitted, due = reports["submitted"], reports["due"]
    status = np.select(
        [submitted.notna() & (submitted <= due), submitted.notna(), due < today],
        ["on_time", "late", "missing"],
        default="pending",
    )
    until = submitted.fillna(today)
    days_late = ((until - due).dt.days).where(
        pd.Series(status, index=reports.index).isin(["late", "missing"])
    )
    return reports.assign(
        status=status,
        status_text=pd.Series(status, index=reports.index).map(STATUS_TEXT),
        days_late=days_late.astype("Int64"),
        turned_late=due + pd.Timedelta(days=1),
    )


def response_totals(responses: pd.DataFrame, units: pd.DataFrame, ratios: dict[str, float]) -> pd.DataFrame:
    """One row per unit and level: measures (count), cut (sum of its listed cuts, %; NaN when the
    unit lists nothing at that level), plan (the plan's ratio, %) and shortfall (percentage points
    below the plan; 0 when the cuts reach it, NaN when nothing is listed)."""
    grid = pd.MultiIndex.from_product([units["credit_code"], list(LEVELS)], names=["credit_code", "level"])
    sums = responses.groupby(["credit_code", "level"]).agg(measures=("cut", "size"), cut=("cut", "sum"))
    table = sums.reindex(grid).reset_index()
    table["measures"] = table["measures"].fillna(0).astype(int)
    table["plan"] = table["level"].map({k: float(v) * 100 for k, v in ratios.items()})
    table["shortfall"] = (table["plan"] - table["cut"]).clip(lower=0)
    return table
