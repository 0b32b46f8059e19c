"""Benchmark of the monthly and year-to-date rankings (`make bench` section "periods").

Sample data for 8 years (2019-01-01 to 2026-12-31, the sample generator, fixed seed) is loaded once;
the daily statistics the weekly rankings already compute are computed first (they are not part of
what the periods add). Then, timed: every month's and every YTD period's statistics, composite
index, ranks and changes (generator/statistics/periods.py) for the areas and the cities, and the period pages
(generator/pages/rankings/periods.py: pages, CSV/JSON, chart registrations, the city's year pages).
Chart renders are not included: the chart export renders through the content-hashed cache, so a
rebuild renders only charts whose data changed. Target (issue 17): under 10 s added to a build.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

from generator.bench import row

SECTION = "periods"
ROOT = Path(__file__).resolve().parents[2]
START, END = date(2019, 1, 1), date(2026, 12, 31)


def run() -> list[dict]:
    from generator import statistics
    from generator.clock import build_time
    from generator.config import load_config
    from generator.pages.rankings import periods as period_rankings
    from generator.sample import generate
    from generator.site.context import BuildContext
    from generator.site.output import OutputTree
    from generator.site.render import make_env
    from generator.statistics import periods
    from generator.tables.dataset import load_dataset

    config = load_config(ROOT / "data" / "site.toml")
    with tempfile.TemporaryDirectory(prefix="bench-periods-") as tmp:
        data = Path(tmp) / "data"
        generate(data, config, start=START, end=END)
        dataset = load_dataset(data, config)
        out = OutputTree(Path(tmp) / "generated")
        out.reset()
        ctx = BuildContext(config=config, dataset=dataset, out=out, env=make_env(), built_at=build_time())
        statistics.area_daily(ctx), statistics.city_daily(ctx)  # shared with the weekly rankings
        start, cpu = time.perf_counter(), time.process_time()
        for kind in periods.KINDS:
            for scope in period_rankings.scopes(ctx):
                periods.period_rankings(ctx, scope.key, kind)
        frames = time.perf_counter() - start
        period_rankings.build(ctx)
        total = time.perf_counter() - start
        # On a shared machine the wall time grows with the others' load; the CPU time does not.
        cpu = time.process_time() - cpu
        n_months = len(periods.periods(ctx, "month"))
    note = f"{n_months} months + {n_months} YTD periods × {len(config.areas)} areas"
    return [
        row(SECTION, "8 years: month and YTD statistics", f"{frames:.1f}", "s", "", note),
        row(
            SECTION,
            "8 years: added to a build (statistics + pages)",
            f"{total:.1f}",
            "s",
            "< 10",
            "charts cached",
        ),
        row(
            SECTION,
            "8 years: added to a build, CPU time",
            f"{cpu:.1f}",
            "s",
            "",
            "this process only (the wall time above includes waiting for other processes)",
        ),
    ]
