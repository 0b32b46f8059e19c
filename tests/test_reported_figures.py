"""Every reported figure goes through one rounding path (generator.statistics.figures, GB/T 8170), so a
download never disagrees with its page; and the small statements of issue 14 (ozone hours, rank
history charts, the city ranking's scope, the home page's station count) say what the data says."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace

import lxml.html
import pandas as pd
import pytest

from generator import statistics
from generator.pages.areas import builder as areas
from generator.pages.home import builder as home
from generator.pages.rankings import weekly as rankings
from generator.pages.rankings.exports import export_frame
from generator.pages.science import charts
from generator.pages.shared import annual_figures as sd
from generator.site.render import make_env
from generator.statistics import figures
from tests.conftest import JIANGSU_CITIES
from tests.test_statistics import HALF, STANDARD, hours, make_ctx

# --- one rounding path: the half-way cases ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (2.675, "composite", "2.68"),  # stored as 2.67499999…: f"{2.675:.2f}" and pandas give 2.67
        (2.665, "composite", "2.66"),  # a true half rounds to the even digit
        (51 / 40, "single_index", "1.28"),  # 1.275 × 100 = 127.49999999999999: still a half
        (0.125, 2, "0.12"),
        (0.135, 2, "0.14"),
        (0.85, 1, "0.8"),  # CO mg/m³: 0.85 -> 0.8, 0.95 -> 1.0
        (0.95, 1, "1.0"),
        (24.5, 0, "24"),
        (25.5, 0, "26"),
        (float("nan"), "composite", "—"),
        (None, 0, "—"),
    ],
)
def test_figures_round_half_to_even_on_the_decimal_value(value, kind, text):
    assert figures.text(value, kind) == text


def test_shares_and_change_rates_print_as_their_downloads_hold_them():
    assert figures.percent_text(0.85745) == "85.7%"
    assert figures.percent_text(0.8575) == "85.8%" and figures.percent_text(0.8565) == "85.6%"
    assert figures.rounded_share(0.8565) == pytest.approx(0.856)  # the CSV's fraction: same number
    assert figures.signed_percent_text(-14.25) == "−14.2%"
    assert figures.signed_percent_text(-0.04) == "+0.0%"  # no "−0.0%"
    env = make_env()
    assert env.from_string("{{ 2.675|num(2) }} {{ 0.8575|pct }}").render() == "2.68 85.8%"


def test_the_csv_export_rounds_exactly_as_the_page():
    frame = pd.DataFrame(
        {
            "week": ["2019-W02"] * 2,
            "group": ["a", "b"],
            "name": ["甲区", "乙区"],
            "rules": ["2012", "2012"],
            "ranked": [True, True],
            "rank": [1, 2],
            "rank_tied": [False, False],
            "composite": [2.675, 3.0],
            "i_pm25": [0.125, 0.135],
            "co_p95": [0.85, 0.95],
            "pm25": [24.5, 25.5],
            "good_ratio": [0.8565, 0.8575],
            "coverage": [0.985, 0.995],
            "change_prev": [-14.25, 0.05],
        }
    )
    out = export_frame(frame).set_index("group")
    assert list(out["composite"]) == [2.68, 3.0]
    assert list(out["i_pm25"]) == [0.12, 0.14]
    assert list(out["co_p95"]) == [0.8, 1.0]
    assert list(out["pm25"]) == [24.0, 26.0]
    assert list(out["good_ratio"]) == pytest.approx([0.856, 0.858])
    assert list(out["coverage"]) == pytest.approx([0.98, 1.0])
    assert list(out["change_prev"]) == [-14.2, 0.0]


# --- every figure of every ranking CSV/JSON equals its page ---------------------------------


def _cells(table) -> list[list[str]]:
    return [[td.text_content().strip() for td in tr.xpath("./td")] for tr in table.xpath(".//tbody/tr")]


def _table(tree, caption: str):
    (table,) = [t for t in tree.xpath("//table") if caption in "".join(t.xpath("./caption//text()"))]
    return table


def _number(text: str, decimals: int) -> str:
    return "" if text == "" else f"{float(text):.{decimals}f}"


def _check_week(page: lxml.html.HtmlElement, rows: list[dict]) -> int:
    """Compare each CSV row with the page's tables; returns how many figures were compared."""
    checked = 0
    table = page.xpath('//table[@class="lyg-ranking"]')[0]
    # The columns a reader came for come first (rank, area, value, changes): read them by header.
    headers = [th.text_content().strip() for th in table.xpath(".//thead/tr/th")]
    composite = {r[1].removesuffix("（本市）"): dict(zip(headers, r, strict=True)) for r in _cells(table)}
    singles = {r[0]: r for r in _cells(_table(page, "单项指数"))}
    levels = {r[0]: r for r in _cells(_table(page, "各空气质量级别天数"))}
    for row in rows:
        if row["ranked"] != "True":
            continue
        cells = composite[row["name"]]
        rank = row["rank"] + ("（并列）" if row["rank_tied"] == "True" else "")
        good = f"{float(row['good_ratio']) * 100:.1f}%（{row['good_days']}/{row['aqi_days']}天）"
        coverage = (
            f"{row['station_days_valid']}/{row['station_days_expected']} 站·日"
            f"（{float(row['coverage']) * 100:.0f}%）"
        )
        expected = {
            "排名": rank,
            headers[1]: row["name"],
            "综合指数": _number(row["composite"], 2),
            "PM2.5µg/m³": _number(row["pm25"], 0),
            "PM10µg/m³": _number(row["pm10"], 0),
            "O3 日最大8小时第90百分位µg/m³": _number(row["o3_8h_p90"], 0),
            "NO2µg/m³": _number(row["no2"], 0),
            "SO2µg/m³": _number(row["so2"], 0),
            "CO 第95百分位mg/m³": _number(row["co_p95"], 1),
            "优良天数比例": good,
            "数据覆盖": coverage,
        }
        assert {k: cells[k] for k in expected} == expected, row["name"]
        assert headers[:5] == ["排名", headers[1], "综合指数", "较上周", "较去年同周"]
        if row["change_prev"]:
            change = f"{float(row['change_prev']):+.1f}%".replace("-", "−")
            assert f"综合指数 {_number(row['prev_composite'], 2)}，变化 {change}" in cells["较上周"]
            checked += 2
        indices = [_number(row[f"i_{p}"], 2) for p in ("pm25", "pm10", "o3", "no2", "so2", "co")]
        assert singles[row["name"]][1:] == [*indices, _number(row["composite"], 2)]
        assert levels[row["name"]][1:] == [row[f"level_{n}"] for n in range(1, 7)] + [row["aqi_days"]]
        checked += len(expected) + 1 + len(indices) + 7
    return checked


