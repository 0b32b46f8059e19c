"""A chart's permalink, embed and `latest` pages: what a reporter finds at /charts/<id>/."""

from __future__ import annotations

import dataclasses
import html

import lxml.html
import pytest
import yaml
from chart_demo import DEMO_ALIAS, DEMO_ID, demo_context, demo_spec

from generator.charts import table_cache
from generator.charts.registry import ChartRegistry, registry
from generator.charts.social import chart_front_matter, front_matter
from generator.pages.data import charts

HOSTILE = 'PM2.5 "浓度" <script>alert(1)</script> --- [x](javascript:1) *粗*'


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    ctx = demo_context(tmp_path_factory.mktemp("pages"))
    registry(ctx).add(demo_spec("demo-hostile", aliases=(), title=HOSTILE))
    charts.build(ctx)
    return ctx


def page_parts(ctx, url: str) -> tuple[dict, str]:
    text = ctx.out.path(f"{url}index.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def test_permalink_page_front_matter_gives_the_social_preview(built):
    meta, _ = page_parts(built, f"charts/{DEMO_ID}/")
    export = built.products["chart_exports"][DEMO_ID]
    assert meta["title"] == "各县区环境空气质量综合指数"
    assert meta["og_image"] == f"charts/{DEMO_ID}/chart.png"
    assert (meta["og_image_width"], meta["og_image_height"]) == (export.png_width, export.png_height)
    assert meta["og_image_alt"] == demo_spec().description
    assert meta["og_description"].startswith("2019-11-18 至 2019-11-24：")


def test_permalink_page_has_everything_a_newsroom_needs(built):
    model = charts.page_model(built, demo_spec(), built.products["chart_exports"][DEMO_ID])
    assert [d["url"] for d in model["downloads"]] == [f"charts/{DEMO_ID}/{n}" for n in charts.FILES]
    assert all(d["bytes"] > 0 for d in model["downloads"])
    assert model["embed_code"].startswith(
        f'<iframe src="https://lyg-air.github.io/lyg-air/embed/{DEMO_ID}/" title="各县区环境空气质量综合指数"'
    )
    assert model["citation"]["full"] == (
        "来源：连云港市环境空气质量信息公开，《各县区环境空气质量综合指数》，2019-11-18 至 2019-11-24，"
        f"数据截至 2019-11-24 23:00，https://lyg-air.github.io/lyg-air/charts/{DEMO_ID}/"
    )
    assert "中国环境监测总站" in model["citation"]["short"]
    # A missing value is a dash in the page's table (the page says what it means); empty in the CSV.
    assert model["rows"][0] == ["1", "东海县", "3.912", "—"] and model["has_missing"]
    assert model["page_url"] == "rankings/2019-W47/"
    _, body = page_parts(built, f"charts/{DEMO_ID}/")
    for needed in (
        'data-spec="chart.vl.json"',
        'src="chart.svg"',
        'href="../../rankings/2019&#45;W47/"',
        "## 下载",
        "## 嵌入",
        "## 引用",
        "## 数据",
        "数据截至",
    ):
        assert needed in body


def test_long_series_show_a_table_excerpt_and_say_so(built):
    spec = demo_spec("demo-long", aliases=())
    longer = spec.data.sample(n=charts.TABLE_ROW_LIMIT + 5, replace=True, random_state=1)
    spec.data = longer.reset_index(drop=True)
    # The export of the longer data, as the build makes it: its table rows from the table cache.
    _, rows = table_cache.published_table(
        spec.data, spec.columns, charts.TABLE_ROW_LIMIT, charts.chart_cache_dir(built)
    )
    export = dataclasses.replace(built.products["chart_exports"][DEMO_ID], rows=rows)
    model = charts.page_model(built, spec, export)
    assert len(model["rows"]) == charts.TABLE_ROW_LIMIT and model["truncated"]
    assert model["n_rows"] == charts.TABLE_ROW_LIMIT + 5


def test_text_from_inputs_cannot_inject_html_markdown_or_front_matter(built):
    meta, body = page_parts(built, "charts/demo-hostile/")
    # The page title is HTML text for MkDocs and the theme (as one taken from the h1 is): escaped.
    assert html.unescape(meta["title"]) == HOSTILE and "<" not in meta["title"]
    assert meta["og_title"] == HOSTILE
    assert "<script>" not in body and "](javascript" not in body
    model = charts.page_model(
        built, registry(built).get("demo-hostile"), built.products["chart_exports"]["demo-hostile"]
    )
    assert f'title="{html.escape(HOSTILE)}"' in model["embed_code"]
    embed = lxml.html.fromstring(built.out.path("embed/demo-hostile/index.html").read_bytes())
    assert embed.findtext(".//title") == HOSTILE
    assert not [s for s in embed.iter("script") if s.text]  # only the site's own script file


@pytest.mark.parametrize(
    "value", ["a\nog_image: evil.png", 'x"\n---\n', "\u2028分隔\x85", "😀 表情", "- 列表"]
)
def test_front_matter_values_stay_one_yaml_string(value):
    parsed = yaml.safe_load(str(front_matter({"og_title": value, "og_image_width": 1200})))
    assert parsed == {"og_title": value, "og_image_width": 1200}


def test_ranking_pages_can_carry_a_charts_social_preview_before_it_is_exported():
    parsed = yaml.safe_load(str(chart_front_matter(demo_spec())))
    assert parsed["og_image"] == f"charts/{DEMO_ID}/chart.png"
    assert "og_image_width" not in parsed


def test_embed_page_is_bare_html_with_svg_fallback_and_the_sites_own_script(built):
    page = built.out.path(f"embed/{DEMO_ID}/index.html").read_text(encoding="utf-8")
    doc = lxml.html.fromstring(page)
    assert page.startswith("<!DOCTYPE html>")
    chart = doc.find_class("lyg-chart")[0]
    assert chart.get("data-spec") == f"../../charts/{DEMO_ID}/chart.vl.json"
    assert chart.find("img").get("src") == f"../../charts/{DEMO_ID}/chart.svg"
    assert chart.find("img").get("alt") == demo_spec().description
    assert [s.get("src") for s in doc.iter("script")] == ["../../assets/site.js"]
    assert doc.find(".//meta[@name='viewport']") is not None
    assert "2019-11-24 23:00" in doc.text_content()


def test_latest_alias_points_at_the_current_chart_and_serves_its_files(built):
    alias_page = lxml.html.fromstring(built.out.path(f"charts/{DEMO_ALIAS}/index.html").read_bytes())
    refresh = alias_page.find(".//meta[@http-equiv='refresh']").get("content")
    assert refresh == f"0; url=../{DEMO_ID}/"
    assert alias_page.find(".//link[@rel='canonical']").get("href").endswith(f"/charts/{DEMO_ID}/")
    og_image = alias_page.find(".//meta[@property='og:image']").get("content")
    assert og_image == f"https://lyg-air.github.io/lyg-air/charts/{DEMO_ID}/chart.png"
    for name in charts.FILES:
        assert (
            built.out.path(f"charts/{DEMO_ALIAS}/{name}").read_bytes()
            == built.out.path(f"charts/{DEMO_ID}/{name}").read_bytes()
        )
    assert built.out.path(f"embed/{DEMO_ALIAS}/index.html").is_file()


def test_a_chart_id_and_its_aliases_are_unique():
    reg = ChartRegistry()
    reg.add(demo_spec())
    with pytest.raises(ValueError, match="registered twice"):
        reg.add(demo_spec())
    with pytest.raises(ValueError, match="alias"):
        reg.add(demo_spec("demo-other"))
    assert reg.get(DEMO_ALIAS).id == DEMO_ID


def test_no_charts_means_no_exports(tmp_path):
    ctx = demo_context(tmp_path)
    ctx.products["charts"] = ChartRegistry()
    charts.build(ctx)
    assert ctx.products["chart_exports"] == {}
    assert not ctx.out.path("assets/vega/vega-bundle.js").exists()
