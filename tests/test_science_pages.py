"""Science and targets pages: every quoted figure is the standards engine's, recomputed here.

The site is built from the bundled sample; each page's `data-figure` elements are read from the
HTML and compared with values computed in this file straight from the engine (daily values from
the statistics stage, then assessment.period_statistics, aqi.iaqi, rounding) over the period
the figure's id names. A figure id this file cannot recompute fails the test: no figure goes
unchecked.
"""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path

import lxml.html
import numpy as np
import pandas as pd
import pytest

from generator import statistics
from generator.clock import build_time
from generator.config import load_config
from generator.pages.shared.pollutant_words import PRIMARY_NAMES
from generator.site.context import BuildContext
from generator.site.output import OutputTree
from generator.site.render import make_env
from generator.sources.registers.dustdays import days_for, read_dustdays
from generator.sources.registers.dustfall import read_dustfall
from generator.standards.aqi import DAILY_INDICATORS
from generator.standards.assessment import period_statistics
from generator.standards.dust import deduct_dust_days
from generator.standards.iaqi import iaqi
from generator.standards.rounding import round_half_even
from generator.standards.rules import LABELS, rules_for, version_for_date
from generator.tables.dataset import load_dataset
from tests.conftest import ROOT, SAMPLE_DATA

PAGES = [
    "science/",
    "science/pm/",
    "science/ozone/",
    "science/aqi/",
    "science/health/",
    "science/dustfall/",
    "science/actions/",
    "science/faq/",
    "targets/",
]
CONFIG = load_config(ROOT / "data" / "site.toml")
# A period in a figure id: a year, or a season of a year.
P = r"(\d{4}|(?:winter|summer)-\d{4})"


def figures(site: Path, page: str) -> dict[str, str]:
    tree = lxml.html.parse(str(site / page / "index.html"))
    found = {}
    for element in tree.getroot().iter():
        if not isinstance(element.tag, str):
            continue
        key = element.get("data-figure")
        if key is not None:
            found[key] = element.text_content().strip()
    return found


@pytest.fixture(scope="module")
def engine_ctx(tmp_path_factory):
    dataset = load_dataset(SAMPLE_DATA, CONFIG)
    return BuildContext(
        config=CONFIG,
        dataset=dataset,
        out=OutputTree(tmp_path_factory.mktemp("unused")),
        env=make_env(),
        built_at=build_time(),
    )


