"""Benchmark of rebuilding (`make bench` section "rebuild"): what a publish run costs.

On a copy of the bundled sample: a cold build (empty chart render cache, no tidy cache, fresh build
folder), then warm rebuilds with the caches kept as the publish workflow keeps them: with nothing
new, after one more day of data, and after one new warning notice. The target is the warning path:
a warm rebuild after a new notice in under a quarter of the cold build's time, measured in the same
run. Wall-clock times: run it on a quiet machine. A shared machine's speed drifts by a fifth from
minute to minute, so the warning path is measured three times (three new notices, one after the
other, each a real first rebuild after it) and the median is taken. Each row also gives the CPU
time (this process and its chart-rendering workers: the cold build renders on every core).
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

from generator.bench import row
from generator.bench.build import timed_build

SECTION = "rebuild"
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
EPOCH = "1795392000"  # 2026-11-23 08:00 Beijing, after the sample's last day (as in the tests)
TARGET_RATIO = 0.25
WARNING_NUMBERS = (901, 902, 903)  # three new notices, one rebuild after each

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


def _build(data: Path, work: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole build."""
    cpu = _cpu_seconds()
    wall = timed_build(data, work, EPOCH)[1]
    return wall, _cpu_seconds() - cpu


def notice(number: int) -> str:
    """NEW_NOTICE as notice 2026-<number> (each a new warning to the site)."""
    return NEW_NOTICE.replace("2026-901", f"2026-{number}").replace("〔2026〕901号", f"〔2026〕{number}号")


def add_next_day(data: Path) -> str:
    """One more archive day: the last day's file again, dated the day after (rows and name)."""
    files = sorted((data / "raw" / "cnemc").glob("china_sites_*.csv.gz"))
    last = files[-1]
    old_day = last.name[12:20]
    from datetime import date, timedelta

    new_day = (date(int(old_day[:4]), int(old_day[4:6]), int(old_day[6:])) + timedelta(days=1)).strftime(
        "%Y%m%d"
    )
    text = gzip.decompress(last.read_bytes()).decode("utf-8").replace(f"\n{old_day},", f"\n{new_day},")
    (last.parent / f"china_sites_{new_day}.csv.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    return new_day


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        shutil.copytree(SAMPLE, data, ignore=shutil.ignore_patterns("tidy"))
        work = tmp / "work"
        load_before = os.getloadavg()[0]
        with _chart_cache(tmp / "chart-cache"):
            cold = _build(data, work)
            nothing = _build(data, work)
            day = add_next_day(data)
            one_day = _build(data, work)
            warnings = []
            for number in WARNING_NUMBERS:
                (data / "warnings" / f"2026-{number}.yaml").write_text(notice(number), encoding="utf-8")
                warnings.append(_build(data, work))
    warning = (statistics.median(w for w, _ in warnings), statistics.median(c for _, c in warnings))
    # The machine may be shared: the load says how far the seconds can be trusted.
    load = f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    runs = ", ".join(f"{w:.1f}" for w, _ in warnings)

    def timed(measure: str, seconds: tuple[float, float], note: str) -> dict:
        return _row(measure, f"{seconds[0]:.1f}", "s", "", f"{note}; CPU {seconds[1]:.1f} s")

    return [
        timed("cold build (empty caches)", cold, "sample data, fresh build folder"),
        timed("warm rebuild, nothing new", nothing, f"{nothing[0] / cold[0]:.2f} of cold"),
        timed("warm rebuild after one new day", one_day, f"day {day}; {one_day[0] / cold[0]:.2f} of cold"),
        timed("warm rebuild after one new warning", warning, f"median of {runs} s (notices 2026-901 to 903)"),
        _row("new warning: warm ÷ cold", f"{warning[0] / cold[0]:.2f}", "ratio", f"< {TARGET_RATIO}", load),
    ]
