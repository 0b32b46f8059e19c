"""/data/ and data/index.json: every download on the site, for people and for programs."""

from __future__ import annotations

import json

import pytest
from chart_demo import AS_OF, DEMO_ALIAS, DEMO_ID, demo_context, demo_spec

from generator.charts.datasets import DatasetEntry, register_dataset
from generator.charts.registry import registry
from generator.pages.data import charts
from generator.pages.data import index as data_index


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    ctx = demo_context(tmp_path_factory.mktemp("data"))
    registry(ctx).add(demo_spec("demo-2019-w46-composite", aliases=()))
    register_dataset(
        ctx,
        "demo-warnings-feed",
        "重污染天气预警 Atom 订阅",
        "warnings/feed.xml",
        "Atom",
        "全部预警通知",
        "2019 年起",
        AS_OF,
        group="预警",
    )
    charts.build(ctx)
    data_index.build(ctx)
    return ctx


def load_index(ctx) -> dict:
    return json.loads(ctx.out.path("data/index.json").read_text(encoding="utf-8"))


def test_index_lists_every_chart_with_its_files_period_as_of_and_source(built):
    index = load_index(built)
    assert [c["id"] for c in index["charts"]] == ["demo-2019-w46-composite", DEMO_ID]
    chart = index["charts"][1]
    assert chart["title"] == "各县区环境空气质量综合指数"
    assert chart["period"] == "2019-11-18 至 2019-11-24"
    assert chart["as_of"] == "2019-11-24T23:00:00+08:00"
    assert chart["source"].startswith("中国环境监测总站")
    assert chart["permalink"] == f"https://lyg-air.github.io/lyg-air/charts/{DEMO_ID}/"
    assert chart["embed"] == f"https://lyg-air.github.io/lyg-air/embed/{DEMO_ID}/"
    assert chart["aliases"] == [DEMO_ALIAS] and index["aliases"] == {DEMO_ALIAS: DEMO_ID}
    assert chart["columns"][1] == {"name": "area", "title": "县区"}
    assert set(chart["files"]) == {"png", "svg", "csv", "vega_lite"}
    export = built.products["chart_exports"][DEMO_ID]
    assert chart["files"]["png"]["width"] == export.png_width
    for item in chart["files"].values():
        assert built.out.path(item["path"]).stat().st_size == item["bytes"]
        assert item["url"] == "https://lyg-air.github.io/lyg-air/" + item["path"]


def test_index_lists_registered_datasets_in_id_order(built):
    datasets = load_index(built)["datasets"]
    assert [d["id"] for d in datasets] == ["demo-ranking-2019-w47-csv", "demo-warnings-feed"]
    assert datasets[1] == {
        "id": "demo-warnings-feed",
        "title": "重污染天气预警 Atom 订阅",
        "format": "Atom",
        "description": "全部预警通知",
        "period": "2019 年起",
        "as_of": "2019-11-24T23:00:00+08:00",
        "source": "演示样本数据",
        "group": "预警",
        "path": "warnings/feed.xml",
        "url": "https://lyg-air.github.io/lyg-air/warnings/feed.xml",
    }


def test_data_page_links_every_download_and_the_index(built):
    page = built.out.path("data/index.md").read_text(encoding="utf-8")
    assert page.startswith('---\ntitle: "数据下载"\n---\n')
    assert 'href="index.json"' in page
    for name in charts.FILES:
        assert f'href="../charts/{DEMO_ID}/{name}"'.replace("-", "&#45;") in page
    assert 'href="../warnings/feed.xml"' in page
    assert "### 周排名" in page and "### 预警" in page
    assert "UTF-8" in page and "BOM" in page


def test_the_index_is_the_same_bytes_when_built_again(built, tmp_path):
    again = demo_context(tmp_path)
    registry(again).add(demo_spec("demo-2019-w46-composite", aliases=()))
    register_dataset(
        again,
        "demo-warnings-feed",
        "重污染天气预警 Atom 订阅",
        "warnings/feed.xml",
        "Atom",
        "全部预警通知",
        "2019 年起",
        AS_OF,
        group="预警",
    )
    charts.build(again)
    data_index.build(again)
    for name in ("data/index.json", "data/index.md"):
        assert again.out.path(name).read_bytes() == built.out.path(name).read_bytes()


def test_the_index_needs_the_charts_builder_first(tmp_path):
    with pytest.raises(RuntimeError, match="after generator.pages.data.charts"):
        data_index.build(demo_context(tmp_path))


@pytest.mark.parametrize(
    "bad",
    [{"id": "Bad_ID"}, {"url": "/abs/file.csv"}, {"url": "https://x.org/a.csv"}, {"url": "a/../../etc"}],
)
def test_a_dataset_needs_a_safe_id_and_a_site_relative_url(bad):
    fields = dict(id="ok-id", title="t", url="a/b.csv", format="CSV", description="d", period="p", as_of=None)
    with pytest.raises(ValueError):
        DatasetEntry(**{**fields, **bad})


def test_a_dataset_id_is_registered_once(tmp_path):
    ctx = demo_context(tmp_path)
    with pytest.raises(ValueError, match="registered twice"):
        register_dataset(ctx, "demo-ranking-2019-w47-csv", "t", "a.csv", "CSV", "d", "p", None)