class Expected:
    """Each figure recomputed from the engine, by the period and statistic its id names."""

    def __init__(self, ctx):
        self.ctx = ctx
        daily = statistics.city_daily(ctx)
        self.daily = daily[daily["area"] == CONFIG.site["city"]].reset_index(drop=True)
        with_data = self.daily.dropna(subset=["pm25", "pm10", "so2", "no2", "co", "o3_8h_max"], how="all")
        self.first, self.last = with_data["date"].min(), with_data["date"].max()
        # The targets are assessed with the confirmed dust days deducted (扣沙, 环办监测〔2016〕120号).
        self.dust_days = days_for(read_dustdays(SAMPLE_DATA, CONFIG))
        confirmed = pd.DataFrame({"area": CONFIG.site["city"], "date": self.dust_days})
        self.deducted = deduct_dust_days(self.daily, confirmed)

    # periods named in figure ids: "2025" (a calendar year, to date when unfinished),
    # "winter-2025" (Dec 2025 – Feb 2026), "summer-2026" (Jun–Aug 2026)
    def period(self, key: str) -> tuple[pd.Timestamp, pd.Timestamp]:
        if key.startswith("winter-"):
            y = int(key[7:])
            return pd.Timestamp(y, 12, 1), pd.Timestamp(y + 1, 3, 1) - pd.Timedelta(days=1)
        if key.startswith("summer-"):
            y = int(key[7:])
            return pd.Timestamp(y, 6, 1), pd.Timestamp(y, 8, 31)
        y = int(key)
        return pd.Timestamp(y, 1, 1), min(pd.Timestamp(y, 12, 31), self.last)

    def stats(self, key: str, deducted: bool = False) -> pd.Series:
        start, end = self.period(key)
        return period_statistics(self.deducted if deducted else self.daily, start, end).iloc[0]

    def month(self, key: str, deducted: bool) -> pd.Series:
        start = pd.Timestamp(key + "-01")
        return period_statistics(
            self.deducted if deducted else self.daily, start, start + pd.offsets.MonthEnd(0)
        ).iloc[0]

    @staticmethod
    def conc(value: float, pollutant: str, day) -> str:
        decimals = rules_for(version_for_date(day)).reporting_decimals[pollutant]
        return f"{round_half_even(value, decimals):.{decimals}f}"

    @staticmethod
    def percent(ratio: float) -> str:
        return f"{round_half_even(ratio * 100, 1):.1f}%"

    def status(self, key: str, enough: bool, met: bool) -> str:
        if int(key) == self.last.year and self.last < pd.Timestamp(self.last.year, 12, 31):
            return "年度未结束，仅供参考"
        if not enough:
            return "数据不足，不作年度评价"
        return "达到目标" if met else "未达到目标"

    def primary_days(self, key: str, labels: set[str]) -> str:
        start, end = self.period(key)
        days = self.daily[
            (self.daily["date"] >= start) & (self.daily["date"] <= end) & (self.daily["aqi"] > 100)
        ]
        return str(sum(bool(labels & set(str(p).split(","))) for p in days["primary"].dropna()))

    def monthly(self) -> pd.DataFrame:
        keyed = self.daily.assign(month=self.daily["date"].dt.strftime("%Y-%m"))
        return period_statistics(keyed, self.first.replace(day=1), self.last, by="month")

    def ozone_cycle(self, key: str) -> pd.Series:
        start, end = self.period(key)
        hourly = self.ctx.dataset.hourly
        stations = statistics.city_members(self.ctx)[CONFIG.site["city"]]
        own = hourly[hourly["station"].isin(stations)]
        city = own.groupby("time")["o3"].mean().dropna()
        local = city.index.tz_convert("Asia/Shanghai")
        day = local.tz_localize(None).normalize()
        inside = city[(day >= start) & (day <= end)]
        return inside.groupby(inside.index.tz_convert("Asia/Shanghai").hour).mean()

    def dust(self) -> pd.DataFrame:
        records = read_dustfall(SAMPLE_DATA, CONFIG)
        return records.assign(year=records["month"].dt.year)

    def value(self, key: str) -> str:  # noqa: C901 - one branch per kind of figure
        targets = CONFIG.targets
        if m := re.fullmatch(rf"(pm25|pm10)_mean(_deducted)?_{P}", key):
            row = self.stats(m[3], deducted=bool(m[2]))
            return self.conc(row[f"{m[1]}_mean"], m[1], self.period(m[3])[1])
        if m := re.fullmatch(r"(pm25|pm10)_month(_deducted)?_(\d{4}-\d{2})", key):
            day = pd.Timestamp(m[3] + "-01") + pd.offsets.MonthEnd(0)
            return self.conc(self.month(m[3], bool(m[2]))[f"{m[1]}_mean"], m[1], day)
        if m := re.fullmatch(r"dust_days_month_(\d{4}-\d{2})", key):
            return str(int((self.dust_days.dt.strftime("%Y-%m") == m[1]).sum()))
        if key == "dust_days_total":
            return str(len(self.dust_days))
        if m := re.fullmatch(rf"dust_days_{P}", key):
            start, end = self.period(m[1])
            return str(int(((self.dust_days >= start) & (self.dust_days <= end)).sum()))
        if m := re.fullmatch(rf"days_(incomplete|no_data|dust)_{P}", key):
            return str(int(self.stats(m[2], deducted=True)[f"days_{m[1]}"]))
        if m := re.fullmatch(rf"pm25_gaps_{P}", key):
            return str(self.stats(m[1], deducted=True)["annual_gaps_pm25"])
        if m := re.fullmatch(rf"o3_8h_p90_{P}", key):
            return self.conc(self.stats(m[1])["o3_8h_p90"], "o3", self.period(m[1])[1])
        if m := re.fullmatch(rf"days_level_(\d)_{P}", key):
            return str(int(self.stats(m[2])[f"days_level_{m[1]}"]))
        if m := re.fullmatch(rf"(good_days|heavy_days|aqi_days|valid_days_pm25|days)(_deducted)?_{P}", key):
            return str(int(self.stats(m[3], deducted=bool(m[2]))[m[1]]))
        if m := re.fullmatch(rf"polluted_days_{P}", key):
            row = self.stats(m[1])
            return str(int(sum(row[f"days_level_{n}"] for n in range(3, 7))))
        if m := re.fullmatch(rf"(good_ratio|heavy_ratio)(_deducted)?_{P}", key):
            return self.percent(self.stats(m[3], deducted=bool(m[2]))[m[1]])
        if m := re.fullmatch(rf"pm25_share_pm10_{P}", key):
            row = self.stats(m[1])
            return f"{row['pm25_mean'] / row['pm10_mean'] * 100:.0f}%"
        if m := re.fullmatch(rf"pm25_primary_days_{P}", key):
            return self.primary_days(m[1], {"PM2.5"})
        if m := re.fullmatch(rf"o3_primary_days_{P}", key):
            return self.primary_days(m[1], {"O3_8h", "O3_1h"})
        if key in ("pm25_peak_month", "pm25_peak_month_mean", "o3_peak_month", "o3_peak_month_p90"):
            monthly = self.monthly()
            column, pollutant = ("pm25_mean", "pm25") if key.startswith("pm25") else ("o3_8h_p90", "o3")
            row = monthly.loc[monthly[column].idxmax()]
            if key.endswith("month"):
                return row["month"]
            return self.conc(
                row[column], pollutant, pd.Timestamp(row["month"] + "-01") + pd.offsets.MonthEnd(0)
            )
        if m := re.fullmatch(rf"o3_cycle_(peak|low)(_hour)?_{P}", key):
            cycle = self.ozone_cycle(m[3])
            # Hours are compared as the chart prints them (1 decimal); a tie names every hour.
            shown = pd.Series(round_half_even(cycle.to_numpy(), 1), index=cycle.index)
            tied = cycle[shown == (shown.max() if m[1] == "peak" else shown.min())]
            if m[2]:
                return "、".join(str(h) for h in tied.index)
            return f"{round_half_even(tied.max() if m[1] == 'peak' else tied.min(), 0):.0f}"
        if m := re.fullmatch(r"(pm25|good|heavy)_status_(\d{4})", key):
            row = self.stats(m[2], deducted=True)  # the plan's targets are assessed 扣沙
            if m[1] == "pm25":
                value = round_half_even(row["pm25_mean"], 0)
                return self.status(m[2], bool(row["meets_annual_pm25"]), value < targets["pm25_annual_max"])
            if m[1] == "good":
                met = round_half_even(row["good_ratio"] * 100, 1) >= round_half_even(
                    targets["good_day_ratio_min"] * 100, 1
                )
            else:
                limit = targets["heavy_day_ratio_baseline"] * (1 - targets["heavy_day_ratio_reduction"])
                met = round_half_even(row["heavy_ratio"] * 100, 1) <= round_half_even(limit * 100, 1)
            return self.status(m[2], row["aqi_days"] > 0, met)
        if key == "pm25_target":
            return f"{targets['pm25_annual_max']:.0f}"
        if key == "good_ratio_target":
            return f"{targets['good_day_ratio_min'] * 100:.0f}%"
        if key == "heavy_ratio_baseline_year":
            return str(targets["heavy_day_ratio_baseline_year"])
        if key == "heavy_ratio_baseline":
            return self.percent(targets["heavy_day_ratio_baseline"])
        if key == "heavy_ratio_target":
            return self.percent(
                targets["heavy_day_ratio_baseline"] * (1 - targets["heavy_day_ratio_reduction"])
            )
        if key == "dustfall_cap":
            return f"{targets['dustfall_max']:.0f}"
        if key == "annual_min_days":
            return str(rules_for("2026").param("annual_min_days"))
        if key == "dustfall_latest_month":
            return self.dust()["month"].max().strftime("%Y-%m")
        if m := re.fullmatch(r"dustfall_month_(\w+)_(\d{4}-\d{2})", key):
            d = self.dust()
            return (
                f"{d[(d['area'] == m[1]) & (d['month'] == pd.Timestamp(m[2] + '-01'))]['value'].iloc[0]:.1f}"
            )
        if m := re.fullmatch(r"dustfall_(mean|months|status)_(\w+)_(\d{4})", key):
            d = self.dust()
            values = d[(d["area"] == m[2]) & (d["year"] == int(m[3]))]["value"]
            mean = round_half_even(values.mean(), 1)
            if m[1] == "mean":
                return f"{mean:.1f}"
            if m[1] == "months":
                return str(len(values))
            if len(values) < 12:
                return "年度未结束，仅供参考"
            return "达到目标" if mean <= targets["dustfall_max"] else "未达到目标"
        if key.startswith("example_"):
            return self.example(key)
        raise AssertionError(f"figure '{key}' has no recomputation in this test: add one")

    def example_row(self) -> pd.Series:
        complete = self.daily[self.daily["complete"] & (self.daily["aqi"] > 100)]
        return complete.iloc[-1]

    def example(self, key: str) -> str:
        day = self.example_row()
        if key == "example_date":
            return day["date"].date().isoformat()
        if key == "example_site_aqi":
            return f"{day['aqi']:.0f}"
        raise KeyError(key)  # the rest is checked by test_the_worked_example_recomputes


