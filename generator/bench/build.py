"""Benchmark of the whole build (`make bench` section "build").

Sample data for 1, 2 and 3 years (the sample generator, fixed seed) is built into a fresh build
folder each time (no chart cache carried over). Reported per size: full build time (ingest,
statistics, every page builder, chart exports, MkDocs), pages per second, and build seconds per
published week; then the same for the statistics and ranking/area page stage alone. Growth is
linear when the seconds per week stay about the same from 1 to 3 years (not rising).
Wall-clock times: run it on a quiet machine.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from generator.bench import epoch_after, row
from generator.config import load_config

SECTION = "build"
ROOT = Path(__file__).resolve().parents[2]
YEARS = (1, 2, 3)
START = date(2024, 1, 1)


def _row(measure, value, unit, target="", note=""):
    return row(SECTION, measure, value, unit, target, note)


def _sample(folder: Path, years: int) -> date:
    """`years` years of synthetic data from START into `folder`; returns its last day."""
    from generator.sample import generate

    end = date(START.year + years - 1, 12, 31)
    generate(folder, load_config(ROOT / "data" / "site.toml"), start=START, end=end)
    return end


def timed_build(data: Path, work: Path, epoch: str):
    """A whole build of `data` into work/site, in process, at the fixed build time `epoch`
    (epoch_after the data's last day): (context, seconds, pages). Shared with the rebuild section."""
    from generator.build import build_site, fixed_build_environment

    with fixed_build_environment(ROOT, epoch):
        start = time.perf_counter()
        ctx = build_site(
            data,
            work / "site",
            config_path=ROOT / "data" / "site.toml",
            build_dir=work / "build",
            mkdocs_config=ROOT / "mkdocs.yml",
            show_progress=False,
        )
        seconds = time.perf_counter() - start
    pages = sum(1 for _ in (work / "site").rglob("index.html"))
    return ctx, seconds, pages


def _ranking_stage(ctx, work: Path) -> float:
    """Statistics + ranking and area pages again on the loaded dataset (fresh caches)."""
    from generator.pages.areas import builder as areas
    from generator.pages.rankings import weekly as rankings
    from generator.site.context import BuildContext
    from generator.site.output import OutputTree
    from generator.site.render import make_env

    out = OutputTree(work / "stage")
    out.reset()
    fresh = BuildContext(ctx.config, ctx.dataset, out, make_env(), ctx.built_at)
    start = time.perf_counter()
    rankings.build(fresh)
    areas.build(fresh)
    return time.perf_counter() - start


def run() -> list[dict]:
    from generator import statistics

    rows = []
    per_week = {}
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        for years in YEARS:
            folder = Path(tmp) / f"y{years}"
            end = _sample(folder / "data", years)
            ctx, seconds, pages = timed_build(folder / "data", folder / "work", epoch_after(end))
            weeks = len(statistics.weeks(ctx))
            stage = _ranking_stage(ctx, folder / "work")
            per_week[years] = seconds / weeks
            rows += [
                _row(
                    f"{years} year(s): full build",
                    f"{seconds:.1f}",
                    "s",
                    "",
                    f"{weeks} weeks × {len(ctx.config.areas)} areas, {pages} pages",
                ),
                _row(f"{years} year(s): pages per second", f"{pages / seconds:.1f}", "pages/s"),
                _row(f"{years} year(s): full build per week", f"{seconds / weeks:.2f}", "s/week", "flat"),
                _row(
                    f"{years} year(s): statistics + ranking/area pages",
                    f"{stage:.1f}",
                    "s",
                    "",
                    f"{1000 * stage / weeks:.0f} ms/week",
                ),
            ]
            shutil.rmtree(folder)
    growth = per_week[YEARS[-1]] / per_week[YEARS[0]]
    rows.append(
        _row(
            "s/week at 3 years ÷ s/week at 1 year",
            f"{growth:.2f}",
            "ratio",
            "≤ 1.2",
            "linear growth (fixed costs make it fall below 1)",
        )
    )
    return rows
