"""Warning pages, banner, feed and episodes, built from the sample register with a stand-in dataset.

The whole-site build (and the browser) is covered in test_warnings_browser.py; here the page
builder runs alone, so each rule of the page model can be checked at an exact build time.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import feedparser
import numpy as np
import pandas as pd
import pytest

from generator.clock import BEIJING
from generator.config import load_config
from generator.pages.warnings import builder as page
from generator.site.context import BuildContext
from generator.site.output import OutputTree
from generator.site.render import make_env
from generator.sources.registers.warnings import load_register
from generator.standards.rules import POLLUTANTS
from generator.tables.dataset import Dataset
from tests.conftest import ROOT, SAMPLE_DATA


def hourly_frame(config, pm25_by_day: dict[str, float]) -> pd.DataFrame:
    """Every configured station, 24 hours a day, with the given PM2.5 and clean other pollutants."""
    stations = sorted(config.station_map)
    days = sorted(pm25_by_day)
    times = pd.date_range(days[0], periods=24 * len(days), freq="h", tz="Asia/Shanghai")
    frame = pd.DataFrame({"station": np.repeat(stations, len(times)), "time": np.tile(times, len(stations))})
    day_of = frame["time"].dt.strftime("%Y-%m-%d")
    frame["pm25"] = day_of.map(pm25_by_day).astype(float)
    frame = frame.assign(pm10=60.0, so2=10.0, no2=30.0, o3=40.0, co=0.6)
    return frame[["station", "time", *POLLUTANTS]]


def make_ctx(
    tmp_path: Path, data_dir: Path, built_at: str, hourly: pd.DataFrame | None = None
) -> BuildContext:
    config = load_config(ROOT / "data" / "site.toml")
    if hourly is None:
        hourly = pd.DataFrame(
            {
                "station": pd.Series(dtype=object),
                "time": pd.Series(dtype="datetime64[ns, Asia/Shanghai]"),
                **{p: pd.Series(dtype=float) for p in POLLUTANTS},
            }
        )
    stations = pd.DataFrame({"code": sorted(config.station_map), "city": config.site["city"]})
    dataset = Dataset(
        data_dir=data_dir,
        is_sample=True,
        source_name="演示样本",
        hourly=hourly,
        stations=stations,
        flags=pd.DataFrame(),
    )
    out = OutputTree(tmp_path / "generated")
    out.reset()
    return BuildContext(
        config=config,
        dataset=dataset,
        out=out,
        env=make_env(),
        built_at=datetime.fromisoformat(built_at).astimezone(BEIJING),
    )


@pytest.fixture
def sample_ctx(tmp_path):
    return lambda built_at, hourly=None: make_ctx(tmp_path, SAMPLE_DATA, built_at, hourly)


def test_each_notice_gets_a_page_and_a_cap_file_and_the_register_a_feed(sample_ctx):
    ctx = sample_ctx("2026-02-01T00:00:00+08:00")
    page.build(ctx)
    assert ctx.out.files() == [
        "warnings/2026-001/cap.xml",
        "warnings/2026-001/index.md",
        "warnings/2026-002/cap.xml",
        "warnings/2026-002/index.md",
        "warnings/2026-003/cap.xml",
        "warnings/2026-003/index.md",
        "warnings/feed.xml",
        "warnings/index.md",
    ]


# A build sees only the notices issued by its build time: the upgrade (issued 01-13 10:00) and the
# lift (01-16 09:00) are held back before then, so the banner expires at the expected end known then.
@pytest.mark.parametrize(
    "built_at,level,expires",
    [
        ("2026-01-11T20:00:00+08:00", None, None),  # issued, not yet in force
        ("2026-01-12T08:00:00+08:00", "yellow", "2026-01-15T00:00:00+08:00"),  # upgrade not yet issued
        ("2026-01-13T11:00:00+08:00", "yellow", "2026-01-13T12:00:00+08:00"),  # ends when the upgrade starts
        ("2026-01-14T08:00:00+08:00", "orange", "2026-01-17T00:00:00+08:00"),  # lift not yet issued
        ("2026-01-16T10:00:00+08:00", "orange", "2026-01-16T12:00:00+08:00"),  # ends when lifted
        ("2026-01-16T12:00:00+08:00", None, None),  # lifted
    ],
)
def test_the_banner_shows_the_warning_in_force_at_build_time(sample_ctx, built_at, level, expires):
    ctx = sample_ctx(built_at)
    page.build(ctx)
    banners = ctx.site_meta["active_warnings"]
    if level is None:
        assert banners == []
        return
    (banner,) = banners
    assert banner["level"] == level and banner["expires"] == expires
    assert banner["url"].startswith("warnings/2026-00") and banner["url"].endswith("/")
    assert banner["title"] and banner["period"]


def test_the_index_lists_active_warnings_first_then_history_newest_first(sample_ctx):
    ctx = sample_ctx("2026-01-14T08:00:00+08:00")
    model = page.index_model(ctx, load_register(SAMPLE_DATA / "warnings", ctx.config))
    assert [r["id"] for r in model["active"]] == ["2026-002"]
    assert [y["year"] for y in model["years"]] == [2026]
    history = model["years"][0]["notices"]
    assert [r["id"] for r in history] == ["2026-003", "2026-002", "2026-001"]
    assert [r["status"] for r in history] == ["解除通知", "生效中", "已升级"]


def test_the_notice_page_model_has_everything_the_public_needs(sample_ctx):
    ctx = sample_ctx("2026-02-01T00:00:00+08:00")
    register = load_register(SAMPLE_DATA / "warnings", ctx.config)
    model = page.notice_model(ctx, register, register.by_id["2026-002"])
    assert (model["level"], model["kind"], model["status"]) == ("orange", "升级", "已解除")
    assert model["colour"]["background"] == "#ff7e00"
    assert [d["aqi"] for d in model["forecast"]] == [240, 280, 170]
    assert [d["category"] for d in model["forecast"]] == ["重度污染", "重度污染", "中度污染"]
    assert [r["ratio"] for r in model["ratios"]] == [0.4] * 4
    # Health advice for each level the forecast reaches, naming sensitive groups and everyone else.
    assert [h["category"] for h in model["health"]] == ["中度污染", "重度污染"]
    assert all("儿童" in h["advice"] and "一般人群" in h["advice"] for h in model["health"])
    assert [c["id"] for c in model["chain"]] == ["2026-001", "2026-002", "2026-003"]
    assert [c["current"] for c in model["chain"]] == [False, True, False]
    assert model["ended_by"]["id"] == "2026-003"
    assert model["grading"]["level"] == "orange" and model["grading"]["matches"]
    assert model["cap_url"] == "warnings/2026-002/cap.xml"


def test_the_feed_parses_and_lists_every_notice_newest_first(sample_ctx):
    ctx = sample_ctx("2026-02-01T00:00:00+08:00")
    page.build(ctx)
    feed = feedparser.parse(ctx.out.path("warnings/feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.id.rsplit("/", 2)[-2] for e in feed.entries] == ["2026-003", "2026-002", "2026-001"]
    assert feed.feed.updated == "2026-01-16T09:00:00+08:00"  # the newest notice, not the clock
    first = feed.entries[0]
    links = {link.rel: link for link in first.links}
    assert links["alternate"].href.endswith("/warnings/2026-003/")
    assert links["related"].href.endswith("/warnings/2026-003/cap.xml")
    assert links["related"].type == "application/cap+xml"


def test_the_same_register_gives_the_same_bytes_whatever_the_build_time(tmp_path):
    files = []
    for i, built_at in enumerate(("2026-02-01T00:00:00+08:00", "2026-03-01T00:00:00+08:00")):
        ctx = make_ctx(tmp_path / str(i), SAMPLE_DATA, built_at)
        page.build(ctx)
        files.append(
            {name: ctx.out.path(name).read_bytes() for name in ctx.out.files() if not name.endswith(".md")}
        )
    assert files[0] == files[1]


def test_an_empty_register_still_gives_a_valid_feed_dated_by_the_build(tmp_path):
    ctx = make_ctx(tmp_path, tmp_path / "no-data", "2026-02-01T00:00:00+08:00")
    page.build(ctx)
    feed = feedparser.parse(ctx.out.path("warnings/feed.xml").read_bytes())
    assert not feed.bozo and feed.entries == []
    assert feed.feed.updated == "2026-02-01T00:00:00+08:00"
    assert "当前无重污染天气预警" in ctx.out.path("warnings/index.md").read_text("utf-8")


def test_a_broken_notice_stops_the_build(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "warnings", data / "warnings")
    path = data / "warnings" / "2026-001.yaml"
    path.write_text(path.read_text("utf-8").replace("level: 黄色", "level: 紫色"), "utf-8")
    with pytest.raises(Exception) as info:
        page.build(make_ctx(tmp_path, data, "2026-02-01T00:00:00+08:00"))
    assert "2026-001.yaml" in str(info.value) and "level" in str(info.value)


def test_notice_text_is_escaped_in_the_page(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "warnings", data / "warnings")
    path = data / "warnings" / "2026-001.yaml"
    text = path.read_text("utf-8").replace(
        "cause: 受静稳", "cause: <script>alert(1)</script> [链接](javascript:alert(1)) 受静稳"
    )
    path.write_text(text, "utf-8")
    ctx = make_ctx(tmp_path, data, "2026-02-01T00:00:00+08:00")
    page.build(ctx)
    body = ctx.out.path("warnings/2026-001/index.md").read_text("utf-8")
    assert "<script>" not in body and "](javascript" not in body
    assert "&#60;script&#62;alert" in body or "&lt;script&gt;alert" in body  # shown as text


def test_observed_episodes_are_runs_of_days_above_200_with_the_warnings_in_force(sample_ctx):
    config = load_config(ROOT / "data" / "site.toml")
    # PM2.5 24h 160 µg/m³ -> IAQI 211 (heavy); 260 -> IAQI 310 (severe); 40 -> 57.
    pm25 = {
        "2026-01-10": 40,
        "2026-01-11": 40,
        "2026-01-12": 160,
        "2026-01-13": 260,
        "2026-01-14": 160,
        "2026-01-15": 40,
        "2026-01-16": 160,
        "2026-01-17": 40,
    }
    ctx = sample_ctx("2026-02-01T00:00:00+08:00", hourly_frame(config, pm25))
    register = load_register(SAMPLE_DATA / "warnings", ctx.config)
    model = page.episodes_model(ctx, register, page.daily_city_and_area_aqi(ctx))
    (year,) = model["years"]
    first, second = year["episodes"]
    assert (str(first["start"]), str(first["end"]), first["days"]) == ("2026-01-12", "2026-01-14", 3)
    assert first["peak_aqi"] == 310 and str(first["peak_date"]) == "2026-01-13"
    assert first["primary"] == "细颗粒物（PM2.5）"  # in words, like every page
    assert [w["id"] for w in first["warnings"]] == ["2026-001", "2026-002"]
    assert (str(second["start"]), second["days"]) == ("2026-01-16", 1)
    assert [w["id"] for w in second["warnings"]] == ["2026-002"]  # in force until 12:00 on the 16th
    city_row = next(a for a in model["area_years"][0]["areas"] if a["name"] == "全市")
    assert (city_row["heavy_days"], city_row["days_with_aqi"]) == ("4", 8)
    assert "HJ 633" in model["rules"]
