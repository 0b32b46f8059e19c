"""The weekly rankings are one kind of period on the machinery the monthly and year-to-date
rankings use (generator.statistics.period_table): a week is a period as a month is.

The figures below are the weekly frame of the bundled sample (data/sample, 2025-01-01 to
2026-11-22) as the weekly statistics computed them before they moved onto that machinery (issue
17); moving them must not change one of them.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from generator.clock import build_time
from generator.config import load_config
from generator.site.context import BuildContext
from generator.site.output import OutputTree
from generator.site.render import make_env
from generator.statistics import area_daily, iso_weeks, period_table
from generator.tables.dataset import load_dataset

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample_ctx(tmp_path_factory) -> BuildContext:
    config = load_config(ROOT / "data" / "site.toml")
    dataset = load_dataset(ROOT / "data" / "sample", config)
    out = OutputTree(tmp_path_factory.mktemp("weeks"))
    return BuildContext(config=config, dataset=dataset, out=out, env=make_env(), built_at=build_time())


@pytest.fixture(scope="module")
def sample_weeks(sample_ctx) -> pd.DataFrame:
    return iso_weeks.weekly(sample_ctx, "areas")


def row(frame: pd.DataFrame, group: str, week: str) -> dict:
    (found,) = frame[(frame["group"] == group) & (frame["week"] == week)].to_dict("records")
    return found


def test_the_weekly_frame_covers_the_sample_as_before(sample_weeks):
    assert sample_weeks.shape == (990, 102)  # 99 weeks × 10 areas, the same 102 columns
    assert (sample_weeks["week"].min(), sample_weeks["week"].max()) == ("2025-W01", "2026-W47")
    assert int(sample_weeks["ranked"].sum()) == 990
    assert round(float(sample_weeks["composite"].sum()), 2) == 4045.49
    assert int(sample_weeks["rank"].sum()) == 5410
    assert round(float(sample_weeks["change_prev"].sum()), 1) == 2426.5
    assert round(float(sample_weeks["change_yoy"].sum()), 1) == -408.8
    assert int(sample_weeks["rank_improvement_prev"].sum()) == 2546
    assert int(sample_weeks["rank_improvement_yoy"].sum()) == 1300
    per_week = sample_weeks.groupby("week")["composite"].sum().round(2)
    assert per_week[["2025-W01", "2025-W02", "2025-W03"]].tolist() == [69.85, 77.18, 56.42]


def test_a_week_across_the_2026_rule_change_keeps_its_figures(sample_weeks):
    # 2026-W09 is 2026-02-23 to 2026-03-01: daily AQI by each day's rules, the composite index by
    # the rules of its Sunday (2026).
    gaoxin = row(sample_weeks, "gaoxin", "2026-W09")
    assert (gaoxin["rules"], gaoxin["composite_rules"]) == ("2012+2026", "2026")
    assert (gaoxin["composite"], gaoxin["rank"], gaoxin["rank_pm25"]) == (3.89, 3, 2)
    assert (gaoxin["prev_rank"], gaoxin["change_prev"], gaoxin["rank_improvement_prev"]) == (7, -37.5, 1)
    assert (gaoxin["yoy_rank"], gaoxin["change_yoy"], gaoxin["rank_improvement_yoy"]) == (3, -17.4, 3)
    assert (gaoxin["primary"], gaoxin["good_days"], gaoxin["station_days_valid"]) == ("PM10", 7, 7)
    assert math.isclose(gaoxin["pm25"], 34.929089026915115)
    lianyun = row(sample_weeks, "lianyun", "2026-W09")
    assert (lianyun["composite"], lianyun["rank"], lianyun["station_days_valid"]) == (3.96, 4, 14)
    assert (lianyun["change_yoy"], lianyun["rank_improvement_yoy"]) == (-10.4, 6)


def test_shared_ranks_primary_pollutants_and_year_on_year_as_before(sample_weeks):
    for group in ("gaoxin", "guannan"):  # 5.58 each: a shared 4th place
        shared = row(sample_weeks, group, "2025-W03")
        assert (shared["composite"], shared["rank"], shared["rank_tied"]) == (5.58, 4, True)
    heavy = row(sample_weeks, "kaifaqu", "2026-W03")  # the January 2026 heavy-pollution week
    assert (heavy["composite"], heavy["rank"], heavy["aqi_days"], heavy["good_days"]) == (9.24, 2, 6, 2)
    assert (heavy["yoy_rank"], heavy["change_yoy"], heavy["change_prev"]) == (3, 65.9, 69.5)
    assert pd.isna(heavy["rank_improvement_yoy"])  # a worsening is never ranked as an improvement
    assert row(sample_weeks, "xuwei", "2026-W47")["primary"] == "PM10、PM2.5"  # tied: both, sorted
    assert pd.isna(row(sample_weeks, "yuntaishan", "2026-W47")["primary"])  # every day AQI ≤ 50
    first = row(sample_weeks, "ganyu", "2025-W01")  # no week before the data
    assert pd.isna(first["prev_rank"]) and not first["prev_rank_comparable"]


def test_the_weekly_frame_is_the_period_machinery_over_weeks(sample_ctx, sample_weeks):
    """The first six weeks given to generator.statistics.period_table as plain periods (no
    earlier week to compare with) have the weekly frame's statistics, composite index and ranks."""
    weeks = [iso_weeks.WeekInfo.from_id(w) for w in sorted(sample_weeks["week"].unique())[:6]]
    table = period_table.spans(
        [w.id for w in weeks], [w.start for w in weeks], [w.end for w in weeks], "week"
    )
    assert set(table["days"]) == {7} and set(table["min_valid_days"]) == {5}
    daily = area_daily(sample_ctx)
    rows = daily.assign(period=iso_weeks.week_ids(daily["date"]))
    rows = rows[rows["period"].isin(table.index)]
    as_periods = period_table.period_table(rows, table, compare={})
    columns = ["composite", "rank", "rank_tied", "rank_pm25", "rank_good", "pm25", "good_ratio", "primary"]
    columns += ["valid_days", "station_days_valid", "coverage", "ranked", "reason", "rules", "n_ranked"]
    weekly = sample_weeks[sample_weeks["week"].isin(table.index)].rename(columns={"week": "period"})
    pd.testing.assert_frame_equal(
        as_periods.set_index(["period", "group"])[columns],
        weekly.set_index(["period", "group"])[columns],
    )
    assert len(as_periods) == 60 and as_periods.loc[0, "composite"] > 0
