"""Forecasts against the warning rules: a forecast that meets a warning level with no notice in the
register is reported to the editors (command, build log, non-public page), and nothing is published
in the bureau's name."""

from __future__ import annotations

import contextlib
import html
import io
import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import load_config
from generator.errors import InputError
from generator.sources.registers.forecasts import load_forecasts
from generator.sources.registers.warnings import load_register
from generator.statistics.forecast_alarm import (
    alarms,
    all_findings,
    findings,
    rests_on,
)
from tests.conftest import CHINESE_ONLY, SAMPLE_DATA, TEST_EPOCH, build_site_into

ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_config(ROOT / "data" / "site.toml")
ISSUED = "2026-11-22T16:00:00+08:00"
# AQI ranges of the city's 7 days: 23rd and 24th above 200 on their upper ends -> orange (2024 rules:
# AQI > 200 on 2 days), but below 300 -> not red.
ORANGE_WEEK = [
    (160, 190, "中度污染"),
    (190, 230, "中度污染至重度污染"),
    (210, 250, "重度污染"),
    (120, 150, "轻度污染"),
    (80, 110, "良至轻度污染"),
    (60, 90, "良"),
    (60, 90, "良"),
]


def write_forecast(folder: Path, week=ORANGE_WEEK, issued=ISSUED, text: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime.fromisoformat(issued).date()
    lines = ["issued_at,area,date,aqi_min,aqi_max,level,primary,text"]
    for n, (lo, hi, level) in enumerate(week, start=1):
        lines.append(
            f"{issued},全市,{start + timedelta(days=n)},{lo},{hi},{level},PM2.5,{text if n == 1 else ''}"
        )
    path = folder / f"{start}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_forecast_that_meets_orange_with_no_notice_is_an_alarm(tmp_path):
    write_forecast(tmp_path / "forecasts")
    forecasts, _ = load_forecasts(tmp_path / "forecasts", CONFIG)
    register = load_register(tmp_path / "warnings", CONFIG)
    [alarm] = alarms(forecasts, register, "2024")
    assert (alarm.area, alarm.level, alarm.covered) == ("全市", "orange", False)
    assert [d.isoformat() for d in alarm.days] == ["2026-11-24", "2026-11-25"]


def test_the_range_is_graded_on_its_upper_end(tmp_path):
    # Upper ends 160 and 170 are 2 days > 150 (yellow under the 2024 rules); the middles (150, 155)
    # would be only one such day: the worst the forecast allows is what is graded.
    week = [(140, 160, "轻度污染至中度污染"), (140, 170, "轻度污染至中度污染"), (100, 130, "良至轻度污染")]
    write_forecast(tmp_path / "forecasts", week + ORANGE_WEEK[4:] + ORANGE_WEEK[4:5])
    forecasts, _ = load_forecasts(tmp_path / "forecasts", CONFIG)
    [finding] = findings(forecasts[0], load_register(tmp_path / "warnings", CONFIG), "2024")
    assert finding.level == "yellow"
    assert [d.isoformat() for d in finding.days] == ["2026-11-23", "2026-11-24"]


def test_a_yellow_notice_does_not_cover_an_orange_forecast_and_an_orange_one_does(tmp_path):
    write_forecast(tmp_path / "forecasts")
    notice = (SAMPLE_DATA / "warnings" / "2026-001.yaml").read_text(encoding="utf-8")
    notice = (
        notice.replace("2026-01-11T16", "2026-11-22T17")
        .replace("2026-01-12T00", "2026-11-23T00")
        .replace("2026-01-15T00", "2026-11-26T00")
    )
    (tmp_path / "warnings").mkdir()
    (tmp_path / "warnings" / "2026-001.yaml").write_text(notice, encoding="utf-8")
    forecasts, _ = load_forecasts(tmp_path / "forecasts", CONFIG)
    assert [a.level for a in alarms(forecasts, load_register(tmp_path / "warnings", CONFIG), "2024")] == [
        "orange"
    ]
    orange = notice.replace("level: 黄色", "level: 橙色").replace("黄色预警", "橙色预警")
    (tmp_path / "warnings" / "2026-001.yaml").write_text(orange, encoding="utf-8")
    register = load_register(tmp_path / "warnings", CONFIG)
    assert alarms(forecasts, register, "2024") == []
    [finding] = all_findings(forecasts, register, "2024")
    assert [n.id for n in finding.covered_by] == ["2026-001"]


def test_the_sample_episode_forecasts_are_covered_and_notices_link_them():
    forecasts, _ = load_forecasts(SAMPLE_DATA / "forecasts", CONFIG)
    register = load_register(SAMPLE_DATA / "warnings", CONFIG)
    found = all_findings(forecasts, register, "2024")
    by_issue = {f.forecast.id: f.level for f in found}
    assert by_issue["2026-01-12"] == "orange" and by_issue["2026-01-11"] == "yellow"
    assert all(f.covered for f in found)
    assert alarms(forecasts, register, "2024") == []
    assert rests_on(register.by_id["2026-001"], forecasts, found).id == "2026-01-11"
    assert rests_on(register.by_id["2026-002"], forecasts, found).id == "2026-01-12"
    assert rests_on(register.by_id["2026-003"], forecasts, found) is None


def test_forecasts_check_exits_1_with_a_github_error_annotation(tmp_path, monkeypatch):
    write_forecast(tmp_path / "forecasts")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TEST_EPOCH)
    result = CliRunner().invoke(
        main, ["forecasts", "check", "--data", str(tmp_path), "--config", str(ROOT / "data" / "site.toml")]
    )
    assert result.exit_code == 1
    [line] = [x for x in result.output.splitlines() if x.startswith("::error ")]
    assert f"file={tmp_path / 'forecasts' / '2026-11-22.csv'}".replace(":", "%3A").replace(",", "%2C") in line
    assert "橙色预警条件" in line and "2026-11-24、2026-11-25" in line