@pytest.mark.slow
def test_every_figure_of_every_ranking_download_equals_its_page(sample_site):
    checked = 0
    files = sorted((sample_site / "rankings").glob("*-W*.csv"))
    assert len(files) > 50
    for path in files:
        stem = path.stem
        page_dir = sample_site / "rankings" / stem.removesuffix("-cities")
        if stem.endswith("-cities"):
            page_dir = page_dir / "cities"
        rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
        page = lxml.html.parse(str(page_dir / "index.html")).getroot()
        checked += _check_week(page, rows)
        document = json.loads(path.with_suffix(".json").read_text("utf-8"))
        for row, record in zip(rows, document["rows"], strict=True):
            for column, text in row.items():
                value = record[column]
                if isinstance(value, float):
                    assert value == pytest.approx(float(text), abs=0), (stem, column)
                elif value is None:
                    assert text == "", (stem, column)
    assert checked > 5000


# --- item 8: one rule for the ozone cycle's lowest hour --------------------------------------


def test_a_tie_in_the_ozone_cycle_is_named_alike_on_the_page_and_in_the_chart_text(tmp_path):
    o3 = [50.0] * 24
    o3[6], o3[7] = 40.04, 40.01  # both 40.0 as the chart prints them; 07:00 is the lower by a hair
    o3[15], o3[14] = 120.0, 119.2
    cycle = pd.DataFrame({"hour": range(24), "o3": o3, "hours": 90})
    ends = sd.cycle_extremes(cycle)
    assert (ends["low_hour_text"], ends["peak_hour_text"]) == ("6、7", "15")
    ctx = make_ctx(hours("A1", "2019-06-03", 7, **STANDARD), [("a", "甲区", "A1")], tmp_path)
    period = sd.Period(
        "summer-2019",
        "2019年夏季",
        pd.Timestamp("2019-06-01").date(),
        pd.Timestamp("2019-08-31").date(),
        True,
    )
    chart = charts.ozone_cycle_chart(ctx, cycle, period)
    assert "最低在 6、7 时（40 µg/m³），最高在 15 时（120 µg/m³）" in chart.description


# --- item 8: rank history charts -------------------------------------------------------------


def test_rank_history_draws_whole_ranks_leaves_unranked_weeks_blank_and_ends_on_a_sunday(tmp_path):
    """甲 is ranked in 2019-W02 and W04 but has too few days in W03 (2 of 7)."""
    hourly = pd.concat(
        [
            hours("A1", "2019-01-07", 7, **STANDARD),
            hours("A1", "2019-01-14", 2, **STANDARD),
            hours("A1", "2019-01-21", 7, **STANDARD),
            hours("B1", "2019-01-07", 21, **HALF),
            hours("C1", "2019-01-07", 21, **{**HALF, "pm25": 20}),
        ]
    )
    ctx = make_ctx(hourly, [("a", "甲区", "A1"), ("b", "乙区", "B1"), ("c", "丙区", "C1")], tmp_path)
    rankings.build(ctx)
    areas.build(ctx)
    from generator.charts.registry import registry

    chart = registry(ctx).get("area-a-rank-history")
    assert chart.period == "2019-01-07 至 2019-01-27"  # W04 ends on Sunday 27 January
    assert list(chart.data["rank"].isna()) == [False, True, False]
    spec = chart.chart.to_dict()
    assert spec["mark"]["invalid"] == "break-paths-filter-domains"  # a gap, not a line across
    assert spec["encoding"]["y"]["axis"]["values"] == [1, 2, 3]
    assert spec["encoding"]["y"]["axis"]["format"] == "d"
    assert "1 周数据不足、未参与排名，图中留空" in chart.description


