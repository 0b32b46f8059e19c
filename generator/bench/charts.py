"""Chart export speed: render per chart (serial and in worker processes), cache hits, CSV.

Rendering is the slow part of a build; these numbers decide EXPORT_WORKERS and
PARALLEL_MIN_CHARTS in generator/charts/export.py.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

from generator.charts import export
from generator.charts.registry import ChartSpec
from generator.charts.tables import csv_bytes

CJK_FONT = "Noto Sans CJK SC"
N_CHARTS = 12


def _spec(i: int) -> ChartSpec:
    """A year of daily values for four areas: the size of the site's trend charts."""
    days = pd.date_range("2019-01-01", periods=365, freq="D")
    rng = np.random.default_rng(i)
    data = pd.DataFrame(
        {
            "date": np.tile(days, 4),
            "area": np.repeat(["海州区", "连云区", "赣榆区", "东海县"], len(days)),
            "aqi": rng.uniform(20, 220, 4 * len(days)).round(0),
        }
    )
    chart = (
        alt.Chart(data)
        .mark_line()
        .encode(x="date:T", y="aqi:Q", color="area:N")
        .properties(width=640, height=300)
    )
    return ChartSpec(
        id=f"bench-{i}",
        title=f"各县区日 AQI（{i}）",
        subtitle="2019 年",
        chart=chart,
        data=data,
        columns={"date": "日期", "area": "县区", "aqi": "AQI"},
        source="基准测试",
        period="2019 年",
        as_of=None,
        rules="HJ 633-2012",
        description="基准测试图表",
        page_url="",
    )


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run() -> list[dict]:
    charts = [_spec(i) for i in range(N_CHARTS)]
    specs = [export.vegalite_spec(c, CJK_FONT) for c in charts]
    export.render(specs[0], CJK_FONT, None)  # start vl-convert's runtime outside the timings
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        serial_cache, pool_cache = Path(tmp) / "serial", Path(tmp) / "pool"
        serial = _timed(lambda: [export.render(s, CJK_FONT, serial_cache) for s in specs])
        pooled = _timed(lambda: export.prerender(specs, CJK_FONT, pool_cache, workers=2, min_charts=1))
        cached = _timed(lambda: [export.render(s, CJK_FONT, serial_cache) for s in specs])
    csv_time = _timed(lambda: [csv_bytes(c.data, c.columns) for c in charts])
    spec_time = _timed(lambda: [export.vegalite_spec(c, CJK_FONT) for c in charts])
    per = 1000 / N_CHARTS  # seconds for all charts -> milliseconds per chart
    measures = [
        ("render SVG+PNG, serial", f"{serial * per:.0f}", "< 500", f"{N_CHARTS} line charts, 1460 points"),
        ("render, 2 worker processes", f"{pooled * per:.0f}", "< serial", "includes starting the workers"),
        ("cache hit", f"{cached * per:.1f}", "< 20", "content-hash cache in build/cache/charts"),
        ("Altair spec (no validation)", f"{spec_time * per:.0f}", "< 100", ""),
        ("CSV export", f"{csv_time * per:.1f}", "< 50", ""),
    ]
    for measure, value, target, note in measures:
        rows.append(
            {
                "section": "charts",
                "measure": measure,
                "value": value,
                "unit": "ms/chart",
                "target": target,
                "note": note,
            }
        )
    return rows
