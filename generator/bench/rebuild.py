"""Benchmark of rebuilding (`make bench` section "rebuild"): what a publish run costs.

On a copy of the bundled sample with the first eight hours of the next day (the day in progress,
as the archive publishes it): a cold build (empty chart render cache, no tidy cache, fresh build
folder), then warm rebuilds with the caches kept as the publish workflow keeps them: with nothing
new, after one new hour of data (the hourly run), after one new warning notice, and after the day's
last hour completes it. The clock moves between the builds as the workflow's does (an hour between
hourly runs, minutes between the others), never fixed across builds: a page that printed the build
time would be rewritten by every run, and the benchmark must see that. Targets: a warm rebuild after
a new notice in under a quarter of the cold build's time, and an hourly rebuild in under 0.35 of it,
measured in the same run. Wall-clock times: run it on a quiet machine. A shared machine's speed
drifts by a fifth from minute to minute, so the hourly and warning paths are measured three times
each (three new hours, three new notices, one after the other, each a real first rebuild after it)
and the median is taken. Each row also gives the CPU time (this process and its chart-rendering
workers: the cold build renders on every core).
"""

from __future__ import annotations

import gzip
import os
import resource
import shutil
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from generator.bench import epoch_after, row
from generator.bench.build import timed_build
from generator.sample import DEFAULT_END

SECTION = "rebuild"
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
EPOCH = int(epoch_after(DEFAULT_END))  # 2026-11-23 08:00 Beijing, after the sample's last day
TARGET_RATIO = 0.25
HOURLY_TARGET_RATIO = 0.35
WARNING_NUMBERS = (901, 902, 903)  # three new notices, one rebuild after each
FIRST_HOURS = 8  # the day in progress holds hours 0..7 at the cold build (08:35)
NEW_HOURS = (8, 9, 10)  # one new hour before each hourly rebuild
# When each build runs, in minutes after EPOCH: the hourly runs start at minute 35 of each hour.
CLOCK = {"cold": 35, "nothing": 50, "hours": (95, 155, 215), "warnings": (220, 225, 230), "day": 16 * 60 + 35}

NEW_NOTICE = """\
# 基准测试用：虚构的预警通知。
id: "2026-901"
level: 黄色
title: 连云港市发布重污染天气黄色预警
issued_at: 2026-11-22T16:00:00+08:00
effective_from: 2026-11-23T00:00:00+08:00
expected_end: 2026-11-25T00:00:00+08:00
areas: 全市
cause: 受静稳、高湿等不利气象条件影响，污染物持续累积，首要污染物为 PM2.5。
forecast_aqi:
  - {date: 2026-11-23, aqi: 160}
  - {date: 2026-11-24, aqi: 175}
measures:
  - 列入应急减排清单的工业企业按“一厂一策”落实黄色预警减排措施。
authority: 连云港市重污染天气应急指挥部
document_number: 连重污应急〔2026〕901号（基准测试）
"""


def _row(measure, value, unit, target="", note=""):
    return row(SECTION, measure, value, unit, target, note)


@contextmanager
def _chart_cache(folder: Path):
    old = os.environ.get("LYG_CHART_CACHE")
    os.environ["LYG_CHART_CACHE"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("LYG_CHART_CACHE", None)
        else:
            os.environ["LYG_CHART_CACHE"] = old


def _cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _build(data: Path, work: Path, minutes: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole build, run `minutes` after EPOCH."""
    cpu = _cpu_seconds()
    wall = timed_build(data, work, str(EPOCH + minutes * 60))[1]
    return wall, _cpu_seconds() - cpu


def notice(number: int) -> str:
    """NEW_NOTICE as notice 2026-<number> (each a new warning to the site)."""
    return NEW_NOTICE.replace("2026-901", f"2026-{number}").replace("〔2026〕901号", f"〔2026〕{number}号")


def next_day_hours(data: Path, hours: int, *, source: Path | None = None) -> Path:
    """The day after the sample's last day, as the archive publishes it while the day runs: the
    last day's file again, dated the day after (rows and name), with its first `hours` hours."""
    from datetime import date, timedelta

    folder = data / "raw" / "cnemc"
    last = source or sorted(folder.glob("china_sites_*.csv.gz"))[-1]
    old_day = last.name[12:20]
    new_day = (date(int(old_day[:4]), int(old_day[4:6]), int(old_day[6:])) + timedelta(days=1)).strftime(
        "%Y%m%d"
    )
    header, *rows = gzip.decompress(last.read_bytes()).decode("utf-8").splitlines(keepends=True)
    kept = [r.replace(f"{old_day},", f"{new_day},", 1) for r in rows if int(r.split(",", 2)[1]) < hours]
    target = folder / f"china_sites_{new_day}.csv.gz"
    target.write_bytes(gzip.compress((header + "".join(kept)).encode("utf-8"), mtime=0))
    return target


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        shutil.copytree(SAMPLE, data, ignore=shutil.ignore_patterns("tidy"))
        work = tmp / "work"
        source = sorted((data / "raw" / "cnemc").glob("china_sites_*.csv.gz"))[-1]
        next_day_hours(data, FIRST_HOURS, source=source)
        load_before = os.getloadavg()[0]
        with _chart_cache(tmp / "chart-cache"):
            cold = _build(data, work, CLOCK["cold"])
            nothing = _build(data, work, CLOCK["nothing"])
            hours = []
            for hour, minutes in zip(NEW_HOURS, CLOCK["hours"], strict=True):
                next_day_hours(data, hour + 1, source=source)
                hours.append(_build(data, work, minutes))
            warnings = []
            for number, minutes in zip(WARNING_NUMBERS, CLOCK["warnings"], strict=True):
                (data / "warnings" / f"2026-{number}.yaml").write_text(notice(number), encoding="utf-8")
                warnings.append(_build(data, work, minutes))
            day = next_day_hours(data, 24, source=source).name[12:20]
            one_day = _build(data, work, CLOCK["day"])
    warning = (statistics.median(w for w, _ in warnings), statistics.median(c for _, c in warnings))
    hourly = (statistics.median(w for w, _ in hours), statistics.median(c for _, c in hours))
    # The machine may be shared: the load says how far the seconds can be trusted.
    load = f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    runs = ", ".join(f"{w:.1f}" for w, _ in warnings)
    hour_runs = ", ".join(f"{w:.1f}" for w, _ in hours)

    def timed(measure: str, seconds: tuple[float, float], note: str) -> dict:
        return _row(measure, f"{seconds[0]:.1f}", "s", "", f"{note}; CPU {seconds[1]:.1f} s")

    return [
        timed("cold build (empty caches)", cold, "sample data, fresh build folder; clock moves"),
        timed("warm rebuild, nothing new", nothing, f"15 min later; {nothing[0] / cold[0]:.2f} of cold"),
        timed(
            "hourly rebuild, one new hour", hourly, f"median of {hour_runs} s (hours 8 to 10, an hour apart)"
        ),
        _row(
            "new hour: warm ÷ cold", f"{hourly[0] / cold[0]:.2f}", "ratio", f"< {HOURLY_TARGET_RATIO}", load
        ),
        timed("warm rebuild after one new warning", warning, f"median of {runs} s (notices 2026-901 to 903)"),
        _row("new warning: warm ÷ cold", f"{warning[0] / cold[0]:.2f}", "ratio", f"< {TARGET_RATIO}", load),
        timed("warm rebuild, the day completed", one_day, f"day {day}; {one_day[0] / cold[0]:.2f} of cold"),
    ]
