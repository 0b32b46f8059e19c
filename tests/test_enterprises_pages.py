"""Enterprise statistics and page models: exceedances, per-unit figures, charts and downloads."""

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
import vl_convert as vlc

from generator.config import load_config
from generator.context import BuildContext
from generator.dataset import POLLUTANTS, Dataset
from generator.enterprises.downloads import csv_bytes
from generator.enterprises.exceedances import flag_exceedances
from generator.enterprises.statistics import series_statistics
from generator.output import OutputTree
from generator.pages import enterprises as pages
from generator.render import make_env

ROOT = Path(__file__).resolve().parent.parent
CODE = "91350100M000100Y43"


def test_an_exceedance_is_a_value_strictly_above_the_limit():
    records = pd.DataFrame({"value": [34.9, 35.0, 35.1, 70.0], "limit": [35.0] * 4})
    flagged = flag_exceedances(records)
    assert list(flagged["exceed"]) == [False, False, True, True]
    assert list(flagged["ratio"].round(3)) == [0.997, 1.0, 1.003, 2.0]


def test_series_statistics_per_year():
    times = pd.to_datetime(["2025-12-31 23:00", "2026-01-01 00:00", "2026-01-01 01:00"]).tz_localize("Asia/Shanghai")
    records = flag_exceedances(pd.DataFrame({
        "credit_code": CODE, "outlet": "1#", "pollutant": "a21026", "unit": "mg/m³", "method": "自动监测",
        "time": times, "value": [40.0, 10.0, 50.0], "limit": [35.0, 35.0, 35.0]}))
    stats = series_statistics(records, "Y").set_index("period")
    assert stats.loc["2025", ["records", "exceedances"]].tolist() == [1, 1]
    assert stats.loc["2026", ["records", "exceedances"]].tolist() == [2, 1]
    assert stats.loc["2026", "exceedance_rate"] == 0.5
    assert round(stats.loc["2026", "max_ratio"], 4) == round(50 / 35, 4)


def test_csv_downloads_defuse_formulas():
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "-2", "正常"], "n": [1, -2, 3, 4, 5]})
    text = csv_bytes(frame, {"name": "企业名称", "n": "数"}).decode("utf-8-sig").splitlines()
    assert text[1:] == ["\"'=HYPERLINK(\"\"http://x\"\")\",1", "'+1,-2", "'@SUM(A1),3", "'-2,4", "正常,5"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The enterprise builder run over the sample folder, without the air-quality stages."""
    config = load_config(ROOT / "data" / "site.toml")
    hourly = pd.DataFrame({"station": pd.Series(dtype=str),
                           "time": pd.Series(dtype="datetime64[ns, Asia/Shanghai]"),
                           **{p: pd.Series(dtype=float) for p in POLLUTANTS}})
    dataset = Dataset(ROOT / "data" / "sample", True, "演示", hourly, pd.DataFrame(), pd.DataFrame())
    out = OutputTree(tmp_path_factory.mktemp("enterprises") / "generated")
    out.reset()
    ctx = BuildContext(config=config, dataset=dataset, out=out, env=make_env(),
                       built_at=datetime.fromisoformat("2026-11-23T08:00:00+08:00"))
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
    assert {"enterprises/index.md", "enterprises/enterprises.csv", "enterprises/penalties.csv",
            "enterprises/validation/index.md"} <= set(files)
    assert built.products["enterprise_area_urls"]["guannan"] == "enterprises/area/guannan/"


def test_unit_page_model_matches_its_records(built):
    data = built.products["enterprises"]
    stats = pages.unit_rows(built, data)
    unit = next(u for u in pages._unit_items(stats) if u["exceedances"] and u["penalties"])
    model = pages.unit_model(built, data, unit, pages.daily_series(data.records.iloc[0:0]))
    mine = data.records[data.records["credit_code"] == unit["code"]]
    assert unit["records"] == len(mine)
    assert model["n_exceedances"] == int(mine["exceed"].sum()) == unit["exceedances"]
    assert all(e["value"] > e["limit"] for e in model["exceedances"])
    assert sum(s["records"] for s in model["series"]) == len(mine)
    assert model["penalties"][0]["decision_no"] in set(data.penalties["decision_no"])


def test_trend_charts_are_registered_with_stable_ids(built):
    from generator.charts.registry import registry

    data = built.products["enterprises"]
    ids = {c.id for c in registry(built)}
    for code, pollutant in data.records[["credit_code", "pollutant"]].drop_duplicates().itertuples(index=False):
        assert pages.chart_id(code, pollutant) in ids
    chart = registry(built).get(pages.chart_id(*data.records[["credit_code", "pollutant"]].iloc[0]))
    assert chart.page_url == f"enterprises/{data.records['credit_code'].iloc[0]}/"


def test_untrusted_names_in_a_chart_are_text_in_the_svg():
    hostile = "<script>alert(1)</script><img src=x onerror=alert(1)>"
    daily = pd.DataFrame({"credit_code": CODE, "outlet": hostile, "pollutant": "a21026", "unit": "mg/m³",
                          "day": pd.to_datetime(["2025-01-01", "2025-01-02"]), "mean": [20.0, 40.0],
                          "max": [25.0, 45.0], "limit": [35.0, 35.0], "exceedances": [0, 1], "records": [24, 24]})
    spec = pages.trend_chart(CODE, hostile, "a21026", daily, None)
    svg = vlc.vegalite_to_svg(spec.chart.to_json())
    assert "<script" not in svg and "<img" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