@pytest.fixture(scope="module")
def expected(engine_ctx):
    return Expected(engine_ctx)


@pytest.mark.parametrize("page", PAGES)
def test_every_quoted_figure_equals_the_engines_value(sample_site, expected, page):
    found = figures(sample_site, page)
    checked = 0
    for key, text in found.items():
        if key.startswith("example_") and key not in ("example_date", "example_site_aqi"):
            continue
        assert text == expected.value(key), f"{page}: figure {key} shows {text!r}"
        checked += 1
    if page not in ("science/actions/",):
        assert checked > 0, f"{page} quotes no figure from the data"


def test_the_pages_quote_completed_years_and_the_year_to_date_with_coverage(sample_site):
    found = figures(sample_site, "targets/")
    # The sample runs 2025-01-01 to 2026-11-22: 2025 is complete, 2026 is to date.
    assert {
        "pm25_mean_2025",
        "pm25_mean_2026",
        "valid_days_pm25_deducted_2025",
        "days_2026",
        "good_ratio_2026",
        "heavy_ratio_2025",
        "dustfall_mean_donghai_2025",
    } <= found.keys()
    # The sample's two confirmed dust days (2025-03-27/28): 2025 is shown both ways, assessed 扣沙.
    assert {
        "pm25_mean_deducted_2025",
        "good_ratio_deducted_2025",
        "pm10_mean_deducted_2025",
        "pm10_month_deducted_2025-03",
        "days_dust_2025",
    } <= found.keys()
    assert found["dust_days_2025"] == "2" and found["days_dust_2025"] == "2"
    assert int(found["pm10_month_2025-03"]) > int(found["pm10_month_deducted_2025-03"])
    assert found["pm25_status_2026"] == "年度未结束，仅供参考"
    assert found["days_2026"] == str((date(2026, 11, 22) - date(2026, 1, 1)).days + 1)
    page = (sample_site / "targets" / "index.html").read_text(encoding="utf-8")
    assert "不是可以评价的年度值" in page and "本站暂用的参考值，尚待市生态环境局核定" in page