def test_forecasts_check_passes_on_the_sample_and_names_a_broken_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TEST_EPOCH)
    config = ["--config", str(ROOT / "data" / "site.toml")]
    ok = CliRunner().invoke(main, ["forecasts", "check", "--data", str(SAMPLE_DATA), *config])
    assert ok.exit_code == 0 and "::error" not in ok.output
    path = write_forecast(tmp_path / "forecasts")
    path.write_text(path.read_text(encoding="utf-8").replace("160,190,中度污染", "190,160,中度污染"), "utf-8")
    bad = CliRunner().invoke(main, ["forecasts", "check", "--data", str(tmp_path), *config])
    assert bad.exit_code == 2 and "2026-11-22.csv, row 2, field 'aqi_max'" in bad.output


def test_a_forecast_issued_after_the_check_is_not_yet_looked_at(tmp_path, monkeypatch):
    write_forecast(tmp_path / "forecasts", issued="2026-11-23T16:00:00+08:00")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TEST_EPOCH)  # 2026-11-23 08:00
    result = CliRunner().invoke(
        main, ["forecasts", "check", "--data", str(tmp_path), "--config", str(ROOT / "data" / "site.toml")]
    )
    assert result.exit_code == 0


# Free text of a forecast: shown as text, never as HTML or Markdown.
HOSTILE = '"<script>alert(1)</script> **粗体** [链接](https://example.com)"'


@pytest.fixture(scope="module")
def alarm_site(tmp_path_factory):
    """A small site: the sample's last week of data, its warnings, and an orange forecast no notice covers."""
    data = tmp_path_factory.mktemp("alarm-data")
    (data / "raw" / "cnemc").mkdir(parents=True)
    for day in range(16, 23):
        name = f"china_sites_202611{day}.csv.gz"
        shutil.copy(SAMPLE_DATA / "raw" / "cnemc" / name, data / "raw" / "cnemc" / name)
    shutil.copy(SAMPLE_DATA / "dataset.toml", data / "dataset.toml")
    shutil.copytree(SAMPLE_DATA / "warnings", data / "warnings")
    # The province's yellow warning of the January episode, to which the city's 2026-001 responds.
    january = (
        PROVINCIAL.replace("橙色", "黄色")
        .replace("2026-11-22T12", "2026-01-11T12")
        .replace("2026-11-23T00", "2026-01-12T00")
        .replace("2026-11-27T00", "2026-01-15T00")
        .replace("2026-11-24", "2026-01-12")
        .replace("2026-11-25", "2026-01-13")
    )
    (data / "warnings" / "js-2026-01.yaml").write_text(january, encoding="utf-8")
    with open(data / "warnings" / "2026-001.yaml", "a", encoding="utf-8") as city:
        city.write('responds_to: "js-2026-01"\n')
    write_forecast(data / "forecasts", text=HOSTILE)
    work = tmp_path_factory.mktemp("alarm-site")
    log = io.StringIO()
    with contextlib.redirect_stderr(log):
        site = build_site_into(data, work, languages=CHINESE_ONLY)  # its tests read the zh pages
    return site, work, log.getvalue()


@pytest.mark.slow
def test_the_build_reports_the_alarm_to_editors_and_publishes_no_warning(alarm_site):
    site, work, log = alarm_site
    assert "!!! 预报预警核对" in log and "全市达到橙色预警条件（2026-11-24、2026-11-25）" in log
    page = (site / "forecast" / "check" / "index.html").read_text(encoding="utf-8")
    assert "最新预报达到预警条件，但登记册中没有相应预警" in page and "橙色预警条件" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not any(doc["location"].startswith("forecast/check/") for doc in index["docs"])
    nav = (site / "forecast" / "index.html").read_text(encoding="utf-8")
    assert 'href="check/"' not in nav and "forecast/check/" not in nav
    # Nothing in the bureau's name: no banner, no notice beyond the register's three.
    meta = json.loads((work / "build" / "site_meta.json").read_text(encoding="utf-8"))
    assert meta["active_warnings"] == []
    assert sorted(p.name for p in (site / "warnings").iterdir() if (p / "cap.xml").exists()) == [
        "2026-001",
        "2026-002",
        "2026-003",
        "js-2026-01",
    ]