# --- item 8: the home page counts the city's own stations ------------------------------------


def test_the_home_page_counts_only_the_citys_own_stations(tmp_path):
    hourly = pd.concat([hours(s, "2019-01-07", 7, **HALF) for s in ("A1", "A2", "X1", "X2", "Y1")])
    cities = {"A1": "连云港", "A2": "连云港", "X1": "徐州", "X2": "徐州", "Y1": "宿迁"}
    ctx = make_ctx(hourly, [("a", "甲区", "A1")], tmp_path, cities=cities)
    overview = home.data_overview(ctx)
    assert (overview["n_stations"], overview["n_other_stations"]) == (2, 3)


# --- item 9: the city ranking's scope --------------------------------------------------------

JIANGSU = list(JIANGSU_CITIES)


@pytest.fixture
def five_cities(tmp_path):
    """Like the real 2019 archive: stations of 5 of Jiangsu's 13 cities, plus one city outside it."""
    cities = {"A1": "连云港", "X1": "徐州", "S1": "宿迁", "H1": "淮安", "Y1": "盐城", "Z1": "临沂"}
    hourly = pd.concat([hours(code, "2019-01-07", 7, **HALF) for code in cities])
    ctx = make_ctx(hourly, [("a", "甲区", "A1")], tmp_path, cities=cities)
    ctx.config = replace(ctx.config, province={"name": "江苏省", "cities": JIANGSU})
    rankings.build(ctx)
    return ctx


def test_the_city_ranking_names_the_ranked_and_the_missing_cities_of_the_province(five_cities):
    assert sorted(statistics.city_members(five_cities)) == sorted(["连云港", "徐州", "宿迁", "淮安", "盐城"])
    page = five_cities.out.path("rankings/2019-W02/cities/index.md").read_text("utf-8")
    assert (
        "城市排名比较江苏省 13 个设区市中、本站数据里有国控站点数据的 5 个：宿迁、徐州、淮安、盐城、连云港。"
        in page
    )
    assert "其余 8 个（南京、无锡、常州、苏州、南通、扬州、镇江、泰州）的站点数据不在本站所用的数据中" in page
    assert "临沂" not in page  # not a city of the province
    assert "延伸到县区" not in page and "同一周各城市的对照排名" in page
    area_page = five_cities.out.path("rankings/2019-W02/index.md").read_text("utf-8")
    assert "全省各城市排名" not in area_page
    assert "江苏省城市排名（13 个设区市中有数据的 5 个）" in area_page


def test_the_rankings_index_links_the_city_ranking(five_cities):
    index = five_cities.out.path("rankings/index.md").read_text("utf-8")
    assert re.search(r"\[江苏省城市排名（13 个设区市中有数据的 5 个）\]\(latest/cities/\)", index)
    assert "其余 8 个" in index


# --- item 8 on the real 2019 data: the AQI example and the ozone hours -----------------------


@pytest.mark.slow
def test_the_real_2019_aqi_example_is_the_sites_daily_aqi_and_the_ozone_hours_agree(shared_data, tmp_path):
    """2019 days are under HJ 633-2012, which does not round concentrations first: the worked
    example gave 103 from the published (rounded) means for a day the site reports as 102."""
    from generator.charts.registry import registry
    from generator.clock import build_time
    from generator.config import load_config
    from generator.pages.science import aqi as science_aqi
    from generator.pages.science import builder as science
    from generator.site.context import BuildContext
    from generator.site.output import OutputTree
    from generator.tables.dataset import load_dataset
    from tests.conftest import ROOT

    config = load_config(ROOT / "data" / "site.toml")
    raw = tmp_path / "data" / "raw" / "cnemc"
    raw.mkdir(parents=True)
    for path in sorted((shared_data / "cnemc" / "2019").glob("china_sites_2019*.csv")):
        (raw / path.name).write_bytes(path.read_bytes())
    dataset = load_dataset(tmp_path / "data", config)
    ctx = BuildContext(
        config=config,
        dataset=dataset,
        out=OutputTree(tmp_path / "out"),
        env=make_env(),
        built_at=build_time(),
    )
    science.build(ctx)
    example = science_aqi.worked_example(ctx)
    assert example["version"] == "2012" and not example["rounds_first"]
    assert example["aqi"] == example["site_aqi"]
    assert all(row["decimals"] == (2 if row["column"] == "co" else 1) for row in example["rows"])
    page = ctx.out.path("science/aqi/index.md").read_text("utf-8")
    assert 'data-figure="example_site_aqi"' not in page  # nothing to reconcile
    ozone = ctx.out.path("science/ozone/index.md").read_text("utf-8")
    low = re.search(r'o3_cycle_low_hour_[^"]+">([^<]+)</span>', ozone)[1]
    assert f"最低在 {low} 时" in registry(ctx).get("science-ozone-daily-cycle").description
