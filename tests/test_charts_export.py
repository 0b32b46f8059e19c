"""Chart exports a reporter downloads: PNG with real Chinese glyphs, SVG, CSV for Excel, Vega-Lite JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc
from chart_demo import DEMO_COLUMNS, DEMO_ID, demo_context, demo_data, demo_spec
from hypothesis import given
from hypothesis import strategies as st
from pngpixels import decode

from generator.charts import export
from generator.charts.tables import cell_text, csv_bytes
from generator.pages.data import charts

CJK_FONT = "Noto Sans CJK SC"


def title_png(title: str) -> np.ndarray:
    """A small chart whose only text is `title`, rendered like every exported chart."""
    data = pd.DataFrame({"x": [1]})
    chart = (
        alt.Chart(data, title=title)
        .mark_point(opacity=0)
        .encode(x=alt.X("x:Q", axis=None), y=alt.Y("x:Q", axis=None))
        .properties(width=40, height=4)
    )
    spec = chart.to_dict()
    spec["config"] = {"font": export.font_stack(CJK_FONT)}
    return decode(export.render(spec, CJK_FONT, cache_dir=None).png)[..., :3]


def ink(pixels: np.ndarray) -> int:
    return int((pixels.min(axis=2) < 128).sum())


def test_chinese_title_glyphs_are_drawn_not_empty_boxes():
    # Empty boxes ("tofu") look the same for every character, and a missing font draws nothing:
    # two different Chinese titles must both leave ink and differ from each other, and differ
    # from a title of private-use characters, which no font has and which come out as boxes.
    first, second = title_png("各县区空气质量"), title_png("排名综合指数周")
    boxes = title_png("\ue000\ue001\ue002\ue003\ue004\ue005\ue006")
    assert first.shape == second.shape == boxes.shape
    assert ink(first) > 200 and ink(second) > 200
    assert (first != second).any(axis=2).sum() > 200
    assert (first != boxes).any(axis=2).sum() > 200


def test_a_missing_chart_font_stops_the_build_with_a_clear_message():
    with pytest.raises(RuntimeError, match="fonts-noto-cjk"):
        export.check_font("No Such Font Family 12345")
    export.check_font(CJK_FONT)  # installed on the build machine (Debian fonts-noto-cjk)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    work = tmp_path_factory.mktemp("charts")
    ctx = demo_context(work)
    charts.build(ctx)
    return ctx


def test_png_is_a_valid_image_twice_the_svg_size(exported):
    png = exported.out.path(f"charts/{DEMO_ID}/chart.png").read_bytes()
    svg = exported.out.path(f"charts/{DEMO_ID}/chart.svg").read_text(encoding="utf-8")
    width, height = export.png_size(png)
    svg_w, svg_h = (int(v) for v in re.search(r'<svg[^>]* width="(\d+)" height="(\d+)"', svg).groups())
    assert (width, height) == (svg_w * export.PNG_SCALE, svg_h * export.PNG_SCALE)
    assert decode(png).shape == (height, width, 4)
    assert exported.products["chart_exports"][DEMO_ID].png_width == width


def test_svg_names_the_cjk_font_and_carries_the_title_and_source(exported):
    svg = exported.out.path(f"charts/{DEMO_ID}/chart.svg").read_text(encoding="utf-8")
    assert CJK_FONT in svg
    assert "各县区环境空气质量综合指数" in svg
    assert "来源：中国环境监测总站" in svg


def test_vega_lite_json_is_valid_with_inline_data_font_and_description(exported):
    spec = json.loads(exported.out.path(f"charts/{DEMO_ID}/chart.vl.json").read_text(encoding="utf-8"))
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v")
    assert spec["config"]["font"].startswith(f'"{CJK_FONT}"')
    assert spec["description"] == demo_spec().description
    rows = [row for values in spec["datasets"].values() for row in values]
    assert {r["area"] for r in rows} == {"东海县", "灌云县", "海州区", "连云区"}
    assert "url" not in json.dumps(spec.get("data", {}))  # inline, never fetched from elsewhere
    vlc.vegalite_to_vega(spec)  # compiles


def read_csv(raw: bytes) -> list[list[str]]:
    assert raw.startswith("\ufeff".encode("utf-8")), "UTF-8 BOM for Excel"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_has_chinese_headers_and_defuses_formulas_but_not_numbers(exported):
    raw = exported.out.path(f"charts/{DEMO_ID}/data.csv").read_bytes()
    assert raw.count(b"\r\n") == 5 and raw.count(b"\n") == 5  # RFC 4180 line ends
    rows = read_csv(raw)
    assert rows[0] == list(DEMO_COLUMNS.values())
    assert rows[1] == ["1", "东海县", "3.912", ""]
    assert rows[2][3] == '\'=HYPERLINK("http://example.invalid")'
    assert rows[3][3] == "'-5 较上周"
    assert rows[4][2:] == ["5", "'@备注"]


def test_negative_numbers_stay_numbers_in_the_csv():
    data = pd.DataFrame({"change": [-1.5, 2.0, float("nan")], "label": ["-1.5", "+2", None]})
    rows = read_csv(csv_bytes(data, {"change": "变化", "label": "说明"}))
    assert rows[1:] == [["-1.5", "'-1.5"], ["2", "'+2"], ["", ""]]


@given(st.text(min_size=1, max_size=20).filter(lambda s: "\x00" not in s))
def test_no_text_cell_can_start_a_formula(text):
    rows = read_csv(csv_bytes(pd.DataFrame({"t": [text]}), {"t": "文字"}))
    cell = rows[1][0]
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell in (text, "'" + text)


def test_table_cells_round_noise_and_show_beijing_time():
    data = pd.DataFrame(
        {
            "v": [0.1 + 0.2, 12.0, None],
            "t": pd.to_datetime(["2019-11-24 15:00", "2019-11-24 16:00", None]).tz_localize("UTC"),
            "d": pd.to_datetime(["2019-11-24", "2019-11-25", "2019-11-26"]),
        }
    )
    cells = cell_text(data, {"v": "值", "t": "时间", "d": "日期"})
    assert cells["v"].tolist() == ["0.3", "12", ""]
    assert cells["t"].tolist() == ["2019-11-24 23:00", "2019-11-25 00:00", ""]
    assert cells["d"].tolist() == ["2019-11-24", "2019-11-25", "2019-11-26"]


def test_renders_are_cached_by_content_and_the_key_covers_the_font(tmp_path, monkeypatch):
    spec = export.vegalite_spec(demo_spec(), CJK_FONT)
    first = export.render(spec, CJK_FONT, tmp_path)

    def no_render(*args, **kwargs):
        raise AssertionError("a cached chart was rendered again")

    monkeypatch.setattr(export.vlc, "vegalite_to_svg", no_render)
    assert export.render(spec, CJK_FONT, tmp_path) == first
    assert export.cache_key(spec, CJK_FONT) != export.cache_key(spec, "Noto Serif CJK SC")
    changed = json.loads(json.dumps(spec))
    changed["datasets"][next(iter(changed["datasets"]))][0]["index"] = 9.9
    assert export.cache_key(changed, CJK_FONT) != export.cache_key(spec, CJK_FONT)


def test_exports_are_byte_identical_across_builds_with_and_without_cache(tmp_path):
    first = demo_context(tmp_path / "a")
    charts.build(first)
    second = demo_context(tmp_path / "b")  # its own, empty cache: renders again
    charts.build(second)
    files = first.out.files()
    assert files == second.out.files()
    for name in files:
        assert first.out.path(name).read_bytes() == second.out.path(name).read_bytes(), name
    again = demo_context(tmp_path / "a")  # same cache as `first`
    charts.build(again)
    for name in files:
        assert again.out.path(name).read_bytes() == first.out.path(name).read_bytes(), name


def test_vega_bundle_is_served_from_the_site_and_defines_vega_embed(exported):
    bundle = exported.out.path(export.BUNDLE_PATH).read_text(encoding="utf-8")
    assert "window.vegaEmbed=" in bundle
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs", "googleapis"):
        assert cdn not in bundle


def test_parallel_rendering_fills_the_cache_with_the_same_bytes(tmp_path):
    specs = [
        export.vegalite_spec(demo_spec(f"demo-{i}", aliases=(), title=f"综合指数 {i}"), CJK_FONT)
        for i in range(3)
    ]
    assert export.prerender(specs, CJK_FONT, tmp_path / "pool", workers=2, min_charts=2) == 3
    assert export.prerender(specs, CJK_FONT, tmp_path / "pool", workers=2, min_charts=2) == 0  # all cached
    for spec in specs:
        assert export.render(spec, CJK_FONT, tmp_path / "pool") == export.render(spec, CJK_FONT, None)


def test_every_image_carries_its_source_even_when_the_chart_has_its_own_title():
    spec = demo_spec()
    spec.chart = spec.chart.properties(title=alt.Title("二氧化硫：日均值", subtitle="某企业"))
    vl = export.vegalite_spec(spec, CJK_FONT, ("来源：监测平台", "时段：2019 年"))
    assert vl["title"]["text"] == "二氧化硫：日均值"
    assert vl["title"]["subtitle"] == ["某企业", "来源：监测平台", "时段：2019 年"]


def test_dates_and_numbers_are_formatted_in_chinese():
    data = pd.DataFrame({"t": pd.date_range("2025-01-01", periods=120, freq="D"), "v": range(120)})
    spec = demo_spec()
    spec.chart = alt.Chart(data).mark_line().encode(x="t:T", y="v:Q")
    svg = export.render(export.vegalite_spec(spec, CJK_FONT), CJK_FONT, None).svg.decode("utf-8")
    assert "4月" in svg and "April" not in svg


SOURCE = ("来源：监测平台", "时段：2019 年")


def test_a_chart_spec_is_built_once_for_the_same_inputs(tmp_path, monkeypatch):
    from generator.charts import spec_cache

    first = spec_cache.published_spec(demo_spec(), CJK_FONT, SOURCE, tmp_path)
    assert first == export.spec_json(export.vegalite_spec(demo_spec(), CJK_FONT, SOURCE))

    def no_spec(*args, **kwargs):
        raise AssertionError("the spec of an unchanged chart was built again")

    monkeypatch.setattr(spec_cache, "vegalite_spec", no_spec)
    # A chart made again from the same inputs (a new object, as in the next build) is a hit.
    assert spec_cache.published_spec(demo_spec(), CJK_FONT, SOURCE, tmp_path) == first


def test_a_changed_chart_input_builds_its_spec_again(tmp_path):
    from generator.charts import spec_cache

    base = spec_cache.published_spec(demo_spec(), CJK_FONT, SOURCE, tmp_path)
    changed_data = demo_spec()
    changed_data.chart = changed_data.chart.properties(data=demo_data().assign(index=[3.9, 4.1, 4.5, 9.9]))
    changed_mark = demo_spec()
    changed_mark.chart = changed_mark.chart.mark_line()
    variants = {
        "data": spec_cache.published_spec(changed_data, CJK_FONT, SOURCE, tmp_path),
        "mark": spec_cache.published_spec(changed_mark, CJK_FONT, SOURCE, tmp_path),
        "title": spec_cache.published_spec(demo_spec(title="另一标题"), CJK_FONT, SOURCE, tmp_path),
        "source": spec_cache.published_spec(demo_spec(), CJK_FONT, (SOURCE[0], "时段：2020 年"), tmp_path),
        "font": spec_cache.published_spec(demo_spec(), "Noto Serif CJK SC", SOURCE, tmp_path),
    }
    assert b"9.9" in variants["data"] and b"9.9" not in base
    assert b'"line"' in variants["mark"]
    assert "另一标题".encode() in variants["title"]
    assert "2020 年".encode() in variants["source"]
    assert b"Noto Serif CJK SC" in variants["font"]
    assert all(text != base for text in variants.values())
    # Each is the spec a build without the cache makes.
    fresh = export.spec_json(export.vegalite_spec(changed_data, CJK_FONT, SOURCE))
    assert variants["data"] == fresh


def test_a_charts_table_is_formatted_once_for_the_same_data(tmp_path, monkeypatch):
    from generator.charts import table_cache, tables

    data = demo_data().assign(label=["=1+1", "东海县", None, "-2"])
    columns = {**DEMO_COLUMNS, "label": "说明"}
    first = table_cache.published_table(data, columns, 3, tmp_path)
    assert first == (tables.csv_bytes(data, columns), tables.table_rows(data, columns, 3))

    def no_format(*args, **kwargs):
        raise AssertionError("the table of unchanged data was formatted again")

    monkeypatch.setattr(table_cache.tables, "csv_bytes", no_format)
    # The same data made again (a new frame, as in the next build) is a hit, byte for byte.
    assert table_cache.published_table(data.copy(), columns, 3, tmp_path) == first


def test_a_changed_table_input_is_formatted_again_and_a_corrupt_entry_is_not_used(tmp_path):
    from generator.charts import table_cache, tables

    data, columns = demo_data(), dict(DEMO_COLUMNS)
    base = table_cache.published_table(data, columns, 3, tmp_path)
    variants = {
        "value": (data.assign(index=[3.9, 4.1, 4.5, 9.9]), columns, 3),
        "header": (data, {**columns, "index": "另一表头"}, 3),
        "limit": (data, columns, 2),
    }
    for name, (frame, cols, limit) in variants.items():
        got = table_cache.published_table(frame, cols, limit, tmp_path)
        assert got != base, name
        assert got == (tables.csv_bytes(frame, cols), tables.table_rows(frame, cols, limit)), name
    for entry in (tmp_path / "tables").glob("*/*.json"):  # right key, wrong content; or not JSON
        entry.write_text(f'{{"key": "{entry.stem}", "csv": 1, "rows": []}}', encoding="utf-8")
    assert table_cache.published_table(data, columns, 3, tmp_path) == base
    for entry in (tmp_path / "tables").glob("*/*.json"):
        entry.write_bytes(b"\x00not json")
    assert table_cache.published_table(data, columns, 3, tmp_path) == base


def _plant_stale_entries(cache: Path) -> list[Path]:
    """A render, a spec, a table and a Vega bundle no chart of the build uses."""
    stale = [cache / "ab" / ("ab" + "0" * 62), cache / "vega-bundle-0.0.0-5.0.js"]
    stale += [cache / folder / "cd" / ("cd" + "1" * 62 + ".json") for folder in ("specs", "tables")]
    for path in stale:
        if path.suffix:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("{}", encoding="utf-8")
        else:
            path.mkdir(parents=True)
            (path / "chart.svg").write_text("<svg/>", encoding="utf-8")
    return stale


def test_a_build_keeps_only_the_chart_cache_entries_it_used(tmp_path, monkeypatch):
    monkeypatch.delenv("LYG_CHART_CACHE", raising=False)
    charts.build(demo_context(tmp_path))  # fills tmp_path/cache/charts, its own folder
    cache = tmp_path / "cache" / "charts"
    kept = sorted(p for p in cache.rglob("*") if p.is_file())
    assert {p.relative_to(cache).parts[0] for p in kept} >= {"specs", "tables"}
    stale = _plant_stale_entries(cache)
    charts.build(demo_context(tmp_path))
    assert not any(path.exists() for path in stale)
    assert not (cache / "ab").exists()  # an emptied shard goes too
    assert sorted(p for p in cache.rglob("*") if p.is_file()) == kept

    def no_render(*args, **kwargs):
        raise AssertionError("a chart whose cache entry was kept was rendered again")

    monkeypatch.setattr(export.vlc, "vegalite_to_svg", no_render)
    charts.build(demo_context(tmp_path))  # everything it needs is still there


def test_a_shared_chart_cache_is_never_pruned(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    monkeypatch.setenv("LYG_CHART_CACHE", str(shared))
    charts.build(demo_context(tmp_path / "a"))
    stale = _plant_stale_entries(shared)
    charts.build(demo_context(tmp_path / "b"))
    assert all(path.exists() for path in stale)
