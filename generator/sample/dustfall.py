"""The sample's dust fall: each county/district's monthly mean, t/(月·km²), from a fixed seed.

Spring (March-May) is dustiest: dry soil, wind, building work starting; summer rain washes the
air clean. Inland 东海 and the chemical-park county 灌南 run above the city's typical level, so the
sample shows areas on both sides of the plan's 6 t/(月·km²) cap. Months run to the last complete
month before the sample's end (a month's jars are weighed after it ends).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from generator.sources.registers.dustfall import COLUMNS

# This writer's own random stream (see generator/sample/__init__.py): np.random.default_rng([seed, STREAM]).
STREAM = 1221  # HJ 1221-2021
FILE_NAME = "dustfall.csv"

# Typical monthly dust fall and the number of points per county/district (slug -> (level, points)).
AREAS = {
    "haizhou": (4.6, 4),
    "lianyun": (4.1, 3),
    "ganyu": (4.4, 3),
    "donghai": (5.6, 4),
    "guanyun": (4.9, 3),
    "guannan": (6.1, 3),
}
# Month (1-12) -> factor on the typical level.
SEASON = {
    1: 1.05,
    2: 1.10,
    3: 1.35,
    4: 1.40,
    5: 1.20,
    6: 0.90,
    7: 0.70,
    8: 0.72,
    9: 0.85,
    10: 0.95,
    11: 1.00,
    12: 1.02,
}


def sample_months(start: date, end: date) -> pd.DatetimeIndex:
    """Months from `start`'s month to the last month that ended on or before `end`."""
    last_complete = (pd.Timestamp(end) + pd.Timedelta(days=1)).to_period("M") - 1
    return pd.period_range(pd.Timestamp(start).to_period("M"), last_complete, freq="M").to_timestamp()


def dustfall_frame(config, seed: int, start: date, end: date) -> pd.DataFrame:
    """The sample's dust-fall table in the file's columns (areas by Chinese name, as editors write)."""
    months = sample_months(start, end)
    rng = np.random.default_rng([seed, STREAM])
    rows = []
    for slug, (level, points) in AREAS.items():
        name = config.area(slug).name
        noise = rng.normal(1.0, 0.08, size=len(months))
        values = level * np.array([SEASON[m.month] for m in months]) * noise
        for month, value in zip(months, values, strict=True):
            rows.append(
                {
                    "area": name,
                    "month": month.strftime("%Y-%m"),
                    "value_t_per_km2_month": round(float(value), 1),
                    "points": points,
                }
            )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def write(out_dir: Path, seed: int, start: date, end: date, config) -> list[Path]:
    """Write `{out_dir}/dustfall/dustfall.csv` (UTF-8, LF) and return the paths written."""
    target = Path(out_dir) / "dustfall" / FILE_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    frame = dustfall_frame(config, seed, start, end)
    target.write_text(frame.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    return [target]
