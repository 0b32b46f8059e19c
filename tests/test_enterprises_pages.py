"""Enterprise statistics and page models: exceedances, per-unit figures, charts and downloads."""

import csv
import io
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
import vl_convert as vlc

from generator.config import load_config
from generator.enterprises.exceedances import flag_exceedances
from generator.enterprises.statistics import daily_series, series_statistics
from generator.formats.csv_download import csv_bytes
from generator.pages.enterprises import builder as pages
from generator.pages.enterprises.charts import chart_id, trend_chart
from generator.site.context import BuildContext
from generator.site.output import OutputTree
from generator.site.render import make_env
from generator.standards.rules import POLLUTANTS
from generator.tables.dataset import Dataset

ROOT = Path(__file__).resolve().parent.parent
CODE = "91350100M000100Y43"


def test_an_exceedance_is_a_value_strictly_above_the_limit():
    records = pd.DataFrame({"value": [34.9, 35.0, 35.1, 70.0], "limit": [35.0] * 4})
    flagged = flag_exceedances(records)
    assert list(flagged["exceed"]) == [False, False, True, True]
    # 占标率 C ÷ S for every value; 超标倍数 (C − S) ÷ S only for exceeding values (2 × the limit
    # is "超标 1 倍", not 2).
    assert list(flagged["load_ratio"].round(3)) == [0.997, 1.0, 1.003, 2.0]
    assert flagged["times_over"].iloc[:2].isna().all()
    assert list(flagged["times_over"].iloc[2:].round(3)) == [0.003, 1.0]


def test_series_statistics_per_year():
    times = pd.to_datetime(["2025-12-31 23:00", "2026-01-01 00:00", "2026-01-01 01:00"]).tz_localize(
        "Asia/Shanghai"
    )
    records = flag_exceedances(
        pd.DataFrame(
            {
                "credit_code": CODE,
                "outlet": "1#",
                "pollutant": "a21026",
                "unit": "mg/m³",
                "method": "自动监测",
                "time": times,
                "value": [40.0, 10.0, 50.0],
                "limit": [35.0, 35.0, 35.0],
            }
        )
    )
    stats = series_statistics(records, "Y").set_index("period")
    assert stats.loc["2025", ["records", "exceedances"]].tolist() == [1, 1]
    assert stats.loc["2026", ["records", "exceedances"]].tolist() == [2, 1]
    assert stats.loc["2026", "exceedance_rate"] == 0.5
    assert round(stats.loc["2026", "max_load_ratio"], 4) == round(50 / 35, 4)
    assert round(stats.loc["2026", "max_times_over"], 4) == round(15 / 35, 4)


