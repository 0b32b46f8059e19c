"""An area none of whose stations has data says so once, in words a reader understands, and the
editors' page says what data it needs; no empty chart is published or listed; chart alt texts
count what is drawn. Real 2019 data (7 of 10 areas
have only provincial or silent stations) and the sample with one area's station silent."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from types import SimpleNamespace

import pytest

from generator.pages.shared.area_absence import data_needed, public_explanation, reason

# Areas whose stations are not in the 2019 national archive (county stations, or 3007A, silent in 2019).
SILENT_2019 = {
    "donghai": ("DH01", "DH02"),
    "guanyun": ("GY01", "GY02"),
    "guannan": ("GN01", "GN02"),
    "xuwei": ("XW01",),
    "gaoxin": ("GX01",),
    "yuntaishan": ("YT01",),
    "ganyu": ("3007A",),
}


def station(code: str, name: str, network_key: str) -> dict:
    return {"code": code, "name": name, "network_key": network_key}


def test_the_data_needed_is_said_per_network_of_the_silent_stations():
    area = SimpleNamespace(slug="donghai")
    needs = data_needed(
        area,
        [
            station("DH01", "东海县环境监测站", "provincial"),
            station("DH09", "", ""),
            station("3007A", "新城一中", "national"),
        ],
    )
    assert len(needs) == 3
    provincial, unlisted, national = needs
    assert provincial.startswith("东海县环境监测站（DH01）属于省级监测网")
    assert "docs/data-sources.md" in provincial and "data/provincial/donghai.csv" in provincial
    assert unlisted.startswith("DH09不在站点名录中") and "provincial_stations" in unlisted
    assert national.startswith("新城一中（3007A）属于国家监测网") and "generator fetch" in national


def test_the_public_is_told_why_in_words_without_any_instruction_for_editors():
    stations = [
        station("DH01", "东海县环境监测站", "provincial"),
        station("DH09", "", ""),
        station("3007A", "新城一中", "national"),
    ]
    provincial, unlisted, national = public_explanation(stations)
    assert provincial.startswith("东海县环境监测站（DH01）属于江苏省监测网（省控站）")
    assert unlisted == "DH09的监测数据尚未接入本站。"
    assert national.startswith("新城一中（3007A）属于国家监测网")
    for text in (provincial, unlisted, national):
        assert not re.search(r"[A-Za-z_]+/|\.md|\.csv|\.toml|generator|provincial_stations", text)
    assert reason(stations) == "省控站数据未接入；国控站本时段未发布数据；评价站点数据未接入"
    assert reason(stations[:1]) == "省控站数据未接入"


def article(site, url: str) -> str:
    """The page's main text, tags removed."""
    page = (site / url / "index.html").read_text(encoding="utf-8")
    body = page[page.index("<article") : page.index("</article>")]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def chart_ids(site) -> set[str]:
    return {c["id"] for c in json.loads((site / "data" / "index.json").read_text(encoding="utf-8"))["charts"]}


def assert_says_no_data_once(site, slug: str, codes) -> str:
    text = article(site, f"areas/{slug}")
    assert text.count("暂无监测数据") == 1
    for code in codes:
        assert code in text.split("暂无监测数据", 1)[1], f"{slug}: needed station {code} not named"
    assert "lyg-figure" not in (site / "areas" / slug / "index.html").read_text(encoding="utf-8")
    assert "历周排名" not in text and not re.search(r"(?<![A-Za-z])nan(?![A-Za-z])", text)
    assert not any(slug in chart_id for chart_id in chart_ids(site))
    assert not list((site / "charts").glob(f"area-{slug}-*"))
    return text


@pytest.mark.slow
@pytest.mark.shared_data
def test_real_2019_areas_without_station_data_say_so_and_publish_no_chart(real_2019_site):
    for slug, codes in SILENT_2019.items():
        text = assert_says_no_data_once(real_2019_site, slug, codes)
        if slug == "ganyu":  # a national station that did not report
            assert "国家监测网" in text and "没有发布监测数据" in text
        else:  # provincial stations, not in the national archive
            assert "江苏省监测网（省控站）" in text and "provincial/" not in text
    editors = article(real_2019_site, "editors")  # what the editors must supply, per area
    assert "data/provincial/donghai.csv" in editors and "python -m generator fetch" in editors
    data_page = article(real_2019_site, "data")
    assert "东海县周排名变化" not in data_page and "海州区周排名变化" in data_page
    assert "暂无监测数据" in article(real_2019_site, "areas")


@pytest.mark.slow
@pytest.mark.shared_data
def test_real_2019_rank_history_alt_text_counts_the_ranked_weeks(real_2019_site):
    ranked = 0
    for path in (real_2019_site / "rankings").glob("2019-W??.csv"):
        rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
        ranked += any(r["group"] == "haizhou" and r["ranked"] == "True" for r in rows)
    charts = {
        c["id"]: c for c in json.loads((real_2019_site / "data" / "index.json").read_text("utf-8"))["charts"]
    }
    description = charts["area-haizhou-rank-history"]["description"]
    assert description.startswith(f"海州区各周综合指数排名折线图，{ranked} 周有排名")
    assert ranked < 52  # the weeks of the period that are not drawn are not counted as drawn


@pytest.mark.slow
def test_sample_area_whose_station_sent_no_data_says_so_and_others_keep_their_charts(
    sample_site_silent_area_built_late,
):
    site = sample_site_silent_area_built_late
    text = assert_says_no_data_once(site, "yuntaishan", ("YT09",))
    assert "省控站" in text
    assert "data/provincial/yuntaishan.csv" in article(site, "editors")
    assert {"area-haizhou-rank-history", "area-haizhou-weekly", "area-haizhou-daily-aqi"} <= chart_ids(site)