def test_the_worked_example_recomputes_to_the_engines_aqi(sample_site, expected):
    found = figures(sample_site, "science/aqi/")
    day = expected.example_row()
    when = day["date"].date()
    assert found["example_date"] == when.isoformat()
    version = version_for_date(when)
    iaqis = {}
    for column, (_source, pollutant, period) in DAILY_INDICATORS[version].items():
        shown = float(found[f"example_conc_{column}"])
        iaqis[column] = iaqi(pollutant, [shown], period, version)[0]
        assert found[f"example_iaqi_{column}"] == f"{iaqis[column]:.0f}"
        if f"example_exact_{column}" in found:  # the formula's unrounded value rounds up to the IAQI
            assert math.ceil(float(found[f"example_exact_{column}"]) - 1e-9) == iaqis[column]
    aqi = max(iaqis.values())
    assert found["example_aqi"] == f"{aqi:.0f}"
    assert aqi == day["aqi"], "the example's AQI differs from the engine's daily AQI for that day"
    primary = [LABELS[c] for c, v in iaqis.items() if v == aqi] if aqi > 50 else []
    assert found["example_primary"] == ("、".join(PRIMARY_NAMES[p] for p in primary) or "无")
    assert found["example_category"] == next(
        lv.category for lv in rules_for(version).levels if lv.aqi_min <= aqi <= lv.aqi_max
    )


def test_the_iaqi_tables_are_the_engines_breakpoints(sample_site):
    tree = lxml.html.parse(str(sample_site / "science" / "aqi" / "index.html"))
    for version in ("2012", "2026"):
        table = tree.xpath(f'//table[@data-rules="{version}"]')[0]
        ruleset = rules_for(version)
        pm25 = ruleset.breakpoints["pm25_24h"]
        rows = table.xpath(".//tbody/tr")
        last_column = [row.xpath("./td")[-1].text_content() for row in rows]  # PM2.5 24h
        assert last_column == [f"{c:.0f}" for c in pm25[0]]


def test_the_ozone_daily_cycle_of_the_real_2019_data_peaks_in_the_afternoon(shared_data, tmp_path):
    from generator.charts.registry import registry
    from generator.pages.science import builder as science

    raw = tmp_path / "data" / "raw" / "cnemc"
    raw.mkdir(parents=True)
    for path in sorted((shared_data / "cnemc" / "2019").glob("china_sites_2019*.csv")):
        (raw / path.name).write_bytes(path.read_bytes())
    dataset = load_dataset(tmp_path / "data", CONFIG)
    ctx = BuildContext(
        config=CONFIG,
        dataset=dataset,
        out=OutputTree(tmp_path / "out"),
        env=make_env(),
        built_at=build_time(),
    )
    science.build(ctx)
    chart = registry(ctx).get("science-ozone-daily-cycle")
    data = chart.data.dropna(subset=["o3"])
    peak = int(data.loc[data["o3"].idxmax(), "hour"])
    low = int(data.loc[data["o3"].idxmin(), "hour"])
    assert 12 <= peak <= 17, f"summer ozone peaks at hour {peak}"
    assert low <= 8, f"summer ozone is lowest at hour {low}"
    assert "2019" in chart.period
    assert np.all(data["hours"] > 60)  # about 92 summer days behind every hour


def test_science_and_targets_are_in_the_navigation(sample_site):
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert "科普" in home and "目标" in home