def test_csv_downloads_defuse_formulas():
    frame = pd.DataFrame(
        {"name": ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-2", "正常"], "n": [1, -2, 3, 4, 5]}
    )
    text = csv_bytes(frame, {"name": "企业名称", "n": "数"}).decode("utf-8-sig").splitlines()
    assert text[1:] == ['"\'=HYPERLINK(""http://x"")",1', "'+1,-2", "'@SUM(A1),3", "'-2,4", "正常,5"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The enterprise builder run over the sample folder, without the air-quality stages."""
    config = load_config(ROOT / "data" / "site.toml")
    hourly = pd.DataFrame(
        {
            "station": pd.Series(dtype=str),
            "time": pd.Series(dtype="datetime64[ns, Asia/Shanghai]"),
            **{p: pd.Series(dtype=float) for p in POLLUTANTS},
        }
    )
    dataset = Dataset(ROOT / "data" / "sample", True, "演示", hourly, pd.DataFrame(), pd.DataFrame())
    out = OutputTree(tmp_path_factory.mktemp("enterprises") / "generated")
    out.reset()
    ctx = BuildContext(
        config=config,
        dataset=dataset,
        out=out,
        env=make_env(),
        built_at=datetime.fromisoformat("2026-11-23T08:00:00+08:00"),
    )
    pages.build(ctx)
    return ctx


def test_every_unit_area_and_the_report_get_a_page(built):
    data = built.products["enterprises"]
    files = built.out.files()
    for code in data.enterprises["credit_code"]:
        assert f"enterprises/{code}/index.md" in files
        assert f"enterprises/{code}/records.csv" in files
    for area in built.config.areas:
        assert f"enterprises/area/{area.slug}/index.md" in files
    assert {
        "enterprises/index.md",
        "enterprises/enterprises.csv",
        "enterprises/penalties.csv",
        "enterprises/validation/index.md",
    } <= set(files)
    assert built.products["enterprise_area_urls"]["guannan"] == "enterprises/area/guannan/"


def test_unit_page_model_matches_its_records(built):
    data = built.products["enterprises"]
    stats = pages.unit_rows(built, data)
    unit = next(u for u in pages._unit_items(stats) if u["exceedances"] and u["penalties"])
    statistics = pages.UnitStatistics.of(data.records)
    mine = data.records[data.records["credit_code"] == unit["code"]]
    model = pages.unit_model(built, data, unit, mine, daily_series(data.records.iloc[0:0]), statistics)
    assert unit["records"] == len(mine)
    assert model["n_exceedances"] == int(mine["exceed"].sum()) == unit["exceedances"]
    assert all(e["value"] > e["limit"] for e in model["exceedances"])
    assert sum(s["records"] for s in model["series"]) == len(mine)
    assert model["penalties"][0]["decision_no"] in set(data.penalties["decision_no"])


def test_every_units_statistics_at_once_are_each_units_own(built):
    records = built.products["enterprises"].records
    statistics = pages.UnitStatistics.of(records)
    for code in records["credit_code"].unique():
        mine = records[records["credit_code"] == code]
        whole, yearly = statistics.of_unit(code)
        pd.testing.assert_frame_equal(whole.reset_index(drop=True), series_statistics(mine))
        pd.testing.assert_frame_equal(yearly.reset_index(drop=True), series_statistics(mine, "Y"))


def test_trend_charts_are_registered_with_stable_ids(built):
    from generator.charts.registry import registry

    data = built.products["enterprises"]
    ids = {c.id for c in registry(built)}
    for code, pollutant in (
        data.records[["credit_code", "pollutant"]].drop_duplicates().itertuples(index=False)
    ):
        assert chart_id(code, pollutant) in ids
    chart = registry(built).get(chart_id(*data.records[["credit_code", "pollutant"]].iloc[0]))
    assert chart.page_url == f"enterprises/{data.records['credit_code'].iloc[0]}/"


def test_untrusted_names_in_a_chart_are_text_in_the_svg():
    hostile = "<script>alert(1)</script><img src=x onerror=alert(1)>"
    daily = pd.DataFrame(
        {
            "credit_code": CODE,
            "outlet": hostile,
            "pollutant": "a21026",
            "unit": "mg/m³",
            "day": pd.to_datetime(["2025-01-01", "2025-01-02"]),
            "mean": [20.0, 40.0],
            "max": [25.0, 45.0],
            "limit": [35.0, 35.0],
            "exceedances": [0, 1],
            "records": [24, 24],
        }
    )
    spec = trend_chart(CODE, hostile, "a21026", daily, None)
    svg = vlc.vegalite_to_svg(spec.chart.to_json())
    assert "<script" not in svg and "<img" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg


MONITORING_HEADER = (
    "企业名称,统一社会信用代码,县区,行业,排放口,监测项目,监测时间,监测值,单位,标准限值,监测方式"
)


def test_a_unit_that_never_exceeded_has_no_times_over_only_its_share_of_the_limit(tmp_path):
    """Like the sample's units at 0.80 of their limit, which were shown as "最大超标倍数 0.80": one
    unit peaks at 28 on a limit of 35 (占标率 80.0 %, no 超标倍数), another at 43.75 (超标 0.25 倍)."""
    config = load_config(ROOT / "data" / "site.toml")
    folder = tmp_path / "data" / "enterprises"
    folder.mkdir(parents=True)
    rows = [MONITORING_HEADER]
    for day, clean, dirty in (("2026-01-05", 20, 30), ("2026-01-06", 28, 43.75), ("2026-01-07", 21, 35)):
        rows.append(
            f"甲热电有限公司,91320700MA1YL0R7TB,海州区,电力,1#烟囱,二氧化硫,{day},{clean},mg/m3,35,自动监测"
        )
        rows.append(
            f"乙钢铁有限公司,91320700MA1HC8G2WK,赣榆区,钢铁,烧结机头,二氧化硫,{day},{dirty},mg/m3,35,自动监测"
        )
    (folder / "自行监测.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    hourly = pd.DataFrame(
        {
            "station": pd.Series(dtype=str),
            "time": pd.Series(dtype="datetime64[ns, Asia/Shanghai]"),
            **{p: pd.Series(dtype=float) for p in POLLUTANTS},
        }
    )
    dataset = Dataset(tmp_path / "data", False, "测试", hourly, pd.DataFrame(), pd.DataFrame())
    out = OutputTree(tmp_path / "generated")
    out.reset()
    ctx = BuildContext(
        config=config,
        dataset=dataset,
        out=out,
        env=make_env(),
        built_at=datetime.fromisoformat("2026-11-23T08:00:00+08:00"),
    )
    pages.build(ctx)

    clean = out.path("enterprises/91320700MA1YL0R7TB/index.md").read_text("utf-8")
    assert '<th scope="row">最大超标倍数</th><td>—（未超标）</td>' in clean
    assert '<th scope="row">最大占标率</th><td>80.0%</td>' in clean
    assert "0.80" not in clean
    dirty = out.path("enterprises/91320700MA1HC8G2WK/index.md").read_text("utf-8")
    assert '<th scope="row">最大超标倍数</th><td>0.25</td>' in dirty
    assert '<th scope="row">最大占标率</th><td>125.0%</td>' in dirty
    # The single exceeding record (43.75 > 35; 35 equals the limit and complies).
    assert "<td>43.8 mg/m³</td><td>35.0 mg/m³</td><td>0.25</td>"  # 43.75: half to even in dirty
    units = list(csv.DictReader(io.StringIO(out.path("enterprises/enterprises.csv").read_text("utf-8-sig"))))
    by_name = {u["企业名称"]: u for u in units}
    times_over, load = "最大超标倍数（(监测值−限值)÷限值，仅超标值）", "最大占标率（%，监测值÷限值）"
    assert (by_name["甲热电有限公司"][times_over], by_name["甲热电有限公司"][load]) == ("", "80.0")
    assert (by_name["乙钢铁有限公司"][times_over], by_name["乙钢铁有限公司"][load]) == ("0.25", "125.0")
    records = list(
        csv.DictReader(
            io.StringIO(out.path("enterprises/91320700MA1HC8G2WK/records.csv").read_text("utf-8-sig"))
        )
    )
    assert [(r["占标率（%）"], r["超标倍数（仅超标值）"]) for r in records] == [
        ("85.7", ""),
        ("125.0", "0.25"),
        ("100.0", ""),
    ]
    index = out.path("enterprises/index.md").read_text("utf-8")
    assert "超标倍数 =（监测值 − 标准限值）÷ 标准限值，只对超标的监测值计算" in index
    # Sorting by 最大超标倍数: the unit that never exceeded has no value to sort by (not 0.80).
    assert 'data-value="">—（未超标）</td>' in index and 'data-value="0.25">0.25</td>' in index