@pytest.mark.slow
def test_a_provincial_notice_page_names_the_city_response_it_started(alarm_site):
    site, _, _ = alarm_site
    provincial = html.unescape((site / "warnings" / "js-2026-01" / "index.html").read_text(encoding="utf-8"))
    assert "本通知由省级发布（江苏省重污染天气应急指挥部）" in provincial
    assert "本市据此启动的响应" in provincial and 'href="../2026-001/"' in provincial
    city = html.unescape((site / "warnings" / "2026-001" / "index.html").read_text(encoding="utf-8"))
    assert "响应的省级预警" in city and 'href="../js-2026-01/"' in city
    # The notice links the forecast it rests on (the sample's issue of 2026-01-11 is not in this site).
    assert "依据的预报" not in city


# --- provincial warnings ------------------------------------------------------------------------

PROVINCIAL = """id: "js-2026-01"
level: 橙色
provincial: true
authority: 江苏省重污染天气应急指挥部
issued_at: 2026-11-22T12:00:00+08:00
effective_from: 2026-11-23T00:00:00+08:00
expected_end: 2026-11-27T00:00:00+08:00
areas: 全市
cause: 全省大范围静稳天气。
forecast_aqi:
  - {date: 2026-11-24, aqi: 220}
  - {date: 2026-11-25, aqi: 240}
measures:
  - 各设区市按橙色预警启动应急响应。
document_number: 苏重污应急〔2026〕1号
"""


def _city_response(level: str = "橙色", extra: str = 'responds_to: "js-2026-01"\n') -> str:
    notice = (SAMPLE_DATA / "warnings" / "2026-001.yaml").read_text(encoding="utf-8")
    notice = (
        notice.replace("2026-01-11T16", "2026-11-22T17")
        .replace("2026-01-12T00", "2026-11-23T00")
        .replace("2026-01-15T00", "2026-11-26T00")
        .replace('id: "2026-001"', 'id: "2026-101"')
    )
    return notice.replace("level: 黄色", f"level: {level}").replace("黄色预警", f"{level}预警") + extra


def test_a_provincial_warning_needs_the_citys_own_response_and_names_it(tmp_path):
    write_forecast(tmp_path / "forecasts")
    (tmp_path / "warnings").mkdir()
    (tmp_path / "warnings" / "js-2026-01.yaml").write_text(PROVINCIAL, encoding="utf-8")
    forecasts, _ = load_forecasts(tmp_path / "forecasts", CONFIG)
    register = load_register(tmp_path / "warnings", CONFIG)
    provincial = register.by_id["js-2026-01"]
    assert provincial.provincial and register.headline(provincial, "连云港") == "江苏省发布重污染天气橙色预警"
    # The province's warning alone does not answer the forecast: the city has not responded yet.
    assert [a.level for a in alarms(forecasts, register, "2024")] == ["orange"]
    (tmp_path / "warnings" / "2026-101.yaml").write_text(_city_response(), encoding="utf-8")
    register = load_register(tmp_path / "warnings", CONFIG)
    assert [n.id for n in register.responses(register.by_id["js-2026-01"])] == ["2026-101"]
    assert alarms(forecasts, register, "2024") == []


@pytest.mark.parametrize(
    "change, field, words",
    [
        (lambda p, c: (p.replace("authority: 江苏省", "authority: 连云港市"), c), "authority", "江苏省"),
        (lambda p, c: (p, c.replace('"js-2026-01"', '"js-2026-09"')), "responds_to", "没有编号"),
        (lambda p, c: (p.replace("provincial: true\n", ""), c), "responds_to", "不是省级预警"),
        (lambda p, c: (p, c.replace("2026-11-22T17", "2026-11-22T11")), "issued_at", "早于所响应"),
        (lambda p, c: (p + 'responds_to: "2026-101"\n', c), "responds_to", "省级预警不写"),
    ],
)
def test_provincial_links_are_checked(tmp_path, change, field, words):
    provincial, city = change(PROVINCIAL, _city_response())
    (tmp_path / "js-2026-01.yaml").write_text(provincial, encoding="utf-8")
    (tmp_path / "2026-101.yaml").write_text(city, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_register(tmp_path, CONFIG)
    assert info.value.field == field and words in info.value.detail


@pytest.mark.slow
def test_forecast_text_is_shown_as_text_never_as_html_or_markdown(alarm_site):
    site, _, _ = alarm_site
    for path in ("forecast", "forecast/2026-11-22"):
        raw = (site / path / "index.html").read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in raw and "<strong>粗体</strong>" not in raw
        assert 'href="https://example.com"' not in raw
        assert "<script>alert(1)</script> **粗体** [链接](https://example.com)" in html.unescape(raw)


def test_a_fetched_forecast_is_read_beside_the_editors_files(tmp_path, monkeypatch):
    # `fetch` puts [[sources.files]] of kind "forecast" in raw/files/forecast/.
    write_forecast(tmp_path / "raw" / "files" / "forecast")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TEST_EPOCH)
    result = CliRunner().invoke(
        main, ["forecasts", "check", "--data", str(tmp_path), "--config", str(ROOT / "data" / "site.toml")]
    )
    assert result.exit_code == 1 and "raw/files/forecast/2026-11-22.csv" in result.output
